"""paused_collector: the cyclic GC is off inside, always restored after (errors, nesting),
and the training helpers that use it leave it as they found it with the same gradients."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from autograd import (
    DivergenceError,
    Polynomial,
    Value,
    check_gradients,
    fit_polynomial,
    gradient_descent,
    loss_and_gradients,
    make_dataset,
    mse_loss,
)
from autograd.collector import paused_collector


@pytest.fixture(params=[True, False], ids=["collector-on", "collector-off"])
def collector_state(request: pytest.FixtureRequest) -> Iterator[bool]:
    """Run a test with the collector on, then off; restore the state the session had."""
    before = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    try:
        yield request.param
    finally:
        (gc.enable if before else gc.disable)()


def test_paused_inside_and_restored_after(collector_state):
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled() is collector_state


def test_restored_when_an_exception_escapes(collector_state):
    with pytest.raises(ZeroDivisionError), paused_collector():
        1 / Value(0.0)
    assert gc.isenabled() is collector_state


def test_nested_pauses_restore_the_outer_state(collector_state):
    with paused_collector():
        with paused_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause must not switch it back on early
    assert gc.isenabled() is collector_state


def test_as_a_decorator_also_recursive_and_on_error(collector_state):
    seen = []

    @paused_collector()
    def countdown(n: int) -> int:
        seen.append(gc.isenabled())
        if n < 0:
            raise ValueError("below zero")
        return n if n == 0 else countdown(n - 1)

    assert countdown(3) == 0
    assert seen == [False] * 4 and gc.isenabled() is collector_state
    with pytest.raises(ValueError, match="below zero"):
        countdown(-1)
    assert gc.isenabled() is collector_state


def test_gradient_descent_restores_the_collector_between_and_after_steps(collector_state):
    data = make_dataset(n_points=30, seed=1)
    states = [gc.isenabled() for _ in gradient_descent(Polynomial(), data, steps=5)]
    assert states == [collector_state] * 6  # the caller's code, between yields, runs as before
    assert gc.isenabled() is collector_state


def test_fit_polynomial_restores_the_collector_also_when_it_diverges(collector_state):
    data = make_dataset(n_points=30, seed=1)
    fit_polynomial(data, max_steps=5)
    assert gc.isenabled() is collector_state
    with pytest.raises(DivergenceError):
        fit_polynomial(data, learning_rate=50.0, momentum=0.0, max_steps=200)
    assert gc.isenabled() is collector_state


def test_loss_and_gradients_restores_the_collector_on_overflow(collector_state):
    data = make_dataset(n_points=10, seed=1)
    model = Polynomial()
    model.set_values([1e200] * 6)
    with pytest.raises(OverflowError):
        loss_and_gradients(model, data)
    assert gc.isenabled() is collector_state


def test_gradients_are_the_same_with_and_without_the_pause():
    data = make_dataset(n_points=40, seed=2)
    model = Polynomial()
    model.set_values([0.3, -0.2, 0.5, 0.1, -0.4, 0.2])
    loss = mse_loss(model, *data.points)
    model.zero_grad()
    loss.backward()
    by_hand = model.gradients()
    assert loss_and_gradients(model, data) == (loss.data, by_hand)
    with paused_collector():
        result = check_gradients(lambda a, b: (a * b + a).tanh() * b, [0.7, -1.3])
    assert result.ok, result
