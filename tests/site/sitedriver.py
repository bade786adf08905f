"""What the site tests share: paths, Chromium's flags, the static server's handler, and the
records of one offline tab (requests stopped on their way out, console errors).

Kept out of conftest.py so test modules can import it by a name no other test folder uses.
"""

from __future__ import annotations

import http.server
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"
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
