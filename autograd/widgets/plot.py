"""`Plot`: a plot drawn in the browser from lists of numbers the kernel sends.

`Plot` is an anywidget whose JavaScript (js/plot.js, shipped in the package) draws on a
<canvas> from the widget's state alone: axes ranges, labels and three lists of items,
`background` (drawn first, set rarely: the data points, a reference curve), `series`
(what training changes: the loss curve) and `overlay` (what every slider move changes:
your curve, the current point). Keeping them apart means a slider move sends only the
overlay, not the whole history again. `autograd.plots` builds the course's pictures
from it; the widgets (nudge panel, derivative explorer, decision boundary) use it live.

Why not matplotlib in the kernel: a redraw there renders a PNG with Agg, sends it and
waits for the browser, about 100 ms per move on this machine; drawing a few hundred points
on a canvas takes well under a millisecond. matplotlib is also missing in JupyterLite.
And because everything the picture needs is in the state, a notebook saved with its
widget state shows the plots on a static page too.

Items are dictionaries (all numbers plain floats; `None` leaves a gap in a line); build
them with the functions below. Their kinds, each drawn by plot.js:
  line       {"x": [...], "y": [...], "colour", "width", "dash": [6, 4], "label", "visible"}
  points     {"x", "y", "colour", "size", "colours": [one per point], "edge"}
  hline      {"y"}            vline {"x"}
  bars       {"x": [centres], "y": [heights], "bar_width": in x units}
  image      {"values": rows in [-1, 1] (row 0 at the bottom), "extent": [x0, x1, y0, y1],
              "alpha"}   (red -1, white 0, blue +1)
  polynomial {"coefficients": [k0, k1, ...], "link": True}: k0 + k1 x + ... across the x
              range, computed in the browser; with "link", the knob sliders that share the
              plot's `link` widget (slider.KnobLink) move it live
  secant     {"coefficients", "x", "h"}: the secant of that polynomial through x and x + h,
              its tangent at x and the two points, computed in the browser
A number field given as a string names a trait of the widget to read it from, so that a
slider jslinked to that trait moves the item in the browser with no kernel in between
(`secant(coefficients, x="x", h="h")` on a Plot subclass with traits `x` and `h`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from autograd.widgets import JS_DIR

# matplotlib's default colours, so the browser plots match the notebooks' static figures
BLUE, ORANGE, GREEN, RED, GREY = "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#737373"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")


def floats(values: Iterable[float]) -> list[float | None]:
    """Plain Python floats for JSON; NaN and infinities become None (a gap in a line)."""
    return [float(v) if math.isfinite(v) else None for v in map(float, values)]


def thin(xs: Sequence[float], ys: Sequence[float], limit: int) -> tuple[list, list]:
    """At most about `limit` points of a long curve, keeping each stretch's lowest and highest.

    A loss curve of 20,000 steps is drawn on ~400 pixels: sending every step would make
    each frame of training slower for nothing. Keeping the extremes of every bucket keeps
    spikes (a divergence, momentum's zig-zag) visible.
    """
    n = len(xs)
    if n <= limit:
        return list(xs), list(ys)
    bucket = math.ceil(n / (limit // 2))
    out_x: list[float] = []
    out_y: list[float] = []
    for start in range(0, n, bucket):
        stop = min(n, start + bucket)
        chunk = range(start, stop)
        low = min(chunk, key=lambda i: ys[i])
        high = max(chunk, key=lambda i: ys[i])
        for i in sorted({low, high}):
            out_x.append(xs[i])
            out_y.append(ys[i])
    if out_x[-1] != xs[-1]:  # the newest point is the one a learner looks at
        out_x.append(xs[-1])
        out_y.append(ys[-1])
    return out_x, out_y


@dataclass(frozen=True)
class PlotClick:
    """A click on a plot's axes, in data coordinates, with the modifier keys held.

    `x_per_pixel`, `y_per_pixel`: how much one screen pixel is worth along each axis there
    (for "is this click on that point?": compare distances in pixels, not in data units).
    """

    x: float
    y: float
    x_per_pixel: float = 0.0
    y_per_pixel: float = 0.0
    shift: bool = False
    alt: bool = False
    ctrl: bool = False
    meta: bool = False


class Plot(anywidget.AnyWidget):
    """A canvas plot drawn in the browser from this widget's state (see the module doc)."""

    _esm = JS_DIR / "plot.js"
    _css = JS_DIR / "plot.css"

    width = traitlets.Int(440).tag(sync=True)
    height = traitlets.Int(290).tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    x_label = traitlets.Unicode("").tag(sync=True)
    y_label = traitlets.Unicode("").tag(sync=True)
    x_range = traitlets.List(traitlets.Float(), [0.0, 1.0]).tag(sync=True)
    y_range = traitlets.List(traitlets.Float(), [0.0, 1.0]).tag(sync=True)
    y_log = traitlets.Bool(False).tag(sync=True)
    legend = traitlets.Unicode("upper left").tag(sync=True)  # or "upper right", "none"
    # [[value, label], ...]: ticks at these x values with these labels (say, for bars);
    # empty: round numbers, chosen by the browser
    x_ticks = traitlets.List(traitlets.List()).tag(sync=True)
    background = traitlets.List(traitlets.Dict()).tag(sync=True)
    series = traitlets.List(traitlets.Dict()).tag(sync=True)
    overlay = traitlets.List(traitlets.Dict()).tag(sync=True)
    # A widget shared with the knob sliders (slider.KnobLink): the values being moved in
    # the browser, which win over a linked polynomial item's coefficients until the kernel
    # has the last word. Sent as anywidget's reference, which the view resolves with
    # anywidget's host API (host.getModel), so nothing reaches into the widget manager.
    link = anywidget.WidgetTrait().tag(sync=True)
    clickable = traitlets.Bool(False).tag(sync=True)  # a crosshair cursor over the axes

    def __init__(self, css_class: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if css_class:
            self.add_class(css_class)
        self._click_handlers: list[Callable[[PlotClick], None]] = []
        self.on_msg(self._on_browser_message)

    def on_click(self, handler: Callable[[PlotClick], None]) -> None:
        """Call `handler(PlotClick)` when the learner clicks inside the axes."""
        self._click_handlers.append(handler)
        self.clickable = True

    def click(self, x: float, y: float, **details: Any) -> None:
        """A click at data coordinates (x, y), as the browser reports one (`PlotClick`'s fields)."""
        event = PlotClick(float(x), float(y), **details)
        for handler in list(self._click_handlers):
            handler(event)

    def _on_browser_message(self, _widget: Any, content: object, _buffers: list) -> None:
        self.handle_browser_message(content)

    def handle_browser_message(self, content: object) -> None:
        """A message from the browser view: {"type": "click", "x", "y", ...}; others ignored."""
        if not isinstance(content, dict) or content.get("type") != "click":
            return
        try:
            x, y = float(content["x"]), float(content["y"])
            details = {
                name: float(content.get(name, 0.0)) for name in ("x_per_pixel", "y_per_pixel")
            } | {name: bool(content.get(name)) for name in ("shift", "alt", "ctrl", "meta")}
        except (KeyError, TypeError, ValueError):
            return  # not a click this widget's JavaScript sends
        if math.isfinite(x) and math.isfinite(y):
            self.click(x, y, **details)

    def item(self, name: str, label: str) -> dict:
        """The first item of `background`, `series` or `overlay` with this label."""
        for item in getattr(self, name):
            if item.get("label") == label:
                return item
        raise KeyError(f"no item labelled {label!r} in {name}")


class Plots(widgets.HBox):
    """Plots side by side, wrapping onto the next line where the column is too narrow."""

    def __init__(self, plots: Sequence[Plot]) -> None:
        super().__init__(list(plots), layout=widgets.Layout(flex_flow="row wrap"))
        self.add_class("autograd-plots")

    @property
    def plots(self) -> tuple[Plot, ...]:
        """The plots, left to right."""
        return tuple(self.children)


def line(x: Iterable[float], y: Iterable[float], colour: str = BLUE, **style: Any) -> dict:
    """A line item (see the module doc for the optional style keys)."""
    return {"kind": "line", "x": floats(x), "y": floats(y), "colour": colour, **style}


def scatter(x: Iterable[float], y: Iterable[float], colour: str = GREY, **style: Any) -> dict:
    """A points item: a dot at each (x, y)."""
    return {"kind": "points", "x": floats(x), "y": floats(y), "colour": colour, **style}


def hline(y: float, colour: str = GREEN, **style: Any) -> dict:
    """A horizontal line across the plot at height y (a floor, a threshold)."""
    return {"kind": "hline", "y": float(y), "colour": colour, **style}


def bars(
    x: Iterable[float], heights: Iterable[float], bar_width: float, colour: str = BLUE, **style: Any
) -> dict:
    """Bars centred at x with these heights (a nan or inf height draws no bar)."""
    return {
        "kind": "bars", "x": floats(x), "y": floats(heights), "bar_width": float(bar_width),
        "colour": colour, **style,
    }  # fmt: skip


def polynomial(coefficients: Iterable[float], colour: str = BLUE, **style: Any) -> dict:
    """k0 + k1 x + ... drawn across the plot's x range (computed in the browser).

    With `link=True`, the knob sliders sharing the plot's `link` widget move the curve as
    they are dragged.
    """
    return {"kind": "polynomial", "coefficients": floats(coefficients), "colour": colour, **style}


def secant(coefficients: Iterable[float], x: float | str, h: float | str) -> dict:
    """The secant through x and x + h of the polynomial, its tangent at x and the two points.

    x and h are numbers, or names of the widget's traits that hold them (see the module doc).
    """
    return {"kind": "secant", "coefficients": floats(coefficients), "x": x, "h": h}


def padded_range(values: Iterable[float], share: float = 0.1) -> list[float]:
    """[low, high] around `values`, widened by `share` of the spread on each side."""
    finite = [v for v in values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    margin = share * (high - low) or 1.0
    return [low - margin, high + margin]
