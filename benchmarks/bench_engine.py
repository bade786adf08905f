"""Engine benchmark: build + backward of a degree-5 polynomial's MSE loss, against micrograd.

Run: `.venv/bin/python benchmarks/bench_engine.py` (needs the `bench` extra: micrograd==0.1.0).
The loss is written as a learner would write it, the same code for both engines:
    pred = sum(c[k] * x**k for k in range(6));  loss = mean of (pred - y)**2
Each repeat builds the graph and runs backward(). On a busy machine compare the *ratios*
(run it twice: a burst of load on one engine's block shows as a jump in one run only).

Measured in two places, side by side:
1. this bare interpreter;
2. a real Jupyter kernel (started with jupyter_client, as the notebook tests do) after the
   course's imports (numpy, matplotlib, ipywidgets, IPython): about 84,000 more live
   objects for Python's cyclic garbage collector to walk. There the step is also timed
   inside `paused_collector()` (see autograd/collector.py), as the training helpers run it.
Then the time of a 1,000,000-node chain. `--no-kernel` skips part 2.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

SIZES = (100, 1000)


def polynomial_mse(value_cls: type, coeffs: list[float], xs: list[float], ys: list[float]):
    c = [value_cls(k) for k in coeffs]
    errors = []
    for x, y in zip(xs, ys):
        pred = sum(c[k] * x**k for k in range(6))
        errors.append((pred - y) ** 2)
    loss = sum(errors) * (1.0 / len(xs))
    loss.backward()
    return loss


def problem(n: int) -> tuple[list[float], list[float], list[float]]:
    rng = random.Random(n)
    coeffs = [rng.uniform(-1, 1) for _ in range(6)]
    return coeffs, [rng.uniform(-1, 1) for _ in range(n)], [rng.uniform(-1, 1) for _ in range(n)]


def engines() -> dict[str, Callable[..., object]]:
    """name -> one step (build + backward) of that engine; 'paused' = ours in paused_collector."""
    from autograd import Value
    from autograd.collector import paused_collector

    def ours(*args: list[float]) -> object:
        return polynomial_mse(Value, *args)

    def paused(*args: list[float]) -> object:
        with paused_collector():
            return polynomial_mse(Value, *args)

    steps: dict[str, Callable[..., object]] = {"autograd": ours, "paused": paused}
    try:
        from micrograd.engine import Value as MicrogradValue
    except ImportError:  # the bench extra is not installed
        return steps
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))  # micrograd's recursive topo
    steps["micrograd"] = lambda *args: polynomial_mse(MicrogradValue, *args)
    return steps


def measure(repeats: int, sizes: tuple[int, ...] = SIZES) -> dict[str, dict[str, float]]:
    """{'N=100': {'autograd': median ms, ...}, ...}: engines interleaved within each round.

    Each engine runs its repeats in a block of its own, after an untimed `gc.collect()`:
    micrograd's closures make reference cycles that only the collector frees, and its
    garbage must not land in another engine's time. Within a block nothing is forced:
    the collections a learner's loop would trigger count, as does freeing each graph.
    """
    steps = engines()
    results = {}
    for n in sizes:
        args = problem(n)
        results[f"N={n}"] = {}
        for name, step in steps.items():
            gc.collect()  # untimed: no engine pays for the garbage another one left
            step(*args)  # warm-up
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                step(*args)
                times.append(time.perf_counter() - t0)
            results[f"N={n}"][name] = statistics.median(times) * 1e3
    gc.collect()
    results["live objects"] = {"gc.get_objects()": float(len(gc.get_objects()))}
    return results


KERNEL_CODE = """
import json, runpy, sys
import numpy, matplotlib, matplotlib.pyplot, ipywidgets, IPython  # the course's imports
sys.path.insert(0, {root!r})
bench = runpy.run_path({path!r}, run_name="bench_engine_in_kernel")
print(json.dumps(bench["measure"]({repeats})))
"""


def measure_in_kernel(repeats: int) -> dict[str, dict[str, float]]:
    """The same `measure`, run inside a fresh python3 Jupyter kernel."""
    from jupyter_client.manager import start_new_kernel

    here = Path(__file__).resolve()
    code = KERNEL_CODE.format(root=str(here.parents[1]), path=str(here), repeats=repeats)
    km, kc = start_new_kernel(kernel_name="python3")
    chunks: list[str] = []

    def keep_stdout(msg: dict) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            chunks.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            chunks.append("ERROR " + "\n".join(msg["content"]["traceback"]))

    try:
        kc.execute_interactive(code, output_hook=keep_stdout, timeout=1800)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = "".join(chunks)
    if text.startswith("ERROR"):
        raise RuntimeError(f"the benchmark failed in the kernel:\n{text}")
    return json.loads(text.strip().splitlines()[-1])


def report(where: str, results: dict[str, dict[str, float]]) -> None:
    objects = int(results.pop("live objects")["gc.get_objects()"])
    print(f"\n{where} ({objects:,} objects tracked by the collector): median ms per step")
    names = list(next(iter(results.values())))
    print(f"{'':>7}" + "".join(f"{name:>11}" for name in names) + "   micrograd/autograd")
    for size, row in results.items():
        cells = "".join(f"{row[name]:>11.2f}" for name in names)
        ratio = f"{row['micrograd'] / row['autograd']:>10.2f}x" if "micrograd" in row else ""
        print(f"{size:>7}{cells}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--chain", type=int, default=1_000_000)
    parser.add_argument("--no-kernel", action="store_true", help="skip the Jupyter kernel run")
    args = parser.parse_args()

    print("build + backward of the degree-5 MSE loss; 'paused' = autograd in paused_collector()")
    print("(measured on a shared machine? compare the ratios, not the milliseconds)")
    bare = measure(args.repeats)
    kernel = None if args.no_kernel else measure_in_kernel(args.repeats)
    n_big = f"N={SIZES[-1]}"
    bare_big = bare[n_big]["autograd"]
    report("bare interpreter", bare)
    if kernel is not None:
        report("Jupyter kernel with numpy, matplotlib, ipywidgets, IPython", kernel)
        row = kernel[n_big]
        print(
            f"\n{n_big} step in the kernel / in the bare interpreter: "
            f"{row['autograd'] / bare_big:.2f}x as is, "
            f"{row['paused'] / bare_big:.2f}x with paused_collector() (target <= 1.2x; "
            f"paused in both: {row['paused'] / bare[n_big]['paused']:.2f}x)"
        )

    from autograd import Value

    start = Value(1.0)
    t0 = time.perf_counter()
    node = start
    for _ in range(args.chain):
        node = node + 1.0
    t1 = time.perf_counter()
    node.backward()
    t2 = time.perf_counter()
    assert start.grad == 1.0
    print(f"\nchain of {args.chain:,} additions: build {t1 - t0:.2f} s, backward {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
