"""autograd.rng draws numpy's default_rng numbers bit for bit, without numpy."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd.polyfit import make_dataset
from autograd.rng import Generator


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**130), st.floats(-1e3, 1e3), st.floats(1e-3, 1e3))
def test_uniform_then_normal_draws_are_numpys(seed, low, width):
    ours, theirs = Generator(seed), np.random.default_rng(seed)
    assert [ours.uniform(low, low + width) for _ in range(50)] == theirs.uniform(
        low, low + width, 50
    ).tolist()
    assert [ours.normal(0.0, 0.1) for _ in range(2000)] == theirs.normal(0.0, 0.1, 2000).tolist()


def test_the_tail_and_the_wedges_of_the_ziggurat_are_numpys_too():
    # 200,000 normal draws reach the rare paths (the tail beyond 3.65, the wedges) often
    ours, theirs = Generator(2026), np.random.default_rng(2026)
    drawn = [ours.standard_normal() for _ in range(200_000)]
    assert drawn == theirs.standard_normal(200_000).tolist()
    assert max(map(abs, drawn)) > 3.66


def test_make_dataset_gives_the_points_numpy_gave():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-1.0, 1.0, 100))
    y = np.polynomial.polynomial.polyval(x, [0.3, 0.8, -1.6, -1.2, 1.5, 1.0])
    y = y + rng.normal(0.0, 0.1, 100)
    data = make_dataset()
    assert list(data.x) == x.tolist() and list(data.y) == y.tolist()
