"""Notebook 9's checks on networks: counting parameters, and one neuron's output by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    fmt,
    number_check,
    result,
)


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
            (
                weights + len(layer_sizes),
                "one bias per neuron, not per layer: every neuron adds its own",
            ),
            (
                weights + biases - (sizes[-2] + 1) * sizes[-1],
                "the last layer counts too: the output neuron has weights and a bias",
            ),
        ],
        name="count",
    )


def check_neuron_output(
    output: object, neuron: object, x: Sequence[float], name: str = "output"
) -> CheckResult:
    """tanh(w1*x1 + ... + wn*xn + b) worked out from the neuron's weights and bias.

    `name` is the learner's variable (e.g. "by_hand"), for the hints that name it."""
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
        name=name,
    )


def check_pass_counts(
    forward_mode_passes: object, backward_passes: object, n_knobs: int, n_outputs: int = 1
) -> CheckResult:
    """A prediction: passes for every knob's gradient, forward mode's and backprop's.

    Forward mode carries the derivative by one input per pass: `n_knobs` passes. Reverse
    mode (backprop) carries the derivative of one output per backward pass: `n_outputs`.
    """
    title = "passes for every knob's gradient"
    forward = number_check(
        title,
        "forward_mode_passes",
        forward_mode_passes,
        n_knobs,
        "the number of forward-mode passes",
        [
            (
                1,
                "one forward-mode pass gives the derivative by one input only, the one "
                "seeded with derivative 1; every knob needs its own pass",
            ),
            (
                2 * n_knobs,
                "that is nudging (two loss evaluations per knob); forward mode is "
                "exact with one pass per knob",
            ),
            (2, "the knobs are the inputs we differentiate by here, not the point's x1 and x2"),
        ],
        name="forward_mode_passes",
    )
    backward = number_check(
        title,
        "backward_passes",
        backward_passes,
        n_outputs,
        "the number of backward passes",
        [
            (
                n_knobs,
                "that is forward mode's count; one backward pass from the loss fills in "
                "every knob's grad at once",
            ),
            (0, "backprop needs its one backward pass (after the forward pass)"),
            (2, "the forward pass is not counted here: one backward pass"),
        ],
        name="backward_passes",
    )
    parts = [forward, backward]
    if all(part.status == CORRECT for part in parts):
        return result(
            CORRECT,
            title,
            f"right: forward mode {n_knobs} passes, backprop {n_outputs} backward pass "
            f"(after one forward pass)",
        )
    status = WRONG if any(part.status == WRONG for part in parts) else UNANSWERED
    return result(status, title, "; ".join(p.message for p in parts if p.status != CORRECT))
