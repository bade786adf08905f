"""Tests for the expression Playground, driven in the kernel as typing and dragging would."""

import copy

import pytest

from autograd.widgets import Playground


def slider_names(playground):
    return [row.children[0].description for row in playground.inputs.children]


def engine_grads(playground):
    twin = copy.deepcopy(playground.root)
    twin.backward()
    return {v.label: v.grad for v in twin.topological_order() if v.label in playground.values}


def test_starts_with_a_b_c_its_graph_grads_and_checks():
    p = Playground()
    assert p.text == "a*b + c" and p.ok
    assert p.message == "out = 4.0 at a = 2.0, b = -3.0, c = 10.0"
    assert slider_names(p) == ["a", "b", "c"]
    assert p.grads == {"a": -3.0, "b": 2.0, "c": 1.0} == engine_grads(p)
    for name, grad in p.grads.items():
        assert p.finite_differences[name] == pytest.approx(grad, abs=1e-3)
    check = p.inputs.children[0].children[1].value
    assert "a.grad = <b>-3.0</b>" in check and "/ h = <b>-3.0</b>" in check and "h = 1e-06" in check
    names = [n["name"] for n in p.graph.state()["nodes"]]
    assert names == ["a", "b", "v2", "c", "out"]


def test_typing_a_new_expression_redraws_with_a_slider_per_input():
    p = Playground()
    p.type("x*y + x")
    assert p.ok and slider_names(p) == ["x", "y"]
    assert p.grads == {"x": 2.0, "y": 1.0} == engine_grads(p)  # x, y start at 1.0
    assert p.graph.layout_count == 2
    p.type("(x**2).tanh()")
    assert slider_names(p) == ["x"]
    assert p.root.data == pytest.approx(0.7615941559557649)


def test_an_unfinished_or_refused_expression_keeps_the_last_good_graph():
    p = Playground()
    state = p.graph.state()
    for text, says in [
        ("a*b +", "something is missing after '+'"),
        ("(a*b", "a bracket '(' is still open"),
        ("a.__class__", ".__class__ is not allowed"),
        ("__import__('os')", "calling __import__(...) is not allowed"),
        ("a/(b-b)", "division by zero"),
    ]:
        p.type(text)
        assert not p.ok and says in p.message
        assert "showing the last good graph: a*b + c" in p.message
        assert p.graph.state() == state and slider_names(p) == ["a", "b", "c"]
    p.type("a*b + c*c")
    assert p.ok and p.grads["c"] == 20.0


def test_moving_a_slider_updates_every_number_without_a_new_layout():
    p = Playground()
    svg = p.graph.svg
    p.set_value("a", 0.5)
    assert p.graph.layout_count == 1 and p.graph.svg == svg
    assert p.values["a"] == 0.5 and p.root.data == 0.5 * -3.0 + 10.0
    assert p.grads == {"a": -3.0, "b": 0.5, "c": 1.0} == engine_grads(p)
    assert p.graph.state()["nodes"][0]["data"] == "0.5"
    assert p.finite_differences["b"] == pytest.approx(0.5, abs=1e-3)
    assert p.message == "out = 8.5 at a = 0.5, b = -3.0, c = 10.0"
    with pytest.raises(KeyError, match="no input named 'z'"):
        p.set_value("z", 1.0)


def test_a_slider_position_the_engine_refuses_says_so_and_keeps_the_graph():
    p = Playground("x.log()", {"x": 2.0})
    state = p.graph.state()
    p.set_value("x", -1.0)
    assert not p.ok and "only defined for numbers > 0" in p.message
    assert p.graph.state() == state
    p.set_value("x", 1.0)
    assert p.ok and p.grads == {"x": 1.0}


def test_values_keep_across_expressions_and_numpy_numbers_are_numbers():
    np = pytest.importorskip("numpy")
    p = Playground("a + b", {"a": np.float64(1.5), "b": np.int64(2)})
    assert p.values == {"a": 1.5, "b": 2.0}
    p.type("a * d")
    assert p.values["a"] == 1.5 and p.values["d"] == 1.0
    with pytest.raises(TypeError, match="must be a real number"):
        Playground("a", {"a": "1"})
    with pytest.raises(ValueError, match="finite"):
        Playground("a", {"a": float("inf")})


def test_the_first_expression_must_be_good():
    from autograd.expression import ExpressionError

    with pytest.raises(ExpressionError, match="not allowed"):
        Playground("x.__class__")


def test_debounce_is_validated_on_assignment():
    p = Playground(debounce_ms=100)
    assert p.box.debounce_ms == 100
    with pytest.raises(Exception, match="debounce_ms must be 0 to 5000"):
        p.box.debounce_ms = -1


def test_a_browser_move_reaches_the_numbers_through_the_coalescing_slider():
    """The inputs are the course's KnobSlider: the browser keeps one move in flight and sends
    only the latest, so a fast drag over a big expression never queues up work."""
    p = Playground("a*b + c")
    slider = p.inputs.children[0].children[0]
    slider.handle_browser_message({"type": "move", "value": 0.5, "gesture": "v-1", "seq": 1})
    assert slider.moves_received == 1
    assert p.values["a"] == 0.5 and p.message == "out = 8.5 at a = 0.5, b = -3.0, c = 10.0"
    assert p.grads == {"a": -3.0, "b": 0.5, "c": 1.0} == engine_grads(p)


def test_set_value_widens_the_range_and_refuses_what_is_not_a_number():
    p = Playground("a + b")
    p.set_value("a", 9.0)  # beyond the slider's -4..4: the range follows
    assert p.values["a"] == 9.0 and p.message.startswith("out = 6.0")
    slider = p.inputs.children[0].children[0]
    assert slider.max == 9.0 and slider.value == 9.0
    with pytest.raises(ValueError, match="a's value must be finite"):
        p.set_value("a", float("nan"))
    with pytest.raises(TypeError, match="a's value must be a real number"):
        p.set_value("a", "1")
    assert p.values["a"] == 9.0  # a refused value changes nothing
