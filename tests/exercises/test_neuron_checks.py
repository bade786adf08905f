"""The predictions of notebooks 09 and 10: passes per gradient, and the shape of dL/dW.

Right answers in every form pass, the wrong answers learners really give are named, junk
is wrong (never an error), and only the blank `...` is "not answered yet"."""

from __future__ import annotations

import numpy as np
import pytest

from autograd.exercises import CORRECT, UNANSWERED, WRONG
from autograd.exercises.networks import check_pass_counts
from autograd.exercises.tensors import check_gradient_shape


@pytest.mark.parametrize(
    "forward, backward", [(105, 1), (105.0, 1.0), (np.int64(105), np.int64(1))]
)
def test_pass_counts_right(forward, backward):
    assert check_pass_counts(forward, backward, n_knobs=105).status == CORRECT


@pytest.mark.parametrize(
    "forward, backward, phrase",
    [
        (1, 1, "one input only"),
        (210, 1, "nudging"),
        (2, 1, "not the point's x1 and x2"),
        (105, 105, "forward mode's count"),
        (105, 0, "its one backward pass"),
        (105, 2, "forward pass is not counted"),
        (104, 1, "the number of forward-mode passes is 105"),
        ("105", 1, "without quotes"),
        (None, 1, "None"),
        ([105], 1, "one number"),
        (float("nan"), 1, "nan"),
    ],
)
def test_pass_count_mistakes_are_named(forward, backward, phrase):
    verdict = check_pass_counts(forward, backward, n_knobs=105)
    assert verdict.status == WRONG and phrase in verdict.message, verdict


def test_pass_counts_blank():
    assert check_pass_counts(..., ..., n_knobs=105).status == UNANSWERED
    assert check_pass_counts(105, ..., n_knobs=105).status == UNANSWERED
    assert check_pass_counts(1, ..., n_knobs=105).status == WRONG


SHAPE = dict(name="W", shape=(2, 8), output=("Z", (40, 8)), others={"x": (40, 2)})


@pytest.mark.parametrize(
    "answer", [(2, 8), [2, 8], (2.0, 8.0), (np.int64(2), np.int64(8)), np.array([2, 8])]
)
def test_shape_right_in_every_form(answer):
    assert check_gradient_shape(answer, **SHAPE).status == CORRECT


def test_the_shape_from_numpy_itself_is_right():
    assert check_gradient_shape(np.zeros((2, 8)).shape, **SHAPE).ok


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((8, 2), "transposed"),
        ((40, 8), "shape of the output Z"),
        ((40, 2), "x's shape"),
        ((), "one slope for each"),
        (1, "one slope for each"),
        ((2, 8, 1), "one number per element of W"),
    ],
)
def test_shape_mistakes_are_named(answer, phrase):
    verdict = check_gradient_shape(answer, **SHAPE)
    assert verdict.status == WRONG and phrase in verdict.message, verdict


@pytest.mark.parametrize(
    "junk", ["(2, 8)", "2x8", None, (2, "8"), (2.5, 8), (-2, 8), (True, 8), {2, 8}]
)
def test_shape_junk_is_wrong_not_an_error(junk):
    verdict = check_gradient_shape(junk, **SHAPE)
    assert verdict.status == WRONG and "tuple" in verdict.message


def test_shape_blank():
    verdict = check_gradient_shape(..., **SHAPE)
    assert verdict.status == UNANSWERED and "grad_W_shape" in verdict.message


# ------------------------------------------------ 09: counting knobs, a neuron by hand
@pytest.mark.parametrize(
    "count, phrase",
    [
        (28, "weights only"),
        (31, "one bias per neuron, not per layer"),  # 28 weights + 3 biases
        (32, "the output neuron"),  # (2*4 + 4) + (4*4 + 4): the last layer left out
    ],
)
def test_parameter_count_slips_are_named(count, phrase):
    from autograd.exercises import check_parameter_count

    verdict = check_parameter_count(count, 2, [4, 4, 1])
    assert verdict.status == WRONG and phrase in verdict.message, verdict


def test_neuron_output_value_hint_names_the_learners_variable():
    from autograd import Neuron
    from autograd.exercises import check_neuron_output

    neuron = Neuron(2, seed=0)
    out = neuron([2.0, -1.0])
    verdict = check_neuron_output(out, neuron, [2.0, -1.0], name="by_hand")
    assert verdict.status == WRONG and "by_hand.data" in verdict.message, verdict
    assert check_neuron_output(out.data, neuron, [2.0, -1.0], name="by_hand").status == CORRECT
