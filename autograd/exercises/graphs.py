"""Notebook 2's checks: build a computation graph, and predict a forward value."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from autograd.engine import Value
from autograd.exercises.graph_facts import name, name_or_expression, stale_graph
from autograd.exercises.structure import canonical, difference, sign_difference
from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    fmt,
    number_check,
    read_number,
    result,
)


def _parameter_names(formula: Callable[..., Value]) -> list[str]:
    try:
        parameters = inspect.signature(formula).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _inputs(root: Value) -> list[str]:
    """The labelled inputs of a graph, one per use, sorted: the same for equivalent graphs."""
    uses = [c.label for node in root.topological_order() for c in node.inputs if not c.inputs]
    return sorted(label for label in uses if label)


def check_graph(yours: object, formula: Callable[..., Value]) -> CheckResult:
    """Your Value graph against `formula` applied to Values with the same labels and data.

    The leaves of your graph are found by their labels, which must match the names of
    the formula's parameters (a lambda such as `lambda a, b: a * b + b`). Any graph that
    computes the formula from those inputs with the same operations is right, whatever
    the order of the operands of + and * and the grouping of sums and products.
    """
    title = "your computation graph"
    if yours is ...:
        return result(UNANSWERED, title, "not answered yet: replace the ...")
    if not isinstance(yours, Value):
        number = (
            ""
            if isinstance(read_number(yours), str)
            else " (a .data turns a Value into a plain number)"
        )
        return result(
            WRONG,
            title,
            f"got a {type(yours).__name__} {fmt(yours)}, not a Value{number}: build it from the "
            "Value(...) inputs so that it remembers how it was made",
        )
    stale = stale_graph(yours)
    if stale:
        return result(WRONG, title, stale)
    names = _parameter_names(formula)
    leaves = {v.label: v for v in yours.topological_order() if not v.inputs and v.label}
    missing = [n for n in names if n not in leaves]
    # a missing input gets a stand-in number: the comparison is of structure, and the
    # difference then shows what stands where the input belongs
    stand_ins = {n: Value(leaves[n].data if n in leaves else 1.0, n) for n in names}
    try:
        expected = formula(*(stand_ins[n] for n in names))
    except Exception as error:  # the notebook's formula, with the learner's input numbers
        return result(WRONG, title, f"the formula failed on your inputs: {error}")
    if not isinstance(expected, Value):
        return result(WRONG, title, f"the formula gave {fmt(expected)}, not a Value")
    mine, theirs = canonical(yours), canonical(expected)
    problem = difference(mine, theirs)
    if missing:
        problem = (
            f"no input labelled {', '.join(missing)}: use the Values made above "
            f"(Value(number, label='...')) in your expression; {problem}"
        )
    elif (
        problem
        and mine.op != theirs.op
        and _inputs(yours) == _inputs(expected)
        and not sign_difference(mine, theirs)
    ):
        problem += ": the same inputs, grouped differently; check the brackets"
    if problem:
        return result(WRONG, title, problem)
    return result(
        CORRECT, title, f"same operations on the same inputs; its output is {fmt(yours.data)}"
    )


def check_value_prediction(predicted: object, node: Value) -> CheckResult:
    """A forward value worked out by hand before looking at `node.data`."""
    if not isinstance(node, Value):
        return result(
            WRONG,
            "your prediction",
            f"the check compares with a Value, got {type(node).__name__} {fmt(node)}",
        )
    label = name(node)
    title = f"your prediction of {label}.data"
    stale = stale_graph(node)
    if stale:
        return result(WRONG, title, stale)
    mistakes: list[tuple[float, str]] = []
    for below in reversed(node.topological_order()[:-1]):  # nearest nodes first
        if below.inputs:
            mistakes.append(
                (
                    below.data,
                    f"that is {name_or_expression(below)}, a node below {label}: "
                    f"{label} takes it one step further",
                )
            )
    if len(node.inputs) == 2:
        x, y = node.inputs[0].data, node.inputs[1].data
        others = {"+": x + y, "-": x - y, "*": x * y}
        if y:
            others["/"] = x / y
        for op, value in others.items():
            if op != node.op:
                mistakes.append((value, f"that is {op} of its inputs; this node is {node.op!r}"))
    if node.data:
        mistakes.append((-node.data, "the sign is flipped: check each minus sign"))
    return number_check(
        title, "your prediction", predicted, node.data, f"{label}.data", mistakes, name="prediction"
    )
