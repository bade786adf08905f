"""The decision boundary for notebook 9: where a classifier says +1 and where -1, live.

`BoundaryView(points, labels)` shows the 2-D points coloured by label on top of the
model's output over the whole plane (blue where it says +1, red where it says -1, the
boundary where it crosses 0), and beside it the loss curve. `record(loss)` after each
training step adds to the curve; `show(model)` sends the new picture to the browser, which
draws it (autograd.widgets.plot.Plot), so a training loop can record every step and
redraw every few. The regions travel as a 60 x 60 grid of numbers in the widget's state,
so a saved notebook shows them on a static page too.

The output on the grid is computed without Value graphs: the plane is sampled at 60 x 60
points, and building a graph for 3,600 forward passes would take longer than the training
step itself. `model_on_grid` reads the weights' `.data` and does the same arithmetic
(tanh of weighted sums, layer by layer) on plain floats; a test checks it against the
Value forward pass. It needs no numpy (JupyterLite's bare Pyodide has none); where numpy
is installed it does the same sums on arrays, because there it pays: about 2 ms instead
of about 60 ms for an MLP(2, [8, 8, 1]), on every `show` of a training loop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ipywidgets as widgets

from autograd.engine import Value
from autograd.nn import MLP, Neuron
from autograd.validate import finite_number, finite_numbers
from autograd.widgets.plot import BLUE, Plot, floats, line, scatter

GRID_SIZE = 60
BLUE_POINT, RED_POINT = "#4393c3", "#d6604d"  # the points, a shade apart from the regions


def _layers(model: MLP | Neuron) -> list[list[tuple[list[float], float]]]:
    """Per layer, per neuron: (its weights, its bias), read from the Values' data."""
    if isinstance(model, MLP):
        neuron_layers = [layer.neurons for layer in model.layers]
    else:
        neuron_layers = [[model]]  # a lone Neuron: one layer of one neuron
    return [[([w.data for w in n.w], n.b.data) for n in neurons] for neurons in neuron_layers]


def model_on_grid(
    model: MLP | Neuron, xs: Sequence[float], ys: Sequence[float], use_numpy: bool = True
) -> list[list[float]]:
    """The model's (first) output at every (x, y) of the grid: one row per y, one entry per x.

    Computed a neuron at a time over the whole grid (each activation a column of numbers,
    one per grid point): short loops over long lists are what plain Python does fastest,
    about 8x faster than a forward pass per point.
    """
    if not isinstance(model, (MLP, Neuron)):
        raise TypeError(f"model must be an autograd.nn MLP or Neuron, got {type(model).__name__}")
    layers = _layers(model)
    inputs = len(layers[0][0][0])
    if inputs != 2:
        raise ValueError(f"the model takes {inputs} inputs; the boundary view draws 2-D points")
    if use_numpy:
        try:
            return _on_grid_with_numpy(layers, xs, ys)
        except ImportError:  # no numpy here (Pyodide's core): the plain loop below
            pass
    columns = [[float(x) for _ in ys for x in xs], [float(y) for y in ys for _ in xs]]
    tanh = math.tanh
    for layer in layers:
        outputs = []
        for weights, bias in layer:
            total = [bias] * len(columns[0])
            for weight, column in zip(weights, columns):
                total = [t + weight * a for t, a in zip(total, column)]
            outputs.append([tanh(t) for t in total])
        columns = outputs
    first = columns[0]
    width = len(xs)
    return [first[row * width : (row + 1) * width] for row in range(len(ys))]


def _on_grid_with_numpy(
    layers: list[list[tuple[list[float], float]]], xs: Sequence[float], ys: Sequence[float]
) -> list[list[float]]:
    """The same sums with numpy arrays (imported here: numpy is optional)."""
    import numpy as np

    grid_x, grid_y = np.meshgrid(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    activations = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    for layer in layers:
        weights = np.array([w for w, _ in layer])
        biases = np.array([b for _, b in layer])
        activations = np.tanh(activations @ weights.T + biases)
    return [[float(v) for v in row] for row in activations[:, 0].reshape(grid_x.shape)]


def _spaced(low: float, high: float, count: int) -> list[float]:
    return [low + (high - low) * i / (count - 1) for i in range(count)]


class BoundaryView(widgets.VBox):
    """Points and the model's decision regions (left), the loss per step (right)."""

    def __init__(self, points: Sequence[Sequence[float]], labels: Sequence[float]) -> None:
        if len(points) != len(labels) or not points:
            raise ValueError(f"need one label per point (got {len(points)} and {len(labels)})")
        pairs = [finite_numbers(p, f"points[{i}]") for i, p in enumerate(points)]
        if any(len(p) != 2 for p in pairs):
            lengths = sorted({len(p) for p in pairs})
            raise ValueError(f"points must be (x1, x2) pairs, got points of length {lengths}")
        lab = finite_numbers(labels, "labels", example="[1.0, -1.0]")
        margin = 0.3
        first, second = [p[0] for p in pairs], [p[1] for p in pairs]
        self._xs = _spaced(min(first) - margin, max(first) + margin, GRID_SIZE)
        self._ys = _spaced(min(second) - margin, max(second) + margin, GRID_SIZE)
        self.losses: list[float] = []
        x_range = [self._xs[0], self._xs[-1]]
        y_range = [self._ys[0], self._ys[-1]]
        self._extent = x_range + y_range
        self._points = scatter(
            first, second, colours=[BLUE_POINT if v > 0 else RED_POINT for v in lab],
            edge="#000000", size=4,
        )  # fmt: skip
        self.plane = Plot(
            "boundary-plane", width=430, height=340, title="model output: blue +1, red -1",
            x_label="x1", y_label="x2", x_range=x_range, y_range=y_range, legend="none",
            overlay=[self._points],
        )  # fmt: skip
        self.loss_plot = Plot(
            "boundary-loss", width=390, height=340, title="loss", x_label="step",
            y_label="loss (log scale)", y_log=True, x_range=[0.0, 10.0], y_range=[0.01, 1.0],
            legend="none",
        )  # fmt: skip
        self.status = widgets.HTML("no model yet: call show(model)")
        self.status.add_class("boundary-status")
        plots = widgets.HBox(
            [self.plane, self.loss_plot], layout=widgets.Layout(flex_flow="row wrap")
        )  # side by side where they fit, one under the other where they do not
        plots.add_class("boundary-view")
        super().__init__([plots, self.status])

    def reset(self) -> None:
        """Forget the loss curve (for a new model trained from the start)."""
        self.losses = []
        self.loss_plot.series = []

    def record(self, loss: float | Value) -> None:
        """Add one step's loss (a number or a Value) to the curve; `show` draws it."""
        self.losses.append(finite_number(getattr(loss, "data", loss), "loss"))

    def show(self, model: MLP | Neuron) -> None:
        """Redraw the regions for `model` and the loss curve recorded so far.

        The new picture goes to the browser at once (a widget state update), also from
        inside a training loop: nothing waits for the kernel to be idle.
        """
        grid = model_on_grid(model, self._xs, self._ys)
        self.plane.background = [
            {"kind": "image", "values": [floats(row) for row in grid], "extent": self._extent,
             "alpha": 0.6}
        ]  # fmt: skip
        if self.losses:
            steps = range(1, len(self.losses) + 1)
            with self.loss_plot.hold_sync():
                self.loss_plot.series = [line(steps, self.losses, BLUE, width=1.5, label="loss")]
                self.loss_plot.x_range = [0.0, float(max(10, len(self.losses)))]
                low, high = min(self.losses), max(self.losses)
                self.loss_plot.y_range = [low / 1.5, high * 1.5]
            self.status.value = f"step {len(self.losses)}: loss {self.losses[-1]:.4f}"
        else:
            self.status.value = "step 0: not trained yet"
