"""Notebook 7's loss landscape: dragging the start point redraws the paths in the browser,
and the kernel gets the new start point (its Python paths agree with the drawn ones)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from labdriver import LabPage

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = ".landscape"


def _notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from autograd.widgets import LossLandscape\n"
            "landscape = LossLandscape(start=(-1.0, 2.5), steps=100)\nlandscape"
        ),
        nbformat.v4.new_code_cell(
            "import json\nprint(json.dumps({'start': landscape.start,"
            " 'plain': landscape.path('plain')[-1], 'momentum': landscape.path('momentum')[-1]}))"
        ),
    ]
    path = folder / "landscape.ipynb"
    nbformat.write(nb, path)
    return path


def _state(lab: LabPage) -> dict:
    return lab.page.locator(ROOT).first.evaluate(
        """(el) => ({start: el.dataset.start, plain: el.dataset.plainEnd,
                     momentum: el.dataset.momentumEnd,
                     readout: el.querySelector('.landscape-readout').textContent,
                     pixels: el.querySelector('canvas').toDataURL()})"""
    )


def _numbers(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def test_dragging_the_start_point_redraws_the_paths(lab: LabPage, tmp_path: Path) -> None:
    lab.open(_notebook(tmp_path))
    lab.run_all()
    canvas = lab.page.locator(f"{ROOT} canvas").first
    lab.wait_for_visible(canvas, "the landscape's canvas", 20)
    before = _state(lab)
    assert _numbers(before["start"]) == [-1.0, 2.5]
    assert "plain descent after 100 steps" in before["readout"]
    lab.shot("landscape-start", lab.page.locator(ROOT).first)

    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box, "the landscape's canvas has no size on the page"
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    lab.page.mouse.move(x, y)
    lab.page.mouse.down()
    lab.page.mouse.move(x + box["width"] * 0.4, y + box["height"] * 0.3, steps=10)
    during = _state(lab)  # still dragging: the browser has redrawn without the kernel
    assert during["plain"] != before["plain"] and during["pixels"] != before["pixels"]
    lab.page.mouse.up()
    after = lab.poll(lambda: _state(lab), lambda s: s["start"] != before["start"], "start moved")
    assert after["plain"] != before["plain"] and after["momentum"] != before["momentum"]
    assert after["readout"] != before["readout"] and after["pixels"] != before["pixels"]
    lab.shot("landscape-dragged", lab.page.locator(ROOT).first)

    # the kernel has the new start point, and computes the same paths as the browser drew
    second = lab.page.locator(".jp-Notebook .jp-CodeCell").nth(1)
    second.locator(".cm-content").click()
    lab.page.keyboard.press("Shift+Enter")
    output = second.locator(".jp-OutputArea-output")
    lab.poll(lambda: output.count() and output.first.inner_text(), bool, "the kernel printed")
    kernel = json.loads(output.first.inner_text().strip())
    assert kernel["start"] == pytest.approx(_numbers(after["start"]), abs=1e-12)
    assert kernel["plain"] == pytest.approx(_numbers(after["plain"]), rel=1e-9, abs=1e-12)
    assert kernel["momentum"] == pytest.approx(_numbers(after["momentum"]), rel=1e-9, abs=1e-12)

    # how long one redraw takes in the page (drawn on every pointer move): a report, not a
    # target check (timings belong in benchmarks); printed with -s
    millis = canvas.evaluate(
        """(canvas) => { const box = canvas.getBoundingClientRect(); const times = [];
             canvas.dispatchEvent(new PointerEvent('pointerdown', {clientX: box.left + 50,
               clientY: box.top + 50, bubbles: true, pointerId: 1}));
             for (let i = 0; i < 30; i++) { const t = performance.now();
               canvas.dispatchEvent(new PointerEvent('pointermove', {clientX: box.left + 60 + i,
                 clientY: box.top + 60 + i, bubbles: true, pointerId: 1}));
               times.push(performance.now() - t); }
             canvas.dispatchEvent(new PointerEvent('pointerup', {clientX: box.left + 90,
               clientY: box.top + 90, bubbles: true, pointerId: 1}));
             times.sort((a, b) => a - b); return times[15]; }"""
    )
    print(f"landscape: one redraw on a pointer move, median of 30: {millis:.2f} ms (under load)")
    after = lab.poll(lambda: _state(lab), lambda s: s["start"] != after["start"], "start moved")

    # the arrow keys move it too
    canvas.focus()
    lab.page.keyboard.press("ArrowUp")
    moved = lab.poll(lambda: _state(lab), lambda s: s["start"] != after["start"], "arrow key")
    assert _numbers(moved["start"])[1] == pytest.approx(_numbers(after["start"])[1] + 0.1)
    lab.assert_clean()
