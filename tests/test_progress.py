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
    assert (tmp_path / PROGRESS_FILE).read_text().startswith(progress.HEADER + "\n")

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


@pytest.mark.slow
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


def _write_many_started_together(folder: str, worker: int, count: int, go) -> None:  # noqa: ANN001
    go.wait()  # every writer starts at once: the worst case for a lock
    _write_many(folder, worker, count)


@pytest.mark.slow
def test_eight_kernels_writing_two_hundred_verdicts_each_lose_none(tmp_path: Path) -> None:
    """8 processes x 200 verdicts, every one kept (a lock that queues, not one
    that polls and lets a waiting writer starve)."""
    workers, count = 8, 200
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    go = context.Event()
    processes = [
        context.Process(target=_write_many_started_together, args=(str(tmp_path), w, count, go))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    go.set()
    for process in processes:
        process.join(300)
        assert process.exitcode == 0
    verdicts = progress.read(tmp_path)
    assert len(verdicts) == workers * count
    assert {f"w{w}-c{i}" for w in range(workers) for i in range(count)} == set(verdicts)
    assert not list(tmp_path.glob("*.tmp"))


def test_the_progress_file_keeps_the_permissions_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        start_recording(tmp_path)
        progress.record(Result("correct"))
    finally:
        os.umask(old)
    assert (tmp_path / PROGRESS_FILE).stat().st_mode & 0o777 == 0o644


def test_a_long_message_is_stored_shortened(tmp_path: Path) -> None:
    """Write less per verdict: the map shows a message as a tooltip, a few lines at most."""
    start_recording(tmp_path)
    progress.record(Result("wrong", message="x" * 10_000))
    stored = progress.read(tmp_path)["cell-1"].message
    assert 100 < len(stored) <= progress.MESSAGE_LIMIT and stored.endswith("…")
    assert (tmp_path / PROGRESS_FILE).stat().st_size < 2_000


def test_a_file_of_the_first_layout_is_read_and_kept(tmp_path: Path) -> None:
    old = {"notebook": "01_first.ipynb", "status": "correct", "time": 1.0}
    old.update(title="check_slope", message="right")
    (tmp_path / PROGRESS_FILE).write_text(json.dumps({"version": 1, "verdicts": {"a": old}}))
    assert progress.read(tmp_path)["a"].status == "correct"
    start_recording(tmp_path, "b")
    progress.record(Result("wrong"))
    assert {k: v.status for k, v in progress.read(tmp_path).items()} == {
        "a": "correct",
        "b": "wrong",
    }


def test_a_line_cut_short_by_a_crash_loses_only_that_verdict(tmp_path: Path) -> None:
    start_recording(tmp_path, "a")
    progress.record(Result("correct"))
    with (tmp_path / PROGRESS_FILE).open("a") as handle:
        handle.write('{"cell":"b","status":"wr')
    assert set(progress.read(tmp_path)) == {"a"}


def test_a_long_journal_is_compacted_to_the_latest_verdict_per_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "COMPACT_BYTES", 2_000)
    start_recording(tmp_path, "a")
    for status in ["wrong", "correct"] * 20:
        progress.record(Result(status))
    assert (tmp_path / PROGRESS_FILE).stat().st_size <= 2_000 + 300
    assert progress.read(tmp_path)["a"].status == "correct"


def test_forget_drops_only_the_named_cells(tmp_path: Path) -> None:
    for cell in ("a", "b"):
        start_recording(tmp_path, cell)
        progress.record(Result("correct"))
    progress.forget(tmp_path, ["a", "not-there"])
    assert set(progress.read(tmp_path)) == {"b"}


def _write_many_without_fcntl(folder: str, worker: int, count: int) -> None:
    import sys

    sys.modules["fcntl"] = None  # type: ignore[assignment]  # as in Pyodide or on Windows
    _write_many(folder, worker, count)


@pytest.mark.slow
def test_without_fcntl_the_lock_file_keeps_every_verdict_too(tmp_path: Path) -> None:
    workers, count = 4, 50
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    processes = [
        context.Process(target=_write_many_without_fcntl, args=(str(tmp_path), w, count))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    assert len(progress.read(tmp_path)) == workers * count
    assert not (tmp_path / (progress.LOCK_FILE + ".held")).exists()
