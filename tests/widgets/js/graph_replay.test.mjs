// The browser's replay of the graph stepper (graph.js, stateAt) and the live graph's words
// (edgeWords, signStyle), tested against what the kernel says the page must show.
//
// Run by tests/widgets/test_graph_js.py, which writes the kernel's side (GraphStepper.state() for
// every step of both passes, LiveGraph.state()) into the JSON file named by $GRAPH_CASES.
// No build step, no npm dependencies: `node --test tests/widgets/js/`.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const source = readFileSync(
  fileURLToPath(new URL("../../../autograd/widgets/js/graph.js", import.meta.url)),
  "utf-8",
);
// graph.js is a plain ES module written for anywidget (a .js file outside any package.json
// with "type": "module"): import its text as a module
const graph = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
const cases = process.env.GRAPH_CASES
  ? JSON.parse(readFileSync(process.env.GRAPH_CASES, "utf-8"))
  : { steppers: [], live: [] };

test("the kernel wrote cases to compare against", () => {
  assert.ok(process.env.GRAPH_CASES, "run through tests/widgets/test_graph_js.py (sets GRAPH_CASES)");
  assert.ok(cases.steppers.length > 0 && cases.live.length > 0);
});

for (const { name, steps, states } of cases.steppers) {
  test(`stateAt replays every step of ${name} as GraphStepper.state() says`, () => {
    for (const phase of ["forward", "backward"]) {
      assert.equal(states[phase].length, steps[phase].length);
      states[phase].forEach((expected, k) => {
        const { labels, record } = graph.stateAt(steps, phase, k + 1);
        assert.deepEqual(labels, expected.labels, `${phase} step ${k + 1}: labels`);
        assert.deepEqual(record.highlight, expected.highlight, `${phase} step ${k + 1}`);
        assert.equal(record.upstream, expected.upstream);
        assert.deepEqual(record.flow, expected.flow);
        assert.equal(record.text, expected.text);
      });
    }
  });
}

for (const { name, structure, numbers, state } of cases.live) {
  test(`edgeWords writes LiveGraph.state()'s labels for ${name}`, () => {
    state.edges.forEach((edge, j) => {
      assert.equal(structure.edges[j][0], edge.id);
      assert.equal(graph.edgeWords(structure, numbers, j).label, edge.label);
    });
  });
}

test("signStyle: sign as colour, size as thickness", () => {
  assert.equal(graph.signStyle(2, 4).sign, "positive");
  assert.equal(graph.signStyle(-2, 4).sign, "negative");
  assert.equal(graph.signStyle(0, 4).sign, "zero");
  assert.equal(graph.signStyle(4, 4).width, 4);
  assert.equal(graph.signStyle(0, 0).width, 1);
  assert.ok(graph.signStyle(-1, 4).width < graph.signStyle(-3, 4).width);
  assert.equal(graph.signStyle(1e300, 1e300).width, 4); // an overflowed grad stays drawable
});
