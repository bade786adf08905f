"""Interactive widgets for the notebooks (ipywidgets + ipympl), imported on demand.

`import autograd` never loads this package, so the engine and its helpers work
without a notebook; `from autograd.widgets import ...` pulls in ipywidgets and
matplotlib only when a notebook asks for a widget.
"""

from autograd.widgets.boundary import BoundaryView
from autograd.widgets.derivative import DerivativeExplorer
from autograd.widgets.nudge import NudgePanel, conditioning_view
from autograd.widgets.stepper import GraphStepper

__all__: list[str] = [
    "BoundaryView",
    "DerivativeExplorer",
    "GraphStepper",
    "NudgePanel",
    "conditioning_view",
]
