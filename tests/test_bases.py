"""autograd.bases: features, per-axis factors and the quick loop agree with the engine's facts,
and with numpy (the reference: the package itself computes in plain Python)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.bases import (
    curvatures,
    features,
    fit_by_gradient_descent,
    hessian,
    momentum_factors,
    optimal_momentum,
    plain_factors,
    power_matrix,
    steps_to_shrink,
)
from autograd.conditioning import conditioning
from autograd.linalg import least_squares_solution, symmetric_eigen
from autograd.polyfit import (
    Polynomial,
    gradient_descent,
    least_squares,
    make_dataset,
)

DATA = make_dataset()
BASES = ("powers", "legendre", "powers of (x+1)/2")


def numpy_fit(F, y, rate, steps, beta=0.0):
    """The loop as it was written with numpy: the reference for the plain-Python one."""
    F, y = np.asarray(F), np.asarray(y)
    best, *_ = np.linalg.lstsq(F, y, rcond=None)
    k, velocity, losses = np.zeros(F.shape[1]), np.zeros(F.shape[1]), []
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            residual = F @ k - y
            losses.append(float(np.mean(residual**2)))
            if step == steps or not math.isfinite(losses[-1]):
                break
            velocity = beta * velocity - rate * 2.0 / len(y) * F.T @ residual
            k = k + velocity
    return losses, float(np.mean((F @ best - y) ** 2)), k


def test_powers_are_the_course_polynomial():
    assert np.allclose(features(DATA.x), power_matrix(DATA.x))
    assert np.allclose(curvatures(features(DATA.x)), conditioning(DATA.x).eigenvalues)


def test_legendre_columns_are_the_legendre_polynomials():
    x = np.linspace(-1, 1, 7)
    expected = np.polynomial.legendre.legvander(x, 5)
    assert np.allclose(features(x, "legendre"), expected)


def test_every_basis_spans_the_same_curves():
    """The same least-squares curve, whatever the basis: only the conditioning changes."""
    fits = []
    for basis in ("powers", "legendre", "powers of (x+1)/2"):
        F = features(DATA.x, basis)
        best, *_ = np.linalg.lstsq(F, DATA.y, rcond=None)
        fits.append(F @ best)
    assert np.allclose(fits[0], fits[1]) and np.allclose(fits[0], fits[2], atol=1e-6)


def test_conditioning_by_basis():
    kappa = {
        b: (lambda ev: ev[-1] / ev[0])(curvatures(features(DATA.x, b)))
        for b in ("powers", "legendre", "powers of (x+1)/2")
    }
    assert 1800 < kappa["powers"] < 1900
    assert 10 < kappa["legendre"] < 11
    assert kappa["powers of (x+1)/2"] > 1e6


@pytest.mark.parametrize("basis", BASES)
@pytest.mark.parametrize("beta", [0.0, 0.9])
def test_the_plain_python_loop_matches_numpy_to_1e_9(basis, beta):
    F = features(DATA.x, basis)
    lam = curvatures(F)
    rate = 2 / (lam[-1] + lam[0]) if beta == 0 else optimal_momentum(lam)[0]
    fit = fit_by_gradient_descent(F, DATA.y, rate, 400, beta)
    losses, floor, k = numpy_fit(F, DATA.y, rate, 400, beta)
    assert fit.losses == pytest.approx(losses, rel=1e-9)
    assert fit.floor == pytest.approx(floor, rel=1e-9)
    assert fit.coefficients == pytest.approx(k, rel=1e-7, abs=1e-9)
    assert type(fit.losses) is list and all(type(v) is float for v in fit.losses)


@pytest.mark.parametrize("basis", BASES)
def test_hessian_and_curvatures_match_numpy(basis):
    F = np.array(features(DATA.x, basis))
    H = 2 / len(F) * F.T @ F
    assert np.array(hessian(F.tolist())) == pytest.approx(H, rel=1e-12)
    assert curvatures(F.tolist()) == pytest.approx(np.linalg.eigvalsh(H), rel=1e-9)


@st.composite
def symmetric_matrices(draw):
    n = draw(st.integers(1, 7))
    entries = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
    values = draw(st.lists(entries, min_size=n * n, max_size=n * n))
    a = np.array(values).reshape(n, n)
    return (a + a.T) / 2


@settings(max_examples=300, deadline=None)
@given(symmetric_matrices())
def test_jacobi_finds_numpys_eigenvalues_and_true_eigenvectors(matrix):
    values, vectors = symmetric_eigen(matrix.tolist())
    expected = np.linalg.eigvalsh(matrix)
    scale = max(1.0, float(np.abs(expected).max()))
    assert np.abs(np.array(values) - expected).max() <= 1e-9 * scale
    V = np.array(vectors)
    assert np.abs(V @ V.T - np.eye(len(matrix))).max() < 1e-9  # orthonormal
    assert np.abs(matrix @ V.T - V.T * np.array(values)).max() <= 1e-9 * scale  # A v = lambda v
    assert all(max(v, key=abs) > 0 for v in vectors)  # the documented sign


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 30), st.integers(1, 7), st.integers(0, 2**32 - 1))
def test_least_squares_matches_numpys_lstsq(points, columns, seed):
    rng = np.random.default_rng(seed)
    F = rng.normal(size=(points, columns))
    if columns > 1 and seed % 3 == 0:
        F[:, -1] = F[:, 0]  # rank-deficient: numpy's shortest solution
    y = rng.normal(size=points)
    expected = np.linalg.lstsq(F, y, rcond=None)[0]
    found = least_squares_solution(F.tolist(), y.tolist())
    assert np.abs(np.array(found) - expected).max() <= 1e-9 * max(1.0, np.abs(expected).max())


def test_numpy_loop_is_the_engines_loop():
    for beta in (0.0, 0.9):
        history = list(gradient_descent(Polynomial(), DATA, 0.5, 20, beta))
        fit = fit_by_gradient_descent(features(DATA.x), DATA.y, 0.5, 20, beta)
        assert fit.losses == pytest.approx([h.loss for h in history], rel=1e-9)
        assert fit.coefficients == pytest.approx(history[-1].coefficients, rel=1e-9, abs=1e-12)
    assert fit.floor == pytest.approx(least_squares(DATA).loss)


def test_factors_predict_the_distance_along_each_axis():
    """Plain: exactly (1 - rate*lambda)^s along every eigenvector."""
    shape = conditioning(DATA.x)
    rate, steps = 0.5, 30
    fit = fit_by_gradient_descent(features(DATA.x), DATA.y, rate, steps)
    best = least_squares(DATA).coefficients
    axes = np.array(shape.eigenvectors)
    start = axes @ (np.zeros(6) - best)
    end = axes @ (np.array(fit.coefficients) - best)
    factors = np.array(plain_factors(shape.eigenvalues, rate))
    assert end == pytest.approx(start * factors**steps, rel=1e-6)


def test_momentum_factor_is_sqrt_beta_when_the_roots_are_complex():
    lam = np.array([1.0])
    assert momentum_factors(lam, 1.0, 0.81)[0] == pytest.approx(0.9)
    assert momentum_factors(lam, 0.5, 0.0)[0] == pytest.approx(0.5)  # plain: |1 - rate*lambda|
    # a real-root case: larger than sqrt(beta)
    assert momentum_factors([0.001], 1.0, 0.81)[0] > 0.9


def test_momentum_factors_predict_the_long_run():
    """Measured: the loss gap shrinks by the slowest factor squared per step, eventually."""
    shape = conditioning(DATA.x)
    rate, beta = shape.suggested_learning_rate(0.9), 0.9
    slowest = max(momentum_factors(shape.eigenvalues, rate, beta))
    fit = fit_by_gradient_descent(features(DATA.x), DATA.y, rate, 700, beta)
    gap = np.array(fit.losses) - fit.floor
    measured = (gap[600] / gap[300]) ** (1 / 300)  # the faster axes have died out by 300
    assert measured == pytest.approx(slowest**2, rel=1e-3)


def test_optimal_momentum_equalises_the_axes():
    lam = conditioning(DATA.x).eigenvalues
    rate, beta = optimal_momentum(lam)
    factors = momentum_factors(lam, rate, beta)
    assert factors == pytest.approx(np.full(6, math.sqrt(beta)), rel=1e-6)


def test_steps_to_shrink():
    assert steps_to_shrink(0.5, 0.25) == pytest.approx(2.0)
    assert steps_to_shrink(-0.5, 0.25) == pytest.approx(2.0)
    assert steps_to_shrink(1.0) == math.inf
    assert steps_to_shrink(0.0) == 1.0


def test_legendre_plain_descent_is_fast_and_powers_slow():
    lam = curvatures(features(DATA.x, "legendre"))
    fast = fit_by_gradient_descent(
        features(DATA.x, "legendre"), DATA.y, 2 / (lam[0] + lam[-1]), 100
    )
    lam = curvatures(features(DATA.x))
    slow = fit_by_gradient_descent(features(DATA.x), DATA.y, 2 / (lam[0] + lam[-1]), 100)
    assert fast.first_step_within(0.01) is not None and fast.first_step_within(0.01) < 30
    assert slow.first_step_within(0.01) is None


def test_divergence_stops_the_loop():
    lam = curvatures(features(DATA.x))
    fit = fit_by_gradient_descent(features(DATA.x), DATA.y, 2.5 / lam[-1], 5000)
    assert not math.isfinite(fit.losses[-1]) and len(fit.losses) < 5001


@pytest.mark.parametrize(
    "call",
    [
        lambda: features(DATA.x, "chebyshev"),
        lambda: features([], "powers"),
        lambda: features([1.0, math.nan]),
        lambda: features(DATA.x, degree=0),
        lambda: fit_by_gradient_descent(features(DATA.x), DATA.y[:5], 0.1, 3),
        lambda: fit_by_gradient_descent(features(DATA.x), DATA.y, -0.1, 3),
        lambda: fit_by_gradient_descent(features(DATA.x), DATA.y, 0.1, 3, beta=1.0),
        lambda: fit_by_gradient_descent(features(DATA.x), DATA.y, 0.1, -1),
        lambda: fit_by_gradient_descent(features(DATA.x), DATA.y, "0.1", 3),
        lambda: features(["a", "b"]),
    ],
)
def test_bad_arguments_are_refused(call):
    with pytest.raises((TypeError, ValueError)):  # TypeError: a string where a number belongs
        call()


def test_nan_in_the_data_is_refused_by_name():
    y = list(DATA.y)
    y[7] = math.nan
    with pytest.raises(ValueError, match=r"y\[7\] must be finite, got nan"):
        fit_by_gradient_descent(features(DATA.x), y, 0.1, 3)
    F = features(DATA.x)
    F[3][2] = math.nan
    with pytest.raises(ValueError, match=r"feature_matrix\[3\]\[2\] must be finite, got nan"):
        fit_by_gradient_descent(F, DATA.y, 0.1, 3)


def test_curvatures_of_infinite_or_overflowing_features_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"feature_matrix\[0\]\[1\] must be finite, got inf"):
        curvatures([[1.0, math.inf], [1.0, 2.0]])
    with pytest.raises(ValueError, match="as large as 1e\\+200.*overflow.*Rescale"):
        curvatures([[1.0, 1e200], [1.0, 2.0]])


@pytest.mark.parametrize("eigenvalues", [[0.0, 1.0], [-1e-3, 2.0], [0.0, 0.0]])
def test_optimal_momentum_of_a_flat_bowl_says_why_it_has_none(eigenvalues):
    with pytest.raises(ValueError, match="eigenvalues must all be > 0.*flat"):
        optimal_momentum(eigenvalues)
    with pytest.raises(ValueError, match="eigenvalues is empty"):
        optimal_momentum([])
