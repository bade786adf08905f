"""Draw a computation graph with Graphviz, as a picture that renders inline in JupyterLab.

`draw_graph(root)` returns a `GraphDrawing`: every Value is a box with its name, data
and grad; every operation is its own small oval with the op's name; edges run
input -> op -> result. A Value used twice (`a + a`, `x * x`) gets two edges into its
op, because the gradient counts both.

The DOT source is written here, by hand, rather than with the `graphviz` package: it is
a few lines, it lets every label be escaped exactly (a name ending in a backslash or
holding a NUL would otherwise break `dot`), and it keeps drawing possible where only
the standard library exists (Pyodide / JupyterLite). The `graphviz` package is used,
when installed, for graphviz's own API on the drawing: `render()`, `pipe()`, `view()`,
`save()` behave exactly as on a `graphviz.Source`.

Where the picture is laid out:

* `dot` on PATH: displaying the drawing runs it and shows the SVG.
* no `dot` (not installed, or in the browser-only JupyterLite): the DOT source is laid
  out in the browser by Graphviz compiled to WebAssembly (viz.js, vendored in
  autograd/widgets/vendor/), inside a small widget. Without a widget front end (a
  plain terminal), the drawing shows how to install Graphviz and a table of the graph.

A graph too big to read is refused at once (above `max_nodes` Values) with advice.
Wide graphs are laid out top to bottom (`rankdir="auto"`) so they fit a notebook cell.

`GraphDrawing.save_pictures(stem)` writes stem.svg and stem.png (the course's figures);
`add_caption(text)` puts a title above the picture.

This is the only module of the package that knows about graphviz.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from autograd.engine import Value
from autograd.trace import format_number, node_names
from autograd.validate import plain_real_number, whole_number

DEFAULT_MAX_NODES = 150

# Fill colours by role: what the learner sets (inputs, parameters), what the graph
# computes, and the output (the loss) everything is differentiated against.
ROLE_COLOURS = {
    "input": "#cfe2f3",  # light blue
    "constant": "#eeeeee",  # light grey: a plain number wrapped as a Value
    "intermediate": "#ffffff",
    "output": "#d9ead3",  # light green
}
HIGHLIGHT_COLOUR = "#d62728"  # red
UNKNOWN = "?"  # shown for a data or grad not (yet) known

# A notebook cell in JupyterLab is about 1,220 px wide; Graphviz's points are 4/3 px.
# An "auto" layout goes top to bottom when left to right would be wider than this.
CELL_WIDTH_PT = 860.0
DOT_TIMEOUT_S = 60.0

INSTALL_STEPS = (
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  conda:          conda install -c conda-forge graphviz\n"
    "(`pip install graphviz` alone is not enough: it installs only the Python wrapper.)"
)
INSTALL_MESSAGE = (
    "Graphviz's `dot` program was not found, so this graph is shown as a table instead of "
    "a picture. To see the picture, install Graphviz, then run the cell again:\n" + INSTALL_STEPS
)

# An edge to highlight: (input, output) is every edge from `input` into `output`'s op;
# (input, output, k) only the one for output.inputs[k] (a + a has two).
Edge = tuple[Value, Value] | tuple[Value, Value, int]


# ------------------------------------------------------------------------- the SVG ids
# The one place the ids of the drawn elements are spelled: the stepper and the live graph
# address the SVG by them (graph.js only reads the ids it is sent).


def value_id(i: int) -> str:
    """The SVG id of the box of the Value at position i of the topological order."""
    return f"value-{i}"


def op_id(i: int) -> str:
    """The SVG id of the oval of the operation that made Value i."""
    return f"op-{i}"


def input_edge_id(child: int, out: int, k: int) -> str:
    """The SVG id of the edge from Value `child` into the op of Value `out`, input slot k."""
    return f"edge-{child}-{out}-{k}"


def output_edge_id(i: int) -> str:
    """The SVG id of the edge from the op of Value i to Value i's box."""
    return f"edge-op-{i}"


class GraphTooLargeError(ValueError):
    """The graph has more Values than `max_nodes`: drawing it would be slow and unreadable."""


class DotError(RuntimeError):
    """Graphviz's `dot` ran but failed (its message is included)."""


def dot_available() -> bool:
    """Whether Graphviz's `dot` program is on PATH."""
    return shutil.which("dot") is not None


# ------------------------------------------------------------------------------ DOT text

# A DOT ID that needs no quotes (what the graphviz package writes bare, so the source
# reads the same as before): a name or a number, but not a DOT keyword.
_BARE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)")
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


class HtmlLabel(str):
    """A Graphviz HTML-like label (written between < >); its text must already be escaped."""


def visible(text: str) -> str:
    """`text` with control characters, NUL and lone surrogates written out as escapes.

    `dot` stops at a NUL and rejects control characters, and a lone surrogate cannot be
    encoded at all; a learner who put one in a label should see it, so it is shown the
    way Python writes it ("a\\x00b") instead of breaking the drawing.
    """
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs"):
            escaped = char.encode("unicode_escape", "backslashreplace").decode("ascii")
            out.append(escaped if escaped != char else f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def quote(value: object) -> str:
    """A DOT attribute value or ID: bare when safe, else a quoted, escaped string.

    In a quoted DOT string only `\\"` is an escape for the parser, but labels and
    tooltips are "escString"s where a backslash starts an escape (\\n, \\l, \\N, ...),
    so every backslash is doubled: a label ending in a backslash no longer swallows the
    closing quote, and "\\N" stays two characters instead of becoming the node's name.
    """
    if isinstance(value, HtmlLabel):
        return f"<{value}>"
    text = visible(str(value))
    if _BARE_ID.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_lines(text: str) -> str:
    """A quoted DOT label whose newlines are line breaks (each line centred)."""
    lines = [quote(line) for line in str(text).split("\n")]
    inner = [line[1:-1] if line.startswith('"') else line for line in lines]
    return '"' + "\\n".join(inner) + '"'


def html_text(text: str) -> str:
    """Text for inside an HTML-like label: control characters shown, markup escaped.

    Graphviz expands escString sequences (\\N: the node's name) even in HTML-like
    labels, where a doubled backslash is one backslash: so backslashes are doubled.
    """
    return html.escape(visible(str(text))).replace("\\", "\\\\")


def tooltip_text(text: str) -> str:
    """A name for a tooltip: backslashes drawn as the full-width "＼".

    Graphviz expands escapes in tooltips once or twice depending on its version (2.43
    turns "\\\\N" into the node's name), so no escaping of a backslash survives every
    version; the look-alike shows the name without giving `dot` anything to expand.
    """
    return visible(str(text)).replace("\\", "\uff3c")


def _attr_list(attrs: Mapping[str, object], label: str | None = None) -> str:
    """' [label=... a=1 b=2]': the label first, then the others sorted (as graphviz does)."""
    parts = [] if label is None else [f"label={label}"]
    parts += [f"{quote(k)}={quote(v)}" for k, v in sorted(attrs.items()) if v is not None]
    return f" [{' '.join(parts)}]" if parts else ""


# -------------------------------------------------------------------------- the drawing


class GraphDrawing:
    """A computation graph as DOT source that knows how to show itself.

    Displayed in Jupyter it is an SVG laid out by `dot`; without `dot` it is laid out
    in the browser (viz.js) or, with no widget front end, shown as a table.
    `render()`, `pipe()`, `view()` and `save()` are graphviz's own (they need the
    `graphviz` package and `dot`); `to_graphviz()` gives the `graphviz.Source` itself.
    """

    def __init__(
        self,
        graph_attr: Mapping[str, str],
        node_attr: Mapping[str, str],
        edge_attr: Mapping[str, str],
    ) -> None:
        self.graph_attr: dict[str, str] = dict(graph_attr)
        self.node_attr = dict(node_attr)
        self.edge_attr = dict(edge_attr)
        self.body: list[str] = []  # one DOT statement per line, as graphviz.Digraph keeps it
        self._caption: str | None = None
        self.table_text = ""  # the graph as a plain-text table
        self.table_html = ""  # the graph as an HTML table
        self.value_count = 0

    # ---------------------------------------------------------------- building
    def node(self, name: str, label: str, **attrs: object) -> None:
        self.body.append(f"\t{quote(name)}{_attr_list(attrs, quote(label))}")

    def edge(self, tail: str, head: str, **attrs: object) -> None:
        self.body.append(f"\t{quote(tail)} -> {quote(head)}{_attr_list(attrs)}")

    @property
    def source(self) -> str:
        """The DOT source of the drawing."""
        lines = ["digraph {"]
        graph_attr = dict(self.graph_attr)
        caption = None
        if self._caption is not None:
            caption = quote_lines(self._caption)
            graph_attr.update(labelloc="t", fontname="Helvetica", fontsize="12")
        lines.append(f"\tgraph{_attr_list(graph_attr, caption)}")
        lines.append(f"\tnode{_attr_list(self.node_attr)}")
        lines.append(f"\tedge{_attr_list(self.edge_attr)}")
        return "\n".join(lines + self.body + ["}"]) + "\n"

    def add_caption(self, text: str) -> GraphDrawing:
        """Write `text` above the picture (newlines allowed; shown as written, never as
        markup); returns the drawing itself."""
        if not isinstance(text, str):
            raise TypeError(f"add_caption() needs a str, got {type(text).__name__} {text!r}")
        self._caption = text
        return self

    def __repr__(self) -> str:
        # stable across runs (no memory address), so notebook text outputs stay identical
        return f"<GraphDrawing of {self.value_count} Values>"

    # ---------------------------------------------------------------- graphviz's API
    def to_graphviz(self, **kwargs: Any) -> Any:
        """This drawing as a `graphviz.Source` (needs `pip install graphviz`)."""
        try:
            import graphviz  # only here: the package is optional (absent in Pyodide)
        except ImportError as error:
            raise RuntimeError(
                "this needs the `graphviz` Python package: pip install graphviz "
                "(and Graphviz's `dot` program to render)"
            ) from error
        return graphviz.Source(self.source, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.render` (same arguments), e.g. drawing.render("f", format="png")."""
        return self.to_graphviz().render(*args, **kwargs)

    def pipe(self, *args: Any, **kwargs: Any) -> bytes | str:
        """graphviz's `Source.pipe` (same arguments), e.g. drawing.pipe(format="svg")."""
        return self.to_graphviz().pipe(*args, **kwargs)

    def view(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.view`: render and open in the system's viewer."""
        return self.to_graphviz().view(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.save`: write the DOT source to a file."""
        return self.to_graphviz().save(*args, **kwargs)

    # ---------------------------------------------------------------- showing
    def svg(self) -> str:
        """The picture as SVG text, laid out by `dot` (raises if `dot` is missing or fails)."""
        return run_dot(self.source, "svg").decode("utf-8")

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        # `dot` is looked for at every display, not once when drawing: installing Graphviz
        # and re-running the display cell is enough to get the picture laid out natively
        if dot_available():
            try:
                return {"image/svg+xml": self.svg(), "text/plain": repr(self)}
            except FileNotFoundError:
                pass  # removed from PATH between the check and the call
            except DotError as error:
                return self._fallback(f"Graphviz's `dot` failed: {error}")
        view = self.browser_view()
        if view is None:
            return self._fallback(INSTALL_MESSAGE)
        bundle = view._repr_mimebundle_()
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/plain"] = f"{self!r} (laid out in the browser)\n\n{self.table_text}"
        data["text/html"] = self.table_html  # for pages that cannot run widgets
        return data

    def browser_view(self) -> Any:
        """A widget (GraphView) that lays this drawing out in the browser with viz.js,
        where `dot` is missing; None where widgets are not available (no ipywidgets)."""
        try:
            from autograd.widgets.graph_view import GraphView
        except ImportError:  # no ipywidgets / anywidget here (e.g. a plain terminal)
            return None
        return GraphView.for_layout_in_browser(self.source)

    def _fallback(self, message: str) -> dict[str, str]:
        note = html.escape(message).replace("\n", "<br>")
        return {
            "text/html": f'<div class="graph-fallback"><p><b>{note}</b></p>{self.table_html}</div>',
            "text/plain": f"{message}\n\n{self.table_text}",
        }

    def html(self) -> str:
        """The drawing as an HTML fragment: inline SVG, or the message and table without dot."""
        try:
            svg = self.svg() if dot_available() else None
        except (FileNotFoundError, DotError) as error:
            return self._fallback(f"Graphviz's `dot` failed: {error}")["text/html"]
        if svg is None:
            return self._fallback(INSTALL_MESSAGE)["text/html"]
        return fit_to_width(svg)

    def save_pictures(self, stem: str | Path, *, png_dpi: int = 150) -> list[Path]:
        """Render with Graphviz's `dot` to stem.svg and stem.png; return [png path, svg path].

        `png_dpi` sets only the PNG's resolution: in the SVG a dpi would rescale the picture.
        The bytes depend only on the graph (and the Graphviz version), never on the time.
        """
        png_dpi = whole_number(png_dpi, "png_dpi", minimum=1)
        stem = Path(stem)
        svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
        try:
            svg_bytes = run_dot(self.source, "svg")
            png_bytes = run_dot(self.source, "png", f"-Gdpi={png_dpi}")
        except FileNotFoundError as error:
            raise RuntimeError(
                f"cannot save {stem}: Graphviz's `dot` program was not found. Install "
                f"Graphviz, then try again:\n{INSTALL_STEPS}"
            ) from error
        svg.write_bytes(svg_bytes)
        png.write_bytes(png_bytes)
        return [png, svg]


def run_dot(source: str, fmt: str, *options: str) -> bytes:
    """Lay out DOT `source` with the `dot` program; FileNotFoundError if it is missing."""
    program = shutil.which("dot")
    if program is None:
        raise FileNotFoundError("Graphviz's `dot` program is not on PATH")
    result = subprocess.run(
        [program, f"-T{fmt}", *options],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=DOT_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise DotError(message or f"dot exited with status {result.returncode}")
    return result.stdout


def fit_to_width(svg: str) -> str:
    """Inline SVG without the XML prologue, shrunk to the cell's width if it is wider."""
    svg = svg[svg.index("<svg") :]  # drop the XML prologue and doctype
    # the viewBox keeps its proportions; max-width shrinks only pictures wider than the cell
    return svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)


# --------------------------------------------------------------------------- draw_graph


def draw_graph(
    root: Value,
    *,
    rankdir: str = "auto",
    show_grads: bool = True,
    colour_by_role: bool = True,
    highlight_nodes: Value | Collection[Value] = (),
    highlight_edges: Edge | Collection[Edge] = (),
    values: Mapping[Value, float] | None = None,
    grads: Mapping[Value, float] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    reserve: Mapping[Value, Sequence[Sequence[str]]] | None = None,
    show_local_grads: bool = False,
    local_grad_room: Sequence[str] = (),
) -> GraphDrawing:
    """Draw the computation graph below `root` (displays as SVG in Jupyter).

    rankdir: "LR" (left to right), "TB" (top to bottom) or "auto" (left to right,
        unless that would be wider than a notebook cell and top to bottom is narrower).
    show_grads: show each Value's grad beside its data.
    colour_by_role: fill inputs blue, constants grey, the output green.
    highlight_nodes / highlight_edges: drawn in red with thick lines. An edge is
        (input, output) or (input, output, k) for just the k-th input slot of output.
        A single Value or a single edge needs no list around it.
    values / grads: show these numbers instead of each Value's own data / grad; a Value
        missing from the mapping shows "?" (the stepper uses this for "not yet computed").
    max_nodes: refuse graphs with more Values than this (None: no limit).
    reserve: texts that will replace a box's numbers later (the stepper fills them in
        the browser); each box is made wide enough for the longest, so nothing overflows.
    show_local_grads: write each input edge's local derivative d(output)/d(input) on it.
    local_grad_room: texts that will replace those labels later (the live graph); each
        label is made wide enough for the longest.
    """
    if not isinstance(root, Value):
        raise TypeError(
            f"draw_graph() needs a Value, got {type(root).__name__} {root!r}. "
            "Pass the result of a computation, e.g. draw_graph(a * b)."
        )
    if rankdir not in ("LR", "TB", "auto"):
        raise ValueError(
            f"rankdir must be 'LR' (left to right), 'TB' (top to bottom) or 'auto', got {rankdir!r}"
        )
    order = root.topological_order()
    check_size(len(order), max_nodes)
    names = node_names(order)
    index = {v: i for i, v in enumerate(order)}
    marked_nodes = _checked_nodes(highlight_nodes, index)
    marked_slots = _checked_edges(highlight_edges, index)  # {(output index, slot k)}

    texts: list[tuple[str, str | None]] = [
        (_shown(v, v.data, values), _shown(v, v.grad, grads) if show_grads else None) for v in order
    ]
    if rankdir == "auto":
        rankdir = choose_rankdir(order, names, texts)

    graph = GraphDrawing(
        graph_attr={"rankdir": rankdir, "nodesep": "0.25", "ranksep": "0.35"},
        node_attr={"fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"arrowsize": "0.7"},
    )
    rows = []
    for i, v in enumerate(order):
        role = _role(v, root)
        data_text, grad_text = texts[i]
        marked = v in marked_nodes
        room = None if reserve is None else reserve.get(v)
        graph.node(
            f"v{i}",
            label=_box_label(names[v], role, data_text, grad_text, room),
            shape="box",
            style="rounded,filled",
            fillcolor=ROLE_COLOURS[role] if colour_by_role else "#ffffff",
            id=value_id(i),
            tooltip=f"{role}: {tooltip_text(names[v])}",
            **{"class": f"value {role}" + (" highlight" if marked else "")},
            **_marking(marked, node=True),
        )
        if v.inputs:
            op_marked = any(out == i for out, _ in marked_slots)  # an edge through this op
            graph.node(
                f"op{i}",
                label=v.op,
                shape="ellipse",
                fontsize="10",
                margin="0.02,0.02",
                width="0.3",
                height="0.25",
                id=op_id(i),
                **{"class": "op" + (" highlight" if op_marked else "")},
                **_marking(op_marked, node=True),
            )
            for k, child in enumerate(v.inputs):
                edge_marked = (i, k) in marked_slots
                label = {}
                if show_local_grads:
                    local = number_text(v.local_grads[k]) if k < len(v.local_grads) else UNKNOWN
                    label["label"] = _edge_label(local, local_grad_room)
                graph.edge(
                    f"v{index[child]}",
                    f"op{i}",
                    id=input_edge_id(index[child], i, k),
                    **label,
                    **{"class": "input-edge" + (" highlight" if edge_marked else "")},
                    **_marking(edge_marked, node=False),
                )
            graph.edge(
                f"op{i}",
                f"v{i}",
                id=output_edge_id(i),
                **{"class": "output-edge" + (" highlight" if op_marked else "")},
                **_marking(op_marked, node=False),
            )
        made_from = _made_from(v, names)
        rows.append((names[v], role, made_from, data_text, grad_text or "", marked))
    graph.value_count = len(order)
    graph.table_text = _table_text(rows, show_grads)
    graph.table_html = _table_html(rows, show_grads)
    return graph


def check_size(count: int, max_nodes: int | None) -> None:
    """Refuse a graph of `count` Values above `max_nodes`, saying what to do instead."""
    if max_nodes is None:
        return
    max_nodes = whole_number(max_nodes, "max_nodes", minimum=1, why=" (or None for no limit)")
    if count > max_nodes:
        raise GraphTooLargeError(
            f"this graph has {count:,} Values, more than max_nodes={max_nodes}: Graphviz would "
            "take a long time and the picture would be too crowded to read. Draw a smaller "
            "part instead (e.g. the graph of one data point, or any intermediate Value), or "
            f"draw it anyway with draw_graph(root, max_nodes={count})."
        )


def choose_rankdir(
    order: list[Value], names: Mapping[Value, str], texts: Sequence[tuple[str, str | None]]
) -> str:
    """ "LR", or "TB" when a left-to-right layout would not fit a notebook cell.

    Estimated without running `dot` (so it works for the in-browser layout too): every
    Value and op sits in a rank by its depth; left to right the picture is as wide as the
    ranks' widest boxes plus the gaps between ranks, top to bottom as the widest rank's
    boxes side by side. A box is as wide as its text (Helvetica 11: ~6.1 pt a character)
    plus each cell's padding and the box's margins: within 5% of dot's widths on the
    course's graphs.
    """
    depth: dict[Value, int] = {}
    for v in order:  # inputs come first, so their depth is known
        depth[v] = 2 + max((depth[i] for i in v.inputs), default=-2)  # ops sit in between
    widest: dict[int, float] = {}
    side_by_side: dict[int, float] = {}
    for v, (data, grad) in zip(order, texts):
        cells = [f"data {data}"] + ([f"grad {grad}"] if grad is not None else [])
        if v.inputs or v.label:  # a constant's box shows no name
            cells.append(names[v])
        width = 6.1 * sum(len(cell) for cell in cells) + 6.0 * len(cells) + 16.0
        ranks = [(depth[v], width)]
        if v.inputs:
            ranks.append((depth[v] - 1, 22.0 + 6.0 * len(v.op)))  # the op's oval
        for rank, w in ranks:
            widest[rank] = max(widest.get(rank, 0.0), w)
            side_by_side[rank] = side_by_side.get(rank, 0.0) + w + 18.0  # nodesep
    left_to_right = sum(widest.values()) + 25.2 * (len(widest) - 1) + 8.0  # ranksep, margin
    top_to_bottom = max(side_by_side.values())
    return "TB" if left_to_right > CELL_WIDTH_PT and top_to_bottom < left_to_right else "LR"


def _checked_nodes(nodes: Value | Collection[Value], index: Mapping[Value, int]) -> set[Value]:
    if isinstance(nodes, Value):  # highlight_nodes=c means highlight_nodes=[c]
        nodes = [nodes]
    for v in nodes:
        if not isinstance(v, Value) or v not in index:
            raise ValueError(
                f"highlight_nodes: {v!r} is not a Value of this graph; pass Values that the "
                "drawn root was computed from (or the root itself)."
            )
    return set(nodes)


def _checked_edges(
    edges: Edge | Collection[Edge], index: Mapping[Value, int]
) -> set[tuple[int, int]]:
    """Turn (input, output[, k]) edges into {(output's index, input slot k)}."""
    if isinstance(edges, tuple) and edges and isinstance(edges[0], Value):
        edges = [edges]  # one edge (a, c) rather than a collection of edges
    slots: set[tuple[int, int]] = set()
    for edge in edges:
        if not isinstance(edge, tuple) or len(edge) not in (2, 3):
            raise ValueError(
                f"highlight_edges: {edge!r} is not an edge; write (input, output) or "
                "(input, output, k) with k the input's position in output.inputs."
            )
        child, out = edge[0], edge[1]
        if not isinstance(out, Value):  # checked first: a list is not even hashable
            raise TypeError(
                f"highlight_edges: the output of edge {edge!r} is a {type(out).__name__}, not "
                "a Value; write (input, output) with both Values of the drawn graph."
            )
        if out not in index:
            raise ValueError(f"highlight_edges: {out!r} is not a Value of this graph.")
        ks = [k for k, c in enumerate(out.inputs) if c is child]
        if len(edge) == 3:
            ks = [k for k in ks if k == edge[2]]
        if not ks:
            raise ValueError(
                f"highlight_edges: {child!r} is not an input of {out!r}"
                + (f" at position {edge[2]}" if len(edge) == 3 else "")
                + "; an edge runs from one of output.inputs to output."
            )
        slots.update((index[out], k) for k in ks)
    return slots


def _role(v: Value, root: Value) -> str:
    if v is root:
        return "output"
    if v.inputs:
        return "intermediate"
    return "input" if v.label else "constant"


def _shown(v: Value, own: float, overrides: Mapping[Value, float] | None) -> str:
    if overrides is None:
        return number_text(own)
    return number_text(overrides[v]) if v in overrides else UNKNOWN


def number_text(x: object) -> str:
    """A data or grad as text; a non-number (say a grad set to a Value by a slip) says so.

    The drawing is how a learner finds such a slip, so it must show it, not crash on it.
    """
    number = plain_real_number(x)
    if number is None:
        return f"not a number ({type(x).__name__})"
    return format_number(float(number))


# Points per character of the numbers' cells (Helvetica 11: digits are 6.1 pt wide).
_PT_PER_CHAR = 6.2


def _box_label(
    name: str, role: str, data: str, grad: str | None, room: Sequence[Sequence[str]] | None = None
) -> HtmlLabel:
    """An HTML-like label: name in bold, then data and grad (escaped: labels are user text).

    `room`: (data texts, grad texts) still to come; the cells get a minimum width for the
    longest of them, so numbers filled in later by the browser fit their box.
    """
    cells = [] if role == "constant" else [("", f"<B>{html_text(name)}</B>")]
    fields = [("data", data)] + ([("grad", grad)] if grad is not None else [])
    for k, (field, text) in enumerate(fields):
        width = ""
        if room is not None and k < len(room) and room[k]:
            longest = max(len(f"{field} {t}") for t in [text, *room[k]])
            width = f' WIDTH="{round(longest * _PT_PER_CHAR + 6)}"'
        cells.append((width, f"{field} {html_text(text)}"))
    row = "".join(f"<TD{width}>{cell}</TD>" for width, cell in cells)
    return HtmlLabel(
        f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3" COLUMNS="*"><TR>{row}</TR></TABLE>'
    )


def _edge_label(text: str, room: Sequence[str]) -> HtmlLabel:
    """An edge's label: the local derivative, in a cell wide enough for every text in `room`."""
    longest = max([len(text), *(len(t) for t in room)])
    width = round(longest * _PT_PER_CHAR * 0.9 + 4)  # fontsize 10: 0.9 of the boxes' digits
    return HtmlLabel(
        '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD WIDTH="{width}"><FONT POINT-SIZE="10">{html_text(text)}</FONT></TD></TR></TABLE>'
    )


def _marking(marked: bool, *, node: bool) -> dict[str, str]:
    if not marked:
        return {}
    return {"color": HIGHLIGHT_COLOUR, "penwidth": "3" if node else "2.5"}


def _made_from(v: Value, names: Mapping[Value, str]) -> str:
    if not v.inputs:
        return "constant" if not v.label else "input"
    return f"{v.op}({', '.join(names[i] for i in v.inputs)})"


def _table_text(rows: list[tuple], show_grads: bool) -> str:
    header = ("", "name", "role", "made from", "data") + (("grad",) if show_grads else ())
    lines = [header]
    for name, role, made_from, data, grad, marked in rows:
        line = ("*" if marked else "", visible(name), role, visible(made_from), data)
        lines.append(line + ((grad,) if show_grads else ()))
    widths = [max(len(line[c]) for line in lines) for c in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines
    )


def _table_html(rows: list[tuple], show_grads: bool) -> str:
    header = ["name", "role", "made from", "data"] + (["grad"] if show_grads else [])
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for name, role, made_from, data, grad, marked in rows:
        cells = [name, role, made_from, data] + ([grad] if show_grads else [])
        style = f' style="color:{HIGHLIGHT_COLOUR};font-weight:bold"' if marked else ""
        tds = "".join(f"<td>{html.escape(visible(c))}</td>" for c in cells)
        body.append(f"<tr{style}>{tds}</tr>")
    return f'<table class="graph-table">{head and f"<tr>{head}</tr>"}{"".join(body)}</table>'
