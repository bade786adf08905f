"""The learner's progress: the latest verdict of each exercise, in a small local file.

Each check's verdict is written to `.course_progress.json` in the notebook's own folder
(so `notebooks/` and `workbook/` keep separate progress), keyed by the id of the cell that
ran the check: JupyterLab sends that id with every execution, the workbook copy keeps it,
and so the course map can put each verdict beside the exercise cell it belongs to, after a
kernel restart too. The file never leaves the machine and never goes into the package.

Recording is switched on only by `autograd.course.start()` (each course notebook's first
cell), so running a check anywhere else (a unit test, a script) writes nothing. `record`
never raises: a damaged or read-only progress file is one message, once, and the check's
verdict is shown as always. Several notebooks may record at the same time: every write
re-reads the file under a lock and replaces it atomically, so no verdict is lost.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from autograd.files import reason, write_atomically

PROGRESS_FILE = ".course_progress.json"
LOCK_FILE = ".course_progress.lock"
STATUSES = ("correct", "wrong", "unanswered")
LOCK_TIMEOUT = 5.0  # seconds; a write takes milliseconds, so waiting longer means trouble


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
    """Store `verdict` for `cell_id` in `folder`'s progress file, keeping everything else."""

    def put(verdicts: dict[str, Verdict]) -> None:
        verdicts[cell_id] = verdict

    _update(Path(folder), put)


def read(folder: Path) -> dict[str, Verdict]:
    """Cell id -> latest verdict, from `folder`'s progress file (empty when there is none)."""
    return _load(Path(folder) / PROGRESS_FILE)


def reset(folder: Path) -> None:
    """Forget every verdict of `folder` (the course map's "Reset my progress" button).

    Also the cure for a damaged file: it is replaced, not read.
    """
    _update(Path(folder), lambda verdicts: verdicts.clear(), read_first=False)


def _load(path: Path) -> dict[str, Verdict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ProgressError(f"cannot read {path} ({reason(error)})") from None
    try:
        data = json.loads(text)
        entries = data["verdicts"]
        verdicts = {str(key): Verdict(**entry) for key, entry in entries.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ProgressError(
            f"{path} is damaged; press 'Reset my progress' on the course map to start it afresh"
        ) from None
    return {key: v for key, v in verdicts.items() if v.status in STATUSES}


def _update(
    folder: Path, change: Callable[[dict[str, Verdict]], None], read_first: bool = True
) -> None:
    """Read-modify-write under the folder's lock, so concurrent notebooks merge."""
    path = folder / PROGRESS_FILE
    with _locked(folder):
        verdicts = _load(path) if read_first else {}
        change(verdicts)
        payload = {"version": 1, "verdicts": {key: asdict(v) for key, v in verdicts.items()}}
        try:
            write_atomically(path, json.dumps(payload, indent=1, sort_keys=True) + "\n")
        except OSError as error:
            raise ProgressError(f"cannot write {path} ({reason(error)})") from None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: atomic replace still keeps the file whole
        yield
        return
    try:
        handle = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 - held for the with-block
    except OSError as error:
        raise ProgressError(f"cannot write in {folder} ({reason(error)})") from None
    with handle:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ProgressError(
                        f"{folder / LOCK_FILE} stayed locked for {LOCK_TIMEOUT:.0f} s"
                    ) from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _say_once(message: str) -> None:
    if message in _said:
        return
    _said.add(message)
    print(message, file=sys.stderr)
