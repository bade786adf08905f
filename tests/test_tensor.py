"""Tensor: gradients equal to the scalar engine's on the same problems, and to central
differences over random shapes and broadcasting; clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import MLP, Value
from autograd.tensor import Tensor, mlp_forward, mlp_weights


def numerical_gradient(f, arrays: list[np.ndarray], h: float = 1e-6) -> list[np.ndarray]:
    """Central differences for every entry of every input array (f returns a float)."""
    grads = []
    for array in arrays:
        grad = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + h
            up = f(*arrays)
            array[index] = saved - h
            down = f(*arrays)
            array[index] = saved
            grad[index] = (up - down) / (2 * h)
        grads.append(grad)
    return grads


def tensor_grads(f, arrays: list[np.ndarray]) -> list[np.ndarray]:
    leaves = [Tensor(a) for a in arrays]
    f(*leaves).backward()
    return [leaf.grad if leaf.grad is not None else np.zeros_like(leaf.data) for leaf in leaves]


def value_of(f, arrays: list[np.ndarray]) -> float:
    return float(f(*(Tensor(a) for a in arrays)).data)


# ---------------------------------------------------------------- the same problems as Value
def test_the_polynomial_fit_gives_the_scalar_engines_gradients():
    rng = np.random.default_rng(1)
    coeffs, xs, ys = rng.uniform(-1, 1, 6), rng.uniform(-1, 1, 50), rng.uniform(-1, 1, 50)

    c = [Value(float(k)) for k in coeffs]
    errors = [(sum(c[k] * float(x) ** k for k in range(6)) - float(y)) ** 2 for x, y in zip(xs, ys)]
    loss = sum(errors) * (1.0 / len(xs))
    loss.backward()

    ct = [Tensor(k) for k in coeffs]
    x = Tensor(xs)
    tensor_loss = ((sum(ct[k] * x**k for k in range(6)) - ys) ** 2).mean()
    tensor_loss.backward()

    assert tensor_loss.data == pytest.approx(loss.data, abs=1e-12)
    for value, tensor in zip(c, ct):
        assert tensor.grad.shape == () and abs(float(tensor.grad) - value.grad) < 1e-9


def test_the_polynomial_as_a_matrix_product_gives_the_same_gradients():
    rng = np.random.default_rng(2)
    coeffs, xs, ys = rng.uniform(-1, 1, 6), rng.uniform(-1, 1, 40), rng.uniform(-1, 1, 40)
    k = Tensor(coeffs)
    loss = ((Tensor(np.vander(xs, 6, increasing=True)) @ k - ys) ** 2).mean()
    loss.backward()
    c = [Value(float(v)) for v in coeffs]
    scalar = sum(
        (sum(c[j] * float(x) ** j for j in range(6)) - float(y)) ** 2 for x, y in zip(xs, ys)
    )
    (scalar / len(xs)).backward()
    assert np.max(np.abs(k.grad - [v.grad for v in c])) < 1e-9


def test_the_vectorized_mlp_matches_notebook_07s_mlp():
    rng = np.random.default_rng(3)
    points, labels = rng.uniform(-1.5, 1.5, (30, 2)), rng.choice([-1.0, 1.0], 30)
    model = MLP(2, [8, 8, 1], seed=2)
    loss = sum((model(list(p)) - t) ** 2 for p, t in zip(points, labels)) / len(points)
    model.zero_grad()
    loss.backward()

    weights = mlp_weights(model)
    out = mlp_forward(weights, Tensor(points))
    assert out.shape == (30,)
    tensor_loss = ((out - labels) ** 2).mean()
    tensor_loss.backward()
    assert abs(float(tensor_loss.data) - loss.data) < 1e-12
    for layer, (w, b) in zip(model.layers, weights):
        w_grad = np.array([[wi.grad for wi in n.w] for n in layer.neurons]).T.reshape(w.shape)
        b_grad = np.array([n.b.grad for n in layer.neurons]).reshape(b.shape)
        assert np.max(np.abs(w.grad - w_grad)) < 1e-9
        assert np.max(np.abs(b.grad - b_grad)) < 1e-9


# ---------------------------------------------------------------- central differences
def small_arrays(shape):
    return hnp.arrays(np.float64, shape, elements=st.floats(-2, 2, width=64))


@st.composite
def broadcast_pairs(draw):
    """Two arrays whose shapes broadcast: a common shape with some axes dropped or set to 1."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, base_shape=shape))
    a_shape, b_shape = shapes.input_shapes
    return draw(small_arrays(a_shape)), draw(small_arrays(b_shape))


ELEMENTWISE = {
    "+": lambda a, b: (a + b).sum(),
    "-": lambda a, b: (a - b).mean(),
    "*": lambda a, b: (a * b).sum(),
    "/": lambda a, b: (a / (b * b + 1.0)).sum(),
    "tanh of product": lambda a, b: (a * b).tanh().sum(),
    "exp of tanh": lambda a, b: (a.tanh() + b).exp().mean(),
    "square": lambda a, b: ((a - b) ** 2).mean(),
    "cube and numbers": lambda a, b: (2.0 * a**3 - b / 4.0 + 1.0).sum(),
}


@settings(max_examples=60, deadline=None)
@given(broadcast_pairs(), st.sampled_from(sorted(ELEMENTWISE)))
def test_elementwise_operations_with_broadcasting_match_central_differences(pair, name):
    f = ELEMENTWISE[name]
    arrays = [a.copy() for a in pair]
    analytic = tensor_grads(f, arrays)
    numerical = numerical_gradient(lambda *xs: value_of(f, list(xs)), arrays)
    for got, want, array in zip(analytic, numerical, arrays):
        assert got.shape == array.shape  # broadcasting undone: a grad has its input's shape
        np.testing.assert_allclose(got, want, atol=1e-5, rtol=1e-5)


@st.composite
def matmul_operands(draw):
    n, m, p = (draw(st.integers(1, 4)) for _ in range(3))
    a_shape = draw(st.sampled_from([(n, m), (m,)]))
    b_shape = draw(st.sampled_from([(m, p), (m,)]))
    return draw(small_arrays(a_shape)), draw(small_arrays(b_shape))


@settings(max_examples=40, deadline=None)
@given(matmul_operands())
def test_the_matrix_product_rule_matches_central_differences(operands):
    arrays = [a.copy() for a in operands]

    def f(a, b):
        return ((a @ b).tanh() * 1.5).sum()

    analytic = tensor_grads(f, arrays)
    numerical = numerical_gradient(lambda *xs: value_of(f, list(xs)), arrays)
    for got, want in zip(analytic, numerical):
        np.testing.assert_allclose(got, want, atol=1e-5, rtol=1e-5)


def test_matrix_product_rule_is_g_times_b_transposed():
    a, b = Tensor(np.arange(6.0).reshape(2, 3)), Tensor(np.arange(12.0).reshape(3, 4))
    (a @ b).sum().backward()
    g = np.ones((2, 4))
    np.testing.assert_array_equal(a.grad, g @ b.data.T)
    np.testing.assert_array_equal(b.grad, a.data.T @ g)


def test_a_tensor_used_twice_collects_both_paths_and_leaves_accumulate():
    x = Tensor([1.0, 2.0, 3.0])
    loss = (x * x).sum()
    loss.backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])
    loss.backward()
    np.testing.assert_array_equal(x.grad, [4.0, 8.0, 12.0])  # as for Value: leaves add up
    loss.zero_grad()
    assert x.grad is None


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ("abc", TypeError, "needs numbers"),
        ([1.0, [2.0]], TypeError, "needs numbers"),
        ([1.0, float("nan")], ValueError, "finite"),
        (np.array([np.inf]), ValueError, "finite"),
    ],
)
def test_a_tensor_refuses_what_is_not_finite_numbers(data, error, message):
    with pytest.raises(error, match=message):
        Tensor(data)


def test_shapes_that_do_not_fit_are_named():
    with pytest.raises(ValueError, match=r"shapes \(3,\) and \(2,\) do not broadcast"):
        Tensor([1.0, 2.0, 3.0]) + Tensor([1.0, 2.0])
    with pytest.raises(ValueError, match=r"inner sizes 3 and 2"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 2)))


def test_backward_needs_a_single_number_and_a_finite_loss():
    with pytest.raises(ValueError, match=r"shape \(3,\).*\.sum\(\) or \.mean\(\)"):
        Tensor([1.0, 2.0, 3.0]).tanh().backward()
    with np.errstate(over="ignore"):
        big = (Tensor([800.0]).exp() * 1e300).sum()
    with pytest.raises(OverflowError, match="too large"):
        big.backward()


def test_operations_with_numpy_arrays_on_the_left_are_tensors():
    x = Tensor([1.0, 2.0])
    assert isinstance(np.array([3.0, 4.0]) * x, Tensor)
    assert isinstance(2.0 - x, Tensor) and isinstance(1.0 / x, Tensor)
