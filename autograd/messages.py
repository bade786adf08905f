"""The engine's error messages: each names the Value and the number, and says what to do.

`autograd.engine` keeps to the arithmetic and the backward pass; when a number is wrong (a
string, nan, an overflow, a negative base with a fractional power, a loop in the graph), it
calls one of these to check or to word the error. Each is small and stands alone, so a
message can be read (and improved) without reading the engine. Only the standard library
is used; the engine's `Value` is known here by its attributes (data, grad, label, op,
inputs), never imported, so the engine stays the one module a learner reads first.
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING

from autograd.validate import plain_real_number

if TYPE_CHECKING:
    from autograd.engine import Value


def describe(v: Value) -> str:
    """'Value 'a' = -2.0' (or 'Value = -2.0' without a label), for error messages."""
    return f"Value {v.label!r} = {v.data!r}" if v.label else f"Value = {v.data!r}"


def to_float(data: object, label: object, op: str, inputs: tuple[Value, ...]) -> float:
    """Accept real numbers (numpy's and 0-d arrays too); refuse everything else loudly."""
    where = f" (label {label!r})" if label else ""
    try:
        plain = plain_real_number(data)
        if plain is None:
            raise TypeError(
                f"Value() needs a real number (int or float), got {type(data).__name__} "
                f"{data!r}{where}. Convert it first, e.g. Value(float(x)), or use .data "
                "to take the number out of another Value."
            )
        number = float(plain)
    except OverflowError:  # an int beyond 1.8e308
        raise OverflowError(
            f"Value() got a number with {_digits(data)} digits{where}, too large for "
            "a float (the largest is about 1.8e308). Scale it down, e.g. work in other units."
        ) from None
    if number - number != 0.0:
        refuse_non_finite(number, label, op, inputs)
    return number


def _digits(number: object) -> int:
    """How many digits the whole part of a (huge) number has, from its bit length."""
    whole: int = abs(math.trunc(number))  # type: ignore[arg-type]  # a huge int or Fraction
    return len(str(whole)) if whole.bit_length() < 10_000 else int(whole.bit_length() * 0.30103) + 1


def refuse_label(label: object, data: float) -> None:
    raise TypeError(
        f"a Value's label must be a str, got {type(label).__name__} {label!r} (for the Value "
        f"{data!r}). Value(2.0, 3.0) passes 3.0 as the label: write Value(2.0, label='x'), "
        "or build the sum/product with operators, e.g. Value(2.0) + 3.0."
    )


def refuse_non_finite(data: float, label: object, op: str, inputs: tuple[Value, ...]) -> None:
    """inf or nan: a user's input is a ValueError; an operation's result overflowed."""
    if not inputs:
        where = f" (label {label!r})" if label else ""
        raise ValueError(f"Value() needs a finite number, got {data!r}{where}.")
    names = ", ".join(describe(v) for v in inputs)
    raise OverflowError(
        f"{op!r} of ({names}) gave {data!r}: the numbers grew too large for a float. "
        "If this happened while training, the learning rate is probably too big."
    )


def check_power(base: Value, n: float) -> None:
    """The exponents a**n cannot take: infinite ones, and those with no real or finite result."""
    if not math.isfinite(n):
        raise ValueError(
            f"{describe(base)} ** {n}: the exponent must be a finite number "
            "(a ** inf is 0, 1 or inf with no useful slope). Use a finite exponent."
        )
    refuse_power(describe(base), base.data, n)


def refuse_power(what: str, a: float, n: float) -> None:
    """A finite exponent with no real or finite result at `a` (shared with forward mode's Dual)."""
    if a < 0 and not n.is_integer():
        raise ValueError(
            f"{what} raised to the non-integer power {n:g}: a negative base "
            "has no real result. Use an integer exponent or a positive base."
        )
    if a == 0 and n < 1 and n != 0:
        raise (ZeroDivisionError if n < 0 else ValueError)(
            f"{what} ** {n:g}: at 0 the {'value' if n < 0 else 'derivative'} "
            "is infinite. Keep the base away from zero."
        )


def as_number(other: object, op: str, partner: Value) -> float:
    """A real number used with a Value, as a float; a clear error for anything else."""
    try:
        if type(other) is int or type(other) is float:  # the common case, first: no lookups
            return float(other)
        plain = plain_real_number(other)
        if plain is None:
            raise TypeError(
                f"cannot use {op!r} between {describe(partner)} and {type(other).__name__} "
                f"{other!r}: a Value combines only with other Values, ints and floats."
            )
        return float(plain)
    except OverflowError:  # an int beyond 1.8e308
        raise OverflowError(
            f"cannot use {op!r} between {describe(partner)} and an int of "
            f"{_digits(other)} digits: too large for a float."
        ) from None


def constant_number(other: object, op: str, partner: Value) -> float:
    """`as_number`, finite: a graph holds only finite numbers."""
    number = as_number(other, op, partner)
    if not math.isfinite(number):
        raise ValueError(
            f"cannot use {op!r} between {describe(partner)} and {number!r}: "
            "a graph holds only finite numbers."
        )
    return number


def leaf_grad(node: Value) -> float:
    """A leaf's grad set by hand, as a float; a clear TypeError if it is not a real number."""
    grad = node.grad
    if isinstance(grad, bool) or not isinstance(grad, numbers.Real):
        from autograd.engine import Value  # here: the engine imports this module

        if isinstance(grad, Value):
            hint = "use .data to take the number out of a Value"
        elif isinstance(grad, complex):
            hint = "gradients here are real numbers"
        else:
            hint = "set it to a float"
        raise TypeError(
            f"{describe(node)} has grad {grad!r} ({type(grad).__name__}), but a grad must be "
            f"a real number ({hint}). Call zero_grad() to start afresh."
        )
    return float(grad)


def refuse_grad(node: Value) -> None:
    """Explain a non-finite grad: the gradient overflowed on its way down."""
    by_hand = " (or it was set to inf/nan by hand)" if not node.inputs else ""
    raise OverflowError(
        f"the gradient at {describe(node)} (op {node.op!r}) overflowed to {node.grad}"
        f"{by_hand}. Use smaller inputs or a smaller learning rate, and call zero_grad() "
        "before trying again."
    )


def refuse_cycle(node: Value, path: list[Value]) -> None:
    """A loop made by editing `.inputs` by hand: no node can come after all of its inputs."""
    loop = path[path.index(node) :] + [node]
    names = " -> ".join(describe(v) for v in reversed(loop))
    raise ValueError(
        f"the graph has a cycle: {names} (each is an input of the one before it). "
        "A computation graph never loops; was `.inputs` edited by hand? Rebuild the "
        "expression with operators instead."
    )


def not_a_number(v: Value, what: str) -> TypeError:
    return TypeError(
        f"{describe(v)} is a node of a graph, not a number: to {what}, use its number, "
        f"v.data (e.g. v.data < 0, f'{{v.data:.3f}}', float(v.data))."
    )


def division_by_zero(a: Value, b: Value) -> ZeroDivisionError:
    return ZeroDivisionError(f"division by zero: {describe(a)} / {describe(b)}.")


def too_large(what: str) -> OverflowError:
    """`a ** n` (or another result) that no float can hold."""
    return OverflowError(f"{what} is too large for a float.")


def base_not_positive(a: Value, b: Value) -> ValueError:
    return ValueError(
        f"{describe(a)} ** {describe(b)}: with a Value exponent the base must be positive, "
        "because the derivative for the exponent is a**b * ln(a)."
    )


def exp_too_large(a: Value) -> OverflowError:
    return OverflowError(
        f"exp of {describe(a)} is too large for a float (limit: exp(709)). "
        "Scale the input down; if training, lower the learning rate."
    )


def log_not_positive(a: Value) -> ValueError:
    return ValueError(f"log of {describe(a)}: the logarithm is only defined for numbers > 0.")
