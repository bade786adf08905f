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

Verdict colours are mixed from a hue and the theme's own text colour (`currentColor`), so
they stay readable in light and dark themes alike.
"""

from __future__ import annotations

import html
import json
import math
import re
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
    title, words, code_cells = "", 0, 0
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
                exercise = Exercise(cell_id, position, _name(source))
                exercises.append(exercise)
                # Answer and check in one cell (the course's layout): nothing to collect.
                collecting = None if CHECK_CALL.search(source) else exercise
            elif collecting is not None:
                collecting.check_cell_ids.append(cell_id)
                if CHECK_CALL.search(source):
                    collecting = None
    minutes = nb.get("metadata", {}).get("course", {}).get("minutes")
    if not isinstance(minutes, int | float) or minutes <= 0:
        estimate = (
            words / WORDS_PER_MINUTE
            + code_cells * MINUTES_PER_CODE_CELL
            + len(exercises) * MINUTES_PER_EXERCISE
        )
        minutes = 5 * max(1, math.ceil(estimate / 5))
    return Lesson(path, number, title or path.stem, learn, int(minutes), exercises)


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


def render(folder: Path, verdicts: dict[str, progress.Verdict], note: str = "") -> str:
    """The map as one HTML table (what the widget shows)."""
    rows = []
    total = right = 0
    for lesson in lessons(folder):
        chips = []
        counts = {"correct": 0, "wrong": 0, "open": 0}
        for k, exercise in enumerate(lesson.exercises, 1):
            verdict = exercise.verdict(verdicts)
            status = verdict.status if verdict else None
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
        if lesson.exercises:
            summary = f"{counts['correct']} of {len(lesson.exercises)} right"
            if counts["wrong"]:
                summary += f", {counts['wrong']} wrong"
        else:
            summary = "no exercises"
        learn = "".join(f"<li>{_inline(item)}</li>" for item in lesson.learn)
        link = html.escape(lesson.path.name, quote=True)
        rows.append(
            f"<tr class='course-map-row' data-notebook='{link}'>"
            f"<td style='padding:4px 8px;vertical-align:top'><a href='{link}' "
            f"style='font-weight:bold'>{html.escape(lesson.title)}</a>"
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
    progress_line = (
        f"{right} of {total} exercises right in {html.escape(Path(folder).resolve().name)}/"
    )
    if note:
        progress_line += f"<br><span style='{verdict_colour('wrong')}'>{html.escape(note)}</span>"
    return (
        f"<div class='course-map'><div style='margin:4px 0 6px 0'>{progress_line}</div>"
        f"<table style='border-collapse:collapse'>{header}{''.join(rows)}</table></div>"
    )


class CourseMap(widgets.VBox):
    """The course map widget: the table, Refresh, and "Reset my progress" (one click)."""

    def __init__(self, folder: Path | None = None, refresh_seconds: float = 2.0) -> None:
        self.folder = Path(folder) if folder else progress.enabled_folder() or Path.cwd()
        self.table = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.reset_button = widgets.Button(
            description="Reset my progress",
            icon="trash",
            tooltip="forget every verdict of this folder",
        )
        self.table.add_class("course-map-table")
        self.reset_button.add_class("course-map-reset")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self.reset())
        super().__init__([self.table, widgets.HBox([self.refresh_button, self.reset_button])])
        self._seen: tuple[float, int] | None = None
        self._stop = threading.Event()
        self.refresh()
        if refresh_seconds > 0:
            # Poll the file's mtime: verdicts arrive from other kernels, not from this one.
            self._thread = threading.Thread(
                target=self._watch, args=(refresh_seconds,), daemon=True
            )
            self._thread.start()

    def refresh(self) -> None:
        """Re-read the notebooks and the progress file and redraw."""
        self._seen = self._stamp()
        note = ""
        try:
            verdicts = progress.read(self.folder)
        except progress.ProgressError as error:
            verdicts, note = {}, str(error)
        html_text = render(self.folder, verdicts, note)
        if html_text != self.table.value:
            self.table.value = html_text

    def reset(self) -> None:
        """Forget every verdict of this folder (one click, as the button says)."""
        try:
            progress.reset(self.folder)
        except progress.ProgressError as error:
            self.table.value = render(self.folder, {}, str(error))
            return
        self.refresh()

    def close(self) -> None:
        self._stop.set()
        super().close()

    def _stamp(self) -> tuple[float, int] | None:
        try:
            info = (self.folder / progress.PROGRESS_FILE).stat()
        except OSError:
            return None
        return (info.st_mtime, info.st_size)

    def _watch(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            try:
                if self._stamp() != self._seen:
                    self.refresh()
            except Exception:  # a background refresh must never take the kernel down
                pass
