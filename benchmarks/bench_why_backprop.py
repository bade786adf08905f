"""Why backprop, measured: every knob's gradient by nudging, by forward mode, and by backprop.

Run: `.venv/bin/python benchmarks/bench_why_backprop.py [--repeats N]`.

For notebook 6's polynomial (6 knobs, 100 points) and notebook 9's MLP(2, [8, 8, 1])
(105 knobs, 40 points), the time of one full gradient:

* backprop: one forward pass that builds the graph, one backward pass;
* nudging: a central difference per knob, two loss evaluations each (all knobs, no sampling:
  notebook 9 times six knobs and scales up, to stay quick);
* forward mode (polynomial only): one pass of dual numbers per knob.

Median of the repeats, in milliseconds; the pass counts are exact. Also the step counts of
notebook 7's change of basis (plain gradient descent to within 1% of the floor).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from autograd import MLP, Value
from autograd.bases import curvatures, features, fit_by_gradient_descent
from autograd.dual import gradient_by_forward_mode
from autograd.nn import two_moons
from autograd.polyfit import Polynomial, make_dataset, mse_loss


def median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def nudge_all(knobs: Sequence[Value], loss: Callable[[], Value], h: float = 1e-6) -> list[float]:
    slopes = []
    for knob in knobs:
        old = knob.data
        knob.data = old + h
        up = loss().data
        knob.data = old - h
        down = loss().data
        knob.data = old
        slopes.append((up - down) / (2 * h))
    return slopes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)

    xs, ys = make_dataset().points
    points, labels = two_moons(40, noise=0.1, seed=2)
    poly, net = Polynomial(), MLP(2, [8, 8, 1], seed=2)
    problems = {
        "polynomial": (poly, lambda: mse_loss(poly, xs, ys)),
        "MLP(2, [8, 8, 1])": (
            net,
            lambda: sum((net(x) - y) ** 2 for x, y in zip(points, labels)) / len(points),
        ),
    }
    print(f"{'':20}{'knobs':>6}{'backprop ms':>13}{'nudging ms':>12}{'evaluations':>13}")
    for name, (model, loss) in problems.items():
        knobs = model.parameters()

        def backprop(model=model, loss=loss) -> None:
            model.zero_grad()
            loss().backward()

        backprop_ms = median_ms(backprop, args.repeats)
        nudging_ms = median_ms(lambda knobs=knobs, loss=loss: nudge_all(knobs, loss), 1)
        print(f"{name:20}{len(knobs):6d}{backprop_ms:13.1f}{nudging_ms:12.1f}{2 * len(knobs):13d}")

    def polynomial_loss(*k):
        fits = (sum(kj * x**j for j, kj in enumerate(k)) for x in xs)
        return sum((fit - y) ** 2 for fit, y in zip(fits, ys)) / len(xs)

    forward_ms = median_ms(lambda: gradient_by_forward_mode(polynomial_loss, [0.0] * 6), 1)
    print(f"forward mode, polynomial: 6 passes, {forward_ms:.1f} ms")

    data = make_dataset()
    for basis in ("powers", "legendre", "powers of (x+1)/2"):
        F = features(data.x, basis)
        lam = curvatures(F)
        fit = fit_by_gradient_descent(F, data.y, 2 / (lam[-1] + lam[0]), 20000)
        step = fit.first_step_within(0.01)
        reached = f"at step {step}" if step is not None else "never in 20,000 steps"
        print(f"{basis:>18}: condition number {lam[-1] / lam[0]:,.1f}, within 1% {reached}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
