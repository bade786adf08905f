"""The set-up files agree with each other: Binder's requirements match pyproject.toml,
Graphviz is in apt.txt, and CI calls the README's test command."""

from __future__ import annotations

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


def test_binder_requirements_match_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    binder = [line for line in lines if line.strip() and not line.startswith("#")]
    assert sorted(binder) == sorted(declared)


def test_binder_installs_graphviz_and_the_package():
    assert "graphviz" in (ROOT / "apt.txt").read_text().split()
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
