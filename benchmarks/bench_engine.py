"""Engine benchmark: build + backward of a degree-5 polynomial's MSE loss, against micrograd.

Run: `.venv/bin/python benchmarks/bench_engine.py` (needs the `bench` extra: micrograd==0.1.0).
The loss is written as a learner would write it, the same code for both engines:
    pred = sum(c[k] * x**k for k in range(6));  loss = mean of (pred - y)**2
Prints median and mean over the repeats (each repeat = build the graph, then backward()),
the ratios micrograd / ours, and the time of a 1,000,000-node chain.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from autograd import Value

try:
    from micrograd.engine import Value as MicrogradValue
except ImportError:  # the bench extra is not installed
    MicrogradValue = None


def polynomial_mse(value_cls: type, coeffs: list[float], xs: list[float], ys: list[float]):
    c = [value_cls(k) for k in coeffs]
    errors = []
    for x, y in zip(xs, ys):
        pred = sum(c[k] * x**k for k in range(6))
        errors.append((pred - y) ** 2)
    loss = sum(errors) * (1.0 / len(xs))
    loss.backward()
    return loss


def time_repeats(fn, repeats: int) -> list[float]:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--chain", type=int, default=1_000_000)
    args = parser.parse_args()

    rng = random.Random(0)
    coeffs = [rng.uniform(-1, 1) for _ in range(6)]
    print(f"forward build + backward, {args.repeats} repeats, times in ms")
    print(f"{'N':>5} {'engine':>10} {'median':>9} {'mean':>9} {'values':>7}")
    for n in (100, 1000):
        xs = [rng.uniform(-1, 1) for _ in range(n)]
        ys = [rng.uniform(-1, 1) for _ in range(n)]
        results = {}
        engines = [("autograd", Value)] + ([("micrograd", MicrogradValue)] if MicrogradValue else [])
        for name, cls in engines:
            if name == "micrograd" and n >= 1000:
                sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))  # its recursive topo
            times = time_repeats(lambda cls=cls: polynomial_mse(cls, coeffs, xs, ys), args.repeats)
            results[name] = (statistics.median(times) * 1e3, statistics.mean(times) * 1e3)
            size = len(polynomial_mse(Value, coeffs, xs, ys).topological_order())
            print(f"{n:>5} {name:>10} {results[name][0]:>9.2f} {results[name][1]:>9.2f} {size:>7}")
        if "micrograd" in results:
            (om, oa), (mm, ma) = results["autograd"], results["micrograd"]
            print(f"{n:>5} {'speed-up':>10} {mm / om:>8.2f}x {ma / oa:>8.2f}x")

    start = Value(1.0)
    t0 = time.perf_counter()
    node = start
    for _ in range(args.chain):
        node = node + 1.0
    t1 = time.perf_counter()
    node.backward()
    t2 = time.perf_counter()
    assert start.grad == 1.0
    print(f"chain of {args.chain:,} additions: build {t1 - t0:.2f} s, backward {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
