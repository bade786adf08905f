"""Notebook 4's checks: a topological order, your own backward pass, and grad predictions."""

from __future__ import annotations

from collections.abc import Callable

from autograd.engine import Value
from autograd.exercises.backprop import diagnose
from autograd.exercises.graph_facts import (
    name,
    name_or_expression,
    parents,
    stale_graph,
    true_grads,
)
from autograd.exercises.verdict import (
    CORRECT,
    UNANSWERED,
    WRONG,
    CheckResult,
    Row,
    call_learner,
    close,
    combine,
    fmt,
    has_blank,
    number_check,
    raised,
    read_number,
    result,
)
from autograd.validate import plain_whole_number, whole_number


def _not_in_graph(v: Value, root: Value) -> str:
    """Why `v` is not below `root`: usually it was made again after root's graph was built."""
    labels = {n.label for n in root.topological_order() if n.label}
    out = name_or_expression(root)
    if v.label and v.label in labels:
        return (
            f"this {v.label} is not the {v.label} of {out}'s graph: {v.label} was made "
            f"again after {out} was built (a cell run again?); run the cell that builds "
            f"{out} again"
        )
    return f"{name(v)} is not part of the graph below {out}"


def check_topological_order(root: Value, order: object) -> CheckResult:
    """A list of the graph's Values in which every node comes after its inputs."""
    if not isinstance(root, Value):
        return result(WRONG, "topological order", f"pass the output Value first; got {fmt(root)}")
    title = f"topological order of the graph below {name(root)}"
    if order is ...:
        return result(UNANSWERED, title, "not answered yet: replace the ...")
    if not isinstance(order, (list, tuple)):
        return result(WRONG, title, f"give a list of the Values, e.g. [a, b, e]; got {fmt(order)}")
    if any(v is ... for v in order):
        return result(UNANSWERED, title, "not answered yet: a ... is still in your list")
    for item, v in enumerate(order, 1):
        if not isinstance(v, Value):
            return result(
                WRONG,
                title,
                f"item {item} is {fmt(v)}, not a Value: give a list of the Values "
                "themselves, e.g. [a, b, e]",
            )
    nodes = root.topological_order()
    ids = {id(v) for v in nodes}
    seen: set[int] = set()
    for v in order:
        if id(v) not in ids:
            return result(WRONG, title, _not_in_graph(v, root))
        if id(v) in seen:
            return result(WRONG, title, f"{name(v)} appears twice: list each node once")
        seen.add(id(v))
    missing = [name(v) for v in nodes if id(v) not in seen]
    if missing:
        return result(WRONG, title, f"missing: {', '.join(missing)}")
    position = {id(v): i for i, v in enumerate(order)}
    edges = [(v, child) for v in order for child in v.inputs]
    if edges and all(position[id(child)] > position[id(v)] for v, child in edges):
        return result(
            WRONG,
            title,
            "this is reversed: inputs come first and the output last; the backward pass "
            "then walks the list from the end",
        )
    for v, child in edges:
        if position[id(child)] > position[id(v)]:
            return result(
                WRONG,
                title,
                f"{name(v)} comes before its input {name(child)}: every node must come "
                "after the nodes it is made from",
            )
    return result(CORRECT, title, " -> ".join(name(v) for v in order))


def _exercise_graphs() -> list[tuple[str, Value, list[Value]]]:
    """Small graphs for testing a learner's backward function: plain, fan-out, deeper."""
    a, b, c, f = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    first = (a * b + c) * f
    x, y = Value(3.0, "x"), Value(-4.0, "y")
    fan_out = x * y + x  # x is used twice
    p = Value(0.5, "p")
    deeper = (p * p + p).tanh() * p  # p feeds four edges through several levels
    return [
        ("(a*b + c) * f", first, [a, b, c, f]),
        ("x*y + x", fan_out, [x, y]),
        ("tanh(p*p + p) * p", deeper, [p]),
    ]


_BACKWARD_SLIPS = {
    "overwrite": "did you overwrite instead of accumulate? Use child.grad += ..., so a Value "
    "used twice collects both contributions",
    "forward order": "you walked the nodes inputs-first: go from the output back, through "
    "reversed(root.topological_order()), so each grad is complete before it is passed on",
}


def _slip(kind: str, index: int) -> list[float]:
    """The leaf grads that a backward pass with the mistake `kind` gives on graph `index`."""
    _, root, leaves = _exercise_graphs()[index]
    order = root.topological_order()
    root.grad = 1.0
    for node in order if kind == "forward order" else reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            if kind == "overwrite":
                child.grad = local * node.grad
            else:
                child.grad += local * node.grad
    return [leaf.grad for leaf in leaves]


def _after_run(description: str, nodes: list[Value], data_before: list[float]) -> str | None:
    """Junk or changed data left behind by the learner's backward, said with the node's name."""
    for node, before in zip(nodes, data_before):
        unchanged = isinstance(node.data, float) and node.data == before
        if not unchanged:
            return (
                f"on {description} your function changed {name(node)}.data from {fmt(before)} "
                f"to {fmt(node.data)}: a backward pass only fills in .grad"
            )
    for node in nodes:
        value = read_number(node.grad, f"{name(node)}.grad")
        if isinstance(value, str):
            return f"on {description}, after your function, {name(node)}.grad {value}"
    return None


def check_backward_function(backward: Callable[[Value], object]) -> CheckResult:
    """Your own backward pass, run on three fresh graphs and compared with the chain rule."""
    title = "your backward function"
    if backward is ...:
        return result(UNANSWERED, title, "not answered yet: replace the ...")
    if not callable(backward):
        return result(WRONG, title, "pass the function itself, e.g. check(my_backward)")
    rows: list[Row] = []
    statuses, hints = [], []
    for index, (description, root, leaves) in enumerate(_exercise_graphs()):
        true = true_grads(root)
        nodes = root.topological_order()
        data_before = [n.data for n in nodes]
        _, error = call_learner(backward, root)
        if error is not None:
            return raised(title, f"on {description} it", error, backward)
        junk = _after_run(description, nodes, data_before)
        if junk:
            return result(WRONG, title, junk)
        if all(v.grad == 0.0 for v in nodes):
            if has_blank(backward):
                return result(
                    UNANSWERED, title, "not answered yet: a ... is still in your function"
                )
            return result(
                WRONG,
                title,
                "your function changed no grad of the graph it was given: fill in the grads "
                "below root (the argument), starting with root.grad = 1.0",
            )
        if not close(root.grad, 1.0):
            start = f"the output's grad is {fmt(root.grad)}: start with root.grad = 1.0"
            return result(WRONG, title, f"on {description}: {start}")
        wrong = [v for v in leaves if not close(v.grad, true[v])]
        if not wrong:
            statuses.append(CORRECT)
            rows.append((description, "", "", "✔ all grads right"))
            continue
        v = wrong[0]
        got = [leaf.grad for leaf in leaves]
        note: str | None = next(
            (
                hint
                for kind, hint in _BACKWARD_SLIPS.items()
                if all(close(x, y) for x, y in zip(got, _slip(kind, index)))
            ),
            None,
        )
        if note is None:
            edges = [(p, pos, true[p]) for p, pos in parents(root).get(v, [])]
            note = diagnose(v, v.grad, true[v], edges)
        statuses.append(WRONG)
        rows.append((description, f"{name(v)}.grad = {fmt(v.grad)}", fmt(true[v]), note))
        hints.append(f"on {description}: {note}")
    return combine(title, statuses, rows, hints[:1])


def check_grad_prediction(
    predicted: object, root: Value, node: Value, backward_calls: int = 1
) -> CheckResult:
    """Your prediction of `node.grad` after calling `root.backward()` `backward_calls` times.

    Only leaves (Values with no inputs, such as the knobs) add up over repeated calls;
    backward() recomputes every other node's grad from zero, so it is the same after
    any number of calls.
    """
    if plain_whole_number(backward_calls) is None:
        raise TypeError(f"backward_calls must be a whole number, got {backward_calls!r}")
    backward_calls = whole_number(backward_calls, "backward_calls", minimum=1)
    if not isinstance(root, Value) or not isinstance(node, Value):
        return result(
            WRONG,
            "your prediction",
            f"the check needs two Values (the output and the node); got {fmt(root)}, {fmt(node)}",
        )
    calls = "one call" if backward_calls == 1 else f"{backward_calls} calls"
    title = f"{name(node)}.grad after {calls} of backward()"
    stale = stale_graph(root)
    if stale:
        return result(WRONG, title, stale)
    true = true_grads(root)
    if node not in true:
        return result(WRONG, title, _not_in_graph(node, root))
    once = true[node]
    is_leaf = not node.inputs
    expected = once * backward_calls if is_leaf else once
    edges = [(p, pos, true[p]) for p, pos in parents(root).get(node, [])]
    uses = len(edges)
    mistakes = [
        (
            p.local_grads[pos] * up,
            f"that is the part through only one of the {uses} uses of {name(node)}: backward() "
            "accumulates (+=), every use adds its part",
        )
        for p, pos, up in edges
        if uses > 1
    ]
    if backward_calls > 1 and is_leaf:
        mistakes.insert(
            0,
            (
                once,
                "that is one backward(): leaves keep adding up, so without zero_grad() every "
                "call adds the same amount again",
            ),
        )
    elif backward_calls > 1:
        mistakes.insert(
            0,
            (
                once * backward_calls,
                f"{name(node)} is not a leaf: backward() recomputes its grad from zero on "
                "every call; only leaves (Values with no inputs) keep adding up",
            ),
        )
    if expected:
        mistakes.append((-expected, "the sign is flipped: check the sign of each local derivative"))
    mistakes.append((node.data, f"that is {name(node)}'s own value (its data), not its grad"))
    mistakes.append((root.data, "that is the output's value (its data), not a derivative"))
    return number_check(
        title,
        "your prediction",
        predicted,
        expected,
        f"{name(node)}.grad after {calls} of backward()",
        _one_hint_per_number(mistakes, expected),
        name="prediction",
    )


def _one_hint_per_number(
    mistakes: list[tuple[float, str]], expected: float
) -> list[tuple[float, str]]:
    """Slips that give the same number are told together ("... or ..."): the numbers at
    hand cannot say which one the learner made. One that gives the right number is dropped."""
    merged: list[tuple[float, str]] = []
    for value, hint in mistakes:
        if close(value, expected):
            continue
        for i, (seen, told) in enumerate(merged):
            if close(seen, value):
                if hint not in told:
                    merged[i] = (seen, f"{told}; or {hint}")
                break
        else:
            merged.append((value, hint))
    return merged
