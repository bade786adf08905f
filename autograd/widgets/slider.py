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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from autograd.widgets import JS_DIR


class KnobSlider(anywidget.AnyWidget):
    """A horizontal slider with marks; browser moves arrive tagged with their gesture."""

    _esm = JS_DIR / "slider.js"

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.01).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    readout_format = traitlets.Unicode(".3f").tag(sync=True)  # ".Nf" or ".Ng"
    marks = traitlets.List(traitlets.Dict()).tag(sync=True)  # {"value", "label", "colour", "title"}
    disabled = traitlets.Bool(False).tag(sync=True)
    track_width = traitlets.Int(240).tag(sync=True)  # px, fixed: the layout must not jump
    readout_width = traitlets.Int(64).tag(sync=True)
    # A Plot with the same `link` (and derived "polynomial") redraws its curve in the
    # browser as this slider moves, with this slider's value as coefficient `link_index`.
    link = traitlets.Unicode("").tag(sync=True)
    link_index = traitlets.Int(0).tag(sync=True)

    def __init__(self, value: float = 0.0, css_classes: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(value=value, **kwargs)
        # The gesture of the browser move being applied now; None while code sets the value.
        self.gesture: str | None = None
        self.moves_received = 0  # browser move messages handled (for tests and benchmarks)
        for name in css_classes:
            self.add_class(name)
        self.on_msg(self._on_browser_message)

    @traitlets.validate("value")
    def _clamp(self, proposal: traitlets.Bunch) -> float:
        # Like ipywidgets' slider: a value outside the range is clamped, not refused.
        return min(self.max, max(self.min, float(proposal["value"])))

    def _on_browser_message(self, _widget: Any, content: dict, _buffers: list) -> None:
        if not isinstance(content, dict) or content.get("type") != "move":
            return
        self.moves_received += 1
        try:
            self.browser_move(float(content["value"]), str(content.get("gesture", "")))
        finally:
            # Always acknowledge, even if an observer raised: the browser waits for it.
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
