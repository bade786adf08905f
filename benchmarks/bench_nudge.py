"""Benchmark the nudge panel and the polynomial fit; prints a table of the numbers.

1. Slider-change latency at N = 50, 100, 200 points, p50 and p95 over many changes:
   "callback" is what the kernel does when a slider moves (forward + backward pass,
   readouts, set_data, draw_idle); "+ render" adds what the browser's redraw request then
   costs in the kernel (Agg draw of both figures and the image diff ipympl sends).
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

from autograd.polyfit import (
    GradientDescent,
    Polynomial,
    conditioning,
    fit_polynomial,
    make_dataset,
)
from autograd.widgets.nudge import NudgePanel

SLIDER_CHANGES = 120
TRAINING_STEPS = 200
FIT_REPEATS = 5


def percentile(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples) * 1e3, q))


def render(panel: NudgePanel) -> None:
    """What the browser's "draw" request makes the kernel do, for both figures."""
    for figure in (panel.data_figure, panel.loss_figure):
        figure.canvas.handle_draw({})


def slider_latency(n_points: int) -> tuple[list[float], list[float]]:
    panel = NudgePanel(make_dataset(n_points=n_points))
    for figure in (panel.data_figure, panel.loss_figure):
        figure.canvas.syncing_data_url = False  # as with a browser attached: send diffs only
    render(panel)  # the first picture, as on display
    rng = np.random.default_rng(0)
    callback, total = [], []
    for i in range(SLIDER_CHANGES):
        slider = panel.sliders[i % len(panel.sliders)]
        value = round(float(rng.uniform(-1.5, 1.5)), 3)
        start = time.perf_counter()
        slider.value = value
        middle = time.perf_counter()
        render(panel)
        end = time.perf_counter()
        callback.append(middle - start)
        total.append(end - start)
    return callback, total


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
    print("1. slider change latency, ms")
    header = ("N", "callback p50", "callback p95", "+render p50", "+render p95")
    print(f"{header[0]:>5}" + "".join(f" {h:>13}" for h in header[1:]))
    for n in (50, 100, 200):
        callback, total = slider_latency(n)
        print(
            f"{n:>5} {percentile(callback, 50):>13.2f} {percentile(callback, 95):>13.2f}"
            f" {percentile(total, 50):>13.2f} {percentile(total, 95):>13.2f}"
        )
    print("   target: p95 <= 50 ms at N = 100\n")

    alone, with_panel = training_step_times()
    print("2. one training step at N = 100, ms")
    print(f"   step alone: median {statistics.median(alone) * 1e3:.2f}, "
          f"p95 {percentile(alone, 95):.2f}")  # fmt: skip
    print(f"   panel.step() (with readouts and plot updates, no render): median "
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
