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
// Keys: the handle is focusable (role="slider"); arrows move by one step (Shift: 10),
// PageUp/PageDown by 10 steps, Home/End to the ends. The handler stops the event, so
// JupyterLab's own shortcuts do not take the arrow keys away from it.

const ACK_TIMEOUT_MS = 4000; // a kernel that never answers must not freeze the slider

function formatValue(value, format) {
  const match = /^\.(\d+)([fg])$/.exec(format || ".3f");
  if (!match) return String(value);
  const digits = Number(match[1]);
  const text = match[2] === "f" ? value.toFixed(digits) : String(Number(value.toPrecision(digits)));
  return text.replace("-", "\u2212"); // a real minus sign, as ipywidgets prints it
}

function decimalsOf(step) {
  const text = String(step);
  return text.includes("e-") ? Number(text.split("e-")[1]) : (text.split(".")[1] || "").length;
}

function render({ model, el }) {
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
  const style = document.createElement("style");
  style.textContent = CSS;
  el.appendChild(style);

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
  const clampSnap = (value) => {
    const [low, high] = range();
    const step = model.get("step");
    let v = Math.min(high, Math.max(low, value));
    if (step > 0) v = Number((low + Math.round((v - low) / step) * step).toFixed(decimalsOf(step) + 2));
    return Math.min(high, Math.max(low, v));
  };
  const fraction = (value) => {
    const [low, high] = range();
    return high > low ? Math.min(1, Math.max(0, (value - low) / (high - low))) : 0;
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
  // Tell a linked plot (js/plot.js) at once, so its picture follows the hand without a
  // round trip to the kernel; null when the kernel has the last word again.
  const announce = (value) => {
    const link = model.get("link");
    if (!link) return;
    const detail = { link, index: model.get("link_index"), value };
    document.dispatchEvent(new CustomEvent("autograd-knob", { detail }));
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
    const [low, high] = range();
    return clampSnap(low + ((clientX - box.left) / box.width) * (high - low));
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
    const step = model.get("step") || (model.get("max") - model.get("min")) / 100;
    const big = step * 10;
    const [low, high] = range();
    const moves = {
      ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step,
      PageUp: big, PageDown: -big,
    };
    let target = null;
    if (event.key in moves) target = shown + moves[event.key] * (event.shiftKey ? 10 : 1);
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
    move(clampSnap(target), false);
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
  const watched = ["min", "max", "step", "description", "marks", "disabled", "readout_format",
    "track_width", "readout_width"];
  model.on("change:value", onValue);
  for (const name of watched) model.on(`change:${name}`, drawStatic);
  drawStatic();
  return () => {
    model.off("msg:custom", onCustom);
    model.off("change:value", onValue);
    for (const name of watched) model.off(`change:${name}`, drawStatic);
  };
}

const CSS = `
.autograd-slider { display: flex; align-items: flex-start; gap: 8px; font-size: 13px;
  line-height: 20px; padding: 2px 0 0 0; user-select: none; }
.autograd-slider-label { min-width: 28px; text-align: right; line-height: 20px; }
.autograd-slider-body { position: relative; flex: none; }
.autograd-slider-track { position: relative; height: 20px; cursor: pointer; touch-action: none; }
.autograd-slider-track::before { content: ""; position: absolute; left: 0; right: 0; top: 8px;
  height: 4px; border-radius: 2px; background: #d0d0d0; }
.autograd-slider-fill { position: absolute; left: 0; top: 8px; height: 4px; border-radius: 2px;
  background: #2196f3; }
.autograd-slider-handle { position: absolute; top: 2px; width: 14px; height: 14px;
  margin-left: -8px; border-radius: 50%; background: #fff; border: 1px solid #2196f3;
  box-shadow: 0 1px 2px rgba(0,0,0,.3); }
.autograd-slider-handle:focus { outline: 2px solid #ff9800; outline-offset: 1px; }
.autograd-slider-marks { position: relative; height: 14px; }
.autograd-slider-mark { position: absolute; top: 0; transform: translateX(-50%);
  border-top: 2px solid; padding-top: 0; font-size: 10px; line-height: 11px;
  white-space: nowrap; pointer-events: auto; }
.autograd-slider-readout { font-variant-numeric: tabular-nums; text-align: left;
  white-space: nowrap; overflow: hidden; }
.autograd-slider-disabled { opacity: 0.5; }
`;

export default { render };
