"""The nudge panel driven in the kernel: sliders, buttons, readouts and plotted data.

Everything is checked against numpy (loss, gradients, the curve) or against the pure
training loop of autograd.polyfit, so a panel that shows stale or fed-back state fails.
"""

import asyncio
import math
import re

import numpy as np
import pytest
from ipympl.backend_nbagg import Canvas

from autograd.polyfit import Polynomial, gradient_descent, least_squares, make_dataset
from autograd.widgets import NudgePanel
from autograd.widgets.nudge import conditioning_view


def numpy_loss_and_gradients(coefficients, data):
    X = np.vander(data.x, len(coefficients), increasing=True)
    residuals = X @ np.asarray(coefficients) - data.y
    return float(np.mean(residuals**2)), 2.0 / len(data.x) * X.T @ residuals


def shown_loss(panel):
    """The number a learner reads in the loss readout."""
    return float(re.search(r"loss = ([0-9.eE+-]+)", panel.loss_readout.value).group(1))


@pytest.fixture
def panel():
    return NudgePanel(make_dataset(n_points=40, seed=5))


def test_default_panel_starts_at_zero_with_the_documented_css_classes():
    panel = NudgePanel()
    assert [s.value for s in panel.sliders] == [0.0] * 6
    assert [s._dom_classes[0] for s in panel.sliders] == [f"nudge-k{k}" for k in range(6)]
    for widget, name in [
        (panel.loss_readout, "nudge-loss"),
        (panel.step_button, "nudge-step"),
        (panel.train_button, "nudge-train"),
        (panel.reset_button, "nudge-reset"),
        (panel.data_figure.canvas, "nudge-plot"),
        (panel.loss_figure.canvas, "nudge-loss-plot"),
        (panel, "nudge-panel"),
    ]:
        assert name in widget._dom_classes
    assert isinstance(panel.data_figure.canvas, Canvas)
    assert shown_loss(panel) == pytest.approx(np.mean(panel.data.y**2), abs=1e-6)


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
    assert panel._curve.get_ydata() == pytest.approx(expected_curve)
    assert panel._loss_marker.get_ydata()[0] == pytest.approx(loss)


def test_a_slider_move_shows_the_predicted_and_the_actual_loss_change(panel):
    loss_before, grads_before = numpy_loss_and_gradients([0.0] * 6, panel.data)
    panel.sliders[1].value = 0.01
    loss_after, _ = numpy_loss_and_gradients([0.0, 0.01, 0, 0, 0, 0], panel.data)
    text = panel.prediction.value
    assert f"{grads_before[1] * 0.01:+.3g}" in text
    assert f"{loss_after - loss_before:+.3g}" in text


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
    assert len(panel.history) == 2 and len(panel._loss_line.get_xdata()) == 2
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
    assert panel._loss_line.get_ydata() == pytest.approx([r.loss for r in pure])
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


def test_rapid_slider_changes_end_in_the_state_of_the_last_one(panel):
    for value in np.linspace(-2.0, 2.0, 41):
        panel.sliders[3].value = float(value)
    panel.sliders[3].value = 0.123
    knobs = [0.0, 0.0, 0.0, 0.123, 0.0, 0.0]
    assert panel.polynomial.values() == knobs
    assert panel.loss == pytest.approx(numpy_loss_and_gradients(knobs, panel.data)[0])
    assert panel._curve.get_ydata() == pytest.approx(
        np.polynomial.polynomial.polyval(panel._grid, knobs)
    )


def browser_echo(value, step=0.001):
    """What ipywidgets' slider view sends back after the kernel sets `value`: it snapped."""
    return round(value / step) * step


def test_browser_echoes_of_stepped_values_are_not_taken_for_the_learners_hand(panel):
    panel.step_button.click()
    after_step = panel.polynomial.values()
    for slider in panel.sliders:
        slider.value = browser_echo(slider.value)
    assert panel.polynomial.values() == after_step
    assert "You moved" not in panel.prediction.value


def test_late_echoes_from_training_do_not_pull_the_knobs_back(panel):
    panel.train(5)
    early = panel.polynomial.values()
    panel.train(20)
    trained = panel.polynomial.values()
    panel.sliders[0].value = browser_echo(early[0])  # arrives after training moved on
    assert panel.polynomial.values() == trained
    assert "You moved" not in panel.prediction.value


def test_a_real_move_right_after_training_still_counts(panel):
    panel.train(5)
    panel.sliders[2].value = browser_echo(panel.sliders[2].value) + 0.25
    assert panel.polynomial.values()[2] == pytest.approx(panel.sliders[2].value)
    assert "You moved k2" in panel.prediction.value


def test_two_panels_share_no_state():
    first = NudgePanel()
    first.sliders[0].value = 1.5
    first.train(10)
    second = NudgePanel()
    assert second.polynomial.values() == [0.0] * 6
    assert len(second.history) == 1
    assert second.polynomial.coefficients[0] is not first.polynomial.coefficients[0]
    assert second.data_figure is not first.data_figure
    second.sliders[1].value = -1.0
    assert first.polynomial.values()[1] != -1.0 and len(first.history) == 11


def test_least_squares_checkbox_shows_the_optimum_curve(panel):
    assert not panel._least_squares_line.get_visible()
    panel.least_squares_checkbox.value = True
    assert panel._least_squares_line.get_visible()
    best = least_squares(panel.data).coefficients
    assert panel._least_squares_line.get_ydata() == pytest.approx(
        np.polynomial.polynomial.polyval(panel._grid, best)
    )
    floor_line = panel._loss_axes.get_lines()[0]
    assert floor_line.get_ydata()[0] == pytest.approx(panel.floor.loss)


def test_too_large_a_rate_stops_training_with_the_message_and_sane_knobs(panel):
    panel.learning_rate_slider.value = 5.0
    assert "blow up" in panel.rate_info.value
    panel.train(200)
    assert "diverged at step" in panel.status.value and "smaller" in panel.status.value
    assert panel.run.steps_done < 200
    assert all(np.isfinite(s.value) and s.value == v for s, v in
               zip(panel.sliders, panel.polynomial.values()))  # fmt: skip


def test_sliders_widen_when_the_knobs_leave_their_range(panel):
    panel.set_coefficients([0.0, 0.0, 0.0, 0.0, 0.0, 12.3])
    assert panel.sliders[5].value == 12.3 and panel.sliders[5].max >= 12.3


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


def test_the_panel_never_calls_a_full_draw(panel, monkeypatch):
    def forbidden(self):
        raise AssertionError("draw() called: the browser canvas would stay blank")

    monkeypatch.setattr(Canvas, "draw", forbidden)
    fresh = NudgePanel()
    fresh.sliders[0].value = 0.5
    fresh.step()
    fresh.train(5)
    fresh.reset()


def test_conditioning_view_summarises_the_problem():
    view = conditioning_view(steps=100)
    summary = view.children[0].value
    assert "condition number <b>1,853</b>" in summary
    assert isinstance(view.children[1], Canvas)


@pytest.mark.parametrize("rate", [1000.0, 1e6])
def test_a_large_starting_rate_is_the_rate_the_slider_shows(rate):
    panel = NudgePanel(make_dataset(n_points=20, seed=1), learning_rate=rate)
    assert panel.run.learning_rate == rate
    assert panel.learning_rate_slider.value == pytest.approx(rate)
    assert panel.learning_rate_slider.max >= math.log10(rate)
    assert "blow up" in panel.rate_info.value


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


def test_a_slider_move_moves_the_marker_but_leaves_the_loss_line_alone(panel, monkeypatch):
    panel.train(30)
    line = panel._loss_line
    calls = []
    set_data = line.set_data
    monkeypatch.setattr(line, "set_data", lambda *args: (calls.append(args), set_data(*args)))
    panel.sliders[0].value = panel.sliders[0].value + 2.0  # a big move: the loss goes up
    assert calls == []  # the history did not change, so neither does the line
    assert len(line.get_xdata()) == 31
    assert panel._loss_marker.get_ydata()[0] == pytest.approx(panel.loss)
    assert panel._loss_axes.get_ylim()[1] == pytest.approx(2.0 * panel.loss)  # marker in view
    panel.step()
    assert len(calls) == 1 and len(line.get_xdata()) == 32
    assert line.get_ydata()[-1] == pytest.approx(panel.loss)


def test_after_reset_the_loss_curve_forgets_the_old_run(panel):
    panel.sliders[0].value = 3.0
    panel.train(3)  # from a bad start: the old history holds big losses
    panel.reset()
    assert list(panel._loss_line.get_ydata()) == [panel.loss]
    top = max(panel.loss, panel.floor.loss)
    assert panel._loss_axes.get_ylim()[1] == pytest.approx(2.0 * top)
