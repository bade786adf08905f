"""The checks of notebooks 06, 07 and 08 against the answers learners really give."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd.engine import Value
from autograd.exercises.lessons import (
    check_momentum_factor_prediction,
    check_peak_prediction,
    check_rate_predictions,
    check_velocity_prediction,
)
from autograd.exercises.training import check_knob_gradient, check_training_step
from autograd.polyfit import Polynomial

JUNK = ["-0.5", None, [1], {"a": 1}, float("nan"), float("inf"), True, Value(-0.5), object()]


# ------------------------------------------------------------------ 06/07: dL/dk_j
@pytest.mark.parametrize(
    "power, given, status, words",
    [
        (2, -0.5, "correct", "right"),
        (2, np.float64(-0.5), "correct", "right"),
        (2, -0.25, "wrong", "the 2 is missing"),
        (2, 0.5, "wrong", "sign"),
        (2, -1.0, "wrong", "x to the power 2"),
        (2, -2.0, "wrong", "differentiates x^2"),  # 2·error·2x and 2·error are both -2:
        (2, -2.0, "wrong", "second factor is missing"),  # the verdict names both slips
        (2, 1.0, "wrong", "loss itself"),
        (5, 2 * -1 * 0.5**5, "correct", "right"),
        (5, -0.03125, "wrong", "the 2 is missing"),
        (5, -0.125, "wrong", "x to the power 5"),
        (5, -1.0, "wrong", "not raised"),
        (5, -0.625, "wrong", "differentiates x^5"),
        (5, -2.0, "wrong", "second factor is missing"),
        (5, -0.0625 * 1.001, "correct", "right"),  # typed by hand, a little rounded
    ],
)
def test_knob_gradient(power, given, status, words):
    verdict = check_knob_gradient(given, x=0.5, y=1.0, power=power, name=f"k{power}_grad")
    assert verdict.status == status, verdict
    assert words in verdict.message


def test_knob_gradient_not_answered_names_the_variable():
    verdict = check_knob_gradient(..., x=0.5, y=1.0, power=2, name="k2_grad")
    assert verdict.status == "unanswered" and "k2_grad" in verdict.message
    assert "-0.5" not in repr(verdict)  # a blank never shows the expected number


@pytest.mark.parametrize("junk", JUNK[:-2] + JUNK[-1:])
def test_knob_gradient_junk_is_wrong_not_a_crash(junk):
    assert check_knob_gradient(junk, x=0.5, y=1.0, power=2, name="k2_grad").status == "wrong"


# ------------------------------------------------- 06/09: the step without a rate
def test_training_step_without_learning_rate_is_named():
    def step(model, xs, ys, learning_rate):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
        model.zero_grad()
        loss.backward()
        for k in model.parameters():
            k.data -= k.grad

    verdict = check_training_step(
        step, make_model=Polynomial, points=[0.1, 0.5, -0.3], labels=[1.0, 0.2, 0.4]
    )
    assert verdict.status == "wrong" and "learning rate" in verdict.message


# ------------------------------------------------------------ 07: the velocity
@pytest.mark.parametrize(
    "given, status, words",
    [
        (-0.19, "correct", "right"),
        (-0.1 * 0.9 - 0.1, "correct", "right"),
        (np.float32(-0.19), "correct", "right"),
        (-0.2, "wrong", "multiplied by beta"),
        (0.19, "wrong", "sign"),
        (-0.1, "wrong", "one step"),
        (-0.09, "wrong", "friction"),
        (-1.0, "wrong", "many steps"),
        (-0.5, "wrong", "not this number"),
    ],
)
def test_velocity(given, status, words):
    verdict = check_velocity_prediction(
        given, beta=0.9, rate=0.1, gradient=1.0, steps=2, name="velocity_after_two"
    )
    assert verdict.status == status, verdict
    assert words in verdict.message, verdict


def test_velocity_unanswered_and_junk():
    blank = check_velocity_prediction(..., 0.9, 0.1, 1.0, name="velocity_after_two")
    assert blank.status == "unanswered" and "velocity_after_two" in blank.message
    assert "0.19" not in repr(blank)
    for junk in JUNK:
        assert check_velocity_prediction(junk, 0.9, 0.1, 1.0).status == "wrong"


# ------------------------------------------------------- 08: the factor per axis
LAM, RATE = 0.3072384422, 0.7443086


@pytest.mark.parametrize(
    "factor, beats, status, words",
    [
        (math.sqrt(0.9), False, "correct", "all right"),
        (0.9487, False, "correct", "all right"),
        (0.9, False, "wrong", "product of the two roots"),
        (abs(1 - RATE * LAM), False, "wrong", "plain descent's factor"),
        (abs(1 - 0.5 * LAM), False, "wrong", "plain descent at rate 0.5"),
        (math.sqrt(0.9), True, "wrong", "smaller factor is the faster"),
        (math.sqrt(0.9), 1, "wrong", "True or False"),
        (math.sqrt(0.9), np.bool_(False), "correct", "all right"),
    ],
)
def test_momentum_factor(factor, beats, status, words):
    verdict = check_momentum_factor_prediction(factor, beats, LAM, RATE, 0.9, 0.5)
    assert verdict.status == status, verdict
    assert words in verdict.message or any(words in row[3] for row in verdict.rows), verdict


def test_momentum_factor_blanks_name_the_variables():
    verdict = check_momentum_factor_prediction(..., ..., LAM, RATE, 0.9, 0.5)
    assert verdict.status == "unanswered" and "factor, beats_plain" in verdict.message
    assert "0.9487" not in repr(verdict)
    half = check_momentum_factor_prediction(math.sqrt(0.9), ..., LAM, RATE, 0.9, 0.5)
    assert half.status == "unanswered" and "beats_plain" in half.message


# --------------------------------------------------------------- 08: the peak
RHO = 0.9545993


@pytest.mark.parametrize(
    "given, status, words",
    [
        (1 / math.log(1 / RHO), "correct", "right"),
        (21, "correct", "right"),
        (20, "correct", "right"),
        (np.int64(22), "correct", "right"),
        (0, "wrong", "does not fall"),
        (1, "wrong", "does not fall"),
        (math.log(0.01) / math.log(RHO), "wrong", "shrink 100x"),
        (math.log(1 / RHO), "wrong", "upside down"),
        (50, "wrong", "not this step"),
    ],
)
def test_peak(given, status, words):
    verdict = check_peak_prediction(given, RHO, 20, name="peak_step")
    assert verdict.status == status, verdict
    assert words in verdict.message


def test_peak_blank_and_junk():
    blank = check_peak_prediction(..., RHO, 20, name="peak_step")
    assert blank.status == "unanswered" and "peak_step" in blank.message and "21" not in repr(blank)
    for junk in JUNK:
        assert check_peak_prediction(junk, RHO, 20).status == "wrong"


def test_rate_predictions_name_the_learners_variables():
    names = ("largest_stable_rate", "rate_1_diverges", "steps_for_100x")
    blank = check_rate_predictions(..., ..., ..., [0.2, 2.0], 1.2, 0.5, names=names)
    assert blank.status == "unanswered"
    assert "largest_stable_rate, rate_1_diverges, steps_for_100x" in blank.message
    assert "0.2" not in repr(blank) and "1.0" not in repr(blank)  # nothing expected shown
    half = check_rate_predictions(1.0, ..., 43.7, [0.2, 2.0], 1.2, 0.5, names=names)
    assert half.status == "unanswered" and half.message.endswith("of rate_1_diverges")
    wrong = check_rate_predictions(1.0, "yes", 43.7, [0.2, 2.0], 1.2, 0.5, names=names)
    assert wrong.status == "wrong" and "rate_1_diverges should be True or False" in wrong.message


def test_mlp_training_step_without_learning_rate_is_named():
    def step(model, xs, ys, learning_rate):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= p.grad

    verdict = check_training_step(step)  # notebook 9's MLP on the two moons
    assert verdict.status == "wrong" and "learning rate" in verdict.message


def test_a_blank_training_step_is_named():
    def training_step(model, xs, ys, learning_rate):
        loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)
        model.zero_grad()
        loss.backward()
        for k in model.parameters():  # noqa: B007 (the blank would use k)
            ...  # your turn

    verdict = check_training_step(
        training_step, make_model=Polynomial, points=[0.1, 0.5], labels=[1.0, 0.2]
    )
    assert verdict.status == "unanswered" and "training_step" in verdict.message
    assert check_training_step(...).message.endswith("of training_step")


def test_knob_gradient_for_a_point_below_the_axis():
    right = check_knob_gradient(1.0, x=0.5, y=-2.0, power=2, name="k2_grad")
    assert right.status == "correct"
    flipped = check_knob_gradient(-1.0, x=0.5, y=-2.0, power=2, name="k2_grad")
    assert flipped.status == "wrong" and "the error is prediction - y = 2" in flipped.message
