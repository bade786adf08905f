"""LiveGraph in a real JupyterLab, driven in Chromium: the page shows the kernel's numbers.

- Every box's data and grad and every edge's local derivative on the page equal
  `LiveGraph.state()` in the kernel, after the first drawing and after each update.
- An update with the same structure changes numbers and colours in the very same SVG
  element (no new layout); another structure is laid out again.
- Hovering an edge, or focusing it with the keyboard, writes "local × upstream =
  contribution" along it and in the readout, with the live numbers.
- Without `dot` the browser lays the graph out with viz.js, and updates still move numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from labdriver import LabPage
from page_scripts import BOX_NUMBERS_JS
from test_backprop_stepper import run_cell, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

SETUP = """\
import json, os
from autograd import Value
from autograd.widgets import LiveGraph

def example(a_data, b_data):
    a, b, c = Value(a_data, "a"), Value(b_data, "b"), Value(10.0, "c")
    d = a * b + c
    d.label = "d"
    return d

def report(graph):
    print("STATE " + json.dumps(graph.state(), ensure_ascii=False))
    print("LAYOUTS", graph.layout_count, graph.layout_engine or "browser")
"""

# What the page shows: each box's two numbers, each edge's label, the hovered words.
PAGE_JS = (
    """(root) => {
  const svg = root.querySelector('.stepper-graph svg');
  if (!svg) return null;
  const boxes = """
    + BOX_NUMBERS_JS
    + """;
  const edges = {};
  for (const g of svg.querySelectorAll('g.edge[id^="edge-"]')) {
    if (/^edge-op-/.test(g.id)) continue;
    edges[g.id] = { local: (g.querySelector('text') || {}).textContent,
                    sign: g.dataset.sign,
                    width: parseFloat(g.querySelector('path').style.strokeWidth) };
  }
  const flow = svg.querySelector('g.flow-label text');
  return {
    layout: root.dataset.layout, paints: Number(root.dataset.paints || 0),
    marker: svg.dataset.marker || null, boxes, edges,
    flow: flow ? flow.textContent : null,
    readout: root.querySelector('.live-readout').textContent,
  };
}"""
)


def kernel_state(outputs: list[str]) -> tuple[dict, str]:
    text = "\n".join(outputs)
    state = next(line for line in text.splitlines() if line.startswith("STATE "))
    layouts = next(line for line in text.splitlines() if line.startswith("LAYOUTS "))
    return json.loads(state[len("STATE ") :]), layouts


def page(lab: LabPage, index: int = 0) -> dict:
    return lab.page.locator(".live-graph").nth(index).evaluate(PAGE_JS)


def expected_view(state: dict) -> dict:
    return {
        "boxes": [[n["data"], n["grad"]] for n in state["nodes"]],
        "edges": {e["id"]: e["local"] for e in state["edges"]},
    }


def shown(view: dict) -> dict:
    return {"boxes": view["boxes"], "edges": {k: v["local"] for k, v in view["edges"].items()}}


def wait_for(lab: LabPage, state: dict, what: str, index: int = 0) -> dict:
    want = expected_view(state)
    return lab.poll(
        lambda: page(lab, index),
        lambda view: view is not None and shown(view) == want,
        what,
    )


def test_the_live_graph_shows_the_kernels_numbers(lab: LabPage, tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "live",
        "live.ipynb",
        [
            SETUP + "graph = LiveGraph(example(2.0, -3.0))\nreport(graph)\ngraph",
            "graph.update(example(0.5, 4.0))\nreport(graph)",
            "graph.update(example(0.5, 4.0).tanh())\nreport(graph)",
        ],
    )
    lab.open(notebook)
    state, layouts = kernel_state(run_cell(lab, 0))
    assert layouts == "LAYOUTS 1 dot"
    root = lab.page.locator(".live-graph").first
    lab.wait_for_visible(root.locator(".stepper-graph svg"), "the live graph", 30)
    first = wait_for(lab, state, "the first numbers")
    assert first["boxes"][0] == ["2.0", "-3.0"]
    # the a -> * edge contributes -3 (orange), the b -> * edge +2 (blue, thinner)
    assert first["edges"]["edge-0-2-0"]["sign"] == "negative"
    assert first["edges"]["edge-1-2-1"]["sign"] == "positive"
    assert first["edges"]["edge-0-2-0"]["width"] > first["edges"]["edge-1-2-1"]["width"]
    lab.shot("first", root)

    # hover: the edge's numbers along it and in the readout
    root.locator("#edge-0-2-0 path.hit").hover(force=True)
    hovered = lab.poll(lambda: page(lab), lambda v: v["flow"] is not None, "hover label")
    assert hovered["flow"] == "-3.0 × 1.0 = -3.0"
    assert "-3.0 × upstream v2.grad 1.0 = contribution -3.0 to a.grad" in hovered["readout"]
    lab.shot("hover", root)

    # same structure: numbers only, in the same SVG element
    root.locator(".stepper-graph svg").evaluate("svg => { svg.dataset.marker = 'first'; }")
    state, layouts = kernel_state(run_cell(lab, 1))
    assert layouts == "LAYOUTS 1 dot"
    after = wait_for(lab, state, "the updated numbers")
    assert after["marker"] == "first", "the graph was laid out again for new numbers"
    assert after["boxes"][0] == ["0.5", "4.0"]
    assert after["edges"]["edge-0-2-0"]["sign"] == "positive"
    root.locator("#edge-0-2-0 path.hit").hover(force=True)
    lab.poll(lambda: page(lab), lambda v: v["flow"] == "4.0 × 1.0 = 4.0", "hover, new numbers")

    # keyboard: Tab focus on an edge shows its numbers
    lab.page.mouse.move(0, 0)  # the pointer leaves the hovered edge
    lab.poll(lambda: page(lab), lambda v: v["flow"] is None, "the hover label gone")
    root.locator("#edge-1-2-1").focus()
    active = lab.page.evaluate("() => document.activeElement && document.activeElement.id")
    assert active == "edge-1-2-1"
    focused = lab.poll(
        lambda: page(lab), lambda v: v["flow"] == "0.5 × 1.0 = 0.5", "focused edge label"
    )
    assert "to b.grad" in focused["readout"]
    lab.shot("focus", root)

    # another structure: a new layout, with its numbers
    state, layouts = kernel_state(run_cell(lab, 2))
    assert layouts == "LAYOUTS 2 dot"
    again = wait_for(lab, state, "the new structure's numbers")
    assert again["marker"] is None and again["layout"] == "2"
    assert len(again["boxes"]) == 6
    assert lab.console_errors == []


def test_without_dot_the_browser_lays_out_and_updates(lab: LabPage, tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "live_viz",
        "live_viz.ipynb",
        [
            SETUP + "os.environ['PATH'] = ''  # no `dot`: viz.js lays it out\n"
            "graph = LiveGraph(example(2.0, -3.0))\nreport(graph)\ngraph",
            "graph.update(example(1.5, 2.0))\nreport(graph)",
        ],
    )
    lab.open(notebook)
    state, layouts = kernel_state(run_cell(lab, 0))
    assert layouts == "LAYOUTS 1 browser"
    root = lab.page.locator(".live-graph").first
    lab.wait_for_visible(root.locator(".stepper-graph svg"), "the graph laid out by viz.js", 60)
    wait_for(lab, state, "the first numbers (viz.js)")
    root.locator(".stepper-graph svg").evaluate("svg => { svg.dataset.marker = 'first'; }")
    state, _ = kernel_state(run_cell(lab, 1))
    after = wait_for(lab, state, "the updated numbers (viz.js)")
    assert after["marker"] == "first"
    assert lab.console_errors == []
