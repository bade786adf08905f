"""The learner's journey in a real JupyterLab: `make workbook`, the course map, hints, themes.

The server is started by the very commands `make workbook` runs (read with `make -n`, minus
the set-up step), in a temporary copy of the project whose `.venv` is a link to this one's:
so the test sees what a learner sees: JupyterLab rooted where both `notebooks/` and
`workbook/` are in the file browser. Then, in the workbook:

- answering an exercise in notebook 01 (wrong, then right) shows up on the course map open
  in another tab, without re-running the map;
- running an exercise before the cells above it gives the NameError *and* the hint naming
  the cell that defines the missing name (JupyterLab's `__session__` and cell ids at work);
- with the dark theme on, every verdict on the map, and a check's verdict box drawn in the
  proposed colours, keeps a contrast of at least 4.5:1 (WCAG AA) against its background,
  computed from the browser's own computed styles; screenshots of both themes are saved.
"""

from __future__ import annotations

import json
import secrets
import shlex
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _free_port, _stop_server, _write_isolated_config
from labdriver import REPO, LabPage
from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

MIN_CONTRAST = 4.5  # WCAG AA for normal text

# Colour as the browser computes it -> [r, g, b, a] via a canvas (handles rgb(), color(srgb),
# color-mix results alike), composited over the first opaque background up the tree.
CONTRAST_JS = """(elements) => {
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (css) => { ctx.clearRect(0, 0, 1, 1); ctx.fillStyle = '#000'; ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1); const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => { const f = (v) => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  return elements.map(el => {
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    return {text: el.textContent.trim().slice(0, 40), fg: fg.map(Math.round),
            bg: bg.map(Math.round), ratio: (hi + 0.05) / (lo + 0.05)};
  });
}"""

VERDICTS_NOTEBOOK = r"""
from IPython.display import HTML, display
from autograd.exercises import CheckResult
from autograd.widgets.course_map import verdict_colour

results = [CheckResult(status, "check_slope", f"a {status} verdict")
           for status in ("correct", "wrong", "unanswered")]
# The check's own box, as autograd.exercises draws it today.
display(HTML("<div class='verdicts-current'>" + "".join(r._repr_html_() for r in results)
             + "</div>"))
# The same box in the proposed colours (the hue mixed with the theme's text colour).
display(HTML("<div class='verdicts-proposed'>" + "".join(
    f"<div style='border-left:6px solid {verdict_colour(r.status).split(';')[0][6:]};"
    f"padding:4px 10px;margin:4px 0'><b style='{verdict_colour(r.status)}'>{r.title}</b>: "
    f"{r.message}</div>" for r in results) + "</div>"))
"""


def _get(base: str, token: str, path: str) -> object:
    request = urllib.request.Request(base + path, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _put_theme(base: str, token: str, theme: str) -> None:
    body = json.dumps({"raw": json.dumps({"theme": theme})}).encode()
    request = urllib.request.Request(
        base + "/lab/api/settings/@jupyterlab/apputils-extension:themes",
        data=body, method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture(scope="module")
def workbook_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """JupyterLab started by `make workbook`'s own commands in a copy of the project."""
    root = tmp_path_factory.mktemp("journey")
    project = root / "project"
    project.mkdir()
    skip = shutil.ignore_patterns(".ipynb_checkpoints", ".course_progress.*")
    shutil.copytree(REPO / "notebooks", project / "notebooks", ignore=skip)
    shutil.copytree(REPO / "figures", project / "figures")
    shutil.copy(REPO / "Makefile", project / "Makefile")
    (project / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    env = _write_isolated_config(root)
    port, token = _free_port(), secrets.token_hex(24)
    base = f"http://127.0.0.1:{port}"
    flags = (
        f"--no-browser --ip=127.0.0.1 --port={port} --port-retries=0 "
        f"--IdentityProvider.token={token} --ServerApp.terminals_enabled=False "
        "--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"
    )
    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", "workbook", f"LAB_FLAGS={flags}"],
        cwd=project, capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()  # fmt: skip
    assert planned[0] == "scripts/setup.sh", planned
    *prepare, lab_command = planned[1:]
    for command in prepare:  # the workbook command itself
        done = subprocess.run(shlex.split(command), cwd=project, env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, f"{command}: {done.stderr}"
        print(f"[make workbook] {command}: {done.stdout.strip()}")
    assert "--ServerApp.root_dir=." in lab_command and "workbook/00_course_map.ipynb" in lab_command
    log_path = root / "lab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(shlex.split(lab_command), cwd=project, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()[-3000:]
                try:
                    _get(base, token, "/api/status")
                    break
                except OSError:
                    assert time.monotonic() < deadline, "jupyter lab did not answer in 60 s"
                    time.sleep(0.2)
            yield {"base": base, "token": token, "root": project, "log": log_path}
        finally:
            _stop_server(process, base, token)


def new_tab(browser: BrowserContext, lab: dict, shots_dir: Path, name: str) -> LabPage:
    return LabPage(browser.new_page(), lab["base"], lab["token"], lab["root"], shots_dir, name)


def open_notebook(tab: LabPage, relative: str) -> None:
    tab.page.goto(f"{tab.base_url}/lab/tree/{relative}?reset&token={tab.token}")
    tab.wait_for_visible(tab.page.locator(".jp-NotebookPanel .jp-Cell"), relative, 60)
    tab.wait_idle(60)


def cell_with(page: Page, text: str):
    """The code cell that shows `text` now, pinned by position (its text will change)."""
    cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
    texts = cells.locator(".jp-InputArea").all_inner_texts()
    index = next(i for i, shown in enumerate(texts) if text in shown)
    return cells.nth(index)


def replace_source(page: Page, cell, source: str) -> None:
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)  # no auto-indent or bracket closing
    page.keyboard.press("Escape")  # command mode, cell still selected


def run_selected(tab: LabPage, cell) -> None:
    cell.locator(".jp-InputPrompt").click()
    tab.page.keyboard.press("Control+Enter")
    tab.page.wait_for_timeout(300)
    tab.wait_idle(60)


def map_statuses(page: Page, notebook: str) -> list[str]:
    row = page.locator(f".course-map-row[data-notebook='{notebook}']")
    if row.count() == 0:
        return []
    return row.locator(".course-map-verdict").evaluate_all("els => els.map(e => e.dataset.status)")


@pytest.fixture(scope="module")
def journey(workbook_lab: dict, browser: BrowserContext, shots_dir: Path) -> Iterator[dict]:
    """Two tabs on the workbook: the map, and notebook 01."""
    course_map = new_tab(browser, workbook_lab, shots_dir, "journey-map")
    lesson = new_tab(browser, workbook_lab, shots_dir, "journey-01")
    try:
        yield {"map": course_map, "lesson": lesson, "lab": workbook_lab}
    finally:
        for tab in (course_map, lesson):
            tab.page.close()


def test_make_workbook_shows_both_folders(journey: dict) -> None:
    lab = journey["lab"]
    listing = _get(lab["base"], lab["token"], "/api/contents")
    names = {item["name"] for item in listing["content"]}
    assert {"notebooks", "workbook"} <= names
    tab: LabPage = journey["map"]
    open_notebook(tab, "workbook/00_course_map.ipynb")
    browser_items = tab.page.locator(".jp-DirListing-item .jp-DirListing-itemText")
    tab.poll(
        lambda: set(browser_items.all_inner_texts()),
        lambda shown: "00_course_map.ipynb" in shown,
        "the workbook folder listed",
    )
    # up one level: the root holds both folders
    tab.page.locator(".jp-BreadCrumbs-home").click()
    shown = tab.poll(
        lambda: set(browser_items.all_inner_texts()),
        lambda s: {"notebooks", "workbook"} <= s,
        "both folders in the file browser",
    )
    assert {"notebooks", "workbook"} <= shown
    tab.shot("file-browser-root")


def test_the_map_shows_a_verdict_answered_in_another_notebook(journey: dict) -> None:
    course_map: LabPage = journey["map"]
    course_map.run_all()
    first = "01_what_a_derivative_is.ipynb"
    statuses = course_map.poll(lambda: map_statuses(course_map.page, first), bool, "the map")
    assert statuses and all(s == "none" for s in statuses), statuses
    course_map.shot("map-before", course_map.page.locator(".course-map"))

    lesson: LabPage = journey["lesson"]
    open_notebook(lesson, f"workbook/{first}")
    page = lesson.page
    exercise = cell_with(page, "slope = ...")

    # Only the first cell has run: the exercise fails, and says which cell to run first.
    run_selected(lesson, cell_with(page, "from autograd.course import start"))
    run_selected(lesson, exercise)
    error = exercise.locator(".jp-OutputArea-output").first.inner_text()
    assert "NameError: name 'check_slope' is not defined" in error, error
    # numbered as JupyterLab's status bar counts cells ("Cell 5/24"), the workbook note included
    cells = json.loads((journey["lab"]["root"] / "workbook" / first).read_text())["cells"]
    imports = next(i for i, c in enumerate(cells, 1) if "import check_" in "".join(c["source"]))
    assert f"Hint: `check_slope` is defined in cell {imports} of this notebook" in error, error
    assert "Run > Run All Above Selected Cell" in error
    lesson.shot("name-error-hint", exercise)

    # Run the cells above, then answer wrong: the map (other tab, other kernel) says so.
    exercise.locator(".jp-InputPrompt").click()
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='notebook:run-all-above']").click()
    page.wait_for_timeout(500)
    lesson.wait_idle(120)
    replace_source(
        page, exercise, "slope = (f(x + h) - f(x)) / (2 * h)\ncheck_slope(slope, f, x, h)"
    )
    run_selected(lesson, exercise)
    course_map.poll(lambda: map_statuses(course_map.page, first)[:1], lambda s: s == ["wrong"],
                    "the map showing the wrong answer")  # fmt: skip

    replace_source(page, exercise, "slope = (f(x + h) - f(x)) / h\ncheck_slope(slope, f, x, h)")
    run_selected(lesson, exercise)
    statuses = course_map.poll(
        lambda: map_statuses(course_map.page, first),
        lambda s: s[:1] == ["correct"],
        "the map showing the right answer",
    )
    assert statuses[1:] == ["none"] * (len(statuses) - 1)  # the others untouched
    assert "1 of" in course_map.text(".course-map")
    course_map.shot("map-after", course_map.page.locator(".course-map"))

    # The solutions keep their own progress: nothing recorded there.
    assert not (journey["lab"]["root"] / "notebooks" / ".course_progress.json").exists()


def _contrasts(tab: LabPage, selector: str) -> list[dict]:
    return tab.page.locator(selector).evaluate_all(CONTRAST_JS)


def _with_theme(journey: dict, theme: str) -> None:
    lab = journey["lab"]
    _put_theme(lab["base"], lab["token"], theme)
    for tab in (journey["map"], journey["lesson"]):
        tab.page.reload()
        tab.wait_for_visible(tab.page.locator(".jp-NotebookPanel .jp-Cell"), "reload", 60)
        tab.wait_idle(60)
    dark = theme.endswith("Dark")
    light_flag = journey["map"].page.evaluate("() => document.body.dataset.jpThemeLight")
    assert light_flag == ("false" if dark else "true")


@pytest.mark.parametrize("theme", ["JupyterLab Dark", "JupyterLab Light"])
def test_every_verdict_on_the_map_is_readable(journey: dict, theme: str) -> None:
    _with_theme(journey, theme)
    course_map: LabPage = journey["map"]
    course_map.run_all()  # the reload dropped the widget view: draw the map again
    course_map.poll(lambda: map_statuses(course_map.page, "01_what_a_derivative_is.ipynb"),
                    lambda s: s[:1] == ["correct"], "the map after reload")  # fmt: skip
    measured = _contrasts(course_map, ".course-map-verdict")
    tag = theme.split()[-1].lower()
    course_map.shot(f"map-{tag}", course_map.page.locator(".course-map"))
    print(f"[{theme}] map verdicts: " + ", ".join(
        f"{m['text']} {m['ratio']:.1f}" for m in measured[:6]))  # fmt: skip
    poor = [m for m in measured if m["ratio"] < MIN_CONTRAST]
    assert measured and not poor, poor


@pytest.mark.parametrize("theme", ["JupyterLab Dark", "JupyterLab Light"])
def test_check_verdicts_in_the_proposed_colours_are_readable(
    journey: dict, theme: str, shots_dir: Path
) -> None:
    _with_theme(journey, theme)
    tab: LabPage = journey["lesson"]
    notebook = journey["lab"]["root"] / "workbook" / "verdicts.ipynb"
    if not notebook.exists():
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}  # fmt: skip
        nb.cells = [nbformat.v4.new_code_cell(VERDICTS_NOTEBOOK.strip())]
        nbformat.write(nb, notebook)
    open_notebook(tab, "workbook/verdicts.ipynb")
    tab.run_all()
    tab.wait_for_visible(tab.page.locator(".verdicts-proposed b"), "the verdict boxes", 30)
    tag = theme.split()[-1].lower()
    tab.shot(f"verdicts-{tag}", tab.page.locator(".jp-OutputArea").first)
    current = _contrasts(tab, ".verdicts-current b")
    proposed = _contrasts(tab, ".verdicts-proposed b")
    today = ", ".join(f"{m['text']} {m['ratio']:.2f}" for m in current)
    better = ", ".join(f"{m['text']} {m['ratio']:.2f}" for m in proposed)
    print(f"[{theme}] check verdicts today: {today}; proposed: {better}")
    assert len(proposed) == 3
    poor = [m for m in proposed if m["ratio"] < MIN_CONTRAST]
    assert not poor, poor
