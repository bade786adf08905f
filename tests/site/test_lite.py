"""The course to run: JupyterLite from site/lab/, with no network but 127.0.0.1.

1. The Pyodide kernel starts from the site's own files, installs this project's wheel from
   the site, a slider moves a value the kernel computes (with the engine, where
   `import autograd` is light enough for Pyodide without numpy), and an anywidget renders.
2. Notebook 02 (the engine: Values, the graph, the forward pass, the stepper) runs all its
   cells with no error and shows its graph. This needs the light `import autograd` (issue
   15); until that lands `import autograd` loads numpy, which is not available offline, so
   the test is an expected failure (strict: once the light import is there it must pass).

The graph: where the package lays graphs out in the browser (the vendored viz.js of
autograd/widgets/vendor/viz-js, from the stepper work), an SVG drawing with its nodes is
required; before that lands, the drawing's documented fallback without `dot` (install line
and table of the same graph) is what Pyodide shows, and that is what is checked.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sitedriver import REPO, OfflinePage, SiteServer

pytestmark = [pytest.mark.site, pytest.mark.browser]

NOTEBOOK = "02_values_and_computation_graphs.ipynb"


def test_import_autograd_needs_no_numpy() -> None:
    """`import autograd` leaves numpy unloaded, so the engine runs on the bare Pyodide core."""
    code = "import sys, autograd; sys.exit('numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


KERNEL_START_TIMEOUT_MS = 180_000  # measured 11-30 s on 2 busy cores; Pyodide is ~10 MB of wasm
RUN_ALL_TIMEOUT_MS = 240_000
OPEN_TIMEOUT_MS = 180_000  # JupyterLab's ~20 MB of JavaScript, measured 8-21 s under load

STATUS_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return !!bar && bar.textContent.includes('| Idle');
}"""
# Every non-empty code cell has an execution number and none is running ("[*]"); or a cell
# raised (Lab then stops running the cells below it) and nothing is running.
RUN_DONE_JS = """() => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-CodeCell')];
  const running = cells.some(c => ((c.querySelector('.jp-InputPrompt') || {}).textContent
    || '').includes('*'));
  const raised = document.querySelector(".jp-OutputArea-output[data-mime-type="
    + "'application/vnd.jupyter.stderr']");
  if (raised && !running) return true;
  return cells.length > 0 && cells.every(cell => {
    const prompt = (cell.querySelector('.jp-InputPrompt') || {}).textContent || '';
    const source = (cell.querySelector('.cm-content') || {}).textContent || '';
    return !prompt.includes('*') && (!source.trim() || /\\[\\d+\\]/.test(prompt));
  });
}"""
TRACEBACKS_JS = """() => [...document.querySelectorAll(
  ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")]
  .map(o => o.textContent).filter(t => t.includes('Traceback') || t.includes('Error'))"""
# The wheel is loaded explicitly (the kernel would load it on `import autograd` anyway);
# y = x * x is backpropagated by the engine when its import works here, else computed by hand.
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
ADD_AND_RUN_PROBE_JS = """async (source) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const notebook = panel.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(source);
  await app.commands.execute('notebook:run-cell');
}"""


def open_notebook(offline_page: OfflinePage, site_server: SiteServer) -> float:
    """Open notebook 02 in JupyterLite; seconds until its kernel is idle."""
    page = offline_page.page
    started = time.perf_counter()
    page.goto(f"{site_server.base}/lab/lab/index.html?path={NOTEBOOK}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=OPEN_TIMEOUT_MS)
    page.wait_for_function(STATUS_IDLE_JS, timeout=KERNEL_START_TIMEOUT_MS)
    page.wait_for_function("() => !!window.jupyterapp")
    return time.perf_counter() - started


def assert_offline(offline_page: OfflinePage) -> None:
    assert not offline_page.outside, f"requests left 127.0.0.1: {offline_page.outside}"
    # JupyterLite's in-browser drive asks its contents API about files Python looks up
    # (/lib/python3.14/...); before its service worker controls the page these reach the
    # static server as 404s. That is how JupyterLite works, not a broken site.
    errors = [e for e in offline_page.errors if "/api/" not in e and "Failed to load" not in e]
    assert not errors, f"console errors: {errors}"


def test_kernel_starts_offline_and_a_slider_moves_a_value(
    offline_page: OfflinePage, site_server: SiteServer
) -> None:
    page = offline_page.page
    kernel_ready = open_notebook(offline_page, site_server)
    page.evaluate(ADD_AND_RUN_PROBE_JS, PROBE)
    readout = page.locator(".lite-probe-grad")
    readout.wait_for(state="visible", timeout=120_000)
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
    print(f"\n[lite] kernel ready {kernel_ready:.1f} s")
    assert_offline(offline_page)


def test_engine_notebook_runs_in_the_browser_offline(
    offline_page: OfflinePage, site_server: SiteServer
) -> None:
    page = offline_page.page
    open_notebook(offline_page, site_server)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(RUN_DONE_JS, timeout=RUN_ALL_TIMEOUT_MS)
    page.wait_for_function(STATUS_IDLE_JS, timeout=RUN_ALL_TIMEOUT_MS)
    assert page.evaluate(TRACEBACKS_JS) == []

    outputs = page.locator(".jp-Notebook .jp-OutputArea-output")
    if (REPO / "autograd" / "widgets" / "vendor" / "viz-js").is_dir():
        graph = page.locator(".jp-Notebook .jp-OutputArea-output svg g.node").first
        graph.wait_for(state="visible", timeout=60_000)
    else:
        assert outputs.locator(".graph-fallback table").count() > 0, "no graph shown"
    # the stepper (an anywidget) rendered its view, drawn by its own ES module
    page.locator(".jp-Notebook .graph-stepper svg g.node").first.wait_for(
        state="visible", timeout=60_000
    )
    assert_offline(offline_page)
