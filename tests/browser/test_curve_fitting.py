"""The curve-fitting notebook's nudge panel, touched in the browser the way a learner would.

Drag a coefficient slider with the mouse and move another with the arrow keys: the
slider's readout, the loss the kernel computed and the browser-drawn plot's pixels all
change, and the panel describes the drag as one move from where it started. Step clears
the move's message. Train: the loss curve grows and the loss goes down; Train clicked
twice quickly stops; Reset then Train at once trains from the start. Reset: everything is
back at the start. Each check reads what the browser shows, so a widget that never
renders, a blank canvas or a value that never reaches the kernel fails here.

The panel with its live graph (`graph=True`): drag, keys, Step, Train, clicks that pick,
add and remove points. After each, the page's graph (every node's data and grad), knob
readouts, loss readout and point readout are compared with the kernel's own numbers, read
from the running kernel through a second client (`KernelProbe`).

At a 1280 px window (JupyterLab's file browser open) every part of the panel, the loss
plot with its legend included, lies inside the notebook's output area.

Selectors are the CSS classes that autograd/widgets/nudge.py gives its parts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from jupyter_client import BlockingKernelClient
from labdriver import LabPage, course_notebook, parse_number
from page_scripts import REDRAW_IN_THE_KEY_HANDLER_JS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]

PANEL = ".nudge-panel"
KNOBS = [f".nudge-k{k}" for k in range(6)]
LOSS = ".nudge-loss"
PLOT = ".nudge-plot"
LOSS_PLOT = ".nudge-loss-plot"
PREDICTION = ".nudge-prediction"  # "You moved k0 from ... to ... the gradient predicted ..."
ARROW_PRESSES = 6  # each one a step a learner can see (a fortieth of the track's half)


@pytest.fixture
def curve_fitting_notebook(tmp_path: Path) -> Path:
    """Notebook 06 with its first panel only: the second one, with the live graph, has the
    same parts (knobs, plots, readouts) and its own test below, on a notebook of its own."""
    source = course_notebook("06")
    notebook = nbformat.read(source, as_version=4)
    notebook.cells = [
        cell
        for cell in notebook.cells
        if not (cell.cell_type == "code" and "point_panel" in cell.source)
    ]
    copy = tmp_path / "notebooks" / source.name
    copy.parent.mkdir()
    nbformat.write(notebook, copy)
    return copy


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


def shown_step(lab: LabPage) -> int:
    """The step the loss readout shows (one quick read, for a run that is moving fast)."""
    return int(re.search(r"step (\d+)", lab.text(LOSS)).group(1))


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

    # 1b. The curve follows the hand before the kernel answers: a key press on k2 redraws
    # the fit plot inside the key's own event handler (the sliders and the plot share one
    # KnobLink, found through anywidget's host API), before any message could come back.
    draws = lab.page.evaluate(REDRAW_IN_THE_KEY_HANDLER_JS, [PLOT, KNOBS[2]])
    assert draws["after"] == draws["before"] + 1, f"the fit plot did not follow k2: {draws}"
    lab.poll(lambda: lab.knob_value(KNOBS[2]), lambda v: v != start.knobs[2], "k2 moved")
    lab.wait_idle()
    dragged = lab.settle(lambda: PanelState.read(lab), quiet=0.5)

    # 2. Move k0 with the arrow keys: each press a step one can see, all of them arrive.
    lab.page.locator(f"{KNOBS[0]} .autograd-slider-handle").focus()
    lab.page.keyboard.press("ArrowRight")
    key_step = lab.poll(lambda: lab.knob_value(KNOBS[0]), lambda v: v != dragged.knobs[0],
                        "k0 moved by one key press") - dragged.knobs[0]  # fmt: skip
    track = lab.page.locator(f"{KNOBS[0]} .autograd-slider-track").bounding_box()
    assert key_step / 4.0 * track["width"] >= 2, f"one key press moved k0 by only {key_step}"
    for _ in range(ARROW_PRESSES - 1):
        lab.page.keyboard.press("ArrowRight")
    target = round(dragged.knobs[0] + ARROW_PRESSES * key_step, 3)
    lab.poll(lambda: lab.knob_value(KNOBS[0]), lambda v: v == target, "k0 at +6 key steps")
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
    shown = lab.text(PANEL)
    assert not re.search(r"[-\u2212]0\.0+(?![0-9])", shown), "a -0 is shown"

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
    # The old run goes on long enough (2,000 steps, a few seconds) that the new one, counting
    # from 0, is seen below where the old one was however slowly this machine reads the page.
    train.click()
    old = lab.poll(lambda: shown_step(lab), lambda s: s > 2000, "a long run under way", 60)
    panel.locator(".nudge-reset").click()
    train.click()
    lab.poll(lambda: shown_step(lab), lambda s: 0 < s < old, "a new run from the start")
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


# ---------------------------------------------------------------------- the live graph
class KernelProbe:
    """A second client of the notebook's kernel: runs read-only code, returns what it printed.

    The kernel's numbers are the truth the page must show; they are read here, not from
    the page. (The page ignores replies to another client's requests.)
    """

    def __init__(self, lab_server: dict) -> None:
        from conftest import _api

        sessions = _api(lab_server["base"], lab_server["token"], "/api/sessions")
        assert isinstance(sessions, list) and len(sessions) == 1, sessions
        kernel_id = sessions[0]["kernel"]["id"]
        runtime = Path(lab_server["root"]).parent / "runtime"
        (connection,) = runtime.rglob(f"kernel-{kernel_id}.json")
        self.client = BlockingKernelClient(connection_file=str(connection))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def run(self, code: str) -> str:
        printed: list[str] = []
        reply = self.client.execute_interactive(
            code, timeout=60, output_hook=lambda msg: printed.append(
                msg["content"].get("text", "") if msg["msg_type"] == "stream" else ""
            ),
        )  # fmt: skip
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(printed)

    def panel(self) -> dict:
        return json.loads(self.run(ENGINE_STATE))

    def close(self) -> None:
        self.client.stop_channels()


ENGINE_STATE = """
import json as _json
print(_json.dumps({
    "graph": panel.graph.state(), "knobs": panel.polynomial.values(), "loss": panel.loss,
    "picked": panel.picked_point, "points": [list(map(float, panel.data.x)),
    list(map(float, panel.data.y))], "steps": panel.run.steps_done,
    "x_range": panel.fit_plot.x_range, "y_range": panel.fit_plot.y_range,
    "size": [panel.fit_plot.width, panel.fit_plot.height],
}))
"""

PAGE_GRAPH_JS = """() => [...document.querySelectorAll('.nudge-graph svg g.node.value')]
  .map((g) => ({ id: g.id, texts: [...g.querySelectorAll('text')].map((t) => t.textContent) }))"""

GRAPH_PANEL_CODE = """from autograd.polyfit import make_dataset
from autograd.widgets import NudgePanel
panel = NudgePanel(make_dataset(n_points=30, seed=2), momentum=0.0, show_momentum=False, graph=True)
panel"""


@pytest.fixture
def graph_notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(GRAPH_PANEL_CODE)]
    path = tmp_path / "graph_panel" / "graph_panel.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def page_state(lab: LabPage) -> dict:
    """What the learner sees: the graph's boxes, the knobs, the loss and the point's words."""
    return {
        "graph": lab.page.evaluate(PAGE_GRAPH_JS),
        "knobs": [lab.knob_value(knob) for knob in KNOBS],
        "loss": lab.text(LOSS),
        "point": lab.text(".nudge-point"),
    }


def assert_page_shows_the_kernels_numbers(page: dict, engine: dict) -> None:
    nodes = engine["graph"]["nodes"]
    shown = {box["id"]: box["texts"] for box in page["graph"]}
    assert len(shown) == len(nodes), "the page's graph has other nodes than the kernel's"
    for node in nodes:
        texts = shown[node["id"]]
        assert f"data {node['data']}" in texts and f"grad {node['grad']}" in texts, (node, texts)
    graph_knobs = {n["name"]: n["data"] for n in nodes if re.fullmatch(r"k\d", n["name"])}
    for k, value in enumerate(engine["knobs"]):
        assert page["knobs"][k] == pytest.approx(value, abs=5e-4), f"k{k}'s slider"
        assert float(graph_knobs[f"k{k}"]) == pytest.approx(value, rel=1e-3, abs=1e-4)
    assert f"loss = {engine['loss']:.6f}" in page["loss"]
    assert f"step {engine['steps']}" in page["loss"]
    square = next(n for n in nodes if n["name"] == "squared error")
    i = engine["picked"]
    assert f"point {i} " in page["point"]
    squared = float(re.search(r"squared error ([-0-9.e+]*[0-9])", page["point"]).group(1))
    assert squared == pytest.approx(float(square["data"]), rel=2e-3)
    x = engine["points"][0][i]
    assert f"x = {x:.3f}" in page["point"].replace("\u2212", "-")


def plot_position(lab: LabPage, engine: dict, x: float, y: float) -> tuple[float, float]:
    """The page position of data point (x, y) on the fit plot (js/plot.js's margins)."""
    canvas = lab.page.locator(f"{PLOT} canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    width, height = engine["size"]
    (x0, x1), (y0, y1) = engine["x_range"], engine["y_range"]
    left, right, top, bottom = 58, width - 14, 24, height - 38
    px = left + (x - x0) / (x1 - x0) * (right - left)
    py = bottom - (y - y0) / (y1 - y0) * (bottom - top)
    return box["x"] + px * box["width"] / width, box["y"] + py * box["height"] / height


def test_the_live_graph_shows_the_kernels_numbers_through_every_change(
    lab: LabPage, lab_server: dict, graph_notebook: Path
) -> None:
    lab.open(graph_notebook)
    lab.run_all()
    panel = lab.page.locator(PANEL)
    lab.wait_for_visible(panel.locator(".nudge-graph svg"), "the live graph", 60)
    lab.wait_for_figures_drawn()
    probe = KernelProbe(lab_server)
    try:

        def agree(what: str) -> dict:
            """Once the page is still: it shows exactly the kernel's numbers."""
            lab.wait_idle()
            page = lab.settle(lambda: page_state(lab), quiet=0.5)
            engine = probe.panel()
            try:
                assert_page_shows_the_kernels_numbers(page, engine)
            except AssertionError as error:
                raise AssertionError(f"after {what}: {error}") from None
            lab.shot(what, panel)
            return engine

        start = agree("start")
        assert start["picked"] == 29  # the point farthest right

        lab.drag(KNOBS[2], 0.15)
        moved = agree("drag")
        assert moved["knobs"][2] > 0 and moved["graph"] != start["graph"]

        lab.page.locator(f"{KNOBS[4]} .autograd-slider-handle").focus()
        for _ in range(3):
            lab.page.keyboard.press("ArrowLeft")
        keyed = agree("arrow keys")
        assert keyed["knobs"][4] < 0

        panel.locator(".nudge-step").click()
        stepped = agree("Step")
        assert stepped["steps"] == 1

        panel.locator(".nudge-train").click()
        lab.settle(lambda: (lab.text(LOSS), lab.text(".nudge-train")))
        trained = agree("Train")
        assert trained["steps"] == 151 and trained["loss"] < stepped["loss"]

        # focus an edge (as a keyboard user does; hovering shows the same): its words are
        # local × upstream = contribution, with the kernel's numbers
        edge = trained["graph"]["edges"][0]
        lab.page.locator(f".nudge-graph svg g#{edge['id']}").first.focus()
        words = lab.poll(lambda: lab.text(".nudge-graph .live-readout"),
                         lambda t: "local derivative" in t, "the hovered edge's words")  # fmt: skip
        assert f"{edge['local']} × upstream" in words and edge["contribution"] in words

        # click a point: its graph is shown
        xs, ys = trained["points"]
        lab.page.mouse.click(*plot_position(lab, trained, xs[3], ys[3]))
        picked = agree("click on point 3")
        assert picked["picked"] == 3 and len(picked["points"][0]) == 30

        # click where there is no point: a point is added there, and its graph shown
        low, high = picked["y_range"]
        high_y = high - 0.1 * (high - low)  # near the top of the plot, far above the curve
        lab.page.mouse.click(*plot_position(lab, picked, 0.05, high_y))
        added = agree("click to add a point")
        assert len(added["points"][0]) == 31 and added["picked"] == 30
        assert added["points"][0][30] == pytest.approx(0.05, abs=0.02)
        assert added["points"][1][30] == pytest.approx(high_y, abs=0.05)
        assert added["loss"] > picked["loss"]  # a point far from the curve

        # shift-click it: removed again; the loss is that of the 30 points
        lab.page.keyboard.down("Shift")
        lab.page.mouse.click(*plot_position(lab, added, *(p[30] for p in added["points"])))
        lab.page.keyboard.up("Shift")
        removed = agree("shift-click to remove it")
        assert len(removed["points"][0]) == 30
        assert removed["loss"] == pytest.approx(picked["loss"], rel=1e-9)
        assert "Removed the point" in lab.text(".nudge-status")
    finally:
        probe.close()
    lab.assert_clean()


def test_the_panel_fits_a_1280_px_window(lab: LabPage, curve_fitting_notebook: Path) -> None:
    lab.page.set_viewport_size({"width": 1280, "height": 900})
    lab.open(curve_fitting_notebook)
    lab.run_all()
    lab.wait_for_visible(lab.page.locator(PANEL), "the nudge panel", 30)
    lab.wait_for_figures_drawn()
    overflow = lab.page.evaluate(
        """() => {
          const panel = document.querySelector('.nudge-panel');
          const area = panel.closest('.jp-OutputArea-output').getBoundingClientRect();
          return [...panel.querySelectorAll('*')].filter((e) => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && box.right > area.right + 0.5;
          }).map((e) => `${e.tagName}.${[...e.classList].join('.')} ends at `
            + `${e.getBoundingClientRect().right} > ${area.right}`);
        }"""
    )
    lab.shot("at-1280px", lab.page.locator(PANEL))
    assert overflow == [], "parts of the panel are cut off at 1280 px:\n" + "\n".join(overflow)
    lab.assert_clean()
