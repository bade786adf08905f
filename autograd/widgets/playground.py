"""Playground: type an expression, get its computation graph with live values and gradients.

The learner types an expression in Python syntax over named inputs (`a*b + c`,
`(x**2).tanh()`, `x*y + x`); a slider appears for each input. The expression is read
safely by autograd.expression (Python's `ast`, only arithmetic and the Value methods,
never `eval`), computed by the engine, and drawn as a LiveGraph: every Value's data and
grad, every edge's local derivative. Beside each input's slider: its grad, and a
finite-difference check: nudge that input by h, and the change of the output over h.

Typing updates the graph as the learner types (the browser sends the text when typing
pauses); an unfinished or refused expression keeps the last good graph and says what is
missing or not allowed. Moving a slider updates every number without a new layout.

Kernel side, for tests and the curious: `text`, `values`, `root` (the output Value),
`grads` and `finite_differences` (per input name), `message`, `ok`, `graph` (the
LiveGraph), `type(text)` and `set_value(name, x)` (what typing and dragging do).

CSS classes for browser tests: `playground` (the whole), `playground-input` (the text
box), `playground-message`, `playground-inputs` (one `playground-input-row` per input,
its slider and `playground-check`), and the LiveGraph's own.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import anywidget
import ipywidgets as widgets
import traitlets

from autograd.engine import Value
from autograd.expression import Expression, ExpressionError, evaluate, parse
from autograd.trace import format_number
from autograd.validate import finite_number
from autograd.widgets import JS_DIR
from autograd.widgets.live_graph import LiveGraph, fresh_grads
from autograd.widgets.slider import KnobSlider

H = 1e-6  # the finite-difference nudge: small enough that the slope agrees to the digits shown
DEFAULT_TEXT = "a*b + c"
DEFAULT_VALUES = {"a": 2.0, "b": -3.0, "c": 10.0}
NEW_INPUT_VALUE = 1.0  # where a new input's slider starts
SLIDER_RANGE = (-4.0, 4.0)
OUTPUT_NAME = "out"


class ExpressionBox(anywidget.AnyWidget):
    """The text box: sends the text when typing pauses (debounced in the browser)."""

    _esm = JS_DIR / "playground.js"
    _css = JS_DIR / "playground.css"

    text = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    ok = traitlets.Bool(True).tag(sync=True)
    debounce_ms = traitlets.Int(250).tag(sync=True)

    @traitlets.validate("debounce_ms")
    def _valid_debounce(self, proposal: dict) -> int:
        value = proposal["value"]
        if not 0 <= value <= 5000:
            raise traitlets.TraitError(f"debounce_ms must be 0 to 5000, got {value!r}")
        return value


class Playground(widgets.VBox):
    """Type an expression over named inputs; see its graph, values, grads and a check."""

    def __init__(
        self,
        text: str = DEFAULT_TEXT,
        values: Mapping[str, float] | None = None,
        *,
        debounce_ms: int = 250,
    ) -> None:
        start = dict(DEFAULT_VALUES if values is None else values)
        # numpy's numbers (and 0-d arrays) count too; nan, inf and bools are refused by name
        self.values: dict[str, float] = {
            name: finite_number(x, f"values[{name!r}]") for name, x in start.items()
        }
        expression = parse(text)  # the first expression must be good: it makes the graph
        self.expression: Expression = expression
        for name in expression.names:
            self.values.setdefault(name, NEW_INPUT_VALUE)
        self.root: Value = evaluate(expression, self.values)
        self._label_root(self.root, expression)
        self.graph = LiveGraph(self.root)
        self.box = ExpressionBox(text=expression.text, debounce_ms=debounce_ms)
        self.inputs = widgets.VBox([])
        self.inputs.add_class("playground-inputs")
        self._sliders: dict[str, KnobSlider] = {}
        self._checks: dict[str, widgets.HTML] = {}
        self.grads: dict[str, float] = {}
        self.finite_differences: dict[str, float] = {}
        super().__init__([self.box, self.inputs, self.graph])
        self.add_class("playground")
        self._show_inputs()
        self._refresh_numbers()
        self._say(self._summary(), ok=True)
        self.box.observe(self._on_text, names="text")

    # ------------------------------------------------------------------ public
    @property
    def text(self) -> str:
        """The text in the box (possibly unfinished)."""
        return self.box.text

    @property
    def message(self) -> str:
        """The words under the box: the result, or what is missing or not allowed."""
        return self.box.message

    @property
    def ok(self) -> bool:
        """Whether the text in the box is the expression drawn."""
        return self.box.ok

    def type(self, text: str) -> None:
        """Put `text` in the box, as if the learner typed it."""
        self.box.text = text

    def set_value(self, name: str, x: float) -> None:
        """Move input `name`'s slider to `x`, as if the learner dragged it (the slider's
        range widens to take an x beyond its ends)."""
        if name not in self._sliders:
            raise KeyError(f"no input named {name!r}; the inputs are {list(self._sliders)}")
        x = finite_number(x, f"{name}'s value")
        slider = self._sliders[name]
        slider.min, slider.max = min(slider.min, x), max(slider.max, x)
        slider.value = x

    # ------------------------------------------------------------------ reacting
    def _on_text(self, change: dict) -> None:
        try:
            expression = parse(change["new"])
        except ExpressionError as error:
            self._say(f"{error} (showing the last good graph: {self.expression.text})", ok=False)
            return
        values = dict(self.values)
        for name in expression.names:
            values.setdefault(name, NEW_INPUT_VALUE)
        try:
            root = evaluate(expression, values)
        except ExpressionError as error:
            self._say(f"{error} (showing the last good graph: {self.expression.text})", ok=False)
            return
        self._label_root(root, expression)
        self.expression, self.values, self.root = expression, values, root
        with self.hold_sync():
            self.graph.update(root)
            self._show_inputs()
            self._refresh_numbers()
        self._say(self._summary(), ok=True)

    def _on_slider(self, change: dict) -> None:
        name = change["owner"].description
        values = dict(self.values)
        values[name] = float(change["new"])
        try:
            root = evaluate(self.expression, values)
        except ExpressionError as error:
            self.values = values
            self._say(f"{error}; move the slider back.", ok=False)
            return
        self._label_root(root, self.expression)
        self.values, self.root = values, root
        self.graph.update(root)
        self._refresh_numbers()
        self._say(self._summary(), ok=True)

    # ------------------------------------------------------------------ showing
    def _show_inputs(self) -> None:
        """One slider per input name, in order of appearance; existing sliders are kept."""
        names = self.expression.names
        if list(self._sliders) == list(names):
            return
        for name in list(self._sliders):
            if name not in names:
                self._sliders.pop(name).unobserve(self._on_slider, names="value")
                self._checks.pop(name)
        rows = []
        for name in names:
            if name not in self._sliders:
                low, high = SLIDER_RANGE
                x = self.values[name]
                # the course's slider: a fast drag over a big expression sends only the latest
                # position while the kernel is busy, so moves never queue up behind each other
                slider = KnobSlider(
                    value=x,
                    min=min(low, x),
                    max=max(high, x),
                    step=0.01,
                    key_step=0.1,
                    description=name,
                    readout_format=".2f",
                    track_width=200,
                    readout_width=52,
                    css_classes=("playground-slider",),
                )
                slider.observe(self._on_slider, names="value")
                self._sliders[name] = slider
                check = widgets.HTML()
                check.add_class("playground-check")
                self._checks[name] = check
            row = widgets.HBox([self._sliders[name], self._checks[name]])
            row.add_class("playground-input-row")
            rows.append(row)
        self.inputs.children = rows

    def _refresh_numbers(self) -> None:
        order = self.root.topological_order()
        grads = dict(zip(order, fresh_grads(order)))
        leaves = {v.label: v for v in order if not v.inputs and v.label}
        self.grads = {name: grads[leaves[name]] if name in leaves else 0.0 for name in self.values}
        self.grads = {name: self.grads[name] for name in self.expression.names}
        base = self.root.data
        self.finite_differences = {}
        for name in self.expression.names:
            nudged = dict(self.values)
            nudged[name] += H
            try:
                change = evaluate(self.expression, nudged).data - base
                fd: float = change / H
                fd_text = format_number(fd)
            except ExpressionError:
                fd, fd_text = math.nan, "undefined here"
            self.finite_differences[name] = fd
            self._checks[name].value = (
                f'<span class="playground-grad">{html.escape(name)}.grad = '
                f"<b>{format_number(self.grads[name])}</b></span>"
                f' &nbsp;·&nbsp; <span class="playground-fd">nudge {html.escape(name)} by '
                f"h = {H:g}: (change of {OUTPUT_NAME}) / h = <b>{fd_text}</b></span>"
            )

    def _summary(self) -> str:
        inputs = ", ".join(f"{n} = {format_number(self.values[n])}" for n in self.expression.names)
        result = format_number(self.root.data)
        return f"{OUTPUT_NAME} = {result}" + (f" at {inputs}" if inputs else "")

    def _say(self, text: str, *, ok: bool) -> None:
        with self.box.hold_sync():
            self.box.message = text
            self.box.ok = ok

    @staticmethod
    def _label_root(root: Value, expression: Expression) -> None:
        if root.inputs:  # a lone input keeps its own name
            root.label = OUTPUT_NAME if OUTPUT_NAME not in expression.names else "result"
