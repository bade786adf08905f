"""Checks for the numbers and arguments a learner passes in, with one wording everywhere.

Each checker returns the value in its plain Python form (a float or an int) or raises one
error that names the argument, shows what was given and says what is wanted:

- a TypeError when the kind of thing is wrong (a string where a number belongs),
- a ValueError when the kind is right but the value is not (nan, a negative size).

`bool` is refused wherever a number is wanted: Python counts True as 1, but a learner who
passes True for a size or a rate has mixed up two arguments. numpy scalars (np.float64,
np.int64: what indexing an array gives) and 0-d arrays (what `np.mean` or `x.sum()` give)
are accepted wherever an int or a float is; Fraction and Decimal are real numbers too.
`plain_whole_number` and `plain_real_number` do that reading for every module.

Only the standard library is used (numpy values are recognised by their type's module and
dtype, never by importing numpy), so any module may import this one. The engine does not:
it imports nothing else of ours and keeps its own (speed-tuned) checks.
"""

from __future__ import annotations

import decimal
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence, Set
from typing import TypeVar

T = TypeVar("T")

# The largest count (of points, of a polynomial's degree, ...) the modules accept: a larger
# one is a slip (10**400 points would fill the memory long before an error could say so).
MAX_COUNT = 10_000_000


def _shown(value: object) -> str:
    """`float 2.5`, `str 'a'`: the type too, because `'2'` and `2` look alike in a message.

    A numpy number shows its plain value (`int64 3`, not `int64 np.int64(3)`).
    """
    shown: object = value
    if _numpy_kind(value) is not None:
        try:
            shown = value.item()  # type: ignore[attr-defined]  # numpy scalars and 0-d arrays
        except Exception:  # a numpy object that does not hold one plain value
            shown = value
    try:
        text = repr(shown)
    except Exception:  # an object whose repr is broken is still named by its type
        text = "(unprintable)"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _numpy_kind(value: object) -> str | None:
    """The dtype kind ('i', 'u', 'f', 'b', 'c', ...) of a numpy scalar or 0-d array, else None.

    Read from the type's module and the value's attributes, so numpy is never imported here.
    A 1-d or larger array is not one number: None.
    """
    if not type(value).__module__.startswith("numpy"):
        return None
    if getattr(value, "shape", None) != ():
        return None
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind if isinstance(kind, str) else None


def plain_whole_number(value: object) -> int | None:
    """`value` as a plain int when it is a whole number of any common kind, else None.

    int, numpy integer scalars (np.int64(3), what indexing an integer array gives) and 0-d
    integer arrays. bool (Python's or numpy's) is not a whole number here: a learner who
    passes True for a count has mixed up two arguments. 2.0 is a float, not a count.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    kind = _numpy_kind(value)
    if kind is not None:
        return int(value) if kind in "iu" else None  # type: ignore[call-overload]
    if isinstance(value, numbers.Integral):
        return int(value)
    return None


def plain_real_number(value: object) -> int | float | None:
    """`value` as a plain int or float when it is a real number of any common kind, else None.

    int, float, Fraction, Decimal, numpy integer and float scalars, 0-d integer and float
    arrays (what `np.mean`, `a[i]` or `x.sum()` give). A whole number stays an int, so a huge
    one can be reported as too large rather than lost in conversion. bool, complex, strings
    and everything else: None. Raises OverflowError for a Fraction too large for a float.
    """
    whole = plain_whole_number(value)
    if whole is not None:
        return whole
    if isinstance(value, (bool, complex)):
        return None
    if isinstance(value, float):
        return float(value)
    kind = _numpy_kind(value)
    if kind is not None:
        return float(value) if kind == "f" else None  # type: ignore[arg-type]
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            return float(value)
        except ValueError:  # Decimal('sNaN'): a signalling nan is still nan
            return math.nan
    return None


def real_number(value: object, name: str) -> float:
    """`value` as a float, for any real number (nan and inf included); TypeError otherwise."""
    try:
        number = plain_real_number(value)
        if number is None:
            raise TypeError(f"{name} must be a real number, got {_shown(value)}.")
        return float(number)
    except OverflowError:  # an int (or a Fraction) too large for a float, e.g. 10**400
        size = _size_of(value) if isinstance(value, int) else _shown(value)
        raise ValueError(
            f"{name} is too large for a floating-point number (above about 1.8e308), got {size}."
        ) from None


def _size_of(number: int) -> str:
    """`an int of 401 digits`: from the bit length, since str() of a huge int is refused."""
    digits = len(str(abs(number))) if number.bit_length() < 10_000 else None
    if digits is None:
        return f"an int of about {int(number.bit_length() * math.log10(2)) + 1:,} digits"
    return f"an int of {digits} digits"


def finite_number(value: object, name: str) -> float:
    """`value` as a float; a real number that is neither nan nor infinite."""
    number = real_number(value, name)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number!r}.")
    return number


def positive_number(value: object, name: str, why: str = "") -> float:
    """A finite float > 0. `why`, if given, ends the message (e.g. ": a step goes downhill")."""
    number = finite_number(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be > 0, got {number}{why}.")
    return number


def non_negative_number(value: object, name: str, why: str = "") -> float:
    """A finite float >= 0 (a noise level, a tolerance)."""
    number = finite_number(value, name)
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {number}{why}.")
    return number


def number_in_range(value: object, name: str, low: float, high: float, why: str = "") -> float:
    """A finite float with low <= value < high (half-open: momentum 1 never settles)."""
    number = finite_number(value, name)
    if not low <= number < high:
        raise ValueError(f"{name} must be in [{low:g}, {high:g}), got {number}{why}.")
    return number


def whole_number(
    value: object, name: str, minimum: int = 0, maximum: int | None = None, why: str = ""
) -> int:
    """`value` as an int in [minimum, maximum]; 2.0 and True are refused (a count, not a measure).

    A ValueError names the argument, shows the value and says what to write instead.
    """
    wanted = (
        f"a whole number >= {minimum}"
        if maximum is None
        else f"a whole number from {minimum:,} to {maximum:,}"
    )
    number = plain_whole_number(value)
    if number is None:
        hint = ""
        real = _real_or_none(value)
        if isinstance(real, float) and real.is_integer() and not isinstance(value, bool):
            hint = f" (write {int(real)}, without the decimal point)"
        raise ValueError(f"{name} must be {wanted}, got {_shown(value)}{hint}{why}.")
    if number < minimum or (maximum is not None and number > maximum):
        shown = f"{number:,}" if abs(number) < 10**15 else _size_of(number)
        raise ValueError(f"{name} must be {wanted}, got {shown}{why}.")
    return number


def _real_or_none(value: object) -> int | float | None:
    try:
        return plain_real_number(value)
    except OverflowError:
        return None


def as_float(value: object) -> float | None:
    """`value` as a float if it is a real number of any common kind (see `plain_real_number`).

    None when it is not a number. A number too large for a float becomes inf (a caller that
    wants finite numbers refuses it with the others).
    """
    try:
        number = plain_real_number(value)
        return None if number is None else float(number)
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]  # a huge int


def positive_int(value: object, name: str, why: str = "") -> int:
    """A whole number >= 1 (a count of points, inputs or neurons)."""
    number = plain_whole_number(value)
    if number is None or number < 1:
        raise ValueError(f"{name} must be a positive whole number, got {_shown(value)}{why}.")
    return number


def ordered_items(values: object, name: str, example: str = "[0.5, -1.0]") -> Sequence[object]:
    """`values` if it is an ordered collection (list, tuple, array); a TypeError otherwise.

    A set or a dict has no order (or its order is not the learner's meaning), a string is
    characters, and a lone number is not a collection: each gets its own hint. `example`
    shows what to pass instead.
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a list of numbers such as {example}, got a string.")
    if isinstance(values, (Set, Mapping)):
        raise TypeError(
            f"{name} must be an ordered list such as {example}, got a {type(values).__name__}: "
            "its items have no fixed order, so they cannot be matched one by one."
        )
    if isinstance(values, numbers.Number) or not _has_length_and_items(values):
        raise TypeError(
            f"{name} must be a list of numbers such as {example}, got {_shown(values)}."
        )
    return values  # type: ignore[return-value]  # checked above: it has len() and [i]


def _has_length_and_items(values: object) -> bool:
    """Whether `values` supports len() and indexing (a numpy array does, a generator does not)."""
    if not hasattr(values, "__getitem__"):
        return False
    try:
        len(values)  # type: ignore[arg-type]  # probing: a 0-d numpy array has __len__ but no length
    except TypeError:
        return False
    return True


def finite_numbers(values: object, name: str, example: str = "[0.5, -1.0]") -> list[float]:
    """An ordered collection of finite real numbers, as a list of floats.

    Every item is checked before anything is returned, so a caller that applies the list
    applies all of it or nothing. The message names the first bad item by its index.
    """
    items = ordered_items(values, name, example)
    # The common case in one pass (fits check whole feature matrices on every call); any
    # other item (an int, numpy's numbers, nan) takes the full check, which names it.
    if all(type(item) is float and math.isfinite(item) for item in items):
        return list(items)  # type: ignore[arg-type]  # every item is a float: checked above
    return [finite_number(item, f"{name}[{i}]") for i, item in enumerate(items)]


def one_of(value: T, name: str, choices: Iterable[T]) -> T:
    """`value` if it is one of `choices` (compared with ==)."""
    options = tuple(choices)
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}.")
    return value
