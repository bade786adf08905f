"""GraphView: a computation graph shown in the browser, laid out once, by `dot` or by viz.js.

The widget carries the picture as SVG text (`svg`, laid out in the kernel by Graphviz's
`dot`), or, where there is no `dot` (not installed; JupyterLite, where nothing can be
installed), the DOT source (`dot`) plus a reference to one shared `GraphvizWasm` widget
that holds viz.js (Graphviz compiled to WebAssembly, vendored from npm). The browser
then lays the graph out itself and sends the SVG back, so the widget state saved with
a notebook (and a static HTML page made from it) holds the picture either way.

The JavaScript is autograd/widgets/js/graph.js, a plain ES module loaded by anywidget;
GraphStepper (stepper.py) builds on this widget and adds the stepping.
"""

from __future__ import annotations

from typing import Any

import anywidget
import ipywidgets as widgets
import traitlets

from autograd.draw import DotError, dot_available, run_dot
from autograd.widgets import JS_DIR

VIZ_DIR = JS_DIR.parent / "vendor" / "viz-js"


class GraphvizWasm(widgets.Widget):
    """viz.js (Graphviz as WebAssembly, ~1.2 MB), sent to the browser once per kernel.

    Every graph laid out in the browser refers to this one model instead of carrying
    its own copy; the browser imports the module once per page and keeps it.
    """

    version = traitlets.Unicode().tag(sync=True)
    source = traitlets.Unicode().tag(sync=True)


_shared_wasm: GraphvizWasm | None = None


def graphviz_wasm() -> GraphvizWasm:
    """The kernel's one GraphvizWasm widget (made again if it was closed)."""
    global _shared_wasm
    if _shared_wasm is None or _shared_wasm.comm is None:  # closed: Widget.close_all()
        _shared_wasm = GraphvizWasm(
            version=(VIZ_DIR / "VERSION").read_text(encoding="utf-8").strip(),
            source=(VIZ_DIR / "viz.js").read_text(encoding="utf-8"),
        )
    return _shared_wasm


def layout_traits(dot_source: str) -> dict[str, Any]:
    """The traits that lay `dot_source` out: the SVG made by `dot` here, or, where `dot` is
    missing or fails, the source itself and viz.js for the browser to lay it out."""
    if dot_available():
        try:
            svg = run_dot(dot_source, "svg").decode("utf-8")
            return {"svg": svg, "dot": "", "layout_engine": "dot"}
        except (FileNotFoundError, DotError):
            pass  # let the browser try (and show its error if it fails too)
    return {"svg": "", "dot": dot_source, "viz": graphviz_wasm(), "layout_engine": ""}


class GraphView(anywidget.AnyWidget):
    """One computation graph, drawn as SVG in the browser and scaled to the cell's width."""

    _esm = JS_DIR / "graph.js"
    _css = JS_DIR / "graph.css"

    svg = traitlets.Unicode("").tag(sync=True)  # the laid-out picture ("" until laid out)
    dot = traitlets.Unicode("").tag(sync=True)  # DOT source, for a layout in the browser
    viz = traitlets.Instance(GraphvizWasm, allow_none=True).tag(
        sync=True, **widgets.widget_serialization
    )
    # Who laid the graph out ("dot" in the kernel, "viz.js <version>" in the browser) and,
    # for a browser layout, how long it took there: set by the browser, read by benchmarks.
    layout_engine = traitlets.Unicode("").tag(sync=True)
    layout_ms = traitlets.Float(-1.0).tag(sync=True)
    layout_error = traitlets.Unicode("").tag(sync=True)

    @classmethod
    def for_layout_in_browser(cls, dot_source: str, **kwargs: object) -> GraphView:
        """A view whose DOT source the browser lays out with viz.js (no `dot` needed)."""
        return cls(dot=dot_source, viz=graphviz_wasm(), **kwargs)
