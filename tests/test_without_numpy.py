"""The fitting lessons run on JupyterLite's bare Pyodide: no numpy, no matplotlib.

Each module below is imported in a fresh Python where `import numpy` and `import
matplotlib` fail, and does its work there: a fit, the floor, the bowl's shape, the bases'
loop, the pictures and the decision boundary.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE_MODULES = [
    "autograd/linalg.py",
    "autograd/polyfit.py",
    "autograd/conditioning.py",
    "autograd/bases.py",
    "autograd/plots.py",
    "autograd/widgets/plot.py",
    "autograd/widgets/boundary.py",
    "autograd/widgets/derivative.py",
    "autograd/widgets/nudge.py",
    "autograd/widgets/landscape.py",
    "autograd/widgets/live_graph.py",
    "autograd/widgets/playground.py",
    "autograd/bowl.py",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_module_imports_neither_numpy_nor_matplotlib(module):
    # module level: an optional fast path may import numpy inside a function, in a try
    tree = ast.parse((ROOT / module).read_text())
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not imported & {"numpy", "matplotlib"}, imported


@pytest.mark.slow  # a fresh Python runs the whole list
def test_fit_floor_conditioning_plots_and_boundary_run_with_numpy_blocked():
    code = textwrap.dedent(
        """
        import sys
        sys.modules["numpy"] = None  # `import numpy` now raises ImportError
        sys.modules["matplotlib"] = None

        from autograd import plots
        from autograd.bases import curvatures, features, fit_by_gradient_descent
        from autograd.conditioning import compare_plain_and_momentum, conditioning
        from autograd.nn import MLP, two_moons
        from autograd.polyfit import fit_polynomial, least_squares, make_dataset
        from autograd.widgets import BoundaryView, DerivativeExplorer

        data = make_dataset()
        fit = fit_polynomial(data, max_steps=200)
        floor = least_squares(data)
        assert floor.loss <= fit.losses[-1] < 1.05 * floor.loss, (floor.loss, fit.losses[-1])
        shape = conditioning(data.x)
        assert 1000 < shape.condition_number < 3000
        plain, heavy, _ = compare_plain_and_momentum(data, steps=50)
        legendre = features(data.x, "legendre")
        lam = curvatures(legendre)
        quick = fit_by_gradient_descent(legendre, data.y, 2 / (lam[0] + lam[-1]), 100)
        assert quick.first_step_within(0.01) is not None
        picture = plots.fit_and_loss(
            data.x, data.y, {"fit": fit.model.values()}, fit.losses, floor.loss
        )
        plots.axis_factors(shape.eigenvalues, {"plain": [0.5] * 6}, "axes")
        points, labels = two_moons(20, seed=0)
        view = BoundaryView(points, labels)
        view.show(MLP(2, [4, 1], seed=0))
        DerivativeExplorer()
        from autograd.widgets import NudgePanel, conditioning_view

        panel = NudgePanel(learning_rate=0.5, momentum=0.0, show_momentum=False, graph=True)
        panel.step()
        panel.add_point(0.5, 1.0)
        conditioning_view(data)
        assert "numpy" not in sys.modules or sys.modules["numpy"] is None
        print("ok", len(picture.plots))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 2"
