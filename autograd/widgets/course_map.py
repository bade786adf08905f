"""The course map: every notebook in order, what it teaches, how long, and your progress.

`CourseMap()` (notebook 00) reads the notebooks of its folder, so it stays true as notebooks
are added or changed: the title is each notebook's first heading, "what you learn" its
bullet list under "## What you will learn", the time an estimate from its length and
exercises (or `metadata.course.minutes` when a notebook sets it), and its exercises are the
code cells with a line ending in `# answer` (solutions) or `# your turn` (workbook copies,
which also mark them in the cell metadata). Each exercise shows the latest verdict that
`autograd.progress` recorded for its cell id (or, when its check sits in a later cell, for
that cell's id): right, wrong, or not answered yet. The map
re-reads the progress file every few seconds, so answering an exercise in another notebook
shows up here without re-running anything; "Reset my progress" forgets every verdict of
this folder (the solutions in `notebooks/` and the workbook keep separate progress).

Links open the notebook inside JupyterLab, as a new tab, without reloading the page: each
carries JupyterLab's command-linker attributes (`docmanager:open` with the notebook's path
from the server's root), which JupyterLab handles on a click anywhere in the page; the plain
`href` stays for a middle click or a page without JupyterLab. `$...$` maths in the bullets is
typeset (an `HTMLMath` widget). In JupyterLite there are no threads: the map then re-reads
on Refresh only, and says so. A folder of solutions nobody has run yet (the published site)
is described as what it is, not as "0 right".

Verdict colours are mixed from a hue and the theme's own text colour (`currentColor`), so
they stay readable in light and dark themes alike.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as widgets

from autograd import progress
from autograd.exercises.verdict import COLOURS, verdict_colour
from autograd.workbook import EXERCISE_LINE

NUMBERED = re.compile(r"^(\d{2})_.+\.ipynb$")
CHECK_CALL = re.compile(r"\b(check_\w+)\s*\(")
WORDS_PER_MINUTE = 150  # reading prose with formulas in it
MINUTES_PER_CODE_CELL = 0.5  # run it, look at the output
MINUTES_PER_EXERCISE = 4.0  # think, type, check, maybe try again

# hue per verdict; the text colour is mixed in (see the module docstring)
HUES = COLOURS  # one definition, shared with the verdicts (autograd/exercises/verdict.py)
SYMBOLS = {"correct": "✔", "wrong": "✘", "unanswered": "…", None: "○"}
WORDS = {"correct": "right", "wrong": "wrong", "unanswered": "not answered yet", None: "not run"}


@dataclass
class Exercise:
    """One exercise cell of a notebook."""

    cell_id: str
    cell: int  # 1-based position among all the notebook's cells (as Lab's status bar counts)
    name: str  # what it asks for: the check it calls, or the first answered name
    # Where its check runs when that is a later cell (answer and check split in two):
    # the code cells after it up to the first that calls a check, before the next exercise.
    check_cell_ids: list[str] = field(default_factory=list)

    def verdict(self, verdicts: dict[str, progress.Verdict]) -> progress.Verdict | None:
        """Its latest verdict: its own cell's, or else its check cell's."""
        for cell_id in (self.cell_id, *self.check_cell_ids):
            if cell_id in verdicts:
                return verdicts[cell_id]
        return None


@dataclass
class Lesson:
    """One notebook of the course, as the map shows it."""

    path: Path
    number: int
    title: str
    learn: list[str] = field(default_factory=list)
    minutes: int = 0
    exercises: list[Exercise] = field(default_factory=list)
    optional: bool = False  # `metadata.course.optional`: a deeper notebook one may skip
    answered: bool = False  # every exercise has its answer filled in (the solutions)


def lessons(folder: Path) -> list[Lesson]:
    """The numbered notebooks of `folder` (not the map itself), in course order."""
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        match = NUMBERED.match(path.name)
        if not match or int(match[1]) == 0:
            continue
        try:
            found.append(read_lesson(path, int(match[1])))
        except (OSError, ValueError, KeyError, TypeError):
            found.append(Lesson(path, int(match[1]), f"{path.name} (cannot be read)"))
    return found


def read_lesson(path: Path, number: int) -> Lesson:
    """Title, what it teaches, minutes and exercises of one notebook file."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    title, words, code_cells, blanks = "", 0, 0, 0
    learn: list[str] = []
    exercises: list[Exercise] = []
    collecting: Exercise | None = None  # an exercise whose check comes in a later cell
    for position, cell in enumerate(nb["cells"], 1):
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            words += len(source.split())
            if not title:
                heading = re.search(r"^#\s+(.+)$", source, re.MULTILINE)
                title = heading[1].strip() if heading else ""
            if not learn and re.search(r"^##\s+What you will learn", source, re.MULTILINE):
                learn = _bullets(source)
        elif cell.get("cell_type") == "code":
            code_cells += 1
            cell_id = str(cell.get("id", ""))
            marked = cell.get("metadata", {}).get("exercise") is True
            if marked or EXERCISE_LINE.search(source):
                blanks += bool(re.search(r"#\s*your turn\s*$", source, re.MULTILINE))
                exercise = Exercise(cell_id, position, _name(source))
                exercises.append(exercise)
                # Answer and check in one cell (the course's layout): nothing to collect.
                collecting = None if CHECK_CALL.search(source) else exercise
            elif collecting is not None:
                collecting.check_cell_ids.append(cell_id)
                if CHECK_CALL.search(source):
                    collecting = None
    course = nb.get("metadata", {}).get("course", {})
    course = course if isinstance(course, dict) else {}
    minutes = course.get("minutes")
    if not isinstance(minutes, int | float) or minutes <= 0:
        estimate = (
            words / WORDS_PER_MINUTE
            + code_cells * MINUTES_PER_CODE_CELL
            + len(exercises) * MINUTES_PER_EXERCISE
        )
        minutes = 5 * max(1, math.ceil(estimate / 5))
    return Lesson(
        path,
        number,
        title or path.stem,
        learn,
        int(minutes),
        exercises,
        optional=course.get("optional") is True,
        answered=bool(exercises) and blanks == 0,
    )


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _bullets(markdown: str) -> list[str]:
    """The items of the first bullet list in `markdown`, continuation lines joined."""
    items: list[str] = []
    for line in markdown.splitlines():
        if line.startswith(("- ", "* ")):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            break
    return items


def _name(source: str) -> str:
    check = CHECK_CALL.search(source)
    if check:
        return check[1]
    line = next((ln for ln in source.splitlines() if EXERCISE_LINE.search(ln)), "")
    return line.split("=")[0].strip() or "exercise"


def _inline(markdown: str) -> str:
    """Bullet text to HTML: `code`, **bold** and *italics*, everything else escaped."""
    parts = re.split(r"(`[^`]+`)", markdown)  # odd parts are code spans: no emphasis inside
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        text = html.escape(part)
        text = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text)
        out.append(re.sub(r"\*([^*]+)\*", r"<i>\1</i>", text))
    return "".join(out)


def lab_path(folder: Path) -> str | None:
    """`folder` as JupyterLab names it: relative to the server's root, or None if unknown.

    JupyterLite's kernel sees its files under /drive; a local JupyterLab writes its root in a
    runtime file (`jupyter_server`'s list of running servers): the nearest root above the
    folder is the one serving it.
    """
    folder = Path(folder).resolve()
    if sys.platform == "emscripten":
        drive = Path("/drive")
        return folder.relative_to(drive).as_posix() if drive in (folder, *folder.parents) else None
    roots = [Path(root).resolve() for root in _running_server_roots()]
    above = [root for root in roots if root == folder or root in folder.parents]
    if not above:
        return None
    return folder.relative_to(max(above, key=lambda root: len(root.parts))).as_posix()


def _running_server_roots() -> list[str]:
    """The root folders of the Jupyter servers running on this machine, from the runtime
    files they write (`jpserver-<pid>.json`). Read directly: importing jupyter_server for its
    own list takes seconds."""
    try:
        from jupyter_core.paths import jupyter_runtime_dir

        runtime = Path(jupyter_runtime_dir())
    except Exception:  # no jupyter_core here
        return []
    roots = []
    for info_file in runtime.glob("jpserver-*.json"):
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
            pid, root = int(info["pid"]), str(info["root_dir"])
            os.kill(pid, 0)  # raises when that server is gone (a stale file)
        except PermissionError:
            roots.append(root)  # alive, another user's process
        except (OSError, ValueError, KeyError, TypeError):
            continue
        else:
            roots.append(root)
    return roots


def _link(lesson: Lesson, folder_in_lab: str | None) -> str:
    name = lesson.path.name
    attributes = f"href='{html.escape(name, quote=True)}'"
    if folder_in_lab is not None:
        path = f"{folder_in_lab}/{name}" if folder_in_lab not in ("", ".") else name
        arguments = json.dumps({"path": path})
        attributes += (
            " data-commandlinker-command='docmanager:open'"
            f" data-commandlinker-args='{html.escape(arguments, quote=True)}'"
        )
    return (
        f"<a class='course-map-link' {attributes} style='font-weight:bold'>"
        f"{html.escape(lesson.title)}</a>"
    )


def render(
    folder: Path,
    verdicts: dict[str, progress.Verdict],
    note: str = "",
    folder_in_lab: str | None = None,
) -> str:
    """The map as one HTML table (what the widget shows).

    `folder_in_lab` is the folder's path in JupyterLab (see `lab_path`): with it, links open
    the notebooks as JupyterLab tabs.
    """
    found = lessons(folder)
    name = html.escape(Path(folder).resolve().name)
    if not found:
        return (
            "<div class='course-map'>No course notebooks here: the map lists the numbered "
            f"notebooks (01_..., 02_...) of its folder, and {name}/ has none. Open the map "
            "from the course's notebooks/ or workbook/ folder.</div>"
        )
    rows = []
    total = right = run = 0
    core_minutes = optional_minutes = 0
    for lesson in found:
        chips = []
        counts = {"correct": 0, "wrong": 0, "open": 0, "run": 0}
        for k, exercise in enumerate(lesson.exercises, 1):
            verdict = exercise.verdict(verdicts)
            status = verdict.status if verdict else None
            counts["run"] += verdict is not None
            counts[
                "correct" if status == "correct" else "wrong" if status == "wrong" else "open"
            ] += 1
            tip = f"exercise {k} ({exercise.name}, cell {exercise.cell}): {WORDS[status]}"
            if verdict and verdict.message:
                tip += f" - {verdict.message}"
            chips.append(
                f"<span class='course-map-verdict' data-status='{status or 'none'}' "
                f"title='{html.escape(tip, quote=True)}' "
                f"style='{verdict_colour(status)};font-weight:bold;margin-right:6px;white-space:nowrap'>"
                f"{SYMBOLS[status]} {k}</span>"
            )
        total += len(lesson.exercises)
        right += counts["correct"]
        run += counts["run"]
        if lesson.optional:
            optional_minutes += lesson.minutes
        else:
            core_minutes += lesson.minutes
        n = len(lesson.exercises)
        if not lesson.exercises:
            summary = "no exercises"
        elif counts["run"] == 0:
            summary = f"{n} exercise{'s' if n != 1 else ''}, none run yet"
        else:
            summary = f"{counts['correct']} of {n} right"
            if counts["wrong"]:
                summary += f", {counts['wrong']} wrong"
        learn = "".join(f"<li>{_inline(item)}</li>" for item in lesson.learn)
        badge = (
            " <span class='course-map-optional' style='font-size:85%;opacity:0.8;"
            "border:1px solid currentColor;border-radius:3px;padding:0 3px'>optional</span>"
            if lesson.optional
            else ""
        )
        notebook = html.escape(lesson.path.name, quote=True)
        rows.append(
            f"<tr class='course-map-row' data-notebook='{notebook}'"
            f" data-optional='{str(lesson.optional).lower()}'>"
            f"<td style='padding:4px 8px;vertical-align:top'>{_link(lesson, folder_in_lab)}{badge}"
            f"<ul style='margin:2px 0 0 0;padding-left:18px;font-size:90%'>{learn}</ul></td>"
            f"<td style='padding:4px 8px;vertical-align:top;white-space:nowrap'>"
            f"~{lesson.minutes} min</td>"
            f"<td style='padding:4px 8px;vertical-align:top'>{''.join(chips) or '-'}"
            f"<div style='font-size:90%;opacity:0.8'>{summary}</div></td></tr>"
        )
    header = (
        "<tr><th style='text-align:left;padding:4px 8px'>notebook: what you learn</th>"
        "<th style='text-align:left;padding:4px 8px'>time</th>"
        "<th style='text-align:left;padding:4px 8px'>exercises</th></tr>"
    )
    if run == 0 and all(lesson.answered for lesson in found if lesson.exercises):
        progress_line = (
            f"{name}/ holds the course with the answers filled in (the solutions): "
            f"{total} exercises, none run here yet. Each check's verdict appears here when its "
            "notebook runs; to practise on blank copies, use the workbook (<code>make "
            "workbook</code>)."
        )
    else:
        progress_line = f"{right} of {total} exercises right in {name}/"
    timing = f"about {_hours(core_minutes)}"
    if optional_minutes:
        timing += f", plus {_hours(optional_minutes)} for the optional notebooks"
    progress_line += f"<br><span style='opacity:0.8'>Time: {timing}.</span>"
    if note:
        progress_line += f"<br><span style='{verdict_colour('wrong')}'>{html.escape(note)}</span>"
    return (
        f"<div class='course-map'><div style='margin:4px 0 6px 0'>{progress_line}</div>"
        f"<table style='border-collapse:collapse'>{header}{''.join(rows)}</table></div>"
    )


def _hours(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


class CourseMap(widgets.VBox):
    """The course map widget: the table, Refresh, and "Reset my progress" (asks first)."""

    def __init__(self, folder: Path | None = None, refresh_seconds: float = 2.0) -> None:
        self.folder = Path(folder) if folder else progress.enabled_folder() or Path.cwd()
        self.folder_in_lab = lab_path(self.folder)
        self.table = widgets.HTMLMath()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.reset_button = widgets.Button(
            description="Reset my progress",
            icon="trash",
            tooltip="forget every verdict of this folder (asks first)",
            layout=widgets.Layout(width="auto"),
        )
        self.confirm_text = widgets.HTML()
        self.confirm_button = widgets.Button(description="Yes, forget them", button_style="danger")
        self.cancel_button = widgets.Button(description="Keep them")
        self.confirm_box = widgets.HBox(
            [self.confirm_text, self.confirm_button, self.cancel_button],
            layout=widgets.Layout(display="none", flex_flow="row wrap", align_items="center"),
        )
        self.status = widgets.HTML()
        self.table.add_class("course-map-table")
        self.reset_button.add_class("course-map-reset")
        self.confirm_button.add_class("course-map-reset-confirm")
        self.cancel_button.add_class("course-map-reset-cancel")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.ask_to_reset())
        self.confirm_button.on_click(lambda _: self.reset())
        self.cancel_button.on_click(lambda _: self._hide_confirmation())
        super().__init__(
            [
                self.table,
                widgets.HBox([self.refresh_button, self.reset_button]),
                self.confirm_box,
                self.status,
            ]
        )
        self._seen: tuple[float, int] | None = None
        self._stop = threading.Event()
        self.refresh()
        if refresh_seconds > 0:
            # Poll the file's mtime: verdicts arrive from other kernels, not from this one.
            try:
                if sys.platform == "emscripten":  # Pyodide has no threads
                    raise RuntimeError("no threads")
                self._thread = threading.Thread(
                    target=self._watch, args=(refresh_seconds,), daemon=True
                )
                self._thread.start()
            except RuntimeError:
                self.status.value = (
                    "<span style='opacity:0.8'>Press Refresh to see verdicts from the other "
                    "notebooks (this Python cannot watch for them by itself).</span>"
                )

    def refresh(self) -> None:
        """Re-read the notebooks and the progress file and redraw."""
        self._seen = self._stamp()
        note = ""
        try:
            verdicts = progress.read(self.folder)
        except progress.ProgressError as error:
            verdicts, note = {}, str(error)
        html_text = render(self.folder, verdicts, note, self.folder_in_lab)
        if html_text != self.table.value:
            self.table.value = html_text

    def ask_to_reset(self) -> None:
        """Show the question; nothing is forgotten until it is answered yes."""
        try:
            count = len(progress.read(self.folder))
        except progress.ProgressError:
            count = 0  # a damaged file: resetting is the cure, the question still comes first
        what = f"all {count} verdicts" if count else "every verdict"
        self.confirm_text.value = (
            f"Forget {what} in {html.escape(self.folder.resolve().name)}/? Your notebooks are "
            "kept; only the map's record of right and wrong is cleared."
        )
        self.confirm_box.layout.display = "flex"

    def reset(self) -> None:
        """Forget every verdict of this folder (after `ask_to_reset` was answered yes)."""
        self._hide_confirmation()
        try:
            progress.reset(self.folder)
        except progress.ProgressError as error:
            self.table.value = render(self.folder, {}, str(error), self.folder_in_lab)
            return
        self.refresh()

    def _hide_confirmation(self) -> None:
        self.confirm_box.layout.display = "none"

    def close(self) -> None:
        self._stop.set()
        super().close()

    def _stamp(self) -> tuple[float, int] | None:
        try:
            info = (self.folder / progress.PROGRESS_FILE).stat()
        except OSError:
            return None
        return (info.st_mtime_ns / 1e9, info.st_size)

    def _watch(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                if self._stamp() != self._seen:
                    self.refresh()
            except Exception:  # a background refresh must never take the kernel down
                pass
