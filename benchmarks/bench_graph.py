"""Benchmark: drawing a 100-Value graph to SVG, and one GraphStepper step.

Targets (issue 3): draw to SVG under 0.5 s median; one stepper step under 0.3 s median.
Run: .venv/bin/python benchmarks/bench_graph.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from autograd import Value, draw_graph
from autograd.widgets import GraphStepper

REPEATS = 11


def neuron(pairs: int) -> Value:
    """tanh(sum of w_i * x_i): 2n leaves, n products, n - 1 sums and a tanh = 4n Values."""
    total = None
    for i in range(pairs):
        term = Value(0.1 * i - 1.0, f"w{i}") * Value(0.05 * i, f"x{i}")
        total = term if total is None else total + term
    out = total.tanh()
    out.label = "out"
    return out


def polynomial_loss(points: int) -> Value:
    """Mean squared error of k0 + k1 x + ... + k5 x^5, coefficients shared by all points.

    5 points make 109 Values, with the many crossing edges of shared parameters.
    """
    ks = [Value(0.1 * k, f"k{k}") for k in range(6)]
    loss = Value(0.0, "zero")
    for i in range(points):
        x = Value(-1.0 + 2.0 * i / (points - 1), f"x{i}")
        y = sum((ks[k] * x**k for k in range(1, 6)), ks[0])
        loss = loss + (y - 1.0) ** 2
    return loss / points


def timings(action: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    root = neuron(25)
    count = len(root.topological_order())
    assert count == 100, count

    rows = []
    draw = timings(lambda: draw_graph(root).pipe(format="svg"))
    rows.append(("draw 100-Value graph to SVG", draw, 0.5))
    poly = polynomial_loss(5)
    draw_poly = timings(lambda: draw_graph(poly).pipe(format="svg"))
    rows.append(
        (f"draw {len(poly.topological_order())}-Value polynomial loss to SVG", draw_poly, 0.5)
    )

    stepper = GraphStepper(root, phase="backward")
    step = timings(stepper.next_button.click, repeats=21)  # each a new, uncached step
    rows.append(("stepper step, 100 Values (new step)", step, 0.3))
    revisit = timings(stepper.prev_button.click, repeats=21)  # cached pictures
    rows.append(("stepper step, 100 Values (revisited)", revisit, 0.3))

    small = GraphStepper(neuron(3))  # 12 Values: a lesson-sized graph
    small_step = timings(small.next_button.click, repeats=small.step_count - 1)
    rows.append(("stepper step, 12 Values (new step)", small_step, 0.3))

    build = timings(lambda: GraphStepper(root), repeats=5)
    rows.append(("GraphStepper(100 Values) construction", build, None))

    print(f"{'what':<44} {'median ms':>10} {'mean ms':>10} {'n':>4} {'target':>14}")
    for name, times, target in rows:
        median, mean = statistics.median(times) * 1e3, statistics.mean(times) * 1e3
        verdict = "" if target is None else f"< {target * 1e3:.0f} ms"
        if target is not None:
            verdict += " ok" if median < target * 1e3 else " MISSED"
        print(f"{name:<44} {median:>10.1f} {mean:>10.1f} {len(times):>4} {verdict:>14}")


if __name__ == "__main__":
    main()
