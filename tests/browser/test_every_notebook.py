"""Every notebook of the course opens in JupyterLab and runs all its cells cleanly.

What a learner would notice first: a traceback or warning under a cell, a widget that says
"Error displaying widget" or shows as plain text, or a live plot that stays blank. The
notebooks are collected from notebooks/ when the tests are collected, so a new notebook is
covered without editing this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from labdriver import NOTEBOOKS_DIR, WIDGET_MIME, LabPage

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
WIDGET_VIEW_OUTPUTS = ".jp-OutputArea-output:not([data-mime-type]):has(> .lm-Widget)"
MAX_WIDGET_SHOTS = 8


def expected_widget_views(notebook: dict) -> list[int]:
    """Per cell, how many outputs the kernel sent as widget views."""
    return [
        sum(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))
        for cell in notebook["cells"]
    ]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs_clean_in_the_browser(lab: LabPage, source: Path) -> None:
    lab.open(source)
    lab.shot("opened")
    lab.run_all()
    lab.shot("ran-all")

    # The saved copy tells what the kernel sent: errors by name, and every widget output.
    saved = lab.save_and_read()
    code_cells = [cell for cell in saved["cells"] if cell["cell_type"] == "code"]
    errors = [
        f"{output['ename']}: {output['evalue']}"
        for cell in code_cells
        for output in cell.get("outputs", [])
        if output["output_type"] == "error"
    ]
    assert not errors, f"cells raised: {errors}"
    never_ran = [i for i, cell in enumerate(code_cells) if cell["source"].strip()
                 and cell.get("execution_count") is None]  # fmt: skip
    assert not never_ran, f"code cells {never_ran} did not run"

    lab.wait_for_widget_views(expected_widget_views(saved))
    lab.wait_for_figures_drawn()
    lab.assert_clean()
    views = lab.page.locator(WIDGET_VIEW_OUTPUTS)
    for index in range(min(views.count(), MAX_WIDGET_SHOTS)):
        lab.shot(f"widget{index}", views.nth(index))
