"""The decision boundary for notebook 9: where a classifier says +1 and where -1, live.

`BoundaryView(points, labels)` shows the 2-D points coloured by label on top of the
model's output over the whole plane (blue where it says +1, red where it says -1, the
boundary where it crosses 0), and beside it the loss curve. `record(loss)` after each
training step adds to the curve; `show(model)` sends the new picture to the browser, which
draws it (autograd.widgets._canvas.Plot), so a training loop can record every step and
redraw every few. The regions travel as a 60 x 60 grid of numbers in the widget's state,
so a saved notebook shows them on a static page too.

Why the output on the grid is computed with numpy: the plane is sampled at 60 x 60 points,
and building a Value graph for 3,600 forward passes would take longer than the training
step itself. `model_on_grid` reads the weights' `.data` and does the same arithmetic
(tanh of weighted sums, layer by layer) on whole arrays; a test checks it against the
Value forward pass.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from autograd.engine import Value
from autograd.nn import MLP, Neuron
from autograd.widgets._canvas import BLUE, Plot, floats, line
from autograd.widgets._canvas import points as scatter

GRID_SIZE = 60
BLUE_POINT, RED_POINT = "#4393c3", "#d6604d"  # the points, a shade apart from the regions


def _layers(model: MLP | Neuron) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weights matrix, biases vector) per layer, read from the Values' data."""
    if isinstance(model, MLP):
        neuron_layers = [layer.neurons for layer in model.layers]
    else:
        neuron_layers = [[model]]  # a lone Neuron: one layer of one neuron
    return [
        (np.array([[w.data for w in n.w] for n in neurons]), np.array([n.b.data for n in neurons]))
        for neurons in neuron_layers
    ]


def model_on_grid(model: MLP | Neuron, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The model's (first) output at every (x, y) of the grid, shape (len(ys), len(xs))."""
    if not isinstance(model, (MLP, Neuron)):
        raise TypeError(f"model must be an autograd.nn MLP or Neuron, got {type(model).__name__}")
    grid_x, grid_y = np.meshgrid(xs, ys)
    activations = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    for weights, biases in _layers(model):
        if weights.shape[1] != activations.shape[1]:
            raise ValueError(
                f"the model takes {weights.shape[1]} inputs; the boundary view draws 2-D points"
            )
        activations = np.tanh(activations @ weights.T + biases)
    return activations[:, 0].reshape(grid_x.shape)


class BoundaryView(widgets.VBox):
    """Points and the model's decision regions (left), the loss per step (right)."""

    def __init__(self, points: Sequence[Sequence[float]], labels: Sequence[float]) -> None:
        if len(points) != len(labels) or not points:
            raise ValueError(f"need one label per point (got {len(points)} and {len(labels)})")
        pts = np.asarray(points, dtype=float)
        if pts.ndim != 2 or pts.shape[1] != 2:
            raise ValueError(f"points must be (x1, x2) pairs, got shape {pts.shape}")
        lab = np.asarray(labels, dtype=float)
        margin = 0.3
        self._xs = np.linspace(pts[:, 0].min() - margin, pts[:, 0].max() + margin, GRID_SIZE)
        self._ys = np.linspace(pts[:, 1].min() - margin, pts[:, 1].max() + margin, GRID_SIZE)
        self.losses: list[float] = []
        x_range = [float(self._xs[0]), float(self._xs[-1])]
        y_range = [float(self._ys[0]), float(self._ys[-1])]
        self._extent = x_range + y_range
        self._points = scatter(
            pts[:, 0], pts[:, 1], colours=[BLUE_POINT if v > 0 else RED_POINT for v in lab],
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
        plots = widgets.HBox([self.plane, self.loss_plot])
        plots.add_class("boundary-view")
        super().__init__([plots, self.status])

    def reset(self) -> None:
        """Forget the loss curve (for a new model trained from the start)."""
        self.losses = []
        self.loss_plot.series = []

    def record(self, loss: float | Value) -> None:
        """Add one step's loss (a number or a Value) to the curve; `show` draws it."""
        self.losses.append(float(getattr(loss, "data", loss)))

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
