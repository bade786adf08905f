"""A battery of learner answers, across every check: each with its status and key word.

Right answers and equivalent rewrites must be right; each slip learners make must be
named; junk of every type (None, text, lists, arrays, Values, booleans, complex), non-
finite and huge numbers, and learner functions that raise or write junk must get a
verdict that says what is wrong, never a traceback and never a false "right".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from lesson_graphs import karpathy_graph

from autograd import MLP, Neuron, Polynomial, Value, check_gradients, make_dataset
from autograd.exercises import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    check_backprop,
    check_backward_function,
    check_grad_prediction,
    check_graph,
    check_local_gradients,
    check_neuron_output,
    check_parameter_count,
    check_partials,
    check_slope,
    check_topological_order,
    check_training_step,
    check_value_prediction,
)


# ------------------------------------------------------------------------ notebook 1
def f(x):
    return 3 * x**2 - 4 * x + 5


H = 0.001
RIGHT_SLOPE = (f(3 + H) - f(3)) / H


def slope(answer: object) -> CheckResult:
    return check_slope(answer, f, 3.0, H)


def d_of(a, b, c):
    return a * b + c


POINT = [2.0, -3.0, 10.0]
RIGHT_PARTIALS = [(d_of(2 + H, -3, 10) - d_of(2, -3, 10)) / H, 2.0, 1.0]


def partials(answer: object) -> CheckResult:
    return check_partials(answer, d_of, POINT, H)


class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


# ------------------------------------------------------------------------ notebook 2
def weighted_sum_inputs():
    return (
        Value(2.0, "x1"),
        Value(-3.0, "w1"),
        Value(0.0, "x2"),
        Value(1.0, "w2"),
        Value(6.5, "b"),
    )


def weighted_sum(build: Callable[..., object]) -> CheckResult:
    x1, w1, x2, w2, b = weighted_sum_inputs()
    return check_graph(build(x1, w1, x2, w2, b), lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 + b)


def remade_input() -> CheckResult:
    x1, w1, x2, w2, b = weighted_sum_inputs()
    n = x1 * w1 + x2 * w2 + b
    again = Value(2.0, "x1")  # the input cell run again: a new x1 mixed into the old graph
    return check_graph(n + again * 0.0, lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 + b)


def changed_input() -> CheckResult:
    x1, w1, x2, w2, b = weighted_sum_inputs()
    n = x1 * w1 + x2 * w2 + b
    x1.data = 5.0  # changed after the graph was built
    return check_graph(n, lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 + b)


def r_graph() -> Value:
    p, q = Value(4.0, "p"), Value(-1.5, "q")
    r = p * q + p
    r.label = "r"
    return r


# ------------------------------------------------------------------------ notebook 3


def by_hand(*slips: tuple[str, object], order: str = "right", output: float = 1.0) -> CheckResult:
    """Fill in the graph's grads by hand; `slips` override single grads afterwards."""
    L, n = karpathy_graph()
    n["L"].grad = output
    n["f"].grad = n["d"].data * n["L"].grad
    n["d"].grad = n["f"].data * n["L"].grad
    if order == "inputs first":  # a and b worked out while e.grad was still 0
        n["a"].grad = n["b"].data * n["e"].grad
        n["b"].grad = n["a"].data * n["e"].grad
    n["c"].grad = 1.0 * n["d"].grad
    n["e"].grad = 1.0 * n["d"].grad
    if order == "right":
        n["a"].grad = n["b"].data * n["e"].grad
        n["b"].grad = n["a"].data * n["e"].grad
    for node, value in slips:
        n[node].grad = value(n) if callable(value) else value
    return check_backprop(L)


def untouched_graph() -> CheckResult:
    L, _ = karpathy_graph()
    return check_backprop(L)


def blank_graph() -> CheckResult:
    L, n = karpathy_graph()
    for v in n.values():
        v.grad = ...
    return check_backprop(L)


def moved_input() -> CheckResult:
    L, n = karpathy_graph()
    n["a"].data = 3.0  # an input changed after the graph was built
    return by_hand_on(L, n)


def by_hand_on(L: Value, n: dict[str, Value]) -> CheckResult:
    n["L"].grad = 1.0
    return check_backprop(L)


def sum_step(a_grad: object, b_grad: object) -> CheckResult:
    m, k = Value(2.0, "m"), Value(-3.0, "k")
    s = m + k
    s.label = "s"
    s.grad = 5.0
    m.grad, k.grad = a_grad(s) if callable(a_grad) else a_grad, b_grad
    return check_local_gradients(s)


# ------------------------------------------------------------------------ notebook 4
def order_of(build: Callable[[dict[str, Value]], object]) -> CheckResult:
    L, n = karpathy_graph()
    return check_topological_order(L, build(n))


def stale_order() -> CheckResult:
    L, n = karpathy_graph()
    _, again = karpathy_graph()  # the graph cell run again: new a, b, ... with the same labels
    return check_topological_order(L, [again["a"], n["b"], n["e"], n["c"], n["d"], n["f"], L])


def right_backward(root):
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


def writes(junk: object) -> Callable[[Value], None]:
    def backward(root):
        right_backward(root)
        root.topological_order()[0].grad = junk

    return backward


def moves_data(root):
    right_backward(root)
    root.topological_order()[0].data += 1.0


def forward_order(root):
    root.grad = 1.0
    for node in root.topological_order():
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


def overwriting(root):
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad = local * node.grad


def blank_backward(root):
    root.grad = ...
    for _node in ...:
        pass


NOTEBOOK_GRAPH = karpathy_graph()[0]


def uses_a_global(root):
    NOTEBOOK_GRAPH.backward()  # the notebook's L, not the root it is given


def fan_out_prediction(answer: object, remake: bool = False) -> CheckResult:
    k = Value(3.0, "k")
    twice = k + k
    if remake:
        k = Value(3.0, "k")  # the cell that makes k run again, twice not
    return check_grad_prediction(answer, twice, k)


# ------------------------------------------------------------------------ notebooks 6 and 9
def mse(model, points, labels):
    return sum((model(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)


def right_step(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return loss.data


def zero_grad_after_backward(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    loss.backward()
    model.zero_grad()
    for p in model.parameters():
        p.data -= learning_rate * p.grad


def summed(model, points, labels, learning_rate):
    loss = sum((model(x) - y) ** 2 for x, y in zip(points, labels))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad


def empties(model, points, labels, learning_rate):
    right_step(model, points, labels, learning_rate)
    model.coefficients.clear()


def never_touches(model, points, labels, learning_rate):
    return mse(model, points, labels).data


def writes_data(junk: object):
    def step(model, points, labels, learning_rate):
        right_step(model, points, labels, learning_rate)
        model.parameters()[0].data = junk

    return step


def uphill(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data += learning_rate * p.grad


def forgets_zero_grad(model, points, labels, learning_rate):
    mse(model, points, labels).backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad


def first_only(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    model.zero_grad()
    loss.backward()
    first = model.parameters()[0]
    first.data -= learning_rate * first.grad


def blank_step(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    ...  # your turn
    loss.backward()
    for _p in model.parameters():
        ...  # your turn
    return loss.data


XS, YS = make_dataset().points
POLY = {"make_model": Polynomial, "points": XS[:8], "labels": YS[:8]}


def neuron_output(answer: Callable[[float, float], object]) -> CheckResult:
    neuron = Neuron(2, seed=3)
    x = [0.5, -1.5]
    (w1, w2), b = [w.data for w in neuron.w], neuron.b.data
    return check_neuron_output(answer(w1 * 0.5 + w2 * -1.5, b), neuron, x)


# (id, thunk, status, key words in the verdict)
CASES: list[tuple[str, Callable[[], CheckResult], str, str]] = [
    # notebook 1: one slope
    ("slope right", lambda: slope(RIGHT_SLOPE), CORRECT, "right"),
    ("slope exact derivative", lambda: slope(14), CORRECT, "exact derivative"),
    (
        "slope central difference",
        lambda: slope((f(3.0 + 1e-3) - f(3.0 - 1e-3)) / 2e-3 + 1e-12),
        CORRECT,
        "exact derivative",
    ),
    (
        "slope central difference of a cubic",
        lambda: check_slope(((3.1) ** 3 - (2.9) ** 3) / 0.2, lambda x: x**3, 3.0, 0.1),
        CORRECT,
        "the central difference",
    ),
    ("slope inf", lambda: slope(math.inf), WRONG, "not a finite number"),
    ("slope -inf", lambda: slope(-math.inf), WRONG, "not a finite number"),
    ("slope nan", lambda: slope(math.nan), WRONG, "nan"),
    ("slope 10**400", lambda: slope(10**400), WRONG, "too large for any float"),
    ("slope -10**400", lambda: slope(-(10**400)), WRONG, "too large for any float"),
    ("slope 1e308", lambda: slope(1e308), WRONG, "your slope is 1e+308"),
    ("slope text number", lambda: slope("14.003"), WRONG, "without quotes"),
    ("slope text", lambda: slope("fourteen"), WRONG, "not a number"),
    ("slope None", lambda: slope(None), WRONG, "None"),
    ("slope list", lambda: slope([RIGHT_SLOPE]), WRONG, "list of 1 items"),
    ("slope array", lambda: slope(np.array([RIGHT_SLOPE, 1.0])), WRONG, "ndarray"),
    ("slope numpy float", lambda: slope(np.float64(RIGHT_SLOPE)), CORRECT, "right"),
    ("slope 0-d array", lambda: slope(np.array(RIGHT_SLOPE)), CORRECT, "right"),
    ("slope Value", lambda: slope(Value(RIGHT_SLOPE)), WRONG, "is a Value"),
    ("slope bool", lambda: slope(True), WRONG, "truth value"),
    ("slope complex", lambda: slope(complex(RIGHT_SLOPE, 0)), WRONG, "complex"),
    ("slope Decimal overflow", lambda: slope(Decimal("1e400")), WRONG, "not a finite"),
    ("slope Fraction", lambda: slope(Fraction(RIGHT_SLOPE)), CORRECT, "right"),
    ("slope broken repr", lambda: slope(BrokenRepr()), WRONG, "BrokenRepr"),
    ("slope blank", lambda: slope(...), UNANSWERED, "not answered yet"),
    ("slope flipped", lambda: slope(-RIGHT_SLOPE), WRONG, "sign is flipped"),
    ("slope not divided", lambda: slope(f(3 + H) - f(3)), WRONG, "divide by h"),
    # notebook 1: one slope per input
    ("partials right", lambda: partials(RIGHT_PARTIALS), CORRECT, "all right"),
    ("partials tuple", lambda: partials(tuple(RIGHT_PARTIALS)), CORRECT, "all right"),
    ("partials one number", lambda: partials(0.5), WRONG, "list of numbers"),
    ("partials text", lambda: partials("abc"), WRONG, "list of numbers"),
    ("partials inf", lambda: partials([math.inf, 2.0, 1.0]), WRONG, "not a finite"),
    ("partials swapped", lambda: partials([2.0, -3.0, 1.0]), WRONG, "wrong one"),
    ("partials flipped", lambda: partials([3.0, 2.0, 1.0]), WRONG, "sign is flipped"),
    ("partials blank", lambda: partials([..., ..., ...]), UNANSWERED, "not answered"),
    # notebook 2: build a graph
    (
        "graph right",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 + b),
        CORRECT,
        "same operations",
    ),
    (
        "graph commuted",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: w1 * x1 + w2 * x2 + b),
        CORRECT,
        "same operations",
    ),
    (
        "graph reordered",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: b + x2 * w2 + x1 * w1),
        CORRECT,
        "same operations",
    ),
    (
        "graph regrouped",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: x1 * w1 + (x2 * w2 + b)),
        CORRECT,
        "same operations",
    ),
    (
        "graph forgotten term",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2),
        WRONG,
        "lacks the term b",
    ),
    (
        "graph wrong input",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w1 + b),
        WRONG,
        "input w1 where the formula has the input w2",
    ),
    (
        "graph other op",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: x1 * w1 - x2 * w2 + b),
        WRONG,
        "subtracts w2 * x2 where the formula adds it",
    ),
    (
        "graph a number",
        lambda: weighted_sum(lambda x1, w1, x2, w2, b: (x1 * w1 + x2 * w2 + b).data),
        WRONG,
        "not a Value",
    ),
    ("graph None", lambda: check_graph(None, lambda a: a), WRONG, "not a Value"),
    ("graph blank", lambda: check_graph(..., lambda a: a), UNANSWERED, "not answered"),
    ("graph remade input", remade_input, WRONG, "two different Values are labelled 'x1'"),
    ("graph changed input", changed_input, WRONG, "changed after the graph was built"),
    # notebook 2: predict a forward value
    ("prediction right", lambda: check_value_prediction(-2.0, r_graph()), CORRECT, "right"),
    (
        "prediction a node early",
        lambda: check_value_prediction(-6, r_graph()),
        WRONG,
        "your prediction is -6; r.data is -2",
    ),
    ("prediction flipped", lambda: check_value_prediction(2, r_graph()), WRONG, "sign is flipped"),
    ("prediction inf", lambda: check_value_prediction(math.inf, r_graph()), WRONG, "not a finite"),
    ("prediction text", lambda: check_value_prediction("-2", r_graph()), WRONG, "without quotes"),
    ("prediction Value", lambda: check_value_prediction(r_graph(), r_graph()), WRONG, "is a Value"),
    # notebook 3: a whole graph by hand
    ("backprop right", lambda: by_hand(), CORRECT, "all right"),
    (
        "backprop inputs first",
        lambda: by_hand(order="inputs first"),
        WRONG,
        "go from the output back",
    ),
    ("backprop output 0", lambda: by_hand(output=0), WRONG, "start with 1.0"),
    ("backprop output 0.0", lambda: by_hand(output=0.0), WRONG, "start with 1.0"),
    ("backprop output 2", lambda: by_hand(output=2.0), WRONG, "start with 1.0"),
    (
        "backprop data not grad",
        lambda: by_hand(("a", lambda n: n["e"].data * n["b"].data)),
        WRONG,
        "the node's value",
    ),
    ("backprop flipped", lambda: by_hand(("f", lambda n: -n["d"].data)), WRONG, "sign is flipped"),
    ("backprop None", lambda: by_hand(("a", None)), WRONG, "a.grad is None"),
    ("backprop text", lambda: by_hand(("a", "6")), WRONG, "a.grad is the text"),
    ("backprop Value", lambda: by_hand(("a", Value(6.0))), WRONG, "a.grad is a Value"),
    ("backprop nan", lambda: by_hand(("a", math.nan)), WRONG, "a.grad is nan"),
    ("backprop huge", lambda: by_hand(("a", 10**400)), WRONG, "too large"),
    ("backprop untouched", untouched_graph, UNANSWERED, "start with L.grad = 1.0"),
    ("backprop blank", blank_graph, UNANSWERED, "not answered yet"),
    ("backprop stale", moved_input, WRONG, "changed after the graph was built"),
    # notebook 3: one step through a + node
    ("sum step right", lambda: sum_step(5.0, 5.0), CORRECT, "all right"),
    ("sum step no upstream", lambda: sum_step(1.0, 5.0), WRONG, "only the local derivative"),
    ("sum step data", lambda: sum_step(lambda s: s.data, 5.0), WRONG, "the node's value"),
    ("sum step inf", lambda: sum_step(math.inf, 5.0), WRONG, "not a finite"),
    ("sum step untouched", lambda: sum_step(0.0, 0.0), UNANSWERED, "a cell run again"),
    ("sum step half", lambda: sum_step(5.0, 0.0), WRONG, "still 0.0"),
    # notebook 4: topological order
    ("order right", lambda: order_of(lambda n: [n[k] for k in "abecdfL"]), CORRECT, "->"),
    ("order reversed", lambda: order_of(lambda n: [n[k] for k in "Lfdceba"]), WRONG, "reversed"),
    ("order stale", stale_order, WRONG, "made again"),
    ("order blank", lambda: order_of(lambda n: [...]), UNANSWERED, "not answered"),
    ("order text", lambda: order_of(lambda n: "a b e c d f L"), WRONG, "give a list"),
    ("order None item", lambda: order_of(lambda n: [n["a"], None]), WRONG, "item 2 is None"),
    # notebook 4: your backward function
    ("backward right", lambda: check_backward_function(right_backward), CORRECT, "all right"),
    (
        "backward writes None",
        lambda: check_backward_function(writes(None)),
        WRONG,
        "a.grad is None",
    ),
    (
        "backward writes text",
        lambda: check_backward_function(writes("1")),
        WRONG,
        "a.grad is the text",
    ),
    (
        "backward writes Value",
        lambda: check_backward_function(writes(Value(1.0))),
        WRONG,
        "a.grad is a Value",
    ),
    (
        "backward writes inf",
        lambda: check_backward_function(writes(math.inf)),
        WRONG,
        "not a finite",
    ),
    ("backward moves data", lambda: check_backward_function(moves_data), WRONG, "changed a.data"),
    (
        "backward raises",
        lambda: check_backward_function(lambda root: root.nope),
        WRONG,
        "raised AttributeError",
    ),
    (
        "backward forward order",
        lambda: check_backward_function(forward_order),
        WRONG,
        "go from the output back",
    ),
    ("backward overwrites", lambda: check_backward_function(overwriting), WRONG, "accumulate"),
    ("backward blank", lambda: check_backward_function(blank_backward), UNANSWERED, "not answered"),
    (
        "backward global graph",
        lambda: check_backward_function(uses_a_global),
        WRONG,
        "changed no grad",
    ),
    # notebook 4: predictions of a grad
    ("grad prediction right", lambda: fan_out_prediction(2.0), CORRECT, "right"),
    ("grad prediction flipped", lambda: fan_out_prediction(-2.0), WRONG, "sign is flipped"),
    ("grad prediction overwrite", lambda: fan_out_prediction(1.0), WRONG, "accumulate"),
    ("grad prediction stale", lambda: fan_out_prediction(2.0, remake=True), WRONG, "made again"),
    ("grad prediction huge", lambda: fan_out_prediction(10**400), WRONG, "too large"),
    # notebooks 6 and 9: the training step
    ("step right", lambda: check_training_step(right_step), CORRECT, "two steps match"),
    (
        "step right polynomial",
        lambda: check_training_step(right_step, **POLY),
        CORRECT,
        "two steps match",
    ),
    (
        "step zero_grad after backward",
        lambda: check_training_step(zero_grad_after_backward),
        WRONG,
        "zero_grad() after backward()",
    ),
    ("step sum not mean", lambda: check_training_step(summed), WRONG, "summed the squared errors"),
    ("step empties", lambda: check_training_step(empties, **POLY), WRONG, "never removes"),
    ("step never touches", lambda: check_training_step(never_touches), WRONG, "changed nothing"),
    ("step writes None", lambda: check_training_step(writes_data(None)), WRONG, "is None"),
    ("step writes nan", lambda: check_training_step(writes_data(math.nan)), WRONG, "nan"),
    (
        "step writes text",
        lambda: check_training_step(writes_data("0.5"), **POLY),
        WRONG,
        "k0.data is the text",
    ),
    ("step uphill", lambda: check_training_step(uphill), WRONG, "uphill"),
    (
        "step forgets zero_grad",
        lambda: check_training_step(forgets_zero_grad),
        WRONG,
        "zero_grad() before",
    ),
    (
        "step raises",
        lambda: check_training_step(lambda *a: 1 / 0),
        WRONG,
        "raised ZeroDivisionError",
    ),
    ("step first parameter only", lambda: check_training_step(first_only), WRONG, "did not move"),
    ("step blank", lambda: check_training_step(blank_step), UNANSWERED, "not answered"),
    ("step not a function", lambda: check_training_step(3), WRONG, "the function itself"),
    # notebook 9: networks
    ("count right", lambda: check_parameter_count(37, 2, [4, 4, 1]), CORRECT, "right"),
    ("count float", lambda: check_parameter_count(37.0, 2, [4, 4, 1]), CORRECT, "right"),
    ("count weights only", lambda: check_parameter_count(28, 2, [4, 4, 1]), WRONG, "weights only"),
    ("count text", lambda: check_parameter_count("37", 2, [4, 4, 1]), WRONG, "without quotes"),
    ("count list", lambda: check_parameter_count([12, 20, 5], 2, [4, 4, 1]), WRONG, "list of 3"),
    ("neuron right", lambda: neuron_output(lambda s, b: math.tanh(s + b)), CORRECT, "right"),
    ("neuron before tanh", lambda: neuron_output(lambda s, b: s + b), WRONG, "before the tanh"),
    (
        "neuron flipped",
        lambda: neuron_output(lambda s, b: -math.tanh(s + b)),
        WRONG,
        "sign is flipped",
    ),
    ("neuron nan", lambda: neuron_output(lambda s, b: math.nan), WRONG, "nan"),
]


def test_the_battery_is_large():
    assert len(CASES) >= 60
    assert {status for _, _, status, _ in CASES} == {CORRECT, WRONG, UNANSWERED}


@pytest.mark.parametrize(
    ("thunk", "status", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_answer(thunk: Callable[[], CheckResult], status: str, words: str) -> None:
    verdict = thunk()
    assert isinstance(verdict, CheckResult)
    assert verdict.status == status, verdict
    assert words in repr(verdict), f"{words!r} not in {verdict!r}"
    assert bool(verdict) == (status == CORRECT)
    verdict._repr_html_()  # shows in Jupyter too, whatever the answer held


def test_a_nan_or_inf_hand_gradient_is_never_ok():
    def product(a, b):
        return a * b

    assert check_gradients(product, [2.0, 3.0], grads=[3.0, 2.0]).ok
    for junk in (math.nan, math.inf, -math.inf):
        assert not check_gradients(product, [2.0, 3.0], grads=[3.0, junk]).ok
        assert not check_gradients(product, [2.0, 3.0], grads=[junk, 2.0]).ok


def test_the_wrong_order_names_the_parent_that_was_still_zero():
    verdict = by_hand(order="inputs first")
    assert "it needs e.grad, which was still 0 when" in verdict.message


def test_checking_leaves_the_mlp_untouched_between_answers():
    # the reference model is built afresh each time: one check cannot leak into the next
    assert check_training_step(right_step).ok
    assert check_training_step(right_step, make_model=lambda: MLP(2, [2, 1], seed=1)).ok
