"""Graphs never wider than the cell: at 1280 px, 03's graph with its grads filled
in and 09's neuron (1,047 and 1,033 px laid out left to right) fit their output area, drawn by
`dot` (inline SVG) and in the browser (viz.js, the live graph); no `-0` in their labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from labdriver import LabPage
from test_backprop_stepper import write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

GRAPHS = """\
from autograd import MLP, Value, draw_graph
from autograd.widgets import LiveGraph
a, b = Value(2.0, label="a"), Value(-3.0, label="b")
c, f = Value(10.0, label="c"), Value(-2.0, label="f")
e = a * b; e.label = "e"
d = e + c; d.label = "d"
L = d * f; L.label = "L"
L.backward()
import random
random.seed(0)
from autograd import Neuron
neuron = Neuron(2)
out = neuron([2.0, -1.0])
out.backward()
"""

WIDTHS_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .filter(o => o.querySelector('svg'))
  .map(o => {
    const svg = o.querySelector('svg');
    return { svg: svg.getBoundingClientRect().width, area: o.getBoundingClientRect().width,
             texts: [...svg.querySelectorAll('text')].map(t => t.textContent) };
  })"""


def test_wide_graphs_fit_the_cell_at_1280_px(lab: LabPage, tmp_path: Path) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    notebook = write_notebook(
        tmp_path / "widths",
        "widths.ipynb",
        [GRAPHS, "draw_graph(L)", "draw_graph(out)", "LiveGraph(L)", "LiveGraph(out)",
         "x = Value(-0.0, 'x')\ndraw_graph(x * -1.0)"],
    )  # fmt: skip
    lab.open(notebook)
    lab.run_all()
    lab.wait_for_js(
        "() => document.querySelectorAll('.live-graph[data-laid-out=true] svg').length == 2",
        "both live graphs laid out",
        60,
    )
    sizes = lab.page.evaluate(WIDTHS_JS)
    assert len(sizes) == 5
    for size in sizes:
        assert size["svg"] <= size["area"] + 0.5, (
            f"a graph wider than its cell: {size['svg']:.0f} px"
        )
        assert not [t for t in size["texts"] if t.endswith("-0") or " -0 " in f" {t} "
                    or t.endswith("-0.0")], size["texts"]  # fmt: skip
    lab.shot("widths")
    lab.assert_clean()
