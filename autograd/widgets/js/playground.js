// The expression playground's text box (Playground, autograd/widgets/playground.py).
//
// The learner types; the text goes to the kernel once typing pauses for `debounce_ms`
// (and at once on Enter or when the box loses focus), so the graph follows the typing
// without a kernel round trip per key. The kernel's verdict (`message`, `ok`) is shown
// under the box. A plain ES module loaded by anywidget; no build step.

function render({ model, el: host }) {
  const root = document.createElement("div");
  root.className = "playground-box";
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // typing stays in the box
  const label = document.createElement("label");
  label.textContent = "expression: ";
  const input = document.createElement("input");
  input.type = "text";
  input.className = "playground-input";
  input.spellcheck = false;
  input.autocomplete = "off";
  input.value = model.get("text");
  input.setAttribute("aria-describedby", "");
  label.append(input);
  const message = document.createElement("div");
  message.className = "playground-message";
  message.setAttribute("aria-live", "polite");
  root.append(label, message);
  host.append(root);

  let timer = null;
  function send() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (model.get("text") === input.value) return;
    model.set("text", input.value);
    model.save_changes();
  }
  input.addEventListener("input", () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(send, model.get("debounce_ms"));
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") send();
  });
  input.addEventListener("blur", send);

  function showMessage() {
    message.textContent = model.get("message");
    message.classList.toggle("playground-error", !model.get("ok"));
  }
  // the kernel changed the text (playground.type(...)): show it unless the learner is typing
  function follow() {
    if (timer === null && input.value !== model.get("text")) input.value = model.get("text");
  }
  model.on("change:message", showMessage);
  model.on("change:ok", showMessage);
  model.on("change:text", follow);
  showMessage();
  return () => {
    if (timer !== null) clearTimeout(timer);
    model.off("change:message", showMessage);
    model.off("change:ok", showMessage);
    model.off("change:text", follow);
  };
}

export default { render };
