"""Tests for autograd.trace: the forward and backward passes told step by step."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import Value, backward_steps, forward_steps
from autograd.trace import format_number, replay_grads


def product_example():
    """The issue's example: c = a * b, L = c * -2.0, so c.grad = -2.0 and a.grad = 6.0."""
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    loss = c * -2.0
    loss.label = "L"
    return a, b, c, loss


def test_forward_steps_in_topological_order_with_arithmetic():
    a, b, c, loss = product_example()
    steps = list(forward_steps(loss))
    assert [s.node for s in steps] == loss.topological_order()
    assert [s.index for s in steps] == list(range(len(steps)))
    by_node = {s.node: s for s in steps}
    assert by_node[c].text == "c = a * b = 2.0 * -3.0 = -6.0"
    assert by_node[c].local_text == "d(c)/d(a) = -3.0, d(c)/d(b) = 2.0"
    assert by_node[c].input_values == (2.0, -3.0) and by_node[c].value == -6.0
    assert by_node[a].text == "a = 2.0 (an input: its value is given)"
    assert by_node[loss].text == "L = c * -2.0 = -6.0 * -2.0 = 12.0"
    constant = next(v for v in by_node if not v.inputs and not v.label)
    assert by_node[constant].text == "-2.0 is a constant"


def test_forward_text_of_other_operations():
    x = Value(-1.5, "x")
    for expression, expected in [
        (x**2, "v1 = x**2 = (-1.5)**2 = 2.25"),
        (x.tanh(), "v1 = tanh(x) = tanh(-1.5) = -0.9051"),
        (-x, "v1 = -(x) = -(-1.5) = 1.5"),
        (x / 4, "v2 = x / 4.0 = -1.5 / 4.0 = -0.375"),
    ]:
        assert list(forward_steps(expression))[-1].text == expected


def test_backward_text_matches_the_issue_example():
    a, b, c, loss = product_example()
    steps = list(backward_steps(loss))
    assert steps[0].text == "L.grad = 1.0 (the start: d(L)/d(L) = 1)"
    assert steps[0].source is None and steps[0].rule == "start"
    into_a = next(s for s in steps if s.target is a)
    assert into_a.text.startswith(
        "a.grad += local d(c)/d(a) x c.grad = b.data x c.grad = -3.0 x -2.0 = 6.0 (product rule)"
    )
    assert into_a.text.endswith("a.grad: 0.0 -> 6.0")
    assert (into_a.grad_before, into_a.grad_after) == (0.0, 6.0)
    assert (into_a.local_grad, into_a.source_grad, into_a.contribution) == (-3.0, -2.0, 6.0)
    assert into_a.source is c and into_a.input_index == 0


@pytest.mark.parametrize(
    ("build", "rule"),
    [
        (lambda a, b: a + b, "sum rule"),
        (lambda a, b: a - b, "difference rule"),
        (lambda a, b: a * b, "product rule"),
        (lambda a, b: a / b, "quotient rule"),
        (lambda a, b: a**3, "power rule"),
        (lambda a, b: a.tanh(), "tanh"),
        (lambda a, b: a.exp(), "exp: its own derivative"),
        (lambda a, b: a.log(), "log rule"),
        (lambda a, b: a.relu(), "relu"),
        (lambda a, b: a.sigmoid(), "sigmoid"),
        (lambda a, b: -a, "negation"),
    ],
)
def test_each_operation_names_its_rule(build, rule):
    a, b = Value(1.5, "a"), Value(0.5, "b")
    out = build(a, b)
    steps = list(backward_steps(out))
    assert [s.rule for s in steps[1:]] == [rule] * len(out.inputs)
    assert all(f"({rule})" in s.text for s in steps[1:])


def test_value_exponent_names_both_rules():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    steps = list(backward_steps(a**b))
    assert [s.rule for s in steps[1:]] == ["power rule", "exponential rule"]
    assert steps[2].local_grad == pytest.approx(8.0 * math.log(2.0))


def test_a_plus_a_takes_two_steps_into_a():
    a = Value(3.0, "a")
    doubled = a + a
    steps = list(backward_steps(doubled))
    into_a = [s for s in steps if s.target is a]
    assert [s.input_index for s in into_a] == [0, 1]
    assert [(s.grad_before, s.grad_after) for s in into_a] == [(0.0, 1.0), (1.0, 2.0)]
    assert replay_grads(steps)[a] == 2.0


def test_tracing_does_not_touch_the_graph():
    a, b, c, loss = product_example()
    a.grad, c.grad = 7.0, -7.0  # whatever is there stays there
    list(forward_steps(loss))
    list(backward_steps(loss))
    assert (a.grad, b.grad, c.grad, loss.grad) == (7.0, 0.0, -7.0, 0.0)
    assert (a.data, b.data, c.data, loss.data) == (2.0, -3.0, -6.0, 12.0)


def test_trace_is_a_fresh_backward_even_after_grads_accumulated():
    a, b, c, loss = product_example()
    loss.backward()
    loss.backward()  # leaves doubled: a.grad == 12.0
    assert a.grad == 12.0
    assert replay_grads(list(backward_steps(loss)))[a] == 6.0


def test_bad_root_is_refused():
    with pytest.raises(TypeError, match="forward_steps\\(\\) needs a Value"):
        list(forward_steps(2.0))
    with pytest.raises(TypeError, match="backward_steps\\(\\) needs a Value"):
        list(backward_steps("loss"))


# ------------------------------------------------------------------ replay property

UNARY = [
    lambda x: x.tanh(),
    lambda x: x.sigmoid(),
    lambda x: x.relu(),
    lambda x: -x,
    lambda x: x**2,
    lambda x: x.tanh().exp(),
    lambda x: (x * x + 1.0).log(),
]
BINARY = [
    lambda x, y: x + y,
    lambda x, y: x - y,
    lambda x, y: x * y,
    lambda x, y: x / (y * y + 1.0),
    lambda x, y: x * 0.5 + y,
]


@st.composite
def expression_graphs(draw):
    """A random graph of 1-4 inputs and up to 8 operations that reuse earlier results."""
    count = draw(st.integers(1, 4))
    inputs = [Value(draw(st.floats(-2.0, 2.0, allow_nan=False)), f"x{i}") for i in range(count)]
    pool = list(inputs)
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            op = draw(st.sampled_from(UNARY))
            pool.append(op(draw(st.sampled_from(pool))))
        else:
            op = draw(st.sampled_from(BINARY))
            # sampling twice from the pool makes shared subexpressions and x * x alike
            pool.append(op(draw(st.sampled_from(pool)), draw(st.sampled_from(pool))))
    return inputs, pool[-1]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(expression_graphs())
def test_replaying_backward_steps_gives_exactly_the_grads_of_backward(graph):
    inputs, root = graph
    try:
        steps = list(backward_steps(root))
        assert all(v.grad == 0.0 for v in root.topological_order())  # untouched by tracing
        root.backward()
    except OverflowError:
        assume(False)
    replayed = replay_grads(steps)
    order = root.topological_order()
    for v in order:
        assert replayed.get(v, 0.0) == v.grad  # exactly, not approximately
    for step in steps[1:]:
        assert step.contribution == step.local_grad * step.source_grad
        assert step.grad_after == step.grad_before + step.contribution
    edges = sum(len(v.inputs) for v in order)
    assert len(steps) == 1 + edges


@settings(max_examples=50, deadline=None)
@given(expression_graphs())
def test_forward_steps_report_every_value_once(graph):
    _inputs, root = graph
    steps = list(forward_steps(root))
    assert [s.node for s in steps] == root.topological_order()
    assert all(s.value == s.node.data for s in steps)
    assert all(s.text for s in steps)


@pytest.mark.parametrize(
    ("number", "text"), [(math.inf, "inf"), (-math.inf, "-inf"), (math.nan, "nan")]
)
def test_non_finite_numbers_are_written_plainly(number, text):
    assert format_number(number) == text


def test_a_negative_constant_numerator_is_parenthesised():
    b = Value(2.0, "b")
    quotient = -3.0 / b
    into_b = [s for s in backward_steps(quotient) if s.target is b]
    assert [s.local_formula for s in into_b] == ["-(-3.0) / b.data**2"]
    assert "--" not in into_b[0].text
    assert into_b[0].local_grad == pytest.approx(3.0 / 4.0)


def test_replay_leaves_values_no_step_reached_out_of_the_dict():
    a, b, c, loss = product_example()
    steps = list(backward_steps(loss))
    first_two = replay_grads(steps[:2])  # the start (L) and the edge into c
    assert first_two == {loss: 1.0, c: -2.0}
    assert a not in first_two and b not in first_two


def test_a_negative_constant_base_is_parenthesised_in_the_power_rule():
    (step,) = list(backward_steps(Value(-2.0) ** 2))[1:]
    assert step.local_formula == "2 x (-2.0)**(2 - 1)"
    assert step.local_grad == -4.0
