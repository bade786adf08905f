"""The graph stepper and graph drawing in a real JupyterLab, driven in Chromium.

- A stepper steps in the browser: Next / Prev / the phase buttons / arrow keys move the
  red highlight and fill the numbers into the boxes exactly as `GraphStepper.state()` says,
  without waiting for the kernel (a step works while the kernel is busy), and the kernel
  learns the new step afterwards.
- On the backward pass the gradient's edge carries "local x upstream = contribution".
- Notebook 04's stepper steps forward and back to the very same pictures.
- With `dot` hidden from the kernel's PATH, `draw_graph` and `GraphStepper` are laid out in
  the browser by viz.js (WebAssembly), and the SVG comes back to the kernel.

Selectors are the CSS classes of autograd/widgets/js/graph.js (see autograd/widgets/stepper.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from labdriver import LabPage, course_notebook
from page_scripts import BOX_NUMBERS_JS

from autograd import Value
from autograd.widgets import GraphStepper

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

EXAMPLE = """\
from autograd import Value, draw_graph
from autograd.widgets import GraphStepper
a, b = Value(2.0, "a"), Value(-3.0, "b")
c = a * b
c.label = "c"
d = c + a
d.label = "d"
"""

# What one stepper shows: step and phase, highlighted ids, every box's numbers, the words.
PICTURE_JS = (
    """(root) => {
  const svg = root.querySelector('.stepper-graph svg');
  if (!svg) return null;
  const boxes = """
    + BOX_NUMBERS_JS
    + """;
  const flow = svg.querySelector('g.flow-label text');
  return {
    phase: root.dataset.phase, step: Number(root.dataset.step),
    stepMs: Number(root.dataset.stepMs),
    highlight: [...svg.querySelectorAll('g.highlight')].map(g => g.id).sort(),
    upstream: (svg.querySelector('g.upstream') || {}).id || null,
    flowEdge: (svg.querySelector('g.flow') || {}).id || null,
    flowLabel: flow ? flow.textContent : null,
    labels: boxes,
    text: (root.querySelector('.stepper-text') || {}).textContent || '',
    readout: (root.querySelector('.stepper-readout') || {}).textContent || '',
    svg: svg.outerHTML,
  };
}"""
)


def write_notebook(folder: Path, name: str, cells: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path = folder / name
    nbformat.write(nb, path)
    return path


def run_cell(lab: LabPage, index: int) -> str:
    """Run code cell `index` again (click it, Shift+Enter) and return its output's text."""
    cell = lab.page.locator(".jp-NotebookPanel .jp-Notebook .jp-CodeCell").nth(index)
    before = cell.locator(".jp-InputPrompt").inner_text()
    cell.locator(".jp-InputArea-editor").click()
    lab.page.keyboard.press("Shift+Enter")
    lab.poll(
        lambda: cell.locator(".jp-InputPrompt").inner_text(),
        lambda prompt: prompt != before and "*" not in prompt,
        f"cell {index} running again",
    )
    lab.wait_idle()
    return cell.locator(".jp-OutputArea-output").all_inner_texts()


def picture(lab: LabPage, index: int = 0) -> dict:
    return lab.page.locator(".graph-stepper").nth(index).evaluate(PICTURE_JS)


def expected(stepper: GraphStepper, phase: str, step: int) -> dict:
    state = stepper.state(phase, step)
    return {
        "highlight": sorted(state["highlight"]),
        "upstream": state["upstream"],
        "flowEdge": state["flow"]["edge"] if state["flow"] else None,
        "flowLabel": state["flow"]["label"] if state["flow"] else None,
        "labels": state["labels"],
        "text": state["text"],
    }


def shown(p: dict) -> dict:
    return {
        key: p[key] for key in ("highlight", "upstream", "flowEdge", "flowLabel", "labels", "text")
    }


def example_stepper() -> GraphStepper:
    """The notebook's stepper, built here too: its state() is what the browser must show."""
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return GraphStepper(d)


def wait_for_step(lab: LabPage, phase: str, step: int, index: int = 0) -> dict:
    return lab.poll(
        lambda: picture(lab, index),
        lambda p: p is not None and p["phase"] == phase and p["step"] == step,
        f"stepper {index} showing {phase} step {step}",
    )


def test_stepper_steps_in_the_browser(lab: LabPage, tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "stepper",
        "stepper.ipynb",
        [
            EXAMPLE + "stepper = GraphStepper(d)\nstepper",
            "import time\ntime.sleep(6)  # the kernel is busy while the learner steps",
            "print(stepper.phase, stepper.step, stepper.layout_engine)\nprint(stepper.text)",
        ],
    )
    reference = example_stepper()
    lab.open(notebook)
    lab.run_all()
    root = lab.page.locator(".graph-stepper").first
    lab.wait_for_visible(root.locator(".stepper-graph svg"), "the stepper's graph", 30)
    first = wait_for_step(lab, "forward", 1)
    assert shown(first) == expected(reference, "forward", 1)
    assert first["labels"] == [["2.0", "?"]] + [["?", "?"]] * 3  # only a is known
    lab.shot("forward-1", root)

    # Next three times, then Prev: each picture is the one state() describes
    seen = {1: first}
    for step in (2, 3, 4):
        root.locator(".stepper-next").click()
        seen[step] = wait_for_step(lab, "forward", step)
        assert shown(seen[step]) == expected(reference, "forward", step)
    assert seen[4]["labels"] == [["2.0", "?"], ["-3.0", "?"], ["-6.0", "?"], ["-4.0", "?"]]
    assert root.locator(".stepper-next").is_disabled()
    root.locator(".stepper-prev").click()
    back = wait_for_step(lab, "forward", 3)
    assert back["svg"] == seen[3]["svg"] and back["text"] == seen[3]["text"]
    lab.shot("forward-3", root)

    # the backward pass: the gradient flows down the highlighted edge
    root.locator(".stepper-phase-backward").click()
    start = wait_for_step(lab, "backward", 1)
    assert shown(start) == expected(reference, "backward", 1)
    root.locator(".stepper-next").click()
    for step in (2, 3, 4):
        if step > 2:
            root.locator(".stepper-next").click()
        p = wait_for_step(lab, "backward", step)
        assert shown(p) == expected(reference, "backward", step)
        assert p["flowEdge"] in p["highlight"] and " × " in p["flowLabel"]
    lab.shot("backward-4-flow", root)
    assert p["flowLabel"] == "-3.0 × 1.0 = -3.0"  # a.grad += b.data x c.grad
    assert p["labels"][0] == ["2.0", "-2.0"]  # on top of the 1.0 from the + edge

    # stepping needs no kernel: while a cell keeps it busy, Next still answers at once
    busy = lab.page.locator(".jp-NotebookPanel .jp-Notebook .jp-CodeCell").nth(1)
    busy.locator(".jp-InputArea-editor").click()
    lab.page.keyboard.press("Shift+Enter")
    prompt = busy.locator(".jp-InputPrompt")
    lab.poll(prompt.inner_text, lambda text: "*" in text, "the sleeping cell running", 10)
    root.locator(".stepper-next").click()
    p = wait_for_step(lab, "backward", 5)
    assert p["stepMs"] < 50, f"one step took {p['stepMs']} ms in the browser"
    assert "*" in prompt.inner_text(), "the step waited for the kernel to finish sleeping"
    assert shown(p) == expected(reference, "backward", 5)

    # the arrow keys step too (JupyterLab's own shortcuts stay out of the widget)
    root.locator(".stepper-prev").focus()
    lab.page.keyboard.press("ArrowLeft")
    p = wait_for_step(lab, "backward", 4)
    root.locator(".stepper-slider").focus()  # the native range input: arrows move it
    lab.page.keyboard.press("ArrowLeft")
    p = wait_for_step(lab, "backward", 3)
    lab.page.keyboard.press("ArrowRight")
    p = wait_for_step(lab, "backward", 4)
    assert shown(p) == expected(reference, "backward", 4)
    lab.wait_idle(30)

    # and the kernel heard every step: its readable state is the browser's
    output = "\n".join(run_cell(lab, 2))
    assert output.splitlines()[0] == "backward 4 dot"
    assert expected(reference, "backward", 4)["text"] in output

    # from the backward pass's last step (5) to the forward pass, which has only 4 steps
    root.locator(".stepper-next").click()
    wait_for_step(lab, "backward", 5)
    root.locator(".stepper-phase-forward").click()
    p = wait_for_step(lab, "forward", 1)
    assert shown(p) == expected(reference, "forward", 1)
    lab.assert_clean()


def test_wasm_layout_with_dot_hidden_from_path(lab: LabPage, tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path / "nodot",
        "nodot.ipynb",
        [
            # a kernel whose PATH has no Graphviz: what a learner without it installed has
            "import os, shutil\nos.environ['PATH'] = '/nonexistent'\nprint(shutil.which('dot'))",
            EXAMPLE + "draw_graph(d)",
            "stepper = GraphStepper(d, interval_ms=150)\nstepper",
            "boxes = stepper.svg.count('class=\"node value')\n"
            "print(stepper.layout_engine, round(stepper.layout_ms), boxes == 4)",
        ],
    )
    lab.open(notebook)
    lab.run_all()
    assert lab.page.locator(".jp-OutputArea-output").first.inner_text().strip() == "None"
    graphs = lab.page.locator(".autograd-graph")
    lab.wait_for_js(
        "() => document.querySelectorAll('.autograd-graph[data-laid-out=true] svg').length == 2",
        "both graphs laid out in the browser",
        60,
    )
    assert graphs.count() == 2
    plain, stepper = graphs.nth(0), graphs.nth(1)
    lab.shot("wasm-draw-graph", plain)
    for graph in (plain, stepper):
        ids = graph.evaluate("g => [...g.querySelectorAll('svg g[id]')].map(n => n.id)")
        for node in ("value-0", "value-3", "op-2", "op-3", "edge-0-2-0", "edge-op-3"):
            assert node in ids
        texts = graph.evaluate("g => [...g.querySelectorAll('svg text')].map(t => t.textContent)")
        assert "a" in texts and "d" in texts
    # the stepper steps on the wasm layout just as on dot's
    reference = example_stepper()
    stepper.locator(".stepper-next").click()
    p = wait_for_step(lab, "forward", 2)
    assert shown(p) == expected(reference, "forward", 2)
    lab.shot("wasm-stepper", stepper)
    # Play runs to the last step by itself, then offers to play again
    stepper.locator(".stepper-play").click()
    p = wait_for_step(lab, "forward", 4)
    assert shown(p) == expected(reference, "forward", 4)
    lab.poll(stepper.locator(".stepper-play").inner_text, lambda t: "Play" in t, "Play stopped")
    # the SVG came back to the kernel: saved widget state (static pages) holds the picture
    (output,) = run_cell(lab, 3)
    engine, version, ms, has_svg = output.split()
    assert (engine, version, has_svg) == ("viz.js", "3.31.0", "True")
    print(f"[wasm] viz.js layout of the stepper graph in the browser: {ms} ms")
    lab.assert_clean()


def test_notebook_04_stepper_next_and_prev(lab: LabPage) -> None:
    lab.open(course_notebook("04"))
    lab.run_all()
    lab.wait_for_visible(lab.page.locator(".graph-stepper .stepper-graph svg"), "a stepper", 30)
    count = lab.page.locator(".graph-stepper").count()
    assert count >= 1
    for index in range(count):
        root = lab.page.locator(".graph-stepper").nth(index)
        root.scroll_into_view_if_needed()
        first = lab.poll(lambda i=index: picture(lab, i), bool, f"stepper {index} drawn")
        phase, total = first["phase"], int(first["readout"].split("/")[1])
        seen = {first["step"]: first}
        for step in range(first["step"] + 1, min(total, first["step"] + 3) + 1):
            root.locator(".stepper-next").click()
            seen[step] = wait_for_step(lab, phase, step, index)
            assert seen[step]["highlight"] != seen[step - 1]["highlight"]
            assert f"step {step} of {total}" in seen[step]["text"]
            name = re.findall(r"^(\w+)(?:\.grad)? ", seen[step]["text"].splitlines()[1])
            assert name, seen[step]["text"]
        lab.shot(f"stepper{index}-after-next", root)
        for step in sorted(seen, reverse=True)[1:]:
            root.locator(".stepper-prev").click()
            back = wait_for_step(lab, phase, step, index)
            assert back["svg"] == seen[step]["svg"] and back["text"] == seen[step]["text"]
    lab.assert_clean()
