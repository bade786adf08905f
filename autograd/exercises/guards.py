"""Guards for the cells that use an exercise's result, so Run All goes on past a blank.

In the workbook copies every answer starts as `...`. A cell that draws or trains with
that answer would stop Run All with "TypeError: ... 'ellipsis'"; guarded, it says
"fill in the exercise above first" and the rest of the notebook still runs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from autograd.engine import Value
from autograd.exercises.verdict import fmt, holds_blank
from autograd.validate import as_float

FILL_IN_FIRST = "fill in the exercise above first"


def _is_blank(answer: object) -> bool:
    """Whether `answer` is, holds or was built from a `...` blank."""
    if answer is ...:
        return True
    if isinstance(answer, Value):  # a graph whose grads (or data) are still blanks
        return any(v.grad is ... or v.data is ... for v in answer.topological_order())
    if isinstance(answer, (list, tuple)):
        return any(_is_blank(item) for item in answer)
    return holds_blank(answer)  # a dict of answers, a function with a ... in it


def answered(*answers: object) -> bool:
    """True when every answer is filled in; else prints "fill in the exercise above first".

    Use it around a cell's work: `if answered(n): display(draw_graph(n))`.
    """
    if any(_is_blank(answer) for answer in answers):
        print(f"{FILL_IN_FIRST}: this cell uses your answer")
        return False
    return True


def learned(losses: Iterable[float], step: str = "training_step") -> bool:
    """True when the loss went down; else prints that the model did not learn, and why.

    For the cell after a training loop: with the training step still blank (or wrong),
    the loss stays where it started and the plots that follow show an untrained model.
    """
    values = [v for v in losses]
    numbers = [as_float(v) for v in values]  # numpy scalars and 0-d arrays are numbers too
    finite = all(x is not None and math.isfinite(x) for x in numbers)
    if len(values) >= 2 and finite and numbers[-1] < numbers[0]:  # type: ignore[operator]
        return True
    start, end = (fmt(values[0]), fmt(values[-1])) if values else ("-", "-")
    print(
        f"the model did not learn (loss {start} at the start, {end} at the end): "
        f"{FILL_IN_FIRST}, {step}, until its check is green"
    )
    return False
