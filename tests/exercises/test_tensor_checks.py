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


# ----------------------------------------------------------------- the rule as code
def rule_a(G, A, B):  # noqa: N803 - the notebook's names
    return G @ B.T


def rule_b(G, A, B):  # noqa: N803
    return A.T @ G


def test_the_rule_written_as_functions_is_checked_on_these_and_other_shapes():
    assert check_matmul_grads(rule_a, rule_b, A, B, G).status == CORRECT
    assert check_matmul_grads(lambda G, A, B: (B @ G.T).T, rule_b, A, B, G).ok  # noqa: N803


def test_forgetting_the_transpose_is_a_diagnosis_not_a_numpy_traceback():
    result = check_matmul_grads(lambda G, A, B: G @ B, rule_b, A, B, G)  # noqa: N803
    assert result.status == WRONG
    assert "shapes" in result.message and "(2, 2)" in result.message
    assert "(3, 2)" in result.message and "transpose" in result.message
    result = check_matmul_grads(rule_a, lambda G, A, B: A @ G, A, B, G)  # noqa: N803
    assert result.status == WRONG and "transpose" in result.message


def test_a_rule_that_only_fits_the_example_is_caught():
    def hard_coded(G, A, B):  # noqa: N803 - reads the example, not its arguments
        return GRAD_A

    result = check_matmul_grads(hard_coded, rule_b, A, B, G)
    assert result.status == WRONG and "any" in result.message


def test_a_blank_rule_is_not_answered():
    def blank(G, A, B):  # noqa: N803
        ...

    assert check_matmul_grads(blank, rule_b, A, B, G).status == UNANSWERED


@pytest.mark.parametrize(
    "a, b, g",
    [
        (np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 2))),  # A @ B impossible
        (np.ones((2, 3)), np.ones((3, 2)), np.ones((3, 3))),  # G not C's shape
        (np.ones(3), np.ones((3, 2)), np.ones(2)),  # vectors
        (np.ones((2, 3, 4)), np.ones((4, 2)), np.ones((2, 3, 2))),
        ("A", None, [[1, "x"]]),
    ],
)
def test_any_shapes_get_a_verdict_never_a_traceback(a, b, g):
    for grads in ((GRAD_A, GRAD_B), (rule_a, rule_b), (np.ones((7, 1)), np.ones(5))):
        result = check_matmul_grads(*grads, a, b, g)
        assert result.status in (CORRECT, WRONG)
        assert "Traceback" not in result.message


def test_the_learner_matrices_of_other_shapes_are_judged_right():
    a, b = np.arange(12.0).reshape(4, 3), np.arange(6.0).reshape(3, 2) - 2
    g = np.arange(8.0).reshape(4, 2)
    assert check_matmul_grads(g @ b.T, a.T @ g, a, b, g).ok
    assert check_matmul_grads(rule_a, rule_b, a, b, g).ok
    assert not check_matmul_grads((g @ b.T).T, a.T @ g, a, b, g).ok


def test_the_loss_reading_the_notebooks_data_instead_of_its_argument_is_named():
    class Data:
        y = np.zeros(100)

    namespace = {"data": Data(), "__builtins__": __builtins__}
    exec("def loss(k, X, y):\n    return ((X @ k - data.y) ** 2).mean()", namespace)  # noqa: S102
    result = check_tensor_loss(namespace["loss"])
    assert result.status == WRONG
    assert "data" in result.message and "argument y" in result.message


# ------------------------------------------------- review2: no untrue diagnosis for junk
_G4 = np.array([[1.0, 0.0, 2.0], [0.5, -1.0, 0.0], [2.0, 1.0, 1.0], [-1.0, 0.5, 3.0]])
_A = np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]])
_B = np.array([[2.0, -1.0], [1.0, 0.5], [0.0, 4.0]])
_W = np.array([[1.0, -2.0], [3.0, 0.5]])


def test_bias_grad_none_is_named_not_called_nan():
    from autograd.exercises.tensors import check_bias_grad

    verdict = check_bias_grad(None, _G4)
    assert verdict.status == "wrong" and "None" in verdict.message, verdict
    assert "nan" not in verdict.message


def test_bias_grad_list_of_values_asks_for_numbers_without_a_matmul_hint():
    from autograd import Value
    from autograd.exercises.tensors import check_bias_grad

    verdict = check_bias_grad([Value(2.5), Value(0.5), Value(6.0)], _G4)
    assert verdict.status == "wrong" and ".data" in verdict.message, verdict
    assert "@" not in verdict.message


def test_matmul_rule_returning_none_or_missing_is_named_not_called_nan():
    from autograd.exercises.tensors import check_matmul_grads

    returns_none = check_matmul_grads(lambda G, A, B: None, lambda G, A, B: A.T @ G, _A, _B, _W)
    assert returns_none.status == "wrong" and "None" in returns_none.message
    assert "nan" not in returns_none.message
    missing = check_matmul_grads(None, None, _A, _B, _W)
    assert missing.status == "wrong" and "nan" not in missing.message, missing


def test_matmul_elementwise_product_is_not_called_a_matrix_product():
    from autograd.exercises.tensors import check_matmul_grads

    verdict = check_matmul_grads(lambda G, A, B: G * B.T, lambda G, A, B: A.T @ G, _A, _B, _W)
    assert verdict.status == "wrong" and "elementwise" in verdict.message, verdict
    assert "a matrix product in it" not in verdict.message
