"""numpy scalars count as numbers everywhere: each public function that takes a count or a
rate accepts np.int64 / np.float64 (and 0-d arrays) exactly as it accepts int and float."""

import numpy as np
import pytest

from autograd.bases import features, fit_by_gradient_descent
from autograd.engine import Value
from autograd.polyfit import make_dataset

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
