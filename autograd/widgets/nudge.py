"""The nudge panel: turn the knobs k0..k5 of the polynomial fit by hand or let training turn them.

`NudgePanel()` shows one slider per coefficient (the least-squares value marked under
each), the learning-rate control (2/λmax and, with momentum, 2(1 + β)/λmax marked), Step /
Train / Reset, the points with your curve (and the least-squares curve on request), a loss
curve that grows live above the least-squares floor, and per knob its gradient, which way
to nudge it, and the loss change the gradient predicts for a small nudge beside the
actual change.

The points are the learner's too: a click on the fit plot adds a point there, a
shift-click on a point removes it; the least-squares curve, the floor, the stable rates and
the loss follow at once. With `graph=True` the panel also shows the computation graph of
ONE point's squared error (`point_loss()`: the knobs, x and y as leaves, Horner's
products and sums, the error and its square), every node's data and grad and every edge's
local derivative, updated with every move, every Step and every frame of Train. A click on
a point picks the point whose graph is shown.

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
import dataclasses
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import traitlets

from autograd.bases import hessian, power_matrix
from autograd.conditioning import ConditioningRun, compare_plain_and_momentum, conditioning
from autograd.engine import Value
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
)
from autograd.validate import finite_number, plain_real_number, whole_number
from autograd.widgets.plot import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PALETTE,
    RED,
    Plot,
    PlotClick,
    line,
    polynomial,
    scatter,
    thin,
)
from autograd.widgets.slider import KnobLink, KnobSlider, KnobValueError

# Animated training: compute for FRAME_SECONDS, show the result, then pause PAUSE_SECONDS so
# the kernel can answer the browser (slider moves, clicks) between frames.
FRAME_SECONDS = 0.06
PAUSE_SECONDS = 0.03
KNOB_STEP = 0.001  # a drag's resolution; an arrow key moves a knob by a step one can see
KNOB_KEYS_ACROSS = 40  # arrow presses from the middle of a knob's track to its end, about
# The rate slider is logarithmic: an arrow key multiplies the rate by 10^0.1 (ten presses a
# factor of 10, three about 2), on a grid through the starting rate, so it is always a few
# presses away; the track reaches 100 times below it.
RATE_KEY_FACTOR = 10**0.1
RATE_PRESSES_BELOW = 20
MOMENTUM_STEP = 0.001
MOMENTUM_KEY_STEP = 0.01
MOMENTUM_MAX = 0.999  # momentum must stay below 1 (the velocity would never decay)
# The limits of the "N steps" box and the "nudge δ" box (the constructor's train_steps, nudge)
MAX_TRAIN_STEPS = 20000
NUDGE_RANGE = (1e-6, 1.0)
# Points of the loss curve sent per frame at most (the plot is ~400 px wide).
LOSS_CURVE_POINTS = 1200
# A first-order prediction "disagrees" with the actual change when they differ by more
# than this share of the larger of the two (or have opposite signs).
DISAGREEMENT = 0.25
# Text rows keep their width (a longer number must not shift the layout), inside the 848 px
# of a notebook's output area at a 1280 px window with JupyterLab's file browser open.
FIXED_TEXT_WIDTH = "840px"
# Clicks on the fit plot: within this many pixels of a point, the click is on that point.
PICK_RADIUS_PX = 8.0
MAX_POINTS = 2000  # every move recomputes the loss over all points: keep it quick


def _fmt(number: float, spec: str) -> str:
    """format(number, spec), with no sign on a number that rounds to zero (never "-0.000")."""
    text = format(number, spec)
    try:
        return text.lstrip("+-") if float(text) == 0 else text
    except ValueError:  # inf, nan: as Python writes them
        return text


def _signed(number: float) -> str:
    return _fmt(number, "+.3g")


def _disagree(predicted: float, actual: float) -> bool:
    """Whether the tangent line's prediction is visibly off from what really happened."""
    if predicted * actual < 0:
        return True
    return abs(actual - predicted) > DISAGREEMENT * max(abs(actual), abs(predicted), 1e-15)


def _nice_step(rough: float) -> float:
    """The 1-2-5 number (0.01, 0.02, 0.05, 0.1, ...) nearest above `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough * (1 - 1e-9))


@dataclass
class _Move:
    """One move of one knob by the learner: a whole drag, or one assignment from code."""

    index: int
    gesture: str | None  # the browser's gesture id; None for a move made by code
    origin: float  # the knob's value where the move started
    origin_loss: float
    origin_gradient: float


class _CheckedBox:
    """A bounded number box that refuses a value it cannot show instead of clamping it.

    ipywidgets' BoundedFloatText/BoundedIntText move a value set from Python to the nearest
    end (nan to the minimum): the panel would then train with a number nobody asked for.
    The browser's box clamps what the learner types before sending it, so only code meets
    this refusal.
    """

    description: str
    min: float
    max: float

    @traitlets.validate("value")
    def _validate_value(self, proposal: traitlets.Bunch) -> Any:
        value = proposal["value"]
        name = self.description or "the box"
        try:
            number = finite_number(value, name)
        except (TypeError, ValueError) as error:
            raise KnobValueError(str(error)) from None
        if not self.min <= number <= self.max:
            raise KnobValueError(
                f"{name} must be from {self.min:g} to {self.max:g}, got {value!r}."
            )
        return value


class CheckedFloatText(_CheckedBox, widgets.BoundedFloatText):
    """A BoundedFloatText that refuses nan, inf and out-of-range values set from Python."""


class CheckedIntText(_CheckedBox, widgets.BoundedIntText):
    """A BoundedIntText that refuses out-of-range values set from Python."""


class NudgePanel(widgets.VBox):
    """Sliders for k0..kd, training controls, the live fit and the live loss curve.

    Every panel has its own data, model, training state and plots. Drive it from code
    with `step()`, `train(n)` (synchronous), `reset()`, `add_point(x, y)`,
    `remove_point(i)` and `pick_point(i)`, or through its widgets (`sliders`,
    `step_button`, `train_button`, `reset_button`, `fit_plot`, ...). In a running kernel
    the Train button animates (asyncio task, the kernel stays responsive and the button
    turns into Stop); without an event loop it trains synchronously.

    `show_momentum=False` hides the momentum control (notebook 6 teaches plain gradient
    descent; momentum arrives in notebook 7). `graph=True` shows the computation graph of
    one point's squared error beside the plots (see the module doc).
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
        graph: bool = False,
    ) -> None:
        train_steps, nudge = _check_settings(train_steps, nudge)
        self.data = make_dataset() if data is None else _check_data(data)
        self.polynomial = Polynomial(degree, start)
        self.start = tuple(self.polynomial.values())
        self.floor = least_squares(self.data, self.polynomial.degree)
        self.shape = conditioning(self.data.x, self.polynomial.degree)
        self.curvatures = self._curvatures()
        self.run = GradientDescent(self.polynomial, self.data, learning_rate, momentum)
        # Reset brings these back, as it brings back the knobs
        self.start_learning_rate = self.run.learning_rate
        self.start_momentum = self.run.momentum
        self.history: list[tuple[int, float]] = [(0, self.run.current.loss)]
        self.show_momentum = bool(show_momentum)
        self._syncing = False  # True while the code (not the learner) moves the sliders
        self._move: _Move | None = None
        self._training: asyncio.Task | None = None
        self._stop_requested = False
        self._generation = 0  # bumped by reset(), so an animation from before stops
        # The point whose graph is shown: the one farthest right (every power of x matters)
        self._picked = max(range(len(self.data.x)), key=self.data.x.__getitem__)
        # Shared by the knob sliders and the fit plot: the curve follows a drag in the
        # browser at once, before (and without) the kernel's answer.
        self.knob_link = KnobLink()
        self._point_marks: list[dict] = []  # the picked point's ring and error bar
        self._with_graph = bool(graph)
        self.graph: Any = None  # the LiveGraph of point_loss(), with graph=True

        self._build_controls(train_steps, nudge)
        self._build_plots()
        if self._with_graph:
            self.graph = self._build_graph()
        top: list[widgets.Widget] = [widgets.HBox([self.fit_plot, self.loss_plot]), self.data_info]
        if self.graph is not None:
            top += [self.point_info, self.graph]
        super().__init__(
            [
                *top,
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
    def _curvatures(self) -> tuple[float, ...]:
        # d²L/dk² per knob: the loss is a parabola along each knob, so a move Δ changes it
        # by exactly dL/dk·Δ + ½·d²L/dk²·Δ² (the second term is what the tangent leaves out)
        bowl = hessian(power_matrix(self.data.x, self.polynomial.degree))
        return tuple(float(bowl[k][k]) for k in range(len(bowl)))

    def _knob_limit(self) -> float:
        """One range for all knobs, so their positions compare at a glance.

        The least-squares knobs with a quarter to spare (the optimum must not sit at an
        end), or the knobs' values now.
        """
        best = self.floor.coefficients
        values = self.polynomial.values()
        reach = max(1.25 * max(map(abs, best)), max(map(abs, values)), 1.0)
        return math.ceil(reach * 2) / 2

    def _build_controls(self, train_steps: int, nudge: float) -> None:
        self.sliders: list[KnobSlider] = []
        self.gradient_readouts: list[widgets.HTML] = []
        self.rows: list[widgets.Widget] = []
        limit = self._knob_limit()
        key_step = _nice_step(limit / KNOB_KEYS_ACROSS)
        for k, value in enumerate(self.start):
            slider = KnobSlider(
                value=value, min=-limit, max=limit, step=KNOB_STEP, key_step=key_step,
                description=f"k{k}", readout_format=".3f", track_width=200, readout_width=52,
                marks=self._knob_marks(k), css_classes=(f"nudge-k{k}", "nudge-slider"),
                link=self.knob_link, link_index=k,
            )  # fmt: skip
            slider.observe(self._on_slider, names="value")
            readout = widgets.HTML(layout=widgets.Layout(width="540px", height="40px"))
            readout.add_class(f"nudge-grad-k{k}")
            self.sliders.append(slider)
            self.gradient_readouts.append(readout)
            self.rows.append(widgets.HBox([slider, readout]))

        low, high = self._rate_range()
        self.learning_rate_slider = KnobSlider(
            value=self.run.learning_rate, min=low, max=high, scale="log",
            key_step=RATE_KEY_FACTOR, anchor=self.start_learning_rate, step=1e-6,
            description="rate", readout_format=".3g", track_width=230, readout_width=52,
            css_classes=("nudge-lr",),
        )  # fmt: skip
        self.learning_rate_slider.observe(self._on_learning_rate, names="value")
        self.momentum_slider = KnobSlider(
            value=self.run.momentum, min=0.0, max=MOMENTUM_MAX, step=MOMENTUM_STEP,
            key_step=MOMENTUM_KEY_STEP, description="momentum", readout_format=".3f",
            track_width=162, readout_width=52, css_classes=("nudge-momentum",),
        )  # fmt: skip
        self.momentum_slider.observe(self._on_momentum, names="value")
        if not self.show_momentum:
            self.momentum_slider.layout.display = "none"
        self.rate_info = widgets.HTML(layout=widgets.Layout(width="330px", height="54px"))
        self.rate_info.add_class("nudge-rate-info")
        self.steps_box = CheckedIntText(
            value=train_steps, min=1, max=MAX_TRAIN_STEPS, description="N steps"
        )
        self.steps_box.add_class("nudge-steps")
        self.nudge_box = CheckedFloatText(
            value=nudge, min=NUDGE_RANGE[0], max=NUDGE_RANGE[1], step=0.001, description="nudge δ"
        )
        self.nudge_box.add_class("nudge-delta")
        self.nudge_box.observe(lambda _: self._show_gradients(), names="value")

        self.step_button = widgets.Button(description="Step", tooltip="one training step")
        self.train_button = widgets.Button(description="Train N", tooltip="N training steps")
        self.reset_button = widgets.Button(
            description="Reset", tooltip="knobs, rate and momentum back to the start"
        )
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
        # The last row: it grows with its message (a divergence is explained whole, never
        # cut off in a scrolling box), and nothing of the panel is below it to push down.
        self.status = widgets.HTML(layout=widgets.Layout(width=FIXED_TEXT_WIDTH, min_height="48px"))
        self.status.add_class("nudge-status")
        self.data_info = widgets.HTML(layout=widgets.Layout(width=FIXED_TEXT_WIDTH))
        self.data_info.add_class("nudge-data")
        self.point_info = widgets.HTML(layout=widgets.Layout(width=FIXED_TEXT_WIDTH, height="40px"))
        self.point_info.add_class("nudge-point")

    def _knob_marks(self, k: int) -> list[dict]:
        best = float(self.floor.coefficients[k])
        return [{"value": best, "label": "k*", "colour": GREEN,
                 "title": f"least-squares k{k}* = {_fmt(best, '.3f')}"}]  # fmt: skip

    def _rate_range(self) -> tuple[float, float]:
        """The rate slider's ends: on the key grid through the starting rate.

        Up to 1.2 times the largest stable rate (with the most momentum the control
        allows), down to 100 times below the starting rate (or below the stable rate).
        """
        anchor = self.start_learning_rate
        top_momentum = MOMENTUM_MAX if self.show_momentum else self.run.momentum
        top = max(1.2 * self.shape.largest_stable_learning_rate(top_momentum), anchor)
        bottom = min(anchor, self.shape.largest_stable_learning_rate(0.0)) / 100
        presses = math.log(RATE_KEY_FACTOR)
        up = math.ceil(math.log(top / anchor) / presses - 1e-9)
        down = max(RATE_PRESSES_BELOW, math.ceil(math.log(anchor / bottom) / presses - 1e-9))
        return anchor * RATE_KEY_FACTOR**-down, anchor * RATE_KEY_FACTOR**up

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
        low, high = self.data.x_range
        self.curve_x = [low + (high - low) * i / 199 for i in range(200)]
        pad = 0.02 * (high - low)  # the points at the ends are drawn whole
        # Two plots side by side and their labels inside a notebook's output area at a
        # 1280 px window (JupyterLab's sidebar open): 2 × 420 px.
        self.fit_plot = Plot(
            "nudge-plot", title="the points and your curve", x_label="x", y_label="y",
            width=420, x_range=[low - pad, high + pad], y_range=self._fit_y_range(),
            overlay=[self._your_curve(self.start)], link=self.knob_link,
        )  # fmt: skip
        self.fit_plot.on_click(self._on_plot_click)
        self._draw_background()
        self.loss_plot = Plot(
            "nudge-loss-plot", title="the loss going down", x_label="training step",
            y_label="loss (log scale)", y_log=True, legend="upper right", width=420,
        )  # fmt: skip
        self._draw_floor()
        self._drawn_history = -1  # length of history the loss plot shows (-1: none yet)
        self._history_top = 0.0  # the largest loss in history (losses are >= 0)

    def _fit_y_range(self) -> list[float]:
        low, high = min(self.data.y), max(self.data.y)
        margin = 0.3 * (high - low) + 1e-9
        return [low - margin, high + margin]

    def _draw_background(self) -> None:
        self.fit_plot.background = [
            scatter(self.data.x, self.data.y, GREY, size=2.5, label="points"),
            line(self.curve_x, self.floor_curve(), GREEN, width=1.5, dash=[6, 4],
                 label="least squares", visible=self.least_squares_checkbox.value),
        ]  # fmt: skip
        n = len(self.data)
        self.data_info.value = (
            f'<span style="font-size: 12px">{n} points. Click the plot to add a point; '
            "shift-click a point to remove it"
            + ("; click a point to show its graph below." if self._with_graph else ".")
            + "</span>"
        )

    def _draw_floor(self) -> None:
        self.loss_plot.background = [
            {"kind": "hline", "y": self.floor.loss, "colour": GREEN, "dash": [6, 4],
             "width": 1.5, "label": "least-squares floor"}
        ]  # fmt: skip

    def _your_curve(self, values: Sequence[float]) -> dict:
        """The knobs' polynomial, drawn by the browser; this panel's knob sliders move it."""
        return polynomial(values, BLUE, width=2, label="your curve", link=True)

    def floor_curve(self) -> list[float]:
        """The least-squares polynomial on the plot's x grid (the dashed green curve)."""
        return evaluate(self.floor.coefficients, self.curve_x)

    # ------------------------------------------------------------------ the live graph
    def _build_graph(self) -> widgets.Widget:
        from autograd.widgets.live_graph import LiveGraph

        graph = LiveGraph(self.point_loss())
        graph.add_class("nudge-graph")
        # The point's graph is 24 ranks deep (each product and sum, then the error and its
        # square): a box of its own that scrolls keeps the knobs and plots in view.
        graph.layout = widgets.Layout(max_height="620px", overflow="auto", width=FIXED_TEXT_WIDTH)
        return graph

    @property
    def picked_point(self) -> int:
        """The index (in `data`) of the point whose squared error the graph shows."""
        return self._picked

    def pick_point(self, index: int) -> None:
        """Show the graph of point `index` (as a click on that point does)."""
        index = whole_number(index, "index")
        if index >= len(self.data):
            raise ValueError(
                f"index must be 0..{len(self.data) - 1} (the panel has {len(self.data)} "
                f"points), got {index}."
            )
        self._picked = index
        self._show_point()

    def point_loss(self) -> Value:
        """The picked point's squared error at the knobs' current values, backward pass done.

        A graph of its own (new leaves k0..kd with the knobs' numbers, x and y), so its
        grads are d(squared error)/d(node) for this one point: the panel's loss is the mean
        of N such graphs, and its dL/dk the mean of their k grads.
        """
        i = self._picked
        x = Value(float(self.data.x[i]), label="x")
        y = Value(float(self.data.y[i]), label="y")
        model = Polynomial(self.polynomial.degree, self.polynomial.values())
        prediction = model(x)  # the same Horner graph the training loss is made of
        prediction.label = "prediction"
        error = prediction - y
        error.label = "error"
        squared = error * error  # as in the loss: the product rule sends 2·error back
        squared.label = "squared error"
        squared.backward()
        return squared

    def _show_point(self) -> None:
        """The graph's numbers, the picked point's ring and its readout."""
        if self.graph is None:
            return
        root = self.point_loss()
        self.graph.update(root)
        i = self._picked
        x, y = float(self.data.x[i]), float(self.data.y[i])
        prediction = root.inputs[0].inputs[0].data
        self._point_marks = [
            line([x, x], [y, prediction], ORANGE, width=2),
            scatter([x], [y], "rgba(0, 0, 0, 0)", size=6, edge=ORANGE),
        ]
        self.fit_plot.overlay = [self._your_curve(self.polynomial.values()), *self._point_marks]
        error = prediction - y
        self.point_info.value = (
            f'<div style="font-size: 12px; line-height: 18px">The graph below: point {i} '
            f"(x = {_fmt(x, '.3f')}, y = {_fmt(y, '.3f')}, ringed in orange): prediction "
            f"{_fmt(prediction, '.4f')}, error {_fmt(error, '.4f')}, squared error "
            f"<b>{_fmt(root.data, '.4g')}</b>. The loss is the mean of the {len(self.data)} "
            "points' squared errors, so dL/dk is the mean of their graphs' k grads.</div>"
        )

    # ------------------------------------------------------------------ the learner's points
    def add_point(self, x: float, y: float) -> int:
        """Add the point (x, y) to the data (as a click on the fit plot does); returns its index.

        x must lie in the plot's x range (the polynomial is fitted there); the floor, the
        least-squares curve, the stable rates and the loss follow, and the new point's
        graph is shown.
        """
        x, y = finite_number(x, "x"), finite_number(y, "y")
        low, high = self.data.x_range
        if not low <= x <= high:
            raise ValueError(
                f"x must be inside the plot's x range [{low:g}, {high:g}], got {x!r}: the "
                "knobs are fitted to points there."
            )
        if len(self.data) >= MAX_POINTS:
            raise ValueError(
                f"the panel holds at most {MAX_POINTS} points (every move recomputes the loss "
                "over all of them): remove one first."
            )
        data = dataclasses.replace(self.data, x=(*self.data.x, x), y=(*self.data.y, y))
        self._set_data(data, picked=len(data) - 1)
        self.status.value = (
            f"Added the point ({_fmt(x, '.3f')}, {_fmt(y, '.3f')}): {len(data)} points now. "
            "The loss, the floor and the stable rates are recomputed for them."
        )
        return len(data) - 1

    def remove_point(self, index: int) -> None:
        """Remove point `index` from the data (as a shift-click on it does).

        Refused when it would leave fewer different x values than knobs: then no single
        polynomial fits best (the least-squares floor has no unique curve).
        """
        index = whole_number(index, "index")
        n = len(self.data)
        if index >= n:
            raise ValueError(f"index must be 0..{n - 1} (the panel has {n} points), got {index}.")
        data = dataclasses.replace(
            self.data,
            x=self.data.x[:index] + self.data.x[index + 1 :],
            y=self.data.y[:index] + self.data.y[index + 1 :],
        )
        x, y = float(self.data.x[index]), float(self.data.y[index])
        picked = self._picked
        if picked == index:  # the graph moves to the nearest point left
            picked = min(range(len(data.x)), key=lambda i: abs(data.x[i] - x))
        elif picked > index:
            picked -= 1
        self._set_data(data, picked)
        self.status.value = (
            f"Removed the point ({_fmt(x, '.3f')}, {_fmt(y, '.3f')}): {len(data)} points now. "
            "The loss, the floor and the stable rates are recomputed for them."
        )

    def _nearest_point(self, click: PlotClick) -> int | None:
        """The point under a click (within PICK_RADIUS_PX pixels), or None."""
        x_scale = click.x_per_pixel or 1e-12
        y_scale = click.y_per_pixel or 1e-12
        distances = [
            math.hypot((x - click.x) / x_scale, (y - click.y) / y_scale)
            for x, y in zip(self.data.x, self.data.y)
        ]
        nearest = min(range(len(distances)), key=distances.__getitem__)
        return nearest if distances[nearest] <= PICK_RADIUS_PX else None

    def _on_plot_click(self, click: PlotClick) -> None:
        """Shift-click on a point: remove it; click on a point: pick it; elsewhere: add one."""
        nearest = self._nearest_point(click)
        try:
            if click.shift:
                if nearest is None:
                    self.status.value = "Shift-click right on a point to remove it."
                else:
                    self.remove_point(nearest)
            elif nearest is not None:
                self._forget_messages()
                self.pick_point(nearest)
            else:  # a click just beside the ends of the x range adds a point at the end
                low, high = self.data.x_range
                self.add_point(min(high, max(low, click.x)), click.y)
        except ValueError as error:
            self.status.value = f"<b>Not done:</b> {error}"

    def _set_data(self, data: Dataset, picked: int) -> None:
        """Train on `data` from now on: everything measured on the points is measured again."""
        degree = self.polynomial.degree
        try:
            shape = conditioning(data.x, degree)  # refuses too few different x values
        except ValueError as error:
            raise ValueError(
                f"cannot leave these points: {error} A degree-{degree} polynomial needs at "
                f"least {degree + 1} different x values for one best fit."
            ) from None
        self.data, self.shape = data, shape
        self.floor = least_squares(data, degree)
        self.curvatures = self._curvatures()
        self._picked = picked
        self.run.data = data
        self._forget_messages()
        try:
            self.run.restart()
        except DivergenceError as error:
            self.status.value = f"<b>Cannot evaluate these knobs:</b> {error}"
        # The loss curve starts again here: its earlier losses were measured on other points.
        self.history = [(self.run.steps_done, self.run.current.loss)]
        self._drawn_history = -1
        self._history_top = 0.0
        limit = self._knob_limit()
        for k, slider in enumerate(self.sliders):
            if limit > slider.max:
                slider.max, slider.min = limit, -limit
            slider.marks = self._knob_marks(k)
        low, high = self._rate_range()
        rate = self.learning_rate_slider
        with rate.hold_trait_notifications():
            rate.max, rate.min = max(high, rate.max), min(low, rate.min)
        self.fit_plot.y_range = [
            min(self.fit_plot.y_range[0], self._fit_y_range()[0]),
            max(self.fit_plot.y_range[1], self._fit_y_range()[1]),
        ]
        self._draw_background()
        self._draw_floor()
        self._show()

    # ------------------------------------------------------------------ public actions
    @property
    def loss(self) -> float:
        """The loss at the knobs' current positions."""
        return self.run.current.loss

    @property
    def gradients(self) -> tuple[float, ...]:
        """dL/dk for every knob at its current position."""
        return self.run.current.gradients

    @property
    def training(self) -> bool:
        """Whether an animated training run (the Train button in a live kernel) is under way."""
        return self._training is not None

    async def wait_for_training(self) -> None:
        """Until the animated training run under way (if any) has ended."""
        while self._training is not None:
            await asyncio.sleep(0.01)

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
        """Knobs, rate and momentum back to the start, loss curve cleared.

        An animation still running is abandoned here and now (not at its next frame), so a
        Train clicked right after Reset starts a new run instead of stopping the old one.
        The points stay as they are (the learner's own).
        """
        self._generation += 1
        self._stop_requested = False
        self._training = None
        self.train_button.description = "Train N"
        self.learning_rate_slider.value = self.start_learning_rate
        self.momentum_slider.value = self.start_momentum
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
        rate = self.run.learning_rate
        stable = self.shape.largest_stable_learning_rate(self.run.momentum)
        limit = "2(1 + β)/λ<sub>max</sub>" if self.run.momentum > 0 else "2/λ<sub>max</sub>"
        if error.rate_is_the_cause:
            suggestion = error.suggested_learning_rate or stable / 2
            why = (
                f"the rate {_fmt(rate, '.3g')} is above the largest stable rate "
                f"{_fmt(stable, '.3g')} ({limit}), so every step overshoots the bottom of the "
                f"bowl by more than the last. Try a smaller rate, e.g. {_fmt(suggestion, '.3g')}."
            )
        else:
            why = (
                f"the rate {_fmt(rate, '.3g')} is below the largest stable rate "
                f"{_fmt(stable, '.3g')}, so it is not the cause: the knobs were too large for "
                "these points. Reset, or start from smaller knobs."
            )
        self.status.value = (
            f"<b>Stopped at step {error.step}:</b> the loss became {_fmt(error.loss, '.3g')}; "
            f"{why} The knobs are back where they were at step {self.run.steps_done}."
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
        # What the learner watches first: the curve, the loss and the graph need no full
        # forward and backward pass over all N points (plain floats give the loss, equal to the
        # engine's to the last digits shown; one point's graph has ~20 nodes), so they leave
        # for the browser before the pass that the gradient readouts wait for.
        # (The curve first drawn by the browser itself, from the slider: the kernel's copy
        # of the coefficients follows the readout and the graph.)
        quick_loss = loss_value(self.polynomial.values(), self.data)  # absurd knobs: inf
        if math.isfinite(quick_loss):
            self._show_loss_readout(quick_loss)
        self._show_point()
        self._show_curve_and_marker(quick_loss)
        if self._after_manual_change(point_shown=True):
            self._describe(move, new)

    def _describe(self, move: _Move, now: float) -> None:
        """Say what the move did: the tangent line's prediction against the real change."""
        k = move.index
        delta = now - move.origin
        predicted = move.origin_gradient * delta
        actual = self.run.current.loss - move.origin_loss
        text = (
            f"You moved k{k} from {_fmt(move.origin, '.3f')} to {_fmt(now, '.3f')} "
            f"(Δ = {_signed(delta)}). The gradient predicted ΔL ≈ dL/dk{k} × Δ = "
            f"{_fmt(move.origin_gradient, '.4g')} × {_fmt(delta, '.4g')} = "
            f"<b>{_signed(predicted)}</b>; the loss actually changed by <b>{_signed(actual)}</b>."
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

    def _after_manual_change(self, point_shown: bool = False) -> bool:
        """A knob was turned by hand: the ball stops (velocity 0) and everything is re-measured."""
        try:
            self.run.restart()
        except DivergenceError as error:
            self.status.value = f"<b>Cannot evaluate these knobs:</b> {error}"
            return False
        self._show(point_shown=point_shown)
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
    def _show(self, progress: int | None = None, point_shown: bool = False) -> None:
        """Bring every readout, both plots and the graph up to date with the model."""
        loss = self.run.current.loss
        self._show_loss_readout(loss)  # first: the number a learner waits for after a move
        self._sync_sliders(self.polynomial.values())
        self._show_curve_and_marker(loss)
        if not point_shown:
            self._show_point()
        self._show_loss_curve()
        self._show_gradients()
        self._show_rate_info()
        if progress is not None:
            self.progress.value = progress
            self.progress_label.value = f"{progress}/{self.progress.max} steps"

    def _show_loss_readout(self, loss: float) -> None:
        floor = self.floor.loss
        self.loss_readout.value = (
            f"<b>loss = {loss:.6f}</b> &nbsp; least-squares floor = {floor:.6f} "
            f"&nbsp; ({loss / floor:.3f}× the floor) &nbsp; step {self.run.steps_done}"
        )

    def _show_curve_and_marker(self, loss: float) -> None:
        """Your curve at the knobs' values, and the loss plot's marker at `loss`."""
        # the browser draws "your curve" from the coefficients (js/plot.js, "polynomial")
        self.fit_plot.overlay = [self._your_curve(self.polynomial.values()), *self._point_marks]
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
        delta = self.nudge_box.value
        gradients = self.run.current.gradients
        # the loss after nudging each knob alone, all at once: residuals + move_k * x**k
        moves = [-math.copysign(delta, g) for g in gradients]  # downhill
        n = len(self.data.x)
        powers = [[x**j for j in range(len(values))] for x in self.data.x]
        residuals = [
            sum(k * p for k, p in zip(values, row)) - y for row, y in zip(powers, self.data.y)
        ]
        loss = sum(r * r for r in residuals) / n
        nudged_losses = [
            sum(_square(r + row[k] * moves[k]) for r, row in zip(residuals, powers)) / n
            for k in range(len(values))
        ]
        for k, (gradient, readout) in enumerate(zip(gradients, self.gradient_readouts)):
            if gradient == 0.0:
                readout.value = f"dL/dk{k} = 0: flat, leave k{k} alone"  # exactly at the best
                continue
            move = float(moves[k])
            actual = float(nudged_losses[k]) - loss
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
                f"dL/dk{k} = <b>{_fmt(gradient, '+.4f')}</b> → {direction}<br>{second}</div>"
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
        text += "."
        if self.run.learning_rate >= limit:
            text += " <b>Your rate is above it: training will blow up.</b>"
        self.rate_info.value = text


def _check_data(data: object) -> Dataset:
    """The panel's points must come as a Dataset: say so, and how to make one."""
    if not isinstance(data, Dataset):
        raise TypeError(
            f"data must be a Dataset of points, such as make_dataset(n_points=40) from "
            f"autograd.polyfit, got {type(data).__name__} {_short(data)}. For points of your "
            "own, build the panel and add them with panel.add_point(x, y), or make a "
            "Dataset(x, y, ...) as autograd.polyfit.make_dataset does."
        )
    return data


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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


def _square(number: float) -> float:
    return number * number  # inf for absurd knobs, where ** 2 would raise OverflowError


# ---------------------------------------------------------------------- conditioning
def distance_plot(run: ConditioningRun, floor_loss: float, css_class: str) -> Plot:
    """Per-coefficient |k - k*| against the step, on a log scale, for one run."""
    steps = list(range(len(run.distances)))
    distances = [[max(d, 1e-12) for d in row] for row in run.distances]
    flat = [d for row in distances for d in row]
    ratio = run.losses[-1] / floor_loss
    return Plot(
        css_class, width=470, height=300, y_log=True, legend="upper right",
        title=f"{run.name} (rate {run.learning_rate:.3g}): loss {ratio:.4g}× floor at the end",
        x_label="training step", y_label="|k - k*| (distance to the optimum)",
        x_range=[0.0, float(steps[-1])],
        y_range=[min(flat) * 0.5, max(flat) * 2.0],
        series=[line(steps, [row[k] for row in distances], PALETTE[k % len(PALETTE)],
                     width=1.5, label=f"k{k}") for k in range(len(distances[0]))],
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
