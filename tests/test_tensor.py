"""autograd.tensor: Tensor gradients equal the scalar engine's and central differences,
broadcasting is undone in backward, and bad input gets one clear error."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import MLP, Polynomial, Value, make_dataset, mse_loss
from autograd.bases import power_matrix
from autograd.nn import two_moons
from autograd.tensor import Tensor, mlp_forward, tensors_from_mlp


def central_differences(f, array: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """d f / d array[i] for every element, by nudging it up and down (f returns a float)."""
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + h
        up = f()
        array[index] = saved - h
        down = f()
        array[index] = saved
        grad[index] = (up - down) / (2 * h)
    return grad


# ------------------------------------------------------------------ same as the scalar engine
def test_polynomial_mse_gradients_equal_the_scalar_engines():
    data = make_dataset(40, seed=3)
    coefficients = [0.5, -1.0, 0.25, 2.0, -0.75, 1.5]
    model = Polynomial(5, coefficients)
    loss = mse_loss(model, data.x, data.y)
    loss.backward()

    k = Tensor(coefficients, "k")
    tensor_loss = ((power_matrix(data.x) @ k - data.y) ** 2).mean()
    tensor_loss.backward()

    assert tensor_loss.item() == pytest.approx(loss.data, rel=1e-12)
    np.testing.assert_allclose(k.grad, model.gradients(), rtol=0, atol=1e-9)


def test_x_powers_as_a_tensor_get_the_scalar_engines_gradients_too():
    x = [0.3, -0.8, 0.5]
    xs = [Value(v) for v in x]
    ks = [Value(v) for v in (1.0, -2.0, 0.5)]
    scalar = sum((ks[0] + ks[1] * xi + ks[2] * xi * xi - 1.0) ** 2 for xi in xs) / 3
    scalar.backward()

    xt = Tensor(x, "x")
    k0, k1, k2 = Tensor(1.0), Tensor(-2.0), Tensor(0.5)  # 0-d Tensors, broadcast over x
    # x enters twice (x and x*x): the sum rule across paths, as in the scalar graph
    loss = ((k0 + k1 * xt + k2 * xt * xt - 1.0) ** 2).mean()
    loss.backward()
    np.testing.assert_allclose(xt.grad, [v.grad for v in xs], atol=1e-9)
    np.testing.assert_allclose([k0.grad, k1.grad, k2.grad], [v.grad for v in ks], atol=1e-9)


def test_mlp_with_tanh_gradients_equal_the_scalar_mlps():
    points, labels = two_moons(12, seed=1)
    mlp = MLP(2, [4, 3, 1], seed=5)
    loss = sum((mlp(p) - y) ** 2 for p, y in zip(points, labels)) / len(points)
    loss.backward()

    layers = tensors_from_mlp(mlp)
    out = mlp_forward(layers, np.array(points))
    tensor_loss = ((out - np.array(labels)[:, None]) ** 2).mean()
    tensor_loss.backward()

    assert tensor_loss.item() == pytest.approx(loss.data, rel=1e-12)
    for (w, b), layer in zip(layers, mlp.layers):
        expected_w = np.array([[wi.grad for wi in n.w] for n in layer.neurons]).T
        np.testing.assert_allclose(w.grad, expected_w, rtol=0, atol=1e-9)
        np.testing.assert_allclose(b.grad, [n.b.grad for n in layer.neurons], rtol=0, atol=1e-9)


def test_every_elementwise_rule_matches_value():
    a_values, b_values = [0.7, -1.3, 2.1], [1.9, 0.4, -0.6]
    for make in (
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a * b,
        lambda a, b: a / b,
        lambda a, b: a**3 - 2.0 / b,
        lambda a, b: (a * b).tanh(),
        lambda a, b: (a - b).exp(),
        lambda a, b: (a * a + 1.0).log() * b,
        lambda a, b: -a * b + 2.0 - a,
        lambda a, b: (a * b).relu(),
    ):
        for i in range(3):
            va, vb = Value(a_values[i]), Value(b_values[i])
            make(va, vb).backward()
            ta, tb = Tensor(a_values), Tensor(b_values)
            make(ta, tb).sum().backward()
            assert ta.grad[i] == pytest.approx(va.grad, abs=1e-12)
            assert tb.grad[i] == pytest.approx(vb.grad, abs=1e-12)


def test_a_tensor_used_twice_adds_both_paths():
    a = Tensor([3.0, -2.0])
    (a * a).sum().backward()
    np.testing.assert_allclose(a.grad, [6.0, -4.0])


# ------------------------------------------------------------------ the matrix product rule
def test_matrix_product_rule_in_numbers():
    a = Tensor([[1.0, 2.0], [3.0, 4.0]], "A")
    b = Tensor([[5.0, 6.0], [7.0, 8.0]], "B")
    g = np.array([[1.0, 0.0], [2.0, -1.0]])
    (a @ b).backward(g)
    np.testing.assert_allclose(a.grad, g @ b.data.T)
    np.testing.assert_allclose(b.grad, a.data.T @ g)


@pytest.mark.parametrize(
    "shape_a, shape_b", [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,))]
)
def test_matmul_of_vectors_and_matrices_vs_central_differences(shape_a, shape_b):
    rng = np.random.default_rng(0)
    a_data, b_data = rng.normal(size=shape_a), rng.normal(size=shape_b)
    weights = rng.normal(size=np.shape(a_data @ b_data))

    def loss_of_arrays() -> float:
        return float(np.sum((a_data @ b_data) * weights))

    a, b = Tensor(a_data), Tensor(b_data)
    ((a @ b) * weights).sum().backward()
    np.testing.assert_allclose(a.grad, central_differences(loss_of_arrays, a_data), atol=1e-6)
    np.testing.assert_allclose(b.grad, central_differences(loss_of_arrays, b_data), atol=1e-6)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_matmul_with_bias_and_tanh_vs_central_differences(data):
    rows, inner, cols = (data.draw(st.integers(1, 4)) for _ in range(3))
    shape_a = (rows, inner) if data.draw(st.booleans()) else (inner,)
    shape_b = (inner, cols) if data.draw(st.booleans()) else (inner,)
    a_data = data.draw(hnp.arrays(float, shape_a, elements=elements))
    b_data = data.draw(hnp.arrays(float, shape_b, elements=elements))
    out_shape = np.shape(a_data @ b_data)
    bias_data = data.draw(hnp.arrays(float, out_shape[-1:], elements=elements))
    weights = data.draw(hnp.arrays(float, out_shape, elements=elements))

    def loss_of_arrays() -> float:
        return float(np.sum(np.tanh(a_data @ b_data + bias_data) * weights))

    a, b, bias = Tensor(a_data), Tensor(b_data), Tensor(bias_data)
    ((a @ b + bias).tanh() * weights).sum().backward()
    for tensor, array in ((a, a_data), (b, b_data), (bias, bias_data)):
        expected = central_differences(loss_of_arrays, array)
        np.testing.assert_allclose(tensor.grad, expected, atol=1e-6)


# ------------------------------------------------------------------ broadcasting, by hypothesis
def broadcast_pair():
    """Two shapes that broadcast together: the second drops leading axes or has some 1s."""
    return hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


elements = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_broadcast_gradients_vs_central_differences(data):
    shapes = data.draw(broadcast_pair())
    shape_a, shape_b = shapes.input_shapes
    a_data = data.draw(hnp.arrays(float, shape_a, elements=elements))
    b_data = data.draw(hnp.arrays(float, shape_b, elements=st.floats(0.5, 2.0)))
    weights = data.draw(hnp.arrays(float, shapes.result_shape, elements=elements))

    def loss_of_arrays() -> float:
        return float(np.sum(np.tanh(a_data * b_data + a_data / b_data - b_data) * weights))

    a, b = Tensor(a_data), Tensor(b_data)
    ((a * b + a / b - b).tanh() * weights).sum().backward()
    assert a.grad.shape == shape_a and b.grad.shape == shape_b
    np.testing.assert_allclose(a.grad, central_differences(loss_of_arrays, a_data), atol=1e-6)
    np.testing.assert_allclose(b.grad, central_differences(loss_of_arrays, b_data), atol=1e-6)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_sum_and_mean_over_axes_vs_central_differences(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4))
    axis = data.draw(st.none() | st.integers(0, len(shape) - 1))
    keepdims = data.draw(st.booleans())
    a_data = data.draw(hnp.arrays(float, shape, elements=elements))
    reduced_shape = np.sum(a_data, axis=axis, keepdims=keepdims).shape
    weights = data.draw(hnp.arrays(float, reduced_shape, elements=elements))

    def loss_of_arrays() -> float:
        reduced = np.mean(a_data**2, axis=axis, keepdims=keepdims) + np.sum(
            a_data, axis=axis, keepdims=keepdims
        )
        return float(np.sum(reduced * weights))

    a = Tensor(a_data)
    reduced = (a**2).mean(axis, keepdims) + a.sum(axis, keepdims)
    assert reduced.shape == reduced_shape
    (reduced * weights).sum().backward()
    np.testing.assert_allclose(a.grad, central_differences(loss_of_arrays, a_data), atol=1e-6)


def test_a_bias_added_to_every_row_gets_the_sum_of_the_rows_gradients():
    b = Tensor([1.0, 2.0, 3.0], "b")
    z = np.zeros((4, 3)) + b
    g = np.arange(12.0).reshape(4, 3)
    z.backward(g)
    np.testing.assert_allclose(b.grad, g.sum(axis=0))


# ------------------------------------------------------------------ backward's bookkeeping
def test_leaves_accumulate_and_zero_grad_resets():
    k = Tensor([1.0, 2.0])
    loss = (k * k).sum()
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(k.grad, [4.0, 8.0])  # twice 2k: leaves add up, as with Value
    loss.zero_grad()
    np.testing.assert_allclose(k.grad, [0.0, 0.0])
    loss.backward()
    np.testing.assert_allclose(k.grad, [2.0, 4.0])


def test_backward_uses_the_numbers_of_the_forward_pass_like_value():
    k, w = Tensor([1.0, 2.0]), Tensor([[1.0], [3.0]])
    loss = ((k * k) @ w).sum()
    k.data -= 10.0  # nudged in place between the forward and the backward pass
    w.data *= 2.0
    loss.backward()
    np.testing.assert_allclose(k.grad, [2.0, 12.0])  # 2k * w at the forward pass
    np.testing.assert_allclose(w.grad, [[1.0], [4.0]])  # k * k at the forward pass


def test_constants_get_no_gradient_and_a_leafs_grad_is_its_own_array():
    x = Tensor([1.0, 2.0], requires_grad=False)
    a, b = Tensor([1.0, 1.0]), Tensor([2.0, 2.0])
    (a + b + x).sum().backward()
    assert not x.grad.any()
    a.grad *= 10  # scaling one leaf's grad in place must not change another's
    np.testing.assert_allclose(b.grad, [1.0, 1.0])


def test_grad_is_zeros_before_backward_and_checks_its_shape():
    t = Tensor([[1.0, 2.0]])
    np.testing.assert_array_equal(t.grad, [[0.0, 0.0]])
    with pytest.raises(ValueError, match=r"\(1, 2\)"):
        t.grad = [1.0, 2.0, 3.0]


def test_the_callers_array_is_copied():
    array = np.array([1.0, 2.0])
    t = Tensor(array)
    array[0] = 99.0
    assert t.data[0] == 1.0


def test_repr_shows_shape_and_label():
    assert repr(Tensor([1, 2], "k")) == "Tensor([1., 2.], shape=(2,), label='k')"


def test_importing_autograd_does_not_import_numpy_for_the_tensor():
    code = "import sys, autograd; print('autograd.tensor' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    "data, error, phrase",
    [
        (["a", "b"], TypeError, "real numbers"),
        ([True, False], TypeError, "booleans"),
        ([1 + 2j], TypeError, "complex"),
        ([[1.0, 2.0], [3.0]], ValueError, "rectangular"),
        ([1.0, math.nan], ValueError, "nan or inf"),
        ([[1.0], [math.inf]], ValueError, r"index \(1, 0\)"),
        (Value(2.0), TypeError, "value.data"),
        (None, TypeError, "real numbers"),
    ],
)
def test_bad_data_is_refused_clearly(data, error, phrase):
    with pytest.raises(error, match=phrase):
        Tensor(data)


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(4,\)"):
        Tensor([1.0, 2.0, 3.0]) + Tensor([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(2, 3\).*3 != 2"):
        Tensor(np.ones((2, 3))) @ np.ones((2, 3))
    with pytest.raises(ValueError, match="vectors and matrices"):
        Tensor(np.ones((2, 2, 2))) @ np.ones((2, 2))


def test_backward_on_many_numbers_needs_a_seed_of_the_same_shape():
    t = Tensor([1.0, 2.0]) * 3
    with pytest.raises(ValueError, match=r"t.sum\(\).backward\(\)"):
        t.backward()
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        t.backward([1.0, 1.0, 1.0])


@pytest.mark.parametrize(
    "make, error, phrase",
    [
        (lambda t: t + "2", TypeError, "real numbers"),
        (lambda t: t * Value(2.0), TypeError, "value.data"),
        (lambda t: t / Tensor([1.0, 0.0]), ZeroDivisionError, "1 zero element"),
        (lambda t: (t - 3.0) ** 0.5, ValueError, "negative elements"),
        (lambda t: t ** Tensor([2.0]), TypeError, "plain number"),
        (lambda t: (t - 1.0) ** -1, ZeroDivisionError, "has zeros"),
        (lambda t: (t - 1.0).log(), ValueError, "only defined for numbers > 0"),
        (lambda t: (t * 1000).exp(), OverflowError, "learning rate"),
        (lambda t: t.sum(axis=1), ValueError, "axes run from 0 to 0"),
        (lambda t: t.mean(axis=1.5), TypeError, "takes ints"),
    ],
)
def test_bad_operations_are_refused_clearly(make, error, phrase):
    with pytest.raises(error, match=phrase):
        make(Tensor([1.0, 2.0]))


@pytest.mark.filterwarnings("error")  # one clear error, no numpy RuntimeWarning on top
def test_overflow_is_one_clear_error_forward_and_backward():
    with pytest.raises(OverflowError, match="grew too large"):
        Tensor([1e308, 1.0]) * 10.0
    big = Tensor([1e200, 1.0])
    loss = (big * 1e100).sum() * 1e8  # 1e308: near the limit, still a float
    loss.backward()  # and d(loss)/d(big) = 1e108: no error where nothing overflows
    huge = Tensor([1e300])
    with pytest.raises(OverflowError, match="gradient at"):
        ((huge * 1e8) * 1e-300 * 1e300).sum().backward(np.array(1e300))


def test_bad_labels_and_mlps_are_refused():
    with pytest.raises(TypeError, match="label must be a str"):
        Tensor([1.0], label=3)
    with pytest.raises(TypeError, match="autograd.nn.MLP"):
        tensors_from_mlp([1, 2])


# ------------------------------------------------------- numbers of every size and kind
@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Tensor(10**400), ValueError, "too large for a float: an int of about 401 digits"),
        (lambda: Tensor([1.0, -(10**400)]), ValueError, r"too large .* at index \(1,\)"),
        (lambda: Tensor([2.0]) * 10**400, ValueError, r"cannot use '\*' .* too large for a float"),
        (lambda: Tensor([]).mean(), ValueError, r"mean of Tensor of shape \(0,\): it is empty"),
        (lambda: Tensor(np.zeros((0, 3))).mean(axis=0), ValueError, "empty.* along axis 0"),
        (lambda: Tensor([2.0]) ** math.nan, ValueError, "exponent must be a finite number"),
        (lambda: (-2.0) ** Tensor([1.0]), ValueError, "the base must be positive"),
        (lambda: 10.0 ** Tensor([400.0]), OverflowError, "gave nan or inf"),
    ],
)
def test_clear_refusals(make, error, message):
    with pytest.raises(error, match=message):
        make()


@given(
    base=st.floats(min_value=0.1, max_value=5.0),
    xs=st.lists(st.floats(min_value=-2.0, max_value=2.0), min_size=1, max_size=4),
)
def test_a_number_to_a_tensor_power_is_the_scalar_engines(base, xs):
    t = Tensor(xs)
    (base**t).sum().backward()
    for x, grad in zip(xs, t.grad, strict=True):
        v = Value(x)
        (base**v).backward()
        assert grad == pytest.approx(v.grad, rel=1e-9, abs=1e-12)


def test_numpy_numbers_as_exponents_and_axes():
    t = Tensor([[1.0, 2.0], [3.0, 4.0]])
    assert (t ** np.int64(2)).data.tolist() == [[1.0, 4.0], [9.0, 16.0]]
    assert (t ** np.array(0.5)).data[0, 0] == 1.0
    assert t.sum(axis=np.int64(1)).data.tolist() == [3.0, 7.0]
    assert t.mean(axis=(np.int64(0),)).data.tolist() == [2.0, 3.0]
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        t ** np.bool_(True)
