"""Run All on the workbook form of each notebook: every exercise blank, nothing stops.

The workbook copies replace each line ending in `# answer` with a `...` blank. Here the
same blanking is done in memory (so this test needs no workbook command) and each
notebook runs top to bottom in a fresh kernel: no cell may raise, every exercise's
check says "not answered yet", and the cells that use an unanswered exercise say
"fill in the exercise above first" (or, after training, that the model did not learn).
Then the notebook with its answers: those messages must not appear.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from notebook_runs import run_notebook

from autograd.exercises import FILL_IN_FIRST
from autograd.workbook import blank_answers as blank  # the workbook's own rule

pytestmark = pytest.mark.notebooks

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("0[1-9]_*.ipynb"))


def run(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return run_notebook(nb, allow_errors=True)  # collect every error, not only the first


def text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] in ("execute_result", "display_data"):
            parts.append(out.get("data", {}).get("text/plain", ""))
        elif out["output_type"] == "error":
            parts.append(f"ERROR {out['ename']}: {out['evalue']}")
    return "\n".join(parts)


def errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        f"cell {i}: {out['ename']}: {out['evalue']}"
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out["output_type"] == "error"
    ]


def test_blanking_follows_the_workbook_rule():
    source = "a.grad = b.data * e.grad  # answer\n    loss.backward()  # answer\nprint(a)"
    assert blank(source) == "a.grad = ...  # your turn\n    ...  # your turn\nprint(a)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_run_all_goes_on_past_every_blank(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    exercises = [
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "# answer" in c.source
    ]
    assert exercises, "every notebook of the series has exercises"
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = blank(cell.source)
    run(nb)
    assert not errors(nb), "\n".join(errors(nb))
    for i in exercises:
        if "check_" in nb.cells[i].source:
            assert "not answered yet" in text(nb.cells[i]), (i, text(nb.cells[i]))
    # a cell that uses an answer, or trains with the blank training step, says so
    guarded = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and ("answered(" in c.source or "learned(" in c.source)
    ]
    for i in guarded:
        assert FILL_IN_FIRST in text(nb.cells[i]), (i, text(nb.cells[i]))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_with_the_answers_no_cell_asks_to_fill_in(path: Path) -> None:
    nb = run(nbformat.read(path, as_version=4))
    assert not errors(nb), "\n".join(errors(nb))
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert FILL_IN_FIRST not in text(cell), (i, text(cell))
            if "check_" in cell.source and "# answer" in cell.source:
                assert "✔" in text(cell), (i, text(cell))
