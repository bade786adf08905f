"""The engine: every operation's gradient against central differences, random graphs,
fan-out, deep chains, backward()/zero_grad() semantics and every bad input."""

from __future__ import annotations

import ast
import copy
import math
import operator
import pickle
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd import Value, check_gradients, numerical_grad

ROOT = Path(__file__).resolve().parents[1]

# (name, function of Values, points where it is smooth)
OPERATIONS = [
    ("add", lambda a, b: a + b, [(2.0, -3.0), (0.5, 0.25), (-1.5, 4.0)]),
    ("add number right", lambda a: a + 3, [(2.0,), (-0.7,)]),
    ("add number left", lambda a: 3 + a, [(2.0,), (-0.7,)]),
    ("sub", lambda a, b: a - b, [(2.0, -3.0), (0.5, 0.25)]),
    ("sub number left", lambda a: 2.5 - a, [(2.0,), (-0.7,)]),
    ("sub number right", lambda a: a - 2.5, [(2.0,), (-0.7,)]),
    ("mul", lambda a, b: a * b, [(2.0, -3.0), (0.5, 0.25), (-1.5, 4.0)]),
    ("mul number left", lambda a: -4 * a, [(2.0,), (-0.7,)]),
    ("div", lambda a, b: a / b, [(2.0, -3.0), (0.5, 0.25), (-1.5, 4.0)]),
    ("div number left", lambda a: 2 / a, [(2.0,), (-0.7,)]),
    ("div number right", lambda a: a / 4, [(2.0,), (-0.7,)]),
    ("neg", lambda a: -a, [(2.0,), (-0.7,)]),
    ("pow 2", lambda a: a**2, [(2.0,), (-0.7,), (0.0,)]),
    ("pow 3", lambda a: a**3, [(2.0,), (-0.7,)]),
    ("pow -1", lambda a: a**-1, [(2.0,), (-0.7,)]),
    ("pow 0.5", lambda a: a**0.5, [(2.0,), (0.3,)]),
    ("pow 0", lambda a: a**0, [(2.0,), (-0.7,)]),
    ("pow value exponent", lambda a, b: a**b, [(2.0, 3.0), (0.5, -1.5), (1.7, 0.3)]),
    ("rpow", lambda b: 2**b, [(3.0,), (-0.5,)]),
    ("exp", lambda a: a.exp(), [(0.0,), (1.3,), (-2.0,)]),
    ("log", lambda a: a.log(), [(0.5,), (2.0,), (10.0,)]),
    ("tanh", lambda a: a.tanh(), [(0.0,), (0.8,), (-2.5,)]),
    ("relu", lambda a: a.relu(), [(1.5,), (-1.5,)]),
    ("sigmoid", lambda a: a.sigmoid(), [(0.0,), (3.0,), (-40.0,)]),
]


@pytest.mark.parametrize(
    ("f", "point"),
    [pytest.param(f, p, id=f"{name}-{p}") for name, f, points in OPERATIONS for p in points],
)
def test_each_operation_matches_central_differences(f, point):
    result = check_gradients(f, point, tolerance=1e-6)
    assert result.ok, result


def test_forward_values_are_the_plain_math():
    a, b = Value(2.0), Value(-3.0)
    assert (a * b).data == -6.0
    assert (a + b).data == -1.0
    assert (a - b).data == 5.0
    assert (a / b).data == pytest.approx(-2 / 3)
    assert (a**b).data == pytest.approx(2**-3)
    assert b.exp().data == pytest.approx(math.exp(-3))
    assert a.log().data == pytest.approx(math.log(2))
    assert b.tanh().data == pytest.approx(math.tanh(-3))
    assert b.relu().data == 0.0 and a.relu().data == 2.0
    assert b.sigmoid().data == pytest.approx(1 / (1 + math.exp(3)))


def test_node_records_inputs_op_and_local_grads():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    assert c.op == "*" and c.inputs == (a, b) and c.local_grads == (-3.0, 2.0)
    d = a + 1
    assert d.op == "+" and d.inputs[0] is a and d.inputs[1].data == 1.0 and d.local_grads == (1, 1)
    assert (a**2).op == "**2" and (a**0.5).op == "**0.5"


# ---------------------------------------------------------------- random expression graphs
UNARY = {
    "neg": lambda a: -a,
    "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(),
    "square": lambda a: a**2,
    "cube": lambda a: a**3,
    "exp_of_tanh": lambda a: a.tanh().exp(),  # bounded, so exp never overflows
    "log_of_positive": lambda a: (a * a + 1).log(),
    "sqrt_of_positive": lambda a: (a * a + 0.5) ** 0.5,
    "relu": lambda a: a.relu(),
    "scale": lambda a: 0.5 * a,
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "safe /": lambda a, b: a / (b * b + 1),
    "pow positive base": lambda a, b: (a * a + 0.5) ** b.tanh(),
}


@st.composite
def expression_programs(draw):
    """A random program over 1-4 inputs; later steps reuse earlier results (shared nodes)."""
    n_inputs = draw(st.integers(1, 4))
    inputs = draw(st.lists(st.floats(-2, 2, allow_nan=False), min_size=n_inputs, max_size=n_inputs))
    steps = []
    for i in range(draw(st.integers(1, 10))):
        available = n_inputs + i
        if draw(st.booleans()):
            steps.append(
                ("u", draw(st.sampled_from(sorted(UNARY))), draw(st.integers(0, available - 1)))
            )
        else:
            pair = (draw(st.integers(0, available - 1)), draw(st.integers(0, available - 1)))
            steps.append(("b", draw(st.sampled_from(sorted(BINARY))), *pair))
    return inputs, steps


def run_program(steps, *values):
    nodes = list(values)
    for kind, name, *args in steps:
        if kind == "u":
            nodes.append(UNARY[name](nodes[args[0]]))
        else:
            nodes.append(BINARY[name](nodes[args[0]], nodes[args[1]]))
    return nodes[-1]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(expression_programs())
def test_random_graphs_match_central_differences(program):
    inputs, steps = program
    out = run_program(steps, *(Value(x) for x in inputs))
    # relu's kink: central differences are meaningless right at it
    assume(all(abs(n.inputs[0].data) > 1e-3 for n in out.topological_order() if n.op == "relu"))
    result = check_gradients(lambda *vs: run_program(steps, *vs), inputs, tolerance=1e-4)
    assert result.ok, (steps, inputs, result.analytic, result.numerical)


# ---------------------------------------------------------------- fan-out and accumulation
def test_value_used_twice_in_a_sum_gets_both_contributions():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0


def test_value_used_twice_in_a_product_gets_2x():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0


def test_shared_subexpression_accumulates():
    a, b = Value(2.0), Value(-3.0)
    d = a * b
    e = a + b
    f = d * e  # a reaches f through d and through e
    f.backward()
    assert a.grad == pytest.approx(b.data * e.data + d.data)
    assert b.grad == pytest.approx(a.data * e.data + d.data)


@pytest.mark.slow
def test_a_two_hundred_thousand_node_chain_backprops_without_recursion():
    x = Value(0.5)
    node = x
    for _ in range(100_000):
        node = node * 1.0 + 0.0  # two nodes per loop: 200,000 results
    node.backward()
    assert x.grad == 1.0
    assert len(node.topological_order()) > 200_000


def test_second_backward_doubles_leaf_grads_but_not_intermediate_ones():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    loss = c + a
    loss.backward()
    first = (a.grad, b.grad, c.grad)
    loss.backward()
    assert (a.grad, b.grad) == (2 * first[0], 2 * first[1])  # leaves accumulate
    assert c.grad == first[2]  # intermediate: recomputed, equal to d(loss)/dc


def test_zero_grad_then_backward_gives_the_same_grads_again():
    a, b = Value(2.0), Value(-3.0)
    loss = (a * b).tanh() + a
    loss.backward()
    first = (a.grad, b.grad)
    loss.zero_grad()
    assert all(n.grad == 0.0 for n in loss.topological_order())
    loss.backward()
    assert (a.grad, b.grad) == first


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0), Value(2.0)
    out = (a * b + a).exp()
    order = out.topological_order()
    position = {id(n): i for i, n in enumerate(order)}
    assert order[-1] is out and len(order) == len(set(position))
    for node in order:
        assert all(position[id(child)] < position[id(node)] for child in node.inputs)


def test_topological_order_reads_like_the_expression_was_written():
    a, b, c, f = (Value(v, label=n) for v, n in [(2.0, "a"), (-3.0, "b"), (10.0, "c"), (-2.0, "f")])
    e = a * b
    d = e + c
    loss = d * f
    e.label, d.label, loss.label = "e", "d", "L"
    assert [n.label for n in loss.topological_order()] == ["a", "b", "e", "c", "d", "f", "L"]


def test_numpy_scalars_work_on_either_side():
    a = Value(np.float64(2.0))
    assert isinstance(np.float64(3.0) * a, Value)
    assert (np.float64(3.0) * a).data == 6.0
    assert (a + np.int64(1)).data == 3.0


# ---------------------------------------------------------------- bad input, clear errors
@pytest.mark.parametrize("bad", ["3", None, 1 + 2j, [1.0], True])
def test_value_refuses_non_numbers(bad):
    with pytest.raises(TypeError, match="Value\\(\\) needs a real number"):
        Value(bad, label="k0")
    with pytest.raises(TypeError, match="k0"):
        Value(bad, label="k0")


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_value_refuses_non_finite_numbers(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)


OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
             "**": operator.pow}  # fmt: skip


@pytest.mark.parametrize("op", sorted(OPERATORS))
def test_operations_refuse_strings_naming_the_value(op):
    apply = OPERATORS[op]
    with pytest.raises(TypeError, match=r"'a' = 2.0.*str 'x'"):
        apply(Value(2.0, label="a"), "x")
    with pytest.raises(TypeError):
        apply("x", Value(2.0, label="a"))


def test_log_of_non_positive_is_a_value_error_naming_the_node():
    with pytest.raises(ValueError, match=r"log of Value 'x' = -2.0.*> 0"):
        Value(-2.0, label="x").log()
    with pytest.raises(ValueError, match="log"):
        Value(0.0).log()


def test_negative_base_to_non_integer_power_is_a_value_error():
    with pytest.raises(ValueError, match=r"'b' = -8.0.*non-integer power 0.5"):
        Value(-8.0, label="b") ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0  # integer powers of negatives are fine


def test_value_exponent_needs_a_positive_base():
    with pytest.raises(ValueError, match="base must be positive"):
        Value(-2.0) ** Value(2.0)


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError, match=r"'a' = 1.0 / Value = 0.0"):
        Value(1.0, label="a") / 0
    with pytest.raises(ZeroDivisionError):
        1 / Value(0.0)
    with pytest.raises(ZeroDivisionError, match="infinite"):
        Value(0.0) ** -1


def test_infinite_slope_at_zero_is_reported():
    with pytest.raises(ValueError, match="derivative is infinite"):
        Value(0.0, label="r") ** 0.5


def test_exp_overflow():
    with pytest.raises(OverflowError, match=r"exp of Value 'z' = 1000.0.*too large"):
        Value(1000.0, label="z").exp()


def test_products_that_overflow_raise_instead_of_returning_inf():
    big = Value(1e200, label="big")
    with pytest.raises(OverflowError, match="too large for a float"):
        big * big
    with pytest.raises(OverflowError, match="too large"):
        Value(10.0) ** 400


def test_gradient_overflow_in_backward_is_reported():
    x = Value(1e-200, label="tiny")
    y = 1 / x  # 1e200: fine; d/dx = -1/x**2 overflows
    with pytest.raises(OverflowError, match="gradient"):
        y.backward()


def test_a_grad_set_to_a_value_by_hand_is_a_type_error_not_an_overflow():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = a * b
    b.grad = a * 2  # the slip: a Value where a number belongs
    with pytest.raises(TypeError, match=r"'b' = -3.0 has grad Value.*use .data"):
        loss.backward()
    loss.zero_grad()
    loss.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)


def test_an_int_grad_set_by_hand_is_accepted():
    a = Value(2.0)
    loss = a * a
    a.grad = 1  # an int is a number: backward carries on from it
    loss.backward()
    assert a.grad == 5.0 and isinstance(a.grad, float)


# ---------------------------------------------------------------- the gradient checker itself
def test_numerical_grad_of_a_known_function():
    grads = numerical_grad(lambda a, b: a * b + b**2, [3.0, -2.0])
    assert grads == pytest.approx([-2.0, 3.0 - 4.0], abs=1e-6)


def test_numerical_grad_leaves_the_callers_values_alone():
    a = Value(1.5)
    numerical_grad(lambda v: v * v, [a])
    assert a.data == 1.5 and a.grad == 0.0


def test_gradient_checker_rejects_a_wrong_gradient():
    result = check_gradients(lambda a, b: a * b, [2.0, -3.0], grads=[2.0, -3.0])  # swapped
    assert not result.ok
    assert result.worst_error > 0.5 and "MISMATCH" in repr(result)


def test_gradient_checker_catches_a_broken_operation(monkeypatch):
    def wrong_tanh(self):
        t = math.tanh(self.data)
        return Value(t, "", "tanh", (self,), (1.0 - t,))  # bug: forgot to square t

    monkeypatch.setattr(Value, "tanh", wrong_tanh)
    assert not check_gradients(lambda a: a.tanh(), [0.7])


def test_gradient_checker_names_the_worst_input_by_its_label():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    result = check_gradients(lambda a, b: a * b, [a, b], grads=[-3.0, 5.0])
    assert "at input b" in repr(result)
    assert "at input 1" in repr(check_gradients(lambda a, b: a * b, [2.0, -3.0], grads=[-3, 5]))


def test_gradient_checker_accepts_hand_worked_gradients():
    assert check_gradients(lambda a, b: a * b, [2.0, -3.0], grads=[-3.0, 2.0]).ok


def test_gradient_checker_needs_f_to_return_a_value():
    with pytest.raises(TypeError, match="not a Value.*grads="):
        check_gradients(lambda a: a.data**2, [1.0])


def test_numerical_grad_needs_a_positive_step():
    with pytest.raises(ValueError, match="positive"):
        numerical_grad(lambda a: a * a, [1.0], h=0)


def test_gradient_checker_needs_one_grad_per_input():
    with pytest.raises(ValueError, match="2 inputs"):
        check_gradients(lambda a, b: a * b, [2.0, -3.0], grads=[1.0])


# ---------------------------------------------------------------- layering
def _imports(module: str) -> set[str]:
    """The modules `autograd/<module>.py` imports: top-level names, ours in full."""
    tree = ast.parse((ROOT / "autograd" / f"{module}.py").read_text())
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names |= {
                f"{node.module}.{alias.name}" if node.module == "autograd" else node.module
                for alias in node.names
            }
    return {name if name.startswith("autograd") else name.split(".")[0] for name in names}


def test_the_engine_imports_the_standard_library_and_its_messages_only():
    """engine -> messages -> validate, each on the standard library alone (messages names the
    engine's Value only for its types and, inside one function, for an isinstance)."""
    stdlib = {"__future__", "math", "numbers", "decimal", "typing", "collections"}
    assert _imports("engine") <= stdlib | {"autograd.messages"}, _imports("engine")
    assert _imports("messages") <= stdlib | {"autograd.validate", "autograd.engine"}
    assert _imports("validate") <= stdlib, _imports("validate")


def test_import_autograd_does_not_load_plotting_or_widgets():
    code = (
        "import sys, autograd; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'ipympl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- odd input, clear errors
def test_an_int_too_large_for_a_float_is_named_with_its_label():
    with pytest.raises(OverflowError, match=r"401 digits.*'k0'.*too large for a float"):
        Value(10**400, label="k0")
    with pytest.raises(OverflowError, match="'a' = 2.0.*digits"):
        Value(2.0, label="a") * 10**400


def test_a_label_must_be_a_string():
    with pytest.raises(TypeError, match=r"label must be a str, got float 3.0.*label='x'"):
        Value(2.0, 3.0)


@pytest.mark.parametrize(
    "bad", [None, "0.5", Decimal("0.5"), [0.5], np.array([0.5]), True, 1 + 2j], ids=repr
)
def test_a_leaf_grad_set_by_hand_to_a_non_number_is_named_in_backward(bad):
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = a * b
    a.grad = bad
    with pytest.raises(TypeError, match=r"Value 'a' = 2.0 has grad .*must be a real number"):
        loss.backward()
    loss.zero_grad()  # the hint: start afresh, and all is well
    loss.backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)


def test_numpy_and_fraction_grads_count_as_numbers():
    a = Value(2.0)
    loss = a * a
    a.grad = np.float64(1.0)
    loss.backward()
    assert a.grad == 5.0 and type(a.grad) is float


@pytest.mark.parametrize("exponent", [float("inf"), float("-inf"), float("nan")])
def test_an_infinite_or_nan_exponent_is_refused(exponent):
    with pytest.raises(ValueError, match=r"'a' = 0.5 \*\* .*exponent must be a finite number"):
        Value(0.5, label="a") ** exponent


@pytest.mark.parametrize("number", [float("inf"), float("nan")])
def test_an_infinite_number_in_an_operation_is_refused_naming_the_partner(number):
    with pytest.raises(ValueError, match=r"'\+' between Value 'a' = 2.0 and .*finite"):
        Value(2.0, label="a") + number
    with pytest.raises(ValueError, match="finite"):
        number * Value(2.0)


def test_a_cycle_made_by_editing_inputs_is_an_error():
    a = Value(1.0, label="a")
    b = a * 2.0
    b.label = "b"
    c = b + 1.0
    c.label = "c"
    b.inputs = (c, b.inputs[1])  # b now depends on c, which depends on b
    with pytest.raises(ValueError, match=r"cycle: .*'b'.*'c'.*edited by hand"):
        c.topological_order()
    with pytest.raises(ValueError, match="cycle"):
        c.backward()
    self_loop = Value(1.0) + 1.0
    self_loop.inputs = (self_loop, self_loop.inputs[1])
    with pytest.raises(ValueError, match="cycle"):
        self_loop.backward()


def long_chain(n: int) -> tuple[Value, Value]:
    x = Value(0.5, label="x")
    node = x
    for _ in range(n):
        node = node * 1.0
    return x, node


@pytest.mark.slow
@pytest.mark.parametrize("how", ["pickle", "deepcopy"])
def test_a_hundred_thousand_node_chain_copies_without_recursion(how):
    x, end = long_chain(100_000)
    end.backward()
    copied = pickle.loads(pickle.dumps(end)) if how == "pickle" else copy.deepcopy(end)
    order = copied.topological_order()
    assert len(order) == len(end.topological_order())
    assert order[0] is not x and order[0].label == "x" and order[0].grad == 1.0
    assert copied.data == end.data and copied.op == "*"
    copied.zero_grad()
    copied.backward()
    assert order[0].grad == 1.0 and x.grad == 1.0  # the copy is its own graph


def test_copies_keep_shared_nodes_shared_and_the_same_numbers():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    loss = (a * b + a).tanh()
    loss.backward()
    for copied, a2 in [
        (copy.deepcopy(loss), None),
        (*pickle.loads(pickle.dumps([loss, a])),),
        (*copy.deepcopy([loss, a]),),
    ]:
        order = copied.topological_order()
        assert [(n.data, n.grad, n.label, n.op) for n in order] == [
            (n.data, n.grad, n.label, n.op) for n in loss.topological_order()
        ]
        leaves_a = {id(n) for n in order if n.label == "a"}
        assert len(leaves_a) == 1  # a is one node, used twice
        if a2 is not None:  # copied together: the list's a is the graph's a
            assert id(a2) in leaves_a
    shallow = copy.copy(loss)
    assert shallow is not loss and shallow.inputs is loss.inputs and shallow.data == loss.data


@pytest.mark.parametrize(
    "use",
    [
        lambda v: v < 1,
        lambda v: v > 1,
        lambda v: v <= 1,
        lambda v: v >= 1,
        lambda v: 1 < v,  # noqa: SIM300  (the reflected comparison on purpose)
        lambda v: float(v),
        lambda v: f"{v:.3f}",
        lambda v: math.isfinite(v),
    ],
    ids=["<", ">", "<=", ">=", "reflected <", "float", "format", "math"],
)
def test_using_a_value_as_a_number_points_to_data(use):
    with pytest.raises(TypeError, match=r"Value 'k' = 2.0 is a node of a graph.*\.data"):
        use(Value(2.0, label="k"))


def test_a_value_still_prints_and_hashes_like_an_object():
    v = Value(2.0, label="k")
    assert f"{v}" == repr(v) == "Value(data=2.0, grad=0.0, label='k')"
    assert v == v and v != Value(2.0, label="k") and len({v, v}) == 1


# ---------------------------------------------------------------- the gradient checker
@pytest.mark.parametrize(
    ("h", "error"),
    [(math.inf, ValueError), (-1e-6, ValueError), (math.nan, ValueError), ("x", TypeError)],
)
def test_the_step_must_be_a_small_positive_number(h, error):
    with pytest.raises(error, match="h must be a small positive number"):
        check_gradients(lambda a: a * a, [1.0], h=h)
    with pytest.raises(error, match="h must be a small positive number"):
        numerical_grad(lambda a: a * a, [1.0], h=h)


def test_a_step_too_small_for_the_values_is_an_error_not_a_zero_slope():
    with pytest.raises(ValueError, match=r"h=1e-20 is too small for the input 1.5"):
        check_gradients(lambda a: a * a, [1.5], h=1e-20)
    with pytest.raises(ValueError, match=r"h=1e-20 is too small.*did not change"):
        numerical_grad(lambda a: a * 3 + 1.0, [0.0], h=1e-20)  # x + h != x, f(x +- h) equal
    assert numerical_grad(lambda a: (a - 1.0).relu(), [0.0], h=1e-20) == [0.0]  # flat for real


def test_inputs_must_be_a_list_not_a_generator():
    with pytest.raises(TypeError, match="values must be a list.*generator.*list"):
        check_gradients(lambda a, b: a * b, (x for x in [2.0, -3.0]))
    with pytest.raises(TypeError, match="values must be a list"):
        numerical_grad(lambda a: a * a, iter([1.0]))


@pytest.mark.parametrize("tolerance", [-1e-5, math.nan, math.inf, "1e-5"])
def test_the_tolerance_must_be_a_finite_non_negative_number(tolerance):
    with pytest.raises((ValueError, TypeError), match="tolerance must be a"):
        check_gradients(lambda a: a * a, [1.0], tolerance=tolerance)


def test_a_relu_mismatch_at_its_kink_says_so():
    result = check_gradients(lambda a: a.relu() * 2, [0.0])
    assert not result.ok
    assert "kink" in repr(result) and "relu of 0.0" in result.hint
    assert check_gradients(lambda a: a.relu(), [0.5]).hint == ""  # away from it: no note
    assert "kink" not in repr(check_gradients(lambda a: a * 2, [0.0], grads=[1.0]))


# ---------------------------------------------------------------- a light import
@pytest.mark.slow
def test_import_autograd_loads_only_the_standard_library():
    code = (
        "import sys, autograd\n"
        "heavy = ('numpy', 'graphviz', 'matplotlib', 'ipywidgets', 'IPython')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "from autograd import Value, check_gradients\n"
        "print(check_gradients(lambda a: a * a, [3.0]).ok)\n"
        "from autograd import draw_graph, Polynomial, MLP\n"
        "print(Polynomial.__module__, draw_graph.__module__, MLP.__module__)\n"
        "print(all(hasattr(autograd, n) for n in autograd.__all__))\n"
        "print(set(autograd.__all__) <= set(dir(autograd)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "[]",
        "True",
        "autograd.polyfit autograd.draw autograd.nn",
        "True",
        "True",
    ]


def test_an_unknown_name_is_still_an_attribute_error():
    import autograd

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        autograd.nothing_here  # noqa: B018
