"""The workbook: practice copies of the notebooks with the exercise answers blanked.

    python -m autograd.workbook [--source notebooks] [--dest workbook] [--force]

copies every notebook of `notebooks/` into `workbook/` with each line that ends in
`# answer` replaced by `... # your turn`, outputs cleared. The solutions stay in
`notebooks/`, to look at after trying.

The command is safe to run again at any time, which is what `make workbook` does:

- it never writes into the folder it copies from (`--dest notebooks`, a symlink to it or a
  folder inside it is refused), and it replaces files by renaming a finished temporary
  file, so it never writes *through* a symlink into the solutions either;
- it never loses a learner's edit. A small manifest (`workbook/.workbook.json`) records a
  hash of what the command wrote, cell types and sources only: running a notebook (outputs,
  execution counts, widget state) is not editing it. A file whose hash still matches is
  untouched and is refreshed when the course changed, a file that differs holds the
  learner's work and is kept, and reported by name. `--force` replaces edited files too,
  after copying each one to `workbook/backups/<name>-<timestamp>.ipynb`;
- a notebook it writes afresh (new, refreshed or replaced) starts with no verdicts: the
  course map's progress for its cells is forgotten, so a blanked copy never shows as right;
- a destination that is a file or not writable, or a notebook that is not valid JSON, is one
  clear line (and exit status 1), never a traceback.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograd import progress
from autograd.files import reason, write_atomically

MANIFEST = ".workbook.json"
BACKUPS = "backups"
# Marks an exercise cell in the copy, so the course map still finds it after the learner
# has rewritten the `# your turn` line (cell ids survive the copy; this survives editing).
EXERCISE_METADATA = "exercise"

# The one definition of the answer marks: a solution line ends in `# answer`; the workbook
# turns it into `... # your turn`. The course map finds exercise cells by either mark.
ANSWER_LINE = re.compile(r"^(?P<indent>\s*)(?P<code>.*?)\s*#\s*answer\s*$")
EXERCISE_LINE = re.compile(r"#\s*(answer|your turn)\s*$", re.MULTILINE)
# a plain assignment `name = ...` / `obj.attr = ...` / `a, b = ...` (not ==, +=, <=, ...)
_ASSIGNMENT = re.compile(r"^(?P<target>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=(?!=)")

WORKBOOK_NOTE = (
    "**Workbook copy.** The lines marked `# your turn` are yours to fill in: replace each "
    "`...` and run the cell; its check tells you at once whether it is right. Some cells "
    "after an exercise use your answer, so fill it in before running on. The answers are in "
    "the same notebook under `notebooks/`: look there after trying."
)


class WorkbookError(Exception):
    """A problem the learner can fix (wrong or unwritable destination): one line, no traceback."""


def blank_answers(source: str) -> str:
    """Replace every line ending in `# answer` by a `...` blank, keeping its indentation.

    `x = 3 * y  # answer` becomes `x = ...  # your turn` (so the check sees `...` and
    says "not answered yet"); any other answer line becomes `...  # your turn`.
    """
    lines = []
    for line in source.split("\n"):
        match = ANSWER_LINE.match(line)
        if not match:
            lines.append(line)
            continue
        indent, code = match["indent"], match["code"]
        assignment = _ASSIGNMENT.match(code)
        if assignment:
            target = assignment["target"]
            blanks = ", ".join("..." for _ in target.split(","))
            lines.append(f"{indent}{target} = {blanks}  # your turn")
        else:
            lines.append(f"{indent}...  # your turn")
    return "\n".join(lines)


@dataclass
class WorkbookReport:
    """What one run did, notebook by notebook (file names, in course order)."""

    dest: Path
    written: list[str] = field(default_factory=list)  # new in the workbook
    refreshed: list[str] = field(default_factory=list)  # untouched copies of a changed notebook
    unchanged: list[str] = field(default_factory=list)  # untouched and already up to date
    kept: list[str] = field(default_factory=list)  # edited by the learner: left alone
    kept_outdated: list[str] = field(default_factory=list)  # kept, and the course changed since
    replaced: list[str] = field(default_factory=list)  # edited, replaced by --force
    backups: list[Path] = field(default_factory=list)  # where --force saved the edited files
    broken: list[str] = field(default_factory=list)  # source notebooks that could not be read
    notes: list[str] = field(default_factory=list)  # anything else the learner should know

    def lines(self) -> list[str]:
        """The summary the command prints: every file accounted for, nothing hidden."""
        out = []
        done = []
        if self.written:
            done.append(f"wrote {len(self.written)} new notebook(s)")
        if self.refreshed:
            done.append(
                f"refreshed {len(self.refreshed)} you had not edited, because the course changed "
                f"({', '.join(self.refreshed)})"
            )
        if self.unchanged:
            done.append(f"{len(self.unchanged)} already up to date")
        if done:
            out.append(f"{self.dest}/: " + "; ".join(done))
        if self.replaced:
            saved = ", ".join(str(path) for path in self.backups)
            out.append(
                f"replaced {len(self.replaced)} notebook(s) you had edited (--force); "
                f"your versions are saved as {saved}"
            )
        if self.kept:
            names = ", ".join(
                f"{name} (the course changed since)" if name in self.kept_outdated else name
                for name in self.kept
            )
            out.append(
                f"kept {len(self.kept)} notebook(s) you edited: {names}; "
                "--force replaces them, after saving a backup of each"
            )
        return out + self.notes


def make_workbook(source: Path, dest: Path, overwrite: bool = False) -> WorkbookReport:
    """Copy every notebook of `source` into `dest`, answers blanked, outputs cleared.

    Untouched copies are refreshed when the course changed; copies the learner edited are
    kept, or with `overwrite` replaced after a timestamped backup. Raises `WorkbookError`
    (one line) for a destination that cannot be used and `FileNotFoundError` when `source`
    has no notebooks; a notebook that cannot be read is listed in the report's `broken`.
    """
    source, dest = Path(source), Path(dest)
    notebooks = sorted(source.glob("*.ipynb")) if source.is_dir() else []
    if not notebooks:
        raise FileNotFoundError(f"no notebooks (*.ipynb) in {source}/: pass --source")
    _refuse_unsafe_destination(source, dest)
    _make_folder(dest)
    manifest = _read_manifest(dest)
    report = WorkbookReport(dest=dest)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    fresh: list[str] = []  # cell ids of the notebooks written afresh
    for path in notebooks:
        name = path.name
        try:
            text = _workbook_copy(path)
        except ValueError as error:
            report.broken.append(f"{path}: {error}")
            continue
        new_hash = _content_hash(text)
        target = dest / name
        written_hash = manifest.get(name)
        if not target.exists() and not target.is_symlink():
            _write(target, text)
            report.written.append(name)
        else:
            current = _file_content_hash(target)
            # a manifest of version 1 holds hashes of whole files
            untouched = current is not None and written_hash in (current, _file_hash(target))
            if current == new_hash:
                report.unchanged.append(name)  # identical: nothing to do, edited or not
                manifest[name] = new_hash
                continue  # its verdicts belong to the learner's runs of this very copy
            elif untouched:
                _write(target, text)
                report.refreshed.append(name)
            elif overwrite:
                report.backups.append(_back_up(target, dest, stamp))
                _write(target, text)
                report.replaced.append(name)
            else:
                report.kept.append(name)
                if written_hash is not None and written_hash != new_hash:
                    report.kept_outdated.append(name)
                continue  # the manifest keeps what *we* wrote: the file stays "edited"
        manifest[name] = new_hash
        fresh.extend(_cell_ids(text))
    if fresh:
        try:
            progress.forget(dest, fresh)  # blank answers have no verdicts yet
        except progress.ProgressError as error:
            report.notes.append(f"the course map may still show old verdicts: {error}")
    _write(dest / MANIFEST, json.dumps({"version": 2, "files": manifest}, indent=1) + "\n")
    return report


def _refuse_unsafe_destination(source: Path, dest: Path) -> None:
    """Never write into the folder we copy from: it holds the solutions."""
    real_source, real_dest = source.resolve(), dest.resolve()  # follows symlinks and `..`
    if real_dest == real_source or real_source in real_dest.parents:
        where = "is" if real_dest == real_source else "is inside"
        raise WorkbookError(
            f"--dest {dest} {where} the folder the notebooks are copied from ({source}): "
            "the workbook needs a folder of its own, e.g. --dest workbook"
        )
    if dest.exists() and not dest.is_dir():
        raise WorkbookError(f"--dest {dest} is a file, not a folder: pass another --dest")


def _make_folder(dest: Path) -> None:
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkbookError(f"cannot create the folder {dest}/: {reason(error)}") from None
    if not os.access(dest, os.W_OK | os.X_OK):
        raise WorkbookError(
            f"cannot write into {dest}/ (permission denied): pass another --dest, "
            "or make the folder writable"
        )


def _workbook_copy(path: Path) -> str:
    """The workbook version of one notebook, as the exact text written to disk."""
    import nbformat  # here: only this command needs it

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises many kinds for a damaged file
        raise ValueError(f"not a readable notebook ({_first_line(error)})") from None
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        blanked = blank_answers(cell.source)
        if blanked != cell.source:
            cell.metadata[EXERCISE_METADATA] = True
        cell.source = blanked
        cell.outputs = []
        cell.execution_count = None
    if nb.cells:
        note = nbformat.v4.new_markdown_cell(WORKBOOK_NOTE)
        if nb.nbformat_minor >= 5:
            # A fixed id, so the same course gives byte-identical copies (and equal hashes).
            note["id"] = "workbook-note"
        else:
            del note["id"]  # nbformat 4.4 and older have no cell ids: one would be invalid
        nb.cells.insert(1, note)
    return nbformat.writes(nb) + "\n"


def _cell_ids(text: str) -> list[str]:
    return [str(cell["id"]) for cell in json.loads(text)["cells"] if "id" in cell]


def _read_manifest(dest: Path) -> dict[str, str]:
    """File name -> hash of what we wrote. Missing or damaged: every existing file counts as
    edited (kept), which can only err on the safe side."""
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content_hash(text: str) -> str:
    """A hash of what a learner edits: each cell's type and source (not outputs, counts,
    metadata). Text that is not a notebook hashes whole (so it counts as edited)."""
    try:
        cells = json.loads(text)["cells"]
        content = [
            [cell.get("cell_type"), "".join(s) if isinstance(s, list) else s]
            for cell in cells
            for s in [cell.get("source", "")]
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        return _sha256(text)
    return "cells:" + _sha256(json.dumps(content, ensure_ascii=False))


def _file_content_hash(path: Path) -> str | None:
    try:
        return _content_hash(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _write(target: Path, text: str) -> None:
    try:
        write_atomically(target, text)
    except OSError as error:
        raise WorkbookError(f"cannot write {target}: {reason(error)}") from None


def _back_up(target: Path, dest: Path, stamp: str) -> Path:
    folder = dest / BACKUPS
    _make_folder(folder)
    backup = folder / f"{target.stem}-{stamp}{target.suffix}"
    counter = 1
    while backup.exists():  # two runs within one second
        counter += 1
        backup = folder / f"{target.stem}-{stamp}-{counter}{target.suffix}"
    try:
        backup.write_bytes(target.read_bytes())
    except OSError as error:
        why = reason(error)
        raise WorkbookError(f"cannot back up {target} before replacing it: {why}") from None
    return backup


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """The command line. Returns 0 when done, 1 on a problem it explained in one line."""
    parser = argparse.ArgumentParser(
        prog="python -m autograd.workbook",
        description="Make or refresh practice copies of the notebooks, exercise answers blanked.",
    )
    parser.add_argument("--source", type=Path, default=Path("notebooks"))
    parser.add_argument("--dest", type=Path, default=Path("workbook"))
    parser.add_argument(
        "--force",
        action="store_true",
        help="also replace notebooks you edited (each is backed up first)",
    )
    args = parser.parse_args(argv)
    try:
        report = make_workbook(args.source, args.dest, overwrite=args.force)
    except (WorkbookError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    for problem in report.broken:
        print(f"error: skipped {problem}", file=sys.stderr)
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
