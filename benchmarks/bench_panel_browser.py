"""The nudge panel's latency and backlog in a real JupyterLab, driven in headless Chromium.

Measured in the page (performance.now(), so Playwright's own overhead does not count):

1. Slider input -> repaint at N = 100 points (and N = 1000): focus a knob slider, press an
   arrow key, and time from the keydown to the first draw call on the fit plot's canvas
   ("draw") and to the animation frame after it ("frame", when the new pixels can show).
   Target: p95 <= 33 ms at N = 100 (aim: one frame, 16.7 ms).
2. Backlog at N = 1000: 200 arrow-key presses as fast as the browser takes them, then the
   time from the last keydown until the panel shows the final state (the loss readout shows
   the loss of the final knob value, computed here with numpy, and the plot has drawn).
   Target: within 1 s (latest value wins; the kernel's work per event is bounded).

The draw calls are caught by wrapping CanvasRenderingContext2D's fillRect / drawImage /
putImageData for canvases inside `.nudge-plot`, which works for both the browser-drawn
panel (anywidget canvas) and the old ipympl one (PNG from the kernel drawn with
drawImage), so both are measured the same way. To measure the old version, run this
script with the Python of a checkout that has it, e.g.:

    /work/main/.venv/bin/python benchmarks/bench_panel_browser.py      # the ipympl panel
    .venv/bin/python benchmarks/bench_panel_browser.py                 # this checkout

(The server, kernel and panel come from the Python that runs the script.) The machine may
be shared: the load average is printed with the numbers; re-run on a quiet machine.
Options: --trials N (latency trials per size), --json PATH (save the numbers).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
from conftest import (  # noqa: E402  (the browser tests' server helpers, reused as they are)
    CHROMIUM,
    CHROMIUM_ARGS,
    LAB_START_TIMEOUT,
    _api,
    _free_port,
    _stop_server,
    _write_isolated_config,
)
from labdriver import LabPage  # noqa: E402

from autograd.polyfit import loss_value, make_dataset  # noqa: E402

KNOB = ".nudge-k3"
HANDLE = f"{KNOB} .noUi-handle, {KNOB} .autograd-slider-handle"
KNOB_STEP = 0.001  # both versions' knob sliders move by 0.001 per arrow key
BURST = 200

HOOK_JS = """() => {
  if (window.__bench) return;
  const bench = window.__bench = {draws: [], frames: [], keys: [], losses: []};
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['fillRect', 'drawImage', 'putImageData']) {
    const original = proto[name];
    proto[name] = function (...args) {
      const c = this.canvas;
      if (c && c.closest && c.closest('.nudge-plot')) {
        const now = performance.now();
        const last = bench.draws[bench.draws.length - 1];
        if (last === undefined || now - last > 2) {  // one entry per drawing burst
          bench.draws.push(now);
          requestAnimationFrame(() => bench.frames.push([now, performance.now()]));
        }
      }
      return original.apply(this, args);
    };
  }
  document.addEventListener('keydown', () => bench.keys.push(performance.now()), true);
  const loss = document.querySelector('.nudge-loss');
  new MutationObserver(() => bench.losses.push([performance.now(), loss.innerText]))
    .observe(loss, {subtree: true, childList: true, characterData: true});
}"""

FIRST_DRAW_AFTER_JS = """(t) => {
  const b = window.__bench;
  const draw = b.draws.find(d => d > t);
  if (draw === undefined) return null;
  const frame = b.frames.find(f => f[0] === draw);
  return frame ? [draw, frame[1]] : null;
}"""


def percentile(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples), q))


def start_lab(root: Path) -> tuple[subprocess.Popen, str, str]:
    served = root / "served"
    served.mkdir()
    env = _write_isolated_config(root)
    port, token = _free_port(), secrets.token_hex(24)
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
        f"--port={port}", "--port-retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={served}", "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    log = open(root / "lab.log", "wb")  # noqa: SIM115 (lives as long as the server)
    process = subprocess.Popen(
        command, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + LAB_START_TIMEOUT
    while True:
        try:
            _api(base, token, "/api/status")
            return process, base, token
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not start; see {root / 'lab.log'}") from None
            time.sleep(0.2)


def panel_notebook(folder: Path, n_points: int) -> Path:
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from autograd.polyfit import make_dataset\n"
            "from autograd.widgets import NudgePanel\n"
            f"panel = NudgePanel(make_dataset(n_points={n_points}), momentum=0.0)\n"
            "panel"
        )
    ]
    path = folder / f"panel_{n_points}.ipynb"
    nbformat.write(nb, path)
    return path


def wait_quiet(page: Page, quiet_ms: float = 250, timeout_s: float = 30) -> None:
    """Until no draw happened for `quiet_ms` (the kernel and the plot are done)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        idle = page.evaluate(
            "(q) => { const d = window.__bench.draws; const now = performance.now();"
            " return !d.length || now - d[d.length - 1] > q; }",
            quiet_ms,
        )
        if idle:
            return
        page.wait_for_timeout(50)


def open_panel(lab: LabPage, notebook: Path) -> Page:
    lab.open(notebook)
    lab.run_all()
    page = lab.page
    page.locator(HANDLE).first.wait_for(state="visible", timeout=60_000)
    lab.wait_for_figures_drawn()
    page.evaluate(HOOK_JS)
    page.locator(HANDLE).first.focus()
    wait_quiet(page)
    return page


FIRST_READOUT_AFTER_JS = """(t) => {
  const hit = window.__bench.losses.find(l => l[0] > t);
  return hit ? hit[0] : null;
}"""


def latency(lab: LabPage, notebook: Path, trials: int) -> tuple[list[float], ...]:
    page = open_panel(lab, notebook)
    draws, frames, readouts = [], [], []
    for i in range(trials + 3):
        key = "ArrowRight" if (i // 4) % 2 == 0 else "ArrowLeft"  # wander, stay in range
        page.keyboard.press(key)
        t_key = page.evaluate("() => window.__bench.keys[window.__bench.keys.length - 1]")
        deadline = time.monotonic() + 10
        while (hit := page.evaluate(FIRST_DRAW_AFTER_JS, t_key)) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"no redraw within 10 s of key press {i}")
            page.wait_for_timeout(5)
        while (readout := page.evaluate(FIRST_READOUT_AFTER_JS, t_key)) is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the loss readout did not change after key press {i}")
            page.wait_for_timeout(5)
        if i >= 3:  # the first presses warm up caches in the kernel and the browser
            draws.append(hit[0] - t_key)
            frames.append(hit[1] - t_key)
            readouts.append(readout - t_key)
        wait_quiet(page, 200)
    return draws, frames, readouts


def backlog(lab: LabPage, notebook: Path, n_points: int) -> dict[str, float]:
    page = open_panel(lab, notebook)
    start_value = float(page.locator(f"{KNOB} .widget-readout, {KNOB} .knob-readout").first
                        .inner_text().replace("\u2212", "-"))  # fmt: skip
    final = round(start_value + BURST * KNOB_STEP, 3)
    knobs = [0.0] * 6
    knobs[3] = final
    expected = f"loss = {loss_value(knobs, make_dataset(n_points=n_points)):.6f}"
    first_key = page.evaluate("() => performance.now()")
    for _ in range(BURST):
        page.keyboard.press("ArrowRight")
    last_key = page.evaluate("() => window.__bench.keys[window.__bench.keys.length - 1]")
    deadline = time.monotonic() + 120
    while True:
        shown = page.evaluate(
            "(want) => { const hit = window.__bench.losses.find("
            "l => l[1].includes(want)); return hit ? hit[0] : null; }",
            expected,
        )
        if shown is not None:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"the panel never showed {expected!r}")
        page.wait_for_timeout(20)
    wait_quiet(page, 1000, 120)
    last_draw = page.evaluate("() => Math.max(...window.__bench.draws)")
    return {
        "burst_ms": last_key - first_key,
        "final_state_after_last_event_ms": max(shown, last_draw) - last_key,
        "loss_readout_final_after_ms": shown - last_key,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--json", type=Path, help="save the numbers here")
    args = parser.parse_args()
    if not CHROMIUM.exists():  # `make bench` runs every benchmark: skip, do not fail
        print(f"skipped: {CHROMIUM} is missing (apt-get install -y chromium)")
        return
    import autograd

    version = Path(autograd.__file__).resolve().parents[1]
    results: dict[str, object] = {"checkout": str(version), "load_before": os.getloadavg()}
    root = Path(tempfile.mkdtemp(prefix="bench-panel-"))
    process, base, token = start_lab(root)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                root / "profile", executable_path=str(CHROMIUM), headless=True,
                args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000},
            )  # fmt: skip
            browser.set_default_timeout(60_000)
            try:
                for n_points in (100, 1000):
                    lab = LabPage(browser.new_page(), base, token, root / "served", root,
                                  f"latency-{n_points}")  # fmt: skip
                    nb = panel_notebook(root / "nb" / f"latency-{n_points}", n_points)
                    trials = args.trials if n_points == 100 else max(10, args.trials // 2)
                    draws, frames, readouts = latency(lab, nb, trials)
                    results[f"latency_N{n_points}"] = {
                        "draw_p50": percentile(draws, 50), "draw_p95": percentile(draws, 95),
                        "frame_p50": percentile(frames, 50), "frame_p95": percentile(frames, 95),
                        "readout_p50": percentile(readouts, 50),
                        "readout_p95": percentile(readouts, 95),
                        "trials": len(draws), "draw_median": statistics.median(draws),
                    }  # fmt: skip
                    lab.page.close()
                    for session in _api(base, token, "/api/sessions") or []:
                        _api(base, token, f"/api/sessions/{session['id']}", method="DELETE")
                lab = LabPage(browser.new_page(), base, token, root / "served", root, "backlog")
                nb = panel_notebook(root / "nb" / "backlog", 1000)
                results["backlog_N1000"] = backlog(lab, nb, 1000)
                lab.page.close()
            finally:
                browser.close()
    finally:
        _stop_server(process, base, token)
        shutil.rmtree(root, ignore_errors=True)
    results["load_after"] = os.getloadavg()
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def report(results: dict) -> None:
    load = ", ".join(f"{x:.2f}" for x in results["load_before"])
    print(f"Nudge panel in JupyterLab + headless Chromium ({results['checkout']})")
    print(f"measured under load: load average {load} before the run\n")
    print("1. slider input (arrow key) -> first draw on the fit plot / the next frame /")
    print("   the loss readout (text from the kernel) changed, ms")
    names = ("draw", "frame", "readout")
    print(f"{'N':>6}" + "".join(f" {f'{n} p50':>11} {f'{n} p95':>11}" for n in names))
    for n in (100, 1000):
        r = results[f"latency_N{n}"]
        print(f"{n:>6}" + "".join(
            f" {r[f'{name}_p50']:>11.1f} {r[f'{name}_p95']:>11.1f}" for name in names))  # fmt: skip
    print("   target: p95 <= 33 ms at N = 100 (aim 16.7 ms)\n")
    b = results["backlog_N1000"]
    print(f"2. {BURST} arrow-key presses at N = 1000 (sent in {b['burst_ms']:.0f} ms): the final")
    print(f"   state shown {b['final_state_after_last_event_ms']:.0f} ms after the last press "
          f"(loss readout final after {b['loss_readout_final_after_ms']:.0f} ms)")  # fmt: skip
    print("   target: within 1000 ms")


if __name__ == "__main__":
    main()
