// A small 2-D plot drawn on a <canvas> in the browser, from the widget's state alone.
//
// The kernel (autograd/widgets/plot.py) sends what to draw as plain lists: axes ranges,
// labels and three lists of items (background, series, overlay). Each item is one kind of
// mark: a line, points, a horizontal or vertical reference line, bars, an image, or one of
// two curves this module computes from a polynomial's coefficients: the polynomial itself
// (which knob sliders move live) and its secant and tangent (which x and h sliders move),
// so that dragging redraws without a round trip to the kernel (and works without a kernel
// at all: static pages, Pyodide). No item kind knows which lesson uses it.
//
// Everything is drawn from the model's current state, so a saved notebook (widget state
// stored) shows the same picture when a static page renders it.

const FONT = "11px sans-serif";
const TITLE_FONT = "12px sans-serif";
const MARGIN = { left: 58, right: 14, top: 24, bottom: 38 };

// ------------------------------------------------------------------ numbers and ticks
// The decimals that show every multiple of `step` exactly (2.5 needs 1, 0.25 needs 2).
export function decimalsFor(step) {
  for (let decimals = 0; decimals < 12; decimals++) {
    const scaled = step * Math.pow(10, decimals);
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-6 * Math.max(1, Math.abs(scaled))) {
      return decimals;
    }
  }
  return 12;
}

// A tick's label: its true value, in as few characters as that takes (2.5, not 3).
export function formatTick(value, step) {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  // toPrecision(12) drops float noise (0.30000000000000004); toExponential() then shows
  // exactly the digits that remain (2.5e+5, 1e-4)
  if (magnitude >= 1e5 || magnitude < 1e-3) return (+value.toPrecision(12)).toExponential();
  return value.toFixed(decimalsFor(step));
}

export function linearTicks(low, high, count) {
  const span = high - low;
  if (!(span > 0) || !isFinite(span)) return [];
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => span / s <= count) || raw;
  const ticks = [];
  const first = Math.ceil(low / step - 1e-9);
  for (let i = first; i * step <= high + step * 1e-9; i++) {
    const value = i === 0 ? 0 : i * step; // i * step, not a running sum: no drift
    ticks.push({ value, label: formatTick(value, step) });
  }
  return ticks;
}

export function logTicks(low, high) {
  // low/high are log10 of the range; one label per decade, or 1-2-5 within few decades
  const ticks = [];
  const first = Math.floor(low);
  const last = Math.ceil(high);
  const multiples = last - first <= 2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((last - first) / 6));
  for (let decade = first; decade <= last; decade += every) {
    for (const m of multiples) {
      const exponent = decade + Math.log10(m);
      if (exponent >= low - 1e-9 && exponent <= high + 1e-9) {
        const value = m * Math.pow(10, decade);
        const label =
          decade >= -3 && decade <= 4 ? String(+value.toPrecision(3)) : value.toExponential(0);
        ticks.push({ value: exponent, label });
      }
    }
  }
  return ticks;
}

// ------------------------------------------------------------------ colours
// Red (-1), white (0), blue (+1): matplotlib's "RdBu" ends, for the decision regions.
const RED = [178, 24, 43];
const WHITE = [247, 247, 247];
const BLUE = [33, 102, 172];

function diverging(value) {
  const t = Math.max(-1, Math.min(1, value));
  const [from, to, w] = t < 0 ? [WHITE, RED, -t] : [WHITE, BLUE, t];
  return from.map((c, i) => Math.round(c + (to[i] - c) * w));
}

// ------------------------------------------------------------------ computed items
export function polynomial(coefficients, x) {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) y = y * x + coefficients[i];
  return y;
}

function derivative(coefficients, x) {
  let y = 0;
  for (let i = coefficients.length - 1; i >= 1; i--) y = y * x + i * coefficients[i];
  return y;
}

// A number field of an item, or (given as a string) the widget trait of that name.
function bound(model, value) {
  return typeof value === "string" ? model.get(value) : value;
}

// "secant": the line through (x, f(x)) and (x + h, f(x + h)), the tangent at x and the two
// points, computed here from the coefficients (same arithmetic as the kernel's readout).
function secantItems(model, item, xRange) {
  const coefficients = item.coefficients || [];
  if (!coefficients.length) return [];
  const x = bound(model, item.x);
  const h = bound(model, item.h);
  const fx = polynomial(coefficients, x);
  const fxh = polynomial(coefficients, x + h);
  const secant = (fxh - fx) / h;
  const tangent = derivative(coefficients, x);
  const ends = [xRange[0], xRange[1]];
  return [
    { kind: "line", x: ends, y: ends.map((v) => fx + tangent * (v - x)), colour: "#2ca02c",
      width: 1.5, dash: [6, 4], label: `tangent at x: slope ${tangent.toFixed(4)}` },
    { kind: "line", x: ends, y: ends.map((v) => fx + secant * (v - x)), colour: "#ff7f0e",
      width: 2, label: `secant through x, x + h: slope ${secant.toFixed(4)}` },
    { kind: "points", x: [x, x + h], y: [fx, fxh], colour: "#ff7f0e", size: 4 },
  ];
}

// "polynomial": k0 + k1 x + ... as a line over the plot's x range. `overrides` ({index:
// value}) holds the knob values the learner is moving right now (from the sliders that
// share the plot's KnobLink, in the browser), which win over the kernel's copy in an item
// with `link` until the slider lets go.
function polynomialItems(item, xRange, overrides) {
  const coefficients = [...(item.coefficients || [])];
  if (item.link) for (const [index, value] of Object.entries(overrides)) coefficients[Number(index)] = value;
  if (!coefficients.length) return [];
  const xs = [];
  const ys = [];
  for (let i = 0; i < 200; i++) {
    const x = xRange[0] + ((xRange[1] - xRange[0]) * i) / 199;
    xs.push(x);
    ys.push(polynomial(coefficients, x));
  }
  return [{ ...item, kind: "line", x: xs, y: ys, width: item.width || 2 }];
}

// The computed kinds become plain lines and points; every other item stays as it is.
function expand(model, item, xRange, overrides) {
  if (item.kind === "polynomial") return polynomialItems(item, xRange, overrides);
  if (item.kind === "secant") return secantItems(model, item, xRange);
  return [item];
}

// ------------------------------------------------------------------ drawing
function draw(model, canvas, context, overrides) {
  const width = model.get("width");
  const height = model.get("height");
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const ctx = context;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);

  const logY = model.get("y_log");
  const xRange = model.get("x_range");
  let yRange = model.get("y_range");
  if (logY) yRange = yRange.map((v) => Math.log10(Math.max(v, 1e-300)));
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const toX = (x) => left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (right - left);
  const toY = (y) => {
    const v = logY ? Math.log10(y) : y;
    return bottom - ((v - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - top);
  };

  // grid and ticks
  ctx.font = FONT;
  ctx.strokeStyle = "#e6e6e6";
  ctx.fillStyle = "#333333";
  ctx.lineWidth = 1;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const fixedTicks = (model.get("x_ticks") || []).map(([value, label]) => ({ value, label }));
  for (const tick of fixedTicks.length ? fixedTicks : linearTicks(xRange[0], xRange[1], 5)) {
    const px = toX(tick.value);
    ctx.beginPath();
    ctx.moveTo(px, top);
    ctx.lineTo(px, bottom);
    ctx.stroke();
    ctx.fillText(tick.label, px, bottom + 4);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  const yTicks = logY ? logTicks(yRange[0], yRange[1]) : linearTicks(yRange[0], yRange[1], 5);
  for (const tick of yTicks) {
    const py = bottom - ((tick.value - yRange[0]) / (yRange[1] - yRange[0])) * (bottom - top);
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(right, py);
    ctx.stroke();
    ctx.fillText(tick.label, left - 4, py);
  }

  // the items, clipped to the axes
  const items = [...model.get("background"), ...model.get("series"), ...model.get("overlay")]
    .flatMap((item) => expand(model, item, xRange, overrides));
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();
  for (const item of items) {
    if (item.visible === false) continue;
    drawItem(ctx, item, toX, toY, { left, right, top, bottom }, logY);
  }
  ctx.restore();

  // frame, labels, title, legend
  ctx.strokeStyle = "#444444";
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = "#222222";
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(model.get("x_label"), (left + right) / 2, height - 2);
  ctx.save();
  ctx.translate(12, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(model.get("y_label"), 0, 0);
  ctx.restore();
  ctx.font = TITLE_FONT;
  ctx.textBaseline = "middle";
  ctx.fillText(model.get("title"), (left + right) / 2, top / 2);
  drawLegend(ctx, items.filter((i) => i.label && i.visible !== false), model.get("legend"),
    { left, right, top, bottom });
}

function setStroke(ctx, item) {
  ctx.strokeStyle = item.colour || "#1f77b4";
  ctx.lineWidth = item.width || 1.5;
  ctx.setLineDash(item.dash || []);
}

function drawItem(ctx, item, toX, toY, box, logY) {
  if (item.kind === "line") {
    setStroke(ctx, item);
    ctx.beginPath();
    let pen = false;
    const xs = item.x;
    const ys = item.y;
    for (let i = 0; i < xs.length; i++) {
      const y = ys[i];
      if (y === null || !isFinite(y) || (logY && y <= 0)) {
        pen = false;
        continue;
      }
      const px = toX(xs[i]);
      const py = Math.max(-1e4, Math.min(1e4, toY(y)));
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  } else if (item.kind === "points") {
    const size = item.size || 3;
    const colours = item.colours;
    for (let i = 0; i < item.x.length; i++) {
      const y = item.y[i];
      if (y === null || !isFinite(y) || (logY && y <= 0)) continue;
      ctx.beginPath();
      ctx.arc(toX(item.x[i]), toY(y), size, 0, 2 * Math.PI);
      ctx.fillStyle = colours ? colours[i] : item.colour || "#737373";
      ctx.fill();
      if (item.edge) {
        ctx.strokeStyle = item.edge;
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    }
  } else if (item.kind === "hline" || item.kind === "vline") {
    setStroke(ctx, item);
    ctx.beginPath();
    if (item.kind === "hline") {
      const py = toY(item.y);
      ctx.moveTo(box.left, py);
      ctx.lineTo(box.right, py);
    } else {
      const px = toX(item.x);
      ctx.moveTo(px, box.top);
      ctx.lineTo(px, box.bottom);
    }
    ctx.stroke();
    ctx.setLineDash([]);
  } else if (item.kind === "bars") {
    ctx.fillStyle = item.colour || "#1f77b4";
    const half = (item.bar_width || 0.8) / 2;
    const base = logY ? null : toY(0);
    for (let i = 0; i < item.x.length; i++) {
      const y = item.y[i];
      if (y === null || !isFinite(y) || (logY && y <= 0)) continue;
      const x0 = toX(item.x[i] - half);
      const x1 = toX(item.x[i] + half);
      const top = Math.max(-1e4, Math.min(1e4, toY(y)));
      const bottom = base === null ? box.bottom : base;
      ctx.fillRect(x0, Math.min(top, bottom), x1 - x0, Math.abs(bottom - top));
    }
  } else if (item.kind === "image") {
    drawImage(ctx, item, toX, toY);
  }
}

function drawImage(ctx, item, toX, toY) {
  const rows = item.values;
  const ny = rows.length;
  const nx = ny ? rows[0].length : 0;
  if (!nx) return;
  const picture = new ImageData(nx, ny);
  const alpha = Math.round(255 * (item.alpha ?? 1));
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const [red, green, blue] = diverging(rows[ny - 1 - r][c]); // row 0 is the bottom
      const at = 4 * (r * nx + c);
      picture.data[at] = red;
      picture.data[at + 1] = green;
      picture.data[at + 2] = blue;
      picture.data[at + 3] = alpha;
    }
  }
  const scratch = document.createElement("canvas");
  scratch.width = nx;
  scratch.height = ny;
  scratch.getContext("2d").putImageData(picture, 0, 0);
  const [x0, x1, y0, y1] = item.extent;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, toX(x0), toY(y1), toX(x1) - toX(x0), toY(y0) - toY(y1));
}

function drawLegend(ctx, items, where, box) {
  if (!items.length || where === "none") return;
  ctx.font = FONT;
  const lineHeight = 15;
  const widest = Math.max(...items.map((i) => ctx.measureText(i.label).width));
  const boxWidth = widest + 34;
  const boxHeight = items.length * lineHeight + 6;
  const x = where === "upper right" ? box.right - boxWidth - 6 : box.left + 6;
  const y = box.top + 6;
  ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
  ctx.fillRect(x, y, boxWidth, boxHeight);
  ctx.strokeStyle = "#cccccc";
  ctx.lineWidth = 1;
  ctx.strokeRect(x, y, boxWidth, boxHeight);
  items.forEach((item, i) => {
    const cy = y + 3 + lineHeight * (i + 0.5);
    if (item.kind === "bars") {
      ctx.fillStyle = item.colour || "#1f77b4";
      ctx.fillRect(x + 6, cy - 5, 16, 10);
    } else if (item.kind === "points") {
      ctx.beginPath();
      ctx.arc(x + 14, cy, item.size || 3, 0, 2 * Math.PI);
      ctx.fillStyle = item.colour || "#737373";
      ctx.fill();
    } else {
      setStroke(ctx, item);
      ctx.beginPath();
      ctx.moveTo(x + 5, cy);
      ctx.lineTo(x + 24, cy);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = "#222222";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(item.label, x + 29, cy);
  });
}

// The data coordinates under a pointer event, and how much one pixel is worth there.
function dataAt(model, canvas, event) {
  const box = canvas.getBoundingClientRect();
  const px = ((event.clientX - box.left) * model.get("width")) / box.width;
  const py = ((event.clientY - box.top) * model.get("height")) / box.height;
  const left = MARGIN.left;
  const right = model.get("width") - MARGIN.right;
  const top = MARGIN.top;
  const bottom = model.get("height") - MARGIN.bottom;
  if (px < left || px > right || py < top || py > bottom) return null; // outside the axes
  const [x0, x1] = model.get("x_range");
  let [y0, y1] = model.get("y_range");
  const logY = model.get("y_log");
  if (logY) [y0, y1] = [y0, y1].map((v) => Math.log10(Math.max(v, 1e-300)));
  const x = x0 + ((px - left) / (right - left)) * (x1 - x0);
  const v = y0 + ((bottom - py) / (bottom - top)) * (y1 - y0);
  return {
    x, y: logY ? Math.pow(10, v) : v,
    x_per_pixel: (x1 - x0) / (right - left), y_per_pixel: (y1 - y0) / (bottom - top),
  };
}

// ------------------------------------------------------------------ the widget
const WATCHED = [
  "width", "height", "title", "x_label", "y_label", "x_range", "y_range", "y_log",
  "legend", "x_ticks", "background", "series", "overlay", "clickable",
];

// The traits an item reads by name (a string field such as "x": "x"): watched as well.
function boundTraits(model) {
  const names = new Set();
  for (const list of ["background", "series", "overlay"]) {
    for (const item of model.get(list)) {
      for (const value of Object.values(item)) if (typeof value === "string") names.add(value);
    }
  }
  return [...names].filter((name) => model.get(name) !== undefined && !WATCHED.includes(name));
}

function render({ model, el, host }) {
  const canvas = document.createElement("canvas");
  canvas.className = "autograd-plot-canvas";
  canvas.setAttribute("role", "img");
  el.classList.add("autograd-plot");
  el.appendChild(canvas);
  const context = canvas.getContext("2d");
  let drawn = 0;
  let scheduled = false;
  let link = null; // the KnobLink model shared with the knob sliders, once resolved
  const overrides = () => (link ? link.get("moving") || {} : {});

  const redraw = () => {
    scheduled = false;
    canvas.setAttribute("aria-label", model.get("title"));
    canvas.style.cursor = model.get("clickable") ? "crosshair" : "";
    draw(model, canvas, context, overrides());
    drawn += 1;
    // For tests and the latency benchmark: when and how often this view has drawn.
    canvas.dataset.draws = String(drawn);
    canvas.dataset.drawnAt = String(performance.now());
    canvas.dispatchEvent(new CustomEvent("autograd-plot-drawn", { bubbles: true }));
  };
  // One message from the kernel can change several traits: draw once, after all of them
  // (a microtask runs when this message's handlers are done, before the next paint).
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(redraw);
    }
  };
  // Knob sliders linked to this plot (they share one KnobLink widget, `link`) write the
  // values the learner is moving into its `moving`: the curve follows the hand at once,
  // without waiting for the kernel (and on a static page, where there is no kernel).
  // An entry removed: the slider let go; the kernel's value is the truth again.
  const onMoving = () => redraw(); // now, not in a microtask: the latency a learner feels
  // anywidget's host (the widget-composition API, anywidget 0.11) looks the shared model up
  // from its reference ("anywidget:<id>"); a page without it keeps the kernel's picture only.
  const linkRef = model.get("link");
  let removed = false;
  if (typeof linkRef === "string" && host && typeof host.getModel === "function") {
    host
      .getModel(linkRef)
      .then((linked) => {
        if (removed) return; // the view went away while the model was being looked up
        link = linked;
        link.on("change:moving", onMoving);
      })
      .catch(() => {}); // no link model: the curve follows the kernel's coefficients
  }
  // A click on the axes goes to the kernel in data coordinates, with the modifier keys
  // ({type: "click", x, y, x_per_pixel, y_per_pixel, shift, alt, ctrl, meta}); what a
  // click means is the kernel's business (Plot.on_click).
  const onClick = (event) => {
    if (event.button !== 0) return;
    const at = dataAt(model, canvas, event);
    if (at === null) return;
    model.send({ type: "click", ...at, shift: event.shiftKey, alt: event.altKey,
      ctrl: event.ctrlKey, meta: event.metaKey });
  };
  canvas.addEventListener("click", onClick);
  const watched = [...WATCHED, ...boundTraits(model)];
  for (const name of watched) model.on(`change:${name}`, schedule);
  redraw();
  return () => {
    removed = true;
    if (link !== null) link.off("change:moving", onMoving);
    canvas.removeEventListener("click", onClick);
    for (const name of watched) model.off(`change:${name}`, schedule);
  };
}

export default { render };
