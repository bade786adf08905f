"""backprop-notebooks' autograd package: a tiny engine plus the tools the course uses.

`import autograd` loads the engine and the pure-Python helpers only; the widgets
(ipywidgets, matplotlib) live in `autograd.widgets` and are imported on demand.
"""

from autograd.engine import Value
from autograd.gradcheck import GradCheck, check_gradients, numerical_grad

__all__ = ["GradCheck", "Value", "check_gradients", "numerical_grad"]
