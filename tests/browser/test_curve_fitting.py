"""The curve-fitting notebook's nudge panel, touched in the browser the way a learner would.

Drag a coefficient slider with the mouse and move another with the arrow keys: the
slider's readout, the loss the kernel computed and the browser-drawn plot's pixels all
change, and the panel describes the drag as one move from where it started. Step clears
the move's message. Train: the loss curve grows and the loss goes down; Train clicked
twice quickly stops; Reset then Train at once trains from the start. Reset: everything is
back at the start. Each check reads what the browser shows, so a widget that never
renders, a blank canvas or a value that never reaches the kernel fails here.

Selectors are the CSS classes that autograd/widgets/nudge.py gives its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from labdriver import LabPage, course_notebook, parse_number

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

PANEL = ".nudge-panel"
KNOBS = [f".nudge-k{k}" for k in range(6)]
LOSS = ".nudge-loss"
PLOT = ".nudge-plot"
LOSS_PLOT = ".nudge-loss-plot"
PREDICTION = ".nudge-prediction"  # "You moved k0 from ... to ... the gradient predicted ..."
ARROW_PRESSES = 40  # small steps (the sliders move by 0.001), enough to move the curve


@pytest.fixture
def curve_fitting_notebook() -> Path:
    return course_notebook("06")


@dataclass(frozen=True)
class PanelState:
    """What the learner sees of the panel at one moment."""

    knobs: tuple[float, ...]
    loss_text: str  # "loss = 0.123456  least-squares floor = ...  step 3"
    plot: str  # the plots' pixels, as data URLs
    loss_plot: str

    @classmethod
    def read(cls, lab: LabPage) -> PanelState:
        return cls(
            knobs=tuple(lab.knob_value(knob) for knob in KNOBS),
            loss_text=lab.text(LOSS),
            plot=lab.canvas_pixels(PLOT),
            loss_plot=lab.canvas_pixels(LOSS_PLOT),
        )

    @property
    def loss(self) -> float:
        return parse_number(self.loss_text)

    @property
    def step(self) -> int:
        return int(re.search(r"step (\d+)", self.loss_text).group(1))


def loss_text(lab: LabPage) -> str:
    return lab.text(LOSS)


def test_nudge_panel_drag_keys_train_reset(lab: LabPage, curve_fitting_notebook: Path) -> None:
    lab.open(curve_fitting_notebook)
    lab.run_all()
    panel = lab.page.locator(PANEL)
    lab.wait_for_visible(panel, "the nudge panel", 30)
    for part in [*KNOBS, LOSS, ".nudge-step", ".nudge-train", ".nudge-reset", ".nudge-lr"]:
        lab.wait_for_visible(panel.locator(part), f"the panel's {part}", 10)
    lab.wait_for_figures_drawn()
    lab.shot("after-run-all", panel)
    # Notebook 6 teaches plain gradient descent: no momentum control, 2/λmax marked.
    assert not panel.locator(".nudge-momentum").is_visible()
    assert "2/λmax" in lab.text(".nudge-lr")
    # The notebook may already have trained the panel a little: Reset once to see the start.
    panel.locator(".nudge-reset").click()
    start = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("start", panel)

    # 1. Drag k1's handle to the right with the mouse, a fifth of the track, in 8 moves:
    # the panel reports one move, from where the drag started to where it ended.
    lab.drag(KNOBS[1], 0.2)
    lab.poll(lambda: lab.knob_value(KNOBS[1]), lambda v: v > start.knobs[1], "k1 going up")
    lab.wait_idle()
    dragged = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("after-drag", panel)
    assert dragged.plot != start.plot, "the curve was not redrawn after the drag"
    assert dragged.knobs[0] == start.knobs[0], "dragging k1 moved k0 too"
    assert dragged.loss != start.loss
    said = lab.text(PREDICTION)
    expected = f"You moved k1 from {start.knobs[1]:.3f} to {dragged.knobs[1]:.3f}"
    assert expected in said.replace("\u2212", "-"), said

    # 2. Move k0 with the arrow keys: each press one step of 0.001, all of them arrive.
    lab.page.locator(f"{KNOBS[0]} .autograd-slider-handle").focus()
    for _ in range(ARROW_PRESSES):
        lab.page.keyboard.press("ArrowRight")
    target = round(dragged.knobs[0] + ARROW_PRESSES * 0.001, 3)
    lab.poll(lambda: lab.knob_value(KNOBS[0]), lambda v: v == target, "k0 at +40 steps")
    lab.wait_idle()
    keyed = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("after-arrow-keys", panel)
    assert keyed.knobs[0] == target and keyed.knobs[1] == dragged.knobs[1]
    assert keyed.loss != dragged.loss and keyed.plot != dragged.plot
    # the 40 presses are one move, from where the keys started
    said = lab.text(PREDICTION).replace("\u2212", "-")
    assert f"You moved k0 from {dragged.knobs[0]:.3f} to {target:.3f}" in said, said

    # 3. Step: one training step lowers the loss, and the move's message is gone (it
    # described the knobs before the step).
    panel.locator(".nudge-step").click()
    lab.poll(lambda: loss_text(lab), lambda t: t != keyed.loss_text, "loss changing on Step")
    lab.wait_idle()
    stepped = lab.settle(lambda: PanelState.read(lab), quiet=0.5)
    lab.shot("after-step", panel)
    assert stepped.loss < keyed.loss, f"Step raised the loss: {keyed.loss} -> {stepped.loss}"
    assert lab.text(PREDICTION).strip() == "", "the move's message outlived the Step"

    # 4. Train: the loss curve grows and the loss goes down; training moves the knobs,
    # and nothing it moved is reported as the learner's move.
    curve_ink = lab.coloured_pixels(LOSS_PLOT)
    panel.locator(".nudge-train").click()
    lab.poll(lambda: loss_text(lab), lambda t: t != stepped.loss_text, "loss changing on Train")
    lab.settle(lambda: (loss_text(lab), lab.text(".nudge-train")))
    trained = PanelState.read(lab)
    lab.shot("after-train", panel)
    assert trained.loss < stepped.loss
    assert trained.loss_plot != stepped.loss_plot, "the loss plot did not change"
    assert lab.coloured_pixels(LOSS_PLOT) > curve_ink, "the loss curve did not grow"
    assert trained.knobs != stepped.knobs and trained.plot != stepped.plot
    assert lab.text(PREDICTION).strip() == "", "training was reported as a move"
    assert lab.text(".nudge-progress-label") == "150/150 steps"

    # 5. Train twice quickly: the second click is the Stop, and it is not lost.
    lab.page.locator(".nudge-steps input").fill("20000")
    lab.page.locator(".nudge-steps input").press("Enter")
    lab.wait_idle()
    train = panel.locator(".nudge-train")
    train.click()
    train.click()
    lab.settle(lambda: (loss_text(lab), lab.text(".nudge-train")))
    assert lab.text(".nudge-train") == "Train N"
    done = parse_number(lab.text(".nudge-progress-label"))
    assert done < 20000, "Stop right after Train was lost: the whole run trained"

    # 6. Reset then Train at once while a run animates: the Train is not lost (nor taken
    # for a Stop of the old run); a new run starts from the start.
    train.click()
    lab.poll(lambda: PanelState.read(lab).step, lambda s: s > 50, "a long run under way")
    panel.locator(".nudge-reset").click()
    train.click()
    lab.poll(lambda: PanelState.read(lab).step, lambda s: 0 < s < 50, "a new run from the start")
    lab.poll(lambda: lab.text(".nudge-train"), lambda t: t == "Stop", "the new run animating")
    train.click()  # stop it (N is 20,000)
    lab.settle(lambda: (loss_text(lab), lab.text(".nudge-train")))
    assert lab.text(".nudge-train") == "Train N"

    # 7. Reset: knobs, loss, curve and loss plot exactly as at the start.
    lab.page.locator(".nudge-steps input").fill("150")
    lab.page.locator(".nudge-steps input").press("Enter")
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
