"""Notebook 9's checks on networks: counting parameters, and one neuron's output by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd.exercises.verdict import WRONG, CheckResult, fmt, number_check, result


def check_parameter_count(count: object, n_inputs: int, layer_sizes: Sequence[int]) -> CheckResult:
    """How many weights and biases `MLP(n_inputs, layer_sizes)` has."""
    sizes = [n_inputs, *layer_sizes]
    pairs = list(zip(sizes, sizes[1:]))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(layer_sizes)
    model = f"MLP({n_inputs}, {list(layer_sizes)})"
    return number_check(
        f"parameters of {model}",
        "your count",
        count,
        weights + biases,
        f"the number of parameters of {model}",
        [
            (weights, "you counted the weights only: every neuron also has a bias"),
            (biases, "that is the number of neurons (one bias each); add their weights"),
            (sum((n_in + 1) for n_in, _ in pairs), "count every neuron of a layer, not one"),
        ],
        name="count",
    )


def check_neuron_output(output: object, neuron: object, x: Sequence[float]) -> CheckResult:
    """tanh(w1*x1 + ... + wn*xn + b) worked out from the neuron's weights and bias."""
    title = "the neuron's output"
    try:
        w = [float(wi.data) for wi in neuron.w]  # type: ignore[attr-defined]
        b = float(neuron.b.data)  # type: ignore[attr-defined]
        inputs = [float(xi) for xi in x]
    except Exception:  # the notebook passed something else: a verdict, not a traceback
        return result(
            WRONG,
            title,
            f"the check needs a Neuron and its input numbers; got {fmt(neuron)}, {fmt(x)}",
        )
    weighted = math.fsum(wi * xi for wi, xi in zip(w, inputs))
    return number_check(
        title,
        "your output",
        output,
        math.tanh(weighted + b),
        "tanh(w·x + b)",
        [
            (weighted + b, "you stopped before the tanh: squash the weighted sum with tanh"),
            (math.tanh(weighted), "you left out the bias b"),
            (weighted, "you left out the bias and the tanh"),
            (-math.tanh(weighted + b), "the sign is flipped: check the signs of w·x"),
        ],
        name="output",
    )
