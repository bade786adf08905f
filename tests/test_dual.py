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


@pytest.mark.slow
@given(small, small, small)
def test_forward_mode_equals_the_engine_and_central_differences(a, b, c):
    result = gradient_by_forward_mode(mixed, [a, b, c])
    value, grads = engine_grads(mixed, [a, b, c])
    assert result.passes == 3
    assert result.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert result.gradient == pytest.approx(grads, rel=1e-9, abs=1e-9)
    numerical = numerical_grad(lambda *xs: mixed(*xs), [a, b, c])
    assert result.gradient == pytest.approx(numerical, rel=1e-5, abs=1e-5)


@pytest.mark.slow
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


# ------------------------------------------------------- the engine's checks, in forward mode
@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Dual(math.nan), ValueError, "Dual's value must be a finite number, got nan"),
        (lambda: Dual(1.0, math.inf), ValueError, "Dual's derivative must be a finite .* inf"),
        (lambda: Dual(10**400), ValueError, "got a number too large for a float"),
        (lambda: Dual(2.0) * math.nan, ValueError, r"other side of '\*' .* got nan"),
        (lambda: 1e400 * Dual(1.0), ValueError, "got inf"),
        (lambda: Dual(1e200, 1) * Dual(1e200, 1), OverflowError, "too large for a float"),
        (lambda: Dual(1e300, 1e300) * 1e10, OverflowError, r"'\*' of .* gave the value inf"),
        (lambda: Dual(1.0, 1e300) / 1e-300, OverflowError, "gave the derivative inf"),
        (lambda: Dual(800.0, 1.0).exp(), OverflowError, r"exp of .* too large .* exp\(709\)"),
        (lambda: Dual(10.0, 1.0) ** 400, OverflowError, r"\*\* 400 is too large for a float"),
        (lambda: Dual(-8.0, 1.0) ** 0.5, ValueError, "negative base has no real result"),
        (lambda: Dual(0.0, 1.0) ** -1, ZeroDivisionError, "at 0 the value is infinite"),
        (lambda: Dual(0.0, 1.0) ** 0.5, ValueError, "at 0 the derivative is infinite"),
        (lambda: Dual(2.0) ** math.inf, ValueError, "the exponent must be a finite number"),
        (lambda: (-2.0) ** Dual(1.0), ValueError, "the base must be positive"),
        (lambda: 10.0 ** Dual(400.0), OverflowError, "too large for a float"),
    ],
)
def test_refusals_in_the_engines_style(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 10**400])
def test_forward_mode_refuses_non_finite_inputs_by_position(bad):
    with pytest.raises(ValueError, match="input 1 must be a finite number"):
        gradient_by_forward_mode(lambda a, b: a * b, [1.0, bad])


def test_numpy_numbers_are_numbers_in_forward_mode():
    np = pytest.importorskip("numpy")
    assert Dual(np.float64(2.0), np.int64(1)) == Dual(2.0, 1.0)
    assert Dual(np.array(2.0)) * np.float32(0.5) == Dual(1.0, 0.0)
    result = gradient_by_forward_mode(lambda a, b: a * b, np.array([2.0, 3.0]))
    assert result.gradient == [3.0, 2.0]
    with pytest.raises(TypeError, match="real number"):
        Dual(np.bool_(True))


@given(a=positive, b=small)
def test_a_number_to_a_dual_power_is_the_engines(a, b):
    value, (db,) = engine_grads(lambda y: a**y, [b])
    out = a ** Dual(b, 1.0)
    assert out.value == pytest.approx(value, rel=1e-12)
    assert out.derivative == pytest.approx(db, rel=1e-9, abs=1e-12)


@given(
    x=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**400), max_value=10**400),
    )
)
def test_any_number_gives_a_dual_or_one_clear_error(x):
    """Whatever number arrives, a Dual holds finite numbers or one of the engine's errors."""
    for make in (lambda: Dual(x, 1.0), lambda: Dual(1.5, 1.0) * x, lambda: Dual(x, 1.0).exp()):
        try:
            out = make()
        except (ValueError, OverflowError) as error:
            assert "math range error" not in str(error) and str(error)
        else:
            assert math.isfinite(out.value) and math.isfinite(out.derivative)
