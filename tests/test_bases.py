"""autograd.bases: features, per-axis factors and the numpy loop agree with the engine's facts."""

import math

import numpy as np
import pytest

from autograd.bases import (
    curvatures,
    features,
    fit_by_gradient_descent,
    momentum_factors,
    optimal_momentum,
    plain_factors,
    steps_to_shrink,
)
from autograd.polyfit import (
    Polynomial,
    conditioning,
    gradient_descent,
    least_squares,
    make_dataset,
    power_matrix,
)

DATA = make_dataset()


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
    start = shape.eigenvectors.T @ (np.zeros(6) - best)
    end = shape.eigenvectors.T @ (fit.coefficients - best)
    assert end == pytest.approx(start * plain_factors(shape.eigenvalues, rate) ** steps, rel=1e-6)


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
    slowest = momentum_factors(shape.eigenvalues, rate, beta).max()
    fit = fit_by_gradient_descent(features(DATA.x), DATA.y, rate, 700, beta)
    gap = fit.losses - fit.floor
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
    fast = fit_by_gradient_descent(features(DATA.x, "legendre"), DATA.y, 0.89, 100)
    slow = fit_by_gradient_descent(features(DATA.x), DATA.y, 0.783, 100)
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
