"""The workbook command: blanks the answers, and is safe to run again at any time.

Every safety rule of the command has a test here: it never writes into the folder it copies
from (also through a symlink or a relative path), never loses a learner's edit (a backup even
with --force), reports honestly which files it kept and refreshes the untouched ones when the
course changed, and answers a wrong or read-only destination or a damaged notebook with one
line instead of a traceback.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import nbformat
import pytest

from autograd.workbook import MANIFEST, blank_answers, main, make_workbook

REPO = Path(__file__).resolve().parent.parent


def write_notebook(path: Path, *sources: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}")]
    for source in sources:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("stream", text="old output\n")]
        cell.execution_count = 7
        nb.cells.append(cell)
    nbformat.write(nb, path)


@pytest.fixture
def course(tmp_path: Path) -> Path:
    source = tmp_path / "notebooks"
    source.mkdir()
    write_notebook(source / "01_first.ipynb", "x = 2 + 2  # answer\ncheck(x)")
    write_notebook(source / "02_second.ipynb", "y = 3  # answer", "print(y)")
    return source


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# ----------------------------------------------------------------------------- the copy
def test_blank_answers_keeps_assignment_targets_and_indentation() -> None:
    source = "\n".join(
        [
            "a.grad = b.data * e.grad  # answer",
            "slope_a, slope_b = 1.0, 2.0  # answer",
            "for node in order:",
            "    child.grad += local * node.grad  # answer",
            "x == 3  # answer",
            "print(a.grad)  # not an answer line",
        ]
    )
    assert blank_answers(source).split("\n") == [
        "a.grad = ...  # your turn",
        "slope_a, slope_b = ..., ...  # your turn",
        "for node in order:",
        "    ...  # your turn",
        "...  # your turn",
        "print(a.grad)  # not an answer line",
    ]


def test_copy_blanks_answers_clears_outputs_keeps_ids_and_marks_exercises(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "workbook"
    status, out, err = run(capsys, "--source", str(course), "--dest", str(dest))
    assert status == 0 and not err
    assert "wrote 2 new notebook(s)" in out
    original = nbformat.read(course / "01_first.ipynb", as_version=4)
    copy = nbformat.read(dest / "01_first.ipynb", as_version=4)
    nbformat.validate(copy)
    code = [c for c in copy.cells if c.cell_type == "code"]
    assert code[0].source == "x = ...  # your turn\ncheck(x)"
    assert code[0].outputs == [] and code[0].execution_count is None
    assert code[0].metadata["exercise"] is True
    assert "Workbook copy" in copy.cells[1].source
    # cell ids survive the copy: the course map matches verdicts to exercises by id
    assert code[0].id == original.cells[1].id
    # the solutions keep their answers and outputs
    assert "2 + 2" in original.cells[1].source and original.cells[1].outputs


def test_the_course_notebooks_blank_into_valid_python(tmp_path: Path) -> None:
    make_workbook(REPO / "notebooks", tmp_path)
    blanks = 0
    for path in sorted(tmp_path.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                code = "\n".join(
                    line for line in cell.source.split("\n") if not line.startswith("%")
                )
                ast.parse(code)  # still valid Python with the blanks in
                blanks += code.count("# your turn")
                assert "# answer" not in code
    assert blanks > 0


# ---------------------------------------------------------------- never into the source
@pytest.mark.parametrize("how", ["same", "relative", "symlink", "inside"])
def test_refuses_to_write_into_the_folder_it_copies_from(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, how: str,
) -> None:  # fmt: skip
    before = {p.name: p.read_bytes() for p in course.iterdir()}
    monkeypatch.chdir(tmp_path)
    if how == "same":
        dest = "notebooks"
    elif how == "relative":
        (tmp_path / "elsewhere").mkdir()
        dest = "elsewhere/../notebooks/."
    elif how == "symlink":
        (tmp_path / "link").symlink_to(course, target_is_directory=True)
        dest = "link"
    else:
        dest = "notebooks/practice"
    status, out, err = run(capsys, "--dest", dest, "--force")
    assert status == 1 and not out
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "the folder the notebooks are copied from" in err
    assert {p.name: p.read_bytes() for p in course.iterdir()} == before


def test_a_symlinked_workbook_file_is_replaced_not_written_through(
    course: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    solution = course / "01_first.ipynb"
    before = solution.read_bytes()
    (dest / "01_first.ipynb").unlink()
    (dest / "01_first.ipynb").symlink_to(solution)
    make_workbook(course, dest, overwrite=True)
    assert solution.read_bytes() == before
    assert not (dest / "01_first.ipynb").is_symlink()
    assert "x = ...  # your turn" in (dest / "01_first.ipynb").read_text()


# ----------------------------------------------------------------- never lose an edit
def test_edited_notebooks_are_kept_and_named_untouched_ones_refreshed(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "workbook"
    run(capsys, "--source", str(course), "--dest", str(dest))
    edit(dest / "01_first.ipynb", "x = ...", "x = 4")  # the learner's work

    # the course changes: both notebooks get a new cell
    for name in ("01_first.ipynb", "02_second.ipynb"):
        nb = nbformat.read(course / name, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("A new section."))
        nbformat.write(nb, course / name)

    status, out, _ = run(capsys, "--source", str(course), "--dest", str(dest))
    assert status == 0
    assert "x = 4" in (dest / "01_first.ipynb").read_text()
    assert "A new section." in (dest / "02_second.ipynb").read_text()
    assert "refreshed 1 you had not edited, because the course changed (02_second.ipynb)" in out
    assert "kept 1 notebook(s) you edited: 01_first.ipynb (the course changed since)" in out

    # nothing changed since: the untouched one is up to date, the edited one still kept
    status, out, _ = run(capsys, "--source", str(course), "--dest", str(dest))
    assert "1 already up to date" in out and "kept 1 notebook(s) you edited: 01_first" in out
    assert "x = 4" in (dest / "01_first.ipynb").read_text()


def test_force_backs_up_every_edited_notebook_before_replacing_it(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    edit(dest / "01_first.ipynb", "x = ...", "x = 4")
    edited = (dest / "01_first.ipynb").read_bytes()

    status, out, _ = run(capsys, "--source", str(course), "--dest", str(dest), "--force")
    assert status == 0
    assert "x = ...  # your turn" in (dest / "01_first.ipynb").read_text()
    backups = list((dest / "backups").glob("01_first-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert "replaced 1 notebook(s) you had edited (--force)" in out and str(backups[0]) in out
    # the untouched one is not backed up (nothing of the learner's in it)
    assert not list((dest / "backups").glob("02_second-*"))

    # a second --force within the same second keeps both backups
    edit(dest / "01_first.ipynb", "x = ...", "x = 5")
    make_workbook(course, dest, overwrite=True)
    assert len(list((dest / "backups").glob("01_first-*.ipynb"))) == 2


def test_a_workbook_without_manifest_counts_every_file_as_edited(
    course: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    edit(dest / "02_second.ipynb", "y = ...", "y = 3")
    (dest / MANIFEST).write_text("{ damaged")  # or made by the old command, without one
    report = make_workbook(course, dest)
    assert report.kept == ["02_second.ipynb"] and report.unchanged == ["01_first.ipynb"]
    assert "y = 3" in (dest / "02_second.ipynb").read_text()


def test_a_new_course_notebook_is_added_next_to_the_learners_work(
    course: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    edit(dest / "01_first.ipynb", "x = ...", "x = 4")
    write_notebook(course / "03_third.ipynb", "z = 1  # answer")
    report = make_workbook(course, dest)
    assert report.written == ["03_third.ipynb"] and report.kept == ["01_first.ipynb"]


# ------------------------------------------------------------------ one clear line
def test_a_destination_that_is_a_file_is_one_line(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "workbook").write_text("not a folder")
    status, _, err = run(capsys, "--source", str(course), "--dest", str(tmp_path / "workbook"))
    assert status == 1 and err.count("\n") == 1
    assert "is a file, not a folder" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_a_read_only_destination_is_one_line(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "workbook"
    dest.mkdir()
    dest.chmod(0o500)
    try:
        status, _, err = run(capsys, "--source", str(course), "--dest", str(dest))
    finally:
        dest.chmod(0o700)
    assert status == 1 and err.count("\n") == 1 and "permission denied" in err


def test_an_unwritable_destination_is_one_line_even_for_root(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc refuses everyone, root included: the same path through the command as a
    # read-only folder, testable on this machine where the tests run as root.
    status, _, err = run(capsys, "--source", str(course), "--dest", "/proc/workbook")
    assert status == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: cannot create the folder /proc/workbook/")


def test_a_damaged_notebook_is_one_line_and_the_others_are_still_copied(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "03_broken.ipynb").write_text('{"cells": [')
    dest = tmp_path / "workbook"
    status, out, err = run(capsys, "--source", str(course), "--dest", str(dest))
    assert status == 1
    assert err.count("\n") == 1 and "03_broken.ipynb: not a readable notebook" in err
    assert "wrote 2 new notebook(s)" in out
    assert not (dest / "03_broken.ipynb").exists()


def test_no_notebooks_in_the_source_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "--source", str(tmp_path / "none"), "--dest", str(tmp_path))
    assert status == 1 and "no notebooks" in err and err.count("\n") == 1


@pytest.mark.slow
def test_runs_as_a_module(course: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "autograd.workbook", "--source", str(course),
         "--dest", str(tmp_path / "wb")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "wb").glob("*.ipynb")) == [
        "01_first.ipynb",
        "02_second.ipynb",
    ]


@pytest.mark.parametrize(
    ("target", "opens"),
    [("lab", "notebooks/00_course_map.ipynb"), ("workbook", "workbook/00_course_map.ipynb")],
)
def test_make_lab_and_workbook_root_jupyterlab_where_both_folders_are(
    target: str, opens: str
) -> None:
    import shlex
    import subprocess

    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    lab_line = next(i for i, line in enumerate(planned) if "jupyter lab" in line)
    lab = shlex.split(planned[lab_line])
    assert "--ServerApp.root_dir=." in lab  # the repository: notebooks/ and workbook/ inside
    assert lab[-1] == opens
    if target == "workbook":  # made or refreshed first
        assert planned.index(".venv/bin/python -m autograd.workbook") < lab_line


# ------------------------------------------------------------ the files the course writes
def test_workbook_copies_get_the_permissions_the_umask_gives(course: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        make_workbook(course, tmp_path / "workbook")
    finally:
        os.umask(old)
    for path in (tmp_path / "workbook").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path.name


@pytest.mark.parametrize("minor", [4, 5])
def test_a_copy_of_an_older_notebook_is_a_valid_notebook_of_its_version(
    tmp_path: Path, minor: int
) -> None:
    """nbformat 4.4 has no cell ids: the inserted note must not bring one."""
    source = tmp_path / "notebooks"
    source.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = minor
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Old"),
        nbformat.v4.new_code_cell("x = 2  # answer"),
    ]
    if minor < 5:
        for cell in nb.cells:
            del cell["id"]
    nbformat.validate(nb)  # the source itself is valid
    (source / "01_old.ipynb").write_text(nbformat.writes(nb, version=nbformat.NO_CONVERT))
    make_workbook(source, tmp_path / "workbook")
    copy = nbformat.read(tmp_path / "workbook" / "01_old.ipynb", as_version=nbformat.NO_CONVERT)
    assert copy.nbformat_minor == minor
    nbformat.validate(copy)
    assert all(("id" in cell) == (minor >= 5) for cell in copy.cells)
    assert "x = ...  # your turn" in copy.cells[2].source


def test_a_replaced_notebook_forgets_its_verdicts_and_a_kept_one_keeps_them(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After `make workbook --force` blanks the notebooks, the map must not still
    say "right" for answers that are gone."""
    from autograd import progress

    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    ids = {}
    for name in ("01_first.ipynb", "02_second.ipynb"):
        cells = nbformat.read(dest / name, as_version=4).cells
        ids[name] = [c.id for c in cells if c.cell_type == "code"]
    for name, cells in ids.items():
        progress.record_verdict(dest, cells[0], progress.Verdict("correct", "t", "m", name))
    edit(dest / "01_first.ipynb", "x = ...", "x = 4")
    edit(dest / "02_second.ipynb", "y = ...", "y = 3")

    make_workbook(course, dest)  # without --force: both kept, verdicts kept
    assert set(progress.read(dest)) == {ids["01_first.ipynb"][0], ids["02_second.ipynb"][0]}

    make_workbook(course, dest, overwrite=True)  # both blanked again: nothing is right
    assert progress.read(dest) == {}


def test_running_a_notebook_does_not_count_as_editing_it(course: Path, tmp_path: Path) -> None:
    """Running the map (outputs, execution counts, widget state saved) is not an
    edit: the next `make workbook` refreshes it instead of keeping it as the learner's."""
    dest = tmp_path / "workbook"
    make_workbook(course, dest)
    ran = nbformat.read(dest / "01_first.ipynb", as_version=4)
    for cell in ran.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", text="ran\n")]
            cell.execution_count = 3
    ran.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(ran, dest / "01_first.ipynb")
    report = make_workbook(course, dest)
    assert "01_first.ipynb" not in report.kept and "01_first.ipynb" in report.unchanged
    edit(course / "01_first.ipynb", "check(x)", "check(x, 4)")  # the course changes
    report = make_workbook(course, dest)
    assert report.refreshed == ["01_first.ipynb"] and not report.kept
