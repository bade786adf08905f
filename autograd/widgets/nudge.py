"""The nudge panel: turn the knobs k0..k5 of the polynomial fit by hand or let training turn them.

`NudgePanel()` shows one slider per coefficient (the least-squares value marked under
each), the learning-rate control (2/λmax and, with momentum, 2(1 + β)/λmax marked), Step /
Train / Reset, the points with your curve (and the least-squares curve on request), a loss
curve that grows live above the least-squares floor, and per knob its gradient, which way
to nudge it, and the loss change the gradient predicts for a small nudge beside the
actual change.

`conditioning_view()` is the picture for "why the last knobs move slowly": per-coefficient
distance to the optimum over the steps, plain gradient descent against momentum.

The plots are drawn in the browser (`autograd.widgets.plot.Plot`): the kernel sends the
numbers, the browser draws them. The knob and rate sliders are `KnobSlider`s, whose
browser side reports the learner's moves tagged with their gesture and never sends back a
value the kernel set, so what the panel says about a move is always about a real move:

- a drag is one move, described from where it started to where it is now;
- a move's message, and the status line, are cleared by Step, Train, Reset and by a move
  of another knob, so every message describes the current state;
- Train turns into Stop while it animates; a click is never lost (Stop right after Train,
  Train right after Reset);
- the progress bar counts this run's steps and ends at the number actually done.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from autograd.bases import hessian
from autograd.conditioning import ConditioningRun, compare_plain_and_momentum, conditioning
from autograd.polyfit import (
    DEFAULT_DEGREE,
    DEFAULT_MOMENTUM,
    Dataset,
    DivergenceError,
    GradientDescent,
    Polynomial,
    evaluate,
    least_squares,
    loss_value,
    make_dataset,
    power_matrix,
)
from autograd.validate import plain_real_number, whole_number
from autograd.widgets.plot import (
    BLUE,
    GREEN,
    GREY,
    PALETTE,
    RED,
    Plot,
    line,
    polynomial,
    scatter,
    thin,
)
from autograd.widgets.slider import KnobSlider

# Animated training: compute for FRAME_SECONDS, show the result, then pause PAUSE_SECONDS so
# the kernel can answer the browser (slider moves, clicks) between frames.
FRAME_SECONDS = 0.06
PAUSE_SECONDS = 0.03
KNOB_STEP = 0.001
RATE_STEP = 0.001
MOMENTUM_STEP = 0.001
MOMENTUM_MAX = 0.999  # momentum must stay below 1 (the velocity would never decay)
# The limits of the "N steps" box and the "nudge δ" box (the constructor's train_steps, nudge)
MAX_TRAIN_STEPS = 20000
NUDGE_RANGE = (1e-6, 1.0)
# Points of the loss curve sent per frame at most (the plot is ~400 px wide).
LOSS_CURVE_POINTS = 1200
# A first-order prediction "disagrees" with the actual change when they differ by more
# than this share of the larger of the two (or have opposite signs).
DISAGREEMENT = 0.25
FIXED_TEXT_WIDTH = "860px"  # text rows keep their width: a longer number must not shift the layout


def _signed(number: float) -> str:
    return f"{number:+.3g}"


def _disagree(predicted: float, actual: float) -> bool:
    """Whether the tangent line's prediction is visibly off from what really happened."""
    if predicted * actual < 0:
        return True
    return abs(actual - predicted) > DISAGREEMENT * max(abs(actual), abs(predicted), 1e-15)


@dataclass
class _Move:
    """One move of one knob by the learner: a whole drag, or one assignment from code."""

    index: int
    gesture: str | None  # the browser's gesture id; None for a move made by code
    origin: float  # the knob's value where the move started
    origin_loss: float
    origin_gradient: float


class NudgePanel(widgets.VBox):
    """Sliders for k0..kd, training controls, the live fit and the live loss curve.

    Every panel has its own data, model, training state and plots. Drive it from code
    with `step()`, `train(n)` (synchronous) and `reset()`, or through its widgets
    (`sliders`, `step_button`, `train_button`, `reset_button`, ...). In a running kernel
    the Train button animates (asyncio task, the kernel stays responsive and the button
    turns into Stop); without an event loop it trains synchronously.

    `show_momentum=False` hides the momentum control (notebook 6 teaches plain gradient
    descent; momentum arrives in notebook 7).
    """

    def __init__(
        self,
        data: Dataset | None = None,
        degree: int = DEFAULT_DEGREE,
        learning_rate: float | None = None,
        momentum: float = DEFAULT_MOMENTUM,
        train_steps: int = 150,
        nudge: float = 0.01,
        start: Sequence[float] | None = None,
        show_momentum: bool = True,
    ) -> None:
        train_steps, nudge = _check_settings(train_steps, nudge)
        self.data = make_dataset() if data is None else data
        self.polynomial = Polynomial(degree, start)
        self.start = tuple(self.polynomial.values())
        self.floor = least_squares(self.data, degree)
        self.shape = conditioning(self.data.x, degree)
        # d²L/dk² per knob: the loss is a parabola along each knob, so a move Δ changes it
        # by exactly dL/dk·Δ + ½·d²L/dk²·Δ² (the second term is what the tangent leaves out)
        self.curvatures = tuple(
            float(h) for h in np.diag(hessian(power_matrix(self.data.x, degree)))
        )
        self.run = GradientDescent(self.polynomial, self.data, learning_rate, momentum)
        self.history: list[tuple[int, float]] = [(0, self.run.current.loss)]
        self.show_momentum = bool(show_momentum)
        self._syncing = False  # True while the code (not the learner) moves the sliders
        self._move: _Move | None = None
        self._training: asyncio.Task | None = None
        self._stop_requested = False
        self._generation = 0  # bumped by reset(), so an animation from before stops
        # Ties the knob sliders to the fit plot in the browser: the curve follows a drag
        # there at once, before (and without) the kernel's answer.
        self._link = uuid.uuid4().hex

        self._build_controls(train_steps, nudge)
        self._build_plots()
        super().__init__(
            [
                widgets.HBox([self.fit_plot, self.loss_plot]),
                self.loss_readout,
                widgets.VBox(self.rows),
                self._training_box(),
                self.prediction,
                self.status,
            ]
        )
        self.add_class("nudge-panel")
        self._show()

    # ------------------------------------------------------------------ building
    def _build_controls(self, train_steps: int, nudge: float) -> None:
        self.sliders: list[KnobSlider] = []
        self.gradient_readouts: list[widgets.HTML] = []
        self.rows: list[widgets.Widget] = []
        best = self.floor.coefficients
        # One range for all knobs, so their positions compare at a glance: the least-squares
        # knobs with a quarter to spare (the optimum must not sit at an end), or the start.
        reach = max(1.25 * float(np.max(np.abs(best))), max(map(abs, self.start)), 1.0)
        limit = math.ceil(reach * 2) / 2
        for k, value in enumerate(self.start):
            slider = KnobSlider(
                value=value, min=-limit, max=limit, step=KNOB_STEP, description=f"k{k}",
                readout_format=".3f", track_width=200, readout_width=52,
                marks=[{"value": float(best[k]), "label": "k*", "colour": GREEN,
                        "title": f"least-squares k{k}* = {best[k]:.3f}"}],
                css_classes=(f"nudge-k{k}", "nudge-slider"), link=self._link, link_index=k,
            )  # fmt: skip
            slider.observe(self._on_slider, names="value")
            readout = widgets.HTML(layout=widgets.Layout(width="560px", height="40px"))
            readout.add_class(f"nudge-grad-k{k}")
            self.sliders.append(slider)
            self.gradient_readouts.append(readout)
            self.rows.append(widgets.HBox([slider, readout]))

        # A linear rate scale with room above the largest stable rate: the interesting
        # rates (just below and just above the limit) get most of the track.
        top_momentum = MOMENTUM_MAX if self.show_momentum else self.run.momentum
        top = 1.2 * self.shape.largest_stable_learning_rate(top_momentum)
        top = max(math.ceil(top * 10) / 10, self.run.learning_rate)
        self.learning_rate_slider = KnobSlider(
            value=self.run.learning_rate, min=RATE_STEP, max=top, step=RATE_STEP,
            description="rate", readout_format=".3g", track_width=230, readout_width=52,
            css_classes=("nudge-lr",),
        )  # fmt: skip
        self.learning_rate_slider.observe(self._on_learning_rate, names="value")
        self.momentum_slider = KnobSlider(
            value=self.run.momentum, min=0.0, max=MOMENTUM_MAX, step=MOMENTUM_STEP,
            description="momentum", readout_format=".3f", track_width=162, readout_width=52,
            css_classes=("nudge-momentum",),
        )  # fmt: skip
        self.momentum_slider.observe(self._on_momentum, names="value")
        if not self.show_momentum:
            self.momentum_slider.layout.display = "none"
        self.rate_info = widgets.HTML(layout=widgets.Layout(width="330px", height="54px"))
        self.rate_info.add_class("nudge-rate-info")
        self.steps_box = widgets.BoundedIntText(
            value=train_steps, min=1, max=MAX_TRAIN_STEPS, description="N steps"
        )
        self.steps_box.add_class("nudge-steps")
        self.nudge_box = widgets.BoundedFloatText(
            value=nudge, min=NUDGE_RANGE[0], max=NUDGE_RANGE[1], step=0.001, description="nudge δ"
        )
        self.nudge_box.add_class("nudge-delta")
        self.nudge_box.observe(lambda _: self._show_gradients(), names="value")

        self.step_button = widgets.Button(description="Step", tooltip="one training step")
        self.train_button = widgets.Button(description="Train N", tooltip="N training steps")
        self.reset_button = widgets.Button(description="Reset", tooltip="knobs back to start")
        for button, name in (
            (self.step_button, "nudge-step"),
            (self.train_button, "nudge-train"),
            (self.reset_button, "nudge-reset"),
        ):
            button.add_class(name)
        self.step_button.on_click(lambda _: self.step())
        self.train_button.on_click(self._on_train_click)
        self.reset_button.on_click(lambda _: self.reset())
        self.least_squares_checkbox = widgets.Checkbox(
            value=False, description="show least-squares fit"
        )
        self.least_squares_checkbox.add_class("nudge-lsq")
        self.least_squares_checkbox.observe(self._on_least_squares, names="value")

        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, description="training", layout=widgets.Layout(width="210px")
        )  # narrow enough that the label beside it stays inside the panel
        self.progress.add_class("nudge-progress")
        self.progress_label = widgets.Label("", layout=widgets.Layout(width="110px"))
        self.progress_label.add_class("nudge-progress-label")
        self.loss_readout = widgets.HTML(layout=widgets.Layout(width=FIXED_TEXT_WIDTH))
        self.loss_readout.add_class("nudge-loss")
        self.prediction = widgets.HTML(
            # fixed height: a message appearing must not push what is below it down
            layout=widgets.Layout(width=FIXED_TEXT_WIDTH, height="104px", overflow="auto")
        )
        self.prediction.add_class("nudge-prediction")
        self.status = widgets.HTML(
            layout=widgets.Layout(width=FIXED_TEXT_WIDTH, height="64px", overflow="auto")
        )
        self.status.add_class("nudge-status")

    def _training_box(self) -> widgets.HBox:
        """Under the knobs: the rate (and momentum) on the left, the actions on the right.

        Below the knobs rather than beside them, so the knob rows have room for their
        readouts in a notebook's ~970 px output area.
        """
        rate = widgets.VBox([self.learning_rate_slider, self.momentum_slider, self.rate_info])
        rate.layout.width = "360px"
        actions = widgets.VBox(
            [
                self.steps_box,
                widgets.HBox([self.step_button, self.train_button, self.reset_button]),
                widgets.HBox([self.progress, self.progress_label]),
                self.nudge_box,
                self.least_squares_checkbox,
            ]
        )
        return widgets.HBox([rate, actions])

    def _build_plots(self) -> None:
        y = np.asarray(self.data.y)
        low, high = self.data.x_range
        self._grid = np.linspace(low, high, 200)
        margin = 0.3 * float(y.max() - y.min()) + 1e-9
        self.fit_plot = Plot(
            "nudge-plot", title="the points and your curve", x_label="x", y_label="y",
            x_range=[float(low), float(high)],
            y_range=[float(y.min()) - margin, float(y.max()) + margin],
            overlay=[self._your_curve(self.start)],
        )  # fmt: skip
        self._draw_background()
        self.loss_plot = Plot(
            "nudge-loss-plot", title="the loss going down", x_label="training step",
            y_label="loss (log scale)", y_log=True, legend="upper right",
            background=[{"kind": "hline", "y": self.floor.loss, "colour": GREEN,
                         "dash": [6, 4], "width": 1.5, "label": "least-squares floor"}],
        )  # fmt: skip
        self._drawn_history = -1  # length of history the loss plot shows (-1: none yet)
        self._history_top = 0.0  # the largest loss in history (losses are >= 0)

    def _draw_background(self) -> None:
        self.fit_plot.background = [
            scatter(self.data.x, self.data.y, GREY, size=2.5, label="points"),
            line(self._grid, self.floor_curve(), GREEN, width=1.5, dash=[6, 4],
                 label="least squares", visible=self.least_squares_checkbox.value),
        ]  # fmt: skip

    def _your_curve(self, values: Sequence[float]) -> dict:
        """The knobs' polynomial, drawn by the browser; this panel's knob sliders move it."""
        return polynomial(values, BLUE, width=2, label="your curve", link=self._link)

    def floor_curve(self) -> list[float]:
        """The least-squares polynomial on the plot's x grid (the dashed green curve)."""
        return evaluate(self.floor.coefficients, self._grid)

    # ------------------------------------------------------------------ public actions
    @property
    def loss(self) -> float:
        """The loss at the knobs' current positions."""
        return self.run.current.loss

    @property
    def gradients(self) -> tuple[float, ...]:
        """dL/dk for every knob at its current position."""
        return self.run.current.gradients

    def set_coefficients(self, values: Sequence[float]) -> None:
        """Turn all knobs at once (as if dragged), recompute and redraw."""
        self.polynomial.set_values(values)
        self._forget_messages()
        self._after_manual_change()

    def step(self) -> None:
        """One training step with the current rate and momentum."""
        self._forget_messages()
        self._train_some(1)
        self._show()

    def train(self, steps: int | None = None) -> None:
        """`steps` training steps (default: the N steps box), synchronously."""
        steps = self.steps_box.value if steps is None else steps
        steps = whole_number(steps, "steps", minimum=1)
        self._begin_training(steps)
        done = 0
        try:
            while done < steps and not self._stop_requested:  # divergence sets _stop_requested
                done += self._train_some(min(steps - done, 50))
                self._show(progress=done)
        finally:
            self._end_training(done)

    def reset(self) -> None:
        """Knobs back to the start, loss curve cleared (rate and momentum stay as set).

        An animation still running is abandoned here and now (not at its next frame), so a
        Train clicked right after Reset starts a new run instead of stopping the old one.
        """
        self._generation += 1
        self._stop_requested = False
        self._training = None
        self.train_button.description = "Train N"
        self.polynomial.set_values(self.start)
        self.run.steps_done = 0
        self.run.restart()
        self.history = [(0, self.run.current.loss)]
        self._drawn_history = -1
        self._history_top = 0.0
        self.progress.value = 0
        self.progress_label.value = ""
        self._forget_messages()
        self._show()

    # ------------------------------------------------------------------ training
    def _train_some(self, steps: int) -> int:
        """Up to `steps` training steps; returns how many were done (fewer if it diverged)."""
        if steps > 0:
            self._move = None  # training moves the knobs: a hand-made move is over
            self.prediction.value = ""
        for done in range(steps):
            try:
                record = self.run.step()
            except DivergenceError as error:
                self._recover_from(error)
                return done
            self.history.append((record.step, record.loss))
        return steps

    def _recover_from(self, error: DivergenceError) -> None:
        """Put the knobs back where they were before the step that blew up, and say why."""
        self.polynomial.set_values(self.run.current.coefficients)
        self.run.steps_done = self.run.current.step
        self.run.restart()
        stable = self.shape.largest_stable_learning_rate(self.run.momentum)
        self.status.value = (
            f"<b>Stopped:</b> {error} The largest stable rate here is about {stable:.3g} "
            f"(2(1 + momentum) / λ<sub>max</sub>). The knobs are back at step "
            f"{self.run.steps_done}."
        )
        self._stop_requested = True

    def _begin_training(self, steps: int) -> None:
        self._forget_messages()
        self.progress.max = max(1, steps)
        self.progress.value = 0
        self.progress_label.value = f"0/{steps} steps"

    def _end_training(self, done: int) -> None:
        """Show where the run ended: the progress bar counts the steps really done."""
        self._training = None
        self._stop_requested = False
        self.train_button.description = "Train N"
        self._show(progress=done)

    def _on_train_click(self, _button: widgets.Button) -> None:
        if self._training is not None:  # the button reads "Stop" while an animation runs
            self._stop_requested = True
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): train right here
            self.train()
            return
        # Set up the run here, in the click, not when the task first runs: a Stop clicked
        # before the task starts must not be overwritten by the run's start.
        steps = self.steps_box.value
        self._begin_training(steps)
        self._stop_requested = False
        self.train_button.description = "Stop"
        self._training = loop.create_task(self._train_animated(steps, self._generation))

    async def _train_animated(self, steps: int, generation: int) -> None:
        """Train in frames of FRAME_SECONDS, pausing between them so the browser can redraw."""
        task = asyncio.current_task()
        done = 0
        try:
            while done < steps and not self._stop_requested:
                frame_end = time.perf_counter() + FRAME_SECONDS
                while done < steps and time.perf_counter() < frame_end:
                    if self._train_some(1) == 0:
                        break  # diverged: _recover_from asked to stop
                    done += 1
                if self._stop_requested or done >= steps:
                    break
                self._show(progress=done)
                await asyncio.sleep(PAUSE_SECONDS)
                if generation != self._generation:  # reset() was pressed meanwhile
                    return
        finally:
            # Only the run that is still the panel's own may touch the controls: after a
            # Reset (and maybe a new Train) this task is an orphan and must leave them be.
            if generation == self._generation and self._training is task:
                self._end_training(done)

    # ------------------------------------------------------------------ the learner's knobs
    def _on_slider(self, change: dict) -> None:
        if self._syncing:
            return  # the code moved the slider to follow training: not a move
        slider = change["owner"]
        index = self.sliders.index(slider)
        knob = self.polynomial.coefficients[index]
        new = float(change["new"])
        move = self._move
        # A browser drag arrives as many messages of one gesture: one move from its start.
        # A value set from code (gesture None) is a move of its own.
        if (
            move is None
            or move.index != index
            or slider.gesture is None
            or move.gesture != slider.gesture
        ):
            self.status.value = ""
            move = self._move = _Move(
                index, slider.gesture, knob.data, self.run.current.loss,
                self.run.current.gradients[index],
            )  # fmt: skip
        knob.data = new
        # The pictures first: the curve and the loss need no graph (numpy, well under a
        # millisecond even at N = 1000), so they leave for the browser before the forward
        # and backward pass that the gradient readouts wait for.
        with np.errstate(over="ignore", invalid="ignore"):  # absurd knobs: inf, said below
            self._show_curve_and_marker(loss_value(self.polynomial.values(), self.data))
        if self._after_manual_change():
            self._describe(move, new)

    def _describe(self, move: _Move, now: float) -> None:
        """Say what the move did: the tangent line's prediction against the real change."""
        k = move.index
        delta = now - move.origin
        predicted = move.origin_gradient * delta
        actual = self.run.current.loss - move.origin_loss
        text = (
            f"You moved k{k} from {move.origin:.3f} to {now:.3f} (Δ = {_signed(delta)}). "
            f"The gradient predicted ΔL ≈ dL/dk{k} × Δ = {move.origin_gradient:.4g} × "
            f"{delta:.4g} = <b>{_signed(predicted)}</b>; the loss actually changed by "
            f"<b>{_signed(actual)}</b>."
        )
        if delta != 0 and _disagree(predicted, actual):
            curvature = 0.5 * self.curvatures[k] * delta**2
            text += (
                f"<br>Why they differ: the loss is curved. Along k{k} it changes by exactly "
                f"dL/dk{k}·Δ + ½·(d²L/dk{k}²)·Δ² = {_signed(predicted)} "
                f"{_signed(curvature)}; the gradient sees only the first term."
            )
            if abs(move.origin_gradient) * abs(delta) < curvature:
                text += (
                    f" Here the slope is small (near the best k{k}), so the second-order term "
                    "wins: a move this big raises the loss whichever way it goes."
                )
        self.prediction.value = text

    def _after_manual_change(self) -> bool:
        """A knob was turned by hand: the ball stops (velocity 0) and everything is re-measured."""
        try:
            self.run.restart()
        except DivergenceError as error:
            self.status.value = f"<b>Cannot evaluate these knobs:</b> {error}"
            return False
        self._show()
        return True

    def _forget_messages(self) -> None:
        """Step, Train, Reset and set_coefficients start a new state: old messages go."""
        self._move = None
        self.prediction.value = ""
        self.status.value = ""

    def _on_learning_rate(self, change: dict) -> None:
        self.run.learning_rate = float(change["new"])
        self._show_rate_info()

    def _on_momentum(self, change: dict) -> None:
        self.run.momentum = float(change["new"])
        self._show_rate_info()

    def _on_least_squares(self, _change: dict) -> None:
        self._draw_background()

    # ------------------------------------------------------------------ showing the state
    def _show(self, progress: int | None = None) -> None:
        """Bring every readout and both plots up to date with the model."""
        self._sync_sliders(self.polynomial.values())
        self._show_loss_curve()
        self._show_curve_and_marker(self.run.current.loss)
        loss, floor = self.run.current.loss, self.floor.loss
        self.loss_readout.value = (
            f"<b>loss = {loss:.6f}</b> &nbsp; least-squares floor = {floor:.6f} "
            f"&nbsp; ({loss / floor:.3f}× the floor) &nbsp; step {self.run.steps_done}"
        )
        self._show_gradients()
        self._show_rate_info()
        if progress is not None:
            self.progress.value = progress
            self.progress_label.value = f"{progress}/{self.progress.max} steps"

    def _show_curve_and_marker(self, loss: float) -> None:
        """Your curve at the knobs' values, and the loss plot's marker at `loss`."""
        # the browser draws "your curve" from the coefficients (js/plot.js, "polynomial")
        self.fit_plot.overlay = [self._your_curve(self.polynomial.values())]
        if not math.isfinite(loss):
            return  # nothing to mark; _after_manual_change says why
        plot = self.loss_plot
        with plot.hold_sync():  # one message: the marker and the ranges that keep it in view
            plot.overlay = [scatter([self.run.steps_done], [loss], RED, size=4)]
            top = max(self._history_top, loss, self.floor.loss)
            last_step = self.history[-1][0]
            plot.x_range = [0.0, max(10, self.run.steps_done, last_step) * 1.03]
            plot.y_range = [self.floor.loss * 0.5, top * 2.0]

    def _sync_sliders(self, values: Sequence[float]) -> None:
        self._syncing = True
        try:
            for slider, value in zip(self.sliders, values):
                if abs(value) > slider.max:  # training went past the range: widen it
                    limit = float(math.ceil(abs(value)))
                    slider.max, slider.min = limit, -limit
                slider.value = value
        finally:
            self._syncing = False

    def _show_loss_curve(self) -> None:
        """Resend the loss line only if training added steps since it was last sent.

        A move by hand changes no history, only the marker (see `_show_curve_and_marker`),
        so a slider move does not send a line of thousands of steps again.
        """
        if len(self.history) == self._drawn_history:
            return
        start = max(0, self._drawn_history)
        self._history_top = max([self._history_top, *(loss for _, loss in self.history[start:])])
        all_steps, all_losses = zip(*self.history)
        steps, losses = thin(all_steps, all_losses, LOSS_CURVE_POINTS)
        self.loss_plot.series = [line(steps, losses, RED, width=1.5, label="loss")]
        self._drawn_history = len(self.history)

    def _show_gradients(self) -> None:
        """Per knob: dL/dk, which way to nudge it, and predicted vs actual ΔL for a δ nudge."""
        values = list(self.run.current.coefficients)
        loss = loss_value(values, self.data)
        delta = self.nudge_box.value
        for k, (gradient, readout) in enumerate(
            zip(self.run.current.gradients, self.gradient_readouts)
        ):
            if gradient == 0.0:
                readout.value = f"dL/dk{k} = 0: flat, leave k{k} alone"  # exactly at the best
                continue
            move = -math.copysign(delta, gradient)  # downhill: against the gradient
            nudged = list(values)
            nudged[k] += move
            actual = loss_value(nudged, self.data) - loss
            predicted = gradient * move
            direction = "increase ↑" if gradient < 0 else "decrease ↓"
            second = f"nudge {_signed(move)}: predicted ΔL {_signed(predicted)}, "
            second += f"actual {_signed(actual)}"
            if _disagree(predicted, actual):
                # near the best value the slope is tiny and the curvature term decides
                curvature = 0.5 * self.curvatures[k] * move**2
                second += f" (curvature ½·d²L/dk{k}²·δ² {_signed(curvature)})"
            text = (
                f'<div style="font-size: 12px; line-height: 18px; white-space: nowrap">'
                f"dL/dk{k} = <b>{gradient:+.4f}</b> → {direction}<br>{second}</div>"
            )
            readout.value = text

    def _show_rate_info(self) -> None:
        plain = self.shape.largest_stable_learning_rate(0.0)
        with_momentum = self.shape.largest_stable_learning_rate(self.run.momentum)
        title = f"largest stable rate without momentum: 2/λmax = {plain:.3g}"
        marks = [{"value": plain, "label": "2/λmax", "colour": "#555555", "title": title}]
        if self.run.momentum > 0:
            marks.append({"value": with_momentum, "label": "2(1+β)/λmax", "colour": "#9467bd",
                          "title": f"largest stable rate with momentum {self.run.momentum:.3f}: "
                                   f"{with_momentum:.3g}"})  # fmt: skip
        self.learning_rate_slider.marks = marks
        limit = with_momentum if self.run.momentum > 0 else plain
        text = f"largest stable rate: 2/λ<sub>max</sub> = {plain:.3g}"
        if self.run.momentum > 0:
            text += (
                f"; with momentum {self.run.momentum:.3f}: 2(1 + β)/λ<sub>max</sub> = "
                f"{with_momentum:.3g}"
            )
        if self.run.learning_rate >= limit:
            text += ". <b>Your rate is above it: training will blow up.</b>"
        self.rate_info.value = text + "."


def _check_settings(train_steps: object, nudge: object) -> tuple[int, float]:
    """Refuse a train_steps or nudge the panel's boxes could not show (they would clamp it)."""
    steps = whole_number(
        train_steps,
        "train_steps",
        1,
        MAX_TRAIN_STEPS,
        why=": it is how many steps one click on Train N does",
    )
    low, high = NUDGE_RANGE
    number = plain_real_number(nudge)
    if number is None or not low <= float(number) <= high:
        raise ValueError(
            f"nudge must be a number from {low:g} to {high:g}, got {nudge!r}: it is the small "
            "move δ of one knob whose effect on the loss the gradient predicts."
        )
    return steps, float(number)


# ---------------------------------------------------------------------- conditioning
def distance_plot(run: ConditioningRun, floor_loss: float, css_class: str) -> Plot:
    """Per-coefficient |k - k*| against the step, on a log scale, for one run."""
    steps = np.arange(len(run.distances))
    distances = np.maximum(np.asarray(run.distances), 1e-12)
    ratio = run.losses[-1] / floor_loss
    return Plot(
        css_class, width=470, height=300, y_log=True, legend="upper right",
        title=f"{run.name} (rate {run.learning_rate:.3g}): loss {ratio:.4g}× floor at the end",
        x_label="training step", y_label="|k - k*| (distance to the optimum)",
        x_range=[0.0, float(steps[-1])],
        y_range=[float(distances.min()) * 0.5, float(distances.max()) * 2.0],
        series=[line(steps, distances[:, k], PALETTE[k % len(PALETTE)], width=1.5,
                     label=f"k{k}") for k in range(distances.shape[1])],
    )  # fmt: skip


def conditioning_view(
    data: Dataset | None = None,
    degree: int = DEFAULT_DEGREE,
    steps: int = 300,
    momentum: float = DEFAULT_MOMENTUM,
) -> widgets.VBox:
    """Which knobs stall: plain gradient descent against momentum, knob by knob.

    Trains twice from zero (see `compare_plain_and_momentum`) and shows the distance of
    every coefficient to the least-squares optimum over the steps, above a short summary
    of the curvature (condition number, stable rates, the slowest direction).
    """
    data = make_dataset() if data is None else data
    plain, fast, floor = compare_plain_and_momentum(data, degree, steps, momentum)
    shape = conditioning(data.x, degree)
    slowest = ", ".join(
        f"k{k} {weight:+.2f}" for k, weight in enumerate(shape.slowest_direction)
        if abs(weight) >= 0.1
    )  # fmt: skip
    summary = widgets.HTML(
        f"Hessian eigenvalues from {shape.eigenvalues[0]:.3g} to {shape.eigenvalues[-1]:.3g}: "
        f"condition number <b>{shape.condition_number:,.0f}</b>. Largest stable rate "
        f"{shape.largest_stable_learning_rate():.3g} (2/λ<sub>max</sub>). Slowest direction "
        f"(λ<sub>min</sub>): {slowest}. After {steps} steps: plain "
        f"{plain.losses[-1] / floor.loss:.4g}× the floor, momentum "
        f"{fast.losses[-1] / floor.loss:.4g}× the floor."
    )
    summary.add_class("nudge-conditioning-summary")
    plots = widgets.HBox(
        [distance_plot(plain, floor.loss, "nudge-conditioning-plain"),
         distance_plot(fast, floor.loss, "nudge-conditioning-momentum")]
    )  # fmt: skip
    plots.add_class("nudge-conditioning-plot")
    return widgets.VBox([summary, plots])
