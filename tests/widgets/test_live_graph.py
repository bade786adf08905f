"""Tests for LiveGraph, driven in the kernel: what the page must show, and what is sent.

The browser side (graph.js, renderLive) writes `numbers` into the SVG laid out once;
tests/browser/test_live_graph_in_lab.py checks that the page shows `state()`.
"""

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.draw import GraphTooLargeError
from autograd.trace import format_number
from autograd.widgets import LiveGraph
from autograd.widgets.live_graph import fresh_grads


def example(a_data=2.0, b_data=-3.0):
    a, b, c = Value(a_data, "a"), Value(b_data, "b"), Value(10.0, "c")
    d = a * b + c
    d.label = "d"
    return a, b, c, d


def engine_grads(root):
    """d(root)/d(v) for every v, by the engine itself on a copy (the original untouched)."""
    twin = copy.deepcopy(root)
    twin.zero_grad()
    twin.backward()
    return [v.grad for v in twin.topological_order()]


def test_shows_every_value_with_its_data_and_fresh_grad():
    a, b, c, d = example()
    graph = LiveGraph(d)
    nodes = graph.state()["nodes"]
    assert [n["name"] for n in nodes] == ["a", "b", "v2", "c", "d"]
    assert [n["data"] for n in nodes] == ["2.0", "-3.0", "-6.0", "10.0", "4.0"]
    assert [n["grad"] for n in nodes] == ["-3.0", "2.0", "1.0", "1.0", "1.0"]
    assert [n["id"] for n in nodes] == [f"value-{i}" for i in range(5)]


def test_every_edge_says_local_times_upstream_equals_contribution():
    a, b, c, d = example()
    edges = {e["id"]: e for e in LiveGraph(d).state()["edges"]}
    assert set(edges) == {"edge-0-2-0", "edge-1-2-1", "edge-2-4-0", "edge-3-4-1"}
    assert edges["edge-0-2-0"]["label"] == "-3.0 × 1.0 = -3.0"  # d(a*b)/da = b
    assert edges["edge-1-2-1"]["label"] == "2.0 × 1.0 = 2.0"
    assert edges["edge-3-4-1"]["local"] == "1.0"  # the sum rule


def test_a_value_used_twice_has_two_edges_whose_contributions_add_up():
    x = Value(3.0, "x")
    y = x * x
    graph = LiveGraph(y)
    edges = graph.state()["edges"]
    assert [e["id"] for e in edges] == ["edge-0-1-0", "edge-0-1-1"]
    assert [e["contribution"] for e in edges] == ["3.0", "3.0"]
    assert graph.state()["nodes"][0]["grad"] == "6.0"


def test_the_values_own_grads_are_neither_read_nor_written():
    a, b, c, d = example()
    a.grad = 123.0  # e.g. a sum over many data points
    graph = LiveGraph(d)
    assert graph.state()["nodes"][0]["grad"] == "-3.0"
    assert (a.grad, b.grad, c.grad, d.grad) == (123.0, 0.0, 0.0, 0.0)


def test_update_with_the_same_structure_sends_numbers_only():
    a, b, c, d = example()
    graph = LiveGraph(d)
    svg, dot, structure = graph.svg, graph.dot, graph.structure
    sent = []
    graph.observe(lambda change: sent.append(change["name"]), names=list(graph.trait_names()))
    *_, d2 = example(a_data=0.5, b_data=4.0)
    graph.update(d2)
    assert sent == ["numbers"]
    assert (graph.svg, graph.dot, graph.structure) == (svg, dot, structure)
    assert graph.layout_count == 1
    nodes = graph.state()["nodes"]
    assert [n["data"] for n in nodes] == ["0.5", "4.0", "2.0", "10.0", "12.0"]
    assert [n["grad"] for n in nodes] == ["4.0", "0.5", "1.0", "1.0", "1.0"]


def test_update_with_another_structure_lays_the_graph_out_again():
    a, b, c, d = example()
    graph = LiveGraph(d)
    graph.update((a * b).tanh())
    assert graph.layout_count == 2
    assert graph.structure["layout"] == graph.numbers["layout"] == 2
    assert [n["name"] for n in graph.state()["nodes"]] == ["a", "b", "v2", "v3"]
    assert "tanh" in graph.drawing.source


def test_a_new_constant_is_a_new_structure_its_number_is_its_name():
    x = Value(1.5, "x")
    graph = LiveGraph(x * 2)
    graph.update(x * 2)
    assert graph.layout_count == 1
    graph.update(x * 3)
    assert graph.layout_count == 2
    assert graph.state()["nodes"][1]["name"] == "3.0"


def test_the_layout_reserves_room_so_later_numbers_fit():
    a, b, c, d = example()
    graph = LiveGraph(d)
    # every box cell and edge label was laid out with a minimum width (HTML-like TD WIDTH)
    widths = re.findall(r'WIDTH="(\d+)"', graph.drawing.source)
    assert len(widths) == 5 * 2 + 4
    assert min(int(w) for w in widths) >= 45  # 8 characters of 10-11 pt digits


def test_the_graph_is_laid_out_by_dot_or_left_to_the_browser(monkeypatch, tmp_path):
    a, b, c, d = example()
    assert LiveGraph(d).layout_engine == "dot"
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    graph = LiveGraph(d)
    assert graph.svg == "" and graph.dot == graph.drawing.source and graph.viz_version


def test_negative_zero_is_never_shown():
    x = Value(-0.0, "x")
    y = x * -1.0
    texts = [t for n in LiveGraph(y).state()["nodes"] for t in (n["data"], n["grad"])]
    assert texts and not any(t.startswith("-0") and float(t) == 0 for t in texts)
    assert "-0.0" not in texts


def test_highlight_marks_values_of_the_graph_and_refuses_others():
    a, b, c, d = example()
    graph = LiveGraph(d)
    graph.highlight(a, d)
    assert graph.highlighted == ["value-0", "value-4"]
    with pytest.raises(ValueError, match="not a Value of the graph shown"):
        graph.highlight(Value(1.0))
    graph.highlight()
    assert graph.highlighted == []


def test_refuses_what_is_not_a_value_and_graphs_too_large():
    with pytest.raises(TypeError, match="LiveGraph\\(\\) needs a Value, got float 2.0"):
        LiveGraph(2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rankdir"):
        LiveGraph(Value(1.0), rankdir="RL")
    x = Value(1.0, "x")
    y = x
    for _ in range(10):
        y = y + x
    with pytest.raises(GraphTooLargeError):
        LiveGraph(y, max_nodes=5)
    graph = LiveGraph(x * 2, max_nodes=5)
    with pytest.raises(GraphTooLargeError):
        graph.update(y)
    with pytest.raises(TypeError, match="LiveGraph.update\\(\\) needs a Value"):
        graph.update("x")  # type: ignore[arg-type]


def test_an_overflowed_gradient_is_shown_as_inf_and_still_sendable():
    # local derivatives that overflow when multiplied (made by hand: the engine's
    # backward() would refuse this; the picture must still show it)
    a = Value(1.0, "a")
    b = Value(1.0, "b", "scale", (a,), (1e308,))
    c = Value(1.0, "c", "scale", (b,), (1e308,))
    graph = LiveGraph(c)
    assert graph.state()["nodes"][0]["grad"] == "inf"
    assert graph.numbers["nodes"][0][2] == 1e300  # JSON has no inf: the colour's scale


def apply(op, y, other):
    if op == "+":
        return y + other
    if op == "*":
        return y * other
    if op == "-":
        return y - other
    if op == "sq":
        return y**2
    if op == "exp":
        return (y * 0.1).exp()
    return getattr(y, op)()  # tanh, relu


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3),
    st.lists(st.sampled_from(["+", "*", "-", "tanh", "sq", "relu", "exp"]), max_size=8),
)
def test_grads_agree_exactly_with_the_engine(inputs, ops):
    leaves = [Value(v, name) for v, name in zip(inputs, "abc")]
    y = leaves[0]
    for k, op in enumerate(ops):
        other = leaves[k % 3]
        y = apply(op, y, other)
    order = y.topological_order()
    assert fresh_grads(order) == engine_grads(y)
    graph = LiveGraph(y)
    assert [n["grad"] for n in graph.state()["nodes"]] == [
        format_number(g) for g in engine_grads(y)
    ]
