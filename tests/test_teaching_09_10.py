"""What notebooks 09 and 10 print is what their prose claims, and the course has
its predictions and extensions.

The notebooks run once each in a fresh kernel; counts are pinned exactly, measured ratios
within loose bounds (timings depend on the machine and its load).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_runs import run_notebook

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NEURONS = NOTEBOOK_DIR / "09_from_knobs_to_neurons.ipynb"
TENSORS = NOTEBOOK_DIR / "10_from_scalars_to_tensors.ipynb"
NUMBER = r"([0-9.]+)"


def _stdout(nb: nbformat.NotebookNode) -> str:
    return "".join(
        out.get("text", "")
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out["output_type"] == "stream" and out["name"] == "stdout"
    )


def _results(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        out["data"].get("text/plain", "")
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out["output_type"] == "execute_result"
    )


@pytest.fixture(scope="module")
def printed() -> dict[str, str]:
    texts = {}
    for path in (NEURONS, TENSORS):
        nb = nbformat.read(path, as_version=4)
        run_notebook(nb, timeout=300)
        texts[path.name] = _stdout(nb) + "\n" + _results(nb)
    return texts


@pytest.mark.notebooks
def test_09_argues_the_line_from_points_on_the_wrong_side(printed: dict[str, str]) -> None:
    text = printed[NEURONS.name]
    line = rf"(?m)^after (\d+) steps: loss {NUMBER}, (\d+) of 40 points on the wrong"
    found = re.findall(line, text)
    assert [int(step) for step, _, _ in found] == [100, 400]
    (_, loss_100, wrong_100), (_, loss_400, wrong_400) = found
    assert float(loss_400) < float(loss_100)  # the loss is still falling...
    assert int(wrong_100) == int(wrong_400) == 3  # ...and the same points stay on the wrong side
    assert "MLP after 100 steps: loss" in text and ", 0 of 40 points on the wrong side" in text


@pytest.mark.notebooks
def test_09_times_both_sides_fairly_and_prints_the_backward_forward_ratio(
    printed: dict[str, str],
) -> None:
    text = printed[NEURONS.name]
    ratios = [float(r) for r in re.findall(rf"a backward pass costs {NUMBER}× a forward", text)]
    assert len(ratios) == 2 and all(0.2 <= r <= 10 for r in ratios), ratios
    assert "polynomial: 6 knobs" in text and "MLP(2, [8, 8, 1]): 105 knobs" in text
    assert "12 forward passes" in text and "210 forward passes" in text
    assert text.count("the 6 nudged slopes agree with backprop's grads: True") == 2
    times_backprop = [float(t) for t in re.findall(rf"{NUMBER}× backprop's time", text)]
    assert times_backprop[1] > 20  # 210 forward passes against about two


@pytest.mark.notebooks
def test_09_sets_reverse_mode_beside_forward_mode(printed: dict[str, str]) -> None:
    text = printed[NEURONS.name]
    assert "forward mode: 6 forward passes, one per knob" in text
    assert "reverse mode (backprop): 1 forward pass + 1 backward pass" in text
    assert len(re.findall(r"dL/dk\d: forward mode [-+]\d", text)) == 6
    assert "the same gradient (to 1e-9): True" in text
    source = "\n".join(c.source for c in nbformat.read(NEURONS, as_version=4).cells)
    assert "reverse-mode automatic differentiation" in source


@pytest.mark.notebooks
def test_10_prints_the_shapes_and_speed_its_prose_claims(printed: dict[str, str]) -> None:
    text = printed[TENSORS.name]
    assert "x: (40, 2)  W: (2, 8)  Z and G: (40, 8)  W.grad: (2, 8)" in text
    assert "W.grad equals x.T @ G: True" in text
    assert "b.grad: [2.5 0.5 6. ]\nthe sum of G's rows: [2.5 0.5 6. ]" in text
    assert text.count("the Tensor is more than 10 times faster: True") == 2
    speedups = [float(s) for s in re.findall(rf"here the Tensor is {NUMBER}× faster", text)]
    assert len(speedups) == 2 and all(s > 10 for s in speedups)
    assert "(best of 3)" in text and "(best of 5)" in text
    # scaling the scalar engine's time up is fair: the same Values for every point
    assert "Values in the scalar graph: 19,007 at 1,000 points, 38,007 at 2,000" in text
    assert "every point adds 19 Values" in text


def test_09_uses_neither_numpy_nor_matplotlib_in_its_cells() -> None:
    """09 runs on the bare Pyodide core of JupyterLite."""
    for cell in nbformat.read(NEURONS, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] in ("numpy", "matplotlib") for n in names), cell.source


def test_10_imports_numpy_in_its_first_cells_and_says_so_in_one_line_without_it() -> None:
    """A cell's own `import numpy` makes JupyterLite's kernel fetch it; where it
    cannot, one line says what to do, and Run All stops there (SystemExit, no traceback wall)."""
    code = [c for c in nbformat.read(TENSORS, as_version=4).cells if c.cell_type == "code"]
    numpy_cell = code[1].source
    tree = ast.parse(numpy_cell)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import)]
    assert [alias.name for n in imports for alias in n.names] == ["numpy"]
    saved = sys.modules.get("numpy")
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy -> ImportError
    try:
        with pytest.raises(SystemExit) as stopped:
            exec(compile(numpy_cell, "cell", "exec"), {})  # noqa: S102 - the notebook's own cell
    finally:
        sys.modules["numpy"] = saved  # type: ignore[assignment]
    message = str(stopped.value)
    assert message == (
        "this notebook needs numpy; open it in JupyterLab, or on the published site with a network"
    )
    assert stopped.value.__cause__ is None and stopped.value.__suppress_context__


def _is_prediction_or_extension(cell: nbformat.NotebookNode) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if cell.cell_type != "code" or not tags & {"prediction", "extension"}:
        return False
    answers = re.search(r"#\s*answer\s*$", cell.source, re.MULTILINE)
    return bool(answers) and bool(re.search(r"\bcheck_\w+\s*\(", cell.source))


def test_the_course_asks_for_at_least_ten_predictions_or_extensions() -> None:
    """Ask before you tell. Cells tagged "prediction" or "extension" that hold an
    answer (`# answer`) and call a check, counted across every notebook of the course."""
    found = [
        f"{path.name}: {cell.source.splitlines()[0]}"
        for path in sorted(NOTEBOOK_DIR.glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if _is_prediction_or_extension(cell)
    ]
    assert len(found) >= 10, f"only {len(found)} predictions/extensions:\n" + "\n".join(found)


def test_notebooks_09_and_10_have_their_predictions() -> None:
    for path, count in ((NEURONS, 2), (TENSORS, 2)):
        cells = nbformat.read(path, as_version=4).cells
        assert sum(_is_prediction_or_extension(c) for c in cells) >= count, path.name


def test_09_pass_count_is_asked_before_any_cell_tells_it() -> None:
    """Ask before you tell: nothing above the pass-count prediction says forward mode takes one
    pass per knob, or prints a forward-mode pass count."""
    cells = nbformat.read(NEURONS, as_version=4).cells
    (ask,) = [i for i, c in enumerate(cells) if "check_pass_counts(" in c.source]
    above = "\n".join(c.source for c in cells[:ask])
    for telling in ("pass per knob", "one per knob", "gradient_by_forward_mode("):
        assert telling not in above, telling
    below = "\n".join(c.source for c in cells[ask:])
    assert "gradient_by_forward_mode(" in below and "one per knob" in below
