"""The numbers notebooks 01, 03, 04 and 05 print, pinned: every claim their prose makes.

Each notebook runs once in a fresh kernel; the text a cell prints is read by cell id, so
moving cells does not break a test, and a changed number does.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_runs import run_notebook

pytestmark = pytest.mark.notebooks

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def run(prefix: str) -> dict[str, str]:
    """Run notebook `prefix`_*.ipynb; the text each code cell printed, by cell id."""
    nb = nbformat.read(next(NOTEBOOKS.glob(f"{prefix}_*.ipynb")), as_version=4)
    run_notebook(nb)
    printed = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for out in cell.outputs:
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(out.data.get("text/plain", ""))
        printed[cell.id] = "".join(parts)
    return printed


@pytest.fixture(scope="module")
def nb01() -> dict[str, str]:
    return run("01")


@pytest.fixture(scope="module")
def nb03() -> dict[str, str]:
    return run("03")


@pytest.fixture(scope="module")
def nb04() -> dict[str, str]:
    return run("04")


def test_01_the_nudges_reveal_the_predicted_slopes(nb01: dict[str, str]) -> None:
    text = nb01["nudge-three-slopes"]
    assert "slope for a: (3.997 - 4) / 0.001 = -3.000000" in text
    assert "slope for b: (4.002 - 4) / 0.001 = 2.000000" in text
    assert "slope for c: (4.001 - 4) / 0.001 = 1.000000" in text
    assert "all right" in nb01["ce8900af"]


def test_03_the_rules_revealed_after_the_predictions(nb03: dict[str, str]) -> None:
    assert "m.grad = local 1.0 x s.grad 5.0 = 5.0" in nb03["sum-rule-numbers"]
    assert "n.grad = local 1.0 x s.grad 5.0 = 5.0" in nb03["sum-rule-numbers"]
    assert "x.grad = local -3.0 x p.grad 5.0 = -15.0" in nb03["product-rule-numbers"]
    assert "y.grad = local 2.0 x p.grad 5.0 = 10.0" in nb03["product-rule-numbers"]


def test_03_softplus_is_proven_and_halfway_at_the_kink(nb03: dict[str, str]) -> None:
    assert "✔ your softplus" in nb03["softplus-exercise"]
    text = nb03["softplus-gradcheck"]
    assert text.count("agree: True") == 3
    assert "slope of softplus at 0: 0.5" in text
    assert "softplus(-10) = 0.000045, relu(-10) = 0" in text  # far from 0: relu, nearly
    assert "softplus(+10) = 10.000045, relu(+10) = 10" in text
    assert "nudging says 0.500000" in nb03["271841c8"]  # relu's kink: the average of 0 and 1


def test_04_paths_double_edges_grow_by_three(nb04: dict[str, str]) -> None:
    text = nb04["path-explosion-table"]
    rows = re.findall(r"^\s*(\d+)\s+([\d,]+)\s+(\d+)$", text, re.MULTILINE)
    assert [int(n) for n, _, _ in rows] == list(range(1, 21))
    for n, paths, edges in rows:
        assert int(paths.replace(",", "")) == 2 ** int(n)
        assert int(edges) == 3 * int(n)
    assert "20  1,048,576      60" in text
    total = re.search(r"1,024 paths; their products add up to ([\d.]+)", text)
    grad = re.search(r"x0.grad from one backward\(\) over 30 edges: ([\d.]+)", text)
    assert total and grad and total.group(1) == grad.group(1)
    assert nb04["path-explosion-curves"]  # the plot is shown


def test_04_forward_mode_two_passes_reverse_mode_one(nb04: dict[str, str]) -> None:
    text = nb04["forward-and-reverse"]
    assert "pass seeding a: e = 6, de/da = 2" in text
    assert "pass seeding b: e = 6, de/db = 5" in text
    assert text.count("pass seeding") == 2
    assert "reverse mode, one backward pass for both:\n  e = 6, de/da = 2, de/db = 5" in text
    assert "passes for the whole gradient: forward mode 2, reverse mode 1" in text


def test_04_two_paths_and_two_calls(nb04: dict[str, str]) -> None:
    assert "B.grad from backward(): 8.0" in nb04["1526e3df"]
    text = nb04["two-calls-micrograd"]
    assert "this engine, two backward() calls:    x.grad = 12  (t.grad = 1)" in text
    assert "micrograd's backward, called twice:   x.grad = 17  (t.grad = 2)" in text
    assert "6 + (1 + 5 x 2) = 6 + 11 = 17" in text


@pytest.fixture(scope="module")
def nb05() -> dict[str, str]:
    return run("05")


def test_05_fan_out_prediction_is_minus_three(nb05: dict[str, str]) -> None:
    """x*y + x at x = 2, y = -4: -4 + 1 = -3 (the prose's two edge parts and their sum)."""
    assert "your prediction is -3, right" in nb05["fan-out-check"]


def test_05_tanh_saturates_to_a_tiny_grad(nb05: dict[str, str]) -> None:
    text = nb05["tanh-saturates"]
    assert "x = 1.0: out = 0.7616, x.grad = 0.8399, finite difference = 0.8399" in text
    assert "x = 3.0: out = 1.0000, x.grad = 0.0000" in text
    tiny = float(re.search(r"x\.grad = (\S+)$", text.strip()).group(1))
    assert f"{tiny:.1e}" == "3.7e-07" and 0.8399 / tiny > 2e6  # "more than 2 million times"
