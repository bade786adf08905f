"""backprop-notebooks' autograd package: a tiny engine plus the tools the course uses.

One module per idea, each building on the engine:

- `engine`: `Value`, the scalar that remembers how it was made, and backward();
- `gradcheck`: central differences, the referee for every gradient;
- `draw`: computation graphs drawn with Graphviz (the only module that knows graphviz);
- `trace`: the forward and backward passes told step by step, in words and numbers;
- `polyfit`: the degree-5 polynomial fit: data, loss, gradient descent, least squares;
- `nn`: Neuron, Layer, MLP;
- `exercises`: the notebooks' "your turn" checks and the workbook command;
- `figures`: the diagrams in figures/ (matplotlib, imported only when run).

`import autograd` loads none of matplotlib, ipympl or ipywidgets: the widgets live in
`autograd.widgets` and are imported on demand.
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
    "backward_steps",
    "check_gradients",
    "compare_plain_and_momentum",
    "conditioning",
    "Dataset",
    "distance_to_optimum",
    "DivergenceError",
    "draw_graph",
    "fit_polynomial",
    "forward_steps",
    "GradCheck",
    "gradient_descent",
    "GradientDescent",
    "graph_size",
    "largest_stable_learning_rate",
    "Layer",
    "least_squares",
    "LeastSquares",
    "loss_and_gradients",
    "make_dataset",
    "MLP",
    "mse_loss",
    "Neuron",
    "nudge_effect",
    "numerical_grad",
    "Polynomial",
    "TrainingStep",
    "Value",
]
