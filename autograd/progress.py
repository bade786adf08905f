"""The learner's progress: the latest verdict of each exercise, in a small local file.

Each check's verdict is written to `.course_progress.json` in the notebook's own folder
(so `notebooks/` and `workbook/` keep separate progress), keyed by the id of the cell that
ran the check: JupyterLab sends that id with every execution, the workbook copy keeps it,
and so the course map can put each verdict beside the exercise cell it belongs to, after a
kernel restart too. The file never leaves the machine and never goes into the package.

Recording is switched on only by `autograd.course.start()` (each course notebook's first
cell), so running a check anywhere else (a unit test, a script) writes nothing. `record`
never raises: a damaged or read-only progress file is one message, once, and the check's
verdict is shown as always.

Several kernels may record at the same time (8 notebooks x 200 checks is tested): every write
re-reads the file under a lock and replaces it atomically, so no verdict is lost. The lock is
`fcntl.flock` *waiting* in the kernel's queue (a writer that polls can starve while others
take turns), for up to `LOCK_TIMEOUT` seconds; where there is no `fcntl` (Windows, Pyodide in
JupyterLite) a lock file created exclusively stands in.

Each write is small: the file is a journal, a header line and then one line of compact JSON
per verdict, appended (the latest line of a cell wins; long messages are shortened, the map
shows them as a tooltip). A file grown past `COMPACT_BYTES` is rewritten once with only the
latest verdict per cell; a file of the older layout (one JSON object) is read and rewritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from autograd.files import reason, write_atomically

PROGRESS_FILE = ".course_progress.json"
LOCK_FILE = ".course_progress.lock"
STATUSES = ("correct", "wrong", "unanswered")
# seconds; a write takes milliseconds, but a queue of busy kernels on a loaded machine may
# take a while: waiting this long means a writer is stuck, not merely busy
LOCK_TIMEOUT = 60.0
MESSAGE_LIMIT = 300  # characters of a verdict's message kept in the file
HEADER = '{"course_progress":2}'  # the file's first line; then one verdict per line
COMPACT_BYTES = 1_000_000  # a longer file is rewritten with the latest verdict per cell only


class ProgressError(Exception):
    """The progress file cannot be read or written; the message says what to do."""


@dataclass(frozen=True)
class Verdict:
    """The latest verdict of one exercise cell."""

    status: str
    title: str
    message: str
    notebook: str = ""  # file name of the notebook that ran it, when known
    time: float = 0.0  # seconds since the epoch


# What `course.start()` turned on in this kernel (nothing until then).
_folder: Path | None = None
_notebook: str = ""
_cell_id: str | None = None
_said: set[str] = set()


def enable(folder: Path, notebook: str = "") -> None:
    """Record verdicts into `folder`'s progress file from now on (called by course.start)."""
    global _folder, _notebook
    _folder, _notebook = Path(folder), notebook


def disable() -> None:
    """Stop recording (the state before `course.start()`)."""
    global _folder, _cell_id
    _folder, _cell_id = None, None


def enabled_folder() -> Path | None:
    """Where this kernel records verdicts, or None when recording is off."""
    return _folder


def set_current_cell(cell_id: str | None) -> None:
    """The id of the cell now running (set before each cell, cleared after it)."""
    global _cell_id
    _cell_id = cell_id or None


def record(result: object) -> None:
    """Record a check's result (`.status`, `.title`, `.message`) for the cell now running.

    A no-op unless `course.start()` ran in this kernel, or when the running cell's id is
    unknown (a front end that does not send it, a widget callback). Never raises.
    """
    try:
        folder, cell_id = _folder, _cell_id
        status = getattr(result, "status", None)
        if folder is None or cell_id is None or status not in STATUSES:
            return
        verdict = Verdict(
            status=str(status),
            title=str(getattr(result, "title", "")),
            message=str(getattr(result, "message", "")),
            notebook=_notebook,
            time=time.time(),
        )
        record_verdict(folder, cell_id, verdict)
    except ProgressError as error:
        _say_once(f"Your progress was not saved: {error}. The verdict above is not affected.")
    except Exception as error:  # a check must never break because of its bookkeeping
        _say_once(
            f"Your progress was not saved ({type(error).__name__}: {error}). "
            "The verdict above is not affected."
        )


def record_verdict(folder: Path, cell_id: str, verdict: Verdict) -> None:
    """Store `verdict` for `cell_id` in `folder`'s progress file, keeping everything else.

    One line appended to the file (see the module docstring), so a write costs the same with
    ten verdicts in the file or ten thousand.
    """
    folder = Path(folder)
    if len(verdict.message) > MESSAGE_LIMIT:
        verdict = replace(verdict, message=verdict.message[: MESSAGE_LIMIT - 1] + "…")
    path = folder / PROGRESS_FILE
    line = _line({"cell": cell_id, **asdict(verdict)})
    with _locked(folder):
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                first = handle.readline()
        except FileNotFoundError:
            size, first = 0, b""
        except OSError as error:
            raise ProgressError(f"cannot read {path} ({reason(error)})") from None
        if size == 0 or first.rstrip(b"\n") != HEADER.encode() or size > COMPACT_BYTES:
            # new, an older layout, or long: one full rewrite (a damaged file raises here)
            verdicts = _load(path) if size else {}
            verdicts[cell_id] = verdict
            _write_all(path, verdicts)
            return
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, line.encode("utf-8"))  # one write: a whole line or nothing
            finally:
                os.close(fd)
        except OSError as error:
            raise ProgressError(f"cannot write {path} ({reason(error)})") from None


def read(folder: Path) -> dict[str, Verdict]:
    """Cell id -> latest verdict, from `folder`'s progress file (empty when there is none)."""
    return _load(Path(folder) / PROGRESS_FILE)


def reset(folder: Path) -> None:
    """Forget every verdict of `folder` (the course map's "Reset my progress" button).

    Also the cure for a damaged file: it is replaced, not read.
    """
    folder = Path(folder)
    with _locked(folder):
        _write_all(folder / PROGRESS_FILE, {})


def forget(folder: Path, cell_ids: Iterable[str]) -> None:
    """Forget the verdicts of these cells (the workbook replaced the notebook they were in)."""
    folder, forgotten = Path(folder), set(cell_ids)
    path = folder / PROGRESS_FILE
    if not path.exists():
        return
    with _locked(folder):
        verdicts = _load(path)
        if forgotten & set(verdicts):
            _write_all(path, {k: v for k, v in verdicts.items() if k not in forgotten})


def _line(entry: dict[str, object]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_all(path: Path, verdicts: dict[str, Verdict]) -> None:
    lines = [HEADER + "\n"] + [_line({"cell": k, **asdict(v)}) for k, v in verdicts.items()]
    try:
        write_atomically(path, "".join(lines))
    except OSError as error:
        raise ProgressError(f"cannot write {path} ({reason(error)})") from None


def _load(path: Path) -> dict[str, Verdict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ProgressError(f"cannot read {path} ({reason(error)})") from None
    damaged = ProgressError(
        f"{path} is damaged; press 'Reset my progress' on the course map to start it afresh"
    )
    verdicts: dict[str, Verdict] = {}
    try:
        if not text.startswith(HEADER):
            # version 1: one JSON object {"version": 1, "verdicts": {cell id: verdict}}
            entries = json.loads(text)["verdicts"]
            verdicts = {str(key): Verdict(**entry) for key, entry in entries.items()}
        else:
            lines = text.split("\n")[1:]
            if lines and lines[-1] and not text.endswith("\n"):
                lines.pop()  # a line cut short by a crash mid-write: only that verdict is lost
            for line in filter(None, lines):
                entry = json.loads(line)
                cell_id = str(entry.pop("cell"))
                verdicts[cell_id] = Verdict(**entry)  # the latest line wins
    except (ValueError, KeyError, TypeError, AttributeError):
        raise damaged from None
    return {key: v for key, v in verdicts.items() if v.status in STATUSES}


class _TimedOut(Exception):
    pass


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock for the with-block: one writer at a time, the others queued."""
    try:
        import fcntl

        flock = fcntl.flock
    except (ImportError, AttributeError):
        with _exclusive_file_lock(folder):
            yield
        return
    try:
        handle = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 - held for the with-block
    except OSError as error:
        raise ProgressError(f"cannot write in {folder} ({reason(error)})") from None
    with handle:
        try:
            _wait_for(flock, handle.fileno(), fcntl.LOCK_EX, fcntl.LOCK_NB)
        except OSError:  # a file system without flock (some network mounts, emscripten)
            with _exclusive_file_lock(folder):
                yield
            return
        except _TimedOut:
            raise ProgressError(
                f"{folder / LOCK_FILE} stayed locked for {LOCK_TIMEOUT:.0f} s: another kernel "
                "seems stuck while writing; restart the kernels of the other notebooks"
            ) from None
        try:
            yield
        finally:
            flock(handle.fileno(), fcntl.LOCK_UN)


def _wait_for(flock: Callable[[int, int], None], fd: int, exclusive: int, nonblocking: int) -> None:
    """Take the lock at once if it is free, else wait in the kernel's queue (bounded)."""
    try:
        flock(fd, exclusive | nonblocking)
        return
    except BlockingIOError:
        pass
    # A blocking flock has no timeout of its own: an alarm interrupts it. Signals can only be
    # handled in the main thread (where a kernel runs cells); elsewhere wait unbounded, as
    # the lock is released anyway when the process holding it ends.
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        flock(fd, exclusive)
        return

    def give_up(signum: int, frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, LOCK_TIMEOUT)
    try:
        flock(fd, exclusive)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _exclusive_file_lock(folder: Path) -> Iterator[None]:
    """A lock without fcntl: whoever creates the lock file first holds it.

    A lock file older than `LOCK_TIMEOUT` is taken to be left by a writer that died.
    """
    lock = folder / (LOCK_FILE + ".held")
    deadline = time.monotonic() + LOCK_TIMEOUT
    pause = 0.001
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            os.close(fd)
            break
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > LOCK_TIMEOUT:
                    lock.unlink(missing_ok=True)
                    continue
            except OSError:
                continue
            if time.monotonic() > deadline:
                raise ProgressError(f"{lock} stayed locked for {LOCK_TIMEOUT:.0f} s") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        except OSError as error:
            raise ProgressError(f"cannot write in {folder} ({reason(error)})") from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _say_once(message: str) -> None:
    if message in _said:
        return
    _said.add(message)
    print(message, file=sys.stderr)
