"""autograd.validate: one wording for bad numbers and arguments, shared by the modules."""

import math
from decimal import Decimal
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


# ---------------------------------------------------------------- every kind of number, one reading
@pytest.mark.parametrize(
    ("given", "plain"),
    [
        (3, 3),
        (np.int64(3), 3),
        (np.uint8(3), 3),
        (np.array(3), 3),
        (np.array(-2, dtype=np.int32), -2),
    ],
)
def test_whole_numbers_of_every_kind_are_plain_ints(given, plain):
    assert validate.plain_whole_number(given) == plain
    assert type(validate.plain_whole_number(given)) is int
    assert validate.whole_number(given, "steps", minimum=-5) == plain


@pytest.mark.parametrize(
    "given",
    [True, np.bool_(True), np.array(True), 2.0, np.float64(2.0), np.array([3]), "3", None, 3j],
)
def test_not_whole_numbers(given):
    assert validate.plain_whole_number(given) is None
    with pytest.raises(ValueError, match="steps must be a whole number >= 0, got "):
        validate.whole_number(given, "steps")


@pytest.mark.parametrize(
    ("given", "plain"),
    [
        (2.5, 2.5),
        (np.float64(2.5), 2.5),
        (np.float32(0.5), 0.5),
        (np.array(2.5), 2.5),
        (np.int64(2), 2),
        (Fraction(5, 2), 2.5),
        (Decimal("2.5"), 2.5),
    ],
)
def test_real_numbers_of_every_kind_are_plain(given, plain):
    assert validate.plain_real_number(given) == plain
    assert validate.finite_number(given, "rate") == plain
    assert type(validate.finite_number(given, "rate")) is float
    assert validate.as_float(given) == plain


@pytest.mark.parametrize(
    "given",
    [True, np.bool_(False), np.complex128(1), np.array(1j), np.array([1.0]), "1.0", None, [1]],
)
def test_not_real_numbers(given):
    assert validate.plain_real_number(given) is None
    assert validate.as_float(given) is None
    with pytest.raises(TypeError, match="rate must be a real number, got "):
        validate.real_number(given, "rate")


def test_numpy_values_are_shown_plainly_and_whole_floats_get_a_hint():
    with pytest.raises(ValueError, match=r"got float64 3.0 \(write 3, without the decimal point\)"):
        validate.whole_number(np.float64(3.0), "degree", minimum=1)
    with pytest.raises(ValueError, match=r"degree must be a whole number >= 1, got 0\."):
        validate.whole_number(np.int64(0), "degree", minimum=1)


def test_whole_number_with_a_range_and_a_reason():
    assert validate.whole_number(np.int64(4), "step", 1, 4) == 4
    with pytest.raises(ValueError, match="step must be a whole number from 1 to 4, got 9: 4 steps"):
        validate.whole_number(9, "step", 1, 4, why=": 4 steps")
    with pytest.raises(ValueError, match="an int of about 401 digits|an int of 401 digits"):
        validate.whole_number(10**400, "steps", 0, 10)


def test_too_large_numbers_of_every_kind_are_named():
    for huge in (10**400, -(10**400), Fraction(10**400, 3)):
        with pytest.raises(ValueError, match="rate is too large for a floating-point number"):
            validate.finite_number(huge, "rate")
    assert validate.as_float(10**400) == math.inf
    assert validate.as_float(-(10**400)) == -math.inf
    with pytest.raises(ValueError, match="rate must be finite, got inf"):
        validate.finite_number(Decimal("1e400"), "rate")


def test_validate_never_imports_numpy():
    import subprocess
    import sys

    code = (
        "import sys, autograd.validate as v; "
        "assert v.plain_whole_number(3) == 3 and v.as_float(2.5) == 2.5; "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
