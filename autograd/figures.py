"""The diagrams the learner's notes draw by hand, generated from the package into `figures/`.

    python -m autograd.figures figures/

writes, as PNG and SVG:

* `sum_rule`      -- c = a + b inside a small graph: "+" hands its gradient to both inputs;
* `product_rule`  -- c = a * b: each input gets the *other* input times the gradient;
* `example_graph` -- a small expression with every data and grad filled in by backward();
* `four_steps`    -- the training loop: forward pass, backward pass, nudge, repeat;
* `final_fit`     -- the degree-5 polynomial fitted by gradient descent, with its loss
  curve against the least-squares floor.

Every number in the pictures is computed, not typed: the graphs come from real Values
after a real `backward()` (drawn by `autograd.draw`, the only module that knows
Graphviz) and the fit from `autograd.polyfit`. The files are byte-stable between runs
(fixed SVG id salt, no dates in metadata), so regenerating them only shows up in a diff
when a picture really changed. The SVGs are pure ASCII: every other character (×, ←, −)
is written as an XML character reference (`&#xd7;`), so they display the same whatever
encoding a browser, a base64 conversion or a static site assumes.

matplotlib is used through its object-oriented API on the Agg canvas (no pyplot), so
making figures leaves no global plotting state behind in a notebook or a test.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from autograd.dot import ascii_svg
from autograd.draw import GraphDrawing, draw_graph
from autograd.engine import Value
from autograd.polyfit import Dataset, evaluate, fit_polynomial, make_dataset
from autograd.trace import format_number

# Fixed salt for the ids matplotlib writes into SVGs; without it they are random per run.
SVG_HASH_SALT = "backprop-notebooks"
PNG_DPI = 150  # for both matplotlib and Graphviz PNGs: sharp on a README, small on disk
FIT_STEPS = 300  # enough for the default fit to come within 0.1% of the floor
FONT = "DejaVu Sans"  # ships with matplotlib, so every machine draws the same glyphs


# ------------------------------------------------------------------------ small graphs
def _rule_graph(op: str) -> tuple[GraphDrawing, Value]:
    """c = a <op> b, then L = c * d: the rule's node gets a gradient from above (d)."""
    a, b, d = Value(2.0, "a"), Value(-3.0, "b"), Value(4.0, "d")
    c = a + b if op == "+" else a * b
    c.label = "c"
    loss = c * d
    loss.label = "L"
    loss.backward()
    drawing = draw_graph(loss, highlight_nodes=[c], highlight_edges=[(a, c), (b, c)])
    return drawing, c


def sum_rule_graph() -> GraphDrawing:
    """The sum rule: c = a + b passes c.grad on unchanged to both a and b."""
    drawing, c = _rule_graph("+")
    a, b = c.inputs
    caption = (
        f"Sum rule: c = a + b passes its gradient on unchanged.\n"
        f"a.grad = 1 × c.grad = {format_number(a.grad)}    "
        f"b.grad = 1 × c.grad = {format_number(b.grad)}"
    )
    return _with_caption(drawing, caption)


def product_rule_graph() -> GraphDrawing:
    """The product rule: c = a * b sends a the gradient times b, and b the gradient times a."""
    drawing, c = _rule_graph("*")
    a, b = c.inputs
    caption = (
        "Product rule: c = a * b sends each input the OTHER input times c.grad.\n"
        f"a.grad = b × c.grad = {format_number(b.data)} × {format_number(c.grad)} = "
        f"{format_number(a.grad)}    "
        f"b.grad = a × c.grad = {format_number(a.data)} × {format_number(c.grad)} = "
        f"{format_number(b.grad)}"
    )
    return _with_caption(drawing, caption)


def example_graph() -> GraphDrawing:
    """L = (a * b + c) * f with every data and grad filled in by a real backward()."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    loss = d * f
    loss.label = "L"
    loss.backward()
    caption = "L = (a * b + c) * f after L.backward(): every box shows its data and its grad"
    return _with_caption(draw_graph(loss), caption)


def _with_caption(drawing: GraphDrawing, caption: str) -> GraphDrawing:
    return drawing.add_caption(caption)


# ------------------------------------------------------------------------ matplotlib figures
STEPS = (
    ("1. Forward pass", "build the loss from the knobs k0..k5\nloss = mean((y(x) - y)²)"),
    ("2. Backward pass", "loss.backward(): the chain rule\nfills in dL/dk for every knob"),
    ("3. Nudge the knobs", "k ← k − learning rate × dL/dk\n(downhill, a small step)"),
    ("4. Repeat", "until the loss is as low as it gets\n(the least-squares floor)"),
)
STEP_COLOURS = ("#cfe2f3", "#fce5cd", "#d9ead3", "#eeeeee")


def four_steps_figure() -> Figure:
    """The training loop as four boxes in a cycle: forward, backward, nudge, repeat."""
    fig = _new_figure(figsize=(8.0, 5.2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.05, 1.05)
    ax.set_axis_off()
    # clockwise from the top, the order a learner reads a loop in
    centres = [(0.0, 0.72), (0.95, 0.0), (0.0, -0.72), (-0.95, 0.0)]
    half_width, half_height = 0.58, 0.22
    for (x, y), (title, text), colour in zip(centres, STEPS, STEP_COLOURS):
        ax.add_patch(
            FancyBboxPatch(
                (x - half_width, y - half_height),
                2 * half_width,
                2 * half_height,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                facecolor=colour,
                edgecolor="#444444",
            )
        )
        ax.text(x, y + 0.1, title, ha="center", va="center", fontsize=12, weight="bold")
        ax.text(x, y - 0.07, text, ha="center", va="center", fontsize=9, linespacing=1.3)
    for i, start in enumerate(centres):
        end = centres[(i + 1) % len(centres)]
        ax.add_patch(
            FancyArrowPatch(
                _towards(start, end, half_width, half_height),
                _towards(end, start, half_width, half_height),
                connectionstyle="arc3,rad=-0.3",
                arrowstyle="-|>",
                mutation_scale=18,
                linewidth=1.6,
                color="#444444",
            )
        )
    ax.text(0, 0.04, "one training step", ha="center", va="center", fontsize=10, style="italic")
    ax.text(0, -0.08, "= one turn of the loop", ha="center", va="center", fontsize=9)
    return fig


def _towards(
    start: tuple[float, float], end: tuple[float, float], half_w: float, half_h: float
) -> tuple[float, float]:
    """Where an arrow from the box at `start` to the box at `end` begins: just outside the
    side of the box that faces `end`, shifted a little towards it."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    if abs(dx) * half_h > abs(dy) * half_w:  # leaves through the left or right side
        return (start[0] + np.sign(dx) * (half_w + 0.04), start[1] + dy * 0.2)
    return (start[0] + dx * 0.25, start[1] + np.sign(dy) * (half_h + 0.05))


def final_fit_figure(data: Dataset | None = None, steps: int = FIT_STEPS) -> Figure:
    """Fit the degree-5 polynomial (momentum, `steps` steps) to `data` (default: the course's).

    Left: the points, the fitted curve and the least-squares curve. Right: the loss curve
    against the least-squares floor.
    """
    data = make_dataset() if data is None else data
    fit = fit_polynomial(data, max_steps=steps)
    fig = _new_figure(figsize=(10.0, 4.0))
    points_ax, loss_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.0]})
    grid = np.linspace(*data.x_range, 200)
    points_ax.scatter(data.x, data.y, s=12, color="#888888", label="data points")
    points_ax.plot(
        grid, evaluate(fit.model.values(), grid), color="#1f77b4", lw=2.2,
        label=f"gradient descent with momentum {fit.momentum:g}, step {fit.history[-1].step}",
    )  # fmt: skip
    points_ax.plot(
        grid, evaluate(fit.floor.coefficients, grid), color="#d62728", lw=1.4, ls="--",
        label="least squares (the floor)",
    )  # fmt: skip
    points_ax.set(xlabel="x", ylabel="y", title="y(x) = k0 + k1 x + ... + k5 x⁵")
    points_ax.legend(loc="best", fontsize=8)

    step_numbers = [record.step for record in fit.history]
    loss_ax.semilogy(step_numbers, fit.losses, color="#1f77b4", lw=2, label="loss")
    loss_ax.axhline(
        fit.floor.loss, color="#d62728", ls="--", lw=1.4,
        label=f"least-squares floor {format_number(fit.floor.loss)}",
    )  # fmt: skip
    loss_ax.set(
        xlabel="step",
        ylabel="mean squared error (log scale)",
        title=f"loss: {format_number(fit.losses[0])} → {format_number(fit.losses[-1])}",
    )
    loss_ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def _new_figure(figsize: tuple[float, float]) -> Figure:
    """A Figure on its own Agg canvas: no pyplot, so nothing is registered globally."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


# ------------------------------------------------------------------------ writing files
GRAPHS: dict[str, Callable[[], GraphDrawing]] = {
    "sum_rule": sum_rule_graph,
    "product_rule": product_rule_graph,
    "example_graph": example_graph,
}
PLOTS: dict[str, Callable[[], Figure]] = {
    "four_steps": four_steps_figure,
    "final_fit": final_fit_figure,
}
FIGURE_NAMES = tuple(GRAPHS) + tuple(PLOTS)


def _make_svg_ascii(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if not text.isascii():
        path.write_text(ascii_svg(text), encoding="ascii")


def save_graph(drawing: GraphDrawing, stem: Path) -> list[Path]:
    """Render a drawing with Graphviz's `dot` to stem.svg and stem.png (via autograd.draw)."""
    return drawing.save_pictures(stem, png_dpi=PNG_DPI)  # its SVG is ASCII already


def save_plot(fig: Figure, stem: Path) -> list[Path]:
    """Save a matplotlib Figure to stem.svg and stem.png, without dates or random ids."""
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASH_SALT, "font.family": FONT}):
        fig.savefig(svg, format="svg", metadata={"Date": None})
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    _make_svg_ascii(svg)
    return [png, svg]


def generate_figures(out_dir: Path | str, names: Sequence[str] = FIGURE_NAMES) -> list[Path]:
    """Write the named figures (all by default) into `out_dir` as PNG + SVG; return the paths."""
    unknown = [name for name in names if name not in FIGURE_NAMES]
    if unknown:
        raise ValueError(f"unknown figure(s) {unknown}; choose from {list(FIGURE_NAMES)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in names:
        if name in GRAPHS:
            written += save_graph(GRAPHS[name](), out / name)
        else:
            with matplotlib.rc_context({"font.family": FONT}):
                fig = PLOTS[name]()
            written += save_plot(fig, out / name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: `python -m autograd.figures DIR [--only NAME ...]`; prints each path."""
    parser = argparse.ArgumentParser(
        prog="python -m autograd.figures",
        description="Regenerate the course's diagrams (PNG + SVG) into a folder.",
    )
    parser.add_argument("out_dir", type=Path, help="where to write them, e.g. figures/")
    parser.add_argument(
        "--only", nargs="+", choices=FIGURE_NAMES, default=list(FIGURE_NAMES),
        help="just these figures",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for path in generate_figures(args.out_dir, args.only):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
