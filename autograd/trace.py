"""Step-through traces: the forward and backward passes told one node and one edge at a time.

`forward_steps(root)` walks the graph in topological order (inputs first) and yields
one `ForwardStep` per Value: what it is computed from and the arithmetic, e.g.
"c = a * b = 2.0 * -3.0 = -6.0".

`backward_steps(root)` replays the backward pass edge by edge, in the engine's own
order (reverse topological order, each node's inputs in turn), and yields one
`BackwardStep` per chain-rule contribution: the local derivative, the gradient from
above, their product, the rule's name and the gradient before and after, e.g.
"a.grad += d(c)/d(a) x c.grad = b.data x c.grad = -3.0 x -2.0 = 6.0 (product rule)".

Tracing never touches the Values' `grad` fields: the gradients live in a private
dictionary that starts at zero, as for a fresh `root.backward()` after `zero_grad()`.
Because the trace does the very same float operations in the very same order as
the engine, replaying its steps gives exactly the grads that `backward()` gives.

`format_number` is the one place that decides how numbers look in the course's text
and pictures: readable whether they are 1e-7 or 12345.6.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from autograd.engine import Value


def format_number(x: float) -> str:
    """A short, readable form of a float: 2.0, -0.3333, 0.00134, 12345.6, 1e-7, 2.5e8.

    About 4 significant digits (more for big numbers, so 12345.6 keeps its decimal).
    inf, -inf and nan are written as Python writes them.
    """
    if not math.isfinite(x):  # after an overflow: there are no digits to round
        return str(float(x))
    if x == 0:
        return "0.0"  # also turns -0.0 into 0.0
    if 1e-3 <= abs(x) < 1e6:
        digits_before_point = math.floor(math.log10(abs(x))) + 1  # 0.0013 -> -2, 12.5 -> 2
        decimals = max(4 - digits_before_point, 1)
        text = f"{x:.{decimals}f}".rstrip("0")  # trailing zeros trimmed, one kept
        return text + "0" if text.endswith(".") else text
    # very small or very large: scientific notation without padding zeros
    mantissa, exponent = f"{x:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def node_names(order: list[Value]) -> dict[Value, str]:
    """A name for every Value: its label, the number itself for a constant, else v<index>.

    The index is the node's position in `order` (the topological order of the graph
    being shown), so the drawing and the text refer to the same node by the same name.
    """
    names = {}
    for index, v in enumerate(order):
        if v.label:
            names[v] = str(v.label)  # a name is text, even if a slip made the label a number
        elif not v.inputs:  # a plain number wrapped as a constant leaf
            names[v] = format_number(v.data)
        else:
            names[v] = f"v{index}"
    return names


def _is_constant(v: Value) -> bool:
    return not v.inputs and not v.label


def _attr(v: Value, names: dict[Value, str], field: str) -> str:
    """'a.grad', or '(3.0).grad' for a constant whose name is a number."""
    name = names[v]
    return f"({name}).{field}" if _is_constant(v) else f"{name}.{field}"


# ------------------------------------------------------------------------------ forward


@dataclass(frozen=True)
class ForwardStep:
    """One node of the forward pass: its value and how it was computed."""

    index: int  # position in the trace (0 = first step)
    node: Value
    name: str
    op: str  # "" for a leaf
    inputs: tuple[Value, ...]
    input_values: tuple[float, ...]
    value: float
    local_grads: tuple[float, ...]  # d(node)/d(input), worked out in the forward pass
    text: str  # "c = a * b = 2.0 * -3.0 = -6.0"
    local_text: str  # "d(c)/d(a) = -3.0, d(c)/d(b) = 2.0" ("" for a leaf)


_INFIX_OPS = {"+", "-", "*", "/", "**"}


def _expression(op: str, operands: list[str]) -> str:
    """Write an operation applied to operands: 'a * b', 'a**2', '-a', 'tanh(a)'."""
    if op == "**" and len(operands) == 2 and operands[0].startswith("-"):
        return f"({operands[0]}) ** {operands[1]}"
    if op in _INFIX_OPS and len(operands) == 2:
        return f"{operands[0]} {op} {operands[1]}"
    if op.startswith("**") and len(operands) == 1:  # power with a number exponent: "**2"
        base = operands[0]
        return f"({base}){op}" if base.startswith("-") else f"{base}{op}"
    if op == "neg":
        return f"-({operands[0]})"
    return f"{op}({', '.join(operands)})"


def forward_steps(root: Value) -> Iterator[ForwardStep]:
    """Yield each Value below `root` (and `root` last), inputs first, with its arithmetic."""
    _require_value(root, "forward_steps")
    order = root.topological_order()
    names = node_names(order)
    for index, v in enumerate(order):
        name = names[v]
        if not v.inputs:
            if _is_constant(v):
                text = f"{name} is a constant"
            else:
                text = f"{name} = {format_number(v.data)} (an input: its value is given)"
            local_text = ""
        else:
            symbols = _expression(v.op, [names[i] for i in v.inputs])
            numbers = _expression(v.op, [format_number(i.data) for i in v.inputs])
            text = f"{name} = {symbols} = {numbers} = {format_number(v.data)}"
            local_text = ", ".join(
                f"d({name})/d({names[i]}) = {format_number(g)}"
                for i, g in zip(v.inputs, v.local_grads)
            )
        yield ForwardStep(
            index=index,
            node=v,
            name=name,
            op=v.op,
            inputs=v.inputs,
            input_values=tuple(i.data for i in v.inputs),
            value=v.data,
            local_grads=v.local_grads,
            text=text,
            local_text=local_text,
        )


# ----------------------------------------------------------------------------- backward


@dataclass(frozen=True)
class BackwardStep:
    """One chain-rule contribution: target.grad += local_grad x source_grad.

    The first step of every trace is the start of the pass, root.grad = 1; it has
    `source=None` and `input_index=None`. Every other step follows one edge from
    `source` down to its input number `input_index`, which is `target`.
    """

    index: int
    target: Value  # the Value whose grad grows
    source: Value | None  # the Value the gradient comes from (None for the start)
    input_index: int | None  # which input of `source` the target is
    rule: str  # "sum rule", "product rule", ..., "start"
    local_formula: str  # the local derivative in symbols, e.g. "b.data"
    local_grad: float  # d(source)/d(target)
    source_grad: float  # source.grad, complete when its edges are followed
    contribution: float  # local_grad * source_grad
    grad_before: float
    grad_after: float
    text: str


def _grouped(operand: str) -> str:
    """A negative constant in brackets before a sign or power: "-(-3.0)", not "--3.0"."""
    return f"({operand})" if operand.startswith("-") else operand


def _rule_and_formula(v: Value, k: int, names: dict[Value, str]) -> tuple[str, str]:
    """The rule's name and the local derivative d(v)/d(input k) in symbols."""
    data = [_attr(i, names, "data") if not _is_constant(i) else names[i] for i in v.inputs]
    op = v.op
    if op == "+":
        return "sum rule", "1"
    if op == "-":
        return "difference rule", "1" if k == 0 else "-1"
    if op == "*":
        return "product rule", data[1 - k]  # each input gets the *other* one
    if op == "/":
        if k == 0:
            return "quotient rule", f"1 / {data[1]}"
        return "quotient rule", f"-{_grouped(data[0])} / {data[1]}**2"
    if op.startswith("**") and len(v.inputs) == 1:
        n = op[2:]
        return "power rule", f"{n} x {_grouped(data[0])}**({n} - 1)"
    if op == "**":
        if k == 0:
            return "power rule", f"{data[1]} x {_grouped(data[0])}**({data[1]} - 1)"
        return "exponential rule", f"{_attr(v, names, 'data')} x ln({data[0]})"
    if op == "neg":
        return "negation", "-1"
    if op == "exp":
        return "exp: its own derivative", _attr(v, names, "data")
    if op == "log":
        return "log rule", f"1 / {data[0]}"
    if op == "tanh":
        return "tanh", f"1 - {_attr(v, names, 'data')}**2"
    if op == "relu":
        return "relu", f"1 if {data[0]} > 0 else 0"
    if op == "sigmoid":
        out = _attr(v, names, "data")
        return "sigmoid", f"{out} x (1 - {out})"
    return "chain rule", f"d({names[v]})/d({names[v.inputs[k]]})"


def backward_steps(root: Value) -> Iterator[BackwardStep]:
    """Yield the backward pass of `root` edge by edge, as a fresh root.backward() does it.

    Grads start at zero (as after zero_grad()); the Values themselves are not changed.
    """
    _require_value(root, "backward_steps")
    order = root.topological_order()
    names = node_names(order)
    grads: dict[Value, float] = dict.fromkeys(order, 0.0)

    grads[root] = 0.0 + 1.0  # the same float operation as the engine's `self.grad += 1.0`
    yield BackwardStep(
        index=0,
        target=root,
        source=None,
        input_index=None,
        rule="start",
        local_formula="1",
        local_grad=1.0,
        source_grad=1.0,
        contribution=1.0,
        grad_before=0.0,
        grad_after=1.0,
        text=f"{_attr(root, names, 'grad')} = 1.0 "
        f"(the start: d({names[root]})/d({names[root]}) = 1)",
    )
    index = 1
    for source in reversed(order):
        source_grad = grads[source]
        for k, (target, local_grad) in enumerate(zip(source.inputs, source.local_grads)):
            rule, formula = _rule_and_formula(source, k, names)
            factor = f"({formula})" if " " in formula else formula  # keep "x" unambiguous
            contribution = local_grad * source_grad
            before = grads[target]
            after = before + contribution  # engine: child.grad += local_grad * node.grad
            grads[target] = after
            t, s = _attr(target, names, "grad"), _attr(source, names, "grad")
            text = (
                f"{t} += local d({names[source]})/d({names[target]}) x {s} = {factor} x {s} = "
                f"{format_number(local_grad)} x {format_number(source_grad)} = "
                f"{format_number(contribution)} ({rule}); "
                f"{t}: {format_number(before)} -> {format_number(after)}"
            )
            yield BackwardStep(
                index=index,
                target=target,
                source=source,
                input_index=k,
                rule=rule,
                local_formula=formula,
                local_grad=local_grad,
                source_grad=source_grad,
                contribution=contribution,
                grad_before=before,
                grad_after=after,
                text=text,
            )
            index += 1


def replay_grads(steps: list[BackwardStep]) -> dict[Value, float]:
    """The grad of every Value that `steps` reached, after all of them.

    A Value no step has reached yet is absent from the dict (not 0.0): the stepper
    relies on that to show its grad as "?" (not yet computed).
    """
    grads: dict[Value, float] = {}
    for step in steps:
        grads[step.target] = step.grad_after
    return grads


def _require_value(root: object, where: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(
            f"{where}() needs a Value (the output of a computation), got "
            f"{type(root).__name__} {root!r}. Build an expression from Values first, "
            "e.g. a = Value(2.0); c = a * 3; " + f"{where}(c)."
        )
