"""The backprop-automated notebook's graph stepper, clicked through in the browser.

Next moves the highlight to another part of the graph and the words beneath describe that
step (its number, and the name of the highlighted node); Prev brings back exactly the
picture that step had before. Every stepper the notebook shows is checked.

Selectors are the CSS classes that autograd/widgets/stepper.py gives its parts; the SVG
comes from Graphviz, and the highlighted node's and edges' SVG groups carry `highlight`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from labdriver import LabPage, course_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NEXT_PRESSES = 3

# The picture of one stepper: its SVG markup, what is highlighted, the words, the step.
PICTURE_JS = """(stepper) => {
  const svg = stepper.querySelector('.stepper-graph svg');
  const marked = svg ? [...svg.querySelectorAll('g.highlight')] : [];
  const markedValue = marked.find(g => g.classList.contains('value'));
  return {
    svg: svg ? svg.outerHTML : null,
    highlighted: marked.map(g => g.id).sort(),
    highlightedTexts: markedValue ? [...markedValue.querySelectorAll('text')]
                                      .map(t => t.textContent.trim()) : [],
    text: (stepper.querySelector('.stepper-text') || {}).innerText || '',
    step: (stepper.querySelector('.stepper-slider .widget-readout') || {}).innerText || '',
  };
}"""


@pytest.fixture
def backprop_notebook() -> Path:
    return course_notebook("04")


def picture(lab: LabPage, index: int) -> dict:
    return lab.page.locator(".graph-stepper").nth(index).evaluate(PICTURE_JS)


def node_name(shown: dict) -> str | None:
    """The highlighted Value's name: the box's text that is not 'data ...' or 'grad ...'."""
    names = [t for t in shown["highlightedTexts"] if t and not t.startswith(("data", "grad"))]
    return names[0] if names else None


def go(lab: LabPage, index: int, button: str, expected_step: int) -> dict:
    """Click Prev or Next on stepper `index`; wait until it shows `expected_step`."""
    stepper = lab.page.locator(".graph-stepper").nth(index)
    stepper.locator(button).click()
    return lab.poll(
        lambda: picture(lab, index),
        lambda p: p["step"] == str(expected_step) and f"step {expected_step} of" in p["text"],
        f"stepper {index} showing step {expected_step} after {button}",
    )


def test_stepper_next_and_prev(lab: LabPage, backprop_notebook: Path) -> None:
    lab.open(backprop_notebook)
    lab.run_all()
    lab.wait_for_visible(lab.page.locator(".graph-stepper .stepper-graph svg"), "a stepper", 30)
    count = lab.page.locator(".graph-stepper").count()
    names_checked = steppers_checked = 0
    for index in range(count):
        stepper = lab.page.locator(".graph-stepper").nth(index)
        stepper.scroll_into_view_if_needed()
        first = picture(lab, index)
        start = int(first["step"])
        total = int(re.search(r"step \d+ of (\d+)", first["text"]).group(1))
        presses = min(NEXT_PRESSES, total - start)
        if presses == 0:
            continue  # shown at its last step: nothing to step to
        steppers_checked += 1
        lab.shot(f"stepper{index}-step{start}", stepper)
        assert first["svg"], f"stepper {index} shows no SVG graph"
        assert first["highlighted"], f"stepper {index} highlights nothing at step {start}"

        seen = {start: first}
        for step in range(start + 1, start + 1 + presses):
            shown = go(lab, index, ".stepper-next", step)
            lab.shot(f"stepper{index}-next-step{step}", stepper)
            before = seen[step - 1]
            assert shown["highlighted"] != before["highlighted"], (
                f"stepper {index}: Next to step {step} left the highlight where it was: "
                f"{before['highlighted']}"
            )
            name = node_name(shown)
            if name is not None:
                words = re.findall(r"[\w.]+", shown["text"])
                assert any(w == name or w.startswith(name + ".") for w in words), (
                    f"stepper {index} step {step} highlights {name!r} but says {shown['text']!r}"
                )
                names_checked += 1
            seen[step] = shown

        for step in range(start + presses - 1, start - 1, -1):
            shown = go(lab, index, ".stepper-prev", step)
            lab.shot(f"stepper{index}-prev-step{step}", stepper)
            for part in ("svg", "highlighted", "text"):
                assert shown[part] == seen[step][part], (
                    f"stepper {index}: Prev to step {step} shows a different {part} than before"
                )
    assert steppers_checked, f"none of the {count} steppers could step forward"
    assert names_checked, "no step highlighted a named node, so no step's words could be checked"
    lab.assert_clean()
