"""Fixtures for the browser tests: one JupyterLab server and one Chromium per session.

The server listens on 127.0.0.1 on a free port with a random token and its own config,
data, settings, workspace and runtime folders (news and autosave off), so nothing of the
user's Jupyter set-up leaks in and nothing is written outside a temporary folder. Each test
gets a fresh tab (`lab` fixture) that opens a temporary copy of a notebook; when the test
ends its kernels are shut down. Screenshots go to test-artifacts/browser/ at the repo root,
and a failing test prints the page's console errors and the server log's tail.

Chromium is Debian's (/usr/bin/chromium, `apt-get install -y chromium`), driven by
Playwright's Python package: never `playwright install`. Without it the tests skip on a
workstation but fail under CI (env CI set), where a skipped end-to-end suite would hide
exactly the bugs it exists to catch.

BROWSER_TESTS_DISABLE_EXTENSIONS (comma-separated lab extension names) disables those
extensions in the isolated config folder only; it exists to prove that the tests fail
without the ipywidgets manager (@jupyter-widgets/jupyterlab-manager).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from labdriver import REPO, LabPage
from playwright.sync_api import BrowserContext, sync_playwright

SHOTS_DIR = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
# Measured on this machine: these flags keep headless Chromium quiet and offline.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAB_START_TIMEOUT = 60.0

USER_SETTINGS = {
    # The news pop-up would cover the notebook and fetch from the network.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Autosave is off: the tests save explicitly, and only into temporary copies.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Every cell in the DOM, so the tests see all outputs without scrolling.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}

_phase_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """Remember each phase's report so fixtures can tell whether their test failed."""
    report = yield
    item.stash.setdefault(_phase_reports, {})[report.when] = report
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(base: str, token: str, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(
        base + path, method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        return json.loads(body) if body else None


def _write_isolated_config(root: Path) -> dict[str, str]:
    """Create the server's private folders and return the environment pointing at them."""
    settings = root / "settings"
    for relative, data in USER_SETTINGS.items():
        (settings / relative).parent.mkdir(parents=True, exist_ok=True)
        (settings / relative).write_text(json.dumps(data))
    config = root / "config"
    disabled = [n for n in os.environ.get("BROWSER_TESTS_DISABLE_EXTENSIONS", "").split(",") if n]
    if disabled:
        # What `jupyter labextension disable --level=user` writes, in our own config dir.
        (config / "labconfig").mkdir(parents=True)
        page_config = {"disabledExtensions": dict.fromkeys(disabled, True)}
        (config / "labconfig" / "page_config.json").write_text(json.dumps(page_config))
    return dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_DATA_DIR=str(root / "data"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
        IPYTHONDIR=str(root / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A JupyterLab server serving an empty temporary folder; tests copy notebooks in."""
    root = tmp_path_factory.mktemp("jupyterlab")
    served = root / "served"
    served.mkdir()
    # Notebooks may show pictures from ../figures/: keep that path working in the copies.
    if (REPO / "figures").is_dir():
        shutil.copytree(REPO / "figures", served / "figures")
    env = _write_isolated_config(root)
    port, token = _free_port(), secrets.token_hex(24)
    base = f"http://127.0.0.1:{port}"
    log_path = root / "lab.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={served}",
        "--ServerApp.terminals_enabled=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with open(log_path, "wb") as log:
        # Own process group: on a hang we can stop the server and its kernels, nothing else.
        process = subprocess.Popen(
            command, cwd=served, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + LAB_START_TIMEOUT
            while True:
                if process.poll() is not None:
                    pytest.fail(
                        f"jupyter lab exited with code {process.returncode} before answering; "
                        f"log:\n{log_path.read_text()[-3000:]}"
                    )
                try:
                    _api(base, token, "/api/status")
                    break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer within {LAB_START_TIMEOUT:.0f} s")
                time.sleep(0.2)
            yield {"base": base, "token": token, "root": served, "log": log_path}
        finally:
            _stop_server(process, base, token)


def _stop_server(process: subprocess.Popen, base: str, token: str) -> None:
    try:
        _api(base, token, "/api/shutdown", method="POST")  # stops its kernels too
        process.wait(timeout=20)
    except Exception:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's headless Chromium with a fresh profile, shared by all tests of the session."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so the browser tests may not be skipped)")
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    """test-artifacts/browser/, emptied of the previous run's screenshots."""
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for old in SHOTS_DIR.glob("*.png"):
        old.unlink()
    return SHOTS_DIR


@pytest.fixture
def lab(
    request: pytest.FixtureRequest, browser: BrowserContext, lab_server: dict, shots_dir: Path
) -> Iterator[LabPage]:
    """A fresh tab on the session's JupyterLab; on failure, prints what the page said."""
    page = browser.new_page()
    tab = LabPage(
        page, lab_server["base"], lab_server["token"], lab_server["root"], shots_dir,
        request.node.name,
    )  # fmt: skip
    try:
        yield tab
    finally:
        reports = request.node.stash.get(_phase_reports, {})
        if any(report.failed for report in reports.values()):
            try:
                print(f"screenshot of the failure: {tab.shot('FAILED')}")
            except Exception as exc:  # the page may be gone; the report matters more
                print(f"no failure screenshot: {exc}")
            counts = Counter(tab.console_errors)
            lines = [f"{n} x {text}" if n > 1 else text for text, n in counts.items()]
            print("browser console errors:", *lines or ["(none)"], sep="\n  ")
            log_tail = lab_server["log"].read_text(errors="replace")[-2000:]
            print(f"jupyter lab log (tail):\n{log_tail}")
        page.close()
        _shutdown_sessions(lab_server)


def _shutdown_sessions(lab_server: dict) -> None:
    """Stop the kernels the test started, so the next test starts from a clean server."""
    base, token = lab_server["base"], lab_server["token"]
    for session in _api(base, token, "/api/sessions") or []:
        _api(base, token, f"/api/sessions/{session['id']}", method="DELETE")
