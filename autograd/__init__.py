"""backprop-notebooks' autograd package: a tiny engine plus the tools the course uses.

One module per idea, each building on the engine:

- `engine`: `Value`, the scalar that remembers how it was made, and backward();
- `gradcheck`: central differences, the referee for every gradient;
- `collector`: `paused_collector`, the garbage collector paused while graphs are built;
- `draw`: computation graphs drawn with Graphviz (the only module that knows graphviz);
- `trace`: the forward and backward passes told step by step, in words and numbers;
- `polyfit`: the degree-5 polynomial fit: data, loss, gradient descent, least squares,
  the largest stable learning rate;
- `conditioning`: why the last knobs move slowly: curvature, stable rates, momentum;
- `bases`: features for the same fit (powers, Legendre, x on [0, 1]), their Hessian (the
  package's one), curvatures, momentum's factors per axis, a quick descent loop;
- `bowl`: the loss bowl in closed form, floor + 1/2 (k - k*)^T H (k - k*) (notebooks 7, 8);
- `linalg`: the small linear algebra those need (least squares, symmetric eigenvalues);
- `rng`: numpy's seeded random numbers in plain Python (the data sets, with or without numpy);
- `nn`: Neuron, Layer, MLP;
- `dual`: dual numbers, forward-mode derivatives (to compare with backprop);
- `tensor`: `Tensor`, the same engine on numpy arrays (notebook 10);
- `exercises`: the notebooks' "your turn" checks (one module per topic);
- `workbook`: the practice copies of the notebooks, answers blanked (`make workbook`);
- `course` and `progress`: each notebook's first cell (kernel check, hints) and the progress
  that the course map (`autograd.widgets.course_map`) shows;
- `validate`: the argument checks the modules share; `files`: one safe (atomic) file write;
- `plots`: the notebooks' pictures, drawn in the browser (`autograd.widgets.plot.Plot`);
- `figures`: the diagrams in figures/ (Graphviz and matplotlib, `make figures`).

`import autograd` loads only the standard library: the engine works wherever Python does.
Every other name below is imported on first use (`from autograd import draw_graph` loads
graphviz then); the fitting modules (polyfit, conditioning, bases, bowl, linalg, rng) are plain
Python too, and the widgets live in `autograd.widgets`, imported on demand.
"""

from __future__ import annotations

import importlib
from typing import Any

# "X as X": re-exported on purpose (the eager names: standard library only)
from autograd.engine import Value as Value
from autograd.gradcheck import GradCheck as GradCheck
from autograd.gradcheck import check_gradients as check_gradients
from autograd.gradcheck import numerical_grad as numerical_grad

# name -> the module that defines it, imported the first time the name is asked for
_LAZY = {
    "paused_collector": "collector",
    "draw_graph": "draw",
    "MLP": "nn",
    "Layer": "nn",
    "Neuron": "nn",
    **dict.fromkeys(
        [
            "Dataset",
            "DivergenceError",
            "GradientDescent",
            "LeastSquares",
            "Polynomial",
            "TrainingStep",
            "fit_polynomial",
            "gradient_descent",
            "graph_size",
            "largest_stable_learning_rate",
            "least_squares",
            "loss_and_gradients",
            "make_dataset",
            "mse_loss",
            "nudge_effect",
        ],
        "polyfit",
    ),
    # the conditioning analysis (notebook 07); its main function is not re-exported here,
    # because `autograd.conditioning` is the module of that name
    **dict.fromkeys(
        ["compare_plain_and_momentum", "distance_to_optimum"],
        "conditioning",
    ),
    "Dual": "dual",
    "Tensor": "tensor",
    "backward_steps": "trace",
    "forward_steps": "trace",
}

__all__ = sorted(["GradCheck", "Value", "check_gradients", "numerical_grad", *_LAZY], key=str.lower)


def __getattr__(name: str) -> Any:
    """Import a name's module on first use (PEP 562), then keep the name here."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"autograd.{module_name}"), name)
    globals()[name] = value  # next time: an ordinary attribute, no __getattr__ call
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
