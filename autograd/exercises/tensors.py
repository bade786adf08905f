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

from autograd.engine import Value
from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    call_learner,
    has_blank,
    raised,
)
from autograd.tensor import Tensor

_RTOL = 1e-9  # the same numbers up to rounding: another order of the sums may differ slightly


def _answer_array(given: object, name: str, title: str) -> np.ndarray | CheckResult:
    """The answer as a float array, or the verdict when it is blank or not numbers."""
    if given is ...:
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    if isinstance(given, Tensor):
        given = given.data  # a Tensor holding the right numbers is the right answer
    if given is None:  # np.asarray(None, dtype=float) is nan: say what it really is
        return CheckResult(
            WRONG,
            title,
            f"{name} is None, not an array of numbers (did a function forget to return its "
            "result?)",
        )
    if isinstance(given, list | tuple) and any(isinstance(v, Value) for v in given):
        return CheckResult(
            WRONG, title, f"{name} holds Values; give plain numbers (each Value's .data)"
        )
    try:
        array = np.asarray(given, dtype=float)
    except (TypeError, ValueError):
        return CheckResult(
            WRONG,
            title,
            f"{name} should be an array of numbers, got {type(given).__name__} {given!r}"[:200],
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
    """Numbers given for one gradient: right, a named mistake, or what differs."""
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
    grad_a: object, grad_b: object, a: object, b: object, g: object
) -> CheckResult:
    """dL/dA and dL/dB for C = A @ B, given G = dL/dC: the rule says G Bᵀ and Aᵀ G.

    Each gradient may be given as numbers (an array, nested lists, a Tensor) or as the rule
    itself, a function `rule(G, A, B)`. A rule is run on the problem's matrices and on a
    second problem of other shapes, so one that only fits the example is caught, and a
    product whose shapes do not line up (the forgotten transpose) is a diagnosis naming the
    shapes, not numpy's traceback. Any shapes get a verdict.
    """
    title = "the matrix product rule"
    matrices = _problem(a, b, g)
    if isinstance(matrices, str):
        return CheckResult(WRONG, title, matrices)
    a, b, g = matrices
    verdicts = [
        _rule_or_numbers(grad_a, "grad_A", title, "A", _grad_a, _mistakes_a, a, b, g),
        _rule_or_numbers(grad_b, "grad_B", title, "B", _grad_b, _mistakes_b, a, b, g),
    ]
    return _combine(title, verdicts)


def _problem(a: object, b: object, g: object) -> tuple[np.ndarray, np.ndarray, np.ndarray] | str:
    """The three matrices as float arrays, or what is wrong with them (one line)."""
    try:
        a, b, g = (np.asarray(m, dtype=float) for m in (a, b, g))
    except (TypeError, ValueError):
        return "the check needs three arrays of numbers: A, B and G = dL/dC"
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[0]:
        return (
            f"the check needs matrices A (n×k) and B (k×m) that can be multiplied; got A of "
            f"shape {a.shape} and B of shape {b.shape}"
        )
    if g.shape != (a.shape[0], b.shape[1]):
        return (
            f"G = dL/dC must have C's shape {(a.shape[0], b.shape[1])} (C = A @ B), got {g.shape}"
        )
    return a, b, g


def _grad_a(a: np.ndarray, b: np.ndarray, g: np.ndarray) -> np.ndarray:
    return g @ b.T


def _grad_b(a: np.ndarray, b: np.ndarray, g: np.ndarray) -> np.ndarray:
    return a.T @ g


def _mistakes_a(a: np.ndarray, b: np.ndarray, g: np.ndarray) -> list[tuple[object, str]]:
    return [
        (lambda: (g @ b.T).T, "transposed: it must have A's shape; G Bᵀ has it"),
        (lambda: -(g @ b.T), "the sign is flipped"),
        (lambda: b.T, "that is Bᵀ alone: multiply by the gradient from above, G Bᵀ"),
        (lambda: g.T @ b.T, "use G, not Gᵀ: dL/dA = G Bᵀ"),
        (lambda: g @ b, "B needs its transpose: G Bᵀ, not G B"),
    ]


def _mistakes_b(a: np.ndarray, b: np.ndarray, g: np.ndarray) -> list[tuple[object, str]]:
    return [
        (lambda: (a.T @ g).T, "transposed: it must have B's shape; Aᵀ G has it"),
        (lambda: -(a.T @ g), "the sign is flipped"),
        (lambda: a.T, "that is Aᵀ alone: multiply by the gradient from above, Aᵀ G"),
        (lambda: a.T @ g.T, "use G, not Gᵀ: dL/dB = Aᵀ G"),
        (lambda: a @ g, "A needs its transpose: Aᵀ G, not A G"),
    ]


# A second problem of other shapes, for rules: a rule must work for any A, B and G.
_OTHER_A = np.array([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0], [-1.0, 0.0]])
_OTHER_B = np.array([[1.0, 0.0, 2.0, -1.0, 0.5], [3.0, 1.0, -2.0, 0.0, 1.0]])
_OTHER_G = np.arange(20.0).reshape(4, 5) / 4 - 2


def _rule_or_numbers(
    given: object,
    name: str,
    title: str,
    of: str,
    right: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray],
    mistakes: Callable[[np.ndarray, np.ndarray, np.ndarray], list[tuple[object, str]]],
    a: np.ndarray,
    b: np.ndarray,
    g: np.ndarray,
) -> CheckResult:
    """One gradient: numbers checked against the rule, or a rule run on two problems."""
    wrong_forms = [
        (value, hint) for make, hint in mistakes(a, b, g) if (value := _safe(make)) is not None
    ]
    if not callable(given) or isinstance(given, Tensor | np.ndarray):
        return _one_gradient(given, name, title, right(a, b, g), of, wrong_forms)
    rule = given
    first = _run_rule(rule, name, title, a, b, g)
    if isinstance(first, CheckResult):
        return first
    verdict = _one_gradient(first, name, title, right(a, b, g), of, wrong_forms)
    if verdict.status != CORRECT:
        return verdict
    other = _run_rule(rule, name, title, _OTHER_A, _OTHER_B, _OTHER_G)
    if isinstance(other, CheckResult) or not _same_numbers(
        other, right(_OTHER_A, _OTHER_B, _OTHER_G)
    ):
        return CheckResult(
            WRONG,
            title,
            f"{name}: right for these matrices, but not for A {_OTHER_A.shape}, B "
            f"{_OTHER_B.shape}: the rule must work for any A, B and G, so use the arguments "
            "G, A and B, not the notebook's own arrays",
        )
    return verdict


def _run_rule(
    rule: Callable[..., object], name: str, title: str, a: np.ndarray, b: np.ndarray, g: np.ndarray
) -> object:
    """What `rule(G, A, B)` returns, or the verdict for its error."""
    if has_blank(rule):
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    answer, error = call_learner(rule, g.copy(), a.copy(), b.copy())
    if error is None:
        if isinstance(answer, Tensor):
            answer = answer.data
        return answer
    text = str(error)
    shape = a.shape if name.endswith("A") else b.shape
    if isinstance(error, ValueError) and "broadcast" in text:  # `*` or `+`, not `@`
        return CheckResult(
            WRONG,
            title,
            f"{name}: an elementwise operation in it (*, + or -) has shapes that do not match: "
            f"G is {g.shape}, A is {a.shape}, B is {b.shape}. The gradient through @ is itself "
            f"a matrix product (@), with the result in {name[-1]}'s shape {shape}",
        )
    if isinstance(error, ValueError) and ("matmul" in text or "shapes" in text or "align" in text):
        return CheckResult(
            WRONG,
            title,
            f"{name}: a matrix product in it has shapes that do not line up: G is {g.shape}, "
            f"A is {a.shape}, B is {b.shape}, and in X @ Y the columns of X must match the rows "
            f"of Y. The result must have {name[-1]}'s shape {shape}: "
            "which transpose (.T) makes the sizes fit?",
        )
    return raised(title, name, error, rule)


def _safe(make: object) -> np.ndarray | None:
    """A wrong form's numbers, or None when its shapes do not even multiply."""
    try:
        return np.asarray(make(), dtype=float)  # type: ignore[operator]
    except (ValueError, TypeError):
        return None


def _same_numbers(answer: object, expected: np.ndarray) -> bool:
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    return _same(array, expected)


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
    outside = _notebook_data_read(loss_fn)
    reads_outside = (
        f"your function reads {', '.join(f'`{n}`' for n in outside)} from the notebook instead "
        "of its arguments: use the argument y for the targets (and X, k), so it computes the loss "
        "of whatever data it is given (the check passes 20 points of its own)"
    )
    try:
        result = loss_fn(k, powers, y)
    except Exception as error:  # the learner's code: report, don't crash the check
        if "ellipsis" in str(error):
            return CheckResult(UNANSWERED, title, "not answered yet: a ... is still in it")
        if outside:
            return CheckResult(WRONG, title, reads_outside)
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
    if not _close_number(value, expected) and outside:
        return CheckResult(WRONG, title, reads_outside)
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


def _notebook_data_read(function: object) -> list[str]:
    """The notebook's data objects a function reads as globals (not modules, functions or
    classes): `data` in `data.y` where the argument `y` was meant."""
    import dis
    import types

    code = getattr(function, "__code__", None)
    namespace = getattr(function, "__globals__", {})
    if code is None:
        return []
    names = []
    for instruction in dis.get_instructions(code):
        if instruction.opname not in ("LOAD_GLOBAL", "LOAD_NAME"):
            continue
        name = str(instruction.argval)
        value = namespace.get(name)
        if name in namespace and not (
            callable(value) or isinstance(value, types.ModuleType) or name in names
        ):
            names.append(name)
    return names


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


def check_gradient_shape(
    answer: object,
    name: str,
    shape: tuple[int, ...],
    output: tuple[str, tuple[int, ...]],
    others: dict[str, tuple[int, ...]] | None = None,
) -> CheckResult:
    """A prediction: the shape of dL/d`name`, for a parameter of shape `shape`.

    `output` is the name and shape of what the parameter helps compute (Z = x @ W), the
    commonest wrong answer; `others` names other arrays of the problem (x), in case the
    prediction is one of their shapes. Accepts a tuple, a list, numpy's shape or integers.
    """
    title = f"the shape of dL/d{name}"
    if answer is ...:
        return CheckResult(
            UNANSWERED, title, f"not answered yet: replace the ... of grad_{name}_shape"
        )
    predicted = _read_shape(answer)
    if predicted is None:
        return CheckResult(
            WRONG,
            title,
            f"write the shape as a tuple of whole numbers, e.g. (3, 4); got "
            f"{type(answer).__name__} {answer!r}"[:200],
        )
    shape = tuple(int(n) for n in shape)
    if predicted == shape:
        return CheckResult(
            CORRECT,
            title,
            f"{predicted} is right: one number per element of {name}, so dL/d{name} has "
            f"{name}'s shape",
        )
    output_name, output_shape = output[0], tuple(int(n) for n in output[1])
    if predicted == shape[::-1] and len(shape) == 2:
        hint = (
            f"transposed: {name} is {shape}, and its gradient holds one number per element "
            f"of {name}, in the same places"
        )
    elif predicted == output_shape:
        hint = (
            f"that is the shape of the output {output_name} (and of dL/d{output_name}); "
            f"dL/d{name} has one number per element of {name}: how much L changes when that "
            f"weight moves"
        )
    elif predicted in ((), (1,)):
        hint = f"L is one number, but it has one slope for each of {name}'s elements"
    else:
        named = [n for n, s in (others or {}).items() if tuple(int(k) for k in s) == predicted]
        hint = (
            f"that is {named[0]}'s shape; " if named else ""
        ) + f"dL/d{name} has one number per element of {name}"
    return CheckResult(WRONG, title, f"{predicted} is not it: {hint}")


def _read_shape(answer: object) -> tuple[int, ...] | None:
    """`answer` as a shape, or None: (2, 8), [2, 8], (2.0, 8.0), numpy integers or a 1-d
    array of them, one whole number for a 1-d shape; never text."""
    import math
    import numbers

    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = answer.tolist()
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        answer = (answer,)
    if not isinstance(answer, tuple | list):
        return None
    shape = []
    for n in answer:
        if isinstance(n, bool) or not isinstance(n, numbers.Real):
            return None
        value = float(n)
        if not math.isfinite(value) or value < 0 or value != int(value):
            return None
        shape.append(int(value))
    return tuple(shape)
