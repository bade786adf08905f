"""Why the last knobs move slowly: the shape of the polynomial fit's loss bowl.

The loss of a polynomial fit is a quadratic bowl whose curvature (the Hessian, 2/N X^T X
for the matrix X of powers of x) does not depend on the coefficients. Its eigenvalues say
everything about plain gradient descent: rates above 2 / lambda_max diverge, and the
directions with tiny eigenvalues crawl. `conditioning` reports them, and momentum is the
remedy the course uses (`compare_plain_and_momentum` trains both ways and records how far
each knob still is from the optimum).

This module builds on `autograd.polyfit` (the data, the loop, the floor and the largest
stable rate) and `autograd.bases` (the Hessian of any features; here the powers of x),
never the reverse. Plain Python: eigenvalues and distances are floats in tuples and lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from autograd.bases import hessian, power_matrix
from autograd.linalg import symmetric_eigen
from autograd.polyfit import (
    DEFAULT_DEGREE,
    DEFAULT_MOMENTUM,
    DEFAULT_RATE_FRACTION,
    Dataset,
    LeastSquares,
    Polynomial,
    TrainingStep,
    check_x_scale,
    gradient_descent,
    least_squares,
    stable_limit,
)
from autograd.validate import finite_numbers, whole_number

# Below this ratio lambda_min / lambda_max the smallest eigenvalue is rounding noise: an
# eigensolver finds each eigenvalue only to about 1e-16 * lambda_max, so a flatter direction
# reads as 0, as a tiny negative number, or as anything in between, and so would the
# condition number.
SINGULAR_RATIO = 1e-13


@dataclass(frozen=True)
class Conditioning:
    """The curvature of the loss bowl, and what it means for the learning rate."""

    eigenvalues: tuple[float, ...]  # ascending
    eigenvectors: tuple[tuple[float, ...], ...]  # eigenvectors[j] belongs to eigenvalues[j]

    @property
    def condition_number(self) -> float:
        """lambda_max / lambda_min: how much steeper the steepest direction is than the flattest."""
        return self.eigenvalues[-1] / self.eigenvalues[0]

    def largest_stable_learning_rate(self, momentum: float = 0.0) -> float:
        """2 (1 + momentum) / lambda_max: any larger rate makes the steepest direction blow up.

        (The arithmetic is `autograd.polyfit.stable_limit`'s, the one home of that rule.)
        """
        return stable_limit(self.eigenvalues[-1], momentum)

    def suggested_learning_rate(self, momentum: float = DEFAULT_MOMENTUM) -> float:
        """The default rate: `DEFAULT_RATE_FRACTION` of the largest stable one."""
        return DEFAULT_RATE_FRACTION * self.largest_stable_learning_rate(momentum)

    @property
    def slowest_direction(self) -> tuple[float, ...]:
        """The combination of coefficients that gradient descent moves along most slowly."""
        return self.eigenvectors[0]

    @property
    def steepest_direction(self) -> tuple[float, ...]:
        """The combination of coefficients along which the bowl curves most sharply."""
        return self.eigenvectors[-1]


def conditioning(x: Sequence[float], degree: int = DEFAULT_DEGREE) -> Conditioning:
    """Eigenvalues and eigenvectors of the loss Hessian for the points' x values.

    Refused with a ValueError that says what to change: fewer different x values than
    coefficients (the bowl is flat along some direction: no single best fit, an infinite
    condition number), x so large that the Hessian overflows, or x values so close together
    that the flattest direction is lost in rounding.
    """
    degree = whole_number(degree, "degree")
    xs = finite_numbers(x, "x", example="data.x")
    distinct = len(set(xs))
    if not xs:
        raise ValueError("x is empty: the bowl's shape depends on the points' x; give data.x.")
    if distinct < degree + 1:
        if len(xs) == 1:
            shown = f"1 point (x = {xs[0]:.10g})"
        elif distinct == 1:
            shown = f"{len(xs)} points, all at x = {xs[0]:.10g}"
        else:
            shown = f"{len(xs)} points at only {distinct} different x values"
        raise ValueError(
            f"a degree-{degree} fit has {degree + 1} coefficients and needs at least "
            f"{degree + 1} different x values, got {shown}. With "
            "fewer, some mix of the coefficients leaves the loss unchanged: the bowl is flat "
            "that way, there is no single best fit and the condition number is infinite. "
            f"Use more points with different x, or a degree of at most {distinct - 1}."
        )
    check_x_scale(xs, degree)
    eigenvalues, eigenvectors = symmetric_eigen(hessian(power_matrix(xs, degree)))
    if eigenvalues[0] <= SINGULAR_RATIO * eigenvalues[-1]:
        raise ValueError(
            f"the x values (from {min(xs):.10g} to {max(xs):.10g}) are too close together for a "
            f"degree-{degree} fit: the flattest direction of the loss bowl is lost in "
            f"rounding (condition number above {1 / SINGULAR_RATIO:.0e}), so it cannot be "
            "measured. Spread the x values out, rescale them to about [-1, 1], or lower "
            "the degree."
        )
    return Conditioning(tuple(eigenvalues), tuple(tuple(v) for v in eigenvectors))


# -------------------------------------------------------------------------- the lesson's runs
def distance_to_optimum(
    history: Sequence[TrainingStep], optimum: Sequence[float]
) -> list[tuple[float, ...]]:
    """|k_i(step) - k_i*|: one tuple per step, one distance per coefficient."""
    best = finite_numbers(optimum, "optimum", example="least_squares(data).coefficients")
    return [
        tuple(abs(k - b) for k, b in zip(record.coefficients, best, strict=True))
        for record in history
    ]


@dataclass(frozen=True)
class ConditioningRun:
    """One training run for the conditioning lesson."""

    name: str
    learning_rate: float
    momentum: float
    losses: list[float]  # per step
    distances: list[tuple[float, ...]]  # distances[step][i] = |k_i - k_i*|


def compare_plain_and_momentum(
    data: Dataset,
    degree: int = DEFAULT_DEGREE,
    steps: int = 300,
    momentum: float = DEFAULT_MOMENTUM,
) -> tuple[ConditioningRun, ConditioningRun, LeastSquares]:
    """Train twice from zero: plain gradient descent at its best fixed rate, then momentum.

    The plain run uses 2 / (lambda_max + lambda_min), the fixed rate whose slowest axis
    shrinks fastest (just under the limit 2 / lambda_max; at it the steepest axis swings
    back and forth with a factor near -1). The momentum run uses the package default.
    Per-coefficient distances to the least-squares optimum show which knobs stall.
    """
    shape = conditioning(data.x, degree)
    floor = least_squares(data, degree)
    plain_rate = 2.0 / (shape.eigenvalues[-1] + shape.eigenvalues[0])
    runs = []
    for name, rate, beta in (
        ("plain gradient descent", plain_rate, 0.0),
        (f"momentum {momentum:g}", shape.suggested_learning_rate(momentum), momentum),
    ):
        history = list(gradient_descent(Polynomial(degree), data, rate, steps, beta))
        runs.append(
            ConditioningRun(
                name,
                rate,
                beta,
                [record.loss for record in history],
                distance_to_optimum(history, floor.coefficients),
            )
        )
    return runs[0], runs[1], floor
