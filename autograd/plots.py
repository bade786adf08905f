"""The notebooks' pictures: one call per picture, no plotting plumbing in the lesson.

Each function returns the package's browser-drawn plot (`autograd.widgets.plot.Plot`, or
two of them side by side in a `Plots` row): the kernel sends lists of numbers, the browser
draws them on a canvas, sharp at any zoom. No numpy and no matplotlib, so the pictures work
in JupyterLite's bare Pyodide too, and a notebook saved with its widget state shows them
on a static page. Every function takes plain lists (or tuples, or numpy arrays).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from autograd.polyfit import evaluate
from autograd.validate import finite_numbers
from autograd.widgets.plot import (
    GREEN,
    GREY,
    PALETTE,
    Plot,
    Plots,
    bars,
    hline,
    line,
    padded_range,
    scatter,
)

# solid, dashed, dotted: one per curve of `fit_and_loss`
DASHES: tuple[list[int], ...] = ([], [7, 4], [2, 3])


def _numbers(values: Iterable[float]) -> list[float]:
    """Plain floats (nan and inf kept: a plot leaves a gap there)."""
    return [float(v) for v in values]


def _log_range(values: Iterable[float]) -> list[float]:
    """[low, high] around the positive values, with room above and below (log scale)."""
    positive = [v for v in values if math.isfinite(v) and v > 0]
    if not positive:
        return [0.1, 10.0]
    low, high = min(positive), max(positive)
    return [low / 1.5, high * 1.5]


def points(xs: Sequence[float], ys: Sequence[float], title: str = "the points to fit") -> Plot:
    """The data points, as grey dots."""
    x, y = finite_numbers(xs, "xs"), finite_numbers(ys, "ys")
    return Plot(
        "autograd-points", title=title, x_label="x", y_label="y", x_range=padded_range(x, 0.05),
        y_range=padded_range(y), legend="none", background=[scatter(x, y, GREY, size=2.5)],
    )  # fmt: skip


def fit_and_loss(
    xs: Sequence[float],
    ys: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    losses: Sequence[float],
    floor: float,
    x_range: tuple[float, float] = (-1.0, 1.0),
) -> Plots:
    """Left: the points and each polynomial of `curves` (label -> coefficients k0..k5).
    Right: the loss after every step on a log scale, against the least-squares floor."""
    x, y = finite_numbers(xs, "xs"), finite_numbers(ys, "ys")
    low, high = finite_numbers(x_range, "x_range")
    grid = [low + (high - low) * i / 200 for i in range(201)]
    drawn = [
        line(grid, evaluate(finite_numbers(ks, f"curves[{label!r}]"), grid), colour,
             width=2, dash=dash, label=label)
        for (label, ks), colour, dash in zip(curves.items(), PALETTE, DASHES)
    ]  # fmt: skip
    left = Plot(
        "autograd-fit", title="the curve", x_label="x", y_label="y", x_range=[low, high],
        y_range=padded_range(y + [v for item in drawn for v in item["y"] if v is not None], 0.05),
        background=[scatter(x, y, GREY, size=2.5, label="points")], series=drawn,
    )  # fmt: skip
    loss = _numbers(losses)
    steps = list(range(len(loss)))
    right = Plot(
        "autograd-loss", title="the loss going down", x_label="step",
        y_label="loss (log scale)", y_log=True, legend="upper right",
        x_range=[0.0, float(max(1, len(loss) - 1))], y_range=_log_range([*loss, floor]),
        series=[line(steps, loss, label="loss"),
                hline(floor, GREEN, dash=[6, 4], label="least-squares floor")],
    )  # fmt: skip
    return Plots([left, right])


def curves(
    x: Sequence[float],
    ys: Mapping[str, Sequence[float]],
    title: str,
    xlabel: str = "x",
    ylabel: str = "",
    logy: bool = False,
) -> Plot:
    """Several curves over the same x, one per label."""
    xs = _numbers(x)
    drawn = [
        line(xs, _numbers(values), colour, label=label)
        for (label, values), colour in zip(ys.items(), PALETTE * (1 + len(ys) // len(PALETTE)))
    ]
    everything = [v for item in drawn for v in item["y"] if v is not None]
    return Plot(
        "autograd-curves", title=title, x_label=xlabel, y_label=ylabel, y_log=logy,
        x_range=[min(xs), max(xs)] if xs and min(xs) < max(xs) else padded_range(xs),
        y_range=_log_range(everything) if logy else padded_range(everything, 0.05),
        legend="upper right", series=drawn,
    )  # fmt: skip


def axis_factors(
    eigenvalues: Sequence[float], factors: Mapping[str, Sequence[float]], title: str
) -> Plots:
    """Per axis of the bowl (by curvature): how much of the distance one step leaves, per run.

    Bars closer to 1 are slower; the steps to shrink a distance 100x are shown on the right
    (no bar: that run never shrinks that axis).
    """
    curvature = finite_numbers(eigenvalues, "eigenvalues")
    width = 0.8 / max(1, len(factors))
    centre = width * (len(factors) - 1) / 2
    ticks = [[float(i), f"{value:.3g}"] for i, value in enumerate(curvature)]
    sizes, steps = [], []
    for i, (name, values) in enumerate(factors.items()):
        size = [abs(v) for v in finite_numbers(values, f"factors[{name!r}]")]
        where = [j + i * width - centre for j in range(len(size))]
        needed = [math.log(0.01) / math.log(max(s, 1e-300)) if s < 1 else math.nan for s in size]
        colour = PALETTE[i % len(PALETTE)]
        sizes.append(bars(where, size, width, colour, label=name))
        steps.append(bars(where, needed, width, colour, label=name))
    axis = "axis of the bowl, by its curvature λ (flattest first)"
    x_range = [-0.6, len(curvature) - 0.4]
    left = Plot(
        "autograd-factors", title=title, x_label=axis, y_label="|factor| per step",
        x_range=x_range, y_range=[0.0, 1.05], x_ticks=ticks, series=sizes,
    )  # fmt: skip
    all_steps = [v for item in steps for v in item["y"] if v is not None]
    right = Plot(
        "autograd-factor-steps", title="steps that takes", x_label=axis,
        y_label="steps to shrink 100x (log)", y_log=True, x_range=x_range,
        y_range=[0.5, max(all_steps, default=10.0) * 2], x_ticks=ticks, series=steps,
    )  # fmt: skip
    return Plots([left, right])
