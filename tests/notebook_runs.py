"""Running a course notebook in a fresh kernel, the one way every notebook test does it.

Importable from any test (pytest puts tests/ on the path): `from notebook_runs import ...`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def notebook_client(
    nb: nbformat.NotebookNode, timeout: int = 120, allow_errors: bool = False
) -> NotebookClient:
    """A client for `nb` whose kernel starts in notebooks/ (where the notebooks' files are).

    allow_errors: run every cell even after one fails (the caller reports the errors).
    """
    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        shutdown_kernel="immediate",  # a graceful shutdown waits about a second per kernel
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )


def run_notebook(
    nb: nbformat.NotebookNode, timeout: int = 120, allow_errors: bool = False
) -> nbformat.NotebookNode:
    """Run every cell of `nb` top to bottom in a fresh kernel; `nb` now holds the outputs."""
    notebook_client(nb, timeout, allow_errors).execute()
    return nb
