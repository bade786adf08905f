"""autograd.plots: every helper draws a PNG, whatever the notebook's matplotlib backend."""

import numpy as np
import pytest

from autograd import plots
from autograd.polyfit import least_squares, make_dataset

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA = make_dataset()


def assert_png(plot: plots.Plot, title: str) -> None:
    assert repr(plot) == f"<plot: {title}>"
    png = plot._repr_png_()
    assert png.startswith(PNG_SIGNATURE) and len(png) > 1000
    assert plot._repr_png_() == png  # the same picture every time it is shown


@pytest.mark.slow
def test_points():
    assert_png(plots.points(DATA.x, DATA.y), "the points to fit")


@pytest.mark.slow
def test_fit_and_loss():
    floor = least_squares(DATA)
    plot = plots.fit_and_loss(
        DATA.x, DATA.y, {"least squares": floor.coefficients}, [1.0, 0.5, 0.1], floor.loss
    )
    assert_png(plot, "the fitted curve and its loss")
    left, right = plot.figure.axes
    assert len(left.lines) == 2 and right.get_yscale() == "log"


@pytest.mark.slow
def test_curves_and_factors():
    grid = np.linspace(-1, 1, 11)
    assert_png(plots.curves(grid, {"x": grid, "x^3": grid**3}, "odd powers"), "odd powers")
    plot = plots.axis_factors([0.1, 1.0], {"plain": [0.9, -0.5], "momentum": [0.95, 1.0]}, "f")
    assert_png(plot, "f")
    assert len(plot.figure.axes[0].patches) == 4  # one bar per axis per run


def test_no_pyplot_state_is_left_behind():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plots.points([0.0, 1.0], [1.0, 2.0])
    assert plt.get_fignums() == before
