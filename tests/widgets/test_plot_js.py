"""The plot's JavaScript, tested where it runs: `node --test tests/widgets/js/plot_*.test.mjs` on
plot.js (its tick labels, and drawing every item kind on a stand-in canvas). Node is on
the machine; no npm dependencies, no build step."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_plot_js_unit_tests_pass_under_node():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is needed for tests/widgets/js/ (apt-get install -y nodejs)")
        pytest.skip("node is not installed")
    js_tests = ROOT / "tests" / "widgets" / "js"
    files = sorted(str(path) for path in js_tests.glob("plot_*.test.mjs"))
    assert files, "no tests/widgets/js/plot_*.test.mjs"
    result = subprocess.run(
        [node, "--test", *files],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
