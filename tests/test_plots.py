"""autograd.plots: each picture is a browser-drawn Plot holding exactly the numbers it shows."""

import math

import pytest
from ipywidgets.embed import embed_data

from autograd import plots
from autograd.polyfit import evaluate, least_squares, make_dataset
from autograd.widgets.plot import Plot, Plots

DATA = make_dataset()


def test_points():
    plot = plots.points(DATA.x, DATA.y)
    assert isinstance(plot, Plot) and plot.title == "the points to fit"
    (dots,) = plot.background
    assert dots["kind"] == "points" and dots["x"] == list(DATA.x) and dots["y"] == list(DATA.y)
    assert plot.x_range[0] < min(DATA.x) and plot.x_range[1] > max(DATA.x)


def test_fit_and_loss():
    floor = least_squares(DATA)
    both = plots.fit_and_loss(
        DATA.x, DATA.y, {"least squares": floor.coefficients}, [1.0, 0.5, 0.1], floor.loss
    )
    assert isinstance(both, Plots)
    left, right = both.plots
    curve = left.item("series", "least squares")
    assert curve["y"][100] == pytest.approx(evaluate(floor.coefficients, curve["x"][100]))
    assert right.y_log and right.item("series", "loss")["y"] == [1.0, 0.5, 0.1]
    assert right.item("series", "least-squares floor") == {
        "kind": "hline", "y": floor.loss, "colour": "#2ca02c", "dash": [6, 4],
        "label": "least-squares floor",
    }  # fmt: skip
    assert right.y_range[0] < floor.loss and right.y_range[1] > 1.0


def test_curves_take_lists_and_ranges():
    grid = [i / 5 - 1 for i in range(11)]
    plot = plots.curves(grid, {"x": grid, "x^3": [v**3 for v in grid]}, "odd powers")
    assert plot.title == "odd powers" and [s["label"] for s in plot.series] == ["x", "x^3"]
    assert plot.x_range == [-1.0, 1.0]
    logged = plots.curves(range(3), {"a": [1.0, 10.0, 100.0]}, "t", logy=True)
    assert logged.y_log and logged.y_range[0] < 1.0 and logged.y_range[1] > 100.0


def test_axis_factors_draw_one_bar_per_axis_per_run():
    both = plots.axis_factors([0.1, 1.0], {"plain": [0.9, -0.5], "momentum": [0.95, 1.0]}, "f")
    sizes, steps = both.plots
    assert sizes.title == "f" and [t[1] for t in sizes.x_ticks] == ["0.1", "1"]
    plain, momentum = sizes.series
    assert plain["y"] == [0.9, 0.5] and momentum["y"] == [0.95, 1.0]
    assert steps.series[0]["y"] == pytest.approx([math.log(0.01) / math.log(v) for v in (0.9, 0.5)])
    assert steps.series[1]["y"][1] is None  # |factor| = 1 never shrinks: no bar


def test_a_plot_keeps_its_picture_in_the_widget_state_for_static_pages():
    plot = plots.points([0.0, 1.0], [1.0, 2.0])
    state = embed_data(views=[plot], drop_defaults=False)["manager_state"]["state"]
    saved = state[plot.model_id]["state"]
    assert saved["background"][0]["y"] == [1.0, 2.0] and "autograd-plot-canvas" in saved["_esm"]
    assert ".autograd-plot" in saved["_css"]


def test_bad_points_are_refused_by_name():
    with pytest.raises(ValueError, match=r"ys\[1\] must be finite"):
        plots.points([0.0, 1.0], [1.0, math.nan])
