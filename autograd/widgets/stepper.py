"""GraphStepper: watch the forward and backward passes one node and one edge at a time.

The graph is laid out once (by `dot` in the kernel, or by viz.js in the browser where
there is no `dot`); every step of both passes is sent to the browser with it, and the
browser steps by changing classes and texts of that one SVG: the current node and edges
turn red, numbers appear in the boxes as they become known ("?" before), and on the
backward pass the gradient is shown flowing down the highlighted edge with its
"local x upstream = contribution" numbers. No new layout and no kernel round trip per
step (see autograd/widgets/js/graph.js).

The kernel side stays readable and drivable: `phase`, `step` (synced with the browser),
`text` (the current step's words, as the browser shows them), `show()`, `next()`,
`prev()`, `current` (the trace record of autograd.trace) and `state()` (what the
browser draws for a step: highlighted SVG ids and every box's numbers).

What each step shows is a pure function of (phase, step), replayed from the traces of
`autograd.trace` (never from the Values' live grads), so step k looks the same however
you got there, and stepping never changes the graph.

CSS classes for browser tests: `graph-stepper` (the whole widget), `stepper-phase-forward`,
`stepper-phase-backward`, `stepper-prev`, `stepper-next`, `stepper-play`, `stepper-slider`,
`stepper-readout`, `stepper-graph` (holds the SVG; the current node's and edges' groups carry
`highlight`, the gradient's edge `flow`) and `stepper-text` (the words, aria-live).
"""

from __future__ import annotations

import html
from typing import Any

import traitlets

from autograd.draw import (
    DEFAULT_MAX_NODES,
    GraphDrawing,
    check_size,
    draw_graph,
    fit_to_width,
    input_edge_id,
    op_id,
    output_edge_id,
    value_id,
)
from autograd.engine import Value
from autograd.trace import (
    BackwardStep,
    ForwardStep,
    backward_steps,
    format_number,
    forward_steps,
    node_names,
)
from autograd.validate import whole_number
from autograd.widgets.graph_view import GraphView, layout_traits

PHASES = ("forward", "backward")
DATA, GRAD = 0, 1  # positions of a box's two numbers in the step records
UNKNOWN = "?"


class PhaseError(traitlets.TraitError, ValueError):
    """A phase that is not "forward" or "backward" (a TraitError, so traitlets undoes it)."""


class StepError(traitlets.TraitError, ValueError):
    """A step outside 1..step_count set from the kernel."""


class WholeNumberError(traitlets.TraitError, ValueError):
    """A step or interval that is not a whole number >= 1 (a TraitError: traitlets undoes it)."""


class WholeNumber(traitlets.Int):
    """A whole number >= 1 trait that takes numpy's integers too (np.int64(2)), checked on
    every assignment with the same message as the constructor's."""

    def validate(self, obj: Any, value: Any) -> int:
        try:
            return whole_number(value, self.name or "value", minimum=1)
        except ValueError as error:
            raise WholeNumberError(str(error)) from None


class GraphStepper(GraphView):
    """Step through the forward and backward passes of `root`, drawn as a graph."""

    phase = traitlets.Unicode("forward").tag(sync=True)
    step = WholeNumber(1).tag(sync=True)
    steps = traitlets.Dict().tag(sync=True)  # every step of both passes, for the browser
    interval_ms = WholeNumber(1000).tag(sync=True)  # Play's pace, checked as in __init__
    text = traitlets.Unicode("")  # the current step's words (kernel side only)

    def __init__(
        self,
        root: Value,
        *,
        phase: str = "forward",
        rankdir: str = "auto",
        interval_ms: int = 1000,
        max_nodes: int | None = DEFAULT_MAX_NODES,
    ) -> None:
        if not isinstance(root, Value):
            raise TypeError(
                f"GraphStepper() needs a Value, got {type(root).__name__} {root!r}. "
                "Pass the result of a computation, e.g. GraphStepper(a * b + c)."
            )
        if phase not in PHASES:
            raise ValueError(f"phase must be 'forward' or 'backward', got {phase!r}")
        interval_ms = whole_number(interval_ms, "interval_ms", minimum=1)
        # the size check comes before the traces: a 100,000-node graph is refused at once
        order = root.topological_order()
        check_size(len(order), max_nodes)
        self.root = root
        self._records: dict[str, list[Any]] = {
            "forward": list(forward_steps(root)),
            "backward": list(backward_steps(root)),
        }
        self._order = order
        self._moving = False  # set by show() and the browser: a new phase keeps its step
        self._from_browser = False  # set while the browser's message is applied
        self.drawing = self._layout_drawing(rankdir, max_nodes)
        super().__init__(
            steps=self._browser_steps(),
            phase=phase,
            step=1,
            interval_ms=interval_ms,
            **layout_traits(self.drawing.source),
        )
        self._update_text()

    # ------------------------------------------------------------------ public controls
    @property
    def step_count(self) -> int:
        """How many steps the current phase has (the last step's number)."""
        return len(self._records[self.phase])

    @property
    def current(self) -> ForwardStep | BackwardStep:
        """The trace record of the current step (see autograd.trace)."""
        return self._records[self.phase][self.step - 1]

    @property
    def current_text(self) -> str:
        """The words shown beneath the graph for the current step, as plain text."""
        return self.text

    def show(self, phase: str, step: int) -> None:
        """Go to a step of a phase (steps count from 1)."""
        if phase not in PHASES:
            raise ValueError(f"phase must be 'forward' or 'backward', got {phase!r}")
        count = len(self._records[phase])
        step = whole_number(
            step, "step", 1, count, why=f": the {phase} pass has steps 1 to {count}"
        )
        self._moving = True  # a phase set here keeps its step (see _on_phase)
        try:
            with self.hold_trait_notifications():  # one update: never a step of another phase
                self.phase = phase
                self.step = step
        finally:
            self._moving = False

    def next(self) -> None:
        """One step on (stays at the last step)."""
        self.show(self.phase, min(self.step + 1, self.step_count))

    def prev(self) -> None:
        """One step back (stays at step 1)."""
        self.show(self.phase, max(self.step - 1, 1))

    def state(self, phase: str | None = None, step: int | None = None) -> dict[str, Any]:
        """What the browser draws at a step (default: the current one).

        {"highlight": SVG ids drawn red, "upstream": the id of the Value the gradient
        comes from or None, "flow": {"edge": id, "label": "local x upstream = ..."} or
        None, "labels": [[data text, grad text] for each Value in topological order],
        "text": the words}. The browser replays the same records (graph.js, stateAt).
        """
        phase = self.phase if phase is None else phase
        step = self.step if step is None else step
        records = self.steps[phase]
        labels = [list(pair) for pair in self.steps["start"][phase]]
        for record in records[:step]:
            node, field, text = record["set"]
            labels[node][field] = text
        record = records[step - 1]
        return {
            "highlight": list(record["highlight"]),
            "upstream": record["upstream"],
            "flow": record["flow"],
            "labels": labels,
            "text": record["text"],
        }

    def html(self) -> str:
        """The laid-out graph as an HTML fragment (empty until laid out without `dot`)."""
        return fit_to_width(self.svg) if self.svg else ""

    # ------------------------------------------------------------------ kernel side
    def set_state(self, sync_data: dict) -> None:
        """Take the browser's phase and step as they are (it has shown them already).

        A phase change from the browser comes with its step (ipywidgets may merge a
        phase switch and the Next after it into one message): not reset to step 1.
        """
        self._moving = self._from_browser = True
        try:
            super().set_state(sync_data)
        finally:
            self._moving = self._from_browser = False

    @traitlets.validate("phase")
    def _valid_phase(self, proposal: dict) -> str:
        if proposal["value"] not in PHASES:
            raise PhaseError(f"phase must be 'forward' or 'backward', got {proposal['value']!r}")
        return proposal["value"]

    @traitlets.validate("step")
    def _valid_step(self, proposal: dict) -> int:
        count = len(self._records[self.phase])
        step = proposal["value"]
        if self._from_browser:
            # clamped, not refused: a late message from the browser may carry the step of
            # the phase it just left
            return min(max(step, 1), count)
        if not 1 <= step <= count:
            raise StepError(f"the {self.phase} pass has steps 1 to {count}, got step {step!r}")
        return step

    @traitlets.observe("phase")
    def _on_phase(self, _change: dict) -> None:
        if not self._moving:  # a new phase starts at its first step
            self.step = 1
        self._update_text()

    @traitlets.observe("step")
    def _on_step(self, _change: dict) -> None:
        self._update_text()

    def _update_text(self) -> None:
        if hasattr(self, "_records"):  # traits are set once before __init__ finishes
            self.text = self.steps[self.phase][self.step - 1]["text"] if self.steps else ""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # Pages that cannot run widgets (a notebook viewer, nbconvert without the widget
        # state) show the picture (all numbers filled in) and the current step's words.
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if data is not None and self.svg:
            words = html.escape(self.text).replace("\n", "<br>")
            data["text/html"] = (
                f'<div class="graph-stepper-static">{fit_to_width(self.svg)}'
                f'<div style="font-family: monospace">{words}</div></div>'
            )
        return bundle

    # ------------------------------------------------------------------ what is sent
    def _layout_drawing(self, rankdir: str, max_nodes: int | None) -> GraphDrawing:
        """The drawing laid out once: every number final, every box wide enough for all of
        the numbers it will show (grads grow edge by edge on the way back)."""
        forward, backward = self._records["forward"], self._records["backward"]
        values = {s.node: s.value for s in forward}
        grads: dict[Value, float] = {}
        seen: dict[Value, list[str]] = {v: [UNKNOWN] for v in self._order}
        for s in backward:
            grads[s.target] = s.grad_after
            seen[s.target].append(format_number(s.grad_after))
        reserve = {v: ([UNKNOWN], seen[v]) for v in self._order}
        drawing = draw_graph(
            self.root,
            rankdir=rankdir,
            values=values,
            grads=grads,
            max_nodes=max_nodes,
            reserve=reserve,
        )
        # longer edges than draw_graph's: the "local x upstream" numbers are written along
        # them (above a left-to-right edge, beside a top-to-bottom one)
        across = drawing.graph_attr["rankdir"] == "LR"
        drawing.graph_attr["ranksep"] = "0.6" if across else "0.45"
        return drawing

    def _browser_steps(self) -> dict[str, Any]:
        """Both passes as small records: per step the one number it fills in (node, field,
        text), the SVG ids it highlights, the gradient's edge and the words."""
        index = {v: i for i, v in enumerate(self._order)}
        names = node_names(self._order)
        forward = []
        count = len(self._records["forward"])
        for k, s in enumerate(self._records["forward"], start=1):
            i = index[s.node]
            highlight = [value_id(i)]
            if s.node.inputs:
                highlight += [op_id(i), output_edge_id(i)]
                highlight += [input_edge_id(index[c], i, slot) for slot, c in enumerate(s.inputs)]
            words = [f"Forward pass, step {k} of {count}:", s.text]
            if s.local_text:
                words.append(f"local derivatives, kept for the backward pass: {s.local_text}")
            forward.append(
                {
                    "set": [i, DATA, format_number(s.value)],
                    "highlight": highlight,
                    "upstream": None,
                    "flow": None,
                    "text": "\n".join(words),
                }
            )
        backward = []
        count = len(self._records["backward"])
        for k, s in enumerate(self._records["backward"], start=1):
            t = index[s.target]
            highlight = [value_id(t)]
            upstream = flow = None
            if s.source is not None:
                src = index[s.source]
                edge = input_edge_id(t, src, s.input_index)
                highlight += [edge, op_id(src), output_edge_id(src)]
                upstream = value_id(src)
                flow = {
                    "edge": edge,
                    "label": f"{format_number(s.local_grad)} × {format_number(s.source_grad)}"
                    f" = {format_number(s.contribution)}",
                }
            backward.append(
                {
                    "set": [t, GRAD, format_number(s.grad_after)],
                    "highlight": highlight,
                    "upstream": upstream,
                    "flow": flow,
                    "text": f"Backward pass, step {k} of {count}:\n{s.text}",
                }
            )
        data = [format_number(s.value) for s in self._records["forward"]]
        return {
            "rankdir": self.drawing.graph_attr["rankdir"],
            "names": [names[v] for v in self._order],
            "forward": forward,
            "backward": backward,
            "start": {
                "forward": [[UNKNOWN, UNKNOWN] for _ in self._order],
                "backward": [[d, UNKNOWN] for d in data],
            },
        }
