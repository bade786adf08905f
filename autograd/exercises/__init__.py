"""Checks for the notebooks' "Your turn" cells: a verdict at once, and a diagnosis when wrong.

Every check returns a `CheckResult`, which Jupyter shows as a small coloured box (green:
right, red: wrong with the likely mistake named, grey: not answered yet). A check never
lies: no answer of any type or size is called right unless it is right, any object gets
a verdict rather than a traceback, an equivalent answer is accepted, and "not answered
yet" means a `...` blank is still there (the blank of the workbook copies).

One module per topic:

- `verdict`: CheckResult (which hides the expected numbers of a blank and names the
  learner's blank variable), reading any answer as a number;
- `graph_facts`: names, true gradients, edges and staleness of a learner's graph;
- `derivatives` (notebook 01), `graphs` (02), `backprop` (03), `backward` (04),
  `training` (06 and 09), `networks` (09);
- `structure`: graphs compared by meaning (commuted, regrouped), not by spelling;
- `guards`: `answered` and `learned`, for the cells that use an exercise's result;
- `lessons`: the checks of the deeper sections (local derivatives, the path rule, the rate
  predictions of notebook 7); `tensors`: notebook 10's (numpy, imported only there).

The workbook copies are made by `python -m autograd.workbook` (`make workbook`).
"""

from autograd.exercises.backprop import check_backprop, check_local_gradients
from autograd.exercises.backward import (
    check_backward_function,
    check_grad_prediction,
    check_topological_order,
)
from autograd.exercises.derivatives import check_partials, check_slope
from autograd.exercises.graphs import check_graph, check_value_prediction
from autograd.exercises.guards import FILL_IN_FIRST, answered, learned
from autograd.exercises.networks import check_neuron_output, check_parameter_count
from autograd.exercises.training import check_training_step
from autograd.exercises.verdict import CORRECT, UNANSWERED, WRONG, CheckResult

__all__ = [
    "CORRECT",
    "FILL_IN_FIRST",
    "UNANSWERED",
    "WRONG",
    "CheckResult",
    "answered",
    "check_backprop",
    "check_backward_function",
    "check_grad_prediction",
    "check_graph",
    "check_local_gradients",
    "check_neuron_output",
    "check_parameter_count",
    "check_partials",
    "check_slope",
    "check_topological_order",
    "check_training_step",
    "check_value_prediction",
    "learned",
]
