"""The course map: made from the notebooks present, verdicts placed by cell id, one-click reset."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from autograd import progress
from autograd.progress import Verdict
from autograd.widgets.course_map import CourseMap, lessons, render
from autograd.workbook import make_workbook

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def recording_off() -> Iterator[None]:
    progress.disable()
    yield
    progress.disable()


def lesson_notebook(path: Path, title: str, *code: tuple[str, str]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}\n\nIntro words."),
        nbformat.v4.new_markdown_cell(
            "## What you will learn\n- the **sum rule**: `+` passes\n  the grad on;\n"
            "- a `*` node sends the *other* input\n\nText."
        ),
    ]
    for cell_id, source in code:
        cell = nbformat.v4.new_code_cell(source)
        cell["id"] = cell_id
        nb.cells.append(cell)
    nbformat.write(nb, path)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path = tmp_path / "notebooks"
    tmp_path.mkdir()
    lesson_notebook(tmp_path / "00_course_map.ipynb", "0. The map")
    lesson_notebook(
        tmp_path / "01_first.ipynb", "1. First",
        ("setup", "from autograd.course import start"),
        ("ex-a", "slope = 2.0  # answer\ncheck_slope(slope, f, x, h)"),
        ("demo", "print(check_slope(3.0, f, x, h))"),
        ("ex-b", "a.grad = 1.0  # answer"),
    )  # fmt: skip
    lesson_notebook(tmp_path / "02_second.ipynb", "2. Second", ("only", "x = 1"))
    return tmp_path


def test_lessons_come_from_the_notebooks_present(folder: Path) -> None:
    found = lessons(folder)
    assert [(lesson.number, lesson.title) for lesson in found] == [
        (1, "1. First"),
        (2, "2. Second"),
    ]
    first = found[0]
    assert first.learn == [
        "the **sum rule**: `+` passes the grad on;",
        "a `*` node sends the *other* input",
    ]
    assert [(e.cell_id, e.cell, e.name) for e in first.exercises] == [
        ("ex-a", 4, "check_slope"),
        ("ex-b", 6, "a.grad"),
    ]
    assert first.minutes % 5 == 0 and first.minutes >= 5
    assert found[1].exercises == []
    # a notebook added later (an 08, say) appears without touching the map
    lesson_notebook(folder / "08_tensors.ipynb", "8. Tensors")
    assert [lesson.number for lesson in lessons(folder)] == [1, 2, 8]


def test_the_workbook_copy_has_the_same_exercises_by_id(folder: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "workbook"
    make_workbook(folder, workbook)
    copy = lessons(workbook)[0]
    assert [e.cell_id for e in copy.exercises] == ["ex-a", "ex-b"]
    # the learner rewrites the blank line, comment and all: still an exercise (metadata mark)
    path = workbook / "01_first.ipynb"
    path.write_text(path.read_text().replace("slope = ...  # your turn", "slope = 2.0"))
    assert [e.cell_id for e in lessons(workbook)[0].exercises] == ["ex-a", "ex-b"]


def test_an_exercise_whose_check_is_in_the_next_cell_gets_that_cells_verdict(
    tmp_path: Path,
) -> None:
    lesson_notebook(
        tmp_path / "01_split.ipynb", "1. Split",
        ("answer", "slope = 2.0  # answer"),
        ("between", "print(slope)"),
        ("check", "check_slope(slope, f, x, h)"),
        ("later", "check_slope(3.0, f, x, h)"),
    )  # fmt: skip
    (exercise,) = lessons(tmp_path)[0].exercises
    assert exercise.check_cell_ids == ["between", "check"]  # not "later": after its check
    verdicts = {"check": Verdict("correct", "t", "m"), "later": Verdict("wrong", "t", "m")}
    assert exercise.verdict(verdicts) == verdicts["check"]
    assert exercise.verdict({"later": Verdict("wrong", "t", "m")}) is None


def test_render_places_each_verdict_beside_its_exercise(folder: Path) -> None:
    verdicts = {
        "ex-a": Verdict("correct", "check_slope", "slope = 2.0, right"),
        "demo": Verdict("wrong", "check_slope", "a demo of a slip, not an exercise"),
    }
    text = render(folder, verdicts)
    assert "1 of 2 exercises right" in text
    assert text.count("data-status='correct'") == 1
    assert text.count("data-status='none'") == 1  # ex-b never ran; the demo is not counted
    assert "data-status='wrong'" not in text
    assert "slope = 2.0, right" in text
    assert "<b>sum rule</b>" in text and "<code>+</code>" in text
    assert "a <code>*</code> node sends the <i>other</i> input" in text


def test_the_widget_resets_after_asking_and_reports_a_damaged_file(folder: Path) -> None:
    progress.record_verdict(folder, "ex-b", Verdict("wrong", "t", "m"))
    course_map = CourseMap(folder, refresh_seconds=0)
    assert "data-status='wrong'" in course_map.table.value
    assert course_map.confirm_box.layout.display == "none"
    course_map.reset_button.click()  # Reset asks first
    assert course_map.confirm_box.layout.display == "flex"
    assert "Forget all 1 verdicts in notebooks/?" in course_map.confirm_text.value
    assert set(progress.read(folder)) == {"ex-b"}
    course_map.cancel_button.click()  # kept
    assert course_map.confirm_box.layout.display == "none"
    assert set(progress.read(folder)) == {"ex-b"}
    course_map.reset_button.click()
    course_map.confirm_button.click()
    assert course_map.confirm_box.layout.display == "none"
    assert progress.read(folder) == {}
    assert "data-status='wrong'" not in course_map.table.value

    (folder / progress.PROGRESS_FILE).write_text("{ damaged")
    course_map.refresh_button.click()
    assert "is damaged" in course_map.table.value and "Reset my progress" in course_map.table.value
    course_map.reset_button.click()
    course_map.confirm_button.click()
    assert "is damaged" not in course_map.table.value
    course_map.close()


def test_the_map_sees_verdicts_from_other_notebooks_by_itself(folder: Path) -> None:
    course_map = CourseMap(folder, refresh_seconds=0.05)
    try:
        assert "the answers filled in (the solutions): 2 exercises, none run" in (
            course_map.table.value
        )
        progress.record_verdict(folder, "ex-a", Verdict("correct", "t", "m"))  # another kernel
        deadline = time.monotonic() + 10
        while "1 of 2 exercises right" not in course_map.table.value:
            assert time.monotonic() < deadline, "the map did not update"
            time.sleep(0.05)
    finally:
        course_map.close()


def test_the_course_itself_has_a_map_and_exercises_in_every_lesson_with_checks() -> None:
    found = lessons(REPO / "notebooks")
    assert found and found[0].number == 1
    assert sum(len(lesson.exercises) for lesson in found) >= 10
    assert all(lesson.title and lesson.learn for lesson in found)


# ----------------------------------------------------------------------------- issues 18-23
def test_optional_notebooks_and_their_minutes_come_from_the_metadata(folder: Path) -> None:
    path = folder / "03_deeper.ipynb"
    lesson_notebook(path, "3. Deeper", ("ex", "k = 1  # answer"))
    nb = nbformat.read(path, as_version=4)
    nb.metadata["course"] = {"minutes": 35, "optional": True}
    nbformat.write(nb, path)
    deeper = lessons(folder)[-1]
    assert deeper.optional and deeper.minutes == 35
    text = render(folder, {})
    assert "data-optional='true'" in text and ">optional</span>" in text
    assert "~35 min" in text and "plus 35 min for the optional notebooks" in text


def test_the_course_sets_minutes_for_the_map_and_notebooks_09_and_10(tmp_path: Path) -> None:
    by_number = {lesson.number: lesson for lesson in lessons(REPO / "notebooks")}
    for number in (9, 10):
        nb = nbformat.read(by_number[number].path, as_version=4)
        assert 40 <= nb.metadata["course"]["minutes"] <= 90
    course_map = nbformat.read(REPO / "notebooks" / "00_course_map.ipynb", as_version=4)
    assert 3 <= course_map.metadata["course"]["minutes"] <= 15


def test_a_folder_without_course_notebooks_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.ipynb").write_text("{}")
    course_map = CourseMap(tmp_path, refresh_seconds=0)
    assert "No course notebooks here" in course_map.table.value
    assert f"{tmp_path.name}/ has none" in course_map.table.value
    course_map.close()


def test_links_open_the_notebook_inside_jupyterlab_when_its_root_is_known(folder: Path) -> None:
    text = render(folder, {}, folder_in_lab="course/notebooks")
    assert "data-commandlinker-command='docmanager:open'" in text
    assert "data-commandlinker-args='{&quot;path&quot;: &quot;course/notebooks/01_first.ipynb" in (
        text
    )
    assert "href='01_first.ipynb'" in text  # a middle click, or a page without JupyterLab
    plain = render(folder, {})
    assert "commandlinker" not in plain and "href='01_first.ipynb'" in plain


def test_lab_path_is_the_folder_relative_to_the_nearest_server_root(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    import os

    from autograd.widgets.course_map import lab_path

    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    root = folder.parent
    servers = {"1": "/elsewhere", "2": str(root.parent), "3": str(root)}
    for name, server_root in servers.items():
        info = {"pid": os.getpid(), "root_dir": server_root}
        (runtime / f"jpserver-{name}.json").write_text(json.dumps(info))
    started = time.perf_counter()
    assert lab_path(folder) == "notebooks"
    assert time.perf_counter() - started < 1.0  # no jupyter_server import: it takes seconds
    for name in ("2", "3"):
        (runtime / f"jpserver-{name}.json").unlink()
    assert lab_path(folder) is None
    gone = {"pid": 2**22 + 12345, "root_dir": str(root)}  # a stale file of a stopped server
    (runtime / "jpserver-9.json").write_text(json.dumps(gone))
    assert lab_path(folder) is None


def test_in_jupyterlite_the_map_runs_without_threads(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pyodide cannot start a thread; the map works, and says to press Refresh."""
    import threading

    def no_thread(*args: object, **kwargs: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", no_thread)
    course_map = CourseMap(folder)
    assert "Press Refresh" in course_map.status.value
    progress.record_verdict(folder, "ex-a", Verdict("correct", "t", "m"))
    course_map.refresh_button.click()
    assert "1 of 2 exercises right" in course_map.table.value
    course_map.close()


def test_maths_in_the_bullets_is_typeset(folder: Path) -> None:
    import ipywidgets

    course_map = CourseMap(folder, refresh_seconds=0)
    assert isinstance(course_map.table, ipywidgets.HTMLMath)
    course_map.close()


def test_a_blanked_workbook_shows_no_leftover_right_answers(folder: Path, tmp_path: Path) -> None:
    """After `make workbook --force` the map no longer says the old answers are right."""
    workbook = tmp_path / "workbook"
    make_workbook(folder, workbook)
    progress.record_verdict(workbook, "ex-a", Verdict("correct", "t", "m", "01_first.ipynb"))
    nb_path = workbook / "01_first.ipynb"
    nb_path.write_text(nb_path.read_text().replace("slope = ...", "slope = 2.0"))
    assert "1 of 2 exercises right" in render(workbook, progress.read(workbook))
    make_workbook(folder, workbook, overwrite=True)
    assert "0 of 2 exercises right" in render(workbook, progress.read(workbook))
    assert "1 of 2" not in render(workbook, progress.read(workbook))


@pytest.mark.parametrize("target, folder", [("lab", "notebooks"), ("workbook", "workbook")])
def test_the_link_make_prints_opens_the_course_map(target: str, folder: str) -> None:
    """Jupyter prints its default URL; `make lab`/`make workbook` point it at the map
    (checked in a real server: it prints http://127.0.0.1:PORT/lab/tree/<folder>/00_...)."""
    import subprocess

    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lab_line = next(line for line in planned.splitlines() if "jupyter lab" in line)
    assert f"--LabApp.default_url=/lab/tree/{folder}/00_course_map.ipynb" in lab_line
