"""What the site tests share: paths, Chromium's flags, the static server's handler, and the
records of one offline tab (requests stopped on their way out, console errors).

Kept out of conftest.py so test modules can import it by a name no other test folder uses.
"""

from __future__ import annotations

import http.server
import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, Route

REPO = Path(__file__).resolve().parents[2]
# The built site (scripts/build_site.sh [OUT]; BACKPROP_SITE=OUT to test another build) and
# the Sphinx source tree it was built from (its executed notebooks).
SITE = Path(os.environ.get("BACKPROP_SITE", REPO / "site")).resolve()
BUILD = REPO / ".cache" / "site" / ("build" if SITE == REPO / "site" else f"build-{SITE.name}")
SHOTS_DIR = REPO / "test-artifacts" / "site"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extra_pages: dict[str, bytes] = {}
    # Pyodide's wasm must be served as application/wasm for streaming compilation.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
    }  # fmt: skip

    def do_GET(self) -> None:
        page = self.extra_pages.get(self.path.split("?")[0])
        if page is None:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: failures show up in the tests' own assertions


@dataclass
class SiteServer:
    base: str
    extra_pages: dict[str, bytes]


@dataclass
class OfflinePage:
    page: Page
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def shot(self, name: str) -> Path:
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        path = SHOTS_DIR / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def open_offline_tab(context: BrowserContext, base: str) -> OfflinePage:
    """A tab that may reach only the site server: any other request is aborted and recorded."""
    page = context.new_page()
    tab = OfflinePage(page, base)

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith((base + "/", "data:", "blob:")):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort()

    # On the context, not the page: the Pyodide kernel runs in a web worker, whose requests
    # only the context's routes see.
    page.context.route("**/*", route)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    def response(response: Response) -> None:
        # the console's "Failed to load resource" does not say which: name it
        if response.status >= 400:
            tab.errors.append(f"{response.status} {response.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    page.on("response", response)
    return tab


def close_offline_tab(tab: OfflinePage, name: str) -> None:
    print(f"\n{name}: console errors {tab.errors[:20]}")
    print(f"requests stopped on their way out of 127.0.0.1: {tab.outside[:20]}")
    tab.page.context.unroute("**/*")
    try:
        tab.shot(name.replace("/", "_").replace("[", "-").rstrip("]"))
    except Exception as exc:  # the page may be gone; the test's own report matters more
        print(f"no screenshot: {exc}")
    tab.page.close()
