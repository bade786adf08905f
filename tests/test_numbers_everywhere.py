"""numpy scalars count as numbers everywhere: each public function that takes a count or a
rate accepts np.int64 / np.float64 (and 0-d arrays) exactly as it accepts int and float."""

import math

import numpy as np
import pytest

from autograd import MLP, GradientDescent, Polynomial, check_gradients, numerical_grad
from autograd.bases import features, fit_by_gradient_descent
from autograd.engine import Value
from autograd.nn import two_moons
from autograd.polyfit import largest_stable_learning_rate, make_dataset

DATA = make_dataset(n_points=20, seed=np.int64(3))


def test_fitting_takes_numpy_counts_and_rates():
    plain = fit_by_gradient_descent(features(DATA.x, degree=3), DATA.y, 0.1, 5, 0.5)
    numpy_ = fit_by_gradient_descent(
        features(DATA.x, degree=np.int64(3)), DATA.y, np.float64(0.1), np.int64(5), np.array(0.5)
    )
    np.testing.assert_array_equal(numpy_.losses, plain.losses)


def test_the_stepper_takes_a_numpy_step():
    pytest.importorskip("anywidget")
    from autograd.widgets.stepper import GraphStepper

    a, b = Value(2.0, "a"), Value(-3.0, "b")
    stepper = GraphStepper(a * b + a, interval_ms=np.int64(300))
    stepper.show("forward", np.int64(2))
    assert stepper.step == 2


def test_the_panel_trains_a_numpy_number_of_steps():
    pytest.importorskip("anywidget")
    from autograd.widgets.nudge import NudgePanel

    panel = NudgePanel(make_dataset(n_points=20, seed=5))
    panel.train(np.int64(3))
    assert panel.run.steps_done == 3


# ------------------------------------------------------------------ the sweep: every function
# Each public function that takes a number, called with that number in every kind: a numpy
# scalar (or 0-d array) must give what the plain number gives; nan, inf and a huge int must
# give one clear error that names the argument (never silence, never Python's own message).
def _data():
    return make_dataset(n_points=20, seed=1)


SWEEP = {
    # name: (call with the number, a good plain value, the argument's name in the message)
    "make_dataset n_points": (lambda n: make_dataset(n_points=n, seed=1).x, 20, "n_points"),
    "make_dataset noise": (lambda n: make_dataset(n_points=20, noise=n).y, 0.1, "noise"),
    "make_dataset seed": (lambda n: make_dataset(n_points=20, seed=n).x, 3, "seed"),
    "Polynomial degree": (lambda n: Polynomial(n).values(), 3, "degree"),
    "GradientDescent learning_rate": (
        lambda n: GradientDescent(Polynomial(), _data(), learning_rate=n).step().loss,
        0.05,
        "learning_rate",
    ),
    "GradientDescent momentum": (
        lambda n: GradientDescent(Polynomial(), _data(), momentum=n).step().loss,
        0.5,
        "momentum",
    ),
    "largest_stable_learning_rate momentum": (
        lambda n: largest_stable_learning_rate(_data().x, 5, n),
        0.5,
        "momentum",
    ),
    "MLP seed": (lambda n: MLP(2, [2, 1], seed=n)([1.0, 2.0]).data, 4, "seed"),
    "two_moons n_points": (lambda n: two_moons(n, seed=0)[1], 10, "n_points"),
    "two_moons noise": (lambda n: two_moons(10, noise=n)[1], 0.2, "noise"),
    "numerical_grad h": (lambda n: numerical_grad(lambda a: a * a, [3.0], h=n), 1e-4, "h"),
    "check_gradients tolerance": (
        lambda n: check_gradients(lambda a: a * a, [3.0], tolerance=n).ok,
        1e-5,
        "tolerance",
    ),
    "features degree": (lambda n: features([0.1, 0.5], degree=n), 3, "degree"),
}


def _same(a, b):
    np.testing.assert_array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


@pytest.mark.parametrize("case", list(SWEEP))
def test_numpy_numbers_give_what_plain_numbers_give(case):
    call, good, _ = SWEEP[case]
    plain = call(good)
    kinds = [np.array(good)]
    kinds.append(np.int64(good) if isinstance(good, int) else np.float64(good))
    for number in kinds:
        _same(call(number), plain)


@pytest.mark.parametrize(
    "bad",
    [math.nan, math.inf, -math.inf, 10**400, True],
    ids=["nan", "inf", "-inf", "10**400", "True"],
)
@pytest.mark.parametrize("case", list(SWEEP))
def test_nan_inf_huge_ints_and_bools_get_one_clear_error(case, bad):
    call, good, name = SWEEP[case]
    if name == "seed" and bad == 10**400:
        call(bad)  # any whole number is a seed, however large
        return
    with pytest.raises((ValueError, TypeError)) as caught:
        call(bad)
    message = str(caught.value)
    assert name in message, message
    assert "math range error" not in message and "math domain error" not in message
