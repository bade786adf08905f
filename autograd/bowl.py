"""The loss bowl of a least-squares fit, in pure Python: what notebooks 7 and 8 measure.

The loss of a linear fit, L(k) = mean((F k - y)^2) for a matrix F of features (row i:
the features of point i), is a quadratic bowl:

    L(k) = floor + 1/2 (k - k*)^T H (k - k*),   H = 2/N F^T F,   gradient H (k - k*),

with k* the least-squares knobs and `floor` their loss. So a gradient-descent run needs
only H and k*: one step is a 6x6 matrix times a vector (36 multiplications, whatever the
number of points), which lets a notebook count 100,000 steps in pure Python, with no numpy,
on the bare Pyodide core in the browser too. `symmetric_eigen` (Jacobi's method, a few
lines, in `autograd.linalg`) gives the bowl's axes and curvatures;
`Bowl.scaled_condition_number` the condition
number left when every knob gets a rate of its own (each feature scaled to the same size).

Everything here takes and returns plain lists of floats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice

from autograd.bases import features, first_step_within, heavy_ball, hessian
from autograd.linalg import least_squares_solution, mat_vec, symmetric_eigen

Matrix = list[list[float]]


# ------------------------------------------------------------------------------ measures
def correlation(a: Sequence[float], b: Sequence[float]) -> float:
    """Pearson's correlation of two equally long lists (1: the same shape, up to scale)."""
    n = len(a)
    mean_a, mean_b = sum(a) / n, sum(b) / n
    cov = sum((p - mean_a) * (q - mean_b) for p, q in zip(a, b))
    var_a = sum((p - mean_a) ** 2 for p in a)
    var_b = sum((q - mean_b) ** 2 for q in b)
    return cov / math.sqrt(var_a * var_b)


# ------------------------------------------------------------------------------ the bowl
@dataclass(frozen=True)
class Bowl:
    """L(k) = floor + 1/2 (k - k*)^T H (k - k*): the loss of a least-squares fit, exactly."""

    hessian: Matrix
    minimum: list[float]  # k*, the least-squares knobs
    floor: float  # L(k*): no knobs do better
    _eigen: list = field(default_factory=list, repr=False, compare=False)

    def loss(self, k: Sequence[float]) -> float:
        d = [a - b for a, b in zip(k, self.minimum)]
        return self.floor + 0.5 * sum(p * q for p, q in zip(d, mat_vec(self.hessian, d)))

    def gradient(self, k: Sequence[float]) -> list[float]:
        """dL/dk = H (k - k*): it points uphill, away from the bottom."""
        return mat_vec(self.hessian, [a - b for a, b in zip(k, self.minimum)])

    def eigen(self) -> tuple[list[float], Matrix]:
        """The curvatures (ascending) and the axes of the bowl."""
        if not self._eigen:
            self._eigen.extend(symmetric_eigen(self.hessian))
        return self._eigen[0], self._eigen[1]

    @property
    def curvatures(self) -> list[float]:
        return self.eigen()[0]

    @property
    def condition_number(self) -> float:
        values = self.curvatures
        return values[-1] / values[0]

    @property
    def scaled_condition_number(self) -> float:
        """The condition number once each knob has a rate of its own, 1 / H_jj: the same as
        scaling every feature to the same size. What is left is the features' likeness."""
        d = [1.0 / math.sqrt(self.hessian[i][i]) for i in range(len(self.hessian))]
        scaled = [
            [h * d[i] * d[j] for j, h in enumerate(row)] for i, row in enumerate(self.hessian)
        ]
        values = symmetric_eigen(scaled)[0]
        return values[-1] / values[0]

    def descend(
        self, rate: float, steps: int, beta: float = 0.0, start: Sequence[float] | None = None
    ) -> list[list[float]]:
        """The knobs after every step of gradient descent (with momentum `beta`): v <- beta v
        - rate dL/dk, k <- k + v, from `start` (all zeros by default). Entry 0 is the start."""
        begin = [0.0] * len(self.minimum) if start is None else start
        return list(islice(heavy_ball(self.gradient, begin, rate, beta), steps + 1))

    def losses(
        self, rate: float, steps: int, beta: float = 0.0, start: Sequence[float] | None = None
    ) -> list[float]:
        """The loss after every step of `descend` (entry 0: at the start), worked out axis by
        axis: along each axis of the bowl the distance follows its own recurrence
        (`axis_distances`), so a step costs 6 multiplications instead of 72. Same numbers."""
        values, vectors = self.eigen()
        begin = [0.0] * len(self.minimum) if start is None else list(start)
        offset = [a - b for a, b in zip(begin, self.minimum)]
        along = [sum(w * d for w, d in zip(vector, offset)) for vector in vectors]
        per_axis = [axis_distances(lam, rate, beta, steps) for lam in values]
        return [
            self.floor
            + 0.5 * sum(lam * (c * e[t]) ** 2 for lam, c, e in zip(values, along, per_axis))
            for t in range(steps + 1)
        ]

    def steps_to_floor(
        self, rate: float, beta: float = 0.0, fraction: float = 0.01, most: int = 5000
    ) -> int | None:
        """Steps from k = 0 until the loss is within `fraction` of the floor (None: not in
        `most` steps). The same numbers as `losses`, stopping at the first step that is."""
        values, vectors = self.eigen()
        # the excess loss along each axis at distance 1: 1/2 lambda (distance from k = 0)^2
        weights = [
            0.5 * lam * sum(w * -m for w, m in zip(vector, self.minimum)) ** 2
            for lam, vector in zip(values, vectors)
        ]
        allowed = fraction * self.floor
        before = [1.0] * len(values)
        now = [1.0] * len(values)
        for step in range(most + 1):
            if sum(c * e * e for c, e in zip(weights, now)) <= allowed:
                return step
            if step == 0:
                now = [1.0 - rate * lam for lam in values]
            else:
                before, now = (
                    now,
                    [
                        (1.0 + beta - rate * lam) * e - beta * p
                        for lam, e, p in zip(values, now, before)
                    ],
                )
        return None

    def first_step_within(self, losses: Sequence[float], fraction: float = 0.01) -> int | None:
        """The first step whose loss is within `fraction` of the floor (None: never)."""
        return first_step_within(losses, self.floor, fraction)

    def slice(self, i: int, j: int) -> Bowl:
        """The bowl over knobs i and j alone, every other knob at its least-squares value."""
        h = self.hessian
        return Bowl(
            [[h[i][i], h[i][j]], [h[j][i], h[j][j]]],
            [self.minimum[i], self.minimum[j]],
            self.floor,
        )


def bowl(x: Sequence[float], y: Sequence[float], basis: str = "powers", degree: int = 5) -> Bowl:
    """The loss bowl of fitting y by the features of `basis` (`autograd.bases`) at the points x."""
    rows = features(x, basis, degree)
    n, width = len(rows), degree + 1
    if n != len(y) or n < width:
        raise ValueError(f"need as many y as x, at least {width} points: {n} x, {len(y)} y")
    minimum = least_squares_solution(rows, y)
    floor = sum((f - t) ** 2 for f, t in zip(mat_vec(rows, minimum), y)) / n
    return Bowl(hessian(rows), minimum, floor)


def axis_distances(curvature: float, rate: float, beta: float, steps: int) -> list[float]:
    """Along one axis of the bowl, distance to the bottom after every step, from distance 1
    at rest: e_{t+1} = (1 + beta - rate*curvature) e_t - beta e_{t-1}, e_1 = 1 - rate*curvature."""
    distances = [1.0, 1.0 - rate * curvature]
    while len(distances) <= steps:
        distances.append((1.0 + beta - rate * curvature) * distances[-1] - beta * distances[-2])
    return distances[: steps + 1]
