"""How fast gradient descent reaches the bottom of a quadratic bowl, axis by axis, basis by basis.

The loss of a linear least-squares fit, L(k) = mean((F k - y)^2) for a matrix F of
features (column j: feature j at every point), is a bowl with the constant curvature
H = 2/N F^T F. Along each eigenvector of H (an *axis* of the bowl, curvature lambda):

* plain gradient descent multiplies the distance to the bottom by (1 - rate * lambda)
  every step;
* heavy-ball momentum (v <- beta v - rate g, k <- k + v) follows a two-term recurrence,
  whose distance shrinks, in the long run, by the larger root |z| of
  z^2 - (1 + beta - rate * lambda) z + beta = 0 per step. When the roots are complex
  (every axis but the flattest, at the course's settings) that is exactly sqrt(beta).

Which features we fit with is our choice, and it decides the curvature: the powers
x^0..x^5 on [-1, 1] give a condition number near 1,850, the Legendre polynomials
P_0..P_5 (the same curves, a different basis) about 10.6, and the powers of a [0, 1]
input millions. `features` builds these bases; `fit_by_gradient_descent` runs the loop
on any of them in numpy (the same arithmetic as the engine's `gradient_descent`, checked
in the tests, but thousands of steps per second) so the notebook can count steps.

Distill's "Why Momentum Really Works" (Goh, 2017) gives the momentum settings with the best
asymptotic rate: rate = (2 / (sqrt(l_max) + sqrt(l_min)))^2,
beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2 (`optimal_momentum`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from autograd.validate import MAX_COUNT, number_in_range, positive_number, whole_number

BASES = ("powers", "legendre", "powers of (x+1)/2")


def _legendre_columns(x: np.ndarray, degree: int) -> np.ndarray:
    """P_0(x) .. P_degree(x) by Bonnet's recurrence (n+1) P_{n+1} = (2n+1) x P_n - n P_{n-1}."""
    columns = [np.ones_like(x), x]
    for n in range(1, degree):
        columns.append(((2 * n + 1) * x * columns[n] - n * columns[n - 1]) / (n + 1))
    return np.stack(columns[: degree + 1], axis=1)


def features(x: Sequence[float] | np.ndarray, basis: str = "powers", degree: int = 5) -> np.ndarray:
    """The feature matrix (points x (degree + 1)) of `basis` at the points x.

    "powers": x^0 .. x^degree, the course's polynomial;
    "legendre": the Legendre polynomials P_0 .. P_degree, which on [-1, 1] are
        orthogonal: as different from each other as curves can be;
    "powers of (x+1)/2": the powers of x moved to [0, 1], where they look even more alike.
    Every basis spans the same degree-5 polynomials: the best fit is the same curve.
    """
    try:
        points = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"x must be a list of numbers, got {x!r}") from None
    if points.ndim != 1 or len(points) == 0 or not np.all(np.isfinite(points)):
        raise ValueError(f"x must be a non-empty list of finite numbers, got {x!r}")
    degree = whole_number(degree, "degree", 1, MAX_COUNT)
    if basis == "powers":
        return np.vander(points, degree + 1, increasing=True)
    if basis == "legendre":
        return _legendre_columns(points, degree)
    if basis == "powers of (x+1)/2":
        return np.vander((points + 1.0) / 2.0, degree + 1, increasing=True)
    raise ValueError(f"basis must be one of {BASES}, got {basis!r}")


def hessian(feature_matrix: np.ndarray) -> np.ndarray:
    """The loss bowl's curvature 2/N F^T F (the same everywhere: the loss is quadratic)."""
    return 2.0 / len(feature_matrix) * feature_matrix.T @ feature_matrix


def curvatures(feature_matrix: np.ndarray) -> np.ndarray:
    """The eigenvalues of the Hessian, ascending: how steep each axis of the bowl is."""
    return np.linalg.eigvalsh(hessian(feature_matrix))


def plain_factors(eigenvalues: Sequence[float], rate: float) -> np.ndarray:
    """Per axis: the signed factor 1 - rate * lambda by which one plain step scales the distance."""
    return 1.0 - rate * np.asarray(eigenvalues, dtype=float)


def momentum_factors(eigenvalues: Sequence[float], rate: float, beta: float) -> np.ndarray:
    """Per axis: the long-run shrink factor per step of heavy-ball momentum.

    The larger |root| of z^2 - (1 + beta - rate*lambda) z + beta = 0. With beta = 0 it is
    |1 - rate*lambda|, plain descent's; when the roots are complex it is sqrt(beta),
    whatever lambda is: the axis spirals in at the same speed as every other such axis.
    """
    factors = []
    for curvature in np.asarray(eigenvalues, dtype=float):
        roots = np.roots([1.0, -(1.0 + beta - rate * curvature), beta])
        factors.append(float(np.max(np.abs(roots))))
    return np.array(factors)


def steps_to_shrink(factor: float, fraction: float = 0.01) -> float:
    """Steps until factor**steps falls to `fraction` (inf when |factor| >= 1: it never does)."""
    size = abs(factor)
    if size >= 1.0:
        return math.inf
    if size == 0.0:
        return 1.0
    return math.log(fraction) / math.log(size)


def optimal_momentum(eigenvalues: Sequence[float]) -> tuple[float, float]:
    """Distill's best (rate, beta) for heavy-ball momentum: every axis shrinks by the same factor.

    The factor is (sqrt(kappa) - 1) / (sqrt(kappa) + 1) = sqrt(beta), the fastest possible
    in the long run; after a few hundred steps, not necessarily in the first ones.
    """
    values = np.asarray(eigenvalues, dtype=float)
    low, high = float(values.min()), float(values.max())
    rate = (2.0 / (math.sqrt(low) + math.sqrt(high))) ** 2
    root_kappa = math.sqrt(high / low)
    beta = ((root_kappa - 1.0) / (root_kappa + 1.0)) ** 2
    return rate, beta


@dataclass(frozen=True)
class Fit:
    """A gradient-descent run on a feature matrix: the loss after every step, and the floor."""

    losses: np.ndarray  # losses[s]: after s steps (losses[0] is the start)
    floor: float  # the least-squares loss: no coefficients do better
    coefficients: np.ndarray  # where the run ended

    def first_step_within(self, fraction: float = 0.01) -> int | None:
        """The first step whose loss is within `fraction` of the floor (None: never)."""
        close = np.flatnonzero(self.losses <= (1.0 + fraction) * self.floor)
        return int(close[0]) if len(close) else None


def fit_by_gradient_descent(
    feature_matrix: np.ndarray,
    y: Sequence[float] | np.ndarray,
    rate: float,
    steps: int,
    beta: float = 0.0,
) -> Fit:
    """Gradient descent (with momentum `beta`) on mean((F k - y)^2), from k = 0.

    The same update as the engine's `GradientDescent`: v <- beta v - rate dL/dk,
    k <- k + v, with dL/dk = 2/N F^T (F k - y); numpy does it in microseconds per step.
    A diverging run stops at the first non-finite loss (the losses stay as far as they got).
    """
    F = np.asarray(feature_matrix, dtype=float)
    targets = np.asarray(y, dtype=float)
    if F.ndim != 2 or len(F) != len(targets):
        raise ValueError(f"need one row of features per point: {F.shape} against {targets.shape}")
    steps = whole_number(steps, "steps")
    rate = positive_number(rate, "rate")
    beta = number_in_range(beta, "beta", 0.0, 1.0)
    best, *_ = np.linalg.lstsq(F, targets, rcond=None)
    floor = float(np.mean((F @ best - targets) ** 2))
    k = np.zeros(F.shape[1])
    velocity = np.zeros_like(k)
    losses = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported, not warned
        for step in range(steps + 1):
            residual = F @ k - targets
            loss = float(np.mean(residual**2))
            losses.append(loss)
            if step == steps or not math.isfinite(loss):
                break
            gradient = 2.0 / len(targets) * F.T @ residual
            velocity = beta * velocity - rate * gradient
            k = k + velocity
    return Fit(np.array(losses), floor, k)
