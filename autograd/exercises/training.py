"""Notebooks 6, 7 and 9: one knob's gradient, and your training step.

`check_knob_gradient`: dL/dk_j for one point, predicted before backward() shows it; the
slips learners make (no 2 from the square, x to the wrong power, the sign) are named.

`check_training_step`: two steps are run on your model and on a reference copy. Where they
part, the message names the slip: uphill (+= instead of -=), the sum of the squared errors
instead of their mean, zero_grad() after backward() (the grads are wiped before the update),
zero_grad() forgotten (step 2 adds step 1's grads), parameters never updated, removed,
or filled with junk, or moved by the whole gradient (no learning rate).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from autograd.engine import Value
from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    call_learner,
    close,
    fmt,
    has_blank,
    number_check,
    raised,
    read_number,
    result,
)
from autograd.nn import MLP, two_moons


def _mse(model: Any, points: Sequence, labels: Sequence[float]) -> Value:
    """Mean squared error, written the generic way: any model, any kind of point."""
    return sum((model(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)


def _small_mlp() -> MLP:
    """The network check_training_step trains when no make_model is given."""
    return MLP(2, [3, 1], seed=5)


def _all_close(xs: Sequence[float], ys: Sequence[float]) -> bool:
    return len(xs) == len(ys) and all(close(a, b, 1e-9) for a, b in zip(xs, ys))


def _label(p: object, index: int) -> str:
    label = getattr(p, "label", "")
    return label if isinstance(label, str) and label else f"parameter {index + 1}"


class _ZeroGradSpy:
    """Wraps the model's zero_grad to notice a call that wipes grads backward() just made."""

    def __init__(self, model: object) -> None:
        self.model = model
        self.wiped = False
        self.at_start: list[object] = []
        self.original = getattr(model, "zero_grad", None)
        try:
            model.zero_grad = self  # type: ignore[attr-defined]
        except (AttributeError, TypeError):  # a model that refuses new attributes: no spying
            self.original = None

    def start_step(self) -> None:
        self.wiped = False
        self.at_start = [p.grad for p in self.model.parameters()]  # type: ignore[attr-defined]

    def __call__(self, *args: object, **kwargs: object) -> object:
        grads = [p.grad for p in self.model.parameters()]  # type: ignore[attr-defined]
        if grads != self.at_start and any(g != 0 for g in grads):
            self.wiped = True  # grads changed in this step (a backward ran), then were wiped
        return self.original(*args, **kwargs) if self.original else None


def check_training_step(
    training_step: Callable[..., object],
    make_model: Callable[[], object] | None = None,
    points: Sequence | None = None,
    labels: Sequence[float] | None = None,
) -> CheckResult:
    """Your `training_step(model, points, labels, learning_rate)` against the four steps.

    The reference: mean squared error, zero_grad(), backward(), then every parameter
    moves against its gradient: p.data -= learning_rate * p.grad. Two steps are run,
    so a step that forgets zero_grad() shows up in the second one.

    `make_model` builds the model to train (called twice: yours and the reference's, so
    it must build the same model each time), and `points`, `labels` are what it trains
    on. Without them: a small MLP(2, [3, 1]) on 8 two-moons points, as in notebook 9;
    notebook 6 passes `make_model=Polynomial` and a few of its (x, y) points.
    """
    title = "your training step"
    if (points is None) != (labels is None):
        raise ValueError("give points and labels together (or neither, for the two moons)")
    if points is None or labels is None:
        points, labels = two_moons(8, seed=3)
    if len(points) != len(labels) or len(points) == 0:
        raise ValueError(
            f"need as many labels as points, at least one (got {len(points)} and {len(labels)})"
        )
    make_model = _small_mlp if make_model is None else make_model
    # a model is callable too (model(x)), so tell a model from something that builds one
    is_a_model = hasattr(make_model, "parameters") and not isinstance(make_model, type)
    if not callable(make_model) or is_a_model:
        kind = type(make_model).__name__
        raise TypeError(
            f"make_model must build a fresh model when called: pass the class itself, e.g. "
            f"make_model=Polynomial (not Polynomial()), or a function; got {kind} {make_model!r}"
        )
    if training_step is ...:
        return result(UNANSWERED, title, "not answered yet: replace the ... of training_step")
    if not callable(training_step):
        return result(WRONG, title, f"pass the function itself; got {fmt(training_step)}")
    rate = 0.1
    mine, reference = make_model(), make_model()
    if [p.data for p in mine.parameters()] != [p.data for p in reference.parameters()]:  # type: ignore[attr-defined]
        raise ValueError("make_model built two different models: seed it, so both start equal")
    spy = _ZeroGradSpy(mine)
    # where a blank is left ("" when none): named, so the learner knows which cell to fill in
    blank = ""
    if has_blank(training_step):
        blank = getattr(training_step, "__name__", "") or "your training step"
    for step in (1, 2):
        before = [p.data for p in mine.parameters()]  # type: ignore[attr-defined]
        spy.start_step()
        _, error = call_learner(training_step, mine, points, labels, rate)
        if error is not None:
            return raised(title, f"step {step}", error, training_step)
        verdict = _judge_step(step, mine, reference, before, points, labels, rate, spy, blank)
        if verdict is not None:
            return verdict
    return result(CORRECT, title, "two steps match forward, zero_grad, backward, update")


def _judge_step(
    step: int,
    mine: object,
    reference: object,
    before: list[float],
    points: Sequence,
    labels: Sequence[float],
    rate: float,
    spy: _ZeroGradSpy,
    blank: str,
) -> CheckResult | None:
    """None when step `step` matches the reference (which then takes its own step)."""
    title = "your training step"
    _, error = call_learner(mine.parameters)  # type: ignore[attr-defined]
    if error is not None:
        return result(WRONG, title, f"after step {step} the model is broken: {error}")
    params = mine.parameters()  # type: ignore[attr-defined]
    if len(params) != len(before):
        return result(
            WRONG,
            title,
            f"after step {step} the model has {len(params)} parameters, it had {len(before)}: "
            "a step changes the parameters' .data, it never removes or adds parameters",
        )
    got: list[float] = []
    for index, p in enumerate(params):
        value = read_number(getattr(p, "data", None), f"{_label(p, index)}.data")
        if isinstance(value, str):
            return result(WRONG, title, f"after step {step}, {_label(p, index)}.data {value}")
        got.append(value)
    loss = _mse(reference, points, labels)
    stale_grads = [p.grad for p in reference.parameters()]  # type: ignore[attr-defined]
    reference.zero_grad()  # type: ignore[attr-defined]
    loss.backward()
    grads = [p.grad for p in reference.parameters()]  # type: ignore[attr-defined]
    expected = [p - rate * g for p, g in zip(before, grads)]
    for p, g in zip(reference.parameters(), grads):  # type: ignore[attr-defined]
        p.data -= rate * g
    if _all_close(got, expected):
        return None
    if blank:
        return result(UNANSWERED, title, f"not answered yet: a ... is still in {blank}")
    if got == before:
        if spy.wiped:
            return result(
                WRONG,
                title,
                "no parameter moved: zero_grad() after backward() wiped the grads before the "
                "update; call model.zero_grad() before loss.backward()",
            )
        if any(getattr(p, "grad", 0) != 0 for p in params):
            return result(
                WRONG,
                title,
                "the grads are filled in but no parameter moved: end with "
                "p.data -= learning_rate * p.grad for every p in model.parameters()",
            )
        return result(
            WRONG,
            title,
            "your step changed nothing (no grad, no parameter): it needs the loss, "
            "zero_grad() before loss.backward(), then p.data -= learning_rate * p.grad",
        )
    if _all_close(got, [p + rate * g for p, g in zip(before, grads)]):
        return result(
            WRONG, title, "the parameters moved uphill: use -= (against the gradient), not +="
        )
    n = len(points)
    if n > 1 and _all_close(got, [p - rate * n * g for p, g in zip(before, grads)]):
        return result(
            WRONG,
            title,
            f"the step is {n} times too big: you summed the squared errors; divide the sum by "
            "len(points) for the mean squared error",
        )
    if _all_close(got, [p - g for p, g in zip(before, grads)]):
        return result(
            WRONG,
            title,
            "each parameter moved by its whole gradient: multiply by the learning rate, "
            "p.data -= learning_rate * p.grad (a step of the full gradient is far too big "
            "for most problems)",
        )
    accumulated = [p - rate * (g + s) for p, g, s in zip(before, grads, stale_grads)]
    if step == 2 and _all_close(got, accumulated):
        return result(
            WRONG,
            title,
            "step 2 used the grads of step 1 as well: call model.zero_grad() before "
            "loss.backward()",
        )
    untouched = [
        _label(p, i)
        for i, (p, old, new) in enumerate(zip(params, before, expected))
        if got[i] == old and not close(old, new, 1e-12)
    ]
    if untouched:
        return result(
            WRONG,
            title,
            f"{', '.join(untouched[:3])} did not move: update every parameter, "
            "for p in model.parameters()",
        )
    return result(
        WRONG,
        title,
        f"after step {step} the parameters differ from mean squared error -> zero_grad -> "
        "backward -> p.data -= learning_rate * p.grad",
    )


def check_knob_gradient(
    predicted: object, x: float, y: float, power: int, name: str = "your prediction"
) -> CheckResult:
    """dL/dk_power for the single point (x, y), all knobs at 0, L = error**2: worked out by
    hand before backward() shows it. `name` is the learner's variable (e.g. "k2_grad")."""
    from autograd.polyfit import Polynomial, mse_loss  # polyfit needs numpy today: load late

    model = Polynomial()
    loss = mse_loss(model, [x], [y])
    model.zero_grad()
    loss.backward()
    expected = model.coefficients[power].grad
    error = 0.0 - y  # every knob at 0: the curve says 0 at x
    mistakes = [
        (error * x**power, "the 2 is missing: the power rule gives d(error²)/d(error) = 2·error"),
        (-expected, f"the sign is flipped: the error is prediction - y = {error:g}"),
        (
            2 * error * x ** (power - 1),
            f"x to the power {power}: the local derivative dy/dk{power} is x^{power}",
        ),
        (
            2 * error * power * x ** (power - 1),
            f"that differentiates x^{power} by x; we need dy/dk{power} = x^{power}",
        ),
        (2 * error, f"the chain rule's second factor is missing: times dy/dk{power} = x^{power}"),
        (error**2, "that is the loss itself, not its slope"),
    ]
    if power != 2:  # for k2, x^(power-1) is x: the slip above already names it
        mistakes.insert(
            3, (2 * error * x, f"x is not raised to the power: dy/dk{power} = x^{power}")
        )
    # Two slips can land on the same number (for k2: 2·error·2x = 2·error): name both.
    merged: list[tuple[float, str]] = []
    for value, hint in mistakes:
        if math.isclose(value, expected, rel_tol=1e-9):
            continue
        same = [i for i, (m, _) in enumerate(merged) if math.isclose(m, value, rel_tol=1e-9)]
        if same:
            merged[same[0]] = (value, f"either {merged[same[0]][1]}, or {hint}")
        else:
            merged.append((value, hint))
    return number_check(
        f"dL/dk{power} for the point x = {x:g}, y = {y:g}",
        name,
        predicted,
        expected,
        f"k{power}.grad from backward()",
        merged,
        tolerance=2e-3,  # typed in by hand, perhaps rounded; every slip above is further off
        name=name,
    )
