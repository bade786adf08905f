"""Checks for the notebooks' "Your turn" cells: a verdict at once, and a diagnosis when wrong.

Every check returns a `CheckResult`, which Jupyter shows as a small coloured box (green:
right, red: wrong with the likely mistake named, grey: not answered yet). Where a wrong
answer matches a mistake learners often make, the message names it: "you used the sum
rule on a * node", "did you overwrite instead of accumulate?", and so on.

An exercise left as `...` (the blank of the workbook copies) is "not answered yet", never
an error. The workbook copies come from the command

    python -m autograd.exercises workbook

which copies `notebooks/` into `workbook/` with every line that ends in `# answer`
replaced by `... # your turn`; the notebooks themselves keep the answers, to look at
after trying.
"""

from __future__ import annotations

import argparse
import html
import math
import numbers
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograd.engine import Value
from autograd.gradcheck import numerical_grad
from autograd.nn import MLP, two_moons
from autograd.trace import backward_steps, replay_grads

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"
_SYMBOL = {CORRECT: "✔", WRONG: "✘", UNANSWERED: "…"}
_COLOUR = {CORRECT: "#2e7d32", WRONG: "#c62828", UNANSWERED: "#757575"}


# ----------------------------------------------------------------------------- the verdict
@dataclass
class CheckResult:
    """The outcome of one check: status, what was checked, the message, optional table rows."""

    status: str
    title: str
    message: str
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, yours, ...)

    @property
    def ok(self) -> bool:
        """True when the answer is right (wrong and not-answered-yet are both False)."""
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        lines = [f"{_SYMBOL[self.status]} {self.title}: {self.message}"]
        for name, yours, expected, note in self.rows:
            numbers = f"yours {yours}, expected {expected}  " if yours or expected else ""
            lines.append(f"    {name}: {numbers}{note}".rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = _COLOUR[self.status]
        table = ""
        if self.rows:
            cells = "".join(
                f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(y)}</td>"
                f"<td>{html.escape(e)}</td><td>{html.escape(note)}</td></tr>"
                for n, y, e, note in self.rows
            )
            table = (
                "<table style='margin-top:4px'><tr><th>node</th><th>yours</th>"
                f"<th>expected</th><th></th></tr>{cells}</table>"
            )
        return (
            f"<div style='border-left:6px solid {colour};padding:4px 10px;margin:4px 0'>"
            f"<b style='color:{colour}'>{_SYMBOL[self.status]} {html.escape(self.title)}</b>: "
            f"{html.escape(self.message)}{table}</div>"
        )


def _fmt(x: object) -> str:
    if x is ...:
        return "..."
    if isinstance(x, float):
        return f"{x:.6g}" if x == x else "nan"
    return repr(x)


def _close(a: float, b: float, tolerance: float = 1e-6) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def _not_a_number(title: str, name: str, given: object) -> CheckResult | None:
    """The verdict for `...` or a non-number answer, or None when `given` is a number."""
    if given is ...:
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    if isinstance(given, Value):
        example = f"{name}.data" if re.fullmatch(r"[\w.]+", name) else "its .data"
        return CheckResult(
            WRONG, title, f"{name} is a Value; the answer is a plain number, e.g. {example}"
        )
    if isinstance(given, bool) or not isinstance(given, (int, float)):
        return CheckResult(
            WRONG, title, f"{name} should be a number, got {type(given).__name__} {given!r}"
        )
    return None


def _number_check(
    title: str,
    name: str,
    given: object,
    expected: float,
    mistakes: Sequence[tuple[float, str]] = (),
    tolerance: float = 1e-6,
) -> CheckResult:
    """Compare a number; if wrong, name the first known mistake whose value matches."""
    verdict = _not_a_number(title, name, given)
    if verdict is not None:
        return verdict
    given = float(given)  # type: ignore[arg-type]
    if _close(given, expected, tolerance):
        return CheckResult(CORRECT, title, f"{name} = {_fmt(given)}, right")
    head = f"{name} is {_fmt(given)}, expected {_fmt(expected)}"
    for value, hint in mistakes:
        if _close(given, value, tolerance):
            return CheckResult(WRONG, title, f"{head}: {hint}")
    return CheckResult(WRONG, title, head)


# ----------------------------------------------------------------- notebook 1: derivatives
def _function_names(f: Callable[..., float]) -> tuple[str, str]:
    """The names a message should use for f and its input: `loss_for_k3` and `k3`, say.

    Taken from the learner's own def, so the message speaks of their function; a lambda
    or a callable without a plain first parameter falls back to `f` and `x`.
    """
    name = getattr(f, "__name__", "")
    if not name.isidentifier():  # "<lambda>", or no name at all
        name = "f"
    code = getattr(f, "__code__", None)
    variable = code.co_varnames[0] if code is not None and code.co_argcount >= 1 else "x"
    return name, variable


def check_slope(slope: object, f: Callable[[float], float], x: float, h: float) -> CheckResult:
    """The slope of f at x from a nudge h: (f(x + h) - f(x)) / h."""
    fname, var = _function_names(f)
    at, nudged = f"{fname}({var})", f"{fname}({var} + h)"
    title = f"slope of {fname} at {var} = {x:g} with h = {h:g}"
    expected = (f(x + h) - f(x)) / h
    central = (f(x + h) - f(x - h)) / (2 * h)
    if (
        not isinstance(slope, bool)
        and isinstance(slope, (int, float))
        and not _close(slope, expected)
        and _close(slope, central, 1e-9)
    ):
        return CheckResult(
            CORRECT, title, f"{_fmt(float(slope))}: the central difference, even a bit more exact"
        )
    return _number_check(
        title,
        "slope",
        slope,
        expected,
        [
            (f(x + h) - f(x), "did you forget to divide by h? The slope is rise / run"),
            (-expected, f"the sign is flipped: it is {nudged} - {at}, the new value minus the old"),
            ((f(x + h) - f(x)) / (2 * h), "divide by h (the run), not by 2h"),
            (
                f(x + h) / h,
                f"subtract {at}: the slope needs the change of {fname}, not {fname} itself",
            ),
        ],
    )


def check_partials(
    slopes: Sequence[object], f: Callable[..., float], inputs: Sequence[float], h: float = 1e-3
) -> CheckResult:
    """One slope per input of f: nudge that input alone by h, keep the others fixed."""
    title = "one slope per input"
    if slopes is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if len(slopes) != len(inputs):
        return CheckResult(
            WRONG, title, f"give one slope per input: {len(inputs)} numbers, got {len(slopes)}"
        )
    exact = numerical_grad(f, list(inputs), h=1e-6)
    rows, statuses, hints = [], [], []
    for i, given in enumerate(slopes):
        name = f"slope {i + 1}"
        verdict = _not_a_number(title, name, given)
        if verdict is not None:
            statuses.append(verdict.status)
            rows.append((name, _fmt(given), _fmt(exact[i]), verdict.message))
            if verdict.status == WRONG:  # say it in the headline too, not only in the table
                hints.append(verdict.message)
            continue
        near = 10 * h * max(1.0, abs(exact[i]))  # a forward difference is off by about h
        if abs(given - exact[i]) <= near:
            statuses.append(CORRECT)
            rows.append((name, _fmt(given), _fmt(exact[i]), "✔"))
            continue
        note = "nudge only this input, by h, and divide the change of f by h"
        others = [j for j in range(len(exact)) if j != i and abs(given - exact[j]) <= near]
        if others:
            note = f"this is the slope for input {others[0] + 1}: did you nudge the wrong one?"
        statuses.append(WRONG)
        rows.append((name, _fmt(given), _fmt(exact[i]), note))
        hints.append(f"{name}: {note}")
    return _combine(title, statuses, rows, hints)


def _raised(title: str, where: str, error: Exception) -> CheckResult:
    """The learner's function raised: a `...` still in it means not answered yet."""
    if "ellipsis" in str(error):
        return CheckResult(UNANSWERED, title, "not answered yet: a ... is still in your function")
    return CheckResult(WRONG, title, f"{where} raised {type(error).__name__}: {error}")


def _combine(
    title: str, statuses: list[str], rows: list[tuple[str, str, str, str]], hints: list[str]
) -> CheckResult:
    """One verdict for several parts: any wrong part makes it wrong."""
    if WRONG in statuses:
        return CheckResult(WRONG, title, "; ".join(hints) or "some entries are wrong", rows)
    if UNANSWERED in statuses:
        return CheckResult(UNANSWERED, title, "not answered yet (some entries are still ...)", rows)
    return CheckResult(CORRECT, title, "all right", rows)


# ------------------------------------------------------------ notebook 2: building graphs
def check_graph(yours: object, formula: Callable[..., Value]) -> CheckResult:
    """Your Value graph against `formula` applied to Values with the same labels and data.

    The leaves of your graph are found by their labels, which must match the names of
    the formula's parameters (a lambda such as `lambda a, b: a * b + b`).
    """
    title = "your computation graph"
    if yours is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not isinstance(yours, Value):
        return CheckResult(
            WRONG,
            title,
            f"got a {type(yours).__name__}, not a Value: build it from Value(...) inputs so "
            "that it remembers how it was made",
        )
    names = list(formula.__code__.co_varnames[: formula.__code__.co_argcount])
    leaves = {v.label: v for v in yours.topological_order() if not v.inputs and v.label}
    missing = [n for n in names if n not in leaves]
    if missing:
        return CheckResult(
            WRONG,
            title,
            f"no input labelled {', '.join(missing)}: create them as Value(number, label='...')"
            " and use them in the expression",
        )
    expected = formula(*(Value(leaves[n].data, n) for n in names))
    problem = _compare_graphs(yours, expected)
    if problem:
        return CheckResult(WRONG, title, problem)
    return CheckResult(
        CORRECT, title, f"same operations and values; its output is {_fmt(yours.data)}"
    )


def _compare_graphs(yours: Value, expected: Value) -> str:
    """'' if both graphs compute the same thing the same way, else what differs first."""
    pairs = [(yours, expected)]
    while pairs:
        mine, theirs = pairs.pop()
        what = f"the node {mine.label!r}" if mine.label else "a node"
        if mine.op != theirs.op:
            ops = f"{mine.op or 'input'!r}, expected {theirs.op or 'input'!r}"
            return f"{what} is {ops}: check the brackets and the order of the operations"
        if not _close(mine.data, theirs.data):
            return f"{what} holds {_fmt(mine.data)}, expected {_fmt(theirs.data)}"
        if not theirs.inputs and theirs.label and mine.label != theirs.label:
            return f"input {mine.label or _fmt(mine.data)!r} sits where {theirs.label!r} belongs"
        pairs.extend(zip(mine.inputs, theirs.inputs))
    return ""


def check_value_prediction(predicted: object, node: Value) -> CheckResult:
    """A forward value worked out by hand before looking at `node.data`."""
    name = node.label or "the node"
    title = f"your prediction of {name}.data"
    mistakes: list[tuple[float, str]] = []
    if len(node.inputs) == 2:
        x, y = node.inputs[0].data, node.inputs[1].data
        others = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else math.inf}
        for op, value in others.items():
            if op != node.op:
                mistakes.append((value, f"that is {op} of its inputs; this node is {node.op!r}"))
    return _number_check(title, f"{name}.data", predicted, node.data, mistakes)


# --------------------------------------------------------- notebook 3: backprop by hand
def _true_grads(root: Value) -> dict[Value, float]:
    """d(root)/d(node) for every node below `root`, replayed by trace (grads untouched)."""
    return replay_grads(list(backward_steps(root)))


def _parents(root: Value) -> dict[Value, list[tuple[Value, int]]]:
    """For each node: the (node using it, input position) pairs, one per edge."""
    used_by: dict[Value, list[tuple[Value, int]]] = {}
    for node in root.topological_order():
        for position, child in enumerate(node.inputs):
            used_by.setdefault(child, []).append((node, position))
    return used_by


def _name(v: Value) -> str:
    return v.label or f"({_fmt(v.data)})"


def _edge_hint(
    child: Value, given: float, parent: Value, position: int, upstream: float
) -> str | None:
    """The likely mistake if `given` is what one rule-slip on this edge would produce."""
    local = parent.local_grads[position]
    other = parent.inputs[1 - position] if len(parent.inputs) == 2 else None
    up = f"{_name(parent)}.grad"
    if parent.op == "*" and not _close(local, 1.0) and _close(given, upstream):
        return (
            f"you used the sum rule on a * node: '*' multiplies the gradient from above by "
            f"the other input, {_name(other)}.data = {_fmt(other.data)}"
        )
    if (
        parent.op == "*"
        and other is not None
        and not _close(child.data, other.data)
        and _close(given, child.data * upstream)
    ):
        return (
            f"you multiplied by {_name(child)}'s own value; the product rule takes the other "
            f"input, {_name(other)}.data = {_fmt(other.data)}"
        )
    if parent.op == "+" and other is not None and _close(given, other.data * upstream):
        return (
            "you used the product rule on a + node: '+' passes the gradient from above "
            "through unchanged (its local derivative is 1)"
        )
    if parent.op == "-" and position == 1 and _close(given, upstream):
        return f"sign: for a - b the local derivative for b is -1, so b.grad = -{up}"
    if not _close(upstream, 1.0) and _close(given, local):
        return (
            f"that is only the local derivative: multiply it by the gradient from above, "
            f"{up} = {_fmt(upstream)}"
        )
    return None


def _diagnose(
    child: Value, given: float, expected: float, edges: list[tuple[Value, int, float]]
) -> str:
    """Why `given` is not `expected`; `edges` are (parent, position, upstream used) triples."""
    head = f"{_name(child)}.grad is {_fmt(given)}, expected {_fmt(expected)}"
    contributions = [parent.local_grads[pos] * up for parent, pos, up in edges]
    if len(edges) > 1 and any(_close(given, c) for c in contributions):
        return (
            f"{head}: did you overwrite instead of accumulate? {_name(child)} is used "
            f"{len(edges)} times, so its grad is the sum of {len(edges)} contributions"
        )
    if len(edges) == 1:
        parent, position, upstream = edges[0]
        hint = _edge_hint(child, given, parent, position, upstream)
        if hint:
            return f"{head}: {hint}"
    if _close(given, -expected):
        return f"{head}: the sign is flipped"
    steps = " + ".join(
        f"{_fmt(p.local_grads[pos])} x {_fmt(up)}" for p, pos, up in edges
    )  # local derivative x gradient from above, per edge
    return f"{head}: local derivative x gradient from above = {steps}"


def check_backprop(root: Value) -> CheckResult:
    """The grads you filled in by hand for every labelled node of the graph below `root`."""
    title = f"your gradients for {_name(root)}"
    true = _true_grads(root)
    used_by = _parents(root)
    rows, statuses, hints = [], [], []
    for node in reversed(root.topological_order()):
        if not node.label:
            continue  # constants the engine made from plain numbers: nothing to fill in
        given, expected = node.grad, true[node]
        name = f"{node.label}.grad"
        verdict = _not_a_number(title, name, given)
        if verdict is None and given == 0.0 and expected != 0.0:
            verdict = CheckResult(UNANSWERED, title, "still 0.0: not filled in yet")
        if verdict is not None:
            statuses.append(verdict.status)
            rows.append((node.label, _fmt(given), _fmt(expected), verdict.message))
            if verdict.status == WRONG:  # say it in the headline too, not only in the table
                hints.append(verdict.message)
            continue
        if _close(given, expected):
            statuses.append(CORRECT)
            rows.append((node.label, _fmt(given), _fmt(expected), "✔"))
            continue
        if node is root:
            note = (
                f"{name} is {_fmt(given)}: start with 1.0, because d{node.label}/d{node.label} = 1"
            )
        else:
            note = _diagnose_in_graph(node, given, expected, used_by, true)
        statuses.append(WRONG)
        rows.append((node.label, _fmt(given), _fmt(expected), note))
        hints.append(note)
    if not rows:
        return CheckResult(WRONG, title, "no labelled nodes: give the Values labels")
    return _combine(title, statuses, rows, hints[:1])


def _diagnose_in_graph(
    node: Value,
    given: float,
    expected: float,
    used_by: dict[Value, list[tuple[Value, int]]],
    true: dict[Value, float],
) -> str:
    edges, wrong_above = [], []
    for parent, position in used_by.get(node, []):
        parent_grad = parent.grad if parent.label else true[parent]
        if not isinstance(parent_grad, (int, float)) or isinstance(parent_grad, bool):
            parent_grad = true[parent]
        elif not _close(parent_grad, true[parent]):
            wrong_above.append(parent)
        edges.append((parent, position, float(parent_grad)))
    consistent = sum(p.local_grads[pos] * up for p, pos, up in edges)
    if wrong_above and _close(given, consistent):
        names = ", ".join(f"{_name(p)}.grad" for p in wrong_above)
        return (
            f"{_name(node)}.grad follows correctly from your {names}, but that is wrong: "
            "fix it first"
        )
    true_edges = [(p, pos, true[p]) for p, pos, _ in edges]
    return _diagnose(node, given, expected, true_edges)


def check_local_gradients(node: Value) -> CheckResult:
    """One step of backprop: the grads of `node`'s inputs from `node.grad` alone."""
    title = f"one backward step through {_name(node)} ({node.op!r})"
    if not node.inputs:
        return CheckResult(WRONG, title, f"{_name(node)} is an input: it has no inputs to pass to")
    rows, statuses, hints = [], [], []
    for position, child in enumerate(node.inputs):
        if child in node.inputs[:position]:
            continue  # a * a: one child, both edges counted below
        name = f"{_name(child)}.grad"
        edges = [(node, pos, node.grad) for pos, c in enumerate(node.inputs) if c is child]
        expected = sum(node.local_grads[pos] * node.grad for _, pos, _ in edges)
        given = child.grad
        verdict = _not_a_number(title, name, given)
        if verdict is None and given == 0.0 and expected != 0.0:
            verdict = CheckResult(UNANSWERED, title, "still 0.0: not filled in yet")
        if verdict is not None:
            statuses.append(verdict.status)
            rows.append((_name(child), _fmt(given), _fmt(expected), verdict.message))
            if verdict.status == WRONG:  # say it in the headline too, not only in the table
                hints.append(verdict.message)
        elif _close(given, expected):
            statuses.append(CORRECT)
            rows.append((_name(child), _fmt(given), _fmt(expected), "✔"))
        else:
            note = _diagnose(child, given, expected, edges)
            statuses.append(WRONG)
            rows.append((_name(child), _fmt(given), _fmt(expected), note))
            hints.append(note)
    return _combine(title, statuses, rows, hints[:1])


# --------------------------------------------------- notebook 4: backprop automated
def check_topological_order(root: Value, order: object) -> CheckResult:
    """A list of the graph's Values in which every node comes after its inputs."""
    title = f"topological order of the graph below {_name(root)}"
    if order is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not isinstance(order, (list, tuple)) or not all(isinstance(v, Value) for v in order):
        return CheckResult(WRONG, title, "give a list of the Values themselves, e.g. [a, b, e]")
    nodes = root.topological_order()
    ids = {id(v) for v in nodes}
    seen: set[int] = set()
    for v in order:
        if id(v) not in ids:
            return CheckResult(WRONG, title, f"{_name(v)} is not part of this graph")
        if id(v) in seen:
            return CheckResult(WRONG, title, f"{_name(v)} appears twice: list each node once")
        seen.add(id(v))
    missing = [_name(v) for v in nodes if id(v) not in seen]
    if missing:
        return CheckResult(WRONG, title, f"missing: {', '.join(missing)}")
    position = {id(v): i for i, v in enumerate(order)}
    edges = [(v, child) for v in order for child in v.inputs]
    if edges and all(position[id(child)] > position[id(v)] for v, child in edges):
        return CheckResult(
            WRONG,
            title,
            "this is reversed: inputs come first and the output last; the backward pass "
            "then walks the list from the end",
        )
    for v in order:
        for child in v.inputs:
            if position[id(child)] > position[id(v)]:
                return CheckResult(
                    WRONG,
                    title,
                    f"{_name(v)} comes before its input {_name(child)}: every node must come "
                    "after the nodes it is made from",
                )
    return CheckResult(CORRECT, title, " -> ".join(_name(v) for v in order))


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
    "forward order": "you walked the nodes inputs-first: go through "
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


def _close_all(xs: Sequence[float], ys: Sequence[float]) -> bool:
    return all(_close(x, y) for x, y in zip(xs, ys))


def check_backward_function(backward: Callable[[Value], object]) -> CheckResult:
    """Your own backward pass, run on three fresh graphs and compared with the chain rule."""
    title = "your backward function"
    if backward is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not callable(backward):
        return CheckResult(WRONG, title, "pass the function itself, e.g. check(my_backward)")
    rows, statuses, hints = [], [], []
    for index, (description, root, leaves) in enumerate(_exercise_graphs()):
        true = _true_grads(root)
        try:
            backward(root)
        except Exception as error:  # the learner's code: report, don't crash the check
            return _raised(title, f"on {description} it", error)
        nodes = root.topological_order()
        if all(v.grad == 0.0 for v in nodes):
            return CheckResult(
                UNANSWERED, title, "no grad changed: not answered yet? Start with root.grad = 1.0"
            )
        if not _close(root.grad, 1.0):
            note = f"the output's grad is {_fmt(root.grad)}: start with root.grad = 1.0"
            return CheckResult(WRONG, title, f"on {description}: {note}")
        wrong = [v for v in leaves if not _close(v.grad, true[v])]
        if not wrong:
            statuses.append(CORRECT)
            rows.append((description, "", "", "✔ all grads right"))
            continue
        v = wrong[0]
        got = [leaf.grad for leaf in leaves]
        note = next(
            (hint for kind, hint in _BACKWARD_SLIPS.items() if _close_all(got, _slip(kind, index))),
            None,
        )
        if note is None:
            edges = [(p, pos, true[p]) for p, pos in _parents(root).get(v, [])]
            note = _diagnose(v, v.grad, true[v], edges)
        statuses.append(WRONG)
        rows.append((description, f"{_name(v)}.grad = {_fmt(v.grad)}", _fmt(true[v]), note))
        hints.append(f"on {description}: {note}")
    return _combine(title, statuses, rows, hints[:1])


def check_grad_prediction(
    predicted: object, root: Value, node: Value, backward_calls: int = 1
) -> CheckResult:
    """Your prediction of `node.grad` after calling `root.backward()` `backward_calls` times.

    Only leaves (Values with no inputs, such as the knobs) add up over repeated calls;
    backward() recomputes every other node's grad from zero, so it is the same after
    any number of calls.
    """
    if isinstance(backward_calls, bool) or not isinstance(backward_calls, numbers.Integral):
        raise TypeError(f"backward_calls must be a whole number, got {backward_calls!r}")
    if backward_calls < 1:
        raise ValueError(f"backward_calls must be 1 or more, got {backward_calls}")
    true = _true_grads(root)
    if node not in true:
        raise ValueError(
            f"{_name(node)} is not part of the graph below {_name(root)}: pass a Value that "
            f"{_name(root)} was computed from"
        )
    once = true[node]
    is_leaf = not node.inputs
    expected = once * backward_calls if is_leaf else once
    calls = "one call" if backward_calls == 1 else f"{backward_calls} calls"
    title = f"{_name(node)}.grad after {calls} of backward()"
    edges = [(p, pos, true[p]) for p, pos in _parents(root).get(node, [])]
    mistakes = [
        (
            p.local_grads[pos] * up,
            "did you overwrite instead of accumulate? Every edge adds its part",
        )
        for p, pos, up in edges
        if len(edges) > 1
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
                f"{_name(node)} is not a leaf: backward() recomputes its grad from zero on "
                "every call; only leaves (Values with no inputs) keep adding up",
            ),
        )
    return _number_check(title, f"{_name(node)}.grad", predicted, expected, mistakes)


# ------------------------------------------------------------- notebook 7: neurons
def check_parameter_count(count: object, n_inputs: int, layer_sizes: Sequence[int]) -> CheckResult:
    """How many weights and biases `MLP(n_inputs, layer_sizes)` has."""
    sizes = [n_inputs, *layer_sizes]
    pairs = list(zip(sizes, sizes[1:]))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(layer_sizes)
    title = f"parameters of MLP({n_inputs}, {list(layer_sizes)})"
    return _number_check(
        title,
        "count",
        count,
        weights + biases,
        [
            (weights, "you counted the weights only: every neuron also has a bias"),
            (biases, "that is the number of neurons (one bias each); add their weights"),
            (sum((n_in + 1) for n_in, _ in pairs), "count every neuron of a layer, not one"),
        ],
    )


def check_neuron_output(output: object, neuron: object, x: Sequence[float]) -> CheckResult:
    """tanh(w1*x1 + ... + wn*xn + b) worked out from the neuron's weights and bias."""
    w = [wi.data for wi in neuron.w]  # type: ignore[attr-defined]
    b = neuron.b.data  # type: ignore[attr-defined]
    weighted = sum(wi * xi for wi, xi in zip(w, x))
    title = "the neuron's output"
    if isinstance(output, Value):
        output = output.data
    return _number_check(
        title,
        "output",
        output,
        math.tanh(weighted + b),
        [
            (weighted + b, "you stopped before the tanh: squash the weighted sum with tanh"),
            (math.tanh(weighted), "you left out the bias b"),
            (weighted, "you left out the bias and the tanh"),
        ],
    )


def _mse(model: Callable, points: Sequence, labels: Sequence[float]) -> Value:
    """Mean squared error, written the generic way: any model, any kind of point."""
    return sum((model(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)


def _small_mlp() -> MLP:
    """The network check_training_step trains when no make_model is given."""
    return MLP(2, [3, 1], seed=5)


def check_training_step(
    training_step: Callable[..., object],
    make_model: Callable[[], object] | None = None,
    points: Sequence | None = None,
    labels: Sequence[float] | None = None,
) -> CheckResult:
    """Your `training_step(model, points, labels, learning_rate)` against the four steps.

    The reference: mean squared error, zero_grad(), backward(), then every parameter
    moves against its gradient: p.data -= learning_rate * p.grad. Two steps are run,
    so a step that forgets zero_grad() shows up in the second one.

    `make_model` builds the model to train (called twice: yours and the reference's, so
    it must build the same model each time), and `points`, `labels` are what it trains
    on. Without them: a small MLP(2, [3, 1]) on 8 two-moons points, as in notebook 7;
    notebook 5 passes `make_model=Polynomial` and a few of its (x, y) points.
    """
    title = "your training step"
    if (points is None) != (labels is None):
        raise ValueError("give points and labels together (or neither, for the two moons)")
    if points is None:
        points, labels = two_moons(8, seed=3)
    if len(points) != len(labels) or len(points) == 0:
        raise ValueError(
            f"need as many labels as points, at least one (got {len(points)} and {len(labels)})"
        )
    make_model = _small_mlp if make_model is None else make_model
    # a model is callable too (model(x)), so tell a model from something that builds one
    is_a_model = hasattr(make_model, "parameters") and not isinstance(make_model, type)
    if not callable(make_model) or is_a_model:
        name = type(make_model).__name__
        raise TypeError(
            f"make_model must build a fresh model when called: pass the class itself, e.g. "
            f"make_model=Polynomial (not Polynomial()), or a function; got {name} {make_model!r}"
        )
    if training_step is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    rate = 0.1
    mine, reference = make_model(), make_model()
    if [p.data for p in mine.parameters()] != [p.data for p in reference.parameters()]:
        raise ValueError("make_model built two different models: seed it, so both start equal")
    for step in (1, 2):
        before = [p.data for p in mine.parameters()]
        try:
            training_step(mine, points, labels, rate)
        except Exception as error:  # the learner's code: report, don't crash the check
            return _raised(title, f"step {step}", error)
        loss = _mse(reference, points, labels)
        stale_grads = [p.grad for p in reference.parameters()]  # what a missing zero_grad adds
        reference.zero_grad()
        loss.backward()
        grads = [p.grad for p in reference.parameters()]
        expected = [p - rate * g for p, g in zip(before, grads)]
        got = [p.data for p in mine.parameters()]
        for p, g in zip(reference.parameters(), grads):
            p.data -= rate * g
        if all(_close(a, b, 1e-9) for a, b in zip(got, expected)):
            continue
        if got == before:
            return CheckResult(
                UNANSWERED if step == 1 else WRONG,
                title,
                "no parameter moved: not answered yet? End with p.data -= learning_rate * p.grad",
            )
        if all(_close(a, p + rate * g, 1e-9) for a, p, g in zip(got, before, grads)):
            return CheckResult(
                WRONG, title, "the parameters moved uphill: use -= (against the gradient), not +="
            )
        accumulated = [p - rate * (g + s) for p, g, s in zip(before, grads, stale_grads)]
        if step == 2 and all(_close(a, b, 1e-9) for a, b in zip(got, accumulated)):
            return CheckResult(
                WRONG,
                title,
                "step 2 used the grads of step 1 as well: call model.zero_grad() before "
                "loss.backward()",
            )
        return CheckResult(
            WRONG,
            title,
            f"after step {step} the parameters differ from mean squared error -> zero_grad -> "
            "backward -> p.data -= learning_rate * p.grad",
        )
    return CheckResult(CORRECT, title, "two steps match forward, zero_grad, backward, update")


# --------------------------------------------------------------- the workbook command
_ANSWER = re.compile(r"^(?P<indent>\s*)(?P<code>.*?)\s*#\s*answer\s*$")
# a plain assignment `name = ...` / `obj.attr = ...` / `a, b = ...` (not ==, +=, <=, ...)
_ASSIGNMENT = re.compile(r"^(?P<target>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=(?!=)")


def blank_answers(source: str) -> str:
    """Replace every line ending in `# answer` by a `...` blank, keeping its indentation.

    `x = 3 * y  # answer` becomes `x = ...  # your turn` (so the check sees `...` and
    says "not answered yet"); any other answer line becomes `...  # your turn`.
    """
    lines = []
    for line in source.split("\n"):
        match = _ANSWER.match(line)
        if not match:
            lines.append(line)
            continue
        indent, code = match["indent"], match["code"]
        assignment = _ASSIGNMENT.match(code)
        if assignment:
            target = assignment["target"]
            blanks = ", ".join("..." for _ in target.split(","))
            lines.append(f"{indent}{target} = {blanks}  # your turn")
        else:
            lines.append(f"{indent}...  # your turn")
    return "\n".join(lines)


WORKBOOK_NOTE = (
    "**Workbook copy.** The lines marked `# your turn` are yours to fill in: replace each "
    "`...` and run the cell; its check tells you at once whether it is right. Some cells "
    "after an exercise use your answer, so fill it in before running on. The answers are in "
    "the same notebook under `notebooks/`: look there after trying."
)


def make_workbook(source: Path, dest: Path, overwrite: bool = False) -> list[Path]:
    """Copy every notebook of `source` into `dest` with its answers blanked and outputs cleared.

    Existing workbook notebooks are left alone (they hold the learner's work) unless
    `overwrite` is set. Returns the notebooks written.
    """
    import nbformat  # here: only this command needs it

    source, dest = Path(source), Path(dest)
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks (*.ipynb) in {source}: pass --source")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        target = dest / path.name
        if target.exists() and not overwrite:
            continue
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = blank_answers(cell.source)
                cell.outputs = []
                cell.execution_count = None
        if nb.cells:
            nb.cells.insert(1, nbformat.v4.new_markdown_cell(WORKBOOK_NOTE))
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: `python -m autograd.exercises workbook [--source --dest --force]`.

    Returns the exit status: 0 when done, 1 when the source folder has no notebooks.
    """
    parser = argparse.ArgumentParser(
        prog="python -m autograd.exercises",
        description="Make practice copies of the notebooks with the exercise answers blanked.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    workbook = commands.add_parser(
        "workbook", help="copy notebooks/ into workbook/, answers blanked"
    )
    workbook.add_argument("--source", type=Path, default=Path("notebooks"))
    workbook.add_argument("--dest", type=Path, default=Path("workbook"))
    workbook.add_argument(
        "--force", action="store_true", help="overwrite workbook notebooks that already exist"
    )
    args = parser.parse_args(argv)
    try:
        written = make_workbook(args.source, args.dest, overwrite=args.force)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    kept = len(list(args.source.glob("*.ipynb"))) - len(written)
    print(f"wrote {len(written)} notebook(s) to {args.dest}/")
    if kept:
        print(f"kept {kept} existing one(s) with your work; --force overwrites them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
