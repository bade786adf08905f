"""Tests for autograd.draw: the DOT source, the size guard and the missing-`dot` fallback."""

import hashlib
import html
import math
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.formatters import DisplayFormatter
from lesson_graphs import small_graph

from autograd import Value, draw_graph
from autograd.draw import (
    HIGHLIGHT_COLOUR,
    INSTALL_MESSAGE,
    ROLE_COLOURS,
    GraphTooLargeError,
    dot_available,
)
from autograd.trace import format_number
from autograd.widgets.graph_view import VIZ_DIR, GraphView


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


@pytest.mark.slow
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
    assert set(data) == {"image/svg+xml", "text/html", "text/plain"}
    # the page shows the inline SVG, shrunk to the cell's width when wider
    assert data["text/html"].startswith('<svg style="max-width: 100%; height: auto" ')
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
    with pytest.raises(ValueError, match="max_nodes must be a whole number >= 1"):
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


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_without_dot_the_browser_lays_the_graph_out(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no `dot` anywhere
    *_, loss = small_graph()
    assert not dot_available()
    graph = draw_graph(loss)
    data, _metadata = DisplayFormatter().format(graph)  # what Jupyter does to show it
    assert "image/svg+xml" not in data
    assert data[WIDGET_MIME]["model_id"]  # shown as a widget
    view = graph.browser_view()
    assert isinstance(view, GraphView)
    assert view.svg == "" and view.dot == graph.source  # laid out by viz.js, in the browser
    assert view.viz_version == (VIZ_DIR / "VERSION").read_text().strip()
    # the browser asks for viz.js itself (once per page), not carried by every graph
    sent = []
    view.send = sent.append  # what the kernel answers the browser's request with
    view._handle_custom_msg({"request": "viz.js"}, [])  # ipywidgets' dispatch of a message
    assert sent == [GraphView.viz_js()] and sent[0]["viz_js"].startswith("/*!\nViz.js")
    assert "viz_js" not in view.get_state()
    # pages that cannot run widgets still get the graph, as a table
    assert '<table class="graph-table">' in data["text/html"]
    assert "*(a, b)" in data["text/plain"] and "-8.0" in data["text/plain"]
    view._handle_custom_msg({"request": "something else"}, [])
    assert len(sent) == 1  # other messages are not answered with 1.2 MB


def test_without_dot_and_without_widgets_shows_message_and_table(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setitem(sys.modules, "autograd.widgets.graph_view", None)  # cannot import
    *_, loss = small_graph()
    graph = draw_graph(loss)
    data, _metadata = DisplayFormatter().format(graph)
    fallback_checks(data)
    assert "install Graphviz, then run the cell again" in graph.html()
    assert INSTALL_MESSAGE.splitlines()[0] in data["text/plain"]


def test_dot_removed_after_drawing_still_shows_the_graph(monkeypatch, tmp_path):
    *_, loss = small_graph()
    graph = draw_graph(loss)
    monkeypatch.setenv("PATH", str(tmp_path))
    data, _metadata = DisplayFormatter().format(graph)
    assert WIDGET_MIME in data and "image/svg+xml" not in data


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


@pytest.mark.slow
def test_save_pictures_writes_svg_and_png_with_a_caption(tmp_path):
    *_, loss = small_graph()
    drawing = draw_graph(loss).add_caption("L = (a * b + c) * -2")
    png, svg = drawing.save_pictures(tmp_path / "small", png_dpi=72)
    assert (png.name, svg.name) == ("small.png", "small.svg")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "L = (a * b + c) * &#45;2" in svg.read_text()
    sharper, _ = drawing.save_pictures(tmp_path / "sharp", png_dpi=144)
    assert len(sharper.read_bytes()) > len(png.read_bytes())  # more pixels
    with pytest.raises(ValueError, match="png_dpi must be a whole number >= 1"):
        drawing.save_pictures(tmp_path / "bad", png_dpi=0)


def test_svg_is_ascii_with_non_ascii_labels_as_character_references(tmp_path):
    # a learner's label in Greek, and the captions and op names may hold ×, →, −
    loss = Value(2.0, "λ") * Value(3.0, "b")
    loss.label = "L→"
    drawing = draw_graph(loss).add_caption("λ × b")
    svg = drawing.svg()
    assert svg.isascii() and "&#x3bb;" in svg and "&#xd7;" in svg and "&#x2192;" in svg
    assert drawing._repr_mimebundle_()["image/svg+xml"] == svg
    _, saved = drawing.save_pictures(tmp_path / "greek", png_dpi=72)
    assert saved.read_bytes() == svg.encode("ascii")


def test_save_pictures_without_dot_says_how_to_install_it(monkeypatch, tmp_path):
    *_, loss = small_graph()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="(?s)`dot` program was not found.*apt-get install"):
        draw_graph(loss).save_pictures(tmp_path / "graph")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ odd labels


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("ends\\", "ends\\"),  # used to swallow the tooltip's closing quote
        ("tab\there", "tab\\there"),
        ("nul\x00byte", "nul\\x00byte"),  # dot stops reading at a NUL
        ("bell\x07", "bell\\x07"),
        ("two\nlines", "two\\nlines"),
        ('quote"d', 'quote"d'),
        ("\\N is not the node name", "\\N is not the node name"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ],
)
def test_odd_labels_are_escaped_and_dot_renders_them(label, shown):
    x = Value(1.0, label)
    graph = draw_graph(x * 2)
    svg = graph.pipe(format="svg").decode()  # the real `dot`: "syntax error" before
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert shown in texts
    titles = [html.unescape(t) for t in re.findall(r'xlink:title="([^"]*)"', svg)]
    assert f"input: {shown.replace(chr(92), chr(0xFF3C))}" in titles  # the tooltip too


@pytest.mark.slow
def test_caption_is_text_not_markup():
    *_, loss = small_graph()
    svg = (
        draw_graph(loss)
        .add_caption("<b>bold?</b> & \\ done\nsecond line")
        .pipe(format="svg")
        .decode()
    )
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "<b>bold?</b> & \\ done" in texts and "second line" in texts
    # a caption that looks like markup was taken as an HTML label
    svg = draw_graph(loss).add_caption("<i>slanted</i>").pipe(format="svg").decode()
    assert "&lt;i&gt;slanted&lt;/i&gt;" in svg
    with pytest.raises(TypeError, match="add_caption\\(\\) needs a str"):
        draw_graph(loss).add_caption(3)


def test_graphviz_render_works_as_in_graphviz(tmp_path):
    *_, loss = small_graph()
    drawing = draw_graph(loss)
    out = drawing.render("f", directory=tmp_path, format="svg")  # raised TypeError before
    assert Path(out) == tmp_path / "f.svg" and "<svg" in (tmp_path / "f.svg").read_text()
    assert (tmp_path / "f").read_text() == drawing.source  # render also saves the source
    saved = drawing.save("g.gv", directory=tmp_path)  # graphviz's save(): the DOT source
    assert Path(saved).read_text() == drawing.source
    assert drawing.pipe(format="svg").startswith(b"<?xml")


@pytest.mark.slow
def test_drawing_needs_neither_graphviz_package_nor_dot(tmp_path):
    """JupyterLite: no `dot` program, maybe no `graphviz` package; the graph still shows,
    laid out in the browser."""
    code = (
        "import sys; sys.modules['graphviz'] = None\n"  # `import graphviz` now fails
        "import autograd.draw as d\n"
        "import autograd.widgets  # registers the in-browser layout with draw\n"
        "from autograd import Value\n"
        "a = Value(2.0, 'a'); g = d.draw_graph(a * a)\n"
        "bundle = g._repr_mimebundle_()\n"
        "print(sorted(bundle))\n"
        "try:\n    g.render('x')\nexcept RuntimeError as e:\n    print('refused:', e)\n"
    )
    env = dict(os.environ, PATH=str(tmp_path))  # no `dot` either
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first == str(sorted(["text/plain", "text/html", WIDGET_MIME]))
    assert second.startswith("refused: this needs the `graphviz` Python package")


@pytest.mark.slow
def test_importing_draw_loads_no_graphviz_or_widgets():
    code = (
        "import sys, autograd.draw\n"
        "heavy = [m for m in ('graphviz', 'ipywidgets', 'anywidget') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_wide_graphs_are_laid_out_top_to_bottom():
    # notebook 06's Horner form and 09's neuron were 3,100 and 1,600 px wide laid out LR
    ks = [Value(0.1 * k, f"k{k}") for k in range(6)]
    x = Value(0.5, "x")
    y = ks[5]
    for k in range(4, -1, -1):
        y = y * x + ks[k]
    assert "rankdir=TB" in draw_graph(y).source
    w1, w2, b = Value(0.3, "w1"), Value(-0.7, "w2"), Value(0.1, "b")
    out = (w1 * Value(2.0, "x1") + w2 * Value(-1.0, "x2") + b).tanh()
    assert "rankdir=TB" in draw_graph(out).source
    *_, loss = small_graph()
    assert "rankdir=LR" in draw_graph(loss).source  # small graphs stay left to right
    # notebook 02's weighted sum without grads: 1,057 px left to right, so it stays so
    x1, x2, w1, w2, b = (Value(v, n) for v, n in [(2.0, "x1"), (0.0, "x2"), (-3.0, "w1"),
                                                   (1.0, "w2"), (6.88, "b")])  # fmt: skip
    n = (x1 * w1 + x2 * w2 + b).tanh()
    assert "rankdir=LR" in draw_graph(n, show_grads=False).source
    assert "rankdir=TB" in draw_graph(n).source  # with grads: 1,404 px, too wide
    for root in (y, out):
        width = float(re.search(r'<svg width="([\d.]+)pt"', draw_graph(root).svg()).group(1))
        assert width * 4 / 3 < 1220, f"{width * 4 / 3:.0f} px is wider than a notebook cell"
    assert "rankdir=LR" in draw_graph(y, rankdir="LR").source  # asked for: kept


def test_vendored_viz_js_is_the_one_its_readme_names():
    """autograd/widgets/vendor/viz-js: licence, version and checksum kept with the file
    (scripts/vendor_js.sh writes them; a hand edit of viz.js would show here)."""
    readme = (VIZ_DIR / "README.md").read_text()
    version = (VIZ_DIR / "VERSION").read_text().strip()
    assert f"@viz-js/viz@{version}" in readme
    digest = hashlib.sha256((VIZ_DIR / "viz.js").read_bytes()).hexdigest()
    assert f"viz.js sha256: `{digest}`" in readme
    assert "Permission is hereby granted" in (VIZ_DIR / "LICENSE").read_text()
    assert (VIZ_DIR / "viz.js").read_text()[:40].startswith(f"/*!\nViz.js {version}")


@pytest.mark.slow
def test_draw_knows_no_widget_the_widgets_register_the_browser_layout(tmp_path):
    """Without `dot`: draw alone shows the table and how to install Graphviz; once
    autograd.widgets is imported (the course's start() does), the browser lays it out."""
    code = (
        "import sys\n"
        "import autograd.draw as d\n"
        "from autograd import Value\n"
        "g = d.draw_graph(Value(2.0, 'a') * 3)\n"
        "print(sorted(g._repr_mimebundle_()))\n"
        "print([m for m in sys.modules if m.startswith('autograd.widgets')])\n"
        "import autograd.widgets\n"
        "print(sorted(g._repr_mimebundle_()))\n"
    )
    env = dict(os.environ, PATH=str(tmp_path))  # no `dot`
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    alone, widgets_loaded, registered = result.stdout.splitlines()[:3]
    assert alone == str(sorted(["text/plain", "text/html"]))
    assert widgets_loaded == "[]"
    assert registered == str(sorted(["text/plain", "text/html", WIDGET_MIME]))


def test_draw_imports_no_widget_module():
    source = (Path(__file__).resolve().parent.parent / "autograd" / "draw.py").read_text()
    assert "import autograd.widgets" not in source and "from autograd.widgets" not in source
    with pytest.raises(TypeError, match="needs a function or None"):
        from autograd.draw import register_browser_layout

        register_browser_layout("GraphView")  # type: ignore[arg-type]
