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
Its checks are the engine's: nan, inf and overflow are refused at the operation that meets
them, with a message that names the numbers. It imports only the standard library and
`autograd.validate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from autograd.messages import refuse_power
from autograd.validate import ordered_items, plain_real_number

Number = int | float


def _real(x: object, what: str) -> float:
    """A real number (numpy's too) as a finite float; a clear error for anything else.

    The same refusals as `Value()`: a TypeError for what is not a real number (bools
    included), a ValueError for nan and inf and for an int too large for a float.
    """
    too_large = "a number too large for a float (above about 1.8e308)"
    try:
        number = plain_real_number(x)
        if number is None:
            raise TypeError(
                f"{what} must be a real number (int or float), got {type(x).__name__} {x!r}. "
                "A Dual combines only with other Duals, ints and floats."
            )
        value = float(number)
        shown = repr(value)
    except OverflowError:  # an int (or a Fraction) beyond 1.8e308
        value, shown = math.inf, too_large
    if not math.isfinite(value):
        todo = "check where the nan came from" if math.isnan(value) else "scale it down"
        raise ValueError(
            f"{what} must be a finite number, got {shown}. Forward mode carries finite "
            f"numbers only: {todo}."
        )
    return value


def _result(value: float, derivative: float, op: str, inputs: tuple[Dual, ...]) -> Dual:
    """The Dual an operation returns; refuses a value or derivative that overflowed.

    As in the engine: inf or nan out of finite inputs means the numbers grew too large for
    a float, and that is said at the operation that did it, never carried on in silence.
    """
    if value - value != 0.0 or derivative - derivative != 0.0:  # inf or nan
        which = "value" if value - value != 0.0 else "derivative"
        names = ", ".join(repr(d) for d in inputs)
        raise OverflowError(
            f"{op!r} of ({names}) gave the {which} {value if which == 'value' else derivative!r}"
            ": the numbers grew too large for a float. Use smaller inputs."
        )
    out = Dual.__new__(Dual)
    out.value, out.derivative = value, derivative
    return out


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
        other = _dual(other, "+", self)
        value = self.value + other.value
        derivative = self.derivative + other.derivative  # sum rule: both local derivatives 1
        return _result(value, derivative, "+", (self, other))

    def __sub__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "-", self)
        value = self.value - other.value
        derivative = self.derivative - other.derivative  # local derivatives 1 and -1
        return _result(value, derivative, "-", (self, other))

    def __mul__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "*", self)
        value = self.value * other.value
        # product rule: each input's derivative times the *other* input
        derivative = self.derivative * other.value + self.value * other.derivative
        return _result(value, derivative, "*", (self, other))

    def __truediv__(self, other: Dual | Number) -> Dual:
        other = _dual(other, "/", self)
        if other.value == 0.0:
            raise ZeroDivisionError(f"division by zero: {self!r} / {other!r}")
        value = self.value / other.value
        # local derivatives 1/b and -a/b**2
        derivative = (self.derivative - value * other.derivative) / other.value
        return _result(value, derivative, "/", (self, other))

    def __pow__(self, n: Number) -> Dual:
        """Power rule for a number exponent: d(a**n) = n * a**(n-1) * da."""
        if isinstance(n, Dual):
            raise TypeError(
                "a Dual exponent is not supported: write a**b as exp(b * log(a)) instead"
            )
        n = _real(n, "the exponent")
        a = self.value
        refuse_power(repr(self), a, n)  # the engine's own messages for a**n
        try:
            value = a**n
            derivative = n * a ** (n - 1) * self.derivative if n else 0.0
        except OverflowError:
            raise OverflowError(f"{self!r} ** {n:g} is too large for a float.") from None
        return _result(value, derivative, f"**{n:g}", (self,))

    # numbers on the left: 2 + d, 2 - d, 2 * d, 2 / d, 2 ** d
    def __radd__(self, other: Number) -> Dual:
        return _dual(other, "+", self) + self

    def __rsub__(self, other: Number) -> Dual:
        return _dual(other, "-", self) - self

    def __rmul__(self, other: Number) -> Dual:
        return _dual(other, "*", self) * self

    def __rtruediv__(self, other: Number) -> Dual:
        return _dual(other, "/", self) / self

    def __rpow__(self, other: Number) -> Dual:
        """c ** d = exp(d * ln c) for a number c > 0: d(c**d) = c**d * ln(c) * dd."""
        base = _dual(other, "**", self).value
        if base <= 0:
            raise ValueError(
                f"{base!r} ** {self!r}: with a Dual exponent the base must be positive, "
                "because the derivative for the exponent is c**d * ln(c)."
            )
        try:
            value = base**self.value
        except OverflowError:
            raise OverflowError(f"{base!r} ** {self!r} is too large for a float.") from None
        return _result(value, value * math.log(base) * self.derivative, "**", (self,))

    def __neg__(self) -> Dual:
        return _result(-self.value, -self.derivative, "neg", (self,))

    # ----------------------------------------------------------- unary functions
    def exp(self) -> Dual:
        """e**a is its own derivative."""
        try:
            value = math.exp(self.value)
        except OverflowError:
            raise OverflowError(
                f"exp of {self!r} is too large for a float (limit: exp(709)). Scale the input down."
            ) from None
        return _result(value, value * self.derivative, "exp", (self,))

    def log(self) -> Dual:
        """d(ln a) = da / a, for a > 0."""
        if self.value <= 0:
            raise ValueError(f"log of {self!r}: the logarithm needs a number > 0")
        return _result(math.log(self.value), self.derivative / self.value, "log", (self,))

    def tanh(self) -> Dual:
        """d(tanh a) = (1 - tanh(a)**2) da."""
        t = math.tanh(self.value)
        return _result(t, (1.0 - t * t) * self.derivative, "tanh", (self,))

    def relu(self) -> Dual:
        """relu's local derivative: 1 for a > 0, else 0 (the engine's choice at the kink 0)."""
        positive = self.value > 0
        return Dual(self.value if positive else 0.0, self.derivative if positive else 0.0)


def _dual(x: object, op: str, partner: Dual) -> Dual:
    """A Dual as it is; a plain number as a constant (derivative 0)."""
    if isinstance(x, Dual):
        return x
    return Dual(_real(x, f"the other side of {op!r} (with {partner!r})"), 0.0)


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
    items = ordered_items(inputs, "inputs")  # a list, a tuple or a numpy array
    point = [_real(x, f"input {i}") for i, x in enumerate(items)]
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
