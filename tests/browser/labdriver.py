"""Drive one JupyterLab notebook tab in Chromium the way a learner would.

`LabPage` wraps a Playwright page: open a notebook, run all its cells from the Run menu,
wait for the kernel, read slider readouts and canvases (ipympl figures and the course's
own browser-drawn plots, `autograd.widgets.plot.Plot`), and save screenshots. Every
wait has a bounded timeout and fails with a sentence saying what did not happen, so a broken
widget shows up as a clear assertion instead of a hang.

The selectors and waits are the ones measured on this machine (JupyterLab 4.6, ipywidgets 8,
ipympl 0.10, Debian's Chromium): the kernel is idle when the *status bar* says "Idle" (the
toolbar indicator is unreliable), run-all is the menu command `runmenu:run-all`, and
`.widget-readout` prints negative numbers with U+2212 MINUS SIGN.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import nbformat
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# Bounded waits (seconds). Measured: a whole notebook opens, runs and renders in ~6 s here;
# the margins cover a 2-core machine shared with other jobs.
OPEN_TIMEOUT = 60.0
RUN_ALL_TIMEOUT = 120.0
UPDATE_TIMEOUT = 20.0

# Outputs a learner would read as "this cell broke" (a traceback, warnings, or a widget
# that could not be shown). JupyterLab renders error outputs as stderr too.
STDERR_SELECTOR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
WIDGET_FAILURE_TEXTS = ("Error displaying widget", "Failed to execute", "Error creating view")

STATUS_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return !!bar && bar.textContent.includes('| Idle');
}"""

# Run-all is finished when no prompt shows "[*]" and every non-empty code cell has a number,
# or, after an exception (Lab stops running the cells below it), when nothing is running.
RUN_STATE_JS = """() => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-CodeCell')];
  let unnumbered = 0, running = 0, raised = 0;
  for (const cell of cells) {
    const prompt = (cell.querySelector('.jp-InputPrompt') || {}).textContent || '';
    const source = (cell.querySelector('.cm-content') || {}).textContent || '';
    if (prompt.includes('*')) running += 1;
    else if (source.trim() && !/\\[\\d+\\]/.test(prompt)) unnumbered += 1;
    const stderr = [...cell.querySelectorAll(
      ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")];
    if (stderr.some(out => out.textContent.includes('Traceback'))) raised += 1;
  }
  const pending = running + (raised ? 0 : unnumbered);
  return {cells: cells.length, running, unnumbered, raised, pending};
}"""

# Per cell, how many outputs are live widget views. Lab puts a widget's view (an ipywidgets
# `.jupyter-widgets` box, an ipympl `.jupyter-matplotlib` canvas, ...) straight into a bare
# output panel; every other output is a renderer that carries a data-mime-type. Without the
# widget manager, Lab shows the text/plain repr ("VBox(children=...)") instead.
WIDGET_VIEW_OUTPUT_JS = """(out) => !out.hasAttribute('data-mime-type')
  && [...out.children].some(child => child.classList.contains('lm-Widget'))"""
WIDGET_VIEWS_PER_CELL_JS = f"""() => [...document.querySelectorAll(
    '.jp-NotebookPanel .jp-Notebook .jp-Cell')].map(cell =>
  [...cell.querySelectorAll('.jp-OutputArea-output')].filter({WIDGET_VIEW_OUTPUT_JS}).length)"""

FAILURE_TEXTS_JS = """(texts) => {
  const notebook = document.querySelector('.jp-NotebookPanel .jp-Notebook');
  return notebook ? texts.filter(t => notebook.innerText.includes(t)) : texts;
}"""

# ipympl draws into the first <canvas> of its canvas div (the second is the rubber band);
# the course's Plot widget draws into its one `canvas.autograd-plot-canvas`.
PLOT_CANVAS = ".jupyter-matplotlib-canvas-div canvas, canvas.autograd-plot-canvas"
FIGURES = ".jupyter-matplotlib, .autograd-plot"
CANVAS_STATE_JS = """(selector) => {
  const result = [];
  for (const root of document.querySelectorAll(selector)) {
    const c = root.matches('canvas.autograd-plot-canvas') ? root : root.querySelector(
      '.jupyter-matplotlib-canvas-div canvas, canvas.autograd-plot-canvas');
    if (!c) { result.push({ok: false, why: 'no canvas'}); continue; }
    if (!c.width || !c.height) { result.push({ok: false, why: 'zero size'}); continue; }
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < data.length && colours.size < 3; i += 4 * 97) {
      colours.add(data[i] << 16 | data[i + 1] << 8 | data[i + 2] | (data[i + 3] << 24));
    }
    result.push({ok: colours.size >= 2, why: colours.size >= 2 ? '' : 'blank (one colour)',
                 url: c.toDataURL()});
  }
  return result;
}"""

# Lines and markers in colour against a white figure with black/grey text and axes.
COLOURED_PIXELS_JS = """(selector) => {
  const c = document.querySelector(selector + ' .jupyter-matplotlib-canvas-div canvas, '
                                   + selector + ' canvas.autograd-plot-canvas');
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    const hi = Math.max(data[i], data[i + 1], data[i + 2]);
    const lo = Math.min(data[i], data[i + 1], data[i + 2]);
    if (hi - lo > 60) count += 1;
  }
  return count;
}"""


class LabPage:
    """One browser tab showing one notebook of a running JupyterLab server."""

    def __init__(
        self, page: Page, base_url: str, token: str, root_dir: Path, shots_dir: Path, name: str
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.token = token
        self.root_dir = root_dir
        self.shots_dir = shots_dir
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")
        self.console_errors: list[str] = []
        self.notebook_file: Path | None = None
        self._shot_count = 0
        # First lines only: the JavaScript stack traces below them are noise in a report.
        page.on(
            "pageerror", lambda exc: self.console_errors.append(f"pageerror: {first_line(exc)}")
        )
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and self.console_errors.append(f"console: {first_line(msg.text)}")
            ),
        )

    # ------------------------------------------------------------------ waiting
    def wait_for_js(self, script: str, what: str, timeout: float, arg: Any = None) -> Any:
        """Wait until `script` returns something truthy; fail saying `what` did not happen."""
        try:
            handle = self.page.wait_for_function(script, arg=arg, timeout=timeout * 1000)
            return handle.json_value()
        except PlaywrightTimeoutError:
            raise AssertionError(f"{what}: not reached within {timeout:.0f} s") from None

    def wait_for_visible(self, locator: Locator, what: str, timeout: float) -> Locator:
        try:
            locator.first.wait_for(state="visible", timeout=timeout * 1000)
        except PlaywrightTimeoutError:
            raise AssertionError(f"{what} did not appear within {timeout:.0f} s") from None
        return locator

    def poll(self, read: Callable[[], T], done: Callable[[T], bool], what: str,
             timeout: float = UPDATE_TIMEOUT) -> T:  # fmt: skip
        """Call `read` until `done(value)`; return that value, or fail saying `what`."""
        deadline = time.perf_counter() + timeout
        while True:
            value = read()
            if done(value):
                return value
            if time.perf_counter() > deadline:
                raise AssertionError(
                    f"{what}: not reached within {timeout:.0f} s (last: {value!r})"
                )
            self.page.wait_for_timeout(150)

    def settle(self, read: Callable[[], T], quiet: float = 1.0,
               timeout: float = RUN_ALL_TIMEOUT) -> T:  # fmt: skip
        """Wait until the kernel is idle and `read()` stays the same for `quiet` seconds.

        For animations (training runs in frames with the kernel idle in between), where
        no single signal says "finished".
        """
        deadline = time.perf_counter() + timeout
        last, since = read(), time.perf_counter()
        while time.perf_counter() - since < quiet or not self.page.evaluate(STATUS_IDLE_JS):
            if time.perf_counter() > deadline:
                raise AssertionError(f"the page kept changing for {timeout:.0f} s")
            self.page.wait_for_timeout(150)
            value = read()
            if value != last:
                last, since = value, time.perf_counter()
        return last

    def wait_idle(self, timeout: float = UPDATE_TIMEOUT) -> None:
        self.wait_for_js(STATUS_IDLE_JS, "kernel status bar showing 'Idle'", timeout)

    # ------------------------------------------------------------------ notebook life cycle
    def open(self, source: Path) -> None:
        """Copy `source`'s folder into the server's root and open the copy, kernel idle."""
        workdir = self.root_dir / self.name
        shutil.copytree(
            source.parent,
            workdir,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
        self.notebook_file = workdir / source.name
        # ?reset: otherwise Lab restores the tabs of an earlier visit.
        url = f"{self.base_url}/lab/tree/{self.name}/{source.name}?reset&token={self.token}"
        self.page.goto(url, timeout=OPEN_TIMEOUT * 1000)
        self.wait_for_visible(
            self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell"),
            f"the cells of {source.name}",
            OPEN_TIMEOUT,
        )
        self.wait_idle(OPEN_TIMEOUT)

    def run_all(self, timeout: float = RUN_ALL_TIMEOUT) -> float:
        """Run > Run All Cells, then wait until every cell ran and the kernel is idle."""
        start = time.perf_counter()
        self.page.locator("#jp-MainMenu .lm-MenuBar-item", has_text="Run").first.click()
        self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
        deadline = start + timeout
        while True:
            state = self.page.evaluate(RUN_STATE_JS)
            if state["pending"] == 0 and self.page.evaluate(STATUS_IDLE_JS):
                # Idle can flicker between cells: confirm it holds for a moment.
                self.page.wait_for_timeout(300)
                if self.page.evaluate(RUN_STATE_JS)["pending"] == 0 and self.page.evaluate(
                    STATUS_IDLE_JS
                ):
                    break
            if time.perf_counter() > deadline:
                raise AssertionError(
                    f"run-all did not finish within {timeout:.0f} s: {state['running']} cell(s) "
                    f"still running, {state['unnumbered']} never ran"
                )
            self.page.wait_for_timeout(200)
        return time.perf_counter() - start

    def save_and_read(self, timeout: float = UPDATE_TIMEOUT) -> nbformat.NotebookNode:
        """Save the notebook (into the temporary copy) and return its JSON as on disk."""
        assert self.notebook_file is not None, "open() a notebook first"
        before = self.notebook_file.stat().st_mtime_ns
        self.page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 2, "y": 2})
        self.page.keyboard.press("Control+s")
        deadline = time.perf_counter() + timeout
        while self.notebook_file.stat().st_mtime_ns == before:
            if time.perf_counter() > deadline:
                raise AssertionError(f"saving {self.notebook_file.name} did not finish in time")
            time.sleep(0.1)
        time.sleep(0.2)  # in case the server writes in place (atomic writing switched off)
        return nbformat.reads(self.notebook_file.read_text(), as_version=4)

    # ------------------------------------------------------------------ reading the page
    def stderr_outputs(self) -> list[str]:
        return self.page.locator(STDERR_SELECTOR).all_inner_texts()

    def widget_views_per_cell(self) -> list[int]:
        return self.page.evaluate(WIDGET_VIEWS_PER_CELL_JS)

    def wait_for_widget_views(self, expected: list[int], timeout: float = UPDATE_TIMEOUT) -> None:
        """Wait until each cell shows as many live widget views as the kernel sent."""
        deadline = time.perf_counter() + timeout
        while (shown := self.widget_views_per_cell()) != expected:
            if time.perf_counter() > deadline:
                missing = {
                    f"cell {i}": f"{have} of {want}"
                    for i, (have, want) in enumerate(zip(shown, expected, strict=False))
                    if have != want
                }
                raise AssertionError(
                    f"widget outputs that did not render as widgets (views shown of sent): "
                    f"{missing or (shown, expected)}; failures shown: {self.widget_failures()}"
                )
            self.page.wait_for_timeout(200)

    def wait_for_figures_drawn(self, timeout: float = UPDATE_TIMEOUT) -> int:
        """Wait until every figure (ipympl or Plot) on the page has drawn; return how many."""
        deadline = time.perf_counter() + timeout
        while True:
            blank = [s["why"] for s in self.canvases() if not s["ok"]]
            if not blank:
                return len(self.canvases())
            if time.perf_counter() > deadline:
                raise AssertionError(f"figures not drawn: {blank}")
            self.page.wait_for_timeout(200)

    def widget_failures(self) -> list[str]:
        """Which of the "widget could not be shown" messages the notebook displays."""
        return self.page.evaluate(FAILURE_TEXTS_JS, list(WIDGET_FAILURE_TEXTS))

    def assert_clean(self) -> None:
        """No cell printed to stderr, no widget failed to show, the console logged no error."""
        stderr = self.stderr_outputs()
        assert not stderr, "cells printed errors or warnings:\n" + "\n---\n".join(stderr)
        failures = self.widget_failures()
        assert not failures, f"the notebook shows widget failures: {failures}"
        assert not self.console_errors, f"the browser console logged errors: {self.console_errors}"

    def canvases(self, selector: str = FIGURES) -> list[dict]:
        """Per figure (ipympl or Plot) at `selector`: is it drawn (not blank), and its pixels."""
        return self.page.evaluate(CANVAS_STATE_JS, selector)

    def canvas_pixels(self, selector: str) -> str:
        states = self.canvases(selector)
        assert len(states) == 1, f"expected one figure at {selector}, found {len(states)}"
        assert states[0]["ok"], f"the figure at {selector} is not drawn: {states[0]['why']}"
        return states[0]["url"]

    def coloured_pixels(self, selector: str) -> int:
        """How many pixels of the figure at `selector` are coloured (not white/grey/black)."""
        return self.page.evaluate(COLOURED_PIXELS_JS, selector)

    def readout(self, selector: str) -> float:
        """The number an ipywidgets slider shows beside its track."""
        text = self.page.locator(f"{selector} .widget-readout").first.inner_text()
        return parse_number(text)

    def knob_value(self, selector: str) -> float:
        """The number a course `KnobSlider` (autograd/widgets/slider.py) shows beside its track."""
        return parse_number(self.page.locator(f"{selector} .knob-readout").first.inner_text())

    def plot_draws(self, selector: str) -> int:
        """How many times the Plot widget at `selector` has drawn its canvas in this view."""
        canvas = self.page.locator(f"{selector} canvas.autograd-plot-canvas").first
        return int(canvas.get_attribute("data-draws") or 0)

    def drag(self, selector: str, fraction: float, steps: int = 8) -> None:
        """Drag the handle of the slider at `selector` by `fraction` of its track, one gesture.

        Works for ipywidgets sliders (noUiSlider) and the course's KnobSlider.
        """
        handle = self.page.locator(
            f"{selector} .noUi-handle, {selector} .autograd-slider-handle"
        ).first
        track = self.page.locator(
            f"{selector} .noUi-target, {selector} .autograd-slider-track"
        ).first
        handle.scroll_into_view_if_needed()
        box, rail = handle.bounding_box(), track.bounding_box()
        assert box and rail, f"the slider at {selector} has no size on the page"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + rail["width"] * fraction, y, steps=steps)
        self.page.mouse.up()

    def text(self, selector: str) -> str:
        return self.page.locator(selector).first.inner_text()

    # ------------------------------------------------------------------ evidence
    def shot(self, step: str, locator: Locator | None = None) -> Path:
        """Save a screenshot (of `locator`, or the whole page) under test-artifacts/."""
        self._shot_count += 1
        path = self.shots_dir / f"{self.name}-{self._shot_count:02d}-{step}.png"
        if locator is None:
            self.page.screenshot(path=str(path))
        else:
            locator.first.scroll_into_view_if_needed(timeout=UPDATE_TIMEOUT * 1000)
            locator.first.screenshot(path=str(path), timeout=UPDATE_TIMEOUT * 1000)
        return path


def course_notebook(number: str) -> Path:
    """The notebook notebooks/<number>_*.ipynb; a clear failure if it is missing."""
    matches = sorted(NOTEBOOKS_DIR.glob(f"{number}_*.ipynb"))
    if len(matches) != 1:
        raise AssertionError(
            f"expected one notebook {NOTEBOOKS_DIR}/{number}_*.ipynb, found {len(matches)}"
        )
    return matches[0]


def first_line(text: object) -> str:
    lines = str(text).strip().splitlines()
    return lines[0] if lines else ""


def parse_number(text: str) -> float:
    """Read a number as ipywidgets prints it (U+2212 for minus, maybe inside other text)."""
    cleaned = text.replace("\u2212", "-").replace(",", "")
    match = re.search(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", cleaned)
    if match is None:
        raise AssertionError(f"no number in {text!r}")
    return float(match.group(0))
