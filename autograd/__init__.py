"""backprop-notebooks' autograd package: a tiny engine plus the tools the course uses.

`import autograd` loads the engine and the pure-Python helpers only; the widgets
(ipywidgets, matplotlib) live in `autograd.widgets` and are imported on demand.
"""

from autograd.draw import draw_graph
from autograd.engine import Value
from autograd.gradcheck import GradCheck, check_gradients, numerical_grad
from autograd.nn import MLP, Layer, Neuron
from autograd.polyfit import (
    Dataset,
    DivergenceError,
    GradientDescent,
    LeastSquares,
    Polynomial,
    TrainingStep,
    compare_plain_and_momentum,
    conditioning,
    distance_to_optimum,
    fit_polynomial,
    gradient_descent,
    graph_size,
    largest_stable_learning_rate,
    least_squares,
    loss_and_gradients,
    make_dataset,
    mse_loss,
    nudge_effect,
)
from autograd.trace import backward_steps, forward_steps

__all__ = [
    "Dataset",
    "DivergenceError",
    "GradCheck",
    "GradientDescent",
    "LeastSquares",
    "Polynomial",
    "TrainingStep",
    "compare_plain_and_momentum",
    "conditioning",
    "distance_to_optimum",
    "fit_polynomial",
    "gradient_descent",
    "graph_size",
    "largest_stable_learning_rate",
    "least_squares",
    "loss_and_gradients",
    "make_dataset",
    "mse_loss",
    "nudge_effect",
    "Layer",
    "MLP",
    "Neuron",
    "Value",
    "backward_steps",
    "check_gradients",
    "draw_graph",
    "forward_steps",
    "numerical_grad",
]
