"""The widgets of notebooks 1 and 7, driven in the kernel: DerivativeExplorer, BoundaryView."""

import numpy as np
import pytest
from matplotlib.layout_engine import ConstrainedLayoutEngine

from autograd import MLP, Neuron, Value
from autograd.nn import two_moons
from autograd.widgets import BoundaryView, DerivativeExplorer
from autograd.widgets.boundary import model_on_grid
from autograd.widgets.derivative import parabola


def test_secant_turns_into_the_tangent_as_h_shrinks():
    explorer = DerivativeExplorer(x=2.0, h=1.0)
    assert explorer.secant_slope == pytest.approx(11.0)  # (f(3) - f(2)) / 1 = (20 - 9) / 1
    assert explorer.tangent_slope == pytest.approx(8.0, abs=1e-5)  # 6x - 4 at x = 2
    gaps = []
    for h in (1.0, 0.1, 0.01, 0.001):
        explorer.h_slider.value = h
        gaps.append(abs(explorer.secant_slope - explorer.tangent_slope))
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 0.01


def test_moving_a_slider_moves_the_lines_and_the_readout():
    explorer = DerivativeExplorer(x=2.0, h=1.0)
    before = explorer._secant.get_ydata().copy(), explorer.readout.value
    explorer.x_slider.value = 0.5
    assert not np.allclose(before[0], explorer._secant.get_ydata())
    assert explorer.readout.value != before[1]
    assert list(explorer._points.get_xdata()) == pytest.approx([0.5, 1.5])
    assert f"{parabola(0.5):.4f}" in explorer.readout.value


@pytest.mark.parametrize("kwargs", [{"x_range": (3, 1)}, {"x": 10.0}, {"h": 0.0}, {"h": 5.0}])
def test_derivative_explorer_refuses_bad_settings(kwargs):
    with pytest.raises(ValueError):
        DerivativeExplorer(**kwargs)


@pytest.mark.parametrize("model", [MLP(2, [5, 3, 1], seed=4), Neuron(2, seed=1)])
def test_model_on_grid_agrees_with_the_value_forward_pass(model):
    xs, ys = np.array([-1.0, 0.0, 0.7]), np.array([0.3, -0.8])
    grid = model_on_grid(model, xs, ys)
    assert grid.shape == (2, 3)
    for row, y in enumerate(ys):
        for col, x in enumerate(xs):
            assert grid[row, col] == pytest.approx(model([float(x), float(y)]).data, rel=1e-12)


def test_model_on_grid_refuses_other_models():
    with pytest.raises(ValueError, match="takes 3 inputs"):
        model_on_grid(MLP(3, [1]), np.zeros(2), np.zeros(2))
    with pytest.raises(TypeError, match="MLP or Neuron"):
        model_on_grid(lambda x: x, np.zeros(2), np.zeros(2))


def test_boundary_view_updates_picture_and_loss_curve_in_place():
    points, labels = two_moons(20, seed=0)
    view = BoundaryView(points, labels)
    model = MLP(2, [4, 1], seed=0)
    image = view._image
    view.show(model)
    first = image.get_array().copy()
    assert view.losses == [] and view.status.value == "step 0: not trained yet"
    view.record(0.8)
    for p in model.parameters():
        p.data += 0.5
    view.record(Value(0.6))
    view.show(model)
    assert view._image is image  # same artist, new data: no re-created figure
    assert not np.allclose(first, image.get_array())
    assert list(view._loss_line.get_ydata()) == [0.8, 0.6]
    assert list(view._loss_line.get_xdata()) == [1, 2]
    assert view.status.value == "step 2: loss 0.6000"
    view.reset()
    assert view.losses == [] and len(view._loss_line.get_ydata()) == 0


def test_boundary_view_refuses_mismatched_data():
    with pytest.raises(ValueError, match="one label per point"):
        BoundaryView([(0.0, 1.0)], [])
    with pytest.raises(ValueError, match="pairs"):
        BoundaryView([(0.0, 1.0, 2.0)], [1.0])


def test_boundary_view_draws_at_once_only_when_a_browser_view_is_ready(monkeypatch):
    points, labels = two_moons(10, seed=0)
    view = BoundaryView(points, labels)
    canvas = view.figure.canvas
    calls = []
    monkeypatch.setattr(canvas, "draw", lambda: calls.append("draw"))
    monkeypatch.setattr(canvas, "draw_idle", lambda: calls.append("draw_idle"))
    view.show(MLP(2, [2, 1]))
    # not displayed yet (or displayed in this very cell): draw() would blank the canvas
    assert calls == ["draw_idle"]
    canvas._handle_message(canvas, {"type": "initialized"}, [])  # what the browser view sends
    view.show(MLP(2, [2, 1]))
    # inside a training loop the kernel cannot answer draw_idle's request: send the frame now
    assert calls == ["draw_idle", "draw"]


def test_every_widget_makes_its_figures_with_the_shared_canvas_helpers():
    from autograd.widgets import _canvas, boundary, derivative, nudge

    for module in (boundary, derivative, nudge):
        assert module.live_figure is _canvas.live_figure
    assert nudge.freeze_layout is _canvas.freeze_layout
    figure = _canvas.live_figure(2.0, 1.5, "a-test-plot")
    figure.add_subplot()
    assert "a-test-plot" in figure.canvas._dom_classes and not figure.canvas.toolbar_visible
    assert isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)
    _canvas.freeze_layout(figure)
    assert not isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)  # laid out once
