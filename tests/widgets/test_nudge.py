"""The nudge panel driven in the kernel: sliders, buttons, readouts and the plots' data.

Everything is checked against numpy (loss, gradients, the curve) or against the pure
training loop of autograd.polyfit, so a panel that shows stale or fed-back state fails.
A browser move is simulated the way the browser sends it: a message naming its gesture
(`KnobSlider` in autograd/widgets/slider.py); a value set from code is a move of its own.
"""

import asyncio
import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import traitlets
from ipywidgets.embed import embed_data

from autograd.bases import hessian, power_matrix
from autograd.conditioning import conditioning
from autograd.polyfit import (
    Polynomial,
    gradient_descent,
    least_squares,
    make_dataset,
)
from autograd.trace import format_number
from autograd.widgets import NudgePanel
from autograd.widgets.nudge import conditioning_view
from autograd.widgets.plot import Plot, thin
from autograd.widgets.slider import KnobLink, KnobSlider, KnobValueError


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
    return np.polynomial.polynomial.polyval(panel.curve_x, item["coefficients"])


def send_from_browser(slider, value, gesture, seq=1):
    """What slider.js sends when the learner moves the slider; returns the kernel's replies."""
    replies = []
    original = slider.send
    slider.send = lambda content, buffers=None: replies.append(content)
    try:
        slider.handle_browser_message(
            {"type": "move", "value": value, "gesture": gesture, "seq": seq, "done": False}
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
def test_the_knob_sliders_drive_the_fit_plot_in_the_browser_through_one_shared_widget():
    panel = NudgePanel()
    links = {slider.link for slider in panel.sliders}
    assert panel.fit_plot.item("overlay", "your curve")["link"] is True
    assert links == {panel.fit_plot.link} and isinstance(panel.fit_plot.link, KnobLink)
    assert panel.knob_link is panel.fit_plot.link
    assert [slider.link_index for slider in panel.sliders] == list(range(6))
    assert NudgePanel().fit_plot.link is not panel.fit_plot.link  # two panels never mix


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
    expected_curve = np.polynomial.polynomial.polyval(panel.curve_x, knobs)
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
    assert shown["y"] == pytest.approx(np.polynomial.polynomial.polyval(panel.curve_x, best))
    assert panel.loss_plot.item("background", "least-squares floor")["y"] == panel.floor.loss


def test_too_large_a_rate_stops_training_with_the_message_and_sane_knobs(panel):
    panel.learning_rate_slider.value = 1.9
    assert "blow up" in panel.rate_info.value
    panel.train(200)
    assert "Stopped at step" in panel.status.value and "smaller rate" in panel.status.value
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
    assert your_curve(panel) == pytest.approx(
        np.polynomial.polynomial.polyval(panel.curve_x, knobs)
    )
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
        await panel.wait_for_training()
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
        await panel.wait_for_training()
        return running

    running = asyncio.run(drive())
    assert running > 0 and panel.train_button.description == "Train N"


def test_animated_training_runs_as_a_task_and_can_be_stopped(panel):
    async def drive():
        panel.steps_box.value = 30
        panel.train_button.click()  # inside a running loop: an animation task
        assert panel.train_button.description == "Stop" and panel.training
        await panel.wait_for_training()
        assert panel.run.steps_done == 30 and panel.progress.value == 30
        panel.steps_box.value = 20000
        panel.train_button.click()
        await asyncio.sleep(0.2)
        panel.train_button.click()  # Stop
        await asyncio.sleep(0.2)
        return panel.run.steps_done

    steps = asyncio.run(drive())
    assert 30 < steps < 20030 and not panel.training
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
            await panel.wait_for_training()

        asyncio.run(drive())
    else:
        panel.train(150)
    done = panel.run.steps_done - 2
    assert 0 < done < 150
    assert panel.progress.value == done
    assert panel.progress_label.value == f"{done}/150 steps"
    assert f"step {panel.run.steps_done}" in panel.loss_readout.value
    assert f"back where they were at step {panel.run.steps_done}" in panel.status.value


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
    # logarithmic, fine enough to sit just below or just above the momentum limit by mouse
    assert slider.scale == "log" and slider.max > 1.1 * marks["2(1+β)/λmax"]
    assert (slider.max / slider.min) ** (1 / slider.track_width) < 1.03  # under 3% per pixel
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
    for widget in [panel.prediction, panel.rate_info, *panel.gradient_readouts]:
        assert widget.layout.height, "a message that grows pushes everything below it down"
    # the status is the panel's last row: it grows with its message instead of cutting it
    assert panel.children[-1] is panel.status
    assert panel.status.layout.height is None and panel.status.layout.overflow is None
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


# ---------------------------------------------------------------------- the live graph of one point
def point_numbers(panel, index):
    """numpy's numbers for point `index`: prediction, error, squared error, d(sq)/dk for each k."""
    x, y = panel.data.x[index], panel.data.y[index]
    knobs = np.array(panel.polynomial.values())
    prediction = float(np.polynomial.polynomial.polyval(x, knobs))
    error = prediction - y
    grads = [2 * error * x**k for k in range(len(knobs))]
    return prediction, error, error**2, grads


def shown_nodes(panel):
    """{node name: (data text, grad text)} of what the page's graph shows."""
    return {node["name"]: (node["data"], node["grad"]) for node in panel.graph.state()["nodes"]}


def assert_graph_agrees(panel):
    """The graph, the knobs, the curve and the readouts tell the same numbers (the kernel's)."""
    i = panel.picked_point
    prediction, error, squared, grads = point_numbers(panel, i)
    nodes = shown_nodes(panel)
    for k, slider in enumerate(panel.sliders):
        assert (
            nodes[f"k{k}"][0]
            == format_number(slider.value)
            == format_number(panel.polynomial.values()[k])
        )
        assert float(nodes[f"k{k}"][1]) == pytest.approx(grads[k], rel=1e-3, abs=1e-4)
    assert nodes["x"][0] == format_number(panel.data.x[i])
    assert nodes["y"][0] == format_number(panel.data.y[i])
    assert float(nodes["prediction"][0]) == pytest.approx(prediction, rel=1e-3, abs=1e-4)
    assert float(nodes["squared error"][0]) == pytest.approx(squared, rel=1e-3, abs=1e-6)
    # the point the graph is about is the one ringed on the fit plot, with its error bar
    curve, bar, ring = panel.fit_plot.overlay
    assert curve["label"] == "your curve"
    assert ring["x"] == [panel.data.x[i]] and ring["y"] == [panel.data.y[i]]
    assert bar["y"] == [pytest.approx(panel.data.y[i]), pytest.approx(prediction)]
    # and the curve the browser draws passes through the graph's prediction
    assert np.polynomial.polynomial.polyval(panel.data.x[i], curve["coefficients"]) == (
        pytest.approx(prediction)
    )
    assert shown_loss(panel) == pytest.approx(panel.loss, abs=1e-6)
    assert f"squared error <b>{squared:.4g}</b>" in panel.point_info.value


@pytest.fixture
def graph_panel():
    return NudgePanel(make_dataset(n_points=30, seed=2), graph=True, momentum=0.0)


def test_the_graph_is_one_points_squared_error_with_the_engines_numbers(graph_panel):
    panel = graph_panel
    assert panel.picked_point == int(np.argmax(panel.data.x))  # every power of x matters there
    root = panel.point_loss()
    names = [node["name"] for node in panel.graph.state()["nodes"]]
    assert {"k0", "k5", "x", "y", "prediction", "error", "squared error"} <= set(names)
    assert len(names) == 20  # 6 knobs, x, y, 5 products, 5 sums, the error, its square
    assert names[-1] == "squared error" and root.label == "squared error"
    # its grads are this point's alone: d(error²)/dk = 2·error·x^k (numpy), as backward() gives
    _, _, squared, grads = point_numbers(panel, panel.picked_point)
    knobs = {v.label: v for v in root.topological_order() if v.label.startswith("k")}
    assert [knobs[f"k{k}"].grad for k in range(6)] == pytest.approx(grads)
    assert root.data == pytest.approx(squared)
    assert_graph_agrees(panel)
    # every edge's hover text is local × upstream = contribution, with the live numbers
    edge = panel.graph.state()["edges"][-1]
    assert edge["label"] == f"{edge['local']} × {edge['upstream']} = {edge['contribution']}"


def test_the_mean_of_all_points_graphs_is_the_panels_gradient(graph_panel):
    panel = graph_panel
    panel.set_coefficients([0.2, -0.4, 0.1, 0.3, -0.2, 0.5])
    total = np.zeros(6)
    for i in range(len(panel.data)):
        panel.pick_point(i)
        root = panel.point_loss()
        knobs = {v.label: v.grad for v in root.topological_order() if v.label.startswith("k")}
        total += [knobs[f"k{k}"] for k in range(6)]
    assert total / len(panel.data) == pytest.approx(panel.gradients)


@pytest.mark.parametrize("action", ["drag", "keys", "code", "step", "train", "reset", "set"])
def test_the_graph_follows_every_change_without_a_new_layout(graph_panel, action):
    panel = graph_panel
    before = panel.graph.state()
    if action == "drag":
        drag(panel.sliders[3], [0.1, 0.4, 0.7])
    elif action == "keys":
        drag(panel.sliders[0], [0.05, 0.1, 0.15], gesture="keys-1")
    elif action == "code":
        panel.sliders[5].value = -0.8
    elif action == "step":
        panel.step_button.click()
    elif action == "train":
        panel.train(25)
    elif action == "reset":
        panel.train(5)
        panel.reset()
        assert panel.graph.state() == before
        return
    else:
        panel.set_coefficients([0.1] * 6)
    assert panel.graph.state() != before
    assert panel.graph.layout_count == 1  # numbers only: the picture is laid out once
    assert_graph_agrees(panel)


def test_every_frame_of_animated_training_updates_the_graph(graph_panel):
    panel = graph_panel
    frames = []
    panel.graph.observe(lambda change: frames.append(panel.graph.state()), names="numbers")

    async def drive():
        panel.steps_box.value = 400
        panel.train_button.click()
        await panel.wait_for_training()

    asyncio.run(drive())
    assert len(frames) >= 2 and frames[-1] == panel.graph.state()
    assert_graph_agrees(panel)


def test_clicking_a_point_picks_it_for_the_graph(graph_panel):
    panel = graph_panel
    count = len(panel.data)
    panel.fit_plot.click(panel.data.x[4] + 0.001, panel.data.y[4], x_per_pixel=0.005,
                         y_per_pixel=0.01)  # fmt: skip
    assert panel.picked_point == 4 and len(panel.data) == count  # picked, nothing added
    assert_graph_agrees(panel)
    assert "point 4" in panel.point_info.value
    with pytest.raises(ValueError, match="index must be 0..29"):
        panel.pick_point(30)


def test_a_click_away_from_the_points_adds_one_and_everything_follows(graph_panel):
    panel = graph_panel
    panel.train(10)
    old_rate_mark = panel.learning_rate_slider.marks[0]["value"]
    panel.fit_plot.click(0.05, 3.0, x_per_pixel=0.005, y_per_pixel=0.01)
    data = panel.data
    assert len(data) == 31 and (data.x[-1], data.y[-1]) == (0.05, 3.0)
    assert panel.picked_point == 30  # the new point's graph is shown
    assert_graph_agrees(panel)
    # the floor, the curvature and the stable rate are those of the new points
    floor = least_squares(data)
    assert panel.floor.loss == pytest.approx(floor.loss)
    assert panel.loss_plot.item("background", "least-squares floor")["y"] == panel.floor.loss
    assert [s.marks[0]["value"] for s in panel.sliders] == pytest.approx(floor.coefficients)
    stable = conditioning(data.x).largest_stable_learning_rate()
    assert panel.learning_rate_slider.marks[0]["value"] == pytest.approx(stable) != old_rate_mark
    assert len(panel.fit_plot.background[0]["x"]) == 31
    assert panel.fit_plot.item("background", "least squares")["y"] == pytest.approx(
        np.polynomial.polynomial.polyval(panel.curve_x, floor.coefficients)
    )
    # the loss is measured on the new points, and the loss curve starts again from here
    loss, grads = numpy_loss_and_gradients(panel.polynomial.values(), data)
    assert panel.loss == pytest.approx(loss) and panel.gradients == pytest.approx(grads)
    assert panel.history == [(10, pytest.approx(loss))]
    assert "Added the point (0.050, 3.000): 31 points" in panel.status.value
    panel.train(5)  # training goes on with the new points
    assert panel.run.steps_done == 15 and len(panel.history) == 6


def test_a_shift_click_on_a_point_removes_it(graph_panel):
    panel = graph_panel
    x, y = panel.data.x[7], panel.data.y[7]
    panel.pick_point(9)
    panel.fit_plot.click(x, y + 0.01, x_per_pixel=0.005, y_per_pixel=0.01, shift=True)
    assert len(panel.data) == 29 and x not in panel.data.x
    assert panel.picked_point == 8  # the same point as before, one place earlier
    assert_graph_agrees(panel)
    assert panel.loss == pytest.approx(numpy_loss_and_gradients([0.0] * 6, panel.data)[0])
    assert "Removed the point" in panel.status.value
    # removing the picked point moves the graph to the nearest point left
    picked_x = panel.data.x[8]
    panel.remove_point(8)
    nearest = int(np.argmin(np.abs(np.asarray(panel.data.x) - picked_x)))
    assert panel.picked_point == nearest
    assert_graph_agrees(panel)


def test_a_shift_click_away_from_the_points_removes_nothing_and_says_so(graph_panel):
    panel = graph_panel
    panel.fit_plot.click(0.0, 50.0, x_per_pixel=0.005, y_per_pixel=0.01, shift=True)
    assert len(panel.data) == 30 and "Shift-click right on a point" in panel.status.value


def test_points_cannot_go_below_one_best_fit():
    panel = NudgePanel(make_dataset(n_points=7, seed=3), momentum=0.0)
    panel.remove_point(0)
    data = panel.data
    panel.fit_plot.click(data.x[0], data.y[0], x_per_pixel=0.005, y_per_pixel=0.01, shift=True)
    assert panel.data is data  # refused: 6 points is the least a degree-5 fit needs
    assert (
        "Not done" in panel.status.value and "at least 6 different x values" in panel.status.value
    )
    with pytest.raises(ValueError, match="at least 6 different x values"):
        panel.remove_point(0)


@pytest.mark.parametrize(
    "x, y, message",
    [
        (1.5, 0.0, "x must be inside the plot's x range [-1, 1], got 1.5"),
        (math.nan, 0.0, "x must be finite"),
        (0.0, math.inf, "y must be finite"),
        ("0.2", 0.0, "x must be a real number"),
    ],
)
def test_a_point_that_cannot_be_fitted_is_refused(x, y, message):
    panel = NudgePanel(make_dataset(n_points=10))
    with pytest.raises((TypeError, ValueError), match=re.escape(message)):
        panel.add_point(x, y)
    assert len(panel.data) == 10


def test_points_added_and_removed_without_a_graph_work_the_same():
    panel = NudgePanel(make_dataset(n_points=20), momentum=0.0)
    assert panel.graph is None
    panel.add_point(np.float64(0.3), np.float32(1.5))
    panel.remove_point(np.int64(0))
    assert len(panel.data) == 20 and panel.data.x[-1] == 0.3
    assert panel.loss == pytest.approx(numpy_loss_and_gradients([0.0] * 6, panel.data)[0])
    assert "shift-click a point to remove it" in panel.data_info.value


def test_the_plot_reports_clicks_in_data_coordinates():
    plot = Plot(x_range=[-1.0, 1.0], y_range=[0.0, 2.0])
    assert not plot.clickable
    clicks = []
    plot.on_click(clicks.append)
    assert plot.clickable  # the browser shows a crosshair over it
    # what js/plot.js sends; anything else is ignored
    message = {"type": "click", "x": 0.5, "y": 1.0, "x_per_pixel": 0.01, "y_per_pixel": 0.02}
    plot.handle_browser_message(message | {"shift": True})
    plot.handle_browser_message({"type": "click", "x": "left"})
    plot.handle_browser_message({"type": "other"})
    (click,) = clicks
    assert (click.x, click.y, click.shift, click.alt, click.x_per_pixel) == (
        0.5,
        1.0,
        True,
        False,
        0.01,
    )


# ---------------------------------------------------------------------- what a learner sees
def test_the_rate_warning_ends_with_one_full_stop():
    panel = NudgePanel(make_dataset(n_points=20), learning_rate=5.0)
    assert panel.rate_info.value.endswith("training will blow up.</b>")
    assert ".." not in panel.rate_info.value and ".</b>." not in panel.rate_info.value


def test_reset_restores_the_starting_rate_and_momentum(panel):
    rate, momentum = panel.run.learning_rate, panel.run.momentum
    panel.learning_rate_slider.value = panel.learning_rate_slider.max
    panel.momentum_slider.value = 0.5
    panel.reset_button.click()
    assert panel.run.learning_rate == rate == panel.learning_rate_slider.value
    assert panel.run.momentum == momentum == panel.momentum_slider.value
    assert "above it" not in panel.rate_info.value


def test_the_divergence_message_is_whole_and_says_what_to_do(panel):
    panel.learning_rate_slider.value = 1.9
    panel.train(200)
    text = panel.status.value
    stable = conditioning(panel.data.x).largest_stable_learning_rate(panel.run.momentum)
    assert text.startswith("<b>Stopped at step") and text.endswith(
        f"The knobs are back where they were at step {panel.run.steps_done}."
    )
    assert f"the rate 1.9 is above the largest stable rate {stable:.3g}" in text
    assert len(re.sub("<[^>]+>", "", text)) < 330  # three lines of the 860 px row at most


def test_an_arrow_key_moves_a_knob_by_a_step_one_can_see():
    panel = NudgePanel()
    for slider in panel.sliders:
        pixels = slider.key_step / (slider.max - slider.min) * slider.track_width
        assert pixels >= 2, f"{slider.description}: an arrow key moves the handle {pixels:.2f} px"
        assert slider.key_step >= 0.01 and slider.step <= 0.001  # a drag stays fine
    momentum = panel.momentum_slider
    assert momentum.key_step / momentum.max * momentum.track_width >= 1.5


def test_the_starting_rate_is_a_few_key_presses_from_the_stable_limit():
    panel = NudgePanel(momentum=0.0, show_momentum=False)
    rate = panel.learning_rate_slider
    assert rate.scale == "log" and rate.anchor == panel.run.learning_rate  # the key grid's origin
    limit = panel.learning_rate_slider.marks[0]["value"]
    presses = math.log(limit / rate.anchor) / math.log(rate.key_step)
    assert 2 <= presses <= 4  # 2/λmax is twice the default: three presses of ×10^0.1
    # the whole track is on the key grid: from either end, the default is a whole number of presses
    for end in (rate.min, rate.max):
        n = math.log(end / rate.anchor) / math.log(rate.key_step)
        assert n == pytest.approx(round(n))
    assert rate.min <= rate.anchor / 99 and rate.max > 1.1 * limit


def test_no_minus_zero_anywhere_in_the_panels_text(panel):
    panel.set_coefficients([-0.0001, 0.0, 0.0, 0.0, 0.0, 0.0])
    drag(panel.sliders[0], [-0.0002])
    texts = [panel.prediction.value, panel.loss_readout.value, panel.rate_info.value,
             *(r.value for r in panel.gradient_readouts)]  # fmt: skip
    assert "from 0.000 to 0.000" in panel.prediction.value
    for text in texts:
        assert not re.search(r"[-−]0(\.0*)?(?![.0-9e])", text), text


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_slider_readout_never_shows_minus_zero_in_the_browser():
    module = Path(__file__).parents[2] / "autograd" / "widgets" / "js" / "slider.js"
    script = (
        f"import({str(module.as_uri())!r}).then((m) => console.log(JSON.stringify("
        "[[-0.0001, '.3f'], [-0.0004, '.3f'], [-0.0, '.3f'], [-0.0012, '.3f'], [-1e-9, '.3g'],"
        " [-0.5, '.3g']].map(([v, f]) => m.formatValue(v, f)))))"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    minus = "\u2212"  # the readout's real minus sign
    expected = ["0.000", "0.000", "0.000", f"{minus}0.001", f"{minus}1e-9", f"{minus}0.5"]
    assert json.loads(out.stdout) == expected


# ---------------------------------------------------------------------- values it cannot show
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, "above", "below", "0.5", None])
def test_a_knob_set_to_a_value_it_cannot_show_is_refused_and_stays(panel, bad):
    slider = panel.sliders[1]
    bad = {"above": slider.max + 0.5, "below": slider.min - 0.5}.get(bad, bad)
    slider.value = 0.25
    with pytest.raises(traitlets.TraitError, match="k1's value must be|expected a float"):
        slider.value = bad
    assert slider.value == 0.25 == panel.polynomial.values()[1]


@pytest.mark.parametrize(
    "name, bad",
    [("min", math.nan), ("max", math.inf), ("min", 5.0), ("max", -5.0), ("step", 0.0),
     ("step", math.nan)],
)  # fmt: skip
def test_a_slider_range_or_step_that_makes_no_sense_is_refused(name, bad):
    slider = KnobSlider(value=0.5, min=0.0, max=1.0, description="k")
    with pytest.raises(KnobValueError):
        setattr(slider, name, bad)
    assert (slider.min, slider.max, slider.step, slider.value) == (0.0, 1.0, 0.01, 0.5)
    with pytest.raises(KnobValueError, match="outside"):
        slider.max = 0.4  # would leave the value outside its range
    with pytest.raises(KnobValueError, match="must be between 0 and 1|value 2 outside"):
        KnobSlider(value=2.0, min=0.0, max=1.0, description="k")


@pytest.mark.parametrize(
    "box, bad",
    [
        ("nudge_box", math.nan),
        ("nudge_box", math.inf),
        ("nudge_box", 5.0),
        ("nudge_box", 0.0),
        ("steps_box", 0),
        ("steps_box", 20001),
    ],  # fmt: skip
)
def test_a_box_set_to_a_value_it_cannot_show_is_refused_not_clamped(panel, box, bad):
    widget = getattr(panel, box)
    before = widget.value
    with pytest.raises(KnobValueError, match="must be"):
        widget.value = bad
    assert widget.value == before


def test_a_browser_move_off_the_track_is_kept_on_it(panel):
    replies = send_from_browser(panel.sliders[0], 1e300, "g", seq=3)
    assert replies == [{"type": "ack", "seq": 3}]
    assert panel.sliders[0].value == panel.sliders[0].max
    assert send_from_browser(panel.sliders[0], math.nan, "g", seq=4) == [{"type": "ack", "seq": 4}]
    assert panel.sliders[0].value == panel.sliders[0].max


def test_numpy_numbers_are_numbers_to_the_panel():
    panel = NudgePanel(make_dataset(n_points=20), learning_rate=np.float64(0.1),
                       momentum=np.float32(0.5), train_steps=np.int64(20), nudge=np.float64(0.02),
                       degree=np.int64(5))  # fmt: skip
    panel.train(np.int64(3))
    assert panel.run.steps_done == 3 and panel.steps_box.value == 20
    panel.learning_rate_slider.value = np.float32(0.05)
    assert panel.run.learning_rate == pytest.approx(0.05)
    panel.set_coefficients(np.zeros(6))
    panel.pick_point(np.int64(2))


@pytest.mark.parametrize("steps", [0, -1, 2.5, "3", True])
def test_train_refuses_a_step_count_that_is_not_a_whole_number_above_zero(panel, steps):
    with pytest.raises((TypeError, ValueError), match="steps must be"):
        panel.train(steps)
    assert panel.run.steps_done == 0


@pytest.mark.parametrize("data", [([0.1, 0.2], [1.0, 2.0]), np.zeros((2, 5)), "points", 40])
def test_data_that_is_not_a_dataset_is_refused_with_what_to_do(data):
    with pytest.raises(TypeError, match=r"data must be a Dataset of points, such as make_dataset"):
        NudgePanel(data=data)
