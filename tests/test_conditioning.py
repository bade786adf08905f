"""Tests for autograd.conditioning: the loss bowl's curvature, the stable rates, the lesson's
two runs, and the clear refusals when the x values cannot define a bowl."""

import ast
from pathlib import Path

import numpy as np
import pytest

from autograd.conditioning import compare_plain_and_momentum, conditioning, distance_to_optimum
from autograd.polyfit import (
    Dataset,
    DivergenceError,
    GradientDescent,
    Polynomial,
    gradient_descent,
    largest_stable_learning_rate,
    least_squares,
    loss_value,
    make_dataset,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data():
    return make_dataset(n_points=60, seed=3)


def points(x):
    """A data set at the given x values (y = 0: only x matters for conditioning)."""
    return Dataset(x, np.zeros(len(x)), (0.0,), 0.0, 0, (min(x), max(x) + 1))


def test_conditioning_of_the_default_problem():
    shape = conditioning(make_dataset().x, 5)
    assert 1000 < shape.condition_number < 3000
    assert isinstance(shape.eigenvalues, tuple) and all(type(v) is float for v in shape.eigenvalues)
    assert shape.largest_stable_learning_rate() == pytest.approx(2 / shape.eigenvalues[-1])
    assert shape.largest_stable_learning_rate(0.5) == pytest.approx(3 / shape.eigenvalues[-1])
    assert abs(np.linalg.norm(shape.slowest_direction) - 1) < 1e-12


def test_the_eigen_decomposition_is_that_of_the_hessian_computed_by_numpy(data):
    X = np.vander(data.x, 6, increasing=True)
    values, vectors = np.linalg.eigh(2 / len(X) * X.T @ X)
    shape = conditioning(data.x)
    assert shape.eigenvalues == pytest.approx(values, rel=1e-9)
    for mine, theirs in zip(shape.eigenvectors, vectors.T):  # the same axes, up to sign
        sign = np.sign(np.dot(mine, theirs))
        assert np.array(mine) == pytest.approx(sign * theirs, abs=1e-9)
    assert shape.steepest_direction == shape.eigenvectors[-1]


@pytest.mark.slow
def test_the_stability_limit_separates_converging_from_diverging_rates(data):
    limit = largest_stable_learning_rate(data.x, 5)
    start = [0.5] * 6
    last = list(gradient_descent(Polynomial(5, start), data, 0.98 * limit, 300))[-1]
    assert last.loss < loss_value(start, data)
    with pytest.raises(DivergenceError):
        list(gradient_descent(Polynomial(5, start), data, 1.05 * limit, 3000))


@pytest.mark.slow
def test_plain_descent_stalls_on_the_high_knobs_and_momentum_fixes_it():
    d = make_dataset()
    plain, fast, floor = compare_plain_and_momentum(d, steps=200)
    assert plain.losses[-1] > 2.0 * floor.loss  # about 3x above after 200 steps
    assert fast.losses[-1] < 1.01 * floor.loss
    stalled = np.argsort(plain.distances[-1])[-2:]
    assert set(stalled) <= {2, 3, 4, 5}  # the high powers are the slow knobs
    assert np.all(np.array(fast.distances[-1]) < plain.distances[-1])
    assert distance_to_optimum([], floor.coefficients) == []
    assert type(plain.losses) is list and len(plain.distances[0]) == 6


# ---------------------------------------------------------------- x values that define no bowl
@pytest.mark.parametrize(
    "x, message",
    [
        ([0.5], r"at least 6 different x values, got 1 point \(x = 0.5\)"),
        ([0.5] * 10, "got 10 points, all at x = 0.5"),
        ([0.0, 1.0, 2.0] * 4, "got 12 points at only 3 different x values.*at most 2"),
    ],
)
def test_too_few_distinct_x_is_a_clear_error_not_a_negative_condition_number(x, message):
    with pytest.raises(ValueError, match=message):
        conditioning(x)


@pytest.mark.slow
@pytest.mark.parametrize("x", [[0.5], [0.5] * 10, [0.0, 1.0, 2.0] * 4])
def test_training_on_too_few_distinct_x_still_has_a_stable_rate_and_fits_them(x):
    # the largest stable rate needs only the steepest curvature, which is well defined
    X = np.vander(np.asarray(x), 6, increasing=True)
    steepest = np.linalg.eigvalsh(2 / len(x) * X.T @ X)[-1]
    assert largest_stable_learning_rate(x) == pytest.approx(2 / steepest)
    data = Dataset(x, np.ones(len(x)), (1.0,), 0.0, 0, (min(x), max(x) + 1))
    history = list(gradient_descent(Polynomial(5), data, None, 300, 0.9))
    assert history[0].loss == 1.0 and history[-1].loss < 1e-3  # towards a curve through them


def test_a_lower_degree_is_fine_with_as_few_distinct_x_as_it_has_coefficients():
    shape = conditioning([0.0, 1.0, 2.0] * 4, degree=2)
    assert shape.condition_number > 1 and min(shape.eigenvalues) > 0


def test_x_values_closer_than_rounding_can_tell_apart_are_refused():
    with pytest.raises(ValueError, match="too close together.*Spread the x values out"):
        conditioning(np.linspace(1.0, 1.0 + 1e-9, 20))


def test_x_around_1e60_is_a_clear_error_not_a_linalg_error():
    x = np.linspace(1e60, 2e60, 20)
    rescale = "too large for a degree-5 fit.*Rescale x"
    with pytest.raises(ValueError, match=rescale):
        conditioning(x)
    with pytest.raises(ValueError, match=rescale):
        least_squares(points(x))
    with pytest.raises(ValueError, match=rescale):
        GradientDescent(Polynomial(5), points(x), learning_rate=0.1)
    # a straight line through the same points has nothing to overflow: x**2 is 4e120
    assert least_squares(points(x), degree=1).loss == pytest.approx(0.0, abs=1e-9)


def test_bad_x_is_refused_by_name():
    with pytest.raises(ValueError, match=r"x\[1\] must be finite"):
        conditioning([0.0, float("nan"), 1.0])
    with pytest.raises(TypeError, match="x must be an ordered list.*set"):
        conditioning({0.0, 1.0, 2.0})


def imports_of(module: str) -> set[str]:
    tree = ast.parse((ROOT / "autograd" / f"{module}.py").read_text())
    return {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


def test_conditioning_builds_on_polyfit_and_never_the_reverse():
    assert "autograd.polyfit" in imports_of("conditioning")
    assert "autograd.conditioning" not in imports_of("polyfit")
    assert "autograd.conditioning" not in imports_of("bases")
    assert "autograd.polyfit" not in imports_of("bases")


def test_polyfit_keeps_no_shims_for_the_names_of_conditioning():
    import autograd.polyfit as polyfit

    for name in ("conditioning", "compare_plain_and_momentum", "loss_hessian"):
        assert not hasattr(polyfit, name)


def test_an_empty_x_has_no_stable_rate_and_says_so():
    with pytest.raises(ValueError, match="x is empty.*at least one"):
        largest_stable_learning_rate([])
    with pytest.raises(ValueError, match="x is empty"):
        conditioning([])
