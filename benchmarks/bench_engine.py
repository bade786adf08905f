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
from functools import partial

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


def time_repeats(fn, repeats: int) -> tuple[list[float], list[float]]:
    """Times of fn() (build + backward) and of fn() plus freeing the graph it returns.

    The graph is kept alive until the clock stops for the first number: freeing it is a
    separate cost (immediate for our acyclic graphs; micrograd's closures make reference
    cycles, so its graphs wait for the cyclic garbage collector, which then runs inside
    some later repeat and shows up in the mean).
    """
    fn()  # warm-up
    build_backward, with_teardown = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        t1 = time.perf_counter()
        del result
        t2 = time.perf_counter()
        build_backward.append(t1 - t0)
        with_teardown.append(t2 - t0)
    return build_backward, with_teardown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--chain", type=int, default=1_000_000)
    args = parser.parse_args()

    rng = random.Random(0)
    coeffs = [rng.uniform(-1, 1) for _ in range(6)]
    print(f"forward build + backward, {args.repeats} repeats, times in ms")
    print("(+free: the same, plus freeing the graph afterwards)")
    print(
        f"{'N':>5} {'engine':>10} {'median':>9} {'mean':>9} {'median+free':>12} "
        f"{'mean+free':>10} {'values':>7}"
    )
    for n in (100, 1000):
        xs = [rng.uniform(-1, 1) for _ in range(n)]
        ys = [rng.uniform(-1, 1) for _ in range(n)]
        results = {}
        engines = [("autograd", Value)] + (
            [("micrograd", MicrogradValue)] if MicrogradValue else []
        )
        for name, cls in engines:
            if name == "micrograd" and n >= 1000:
                sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))  # its recursive topo
            runs = time_repeats(partial(polynomial_mse, cls, coeffs, xs, ys), args.repeats)
            results[name] = [f(t) * 1e3 for t in runs for f in (statistics.median, statistics.mean)]
            size = len(polynomial_mse(Value, coeffs, xs, ys).topological_order())
            cells = "".join(f"{v:>{w}.2f}" for v, w in zip(results[name], (10, 10, 13, 11)))
            print(f"{n:>5} {name:>10}{cells} {size:>7}")
        if "micrograd" in results:
            ratios = [m / o for m, o in zip(results["micrograd"], results["autograd"])]
            cells = "".join(f"{r:>{w - 1}.2f}x" for r, w in zip(ratios, (10, 10, 13, 11)))
            print(f"{n:>5} {'speed-up':>10}{cells}")

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
