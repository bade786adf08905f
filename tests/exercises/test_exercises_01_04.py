"""Notebooks 01-04: every diagnosis true, no blank spoiled, predictions and the extension.

Each test here first reproduced a lie or a spoiler a learner met, or pins a teaching
claim (predictions, softplus, micrograd's 17, the path explosion);
the notebooks' own printed numbers are pinned at the end by running them in a kernel.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lesson_graphs import karpathy_graph, path_graph

from autograd import Value
from autograd.exercises import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    check_backprop,
    check_graph,
    check_local_gradients,
    check_partials,
    check_slope,
)
from autograd.exercises.lessons import check_local_derivatives, check_path_rule, check_softplus

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def notebook(prefix: str) -> nbformat.NotebookNode:
    return nbformat.read(next(NOTEBOOKS.glob(f"{prefix}_*.ipynb")), as_version=4)


def cell_source(prefix: str, cell_id: str) -> str:
    return next(c.source for c in notebook(prefix).cells if c.get("id") == cell_id)


def says(result: CheckResult, status: str, *phrases: str, never: tuple[str, ...] = ()) -> None:
    text = repr(result)
    assert result.status == status, text
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in {text}"
    for phrase in never:
        assert phrase not in text, f"{phrase!r} in {text}"


# ------------------------------------------------------------------ 01: slopes
def f(x):
    return 3 * x**2 - 4 * x + 5


def test_01_precedence_slip_gets_its_own_diagnosis() -> None:
    x, h = 3.0, 0.001
    says(check_slope(f(x + h) - f(x) / h, f, x, h), WRONG, "brackets", "(f(x + h) - f(x)) / h")


@pytest.mark.parametrize(
    ("function", "x", "h"),
    [(math.sqrt, 0.0, 0.01), (lambda t: 1 / t, 0.01, 0.01), (math.log, 1e-3, 1e-3)],
    ids=["sqrt at 0", "1/x at h", "log at h"],
)
def test_01_forward_difference_needs_f_only_where_it_looks(function, x, h) -> None:
    right = (function(x + h) - function(x)) / h
    says(check_slope(right, function, x, h), CORRECT)
    says(check_slope(function(x + h) - function(x), function, x, h), WRONG, "divide by h")
    says(check_slope(-right, function, x, h), WRONG, "sign")


def d_of(a, b, c):
    return a * b + c


def predicted_slopes(*slopes: object) -> CheckResult:
    return check_partials(list(slopes), d_of, [2.0, -3.0, 10.0], 0.001)


@pytest.mark.parametrize(
    ("slopes", "status", "words"),
    [
        ((-3.0, 2.0, 1.0), CORRECT, "all right"),
        ((-3, 2, 1), CORRECT, "all right"),  # ints
        ((np.float64(-3), Fraction(2), Decimal("1.0")), CORRECT, "all right"),
        ((-2.9995, 2.0005, 1.0), CORRECT, "all right"),  # a nudge's rounding
        ((2.0, 2.0, 1.0), WRONG, "that is a's own value"),  # a itself
        ((-3.0, -3.0, 1.0), WRONG, "that is b's own value"),
        ((-3.0, 2.0, 10.0), WRONG, "that is c's own value"),
        ((-3.0, 2.0, 0.0), WRONG, "nudge only this input"),
        ((3.0, 2.0, 1.0), WRONG, "sign is flipped"),
        ((-3.0, 2.0, "1"), WRONG, "text"),
        ((-3.0, 2.0, None), WRONG, "None"),
        ((-3.0, 2.0, math.nan), WRONG, "nan"),
        ((-3.0, 2.0, Value(1.0)), WRONG, "Value"),
        ((-3.0, 2.0), WRONG, "one slope per input"),
        ((..., 2.0, 1.0), UNANSWERED, "not answered yet"),
    ],
)
def test_01_three_slopes_predicted(slopes, status, words) -> None:
    says(predicted_slopes(*slopes), status, words)


def test_01_a_swapped_prediction_names_both_readings() -> None:
    says(predicted_slopes(2.0, -3.0, 1.0), WRONG, "a's own value", "slope for b")


# ------------------------------------------------------------------ 02: build a graph
def weighted(build) -> CheckResult:
    x1, w1 = Value(2.0, "x1"), Value(-3.0, "w1")
    x2, w2, b = Value(0.0, "x2"), Value(1.0, "w2"), Value(6.5, "b")
    return check_graph(build(x1, w1, x2, w2, b), lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 + b)


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (lambda x1, w1, x2, w2, b: x1 * w1 + x2 * w2 - b, "subtracts b where the formula adds it"),
        (lambda x1, w1, x2, w2, b: x1 * w1 + (x2 * w2 - b), "subtracts b"),
        (lambda x1, w1, x2, w2, b: b - x1 * w1 - x2 * w2, "subtracts w1 * x1 and w2 * x2"),
        (lambda x1, w1, x2, w2, b: -(x1 * w1) + x2 * w2 + b, "subtracts w1 * x1"),
    ],
)
def test_02_a_minus_is_named_not_called_brackets(build, words) -> None:
    says(weighted(build), WRONG, words, never=("brackets",))


def test_02_rewrites_with_the_right_signs_stay_right() -> None:
    says(weighted(lambda x1, w1, x2, w2, b: b + (w2 * x2 + w1 * x1)), CORRECT)
    says(weighted(lambda x1, w1, x2, w2, b: x1 * w1 - (-(x2 * w2)) + b), WRONG)  # neg: other op


# ------------------------------------------------------------------ 03: one step, * node
def product_step(upstream: float, x_grad, y_grad) -> CheckResult:
    x, y = Value(2.0, "x"), Value(-3.0, "y")
    p = x * y
    p.label = "p"
    p.grad = upstream
    x.grad = x_grad(x, y, p) if callable(x_grad) else x_grad
    y.grad = y_grad(x, y, p) if callable(y_grad) else y_grad
    return check_local_gradients(p)


def test_03_notebook_numbers_tell_the_product_slips_apart() -> None:
    source = cell_source("03", "1f44570c")
    assert "p.grad = 5.0" in source and 'Value(2.0, label="x")' in source
    # the local derivative alone (a learner's slip): never "the sum rule"
    says(
        product_step(5.0, lambda x, y, p: y.data, lambda x, y, p: x.data),
        WRONG,
        "only the local derivative",
        never=("sum rule", "two slips"),
    )
    slips = {
        "sum rule": (lambda x, y, p: p.grad, lambda x, y, p: p.grad),
        "own value": (lambda x, y, p: x.data * p.grad, lambda x, y, p: y.data * p.grad),
        "the node's value": (lambda x, y, p: p.data, lambda x, y, p: p.data),
        "sign is flipped": (lambda x, y, p: -y.data * p.grad, lambda x, y, p: -x.data * p.grad),
    }
    for words, (x_slip, y_slip) in slips.items():
        says(product_step(5.0, x_slip, y_slip), WRONG, words, never=("two slips",))
    says(product_step(5.0, -15.0, 10.0), CORRECT)
    says(product_step(5.0, -15, np.float32(10)), CORRECT)


def test_03_where_two_slips_give_one_number_both_are_named() -> None:
    # the old numbers: x.data = 2 = p.grad, so y.grad = x.data is the sum rule *or* local only
    says(
        product_step(2.0, -6.0, lambda x, y, p: x.data),
        WRONG,
        "two slips",
        "sum rule",
        "only the local derivative",
    )


def test_03_sum_step_slips_with_the_notebook_numbers() -> None:
    def step(m_grad, n_grad) -> CheckResult:
        m, n = Value(2.0, "m"), Value(-3.0, "n")
        s = m + n
        s.label = "s"
        s.grad = 5.0
        m.grad, n.grad = m_grad, n_grad
        return check_local_gradients(s)

    says(step(5.0, 5.0), CORRECT)
    says(step(1.0, 1.0), WRONG, "only the local derivative", never=("two slips",))
    says(step(-15.0, 10.0), WRONG, "product rule on a + node")
    says(step(-1.0, -1.0), WRONG, "s.data")
    says(step(-5.0, 5.0), WRONG, "sign is flipped")


# ------------------------------------------------------------------ 03: fill in every grad
def karpathy() -> dict[str, object]:
    return {**karpathy_graph()[1], "check_backprop": check_backprop}


def test_03_a_rerun_is_judged_on_its_own_work_not_on_leftover_grads() -> None:
    source = cell_source("03", "c2298c36")
    names = karpathy()
    exec(source, names)  # the notebook's own cell, right: as a learner first runs it
    assert eval(source.splitlines()[-1], names).status == CORRECT
    # then moves the a.grad and b.grad lines above e.grad and runs the cell again
    lines = source.splitlines()
    a_line = next(i for i, line in enumerate(lines) if line.startswith("a.grad"))
    e_line = next(i for i, line in enumerate(lines) if line.startswith("e.grad"))
    moved = lines[a_line : a_line + 2]
    del lines[a_line : a_line + 2]
    lines[e_line:e_line] = moved
    names_again = dict(names)
    exec("\n".join(lines[:-1]), names_again)
    result = eval(lines[-1], names_again)
    says(result, WRONG, "still 0")


# ------------------------------------------------------------------ 03: local derivatives
def test_03_tanh_derivative_written_as_tanh_squared() -> None:
    t = math.tanh(1.5)
    answers = {"-": -1.0, "/": -1.5 / 4, "**2": 3.0, "exp": math.exp(1.5), "tanh": t**2}
    says(check_local_derivatives(answers, 1.5, 2.0, ("u", "w")), WRONG, "tanh(u)**2", "1 minus")


# ------------------------------------------------------------------ no blank spoils the answer
def shown_numbers(result: CheckResult) -> list[str]:
    """Every number the verdict shows, as text and in its HTML table."""
    visible = re.sub(r"<[^>]*>", " ", result._repr_html_())  # the text, not the styles
    return re.findall(r"-?\d+(?:\.\d+)?", repr(result) + " " + visible)


@pytest.mark.parametrize(
    ("blank", "answers"),
    [
        (lambda: predicted_slopes(..., ..., ...), {"-3"}),
        (lambda: product_step(5.0, ..., ...), {"-15", "10"}),
        (lambda: check_path_rule({"C": ..., "D": ...}, ..., *colah(3.0, 2.0)), {"3", "5", "8"}),
    ],
    ids=["01 three slopes", "03 one step", "04 two paths"],
)
def test_a_blank_shows_no_expected_number(blank, answers) -> None:
    result = blank()
    assert result.status == UNANSWERED
    assert result.rows and all(row[2] == "" for row in result.rows), result.rows
    assert not answers & set(shown_numbers(result)), result


def test_03_a_blank_grad_table_shows_no_expected_number() -> None:
    names = karpathy()
    for node in ("L", "f", "d", "c", "e", "a", "b"):
        names[node].grad = ...
    result = check_backprop(names["L"])
    assert result.status == UNANSWERED
    assert all(row[2] == "" for row in result.rows), result.rows
    assert not {"4", "-4", "6", "-2"} & set(shown_numbers(result)), result
    # half filled in: the blanks still give nothing away, the filled ones are judged
    names = karpathy()
    names["L"].grad = 1.0
    names["f"].grad = 4.0
    for node in ("d", "c", "e", "a", "b"):
        names[node].grad = ...
    rows = {row[0]: row for row in check_backprop(names["L"]).rows}
    assert rows["a"][2] == "" and rows["f"][3] == "✔"


# ------------------------------------------------------------------ 04: the two paths
def colah(a: float, b: float) -> tuple[Value, Value]:
    return path_graph(a, b, labels="ABCDE")


def paths(through_c: object, through_d: object, total: object, a=3.0, b=2.0) -> CheckResult:
    E, B = colah(a, b)
    return check_path_rule({"C": through_c, "D": through_d}, total, E, B)


def test_04_notebook_numbers_tell_adding_along_a_path_from_the_own_value() -> None:
    assert 'Value(3.0, label="A"), Value(2.0, label="B")' in cell_source("04", "a6243c50")
    # C = 5, D = 3: 1 + D = 4 (added along the path), C = 5 (own value): apart
    says(paths(1.0 + 3.0, 5.0, 8.0), WRONG, "added the local derivatives", never=("own value",))
    says(paths(5.0, 5.0, 10.0), WRONG, "C's own value", never=("added the local",))
    says(paths(3.0, 5.0, 15.0), WRONG, "don't multiply")
    says(paths(1.0, 1.0, 2.0), WRONG, "only dC/dB", "sum of your path products")
    says(paths(3.0, 5.0, 3.0), WRONG, "add the other path")
    says(paths(3.0, 5.0, 8.0), CORRECT)
    says(paths(3, np.float64(5.0), Fraction(8)), CORRECT)
    says(paths("3", 5.0, 8.0), WRONG, "should be a number")
    says(paths(3.0, 5.0, Value(8.0)), WRONG, "Value")


def test_04_olahs_own_numbers_name_both_slips() -> None:
    # a = 2, b = 1: 1 + D = 3 = C, adding along the path and the own value give one number
    says(paths(3.0, 3.0, 5.0, a=2.0, b=1.0), WRONG, "two slips", "added the local", "own value")


def test_04_two_calls_12_here_17_in_micrograd() -> None:
    """The same graph, z = x * w + x, backward() twice: this engine 12, PyPI micrograd 17."""
    from micrograd.engine import Value as MicroValue  # the bench extra installs micrograd 0.1.0

    x, w = Value(2.0, "x"), Value(5.0, "w")
    z = x * w + x
    z.backward()
    z.backward()
    assert x.grad == 12.0
    mx, mw = MicroValue(2.0), MicroValue(5.0)
    mz = mx * mw + mx
    mz.backward()
    mz.backward()
    assert mx.grad == 17.0  # the intermediate x * w keeps its grad of 1 from the first call


# ------------------------------------------------------------------ 03: the extension
def softplus_with(local_of, out_of=lambda x: math.log(1.0 + math.exp(x))):
    def softplus(v):
        out = out_of(v.data)
        local = local_of(v.data)
        return Value(out, op="softplus", inputs=(v,), local_grads=(local,))

    return softplus


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def blank_local(v):
    out = math.log(1.0 + math.exp(v.data))
    local = ...
    return Value(out, op="softplus", inputs=(v,), local_grads=(local,))


def blank_both(v):
    out = ...
    local = ...
    return Value(out, op="softplus", inputs=(v,), local_grads=(local,))


def raises(v):
    raise RuntimeError("oops")


@pytest.mark.parametrize(
    ("softplus", "status", "words"),
    [
        (softplus_with(sigmoid), CORRECT, "right at every point"),
        (softplus_with(lambda x: math.exp(x) / (1 + math.exp(x))), CORRECT, "right"),
        (softplus_with(lambda x: 1 - 1 / (1 + math.exp(x))), CORRECT, "right"),
        (softplus_with(lambda x: np.float64(sigmoid(x))), CORRECT, "right"),
        (lambda v: (1 + v.exp()).log(), CORRECT, "right"),  # built from the engine's own ops
        (lambda v: Value(1.0).__add__(v.exp()).log(), CORRECT, "right"),
        (softplus_with(math.exp), WRONG, "slope of e**v alone"),
        (softplus_with(lambda x: 1 / (1 + math.exp(x))), WRONG, "a sign"),
        (softplus_with(lambda x: -sigmoid(x)), WRONG, "sign is flipped"),
        (softplus_with(lambda x: math.log(1 + math.exp(x))), WRONG, "softplus(v) itself"),
        (softplus_with(lambda x: sigmoid(x) * (1 - sigmoid(x))), WRONG, "slope of the sigmoid"),
        (softplus_with(lambda x: 1.0 if x > 0 else 0.0), WRONG, "relu's slope"),
        (softplus_with(lambda x: 0.5), WRONG, "nudging v shows the slope"),
        (softplus_with(sigmoid, math.exp), WRONG, "that is e**v"),
        (softplus_with(sigmoid, lambda x: x), WRONG, "1 + inside the log"),
        (softplus_with(lambda x: "0.5"), WRONG, "should be a number"),
        (softplus_with(lambda x: Value(0.5)), WRONG, "Value"),
        (softplus_with(lambda x: math.nan), WRONG, "finite"),
        (lambda v: math.log(1 + math.exp(v.data)), WRONG, "not a Value"),
        (lambda v: None, WRONG, "not a Value"),
        (lambda v: Value(math.log(1 + math.exp(v.data))), WRONG, "does not remember v"),
        (lambda v: v.relu(), WRONG, "1 + inside the log"),
        (raises, WRONG, "RuntimeError"),
        (lambda: 1.0, WRONG, "TypeError"),
        (None, WRONG, "pass the function itself"),
        ("softplus", WRONG, "pass the function itself"),
        (blank_local, UNANSWERED, "not answered yet"),
        (blank_both, UNANSWERED, "not answered yet"),
        (..., UNANSWERED, "not answered yet"),
    ],
)
def test_03_softplus_extension(softplus, status, words) -> None:
    says(check_softplus(softplus), status, words)


def test_03_softplus_blank_shows_no_expected_slope() -> None:
    result = check_softplus(blank_local)
    assert result.rows == [] and "0.731" not in repr(result)


# ------------------------------------------------------------------ predictions, tags, minutes
def tagged(prefix: str, tag: str) -> list[nbformat.NotebookNode]:
    return [
        c
        for c in notebook(prefix).cells
        if c.cell_type == "code" and tag in c.get("metadata", {}).get("tags", [])
    ]


def test_01_to_04_have_at_least_six_checked_predictions_or_extensions() -> None:
    cells = [
        c
        for p in ("01", "02", "03", "04")
        for t in ("prediction", "extension")
        for c in tagged(p, t)
    ]
    assert len(cells) >= 6, len(cells)
    assert tagged("03", "extension")
    for c in cells:
        assert "# answer" in c.source and "check_" in c.source, c.source


def test_prediction_cells_ask_for_numbers_not_formulas() -> None:
    """A prediction's answer lines hold a number typed in, not the formula it is checked with."""
    for prefix in ("01", "02", "03", "04"):
        for c in tagged(prefix, "prediction"):
            for line in c.source.splitlines():
                if line.endswith("# answer"):
                    value = line.split("=", 1)[1].split("#")[0].strip()
                    float(value)  # raises for a formula


def test_01_to_04_say_how_long_they_take() -> None:
    for prefix in ("01", "02", "03", "04"):
        minutes = notebook(prefix).metadata["course"]["minutes"]
        assert isinstance(minutes, int) and 15 <= minutes <= 60


def test_04_no_longer_teaches_training_loops_or_momentum() -> None:
    text = "\n".join(c.source for c in notebook("04").cells)
    for gone in ("w.data -= 0.1", "velocity", "heavy-ball", "beta = 1"):
        assert gone not in text, gone


@pytest.mark.parametrize(
    ("key", "value", "status", "words"),
    [
        ("/", -0.375, CORRECT, "all right"),
        ("/", (1.5 / 2.001 - 1.5 / 2) / 0.001, CORRECT, "all right"),  # measured by a nudge
        ("exp", 4.48, CORRECT, "all right"),  # a few digits typed
        # measured by the nudge the prompt suggests (the solution's own answers)
        ("exp", (math.exp(1.501) - math.exp(1.5)) / 0.001, CORRECT, "all right"),
        ("tanh", (math.tanh(1.501) - math.tanh(1.5)) / 0.001, CORRECT, "all right"),
        ("exp", (math.exp(1.51) - math.exp(1.5)) / 0.01, WRONG, "a nudge of 0.01: too big"),
        ("exp", (math.exp(1.6) - math.exp(1.5)) / 0.1, WRONG, "a nudge of 0.1: too big"),
        ("exp", math.exp(1.501) - math.exp(1.5), WRONG, "divide by 0.001"),
        ("exp", 0.0, WRONG, "does not move exp(u) at all"),
        # a change too small to tell from 0 at three digits: the verdict names both slips
        ("tanh", math.tanh(1.501) - math.tanh(1.5), WRONG, "two slips give this number"),
        ("tanh", 0, WRONG, "divide by 0.001"),
        ("/", (1.5 / 2.1 - 1.5 / 2) / 0.1, WRONG, "a nudge of 0.1: too big"),
        ("tanh", 0.1807, CORRECT, "all right"),
        ("/", 0.375, WRONG, "the sign"),
        ("/", 0.5, WRONG, "1/w is the derivative for u"),
        ("-", 1.0, WRONG, "w is subtracted"),
        ("**2", 2.25, WRONG, "the value u**2"),
        ("tanh", math.tanh(1.5), WRONG, "tanh(u) itself"),
        ("exp", "4.48", WRONG, "should be a number"),
        ("exp", ..., UNANSWERED, "not answered yet"),
    ],
)
def test_03_five_local_derivatives_predicted(key, value, status, words) -> None:
    answers = {"-": -1.0, "/": -0.375, "**2": 3.0, "exp": 4.4817, "tanh": 0.1807}
    answers[key] = value
    says(check_local_derivatives(answers, 1.5, 2.0, ("u", "w")), status, words)


def test_04_the_bridge_box_quotes_both_engines_truly() -> None:
    import inspect

    import micrograd.engine

    import autograd.engine

    box = next(c.source for c in notebook("04").cells if c.get("id") == "micrograd-bridge")
    theirs = inspect.getsource(micrograd.engine.Value.__mul__)
    ours = inspect.getsource(autograd.engine.Value.__mul__)
    for line in ("self.grad += other.data * out.grad", "other.grad += self.data * out.grad"):
        assert line in box and line in theirs
    for line in (
        "local_grads = (other.data, self.data)",
        'return _result(data, "*", (self, other), local_grads)',
    ):
        assert line in box and line in ours


def test_the_course_has_at_least_ten_predictions_or_extensions() -> None:
    """The course's target: >= 10 exercises where the learner predicts or extends."""
    cells = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, c in enumerate(nb.cells):
            tags = set(c.get("metadata", {}).get("tags", []))
            if c.cell_type == "code" and tags & {"prediction", "extension"}:
                following = nb.cells[i + 1].source if i + 1 < len(nb.cells) else ""
                assert "# answer" in c.source, (path.name, c.source)
                assert "check" in c.source + following, (path.name, c.source)  # and it is checked
                cells.append((path.name, c.get("id")))
    assert len(cells) >= 10, cells


@pytest.mark.slow
@given(st.floats(-50, 50).filter(lambda e: abs(e) > 1e-3))
@settings(max_examples=60, deadline=None)
def test_03_softplus_off_by_anything_is_never_right(error: float) -> None:
    assert check_softplus(softplus_with(lambda x: sigmoid(x) + error)).status == WRONG


@pytest.mark.slow
@given(st.floats(-1e6, 1e6).filter(lambda s: abs(s - (f(3.001) - f(3.0)) / 0.001) > 0.01))
@settings(max_examples=60, deadline=None)
def test_01_a_wrong_slope_is_never_right(slope: float) -> None:
    assert check_slope(slope, f, 3.0, 0.001).status == WRONG


@pytest.mark.slow
@given(st.floats(-100, 100), st.floats(-100, 100))
@settings(max_examples=60, deadline=None)
def test_04_wrong_path_numbers_are_never_right(through_c: float, through_d: float) -> None:
    right = abs(through_c - 3.0) < 1e-5 and abs(through_d - 5.0) < 1e-5
    result = paths(through_c, through_d, through_c + through_d)
    assert (result.status == CORRECT) == right, result


def test_local_derivatives_a_rounded_answer_is_told_it_is_close() -> None:
    """03 asks "by about how much": -0.37 for d(u / w)/dw = -0.375 is a real attempt, two digits
    short; the check must say so (not a bare "not this number"), and still want three digits."""
    answers = {"-": -1.0, "/": -0.37, "**2": 3.0, "exp": 4.4817, "tanh": 0.1807}
    result = check_local_derivatives(answers, 1.5, 2.0, names=("u", "w"))
    assert result.status == WRONG
    assert "close" in result.message and "three" in result.message
    assert "not this number" not in result.message
    answers["/"] = (1.5 / 2.001 - 1.5 / 2) / 0.001  # the calculator nudge the prompt suggests
    assert check_local_derivatives(answers, 1.5, 2.0, names=("u", "w")).status == CORRECT
    answers["/"] = 0.37  # close in size, wrong in sign: not "close"
    flipped = check_local_derivatives(answers, 1.5, 2.0, names=("u", "w"))
    assert flipped.status == WRONG and "close" not in flipped.message


def test_no_prediction_is_told_before_it_is_asked() -> None:
    """Ask before tell: what a prediction asks for is not in the text the learner reads first."""
    learn_03 = cell_source("03", "2cdee369")  # "what you will learn", above the + and * predictions
    assert "unchanged" not in learn_03 and "times the *other* input" not in learn_03
    learn_04 = cell_source("04", "f88d4ac9")  # above "two calls" (12) and "predict k.grad" (2)
    assert "12" not in learn_04 and "17" not in learn_04
    ask_k = cell_source("04", "49028445")
    assert "2h" not in ask_k
    ask_local = cell_source("03", "f7280270")  # the five local derivatives, asked by nudging
    assert "1 - tanh" not in ask_local and "own slope" not in ask_local


def test_slope_a_height_or_a_product_for_the_slope_is_named() -> None:
    """01: writing f(x) or f(x + h) (a height) or multiplying by h is a real slip: name it."""

    def f(x: float) -> float:
        return 3 * x**2 - 4 * x + 5

    x, h = 3.0, 0.001
    assert "the height" in check_slope(f(x), f, x, h).message
    assert "the height" in check_slope(f(x + h), f, x, h).message
    assert "divide by h" in check_slope((f(x + h) - f(x)) * h, f, x, h).message
    assert check_slope((f(x + h) - f(x)) / h, f, x, h).status == CORRECT
