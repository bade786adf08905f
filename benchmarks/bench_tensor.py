"""Tensor benchmark: the scalar engine vs `autograd.tensor.Tensor` on the course's two problems.

Run: `.venv/bin/python benchmarks/bench_tensor.py` (add `--full` to time the scalar engine
at N = 100,000 once instead of extrapolating from a smaller N).

1. The degree-5 polynomial fit, one training step = forward + backward of the MSE loss:
   - Tensor: `loss = ((X @ k - y) ** 2).mean()` with X the N x 6 matrix of x powers;
   - scalar engine: `autograd.polyfit.loss_and_gradients` (one Value per operation).
   Target from issue 12: at most 20 ms per step at N = 100,000 for the Tensor.
2. Notebook 09's MLP(2, [8, 8, 1]) on two_moons: one training step (forward, zero_grad,
   backward, nudge) with the scalar `autograd.nn.MLP` and with the same weights as Tensors.

Prints the best and the median of the repeats. The best is the cleanest measure of the code
on a busy machine (other processes only ever add time); the median shows the noise. Numbers
from a shared machine are "measured under load": re-run on a quiet one for the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np

from autograd.nn import MLP, two_moons
from autograd.polyfit import Polynomial, loss_and_gradients, make_dataset, power_matrix
from autograd.tensor import Tensor, mlp_forward, tensors_from_mlp

COEFFICIENTS = [0.1, -0.2, 0.3, 0.0, 0.5, -0.4]


def timings(step: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(best, median) seconds of `step()` over `repeats` runs, after one warm-up run."""
    step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.2f} ms"


def polynomial_tensor_step(n_points: int) -> Callable[[], float]:
    data = make_dataset(n_points, seed=0)
    powers = Tensor(power_matrix(data.x), "X", requires_grad=False)
    k = Tensor(COEFFICIENTS, "k")

    def step() -> float:
        k.zero_grad()
        loss = ((powers @ k - data.y) ** 2).mean()
        loss.backward()
        return loss.item()

    return step


def polynomial_scalar_step(n_points: int) -> Callable[[], object]:
    data = make_dataset(n_points, seed=0)
    model = Polynomial(5, COEFFICIENTS)
    return lambda: loss_and_gradients(model, data)


def bench_polynomial_tensor(repeats: int, note: str = "") -> None:
    for n in (100, 10_000, 100_000):
        best, median = timings(polynomial_tensor_step(n), repeats)
        verdict = "" if n != 100_000 else ("  <= 20 ms: yes" if best <= 0.020 else "  > 20 ms!")
        print(f"  Tensor  N={n:>7,}: {ms(best)} / {ms(median)}{verdict}{note}", flush=True)


def bench_polynomial(full: bool, repeats: int) -> None:
    print("degree-5 polynomial MSE, one step = forward + backward (best / median)")
    bench_polynomial_tensor(repeats)
    # On a busy 2-core machine OpenBLAS's worker threads wait for cores and the median
    # suffers; the same step with one BLAS thread (set before numpy loads: a new process)
    # shows what the code itself costs.
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--tensor-only", "--repeats", str(repeats)]
    subprocess.run(command, env=env, check=True)
    scalar_n = 100_000 if full else 2_000
    best, median = timings(polynomial_scalar_step(scalar_n), 1 if full else max(3, repeats // 5))
    scale = 100_000 / scalar_n
    how = "measured" if full else f"extrapolated x{scale:g} from N={scalar_n:,}"
    print(f"  scalar  N={scalar_n:>7,}: {ms(best)} / {ms(median)}")
    print(f"  scalar  N={100_000:>7,}: {ms(best * scale)} ({how})")
    tensor_best, _ = timings(polynomial_tensor_step(100_000), repeats)
    print(f"  speed-up at N=100,000: {best * scale / tensor_best:,.0f}x")


def bench_mlp(repeats: int) -> None:
    print("notebook 09's MLP(2, [8, 8, 1]) on two_moons, one training step (best / median)")
    for n_points in (40, 400):
        points, labels = two_moons(n_points, noise=0.1, seed=2)
        scalar = MLP(2, [8, 8, 1], seed=2)
        layers = tensors_from_mlp(scalar)
        parameters = [t for pair in layers for t in pair]
        x, y = np.array(points), np.array(labels)[:, None]

        def scalar_step(model: MLP = scalar, points=points, labels=labels) -> None:
            loss = sum((model(p) - t) ** 2 for p, t in zip(points, labels)) / len(points)
            model.zero_grad()
            loss.backward()  # type: ignore[union-attr]
            for p in model.parameters():
                p.data -= 0.01 * p.grad

        def tensor_step(x=x, y=y, layers=layers, parameters=parameters) -> None:
            loss = ((mlp_forward(layers, x) - y) ** 2).mean()
            for p in parameters:
                p.zero_grad()
            loss.backward()
            for p in parameters:
                p.data -= 0.01 * p.grad

        s_best, s_median = timings(scalar_step, max(3, repeats // 5))
        t_best, t_median = timings(tensor_step, repeats)
        print(f"  {n_points:>4} points  scalar: {ms(s_best)} / {ms(s_median)}")
        print(f"  {n_points:>4} points  Tensor: {ms(t_best)} / {ms(t_median)}")
        print(f"  {n_points:>4} points  speed-up: {s_best / t_best:,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="time the scalar engine at 100,000")
    parser.add_argument("--repeats", type=int, default=30, help="timed runs per measurement")
    parser.add_argument("--tensor-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tensor_only:  # the one-BLAS-thread run started by bench_polynomial
        bench_polynomial_tensor(args.repeats, "  (1 BLAS thread)")
        return
    print("(measured under load on a shared machine: best is the cleanest figure)\n")
    bench_polynomial(args.full, args.repeats)
    print()
    bench_mlp(args.repeats)


if __name__ == "__main__":
    main()
