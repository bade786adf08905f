"""The derivative explorer for notebook 1: a secant line that turns into the tangent.

`DerivativeExplorer()` plots f(x) = 3x**2 - 4x + 5 (or any f you pass), the point
(x, f(x)) and the nudged point (x + h, f(x + h)). The line through both is the secant;
its slope, rise / run = (f(x + h) - f(x)) / h, is what nudging x by h measures. Drag h
towards 0 and the secant turns into the tangent, whose slope is the derivative.

One ipympl canvas, updated in place with `set_data` + `draw_idle` on every slider move.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np

from autograd.widgets._canvas import live_figure


def parabola(x: float) -> float:
    """The course's first function: f(x) = 3x**2 - 4x + 5."""
    return 3 * x**2 - 4 * x + 5


class DerivativeExplorer(widgets.VBox):
    """Sliders for x and h; the secant through x and x + h beside the tangent at x."""

    def __init__(
        self,
        f: Callable[[float], float] = parabola,
        x: float = 2.0,
        h: float = 1.0,
        x_range: tuple[float, float] = (-1.0, 3.5),
    ) -> None:
        low, high = x_range
        if not low < high:
            raise ValueError(f"x_range must go from low to high, got {x_range}")
        if not low <= x <= high:
            raise ValueError(f"x = {x} lies outside x_range {x_range}")
        if not 1e-4 <= h <= 1.0:
            raise ValueError(f"h must be between 0.0001 and 1, got {h}")
        self.f = f
        self._xs = np.linspace(low, high, 200)
        self._ys = np.array([f(float(v)) for v in self._xs])

        self.x_slider = widgets.FloatSlider(
            value=x, min=low, max=high, step=0.05, description="x", continuous_update=True
        )
        # h on a log scale: the interesting part is how the slope behaves as h shrinks 10x
        self.h_slider = widgets.FloatLogSlider(
            value=h, base=10, min=-4, max=0, step=0.05, description="h", readout_format=".4f"
        )
        self.readout = widgets.HTML()

        self.figure = live_figure(6.0, 4.0, "derivative-explorer")
        ax = self.figure.add_subplot()
        ax.plot(self._xs, self._ys, color="black", linewidth=1.5, label="f(x)")
        (self._tangent,) = ax.plot([], [], "--", color="tab:green", label="tangent at x")
        (self._secant,) = ax.plot([], [], color="tab:orange", label="secant through x, x + h")
        (self._points,) = ax.plot([], [], "o", color="tab:orange")
        spread = self._ys.max() - self._ys.min()
        ax.set_ylim(self._ys.min() - 0.15 * spread, self._ys.max() + 0.15 * spread)
        ax.set_xlim(low, high)
        ax.set_xlabel("x")
        ax.set_ylabel("f(x)")
        ax.legend(loc="upper center")
        self._ax = ax

        self.x_slider.observe(self._on_change, names="value")
        self.h_slider.observe(self._on_change, names="value")
        self._update()
        super().__init__([self.figure.canvas, self.x_slider, self.h_slider, self.readout])

    @property
    def secant_slope(self) -> float:
        """(f(x + h) - f(x)) / h at the sliders' x and h."""
        x, h = self.x_slider.value, self.h_slider.value
        return (self.f(x + h) - self.f(x)) / h

    @property
    def tangent_slope(self) -> float:
        """The derivative at x, from a central difference with a tiny h."""
        x, tiny = self.x_slider.value, 1e-6
        return (self.f(x + tiny) - self.f(x - tiny)) / (2 * tiny)

    def _on_change(self, _change: dict) -> None:
        self._update()
        self.figure.canvas.draw_idle()

    def _update(self) -> None:
        x, h = self.x_slider.value, self.h_slider.value
        fx, fxh = self.f(x), self.f(x + h)
        secant, tangent = self.secant_slope, self.tangent_slope
        self._secant.set_data(self._xs, fx + secant * (self._xs - x))
        self._tangent.set_data(self._xs, fx + tangent * (self._xs - x))
        self._points.set_data([x, x + h], [fx, fxh])
        gap = secant - tangent
        self.readout.value = (
            f"<code>f(x) = {fx:.4f}</code>, <code>f(x + h) = {fxh:.4f}</code><br>"
            f"secant slope <code>(f(x + h) - f(x)) / h = {fxh - fx:.4f} / {h:.4f} = "
            f"{secant:.4f}</code><br>"
            f"tangent slope (the derivative) <code>{tangent:.4f}</code>; "
            f"secant minus tangent <code>{gap:+.4f}</code>"
            + (" (shrinks with h)" if not math.isclose(gap, 0, abs_tol=1e-3) else "")
        )
