"""Tests for autograd.draw: the DOT source, the size guard and the missing-`dot` fallback."""

import math
import re
import stat

import pytest
from IPython.core.formatters import DisplayFormatter

from autograd import Value, draw_graph
from autograd.draw import (
    HIGHLIGHT_COLOUR,
    INSTALL_MESSAGE,
    ROLE_COLOURS,
    GraphTooLargeError,
    dot_available,
)
from autograd.trace import format_number


def small_graph():
    """L = (a * b + c) * -2.0 with labels: 5 labelled Values, one constant, 3 ops."""
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    loss = d * -2.0
    loss.label = "L"
    return a, b, c, e, d, loss


def node_line(source: str, node_id: str) -> str:
    """The DOT line that declares the node whose SVG id is `node_id`."""
    (line,) = [ln for ln in source.splitlines() if f'id="{node_id}"' in ln and "->" not in ln]
    return line


def edge_lines(source: str) -> list[str]:
    return [ln.strip() for ln in source.splitlines() if "->" in ln]


def test_counts_and_labels_of_a_small_graph():
    a, b, c, e, d, loss = small_graph()
    source = draw_graph(loss).source
    assert source.count('class="value ') == 7  # a, b, c, e, d, L and the constant -2.0
    assert len(re.findall(r'class="?op[ "]', source)) == 3  # *, +, *
    assert len(edge_lines(source)) == 6 + 3  # two inputs per op, one output per op
    for name in ["<B>a</B>", "<B>b</B>", "<B>c</B>", "<B>e</B>", "<B>d</B>", "<B>L</B>"]:
        assert name in source
    assert "data -6.0" in source and "data 4.0" in source and "data -8.0" in source
    assert "data -2.0" in source  # the constant shows its value


def test_a_value_used_twice_gets_two_edges():
    a = Value(3.0, "a")
    doubled = a + a
    source = draw_graph(doubled).source
    assert edge_lines(source).count('v0 -> op1 [class="input-edge" id="edge-0-1-0"]') == 1
    assert edge_lines(source).count('v0 -> op1 [class="input-edge" id="edge-0-1-1"]') == 1
    assert len([ln for ln in edge_lines(source) if ln.startswith("v0 -> op1")]) == 2

    x = Value(1.5, "x")
    source = draw_graph(x * x).source
    assert len([ln for ln in edge_lines(source) if ln.startswith("v0 -> op1")]) == 2


def test_highlight_nodes_and_edges():
    a, b, c, e, d, loss = small_graph()
    graph = draw_graph(loss, highlight_nodes=[e], highlight_edges=[(c, d)])
    source = graph.source
    order = loss.topological_order()
    i_e, i_c, i_d = order.index(e), order.index(c), order.index(d)
    line = node_line(source, f"value-{i_e}")
    assert "highlight" in line and HIGHLIGHT_COLOUR in line and "penwidth=3" in line
    assert "highlight" not in node_line(source, f"value-{order.index(a)}")
    (edge,) = [ln for ln in edge_lines(source) if f'id="edge-{i_c}-{i_d}-1"' in ln]
    assert "highlight" in edge and HIGHLIGHT_COLOUR in edge
    # the op the edge leads into, and its edge to the result, are marked with it
    assert "highlight" in node_line(source, f"op-{i_d}")
    (out_edge,) = [ln for ln in edge_lines(source) if f'id="edge-op-{i_d}"' in ln]
    assert "highlight" in out_edge
    assert sum("highlight" in ln for ln in edge_lines(source)) == 2


def test_highlight_one_of_two_edges_of_a_plus_a():
    a = Value(3.0, "a")
    doubled = a + a
    source = draw_graph(doubled, highlight_edges=[(a, doubled, 1)]).source
    marked = [ln for ln in edge_lines(source) if ln.startswith("v0 -> op1") and "highlight" in ln]
    assert len(marked) == 1 and 'id="edge-0-1-1"' in marked[0]
    both = draw_graph(doubled, highlight_edges=[(a, doubled)]).source
    assert sum(ln.startswith("v0 -> op1") and "highlight" in ln for ln in edge_lines(both)) == 2


def test_bad_highlights_are_refused_clearly():
    a, b, c, e, d, loss = small_graph()
    stranger = Value(1.0, "stranger")
    with pytest.raises(ValueError, match="not a Value of this graph"):
        draw_graph(loss, highlight_nodes=[stranger])
    with pytest.raises(ValueError, match="is not an input of"):
        draw_graph(loss, highlight_edges=[(a, d)])
    with pytest.raises(ValueError, match="at position 0"):
        draw_graph(loss, highlight_edges=[(c, d, 0)])
    with pytest.raises(ValueError, match="is not an edge"):
        draw_graph(loss, highlight_edges=[a])


def test_options_rankdir_grads_and_roles():
    a, b, c, e, d, loss = small_graph()
    a.grad = 0.5
    lr = draw_graph(loss).source
    assert "rankdir=LR" in lr and "grad 0.5" in lr
    tb = draw_graph(loss, rankdir="TB", show_grads=False).source
    assert "rankdir=TB" in tb and "grad" not in tb
    order = loss.topological_order()
    assert ROLE_COLOURS["input"] in node_line(lr, f"value-{order.index(a)}")
    assert ROLE_COLOURS["intermediate"] in node_line(lr, f"value-{order.index(e)}")
    assert ROLE_COLOURS["output"] in node_line(lr, f"value-{order.index(loss)}")
    constant = next(v for v in order if not v.inputs and not v.label)
    assert ROLE_COLOURS["constant"] in node_line(lr, f"value-{order.index(constant)}")
    plain = draw_graph(loss, colour_by_role=False).source
    assert ROLE_COLOURS["input"] not in plain and ROLE_COLOURS["output"] not in plain
    with pytest.raises(ValueError, match="rankdir"):
        draw_graph(loss, rankdir="RL")


def test_values_and_grads_overrides_show_question_marks():
    a, b, c, e, d, loss = small_graph()
    source = draw_graph(loss, values={a: 2.0, b: -3.0}, grads={}).source
    order = loss.topological_order()
    assert "data 2.0" in node_line(source, f"value-{order.index(a)}")
    assert "data ?" in node_line(source, f"value-{order.index(e)}")
    assert source.count("grad ?") == 7


def test_labels_are_escaped():
    x = Value(1.0, "<x&y>")
    source = draw_graph(x * 2).source
    assert "<B>&lt;x&amp;y&gt;</B>" in source and "<B><x&y></B>" not in source


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (2.0, "2.0"),
        (-6.0, "-6.0"),
        (0.0, "0.0"),
        (-0.0, "0.0"),
        (1 / 3, "0.3333"),
        (12345.6, "12345.6"),
        (1e-7, "1e-7"),
        (-1.2345e-5, "-1.234e-5"),  # 4 significant digits
        (2.5e8, "2.5e8"),
        (0.001, "0.001"),
        (0.0013406, "0.001341"),
        (3.14159, "3.142"),
        (-123.456, "-123.5"),
        (0.99999, "1.0"),
        (999999.7, "999999.7"),
    ],
)
def test_numbers_are_readable(number, text):
    assert format_number(number) == text


def test_the_real_dot_renders_svg_with_classes_and_ids():
    a, b, c, e, d, loss = small_graph()
    order = loss.topological_order()
    graph = draw_graph(loss, highlight_nodes=[e])
    assert dot_available()
    svg = graph.html()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert f'id="value&#45;{order.index(e)}" class="node value intermediate highlight"' in svg
    bundle = graph._repr_mimebundle_()
    assert "image/svg+xml" in bundle
    data, _metadata = DisplayFormatter().format(graph)
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["text/plain"] == "<GraphDrawing of 7 Values>"  # no address: stable output


def chain(length: int) -> Value:
    x = Value(0.5, "x")
    for _ in range(length):
        x = x * 1.0001  # two new Values per step: the product and the constant
    return x


@pytest.mark.timeout(10)  # a safety net, not a timing assertion: the guard must not call dot
def test_size_guard_refuses_a_big_graph_with_advice():
    root = chain(5000)  # 10,001 Values
    with pytest.raises(GraphTooLargeError) as info:
        draw_graph(root)
    message = str(info.value)
    assert "10,001 Values" in message
    assert "max_nodes=150" in message
    assert "draw_graph(root, max_nodes=10001)" in message
    assert "smaller" in message


def test_size_guard_can_be_overridden():
    root = chain(100)  # 201 Values
    with pytest.raises(GraphTooLargeError):
        draw_graph(root)
    assert draw_graph(root, max_nodes=201).source.count('class="value ') == 201
    assert draw_graph(root, max_nodes=None).source.count('class="value ') == 201
    with pytest.raises(GraphTooLargeError):
        draw_graph(root, max_nodes=200)
    with pytest.raises(ValueError, match="max_nodes must be a positive int"):
        draw_graph(root, max_nodes=0)


def test_bad_root_is_refused():
    with pytest.raises(TypeError, match="draw_graph\\(\\) needs a Value"):
        draw_graph(3.0)


def fallback_checks(data: dict) -> None:
    assert "image/svg+xml" not in data
    assert "`dot` program was not found" in data["text/html"]
    assert "apt-get install graphviz" in data["text/html"]
    assert "brew install graphviz" in data["text/plain"]
    assert '<table class="graph-table">' in data["text/html"]
    for name in ["a", "b", "c", "e", "d", "L"]:
        assert f"<td>{name}</td>" in data["text/html"]
    assert "*(a, b)" in data["text/plain"] and "-8.0" in data["text/plain"]


def test_without_dot_displaying_shows_message_and_table(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no `dot` anywhere
    *_, loss = small_graph()
    assert not dot_available()
    graph = draw_graph(loss)
    data, _metadata = DisplayFormatter().format(graph)  # what Jupyter does to show it
    fallback_checks(data)
    assert "install Graphviz, then run the cell again" in graph.html()
    assert INSTALL_MESSAGE.splitlines()[0] in data["text/plain"]


def test_dot_removed_after_drawing_still_falls_back(monkeypatch, tmp_path):
    *_, loss = small_graph()
    graph = draw_graph(loss)
    monkeypatch.setenv("PATH", str(tmp_path))
    data, _metadata = DisplayFormatter().format(graph)
    fallback_checks(data)


def test_a_failing_dot_is_reported_not_raised(monkeypatch, tmp_path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'dot: broken install' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    *_, loss = small_graph()
    data, _metadata = DisplayFormatter().format(draw_graph(loss))
    assert "`dot` failed" in data["text/html"]
    assert '<table class="graph-table">' in data["text/html"]


def test_a_single_value_or_edge_needs_no_list():
    a, b, c, e, d, loss = small_graph()
    one_node = draw_graph(loss, highlight_nodes=e).source
    assert one_node == draw_graph(loss, highlight_nodes=[e]).source
    assert "highlight" in node_line(one_node, f"value-{loss.topological_order().index(e)}")
    one_edge = draw_graph(loss, highlight_edges=(c, d)).source
    assert one_edge == draw_graph(loss, highlight_edges=[(c, d)]).source


def test_an_edge_whose_output_is_not_a_value_is_a_clear_type_error():
    a, b, c, e, d, loss = small_graph()
    with pytest.raises(TypeError, match="output of edge .* is a list, not a Value"):
        draw_graph(loss, highlight_edges=[(a, [e])])


def test_a_grad_that_is_not_a_number_is_shown_not_crashed_on():
    a, b, c, e, d, loss = small_graph()
    loss.backward()
    e.grad = d.grad * Value(-2.0)  # the slip: a Value where a number belongs
    a.grad = math.inf  # what an overflowing backward() can leave behind
    b.grad = math.nan
    graph = draw_graph(loss)
    assert "grad not a number (Value)" in graph.source
    assert "grad inf" in graph.source and "grad nan" in graph.source
    assert "not a number (Value)" in graph.table_text
    assert "not a number (Value)" in draw_graph(loss, grads={v: v.grad for v in [a, e]}).source


def test_save_writes_svg_and_png_with_a_caption(tmp_path):
    *_, loss = small_graph()
    drawing = draw_graph(loss).add_caption("L = (a * b + c) * -2")
    png, svg = drawing.save(tmp_path / "small", png_dpi=72)
    assert (png.name, svg.name) == ("small.png", "small.svg")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "L = (a * b + c) * &#45;2" in svg.read_text()
    sharper, _ = drawing.save(tmp_path / "sharp", png_dpi=144)
    assert len(sharper.read_bytes()) > len(png.read_bytes())  # more pixels
    with pytest.raises(ValueError, match="png_dpi must be a positive int"):
        drawing.save(tmp_path / "bad", png_dpi=0)


def test_save_without_dot_says_how_to_install_it(monkeypatch, tmp_path):
    *_, loss = small_graph()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="(?s)`dot` program was not found.*apt-get install"):
        draw_graph(loss).save(tmp_path / "graph")
    assert list(tmp_path.iterdir()) == []
