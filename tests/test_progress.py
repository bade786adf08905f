"""The progress file: write, read, reset, concurrent notebooks, damaged or read-only files.

The results handed to `record` are a tiny local dataclass with the attributes every check's
result has (`status`, `title`, `message`), so these tests do not depend on the checks.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograd import progress
from autograd.progress import PROGRESS_FILE, ProgressError, Verdict


@dataclass
class Result:
    status: str
    title: str = "check_slope"
    message: str = "slope = 2.0, right"


@pytest.fixture(autouse=True)
def recording_off() -> Iterator[None]:
    """Each test starts, and leaves the module, with recording switched off."""
    progress.disable()
    progress._said.clear()
    yield
    progress.disable()
    progress._said.clear()


def start_recording(folder: Path, cell_id: str = "cell-1") -> None:
    progress.enable(folder, "01_first.ipynb")
    progress.set_current_cell(cell_id)


def test_nothing_is_written_unless_the_course_started(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    progress.set_current_cell("cell-1")
    progress.record(Result("correct"))
    assert list(tmp_path.iterdir()) == []


def test_record_read_and_reset(tmp_path: Path) -> None:
    start_recording(tmp_path, "cell-1")
    progress.record(Result("wrong", message="slope = 3.0, expected 2.0"))
    progress.record(Result("correct"))  # the latest verdict wins
    progress.set_current_cell("cell-2")
    progress.record(Result("unanswered", title="check_partials", message="not answered yet"))

    verdicts = progress.read(tmp_path)
    assert {key: v.status for key, v in verdicts.items()} == {
        "cell-1": "correct",
        "cell-2": "unanswered",
    }
    assert verdicts["cell-2"].title == "check_partials"
    assert verdicts["cell-1"].notebook == "01_first.ipynb"
    assert json.loads((tmp_path / PROGRESS_FILE).read_text())["version"] == 1

    progress.reset(tmp_path)
    assert progress.read(tmp_path) == {}


def test_a_check_outside_any_cell_or_with_an_odd_result_records_nothing(tmp_path: Path) -> None:
    start_recording(tmp_path)
    progress.set_current_cell(None)  # e.g. a widget callback after the cell finished
    progress.record(Result("correct"))
    progress.set_current_cell("cell-1")
    progress.record(Result("maybe"))
    progress.record(object())
    progress.record(None)
    assert progress.read(tmp_path) == {}


def test_separate_folders_keep_separate_progress(tmp_path: Path) -> None:
    solutions, workbook = tmp_path / "notebooks", tmp_path / "workbook"
    solutions.mkdir(), workbook.mkdir()
    start_recording(solutions)
    progress.record(Result("correct"))
    start_recording(workbook)
    progress.record(Result("wrong"))
    assert progress.read(solutions)["cell-1"].status == "correct"
    assert progress.read(workbook)["cell-1"].status == "wrong"


def _write_many(folder: str, worker: int, count: int) -> None:
    for i in range(count):
        verdict = Verdict("correct", f"check {worker}-{i}", "right")
        progress.record_verdict(Path(folder), f"w{worker}-c{i}", verdict)


def test_concurrent_notebooks_lose_no_verdict(tmp_path: Path) -> None:
    workers, count = 4, 25
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    processes = [
        context.Process(target=_write_many, args=(str(tmp_path), w, count)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    verdicts = progress.read(tmp_path)
    assert len(verdicts) == workers * count
    assert not list(tmp_path.glob("*.tmp"))  # every temporary file was renamed into place


def test_a_damaged_file_is_one_clear_message_and_never_breaks_a_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / PROGRESS_FILE).write_text('{"verdicts": {"cell-1": ')
    start_recording(tmp_path)
    progress.record(Result("correct"))  # must not raise
    progress.record(Result("wrong"))
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # once, not per check
    assert "is damaged" in err and "Reset my progress" in err and "not affected" in err
    with pytest.raises(ProgressError, match="damaged"):
        progress.read(tmp_path)
    # the file is left as it was (nothing more lost), and Reset cures it
    assert (tmp_path / PROGRESS_FILE).read_text() == '{"verdicts": {"cell-1": '
    progress.reset(tmp_path)
    progress.record(Result("correct"))
    assert progress.read(tmp_path)["cell-1"].status == "correct"


def test_a_file_of_the_wrong_shape_counts_as_damaged(tmp_path: Path) -> None:
    (tmp_path / PROGRESS_FILE).write_text('{"verdicts": {"cell-1": {"grade": "A"}}}')
    with pytest.raises(ProgressError, match="damaged"):
        progress.read(tmp_path)


def test_an_unwritable_folder_is_one_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses every write, root's too (these tests may run as root).
    start_recording(Path("/proc"))
    progress.record(Result("correct"))
    progress.record(Result("correct"))
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("Your progress was not saved: cannot write in /proc")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only files")
def test_a_read_only_progress_file_is_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start_recording(tmp_path)
    progress.record(Result("correct"))
    tmp_path.chmod(0o500)
    try:
        progress.record(Result("wrong"))
    finally:
        tmp_path.chmod(0o700)
    assert "Your progress was not saved" in capsys.readouterr().err
    assert progress.read(tmp_path)["cell-1"].status == "correct"
