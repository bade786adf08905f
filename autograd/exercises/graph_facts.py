"""Facts about a learner's graph the checks share: names, true gradients, edges, staleness.

A "stale" graph is one handed to a check after the notebook moved on: an input's
`.data` changed after the graph was built, or two different Values carry the same
label (a cell that makes `a` was run again and the new `a` mixed with the old graph).
Each check asks `stale_graph(root)` first and says so, instead of judging numbers that
no longer belong together.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd.engine import Value
from autograd.exercises.verdict import close, fmt
from autograd.trace import backward_steps, replay_grads


def name(v: Value) -> str:
    """A Value's label, or its number in brackets for an unlabelled one."""
    label = v.label if isinstance(v.label, str) else ""
    return label or f"({fmt(v.data)})"


def true_grads(root: Value) -> dict[Value, float]:
    """d(root)/d(node) for every node below `root`, replayed by trace (grads untouched)."""
    return replay_grads(list(backward_steps(root)))


def parents(root: Value) -> dict[Value, list[tuple[Value, int]]]:
    """For each node: the (node using it, input position) pairs, one per edge."""
    used_by: dict[Value, list[tuple[Value, int]]] = {}
    for node in root.topological_order():
        for position, child in enumerate(node.inputs):
            used_by.setdefault(child, []).append((node, position))
    return used_by


_FORWARD: dict[str, Callable[..., float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
    "neg": lambda a: -a,
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "relu": lambda a: max(a, 0.0),
    "sigmoid": lambda a: 1.0 / (1.0 + math.exp(-a)),
}


def _recompute(node: Value) -> float | None:
    """The node's value from its inputs' current data, or None for an op we do not know."""
    op = node.op
    forward = _FORWARD.get(op)
    args = [child.data for child in node.inputs]
    try:
        if forward is None and op.startswith("**") and len(args) == 1:
            return float(args[0] ** float(op[2:]))
        return None if forward is None else float(forward(*args))
    except (ArithmeticError, ValueError, TypeError):
        return None


def junk_data(root: Value) -> str | None:
    """The first Value below `root` whose .data is not a finite float, said in words."""
    for node in root.topological_order():
        data = node.data
        if isinstance(data, bool) or not isinstance(data, float) or not math.isfinite(data):
            return (
                f"{name_or_expression(node)}.data is {fmt(data)}: a Value's data must be a number"
            )
    return None


def stale_graph(root: Value) -> str | None:
    """Why the graph below `root` no longer fits together, or None when it does."""
    junk = junk_data(root)
    if junk:
        return junk
    leaves: dict[str, Value] = {}
    for node in root.topological_order():
        if not node.inputs and node.label:
            other = leaves.setdefault(node.label, node)
            if other is not node:
                return (
                    f"two different Values are labelled {node.label!r} in this graph: a cell "
                    "that makes them was run again in between; run the cells that build this "
                    "graph again, in order"
                )
        if node.inputs:
            now = _recompute(node)
            if now is not None and not close(now, node.data, 1e-9):
                return (
                    f"{name_or_expression(node)}.data is {fmt(node.data)}, but its inputs now "
                    f"give {fmt(now)}: an input's data changed after the graph was built; run "
                    "the cell that builds it again"
                )
    return None


_INFIX = {"+", "-", "*", "/", "**"}


def name_or_expression(v: Value, depth: int = 3) -> str:
    """The label, or for an unlabelled node the expression it computes from labelled ones.

    Only `depth` levels are written out ("..." below), so a node deep in a training
    loss still gets a short name.
    """
    if v.label:
        return v.label
    if not v.inputs:
        return fmt(v.data)
    if depth == 0:
        return "..."
    parts = [name_or_expression(child, depth - 1) for child in v.inputs]
    if v.op in _INFIX and len(parts) == 2:
        return f"({parts[0]} {v.op} {parts[1]})"
    if v.op.startswith("**") and len(parts) == 1:
        return f"{parts[0]}{v.op}"
    return f"{v.op}({', '.join(parts)})"
