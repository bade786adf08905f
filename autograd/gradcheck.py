"""Gradient checking: compare backprop's gradients with central differences.

The numerical gradient nudges one input up and down by h and measures the slope,
(f(x + h) - f(x - h)) / 2h: slow (two forward passes per input) but independent
of the chain rule, so it is the referee for the engine, for the tests and for the
learner's hand-worked gradients.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

from autograd.engine import Value
from autograd.validate import as_float

DEFAULT_STEP = 1e-6  # small enough for a good slope, large enough to survive float rounding


def numerical_grad(
    f: Callable[..., Value | float], values: Sequence[Value | float], h: float = DEFAULT_STEP
) -> list[float]:
    """Central differences: df/dv ~ (f(v + h) - f(v - h)) / 2h, one input at a time.

    `f` takes one argument per entry of `values` (Values are built afresh for every
    call, so the caller's graph is left untouched) and returns a Value or a float.
    """
    h = _check_step(h)
    xs = _input_numbers(values)
    for x in xs:  # x + h must be a different float from x, or the slope is 0/2h = 0
        if x + h == x or x - h == x:
            raise ValueError(
                f"the step h={h!r} is too small for the input {x!r}: x + h rounds back to x in "
                "floating point, so every slope would come out 0. Use h around 1e-6 "
                f"(scaled up for large inputs, e.g. {max(1e-6, abs(x) * 1e-8):.0e})."
            )

    def f_at(point: list[float]) -> float:
        out = f(*(Value(x) for x in point))
        return out.data if isinstance(out, Value) else float(out)

    def change(i: int, step: float) -> float:
        up, down = list(xs), list(xs)
        up[i], down[i] = xs[i] + step, xs[i] - step
        return f_at(up) - f_at(down)

    grads = []
    for i in range(len(xs)):
        rise = change(i, h)
        # no change at all with a tiny h: flat for real, or lost in rounding? A usual h tells.
        if rise == 0.0 and h < DEFAULT_STEP and change(i, DEFAULT_STEP) != 0.0:
            raise ValueError(
                f"the step h={h!r} is too small for these values: f did not change at all "
                f"between input {i} +- h (the change is below float precision), yet it does "
                f"with h={DEFAULT_STEP}. Use h around {DEFAULT_STEP}."
            )
        grads.append(rise / (2 * h))
    return grads


class GradCheck:
    """The result of `check_gradients`: both gradients and the worst relative error."""

    def __init__(
        self,
        analytic: list[float],
        numerical: list[float],
        tolerance: float,
        names: Sequence[str] | None = None,
    ) -> None:
        self.names = list(names) if names is not None else [str(i) for i in range(len(analytic))]
        self.analytic = analytic
        self.numerical = numerical
        self.tolerance = tolerance
        # relative error with a floor of 1 in the denominator, so grads near 0 compare absolutely;
        # a nan or inf gradient (either side) is an infinite error: nan compares False with
        # everything, so without this it would slip past max() and the tolerance unseen
        self.errors = [
            abs(a - n) / max(1.0, abs(a), abs(n))
            if math.isfinite(a) and math.isfinite(n)
            else math.inf
            for a, n in zip(analytic, numerical)
        ]
        self.worst_error = max(self.errors, default=0.0)
        self.worst_index = self.errors.index(self.worst_error) if self.errors else -1
        self.ok = self.worst_error <= tolerance
        self.kinks: list[str] = []  # filled in by check_gradients: relu inputs within h of 0

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        verdict = "OK" if self.ok else "MISMATCH"
        return (
            f"GradCheck({verdict}: worst relative error {self.worst_error:.2e} at input "
            f"{self.names[self.worst_index] if self.errors else '-'}, "
            f"tolerance {self.tolerance:.0e}){self.hint}"
        )

    @property
    def hint(self) -> str:
        """Why a mismatch may not be a bug: a kink (relu at 0) right where we measured."""
        if self.ok or not self.kinks:
            return ""
        return (
            f"; note: {', '.join(self.kinks)} is at a kink, where relu has no derivative: "
            "backprop uses 0 there while central differences average the two sides (0.5). "
            "Check at a point away from 0."
        )


def check_gradients(
    f: Callable[..., Value],
    values: Sequence[Value | float],
    grads: Sequence[float] | None = None,
    h: float = DEFAULT_STEP,
    tolerance: float = 1e-5,
) -> GradCheck:
    """Compare gradients against central differences and report the worst relative error.

    Without `grads`, the analytic gradients come from `f(...).backward()` on fresh Values;
    pass `grads` to check gradients you worked out some other way (by hand, say).
    """
    values = _as_list(values)
    h = _check_step(h)
    tolerance = _check_tolerance(tolerance)
    # name each input by its label where it has one ('a'), else by its position ('2')
    names = [v.label if isinstance(v, Value) and v.label else str(i) for i, v in enumerate(values)]
    kinks: list[str] = []
    if grads is None:
        inputs = [Value(v.data if isinstance(v, Value) else v) for v in values]
        out = f(*inputs)
        if not isinstance(out, Value):
            raise TypeError(
                f"f returned {type(out).__name__} {out!r}, not a Value, so there is no graph to "
                "backprop through: build the result from the Values f is given (no .data), or "
                "pass grads=[...] to check gradients worked out by hand."
            )
        out.backward()
        grads = [v.grad for v in inputs]
        kinks = _kinks_near(out, h)
    if len(grads) != len(values):
        raise ValueError(f"got {len(grads)} gradients for {len(values)} inputs")
    check = GradCheck([float(g) for g in grads], numerical_grad(f, values, h), tolerance, names)
    check.kinks = kinks
    return check


def _as_list(values: object) -> list:
    """The inputs as a list; an iterator (a generator, say) would be used up by the first pass."""
    if isinstance(values, Iterator | str | bytes) or not hasattr(values, "__len__"):
        raise TypeError(
            f"values must be a list (or tuple) of numbers or Values, got "
            f"{type(values).__name__} {values!r}: it is read more than once, which a generator "
            "cannot do. Wrap it: list(...)."
        )
    return list(values)  # type: ignore[call-overload]


def _input_numbers(values: object) -> list[float]:
    """Each input as a finite float (a Value gives its .data)."""
    numbers_: list[float] = []
    for i, v in enumerate(_as_list(values)):
        x = as_float(v.data if isinstance(v, Value) else v)
        if x is None or not math.isfinite(x):
            raise TypeError(
                f"input {i} is {v!r}: gradients are checked at finite real numbers "
                "(ints, floats or Values)."
            )
        numbers_.append(x)
    return numbers_


def _check_step(h: object) -> float:
    step = as_float(h)
    if step is None:
        raise TypeError(f"the step h must be a small positive number, got {h!r}; e.g. h=1e-6")
    if not (0 < step < math.inf):
        raise ValueError(f"the step h must be a small positive number, got {h!r}; e.g. h=1e-6")
    return step


def _check_tolerance(tolerance: object) -> float:
    number = as_float(tolerance)
    if number is None:
        raise TypeError(f"tolerance must be a number such as 1e-5, got {tolerance!r}")
    if not (0 <= number < math.inf):
        raise ValueError(f"tolerance must be a finite number >= 0 such as 1e-5, got {tolerance!r}")
    return number


def _kinks_near(out: Value, h: float) -> list[str]:
    """The relu nodes whose input lies within h of 0, where the slope jumps from 0 to 1."""
    return [
        f"relu of {node.inputs[0].data!r}"
        for node in out.topological_order()
        if node.op == "relu" and abs(node.inputs[0].data) <= h
    ]
