"""Draw a computation graph, as a picture that renders inline in JupyterLab.

`draw_graph(root)` returns a `GraphDrawing`: every Value is a box with its name, data
and grad; every operation is its own small oval with the op's name; edges run
input -> op -> result. A Value used twice (`a + a`, `x * x`) gets two edges into its
op, because the gradient counts both. The DOT text and the `dot` program are
autograd.dot's; this module decides what the graph looks like and how it is shown.

Where the picture is laid out:

* `dot` on PATH: displaying the drawing runs it and shows the SVG.
* no `dot` (not installed, or in the browser-only JupyterLite): the DOT source is laid
  out in the browser by Graphviz compiled to WebAssembly (viz.js), inside a widget that
  autograd.widgets registers here with `register_browser_layout` (this module knows no
  widget; the course's `start()` imports autograd.widgets, which registers it). Without
  one (a plain terminal, no ipywidgets), the drawing shows how to install Graphviz and a
  table of the graph.

A graph too big to read is refused at once (above `max_nodes` Values) with advice.
Wide graphs are laid out top to bottom (`rankdir="auto"`) so they fit a notebook cell,
and a picture still wider than the cell is scaled down to its width.

The ids of the drawn elements (`value_id`, `op_id`, `input_edge_id`, `output_edge_id`)
are spelled here only: the stepper and the live graph address the SVG by them.

`GraphDrawing.save_pictures(stem)` writes stem.svg and stem.png (the course's figures);
`add_caption(text)` puts a title above the picture.

With autograd.dot, the only modules of the package that know about graphviz.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from autograd.dot import (
    INSTALL_STEPS,
    DotError,
    DotGraph,
    HtmlLabel,
    ascii_svg,
    dot_available,
    html_text,
    run_dot,
    tooltip_text,
    visible,
)
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
INSTALL_MESSAGE = (
    "Graphviz's `dot` program was not found, so this graph is shown as a table instead of "
    "a picture. To see the picture, install Graphviz, then run the cell again:\n" + INSTALL_STEPS
)

# An edge to highlight: (input, output) is every edge from `input` into `output`'s op;
# (input, output, k) only the one for output.inputs[k] (a + a has two).
Edge = tuple[Value, Value] | tuple[Value, Value, int]


# A function that makes, from DOT source, a widget laying it out in the browser; set by
# autograd.widgets (register_browser_layout), so that this module imports no widget.
_browser_layout: Callable[[str], Any] | None = None


def register_browser_layout(make_view: Callable[[str], Any] | None) -> None:
    """Lay drawings out with `make_view(dot_source)` (a widget) where `dot` is missing.

    autograd.widgets registers its viz.js view when imported; None switches it off.
    """
    global _browser_layout
    if make_view is not None and not callable(make_view):
        raise TypeError(f"register_browser_layout() needs a function or None, got {make_view!r}")
    _browser_layout = make_view


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


# -------------------------------------------------------------------------- the drawing


class GraphDrawing(DotGraph):
    """A computation graph as DOT source that knows how to show itself.

    Displayed in Jupyter it is an SVG laid out by `dot`; without `dot` it is laid out
    in the browser (viz.js, by the widget registered with `register_browser_layout`) or,
    with no widget front end, shown as a table. graphviz's own API (`render()`, `pipe()`,
    `view()`, `save()`) comes from DotGraph.
    """

    def __init__(
        self,
        graph_attr: Mapping[str, str],
        node_attr: Mapping[str, str],
        edge_attr: Mapping[str, str],
    ) -> None:
        super().__init__(graph_attr, node_attr, edge_attr)
        self.table_text = ""  # the graph as a plain-text table
        self.table_html = ""  # the graph as an HTML table
        self.value_count = 0

    def __repr__(self) -> str:
        # stable across runs (no memory address), so notebook text outputs stay identical
        return f"<GraphDrawing of {self.value_count} Values>"

    # ---------------------------------------------------------------- showing
    def svg(self) -> str:
        """The picture as SVG text, laid out by `dot` (raises if `dot` is missing or fails).

        Pure ASCII: every other character is an XML character reference (`ascii_svg`).
        """
        return ascii_svg(run_dot(self.source, "svg").decode("utf-8"))

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        # `dot` is looked for at every display, not once when drawing: installing Graphviz
        # and re-running the display cell is enough to get the picture laid out natively
        if dot_available():
            try:
                svg = self.svg()
                # text/html first (JupyterLab prefers it): the inline SVG shrinks to the
                # cell's width, where JupyterLab draws image/svg+xml as an <img> at full size
                return {
                    "text/html": fit_to_width(svg),
                    "image/svg+xml": svg,
                    "text/plain": repr(self),
                }
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
        """A widget that lays this drawing out in the browser (viz.js), where `dot` is
        missing; None where none is registered or widgets are not available."""
        if _browser_layout is None:
            return None
        try:
            return _browser_layout(self.source)
        except ImportError:  # no ipywidgets / anywidget here (e.g. a plain terminal)
            return None

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
            svg_text = self.svg()
            png_bytes = run_dot(self.source, "png", f"-Gdpi={png_dpi}")
        except FileNotFoundError as error:
            raise RuntimeError(
                f"cannot save {stem}: Graphviz's `dot` program was not found. Install "
                f"Graphviz, then try again:\n{INSTALL_STEPS}"
            ) from error
        svg.write_bytes(svg_text.encode("ascii"))
        png.write_bytes(png_bytes)
        return [png, svg]


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
        f'<TR><TD WIDTH="{width}"><FONT POINT-SIZE="10" FACE="Helvetica">'
        f"{html_text(text)}</FONT></TD></TR></TABLE>"
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
