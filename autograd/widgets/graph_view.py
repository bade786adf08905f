"""GraphView: a computation graph shown in the browser, laid out once, by `dot` or by viz.js.

The widget carries the picture as SVG text (`svg`, laid out in the kernel by Graphviz's
`dot`), or, where there is no `dot` (not installed; JupyterLite, where nothing can be
installed), the DOT source (`dot`) and the version of viz.js (Graphviz compiled to
WebAssembly, vendored from npm) to lay it out with. The browser asks the widget for
viz.js once per page (a custom message, anywidget's `model.send`; the kernel answers
with the code), lays the graph out itself and sends the SVG back, so the widget state
saved with a notebook (and a static HTML page made from it) holds the picture either way.

The JavaScript is autograd/widgets/js/graph.js, a plain ES module loaded by anywidget;
GraphStepper (stepper.py) builds on this widget and adds the stepping.
"""

from __future__ import annotations

import functools
from typing import Any

import anywidget
import traitlets

from autograd.dot import DotError, dot_available, run_dot
from autograd.widgets import JS_DIR

VIZ_DIR = JS_DIR.parent / "vendor" / "viz-js"


def viz_version() -> str:
    """The version of the vendored viz.js (Graphviz compiled to WebAssembly)."""
    return (VIZ_DIR / "VERSION").read_text(encoding="utf-8").strip()


@functools.cache
def viz_source() -> str:
    """viz.js itself (~1.2 MB of JavaScript), read once per kernel."""
    return (VIZ_DIR / "viz.js").read_text(encoding="utf-8")


def layout_traits(dot_source: str) -> dict[str, Any]:
    """The traits that lay `dot_source` out: the SVG made by `dot` here, or, where `dot` is
    missing or fails, the source itself and viz.js for the browser to lay it out."""
    if dot_available():
        try:
            svg = run_dot(dot_source, "svg").decode("utf-8")
            return {"svg": svg, "dot": "", "layout_engine": "dot"}
        except (FileNotFoundError, DotError):
            pass  # let the browser try (and show its error if it fails too)
    return {"svg": "", "dot": dot_source, "viz_version": viz_version(), "layout_engine": ""}


class GraphView(anywidget.AnyWidget):
    """One computation graph, drawn as SVG in the browser and scaled to the cell's width."""

    _esm = JS_DIR / "graph.js"
    _css = JS_DIR / "graph.css"

    svg = traitlets.Unicode("").tag(sync=True)  # the laid-out picture ("" until laid out)
    dot = traitlets.Unicode("").tag(sync=True)  # DOT source, for a layout in the browser
    # the viz.js to lay `dot` out with ("" when `dot` laid it out here); the browser asks
    # for the code itself once per page (a custom message answered by viz_js())
    viz_version = traitlets.Unicode("").tag(sync=True)
    # Who laid the graph out ("dot" in the kernel, "viz.js <version>" in the browser) and,
    # for a browser layout, how long it took there: set by the browser, read by benchmarks.
    layout_engine = traitlets.Unicode("").tag(sync=True)
    layout_ms = traitlets.Float(-1.0).tag(sync=True)
    layout_error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._on_browser_message)

    @classmethod
    def for_layout_in_browser(cls, dot_source: str, **kwargs: Any) -> GraphView:
        """A view whose DOT source the browser lays out with viz.js (no `dot` needed)."""
        return cls(dot=dot_source, viz_version=viz_version(), **kwargs)

    @staticmethod
    def viz_js() -> dict[str, str]:
        """The answer to the browser's request for viz.js: its version and its code."""
        return {"viz_version": viz_version(), "viz_js": viz_source()}

    def _on_browser_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("request") == "viz.js":
            self.send(self.viz_js())
