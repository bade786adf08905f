"""LossLandscape: the state the browser draws from agrees with the Python numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd.bases import hessian, power_matrix
from autograd.bowl import bowl
from autograd.polyfit import Polynomial, least_squares, mse_loss
from autograd.widgets import LossLandscape


def test_state_is_the_hessian_slice_and_the_bottom(data):
    view = LossLandscape(data, knobs=(3, 5))
    H = np.array(hessian(power_matrix(data.x)))
    assert np.allclose(view.hessian, [[H[3, 3], H[3, 5]], [H[5, 3], H[5, 5]]], rtol=1e-10)
    floor = least_squares(data)
    assert view.minimum == pytest.approx([floor.coefficients[3], floor.coefficients[5]], rel=1e-8)
    assert view.floor == pytest.approx(floor.loss, rel=1e-9)
    lam = np.linalg.eigvalsh(H)
    assert view.plain_rate == pytest.approx(2 / (lam[0] + lam[-1]))
    assert view.momentum_rate == pytest.approx(1.9 / lam[-1]) and view.beta == 0.9
    assert view.knob_labels == ["k3", "k5"] and view.start == [0.0, 0.0]


def test_gradient_and_loss_are_the_engines(data):
    view = LossLandscape(data, knobs=(3, 5), start=(-1.0, 2.5))
    best = list(least_squares(data).coefficients)
    best[3], best[5] = -1.0, 2.5
    model = Polynomial()
    model.set_values(best)
    loss = mse_loss(model, *data.points)
    model.zero_grad()
    loss.backward()
    assert view.loss() == pytest.approx(loss.data, rel=1e-9)
    assert view.gradient() == pytest.approx(
        [model.coefficients[3].grad, model.coefficients[5].grad], rel=1e-8
    )


def test_paths_are_descent_on_the_two_knobs(data):
    view = LossLandscape(data, knobs=(3, 5), start=(-1.0, 2.5), steps=100)
    xs, ys = data.points
    whole = bowl(xs, ys)
    start = list(whole.minimum)
    start[3], start[5] = -1.0, 2.5
    for name, rate, beta in (
        ("plain", view.plain_rate, 0.0),
        ("momentum", view.momentum_rate, 0.9),
    ):
        path = view.path(name)
        assert len(path) == 101 and path[0] == [-1.0, 2.5]
        # the same run by hand: only k3 and k5 move, by the whole bowl's gradient
        k, v = list(start), [0.0, 0.0]
        for step in range(1, 101):
            g = whole.gradient(k)
            v = [beta * v[0] - rate * g[3], beta * v[1] - rate * g[5]]
            k[3], k[5] = k[3] + v[0], k[5] + v[1]
            assert path[step] == pytest.approx([k[3], k[5]], rel=1e-9, abs=1e-12)
    plain, momentum = view.path("plain"), view.path("momentum")
    bottom = view.minimum
    assert math.dist(momentum[-1], bottom) < 0.02 < 0.5 < math.dist(plain[-1], bottom)


def test_a_moved_start_moves_the_paths(data):
    view = LossLandscape(data)
    before = view.path("plain")[-1]
    view.start = [1.0, -1.0]
    assert view.path("plain")[0] == [1.0, -1.0] and view.path("plain")[-1] != before


@pytest.mark.parametrize(
    "kwargs",
    [{"knobs": (3, 3)}, {"knobs": (3, 9)}, {"knobs": "k3"}, {"start": (1.0,)}, {"start": "ab"}],
)
def test_bad_settings_are_refused(data, kwargs):
    with pytest.raises(ValueError):
        LossLandscape(data, **kwargs)


def test_path_name_is_checked(data):
    with pytest.raises(ValueError, match="plain"):
        LossLandscape(data).path("adam")


@pytest.mark.slow
def test_bowl_landscape_and_checks_need_no_numpy():
    """What notebooks 07 and 08 add runs on the bare Pyodide core: no numpy, no matplotlib."""
    import subprocess
    import sys

    script = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "matplotlib"):
            raise ImportError(f"blocked {name}")
sys.meta_path.insert(0, Block())
import autograd.bowl, autograd.exercises.lessons, autograd.exercises.training
from autograd.widgets.landscape import LossLandscape
class Points:
    points = ([i / 50 - 1 for i in range(101)], [(i / 50 - 1) ** 3 for i in range(101)])
view = LossLandscape(Points())
assert len(view.path("momentum")) == 101
print(autograd.exercises.lessons.check_peak_prediction(21, 0.95, 20).status)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "correct"
