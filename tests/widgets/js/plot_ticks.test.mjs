// The tick labels of autograd/widgets/js/plot.js: every label is its tick's true value.
// Run with `node --test tests/js/plot_*.test.mjs` (tests/test_plot_js.py does, under pytest).
import assert from "node:assert/strict";
import { test } from "node:test";

import { decimalsFor, formatTick, linearTicks, logTicks } from "../../../autograd/widgets/js/plot.js";

test("a tick at 2.5 reads 2.5, not 3 (issue 23)", () => {
  const labels = linearTicks(0, 12, 5).map((t) => t.label);
  assert.deepEqual(labels, ["0", "2.5", "5.0", "7.5", "10.0"]);
});

test("every label parses back to its tick's value", () => {
  for (const [low, high] of [[0, 1], [0, 12], [-3, 7], [0.001, 0.0123], [0, 2.5e6],
    [-1e-5, 1e-5], [0, 300], [0.3, 0.9], [1234, 1299], [0, 0.25]]) {
    const ticks = linearTicks(low, high, 5);
    assert.ok(ticks.length >= 2, `${low}..${high}: ${ticks.length} ticks`);
    for (const tick of ticks) {
      const read = Number(tick.label);
      const tolerance = 1e-9 * Math.max(1, Math.abs(tick.value));
      assert.ok(Math.abs(read - tick.value) <= tolerance, `${tick.label} for ${tick.value}`);
    }
  }
});

test("ticks are round multiples of the step, with no float drift", () => {
  assert.deepEqual(linearTicks(0, 1, 5).map((t) => t.label), ["0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
  assert.deepEqual(linearTicks(0.1, 0.7, 3).map((t) => t.label), ["0.2", "0.4", "0.6"]);
});

test("decimals follow the step", () => {
  assert.equal(decimalsFor(1), 0);
  assert.equal(decimalsFor(2.5), 1);
  assert.equal(decimalsFor(0.25), 2);
  assert.equal(decimalsFor(0.05), 2);
  assert.equal(decimalsFor(500), 0);
});

test("large and tiny values in exponent form keep their digits", () => {
  assert.equal(formatTick(250000, 50000), "2.5e+5");
  assert.equal(formatTick(0.00025, 0.00005), "2.5e-4");
  assert.equal(formatTick(0, 1), "0");
});

test("log ticks: one per decade, labelled with the value", () => {
  const ticks = logTicks(-3, 1); // 1e-3 .. 10
  assert.deepEqual(ticks.map((t) => t.label), ["0.001", "0.01", "0.1", "1", "10"]);
  for (const tick of ticks) assert.equal(Number(tick.label), Math.pow(10, tick.value));
});
