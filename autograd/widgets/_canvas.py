"""Browser-drawn plots for the widgets: the kernel sends lists of numbers, the browser draws.

`Plot` is an anywidget whose JavaScript (js/plot.js, shipped in the package) draws on a
<canvas> from the widget's state alone: axes ranges, labels and three lists of items,
`background` (drawn first, set rarely: the data points, a reference curve), `series`
(what training changes: the loss curve) and `overlay` (what every slider move changes:
your curve, the current point). Keeping them apart means a slider move sends only the
overlay, not the whole history again.

Why not matplotlib in the kernel (ipympl): a redraw there renders a PNG with Agg, sends
it and waits for the browser, about 100 ms per move on this machine; drawing a few
hundred points on a canvas takes well under a millisecond. And because everything the
picture needs is in the state, a notebook saved with its widget state shows the plots
on a static page too (ipympl's canvases come out blank there).

Item dictionaries (all numbers plain floats; `None` leaves a gap in a line):
  {"kind": "line", "x": [...], "y": [...], "colour": "#1f77b4", "width": 2, "dash": [6, 4],
   "label": "your curve", "visible": True}
  {"kind": "points", "x": [...], "y": [...], "colour": ..., "size": 3, "colours": [...],
   "edge": "#000"}
  {"kind": "hline", "y": 0.1, ...}    {"kind": "vline", "x": 2.0, ...}
  {"kind": "image", "values": rows of numbers in [-1, 1] (row 0 at the bottom),
   "extent": [x0, x1, y0, y1], "alpha": 0.6}   (red -1, white 0, blue +1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets
import traitlets

JS_DIR = Path(__file__).with_name("js")

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

    width = traitlets.Int(440).tag(sync=True)
    height = traitlets.Int(290).tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    x_label = traitlets.Unicode("").tag(sync=True)
    y_label = traitlets.Unicode("").tag(sync=True)
    x_range = traitlets.List(traitlets.Float(), [0.0, 1.0]).tag(sync=True)
    y_range = traitlets.List(traitlets.Float(), [0.0, 1.0]).tag(sync=True)
    y_log = traitlets.Bool(False).tag(sync=True)
    legend = traitlets.Unicode("upper left").tag(sync=True)  # or "upper right", "none"
    background = traitlets.List(traitlets.Dict()).tag(sync=True)
    series = traitlets.List(traitlets.Dict()).tag(sync=True)
    overlay = traitlets.List(traitlets.Dict()).tag(sync=True)
    # Lines the browser computes itself: "polynomial" draws `coefficients` (k0, k1, ...) as
    # "your curve" over x_range, following KnobSliders with the same `link` as they move.
    derived = traitlets.Unicode("").tag(sync=True)
    coefficients = traitlets.List(traitlets.Float()).tag(sync=True)
    # A widget shared with the knob sliders (slider.KnobLink): the values being moved in
    # the browser, which win over `coefficients` until the kernel has the last word.
    link = traitlets.Instance(ipywidgets.Widget, allow_none=True).tag(
        sync=True, **ipywidgets.widget_serialization
    )
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
        """The first item of `background`, `series` or `overlay` with this label (for tests)."""
        for item in getattr(self, name):
            if item.get("label") == label:
                return item
        raise KeyError(f"no item labelled {label!r} in {name}")


def line(x: Iterable[float], y: Iterable[float], colour: str = BLUE, **style: Any) -> dict:
    """A line item (see the module doc for the optional style keys)."""
    return {"kind": "line", "x": floats(x), "y": floats(y), "colour": colour, **style}


def points(x: Iterable[float], y: Iterable[float], colour: str = GREY, **style: Any) -> dict:
    """A points (scatter) item."""
    return {"kind": "points", "x": floats(x), "y": floats(y), "colour": colour, **style}


def padded_range(values: Iterable[float], share: float = 0.1) -> list[float]:
    """[low, high] around `values`, widened by `share` of the spread on each side."""
    finite = [v for v in values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    margin = share * (high - low) or 1.0
    return [low - margin, high + margin]
