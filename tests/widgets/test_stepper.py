"""Tests for GraphStepper, driven in the kernel: go to steps, read what the browser must draw.

The browser side (graph.js) replays the same per-step records; tests/browser/
test_backprop_stepper.py checks that what it draws equals `state()`.
"""

import html
import json
import re
import subprocess
import sys
import time

import pytest

from autograd import Value, backward_steps, forward_steps
from autograd.draw import GraphTooLargeError
from autograd.widgets import GraphStepper
from autograd.widgets.graph_view import VIZ_DIR

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def example():
    """d = a * b + a (a used twice): 3 inputs-and-results plus d; 5 backward steps."""
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return a, b, c, d


def highlighted_values(stepper: GraphStepper) -> list[int]:
    """Topological indices of the Value boxes the current step draws in red."""
    return [int(i.split("-")[1]) for i in stepper.state()["highlight"] if i.startswith("value-")]


def highlighted_edges(stepper: GraphStepper) -> list[str]:
    return [i for i in stepper.state()["highlight"] if i.startswith("edge-")]


def labels(stepper: GraphStepper) -> list[str]:
    """Every box's numbers as the browser writes them: "data 2.0", "grad ?", ..."""
    return [f"{field} {text}" for pair in stepper.state()["labels"]
            for field, text in zip(("data", "grad"), pair)]  # fmt: skip


def test_starts_at_forward_step_1_with_the_first_node():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    assert (stepper.phase, stepper.step, stepper.step_count) == ("forward", 1, 4)
    first = list(forward_steps(d))[0]
    assert stepper.current.node is first.node
    assert stepper.text.startswith("Forward pass, step 1 of 4:")
    assert first.text in stepper.current_text
    assert highlighted_values(stepper) == [order.index(first.node)]


def test_go_to_a_step_then_next():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    stepper.show("forward", 3)
    assert stepper.current.node is c
    assert "c = a * b = 2.0 * -3.0 = -6.0" in stepper.text
    assert highlighted_values(stepper) == [order.index(c)]
    assert len(highlighted_edges(stepper)) == 3  # a -> *, b -> *, * -> c

    stepper.next()
    assert stepper.step == 4 and stepper.current.node is d
    assert "d = c + a = -6.0 + 2.0 = -4.0" in stepper.text
    assert highlighted_values(stepper) == [order.index(d)]
    stepper.next()  # at the end Next stays put
    assert stepper.step == 4
    stepper.prev()
    assert stepper.step == 3


def test_values_filled_only_up_to_the_current_step():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.show("forward", 2)  # a and b known, c and d not yet
    texts = labels(stepper)
    assert texts.count("data ?") == 2
    assert "data 2.0" in texts and "data -3.0" in texts
    assert "data -6.0" not in texts and "data -4.0" not in texts
    assert texts.count("grad ?") == 4  # no grads in the forward pass
    stepper.show("forward", 4)
    assert "data ?" not in labels(stepper)


def test_backward_phase_steps_edge_by_edge_with_the_gradient_flowing():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    stepper.phase = "backward"
    steps = list(backward_steps(d))
    assert (stepper.step, stepper.step_count) == (1, len(steps)) == (1, 5)
    assert "d.grad = 1.0" in stepper.current_text
    assert labels(stepper).count("grad ?") == 3  # only d.grad known
    assert highlighted_edges(stepper) == [] and stepper.state()["flow"] is None

    stepper.next()  # c.grad += 1 x d.grad
    assert stepper.current.target is c
    assert steps[1].text in stepper.current_text and "(sum rule)" in stepper.current_text
    assert highlighted_values(stepper) == [order.index(c)]
    assert len(highlighted_edges(stepper)) == 2  # c -> + and + -> d
    flow = stepper.state()["flow"]
    assert flow == {"edge": f"edge-{order.index(c)}-{order.index(d)}-0", "label": "1.0 × 1.0 = 1.0"}
    assert flow["edge"] in highlighted_edges(stepper)
    assert stepper.state()["upstream"] == f"value-{order.index(d)}"  # where it comes from

    stepper.show("backward", 4)  # a's second edge: a.grad += b.data x c.grad, on top of 1.0
    assert stepper.current.target is a and "(product rule)" in stepper.current_text
    assert "a.grad: 1.0 -> -2.0" in stepper.current_text
    assert stepper.state()["flow"]["label"] == "-3.0 × 1.0 = -3.0"  # local x upstream
    assert "grad -2.0" in labels(stepper)
    assert labels(stepper).count("grad ?") == 1  # b's turn comes last

    stepper.next()
    assert stepper.current.target is b and "grad ?" not in labels(stepper)


def test_step_k_looks_the_same_however_you_got_there():
    a, b, c, d = example()
    by_next = GraphStepper(d, phase="backward")
    for _ in range(2):
        by_next.next()
    by_show = GraphStepper(d, phase="backward")
    by_show.show("backward", 3)
    by_prev = GraphStepper(d)
    by_prev.show("backward", 5)
    by_prev.prev()
    by_prev.prev()
    by_browser = GraphStepper(d)
    by_browser.set_state({"phase": "backward", "step": 3})  # as the browser's message does
    steppers = (by_next, by_show, by_prev, by_browser)
    assert all(s.step == 3 and s.phase == "backward" for s in steppers)
    assert len({repr(s.state()) for s in steppers}) == 1
    assert len({s.text for s in steppers}) == 1


def test_switching_phase_goes_to_step_1():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.show("forward", 4)
    stepper.phase = "backward"
    assert (stepper.step, stepper.step_count) == (1, 5)
    stepper.show("backward", 5)
    stepper.phase = "forward"
    assert (stepper.step, stepper.step_count) == (1, 4)
    assert "Forward pass, step 1 of 4" in stepper.current_text


def test_the_kernel_follows_the_browser():
    """The browser steps on its own and then tells the kernel: text follows, clamped."""
    *_, d = example()
    stepper = GraphStepper(d)
    stepper.set_state({"step": 3})
    assert stepper.text.startswith("Forward pass, step 3 of 4:")
    stepper.set_state({"phase": "backward", "step": 1})
    assert stepper.text.startswith("Backward pass, step 1 of 5:")
    stepper.set_state({"step": 99})  # a stale message can never show a step that is not
    assert stepper.step == 5


def test_laid_out_once_and_stepping_sends_no_picture():
    *_, d = example()
    stepper = GraphStepper(d)
    svg = stepper.svg
    assert svg.startswith("<?xml") and stepper.layout_engine == "dot"
    sent = []
    stepper.observe(lambda change: sent.append(change["name"]), names=["svg", "steps", "dot"])
    stepper.show("backward", 4)
    stepper.next()
    stepper.phase = "forward"
    assert stepper.svg == svg and sent == []  # only phase and step change


def test_boxes_have_room_for_every_number_they_will_show():
    x = Value(0.1234, "x")
    y = x * x * x  # x.grad grows in three steps: 0.01523, then 0.03046..., then 0.0457
    stepper = GraphStepper(y)
    grads_of_x = {s["set"][2] for s in stepper.steps["backward"] if s["set"][0] == 0}
    assert len(grads_of_x) == 3
    line = next(ln for ln in stepper.drawing.source.splitlines() if 'id="value-0"' in ln)
    longest = max(len(f"grad {g}") for g in grads_of_x)
    assert re.search(r'<TD WIDTH="(\d+)">grad', line)
    width = int(re.search(r'<TD WIDTH="(\d+)">grad', line).group(1))
    assert width >= 6 * longest


def test_stepping_leaves_the_graph_alone():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.show("backward", 5)
    assert (a.grad, b.grad, c.grad, d.grad) == (0.0, 0.0, 0.0, 0.0)
    assert (a.data, c.data, d.data) == (2.0, -6.0, -4.0)


def test_bad_input_is_refused_clearly():
    *_, d = example()
    with pytest.raises(TypeError, match="GraphStepper\\(\\) needs a Value"):
        GraphStepper(4.0)
    with pytest.raises(ValueError, match="phase must be"):
        GraphStepper(d, phase="sideways")
    with pytest.raises(ValueError, match="interval_ms must be a whole number >= 1"):
        GraphStepper(d, interval_ms=0)
    stepper = GraphStepper(d)
    with pytest.raises(ValueError, match="steps 1 to 5"):
        stepper.show("backward", 6)
    with pytest.raises(ValueError, match="phase must be"):
        stepper.phase = "sideways"
    with pytest.raises(ValueError, match="forward pass has steps 1 to 4, got step 9"):
        stepper.step = 9
    assert (stepper.phase, stepper.step) == ("forward", 1)  # unchanged
    x = Value(1.0, "x")
    for _ in range(100):
        x = x * 1.01
    with pytest.raises(GraphTooLargeError, match="201 Values"):
        GraphStepper(x)


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_a_huge_graph_is_refused_before_tracing_it():
    """100,000 nodes took 5.4 s to refuse (both traces were built first)."""
    x = Value(1.0, "x")
    for _ in range(50_000):
        x = x * 1.0001  # two Values per step
    start = time.perf_counter()
    with pytest.raises(GraphTooLargeError, match="100,001 Values"):
        GraphStepper(x)
    seconds = time.perf_counter() - start
    # one walk of the graph (~0.1 s here), not two traces with words for every step
    assert seconds < 1.5, f"refusing took {seconds:.1f} s"


def test_without_dot_the_browser_lays_the_graph_out(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no `dot` anywhere
    *_, d = example()
    stepper = GraphStepper(d)
    assert stepper.svg == "" and stepper.dot == stepper.drawing.source
    assert stepper.viz_version == (VIZ_DIR / "VERSION").read_text().strip()
    stepper.next()  # stepping does not need the picture
    assert "Forward pass, step 2 of 4" in stepper.current_text


def test_a_failing_dot_leaves_the_layout_to_the_browser(monkeypatch, tmp_path):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'dot: broken install' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    *_, d = example()
    stepper = GraphStepper(d)
    assert stepper.svg == "" and stepper.viz_version


def test_shows_as_a_widget_with_a_static_picture_for_pages_without_widgets():
    *_, d = example()
    stepper = GraphStepper(d)
    bundle = stepper._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data[WIDGET_MIME]["model_id"] == stepper.model_id
    static = data["text/html"]
    assert static.count('class="node value') == 4 and "Forward pass, step 1 of 4" in static


def test_wide_graphs_fit_the_cell():
    """Notebook 09's neuron was 1,600 px wide in a 1,220 px cell."""
    from autograd.nn import Neuron

    out = Neuron(2, seed=0)([2.0, -1.0])
    stepper = GraphStepper(out)
    assert stepper.steps["rankdir"] == "TB"
    width_pt = float(re.search(r'<svg width="([\d.]+)pt"', stepper.svg).group(1))
    assert width_pt * 4 / 3 < 1220


def test_a_single_value_has_one_step_each_way():
    x = Value(5.0, "x")
    stepper = GraphStepper(x)
    assert stepper.step_count == 1 and "x = 5.0" in stepper.current_text
    stepper.phase = "backward"
    assert stepper.step_count == 1 and "x.grad = 1.0" in stepper.current_text


def test_odd_names_reach_the_browser_as_text():
    x = Value(1.0, "<b>x\\")
    stepper = GraphStepper(x * 2)
    assert stepper.steps["names"][0] == "<b>x\\"  # written with textContent, never as markup
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", stepper.svg)]
    assert "<b>x\\" in texts  # drawn as text by dot, escaped in the DOT source


def test_importing_the_stepper_needs_no_matplotlib():
    """The graph widgets must work in JupyterLite, where matplotlib may be missing."""
    code = (
        "import sys; sys.modules['matplotlib'] = None; sys.modules['numpy'] = None\n"
        "from autograd.engine import Value\n"
        "from autograd.widgets import GraphStepper\n"
        "a = Value(2.0, 'a'); GraphStepper(a * a); print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("store_state", [True, False])
def test_a_static_snapshot_shows_the_graph(store_state):
    """A notebook run with stored widget state and converted to HTML keeps the picture (in
    the widget's state); without the state, the page falls back to the static SVG."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nbconvert = pytest.importorskip("nbconvert")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    code = "from autograd import Value\nfrom autograd.widgets import GraphStepper\n"
    code += "a = Value(2.0, 'a')\nb = a * a\nb.label = 'b'\nGraphStepper(b, phase='backward')"
    nb.cells = [nbformat.v4.new_code_cell(code)]
    nbclient.NotebookClient(nb, timeout=120, store_widget_state=store_state).execute()
    page, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    if store_state:
        found = re.search(
            r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
            page,
            re.DOTALL,
        )
        models = json.loads(found.group(1))["state"]
        (stepper,) = [m["state"] for m in models.values() if m["state"].get("steps")]
        assert stepper["svg"].count('class="node value') == 2  # the boxes of a and b
        assert stepper["phase"] == "backward" and len(stepper["steps"]["backward"]) == 3
    else:
        assert page.count('class="node value') == 2 and "Backward pass, step 1 of 3" in page


def test_interval_ms_is_checked_on_assignment_as_in_the_constructor():
    np = pytest.importorskip("numpy")
    *_, d = example()
    stepper = GraphStepper(d, interval_ms=np.int64(500))
    assert stepper.interval_ms == 500 and type(stepper.interval_ms) is int
    stepper.interval_ms = np.int32(250)
    assert stepper.interval_ms == 250
    for bad in (0, -5, True, 2.5, "fast", None):
        with pytest.raises(ValueError):
            stepper.interval_ms = bad
        assert stepper.interval_ms == 250  # refused: unchanged
    with pytest.raises(ValueError, match="interval_ms must be a whole number >= 1, got 0"):
        stepper.interval_ms = 0


def test_numpy_integers_are_steps():
    np = pytest.importorskip("numpy")
    *_, d = example()
    stepper = GraphStepper(d)
    stepper.show("forward", np.int64(2))
    assert (stepper.phase, stepper.step) == ("forward", 2)
    stepper.step = np.int64(3)
    assert stepper.step == 3 and type(stepper.step) is int
    with pytest.raises(ValueError):
        stepper.step = np.float64(2.0)
