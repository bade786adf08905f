"""`autograd.course.start()`: the kernel check, progress by cell id, the NameError hint.

The kernel tests start a real IPython kernel the way JupyterLab does: working directory the
notebook's folder, `JPY_SESSION_NAME` set to the notebook's path (which ipykernel turns into
`__session__`), and each execute_request carrying the cell's id in its metadata (`cellId`).
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager

from autograd import course, progress

# every test here talks to a real kernel (one per module, in order): left to `make test`
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
FIRST_CELL = nbformat.read(sorted((REPO / "notebooks").glob("01_*.ipynb"))[0], as_version=4).cells
FIRST_CODE = next(cell.source for cell in FIRST_CELL if cell.cell_type == "code")


class Kernel:
    """A kernel started as JupyterLab starts one for `notebook`."""

    def __init__(self, notebook: Path) -> None:
        self.manager = KernelManager(kernel_name="python3")
        env = {**os.environ, "JPY_SESSION_NAME": str(notebook)}
        self.manager.start_kernel(cwd=str(notebook.parent), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str, cell_id: str | None = None) -> list[dict]:
        """Execute `code` as the cell `cell_id`; return its iopub outputs."""
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = self.client.session.msg("execute_request", content)
        if cell_id is not None:
            message["metadata"]["cellId"] = cell_id
        self.client.shell_channel.send(message)
        parent = message["header"]["msg_id"]
        outputs = []
        while True:
            reply = self.client.get_iopub_msg(timeout=60)
            if reply["parent_header"].get("msg_id") != parent:
                continue
            kind = reply["msg_type"]
            if kind == "status" and reply["content"]["execution_state"] == "idle":
                return outputs
            if kind in ("stream", "error", "execute_result", "display_data"):
                outputs.append({"type": kind, **reply["content"]})

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def notebook_with(path: Path, *cells: tuple[str, str]) -> Path:
    """Write a notebook whose code cells are (id, source) pairs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A course notebook")]
    for cell_id, source in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell["id"] = cell_id
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


COURSE_CELLS = [
    ("first", FIRST_CODE),
    ("defines", "import math\npanel = math.pi  # the widget in the real course"),
    ("uses", "panel * 2"),
    ("exercise", "slope = 2.0  # answer\nfrom autograd.progress import record\n"
                 "from types import SimpleNamespace as R\n"
                 "record(R(status='correct', title='check_slope', message='right'))"),
]  # fmt: skip


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    folder = tmp_path_factory.mktemp("notebooks")
    notebook = notebook_with(folder / "03_course.ipynb", *COURSE_CELLS)
    started = Kernel(notebook)
    try:
        yield started
    finally:
        started.stop()


def error_of(outputs: list[dict]) -> dict:
    errors = [out for out in outputs if out["type"] == "error"]
    assert len(errors) == 1, outputs
    return errors[0]


def test_the_first_cell_is_quiet_in_the_course_kernel(kernel: Kernel) -> None:
    assert course.environment_problems() == []
    assert kernel.run(FIRST_CODE, "first") == []


def test_a_name_defined_above_gets_a_hint_and_keeps_its_error(kernel: Kernel) -> None:
    error = error_of(kernel.run("panel * 2", "uses"))
    assert error["ename"] == "NameError"
    assert error["evalue"] == "name 'panel' is not defined"  # the original error, unchanged
    traceback = "\n".join(error["traceback"])
    assert "NameError" in traceback
    hint = [line for line in traceback.splitlines() if line.startswith("Hint:")]
    assert hint == [
        "Hint: `panel` is defined in cell 3 of this notebook (`import math`): run the "
        "cells above first (Run > Run All Above Selected Cell)."
    ]


def test_no_hint_for_a_name_no_earlier_cell_defines(kernel: Kernel) -> None:
    traceback = "\n".join(error_of(kernel.run("pannel * 2", "uses"))["traceback"])
    assert "pannel" in traceback and "Hint:" not in traceback
    # a cell the notebook does not know (unsaved, no id): no guess either
    traceback = "\n".join(error_of(kernel.run("x = 1\npanel * 2", None))["traceback"])
    assert "Hint:" not in traceback


def test_other_errors_pass_through_untouched(kernel: Kernel) -> None:
    error = error_of(kernel.run("1 / 0", "uses"))
    assert error["ename"] == "ZeroDivisionError" and "Hint:" not in "".join(error["traceback"])
    assert error_of(kernel.run("import math\nmath.nope", "uses"))["ename"] == "AttributeError"


def test_after_defining_cell_runs_the_name_works(kernel: Kernel) -> None:
    kernel.run(COURSE_CELLS[1][1], "defines")
    outputs = kernel.run("panel * 2", "uses")
    assert outputs[0]["type"] == "execute_result"


def test_a_check_records_its_verdict_under_its_cell_id(kernel: Kernel) -> None:
    folder = Path(kernel.run("import os; print(os.getcwd())")[0]["text"].strip())
    assert kernel.run(COURSE_CELLS[3][1], "exercise") == []
    entry = progress.read(folder)["exercise"]
    assert entry.status == "correct" and entry.notebook == "03_course.ipynb"
    # a front end that sends no cell id: nothing recorded (the map could not place it)
    kernel.run(COURSE_CELLS[3][1].replace("correct", "wrong"), None)
    assert set(progress.read(folder)) == {"exercise"}


def test_a_cell_whose_result_is_a_verdict_is_recorded_and_a_printed_one_is_not(
    kernel: Kernel,
) -> None:
    folder = Path(kernel.run("import os; print(os.getcwd())")[0]["text"].strip())
    verdict = "from types import SimpleNamespace as R\nR(status='{}', title='t', message='m')"
    outputs = kernel.run(verdict.format("wrong"), "shown")
    assert outputs[0]["type"] == "execute_result"  # the learner sees it as always
    kernel.run(verdict.format("correct").replace("\nR(", "\nprint(R(") + ")", "printed")
    verdicts = progress.read(folder)
    assert verdicts["shown"].status == "wrong" and "printed" not in verdicts


def test_no_hint_in_a_notebook_that_is_not_the_courses(tmp_path: Path) -> None:
    notebook = notebook_with(
        tmp_path / "mine.ipynb", ("a", "x = 1"), ("b", "from autograd.course import start"),
        ("c", "x + y"),
    )  # fmt: skip
    started = Kernel(notebook)
    try:
        started.run("from autograd.course import start\nstart()", "b")
        traceback = "\n".join(error_of(started.run("y * 2", "c"))["traceback"])
        assert "Hint:" not in traceback
    finally:
        started.stop()


def test_defined_names_covers_the_ways_a_cell_binds_a_name() -> None:
    source = (
        "%matplotlib widget\nimport numpy as np\nfrom a.b import c, d as e\nimport os.path\n"
        "x, (y, z) = 1, (2, 3)\nfor i in range(3):\n    total = i\n"
        "def f(local):\n    inner = 1\nclass K: pass\nwith open('f') as handle: pass\n"
        "if (n := 5): pass\n[hidden for hidden in ()]\n"
    )
    assert course.defined_names(source) == {
        "np", "c", "e", "os", "x", "y", "z", "i", "total", "f", "K", "handle", "n",
    }  # fmt: skip
    assert course.defined_names("this is not python (") == set()


def test_a_shadowing_autograd_gets_one_message_from_the_first_cell(tmp_path: Path) -> None:
    # PyPI's unrelated `autograd` in front of ours: `autograd.course` does not exist there.
    fake = tmp_path / "site" / "autograd"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run([sys.executable, "-c", FIRST_CODE], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    message = done.stdout + done.stderr
    assert message.count("\n") == 1
    assert "make lab" in message and "pip install autograd" in message


def test_the_environment_message_names_the_problem_and_the_fix() -> None:
    text = course.environment_message(["this kernel runs /usr/bin/python3, not the course's"])
    assert "/usr/bin/python3" in text and "`make lab`" in text
    assert "`pip install autograd` installs a different" in text


def test_every_course_notebook_starts_with_the_course_cell() -> None:
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        first = next(cell for cell in cells if cell.cell_type == "code")
        assert first.source == FIRST_CODE, f"{path.name}: first code cell is not the course's"


def test_the_hint_as_a_kernel_extension_works_before_the_first_cell_ran(tmp_path: Path) -> None:
    # What a kernel config (`c.InteractiveShellApp.extensions = ["autograd.course"]`) does at
    # kernel start: after a restart the hint is there before the first cell ran.
    notebook = notebook_with(tmp_path / "03_course.ipynb", *COURSE_CELLS)
    started = Kernel(notebook)
    try:
        started.run("%load_ext autograd.course")
        traceback = "\n".join(error_of(started.run("panel * 2", "uses"))["traceback"])
        assert "Hint: `panel` is defined in cell 3 of this notebook" in traceback
        shown = "from types import SimpleNamespace as R\nR(status='wrong', title='t', message='m')"
        started.run(shown, "exercise")
        assert not (tmp_path / ".course_progress.json").exists()  # recording needs start()
    finally:
        started.stop()


def test_a_missing_dependency_is_named_from_the_package_metadata(monkeypatch):
    # the list comes from pyproject's dependencies as installed, so it cannot drift (a
    # hand-kept list still named ipympl after ipympl had left the project)
    from autograd import course

    installed = importlib.metadata.requires(course.DISTRIBUTION)
    assert installed and course.missing_dependencies() == []
    fake = [*installed, "no-such-package-for-the-course>=1", 'pytest>=8; extra == "dev"']
    monkeypatch.setattr(importlib.metadata, "requires", lambda name: fake)
    assert course.missing_dependencies() == ["no-such-package-for-the-course"]
    problems = course.environment_problems()
    assert any("no-such-package-for-the-course missing from" in p for p in problems)
