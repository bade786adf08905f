"""GraphStepper: watch the forward and backward passes one node and one edge at a time.

The widget shows the computation graph of a Value with the current step's node and
edge highlighted; data (forward) or grads (backward) are filled in only up to the
current step, later ones read "?", and the step's arithmetic is written beneath.

Controls: a phase toggle (forward / backward), Prev / Next buttons, a Play button
and a step slider. Steps are numbered from 1. The picture for a step is a pure
function of (phase, step), worked out from the traces of `autograd.trace` (never
from the Values' live grads), so step k looks the same however you got there, and
stepping never changes the graph. Pictures are cached, so going back is instant.

Every part carries a CSS class so browser tests can find it: `graph-stepper` (the
whole widget), `stepper-phase`, `stepper-prev`, `stepper-next`, `stepper-play`,
`stepper-slider`, `stepper-graph` (the SVG; the current node's and edges' SVG
elements carry the class `highlight`) and `stepper-text` (the arithmetic).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from autograd.draw import DEFAULT_MAX_NODES, draw_graph
from autograd.engine import Value
from autograd.trace import BackwardStep, ForwardStep, backward_steps, forward_steps, replay_grads

PHASES = ("forward", "backward")


class GraphStepper(widgets.VBox):
    """Step through the forward and backward passes of `root`, drawn as a graph."""

    def __init__(
        self,
        root: Value,
        *,
        phase: str = "forward",
        rankdir: str = "LR",
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
        self.root = root
        self._rankdir = rankdir
        self._max_nodes = max_nodes
        self._steps: dict[str, list] = {
            "forward": list(forward_steps(root)),
            "backward": list(backward_steps(root)),
        }
        # the data every backward picture shows: as the forward pass computed it
        self._all_values = {s.node: s.value for s in self._steps["forward"]}
        self._pictures: dict[tuple[str, int], str] = {}
        self._switching_phase = False

        count = len(self._steps[phase])
        self.phase_toggle = widgets.ToggleButtons(options=list(PHASES), value=phase)
        self.prev_button = widgets.Button(description="Prev", icon="step-backward")
        self.next_button = widgets.Button(description="Next", icon="step-forward")
        self.play = widgets.Play(value=1, min=1, max=count, interval=interval_ms)
        self.slider = widgets.IntSlider(value=1, min=1, max=count, description="step")
        self.graph = widgets.HTML(layout=widgets.Layout(overflow="auto", max_width="100%"))
        self.text = widgets.HTML()
        for part, css_class in [
            (self.phase_toggle, "stepper-phase"),
            (self.prev_button, "stepper-prev"),
            (self.next_button, "stepper-next"),
            (self.play, "stepper-play"),
            (self.slider, "stepper-slider"),
            (self.graph, "stepper-graph"),
            (self.text, "stepper-text"),
        ]:
            part.add_class(css_class)
        # a kernel-side link, so Play drives the slider in the browser and in tests alike
        widgets.link((self.play, "value"), (self.slider, "value"))

        self.prev_button.on_click(lambda _: self.prev())
        self.next_button.on_click(lambda _: self.next())
        self.slider.observe(self._on_step, names="value")
        self.phase_toggle.observe(self._on_phase, names="value")

        controls = widgets.HBox([self.prev_button, self.play, self.next_button, self.slider])
        super().__init__([self.phase_toggle, controls, self.graph, self.text])
        self.add_class("graph-stepper")
        self._render()  # draws once now, so a graph too big to show fails here, clearly

    # ------------------------------------------------------------------ public controls
    @property
    def phase(self) -> str:
        """The pass being shown: "forward" or "backward"."""
        return self.phase_toggle.value

    @property
    def step(self) -> int:
        """The current step, from 1 to `step_count`."""
        return self.slider.value

    @property
    def step_count(self) -> int:
        """How many steps the current phase has (the last step's number)."""
        return len(self._steps[self.phase])

    @property
    def current(self) -> ForwardStep | BackwardStep:
        """The trace record of the current step (see autograd.trace)."""
        return self._steps[self.phase][self.step - 1]

    @property
    def current_text(self) -> str:
        """The arithmetic shown beneath the graph, as plain text."""
        return self._words(self.phase, self.step)

    def show(self, phase: str, step: int) -> None:
        """Go to a step of a phase (steps count from 1)."""
        if phase not in PHASES:
            raise ValueError(f"phase must be 'forward' or 'backward', got {phase!r}")
        count = len(self._steps[phase])
        if not 1 <= step <= count:
            raise ValueError(f"the {phase} pass has steps 1 to {count}, got step {step}")
        self.phase_toggle.value = phase
        self.slider.value = step

    def next(self) -> None:
        """One step on (stays at the last step)."""
        self.slider.value = min(self.step + 1, self.slider.max)

    def prev(self) -> None:
        """One step back (stays at step 1)."""
        self.slider.value = max(self.step - 1, self.slider.min)

    # ------------------------------------------------------------------ drawing
    def _on_step(self, _change: dict) -> None:
        if not self._switching_phase:
            self._render()

    def _on_phase(self, change: dict) -> None:
        count = len(self._steps[change["new"]])
        self._switching_phase = True  # one render after the slider is reset, not three
        try:
            self.play.playing = False
            self.slider.value = 1  # first, so shrinking max never clamps to a stale step
            self.slider.max = count
            self.play.max = count
        finally:
            self._switching_phase = False
        self._render()

    def _render(self) -> None:
        phase, step = self.phase, self.step
        self.graph.value = self._picture(phase, step)
        words = html.escape(self._words(phase, step)).replace("\n", "<br>")
        self.text.value = (
            f'<div style="font-family: monospace; white-space: pre-wrap">{words}</div>'
        )
        self.prev_button.disabled = step <= 1
        self.next_button.disabled = step >= self.step_count

    def _words(self, phase: str, step: int) -> str:
        record = self._steps[phase][step - 1]
        heading = f"{phase.capitalize()} pass, step {step} of {len(self._steps[phase])}:"
        lines = [heading, record.text]
        if isinstance(record, ForwardStep) and record.local_text:
            lines.append(f"local derivatives, kept for the backward pass: {record.local_text}")
        return "\n".join(lines)

    def _picture(self, phase: str, step: int) -> str:
        """The graph as HTML (SVG) for this step: a pure function of (phase, step), cached."""
        key = (phase, step)
        if key not in self._pictures:
            done = self._steps[phase][:step]
            current = done[-1]
            if isinstance(current, ForwardStep):
                node = current.node
                graph = draw_graph(
                    self.root,
                    rankdir=self._rankdir,
                    highlight_nodes=[node],
                    highlight_edges=[(i, node, k) for k, i in enumerate(node.inputs)],
                    values={s.node: s.value for s in done},
                    grads={},  # no grads are known during the forward pass
                    max_nodes=self._max_nodes,
                )
            else:
                edges = []
                if current.source is not None:
                    edges = [(current.target, current.source, current.input_index)]
                graph = draw_graph(
                    self.root,
                    rankdir=self._rankdir,
                    highlight_nodes=[current.target],
                    highlight_edges=edges,
                    values=self._all_values,
                    grads=replay_grads(done),
                    max_nodes=self._max_nodes,
                )
            self._pictures[key] = graph.html()
        return self._pictures[key]
