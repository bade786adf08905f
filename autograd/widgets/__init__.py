"""Interactive widgets for the notebooks (ipywidgets + anywidget), imported on demand.

`import autograd` never loads this package, so the engine and its helpers work
without a notebook; `from autograd.widgets import ...` pulls in ipywidgets (and, for
the plots, matplotlib) only when a notebook asks for that widget: each name is
imported on first use, so the graph widgets work where matplotlib is missing
(Pyodide / JupyterLite without numpy).
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> module that defines it
_WIDGETS = {
    "BoundaryView": "autograd.widgets.boundary",
    "DerivativeExplorer": "autograd.widgets.derivative",
    "GraphStepper": "autograd.widgets.stepper",
    "GraphView": "autograd.widgets.graph_view",
    "NudgePanel": "autograd.widgets.nudge",
    "conditioning_view": "autograd.widgets.nudge",
}

__all__: list[str] = sorted(_WIDGETS)


def __getattr__(name: str) -> Any:
    if name not in _WIDGETS:
        raise AttributeError(f"module 'autograd.widgets' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WIDGETS[name]), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WIDGETS))
