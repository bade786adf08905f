"""Checks for notebook 10's "Your turn" cells: the loss as Tensors, the matrix product rule
and broadcasting undone.

Each check takes the learner's answer (a numpy array, a list of lists, or a Tensor, whose
numbers are used) together with the problem's own arrays, works out the right answer from
them, and returns a `CheckResult` from `autograd.exercises`: right, wrong with the likely
mistake named, or "not answered yet" for the blank `...` only.

A check compares numbers, never the way they were computed: `G @ B.T`, `(B @ G.T).T` and
a loop over the elements are all the same answer.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from autograd.exercises.verdict import CORRECT, UNANSWERED, WRONG, CheckResult
from autograd.tensor import Tensor

_RTOL = 1e-9  # the same numbers up to rounding: another order of the sums may differ slightly


def _answer_array(given: object, name: str, title: str) -> np.ndarray | CheckResult:
    """The answer as a float array, or the verdict when it is blank or not numbers."""
    if given is ...:
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    if isinstance(given, Tensor):
        given = given.data  # a Tensor holding the right numbers is the right answer
    try:
        array = np.asarray(given, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(
            WRONG,
            title,
            f"{name} should be an array of numbers (e.g. built with @ and .T), got "
            f"{type(given).__name__} {given!r}"[:200],
        )
    if not np.isfinite(array).all():
        return CheckResult(WRONG, title, f"{name} contains nan or inf: {array!r}")
    return array


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.allclose(a, b, rtol=_RTOL, atol=_RTOL)


def _one_gradient(
    given: object,
    name: str,
    title: str,
    expected: np.ndarray,
    of: str,
    mistakes: list[tuple[np.ndarray, str]],
) -> CheckResult:
    answer = _answer_array(given, name, title)
    if isinstance(answer, CheckResult):
        return answer
    if _same(answer, expected):
        return CheckResult(CORRECT, title, f"{name} is right: it has {of}'s shape {expected.shape}")
    for value, hint in mistakes:
        if _same(answer, value):
            return CheckResult(WRONG, title, f"{name}: {hint}")
    if answer.shape != expected.shape:
        return CheckResult(
            WRONG,
            title,
            f"{name} has shape {answer.shape}, but a gradient has the shape of what it is the "
            f"gradient of: {of} is {expected.shape}",
        )
    return CheckResult(WRONG, title, f"{name} has the right shape but other numbers")


def check_matmul_grads(
    grad_a: object, grad_b: object, a: np.ndarray, b: np.ndarray, g: np.ndarray
) -> CheckResult:
    """dL/dA and dL/dB for C = A @ B, given G = dL/dC: the rule says G Bᵀ and Aᵀ G."""
    a, b, g = (np.asarray(m, dtype=float) for m in (a, b, g))
    title = "the matrix product rule"
    expected_a, expected_b = g @ b.T, a.T @ g
    verdicts = [
        _one_gradient(
            grad_a,
            "grad_A",
            title,
            expected_a,
            "A",
            [
                (expected_a.T, "transposed: it must have A's shape; G Bᵀ has it"),
                (-expected_a, "the sign is flipped"),
                (b.T, "that is Bᵀ alone: multiply by the gradient from above, G Bᵀ"),
                (g.T @ b.T, "use G, not Gᵀ: dL/dA = G Bᵀ"),
            ],
        ),
        _one_gradient(
            grad_b,
            "grad_B",
            title,
            expected_b,
            "B",
            [
                (expected_b.T, "transposed: it must have B's shape; Aᵀ G has it"),
                (-expected_b, "the sign is flipped"),
                (a.T, "that is Aᵀ alone: multiply by the gradient from above, Aᵀ G"),
                (a.T @ g.T, "use G, not Gᵀ: dL/dB = Aᵀ G"),
            ],
        ),
    ]
    return _combine(title, verdicts)


def check_bias_grad(grad_b: object, g: np.ndarray) -> CheckResult:
    """dL/db for Z = M + b with b of shape (n,) added to every row, given G = dL/dZ."""
    g = np.asarray(g, dtype=float)
    title = "broadcasting undone: the bias gradient"
    answer = _answer_array(grad_b, "grad_b", title)
    if isinstance(answer, CheckResult):
        return answer
    expected = g.sum(axis=0)
    if answer.shape in (expected.shape, (1, *expected.shape)) and _same(
        answer.reshape(expected.shape), expected
    ):
        return CheckResult(CORRECT, title, "grad_b is right: one sum per element of b")
    mistakes = [
        (
            g.sum(axis=1),
            "that sums along each row (axis=1); b was copied down the rows, so "
            "add the gradients down each column: axis=0",
        ),
        (g.mean(axis=0), "that is the average: each copy of b adds its own path, so sum them"),
        (g.sum(), "that adds everything into one number; b has one number per column"),
        (g, "not summed yet: b has one number per column, and each got a gradient from every row"),
        (g[0], "only the first row: b was used in every row, so add all of them"),
        (-expected, "the sign is flipped"),
    ]
    for value, hint in mistakes:
        if _same(answer, np.asarray(value)):
            return CheckResult(WRONG, title, f"grad_b: {hint}")
    if answer.shape != expected.shape:
        return CheckResult(
            WRONG,
            title,
            f"grad_b has shape {answer.shape}; b's gradient has b's shape {expected.shape}",
        )
    return CheckResult(WRONG, title, "grad_b has b's shape but other numbers")


def check_tensor_loss(loss_fn: Callable[..., object]) -> CheckResult:
    """Your `loss_fn(k, X, y)`: the polynomial's mean squared error as one Tensor expression.

    Run on a small data set of its own (20 points, fixed knobs); the loss and dL/dk must be
    the mean squared error's, worked out here with plain numpy.
    """
    title = "the polynomial loss with Tensors"
    if loss_fn is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not callable(loss_fn):
        return CheckResult(WRONG, title, "pass the function itself, e.g. check(polynomial_loss)")
    rng = np.random.default_rng(8)
    x = rng.uniform(-1.0, 1.0, 20)
    powers = np.vander(x, 6, increasing=True)
    y = rng.normal(0.0, 1.0, 20)
    start = np.array([0.5, -1.0, 0.25, 1.0, -0.5, 0.75])
    k = Tensor(start, "k")
    errors = powers @ start - y
    expected = float(np.mean(errors**2))
    expected_grad = 2.0 * powers.T @ errors / len(y)
    try:
        result = loss_fn(k, powers, y)
    except Exception as error:  # the learner's code: report, don't crash the check
        if "ellipsis" in str(error):
            return CheckResult(UNANSWERED, title, "not answered yet: a ... is still in it")
        return CheckResult(WRONG, title, f"your function raised {type(error).__name__}: {error}")
    if result is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if result is None:
        return CheckResult(WRONG, title, "it returned None: did you forget the return?")
    if not isinstance(result, Tensor):
        number = np.asarray(result, dtype=object)
        close = number.size == 1 and _close_number(number.item(), expected)
        hint = "the right number, but " if close else ""
        return CheckResult(
            WRONG,
            title,
            f"{hint}it returned {type(result).__name__}, not a Tensor: build the loss from the "
            "Tensor k (not k.data), so that backward() can reach k",
        )
    if result.size != 1:
        return CheckResult(
            WRONG,
            title,
            f"it returned a Tensor of shape {result.shape}: the loss is one number, the "
            ".mean() of the squared errors",
        )
    value = result.item()
    if not _close_number(value, expected):
        mistakes = [
            (expected * len(y), "that is the sum of the squared errors; the loss is their mean"),
            (float(np.mean(errors)), "square the errors before taking the mean"),
            (float(np.mean(np.abs(errors))), "square the errors, not their absolute value"),
            (float(np.mean((powers @ start) ** 2)), "subtract y: the error is prediction - y"),
            (float(np.sqrt(expected)), "no square root: the mean of the squared errors"),
        ]
        for wrong_value, hint in mistakes:
            if _close_number(value, wrong_value):
                return CheckResult(WRONG, title, f"loss {value:.6g}: {hint}")
        return CheckResult(WRONG, title, f"loss {value:.6g}, expected {expected:.6g}")
    result.backward()
    if not k.grad.any():
        return CheckResult(
            WRONG,
            title,
            "the loss is right, but k.grad stayed zero: use the Tensor k in the formula, not "
            "k.data (plain numbers, which backward() cannot reach)",
        )
    if not np.allclose(k.grad, expected_grad, rtol=1e-7, atol=1e-9):
        return CheckResult(
            WRONG, title, f"the loss is right but dL/dk is {k.grad}, not {expected_grad}"
        )
    return CheckResult(CORRECT, title, f"loss {value:.6g} and all six dL/dk right")


def _close_number(a: object, b: float) -> bool:
    try:
        return bool(abs(float(a) - b) <= 1e-9 * max(1.0, abs(b)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _combine(title: str, verdicts: list[CheckResult]) -> CheckResult:
    """Both parts right: right. Any part wrong: wrong, with every part's message."""
    statuses = {v.status for v in verdicts}
    if statuses == {CORRECT}:
        return CheckResult(CORRECT, title, "both right: dL/dA = G Bᵀ and dL/dB = Aᵀ G")
    status = WRONG if WRONG in statuses else UNANSWERED
    return CheckResult(status, title, "; ".join(v.message for v in verdicts))
