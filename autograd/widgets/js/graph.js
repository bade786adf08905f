// The computation-graph widget (GraphView) and the graph stepper (GraphStepper) in the browser.
//
// The graph is laid out once: the kernel sends the SVG made by Graphviz's `dot`, or, where
// there is no `dot`, the DOT source, and viz.js (Graphviz compiled to WebAssembly, asked
// of the kernel once per page) lays it out here. Stepping then only changes
// classes and texts of that SVG: no new layout and no message to the kernel is awaited, so
// a step costs well under a frame. The kernel is told the new phase and step afterwards
// (fire and forget), so its side stays readable by tests and code.
//
// A plain ES module loaded by anywidget; no build step, no CDN.

const SVG_NS = "http://www.w3.org/2000/svg";

// viz.js is ~1.2 MB: asked of the kernel and imported once per page, whatever number of
// graphs need it (a failed attempt is forgotten, so the next graph tries again).
const vizModules = (globalThis.__autogradVizModules ??= new Map());
const VIZ_TIMEOUT_MS = 120000;

// Ask the widget's kernel side for viz.js's code (anywidget's model.send / "msg:custom").
function requestViz(model) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      model.off("msg:custom", answer);
      reject(new Error("the kernel did not send viz.js (is it running?)"));
    }, VIZ_TIMEOUT_MS);
    function answer(message) {
      if (!message || typeof message.viz_js !== "string") return;
      clearTimeout(timer);
      model.off("msg:custom", answer);
      resolve(message.viz_js);
    }
    model.on("msg:custom", answer);
    model.send({ request: "viz.js" });
  });
}

async function loadViz(model) {
  const version = model.get("viz_version");
  if (!version) throw new Error("no viz.js to lay the graph out with");
  if (!vizModules.has(version)) {
    const loading = requestViz(model)
      .then((code) => {
        const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
        return import(/* webpackIgnore: true */ url);
      })
      .then((module) => module.instance());
    loading.catch(() => vizModules.delete(version));
    vizModules.set(version, loading);
  }
  return { viz: await vizModules.get(version), version };
}

// The SVG text of the graph: the kernel's, or laid out here (and sent back, so that the
// widget state saved with the notebook holds the picture too).
async function layOut(model) {
  const svg = model.get("svg");
  if (svg) return svg;
  const started = performance.now();
  const { viz, version } = await loadViz(model);
  const text = viz.renderString(model.get("dot"), { format: "svg" });
  model.set("layout_ms", performance.now() - started);
  model.set("layout_engine", `viz.js ${version}`);
  model.set("svg", text);
  model.save_changes();
  return text;
}

function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") throw new Error("the layout did not produce an SVG picture");
  // Wide graphs shrink to the cell's width (the viewBox keeps the proportions).
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const box = svg.viewBox.baseVal;
  svg.style.width = `${box.width * (4 / 3)}px`; // Graphviz points -> CSS pixels
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  // one picture for assistive technology; the step's words (aria-live) say what changes
  svg.setAttribute("role", "img");
  const values = svg.querySelectorAll("g.node.value").length;
  svg.setAttribute("aria-label", `computation graph of ${values} Values`);
  return document.importNode(svg, true);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ------------------------------------------------------------------------------ stepper

// The numbers of each Value box: its <text> elements are [name,] "data ...", "grad ...".
function boxTexts(svg, count) {
  const boxes = [];
  for (let i = 0; i < count; i++) {
    const texts = [...svg.querySelectorAll(`#value-${i} text`)];
    boxes.push({ data: texts[texts.length - 2], grad: texts[texts.length - 1] });
  }
  return boxes;
}

// What step `step` (from 1) of `phase` shows: replayed from the phase's start, so a step
// looks the same however it was reached.
export function stateAt(steps, phase, step) {
  const records = steps[phase];
  const labels = steps.start[phase].map((pair) => pair.slice());
  for (let i = 0; i < step; i++) {
    const [node, field, text] = records[i].set;
    labels[node][field] = text;
  }
  return { labels, record: records[step - 1] };
}

// The "local x upstream = contribution" numbers, written beside the edge they flow along,
// on a white box, on top of everything. Of a few places along the edge (above or below it,
// or beside it top to bottom) the one covering the least of the boxes is taken, so the
// numbers hide as little of the graph as possible.
function writeAlong(svg, path, text, rankdir, boxes) {
  const layer = path.closest("g.graph") || svg;
  const group = document.createElementNS(SVG_NS, "g");
  group.setAttribute("class", "flow-label");
  const back = document.createElementNS(SVG_NS, "rect");
  const label = document.createElementNS(SVG_NS, "text");
  label.textContent = text;
  group.append(back, label);
  layer.append(group);
  const length = path.getTotalLength();
  const across = rankdir !== "TB";
  let best = null;
  for (const t of [0.5, 0.35, 0.65, 0.2, 0.8]) {
    const at = path.getPointAtLength(length * t);
    const places = across
      ? [[at.x, at.y - 6, "middle"], [at.x, at.y + 14, "middle"]]
      : [[at.x + 8, at.y + 4, "start"], [at.x - 8, at.y + 4, "end"]];
    for (const [x, y, anchor] of places) {
      label.setAttribute("x", String(x));
      label.setAttribute("y", String(y));
      label.setAttribute("text-anchor", anchor);
      const box = label.getBBox();
      const covered = boxes.reduce((sum, other) => sum + overlap(box, other), 0);
      if (best === null || covered < best.covered) best = { x, y, anchor, covered, box };
      if (covered === 0) break;
    }
    if (best.covered === 0) break;
  }
  label.setAttribute("x", String(best.x));
  label.setAttribute("y", String(best.y));
  label.setAttribute("text-anchor", best.anchor);
  back.setAttribute("x", String(best.box.x - 3));
  back.setAttribute("y", String(best.box.y - 1));
  back.setAttribute("width", String(best.box.width + 6));
  back.setAttribute("height", String(best.box.height + 2));
  back.setAttribute("rx", "3");
  return group;
}

function overlap(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function buildStepper(model, root, graphBox, svg) {
  const steps = model.get("steps");
  const boxes = boxTexts(svg, steps.names.length);

  const controls = el("div", "stepper-controls");
  const phaseGroup = el("div", "stepper-phase");
  phaseGroup.setAttribute("role", "group");
  phaseGroup.setAttribute("aria-label", "pass");
  const phaseButtons = {};
  for (const phase of ["forward", "backward"]) {
    const button = el("button", `stepper-button stepper-phase-${phase}`, phase);
    button.type = "button";
    button.addEventListener("click", () => go(phase, 1));
    phaseButtons[phase] = button;
    phaseGroup.append(button);
  }
  const prev = el("button", "stepper-button stepper-prev", "◀ Prev");
  const play = el("button", "stepper-button stepper-play", "▶ Play");
  const next = el("button", "stepper-button stepper-next", "Next ▶");
  for (const b of [prev, play, next]) b.type = "button";
  const slider = el("input", "stepper-slider");
  slider.type = "range";
  slider.min = "1";
  slider.setAttribute("aria-label", "step");
  const readout = el("span", "stepper-readout");
  controls.append(phaseGroup, prev, play, next, slider, readout);

  const words = el("div", "stepper-text");
  words.setAttribute("aria-live", "polite"); // screen readers read each new step
  root.insertBefore(controls, graphBox); // controls, then the graph, then the words
  root.append(words);

  let marked = [];
  let flowLabel = null;
  let boxCache = null; // the boxes' outlines, measured once (the layout never changes)
  const nodeBoxes = () =>
    (boxCache ??= [...svg.querySelectorAll("g.node")].map((node) => node.getBBox()));
  let timer = null;
  let shown = { phase: null, step: 0 };
  let telling = false; // true while this view writes phase and step into the model

  function show(phase, step) {
    const t0 = performance.now();
    const count = steps[phase].length;
    const { labels, record } = stateAt(steps, phase, step);
    labels.forEach(([data, grad], i) => {
      const box = boxes[i];
      if (box.data && box.data.textContent !== `data ${data}`) box.data.textContent = `data ${data}`;
      if (box.grad && box.grad.textContent !== `grad ${grad}`) box.grad.textContent = `grad ${grad}`;
    });
    for (const node of marked) node.classList.remove("highlight", "upstream", "flow");
    marked = [];
    const mark = (id, cls) => {
      const node = svg.getElementById ? svg.getElementById(id) : svg.querySelector(`#${id}`);
      if (node) {
        node.classList.add(cls);
        marked.push(node);
      }
    };
    for (const id of record.highlight) mark(id, "highlight");
    if (record.upstream) mark(record.upstream, "upstream");
    if (flowLabel) flowLabel.remove();
    flowLabel = null;
    if (record.flow) {
      mark(record.flow.edge, "flow");
      const edge = svg.querySelector(`#${record.flow.edge}`);
      const path = edge && edge.querySelector("path");
      if (path) flowLabel = writeAlong(svg, path, record.flow.label, steps.rankdir, nodeBoxes());
    }
    words.textContent = record.text;
    for (const [p, button] of Object.entries(phaseButtons)) {
      button.setAttribute("aria-pressed", String(p === phase));
      button.classList.toggle("mod-active", p === phase);
    }
    slider.max = String(count);
    slider.value = String(step);
    readout.textContent = `${step} / ${count}`;
    prev.disabled = step <= 1;
    next.disabled = step >= count;
    shown = { phase, step };
    root.dataset.phase = phase;
    root.dataset.step = String(step);
    root.dataset.stepMs = (performance.now() - t0).toFixed(3);
  }

  // Show at once, then tell the kernel (the picture never waits for it).
  function go(phase, step) {
    const count = steps[phase].length;
    step = Math.min(Math.max(step, 1), count);
    if (phase !== shown.phase) stop();
    if (phase === shown.phase && step === shown.step) return;
    show(phase, step);
    // set() fires change events at once: between the two sets the model would hold the new
    // phase with the old step, which `follow` must not try to show
    telling = true;
    try {
      model.set("phase", phase);
      model.set("step", step);
    } finally {
      telling = false;
    }
    model.save_changes();
  }

  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = "▶ Play";
    play.classList.remove("mod-active");
  }

  function start() {
    if (shown.step >= steps[shown.phase].length) go(shown.phase, 1);
    play.textContent = "⏸ Pause";
    play.classList.add("mod-active");
    timer = setInterval(() => {
      if (shown.step >= steps[shown.phase].length) stop();
      else go(shown.phase, shown.step + 1);
    }, model.get("interval_ms"));
  }

  prev.addEventListener("click", () => go(shown.phase, shown.step - 1));
  next.addEventListener("click", () => go(shown.phase, shown.step + 1));
  play.addEventListener("click", () => (timer === null ? start() : stop()));
  slider.addEventListener("input", () => go(shown.phase, Number(slider.value)));
  root.addEventListener("keydown", (event) => {
    // The range input's own arrow keys do not reach it inside JupyterLab, so every arrow key
    // is handled here (and the native move prevented: one key, one step, everywhere).
    const moves = { ArrowRight: 1, ArrowLeft: -1 };
    if (event.key in moves) go(shown.phase, shown.step + moves[event.key]);
    else if (event.key === "Home") go(shown.phase, 1);
    else if (event.key === "End") go(shown.phase, steps[shown.phase].length);
    else return;
    event.preventDefault();
  });

  // The kernel moved it (stepper.show(...), .next(), ...): follow.
  const follow = () => {
    if (telling) return;
    const phase = model.get("phase");
    const step = Math.min(Math.max(model.get("step"), 1), steps[phase].length);
    if (phase !== shown.phase || step !== shown.step) show(phase, step);
  };
  model.on("change:phase", follow);
  model.on("change:step", follow);
  show(model.get("phase"), model.get("step"));
  return () => {
    stop();
    model.off("change:phase", follow);
    model.off("change:step", follow);
  };
}

// --------------------------------------------------------------------------- live graph

const SIGN_COLOURS = { positive: "#1f77b4", negative: "#ff7f0e", zero: "#9e9e9e" };

// The colour and thickness that show a gradient (or a contribution to one): its sign as
// the colour, its size relative to the largest in the graph as the thickness (square root,
// so small ones stay visible). Pure: tested with node.
export function signStyle(x, largest, thinnest = 1, thickest = 4) {
  const sign = x > 0 ? "positive" : x < 0 ? "negative" : "zero";
  const share = largest > 0 ? Math.sqrt(Math.min(Math.abs(x) / largest, 1)) : 0;
  return { sign, colour: SIGN_COLOURS[sign], width: thinnest + (thickest - thinnest) * share };
}

// The words for edge j: "local × upstream = contribution" with the live numbers.
export function edgeWords(structure, numbers, j) {
  const [, child, out, , op] = structure.edges[j];
  const [local, upstream, contribution] = numbers.edges[j];
  const names = structure.names;
  return {
    label: `${local} × ${upstream} = ${contribution}`,
    sentence:
      `${names[child]} → ${op} → ${names[out]}: local derivative d(${names[out]})/d(${names[child]})` +
      ` ${local} × upstream ${names[out]}.grad ${upstream} = contribution ${contribution}` +
      ` to ${names[child]}.grad`,
  };
}

function renderLive(model, root, graphBox) {
  root.classList.add("live-graph");
  const readout = el("div", "live-readout", "Hover over an edge (or Tab to it) to see its numbers.");
  readout.setAttribute("aria-live", "polite");
  const legend = el(
    "div",
    "live-legend",
    "Colour: the sign of a grad or of an edge's contribution to one (blue +, orange −); " +
      "thickness: its size.",
  );
  root.append(readout, legend);
  let drawn = null; // the SVG now shown and the parts of it that numbers go into
  let hovered = null; // index of the edge hovered or focused
  let flowLabel = null;
  let disposed = false;
  let paints = 0;

  function prepare(svg, structure) {
    const edges = structure.edges.map(([id], j) => {
      const group = svg.getElementById(id);
      if (!group) return null;
      group.setAttribute("tabindex", "0");
      group.setAttribute("focusable", "true");
      group.setAttribute("role", "button");
      const path = group.querySelector("path");
      if (path) {
        // a wide transparent copy of the line: a 1-px edge is hard to hover
        const hit = path.cloneNode(false);
        hit.removeAttribute("stroke");
        hit.setAttribute("class", "hit");
        group.append(hit);
      }
      group.addEventListener("pointerenter", () => enter(j));
      group.addEventListener("focus", () => enter(j));
      group.addEventListener("pointerleave", () => leave(j));
      group.addEventListener("blur", () => leave(j));
      return {
        group,
        path: group.querySelector("path"),
        arrow: group.querySelector("polygon"),
        label: group.querySelector("text"),
      };
    });
    const outlines = structure.names.map((_, i) => {
      const node = svg.getElementById(`value-${i}`);
      return node && node.querySelector("path, polygon");
    });
    let boxCache = null; // measured once: the layout never changes under this SVG
    const nodeBoxes = () =>
      (boxCache ??= [...svg.querySelectorAll("g.node")].map((node) => node.getBBox()));
    return {
      layout: structure.layout,
      svg,
      structure,
      boxes: boxTexts(svg, structure.names.length),
      edges,
      outlines,
      nodeBoxes,
      marked: [],
    };
  }

  function enter(j) {
    hovered = j;
    showHovered();
  }

  function leave(j) {
    if (hovered !== j) return;
    hovered = null;
    showHovered();
  }

  function showHovered() {
    if (flowLabel) flowLabel.remove();
    flowLabel = null;
    for (const edge of drawn ? drawn.edges : []) edge?.group.classList.remove("flow");
    const numbers = model.get("numbers");
    if (hovered === null || !drawn || numbers.layout !== drawn.layout) {
      delete root.dataset.hovered;
      return;
    }
    const edge = drawn.edges[hovered];
    const words = edgeWords(drawn.structure, numbers, hovered);
    if (edge && edge.path) {
      edge.group.classList.add("flow");
      flowLabel = writeAlong(drawn.svg, edge.path, words.label, drawn.structure.rankdir, drawn.nodeBoxes());
    }
    readout.textContent = words.sentence;
    root.dataset.hovered = drawn.structure.edges[hovered][0];
  }

  function paint() {
    const numbers = model.get("numbers");
    if (!drawn || !numbers || numbers.layout !== drawn.layout) return;
    const t0 = performance.now();
    const largestGrad = Math.max(0, ...numbers.nodes.map((n) => Math.abs(n[2])));
    numbers.nodes.forEach(([data, grad, g], i) => {
      const box = drawn.boxes[i];
      if (box.data && box.data.textContent !== `data ${data}`) box.data.textContent = `data ${data}`;
      if (box.grad && box.grad.textContent !== `grad ${grad}`) box.grad.textContent = `grad ${grad}`;
      const outline = drawn.outlines[i];
      if (outline) {
        const style = signStyle(g, largestGrad, 1, 3);
        outline.style.stroke = style.colour;
        outline.style.strokeWidth = `${style.width.toFixed(2)}px`;
      }
      const node = drawn.svg.getElementById(`value-${i}`);
      if (node) node.dataset.grad = grad;
    });
    const largest = Math.max(0, ...numbers.edges.map((e) => Math.abs(e[3])));
    numbers.edges.forEach(([local, , , c], j) => {
      const edge = drawn.edges[j];
      if (!edge) return;
      const style = signStyle(c, largest);
      if (edge.path) {
        edge.path.style.stroke = style.colour;
        edge.path.style.strokeWidth = `${style.width.toFixed(2)}px`;
      }
      if (edge.arrow) {
        edge.arrow.style.stroke = style.colour;
        edge.arrow.style.fill = style.colour;
      }
      if (edge.label && edge.label.textContent !== local) edge.label.textContent = local;
      edge.group.dataset.sign = style.sign;
      edge.group.setAttribute("aria-label", edgeWords(drawn.structure, numbers, j).sentence);
    });
    for (const node of drawn.marked) node.classList.remove("highlight");
    drawn.marked = [];
    for (const id of model.get("highlighted") || []) {
      const node = drawn.svg.getElementById(id);
      if (node) {
        node.classList.add("highlight");
        drawn.marked.push(node);
      }
    }
    if (hovered !== null) showHovered();
    paints += 1;
    root.dataset.paints = String(paints);
    root.dataset.paintMs = (performance.now() - t0).toFixed(3);
  }

  async function layOutAgain() {
    const structure = model.get("structure");
    if (drawn && drawn.layout === structure.layout) return;
    const svg = await laidOut(model, graphBox);
    if (svg === null) return;
    // a newer structure may have come while this one was laid out: that one wins
    if (disposed || model.get("structure").layout !== structure.layout) return;
    graphBox.classList.remove("graph-error");
    graphBox.replaceChildren(svg);
    if (flowLabel) flowLabel.remove();
    flowLabel = null;
    hovered = null;
    drawn = prepare(svg, structure);
    root.dataset.laidOut = "true";
    root.dataset.layout = String(structure.layout);
    paint();
  }

  model.on("change:structure", layOutAgain);
  model.on("change:numbers", paint);
  model.on("change:highlighted", paint);
  const ready = layOutAgain();
  return ready.then(() => () => {
    disposed = true;
    model.off("change:structure", layOutAgain);
    model.off("change:numbers", paint);
    model.off("change:highlighted", paint);
  });
}

// ------------------------------------------------------------------------------ render

// The graph's SVG element: dot's picture from the kernel, or laid out here by viz.js (a
// while: the box says so when it has nothing to show meanwhile). When it cannot be laid
// out, the box says why, the kernel hears it (layout_error), and the answer is null.
async function laidOut(model, graphBox) {
  try {
    if (!model.get("svg")) graphBox.textContent = "laying out the graph…";
    return parseSvg(await layOut(model));
  } catch (error) {
    graphBox.textContent = `The graph could not be laid out: ${error.message || error}`;
    graphBox.classList.add("graph-error");
    model.set("layout_error", String(error.message || error));
    model.save_changes();
    return null;
  }
}

async function render({ model, el: container }) {
  const root = el("div", "autograd-graph");
  // JupyterLab's keyboard shortcuts (arrows move between cells) stay out of the widget.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const graphBox = el("div", "stepper-graph");
  root.append(graphBox);
  container.append(root);
  const structure = model.get("structure");
  if (structure && structure.edges) return renderLive(model, root, graphBox);
  const isStepper = Boolean(model.get("steps") && model.get("steps").names);
  if (isStepper) root.classList.add("graph-stepper");

  const svg = await laidOut(model, graphBox);
  if (svg === null) return;
  graphBox.textContent = "";
  graphBox.append(svg);
  root.dataset.laidOut = "true";
  return isStepper ? buildStepper(model, root, graphBox, svg) : undefined;
}

export default { render };
