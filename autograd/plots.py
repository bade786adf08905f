"""Static plots for the notebooks: one call per picture, no plotting plumbing in the lesson.

Each function returns a `Plot`, which Jupyter shows as a PNG image where the cell ends.
matplotlib is used through its object-oriented API on the Agg canvas (no pyplot), so a
plot never depends on the notebook's matplotlib backend (`%matplotlib widget` or not),
never opens a window and leaves no global state behind; running the cell again draws the
same picture. `plot.figure` is the matplotlib Figure, for anyone who wants to add to it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from autograd.polyfit import evaluate

POINT_COLOUR = "0.45"
DPI = 100  # notebook resolution: sharp enough on screen, a small PNG in the .ipynb


class Plot:
    """A finished matplotlib figure that displays as a PNG image in Jupyter."""

    def __init__(self, figure: Figure, title: str) -> None:
        self.figure = figure
        self.title = title

    def __repr__(self) -> str:
        return f"<plot: {self.title}>"

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        return buffer.getvalue()


def _figure(width: float, height: float, columns: int = 1) -> tuple[Figure, list]:
    """A Figure on its own Agg canvas with `columns` side-by-side axes."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, columns)
    return fig, list(np.atleast_1d(axes))


def points(xs: Sequence[float], ys: Sequence[float], title: str = "the points to fit") -> Plot:
    """The data points, as grey dots."""
    fig, (ax,) = _figure(5, 3)
    ax.plot(xs, ys, "o", ms=3, color=POINT_COLOUR)
    ax.set(xlabel="x", ylabel="y", title=title)
    return Plot(fig, title)


def fit_and_loss(
    xs: Sequence[float],
    ys: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    losses: Sequence[float],
    floor: float,
    x_range: tuple[float, float] = (-1.0, 1.0),
) -> Plot:
    """Left: the points and each polynomial of `curves` (label -> coefficients k0..k5).
    Right: the loss after every step on a log scale, against the least-squares floor."""
    fig, (left, right) = _figure(10, 3.5, columns=2)
    grid = np.linspace(*x_range, 201)
    left.plot(xs, ys, "o", ms=3, color=POINT_COLOUR, label="points")
    for style, (label, coefficients) in zip(("-", "--", ":"), curves.items()):
        left.plot(grid, evaluate(coefficients, grid), style, lw=2, label=label)
    left.set(xlabel="x", ylabel="y", title="the curve")
    left.legend()
    right.semilogy(losses, label="loss")
    right.axhline(floor, ls="--", color="tab:green", label="least-squares floor")
    right.set(xlabel="step", ylabel="loss (log scale)", title="the loss going down")
    right.legend()
    return Plot(fig, "the fitted curve and its loss")


def curves(
    x: Sequence[float],
    ys: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str = "x",
    ylabel: str = "",
    logy: bool = False,
) -> Plot:
    """Several curves over the same x, one per label."""
    fig, (ax,) = _figure(5, 3)
    for label, y in ys.items():
        ax.plot(x, y, label=label)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    return Plot(fig, title)


def axis_factors(
    eigenvalues: Sequence[float], factors: Mapping[str, Sequence[float]], title: str
) -> Plot:
    """Per axis of the bowl (by curvature): how much of the distance one step leaves, per run.

    Bars closer to 1 are slower; the steps to shrink a distance 100x are shown on the right.
    """
    fig, (left, right) = _figure(10, 3.2, columns=2)
    positions = np.arange(len(eigenvalues))
    width = 0.8 / max(1, len(factors))
    labels = [f"{value:.3g}" for value in eigenvalues]
    for i, (name, values) in enumerate(factors.items()):
        size = np.abs(np.asarray(values, dtype=float))
        left.bar(positions + i * width, size, width, label=name)
        with np.errstate(divide="ignore", invalid="ignore"):  # |factor| = 1: never
            steps = np.where(size < 1, np.log(0.01) / np.log(np.maximum(size, 1e-300)), np.nan)
        right.bar(positions + i * width, steps, width, label=name)  # nan: no bar, never shrinks
    for ax in (left, right):
        ax.set_xticks(positions + width * (len(factors) - 1) / 2, labels)
        ax.set_xlabel("axis of the bowl, by its curvature λ (flattest first)")
        ax.legend(fontsize=8)
    left.set(ylabel="|factor| per step", title=title, ylim=(0, 1.05))
    right.set(ylabel="steps to shrink 100x (log)", title="steps that takes", yscale="log")
    return Plot(fig, title)
