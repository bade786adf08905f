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
from playwright.sync_api import BrowserContext, sync_playwright
from sitedriver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SITE,
    OfflinePage,
    SiteHandler,
    SiteServer,
    close_offline_tab,
    open_offline_tab,
)


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
    """A fresh offline tab for one test."""
    tab = open_offline_tab(browser, site_server.base)
    try:
        yield tab
    finally:
        close_offline_tab(tab, request.node.name)
