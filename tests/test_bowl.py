"""autograd.bowl: the pure-Python loss bowl, against numpy and the engine; and the numbers
notebooks 07 and 08 print (each claim in their prose rests on one of these)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd.bases import curvatures as numpy_curvatures
from autograd.bases import features, fit_by_gradient_descent, momentum_roots, steps_to_shrink
from autograd.bowl import axis_distances, bowl, correlation
from autograd.linalg import least_squares_solution, symmetric_eigen
from autograd.polyfit import Polynomial, gradient_descent


@pytest.fixture(scope="module")
def powers(data):
    xs, ys = data.points
    return bowl(xs, ys)


def test_eigen_and_solve_match_numpy():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(6, 6))
    sym = a @ a.T + 0.01 * np.eye(6)
    values, vectors = symmetric_eigen(sym.tolist())
    assert np.allclose(values, np.linalg.eigvalsh(sym), rtol=1e-10, atol=1e-12)
    for lam, v in zip(values, vectors):
        assert np.allclose(sym @ np.array(v), lam * np.array(v), atol=1e-10)
    rhs = rng.normal(size=6)
    solution = least_squares_solution(sym.tolist(), rhs.tolist())
    assert np.allclose(solution, np.linalg.solve(sym, rhs))


@pytest.mark.parametrize("basis", ["powers", "legendre", "powers of (x+1)/2"])
def test_bowl_matches_numpy(data, basis):
    xs, ys = data.points
    b = bowl(xs, ys, basis)
    F = features(data.x, basis)
    matrix = np.array(F)
    assert np.allclose(b.hessian, 2 / len(xs) * matrix.T @ matrix, rtol=1e-12)
    lam = numpy_curvatures(F)
    assert b.condition_number == pytest.approx(lam[-1] / lam[0], rel=1e-6)
    best, *_ = np.linalg.lstsq(F, data.y, rcond=None)
    assert b.floor == pytest.approx(float(np.mean((F @ best - data.y) ** 2)), rel=1e-9)
    fit = fit_by_gradient_descent(F, data.y, 0.3, 200, 0.5)
    assert np.allclose(b.losses(0.3, 200, 0.5), fit.losses, rtol=1e-9)
    assert np.allclose(b.descend(0.3, 200, 0.5)[-1], fit.coefficients, rtol=1e-8, atol=1e-10)


def test_bowl_loop_is_the_engines_loop(data, powers):
    history = list(gradient_descent(Polynomial(), data, 0.7, 30, 0.9))
    quick = powers.losses(0.7, 30, 0.9)
    assert [r.loss for r in history] == pytest.approx(quick, rel=1e-10)
    path = powers.descend(0.7, 30, 0.9)
    assert np.allclose([r.coefficients for r in history], path, atol=1e-10)


def test_gradient_points_uphill(powers):
    k = [0.1, -0.2, 0.3, 0.0, 0.5, -0.1]
    g = powers.gradient(k)
    assert powers.loss([a + 1e-4 * b for a, b in zip(k, g)]) > powers.loss(k)


def test_correlation_and_momentum_roots():
    assert correlation([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    z1, z2 = momentum_roots(0.3, 0.744, 0.9)
    assert abs(z1) == pytest.approx(math.sqrt(0.9)) and abs(z1 * z2) == pytest.approx(0.9)
    assert axis_distances(0.5, 0.1, 0.0, 3) == pytest.approx([1, 0.95, 0.95**2, 0.95**3])
    assert steps_to_shrink(0.5) == pytest.approx(math.log(0.01) / math.log(0.5))


# ------------------------------------------------------------ the numbers of notebook 07
def test_07_symptom_numbers(data, powers):
    lam_min, lam_max = powers.curvatures[0], powers.curvatures[-1]
    rate = 2 / (lam_max + lam_min)
    assert f"{rate:.3f}" == "0.783" and f"{lam_max / (lam_max + lam_min):.2%}" == "99.95%"
    ends = {}
    for label, (r, beta) in {
        "0.5": (0.5, 0.0),
        "0.783": (rate, 0.0),
        "m": (1.9 / lam_max, 0.9),
    }.items():
        losses = powers.losses(r, 300, beta)
        end = powers.descend(r, 300, beta)[-1]
        ends[label] = (losses[-1] / powers.floor, [abs(a - b) for a, b in zip(end, powers.minimum)])
    assert f"{ends['0.5'][0]:.3f}" == "1.317" and f"{ends['0.783'][0]:.3f}" == "2.351"
    assert [f"{d:.2f}" for d in ends["0.5"][1][3::2]] == ["0.88", "0.72"]
    assert max(ends["m"][1]) < 0.04
    assert powers.steps_to_floor(0.5) == 1941
    assert powers.steps_to_floor(rate) == 2548
    assert powers.steps_to_floor(1.9 / lam_max, 0.9) == 128


@pytest.mark.slow
def test_07_best_of_39_rates_on_both_sides(powers):
    lam_max = powers.curvatures[-1]
    found = {}
    for beta in (0.0, 0.9):
        limit = 2 * (1 + beta) / lam_max
        tried = [
            (powers.steps_to_floor(limit * i / 40, beta), limit * i / 40) for i in range(1, 40)
        ]
        found[beta] = min((s, r) for s, r in tried if s is not None)
    assert found[0.0][0] == 1270 and f"{found[0.0][1]:.3f}" == "0.764"
    assert found[0.9][0] == 70
    end = powers.descend(found[0.0][1], 300)[-1]
    assert f"{abs(end[3] - powers.minimum[3]):.2f}" == "0.78"
    assert f"{abs(end[5] - powers.minimum[5]):.2f}" == "0.65"


@pytest.mark.slow
def test_07_distill_headline_and_reasons(data, powers):
    kappa = powers.condition_number
    assert round(steps_to_shrink((kappa - 1) / (kappa + 1))) == 4268
    assert round(steps_to_shrink((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))) == 99
    xs, ys = data.points
    legendre = bowl(xs, ys, "legendre")
    assert f"{kappa:,.0f}" == "1,853" and f"{powers.scaled_condition_number:,.0f}" == "793"
    assert f"{legendre.condition_number:.1f}" == "10.6"
    assert f"{legendre.scaled_condition_number:.1f}" == "2.2"
    lam = legendre.curvatures
    assert legendre.steps_to_floor(2 / (lam[0] + lam[-1]), most=3000) == 15
    shifted = bowl(xs, ys, "powers of (x+1)/2")
    s = shifted.curvatures
    losses = shifted.losses(2 / (s[0] + s[-1]), 100_000)
    assert shifted.first_step_within(losses) is None
    assert f"{losses[3000] / shifted.floor:.2f}" == "6.08"
    assert f"{losses[100_000] / shifted.floor:.2f}" == "5.00"


def test_07_flattest_axis_is_k3_against_k5(powers):
    axis = powers.eigen()[1][0]
    assert [f"{w:+.2f}" for w in axis[3::2]] == ["+0.75", "-0.64"]


# ------------------------------------------------------------ the numbers of notebook 08
def test_08_distill_transient(powers):
    lam = powers.curvatures
    kappa = lam[-1] / lam[0]
    rate = (2 / (math.sqrt(lam[0]) + math.sqrt(lam[-1]))) ** 2
    beta = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    rho = math.sqrt(beta)
    for curvature in (lam[0], lam[-1]):  # double roots at the extreme axes
        z1, z2 = momentum_roots(curvature, rate, beta)
        assert abs(z1 - z2) < 1e-6 and abs(z1) == pytest.approx(rho)
    ratios = [loss / powers.floor for loss in powers.losses(rate, 300, beta)]
    peak = max(range(100), key=lambda t: ratios[t])
    assert peak == 20 and round(ratios[peak]) == 579 and f"{ratios[0]:.1f}" == "14.2"
    assert f"{1 / math.log(1 / rho):.1f}" == "21.5"
    steep = axis_distances(lam[-1], rate, beta, 400)
    top = max(range(201), key=lambda t: abs(steep[t]))
    assert top == 21 and f"{abs(steep[top]):.2f}" == "15.85"
    assert next(t for t in range(1, 401) if abs(steep[t]) < 1) == 118
    for curvature in lam[:-1]:  # no other axis gets further than it started
        assert max(abs(e) for e in axis_distances(curvature, rate, beta, 200)) <= 1.0 + 1e-12
    assert powers.first_step_within(powers.losses(rate, 1000, beta)) == 186
    assert powers.first_step_within(powers.losses(1.9 / lam[-1], 1000, 0.9)) == 128


def test_06_k3_and_k5_are_furthest_off(powers):
    end = powers.descend(0.5, 300)[-1]
    off = [abs(a - b) for a, b in zip(end, powers.minimum)]
    assert sorted(range(6), key=lambda k: -off[k])[:2] == [3, 5]


def test_07_printed_details(data, powers):
    xs, _ = data.points
    columns = list(zip(*features(xs)))
    assert f"{correlation(columns[3], columns[5]):.3f}" == "0.981"
    assert f"{correlation(columns[2], columns[4]):.3f}" == "0.966"
    axis = powers.eigen()[1][0]
    rise = powers.loss([k + w for k, w in zip(powers.minimum, axis)]) - powers.floor
    assert rise < 0.001
    lam = powers.curvatures
    rate = 2 / (lam[-1] + lam[0])
    assert f"{1 - rate * lam[-1]:+.4f}" == "-0.9989"
    assert round(steps_to_shrink(1 - rate * lam[-1])) == 4268
    assert round(steps_to_shrink(1 - rate * lam[0])) == 4268
    assert round(steps_to_shrink(1 - 0.5 * lam[0])) == 6685
    assert math.ceil(steps_to_shrink(1 - 0.5 * lam[-1])) == 4
    middle = [round(steps_to_shrink(1 - rate * v)) for v in lam[1:-1]]
    assert middle[0] == 903 and min(middle) == 1


def test_07_landscape_numbers(data):
    from autograd.widgets import LossLandscape

    view = LossLandscape(data, knobs=(3, 5), start=(-1.0, 2.5), steps=100)
    gaps = {
        name: [f"{math.dist(view.path(name)[t], view.minimum):.3f}" for t in (0, 5, 20, 100)]
        for name in ("plain", "momentum")
    }
    assert gaps["plain"] == ["1.601", "1.195", "1.116", "0.778"]
    assert gaps["momentum"][2:] == ["0.681", "0.010"]


def test_08_axis_table(powers):
    lam = powers.curvatures
    rate = 1.9 / lam[-1]
    momentum = [max(abs(z) for z in momentum_roots(v, rate, 0.9)) for v in lam]
    plain = [abs(1 - 0.5 * v) for v in lam]
    assert [round(steps_to_shrink(f)) for f in momentum[:2]] == [400, 87]
    assert [round(steps_to_shrink(f)) for f in plain[:2]] == [6685, 1416]
    assert [m < p for m, p in zip(momentum, plain)] == [True] * 3 + [False] * 3
    assert all(m == pytest.approx(math.sqrt(0.9)) for m in momentum[1:])


@pytest.mark.parametrize("rate, beta", [(0.5, 0.0), (0.3, 0.0), (0.744, 0.9), (1.2, 0.8)])
def test_steps_to_floor_is_the_first_step_of_losses(powers, rate, beta):
    assert powers.steps_to_floor(rate, beta, most=3000) == powers.first_step_within(
        powers.losses(rate, 3000, beta)
    )
    assert powers.steps_to_floor(0.01, 0.0, most=50) is None


def test_08_the_default_never_climbs_back_to_its_start(powers):
    ratios = [loss / powers.floor for loss in powers.losses(1.9 / powers.curvatures[-1], 1000, 0.9)]
    assert f"{max(ratios[1:]):.1f}" == "10.2" and f"{ratios[0]:.1f}" == "14.2"
