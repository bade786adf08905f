// plot.js draws every item kind from a widget model without throwing, and the computed
// kinds (polynomial, secant) become the lines they stand for. A stand-in canvas records
// the drawing calls; the real drawing is checked in the browser tests.
import assert from "node:assert/strict";
import { test } from "node:test";

function recordingContext(calls) {
  return new Proxy({}, {
    get(target, name) {
      if (name in target) return target[name];
      if (name === "measureText") return (text) => ({ width: 6 * String(text).length });
      return (...args) => calls.push([name, ...args]);
    },
    set(target, name, value) {
      target[name] = value;
      return true;
    },
  });
}

function fakeElement(calls) {
  return {
    style: {}, dataset: {}, classList: { add() {} }, children: [],
    appendChild(child) { this.children.push(child); },
    setAttribute() {}, dispatchEvent() {}, addEventListener() {}, removeEventListener() {},
    getContext: () => recordingContext(calls),
  };
}

function fakeModel(state) {
  const handlers = {};
  return {
    get: (name) => state[name],
    on: (event, handler) => { handlers[event] = handler; },
    off: () => {},
    set(name, value) { state[name] = value; handlers[`change:${name}`]?.(); },
  };
}

test("every item kind is drawn, and the computed ones from their numbers", async () => {
  const calls = [];
  globalThis.window = { devicePixelRatio: 1 };
  globalThis.performance ??= { now: () => 0 };
  globalThis.CustomEvent = class { constructor(type, options) { this.type = type; this.detail = options?.detail; } };
  globalThis.document = {
    createElement: () => fakeElement(calls),
    addEventListener() {}, removeEventListener() {},
  };
  globalThis.ImageData = class { constructor(w, h) { this.data = new Uint8ClampedArray(4 * w * h); } };
  const { default: widget } = await import("../../../autograd/widgets/js/plot.js");
  const model = fakeModel({
    width: 400, height: 300, title: "t", x_label: "x", y_label: "y", x_range: [-1, 3],
    y_range: [0, 20], y_log: false, legend: "upper left", x_ticks: [], x: 2, h: 1,
    background: [{ kind: "points", x: [0, 1], y: [1, 2], colour: "#777", label: "points" }],
    series: [
      { kind: "line", x: [0, 1], y: [1, null], label: "line" },
      { kind: "bars", x: [0, 1], y: [3, 4], bar_width: 0.4, label: "bars" },
      { kind: "hline", y: 5 }, { kind: "vline", x: 0.5 },
      { kind: "image", values: [[-1, 1], [0, 0.5]], extent: [-1, 3, 0, 20], alpha: 0.5 },
    ],
    overlay: [
      { kind: "polynomial", coefficients: [5, -4, 3], label: "your curve", link: "L" },
      { kind: "secant", coefficients: [5, -4, 3], x: "x", h: "h" },
    ],
  });
  const el = fakeElement(calls);
  const cleanup = widget.render({ model, el });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const texts = calls.filter(([name]) => name === "fillText").map(([, text]) => text);
  // the secant's labels carry the slopes it computed: (f(3) - f(2)) / 1 = 11, f'(2) = 8
  assert.ok(texts.includes("secant through x, x + h: slope 11.0000"), texts.join(" | "));
  assert.ok(texts.includes("tangent at x: slope 8.0000"));
  assert.ok(texts.includes("your curve") && texts.includes("bars"));
  assert.ok(calls.some(([name]) => name === "fillRect"));
  // moving the trait the secant reads redraws with the new x: f(1.5) ... slope (f(2.5)-f(1.5))
  calls.length = 0;
  model.set("x", 1.5);
  await new Promise((resolve) => setTimeout(resolve, 0));
  const moved = calls.filter(([name]) => name === "fillText").map(([, text]) => text);
  assert.ok(moved.includes("secant through x, x + h: slope 8.0000"), moved.join(" | "));
  cleanup();
});
