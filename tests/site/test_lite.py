"""The course to run: JupyterLite from site/lab/, with no network but 127.0.0.1.

One JupyterLab page for the whole module (JupyterLab's ~20 MB of JavaScript loads once); each
test opens one notebook in it, runs all its cells in a fresh Pyodide kernel, collects what
went wrong, shuts the kernel down and closes the notebook.

1. The Pyodide kernel starts from the site's own files, installs this project's wheel from
   the site, a slider moves a value the kernel computes with the engine, and an anywidget
   renders.
2. Every notebook 00-09 runs to the end on the bare Pyodide core (no numpy, no matplotlib:
   neither is in the `pyodide` npm package nor on PyPI for Pyodide, so an offline site cannot
   have them): no cell raises or writes a traceback, every widget renders, every image (the
   figures in the prose, the graphs in the outputs) loads. A failure names the notebook, the
   cell (its number in the notebook, from 1, and its first line) and the error.
3. Notebook 10 is the numpy lesson: offline it must ask for Pyodide's numpy wheel (the request
   the blocker stops; on a published site with network it would load) and say in one line
   that it needs numpy and where to open it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext
from sitedriver import REPO, OfflinePage, SiteServer, close_offline_tab, open_offline_tab

pytestmark = [pytest.mark.site, pytest.mark.browser]

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# The lesson *is* numpy's arrays: it needs Pyodide's numpy wheel, which a deployed site loads
# from Pyodide's distribution and an offline one cannot have.
NUMPY_NOTEBOOKS = {"10"}
NUMPY_WHEEL = re.compile(r"/numpy-[^/]+\.whl$")
NEEDS_NUMPY_MESSAGE = re.compile(
    r"needs numpy.*open it in JupyterLab.*published site", re.IGNORECASE | re.DOTALL
)

OPEN_TIMEOUT_MS = 180_000  # JupyterLab's ~20 MB of JavaScript, measured 8-21 s under load
KERNEL_START_TIMEOUT_MS = 180_000  # measured 11-35 s on 2 busy cores; Pyodide is ~10 MB of wasm
RUN_ALL_TIMEOUT_MS = 600_000  # pure-Python training loops run ~3x slower in Pyodide
WIDGET_FAILURES = ("Error displaying widget", "Error rendering", "Could not create")


def test_import_autograd_needs_no_numpy() -> None:
    """`import autograd` leaves numpy unloaded, so the engine runs on the bare Pyodide core."""
    code = "import sys, autograd; sys.exit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


# Open a notebook, wait for its kernel, and start "Run All"; the result lands in
# window.__courseRun (runAll's promise settles when the last cell has finished or one raised).
OPEN_AND_RUN_JS = """async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  window.__courseRun = {done: false};
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  window.__coursePanel = panel;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const started = Date.now();
  while (!(panel.sessionContext.session && panel.sessionContext.session.kernel
           && panel.sessionContext.session.kernel.status === 'idle')) {
    if (Date.now() - started > timeoutMs) throw new Error('the kernel did not start: '
      + panel.sessionContext.kernelDisplayStatus);
    await new Promise(r => setTimeout(r, 200));
  }
  window.__courseRun.kernelSeconds = (Date.now() - started) / 1000;
  app.shell.activateById(panel.id);
  app.commands.execute('notebook:run-all-cells').then(
    ok => { window.__courseRun.done = true; window.__courseRun.ok = ok; },
    err => { window.__courseRun.done = true; window.__courseRun.error = String(err); });
  return window.__courseRun.kernelSeconds;
}"""

KERNEL_IDLE_JS = """() => {
  const kernel = window.__coursePanel.sessionContext.session.kernel;
  return kernel && kernel.status === 'idle';
}"""

# What each code cell left: errors, tracebacks written to stderr, cells never run; all output
# text (for messages), widget failures and images that did not load, per cell.
COLLECT_JS = """async (widgetFailures) => {
  const panel = window.__coursePanel;
  const cells = panel.content.widgets;
  const problems = [], texts = [];
  const where = (i) => {
    const source = cells[i].model.sharedModel.getSource();
    const first = source.split('\\n').find(l => l.trim()) || '';
    return `cell ${i + 1} (${cells[i].model.type}: ${first.slice(0, 60)})`;
  };
  for (let i = 0; i < cells.length; i++) {
    const model = cells[i].model;
    if (model.type !== 'code') continue;
    const source = model.sharedModel.getSource();
    const outputs = model.outputs.toJSON();
    for (const out of outputs) {
      if (out.output_type === 'error') {
        texts.push(`${out.ename}: ${out.evalue}`);
        const trace = (out.traceback || []).join('\\n').replace(/\\x1b\\[[0-9;]*m/g, '');
        problems.push(`${where(i)}: ${out.ename}: ${out.evalue}\\n`
          + trace.split('\\n').slice(-8).join('\\n'));
      } else if (out.output_type === 'stream') {
        const text = Array.isArray(out.text) ? out.text.join('') : out.text;
        texts.push(text);
        if (out.name === 'stderr' && /Traceback|Error|Warning/.test(text))
          problems.push(`${where(i)} wrote to stderr: ${text.slice(-600)}`);
      } else if (out.data) {
        texts.push(String(out.data['text/plain'] || ''), String(out.data['text/html'] || ''),
                   String(out.data['text/markdown'] || ''));
      }
    }
    if (source.trim() && model.executionCount === null)
      problems.push(`${where(i)} did not run`);
  }
  // Every cell attached and every image scrolled to, so lazy rendering cannot hide one.
  for (let i = 0; i < cells.length; i++) {
    cells[i].node.scrollIntoView();
    await new Promise(r => requestAnimationFrame(r));
    const text = cells[i].node.innerText || '';
    for (const failure of widgetFailures)
      if (text.includes(failure)) problems.push(`${where(i)}: a widget shows "${failure}"`);
    for (const img of cells[i].node.querySelectorAll('img')) {
      img.scrollIntoView();
      const deadline = Date.now() + 10000;
      while (!img.complete && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
      if (!(img.complete && img.naturalWidth > 0))
        problems.push(`${where(i)}: image did not load: ${(img.getAttribute('src') || '')
          .slice(0, 120)} (alt: ${img.alt})`);
    }
  }
  return {problems, text: texts.join('\\n'), cells: cells.length};
}"""

CLOSE_JS = """async () => {
  const panel = window.__coursePanel;
  panel.context.model.dirty = false;  // no "save changes?" dialog
  await panel.sessionContext.shutdown();
  panel.dispose();
}"""


@pytest.fixture(scope="module")
def lab(browser: BrowserContext, site_server: SiteServer) -> Iterator[OfflinePage]:
    """One offline JupyterLite page for every test of this module."""
    tab = open_offline_tab(browser, site_server.base)
    started = time.perf_counter()
    tab.page.goto(f"{site_server.base}/lab/lab/index.html")
    tab.page.wait_for_function(
        "() => !!window.jupyterapp && !!document.querySelector('#jp-main-statusbar')",
        timeout=OPEN_TIMEOUT_MS,
    )
    print(f"\n[lite] JupyterLab ready in {time.perf_counter() - started:.1f} s")
    try:
        yield tab
    finally:
        close_offline_tab(tab, "lite")


def run_notebook(lab: OfflinePage, name: str) -> dict:
    """Open `name`, Run All, wait for the end; what went wrong, and the outputs' text."""
    page = lab.page
    started = time.perf_counter()
    kernel_seconds = page.evaluate(OPEN_AND_RUN_JS, [name, KERNEL_START_TIMEOUT_MS])
    page.wait_for_function("() => window.__courseRun.done", timeout=RUN_ALL_TIMEOUT_MS)
    run = page.evaluate("() => window.__courseRun")
    # widget messages that follow the last reply (comm traffic) before looking
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
    page.wait_for_timeout(500)
    facts = page.evaluate(COLLECT_JS, list(WIDGET_FAILURES))
    if run.get("error"):
        facts["problems"].insert(0, f"Run All failed: {run['error']}")
    print(
        f"\n[lite] {name}: kernel {kernel_seconds:.1f} s, whole run "
        f"{time.perf_counter() - started:.1f} s, {facts['cells']} cells"
    )
    try:
        lab.shot(f"lite-{name.split('_')[0]}")
    finally:
        page.evaluate(CLOSE_JS)
    return facts


# The wheel is loaded explicitly (the kernel would load it on `import autograd` anyway);
# y = x * x is backpropagated by the engine, in the kernel, on every slider move.
PROBE = """\
import importlib.metadata

import anywidget
import ipywidgets as widgets
import pyodide_js
import traitlets

await pyodide_js.loadPackage("backprop-notebooks")
print("backprop-notebooks", importlib.metadata.version("backprop-notebooks"))

probe_x = widgets.IntSlider(value=2, min=0, max=10, description="x")
probe_x.add_class("lite-probe-slider")
probe_out = widgets.Label()
probe_out.add_class("lite-probe-grad")


def probe_update(change=None):
    from autograd import Value  # the engine itself, on the bare Pyodide core

    x = Value(float(probe_x.value))
    y = x * x
    y.backward()
    grad = x.grad
    probe_out.value = f"x={probe_x.value:g} dy/dx={grad:g}"


probe_x.observe(probe_update, names="value")
probe_update()


class ProbeView(anywidget.AnyWidget):
    _esm = \"\"\"export default { render({ model, el }) {
      const b = document.createElement('b');
      b.className = 'lite-probe-anywidget';
      b.textContent = `anywidget ${model.get('value')}`;
      el.appendChild(b);
    } };\"\"\"
    value = traitlets.Unicode("ok").tag(sync=True)


widgets.VBox([probe_x, probe_out, ProbeView()])
"""
OPEN_AND_PROBE_JS = """async ([path, source]) => {
  const app = window.jupyterapp;
  const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  window.__coursePanel = panel;
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  const notebook = panel.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(source);
  await app.commands.execute('notebook:run-cell');
}"""


def test_kernel_starts_offline_and_a_slider_moves_a_value(lab: OfflinePage) -> None:
    page = lab.page
    outside, errors = len(lab.outside), len(lab.errors)
    page.evaluate(OPEN_AND_PROBE_JS, [NOTEBOOKS[1].name, PROBE])
    try:
        readout = page.locator(".lite-probe-grad")
        readout.wait_for(state="visible", timeout=KERNEL_START_TIMEOUT_MS)
        page.wait_for_function(
            "() => document.querySelector('.lite-probe-grad').innerText === 'x=2 dy/dx=4'"
        )
        page.locator(".lite-probe-slider .noUi-handle").focus()
        for _ in range(2):
            page.keyboard.press("ArrowRight")
        # the slider's new value went to the kernel, which computed and sent back the label
        page.wait_for_function(
            "() => document.querySelector('.lite-probe-grad').innerText === 'x=4 dy/dx=8'",
            timeout=30_000,
        )
        assert page.locator("text=backprop-notebooks 0.").count() > 0, "project wheel not loaded"
        # anywidget's wheel in the kernel and its front end in JupyterLite: the ES module ran
        assert page.locator(".lite-probe-anywidget").inner_text() == "anywidget ok"
    finally:
        lab.shot("lite-probe")
        page.evaluate(CLOSE_JS)
    assert not lab.outside[outside:], f"requests left 127.0.0.1: {lab.outside[outside:]}"
    assert not lite_console_errors(lab.errors[errors:])


def lite_console_errors(errors: list[str]) -> list[str]:
    # JupyterLite's in-browser drive asks its contents API about files Python looks up
    # (/lib/python3.14/...); before its service worker controls the page these reach the
    # static server as 404s. That is how JupyterLite works, not a broken site. Likewise
    # JupyterLab's Markdown renderer puts a figure's raw relative URL (../figures/x.svg, from
    # lab/lab/: lab/figures/x.svg) in the page before it resolves it through the contents
    # API; whether the figure then loaded is checked image by image.
    return [
        e
        for e in errors
        if "/api/" not in e and "Failed to load" not in e and "/lab/figures/" not in e
    ]


@pytest.mark.parametrize(
    "notebook", [n for n in NOTEBOOKS if n.name[:2] not in NUMPY_NOTEBOOKS], ids=lambda p: p.stem
)
def test_notebook_runs_offline_on_the_bare_pyodide_core(lab: OfflinePage, notebook: Path) -> None:
    outside, errors = len(lab.outside), len(lab.errors)
    facts = run_notebook(lab, notebook.name)
    problems = facts["problems"]
    problems += [f"request left 127.0.0.1: {u}" for u in lab.outside[outside:]]
    problems += [f"console error: {e}" for e in lite_console_errors(lab.errors[errors:])]
    assert not problems, f"{notebook.name} in JupyterLite, offline:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "notebook", [n for n in NOTEBOOKS if n.name[:2] in NUMPY_NOTEBOOKS], ids=lambda p: p.stem
)
def test_numpy_notebook_asks_for_numpy_and_says_where_to_run_it(
    lab: OfflinePage, notebook: Path
) -> None:
    outside = len(lab.outside)
    facts = run_notebook(lab, notebook.name)
    asked = lab.outside[outside:]
    assert [u for u in asked if NUMPY_WHEEL.search(u)], (
        f"{notebook.name} never asked for Pyodide's numpy wheel; requests stopped: {asked}"
    )
    assert NEEDS_NUMPY_MESSAGE.search(facts["text"]), (
        f"{notebook.name} does not say it needs numpy and where to open it; it printed:\n"
        + facts["text"][-1500:]
        + "\nproblems:\n"
        + "\n".join(facts["problems"])
    )
