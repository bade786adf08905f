"""The nudge panel: turn the knobs k0..k5 of the polynomial fit by hand or let training turn them.

`NudgePanel()` shows one slider per coefficient, the learning-rate and momentum controls,
Step / Train / Reset buttons, the points with the current curve (and the least-squares
curve on request), a loss curve that grows live above the least-squares floor, and per
knob its gradient, which way to nudge it, and the loss change the gradient predicts for
a small nudge beside the actual change.

`conditioning_view()` is the picture for "why the last knobs move slowly": per-coefficient
distance to the optimum over the steps, plain gradient descent against momentum.

Plots are ipympl canvases (from `autograd.widgets._canvas`) updated with `set_data` +
`draw_idle` (never `draw()`: in the cell that first displays an ipympl figure that leaves
the browser canvas blank), so each panel owns its figures and nothing is displayed twice.
"""

from __future__ import annotations

import asyncio
import math
import numbers
import time
from collections import deque
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from autograd.polyfit import (
    DEFAULT_DEGREE,
    DEFAULT_MOMENTUM,
    ConditioningRun,
    Dataset,
    DivergenceError,
    GradientDescent,
    Polynomial,
    compare_plain_and_momentum,
    conditioning,
    evaluate,
    least_squares,
    make_dataset,
    numpy_loss,
)
from autograd.widgets._canvas import freeze_layout, live_figure

# Animated training: compute for FRAME_SECONDS, show the result, then pause PAUSE_SECONDS so
# the kernel can answer the browser (its request for the new picture, clicks, slider drags).
FRAME_SECONDS = 0.06
PAUSE_SECONDS = 0.03
SLIDER_STEP = 0.001
# The browser echoes back every value the kernel sets on a slider, snapped to the slider's
# step, and the echo can arrive after the kernel has moved on (during Train, several steps
# later). A value within half a step of one the code set in the last ECHO_SECONDS is such an
# echo, not the learner's hand.
ECHO_SECONDS = 3.0
# The limits of the "N steps" box and the "nudge δ" box (the constructor's train_steps, nudge)
MAX_TRAIN_STEPS = 20000
NUDGE_RANGE = (1e-6, 1.0)


def _signed(number: float) -> str:
    return f"{number:+.3g}"


class NudgePanel(widgets.VBox):
    """Sliders for k0..kd, training controls, the live fit and the live loss curve.

    Every panel has its own data, model, training state and figures. Drive it from code
    with `step()`, `train(n)` (synchronous) and `reset()`, or through its widgets
    (`sliders`, `step_button`, `train_button`, `reset_button`, ...). In a running kernel
    the Train button animates (asyncio task, the kernel stays responsive and the button
    turns into Stop); without an event loop it trains synchronously.
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
    ) -> None:
        train_steps, nudge = _check_settings(train_steps, nudge)
        self.data = make_dataset() if data is None else data
        self.polynomial = Polynomial(degree, start)
        self.start = tuple(self.polynomial.values())
        self.floor = least_squares(self.data, degree)
        self.shape = conditioning(self.data.x, degree)
        self.run = GradientDescent(self.polynomial, self.data, learning_rate, momentum)
        self.history: list[tuple[int, float]] = [(0, self.run.current.loss)]
        self._syncing = False  # True while the code (not the learner) moves the sliders
        # per slider: (time, value) of what the code set lately, to recognise the browser's echoes
        self._values_set: list[deque[tuple[float, float]]] = [
            deque(maxlen=1000) for _ in range(degree + 1)
        ]
        self._training: asyncio.Task | None = None
        self._stop_requested = False
        self._generation = 0  # bumped by reset(), so an animation from before stops
        self._forget_drawn_history()

        self._build_controls(train_steps, nudge)
        self._build_figures()
        super().__init__(
            [
                widgets.HBox([self.data_figure.canvas, self.loss_figure.canvas]),
                self.loss_readout,
                widgets.HBox([widgets.VBox(self.rows), self._training_box()]),
                self.prediction,
                self.status,
            ]
        )
        self.add_class("nudge-panel")
        self._show()

    # ------------------------------------------------------------------ building
    def _build_controls(self, train_steps: int, nudge: float) -> None:
        self.sliders = []
        self.gradient_readouts = []
        self.rows = []
        for k, value in enumerate(self.start):
            limit = max(5.0, math.ceil(abs(value)))
            slider = widgets.FloatSlider(
                value=value, min=-limit, max=limit, step=SLIDER_STEP, description=f"k{k}",
                readout_format=".3f", continuous_update=True,
                layout=widgets.Layout(width="340px"),
                style={"description_width": "24px"},  # room for the track, not the label
            )  # fmt: skip
            slider.add_class(f"nudge-k{k}")
            slider.add_class("nudge-slider")
            slider.observe(self._on_slider, names="value")
            readout = widgets.HTML()
            readout.add_class(f"nudge-grad-k{k}")
            self.sliders.append(slider)
            self.gradient_readouts.append(readout)
            self.rows.append(widgets.HBox([slider, readout]))

        # the rate's range: from 1/1000 of the starting rate to 10x the largest stable rate,
        # or to 10x the starting rate if that is higher (the slider must show the rate in use)
        rate_exponent = math.log10(self.run.learning_rate)
        lowest = math.floor(rate_exponent) - 3
        highest = math.ceil(math.log10(self.shape.largest_stable_learning_rate(0.99))) + 1
        highest = max(highest, math.ceil(rate_exponent) + 1)
        self.learning_rate_slider = widgets.FloatLogSlider(
            value=self.run.learning_rate, base=10, min=lowest, max=highest, step=0.01,
            description="rate", readout_format=".3g",
        )  # fmt: skip
        self.learning_rate_slider.add_class("nudge-lr")
        self.learning_rate_slider.observe(self._on_learning_rate, names="value")
        self.momentum_slider = widgets.FloatSlider(
            value=self.run.momentum, min=0.0, max=0.99, step=0.01, description="momentum",
            readout_format=".2f",
        )  # fmt: skip
        self.momentum_slider.add_class("nudge-momentum")
        self.momentum_slider.observe(self._on_momentum, names="value")
        self.rate_info = widgets.HTML()
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
            value=0, min=0, max=1, description="training", layout=widgets.Layout(width="230px")
        )  # narrow enough that the "150/150" label beside it stays inside the panel
        self.progress.add_class("nudge-progress")
        self.progress_label = widgets.Label("")
        self.loss_readout = widgets.HTML()
        self.loss_readout.add_class("nudge-loss")
        self.prediction = widgets.HTML()
        self.prediction.add_class("nudge-prediction")
        self.status = widgets.HTML()
        self.status.add_class("nudge-status")

    def _training_box(self) -> widgets.VBox:
        return widgets.VBox(
            [
                self.learning_rate_slider,
                self.momentum_slider,
                self.rate_info,
                self.steps_box,
                widgets.HBox([self.step_button, self.train_button, self.reset_button]),
                widgets.HBox([self.progress, self.progress_label]),
                self.nudge_box,
                self.least_squares_checkbox,
            ]
        )

    def _build_figures(self) -> None:
        x, y = self.data.x, self.data.y
        low, high = self.data.x_range
        self._grid = np.linspace(low, high, 200)
        self.data_figure = live_figure(5.0, 3.2, "nudge-plot")
        ax = self.data_figure.add_subplot()
        ax.plot(x, y, "o", ms=3.5, color="0.45", label="points")
        (self._least_squares_line,) = ax.plot(
            self._grid, self.floor_curve(), "--", color="tab:green", label="least squares",
            visible=False,
        )  # fmt: skip
        (self._curve,) = ax.plot(self._grid, self._grid * 0, color="tab:blue", lw=2,
                                 label="your curve")  # fmt: skip
        margin = 0.3 * (y.max() - y.min()) + 1e-9
        ax.set(xlim=(low, high), ylim=(y.min() - margin, y.max() + margin), xlabel="x",
               ylabel="y", title="the points and your curve")  # fmt: skip
        self._data_axes = ax
        self._update_legend()
        # few tick labels: text is most of what a redraw costs
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.yaxis.set_major_locator(MaxNLocator(5))

        self.loss_figure = live_figure(5.0, 3.2, "nudge-loss-plot")
        self._loss_axes = ax = self.loss_figure.add_subplot()
        ax.set_yscale("log")
        ax.axhline(self.floor.loss, color="tab:green", ls="--", label="least-squares floor")
        (self._loss_line,) = ax.plot([], [], color="tab:red", lw=1.5, label="loss")
        (self._loss_marker,) = ax.plot([], [], "o", color="tab:red", ms=5)
        ax.set(xlabel="training step", ylabel="loss (log scale)", title="the loss going down")
        ax.legend(loc="upper right", fontsize="small")
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        # plain "0.01" labels, none on minor ticks: mathtext "10^-2" labels cost ~1 ms each
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        self._show_loss_curve()  # the starting limits, so the layout fits their tick labels
        for figure in (self.data_figure, self.loss_figure):
            freeze_layout(figure)

    def floor_curve(self) -> np.ndarray:
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
        self._after_manual_change()

    def step(self) -> None:
        """One training step with the current rate and momentum."""
        self._train_some(1)
        self._show()

    def train(self, steps: int | None = None) -> None:
        """`steps` training steps (default: the N steps box), synchronously."""
        steps = self.steps_box.value if steps is None else steps
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
            raise ValueError(f"steps must be a whole number >= 1, got {steps!r}.")
        self._begin_training(steps)
        done = 0
        try:
            while done < steps and not self._stop_requested:  # divergence sets _stop_requested
                done += self._train_some(min(steps - done, 50))
                self._show(progress=done)
        finally:
            self._end_training()

    def reset(self) -> None:
        """Knobs back to the start, loss curve cleared (rate and momentum stay as set)."""
        self._generation += 1
        self._stop_requested = True
        self.polynomial.set_values(self.start)
        self.run.steps_done = 0
        self.run.restart()
        self.history = [(0, self.run.current.loss)]
        self._forget_drawn_history()
        self.progress.value = 0
        self.progress_label.value = ""
        self.prediction.value = ""
        self.status.value = ""
        self._show()

    # ------------------------------------------------------------------ training
    def _train_some(self, steps: int) -> int:
        """Up to `steps` training steps; returns how many were done (fewer if it diverged)."""
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
        self._stop_requested = False
        self.status.value = ""
        self.progress.max = max(1, steps)
        self.progress.value = 0
        self.progress_label.value = f"0/{steps}"

    def _end_training(self) -> None:
        self._training = None
        self.train_button.description = "Train N"
        self._show()

    def _on_train_click(self, _button: widgets.Button) -> None:
        if self._training is not None:  # the button reads "Stop" while an animation runs
            self._stop_requested = True
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): train right here
            self.train()
            return
        self.train_button.description = "Stop"
        self._training = loop.create_task(self._train_animated(self.steps_box.value))

    async def _train_animated(self, steps: int) -> None:
        """Train in frames of FRAME_SECONDS, pausing between them so the browser can redraw."""
        generation = self._generation
        self._begin_training(steps)
        done = 0
        try:
            while done < steps and not self._stop_requested:
                frame_end = time.perf_counter() + FRAME_SECONDS
                while done < steps and time.perf_counter() < frame_end:
                    if self._train_some(1) == 0:
                        break
                    done += 1
                if self._stop_requested:
                    break
                self._show(progress=done)
                await asyncio.sleep(PAUSE_SECONDS)
                if generation != self._generation:  # reset() was pressed meanwhile
                    return
        finally:
            if generation == self._generation:
                self._end_training()
            else:
                self._training = None
                self.train_button.description = "Train N"

    # ------------------------------------------------------------------ the learner's knobs
    def _on_slider(self, change: dict) -> None:
        if self._syncing:
            return  # the code moved the slider to follow training: no feedback loop
        index = self.sliders.index(change["owner"])
        knob = self.polynomial.coefficients[index]
        new = float(change["new"])
        if new == knob.data or self._is_echo(index, new):
            return  # the browser sending back a value the code set (snapped): not a move
        old_loss, old_gradient = self.run.current.loss, self.run.current.gradients[index]
        delta = new - knob.data
        knob.data = new
        self._after_manual_change()
        predicted = old_gradient * delta
        actual = self.run.current.loss - old_loss
        big_move = abs(delta) > 0.05
        self.prediction.value = (
            f"You moved k{index} by {_signed(delta)}. The gradient predicted "
            f"ΔL ≈ dL/dk{index} × Δ = {old_gradient:.4g} × {delta:.4g} = "
            f"<b>{_signed(predicted)}</b>; the loss actually changed by "
            f"<b>{_signed(actual)}</b>."
            + (" (A big move: the tangent line drifts off the curve.)" if big_move else "")
        )

    def _is_echo(self, index: int, value: float) -> bool:
        """Whether `value` is one the code set on slider `index` lately, snapped to the step."""
        values_set = self._values_set[index]
        recent = time.monotonic() - ECHO_SECONDS
        while values_set and values_set[0][0] < recent:  # too old to be an echo: forget it
            values_set.popleft()
        tolerance = SLIDER_STEP * 0.5001  # the browser rounds to the nearest step
        return any(abs(value - v) <= tolerance for _, v in values_set)

    def _after_manual_change(self) -> None:
        """A knob was turned by hand: the ball stops (velocity 0) and everything is re-measured."""
        try:
            self.run.restart()
        except DivergenceError as error:
            self.status.value = f"<b>Cannot evaluate these knobs:</b> {error}"
            return
        self._show()

    def _on_learning_rate(self, change: dict) -> None:
        self.run.learning_rate = float(change["new"])
        self._show_rate_info()

    def _on_momentum(self, change: dict) -> None:
        self.run.momentum = float(change["new"])
        self._show_rate_info()

    def _on_least_squares(self, change: dict) -> None:
        self._least_squares_line.set_visible(bool(change["new"]))
        self._update_legend()
        self.data_figure.canvas.draw_idle()

    def _update_legend(self) -> None:
        """A legend of the visible lines only (a hidden line would leave an empty entry)."""
        shown = [line for line in self._data_axes.get_lines() if line.get_visible()]
        self._data_axes.legend(handles=shown, loc="upper left", fontsize="small")

    # ------------------------------------------------------------------ showing the state
    def _show(self, progress: int | None = None) -> None:
        """Bring every readout and both plots up to date with the model (no full redraw)."""
        values = self.polynomial.values()
        self._sync_sliders(values)
        self._curve.set_ydata(evaluate(values, self._grid))
        self.data_figure.canvas.draw_idle()
        self._show_loss_curve()
        loss, floor = self.run.current.loss, self.floor.loss
        self.loss_readout.value = (
            f"<b>loss = {loss:.6f}</b> &nbsp; least-squares floor = {floor:.6f} "
            f"&nbsp; ({loss / floor:.3f}× the floor) &nbsp; step {self.run.steps_done}"
        )
        self._show_gradients()
        self._show_rate_info()
        if progress is not None:
            self.progress.value = progress
            self.progress_label.value = f"{progress}/{self.progress.max}"

    def _sync_sliders(self, values: Sequence[float]) -> None:
        self._syncing = True
        now = time.monotonic()
        try:
            for slider, value, values_set in zip(self.sliders, values, self._values_set):
                if abs(value) > slider.max:  # training went past the range: widen it
                    limit = float(math.ceil(abs(value)))
                    slider.max, slider.min = limit, -limit
                if slider.value != value:
                    values_set.append((now, value))
                    slider.value = value
        finally:
            self._syncing = False

    def _forget_drawn_history(self) -> None:
        """The loss line shows nothing yet: the next `_show_loss_curve` draws all of history."""
        self._drawn_length = 0  # how many history points the loss line holds
        self._history_top = 0.0  # the largest loss among them (losses are >= 0)

    def _show_loss_curve(self) -> None:
        """Move the marker to the current loss; re-set the line only if training added steps.

        This runs on every slider move, and re-setting a line of 100k steps each time would
        make the slider lag: a move by hand changes no history, only the marker and limits.
        """
        if len(self.history) != self._drawn_length:
            added = self.history[self._drawn_length :]
            self._history_top = max(self._history_top, max(loss for _, loss in added))
            steps, losses = zip(*self.history)
            self._loss_line.set_data(steps, losses)
            self._drawn_length = len(self.history)
        current = self.run.current.loss
        self._loss_marker.set_data([self.run.steps_done], [current])
        top = max(self._history_top, current, self.floor.loss)
        last_step = self.history[-1][0]
        self._loss_axes.set_xlim(0, max(10, self.run.steps_done, last_step) * 1.03)
        self._loss_axes.set_ylim(self.floor.loss * 0.5, top * 2.0)
        self.loss_figure.canvas.draw_idle()

    def _show_gradients(self) -> None:
        """Per knob: dL/dk, which way to nudge it, and predicted vs actual ΔL for a δ nudge."""
        values = list(self.run.current.coefficients)
        loss = numpy_loss(values, self.data)
        delta = self.nudge_box.value
        for k, (gradient, readout) in enumerate(
            zip(self.run.current.gradients, self.gradient_readouts)
        ):
            if gradient == 0.0:
                readout.value = f"dL/dk{k} = 0: flat, leave k{k} alone"
                continue
            move = -math.copysign(delta, gradient)  # downhill: against the gradient
            nudged = list(values)
            nudged[k] += move
            actual = numpy_loss(nudged, self.data) - loss
            direction = "increase ↑" if gradient < 0 else "decrease ↓"
            readout.value = (
                f"dL/dk{k} = <b>{gradient:+.4f}</b> → {direction} &nbsp; "
                f"nudge {_signed(move)}: predicted ΔL {_signed(gradient * move)}, "
                f"actual {_signed(actual)}"
            )

    def _show_rate_info(self) -> None:
        plain = self.shape.largest_stable_learning_rate(0.0)
        with_momentum = self.shape.largest_stable_learning_rate(self.run.momentum)
        warning = ""
        if self.run.learning_rate >= with_momentum:
            warning = " <b>Your rate is above it: training will blow up.</b>"
        self.rate_info.value = (
            f"largest stable rate: {plain:.3g} without momentum, {with_momentum:.3g} with "
            f"momentum {self.run.momentum:.2f}.{warning}"
        )


def _check_settings(train_steps: object, nudge: object) -> tuple[int, float]:
    """Refuse a train_steps or nudge the panel's boxes could not show (they would clamp it)."""
    if (
        isinstance(train_steps, bool)
        or not isinstance(train_steps, numbers.Integral)
        or not 1 <= train_steps <= MAX_TRAIN_STEPS
    ):
        raise ValueError(
            f"train_steps must be a whole number from 1 to {MAX_TRAIN_STEPS:,}, got "
            f"{train_steps!r}: it is how many steps one click on Train N does."
        )
    low, high = NUDGE_RANGE
    if isinstance(nudge, bool) or not isinstance(nudge, numbers.Real) or not low <= nudge <= high:
        raise ValueError(
            f"nudge must be a number from {low:g} to {high:g}, got {nudge!r}: it is the small "
            "move δ of one knob whose effect on the loss the gradient predicts."
        )
    return int(train_steps), float(nudge)


# ---------------------------------------------------------------------- conditioning
def plot_distances(ax: Axes, run: ConditioningRun, floor_loss: float) -> None:
    """Per-coefficient |k - k*| against the step, on a log scale, for one run."""
    steps = np.arange(len(run.distances))
    for k in range(run.distances.shape[1]):
        ax.plot(steps, np.maximum(run.distances[:, k], 1e-12), lw=1.5, label=f"k{k}")
    ratio = run.losses[-1] / floor_loss
    ax.set_yscale("log")
    ax.set(
        xlabel="training step",
        ylabel="|k - k*| (distance to the optimum)",
        title=f"{run.name} (rate {run.learning_rate:.3g}): loss {ratio:.4g}× floor at the end",
    )
    ax.title.set_fontsize("small")
    ax.legend(fontsize="x-small", ncol=2)


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
    figure = live_figure(10.0, 3.6, "nudge-conditioning-plot")
    left, right = figure.subplots(1, 2, sharey=True)
    plot_distances(left, plain, floor.loss)
    plot_distances(right, fast, floor.loss)
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
    return widgets.VBox([summary, figure.canvas])
