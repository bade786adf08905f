"""The course to read: every page of site/ opened in Chromium with no network but 127.0.0.1.

For each notebook's page: it loads with no console error and no request leaving the server;
the figures its notebook links (../figures/*) and every image in its outputs are loaded (the
graphs are SVG images); every stored widget view is rendered (non-empty, no "Error
displaying widget"); it links the previous and next notebook in course order and the same
notebook in the runnable version (lab/), which exists. A test anywidget, rendered from its
stored state by the site's own html-manager and anywidget bundle, still responds to clicks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from page_scripts import REDRAW_IN_THE_KEY_HANDLER_JS
from sitedriver import BUILD, REPO, SITE, OfflinePage, SiteServer

# `browser` too: the first pytest run of `make test` (-m 'not browser') must skip them
pytestmark = [pytest.mark.site, pytest.mark.browser]

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIGURE_LINK = re.compile(r"\]\(\.\./figures/([^)\s]+)\)")
WIDGET_FAILURES = ("Error displaying widget", "Error rendering", "Could not create")

PAGE_FACTS_JS = """() => {
  const outputs = [...document.querySelectorAll('.cell_output')];
  const images = [...document.querySelectorAll('img')];
  const views = [...document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]')];
  return {
    broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
    images: images.map(i => i.getAttribute('src')),
    outputSvgImages: outputs.flatMap(o => [...o.querySelectorAll('img')])
        .filter(i => /\\.svg$/.test(i.src) && i.naturalWidth > 0).length
      + outputs.flatMap(o => [...o.querySelectorAll('svg g.node')]).length,
    views: views.length,
    // html-manager renders each view into a .widget-subarea next to its script tag
    rendered: [...document.querySelectorAll('.widget-subarea')]
        .filter(a => a.children.length > 0 && a.getBoundingClientRect().height > 0).length,
    text: document.body.innerText,
    next: (document.querySelector('a.course-next') || {}).href || null,
    prev: (document.querySelector('a.course-prev') || {}).href || null,
    run: (document.querySelector('a.course-run-link') || {}).href || null,
  };
}"""


def page_url(site: SiteServer, notebook: Path) -> str:
    return f"{site.base}/notebooks/{notebook.stem}.html"


def draws_graphs(notebook: Path) -> bool:
    nb = nbformat.read(notebook, as_version=4)
    return any("draw_graph(" in c.source for c in nb.cells if c.cell_type == "code")


def stored_views(notebook: Path) -> int:
    """Widget views the executed notebook (the page's source) displays."""
    executed = BUILD / "notebooks" / notebook.name
    nb = nbformat.read(executed, as_version=4)
    mime = "application/vnd.jupyter.widget-view+json"
    return sum(mime in out.get("data", {}) for c in nb.cells for out in c.get("outputs", []))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_course_page(offline_page: OfflinePage, site_server: SiteServer, notebook: Path) -> None:
    page = offline_page.page
    page.goto(page_url(site_server, notebook))
    page.wait_for_load_state("networkidle")
    views = stored_views(notebook)
    if views:  # the html-manager renders after load: wait for every view
        page.wait_for_function(
            f"() => document.querySelectorAll('.widget-subarea').length >= {views}",
            timeout=30_000,
        )
    page.wait_for_timeout(500)  # MathJax and the last widget paint
    facts = page.evaluate(PAGE_FACTS_JS)

    assert not offline_page.outside, f"requests left 127.0.0.1: {offline_page.outside}"
    assert not offline_page.errors, f"console errors: {offline_page.errors}"
    assert not facts["broken"], f"images that did not load: {facts['broken']}"
    linked = FIGURE_LINK.findall(notebook.read_text())
    shown = " ".join(facts["images"])
    for figure in linked:
        assert Path(figure).name in shown, f"figure {figure} is not on the page"
    if draws_graphs(notebook):
        assert facts["outputSvgImages"] > 0, "the notebook draws graphs; no SVG graph on the page"
    assert facts["views"] == views, "the page lost stored widget views"
    assert facts["rendered"] >= views, f"{facts['rendered']} of {views} widget views rendered"
    assert not [t for t in WIDGET_FAILURES if t in facts["text"]]

    index = NOTEBOOKS.index(notebook)
    expected_next = NOTEBOOKS[index + 1].stem + ".html" if index + 1 < len(NOTEBOOKS) else None
    assert (facts["next"] or "").endswith(expected_next or "index.html") or (
        expected_next is None and facts["next"] is None
    ), facts["next"]
    if index > 0:
        assert facts["prev"].endswith(NOTEBOOKS[index - 1].stem + ".html"), facts["prev"]
    assert facts["run"].endswith(f"lab/lab/index.html?path={notebook.name}"), facts["run"]
    assert (SITE / "lab" / "files" / notebook.name).exists(), "runnable copy missing"


def test_index_lists_the_course_in_order(offline_page: OfflinePage, site_server: SiteServer):
    offline_page.page.goto(f"{site_server.base}/index.html")
    links = offline_page.page.evaluate(
        "() => [...document.querySelectorAll('.toctree-wrapper a')].map(a => a.href)"
    )
    assert [link.rsplit("/", 1)[-1] for link in links] == [f"{n.stem}.html" for n in NOTEBOOKS]
    assert offline_page.page.locator("a.course-run-link").first.get_attribute("href") == (
        "lab/lab/index.html"
    )
    assert not offline_page.outside and not offline_page.errors


def test_the_course_maps_titles_open_the_notebooks_pages(
    offline_page: OfflinePage, site_server: SiteServer
) -> None:
    """In JupyterLab a title opens the notebook (name.ipynb); on the static map it opens that
    notebook's page, which exists."""
    course_map = NOTEBOOKS[0]
    assert course_map.name.startswith("00_")
    open_course_page(offline_page, site_server, course_map)
    links = offline_page.page.evaluate(
        """() => [...document.querySelectorAll('a.course-map-link')].map(a => ({
          href: a.href, lab: a.hasAttribute('data-commandlinker-command')}))"""
    )
    names = [link["href"].rsplit("/", 1)[-1] for link in links]
    assert names == [f"{n.stem}.html" for n in NOTEBOOKS[1:]], names
    assert not any(link["lab"] for link in links), "JupyterLab's commands left on the links"
    for link in links:
        response = offline_page.page.request.get(link["href"])
        assert response.ok, f"{link['href']}: HTTP {response.status}"


ANYWIDGET_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>anywidget</title>
<link rel="icon" href="data:,">
<script src="/_static/vendor/requirejs/require.js"></script>
<script src="/_static/vendor/widget-modules.js"></script>
<script src="/_static/vendor/html-manager/embed-amd.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{state}</script>
</head><body>{views}</body></html>"""


def test_anywidget_renders_and_responds_offline(
    offline_page: OfflinePage, site_server: SiteServer
) -> None:
    """An anywidget's stored state (its ES module in `_esm`) renders with the site's JS only."""
    import anywidget
    import traitlets
    from ipywidgets.embed import embed_data

    class Counter(anywidget.AnyWidget):
        _esm = """export default { render({ model, el }) {
            const button = document.createElement('button');
            button.className = 'aw-counter';
            const show = () => { button.textContent = `count ${model.get('value')}`; };
            button.onclick = () => { model.set('value', model.get('value') + 1); };
            model.on('change:value', show); show(); el.appendChild(button);
        } };"""
        value = traitlets.Int(3).tag(sync=True)

    # drop_defaults=False: the class-level `_esm` and `value` are defaults, and must be stored
    data = embed_data(views=[Counter()], drop_defaults=False)
    views = "".join(
        f'<script type="application/vnd.jupyter.widget-view+json">{json.dumps(v)}</script>'
        for v in data["view_specs"]
    )
    html = ANYWIDGET_PAGE.format(state=json.dumps(data["manager_state"]), views=views)
    site_server.extra_pages["/_anywidget_test.html"] = html.encode()

    page = offline_page.page
    page.goto(f"{site_server.base}/_anywidget_test.html")
    button = page.locator("button.aw-counter")
    button.wait_for(state="visible")
    assert button.inner_text() == "count 3"  # the stored state
    button.click()
    page.wait_for_function("() => document.querySelector('.aw-counter').innerText === 'count 4'")
    assert not offline_page.outside, f"requests left 127.0.0.1: {offline_page.outside}"
    assert not offline_page.errors, f"console errors: {offline_page.errors}"


# ------------------------------------------------------------------ the static pages tell the truth

# Controls a learner can move or press, per widget root: sliders (ipywidgets' noUiSlider
# handles, the package's KnobSlider handles), buttons, checkboxes, text boxes.
CONTROLS_JS = """() => {
  const roots = [...document.querySelectorAll('.cell_output .widget-subarea')];
  const controls = [];
  roots.forEach((root, r) => {
    const add = (kind, selector) => root.querySelectorAll(selector).forEach((el, i) => {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && !el.disabled)
        controls.push({root: r, kind, selector, index: i});
    });
    add('slider', '.noUi-handle, .autograd-slider-handle');
    // ipywidgets' buttons call Python; an anywidget's own (the stepper's) run in the browser
    add('button', '.jupyter-button, .widget-button, .kernel-control');
    add('browser button', 'button:not(.jupyter-button):not(.widget-button):not(.kernel-control)');
    add('checkbox', 'input[type=checkbox]');
    add('text', 'input[type=text], input[type=number], textarea');
  });
  return controls;
}"""
# After a learner's move in widget root r: every readout Python wrote is greyed (or marked as
# the browser's own), and a note below the widget says Python is not running, with the link.
STATE_JS = """(r) => {
  const root = document.querySelectorAll('.cell_output .widget-subarea')[r];
  const readouts = [...root.querySelectorAll(
      '.widget-html, .widget-htmlmath, .jupyter-widgets.widget-label, .widget-progress, '
      + '.kernel-readout')]
    .filter(e => !e.closest('.browser-readout'));
  const note = root.parentElement.querySelector(':scope > .course-static-note');
  const link = note && note.querySelector('a');
  return {
    readouts: readouts.length,
    fresh: readouts.filter(e => !e.classList.contains('course-static-stale')
        && getComputedStyle(e).opacity === '1').map(e => e.className + ': '
        + (e.innerText || '').slice(0, 80)),
    note: note ? note.innerText : null,
    noteVisible: !!note && note.getBoundingClientRect().height > 0,
    link: link ? link.href : null,
  };
}"""
RESET_MARKS_JS = """() => {
  document.querySelectorAll('.course-static-stale').forEach(
    e => e.classList.remove('course-static-stale'));
  document.querySelectorAll('.course-static-note').forEach(e => e.remove());
}"""


def open_course_page(offline_page: OfflinePage, site_server: SiteServer, notebook: Path) -> None:
    page = offline_page.page
    page.goto(page_url(site_server, notebook))
    page.wait_for_load_state("networkidle")
    views = stored_views(notebook)
    if views:
        page.wait_for_function(
            f"() => document.querySelectorAll('.widget-subarea').length >= {views}",
            timeout=30_000,
        )
    page.wait_for_timeout(800)  # the last widget paint, MathJax


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_every_control_says_python_is_not_running_and_greys_its_readouts(
    offline_page: OfflinePage, site_server: SiteServer, notebook: Path
) -> None:
    """Drag every slider, press every button, tick every box, type in every text box: the
    readouts Python computed never stand ungreyed beside a plot the browser moved, and the
    learner is told why and where to go; a button that calls Python says it needs Python. A
    widget with nothing from Python in it (the graph stepper) works and gets no note."""
    if not stored_views(notebook):
        pytest.skip("no widgets on this page")
    page = offline_page.page
    open_course_page(offline_page, site_server, notebook)
    controls = page.evaluate(CONTROLS_JS)
    untouched = {r: page.evaluate(STATE_JS, r) for r in {c["root"] for c in controls}}
    for r, state in untouched.items():  # before any move the stored readouts are the truth
        assert state["note"] is None, f"widget {r} shows a note before any move"
        assert len(state["fresh"]) == state["readouts"], f"widget {r} greyed before any move"
    problems = []
    for control in controls:
        page.evaluate(RESET_MARKS_JS)
        element = page.locator(f".cell_output .widget-subarea >> nth={control['root']}").locator(
            control["selector"]
        )
        element = element.nth(control["index"])
        element.scroll_into_view_if_needed()
        if control["kind"] == "slider":
            box = element.bounding_box()
            assert box is not None
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 30, y, steps=4)
            page.mouse.up()
        elif control["kind"] == "text":
            element.click()
            page.keyboard.press("End")
            page.keyboard.type("1")
        else:
            element.click()
        page.wait_for_timeout(100)
        state = page.evaluate(STATE_JS, control["root"])
        what = f"{control['kind']} {control['index']} of widget {control['root']}"
        if state["readouts"] == 0 and control["kind"] != "button":
            # nothing Python computed in it (the graph stepper): it works here, no note
            if state["note"] is not None:
                problems.append(f"{what}: a note on a widget that works without Python")
            continue
        if state["fresh"]:
            problems.append(f"{what}: readouts Python wrote left as true: {state['fresh']}")
        if not (state["noteVisible"] and "Python is not running" in (state["note"] or "")):
            problems.append(f"{what}: no note that Python is not running ({state['note']!r})")
        elif not (state["link"] or "").endswith(f"lab/lab/index.html?path={notebook.name}"):
            problems.append(f"{what}: the note does not link the runnable notebook")
        if control["kind"] == "button" and "needs Python" not in (state["note"] or ""):
            problems.append(f"{what}: a button does not say it needs Python: {state['note']!r}")
    assert not problems, "\n".join(problems)
    assert not offline_page.outside, f"requests left 127.0.0.1: {offline_page.outside}"
    assert not offline_page.errors, f"console errors: {offline_page.errors}"


def test_the_fit_curve_follows_a_knob_on_the_static_page(
    offline_page: OfflinePage, site_server: SiteServer
) -> None:
    """With no Python at all, the curve still follows the hand: the knob sliders write the
    value being moved into the KnobLink they share with the fit plot (anywidget's host API
    finds it in the page's widget manager), and the plot redraws in the key's own handler."""
    notebook = next(n for n in NOTEBOOKS if n.name.startswith("06_"))
    open_course_page(offline_page, site_server, notebook)
    draws = offline_page.page.evaluate(REDRAW_IN_THE_KEY_HANDLER_JS, [".nudge-plot", ".nudge-k2"])
    assert draws["after"] == draws["before"] + 1, f"the fit plot did not follow k2: {draws}"
    assert not offline_page.errors, f"console errors: {offline_page.errors}"


LAYOUT_JS = """() => {
  const body = document.querySelector('div.body').getBoundingClientRect();
  const cut = [];
  for (const el of document.querySelectorAll('.cell_output *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > body.right + 1 && !el.closest('.highlight'))
      cut.push(`${el.tagName}.${el.className.toString().split(' ').slice(-2).join('.')} `
        + `${Math.round(box.right - body.right)} px`);
  }
  // room under a widget that nothing fills: subarea bottom minus its lowest visible content
  const gaps = [...document.querySelectorAll('.cell_output .widget-subarea')].map(area => {
    let low = area.getBoundingClientRect().top;
    for (const el of area.querySelectorAll('canvas, svg, img, input, button, select, textarea')) {
      const box = el.getBoundingClientRect();
      if (box.height > 0) low = Math.max(low, box.bottom);
    }
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      if (!walker.currentNode.nodeValue.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      const box = range.getBoundingClientRect();
      if (box.height > 0) low = Math.max(low, box.bottom);
    }
    return Math.round(area.getBoundingClientRect().bottom - low);
  });
  const prev = document.querySelector('a.course-prev');
  const next = document.querySelector('a.course-next');
  const p = prev && prev.getBoundingClientRect(), n = next && next.getBoundingClientRect();
  const rawMath = [...document.querySelectorAll('.widget-html-content')]
    .map(c => c.innerText).filter(t => /\\$[^$\\n]+\\$/.test(t) || /\\\\\\(/.test(t));
  return {cut, gaps, navGap: p && n && Math.abs(p.top - n.top) < 5 ? n.left - p.right : null,
          rawMath, typeset: document.querySelectorAll('.widget-html-content mjx-container').length};
}"""


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_page_layout_nothing_cut_off_no_gaps_maths_typeset(
    offline_page: OfflinePage, site_server: SiteServer, notebook: Path
) -> None:
    open_course_page(offline_page, site_server, notebook)
    facts = offline_page.page.evaluate(LAYOUT_JS)
    assert not facts["cut"], f"cut off at the column's edge: {facts['cut'][:10]}"
    assert all(gap < 30 for gap in facts["gaps"]), f"blank room under widgets: {facts['gaps']} px"
    if facts["navGap"] is not None:
        assert facts["navGap"] >= 40, f"previous/next links only {facts['navGap']} px apart"
    assert not facts["rawMath"], f"maths left as source in widget HTML: {facts['rawMath'][:3]}"
