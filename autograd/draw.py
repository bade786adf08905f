"""Draw a computation graph with Graphviz, as a picture that renders inline in JupyterLab.

`draw_graph(root)` returns a `graphviz.Digraph` (a `GraphDrawing`, a small subclass):
every Value is a box with its name, data and grad; every operation is its own small
oval with the op's name; edges run input -> op -> result. A Value used twice
(`a + a`, `x * x`) gets two edges into its op, because the gradient counts both.

Two things can go wrong when drawing, and both get a clear answer instead of a hang
or a traceback:

* The graph is too big to read: above `max_nodes` Values, `draw_graph` refuses at once
  (Graphviz would need minutes for the ~2,300 Values of a 100-point loss) and says how
  to draw it anyway or what to draw instead.
* Graphviz's `dot` program is not installed: displaying the drawing shows how to
  install it and a table of the same graph, so the lesson can go on.

`GraphDrawing.save(stem)` writes the picture to stem.svg and stem.png (for the course's
figures), and `add_caption(text)` puts a title above it.

This is the only module of the package that knows about graphviz.
"""

from __future__ import annotations

import html
import numbers
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import graphviz

from autograd.engine import Value
from autograd.trace import format_number, node_names

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


class GraphTooLargeError(ValueError):
    """The graph has more Values than `max_nodes`: drawing it would be slow and unreadable."""


def dot_available() -> bool:
    """Whether Graphviz's `dot` program is on PATH (graphviz runs it from there)."""
    return shutil.which("dot") is not None


class GraphDrawing(graphviz.Digraph):
    """A `graphviz.Digraph` that never fails to display.

    With `dot` installed it renders as SVG like any Digraph. Without it (or if `dot`
    fails), displaying it shows the install message and a table of the same graph.
    """

    table_text: str = ""  # the graph as a plain-text table
    table_html: str = ""  # the graph as an HTML table
    value_count: int = 0

    def __repr__(self) -> str:
        # stable across runs (no memory address), so notebook text outputs stay identical
        return f"<GraphDrawing of {self.value_count} Values>"

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        # `dot` is looked for at every display, not once when drawing: installing Graphviz
        # and re-running the display cell is enough to get the picture
        if dot_available():
            try:
                return super()._repr_mimebundle_(include, exclude, **kwargs)
            except graphviz.ExecutableNotFound:
                pass  # removed from PATH between the check and the call
            except graphviz.CalledProcessError as error:
                return self._fallback(f"Graphviz's `dot` failed: {error}")
        return self._fallback(INSTALL_MESSAGE)

    def _fallback(self, message: str) -> dict[str, str]:
        note = html.escape(message).replace("\n", "<br>")
        return {
            "text/html": f'<div class="graph-fallback"><p><b>{note}</b></p>{self.table_html}</div>',
            "text/plain": f"{message}\n\n{self.table_text}",
        }

    def html(self) -> str:
        """The drawing as an HTML fragment: inline SVG, or the message and table without dot."""
        bundle = self._repr_mimebundle_(include=["image/svg+xml"])
        if "image/svg+xml" not in bundle:
            return bundle["text/html"]
        svg = bundle["image/svg+xml"]
        svg = svg[svg.index("<svg") :]  # drop the XML prologue and doctype
        # shrink a wide graph to the cell's width (the viewBox keeps its proportions)
        return svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)

    def add_caption(self, text: str) -> GraphDrawing:
        """Write `text` above the picture (newlines allowed); returns the drawing itself."""
        self.attr(label=text, labelloc="t", fontname="Helvetica", fontsize="12")
        return self

    def save(self, stem: str | Path, *, png_dpi: int = 150) -> list[Path]:
        """Render with Graphviz's `dot` to stem.svg and stem.png; return [png path, svg path].

        `png_dpi` sets only the PNG's resolution: in the SVG a dpi would rescale the picture.
        The bytes depend only on the graph (and the Graphviz version), never on the time.
        """
        if isinstance(png_dpi, bool) or not isinstance(png_dpi, int) or png_dpi < 1:
            raise ValueError(f"png_dpi must be a positive int, got {png_dpi!r}")
        stem = Path(stem)
        svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
        sharp = self.copy()
        sharp.attr(dpi=str(png_dpi))
        try:
            svg_bytes, png_bytes = self.pipe(format="svg"), sharp.pipe(format="png")
        except graphviz.ExecutableNotFound as error:
            raise RuntimeError(
                f"cannot save {stem}: Graphviz's `dot` program was not found. Install "
                f"Graphviz, then try again:\n{INSTALL_STEPS}"
            ) from error
        svg.write_bytes(svg_bytes)
        png.write_bytes(png_bytes)
        return [png, svg]


def draw_graph(
    root: Value,
    *,
    rankdir: str = "LR",
    show_grads: bool = True,
    colour_by_role: bool = True,
    highlight_nodes: Value | Collection[Value] = (),
    highlight_edges: Edge | Collection[Edge] = (),
    values: Mapping[Value, float] | None = None,
    grads: Mapping[Value, float] | None = None,
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> GraphDrawing:
    """Draw the computation graph below `root` (a Digraph that displays as SVG in Jupyter).

    rankdir: "LR" (left to right) or "TB" (top to bottom).
    show_grads: show each Value's grad beside its data.
    colour_by_role: fill inputs blue, constants grey, the output green.
    highlight_nodes / highlight_edges: drawn in red with thick lines. An edge is
        (input, output) or (input, output, k) for just the k-th input slot of output.
        A single Value or a single edge needs no list around it.
    values / grads: show these numbers instead of each Value's own data / grad; a Value
        missing from the mapping shows "?" (the stepper uses this for "not yet computed").
    max_nodes: refuse graphs with more Values than this (None: no limit).
    """
    if not isinstance(root, Value):
        raise TypeError(
            f"draw_graph() needs a Value, got {type(root).__name__} {root!r}. "
            "Pass the result of a computation, e.g. draw_graph(a * b)."
        )
    if rankdir not in ("LR", "TB"):
        raise ValueError(
            f"rankdir must be 'LR' (left to right) or 'TB' (top to bottom), got {rankdir!r}"
        )
    order = root.topological_order()
    _check_size(len(order), max_nodes)
    names = node_names(order)
    index = {v: i for i, v in enumerate(order)}
    marked_nodes = _checked_nodes(highlight_nodes, index)
    marked_slots = _checked_edges(highlight_edges, index)  # {(output index, slot k)}

    graph = GraphDrawing(
        graph_attr={"rankdir": rankdir, "nodesep": "0.25", "ranksep": "0.35"},
        node_attr={"fontname": "Helvetica", "fontsize": "11"},
        edge_attr={"arrowsize": "0.7"},
    )
    rows = []
    for i, v in enumerate(order):
        role = _role(v, root)
        data_text = _shown(v, v.data, values)
        grad_text = _shown(v, v.grad, grads)
        marked = v in marked_nodes
        graph.node(
            f"v{i}",
            label=_box_label(names[v], role, data_text, grad_text if show_grads else None),
            shape="box",
            style="rounded,filled",
            fillcolor=ROLE_COLOURS[role] if colour_by_role else "#ffffff",
            id=f"value-{i}",
            tooltip=f"{role}: {names[v]}",
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
                id=f"op-{i}",
                **{"class": "op" + (" highlight" if op_marked else "")},
                **_marking(op_marked, node=True),
            )
            for k, child in enumerate(v.inputs):
                edge_marked = (i, k) in marked_slots
                graph.edge(
                    f"v{index[child]}",
                    f"op{i}",
                    id=f"edge-{index[child]}-{i}-{k}",
                    **{"class": "input-edge" + (" highlight" if edge_marked else "")},
                    **_marking(edge_marked, node=False),
                )
            graph.edge(
                f"op{i}",
                f"v{i}",
                id=f"edge-op-{i}",
                **{"class": "output-edge" + (" highlight" if op_marked else "")},
                **_marking(op_marked, node=False),
            )
        made_from = _made_from(v, names)
        rows.append((names[v], role, made_from, data_text, grad_text, marked))
    graph.value_count = len(order)
    graph.table_text = _table_text(rows, show_grads)
    graph.table_html = _table_html(rows, show_grads)
    return graph


def _check_size(count: int, max_nodes: int | None) -> None:
    if max_nodes is None:
        return
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1:
        raise ValueError(f"max_nodes must be a positive int or None, got {max_nodes!r}")
    if count > max_nodes:
        raise GraphTooLargeError(
            f"this graph has {count:,} Values, more than max_nodes={max_nodes}: Graphviz would "
            "take a long time and the picture would be too crowded to read. Draw a smaller "
            "part instead (e.g. the graph of one data point, or any intermediate Value), or "
            f"draw it anyway with draw_graph(root, max_nodes={count})."
        )


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


def _checked_edges(edges: Collection[Edge], index: Mapping[Value, int]) -> set[tuple[int, int]]:
    """Turn (input, output[, k]) edges into {(output's index, input slot k)}."""
    if isinstance(edges, tuple) and edges and isinstance(edges[0], Value):
        edges = [edges]  # one edge (a, c) rather than a collection of edges
    slots = set()
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
        return _number_text(own)
    return _number_text(overrides[v]) if v in overrides else UNKNOWN


def _number_text(x: object) -> str:
    """A data or grad as text; a non-number (say a grad set to a Value by a slip) says so.

    The drawing is how a learner finds such a slip, so it must show it, not crash on it.
    """
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return f"not a number ({type(x).__name__})"
    return format_number(float(x))


def _box_label(name: str, role: str, data: str, grad: str | None) -> str:
    """An HTML-like label: name in bold, then data and grad (escaped: labels are user text)."""
    cells = [] if role == "constant" else [f"<B>{html.escape(name)}</B>"]
    cells.append(f"data {html.escape(data)}")
    if grad is not None:
        cells.append(f"grad {html.escape(grad)}")
    row = "".join(f"<TD>{cell}</TD>" for cell in cells)
    return f'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3" COLUMNS="*"><TR>{row}</TR></TABLE>>'


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
        line = ("*" if marked else "", name, role, made_from, data)
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
        tds = "".join(f"<td>{html.escape(c)}</td>" for c in cells)
        body.append(f"<tr{style}>{tds}</tr>")
    return f'<table class="graph-table"><tr>{head}</tr>{"".join(body)}</table>'
