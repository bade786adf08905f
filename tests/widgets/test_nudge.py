"""The nudge panel driven in the kernel: sliders, buttons, readouts and the plots' data.

Everything is checked against numpy (loss, gradients, the curve) or against the pure
training loop of autograd.polyfit, so a panel that shows stale or fed-back state fails.
A browser move is simulated the way the browser sends it: a message naming its gesture
(`KnobSlider` in autograd/widgets/slider.py); a value set from code is a move of its own.
"""

import asyncio
import math
import re

import numpy as np
import pytest
from ipywidgets.embed import embed_data

from autograd.bases import hessian
from autograd.conditioning import conditioning
from autograd.polyfit import (
    Polynomial,
    gradient_descent,
    least_squares,
    make_dataset,
    power_matrix,
)
from autograd.widgets import NudgePanel
from autograd.widgets.nudge import conditioning_view
from autograd.widgets.plot import Plot, thin
from autograd.widgets.slider import KnobSlider


def numpy_loss_and_gradients(coefficients, data):
    X = np.vander(data.x, len(coefficients), increasing=True)
    residuals = X @ np.asarray(coefficients) - data.y
    return float(np.mean(residuals**2)), 2.0 / len(data.x) * X.T @ residuals


def shown_loss(panel):
    """The number a learner reads in the loss readout."""
    return float(re.search(r"loss = ([0-9.eE+-]+)", panel.loss_readout.value).group(1))


def your_curve(panel):
    """The curve the browser draws: the fit plot's polynomial item on the plot's x grid."""
    item = panel.fit_plot.item("overlay", "your curve")
    assert item["kind"] == "polynomial"
    return np.polynomial.polynomial.polyval(panel._grid, item["coefficients"])


def send_from_browser(slider, value, gesture, seq=1):
    """What slider.js sends when the learner moves the slider; returns the kernel's replies."""
    replies = []
    original = slider.send
    slider.send = lambda content, buffers=None: replies.append(content)
    try:
        slider._handle_custom_msg(
            {"type": "move", "value": value, "gesture": gesture, "seq": seq, "done": False}, []
        )
    finally:
        slider.send = original
    return replies


def drag(slider, values, gesture="view-1"):
    for seq, value in enumerate(values, start=1):
        send_from_browser(slider, value, gesture, seq)


@pytest.fixture
def panel():
    return NudgePanel(make_dataset(n_points=40, seed=5))


# ---------------------------------------------------------------------- basics
def test_the_knob_sliders_drive_the_fit_plot_in_the_browser():
    panel = NudgePanel()
    links = {slider.link for slider in panel.sliders}
    curve_link = panel.fit_plot.item("overlay", "your curve")["link"]
    assert links == {curve_link} and curve_link
    assert [slider.link_index for slider in panel.sliders] == list(range(6))
    other = NudgePanel().fit_plot.item("overlay", "your curve")["link"]
    assert other != curve_link  # two panels never mix


def test_default_panel_starts_at_zero_with_the_documented_css_classes():
    panel = NudgePanel()
    assert [s.value for s in panel.sliders] == [0.0] * 6
    assert [s._dom_classes[0] for s in panel.sliders] == [f"nudge-k{k}" for k in range(6)]
    for widget, name in [
        (panel.loss_readout, "nudge-loss"),
        (panel.step_button, "nudge-step"),
        (panel.train_button, "nudge-train"),
        (panel.reset_button, "nudge-reset"),
        (panel.fit_plot, "nudge-plot"),
        (panel.loss_plot, "nudge-loss-plot"),
        (panel.learning_rate_slider, "nudge-lr"),
        (panel.momentum_slider, "nudge-momentum"),
        (panel, "nudge-panel"),
    ]:
        assert name in widget._dom_classes
    assert isinstance(panel.fit_plot, Plot) and isinstance(panel.sliders[0], KnobSlider)
    assert shown_loss(panel) == pytest.approx(np.mean(np.array(panel.data.y) ** 2), abs=1e-6)


def test_moving_a_slider_recomputes_loss_gradients_and_the_curve(panel):
    panel.sliders[2].value = 0.75
    panel.sliders[4].value = -0.5
    knobs = [0.0, 0.0, 0.75, 0.0, -0.5, 0.0]
    assert panel.polynomial.values() == knobs
    loss, grads = numpy_loss_and_gradients(knobs, panel.data)
    assert panel.loss == pytest.approx(loss) and shown_loss(panel) == pytest.approx(loss, abs=1e-6)
    assert panel.gradients == pytest.approx(grads)
    assert f"{grads[2]:+.4f}" in panel.gradient_readouts[2].value
    expected_curve = np.polynomial.polynomial.polyval(panel._grid, knobs)
    assert your_curve(panel) == pytest.approx(expected_curve)
    assert panel.loss_plot.overlay[0]["y"] == [pytest.approx(loss)]


def test_the_gradient_readout_says_which_way_to_nudge_and_predicts_the_change(panel):
    grads = numpy_loss_and_gradients([0.0] * 6, panel.data)[1]
    for k, readout in enumerate(panel.gradient_readouts):
        assert ("increase" if grads[k] < 0 else "decrease") in readout.value
        assert f"predicted ΔL {-abs(grads[k]) * 0.01:+.3g}" in readout.value


def test_step_button_does_one_gradient_step_and_moves_the_sliders(panel):
    rate = panel.run.learning_rate
    grads = np.array(panel.gradients)
    panel.step_button.click()
    expected = -rate * grads  # from zero with zero velocity: k = -rate * dL/dk
    assert panel.polynomial.values() == pytest.approx(expected)
    assert [s.value for s in panel.sliders] == pytest.approx(expected)
    assert len(panel.history) == 2 and len(panel.loss_plot.series[0]["x"]) == 2
    expected_loss = numpy_loss_and_gradients(expected, panel.data)[0]
    assert shown_loss(panel) == pytest.approx(expected_loss, abs=1e-6)


def test_train_button_matches_the_pure_loop_so_moved_sliders_do_not_feed_back(panel):
    panel.steps_box.value = 60
    panel.train_button.click()  # no event loop here: trains synchronously
    pure = list(
        gradient_descent(Polynomial(5), panel.data, panel.run.learning_rate, 60, panel.run.momentum)
    )
    assert panel.polynomial.values() == pytest.approx(pure[-1].coefficients, abs=1e-12)
    assert [s.value for s in panel.sliders] == pytest.approx(pure[-1].coefficients, abs=1e-12)
    assert [loss for _, loss in panel.history] == pytest.approx([r.loss for r in pure])
    assert panel.loss_plot.series[0]["y"] == pytest.approx([r.loss for r in pure])
    assert shown_loss(panel) < 0.2 * numpy_loss_and_gradients([0.0] * 6, panel.data)[0]
    assert panel.progress.value == 60 and panel.train_button.description == "Train N"


def test_reset_restores_the_start(panel):
    start_text = panel.loss_readout.value
    panel.sliders[0].value = 1.0
    panel.train(20)
    panel.reset_button.click()
    assert panel.polynomial.values() == [0.0] * 6
    assert [s.value for s in panel.sliders] == [0.0] * 6
    assert panel.loss_readout.value == start_text
    assert len(panel.history) == 1 and panel.progress.value == 0
    assert panel.run.velocity == [0.0] * 6
    assert len(panel.loss_plot.series[0]["y"]) == 1


def test_two_panels_share_no_state():
    first = NudgePanel()
    first.sliders[0].value = 1.5
    first.train(10)
    second = NudgePanel()
    assert second.polynomial.values() == [0.0] * 6
    assert len(second.history) == 1
    assert second.polynomial.coefficients[0] is not first.polynomial.coefficients[0]
    assert second.fit_plot is not first.fit_plot
    second.sliders[1].value = -1.0
    assert first.polynomial.values()[1] != -1.0 and len(first.history) == 11


def test_least_squares_checkbox_shows_the_optimum_curve(panel):
    assert panel.fit_plot.item("background", "least squares")["visible"] is False
    panel.least_squares_checkbox.value = True
    shown = panel.fit_plot.item("background", "least squares")
    assert shown["visible"] is True
    best = least_squares(panel.data).coefficients
    assert shown["y"] == pytest.approx(np.polynomial.polynomial.polyval(panel._grid, best))
    assert panel.loss_plot.item("background", "least-squares floor")["y"] == panel.floor.loss


def test_too_large_a_rate_stops_training_with_the_message_and_sane_knobs(panel):
    panel.learning_rate_slider.value = 1.9
    assert "blow up" in panel.rate_info.value
    panel.train(200)
    assert "diverged at step" in panel.status.value and "smaller" in panel.status.value
    assert panel.run.steps_done < 200
    assert all(np.isfinite(s.value) and s.value == v for s, v in
               zip(panel.sliders, panel.polynomial.values()))  # fmt: skip


def test_sliders_widen_when_the_knobs_leave_their_range(panel):
    panel.set_coefficients([0.0, 0.0, 0.0, 0.0, 0.0, 12.3])
    assert panel.sliders[5].value == 12.3 and panel.sliders[5].max >= 12.3


def test_a_slider_move_moves_the_marker_but_sends_the_loss_line_again_only_after_training(panel):
    panel.train(30)
    sent = []
    panel.loss_plot.observe(lambda change: sent.append(change["name"]), names=["series"])
    panel.sliders[0].value = panel.sliders[0].value + 1.0  # a big move: the loss goes up
    assert sent == []  # the history did not change, so neither does the line
    assert panel.loss_plot.overlay[0]["y"] == [pytest.approx(panel.loss)]
    assert panel.loss_plot.y_range[1] == pytest.approx(2.0 * panel.loss)  # marker in view
    panel.step()
    assert sent == ["series"] and len(panel.loss_plot.series[0]["y"]) == 32
    assert panel.loss_plot.series[0]["y"][-1] == pytest.approx(panel.loss)


def test_after_reset_the_loss_curve_forgets_the_old_run(panel):
    panel.sliders[0].value = 1.9
    panel.train(3)  # from a bad start: the old history holds big losses
    panel.reset()
    assert panel.loss_plot.series[0]["y"] == [pytest.approx(panel.loss)]
    top = max(panel.loss, panel.floor.loss)
    assert panel.loss_plot.y_range[1] == pytest.approx(2.0 * top)


def test_a_long_loss_curve_is_thinned_but_keeps_its_extremes_and_last_point():
    steps = list(range(20001))
    losses = [1.0 / (1 + s) for s in steps]
    losses[7777] = 50.0  # a spike (a near-divergence) must stay visible
    xs, ys = thin(steps, losses, 1200)
    assert len(xs) <= 1202 and xs[-1] == 20000 and 50.0 in ys and xs == sorted(xs)


# ---------------------------------------------------------------------- feedback is true
def test_a_move_onto_a_value_the_code_set_before_still_counts(panel):
    # The old panel dropped a move landing within half a slider step of a value it had
    # set in the last 3 s, taking it for the browser's echo: the slider and the model
    # then disagreed. Moves are never guessed at now.
    panel.train(5)
    target = round(panel.sliders[2].value, 3)  # where the browser would snap it to
    panel.sliders[2].value = target
    assert panel.polynomial.values()[2] == target
    assert "You moved k2" in panel.prediction.value
    send_from_browser(panel.sliders[3], round(panel.sliders[3].value, 3) + 0.0004, "g7")
    assert panel.polynomial.values()[3] == panel.sliders[3].value
    assert "You moved k3" in panel.prediction.value


def test_values_the_code_sets_are_never_reported_as_moves(panel):
    panel.step_button.click()
    panel.train(10)
    panel.set_coefficients([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    assert panel.prediction.value == ""


def test_a_drag_is_one_move_from_where_it_started(panel):
    start_loss, start_grads = numpy_loss_and_gradients([0.0] * 6, panel.data)
    drag(panel.sliders[1], [0.2, 0.79, 1.979])  # the browser's messages during one drag
    text = panel.prediction.value
    assert "You moved k1 from 0.000 to 1.979 (Δ = +1.98)" in text
    assert f"{start_grads[1] * 1.979:+.3g}" in text  # predicted from the drag's start
    end_loss = numpy_loss_and_gradients([0, 1.979, 0, 0, 0, 0], panel.data)[0]
    assert f"{end_loss - start_loss:+.3g}" in text
    drag(panel.sliders[1], [1.5], gesture="view-2")  # a new drag starts where that one ended
    assert "You moved k1 from 1.979 to 1.500" in panel.prediction.value


def test_a_drag_interrupted_by_a_step_starts_again_from_the_new_knobs(panel):
    drag(panel.sliders[1], [0.5], gesture="g1")
    panel.step()
    moved_by_step = panel.polynomial.values()[1]
    drag(panel.sliders[1], [0.9], gesture="g1")  # the same drag goes on after the Step
    assert f"You moved k1 from {moved_by_step:.3f} to 0.900" in panel.prediction.value


@pytest.mark.parametrize("action", ["step", "train", "reset", "set_coefficients", "other knob"])
def test_messages_are_cleared_by_every_new_action(panel, action):
    panel.learning_rate_slider.value = 1.9
    panel.train(100)  # diverges: the status says so
    assert "Stopped" in panel.status.value
    panel.learning_rate_slider.value = 0.3
    drag(panel.sliders[0], [0.4])
    assert "You moved k0" in panel.prediction.value
    if action == "other knob":
        drag(panel.sliders[3], [0.2], gesture="g2")
        assert "You moved k3" in panel.prediction.value and "k0" not in panel.prediction.value
    else:
        if action == "set_coefficients":
            panel.set_coefficients([0.0] * 6)
        else:
            getattr(panel, action)(*([5] if action == "train" else []))
        assert panel.prediction.value == ""
    assert panel.status.value == ""


def test_every_browser_move_is_acknowledged_once_and_the_last_one_wins(panel):
    slider = panel.sliders[4]
    replies = []
    for seq, value in enumerate(np.linspace(-1.0, 1.0, 200), start=1):
        replies += send_from_browser(slider, float(value), "burst", seq)
    assert replies == [{"type": "ack", "seq": seq} for seq in range(1, 201)]
    assert panel.polynomial.values()[4] == 1.0 and slider.value == 1.0
    knobs = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    assert panel.loss == pytest.approx(numpy_loss_and_gradients(knobs, panel.data)[0])
    assert your_curve(panel) == pytest.approx(np.polynomial.polynomial.polyval(panel._grid, knobs))
    assert "from 0.000 to 1.000" in panel.prediction.value


def test_a_move_that_cannot_be_evaluated_is_still_acknowledged():
    panel = NudgePanel(make_dataset(n_points=10))
    replies = send_from_browser(panel.sliders[0], 1e300, "g", seq=3)
    assert replies == [{"type": "ack", "seq": 3}]


def test_near_the_optimum_the_panel_explains_the_disagreement(panel):
    best = least_squares(panel.data).coefficients
    panel.set_coefficients(best)
    # at the optimum every knob's readout explains why its nudge raises the loss
    assert all("curvature" in readout.value for readout in panel.gradient_readouts)
    drag(panel.sliders[2], [best[2] + 0.3])
    text = panel.prediction.value
    curvature = 0.5 * hessian(power_matrix(panel.data.x))[2][2] * 0.3**2
    assert "the loss is curved" in text and f"{curvature:+.3g}" in text
    assert "second-order term wins" in text


def test_far_from_the_optimum_a_small_move_needs_no_excuse(panel):
    drag(panel.sliders[0], [0.001])
    assert "You moved k0" in panel.prediction.value
    assert "curved" not in panel.prediction.value


# ---------------------------------------------------------------------- clicks and counters
def test_train_clicked_twice_quickly_stops(panel):
    async def drive():
        panel.steps_box.value = 20000
        panel.train_button.click()
        panel.train_button.click()  # before the animation's first frame ran
        while panel._training is not None:
            await asyncio.sleep(0.01)
        return panel.run.steps_done

    steps = asyncio.run(drive())
    assert steps < 20000 and panel.train_button.description == "Train N"
    assert panel.progress.value == steps


@pytest.mark.slow
def test_reset_then_train_in_the_same_tick_trains(panel):
    async def drive():
        panel.steps_box.value = 20000
        panel.train_button.click()
        await asyncio.sleep(0.2)
        panel.reset_button.click()
        panel.train_button.click()  # must start a run, not stop the old one
        assert panel.train_button.description == "Stop"
        await asyncio.sleep(0.3)
        running = panel.run.steps_done
        panel.train_button.click()  # Stop
        while panel._training is not None:
            await asyncio.sleep(0.01)
        return running

    running = asyncio.run(drive())
    assert running > 0 and panel.train_button.description == "Train N"


def test_animated_training_runs_as_a_task_and_can_be_stopped(panel):
    async def drive():
        panel.steps_box.value = 30
        panel.train_button.click()  # inside a running loop: an animation task
        assert panel.train_button.description == "Stop"
        await panel._training
        assert panel.run.steps_done == 30 and panel.progress.value == 30
        panel.steps_box.value = 20000
        panel.train_button.click()
        await asyncio.sleep(0.2)
        panel.train_button.click()  # Stop
        await asyncio.sleep(0.2)
        return panel.run.steps_done

    steps = asyncio.run(drive())
    assert 30 < steps < 20030 and panel._training is None
    assert panel.train_button.description == "Train N"


@pytest.mark.parametrize("animated", [False, True])
def test_at_a_divergence_progress_bar_label_and_step_counter_agree(panel, animated):
    panel.step()
    panel.step()  # this run starts at step 2
    panel.learning_rate_slider.value = 1.9
    panel.steps_box.value = 150
    if animated:

        async def drive():
            panel.train_button.click()
            while panel._training is not None:
                await asyncio.sleep(0.01)

        asyncio.run(drive())
    else:
        panel.train(150)
    done = panel.run.steps_done - 2
    assert 0 < done < 150
    assert panel.progress.value == done
    assert panel.progress_label.value == f"{done}/150 steps"
    assert f"step {panel.run.steps_done}" in panel.loss_readout.value
    assert f"back at step {panel.run.steps_done}" in panel.status.value


# ---------------------------------------------------------------------- controls show the truth
def test_every_control_shows_the_value_in_use():
    panel = NudgePanel(make_dataset(n_points=20), momentum=0.995, learning_rate=0.123456)
    assert panel.momentum_slider.value == 0.995
    assert format(panel.momentum_slider.value, panel.momentum_slider.readout_format) == "0.995"
    assert panel.learning_rate_slider.value == 0.123456 == panel.run.learning_rate
    assert format(0.123456, panel.learning_rate_slider.readout_format) == "0.123"
    assert "0.995" in panel.rate_info.value


@pytest.mark.parametrize("rate", [1000.0, 1e6])
def test_a_large_starting_rate_is_the_rate_the_slider_shows(rate):
    panel = NudgePanel(make_dataset(n_points=20, seed=1), learning_rate=rate)
    assert panel.run.learning_rate == rate
    assert panel.learning_rate_slider.value == rate and panel.learning_rate_slider.max >= rate
    assert "blow up" in panel.rate_info.value


def test_notebook_5s_panel_is_plain_gradient_descent_without_a_momentum_control():
    panel = NudgePanel(momentum=0.0, show_momentum=False)
    assert panel.run.momentum == 0.0
    assert panel.momentum_slider.layout.display == "none"
    assert [m["label"] for m in panel.learning_rate_slider.marks] == ["2/λmax"]
    assert "momentum" not in panel.rate_info.value


def test_the_rate_slider_marks_the_stable_limits_and_reaches_past_them_by_mouse(panel):
    shape = conditioning(panel.data.x)
    panel.momentum_slider.value = 0.9
    marks = {m["label"]: m["value"] for m in panel.learning_rate_slider.marks}
    assert marks["2/λmax"] == pytest.approx(shape.largest_stable_learning_rate(0.0))
    assert marks["2(1+β)/λmax"] == pytest.approx(shape.largest_stable_learning_rate(0.9))
    slider = panel.learning_rate_slider
    # linear, fine enough to sit just below or just above the momentum limit by mouse
    assert slider.max > 1.1 * marks["2(1+β)/λmax"] and slider.step <= 0.001
    assert (slider.max - slider.min) / slider.track_width < 0.01  # under 0.01 per pixel
    panel.momentum_slider.value = 0.0
    assert [m["label"] for m in panel.learning_rate_slider.marks] == ["2/λmax"]


def test_knob_sliders_fit_the_problem_and_mark_the_least_squares_values():
    panel = NudgePanel()
    best = least_squares(panel.data).coefficients
    for slider, value in zip(panel.sliders, best):
        assert slider.min < value < slider.max
        assert slider.max <= 2.5  # the optimum lies within about ±1.5: no ±5 tracks
        (mark,) = slider.marks
        assert mark["value"] == pytest.approx(value)


def test_text_widgets_have_fixed_sizes_so_the_layout_does_not_jump(panel):
    for widget in [panel.loss_readout, panel.prediction, panel.status, *panel.gradient_readouts]:
        assert widget.layout.width, "a readout without a fixed width grows and shifts the panel"
    for widget in [panel.prediction, panel.status, panel.rate_info, *panel.gradient_readouts]:
        assert widget.layout.height, "a message that grows pushes everything below it down"
    assert panel.progress_label.layout.width


# ---------------------------------------------------------------------- static snapshots
def test_the_saved_widget_state_carries_everything_the_plots_draw(panel):
    panel.train(3)
    state = embed_data(views=[panel], drop_defaults=False)["manager_state"]["state"]
    plots = {
        tuple(model["state"]["_dom_classes"]): model["state"]
        for model in state.values()
        if model["state"].get("_esm", "").find("autograd-plot-canvas") >= 0
    }
    fit = plots[("nudge-plot",)]
    assert len(fit["background"][0]["x"]) == 40  # the points
    assert fit["overlay"][0]["coefficients"] == pytest.approx(panel.polynomial.values())
    assert len(plots[("nudge-loss-plot",)]["series"][0]["y"]) == 4


@pytest.mark.slow
def test_conditioning_view_summarises_the_problem_and_plots_both_runs():
    view = conditioning_view(steps=100)
    summary = view.children[0].value
    kappa = conditioning(make_dataset().x).condition_number
    assert f"condition number <b>{kappa:,.0f}</b>" in summary and 1800 < kappa < 1900
    plain, fast = view.children[1].children
    assert [item["label"] for item in plain.series] == [f"k{k}" for k in range(6)]
    assert len(plain.series[0]["y"]) == 101 and plain.y_log and fast.y_log
    assert "plain" in plain.title.lower() and "momentum" in fast.title.lower()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"nudge": 5.0}, "nudge must be a number from 1e-06 to 1, got 5.0"),
        ({"nudge": 0.0}, "nudge must be"),
        ({"nudge": math.nan}, "nudge must be"),
        ({"train_steps": 0}, "train_steps must be a whole number from 1 to 20,000, got 0"),
        ({"train_steps": 20001}, "train_steps must be"),
        ({"train_steps": 2.5}, "train_steps must be"),
    ],
)
def test_settings_the_boxes_cannot_show_are_refused_not_clamped(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        NudgePanel(make_dataset(n_points=10), **kwargs)


@pytest.mark.slow
def test_a_notebook_saved_with_widget_state_holds_the_plots_for_a_static_page(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from autograd.polyfit import make_dataset\n"
            "from autograd.widgets import NudgePanel\n"
            "panel = NudgePanel(make_dataset(n_points=30), momentum=0.0)\n"
            "panel.train(4)\n"
            "panel"
        )
    ]
    nbclient.NotebookClient(nb, timeout=120, store_widget_state=True).execute()
    saved = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    plots = {
        tuple(model["state"].get("_dom_classes", ())): model["state"]
        for model in saved.values()
        if "autograd-plot-canvas" in model["state"].get("_esm", "")
    }
    fit, loss = plots[("nudge-plot",)], plots[("nudge-loss-plot",)]
    assert len(fit["background"][0]["x"]) == 30 and fit["overlay"][0]["kind"] == "polynomial"
    assert len(fit["overlay"][0]["coefficients"]) == 6
    assert len(loss["series"][0]["y"]) == 5  # the start and four steps
    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    # the page carries the state (data and drawing code) for the widget manager to render
    assert "application/vnd.jupyter.widget-state+json" in html
    assert "autograd-plot-canvas" in html and "nudge-loss-plot" in html
