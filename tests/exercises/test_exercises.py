"""autograd.exercises: each check accepts right answers, names the mistake in wrong ones,
says "not answered yet" for `...`. (The larger battery of learner answers is in
test_exercises_battery.py; the workbook command is tested with autograd.workbook.)"""

import math

import pytest
from lesson_graphs import karpathy_graph

from autograd import MLP, Neuron, Polynomial, Value, make_dataset, mse_loss
from autograd.exercises import (
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


def f(x):
    return 3 * x**2 - 4 * x + 5


def assert_wrong(result: CheckResult, *phrases: str) -> None:
    assert result.status == WRONG, result
    assert not result
    for phrase in phrases:
        assert phrase in repr(result), f"{phrase!r} not in {result!r}"


# ------------------------------------------------------------------------ the result object
def test_result_shows_as_text_and_as_coloured_html():
    right = check_slope((f(3 + 0.001) - f(3)) / 0.001, f, 3.0, 0.001)
    wrong = check_slope(1.0, f, 3.0, 0.001)
    assert right.ok and bool(right) and repr(right).startswith("✔")
    assert repr(wrong).startswith("✘")
    assert "#43a047" in right._repr_html_() and "#e53935" in wrong._repr_html_()
    blank = check_slope(..., f, 3.0, 0.001)
    assert blank.status == UNANSWERED and "not answered yet" in blank._repr_html_()


def test_html_escapes_labels():
    x = Value(1.0, "<b>")
    y = x * 2.0
    y.grad = 1.0
    x.grad = 5.0
    assert "<b>" not in check_local_gradients(y)._repr_html_().replace("<b style", "")


# ------------------------------------------------------------------------ notebook 1
def test_check_slope():
    h = 0.001
    assert check_slope((f(3 + h) - f(3)) / h, f, 3.0, h).ok
    assert check_slope((f(3 + h) - f(3 - h)) / (2 * h), f, 3.0, h).ok  # central: fine too
    assert_wrong(check_slope(f(3 + h) - f(3), f, 3.0, h), "forget to divide by h")
    assert_wrong(check_slope((f(3) - f(3 + h)) / h, f, 3.0, h), "sign is flipped")
    assert_wrong(check_slope((f(3 + h) - f(3)) / (2 * h), f, 3.0, h), "not by 2h")
    assert_wrong(check_slope(f(3 + h) / h, f, 3.0, h), "subtract f(x)")
    assert_wrong(check_slope(Value(1.0), f, 3.0, h), "is a Value")
    assert_wrong(check_slope("14", f, 3.0, h), "without quotes")


def test_check_partials():
    def d(a, b, c):
        return a * b + c

    h = 0.001
    point = [2.0, -3.0, 10.0]
    right = [(d(2 + h, -3, 10) - d(2, -3, 10)) / h, (d(2, -3 + h, 10) - d(2, -3, 10)) / h, 1.0]
    assert check_partials(right, d, point, h).ok
    swapped = [right[1], right[0], right[2]]
    assert_wrong(check_partials(swapped, d, point, h), "slope for b", "wrong one")
    assert check_partials([right[0], ..., 1.0], d, point, h).status == UNANSWERED
    assert check_partials(..., d, point, h).status == UNANSWERED
    assert_wrong(check_partials([1.0], d, point, h), "one slope per input")


# ------------------------------------------------------------------------ notebook 2
def make_inputs():
    return Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")


def formula(a, b, c, f):
    return (a * b + c) * f


def test_check_graph():
    a, b, c, f_ = make_inputs()
    assert check_graph((a * b + c) * f_, formula).ok
    assert_wrong(check_graph(a * b + c * f_, formula), "brackets")
    assert_wrong(check_graph((a * c + b) * f_, formula), "c where the formula has the input b")
    assert_wrong(check_graph((2.0 * -3.0 + 10.0) * -2.0, formula), "not a Value")
    unlabelled = (Value(2.0) * b + c) * f_
    assert_wrong(check_graph(unlabelled, formula), "no input labelled a")
    assert check_graph(..., formula).status == UNANSWERED


def test_check_value_prediction():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    e = a * b
    e.label = "e"
    assert check_value_prediction(-6.0, e).ok
    assert_wrong(check_value_prediction(-1.0, e), "that is + of its inputs", "'*'")
    assert check_value_prediction(..., e).status == UNANSWERED


# ------------------------------------------------------------------------ notebook 3
def fill_right(n):
    n["L"].grad = 1.0
    n["f"].grad = n["d"].data * n["L"].grad
    n["d"].grad = n["f"].data * n["L"].grad
    n["e"].grad = n["d"].grad
    n["c"].grad = n["d"].grad
    n["a"].grad = n["b"].data * n["e"].grad
    n["b"].grad = n["a"].data * n["e"].grad


def test_check_backprop_accepts_the_right_grads_and_matches_backward():
    L, n = karpathy_graph()
    fill_right(n)
    result = check_backprop(L)
    assert result.ok, result
    hand = {k: v.grad for k, v in n.items()}
    L.zero_grad()
    L.backward()
    assert hand == {k: v.grad for k, v in n.items()}


def test_check_backprop_unanswered():
    L, n = karpathy_graph()
    assert check_backprop(L).status == UNANSWERED
    n["L"].grad = 1.0
    n["f"].grad = ...
    assert check_backprop(L).status == UNANSWERED


@pytest.mark.parametrize(
    ("node", "wrong_value", "phrases"),
    [
        ("L", 0.5, ["start with 1.0"]),
        ("a", lambda n: n["e"].grad, ["sum rule on a * node", "b.data = -3"]),
        ("a", lambda n: n["a"].data * n["e"].grad, ["a's own value", "other"]),
        ("c", lambda n: n["e"].data * n["d"].grad, ["product rule on a + node"]),
        ("b", lambda n: n["a"].data, ["only the local derivative", "e.grad = -2"]),
        ("f", lambda n: -n["d"].data, ["sign is flipped"]),
    ],
)
def test_check_backprop_names_the_mistake(node, wrong_value, phrases):
    L, n = karpathy_graph()
    fill_right(n)
    n[node].grad = wrong_value(n) if callable(wrong_value) else wrong_value
    assert_wrong(check_backprop(L), *phrases)


def test_check_backprop_traces_a_wrong_grad_to_the_node_above():
    L, n = karpathy_graph()
    fill_right(n)
    n["e"].grad = 3.0  # wrong; a and b then computed from it consistently
    n["a"].grad = n["b"].data * n["e"].grad
    result = check_backprop(L)
    assert_wrong(result, "e.grad is 3")
    notes = {row[0]: row[3] for row in result.rows}
    assert "follows correctly from your e.grad" in notes["a"]


def test_check_backprop_fan_out_overwrite():
    b, c = Value(2.0, "b"), Value(3.0, "c")
    y = b * c + b  # b used twice: grad = c + 1 = 4
    y.label = "y"
    y.grad = 1.0
    b.grad = c.data  # only the product path: overwritten
    c.grad = b.data
    assert_wrong(check_backprop(y), "b.grad is 3, expected 4", "overwrite instead of accumulate")


def test_check_local_gradients_sum_and_product_rules():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    s = a + b
    s.label = "s"
    s.grad = 5.0
    assert check_local_gradients(s).status == UNANSWERED
    a.grad, b.grad = 5.0, 5.0
    assert check_local_gradients(s).ok
    a.grad, b.grad = b.data * 5.0, a.data * 5.0
    assert_wrong(check_local_gradients(s), "product rule on a + node")

    x, y = Value(2.0, "x"), Value(-3.0, "y")
    p = x * y
    p.label = "p"
    p.grad = 2.0
    x.grad, y.grad = y.data * 2.0, x.data * 2.0
    assert check_local_gradients(p).ok
    x.grad, y.grad = 2.0, 2.0
    assert_wrong(check_local_gradients(p), "sum rule on a * node")
    assert_wrong(check_local_gradients(x), "is an input")


def test_check_local_gradients_square_counts_both_edges():
    x = Value(3.0, "x")
    sq = x * x
    sq.grad = 1.0
    x.grad = 6.0
    assert check_local_gradients(sq).ok
    x.grad = 3.0
    assert_wrong(check_local_gradients(sq), "overwrite instead of accumulate")


# ------------------------------------------------------------------------ notebook 4
def test_check_topological_order():
    L, n = karpathy_graph()
    right = [n["a"], n["b"], n["e"], n["c"], n["d"], n["f"], n["L"]]
    assert check_topological_order(L, right).ok
    assert check_topological_order(L, L.topological_order()).ok
    assert_wrong(check_topological_order(L, right[::-1]), "reversed")
    assert_wrong(check_topological_order(L, right[:-2] + right[-1:]), "missing: f")
    swapped = [n["a"], n["e"], n["b"], n["c"], n["d"], n["f"], n["L"]]
    assert_wrong(check_topological_order(L, swapped), "e comes before its input b")
    assert_wrong(check_topological_order(L, right + [n["a"]]), "appears twice")
    assert_wrong(check_topological_order(L, right + [Value(1.0, "z")]), "z is not part")
    assert_wrong(check_topological_order(L, ["a", "b"]), "the Values themselves")
    assert check_topological_order(L, ...).status == UNANSWERED


def right_backward(root):
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


def overwriting_backward(root):
    root.grad = 1.0
    for node in reversed(root.topological_order()):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad = local * node.grad


def forward_order_backward(root):
    root.grad = 1.0
    for node in root.topological_order():
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


def no_start_backward(root):
    for node in reversed(root.topological_order()):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


def test_check_backward_function():
    assert check_backward_function(right_backward).ok
    assert check_backward_function(lambda root: root.backward()).ok
    assert_wrong(check_backward_function(overwriting_backward), "overwrite instead of accumulate")
    assert_wrong(check_backward_function(forward_order_backward), "reversed(root.topological")
    assert_wrong(check_backward_function(no_start_backward), "root.grad = 1.0")
    assert_wrong(check_backward_function(lambda root: None), "changed no grad")
    assert check_backward_function(...).status == UNANSWERED
    assert_wrong(check_backward_function(lambda root: 1 / 0), "ZeroDivisionError")
    assert_wrong(check_backward_function(3), "the function itself")


def test_check_backward_function_wrong_start():
    def double_start(root):
        right_backward(root)
        root.grad = 2.0

    assert_wrong(check_backward_function(double_start), "start with root.grad = 1.0")


def test_check_grad_prediction_fan_out_and_zero_grad():
    a = Value(3.0, "a")
    b = a + a
    assert check_grad_prediction(2.0, b, a).ok
    assert_wrong(check_grad_prediction(1.0, b, a), "your prediction is 1; a.grad", "accumulate")
    assert check_grad_prediction(4.0, b, a, backward_calls=2).ok
    assert_wrong(check_grad_prediction(2.0, b, a, backward_calls=2), "without zero_grad()")
    assert check_grad_prediction(..., b, a).status == UNANSWERED
    assert b.grad == 0.0 and a.grad == 0.0  # checking does not run backward on your graph


def test_check_grad_prediction_an_intermediate_node_does_not_add_up():
    x = Value(2.0, "x")
    y = x * x
    y.label = "y"
    z = y * 3.0
    for _ in range(2):
        z.backward()
    assert (y.grad, x.grad) == (3.0, 24.0)  # what the engine really does after two calls
    assert check_grad_prediction(3.0, z, y, backward_calls=2).ok
    assert check_grad_prediction(24.0, z, x, backward_calls=2).ok
    assert_wrong(check_grad_prediction(6.0, z, y, backward_calls=2), "not a leaf")


def test_check_grad_prediction_refuses_a_node_outside_the_graph():
    x, other = Value(2.0, "x"), Value(1.0, "other")
    assert_wrong(check_grad_prediction(1.0, x * 3.0, other), "other is not part of the graph")
    with pytest.raises(ValueError, match="backward_calls must be a whole number >= 1, got 0"):
        check_grad_prediction(1.0, x * 3.0, x, backward_calls=0)


def test_a_grad_that_is_not_a_number_is_named_in_the_headline():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    c = a * b
    c.label = "c"
    c.grad, a.grad, b.grad = 1.0, "3", 2.0
    for result in (check_backprop(c), check_local_gradients(c)):
        assert result.status == WRONG
        assert "a.grad is the text '3'" in result.message  # not just "some entries"


# ------------------------------------------------------------------------ notebook 9
def test_check_parameter_count():
    assert check_parameter_count(37, 2, [4, 4, 1]).ok
    assert_wrong(check_parameter_count(28, 2, [4, 4, 1]), "weights only")
    assert_wrong(check_parameter_count(9, 2, [4, 4, 1]), "number of neurons")
    assert check_parameter_count(..., 2, [4, 4, 1]).status == UNANSWERED


def test_check_neuron_output():
    neuron = Neuron(2, seed=3)
    x = [0.5, -1.5]
    (w1, w2), b = [w.data for w in neuron.w], neuron.b.data
    s = w1 * 0.5 + w2 * -1.5
    assert check_neuron_output(math.tanh(s + b), neuron, x).ok
    assert_wrong(check_neuron_output(neuron(x), neuron, x), "is a Value", "output.data")
    assert_wrong(check_neuron_output(s + b, neuron, x), "before the tanh")
    assert_wrong(check_neuron_output(math.tanh(s), neuron, x), "left out the bias")
    assert check_neuron_output(..., neuron, x).status == UNANSWERED


def mse(model, points, labels):
    return sum((model(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)


def right_step(model, points, labels, learning_rate):
    loss = mse(model, points, labels)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return loss.data


def test_check_training_step():
    assert check_training_step(right_step).ok

    def uphill(model, points, labels, learning_rate):
        loss = mse(model, points, labels)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += learning_rate * p.grad

    def forgets_zero_grad(model, points, labels, learning_rate):
        loss = mse(model, points, labels)
        loss.backward()
        for p in model.parameters():
            p.data -= learning_rate * p.grad

    def no_update(model, points, labels, learning_rate):
        mse(model, points, labels).backward()

    def other_rate(model, points, labels, learning_rate):
        right_step(model, points, labels, 2 * learning_rate)

    assert_wrong(check_training_step(uphill), "uphill")
    assert_wrong(check_training_step(forgets_zero_grad), "zero_grad()")
    assert_wrong(check_training_step(no_update), "no parameter moved")
    assert_wrong(check_training_step(other_rate), "after step 1")
    assert_wrong(check_training_step(lambda *args: 1 / 0), "raised ZeroDivisionError")
    assert check_training_step(...).status == UNANSWERED


def test_check_training_step_on_the_polynomial_of_notebook_5():
    xs, ys = make_dataset().points
    polynomial = {"make_model": Polynomial, "points": xs[:8], "labels": ys[:8]}

    def with_mse_loss(model, xs, ys, learning_rate):
        loss = mse_loss(model, xs, ys)
        model.zero_grad()
        loss.backward()
        for k in model.coefficients:  # a Polynomial has coefficients, an MLP has not
            k.data -= learning_rate * k.grad

    def forgets_zero_grad(model, xs, ys, learning_rate):
        mse_loss(model, xs, ys).backward()
        for k in model.coefficients:
            k.data -= learning_rate * k.grad

    assert check_training_step(with_mse_loss, **polynomial).ok
    assert check_training_step(right_step, **polynomial).ok  # the MSE written out
    assert_wrong(check_training_step(forgets_zero_grad, **polynomial), "zero_grad()")
    # without make_model it is still the small MLP of notebook 9, which has no coefficients
    assert_wrong(check_training_step(with_mse_loss), "step 1 raised")


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"points": [0.5]}, ValueError, "points and labels together"),
        ({"points": [0.5, 1.0], "labels": [1.0]}, ValueError, "as many labels as points"),
        (
            {"make_model": Polynomial(), "points": [0.5], "labels": [1.0]},
            TypeError,
            "the class itself",
        ),
        ({"make_model": 3}, TypeError, "make_model must build a fresh model"),
    ],
)
def test_check_training_step_refuses_a_bad_setup(arguments, error, message):
    with pytest.raises(error, match=message):
        check_training_step(right_step, **arguments)


def test_check_training_step_needs_the_same_model_twice():
    seeds = iter(range(10))
    with pytest.raises(ValueError, match="two different models"):
        check_training_step(right_step, make_model=lambda: MLP(2, [1], seed=next(seeds)))


def test_a_function_with_a_blank_left_in_is_not_answered_yet():
    def blank_order(root):
        order = ...
        for _node in order:
            pass

    assert check_backward_function(blank_order).status == UNANSWERED

    def blank_step(model, points, labels, learning_rate):
        return ... + 1

    assert check_training_step(blank_step).status == UNANSWERED


# ------------------------------------------------------------------------ any object, a verdict
class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def junk_answers():
    from decimal import Decimal

    import numpy as np

    return [
        None, "x", "", b"1", [], [1.0], (1,), {}, {1: 2}, set(), object(), BrokenRepr(),
        math.nan, math.inf, -math.inf, 10**400, -(10**400), True, False, 1j,
        Decimal("nan"), Decimal("sNaN"), Decimal("1e400"), np.nan, np.array([]),
        np.array([[1.0]]), np.array(np.nan), np.float64(np.inf), Value(1.0), range(3),
        iter([1.0]), lambda: 1, type,
    ]  # fmt: skip


def every_check_with(answer):
    """Each check with `answer` in the learner's place (a number, a list, a graph, a function)."""
    L, n = karpathy_graph()
    yield check_slope(answer, f, 3.0, 0.001)
    yield check_partials(answer, lambda a, b: a * b, [2.0, 3.0])
    yield check_graph(answer, formula)
    yield check_value_prediction(answer, n["e"])
    yield check_grad_prediction(answer, L, n["a"])
    yield check_parameter_count(answer, 2, [4, 4, 1])
    yield check_neuron_output(answer, Neuron(2, seed=0), [1.0, 2.0])
    yield check_topological_order(L, answer)
    yield check_backward_function(answer)
    yield check_training_step(answer)
    fill_right(n)
    n["a"].grad = answer
    yield check_backprop(L)
    yield check_local_gradients(n["e"])


@pytest.mark.parametrize("answer", junk_answers(), ids=lambda a: type(a).__name__)
def test_any_object_gets_a_wrong_verdict_never_a_traceback(answer):
    for verdict in every_check_with(answer):
        assert isinstance(verdict, CheckResult)
        assert verdict.status == WRONG, verdict
        repr(verdict), verdict._repr_html_()  # both show, whatever the answer held


def test_a_number_in_a_diagnosis_never_wraps_in_html():
    L, n = karpathy_graph()
    fill_right(n)
    n["a"].grad = -0.333333
    html = check_backprop(L)._repr_html_()
    assert "<span style='white-space:nowrap'>-0.333333</span>" in html
    assert "<span style='white-space:nowrap'>a.grad</span>" in html


def test_answered_says_fill_in_first_for_a_blank(capsys):
    from autograd.exercises import FILL_IN_FIRST, answered

    L, n = karpathy_graph()
    assert answered(L, 3.0, [1.0])
    assert capsys.readouterr().out == ""
    n["e"].grad = ...
    assert not answered(L)
    assert not answered(...)
    assert not answered([1.0, ...])

    def blank_step(model): ...  # your turn

    assert not answered(blank_step)
    assert capsys.readouterr().out.count(FILL_IN_FIRST) == 4


def test_learned_says_when_the_loss_did_not_go_down(capsys):
    from autograd.exercises import FILL_IN_FIRST, learned

    assert learned([0.5, 0.3, 0.1])
    assert capsys.readouterr().out == ""
    for losses in ([0.5, 0.5, 0.5], [0.5, 0.7], [0.5, math.nan], []):
        assert not learned(losses)
        out = capsys.readouterr().out
        assert "did not learn" in out and FILL_IN_FIRST in out


def test_check_grad_prediction_names_the_slips_of_05s_fan_out() -> None:
    """05's `x*y + x` at x = 2, y = -4: each slip its own number and its own true diagnosis."""
    x, y = Value(2.0, "x"), Value(-4.0, "y")
    out = x * y + x
    assert check_grad_prediction(-3.0, out, x).ok
    assert check_grad_prediction(-4 + 1, out, x).ok  # the same number written as the sum
    assert_wrong(check_grad_prediction(-4.0, out, x), "only one of the 2 uses of x")
    assert_wrong(check_grad_prediction(1.0, out, x), "only one of the 2 uses of x")
    assert_wrong(check_grad_prediction(3.0, out, x), "sign is flipped")
    assert_wrong(check_grad_prediction(2.0, out, x), "x's own value")
    assert_wrong(check_grad_prediction(-6.0, out, x), "the output's value")
    # the slips give different numbers here, so no diagnosis may name another slip
    assert "sign" not in check_grad_prediction(2.0, out, x).message
    assert "value" not in check_grad_prediction(3.0, out, x).message


def test_check_grad_prediction_tells_both_slips_when_they_give_one_number() -> None:
    """At x = 2, y = -3 the flipped sign and x's own value are both 2: name both."""
    x, y = Value(2.0, "x"), Value(-3.0, "y")
    out = x * y + x
    message = check_grad_prediction(2.0, out, x).message
    assert "sign is flipped" in message and "x's own value" in message
