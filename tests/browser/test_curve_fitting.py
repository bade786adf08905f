"""The curve-fitting notebook's nudge panel, touched in the browser the way a learner would.

Drag a coefficient slider with the mouse and move another with the arrow keys: the
slider's readout, the loss the kernel computed and the plot's pixels all change. Click
Train: the loss curve grows and the loss goes down. Click Reset: everything is back at
the start. Each check reads what the browser shows, so a widget that never renders, a
blank canvas or a value that never reaches the kernel fails here.

Selectors are the CSS classes that autograd/widgets/nudge.py gives its parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from labdriver import LabPage, course_notebook, parse_number

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PANEL = ".nudge-panel"
KNOBS = [f".nudge-k{k}" for k in range(6)]
LOSS = ".nudge-loss"
PLOT = ".nudge-plot"
LOSS_PLOT = ".nudge-loss-plot"
PREDICTION = ".nudge-prediction"  # "You moved k0 by ... the gradient predicted ..."
ARROW_PRESSES = 40  # small steps (the sliders move by 0.001), enough to move the curve


@pytest.fixture
def curve_fitting_notebook() -> Path:
    return course_notebook("05")


@dataclass(frozen=True)
class PanelState:
    """What the learner sees of the panel at one moment."""

    knobs: tuple[float, ...]
    loss_text: str  # "loss = 0.123456  least-squares floor = ...  step 3"
    plot: str  # the figures' pixels, as data URLs
    loss_plot: str

    @classmethod
    def read(cls, lab: LabPage) -> PanelState:
        return cls(
            knobs=tuple(lab.readout(knob) for knob in KNOBS),
            loss_text=lab.text(LOSS),
            plot=lab.canvas_pixels(PLOT),
            loss_plot=lab.canvas_pixels(LOSS_PLOT),
        )

    @property
    def loss(self) -> float:
        return parse_number(self.loss_text)


def loss_text(lab: LabPage) -> str:
    return lab.text(LOSS)


def test_nudge_panel_drag_keys_train_reset(lab: LabPage, curve_fitting_notebook: Path) -> None:
    lab.open(curve_fitting_notebook)
    lab.run_all()
    panel = lab.page.locator(PANEL)
    lab.wait_for_visible(panel, "the nudge panel", 30)
    for part in [*KNOBS, LOSS, ".nudge-step", ".nudge-train", ".nudge-reset"]:
        lab.wait_for_visible(panel.locator(part), f"the panel's {part}", 10)
    lab.wait_for_figures_drawn()
    lab.shot("after-run-all", panel)
    # The notebook may already have trained the panel a little: Reset once to see the start.
    panel.locator(".nudge-reset").click()
    start = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("start", panel)

    # 1. Drag k1's handle to the right with the mouse, a fifth of the track.
    handle = panel.locator(f"{KNOBS[1]} .noUi-handle")
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    track = panel.locator(f"{KNOBS[1]} .noUi-target").bounding_box()
    assert box and track, "k1's slider has no size on the page"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    lab.page.mouse.move(x, y)
    lab.page.mouse.down()
    lab.page.mouse.move(x + track["width"] / 5, y, steps=8)
    lab.page.mouse.up()
    lab.poll(lambda: lab.readout(KNOBS[1]), lambda v: v > start.knobs[1], "k1 readout going up")
    lab.poll(lambda: loss_text(lab), lambda t: t != start.loss_text, "loss after dragging k1")
    lab.wait_idle()
    dragged = lab.poll(
        lambda: PanelState.read(lab),
        lambda s: s.plot != start.plot,
        "the curve redrawn after the drag",
    )
    lab.shot("after-drag", panel)
    assert dragged.knobs[0] == start.knobs[0], "dragging k1 moved k0 too"
    assert dragged.loss != start.loss

    # 2. Move k0 with the arrow keys.
    panel.locator(f"{KNOBS[0]} .noUi-handle").focus()
    for _ in range(ARROW_PRESSES):
        lab.page.keyboard.press("ArrowRight")
    lab.poll(lambda: lab.readout(KNOBS[0]), lambda v: v > dragged.knobs[0], "k0 readout going up")
    lab.poll(lambda: loss_text(lab), lambda t: t != dragged.loss_text, "loss after moving k0")
    lab.wait_idle()
    keyed = lab.poll(
        lambda: PanelState.read(lab),
        lambda s: s.plot != dragged.plot,
        "the curve redrawn after keys",
    )
    lab.shot("after-arrow-keys", panel)
    assert keyed.knobs[1] == dragged.knobs[1], "the arrow keys on k0 moved k1 too"
    assert keyed.loss != dragged.loss

    # 3. Step: one training step lowers the loss; the panel reports no hand-made move
    # (a slider value the browser echoes back, rounded or stale, must not count as one).
    said_before = lab.text(PREDICTION)
    panel.locator(".nudge-step").click()
    lab.poll(lambda: loss_text(lab), lambda t: t != keyed.loss_text, "loss changing on Step")
    lab.wait_idle()
    stepped = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("after-step", panel)
    assert stepped.loss < keyed.loss, f"Step raised the loss: {keyed.loss} -> {stepped.loss}"
    said_after = lab.text(PREDICTION)
    assert said_after == said_before, f"after Step, the panel reported a move: {said_after}"
    before_training = PanelState.read(lab)

    # 4. Train: the loss curve grows and the loss goes down; training moves the knobs.
    curve_ink = lab.coloured_pixels(LOSS_PLOT)
    panel.locator(".nudge-train").click()
    lab.poll(
        lambda: loss_text(lab), lambda t: t != before_training.loss_text, "loss changing on Train"
    )
    lab.settle(lambda: (loss_text(lab), lab.text(".nudge-train")))
    trained = PanelState.read(lab)
    lab.shot("after-train", panel)
    assert trained.loss < before_training.loss, (
        f"training raised the loss: {before_training.loss} -> {trained.loss}"
    )
    assert trained.loss_plot != before_training.loss_plot, (
        "the loss plot did not change while training"
    )
    assert lab.coloured_pixels(LOSS_PLOT) > curve_ink, "the loss curve did not grow"
    assert trained.knobs != before_training.knobs, "training did not move the sliders"
    assert trained.plot != before_training.plot, "the fitted curve was not redrawn"
    # Nobody touched a slider while training ran: if the panel now says a knob was moved,
    # the browser sent stale slider values back and the kernel took them as the learner's.
    said_after = lab.text(PREDICTION)
    assert said_after == said_before, f"while training, the panel reported a move: {said_after}"

    # 5. Reset: knobs, loss, curve and loss plot exactly as at the start.
    panel.locator(".nudge-reset").click()
    lab.poll(lambda: loss_text(lab), lambda t: t == start.loss_text, "loss back to the start")
    lab.wait_idle()
    reset = lab.poll(
        lambda: PanelState.read(lab),
        lambda s: s.plot == start.plot and s.loss_plot == start.loss_plot,
        "both plots back to their starting pictures",
    )
    lab.shot("after-reset", panel)
    assert reset.knobs == start.knobs

    lab.assert_clean()
