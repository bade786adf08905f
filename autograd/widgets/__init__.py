"""Interactive widgets for the notebooks (ipywidgets + anywidget), imported on demand.

`import autograd` never loads this package, so the engine and its helpers work
without a notebook; `from autograd.widgets import ...` pulls in ipywidgets and
anywidget only when a notebook asks for a widget. The plots and graphs are drawn in the
browser by the package's own JavaScript (autograd/widgets/js/).

Each widget is imported when first asked for (module `__getattr__`): the derivative
explorer and the graph widgets need neither numpy nor matplotlib, so notebooks 1-4 also
run where they are missing (Pyodide), while the nudge panel loads numpy only when used.

Importing this package registers the in-browser layout (viz.js) with autograd.draw, for
drawings displayed where there is no `dot`; it loads ipywidgets only when one is shown.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.draw import register_browser_layout

# The widgets' JavaScript and CSS (plain ES modules, shipped in the package)
JS_DIR = Path(__file__).with_name("js")

if TYPE_CHECKING:
    from autograd.widgets.boundary import BoundaryView
    from autograd.widgets.derivative import DerivativeExplorer
    from autograd.widgets.graph_view import GraphView
    from autograd.widgets.landscape import LossLandscape
    from autograd.widgets.live_graph import LiveGraph
    from autograd.widgets.nudge import NudgePanel, conditioning_view
    from autograd.widgets.playground import Playground
    from autograd.widgets.plot import Plot
    from autograd.widgets.stepper import GraphStepper

# name -> module that defines it
_HOMES = {
    "BoundaryView": "autograd.widgets.boundary",
    "DerivativeExplorer": "autograd.widgets.derivative",
    "GraphStepper": "autograd.widgets.stepper",
    "GraphView": "autograd.widgets.graph_view",
    "LiveGraph": "autograd.widgets.live_graph",
    "LossLandscape": "autograd.widgets.landscape",
    "NudgePanel": "autograd.widgets.nudge",
    "Playground": "autograd.widgets.playground",
    "Plot": "autograd.widgets.plot",
    "conditioning_view": "autograd.widgets.nudge",
}

__all__ = [
    "BoundaryView",
    "DerivativeExplorer",
    "GraphStepper",
    "GraphView",
    "LiveGraph",
    "LossLandscape",
    "NudgePanel",
    "Playground",
    "Plot",
    "conditioning_view",
]


def _browser_view(dot_source: str) -> Any:
    """A GraphView that lays `dot_source` out in the browser with viz.js (no `dot` needed)."""
    from autograd.widgets.graph_view import GraphView  # ipywidgets loads here, when needed

    return GraphView.for_layout_in_browser(dot_source)


# Drawings shown where there is no `dot` (JupyterLite) are laid out in the browser: the
# widgets tell autograd.draw how, so that draw imports no widget.
register_browser_layout(_browser_view)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'autograd.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
