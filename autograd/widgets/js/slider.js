// A slider that tells the kernel what the learner's hand did, and nothing else.
//
// Why not ipywidgets' FloatSlider: when the kernel sets a value that is not on the
// slider's step grid, its browser view snaps the value and sends the snapped number back,
// sometimes after the kernel has moved on; the kernel cannot tell that echo from a real
// move. Here the browser never sends state: a learner's move goes to the kernel as a
// message {type: "move", value, gesture, seq, done}, where `gesture` names one drag (pointer
// down to pointer up) or one run of key presses (while the slider keeps the focus), so the
// kernel can report the whole drag as one move from where it started. Values the kernel sets only redraw the handle.
//
// Latest value wins: at most one move message is in flight; moves made meanwhile are
// merged into the next message, sent when the kernel acknowledges the previous one
// ({type: "ack", seq}). So a burst of 200 moves never queues 200 computations.
//
// Keys: the handle is focusable (role="slider"); arrows move to the next point of the key
// grid (`key_step` apart, through `anchor`; on a log scale `key_step` is a factor), Shift
// or PageUp/PageDown 10 of them, Home/End to the ends. The handler stops the event, so
// JupyterLab's own shortcuts do not take the arrow keys away from it.
//
// A linked plot (the sliders and the plot share one KnobLink widget, `link`) hears of a
// move through that widget's model: the slider writes {index: value} into its `moving`,
// the plot redraws on the change. No document-wide events: two panels never hear each other.

const ACK_TIMEOUT_MS = 4000; // a kernel that never answers must not freeze the slider

function formatValue(value, format) {
  const match = /^\.(\d+)([fg])$/.exec(format || ".3f");
  if (!match) return String(value);
  const digits = Number(match[1]);
  let text = match[2] === "f" ? value.toFixed(digits) : String(Number(value.toPrecision(digits)));
  if (/^-[0.]*$/.test(text)) text = text.slice(1); // -0.0001 rounds to "0.000", never "-0.000"
  return text.replace("-", "\u2212"); // a real minus sign, as ipywidgets prints it
}

function decimalsOf(step) {
  const text = String(step);
  return text.includes("e-") ? Number(text.split("e-")[1]) : (text.split(".")[1] || "").length;
}

function render({ model, el, host }) {
  el.classList.add("autograd-slider");
  el.innerHTML = `
    <label class="autograd-slider-label"></label>
    <div class="autograd-slider-body">
      <div class="autograd-slider-track"><div class="autograd-slider-fill"></div>
        <div class="autograd-slider-handle" tabindex="0" role="slider"></div></div>
      <div class="autograd-slider-marks"></div>
    </div>
    <span class="autograd-slider-readout knob-readout"></span>`;
  const label = el.querySelector(".autograd-slider-label");
  const body = el.querySelector(".autograd-slider-body");
  const track = el.querySelector(".autograd-slider-track");
  const handle = el.querySelector(".autograd-slider-handle");
  const marksRow = el.querySelector(".autograd-slider-marks");
  const readout = el.querySelector(".autograd-slider-readout");

  // Unique per view, so two views of one slider never continue each other's gestures.
  const viewId = Math.random().toString(36).slice(2, 8);
  let gestureCount = 0;
  let gesture = null; // id of the drag or key run in progress
  let shown = model.get("value"); // what the handle shows now
  let seq = 0;
  let inFlight = null; // seq of the move message the kernel has not acknowledged yet
  let inFlightSince = 0;
  let pending = null; // the latest move made while one was in flight
  let keyDown = false;
  // Key presses on a focused slider are one move until focus leaves or the mouse takes
  // over (40 presses of ArrowRight: "moved from 0.000 to 0.040", not 40 tiny moves).
  let keyGesture = null;

  const range = () => [model.get("min"), model.get("max")];
  const isLog = () => model.get("scale") === "log" && model.get("min") > 0;
  // Where on the track (0..1) a value sits, and back: linear, or linear in log(value).
  const position = (value) => (isLog() ? Math.log(Math.max(value, 1e-300)) : value);
  const unposition = (p) => (isLog() ? Math.exp(p) : p);
  const clampSnap = (value) => {
    const [low, high] = range();
    const step = model.get("step");
    let v = Math.min(high, Math.max(low, value));
    if (isLog()) return Number(v.toPrecision(4)); // a drag on a log track: 4 digits
    if (step > 0) v = Number((low + Math.round((v - low) / step) * step).toFixed(decimalsOf(step) + 2));
    return Math.min(high, Math.max(low, v));
  };
  const fraction = (value) => {
    const [low, high] = range().map(position);
    return high > low ? Math.min(1, Math.max(0, (position(value) - low) / (high - low))) : 0;
  };
  // The next point of the key grid from `value`, `count` points up (or down if negative).
  const keyTarget = (value, count) => {
    const [low, high] = range();
    const keyStep = model.get("key_step") || model.get("step");
    if (isLog()) {
      const factor = keyStep > 1 ? keyStep : 1.25;
      const anchor = model.get("anchor") > 0 ? model.get("anchor") : low;
      const at = Math.log(value / anchor) / Math.log(factor);
      const n = count > 0 ? Math.floor(at + 1e-9) + count : Math.ceil(at - 1e-9) + count;
      return Math.min(high, Math.max(low, Number((anchor * Math.pow(factor, n)).toPrecision(6))));
    }
    const anchor = model.get("anchor");
    const at = (value - anchor) / keyStep;
    const n = count > 0 ? Math.floor(at + 1e-9) + count : Math.ceil(at - 1e-9) + count;
    const digits = decimalsOf(Math.min(keyStep, model.get("step") || keyStep)) + 2;
    return Math.min(high, Math.max(low, Number((anchor + n * keyStep).toFixed(digits))));
  };

  const show = (value) => {
    shown = value;
    const f = fraction(value) * 100;
    handle.style.left = `${f}%`;
    el.querySelector(".autograd-slider-fill").style.width = `${f}%`;
    const text = formatValue(value, model.get("readout_format"));
    readout.textContent = text;
    handle.setAttribute("aria-valuenow", String(value));
    handle.setAttribute("aria-valuetext", text);
  };

  const drawMarks = () => {
    marksRow.innerHTML = "";
    for (const mark of model.get("marks")) {
      const tick = document.createElement("div");
      tick.className = "autograd-slider-mark";
      tick.style.left = `${fraction(mark.value) * 100}%`;
      tick.style.borderColor = mark.colour || "#555";
      tick.style.color = mark.colour || "#555";
      tick.title = mark.title || mark.label;
      tick.textContent = mark.label;
      marksRow.appendChild(tick);
    }
  };

  const drawStatic = () => {
    label.textContent = model.get("description");
    const [low, high] = range();
    handle.setAttribute("aria-label", model.get("description"));
    handle.setAttribute("aria-valuemin", String(low));
    handle.setAttribute("aria-valuemax", String(high));
    body.style.width = `${model.get("track_width")}px`;
    readout.style.width = `${model.get("readout_width")}px`;
    el.classList.toggle("autograd-slider-disabled", model.get("disabled"));
    drawMarks();
    show(busy() ? shown : model.get("value"));
  };

  // ---------------------------------------------------------------- talking to the kernel
  const busy = () => gesture !== null || inFlight !== null || pending !== null;
  const send = (message) => {
    seq += 1;
    inFlight = seq;
    inFlightSince = performance.now();
    model.send({ ...message, type: "move", seq });
  };
  // Tell a linked plot (js/plot.js) at once, through the shared KnobLink model, so its
  // picture follows the hand without a round trip to the kernel; null when the kernel
  // has the last word again.
  // anywidget's host (the widget-composition API, anywidget 0.11) looks the shared model up
  // from its reference ("anywidget:<id>"); a page without it: the plot follows the kernel.
  let link = null;
  const linkRef = model.get("link");
  if (typeof linkRef === "string" && host && typeof host.getModel === "function") {
    host
      .getModel(linkRef)
      .then((linked) => { link = linked; })
      .catch(() => {}); // no link model: the plot follows when the kernel answers
  }
  const announce = (value) => {
    if (link === null) return;
    const moving = { ...(link.get("moving") || {}) };
    const index = String(model.get("link_index"));
    if (value === null) delete moving[index];
    else moving[index] = value;
    link.set("moving", moving);
  };
  const move = (value, done) => {
    if (model.get("disabled") || gesture === null) return;
    show(value);
    announce(value);
    const message = { value, gesture, done };
    if (inFlight !== null && performance.now() - inFlightSince < ACK_TIMEOUT_MS) {
      pending = message; // latest wins: replaces a move not sent yet
    } else {
      send(message);
    }
  };
  const onCustom = (content) => {
    if (!content || content.type !== "ack" || content.seq !== inFlight) return;
    inFlight = null;
    if (pending !== null) {
      const next = pending;
      pending = null;
      send(next);
    } else if (gesture === null) {
      show(model.get("value")); // the kernel's value from now on
      announce(null);
    }
  };
  model.on("msg:custom", onCustom);

  const startGesture = () => {
    gestureCount += 1;
    gesture = `${viewId}-${gestureCount}`;
  };
  const endGesture = () => {
    if (gesture === null) return;
    move(shown, true);
    gesture = null;
  };

  // ---------------------------------------------------------------- pointer
  const valueAt = (clientX) => {
    const box = track.getBoundingClientRect();
    const [low, high] = range().map(position);
    return clampSnap(unposition(low + ((clientX - box.left) / box.width) * (high - low)));
  };
  const onPointerDown = (event) => {
    if (model.get("disabled") || event.button !== 0) return;
    event.preventDefault();
    handle.focus();
    track.setPointerCapture(event.pointerId);
    keyGesture = null;
    startGesture();
    move(valueAt(event.clientX), false);
  };
  const onPointerMove = (event) => {
    if (gesture === null || !track.hasPointerCapture(event.pointerId)) return;
    const value = valueAt(event.clientX);
    if (value !== shown) move(value, false);
  };
  const onPointerUp = (event) => {
    if (!track.hasPointerCapture(event.pointerId)) return;
    track.releasePointerCapture(event.pointerId);
    endGesture();
  };
  track.addEventListener("pointerdown", onPointerDown);
  track.addEventListener("pointermove", onPointerMove);
  track.addEventListener("pointerup", onPointerUp);
  track.addEventListener("pointercancel", onPointerUp);

  // ---------------------------------------------------------------- keys
  const onKeyDown = (event) => {
    const [low, high] = range();
    const moves = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
    let target = null;
    if (event.key in moves) target = keyTarget(shown, moves[event.key] * (event.shiftKey ? 10 : 1));
    else if (event.key === "Home") target = low;
    else if (event.key === "End") target = high;
    if (target === null) return;
    // Ours, not JupyterLab's (which would move between cells or do nothing).
    event.preventDefault();
    event.stopPropagation();
    if (model.get("disabled")) return;
    if (keyGesture === null) {
      startGesture();
      keyGesture = gesture;
    }
    gesture = keyGesture;
    keyDown = true;
    move(target, false);
  };
  const onKeyUp = (event) => {
    if (!keyDown) return;
    event.stopPropagation();
    keyDown = false;
    endGesture();
  };
  handle.addEventListener("keydown", onKeyDown);
  handle.addEventListener("keyup", onKeyUp);
  handle.addEventListener("blur", () => {
    keyGesture = null;
    if (keyDown) {
      keyDown = false;
      endGesture();
    }
  });

  // ---------------------------------------------------------------- the kernel's values
  const onValue = () => {
    if (!busy()) show(model.get("value"));
  };
  const watched = ["min", "max", "step", "scale", "description", "marks", "disabled",
    "readout_format", "track_width", "readout_width"];
  model.on("change:value", onValue);
  for (const name of watched) model.on(`change:${name}`, drawStatic);
  drawStatic();
  return () => {
    model.off("msg:custom", onCustom);
    model.off("change:value", onValue);
    for (const name of watched) model.off(`change:${name}`, drawStatic);
  };
}

export { formatValue }; // for tests (node)
export default { render };
