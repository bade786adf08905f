"""No answer spoiled, and the blank named: a check run on a blank (`...`) never
shows the expected numbers, whichever check it is; and "not answered yet" names the
learner's variable (`k2_grad`), not the check's word for it.

For every check: the numbers a *wrong* answer is shown (the expected values, in the
message or the table) are collected, and the blank's verdict must contain none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from lesson_graphs import karpathy_graph, path_graph

from autograd import Value
from autograd.exercises import (
    UNANSWERED,
    WRONG,
    CheckResult,
    check_backprop,
    check_grad_prediction,
    check_graph,
    check_local_gradients,
    check_neuron_output,
    check_parameter_count,
    check_partials,
    check_slope,
    check_topological_order,
    check_value_prediction,
)
from autograd.exercises.lessons import (
    check_local_derivatives,
    check_momentum_factor_prediction,
    check_path_rule,
    check_peak_prediction,
    check_rate_predictions,
    check_velocity_prediction,
)
from autograd.exercises.tensors import check_bias_grad, check_matmul_grads
from autograd.exercises.training import check_knob_gradient
from autograd.nn import Neuron

JUNK = 12345.678  # a wrong answer no check expects


def f(x):
    return 3 * x**2 - 4 * x + 5


def d_of(a, b, c):
    return a * b + c


def graph() -> tuple[Value, Value, Value]:
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    out = c + a
    out.label = "out"
    return out, a, c


def karpathy(grad: object) -> CheckResult:
    """Notebook 03's table: every grad a blank (or JUNK), the output's filled in."""
    L, nodes = karpathy_graph()
    L.grad = 1.0
    for label in "dfecab":
        nodes[label].grad = grad
    return check_backprop(L)


def one_step(grad: object) -> CheckResult:
    out, a, c = graph()
    out.grad = 1.0
    c.grad, a.grad = grad, grad
    return check_local_gradients(out)


def path(answer: object) -> CheckResult:
    return check_path_rule({"c": answer, "d": answer}, answer, *path_graph())


G = np.array([[1.0, 2.0], [3.0, 4.0]])
A = np.array([[1.0, -1.0], [0.5, 2.0]])
B = np.array([[2.0, 0.0], [1.0, 3.0]])

# name: the check run with `answer` in the place of the learner's blank
CHECKS: dict[str, Callable[[object], CheckResult]] = {
    "check_slope": lambda answer: check_slope(answer, f, 3.0, 0.001),
    "check_partials": lambda answer: check_partials([answer] * 3, d_of, [2.0, -3.0, 10.0]),
    "check_value_prediction": lambda answer: check_value_prediction(answer, graph()[0]),
    "check_grad_prediction": lambda answer: check_grad_prediction(answer, *graph()[:2]),
    "check_backprop": karpathy,
    "check_local_gradients": one_step,
    "check_topological_order": lambda answer: check_topological_order(
        graph()[0], answer if answer is ... else [answer]
    ),
    "check_graph": lambda answer: check_graph(answer, lambda a, b: a * b + b),
    "check_parameter_count": lambda answer: check_parameter_count(answer, 2, [3, 1]),
    "check_neuron_output": lambda answer: check_neuron_output(answer, Neuron(2, seed=1), [0.5, -1]),
    "check_local_derivatives": lambda answer: check_local_derivatives(
        dict.fromkeys(("-", "/", "**2", "exp", "tanh"), answer), 1.5, 2.0
    ),
    "check_path_rule": path,
    "check_rate_predictions": lambda answer: check_rate_predictions(
        answer, answer if answer is ... else True, answer, [0.1, 2.0, 40.0], 0.06, 0.01
    ),
    "check_velocity_prediction": lambda answer: check_velocity_prediction(answer, 0.9, 0.1, 2.0),
    "check_momentum_factor_prediction": lambda answer: check_momentum_factor_prediction(
        answer, answer if answer is ... else True, 0.5, 0.1, 0.9, 0.1
    ),
    "check_peak_prediction": lambda answer: check_peak_prediction(answer, 0.9, 10),
    "check_knob_gradient": lambda answer: check_knob_gradient(answer, 0.5, 2.0, 2),
    "check_matmul_grads": lambda answer: check_matmul_grads(answer, answer, A, B, G),
    "check_bias_grad": lambda answer: check_bias_grad(answer, G),
}

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")


def _body(verdict: CheckResult) -> str:
    """What a verdict shows besides its title and row names (they name the exercise's inputs).

    The HTML view is made from the same message and rows, so they are what is read here.
    """
    rows = " | ".join(" ".join(row[1:]) for row in verdict.rows)
    return f"{verdict.message} | {rows}"


def _numbers(text: str) -> set[float]:
    return {float(match) for match in NUMBER.findall(text)}


@pytest.mark.parametrize("check", list(CHECKS))
def test_a_blank_never_shows_the_expected_numbers(check: str) -> None:
    blank, wrong = CHECKS[check](...), CHECKS[check](JUNK)
    assert blank.status == UNANSWERED, blank
    assert wrong.status == WRONG, wrong
    shown_when_wrong = _numbers(_body(wrong)) - _numbers(wrong.title) - {JUNK}
    # numbers that belong to the exercise or to the wording, not to its answer
    shown_when_wrong -= _numbers(blank.title) | {0.0, 1.0}
    spoiled = shown_when_wrong & _numbers(_body(blank))
    assert not spoiled, f"{check} shows {spoiled} on a blank: {blank!r}"
    for _, _yours, expected, _ in blank.rows:
        assert expected == "", f"{check}'s table shows an expected value on a blank: {blank!r}"


def test_the_table_of_a_partly_blank_answer_hides_the_blanks_expected_values() -> None:
    L, nodes = karpathy_graph()
    L.grad, nodes["d"].grad, nodes["f"].grad = 1.0, JUNK, ...  # one wrong, one blank
    verdict = check_backprop(L)
    assert verdict.status == WRONG
    blank_rows = [row for row in verdict.rows if row[1] == "..."]
    assert blank_rows and all(row[2] == "" for row in blank_rows), verdict


def test_not_answered_names_the_learners_variable() -> None:
    k2_grad = ...
    assert "replace the ... of k2_grad" in check_knob_gradient(k2_grad, 0.5, 2.0, 2).message
    out, a, _ = graph()
    my_prediction = ...
    assert "my_prediction" in check_value_prediction(my_prediction, out).message
    slope_of_f = ...
    assert "slope_of_f" in check_slope(slope_of_f, f, 3.0, 0.001).message
    answers = dict.fromkeys(("-", "/", "**2", "exp", "tanh"), ...)
    assert "answers" in check_local_derivatives(answers, 1.5, 2.0).message
    # spread over lines, or passed by keyword: still found
    assert (
        "k2_grad"
        in check_grad_prediction(
            k2_grad,
            out,
            a,
        ).message
    )


def test_not_answered_names_the_variable_in_an_ipython_cell() -> None:
    """In a notebook the source is a cell's: IPython keeps it where the check can read it."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        run = shell.run_cell(
            "from autograd.exercises.training import check_knob_gradient\n"
            "k2_grad = ...\n"
            "verdict = check_knob_gradient(k2_grad, 0.5, 2.0, 2)\n"
        )
        assert run.success, run
        assert "replace the ... of k2_grad" in shell.user_ns["verdict"].message
    finally:
        InteractiveShell.clear_instance()


def test_a_blank_typed_into_the_call_keeps_the_checks_own_words() -> None:
    verdict = check_slope(..., f, 3.0, 0.001)
    assert verdict.status == UNANSWERED and "not answered yet" in verdict.message
