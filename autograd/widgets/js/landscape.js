// The loss landscape over two knobs (autograd/widgets/landscape.py), drawn on a <canvas>.
//
// The kernel sends the 2x2 Hessian slice H, the bottom m, the floor, the start point, the
// rates and beta. The loss over the two knobs is L(u) = floor + 1/2 (u - m)^T H (u - m):
// its contour lines are ellipses around m along the eigenvectors of H, and a step of
// gradient descent is u <- u + v, v <- beta v - rate H (u - m). Everything is worked out
// here from those few numbers, so dragging the start point redraws at once, with or without
// a kernel (a static page shows a live picture too). The start point is sent back to the
// kernel when it moves.

const MARGIN = { left: 52, right: 14, top: 26, bottom: 40 };
const PLAIN = "#1f77b4";
const MOMENTUM = "#ff7f0e";
const ARROW = "#d62728";

function eigen2(h) {
  // eigenvalues (ascending) and unit eigenvectors of the symmetric 2x2 matrix h
  const [[a, b], [, c]] = h;
  const mean = (a + c) / 2;
  const radius = Math.hypot((a - c) / 2, b);
  const values = [mean - radius, mean + radius];
  const vectors = values.map((lam) => {
    let x = b;
    let y = lam - a;
    if (Math.abs(x) + Math.abs(y) < 1e-300) {
      x = lam - c;
      y = b;
    }
    if (Math.abs(x) + Math.abs(y) < 1e-300) return lam === values[0] ? [1, 0] : [0, 1];
    const n = Math.hypot(x, y);
    return [x / n, y / n];
  });
  return { values, vectors };
}

export function gradientAt(state, u) {
  const [[a, b], [c, d]] = state.hessian;
  const dx = u[0] - state.minimum[0];
  const dy = u[1] - state.minimum[1];
  return [a * dx + b * dy, c * dx + d * dy];
}

export function lossAt(state, u) {
  const g = gradientAt(state, u);
  return state.floor + 0.5 * (g[0] * (u[0] - state.minimum[0]) + g[1] * (u[1] - state.minimum[1]));
}

export function descend(state, rate, beta) {
  // the knobs after every step from the start (entry 0 is the start), as in bowl.py
  let u = [state.start[0], state.start[1]];
  let v = [0, 0];
  const path = [u];
  for (let t = 0; t < state.steps; t++) {
    const g = gradientAt(state, u);
    v = [beta * v[0] - rate * g[0], beta * v[1] - rate * g[1]];
    u = [u[0] + v[0], u[1] + v[1]];
    if (!isFinite(u[0]) || !isFinite(u[1])) break;
    path.push(u);
  }
  return path;
}

function stateOf(model) {
  return {
    hessian: model.get("hessian"),
    minimum: model.get("minimum"),
    floor: model.get("floor"),
    start: model.get("start"),
    plainRate: model.get("plain_rate"),
    momentumRate: model.get("momentum_rate"),
    beta: model.get("beta"),
    steps: model.get("steps"),
    xRange: model.get("x_range"),
    yRange: model.get("y_range"),
    labels: model.get("knob_labels"),
    width: model.get("width"),
    height: model.get("height"),
  };
}

function small(x) {
  // a loss difference: plain decimals while readable, powers of ten once it is tiny
  return Math.abs(x) >= 0.001 ? x.toFixed(4) : x.toExponential(2);
}

function fmt(x, digits = 3) {
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

function draw(canvas, state, paths) {
  const ratio = window.devicePixelRatio || 1;
  const pixelsWide = Math.round(state.width * ratio);
  const pixelsHigh = Math.round(state.height * ratio);
  if (canvas.width !== pixelsWide || canvas.height !== pixelsHigh) {
    // resizing reallocates the canvas: only when the size really changes, not on every drag
    canvas.width = pixelsWide;
    canvas.height = pixelsHigh;
    canvas.style.width = `${state.width}px`;
    canvas.style.height = `${state.height}px`;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, state.width, state.height);
  const w = state.width - MARGIN.left - MARGIN.right;
  const h = state.height - MARGIN.top - MARGIN.bottom;
  const [x0, x1] = state.xRange;
  const [y0, y1] = state.yRange;
  const px = (u) => MARGIN.left + ((u[0] - x0) / (x1 - x0)) * w;
  const py = (u) => MARGIN.top + (1 - (u[1] - y0) / (y1 - y0)) * h;

  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, w, h);
  ctx.clip();
  // contours: the ellipses (u - m)^T H (u - m) = 2 * excess, excess halving level by level
  const { values, vectors } = eigen2(state.hessian);
  const corners = [
    [x0, y0],
    [x0, y1],
    [x1, y0],
    [x1, y1],
  ];
  const top = Math.max(...corners.map((u) => lossAt(state, u) - state.floor));
  if (values[0] > 0 && top > 0) {
    for (let level = 0; level < 14; level++) {
      const excess = top * Math.pow(0.5, level + 1);
      const r0 = Math.sqrt((2 * excess) / values[0]);
      const r1 = Math.sqrt((2 * excess) / values[1]);
      ctx.beginPath();
      for (let i = 0; i <= 120; i++) {
        const angle = (i / 120) * 2 * Math.PI;
        const a = r0 * Math.cos(angle);
        const b = r1 * Math.sin(angle);
        const u = [
          state.minimum[0] + a * vectors[0][0] + b * vectors[1][0],
          state.minimum[1] + a * vectors[0][1] + b * vectors[1][1],
        ];
        if (i === 0) ctx.moveTo(px(u), py(u));
        else ctx.lineTo(px(u), py(u));
      }
      const shade = Math.round(200 - level * 9);
      ctx.strokeStyle = `rgb(${shade}, ${shade}, ${shade + 30})`;
      ctx.lineWidth = 1;
      ctx.stroke();
    }
  }
  // the bottom
  ctx.fillStyle = "#2ca02c";
  ctx.beginPath();
  ctx.arc(px(state.minimum), py(state.minimum), 4, 0, 2 * Math.PI);
  ctx.fill();
  // the two paths
  for (const [path, colour, width] of [
    [paths.momentum, MOMENTUM, 1.2],
    [paths.plain, PLAIN, 2.5], // on top: its first steps run along momentum's
  ]) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    path.forEach((u, i) => (i === 0 ? ctx.moveTo(px(u), py(u)) : ctx.lineTo(px(u), py(u))));
    ctx.stroke();
    for (const u of path) {
      ctx.beginPath();
      ctx.arc(px(u), py(u), 1.8, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  // the gradient arrow at the start: it points uphill
  const g = gradientAt(state, state.start);
  const gx = (g[0] / (x1 - x0)) * w;
  const gy = (-g[1] / (y1 - y0)) * h;
  const length = Math.hypot(gx, gy);
  const sx = px(state.start);
  const sy = py(state.start);
  if (length > 0) {
    const ux = gx / length;
    const uy = gy / length;
    const ex = sx + 46 * ux;
    const ey = sy + 46 * uy;
    ctx.strokeStyle = ARROW;
    ctx.fillStyle = ARROW;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(sx, sy);
    ctx.lineTo(ex, ey);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(ex, ey);
    ctx.lineTo(ex - 9 * ux - 5 * uy, ey - 9 * uy + 5 * ux);
    ctx.lineTo(ex - 9 * ux + 5 * uy, ey - 9 * uy - 5 * ux);
    ctx.closePath();
    ctx.fill();
    ctx.font = "11px sans-serif";
    ctx.fillText("gradient: uphill", ex + 4, ey - 4);
  }
  ctx.fillStyle = "#000";
  ctx.beginPath();
  ctx.arc(sx, sy, 5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.restore();

  // axes and labels
  ctx.strokeStyle = "#444";
  ctx.lineWidth = 1;
  ctx.strokeRect(MARGIN.left, MARGIN.top, w, h);
  ctx.fillStyle = "#222";
  ctx.font = "11px sans-serif";
  ctx.textAlign = "center";
  for (let i = 0; i <= 4; i++) {
    const xv = x0 + ((x1 - x0) * i) / 4;
    const yv = y0 + ((y1 - y0) * i) / 4;
    ctx.fillText(fmt(xv, 2), px([xv, y0]), MARGIN.top + h + 14);
    ctx.textAlign = "right";
    ctx.fillText(fmt(yv, 2), MARGIN.left - 4, py([x0, yv]) + 4);
    ctx.textAlign = "center";
  }
  ctx.fillText(state.labels[0], MARGIN.left + w / 2, state.height - 6);
  ctx.save();
  ctx.translate(12, MARGIN.top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(state.labels[1], 0, 0);
  ctx.restore();
  ctx.font = "12px sans-serif";
  ctx.fillText(
    `the loss over ${state.labels[0]} and ${state.labels[1]} (the other knobs at their best)`,
    MARGIN.left + w / 2,
    16,
  );
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "landscape";
  const canvas = document.createElement("canvas");
  canvas.tabIndex = 0;
  canvas.setAttribute("aria-label", "loss landscape: drag the start point, or use the arrow keys");
  const legend = document.createElement("div");
  legend.className = "landscape-legend";
  const readout = document.createElement("div");
  readout.className = "landscape-readout";
  root.append(canvas, legend, readout);
  el.append(root);

  let local = null; // the start point while the learner drags (before the kernel has it)

  function redraw() {
    const state = stateOf(model);
    if (local) state.start = local;
    const paths = {
      plain: descend(state, state.plainRate, 0),
      momentum: descend(state, state.momentumRate, state.beta),
    };
    draw(canvas, state, paths);
    const [a, b] = state.labels;
    legend.innerHTML =
      `<span style="color:${PLAIN}">● plain descent, rate ${fmt(state.plainRate)}</span>` +
      `<span style="color:${MOMENTUM}">● momentum ${fmt(state.beta, 2)}, rate ${fmt(state.momentumRate)}</span>` +
      `<span style="color:${ARROW}">→ the gradient (uphill)</span>` +
      `<span style="color:#2ca02c">● the bottom</span>`;
    const g = gradientAt(state, state.start);
    const excess = (u) => lossAt(state, u) - state.floor;
    const endOf = (path) => path[path.length - 1];
    const line = (name, path) => {
      const end = endOf(path);
      return (
        `${name} after ${path.length - 1} steps: ${a} = ${fmt(end[0])}, ${b} = ${fmt(end[1])},` +
        ` loss - floor = ${small(excess(end))}`
      );
    };
    readout.textContent = [
      `start: ${a} = ${fmt(state.start[0])}, ${b} = ${fmt(state.start[1])},` +
        ` loss - floor = ${small(excess(state.start))}`,
      `gradient there: dL/d${a} = ${fmt(g[0])}, dL/d${b} = ${fmt(g[1])} (points uphill; a step goes the other way)`,
      line("plain descent", paths.plain),
      line("momentum     ", paths.momentum),
    ].join("\n");
    const end = endOf(paths.plain);
    const mend = endOf(paths.momentum);
    root.dataset.start = `${state.start[0]},${state.start[1]}`;
    root.dataset.plainEnd = `${end[0]},${end[1]}`;
    root.dataset.momentumEnd = `${mend[0]},${mend[1]}`;
  }

  function pointAt(event) {
    const state = stateOf(model);
    const box = canvas.getBoundingClientRect();
    const scaleX = state.width / box.width;
    const scaleY = state.height / box.height;
    const x = (event.clientX - box.left) * scaleX;
    const y = (event.clientY - box.top) * scaleY;
    const w = state.width - MARGIN.left - MARGIN.right;
    const h = state.height - MARGIN.top - MARGIN.bottom;
    const fx = Math.min(1, Math.max(0, (x - MARGIN.left) / w));
    const fy = Math.min(1, Math.max(0, (y - MARGIN.top) / h));
    const [x0, x1] = state.xRange;
    const [y0, y1] = state.yRange;
    return [x0 + fx * (x1 - x0), y1 - fy * (y1 - y0)];
  }

  function send(point) {
    model.set("start", point);
    model.save_changes();
  }

  let dragging = false;
  canvas.addEventListener("pointerdown", (event) => {
    dragging = true;
    canvas.setPointerCapture?.(event.pointerId);
    local = pointAt(event);
    redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    local = pointAt(event);
    redraw();
  });
  const finish = (event) => {
    if (!dragging) return;
    dragging = false;
    const point = pointAt(event);
    local = null;
    send(point); // the change event redraws from the model
    redraw();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  canvas.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const state = stateOf(model);
    const stepX = (state.xRange[1] - state.xRange[0]) / 50;
    const stepY = (state.yRange[1] - state.yRange[0]) / 50;
    send([state.start[0] + move[0] * stepX, state.start[1] + move[1] * stepY]);
  });

  const names = ["hessian", "minimum", "floor", "start", "plain_rate", "momentum_rate", "beta", "steps", "x_range", "y_range", "width", "height"];
  for (const name of names) model.on(`change:${name}`, redraw);
  redraw();
  return () => {
    for (const name of names) model.off(`change:${name}`, redraw);
  };
}

export default { render };
