"""Notebook 1's checks: a slope from one nudge, and one slope per input."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    Row,
    close,
    combine,
    fmt,
    number_check,
    read_number,
    result,
)


def _central(f: Callable[..., float], point: Sequence[float], i: int, step: float = 1e-6) -> float:
    """d f / d(input i) by central differences on plain floats (f need not take Values)."""
    up, down = list(point), list(point)
    up[i] += step
    down[i] -= step
    return (float(f(*up)) - float(f(*down))) / (2 * step)


def _function_names(f: Callable[..., float]) -> tuple[str, str]:
    """The names a message should use for f and its input: `loss_for_k3` and `k3`, say.

    Taken from the learner's own def, so the message speaks of their function; a lambda
    or a callable without a plain first parameter falls back to `f` and `x`.
    """
    name = getattr(f, "__name__", "")
    if not isinstance(name, str) or not name.isidentifier():  # "<lambda>", or no name
        name = "f"
    code = getattr(f, "__code__", None)
    variable = code.co_varnames[0] if code is not None and code.co_argcount >= 1 else "x"
    return name, variable


def _evaluate(f: Callable[[float], float], x: float) -> float | None:
    """f(x) as a float, or None where f is not defined (sqrt below 0, 1/x at 0, ...)."""
    try:
        value = float(f(x))
    except Exception:
        return None
    return value if math.isfinite(value) else None


def check_slope(slope: object, f: Callable[[float], float], x: float, h: float) -> CheckResult:
    """The slope of f at x from a nudge h: (f(x + h) - f(x)) / h.

    Only f(x) and f(x + h) are needed to judge it, the two points a forward difference
    looks at: f may be undefined anywhere else (sqrt at x = 0, 1/x at x = h), and the
    central difference and the exact derivative are only offered where f is defined.
    """
    fname, var = _function_names(f)
    at, nudged = f"{fname}({var})", f"{fname}({var} + h)"
    title = f"slope of {fname} at {var} = {x:g} with h = {h:g}"
    try:
        base, up = float(f(x)), float(f(x + h))
    except Exception as error:  # the notebook's own function failed: say so, do not crash
        return result(WRONG, title, f"{at} could not be computed: {type(error).__name__}: {error}")
    expected = (up - base) / h
    value = read_number(slope, "slope")
    if isinstance(value, float) and not close(value, expected):
        # a better slope than the one asked for is right, but say which one it is
        exact = _exact_slope(f, x)
        if exact is not None and close(value, exact):
            return result(
                CORRECT,
                title,
                f"your slope is {fmt(value)}: the exact derivative itself, which the nudge "
                f"with h = {h:g} ({fmt(expected)}) approaches as h shrinks",
            )
        down = _evaluate(f, x - h)
        if down is not None and close(value, (up - down) / (2 * h), 1e-9):
            return result(
                CORRECT,
                title,
                f"your slope is {fmt(value)}: the central difference ({nudged} - "
                f"{fname}({var} - h)) / 2h, even a bit more exact",
            )
    return number_check(
        title,
        "your slope",
        slope,
        expected,
        f"({nudged} - {at}) / h",
        [
            (up - base, "did you forget to divide by h? The slope is rise / run"),
            (-expected, f"the sign is flipped: it is {nudged} - {at}, the new value minus the old"),
            (
                up - base / h,
                f"brackets: / goes before -, so {nudged} - {at} / h divides only {at}; "
                f"write ({nudged} - {at}) / h",
            ),
            ((up - base) / (2 * h), "divide by h (the run), not by 2h"),
            (up / h, f"subtract {at}: the slope needs the change of {fname}, not {fname} itself"),
            ((up - base) * h, "divide by h, don't multiply: the slope is rise / run"),
            (base, f"that is {at}, the height at {var}: the slope is how fast it changes"),
            (up, f"that is {nudged}, the height after the nudge: subtract {at} and divide by h"),
        ],
        name="slope",
    )


def _exact_slope(f: Callable[[float], float], x: float) -> float | None:
    """The derivative at x by a fine central difference, or None where f is undefined nearby."""
    try:
        slope = _central(f, [x], 0)
    except Exception:
        return None
    return slope if math.isfinite(slope) else None


def _as_list(slopes: object) -> list[object] | str:
    """The learner's slopes as a list, or why they are not a list of slopes."""
    if isinstance(slopes, (str, bytes, dict)) or not isinstance(slopes, Iterable):
        return f"give a list of numbers, one per input; got {type(slopes).__name__} {fmt(slopes)}"
    try:
        return list(slopes)
    except Exception as error:
        return f"could not read your slopes as a list: {type(error).__name__}: {error}"


def check_partials(
    slopes: Sequence[object], f: Callable[..., float], inputs: Sequence[float], h: float = 1e-3
) -> CheckResult:
    """One slope per input of f: nudge that input alone by h, keep the others fixed."""
    title = "one slope per input"
    if slopes is ...:
        return result(UNANSWERED, title, "not answered yet: replace the ...")
    given = _as_list(slopes)
    if isinstance(given, str):
        return result(WRONG, title, given)
    if len(given) != len(inputs):
        return result(
            WRONG, title, f"give one slope per input: {len(inputs)} numbers, got {len(given)}"
        )
    try:
        exact = [_central(f, list(inputs), i) for i in range(len(inputs))]
    except Exception as error:  # the notebook's own function failed: say so, do not crash
        return result(WRONG, title, f"f could not be computed: {type(error).__name__}: {error}")
    fname = _function_names(f)[0]
    code = getattr(f, "__code__", None)
    parameters = list(code.co_varnames[: code.co_argcount]) if code is not None else []
    if len(parameters) != len(inputs):
        parameters = [f"input {i + 1}" for i in range(len(inputs))]
    rows: list[Row] = []
    statuses, hints = [], []
    for i, answer in enumerate(given):
        name = f"slope for {parameters[i]}"  # slope_a in the notebook: "slope for a"
        if answer is ...:  # no expected number shown: a blank must not give the answer away
            statuses.append(UNANSWERED)
            rows.append((name, "...", "", "not answered yet"))
            continue
        value = read_number(answer, name)
        if isinstance(value, str):
            statuses.append(WRONG)
            rows.append((name, fmt(answer), fmt(exact[i]), f"{name} {value}"))
            hints.append(f"{name} {value}")  # in the headline too, not only in the table
            continue
        near = 10 * h * max(1.0, abs(exact[i]))  # a forward difference is off by about h
        if math.isfinite(exact[i]) and abs(value - exact[i]) <= near:
            statuses.append(CORRECT)
            rows.append((name, fmt(value), fmt(exact[i]), "✔"))
            continue
        note = f"nudge only this input, by h, and divide the change of {fname} by h"
        others = [j for j in range(len(exact)) if j != i and abs(value - exact[j]) <= near]
        own = parameters[i]
        if close(value, float(inputs[i])):
            note = (
                f"that is {own}'s own value; its slope is how far {fname} moves per nudge of "
                f"{own}: nudge {own} alone by h and divide the change of {fname} by h"
            )
            if others:
                note += (
                    f"; it is also the slope for {parameters[others[0]]}: "
                    "did you nudge the wrong one?"
                )
        elif others:
            note = f"this is the slope for {parameters[others[0]]}: did you nudge the wrong one?"
        elif abs(value + exact[i]) <= near:
            note = (
                f"the sign is flipped: {fname}(nudged) - {fname}(original), the new value "
                "minus the old"
            )
        statuses.append(WRONG)
        rows.append((name, fmt(value), fmt(exact[i]), note))
        hints.append(f"your {name} is {fmt(value)}; the nudge gives {fmt(exact[i])}: {note}")
    return combine(title, statuses, rows, hints[:1])
