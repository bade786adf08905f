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
input millions. `features` builds these bases; `hessian` is the bowl's curvature for any of
them (the one Hessian of the package: `autograd.conditioning` uses it for the powers), and
`fit_by_gradient_descent` runs the loop on any of them (the same update as the engine's
`gradient_descent`, checked in the tests, but thousands of steps per second, because it
works on the 6 x 6 Hessian instead of a graph) so the notebook can count steps.

Distill's "Why Momentum Really Works" (Goh, 2017) gives the momentum settings with the best
asymptotic rate: rate = (2 / (sqrt(l_max) + sqrt(l_min)))^2,
beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2 (`optimal_momentum`).

Plain Python throughout (no numpy): matrices are lists of rows, results lists of floats.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from autograd.linalg import dot, gram, least_squares_solution, mat_vec, symmetric_eigen
from autograd.validate import (
    MAX_COUNT,
    finite_numbers,
    number_in_range,
    one_of,
    ordered_items,
    positive_number,
    whole_number,
)

BASES = ("powers", "legendre", "powers of (x+1)/2")
FeatureMatrix = list[list[float]]


def _legendre_row(x: float, degree: int) -> list[float]:
    """P_0(x) .. P_degree(x) by Bonnet's recurrence (n+1) P_{n+1} = (2n+1) x P_n - n P_{n-1}."""
    row = [1.0, x]
    for n in range(1, degree):
        row.append(((2 * n + 1) * x * row[n] - n * row[n - 1]) / (n + 1))
    return row[: degree + 1]


def features(x: Sequence[float], basis: str = "powers", degree: int = 5) -> FeatureMatrix:
    """The feature matrix of `basis` at the points x: one row per point, degree + 1 columns.

    "powers": x^0 .. x^degree, the course's polynomial;
    "legendre": the Legendre polynomials P_0 .. P_degree, which on [-1, 1] are
        orthogonal: as different from each other as curves can be;
    "powers of (x+1)/2": the powers of x moved to [0, 1], where they look even more alike.
    Every basis spans the same degree-5 polynomials: the best fit is the same curve.
    Column j of the matrix: `[row[j] for row in features(x)]`.
    """
    points = finite_numbers(x, "x", example="data.x")
    if not points:
        raise ValueError("x is empty: give at least one point (e.g. data.x).")
    degree = whole_number(degree, "degree", 1, MAX_COUNT)
    basis = one_of(basis, "basis", BASES)
    if basis == "legendre":
        return [_legendre_row(p, degree) for p in points]
    if basis == "powers of (x+1)/2":
        points = [(p + 1.0) / 2.0 for p in points]
    return power_matrix(points, degree)


def power_matrix(x: Sequence[float], degree: int = 5) -> FeatureMatrix:
    """The N x (degree+1) matrix X (a list of rows) with X[i][k] = x_i ** k: predictions X k."""
    return [[float(xi) ** k for k in range(degree + 1)] for xi in x]


def _feature_rows(feature_matrix: object, name: str = "feature_matrix") -> FeatureMatrix:
    """The matrix as lists of finite floats, all rows as long, or an error naming the entry."""
    rows = ordered_items(feature_matrix, name, example="features(data.x)")
    checked = [
        finite_numbers(row, f"{name}[{i}]", example="[1.0, 0.5, 0.25]")
        for i, row in enumerate(rows)
    ]
    if not checked or not checked[0]:
        raise ValueError(f"{name} is empty: it needs one row of features per point.")
    if any(len(row) != len(checked[0]) for row in checked):
        lengths = sorted({len(row) for row in checked})
        raise ValueError(f"{name} must have rows of one length (one per feature), got {lengths}.")
    return checked


def hessian(feature_matrix: Sequence[Sequence[float]]) -> FeatureMatrix:
    """The loss bowl's curvature 2/N F^T F (the same everywhere: the loss is quadratic)."""
    return _hessian_of(_feature_rows(feature_matrix))


def _hessian_of(rows: FeatureMatrix) -> FeatureMatrix:
    """2/N F^T F of rows already checked (curvatures checks them once, not twice)."""
    scale = 2.0 / len(rows)
    return [[scale * entry for entry in row] for row in gram(rows)]


def curvatures(feature_matrix: Sequence[Sequence[float]]) -> list[float]:
    """The eigenvalues of the Hessian, ascending: how steep each axis of the bowl is."""
    rows = _feature_rows(feature_matrix)
    bowl = _hessian_of(rows)
    if not all(math.isfinite(v) for row in bowl for v in row):
        biggest = max(abs(v) for row in rows for v in row)
        raise ValueError(
            f"feature_matrix holds values as large as {biggest:.3g}: their squares overflow "
            "(above about 1.8e308), so the bowl's curvature cannot be computed. Rescale the "
            "x values (e.g. to [-1, 1]) before building the features."
        )
    values, _ = symmetric_eigen(bowl)
    return values


def plain_factors(eigenvalues: Sequence[float], rate: float) -> list[float]:
    """Per axis: the signed factor 1 - rate * lambda by which one plain step scales the distance."""
    rate = positive_number(rate, "rate")
    return [1.0 - rate * lam for lam in finite_numbers(eigenvalues, "eigenvalues")]


def momentum_roots(curvature: float, rate: float, beta: float) -> tuple[complex, complex]:
    """The roots of z^2 - (1 + beta - rate*curvature) z + beta = 0: along an axis of the
    bowl the distance after t steps of heavy-ball momentum is a mix of root**t (and, when
    the two roots are equal, t * root**t as well)."""
    b = 1.0 + beta - rate * curvature
    disc = cmath.sqrt(b * b - 4.0 * beta)
    return (b + disc) / 2.0, (b - disc) / 2.0


def momentum_factors(eigenvalues: Sequence[float], rate: float, beta: float) -> list[float]:
    """Per axis: the long-run shrink factor per step of heavy-ball momentum.

    The larger |root| of z^2 - (1 + beta - rate*lambda) z + beta = 0 (`momentum_roots`).
    With beta = 0 it is |1 - rate*lambda|, plain descent's; when the roots are complex it
    is sqrt(beta), whatever lambda is: the axis spirals in at the same speed as every
    other such axis.
    """
    rate = positive_number(rate, "rate")
    beta = number_in_range(beta, "beta", 0.0, 1.0)
    return [
        max(abs(z) for z in momentum_roots(curvature, rate, beta))
        for curvature in finite_numbers(eigenvalues, "eigenvalues")
    ]


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
    values = finite_numbers(eigenvalues, "eigenvalues", example="curvatures(features(data.x))")
    if not values:
        raise ValueError("eigenvalues is empty: give the bowl's curvatures, e.g. curvatures(F).")
    low, high = min(values), max(values)
    if not low > 0:
        raise ValueError(
            f"eigenvalues must all be > 0 (a bowl curved along every axis), got a smallest "
            f"of {low:g}: along that axis the bowl is flat, there is no single bottom and no "
            "momentum setting converges. Use more points with different x, or fewer features."
        )
    rate = (2.0 / (math.sqrt(low) + math.sqrt(high))) ** 2
    root_kappa = math.sqrt(high / low)
    beta = ((root_kappa - 1.0) / (root_kappa + 1.0)) ** 2
    return rate, beta


def first_step_within(losses: Sequence[float], floor: float, fraction: float = 0.01) -> int | None:
    """The first step whose loss is within `fraction` of `floor` (None: never)."""
    limit = (1.0 + fraction) * floor
    return next((step for step, loss in enumerate(losses) if loss <= limit), None)


@dataclass(frozen=True)
class Fit:
    """A gradient-descent run on a feature matrix: the loss after every step, and the floor."""

    losses: list[float]  # losses[s]: after s steps (losses[0] is the start)
    floor: float  # the least-squares loss: no coefficients do better
    coefficients: tuple[float, ...]  # where the run ended

    def first_step_within(self, fraction: float = 0.01) -> int | None:
        """The first step whose loss is within `fraction` of the floor (None: never)."""
        return first_step_within(self.losses, self.floor, fraction)


def fit_by_gradient_descent(
    feature_matrix: Sequence[Sequence[float]],
    y: Sequence[float],
    rate: float,
    steps: int,
    beta: float = 0.0,
) -> Fit:
    """Gradient descent (with momentum `beta`) on mean((F k - y)^2), from k = 0.

    The same update as the engine's `GradientDescent`: v <- beta v - rate dL/dk,
    k <- k + v, with dL/dk = 2/N F^T (F k - y). Written with the Hessian H = 2/N F^T F
    and b = 2/N F^T y, the gradient is H k - b and the loss
    k.(H k)/2 - k.b + mean(y^2): a 6 x 6 sum per step, whatever the number of points.
    A diverging run stops at the first non-finite loss (the losses stay as far as they got).
    """
    rows = _feature_rows(feature_matrix)
    targets = finite_numbers(y, "y", example="data.y")
    if len(rows) != len(targets):
        raise ValueError(
            f"need one row of features per point: feature_matrix has {len(rows)} rows, "
            f"y has {len(targets)} values."
        )
    steps = whole_number(steps, "steps")
    rate = positive_number(rate, "rate")
    beta = number_in_range(beta, "beta", 0.0, 1.0)
    n = len(targets)
    best = least_squares_solution(rows, targets)
    floor = sum((r - t) ** 2 for r, t in zip(mat_vec(rows, best), targets)) / n
    curvature = hessian(rows)
    pull = [2.0 / n * sum(row[j] * t for row, t in zip(rows, targets)) for j in range(len(best))]
    mean_square = sum(t * t for t in targets) / n

    def gradient(k: list[float]) -> list[float]:
        return [hk - b for hk, b in zip(mat_vec(curvature, k), pull)]  # H k - b

    losses: list[float] = []
    k: list[float] = []
    for step, k in enumerate(heavy_ball(gradient, [0.0] * len(best), rate, beta)):
        loss = dot(k, mat_vec(curvature, k)) / 2.0 - dot(k, pull) + mean_square
        # the expansion can come out a hair below the floor by rounding: the floor is exact
        losses.append(max(loss, floor) if math.isfinite(loss) else math.inf)
        if step == steps or not math.isfinite(loss):
            break
    return Fit(losses, floor, tuple(k))


def heavy_ball(
    gradient: Callable[[list[float]], list[float]],
    start: Sequence[float],
    rate: float,
    beta: float = 0.0,
) -> Iterator[list[float]]:
    """The knobs before the first step and after each one of gradient descent with momentum
    `beta`: v <- beta v - rate dL/dk, k <- k + v, the update of the engine's GradientDescent
    (beta 0: plain descent). Endless: the caller takes as many steps as it needs."""
    k = [float(v) for v in start]
    velocity = [0.0] * len(k)
    while True:
        yield k
        velocity = [beta * v - rate * g for v, g in zip(velocity, gradient(k))]
        k = [a + v for a, v in zip(k, velocity)]
