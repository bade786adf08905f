"""JavaScript that the JupyterLab tests (tests/browser/) and the static site's tests
(tests/site/) both run in a page, kept once. Importable from any test: pytest puts tests/
on the path."""

# One key press on a knob, dispatched and counted in one synchronous script: how many times
# the fit plot drew before and after (its canvas counts its draws in data-draws).
REDRAW_IN_THE_KEY_HANDLER_JS = """([plot, knob]) => {
  const canvas = document.querySelector(`${plot} canvas.autograd-plot-canvas`);
  const handle = document.querySelector(`${knob} .autograd-slider-handle`);
  const before = Number(canvas.dataset.draws || 0);
  handle.focus();
  handle.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
  const after = Number(canvas.dataset.draws || 0);
  handle.dispatchEvent(new KeyboardEvent("keyup", { key: "ArrowRight", bubbles: true }));
  return { before, after };
}"""


# A graph's value boxes (`svg`: the drawn graph), in node order: each box's two numbers as
# the page shows them, [data, grad]. An expression, for the scripts that read a graph.
BOX_NUMBERS_JS = """[...svg.querySelectorAll('g.node.value')]
    .sort((p, q) => Number(p.id.split('-')[1]) - Number(q.id.split('-')[1]))
    .map(g => [...g.querySelectorAll('text')].map(t => t.textContent).slice(-2)
                 .map(t => t.replace(/^(data|grad) /, '')))"""
