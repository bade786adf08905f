"""autograd.exercises.tensors: right answers in any equivalent form pass, known mistakes are named,
junk is wrong (never an error), and only the blank `...` is "not answered yet"."""

from __future__ import annotations

import numpy as np
import pytest

from autograd.exercises import CORRECT, UNANSWERED, WRONG
from autograd.exercises.tensors import check_bias_grad, check_matmul_grads, check_tensor_loss
from autograd.tensor import Tensor

A = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]])
B = np.array([[2.0, -1.0], [1.0, 0.5], [0.0, 4.0]])
G = np.array([[1.0, -2.0], [3.0, 0.5]])
GRAD_A, GRAD_B = G @ B.T, A.T @ G


def test_matmul_rule_right_in_every_form():
    assert check_matmul_grads(GRAD_A, GRAD_B, A, B, G).status == CORRECT
    assert check_matmul_grads((B @ G.T).T, (G.T @ A).T, A, B, G).ok
    assert check_matmul_grads(GRAD_A.tolist(), GRAD_B.tolist(), A, B, G).ok
    a, b = Tensor(A), Tensor(B)
    (a @ b).backward(G)
    assert check_matmul_grads(a.grad, b.grad, A, B, G).ok
    assert check_matmul_grads(Tensor(GRAD_A), Tensor(GRAD_B), A, B, G).ok


@pytest.mark.parametrize(
    "grad_a, grad_b, phrase",
    [
        (GRAD_A.T, GRAD_B, "transposed"),
        (GRAD_A, GRAD_B.T, "transposed"),
        (-GRAD_A, GRAD_B, "sign is flipped"),
        (B.T, GRAD_B, "Bᵀ alone"),
        (GRAD_A, A.T, "Aᵀ alone"),
        (G.T @ B.T, GRAD_B, "not Gᵀ"),
        (GRAD_A, A.T @ G.T, "not Gᵀ"),
        (GRAD_B, GRAD_A, "shape"),  # the two swapped
        (GRAD_A + 1, GRAD_B, "other numbers"),
        (np.ones((4, 4)), GRAD_B, "A is (2, 3)"),
    ],
)
def test_matmul_rule_mistakes_are_named(grad_a, grad_b, phrase):
    result = check_matmul_grads(grad_a, grad_b, A, B, G)
    assert result.status == WRONG and not result
    assert phrase in result.message, result


@pytest.mark.parametrize("junk", ["G @ B.T", None, [[1, "x"]], [[1.0, 2.0], [3.0]], np.nan, [...]])
def test_matmul_rule_junk_is_wrong_not_an_error(junk):
    assert check_matmul_grads(junk, GRAD_B, A, B, G).status == WRONG


def test_matmul_rule_blank_is_not_answered():
    assert check_matmul_grads(..., ..., A, B, G).status == UNANSWERED
    assert check_matmul_grads(GRAD_A, ..., A, B, G).status == UNANSWERED
    assert check_matmul_grads(-GRAD_A, ..., A, B, G).status == WRONG  # a wrong part is wrong


M = np.arange(12.0).reshape(4, 3) - 5.0


def test_bias_grad_right_in_every_form():
    assert check_bias_grad(M.sum(axis=0), M).status == CORRECT
    assert check_bias_grad(M.sum(axis=0, keepdims=True), M).ok
    assert check_bias_grad(list(M.sum(axis=0)), M).ok
    assert check_bias_grad(M[0] + M[1] + M[2] + M[3], M).ok
    b = Tensor([1.0, 2.0, 3.0])
    (np.zeros((4, 3)) + b).backward(M)
    assert check_bias_grad(b.grad, M).ok


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (M.sum(axis=1), "axis=0"),
        (M.mean(axis=0), "average"),
        (M.sum(), "one number"),
        (M, "not summed"),
        (M[0], "first row"),
        (-M.sum(axis=0), "sign"),
        (M.sum(axis=0) + 1, "other numbers"),
        (np.ones(5), "b's shape (3,)"),
    ],
)
def test_bias_grad_mistakes_are_named(answer, phrase):
    result = check_bias_grad(answer, M)
    assert result.status == WRONG
    assert phrase in result.message, result


@pytest.mark.parametrize("junk", ["sum", None, {1, 2, 3}, [1.0, float("inf"), 2.0]])
def test_bias_grad_junk_is_wrong_and_blank_is_not_answered(junk):
    assert check_bias_grad(junk, M).status == WRONG
    assert check_bias_grad(..., M).status == UNANSWERED


# ------------------------------------------------------------------ the loss as one Tensor
def test_tensor_loss_right_in_every_form():
    assert check_tensor_loss(lambda k, X, y: ((X @ k - y) ** 2).mean()).status == CORRECT
    assert check_tensor_loss(lambda k, X, y: ((y - X @ k) ** 2).mean()).ok

    def by_sum(k, X, y):
        error = X @ k - y
        return (error * error).sum() / len(y)

    assert check_tensor_loss(by_sum).ok
    assert check_tensor_loss(
        lambda k, X, y: ((Tensor(X, requires_grad=False) @ k - y) ** 2).mean()
    ).ok


@pytest.mark.parametrize(
    "loss_fn, phrase",
    [
        (lambda k, X, y: ((X @ k - y) ** 2).sum(), "sum of the squared errors"),
        (lambda k, X, y: (X @ k - y).mean(), "square the errors"),
        (lambda k, X, y: ((X @ k) ** 2).mean(), "subtract y"),
        (lambda k, X, y: ((X @ k - y) ** 2).mean() ** 0.5, "no square root"),
        (lambda k, X, y: (X @ k - y) ** 2, "shape (20,)"),
        (lambda k, X, y: float(np.mean((X @ k.data - y) ** 2)), "the right number, but"),
        (lambda k, X, y: Tensor(np.mean((X @ k.data - y) ** 2)), "k.grad stayed zero"),
        (lambda k, X, y: ((X @ k - y) ** 2).mean() + 1.0, "expected"),
        (lambda k, X, y: k @ X, "raised ValueError"),
        (lambda k, X, y: "loss", "not a Tensor"),
        (lambda k, X, y: None, "forget the return"),
    ],
)
def test_tensor_loss_mistakes_are_named(loss_fn, phrase):
    result = check_tensor_loss(loss_fn)
    assert result.status == WRONG
    assert phrase in result.message, result


def test_tensor_loss_junk_and_blanks():
    assert check_tensor_loss(3.0).status == WRONG
    assert check_tensor_loss(...).status == UNANSWERED
    assert check_tensor_loss(lambda k, X, y: ...).status == UNANSWERED

    def half_done(k, X, y):
        error = ...
        return (error**2).mean()

    assert check_tensor_loss(half_done).status == UNANSWERED

    def workbook_blank(k, X, y):  # what the workbook makes of the notebook's answer line
        loss = ...  # your turn
        return loss

    assert check_tensor_loss(workbook_blank).status == UNANSWERED
