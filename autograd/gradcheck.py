"""Gradient checking: compare backprop's gradients with central differences.

The numerical gradient nudges one input up and down by h and measures the slope,
(f(x + h) - f(x - h)) / 2h: slow (two forward passes per input) but independent
of the chain rule, so it is the referee for the engine, for the tests and for the
learner's hand-worked gradients.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.engine import Value


def numerical_grad(
    f: Callable[..., Value | float], values: Sequence[Value | float], h: float = 1e-6
) -> list[float]:
    """Central differences: df/dv ~ (f(v + h) - f(v - h)) / 2h, one input at a time.

    `f` takes one argument per entry of `values` (Values are built afresh for every
    call, so the caller's graph is left untouched) and returns a Value or a float.
    """
    if not h > 0:
        raise ValueError(f"the step h must be a small positive number, got {h!r}")
    xs = [v.data if isinstance(v, Value) else float(v) for v in values]

    def f_at(point: list[float]) -> float:
        out = f(*(Value(x) for x in point))
        return out.data if isinstance(out, Value) else float(out)

    grads = []
    for i, x in enumerate(xs):
        up, down = list(xs), list(xs)
        up[i], down[i] = x + h, x - h
        grads.append((f_at(up) - f_at(down)) / (2 * h))
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

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        verdict = "OK" if self.ok else "MISMATCH"
        return (
            f"GradCheck({verdict}: worst relative error {self.worst_error:.2e} at input "
            f"{self.names[self.worst_index] if self.errors else '-'}, "
            f"tolerance {self.tolerance:.0e})"
        )


def check_gradients(
    f: Callable[..., Value],
    values: Sequence[Value | float],
    grads: Sequence[float] | None = None,
    h: float = 1e-6,
    tolerance: float = 1e-5,
) -> GradCheck:
    """Compare gradients against central differences and report the worst relative error.

    Without `grads`, the analytic gradients come from `f(...).backward()` on fresh Values;
    pass `grads` to check gradients you worked out some other way (by hand, say).
    """
    # name each input by its label where it has one ('a'), else by its position ('2')
    names = [v.label if isinstance(v, Value) and v.label else str(i) for i, v in enumerate(values)]
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
    if len(grads) != len(values):
        raise ValueError(f"got {len(grads)} gradients for {len(values)} inputs")
    return GradCheck([float(g) for g in grads], numerical_grad(f, values, h), tolerance, names)
