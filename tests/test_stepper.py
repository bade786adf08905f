"""Tests for GraphStepper, driven in the kernel: set the step, press the buttons, read it."""

import html
import re

import pytest

from autograd import Value, backward_steps, forward_steps
from autograd.draw import GraphTooLargeError
from autograd.widgets import GraphStepper


def example():
    """d = a * b + a (a used twice): 3 inputs-and-results plus d; 5 backward steps."""
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return a, b, c, d


def highlighted_values(svg: str) -> list[int]:
    """Topological indices of the Value boxes drawn highlighted in the SVG."""
    pattern = r'id="value-(\d+)" class="node value \w+ highlight"'
    return [int(i) for i in re.findall(pattern, html.unescape(svg))]


def highlighted_edges(svg: str) -> list[str]:
    return re.findall(r'id="(edge-[\w-]+)" class="edge [\w-]+ highlight"', html.unescape(svg))


def box_texts(svg: str) -> list[str]:
    """Every text drawn in the SVG, in order (the SVG writes "-" as "&#45;")."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_starts_at_forward_step_1_with_the_first_node():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    assert (stepper.phase, stepper.step, stepper.step_count) == ("forward", 1, 4)
    first = list(forward_steps(d))[0]
    assert stepper.current.node is first.node
    assert "Forward pass, step 1 of 4" in stepper.text.value
    assert first.text in stepper.current_text
    assert highlighted_values(stepper.graph.value) == [order.index(first.node)]
    assert stepper.prev_button.disabled and not stepper.next_button.disabled


def test_set_the_step_then_press_next():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    stepper.slider.value = 3
    assert stepper.current.node is c
    assert "c = a * b = 2.0 * -3.0 = -6.0" in stepper.text.value
    assert highlighted_values(stepper.graph.value) == [order.index(c)]
    assert len(highlighted_edges(stepper.graph.value)) == 3  # a -> *, b -> *, * -> c

    stepper.next_button.click()
    assert stepper.step == 4 and stepper.current.node is d
    assert "d = c + a = -6.0 + 2.0 = -4.0" in stepper.text.value
    assert highlighted_values(stepper.graph.value) == [order.index(d)]
    assert stepper.next_button.disabled
    stepper.next_button.click()  # at the end Next stays put
    assert stepper.step == 4


def test_values_filled_only_up_to_the_current_step():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.slider.value = 2  # a and b known, c and d not yet
    texts = box_texts(stepper.graph.value)
    assert texts.count("data ?") == 2
    assert "data 2.0" in texts and "data -3.0" in texts
    assert "data -6.0" not in texts and "data -4.0" not in texts
    assert texts.count("grad ?") == 4  # no grads in the forward pass
    stepper.slider.value = 4
    assert "data ?" not in box_texts(stepper.graph.value)


def test_backward_phase_steps_edge_by_edge():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    order = d.topological_order()
    stepper.phase_toggle.value = "backward"
    steps = list(backward_steps(d))
    assert (stepper.step, stepper.step_count) == (1, len(steps)) == (1, 5)
    assert "d.grad = 1.0" in stepper.current_text
    assert box_texts(stepper.graph.value).count("grad ?") == 3  # only d.grad known
    assert highlighted_edges(stepper.graph.value) == []

    stepper.next_button.click()  # c.grad += 1 x d.grad
    assert stepper.current.target is c
    assert steps[1].text in stepper.current_text and "(sum rule)" in stepper.current_text
    assert highlighted_values(stepper.graph.value) == [order.index(c)]
    assert len(highlighted_edges(stepper.graph.value)) == 2  # c -> + and + -> d

    stepper.slider.value = 4  # a's second edge: a.grad += b.data x c.grad, on top of 1.0
    assert stepper.current.target is a and "(product rule)" in stepper.current_text
    assert "a.grad: 1.0 -> -2.0" in stepper.current_text
    assert "grad -2.0" in box_texts(stepper.graph.value)
    assert box_texts(stepper.graph.value).count("grad ?") == 1  # b's turn comes last

    stepper.next_button.click()
    assert stepper.current.target is b and "grad ?" not in box_texts(stepper.graph.value)


def test_step_k_looks_the_same_however_you_got_there():
    a, b, c, d = example()
    by_next = GraphStepper(d, phase="backward")
    for _ in range(2):
        by_next.next_button.click()
    by_slider = GraphStepper(d, phase="backward")
    by_slider.slider.value = 3
    by_prev = GraphStepper(d)
    by_prev.show("backward", 5)
    by_prev.prev_button.click()
    by_prev.prev_button.click()
    by_play = GraphStepper(d, phase="backward")
    by_play.play.value = 3  # what the Play button does, one tick at a time
    pictures = {s.graph.value for s in (by_next, by_slider, by_prev, by_play)}
    texts = {s.text.value for s in (by_next, by_slider, by_prev, by_play)}
    assert len(pictures) == 1 and len(texts) == 1
    assert by_next.step == by_prev.step == by_play.step == 3
    # and back and forth on one stepper, through the other phase
    by_next.phase_toggle.value = "forward"
    by_next.show("backward", 3)
    assert by_next.graph.value in pictures


def test_switching_phase_goes_to_step_1_and_resizes_the_slider():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.slider.value = 4
    stepper.phase_toggle.value = "backward"
    assert (stepper.step, stepper.slider.max, stepper.play.max) == (1, 5, 5)
    stepper.slider.value = 5
    stepper.phase_toggle.value = "forward"
    assert (stepper.step, stepper.slider.max, stepper.play.max) == (1, 4, 4)
    assert "Forward pass, step 1 of 4" in stepper.current_text


def test_stepping_leaves_the_graph_alone():
    a, b, c, d = example()
    stepper = GraphStepper(d)
    stepper.show("backward", 5)
    assert (a.grad, b.grad, c.grad, d.grad) == (0.0, 0.0, 0.0, 0.0)
    assert (a.data, c.data, d.data) == (2.0, -6.0, -4.0)


def test_css_classes_for_browser_tests():
    *_, d = example()
    stepper = GraphStepper(d)
    assert "graph-stepper" in stepper._dom_classes
    for part, css_class in [
        (stepper.phase_toggle, "stepper-phase"),
        (stepper.prev_button, "stepper-prev"),
        (stepper.next_button, "stepper-next"),
        (stepper.play, "stepper-play"),
        (stepper.slider, "stepper-slider"),
        (stepper.graph, "stepper-graph"),
        (stepper.text, "stepper-text"),
    ]:
        assert css_class in part._dom_classes


def test_bad_input_is_refused_clearly():
    *_, d = example()
    with pytest.raises(TypeError, match="GraphStepper\\(\\) needs a Value"):
        GraphStepper(4.0)
    with pytest.raises(ValueError, match="phase must be"):
        GraphStepper(d, phase="sideways")
    stepper = GraphStepper(d)
    with pytest.raises(ValueError, match="steps 1 to 5"):
        stepper.show("backward", 6)
    x = Value(1.0, "x")
    for _ in range(100):
        x = x * 1.01
    with pytest.raises(GraphTooLargeError, match="201 Values"):
        GraphStepper(x)


def test_without_dot_the_stepper_shows_the_table(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    *_, d = example()
    stepper = GraphStepper(d)
    assert "`dot` program was not found" in stepper.graph.value
    assert '<table class="graph-table">' in stepper.graph.value
    stepper.next_button.click()
    assert "Forward pass, step 2 of 4" in stepper.current_text


def test_a_single_value_has_one_step_each_way():
    x = Value(5.0, "x")
    stepper = GraphStepper(x)
    assert stepper.step_count == 1 and "x = 5.0" in stepper.current_text
    stepper.phase_toggle.value = "backward"
    assert stepper.step_count == 1 and "x.grad = 1.0" in stepper.current_text
