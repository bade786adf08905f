"""Tests for autograd.polyfit: the model, the loss, the loop, the floor and conditioning.

The loss and gradients are checked against an independent numpy computation
(mean((X k - y)^2) and 2/N X^T (X k - y)), never against the engine itself.
"""

import gc
import math

import numpy as np
import pytest

from autograd import Value, check_gradients
from autograd.bases import hessian, power_matrix
from autograd.polyfit import (
    Dataset,
    DivergenceError,
    GradientDescent,
    Polynomial,
    fit_polynomial,
    gradient_descent,
    graph_size,
    largest_stable_learning_rate,
    least_squares,
    loss_and_gradients,
    loss_value,
    make_dataset,
    mse_loss,
    nudge_effect,
)


def numpy_loss_and_gradients(coefficients, x, y):
    X = np.vander(np.asarray(x), len(coefficients), increasing=True)
    residuals = X @ np.asarray(coefficients) - y
    return float(np.mean(residuals**2)), 2.0 / len(x) * X.T @ residuals


@pytest.fixture(scope="module")
def data():
    return make_dataset(n_points=60, seed=3)


# ---------------------------------------------------------------- data sets
def test_make_dataset_is_seeded_and_inside_its_range():
    a, b = make_dataset(seed=7), make_dataset(seed=7)
    assert a.x == b.x and a.y == b.y
    assert a.y != make_dataset(seed=8).y
    wide = make_dataset(n_points=500, x_range=(2.0, 5.0), seed=1)
    assert len(wide) == 500 and min(wide.x) >= 2.0 and max(wide.x) <= 5.0
    assert list(wide.x) == sorted(wide.x)
    assert all(type(v) is float for v in wide.x + wide.y)  # plain floats: no numpy needed


def test_make_dataset_refuses_a_negative_seed():
    with pytest.raises(ValueError, match="seed must be a whole number >= 0, got -1"):
        make_dataset(seed=-1)


def test_make_dataset_is_the_true_polynomial_plus_noise_of_the_requested_size():
    d = make_dataset(n_points=4000, coefficients=(1.0, -2.0, 0.5), noise=0.2, seed=0)
    residuals = np.array(d.y) - (1.0 - 2.0 * np.array(d.x) + 0.5 * np.array(d.x) ** 2)
    assert abs(residuals.mean()) < 0.02
    assert abs(residuals.std() - 0.2) < 0.01
    exact = make_dataset(n_points=10, coefficients=(1.0, 2.0), noise=0.0)
    assert np.allclose(exact.y, 1.0 + 2.0 * np.array(exact.x))


def test_dataset_points_cannot_be_changed_by_accident():
    d = make_dataset(n_points=5)
    with pytest.raises(TypeError):
        d.y[0] = 100.0  # type: ignore[index]  # a tuple


def test_a_dataset_copies_the_callers_arrays_and_leaves_them_writable():
    x, y = np.array([0.0, 0.5, 1.0]), np.array([1.0, 2.0, 3.0])
    d = Dataset(x, y, (1.0, 2.0), 0.0, 0, (0.0, 1.0))
    x[0] = 9.0  # the caller's array is still the caller's: writable, and not shared
    assert x.flags.writeable and y.flags.writeable
    assert d.x == (0.0, 0.5, 1.0) and all(type(v) is float for v in d.x)
    from_lists = Dataset([0, 1], [2, 3], (2.0, 1.0), 0.0, 0, (0.0, 1.0))
    assert from_lists.x == (0.0, 1.0) and from_lists.y == (2.0, 3.0)
    assert loss_value([2.0, 1.0], from_lists) == 0.0


@pytest.mark.parametrize(
    "x, y, message",
    [
        ([0.0, 1.0], [1.0], "same length .* got 2 and 1"),
        ([[0.0, 1.0]], [[1.0, 2.0]], r"x\[0\] must be a real number, got list"),
        ([], [], "no points"),
        ([0.0, math.nan], [1.0, 2.0], r"x\[1\] must be finite, got nan"),
        ([0.0, 1.0], [1.0, math.nan], r"y\[1\] must be finite, got nan"),
        (["a"], [1.0], r"x\[0\] must be a real number, got str 'a'"),
        (3.0, [1.0], "x must be a list of numbers"),
    ],
)
def test_a_dataset_refuses_bad_points_at_once(x, y, message):
    with pytest.raises((TypeError, ValueError), match=message):
        Dataset(x, y, (0.0,), 0.0, 0, (0.0, 1.0))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_points": 0}, "n_points"),
        ({"x_range": (1.0, -1.0)}, "low < high"),
        ({"noise": -0.1}, "noise"),
        ({"noise": math.nan}, "finite"),
        ({"coefficients": ()}, "empty"),
    ],
)
def test_make_dataset_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset(**kwargs)


# ---------------------------------------------------------------- the model
@pytest.mark.parametrize("x", [-0.9, 0.0, 0.37, 1.5])
def test_horner_and_powers_give_the_same_value_and_gradients(x):
    k = [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]
    a, b = Polynomial(5, k), Polynomial(5, k)
    ya, yb = a.horner(x), b.powers(x)
    assert ya.data == pytest.approx(sum(c * x**i for i, c in enumerate(k)), abs=1e-12)
    assert yb.data == pytest.approx(ya.data, abs=1e-12)
    ya.backward()
    yb.backward()
    assert a.gradients() == pytest.approx([x**i for i in range(6)])
    assert b.gradients() == pytest.approx(a.gradients())


def test_horner_builds_a_smaller_graph_when_x_is_a_value():
    model = Polynomial(5)
    x = Value(0.5, label="x")
    # leaves: 6 knobs + x; powers adds x**k, * and + per term, Horner only * and +
    assert graph_size(model.powers(x)) == 7 + 3 * 5
    assert graph_size(model.horner(x)) == 7 + 2 * 5
    # with x a plain number each x**k is a constant: both forms have 3 nodes per degree
    assert graph_size(model.powers(0.5)) == graph_size(model.horner(0.5)) == 6 + 3 * 5


def test_polynomial_refuses_bad_input():
    with pytest.raises(ValueError, match="6 coefficients"):
        Polynomial(5, [1.0, 2.0])
    with pytest.raises(ValueError, match="form"):
        Polynomial(form="chebyshev")
    with pytest.raises(ValueError, match="degree"):
        Polynomial(-1)
    with pytest.raises(TypeError, match="k1"):
        Polynomial(1, [0.0, "2"])


# ---------------------------------------------------------------- loss and gradients
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("form", ["horner", "powers"])
def test_loss_and_gradients_match_numpy(data, seed, form):
    k = np.random.default_rng(seed).normal(0, 1.5, 6)
    model = Polynomial(5, k, form=form)
    loss, grads = loss_and_gradients(model, data)
    expected_loss, expected_grads = numpy_loss_and_gradients(k, data.x, data.y)
    assert loss == pytest.approx(expected_loss, rel=1e-12)
    assert grads == pytest.approx(expected_grads, rel=1e-9, abs=1e-12)
    assert loss_value(k, data) == pytest.approx(expected_loss, rel=1e-12)


def test_mse_loss_passes_the_numerical_gradient_check(data):
    def loss_of(*knobs):
        model = Polynomial(5)
        model.coefficients = list(knobs)
        return mse_loss(model, data.x[:15], data.y[:15])

    assert check_gradients(loss_of, [0.3, -0.2, 1.0, 0.5, -1.0, 0.1]).ok


def test_loss_and_gradients_zero_the_grads_so_a_repeat_gives_the_same_answer(data):
    model = Polynomial(5, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    first = loss_and_gradients(model, data)[1]
    second = loss_and_gradients(model, data)[1]
    assert second == first  # not doubled


def test_mse_loss_refuses_mismatched_or_empty_points():
    with pytest.raises(ValueError, match="same length"):
        mse_loss(Polynomial(2), [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="no points"):
        mse_loss(Polynomial(2), [], [])


def test_nudge_effect_prediction_is_the_tangent_and_the_error_is_the_curvature(data):
    model = Polynomial(5, [0.2, -0.4, 0.1, 0.9, -0.3, 0.5])
    curvature_matrix = hessian(power_matrix(data.x, 5))
    for index, delta in [(0, 0.01), (3, -0.02), (5, 0.5)]:
        effect = nudge_effect(model, data, index, delta)
        assert effect.predicted == pytest.approx(effect.gradient * delta)
        # the loss is quadratic: actual = gradient * delta + H_ii * delta^2 / 2 exactly
        curvature = 0.5 * curvature_matrix[index][index] * delta**2
        assert effect.actual == pytest.approx(effect.predicted + curvature, rel=1e-9, abs=1e-14)
    small = nudge_effect(model, data, 2, 1e-4)
    assert small.actual == pytest.approx(small.predicted, rel=1e-2)


# ---------------------------------------------------------------- the floor
@pytest.mark.slow
def test_least_squares_matches_numpy_polyfit_and_is_a_floor(data):
    floor = least_squares(data, 5)
    expected = np.polynomial.polynomial.polyfit(data.x, data.y, 5)
    assert floor.coefficients == pytest.approx(expected, rel=1e-8, abs=1e-10)
    assert floor.loss == pytest.approx(loss_value(expected, data), rel=1e-10)
    _, grads = loss_and_gradients(Polynomial(5, floor.coefficients), data)
    assert np.max(np.abs(grads)) < 1e-10  # the bottom of the bowl is flat
    for record in gradient_descent(Polynomial(5), data, None, 50, momentum=0.9):
        assert record.loss >= floor.loss * (1 - 1e-12)


# ---------------------------------------------------------------- the loop
def test_plain_gradient_descent_follows_the_update_rule_and_lowers_the_loss(data):
    rate = 0.1
    history = list(gradient_descent(Polynomial(5), data, rate, 40))
    assert [r.step for r in history] == list(range(41))
    for before, after in zip(history, history[1:]):
        assert after.loss < before.loss
        expected = np.array(before.coefficients) - rate * np.array(before.gradients)
        assert after.coefficients == pytest.approx(expected, abs=1e-14)
        # the record's gradients are fresh at its own coefficients (zeroed each step)
        _, numpy_grads = numpy_loss_and_gradients(after.coefficients, data.x, data.y)
        assert after.gradients == pytest.approx(numpy_grads, rel=1e-9, abs=1e-13)


def test_momentum_follows_the_heavy_ball_rule(data):
    rate, beta = 0.2, 0.8
    history = list(gradient_descent(Polynomial(5), data, rate, 10, momentum=beta))
    velocity = np.zeros(6)
    for before, after in zip(history, history[1:]):
        velocity = beta * velocity - rate * np.array(before.gradients)
        assert after.coefficients == pytest.approx(np.array(before.coefficients) + velocity)


@pytest.mark.slow
def test_default_training_reaches_the_floor_quickly(data):
    result = fit_polynomial(data, target_ratio=1.01, max_steps=600)
    assert result.reached_target_at is not None and result.reached_target_at < 400
    assert result.losses[-1] <= 1.01 * result.floor.loss
    assert result.model.values() == pytest.approx(result.history[-1].coefficients)
    assert result.momentum == 0.9


def test_a_too_large_rate_stops_with_a_clear_divergence_error(data):
    seen = []
    with pytest.raises(DivergenceError) as caught:
        for record in gradient_descent(Polynomial(5), data, 5.0, 200):
            seen.append(record)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.step == len(seen) < 30  # stopped at the first exploding step
    message = str(error)
    assert f"step {error.step}" in message and "smaller" in message and "5" in message
    assert error.suggested_learning_rate < largest_stable_learning_rate(data.x)


def test_an_overflow_in_the_engine_becomes_a_divergence_error(data):
    model = Polynomial(5, [0.0, 0.0, 0.0, 0.0, 0.0, 1e200])
    with pytest.raises(DivergenceError, match="step 0") as caught:
        GradientDescent(model, data, 0.1)
    assert isinstance(caught.value.__cause__, OverflowError)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"learning_rate": 0.0}, "learning_rate must be > 0"),
        ({"learning_rate": -1.0}, "learning_rate must be > 0"),
        ({"learning_rate": math.inf}, "finite"),
        ({"momentum": 1.0}, "momentum"),
        ({"steps": -1}, "steps"),
    ],
)
def test_gradient_descent_refuses_bad_settings(data, kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_descent(Polynomial(5), data, **{"learning_rate": 0.1, **kwargs})  # no next()


def test_the_cycle_collector_is_back_on_after_a_pass_even_one_that_fails(data):
    assert gc.isenabled()
    loss_and_gradients(Polynomial(5), data)
    assert gc.isenabled()
    with pytest.raises(OverflowError):
        loss_and_gradients(Polynomial(5, [0.0] * 5 + [1e200]), data)
    assert gc.isenabled()
    gc.disable()
    try:
        loss_and_gradients(Polynomial(5), data)
        assert not gc.isenabled()  # a caller's choice to keep it off is respected
    finally:
        gc.enable()


# ---------------------------------------------------------------- divergence: restore and advise
def test_after_a_divergence_the_model_is_back_at_the_values_before_the_step(data):
    model = Polynomial(5)
    seen = []
    with pytest.raises(DivergenceError) as caught:
        for record in gradient_descent(model, data, 5.0, 200):
            seen.append(record)
    error = caught.value
    last_good = seen[-1]
    assert error.step == last_good.step + 1
    assert model.values() == list(last_good.coefficients) == list(error.coefficients)
    assert all(abs(k) < 1e6 for k in model.values())
    assert error.rate_is_the_cause
    assert f"back at its values before that step (k0={last_good.coefficients[0]:.3g}" in str(error)


def test_a_run_can_go_on_from_the_restored_values_with_a_smaller_rate(data):
    run = GradientDescent(Polynomial(5), data, learning_rate=5.0)
    with pytest.raises(DivergenceError) as caught:
        for _ in range(200):
            run.step()
    assert run.steps_done == caught.value.step - 1 == run.current.step
    assert run.velocity == [0.0] * 6  # the ball stopped with the knobs
    run.learning_rate = caught.value.suggested_learning_rate
    before = run.current.loss
    for _ in range(20):
        run.step()
    assert run.current.loss < before


def test_a_start_too_large_is_blamed_on_the_start_not_on_the_rate(data):
    # NudgePanel(start=[1e200] * 6) told the learner "rate 0.744309 is too large ...;
    # try a smaller one, e.g. 0.744": no rate helps, the loss at the start is already inf
    with pytest.raises(DivergenceError) as caught:
        GradientDescent(Polynomial(5, [1e200] * 6), data)
    error = caught.value
    message = str(error)
    assert not error.rate_is_the_cause and not error.after_a_step
    assert f"rate {error.learning_rate:g} is too large" not in message
    assert "learning rate is not the cause" in message
    assert "k0=1e+200" in message and "k5=1e+200" in message and "all 0" in message
    assert "try a smaller one, e.g." not in message


def test_only_the_blown_up_coefficient_is_named(data):
    with pytest.raises(DivergenceError) as caught:
        GradientDescent(Polynomial(5, [0.5, 0.0, 0.0, 0.0, 0.0, 1e200]), data, 0.1)
    assert "(k5=1e+200)" in str(caught.value) and "k0=" not in str(caught.value)


def test_a_divergence_below_the_stable_rate_names_the_values_not_the_rate():
    error = DivergenceError(
        7,
        math.inf,
        0.1,
        0.2,
        largest_stable_learning_rate=0.4,
        coefficients=[1e150, 2.0],
        blown_up=[("k0", math.inf)],
    )
    message = str(error)
    assert not error.rate_is_the_cause
    assert "below the largest stable rate 0.4, so the rate is not the cause" in message
    assert "took them to k0=inf" in message and "back at its values before that step" in message
    assert "try a smaller one" not in message


# ---------------------------------------------------------------- all or nothing
@pytest.mark.parametrize("bad", [math.nan, math.inf, "1.0", None])
def test_set_values_with_one_bad_value_changes_nothing(bad):
    model = Polynomial(2, [1.0, 2.0, 3.0])
    model.coefficients[0].grad = 4.0
    with pytest.raises((TypeError, ValueError), match="k1"):
        model.set_values([9.0, bad, 9.0])
    assert model.values() == [1.0, 2.0, 3.0]
    assert model.coefficients[0].grad == 4.0


@pytest.mark.parametrize("values", [{1.0, 2.0, 3.0}, {"k0": 1.0, "k1": 2.0, "k2": 3.0}])
def test_unordered_coefficients_are_refused(values):
    with pytest.raises(TypeError, match="ordered list"):
        Polynomial(2, values)
    with pytest.raises(TypeError, match="ordered list"):
        Polynomial(2).set_values(values)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: fit_polynomial(d, target_ratio=-1.0), "target_ratio must be > 0"),
        (lambda d: fit_polynomial(d, target_ratio=math.nan), "target_ratio must be finite"),
        (lambda d: nudge_effect(Polynomial(5), d, 2, math.nan), "delta must be finite"),
        (lambda d: nudge_effect(Polynomial(5), d, 6, 0.1), "index must be 0..5"),
        (lambda d: make_dataset(x_range=(0.0, 1.0, 2.0)), "x_range must be \\(low, high\\)"),
    ],
)
def test_more_bad_settings_are_refused_by_name(data, call, message):
    with pytest.raises(ValueError, match=message):
        call(data)


def _with_nan(values, at=2):
    values = list(values)
    values[at] = math.nan
    return values


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: mse_loss(Polynomial(), d.x, _with_nan(d.y)), r"y\[2\] must be finite"),
        (lambda d: mse_loss(Polynomial(), _with_nan(d.x), d.y), r"x\[2\] must be finite"),
        (lambda d: Dataset(d.x, _with_nan(d.y), (0.0,), 0.1, 0, (-1, 1)), r"y\[2\] must be finite"),
        (lambda d: largest_stable_learning_rate(_with_nan(d.x)), r"x\[2\] must be finite"),
        (lambda d: loss_value(_with_nan([0.0] * 6), d), r"coefficients\[2\] must be finite"),
        (lambda d: conditioning_of(_with_nan(d.x)), r"x\[2\] must be finite"),
    ],
)
def test_nan_in_the_data_is_refused_by_every_fitting_entry_point(data, call, message):
    with pytest.raises(ValueError, match=message):
        call(data)


def conditioning_of(x):
    from autograd.conditioning import conditioning

    return conditioning(x)
