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
from sitedriver import REPO, SITE, OfflinePage, SiteServer

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
    executed = REPO / ".cache" / "site" / "build" / "notebooks" / notebook.name
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
