"""Tensor benchmark: the degree-5 fit's forward + backward on many points, Tensor vs Value.

Run: `.venv/bin/python benchmarks/bench_tensor.py`. The same learner's loss in both engines,
    pred = sum(c[k] * x**k for k in range(6));  loss = mean of (pred - y)**2
once with x a Tensor of N points (one graph node per array operation), once with the
scalar engine (one Value per number; timed at a smaller N and scaled, since it is linear).
Also one step of notebook 07's MLP (2 -> 8 -> 8 -> 1, tanh) on 200 points, both ways.
Target: the N = 100,000 Tensor step in at most 20 ms. Compare ratios on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from autograd import MLP, Value
from autograd.tensor import Tensor, mlp_forward, mlp_weights


def median_ms(step: Callable[[], object], repeats: int) -> float:
    step()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def polynomial_step(cls: type, coeffs: list[float], x: object, y: object) -> object:
    c = [cls(k) for k in coeffs]
    if cls is Tensor:
        pred = sum(c[k] * x**k for k in range(6))
        loss = ((pred - y) ** 2).mean()
    else:
        errors = [(sum(c[k] * xi**k for k in range(6)) - yi) ** 2 for xi, yi in zip(x, y)]
        loss = sum(errors) * (1.0 / len(errors))
    loss.backward()
    return loss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--scalar-points", type=int, default=2_000)
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    coeffs = list(rng.uniform(-1, 1, 6))
    xs, ys = rng.uniform(-1, 1, args.points), rng.uniform(-1, 1, args.points)
    x = Tensor(xs, "x")
    tensor_ms = median_ms(lambda: polynomial_step(Tensor, coeffs, x, ys), args.repeats)
    n = args.scalar_points
    sx, sy = list(xs[:n]), list(ys[:n])
    scalar_ms = median_ms(lambda: polynomial_step(Value, coeffs, sx, sy), 3) * args.points / n
    print(f"degree-5 fit, forward + backward, N = {args.points:,} points (median ms per step)")
    print(f"  Tensor: {tensor_ms:10.2f} ms   (target <= 20 ms)")
    print(f"  Value:  {scalar_ms:10.2f} ms   (timed at N = {n:,}, scaled linearly)")
    print(f"  Tensor is {scalar_ms / tensor_ms:,.0f}x faster")

    points = rng.uniform(-1.5, 1.5, (200, 2))
    labels = np.where(points[:, 0] * points[:, 1] > 0, 1.0, -1.0)
    model = MLP(2, [8, 8, 1], seed=2)
    weights = mlp_weights(model)

    def tensor_mlp() -> None:
        loss = ((mlp_forward(weights, Tensor(points)) - labels) ** 2).mean()
        loss.backward()

    def scalar_mlp() -> None:
        rows = [list(p) for p in points]
        loss = sum((model(p) - t) ** 2 for p, t in zip(rows, labels)) / len(rows)
        model.zero_grad()
        loss.backward()

    t_ms, s_ms = median_ms(tensor_mlp, args.repeats), median_ms(scalar_mlp, 3)
    print("\nnotebook 07's MLP (2 -> 8 -> 8 -> 1), one step on 200 points")
    print(f"  Tensor: {t_ms:8.2f} ms   Value: {s_ms:8.2f} ms   ({s_ms / t_ms:,.0f}x)")


if __name__ == "__main__":
    main()
