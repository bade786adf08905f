"""autograd.validate: one wording for bad numbers and arguments, shared by the modules."""

import math
from fractions import Fraction

import numpy as np
import pytest

from autograd import validate


@pytest.mark.parametrize("good", [2, 2.5, np.float64(2.5), np.int64(2), Fraction(5, 2)])
def test_finite_number_accepts_every_real_and_returns_a_float(good):
    result = validate.finite_number(good, "h")
    assert type(result) is float and result == float(good)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        (True, TypeError, "h must be a real number, got bool True"),
        ("1", TypeError, "h must be a real number, got str '1'"),
        (1 + 2j, TypeError, "got complex"),
        (None, TypeError, "got NoneType None"),
        (math.nan, ValueError, "h must be finite, got nan"),
        (-math.inf, ValueError, "h must be finite, got -inf"),
        (10**400, ValueError, "h is too large for a floating-point number .* 401 digits"),
    ],
)
def test_finite_number_refuses_by_name(bad, error, message):
    with pytest.raises(error, match=message):
        validate.finite_number(bad, "h")


def test_signs_and_ranges():
    assert validate.positive_number(0.1, "rate") == 0.1
    with pytest.raises(ValueError, match="rate must be > 0, got 0.0: downhill"):
        validate.positive_number(0, "rate", ": downhill")
    assert validate.non_negative_number(0, "noise") == 0.0
    with pytest.raises(ValueError, match="noise must be >= 0, got -1.0"):
        validate.non_negative_number(-1, "noise")
    assert validate.number_in_range(0.0, "momentum", 0.0, 1.0) == 0.0
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\), got 1.0"):
        validate.number_in_range(1.0, "momentum", 0.0, 1.0)


@pytest.mark.parametrize(
    ("bad", "message"),
    [(2.0, "got float 2.0"), (True, "got bool True"), (-1, "got -1"), ("3", "got str '3'")],
)
def test_whole_numbers_are_counts(bad, message):
    with pytest.raises(ValueError, match=f"steps must be a whole number >= 0, {message}"):
        validate.whole_number(bad, "steps")


def test_whole_and_positive_ints_take_numpy_integers():
    assert validate.whole_number(np.int64(0), "steps") == 0
    assert type(validate.positive_int(np.int64(3), "n")) is int
    with pytest.raises(ValueError, match="n must be a positive whole number, got int 0"):
        validate.positive_int(0, "n")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({1.0, 2.0}, "ordered list such as .* got a set"),
        ({"a": 1.0}, "got a dict"),
        ("12", "got a string"),
        (3.0, "got float 3.0"),
        (iter([1.0]), "got list_iterator"),
        (np.array(3.0), "got ndarray"),
    ],
)
def test_ordered_items_refuses_what_has_no_order_or_no_items(bad, message):
    with pytest.raises(TypeError, match=message):
        validate.ordered_items(bad, "k")


def test_finite_numbers_names_the_first_bad_item_by_index():
    assert validate.finite_numbers((1, np.float64(2.5)), "k") == [1.0, 2.5]
    assert validate.finite_numbers(np.array([1.0, 2.0]), "k") == [1.0, 2.0]
    with pytest.raises(ValueError, match=r"k\[2\] must be finite, got nan"):
        validate.finite_numbers([0.0, 1.0, math.nan, "x"], "k")


def test_one_of():
    assert validate.one_of("horner", "form", ("horner", "powers")) == "horner"
    with pytest.raises(ValueError, match=r"form must be one of \('horner', 'powers'\), got 'x'"):
        validate.one_of("x", "form", ("horner", "powers"))


def test_it_imports_only_the_standard_library_so_any_module_may_use_it():
    import ast
    import sys
    from pathlib import Path

    tree = ast.parse(Path(validate.__file__).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    roots = {name.split(".")[0] for name in imported}
    assert roots and roots <= set(sys.stdlib_module_names) | {"__future__"}
