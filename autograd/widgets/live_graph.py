"""LiveGraph: the computation graph of a Value with its numbers kept live, laid out once.

`LiveGraph(root)` draws the graph below `root`: every Value's data and gradient
d(root)/d(value), every edge's local derivative d(output)/d(input). `graph.update(root)`
with a graph of the same structure (same operations, same names, same wiring; new numbers)
sends only the numbers: a short list per Value and per edge. The browser writes them into
the SVG it already has and recolours it (an edge's colour is the sign of its contribution
to the gradient, its thickness the contribution's size; a box's outline the same for its
grad), so a slider can drive it at frame rate. A graph of another structure is laid out
again (by `dot`, or by viz.js in the browser where there is no `dot`).

The gradients shown are those of a fresh backward pass from `root` (what
`root.zero_grad(); root.backward()` would give), computed here with the very same float
operations in the same order as the engine; the Values' own `grad` fields are neither read
nor written. So the graph of one data point's loss shows that point's gradients even when
the parameters' `grad` fields hold a sum over many points.

Hovering over an edge, or focusing it with the keyboard (Tab), writes
"local × upstream = contribution" along it with the live numbers, as the stepper does.

`state()` is what the page shows (every text), for tests and for the curious.

CSS classes for browser tests: `live-graph` (the widget), `stepper-graph` (holds the SVG;
the ids are those of autograd.draw), `live-readout` (the hovered edge's words, aria-live).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import traitlets

from autograd.draw import (
    DEFAULT_MAX_NODES,
    GraphDrawing,
    check_size,
    draw_graph,
    input_edge_id,
    number_text,
    value_id,
)
from autograd.engine import Value
from autograd.trace import format_number, node_names
from autograd.widgets.graph_view import GraphView, layout_traits

# Each box and edge label is laid out wide enough for a number this long, so later numbers
# fit without a new layout (8 characters: "-1234.56", "-12345.6"; "-1.235e-5" and longer
# numbers run a character or two past their cell: they are rare in the lessons).
ROOM = "-8888.88"
LARGEST = 1e300  # stands in for an overflowed (inf) gradient in the colour scale


def fresh_grads(order: list[Value]) -> list[float]:
    """d(root)/d(v) for every v of `order` (root last), as a fresh backward() computes it.

    The same float operations in the same order as Value.backward (reversed topological
    order, each node's inputs in turn, `+=` of local * upstream), so the numbers are
    exactly the engine's; the Values' grad fields are not touched.
    """
    index = {v: i for i, v in enumerate(order)}
    grads = [0.0] * len(order)
    grads[-1] = 1.0
    for i in range(len(order) - 1, -1, -1):
        node = order[i]
        grad = grads[i]
        for child, local_grad in zip(node.inputs, node.local_grads):
            grads[index[child]] += local_grad * grad
    return grads


def _finite(x: float) -> float:
    """A number JSON can carry: an overflowed inf becomes a huge finite number (for colour)."""
    if math.isnan(x):
        return 0.0
    return max(-LARGEST, min(LARGEST, x))


class LiveGraph(GraphView):
    """The computation graph of `root` with live data, grads and local derivatives."""

    # set at each layout: {"layout": n, "rankdir": ..., "names": [...],
    # "edges": [[svg id, input's index, output's index, slot k, op], ...]}
    structure = traitlets.Dict().tag(sync=True)
    # set at every update: {"layout": n, "nodes": [[data text, grad text, grad], ...],
    # "edges": [[local text, upstream text, contribution text, contribution], ...]}
    numbers = traitlets.Dict().tag(sync=True)
    highlighted = traitlets.List(traitlets.Unicode()).tag(sync=True)  # SVG ids drawn red

    def __init__(
        self, root: Value, *, rankdir: str = "auto", max_nodes: int | None = DEFAULT_MAX_NODES
    ) -> None:
        _require_value(root, "LiveGraph")
        if rankdir not in ("LR", "TB", "auto"):
            raise ValueError(
                f"rankdir must be 'LR' (left to right), 'TB' (top to bottom) or 'auto', "
                f"got {rankdir!r}"
            )
        self._rankdir = rankdir
        self._max_nodes = max_nodes
        self._layouts = 0
        self._signature: tuple = ()
        self._order: list[Value] = []
        self.root = root
        super().__init__(**self._relayout_traits(root))

    # ------------------------------------------------------------------ public
    def update(self, root: Value) -> None:
        """Show `root`'s numbers; a graph of another structure is laid out again."""
        _require_value(root, "LiveGraph.update")
        order = root.topological_order()
        check_size(len(order), self._max_nodes)
        if _signature(order) == self._signature:
            self.root, self._order = root, order
            self.numbers = self._numbers(order)
            return
        with self.hold_sync():  # one message: the new picture with its numbers
            self.set_trait("highlighted", [])
            for name, value in self._relayout_traits(root).items():
                self.set_trait(name, value)

    def highlight(self, *values: Value) -> None:
        """Draw these Values' boxes red (no argument: none)."""
        index = {v: i for i, v in enumerate(self._order)}
        for v in values:
            if not isinstance(v, Value) or v not in index:
                raise ValueError(
                    f"highlight(): {v!r} is not a Value of the graph shown; pass Values the "
                    "shown root was computed from (or the root itself)."
                )
        self.highlighted = [value_id(index[v]) for v in values]

    @property
    def layout_count(self) -> int:
        """How many times the graph was laid out (1 + the updates that changed its structure)."""
        return self._layouts

    @property
    def drawing(self) -> GraphDrawing:
        """The drawing last laid out (its `source` is the DOT text)."""
        return self._drawing

    def state(self) -> dict[str, Any]:
        """What the page shows: every box's texts and every edge's numbers.

        {"nodes": [{"id", "name", "data", "grad"}, ...] in topological order,
        "edges": [{"id", "local", "upstream", "contribution", "label"}, ...]} where label is
        the "local × upstream = contribution" text shown when the edge is hovered.
        """
        names = self.structure["names"]
        nodes = [
            {"id": value_id(i), "name": names[i], "data": data, "grad": grad}
            for i, (data, grad, _) in enumerate(self.numbers["nodes"])
        ]
        edges = [
            {
                "id": edge[0],
                "local": local,
                "upstream": upstream,
                "contribution": contribution,
                "label": f"{local} × {upstream} = {contribution}",
            }
            for edge, (local, upstream, contribution, _) in zip(
                self.structure["edges"], self.numbers["edges"]
            )
        ]
        return {"nodes": nodes, "edges": edges}

    # ------------------------------------------------------------------ kernel side
    def _relayout_traits(self, root: Value) -> dict[str, Any]:
        order = root.topological_order()
        check_size(len(order), self._max_nodes)
        room = [ROOM]
        self._drawing = draw_graph(
            root,
            rankdir=self._rankdir,
            max_nodes=self._max_nodes,
            values={v: v.data for v in order},
            grads=dict(zip(order, fresh_grads(order))),
            reserve={v: (room, room) for v in order},
            show_local_grads=True,
            local_grad_room=room,
        )
        # room along the edges for their labels and the hovered edge's words
        across = self._drawing.graph_attr["rankdir"] == "LR"
        self._drawing.graph_attr["ranksep"] = "0.5" if across else "0.4"
        self._layouts += 1
        self.root, self._order, self._signature = root, order, _signature(order)
        index = {v: i for i, v in enumerate(order)}
        names = node_names(order)
        edges = [
            [input_edge_id(index[child], i, k), index[child], i, k, v.op]
            for i, v in enumerate(order)
            for k, child in enumerate(v.inputs)
        ]
        structure = {
            "layout": self._layouts,
            "rankdir": self._drawing.graph_attr["rankdir"],
            "names": [names[v] for v in order],
            "edges": edges,
        }
        return {
            **layout_traits(self._drawing.source),
            "structure": structure,
            "numbers": self._numbers(order),
        }

    def _numbers(self, order: list[Value]) -> dict[str, Any]:
        grads = fresh_grads(order)
        nodes = [[number_text(v.data), format_number(g), _finite(g)] for v, g in zip(order, grads)]
        edges = []
        for i, v in enumerate(order):
            upstream = grads[i]
            for k in range(len(v.inputs)):
                local = v.local_grads[k] if k < len(v.local_grads) else math.nan
                contribution = local * upstream
                edges.append(
                    [
                        format_number(local),
                        format_number(upstream),
                        format_number(contribution),
                        _finite(contribution),
                    ]
                )
        return {"layout": self._layouts, "nodes": nodes, "edges": edges}


def _signature(order: Iterable[Value]) -> tuple:
    """What fixes the picture's layout: each node's name, op and inputs (not its numbers)."""
    order = list(order)
    index = {v: i for i, v in enumerate(order)}
    names = node_names(order)
    return tuple((names[v], v.op, tuple(index[c] for c in v.inputs)) for v in order)


def _require_value(root: object, where: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(
            f"{where}() needs a Value, got {type(root).__name__} {root!r}. "
            "Pass the result of a computation, e.g. LiveGraph(a * b + c)."
        )
