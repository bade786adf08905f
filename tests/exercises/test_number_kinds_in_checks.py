"""Every check reads a number the same way: a right answer is right whatever kind of number
holds it (float, int, numpy scalar, 0-d array, Fraction, Decimal), and nan, inf and huge
ints are never right (one reading of numbers across the checks)."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from lesson_graphs import path_graph

from autograd import Value
from autograd.exercises import (
    CORRECT,
    WRONG,
    CheckResult,
    check_grad_prediction,
    check_parameter_count,
    check_partials,
    check_slope,
    check_value_prediction,
)
from autograd.exercises.lessons import check_local_derivatives, check_path_rule

KINDS: dict[str, Callable[[float], object]] = {
    "float": float,
    "np.float64": np.float64,
    "np.float32 of a whole number": lambda x: np.float32(x) if float(x).is_integer() else x,
    "0-d array": np.array,
    "Fraction": Fraction,
    "Decimal": lambda x: Decimal(repr(float(x))),
}
BAD = [math.nan, math.inf, -math.inf, 10**400, np.float64(math.nan), np.array(math.inf)]


def f(x):
    return 3 * x**2 - 4 * x + 5


def d_of(a, b, c):
    return a * b + c


def graph() -> tuple[Value, Value]:
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    out = a * b + a
    out.label = "out"
    return out, a


def local_derivative_answers(convert: Callable[[float], object]) -> dict[str, object]:
    a, b = 1.5, 2.0
    exact = {
        "-": -1.0,
        "/": -a / b**2,
        "**2": 2 * a,
        "exp": math.exp(a),
        "tanh": 1 - math.tanh(a) ** 2,
    }
    return {key: convert(value) for key, value in exact.items()}


def path_answers(convert: Callable[[float], object]) -> tuple[dict[str, object], object]:
    e, b = path_graph()
    # through c: d(e)/dc * dc/db = d = 2; through d: c = 3; total 5
    return {"c": convert(2.0), "d": convert(3.0)}, convert(5.0)


SLOPE = (f(3 + 0.001) - f(3)) / 0.001
PARTIALS = [(d_of(2 + 0.001, -3, 10) - d_of(2, -3, 10)) / 0.001, 2.0, 1.0]

CHECKS: dict[str, Callable[[Callable[[float], object]], CheckResult]] = {
    "check_slope": lambda k: check_slope(k(SLOPE), f, 3.0, 0.001),
    "check_partials": lambda k: check_partials([k(s) for s in PARTIALS], d_of, [2.0, -3.0, 10.0]),
    "check_value_prediction": lambda k: check_value_prediction(k(-4.0), graph()[0]),
    "check_grad_prediction": lambda k: check_grad_prediction(k(-2.0), *graph()),
    "check_parameter_count": lambda k: check_parameter_count(k(9), 2, [2, 1]),
    "check_local_derivatives": lambda k: check_local_derivatives(
        local_derivative_answers(k), 1.5, 2.0
    ),
    "check_path_rule": lambda k: check_path_rule(*path_answers(k), *path_graph()),
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("check", list(CHECKS))
def test_a_right_answer_is_right_in_every_kind_of_number(check: str, kind: str) -> None:
    verdict = CHECKS[check](KINDS[kind])
    assert verdict.status == CORRECT, verdict


@pytest.mark.parametrize("bad", BAD, ids=repr)
@pytest.mark.parametrize("check", list(CHECKS))
def test_nan_inf_and_huge_numbers_are_never_right(check: str, bad: object) -> None:
    verdict = CHECKS[check](lambda x: bad)
    assert verdict.status == WRONG, verdict
    repr(verdict), verdict._repr_html_()  # shown without an error
