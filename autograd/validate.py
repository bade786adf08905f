"""Checks for the numbers and arguments a learner passes in, with one wording everywhere.

Each checker returns the value in its plain Python form (a float or an int) or raises one
error that names the argument, shows what was given and says what is wanted:

- a TypeError when the kind of thing is wrong (a string where a number belongs),
- a ValueError when the kind is right but the value is not (nan, a negative size).

`bool` is refused wherever a number is wanted: Python counts True as 1, but a learner who
passes True for a size or a rate has mixed up two arguments. numpy scalars (np.float64,
np.int64: what indexing an array gives) are accepted, through `numbers.Real` and
`numbers.Integral`.

Only the standard library is used, so any module may import this one. The engine does
not: it imports nothing else of ours and keeps its own (speed-tuned) checks.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence, Set
from typing import TypeVar

T = TypeVar("T")


def _shown(value: object) -> str:
    """`float 2.5`, `str 'a'`: the type too, because `'2'` and `2` look alike in a message."""
    return f"{type(value).__name__} {value!r}"


def real_number(value: object, name: str) -> float:
    """`value` as a float, for any real number (nan and inf included); TypeError otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_shown(value)}.")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float, e.g. 10**400
        raise ValueError(
            f"{name} is too large for a floating-point number (above about 1.8e308), "
            f"got an int of {len(str(value).lstrip('-'))} digits."
        ) from None


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


def whole_number(value: object, name: str, minimum: int = 0) -> int:
    """`value` as an int >= `minimum`; 2.0 and True are refused (a count, not a measure)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {_shown(value)}.")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}.")
    return int(value)


def positive_int(value: object, name: str) -> int:
    """A whole number >= 1 (a count of points, inputs or neurons)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {_shown(value)}.")
    return int(value)


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
    return [finite_number(item, f"{name}[{i}]") for i, item in enumerate(items)]


def one_of(value: T, name: str, choices: Iterable[T]) -> T:
    """`value` if it is one of `choices` (compared with ==)."""
    options = tuple(choices)
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}.")
    return value
