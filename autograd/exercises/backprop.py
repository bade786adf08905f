"""Notebook 3's checks: gradients filled in by hand, one step or a whole graph.

The diagnoses name the slips learners really make: the sum rule on a `*` node, the
product rule on a `+` node, the local derivative without the gradient from above, a
node's data used instead of its grad, a flipped sign, a fan-out overwritten instead of
accumulated, a grad taken from a parent whose grad was still 0 (the wrong order: go
from the output back), and an output grad other than 1.
"""

from __future__ import annotations

import math

from autograd.engine import Value
from autograd.exercises.graph_facts import name, parents, stale_graph, true_grads
from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    Row,
    close,
    combine,
    fmt,
    read_number,
    result,
)

Edge = tuple[Value, int, float]  # (parent, input position, the parent's grad used)


def _untouched(grad: object) -> bool:
    """A grad nobody set: the engine's own 0.0 (a learner's `= 0` is an int, `-0.0` signed)."""
    return type(grad) is float and grad == 0.0 and math.copysign(1.0, grad) > 0


def edge_hint(
    child: Value, given: float, parent: Value, position: int, upstream: float
) -> str | None:
    """The likely mistake if `given` is what one rule-slip on this edge would produce.

    When the numbers make two slips give the same value (x.data equal to p.grad, say),
    both are named: a check must not claim to know which one was made.
    """
    hints = edge_hints(child, given, parent, position, upstream)
    if not hints:
        return None
    if len(hints) == 1:
        return hints[0]
    return "two slips give this number here: " + "; or ".join(hints)


def edge_hints(
    child: Value, given: float, parent: Value, position: int, upstream: float
) -> list[str]:
    """Every rule-slip on this edge that would produce `given` (usually none or one)."""
    local = parent.local_grads[position]
    other = parent.inputs[1 - position] if len(parent.inputs) == 2 else None
    up = f"{name(parent)}.grad"
    hints = []
    if parent.op == "*" and not close(local, 1.0) and close(given, upstream):
        hints.append(
            f"you used the sum rule on a * node: '*' multiplies the gradient from above by "
            f"the other input, {name(other)}.data = {fmt(other.data)}"  # type: ignore[union-attr,arg-type]
        )
    if (
        parent.op == "*"
        and other is not None
        and not close(child.data, other.data)
        and close(given, child.data * upstream)
    ):
        hints.append(
            f"you multiplied by {name(child)}'s own value; the product rule takes the other "
            f"input, {name(other)}.data = {fmt(other.data)}"
        )
    if parent.op == "+" and other is not None and close(given, other.data * upstream):
        hints.append(
            "you used the product rule on a + node: '+' passes the gradient from above "
            "through unchanged (its local derivative is 1)"
        )
    if parent.op == "-" and position == 1 and close(given, upstream):
        hints.append(f"sign: for a - b the local derivative for b is -1, so b.grad = -{up}")
    if not close(upstream, parent.data) and (
        close(given, parent.data) or close(given, local * parent.data)
    ):
        hints.append(
            f"you used {name(parent)}.data = {fmt(parent.data)}, the node's value; the gradient "
            f"from above is {up} = {fmt(upstream)}"
        )
    if not close(upstream, 1.0) and close(given, local):
        hints.append(
            f"that is only the local derivative: multiply it by the gradient from above, "
            f"{up} = {fmt(upstream)}"
        )
    return hints


def diagnose(child: Value, given: float, expected: float, edges: list[Edge]) -> str:
    """Why `given` is not `expected`; `edges` are (parent, position, true upstream) triples."""
    head = f"{name(child)}.grad is {fmt(given)}, expected {fmt(expected)}"
    contributions = [parent.local_grads[pos] * up for parent, pos, up in edges]
    if len(edges) > 1 and any(close(given, c) for c in contributions):
        return (
            f"{head}: did you overwrite instead of accumulate? {name(child)} is used "
            f"{len(edges)} times, so its grad is the sum of {len(edges)} contributions"
        )
    if len(edges) > 1 and any(close(given, expected - c) for c in contributions):
        return (
            f"{head}: a term is missing; {name(child)} is used {len(edges)} times, "
            "add every contribution"
        )
    if len(edges) == 1:
        parent, position, upstream = edges[0]
        hint = edge_hint(child, given, parent, position, upstream)
        if hint:
            return f"{head}: {hint}"
    if close(given, -expected):
        return f"{head}: the sign is flipped"
    steps = " + ".join(f"{fmt(p.local_grads[pos])} x {fmt(up)}" for p, pos, up in edges)
    return f"{head}: local derivative x gradient from above = {steps}"  # per edge


def _numeric_grad(node: Value) -> float | None:
    """The node's grad as a finite float, or None when it is `...` or junk."""
    value = read_number(node.grad)
    return value if isinstance(value, float) else None


def _diagnose_in_graph(
    node: Value,
    given: float,
    expected: float,
    used_by: dict[Value, list[tuple[Value, int]]],
    true: dict[Value, float],
) -> str:
    edges: list[Edge] = []
    wrong_above: list[Value] = []
    for parent, position in used_by.get(node, []):
        learner = _numeric_grad(parent) if parent.label else None
        if learner is None:  # unlabelled (nothing to fill in) or junk: reason with the truth
            learner = true[parent]
        elif not close(learner, true[parent]):
            wrong_above.append(parent)
        edges.append((parent, position, learner))
    if given == 0.0 and not close(expected, 0.0):
        filled = [p for p, _, up in edges if p.label and up != 0.0]
        if filled:  # the parent is filled in now; it was 0 then, or this line never ran
            above, me = f"{name(filled[0])}.grad", f"{name(node)}.grad"
            return (
                f"{me} is 0.0, expected {fmt(expected)}: it needs {above}, which was still 0 "
                f"when {me} was worked out (or {me} was never set); go from the output back: "
                f"fill in {above} first, then {me}"
            )
        return f"{name(node)}.grad is still 0.0: fill in every grad, from the output back"
    consistent = sum(p.local_grads[pos] * up for p, pos, up in edges)
    if wrong_above and close(given, consistent):
        names = ", ".join(f"{name(p)}.grad" for p in wrong_above)
        return (
            f"{name(node)}.grad follows correctly from your {names}, but that is wrong: "
            "fix it first"
        )
    return diagnose(node, given, expected, [(p, pos, true[p]) for p, pos, _ in edges])


def check_backprop(root: Value) -> CheckResult:
    """The grads you filled in by hand for every labelled node of the graph below `root`."""
    if not isinstance(root, Value):
        return result(
            WRONG,
            "your gradients",
            f"pass the output Value, e.g. check_backprop(L); got {fmt(root)}",
        )
    title = f"your gradients for {name(root)}"
    stale = stale_graph(root)
    if stale:
        return result(WRONG, title, stale)
    true = true_grads(root)
    used_by = parents(root)
    labelled = [n for n in reversed(root.topological_order()) if n.label]
    if not labelled:
        return result(WRONG, title, "no labelled nodes: give the Values labels")
    if all(_untouched(n.grad) for n in labelled):
        return result(
            UNANSWERED,
            title,
            f"not answered yet: no grad filled in; start with {name(root)}.grad = 1.0",
        )
    any_blank = any(n.grad is ... for n in labelled)
    rows: list[Row] = []
    statuses, hints = [], []
    for node in labelled:
        given, expected = node.grad, true[node]
        label = f"{node.label}.grad"
        if given is ...:
            statuses.append(UNANSWERED)
            rows.append((node.label, "...", "", "not answered yet"))  # no answer given away
            continue
        value = read_number(given, label)
        if isinstance(value, str):
            statuses.append(WRONG)
            rows.append((node.label, fmt(given), fmt(expected), f"{label} {value}"))
            hints.append(f"{label} {value}")  # in the headline too, not only in the table
            continue
        if close(value, expected):
            statuses.append(CORRECT)
            rows.append((node.label, fmt(value), fmt(expected), "✔"))
            continue
        if any_blank and _untouched(given):  # a blank is left: this one is simply not reached
            statuses.append(UNANSWERED)
            rows.append((node.label, fmt(value), "", "not filled in yet"))
            continue
        if node is root:
            note = (
                f"{label} is {fmt(value)}: start with 1.0, because d{node.label}/d{node.label} = 1"
            )
        else:
            note = _diagnose_in_graph(node, value, expected, used_by, true)
        statuses.append(WRONG)
        rows.append((node.label, fmt(value), fmt(expected), note))
        hints.append(note)
    return combine(title, statuses, rows, hints[:1])


def check_local_gradients(node: Value) -> CheckResult:
    """One step of backprop: the grads of `node`'s inputs from `node.grad` alone."""
    if not isinstance(node, Value):
        return result(WRONG, "one backward step", f"pass the Value itself; got {fmt(node)}")
    title = f"one backward step through {name(node)} ({node.op!r})"
    if not node.inputs:
        return result(WRONG, title, f"{name(node)} is an input: it has no inputs to pass to")
    stale = stale_graph(node)
    if stale:
        return result(WRONG, title, stale)
    upstream = read_number(node.grad, f"{name(node)}.grad")
    if isinstance(upstream, str):
        return result(
            WRONG, title, f"{name(node)}.grad {upstream}: the gradient from above must be a number"
        )
    children = [c for i, c in enumerate(node.inputs) if c not in node.inputs[:i]]  # a * a: once
    if all(_untouched(c.grad) for c in children):
        return result(
            UNANSWERED,
            title,
            "not answered yet: every input's grad is still 0.0 (if you did set them: set the "
            f"grads of the inputs of this very {name(node)}; a cell run again makes new Values)",
        )
    rows: list[Row] = []
    statuses, hints = [], []
    for child in children:
        label = f"{name(child)}.grad"
        edges = [(node, pos, upstream) for pos, c in enumerate(node.inputs) if c is child]
        expected = sum(node.local_grads[pos] * upstream for _, pos, _ in edges)
        if child.grad is ...:
            statuses.append(UNANSWERED)
            rows.append((name(child), "...", "", "not answered yet"))  # no answer given away
            continue
        value = read_number(child.grad, label)
        if isinstance(value, str):
            statuses.append(WRONG)
            rows.append((name(child), fmt(child.grad), fmt(expected), f"{label} {value}"))
            hints.append(f"{label} {value}")
        elif close(value, expected):
            statuses.append(CORRECT)
            rows.append((name(child), fmt(value), fmt(expected), "✔"))
        else:
            if _untouched(child.grad):
                note = (
                    f"{label} is still 0.0, expected {fmt(expected)}: set it from {name(node)}.grad"
                )
            else:
                note = diagnose(child, value, expected, edges)
            statuses.append(WRONG)
            rows.append((name(child), fmt(value), fmt(expected), note))
            hints.append(note)
    return combine(title, statuses, rows, hints[:1])
