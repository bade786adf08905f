"""Fixtures shared by the test modules (pytest finds this file for every test under tests/)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data():
    """The course's default data set (`make_dataset()`: 100 points, seed 0), one per module.

    A module that needs another data set defines its own `data` fixture, which wins.
    """
    from autograd.polyfit import make_dataset

    return make_dataset()


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository's root folder."""
    return REPO
