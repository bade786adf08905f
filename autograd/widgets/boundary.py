"""The decision boundary for notebook 7: where a classifier says +1 and where -1, live.

`BoundaryView(points, labels)` shows the 2-D points coloured by label on top of the
model's output over the whole plane (blue where it says +1, red where it says -1, the
boundary where it crosses 0), and beside it the loss curve. `record(loss)` after each
training step adds to the curve; `show(model)` redraws both in place (`set_data`), so a
training loop can record every step and redraw every few.

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
from autograd.widgets._canvas import live_figure

GRID_SIZE = 60


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

        self.figure = live_figure(9.0, 3.8, "boundary-view")
        plane, curve = self.figure.subplots(1, 2, width_ratios=[1.1, 1])
        extent = (self._xs[0], self._xs[-1], self._ys[0], self._ys[-1])
        self._image = plane.imshow(
            np.zeros((GRID_SIZE, GRID_SIZE)), origin="lower", extent=extent, cmap="RdBu",
            vmin=-1, vmax=1, alpha=0.6, aspect="auto",
        )  # fmt: skip
        plane.scatter(pts[:, 0], pts[:, 1], c=lab, cmap="RdBu", vmin=-1.5, vmax=1.5,
                      edgecolors="black", linewidths=0.6, s=28)  # fmt: skip
        plane.set_title("model output: blue +1, red -1")
        plane.set_xlabel("x1")
        plane.set_ylabel("x2")
        (self._loss_line,) = curve.plot([], [], color="tab:blue")
        curve.set_xlabel("step")
        curve.set_ylabel("loss")
        curve.set_yscale("log")
        curve.set_title("loss")
        self._plane, self._curve = plane, curve
        self.status = widgets.HTML("no model yet: call show(model)")
        super().__init__([self.figure.canvas, self.status])

    def reset(self) -> None:
        """Forget the loss curve (for a new model trained from the start)."""
        self.losses = []
        self._loss_line.set_data([], [])

    def record(self, loss: float | Value) -> None:
        """Add one step's loss (a number or a Value) to the curve; `show` draws it."""
        self.losses.append(float(getattr(loss, "data", loss)))

    def show(self, model: MLP | Neuron) -> None:
        """Redraw the regions for `model` and the loss curve recorded so far."""
        self._image.set_data(model_on_grid(model, self._xs, self._ys))
        if self.losses:
            self._loss_line.set_data(np.arange(1, len(self.losses) + 1), self.losses)
            self._curve.set_xlim(0, max(10, len(self.losses)))
            low, high = min(self.losses), max(self.losses)
            self._curve.set_ylim(low / 1.5, high * 1.5)
            self.status.value = f"step {len(self.losses)}: loss {self.losses[-1]:.4f}"
        else:
            self.status.value = "step 0: not trained yet"
        self._refresh()

    def _refresh(self) -> None:
        canvas = self.figure.canvas
        if canvas.syncing_data_url:
            # No browser view ready yet (not displayed, or displayed in this very cell):
            # ask for a redraw when the kernel is idle. draw() here would blank the canvas.
            canvas.draw_idle()
        else:
            # A view is showing and this is probably a training loop: draw_idle's request
            # would wait until the loop ends, so render and send the frame now.
            canvas.draw()
