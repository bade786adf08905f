"""Forward mode: dual numbers, which carry a derivative *forward* alongside each value.

Backpropagation (reverse mode) runs the graph forwards once, then backwards once, and
gets the derivative of the output with respect to *every* input. Forward mode does it the
other way round: it picks *one* input, gives it the derivative 1 (every other input 0),
and pushes that derivative forwards through every operation together with the value.
One pass gives the derivative of every output with respect to that *one* input, so a
function of n inputs needs n passes for its full gradient.

A `Dual` is a pair (value, derivative). Each operation below computes its forward value
and, beside it, its derivative by the same local rules as the engine's `Value`, applied
forwards (chain rule: derivative of the result = local derivative x derivative of the
input):

    (a, a') + (b, b') = (a + b,  a' + b')
    (a, a') * (b, b') = (a * b,  a' * b + a * b')
    exp((a, a'))      = (e**a,   e**a * a')

`gradient_by_forward_mode(f, inputs)` runs one pass per input and counts the passes.
This module imports nothing but the standard library.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Number = int | float


def _real(x: object, what: str) -> float:
    """A plain int or float as a float; a clear TypeError for anything else (bools included)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"{what} must be a real number (int or float), got {type(x).__name__} {x!r}. "
            "A Dual combines only with other Duals, ints and floats."
        )
    return float(x)


class Dual:
    """A number `value` carrying `derivative`: d(value)/d(the one input we differentiate by)."""

    __slots__ = ("value", "derivative")

    def __init__(self, value: Number, derivative: Number = 0.0) -> None:
        self.value = _real(value, "Dual's value")
        self.derivative = _real(derivative, "Dual's derivative")

    def __repr__(self) -> str:
        return f"Dual(value={self.value!r}, derivative={self.derivative!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dual):
            return NotImplemented
        return (self.value, self.derivative) == (other.value, other.derivative)

    __hash__ = None  # type: ignore[assignment]  # mutable-looking pair: not a dict key

    # ----------------------------------------------------------- binary operations
    # Each: the forward value, then its derivative by the local rule (chain rule forwards).
    def __add__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "+")
        value = self.value + other.value
        derivative = self.derivative + other.derivative  # sum rule: both local derivatives 1
        return Dual(value, derivative)

    def __sub__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "-")
        value = self.value - other.value
        derivative = self.derivative - other.derivative  # local derivatives 1 and -1
        return Dual(value, derivative)

    def __mul__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "*")
        value = self.value * other.value
        # product rule: each input's derivative times the *other* input
        derivative = self.derivative * other.value + self.value * other.derivative
        return Dual(value, derivative)

    def __truediv__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "/")
        if other.value == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        value = self.value / other.value
        # local derivatives 1/b and -a/b**2
        derivative = (self.derivative - value * other.derivative) / other.value
        return Dual(value, derivative)

    def __pow__(self, n: Number) -> Dual:
        """Power rule for a number exponent: d(a**n) = n * a**(n-1) * da."""
        if isinstance(n, Dual):
            raise TypeError(
                "a Dual exponent is not supported: write a**b as exp(b * log(a)) instead"
            )
        n = _real(n, "the exponent")
        if self.value == 0.0 and n < 1 and n != 0:
            raise ValueError(f"{self!r} ** {n:g}: the derivative at 0 is infinite")
        value = self.value**n
        derivative = n * self.value ** (n - 1) * self.derivative if n else 0.0
        return Dual(value, derivative)

    # numbers on the left: 2 + d, 2 - d, 2 * d, 2 / d
    def __radd__(self, other: Number) -> Dual:
        return _dual(other, "+") + self

    def __rsub__(self, other: Number) -> Dual:
        return _dual(other, "-") - self

    def __rmul__(self, other: Number) -> Dual:
        return _dual(other, "*") * self

    def __rtruediv__(self, other: Number) -> Dual:
        return _dual(other, "/") / self

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.derivative)

    # ----------------------------------------------------------- unary functions
    def exp(self) -> Dual:
        """e**a is its own derivative."""
        value = math.exp(self.value)
        return Dual(value, value * self.derivative)

    def log(self) -> Dual:
        """d(ln a) = da / a, for a > 0."""
        if self.value <= 0:
            raise ValueError(f"log of {self!r}: the logarithm needs a number > 0")
        return Dual(math.log(self.value), self.derivative / self.value)

    def tanh(self) -> Dual:
        """d(tanh a) = (1 - tanh(a)**2) da."""
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.derivative)

    def relu(self) -> Dual:
        """relu's local derivative: 1 for a > 0, else 0 (the engine's choice at the kink 0)."""
        positive = self.value > 0
        return Dual(self.value if positive else 0.0, self.derivative if positive else 0.0)


def _dual(x: object, op: str) -> Dual:
    """A Dual as it is; a plain number as a constant (derivative 0)."""
    if isinstance(x, Dual):
        return x
    return Dual(_real(x, f"the other side of {op!r}"), 0.0)


@dataclass(frozen=True)
class ForwardModeGradient:
    """The full gradient from forward mode, and how many passes it took (one per input)."""

    value: float
    gradient: list[float]
    passes: int


def gradient_by_forward_mode(
    f: Callable[..., Dual], inputs: Sequence[Number]
) -> ForwardModeGradient:
    """Every partial derivative of f at `inputs`: one forward pass per input.

    Pass i seeds input i with derivative 1 and all others with 0, so the output's
    derivative is df/d(input i). `f` takes the inputs as separate arguments and must use
    only operations a Dual supports (+, -, *, /, ** number, exp, log, tanh, relu).
    """
    if isinstance(inputs, (str, bytes)) or not isinstance(inputs, Sequence):
        raise TypeError(f"inputs must be a list of numbers, got {type(inputs).__name__}")
    point = [_real(x, f"input {i}") for i, x in enumerate(inputs)]
    if not point:
        raise ValueError("inputs is empty: give at least one number to differentiate by")
    gradient: list[float] = []
    value = math.nan
    for i in range(len(point)):
        seeded = [Dual(x, 1.0 if j == i else 0.0) for j, x in enumerate(point)]
        out = f(*seeded)
        if not isinstance(out, Dual):
            raise TypeError(
                f"f returned {type(out).__name__} {out!r}, not a Dual: it must compute its "
                "result from its arguments"
            )
        value = out.value
        gradient.append(out.derivative)
    return ForwardModeGradient(value, gradient, passes=len(point))
