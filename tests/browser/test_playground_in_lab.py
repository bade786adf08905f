"""The expression Playground in a real JupyterLab, driven in Chromium.

The learner types (the graph follows once typing pauses; an unfinished expression keeps the
last good graph and says what is missing), drags a slider (numbers change in the same SVG,
no new layout) and hovers an edge; the page's numbers are compared with the kernel's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from labdriver import LabPage
from test_backprop_stepper import run_cell, write_notebook
from test_live_graph_in_lab import PAGE_JS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

REPORT = """\
import json
print("STATE " + json.dumps({"text": p.text, "ok": p.ok, "message": p.message,
      "values": p.values, "grads": p.grads, "graph": p.graph.state(),
      "layouts": p.graph.layout_count}, ensure_ascii=False))
"""


def kernel(lab: LabPage, index: int) -> dict:
    text = "\n".join(run_cell(lab, index))
    line = next(line for line in text.splitlines() if line.startswith("STATE "))
    return json.loads(line[len("STATE ") :])


def view(lab: LabPage) -> dict:
    return lab.page.locator(".playground .live-graph").first.evaluate(PAGE_JS)


def boxes(state: dict) -> list[list[str]]:
    return [[n["data"], n["grad"]] for n in state["graph"]["nodes"]]


def test_type_drag_and_hover(lab: LabPage, tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "playground",
        "playground.ipynb",
        ["from autograd.widgets import Playground\np = Playground()\np", REPORT],
    )
    lab.open(notebook)
    run_cell(lab, 0)
    root = lab.page.locator(".playground").first
    box = root.locator("input.playground-input")
    lab.wait_for_visible(root.locator(".live-graph svg"), "the playground's graph", 30)
    first = lab.poll(lambda: view(lab), lambda v: v is not None and len(v["boxes"]) == 5, "graph")
    assert first["boxes"][0] == ["2.0", "-3.0"]
    lab.shot("start", root)

    # type an unfinished expression: the last good graph stays, the message says what is missing
    box.fill("")
    box.type("x*y +", delay=40)
    message = root.locator(".playground-message")
    lab.poll(message.inner_text, lambda t: "missing after '+'" in t, "the missing-part message")
    assert "last good graph: a*b + c" in message.inner_text()
    assert len(view(lab)["boxes"]) == 5
    box.type(" x", delay=40)
    lab.poll(message.inner_text, lambda t: t.startswith("out = "), "the new result")
    shown = lab.poll(lambda: view(lab), lambda v: len(v["boxes"]) == 4 and v["layout"] == "2",
                     "the new graph")  # fmt: skip
    sliders = root.locator(".playground-input-row .autograd-slider-label")
    assert sliders.all_inner_texts() == ["x", "y"]
    state = kernel(lab, 1)
    assert state["text"] == "x*y + x" and state["ok"]
    assert shown["boxes"] == boxes(state)
    lab.shot("typed", root)

    # drag the x slider: numbers only, the same SVG element
    root.locator(".live-graph svg").evaluate("svg => { svg.dataset.marker = 'kept'; }")
    lab.drag(".playground .playground-input-row:first-child", 0.75)  # x from 1.0 up
    lab.wait_idle()
    state = lab.poll(lambda: kernel(lab, 1), lambda s: s["values"]["x"] > 1.5, "x moved up")
    x = state["values"]["x"]
    after = lab.poll(lambda: view(lab), lambda v: v["boxes"] == boxes(state), "the dragged numbers")
    assert after["marker"] == "kept" and state["layouts"] == 2
    assert state["grads"] == {"x": 2.0, "y": x}  # d(x*y + x)/dy = x
    check = root.locator(".playground-check").first.inner_text()
    assert "x.grad = 2.0" in check and "/ h = 2.0" in check

    # hover the y -> * edge: local x upstream = contribution with the live numbers
    edge = next(e for e in state["graph"]["edges"] if e["id"].startswith("edge-1-"))
    root.locator(f"#{edge['id']} path.hit").hover(force=True)
    hovered = lab.poll(lambda: view(lab), lambda v: v["flow"] is not None, "the hover label")
    assert hovered["flow"] == edge["label"]
    assert edge["label"].startswith(f"{state['graph']['nodes'][0]['data']} × 1.0 = ")
    lab.shot("hover", root)
    assert lab.console_errors == []
