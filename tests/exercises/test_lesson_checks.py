"""autograd.exercises.lessons: right answers pass (in any equivalent form), the mistakes learners
make are named, blanks are "not answered yet", and junk never raises nor passes."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lesson_graphs import path_graph

from autograd import Value
from autograd.exercises.lessons import (
    LOCAL_DERIVATIVE_KEYS,
    check_local_derivatives,
    check_path_rule,
    check_rate_predictions,
    path_products,
)

JUNK = [
    None,
    "3",
    "",
    [1.0],
    (2.0,),
    {"x": 1},
    True,
    False,
    1j,
    math.nan,
    math.inf,
    Value(1.0),
    print,
]
A, B = 1.5, 2.0


def assert_status(result, status, *phrases):
    assert result.status == status, result
    text = repr(result)
    for phrase in phrases:
        assert phrase in text, (phrase, text)


# ------------------------------------------------------------- local derivatives
def right_local(a=A, b=B):
    return {
        "-": -1.0,
        "/": -a / b**2,
        "**2": 2 * a,
        "exp": math.exp(a),
        "tanh": 1 - math.tanh(a) ** 2,
    }


def test_local_derivatives_right_and_rewritten():
    assert_status(check_local_derivatives(right_local(), A, B), "correct", "all right")
    rewritten = {
        "-": -1,  # an int
        "/": -(A / B) / B,
        "**2": np.float64(A + A),  # numpy numbers are numbers
        "exp": math.e**A,
        "tanh": 1 / math.cosh(A) ** 2,  # sech², the same function
    }
    assert_status(check_local_derivatives(rewritten, A, B), "correct")


@pytest.mark.parametrize(
    ("key", "answer", "phrase"),
    [
        ("-", 1.0, "subtracted"),
        ("/", 1 / B, "derivative for a"),
        ("/", A / B**2, "sign"),
        ("/", A / B, "value a / b"),
        ("**2", A**2, "power rule"),
        ("**2", 2.0, "keeps the a"),
        ("exp", A * math.exp(A - 1), "own derivative"),
        ("tanh", math.tanh(A), "tanh(a) itself"),
        ("tanh", 1 - math.tanh(A), "square it"),
        ("tanh", 1 - A**2, "use tanh(a), not a"),
    ],
)
def test_local_derivative_mistakes_are_named(key, answer, phrase):
    answers = right_local() | {key: answer}
    assert_status(check_local_derivatives(answers, A, B), "wrong", phrase)


def test_local_derivatives_blank_and_partly_blank():
    blank = {key: ... for key in LOCAL_DERIVATIVE_KEYS}
    assert_status(check_local_derivatives(blank, A, B), "unanswered", "not answered yet")
    assert_status(check_local_derivatives(..., A, B), "unanswered")
    partly = right_local() | {"exp": ...}
    assert_status(check_local_derivatives(partly, A, B), "unanswered")
    # a wrong answer beside a blank one is still reported as wrong
    assert_status(check_local_derivatives(partly | {"tanh": 0.5}, A, B), "wrong")


@pytest.mark.parametrize("junk", JUNK)
def test_local_derivatives_junk(junk):
    assert_status(check_local_derivatives(right_local() | {"exp": junk}, A, B), "wrong", "exp(a)")
    assert check_local_derivatives(junk, A, B).status == "wrong"


def test_local_derivatives_missing_keys():
    assert_status(check_local_derivatives({"exp": 1.0}, A, B), "wrong", "missing")


@pytest.mark.slow
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_local_derivatives_never_call_wrong_right(x):
    answers = right_local() | {"tanh": x}
    result = check_local_derivatives(answers, A, B)
    right = 1 - math.tanh(A) ** 2
    assert result.ok == (abs(x - right) <= 2e-3 * max(1.0, abs(x), right))


# ------------------------------------------------------------------ the path rule
def test_path_products_sum_to_the_engines_grad():
    e, b = path_graph(2.0, 1.0)
    products = [p for _, p in path_products(e, b)]
    e.backward()
    assert sorted(products) == [2.0, 3.0] and sum(products) == b.grad == 5.0
    k = Value(3.0, label="k")
    twice = k + k
    assert [p for _, p in path_products(twice, k)] == [1.0, 1.0]  # one path per edge


def test_path_rule_right_and_rewritten():
    e, b = path_graph()
    assert_status(check_path_rule({"c": 2.0, "d": 3.0}, 5.0, e, b), "correct")
    assert_status(check_path_rule({"d": 3, "c": np.float64(2)}, 2 + 3, e, b), "correct")


@pytest.mark.parametrize(
    ("through", "total", "phrase"),
    [
        ({"c": 3.0, "d": 2.0}, 5.0, "other* factor"),  # each path used its own factor
        ({"c": 1.0, "d": 1.0}, 2.0, "keep multiplying"),  # only the first local derivative
        ({"c": 2.0, "d": 3.0}, 6.0, "add the products"),  # multiplied across paths
        ({"c": 2.0, "d": 3.0}, 3.0, "other path"),  # forgot one path
        ({"c": -2.0, "d": 3.0}, 5.0, "sign"),
    ],
)
def test_path_rule_mistakes_are_named(through, total, phrase):
    e, b = path_graph()
    assert_status(check_path_rule(through, total, e, b), "wrong", phrase)


def test_path_rule_blank():
    e, b = path_graph()
    assert_status(check_path_rule({"c": ..., "d": ...}, ..., e, b), "unanswered")
    assert_status(check_path_rule(..., ..., e, b), "unanswered")
    assert_status(check_path_rule({"c": 2.0, "d": 3.0}, ..., e, b), "unanswered")


@pytest.mark.parametrize("junk", JUNK)
def test_path_rule_junk(junk):
    e, b = path_graph()
    assert check_path_rule({"c": junk, "d": 3.0}, 5.0, e, b).status == "wrong"
    assert check_path_rule({"c": 2.0, "d": 3.0}, junk, e, b).status == "wrong"
    assert check_path_rule(junk, 5.0, e, b).status == "wrong"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_path_rule_never_calls_wrong_right(x):
    e, b = path_graph()
    assert check_path_rule({"c": 2.0, "d": 3.0}, x, e, b).ok == (abs(x - 5.0) <= 5e-6)


# ------------------------------------------------------------ rate predictions
LAMBDAS = [0.19, 0.3, 2.0]
RIGHT_STEPS = math.log(0.01) / math.log(1 - 0.5 * 0.19)


def test_rate_predictions_right_and_rounded():
    for steps in (RIGHT_STEPS, math.ceil(RIGHT_STEPS), math.floor(RIGHT_STEPS), round(RIGHT_STEPS)):
        result = check_rate_predictions(2 / 2.0, True, steps, LAMBDAS, 1.2, 0.5)
        assert_status(result, "correct")
    # below the limit: does not diverge; numpy bools are bools
    assert_status(check_rate_predictions(1.0, np.False_, RIGHT_STEPS, LAMBDAS, 0.9, 0.5), "correct")


@pytest.mark.parametrize(
    ("limit", "diverges", "steps", "phrase"),
    [
        (1 / 2.0, True, RIGHT_STEPS, "factor -1"),
        (2 / 0.19, True, RIGHT_STEPS, "steepest axis sets the limit"),
        (2 / 2.19, True, RIGHT_STEPS, "best fixed rate"),
        (1.0, False, RIGHT_STEPS, "compare 1.2 with the limit"),
        (1.0, True, 1 / (0.5 * 0.19), "factor e"),
        (1.0, True, 1 / RIGHT_STEPS, "upside down"),
        (1.0, True, "yes", "should be a number"),
        (1.0, "yes", RIGHT_STEPS, "True or False"),
    ],
)
def test_rate_prediction_mistakes(limit, diverges, steps, phrase):
    result = check_rate_predictions(limit, diverges, steps, LAMBDAS, 1.2, 0.5)
    assert_status(result, "wrong", phrase)


def test_rate_predictions_blank():
    assert_status(check_rate_predictions(..., ..., ..., LAMBDAS, 1.2, 0.5), "unanswered")
    assert_status(check_rate_predictions(1.0, ..., RIGHT_STEPS, LAMBDAS, 1.2, 0.5), "unanswered")


@pytest.mark.parametrize("junk", JUNK)
def test_rate_predictions_junk(junk):
    for answers in ((junk, True, RIGHT_STEPS), (1.0, junk, RIGHT_STEPS), (1.0, True, junk)):
        result = check_rate_predictions(*answers, LAMBDAS, 1.2, 0.5)
        if answers[1] is junk and type(junk) is bool:
            continue  # a bool is a legitimate answer to "diverges?"
        assert result.status == "wrong", (answers, result)


@pytest.mark.slow
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_rate_predictions_never_call_wrong_right(x):
    result = check_rate_predictions(x, True, RIGHT_STEPS, LAMBDAS, 1.2, 0.5)
    assert result.ok == (abs(x - 1.0) <= 2e-3 * max(1.0, abs(x)))
    result = check_rate_predictions(1.0, True, x, LAMBDAS, 1.2, 0.5)
    assert result.ok == (abs(x - RIGHT_STEPS) <= 1.0)


def test_rate_prediction_with_the_steepest_axis_instead():
    lambdas = [0.19, 1.5]  # at rate 0.5 the steepest factor is 0.25: a plausible slip
    steep_steps = math.log(0.01) / math.log(0.25)
    result = check_rate_predictions(2 / 1.5, False, steep_steps, lambdas, 1.2, 0.5)
    assert_status(result, "wrong", "steepest axis; use λmin")


def test_local_derivatives_speak_of_the_notebooks_names():
    answers = right_local() | {"/": 1 / B}
    result = check_local_derivatives(answers, A, B, names=("u", "w"))
    assert_status(result, "wrong", "d(u / w)/dw", "1/w is the derivative for u")


def test_numbers_rounded_by_hand_are_right():
    rounded = {"-": -1, "/": -0.375, "**2": 3, "exp": 4.482, "tanh": 0.1807}
    assert_status(check_local_derivatives(rounded, A, B), "correct")
    assert_status(check_rate_predictions(0.977, True, 45, [0.1936, 2.0465], 1.0, 0.5), "correct")
    assert_status(check_local_derivatives(rounded | {"exp": 4.4}, A, B), "wrong")


@pytest.mark.slow
@given(
    st.floats(min_value=-2, max_value=2),
    st.floats(min_value=0.5, max_value=2),
    st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6),
)
def test_path_products_sum_to_backward_on_random_graphs(x, y, recipe):
    """The path rule is the chain rule: the sum over paths equals backward()'s grad."""
    a, b = Value(x, label="a"), Value(y, label="b")
    out = a * b  # both leaves below the output from the start
    for step in recipe:  # each step reuses a and b: many paths from a to the output
        out = [
            out * b + a,
            out + a * a,
            (out * 0.5).tanh() + b,
            out - b / (a * a + 1.0),
            out * out,
        ][step]
    out.backward()
    assert sum(p for _, p in path_products(out, a)) == pytest.approx(a.grad, rel=1e-9, abs=1e-12)
    assert sum(p for _, p in path_products(out, b)) == pytest.approx(b.grad, rel=1e-9, abs=1e-12)
