"""The derivative explorer for notebook 1: a secant line that turns into the tangent.

`DerivativeExplorer()` plots f(x) = 3x**2 - 4x + 5 (or any f you pass), the point
(x, f(x)) and the nudged point (x + h, f(x + h)). The line through both is the secant;
its slope, rise / run = (f(x + h) - f(x)) / h, is what nudging x by h measures. Drag h
towards 0 and the secant turns into the tangent, whose slope is the derivative.

The picture is drawn in the browser. When f is a polynomial (the course's parabola is),
the explorer finds its coefficients once and the browser computes the secant and the
tangent itself on every slider move: no round trip to the kernel, so no lag, and the
picture follows the sliders even with no kernel at all (a static page, JupyterLite). For
any other f the kernel computes the two lines on each move. This module imports neither
numpy nor matplotlib, so it also runs where they are not installed (Pyodide).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import traitlets

from autograd.validate import finite_number
from autograd.widgets.plot import GREEN, ORANGE, Plot, line, padded_range, scatter, secant

GRID_POINTS = 200
MAX_DEGREE = 6  # the highest degree recognised as a polynomial (for drawing in the browser)


def parabola(x: float) -> float:
    """The course's first function: f(x) = 3x**2 - 4x + 5."""
    return 3 * x**2 - 4 * x + 5


class SecantPlot(Plot):
    """A Plot with traits `x` and `h`, which a `secant` item reads (sliders jslink to them)."""

    x = traitlets.Float(0.0).tag(sync=True)
    h = traitlets.Float(1.0).tag(sync=True)


def polynomial_coefficients(
    f: Callable[[float], float], low: float, high: float
) -> list[float] | None:
    """k0..kd with f(x) = k0 + k1 x + ... exactly (to rounding) on [low, high], or None.

    Tries degree 0, 1, ... MAX_DEGREE: fits through d + 1 points, then checks the fit at
    other points. Pure Python (a 7 x 7 solve), so it needs no numpy.
    """
    check_at = [low + (high - low) * (i + 0.37) / 12 for i in range(12)]
    try:
        wanted = [float(f(x)) for x in check_at]
    except (ArithmeticError, ValueError, TypeError):
        return None
    if not all(map(math.isfinite, wanted)):
        return None
    scale = max(1.0, *(abs(v) for v in wanted))
    for degree in range(MAX_DEGREE + 1):
        nodes = [low + (high - low) * i / max(1, degree) for i in range(degree + 1)]
        try:
            coefficients = _solve_vandermonde(nodes, [float(f(x)) for x in nodes])
        except (ArithmeticError, ValueError, TypeError):
            return None
        fitted = [sum(c * x**j for j, c in enumerate(coefficients)) for x in check_at]
        if all(abs(a - b) <= 1e-9 * scale for a, b in zip(fitted, wanted)):
            return [0.0 if abs(c) < 1e-12 * scale else c for c in coefficients]
    return None


def _solve_vandermonde(nodes: Sequence[float], values: Sequence[float]) -> list[float]:
    """Coefficients c with sum_j c_j x_i**j = values_i (Gaussian elimination, partial pivoting)."""
    n = len(nodes)
    rows = [[x**j for j in range(n)] + [v] for x, v in zip(nodes, values)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][n] / rows[i][i] for i in range(n)]


class DerivativeExplorer(widgets.VBox):
    """Sliders for x and h; the secant through x and x + h beside the tangent at x."""

    def __init__(
        self,
        f: Callable[[float], float] = parabola,
        x: float = 2.0,
        h: float = 1.0,
        x_range: tuple[float, float] = (-1.0, 3.5),
    ) -> None:
        if not callable(f):
            raise TypeError(f"f must be a function of one number, got {type(f).__name__} {f!r}")
        if not isinstance(x_range, Sequence) or len(x_range) != 2:
            raise ValueError(f"x_range must be (low, high), got {x_range!r}")
        low, high = (finite_number(v, "x_range") for v in x_range)
        x, h = finite_number(x, "x"), finite_number(h, "h")
        if not low < high:
            raise ValueError(f"x_range must go from low to high, got {x_range}")
        if not low <= x <= high:
            raise ValueError(f"x = {x} lies outside x_range {x_range}")
        if not 1e-4 <= h <= 1.0:
            raise ValueError(f"h must be between 0.0001 and 1, got {h}")
        self.f = f
        xs = [low + (high - low) * i / (GRID_POINTS - 1) for i in range(GRID_POINTS)]
        # f must have a value at every x the sliders reach: x_range, and x + h beyond it
        ys = [_value_of(f, v, (low, high)) for v in xs]
        _value_of(f, high + 1.0, (low, high), "x + h (up to 1 beyond x_range)")
        # The browser computes the lines itself when f is a polynomial it can evaluate.
        self.coefficients = polynomial_coefficients(f, low, high)

        self.x_slider = widgets.FloatSlider(
            value=x, min=low, max=high, step=0.05, description="x", continuous_update=True
        )
        # h on a log scale: the interesting part is how the slope behaves as h shrinks 10x
        self.h_slider = widgets.FloatLogSlider(
            value=h, base=10, min=-4, max=0, step=0.05, description="h", readout_format=".4f"
        )
        self.x_slider.add_class("derivative-x")
        self.h_slider.add_class("derivative-h")
        self.readout = widgets.HTML()
        self.readout.add_class("derivative-readout")

        spread = padded_range(ys, 0.15)
        self.plot = SecantPlot(
            "derivative-explorer", width=560, height=360, x_label="x", y_label="f(x)",
            x_range=[float(low), float(high)], y_range=spread, legend="upper center",
            background=[line(xs, ys, "#000000", width=1.5, label="f(x)")],
            overlay=[] if self.coefficients is None else [secant(self.coefficients, "x", "h")],
            x=x, h=h,
        )  # fmt: skip
        if self.coefficients is not None:
            # The browser follows the sliders on its own (jslink: no kernel in the loop).
            self._links = [
                widgets.jslink((self.x_slider, "value"), (self.plot, "x")),
                widgets.jslink((self.h_slider, "value"), (self.plot, "h")),
            ]
        self.x_slider.observe(self._on_change, names="value")
        self.h_slider.observe(self._on_change, names="value")
        self._update()
        super().__init__([self.plot, self.x_slider, self.h_slider, self.readout])

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

    def _update(self) -> None:
        x, h = self.x_slider.value, self.h_slider.value
        fx, fxh = self.f(x), self.f(x + h)
        secant, tangent = self.secant_slope, self.tangent_slope
        with self.plot.hold_sync():
            self.plot.x, self.plot.h = x, h
            if self.coefficients is None:  # not a polynomial: the kernel draws the lines
                ends = self.plot.x_range
                self.plot.overlay = [
                    line(ends, [fx + tangent * (e - x) for e in ends], GREEN, dash=[6, 4],
                         label=f"tangent at x: slope {tangent:.4f}"),
                    line(ends, [fx + secant * (e - x) for e in ends], ORANGE, width=2,
                         label=f"secant through x, x + h: slope {secant:.4f}"),
                    scatter([x, x + h], [fx, fxh], ORANGE, size=4),
                ]  # fmt: skip
        gap = secant - tangent
        # The shown division must be true for the shown numbers: with h = 0.0001, "0.0008 /
        # 0.0001 = 8.0003" is not. So the rise and h are shown with enough significant digits,
        # and the quotient is computed from exactly the numbers shown.
        rise_text, h_text = f"{fxh - fx:.6g}", f"{h:.6g}"
        shown_quotient = float(rise_text) / float(h_text)
        self.readout.value = (
            f"<code>f(x) = {fx:.6g}</code>, <code>f(x + h) = {fxh:.6g}</code><br>"
            f"secant slope <code>(f(x + h) - f(x)) / h = {rise_text} / {h_text} = "
            f"{shown_quotient:.6g}</code><br>"
            f"tangent slope (the derivative) <code>{tangent:.4f}</code>; "
            f"secant minus tangent <code>{gap:+.4f}</code>"
            + (" (shrinks with h)" if not math.isclose(gap, 0, abs_tol=1e-3) else "")
        )


def _value_of(
    f: Callable[[float], float], x: float, x_range: tuple[float, float], where: str = "x_range"
) -> float:
    """f(x) as a finite float, or a ValueError naming the x and saying to change x_range."""
    hint = (
        f"the explorer evaluates f across {where} {x_range}: choose an x_range where f has a "
        "finite value at every point, e.g. x_range=(0.5, 3.0) for math.sqrt or math.log."
    )
    try:
        value = float(f(x))
    except (ArithmeticError, ValueError) as error:
        raise ValueError(f"f cannot be evaluated at x = {x:g} ({error}); {hint}") from None
    except TypeError as error:
        message = f"f must take one number and return a number: f({x:g}) gave {error}"
        raise TypeError(message) from None
    if not math.isfinite(value):
        raise ValueError(f"f({x:g}) is {value}, not a finite number; {hint}")
    return value


__all__ = ["DerivativeExplorer", "SecantPlot", "parabola", "polynomial_coefficients"]
