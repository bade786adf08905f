"""autograd.dual: forward mode gives the engine's gradients, one pass per input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, numerical_grad
from autograd.dual import Dual, gradient_by_forward_mode
from autograd.polyfit import Polynomial, make_dataset, mse_loss

small = st.floats(min_value=-2.0, max_value=2.0, allow_nan=False)
positive = st.floats(min_value=0.2, max_value=3.0)


def mixed(a, b, c):
    """Every operation a Dual has, numbers on both sides: the same code runs on Values."""
    return (
        (a * b - c / (b * b + 1.0)).tanh() + (2.0 - a) ** 3 + (0.5 * c).exp() + 3.0 / (1.0 + a * a)
    )


def engine_grads(f, point):
    values = [Value(x) for x in point]
    out = f(*values)
    out.backward()
    return out.data, [v.grad for v in values]


@given(small, small, small)
def test_forward_mode_equals_the_engine_and_central_differences(a, b, c):
    result = gradient_by_forward_mode(mixed, [a, b, c])
    value, grads = engine_grads(mixed, [a, b, c])
    assert result.passes == 3
    assert result.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert result.gradient == pytest.approx(grads, rel=1e-9, abs=1e-9)
    numerical = numerical_grad(lambda *xs: mixed(*xs), [a, b, c])
    assert result.gradient == pytest.approx(numerical, rel=1e-5, abs=1e-5)


@given(positive, small)
def test_log_and_relu_against_the_engine(a, b):
    def f(a, b):
        return a.log() * b + (b - 0.1).relu() * a

    result = gradient_by_forward_mode(f, [a, b])
    _, grads = engine_grads(f, [a, b])
    assert result.gradient == pytest.approx(grads, rel=1e-9, abs=1e-12)


def test_each_rule_by_hand():
    x = Dual(3.0, 1.0)  # differentiate by x
    assert x * x == Dual(9.0, 6.0)  # product rule: x' x + x x'
    assert x + 2 == Dual(5.0, 1.0)
    assert 2 - x == Dual(-1.0, -1.0)
    assert x / 2 == Dual(1.5, 0.5)
    assert 6 / x == Dual(2.0, -6.0 / 9.0)  # -a/b**2
    assert x**2 == Dual(9.0, 6.0)  # power rule
    assert -x == Dual(-3.0, -1.0)
    assert x.exp() == Dual(math.exp(3.0), math.exp(3.0))
    t = math.tanh(3.0)
    assert x.tanh() == Dual(t, 1 - t * t)
    assert Dual(0.0, 1.0).relu() == Dual(0.0, 0.0)  # the engine's choice at the kink


def test_the_polynomial_loss_needs_six_passes():
    data = make_dataset()
    xs, ys = data.points
    knobs = [0.1, -0.2, 0.3, 0.05, -0.4, 0.2]

    def loss(*k):
        return sum(
            (sum(kj * x**j for j, kj in enumerate(k)) - y) ** 2 for x, y in zip(xs, ys)
        ) / len(xs)

    result = gradient_by_forward_mode(loss, knobs)
    model = Polynomial()
    model.set_values(knobs)
    reverse = mse_loss(model, xs, ys)
    reverse.backward()
    assert result.passes == 6
    assert result.gradient == pytest.approx(model.gradients(), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("bad", ["2", None, True, [1.0], Value(1.0), 1j])
def test_bad_numbers_are_refused_clearly(bad):
    with pytest.raises(TypeError, match="real number"):
        Dual(bad)
    with pytest.raises(TypeError, match="real number"):
        Dual(1.0) + bad


def test_bad_calls_are_refused_clearly():
    with pytest.raises(ZeroDivisionError):
        Dual(1.0, 1.0) / Dual(0.0)
    with pytest.raises(ValueError, match="logarithm"):
        Dual(-1.0).log()
    with pytest.raises(TypeError, match="exponent"):
        Dual(2.0) ** Dual(2.0)
    with pytest.raises(ValueError, match="empty"):
        gradient_by_forward_mode(lambda: Dual(1.0), [])
    with pytest.raises(TypeError, match="list of numbers"):
        gradient_by_forward_mode(lambda x: x, "1")
    with pytest.raises(TypeError, match="not a Dual"):
        gradient_by_forward_mode(lambda x: 1.0, [2.0])
