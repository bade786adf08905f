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

REPO = Path(__file__).resolve().parent.parent


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


def test_the_widget_resets_with_one_click_and_reports_a_damaged_file(folder: Path) -> None:
    progress.record_verdict(folder, "ex-b", Verdict("wrong", "t", "m"))
    course_map = CourseMap(folder, refresh_seconds=0)
    assert "data-status='wrong'" in course_map.table.value
    course_map.reset_button.click()
    assert progress.read(folder) == {}
    assert "data-status='wrong'" not in course_map.table.value

    (folder / progress.PROGRESS_FILE).write_text("{ damaged")
    course_map.refresh_button.click()
    assert "is damaged" in course_map.table.value and "Reset my progress" in course_map.table.value
    course_map.reset_button.click()
    assert "is damaged" not in course_map.table.value
    course_map.close()


def test_the_map_sees_verdicts_from_other_notebooks_by_itself(folder: Path) -> None:
    course_map = CourseMap(folder, refresh_seconds=0.05)
    try:
        assert "0 of 2 exercises right" in course_map.table.value
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
