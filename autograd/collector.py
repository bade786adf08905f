"""Pausing Python's cyclic garbage collector while a computation graph is built and walked.

Why this exists (what a graph costs): one training step of the degree-5 fit at N = 1,000
points makes about 23,000 Values, and each Value brings two tuples. Python counts these
allocations and every few hundred of them runs its *cyclic* garbage collector; now and then
a full collection walks every object alive in the process. In a bare interpreter that is
little, but a notebook kernel holds what numpy, matplotlib, ipywidgets and IPython
loaded (about 84,000 objects): there the collector's walks made the step about 1.7x
slower, for nothing -- the engine's graphs hold no reference cycles, so plain reference
counting frees each one the moment its last name goes away.

`paused_collector()` switches the cyclic collector off for the duration of a `with` block
(or a decorated function) and always puts it back as it was, also when an exception
escapes; nested pauses keep the outermost state. Use it around code that only builds and
walks graphs. Reference counting keeps working, so memory is freed as usual; only garbage
that forms cycles waits until the collector is back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector() -> Iterator[None]:
    """Switch off the cyclic garbage collector inside the block; restore it afterwards.

        with paused_collector():
            loss = mse_loss(model, xs, ys)
            loss.backward()

    Also a decorator, `@paused_collector()` (each call gets its own pause, so recursive
    and nested calls restore correctly). A decorated *generator* function is paused only
    while it is created, not while it runs: put the `with` inside its loop instead.
    """
    was_enabled = gc.isenabled()  # remembered per pause: nesting restores the outer state
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
