"""Fixtures for the tests of the built site (site/, from `make site`): a static file server
on 127.0.0.1 and Debian's Chromium with every request that leaves the server aborted.

The server serves site/ as a static host would (plus in-memory pages a test adds), on a free
port. `offline_page` opens a tab whose requests to anything but that server are aborted and
recorded, and whose console errors and uncaught exceptions are recorded; the tests assert both
lists are empty. Chromium is /usr/bin/chromium driven by Playwright's Python package (never
`playwright install`); without it the tests skip locally and fail under CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Route, sync_playwright
from sitedriver import CHROMIUM, CHROMIUM_ARGS, SITE, OfflinePage, SiteHandler, SiteServer


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    """site/ served on 127.0.0.1:<free port> by a thread of this process."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} is not built: run `make site` first")
    extra: dict[str, bytes] = {}
    handler = functools.partial(type("H", (SiteHandler,), {"extra_pages": extra}), directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SiteServer(f"http://127.0.0.1:{server.server_address[1]}", extra)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so the site tests may not be skipped)")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()
            browser.close()


@pytest.fixture
def offline_page(
    request: pytest.FixtureRequest, browser: BrowserContext, site_server: SiteServer
) -> Iterator[OfflinePage]:
    """A tab that may reach only the site server: any other request is aborted and recorded."""
    page = browser.new_page()
    tab = OfflinePage(page, site_server.base)

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith((site_server.base + "/", "data:", "blob:")):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort()

    # On the context, not the page: the Pyodide kernel runs in a web worker, whose requests
    # only the context's routes see.
    page.context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    page.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))
    # the console's "Failed to load resource" does not say which: name it
    page.on("response", lambda r: r.status >= 400 and tab.errors.append(f"{r.status} {r.url}"))
    try:
        yield tab
    finally:
        print(f"\n{request.node.name}: console errors {tab.errors[:20]}")
        print(f"requests stopped on their way out of 127.0.0.1: {tab.outside[:20]}")
        page.context.unroute("**/*")
        name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
        try:
            tab.shot(name)
        except Exception as exc:  # the page may be gone; the test's own report matters more
            print(f"no screenshot: {exc}")
        page.close()
