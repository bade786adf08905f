"""The loss landscape over two knobs (Kirsanov's picture), drawn and recomputed in the browser.

The loss of the polynomial fit is a quadratic bowl (`autograd.bowl`). Over two knobs, the
other four held at their least-squares values, it is

    L(u) = floor + 1/2 (u - m)^T H (u - m),   H: the 2x2 slice of the Hessian, m: the bottom,

so its contour lines are ellipses and one step of gradient descent is a 2x2 matrix times a
vector. The kernel sends only H, m, the floor, the start point, the rates and beta;
js/landscape.js draws the contours, the gradient arrow at the start point ("the gradient
points uphill") and the paths of plain descent and of momentum, and works them out again
while the learner drags the start point: no kernel round trip, so it also works on a static
page with no kernel at all. The dragged start point comes back to the kernel (`start`), and
`path()` / `gradient()` compute the same numbers in Python, for the notebook and the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
import traitlets

from autograd.bowl import Bowl, bowl
from autograd.widgets import JS_DIR

CSS = """
.landscape { display: flex; flex-direction: column; gap: 4px; font: 12px sans-serif; }
.landscape canvas { border: 1px solid #ddd; cursor: crosshair; touch-action: none; }
.landscape canvas:focus { outline: 2px solid #1f77b4; }
.landscape .landscape-readout { white-space: pre-wrap; font-family: monospace; line-height: 1.4; }
.landscape .landscape-legend span { margin-right: 12px; }
"""


class LossLandscape(anywidget.AnyWidget):
    """Contours of the loss over two knobs, the gradient at a start point, and two descent paths.

    `LossLandscape(data, knobs=(3, 5), start=(0, 0), steps=100)`: plain descent at rate
    2 / (lambda_max + lambda_min) of the whole six-knob bowl and momentum (beta 0.9, the
    course's default rate) on the two knobs, from `start` (default: all knobs at 0, where
    training starts). Drag the start point, or focus the picture and use the arrow keys.
    """

    _esm = JS_DIR / "landscape.js"
    _css = CSS

    width = traitlets.Int(460).tag(sync=True)
    height = traitlets.Int(400).tag(sync=True)
    knob_labels = traitlets.List(traitlets.Unicode(), ["k3", "k5"]).tag(sync=True)
    hessian = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    minimum = traitlets.List(traitlets.Float()).tag(sync=True)
    floor = traitlets.Float(0.0).tag(sync=True)
    start = traitlets.List(traitlets.Float(), [0.0, 0.0]).tag(sync=True)
    plain_rate = traitlets.Float(0.5).tag(sync=True)
    momentum_rate = traitlets.Float(0.5).tag(sync=True)
    beta = traitlets.Float(0.9).tag(sync=True)
    steps = traitlets.Int(100).tag(sync=True)
    x_range = traitlets.List(traitlets.Float(), [-1.0, 1.0]).tag(sync=True)
    y_range = traitlets.List(traitlets.Float(), [-1.0, 1.0]).tag(sync=True)

    def __init__(
        self,
        data: Any = None,
        knobs: Sequence[int] = (3, 5),
        start: Sequence[float] | None = None,
        steps: int = 100,
        beta: float = 0.9,
        **kwargs: Any,
    ) -> None:
        if data is None:
            from autograd.polyfit import make_dataset

            data = make_dataset()
        xs, ys = data.points
        whole = bowl(xs, ys)
        first, second = _knob_pair(knobs, len(whole.minimum))
        two = whole.slice(first, second)
        curvatures = whole.curvatures
        span = 2.5
        super().__init__(
            knob_labels=[f"k{first}", f"k{second}"],
            hessian=two.hessian,
            minimum=two.minimum,
            floor=two.floor,
            start=[0.0, 0.0] if start is None else _point(start),
            plain_rate=2.0 / (curvatures[-1] + curvatures[0]),
            momentum_rate=0.5 * 2.0 * (1.0 + beta) / curvatures[-1],
            beta=float(beta),
            steps=int(steps),
            x_range=[two.minimum[0] - span, two.minimum[0] + span],
            y_range=[two.minimum[1] - span, two.minimum[1] + span],
            **kwargs,
        )

    def _bowl(self) -> Bowl:
        return Bowl([list(row) for row in self.hessian], list(self.minimum), self.floor)

    def path(self, name: str) -> list[list[float]]:
        """The knobs after every step from `start`: name "plain" or "momentum"."""
        if name not in ("plain", "momentum"):
            raise ValueError(f"name must be 'plain' or 'momentum', got {name!r}")
        rate, beta = (self.plain_rate, 0.0) if name == "plain" else (self.momentum_rate, self.beta)
        return self._bowl().descend(rate, self.steps, beta, self.start)

    def gradient(self, point: Sequence[float] | None = None) -> list[float]:
        """(dL/dk_i, dL/dk_j) at `point` (default: the start): it points uphill."""
        return self._bowl().gradient(self.start if point is None else _point(point))

    def loss(self, point: Sequence[float] | None = None) -> float:
        """The loss at `point` (default: the start), the other knobs at their best values."""
        return self._bowl().loss(self.start if point is None else _point(point))


def _knob_pair(knobs: Sequence[int], count: int) -> tuple[int, int]:
    try:
        first, second = (int(k) for k in knobs)
    except (TypeError, ValueError):
        raise ValueError(f"knobs must be two knob numbers such as (3, 5), got {knobs!r}") from None
    if first == second or not (0 <= first < count and 0 <= second < count):
        raise ValueError(
            f"knobs must be two different numbers from 0 to {count - 1}, got {knobs!r}"
        )
    return first, second


def _point(values: Sequence[float]) -> list[float]:
    try:
        point = [float(v) for v in values]
    except (TypeError, ValueError):
        raise ValueError(f"a point is two numbers (one per knob), got {values!r}") from None
    if len(point) != 2:
        raise ValueError(f"a point is two numbers (one per knob), got {values!r}")
    return point
