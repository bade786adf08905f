"""Benchmark the nudge panel and the polynomial fit; prints a table of the numbers.

1. Slider-change cost in the kernel at N = 50, 100, 200, 1000 points, p50 and p95 over
   many moves sent as the browser sends them (`KnobSlider.browser_move`): "picture" is the
   time until the new coefficients and loss marker are handed to the browser (numpy, before the
   engine runs), "graph" until the live graph of one point (`graph=True`) has its new
   numbers, "all" the whole move (forward + backward pass, readouts). The browser
   draws the plots itself; benchmarks/bench_panel_browser.py measures the real browser.
   Target: p95 <= 50 ms at N = 100.
2. One training step at N = 100 (forward + backward + nudge), alone and with the panel.
3. Steps and wall time for the default training (momentum 0.9, half the largest stable
   rate) to reach 1.01x the least-squares loss, against plain gradient descent at its
   best fixed rate 2/(lambda_max + lambda_min) and at 95% of the limit 2/lambda_max.
   Target: default training under 1 s.

Run: .venv/bin/python benchmarks/bench_nudge.py
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np

from autograd.conditioning import conditioning
from autograd.polyfit import GradientDescent, Polynomial, fit_polynomial, make_dataset
from autograd.widgets.nudge import NudgePanel

SLIDER_CHANGES = 120
TRAINING_STEPS = 200
FIT_REPEATS = 5


def percentile(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples) * 1e3, q))


def slider_latency(n_points: int) -> tuple[list[float], list[float], list[float]]:
    panel = NudgePanel(make_dataset(n_points=n_points), graph=True)
    rng = np.random.default_rng(0)
    picture, graph, total = [], [], []
    sent: list[float] = []
    drawn: list[float] = []
    # the moment the new curve is handed to the widget layer (sent to the browser in a kernel)
    panel.fit_plot.observe(lambda _: sent.append(time.perf_counter()), names="coefficients")
    panel.graph.observe(lambda _: drawn.append(time.perf_counter()), names="numbers")
    for i in range(SLIDER_CHANGES):
        slider = panel.sliders[i % len(panel.sliders)]
        value = round(float(rng.uniform(-1.5, 1.5)), 3)
        value = min(slider.max, max(slider.min, value))
        sent.clear()
        drawn.clear()
        start = time.perf_counter()
        slider.browser_move(value, f"gesture-{i}")
        end = time.perf_counter()
        picture.append((sent[0] if sent else end) - start)
        graph.append((drawn[0] if drawn else end) - start)
        total.append(end - start)
    return picture, graph, total


def training_step_times() -> tuple[list[float], list[float]]:
    data = make_dataset(n_points=100)
    run = GradientDescent(Polynomial(), data, momentum=0.9)
    alone = []
    for _ in range(TRAINING_STEPS):
        start = time.perf_counter()
        run.step()
        alone.append(time.perf_counter() - start)
    panel = NudgePanel(data)
    with_panel = []
    for _ in range(TRAINING_STEPS // 4):
        start = time.perf_counter()
        panel.step()
        with_panel.append(time.perf_counter() - start)
    return alone, with_panel


def time_fit(**kwargs: object) -> tuple[int | None, float]:
    data = make_dataset()
    times, steps = [], None
    for _ in range(FIT_REPEATS):
        start = time.perf_counter()
        result = fit_polynomial(data, target_ratio=1.01, **kwargs)
        times.append(time.perf_counter() - start)
        steps = result.reached_target_at
    return steps, statistics.median(times)


def main() -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Nudge panel benchmark (in-kernel, no browser attached; load average {load})\n")
    print("1. slider move in the kernel, ms")
    header = ("N", "picture p50", "picture p95", "graph p50", "graph p95", "all p50", "all p95")
    print(f"{header[0]:>5}" + "".join(f" {h:>12}" for h in header[1:]))
    for n in (50, 100, 200, 1000):
        columns = slider_latency(n)
        cells = [f" {percentile(c, 50):>12.2f} {percentile(c, 95):>12.2f}" for c in columns]
        print(f"{n:>5}" + "".join(cells))
    print("   target: p95 <= 50 ms at N = 100\n")

    alone, with_panel = training_step_times()
    print("2. one training step at N = 100, ms")
    print(f"   step alone: median {statistics.median(alone) * 1e3:.2f}, "
          f"p95 {percentile(alone, 95):.2f}")  # fmt: skip
    print(f"   panel.step() (with readouts and plot updates): median "
          f"{statistics.median(with_panel) * 1e3:.2f}\n")  # fmt: skip

    shape = conditioning(make_dataset().x)
    limit = shape.largest_stable_learning_rate()
    best_plain = 2.0 / float(shape.eigenvalues[-1] + shape.eigenvalues[0])
    print("3. default training (N = 100, from all knobs at 0) to 1.01x the least-squares loss")
    print(f"   condition number {shape.condition_number:,.0f}; largest stable rate "
          f"{shape.largest_stable_learning_rate():.3f} plain, "
          f"{shape.largest_stable_learning_rate(0.9):.3f} with momentum 0.9")  # fmt: skip
    for name, kwargs in (
        ("default: momentum 0.9, rate = half the stable limit", {}),
        (f"plain, best fixed rate 2/(λmax+λmin) = {best_plain:.4f}",
         {"learning_rate": best_plain, "momentum": 0.0, "max_steps": 5000}),
        (f"plain, 95% of the limit 2/λmax = {0.95 * limit:.4f}",
         {"learning_rate": 0.95 * limit, "momentum": 0.0, "max_steps": 5000}),
    ):  # fmt: skip
        steps, seconds = time_fit(**kwargs)
        print(f"   {name}: {steps} steps, {seconds:.3f} s (median of {FIT_REPEATS})")
    print("   target: default training under 1 s")


if __name__ == "__main__":
    main()
