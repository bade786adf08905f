"""The little linear algebra the fitting lessons need, in plain Python (no numpy).

The course's matrices are small: a Hessian is 6 x 6, a feature matrix N x 6. Two
textbook methods cover everything, and both run wherever Python does (JupyterLite's
bare Pyodide has no numpy):

* `symmetric_eigen`: Jacobi's method. Rotate one off-diagonal pair to zero at a time;
  repeat until the matrix is diagonal. The diagonal holds the eigenvalues, the product
  of the rotations the eigenvectors. A 6 x 6 matrix takes a handful of sweeps.
* `least_squares_solution`: the same idea on the columns of F (one-sided Jacobi, the
  singular value decomposition): rotate pairs of columns until all are orthogonal; then
  the best k of min |F k - y|^2 is read off column by column. Like numpy's `lstsq`, it
  gives the shortest k when several fit equally well, and ignores singular values below
  `eps * max(N, n) * largest` (numpy's default `rcond`).

Matrices are lists of rows; vectors are lists of floats. The tests check both methods
against numpy to 1e-9.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import mul

Matrix = list[list[float]]
EPSILON = 2.0**-52  # the gap between 1 and the next float
MAX_SWEEPS = 60  # Jacobi converges quadratically: 6 x 6 needs fewer than 10


def dot(a: Sequence[float], b: Sequence[float]) -> float:
    """sum(a_i * b_i)."""
    return sum(map(mul, a, b))


def transpose(rows: Sequence[Sequence[float]]) -> Matrix:
    """The columns of a matrix as rows."""
    return [list(column) for column in zip(*rows)]


def mat_vec(rows: Sequence[Sequence[float]], vector: Sequence[float]) -> list[float]:
    """The matrix times a vector: one dot product per row."""
    return [sum(map(mul, row, vector)) for row in rows]


def gram(rows: Sequence[Sequence[float]]) -> Matrix:
    """F^T F for the matrix F given by its rows: entry (i, j) is column i . column j."""
    columns = transpose(rows)
    size = len(columns)
    out = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i, size):
            out[i][j] = out[j][i] = sum(map(mul, columns[i], columns[j]))
    return out


def symmetric_eigen(matrix: Sequence[Sequence[float]]) -> tuple[list[float], Matrix]:
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix, by Jacobi rotations.

    Returns (values, vectors) with vectors[j] the unit eigenvector of values[j], its
    largest component positive (numpy leaves the sign to chance; here it is fixed).
    """
    a = [list(map(float, row)) for row in matrix]
    n = len(a)
    v = [[float(i == j) for j in range(n)] for i in range(n)]  # columns: the eigenvectors
    for _ in range(MAX_SWEEPS):
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                # an entry this small next to its diagonal changes no eigenvalue: leave it
                if abs(a[p][q]) > EPSILON * math.sqrt(abs(a[p][p] * a[q][q])):
                    _rotate(a, v, p, q)
                    rotated = True
        if not rotated:
            break
    values = [a[i][i] for i in range(n)]
    order = sorted(range(n), key=values.__getitem__)
    vectors = []
    for j in order:
        column = [v[i][j] for i in range(n)]
        biggest = max(column, key=abs)
        vectors.append([-c for c in column] if biggest < 0 else column)
    return [values[j] for j in order], vectors


def _rotate(a: Matrix, v: Matrix, p: int, q: int) -> None:
    """One Jacobi rotation: zero a[p][q] (and a[q][p]), in place; v collects the rotation."""
    theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q])
    # t = tan of the rotation angle, the smaller root of t^2 + 2 theta t - 1 = 0 (stable form)
    t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1.0))
    if math.isinf(theta):
        t = 0.0
    c = 1.0 / math.sqrt(t * t + 1.0)
    s = t * c
    n = len(a)
    for k in range(n):  # columns p and q
        akp, akq = a[k][p], a[k][q]
        a[k][p], a[k][q] = c * akp - s * akq, s * akp + c * akq
    for k in range(n):  # rows p and q
        apk, aqk = a[p][k], a[q][k]
        a[p][k], a[q][k] = c * apk - s * aqk, s * apk + c * aqk
    a[p][q] = a[q][p] = 0.0
    for k in range(n):
        vkp, vkq = v[k][p], v[k][q]
        v[k][p], v[k][q] = c * vkp - s * vkq, s * vkp + c * vkq


def least_squares_solution(rows: Sequence[Sequence[float]], y: Sequence[float]) -> list[float]:
    """The k that minimises |F k - y|^2 (the shortest such k), as numpy's `lstsq` finds it.

    One-sided Jacobi: rotate pairs of F's columns (and the same pairs of an identity V)
    until every two columns are orthogonal. Then F V = U S with orthogonal columns of
    lengths S (the singular values), and k = V S^-1 U^T y, skipping singular values
    numpy's default cut-off calls zero.
    """
    columns = transpose(rows)
    n, points = len(columns), len(rows)
    v = [[float(i == j) for j in range(n)] for i in range(n)]  # rows of V^T
    for _ in range(MAX_SWEEPS):
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                alpha = sum(map(mul, columns[p], columns[p]))
                beta = sum(map(mul, columns[q], columns[q]))
                gamma = sum(map(mul, columns[p], columns[q]))
                if gamma == 0.0 or abs(gamma) <= EPSILON * math.sqrt(alpha * beta):
                    continue
                rotated = True
                zeta = (beta - alpha) / (2.0 * gamma)
                t = math.copysign(1.0, zeta) / (abs(zeta) + math.sqrt(1.0 + zeta * zeta))
                c = 1.0 / math.sqrt(1.0 + t * t)
                s = c * t
                cp, cq = columns[p], columns[q]
                columns[p] = [c * a - s * b for a, b in zip(cp, cq)]
                columns[q] = [s * a + c * b for a, b in zip(cp, cq)]
                vp, vq = v[p], v[q]
                v[p] = [c * a - s * b for a, b in zip(vp, vq)]
                v[q] = [s * a + c * b for a, b in zip(vp, vq)]
        if not rotated:
            break
    lengths = [math.sqrt(sum(map(mul, column, column))) for column in columns]
    cutoff = EPSILON * max(points, n) * max(lengths, default=0.0)
    k = [0.0] * n
    for column, length, direction in zip(columns, lengths, v):
        if length > cutoff:
            weight = sum(map(mul, column, y)) / (length * length)  # (u . y) / s
            k = [ki + weight * d for ki, d in zip(k, direction)]
    return k
