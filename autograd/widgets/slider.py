"""A slider whose browser view reports the learner's moves, never echoes of the kernel's values.

`KnobSlider` looks and reads like an ipywidgets FloatSlider (`value`, `min`, `max`, `step`,
`description`, `readout_format`, `observe(..., names="value")`), with marks under the track
(the least-squares value of a knob, the largest stable rate). Its JavaScript (js/slider.js)
sends a move as a message naming the gesture (one drag, one run of key presses) it belongs
to, and only when the learner moved it; a value set by the kernel only moves the handle.
So the kernel never has to guess whether a value is the learner's hand or the browser
sending back what it was told (ipywidgets' slider snaps a value to its step and sends it
back), and a drag can be reported as one move from where it started.

After handling a move the kernel acknowledges it; the browser keeps at most one move in
flight and sends only the latest of the moves made meanwhile, so a fast drag over a slow
computation never piles up work in the kernel.

Keys move by `key_step` (a step a learner can see), a drag by `step` (fine). On a
`scale="log"` slider (a learning rate) a key press multiplies the value by `key_step`
instead, on a grid through `anchor`, so the default value is a few presses away from
anywhere near it. A value set from Python must be a finite number inside [min, max]:
anything else is refused with a message (never clamped to an end, never shown as nan).

`KnobLink` is the one widget several sliders and a plot share: while the learner moves a
slider, its browser view writes the value there and a linked `Plot` redraws its curve at
once, before (and without) the kernel's answer.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from autograd.widgets import JS_DIR


class KnobValueError(traitlets.TraitError, ValueError):
    """A slider setting refused (a TraitError, so traitlets leaves the old value in place)."""


class KnobLink(anywidget.AnyWidget):
    """Shared by knob sliders and a plot: the values being moved in the browser right now.

    Never displayed. The sliders' views write `moving` ({knob index: value}) in the browser
    while a gesture lasts and remove their entry when the kernel has the last word again;
    the plot's views redraw on every change. The kernel never writes it: the kernel's
    values reach the plot as its own state (`Plot.coefficients`).
    """

    _esm = "export default {};"
    moving = traitlets.Dict().tag(sync=True)


def _real(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise KnobValueError(f"{what} must be a number, got {type(value).__name__} {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise KnobValueError(f"{what} must be a finite number, got {number!r}.")
    return number


class _Real(traitlets.Float):
    """A float trait that takes any real number (numpy's too) and names the slider when not."""

    def validate(self, obj: Any, value: Any) -> float:
        return _real(value, f"{getattr(obj, 'description', '') or 'the slider'}'s {self.name}")


class KnobSlider(anywidget.AnyWidget):
    """A horizontal slider with marks; browser moves arrive tagged with their gesture."""

    _esm = JS_DIR / "slider.js"
    _css = JS_DIR / "slider.css"

    value = _Real(0.0).tag(sync=True)
    min = _Real(0.0).tag(sync=True)
    max = _Real(1.0).tag(sync=True)
    step = _Real(0.01).tag(sync=True)  # a drag's resolution
    key_step = _Real(0.0).tag(sync=True)  # an arrow key's move (0: `step`)
    scale = traitlets.Unicode("linear").tag(sync=True)  # or "log" (min > 0)
    anchor = _Real(0.0).tag(sync=True)  # the key grid passes through this value
    description = traitlets.Unicode("").tag(sync=True)
    readout_format = traitlets.Unicode(".3f").tag(sync=True)  # ".Nf" or ".Ng"
    marks = traitlets.List(traitlets.Dict()).tag(sync=True)  # {"value", "label", "colour", "title"}
    disabled = traitlets.Bool(False).tag(sync=True)
    track_width = traitlets.Int(240).tag(sync=True)  # px, fixed: the layout must not jump
    readout_width = traitlets.Int(64).tag(sync=True)
    # Sliders and a Plot sharing one KnobLink: the plot's curve follows this slider's
    # moves in the browser, with this slider's value as coefficient `link_index`.
    # Sent as anywidget's reference; the view resolves it with anywidget's host API.
    link = anywidget.WidgetTrait().tag(sync=True)
    link_index = traitlets.Int(0).tag(sync=True)

    def __init__(self, value: float = 0.0, css_classes: Sequence[str] = (), **kwargs: Any) -> None:
        # All at once: traitlets checks each setting when all of them are in place, so the
        # value is checked against the range given here, not against the defaults.
        super().__init__(value=value, **kwargs)
        # The gesture of the browser move being applied now; None while code sets the value.
        self.gesture: str | None = None
        self.moves_received = 0  # browser move messages handled (for tests and benchmarks)
        for name in css_classes:
            self.add_class(name)
        self.on_msg(self._on_browser_message)

    @property
    def name(self) -> str:
        return self.description or "the slider"

    @traitlets.validate("value")
    def _check_value(self, proposal: traitlets.Bunch) -> float:
        value = _real(proposal["value"], f"{self.name}'s value")
        if not self.min <= value <= self.max:
            raise KnobValueError(
                f"{self.name}'s value must be between {self.min:g} and {self.max:g} (its "
                f"range), got {value!r}. Widen the range first (min, max), or pick a value "
                "inside it."
            )
        return value

    @traitlets.validate("min", "max")
    def _check_range(self, proposal: traitlets.Bunch) -> float:
        end = proposal["trait"].name
        value = _real(proposal["value"], f"{self.name}'s {end}")
        low, high = (value, self.max) if end == "min" else (self.min, value)
        if not low < high:
            raise KnobValueError(
                f"{self.name}'s min must be below its max, got min {low:g} and max {high:g}."
            )
        if self.scale == "log" and low <= 0:
            raise KnobValueError(f"{self.name} has a log scale: its min must be > 0, got {low:g}.")
        if not low <= self.value <= high:
            raise KnobValueError(
                f"{self.name}'s range [{low:g}, {high:g}] would leave its value {self.value:g} "
                "outside: set the value inside the new range first."
            )
        return value

    @traitlets.validate("step", "key_step")
    def _check_step(self, proposal: traitlets.Bunch) -> float:
        step = _real(proposal["value"], f"{self.name}'s {proposal['trait'].name}")
        if step < 0 or (step == 0 and proposal["trait"].name == "step"):
            raise KnobValueError(f"{self.name}'s step must be > 0, got {step!r}.")
        return step

    @traitlets.validate("scale")
    def _check_scale(self, proposal: traitlets.Bunch) -> str:
        scale = proposal["value"]
        if scale not in ("linear", "log"):
            raise KnobValueError(f"scale must be 'linear' or 'log', got {scale!r}.")
        if scale == "log" and self.min <= 0:
            raise KnobValueError(f"a log scale needs min > 0, got min {self.min:g}.")
        return scale

    @traitlets.validate("link")
    def _check_link(self, proposal: traitlets.Bunch) -> KnobLink | None:
        link = proposal["value"]
        if link is not None and not isinstance(link, KnobLink):
            raise KnobValueError(
                f"{self.name}'s link must be a KnobLink (shared with the plot), "
                f"got {type(link).__name__}."
            )
        return link

    def _on_browser_message(self, _widget: Any, content: dict, _buffers: list) -> None:
        self.handle_browser_message(content)

    def handle_browser_message(self, content: object) -> None:
        """Handle one message from the browser view, as it arrives from the browser.

        A move ({"type": "move", "value", "gesture", "seq"}) is applied as `browser_move`
        and always acknowledged with `send({"type": "ack", "seq"})`, even if an observer
        raised: the browser waits for the acknowledgement before it sends the next move.
        """
        if not isinstance(content, dict) or content.get("type") != "move":
            return
        self.moves_received += 1
        try:
            value = float(content["value"])
            # the browser keeps its moves on the track; a value off it is clamped, not refused
            if math.isfinite(value):
                self.browser_move(min(self.max, max(self.min, value)), str(content.get("gesture")))
        finally:
            self.send({"type": "ack", "seq": content.get("seq")})

    def browser_move(self, value: float, gesture: str) -> None:
        """Apply a move the learner made in the browser, as part of gesture `gesture`.

        Observers of `value` see `self.gesture` set while they run, so they can tell a
        continued drag from a new one. (Tests call this to act as the browser would.)
        """
        self.gesture = gesture
        try:
            self.value = value
        finally:
            self.gesture = None
