"""The widgets of notebooks 1 and 7, driven in the kernel: DerivativeExplorer, BoundaryView.

Also the shared parts: the Plot widget and KnobSlider ship their JavaScript inside the
package, and the explorer's module needs neither numpy nor matplotlib (Pyodide).
"""

import ast
import math
import re
from pathlib import Path

import numpy as np
import pytest
from ipywidgets.embed import embed_data

from autograd import MLP, Neuron, Value
from autograd.nn import two_moons
from autograd.widgets import JS_DIR, BoundaryView, DerivativeExplorer
from autograd.widgets.boundary import model_on_grid
from autograd.widgets.derivative import parabola, polynomial_coefficients
from autograd.widgets.plot import Plot, floats
from autograd.widgets.slider import KnobSlider, KnobValueError

ROOT = Path(__file__).resolve().parents[2]


def test_secant_turns_into_the_tangent_as_h_shrinks():
    explorer = DerivativeExplorer(x=2.0, h=1.0)
    assert explorer.secant_slope == pytest.approx(11.0)  # (f(3) - f(2)) / 1 = (20 - 9) / 1
    assert explorer.tangent_slope == pytest.approx(8.0, abs=1e-5)  # 6x - 4 at x = 2
    gaps = []
    for h in (1.0, 0.1, 0.01, 0.001):
        explorer.h_slider.value = h
        gaps.append(abs(explorer.secant_slope - explorer.tangent_slope))
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 0.01


def test_a_polynomial_is_drawn_by_the_browser_from_its_coefficients():
    explorer = DerivativeExplorer(x=2.0, h=1.0)
    plot = explorer.plot
    (secant,) = plot.overlay  # one item: the JS computes the lines from it
    assert secant["kind"] == "secant" and (secant["x"], secant["h"]) == ("x", "h")
    assert secant["coefficients"] == pytest.approx([5.0, -4.0, 3.0])  # 3x² - 4x + 5
    # the sliders drive the plot in the browser (jslink), with no kernel in between
    links = {(link.source[1], link.target[1]) for link in explorer._links}
    assert links == {("value", "x"), ("value", "h")}
    explorer.x_slider.value = 0.5
    assert plot.x == 0.5  # and the kernel's copy follows too


def test_another_function_is_drawn_from_lines_the_kernel_computes():
    explorer = DerivativeExplorer(math.sin, x=1.0, h=0.5)
    assert explorer.coefficients is None
    before = [item["y"] for item in explorer.plot.overlay]
    explorer.x_slider.value = 0.5
    tangent, secant, dots = explorer.plot.overlay
    assert dots["x"] == pytest.approx([0.5, 1.0])
    assert dots["y"] == pytest.approx([math.sin(0.5), math.sin(1.0)])
    slope = (math.sin(1.0) - math.sin(0.5)) / 0.5
    assert secant["y"][1] - secant["y"][0] == pytest.approx(slope * 4.5)  # x_range is 4.5 wide
    assert [item["y"] for item in explorer.plot.overlay] != before


@pytest.mark.parametrize(
    "f, expected",
    [
        (parabola, [5.0, -4.0, 3.0]),
        (lambda x: 7.0, [7.0]),
        (lambda x: x**5 - 2 * x, [0.0, -2.0, 0.0, 0.0, 0.0, 1.0]),
        (math.exp, None),
        (lambda x: 1 / (x - 1), None),  # blows up inside the range
        (lambda x: abs(x), None),
    ],
)
def test_polynomials_are_recognised_and_nothing_else(f, expected):
    found = polynomial_coefficients(f, -1.0, 3.5)
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected, abs=1e-9)


def test_moving_a_slider_moves_the_readout():
    explorer = DerivativeExplorer(x=2.0, h=1.0)
    before = explorer.readout.value
    explorer.x_slider.value = 0.5
    assert explorer.readout.value != before
    assert f"f(x) = {parabola(0.5):.6g}" in explorer.readout.value


@pytest.mark.parametrize("h", [1.0, 0.1, 0.01, 0.001, 0.0001])
@pytest.mark.parametrize("x", [-1.5, 0.0, 2.0])
def test_the_readout_shows_a_division_that_is_true(x, h):
    # "0.0008 / 0.0001 = 8.0003" was shown once: the numbers shown must make the sum true
    explorer = DerivativeExplorer()
    explorer.x_slider.value, explorer.h_slider.value = x, h
    match = re.search(r"/ h = (\S+) / (\S+) = (\S+)</code>", explorer.readout.value)
    assert match, explorer.readout.value
    rise, step, quotient = (float(text) for text in match.groups())
    assert step == pytest.approx(h)
    assert quotient == pytest.approx(rise / step, rel=1e-5)
    assert quotient == pytest.approx(explorer.secant_slope, rel=1e-4)


def test_the_explorer_needs_neither_numpy_nor_matplotlib():
    # Pyodide/JupyterLite offline has no numpy: notebook 1's widget must not import it.
    for module in ("derivative.py", "plot.py", "slider.py"):
        tree = ast.parse((ROOT / "autograd" / "widgets" / module).read_text())
        imported = {
            (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        assert not imported & {"numpy", "matplotlib", "ipympl"}, (module, imported)


@pytest.mark.parametrize("kwargs", [{"x_range": (3, 1)}, {"x": 10.0}, {"h": 0.0}, {"h": 5.0}])
def test_derivative_explorer_refuses_bad_settings(kwargs):
    with pytest.raises(ValueError):
        DerivativeExplorer(**kwargs)


@pytest.mark.parametrize("f", [math.sqrt, math.log, lambda x: math.log(x - 2)])
def test_a_function_undefined_in_the_x_range_is_refused_with_the_x_and_the_cure(f):
    with pytest.raises(ValueError, match=r"f cannot be evaluated at x = .*choose an x_range"):
        DerivativeExplorer(f)
    DerivativeExplorer(math.sqrt, x=1.0, x_range=(0.5, 3.0))  # inside its domain: fine


def test_a_function_that_gives_no_number_is_refused():
    with pytest.raises(ValueError, match=r"f\(.*\) is inf"):
        DerivativeExplorer(lambda x: math.inf)
    with pytest.raises(TypeError, match="f must be a function"):
        DerivativeExplorer(3.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("use_numpy", [False, True])
@pytest.mark.parametrize("model", [MLP(2, [5, 3, 1], seed=4), Neuron(2, seed=1)])
def test_model_on_grid_agrees_with_the_value_forward_pass(model, use_numpy):
    xs, ys = [-1.0, 0.0, 0.7], [0.3, -0.8]
    grid = model_on_grid(model, xs, ys, use_numpy=use_numpy)
    assert len(grid) == 2 and all(len(row) == 3 for row in grid)
    for row, y in enumerate(ys):
        for col, x in enumerate(xs):
            assert grid[row][col] == pytest.approx(model([x, y]).data, rel=1e-12)


def test_model_on_grid_refuses_other_models():
    with pytest.raises(ValueError, match="takes 3 inputs"):
        model_on_grid(MLP(3, [1]), [0.0, 0.0], [0.0, 0.0])
    with pytest.raises(TypeError, match="MLP or Neuron"):
        model_on_grid(lambda x: x, [0.0, 0.0], [0.0, 0.0])


def test_boundary_view_sends_the_regions_and_the_loss_curve():
    points, labels = two_moons(20, seed=0)
    view = BoundaryView(points, labels)
    model = MLP(2, [4, 1], seed=0)
    view.show(model)
    (image,) = view.plane.background
    first = np.array(image["values"])
    assert first.shape == (60, 60)
    assert np.allclose(first, model_on_grid(model, view._xs, view._ys), rtol=0, atol=0)
    assert view.losses == [] and view.status.value == "step 0: not trained yet"
    view.record(0.8)
    for p in model.parameters():
        p.data += 0.5
    view.record(Value(0.6))
    view.show(model)
    assert not np.allclose(first, view.plane.background[0]["values"])
    (curve,) = view.loss_plot.series
    assert curve["y"] == [0.8, 0.6] and curve["x"] == [1, 2]
    assert view.status.value == "step 2: loss 0.6000"
    view.reset()
    assert view.losses == [] and view.loss_plot.series == []


def test_boundary_view_points_are_coloured_by_label():
    view = BoundaryView([(0.0, 0.0), (1.0, 1.0)], [1.0, -1.0])
    (dots,) = view.plane.overlay
    assert dots["x"] == [0.0, 1.0] and dots["colours"][0] != dots["colours"][1]


def test_boundary_view_refuses_mismatched_data():
    with pytest.raises(ValueError, match="one label per point"):
        BoundaryView([(0.0, 1.0)], [])
    with pytest.raises(ValueError, match="pairs"):
        BoundaryView([(0.0, 1.0, 2.0)], [1.0])
    with pytest.raises(ValueError, match=r"points\[1\]\[0\] must be finite"):
        BoundaryView([(0.0, 1.0), (math.nan, 1.0)], [1.0, -1.0])
    with pytest.raises(ValueError, match=r"labels\[0\] must be finite"):
        BoundaryView([(0.0, 1.0)], [math.nan])


def test_boundary_view_state_holds_the_picture_for_a_static_page():
    points, labels = two_moons(10, seed=0)
    view = BoundaryView(points, labels)
    view.show(MLP(2, [2, 1]))
    state = embed_data(views=[view], drop_defaults=False)["manager_state"]["state"]
    plane = state[view.plane.model_id]["state"]
    assert len(plane["background"][0]["values"]) == 60
    assert "autograd-plot-canvas" in plane["_esm"]  # the drawing code travels with it


def test_plot_items_are_json_safe():
    assert floats([1, 2.5, math.nan, math.inf]) == [1.0, 2.5, None, None]
    plot = Plot("a-test-plot")
    assert "a-test-plot" in plot._dom_classes
    with pytest.raises(KeyError, match="nothing"):
        plot.item("series", "nothing")


def test_the_widgets_javascript_ships_in_the_package():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.js" in declared["package-data"]["autograd.widgets.js"]
    assert "*/*" in declared["package-data"]["autograd.widgets.vendor"]  # vendor/viz-js/...
    for name in ("plot.js", "slider.js"):
        source = (JS_DIR / name).read_text()
        assert "export default" in source and "http" not in source.split("*/")[-1].lower()
    assert "autograd-plot-canvas" in Plot()._esm and "knob-readout" in KnobSlider()._esm


def test_a_knob_slider_refuses_values_off_its_track_and_acknowledges_every_move():
    slider = KnobSlider(value=0.0, min=-1.0, max=1.0)
    with pytest.raises(KnobValueError, match="must be between -1 and 1"):
        slider.value = 5.0  # refused, not clamped: code asked for a value the slider cannot show
    assert slider.value == 0.0
    replies = []
    slider.send = lambda content, buffers=None: replies.append(content)
    seen = []
    slider.observe(lambda change: seen.append((change["new"], slider.gesture)), names="value")
    slider.handle_browser_message({"type": "move", "value": -0.25, "gesture": "a-1", "seq": 9})
    slider.handle_browser_message({"type": "something else"})
    assert seen == [(-0.25, "a-1")] and slider.gesture is None
    assert replies == [{"type": "ack", "seq": 9}]
