// The static course pages show each notebook as it ran: its widgets are rebuilt from their
// stored state by the widget html-manager, with no Python behind them. Whatever the browser
// draws itself still responds (plots linked to sliders, the graph stepper); whatever Python
// computed (loss and gradient readouts, messages, the course map) cannot follow. So that no
// page shows a stale number beside a moved plot, this script, on the first move a learner
// makes in a widget (a drag, a key, a click, a typed value):
//   - greys every readout Python wrote in that widget (ipywidgets HTML, HTMLMath, Label and
//     progress bars; an anywidget marks its own with the class `kernel-readout`, and a
//     readout the browser keeps true itself opts out with `browser-readout`);
//   - shows, below the widget and kept in view while it is, what happened: Python is not
//     running on this page, and a link to the same notebook in the runnable version. An
//     ipywidgets button (which only Python can answer) is named: "Step needs Python ...".
//   A widget with no readout from Python (the graph stepper, drawn and stepped by its own
//   JavaScript) is left alone: it works here as in JupyterLab.
// It also collapses the room a widget keeps for messages Python would write (empty HTML
// readouts with a fixed height), typesets $...$ in widget HTML with the page's MathJax, and
// points the course map's titles at the notebooks' pages.
(function () {
  "use strict";
  const READOUTS = [
    ".widget-html", ".widget-htmlmath", ".jupyter-widgets.widget-label", ".widget-progress",
    ".kernel-readout",
  ].join(", ");
  const runLink = () => {
    const link = document.querySelector("a.course-run-link");
    return link ? link.href : null;
  };

  function widgetRoot(target) {
    return target instanceof Element ? target.closest(".cell_output .widget-subarea") : null;
  }

  function noteFor(root) {
    let note = root.parentElement.querySelector(":scope > .course-static-note");
    if (!note) {
      note = document.createElement("div");
      note.className = "course-static-note";
      note.setAttribute("role", "status");
      root.after(note);
    }
    return note;
  }

  function say(root, what) {
    const href = runLink();
    const note = noteFor(root);
    note.textContent = "";
    note.append(`${what}: Python is not running on this page, so the greyed readouts ` +
      "still show the notebook as it ran. ");
    if (href) {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = "Open the runnable version";
      note.append(a, " to use this.");
    } else {
      note.append("Open the runnable version to use this.");
    }
  }

  function markStale(root) {
    root.classList.add("course-static-touched");
    for (const readout of readoutsOf(root)) {
      readout.classList.add("course-static-stale");
      readout.title = "computed by Python when the notebook ran; not updated on this page";
    }
  }

  // ipywidgets' Button only ever calls Python; an anywidget's own buttons (the graph
  // stepper's Prev/Next) run in the browser, unless it marks one `kernel-control`.
  function kernelButtonName(target) {
    const button = target.closest(".jupyter-button, .widget-button, .kernel-control");
    return button ? (button.innerText || button.title || "this button").trim() : null;
  }

  function readoutsOf(root) {
    return [...root.querySelectorAll(READOUTS)].filter((readout) =>
      !readout.closest(".browser-readout") &&
      // a control's own description or value label is not a readout of Python's
      !(readout.parentElement && readout.parentElement.closest(".widget-inline-hbox") &&
        !readout.classList.contains("jupyter-widgets")));
  }

  function interacted(event) {
    const root = widgetRoot(event.target);
    if (!root) return;
    if (event.type === "keydown" && ["Tab", "Shift", "Control", "Alt", "Meta"].includes(event.key))
      return;
    const button = event.type === "click" ? kernelButtonName(event.target) : null;
    if (event.type === "click" && !button) return; // clicks on controls arrive as the others
    // A widget with nothing Python computed in it (the graph stepper) works as it is.
    if (!button && readoutsOf(root).length === 0) return;
    markStale(root);
    say(root, button ? `“${button}” needs Python` : "You moved this widget");
  }
  for (const type of ["pointerdown", "keydown", "input", "change", "click"])
    document.addEventListener(type, interacted, true);

  // Room kept for messages Python would write: nothing will write them here.
  function collapseEmpty(root) {
    for (const html of root.querySelectorAll(".widget-html, .widget-htmlmath")) {
      const content = html.querySelector(".widget-html-content") || html;
      const empty = !content.textContent.trim() && !content.querySelector("img, svg, canvas");
      html.classList.toggle("course-static-empty", empty);
    }
  }

  // $...$ in widget HTML (the course map's lesson lines): typeset like the page's own maths.
  const DOLLARS = /\$([^$\n]+?)\$/g;
  function typeset(root) {
    const mathjax = window.MathJax;
    if (!mathjax || !mathjax.typesetPromise) return;
    const found = [];
    for (const content of root.querySelectorAll(".widget-html-content")) {
      if (content.dataset.courseTypeset === content.innerHTML.length.toString()) continue;
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (DOLLARS.test(node.nodeValue) && !node.parentElement.closest("code, pre")) nodes.push(node);
        DOLLARS.lastIndex = 0;
      }
      for (const node of nodes) node.nodeValue = node.nodeValue.replace(DOLLARS, "\\($1\\)");
      if (nodes.length) {
        content.classList.add("mathjax_process");
        found.push(content);
      }
    }
    if (found.length) {
      const done = () => found.forEach((c) => { c.dataset.courseTypeset = c.innerHTML.length; });
      (mathjax.startup && mathjax.startup.promise ? mathjax.startup.promise : Promise.resolve())
        .then(() => mathjax.typesetPromise(found)).then(done, (error) => console.warn(error));
    }
  }

  // The course map's titles name the notebooks (01_....ipynb), which JupyterLab opens; here
  // the same name with .html is the notebook's page, beside this one.
  function linkPages(root) {
    for (const link of root.querySelectorAll("a.course-map-link[href$='.ipynb']")) {
      link.setAttribute("href", link.getAttribute("href").replace(/\.ipynb$/, ".html"));
      link.removeAttribute("data-commandlinker-command"); // JupyterLab's, not this page's
      link.removeAttribute("data-commandlinker-args");
    }
  }

  let queued = false;
  function tidy() {
    queued = false;
    for (const root of document.querySelectorAll(".cell_output .widget-subarea")) {
      collapseEmpty(root);
      typeset(root);
      linkPages(root);
    }
  }
  const observer = new MutationObserver(() => {
    if (!queued) { queued = true; requestAnimationFrame(tidy); }
  });
  const begin = () => {
    observer.observe(document.body, {childList: true, subtree: true, characterData: true});
    tidy();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin);
  else begin();
})();
