"""Judging a graph by what it computes, not by how it is spelled.

`canonical(root)` turns a Value graph into a `Form`: the same operations on the same
labelled inputs, with every chain of `+` (and of `*`) flattened into one sum (one
product) whose operands are sorted, and every part that uses no labelled input folded
into one constant. Two graphs get the same `Form.key` exactly when they differ only by
the order of the operands of `+` and `*` and the grouping of sums and products:
`w1*x1 + w2*x2 + b` and `b + (x2*w2 + x1*w1)` match, `x1*w1 + x2*w1 + b` does not.
`difference(yours, expected)` says in words which term, factor or input differs.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from autograd.engine import Value
from autograd.exercises.verdict import fmt

_COMMUTATIVE = {"+": ("sum", "term"), "*": ("product", "factor")}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


@dataclass(frozen=True)
class Form:
    """A graph up to commuting and regrouping: `key` is equal for equivalent graphs."""

    op: str  # "input", "const", or the Value's op ("+", "*", "tanh", "**2", ...)
    key: str  # canonical text: equal keys, same computation
    text: str  # readable infix for messages
    parts: tuple[Form, ...] = ()
    value: float = math.nan  # for constants


def _const(value: float) -> Form:
    # 12 significant digits: a folded constant (2*3 as 6.000000000000001) still matches;
    # + 0.0 turns -0.0 into 0.0 (0 * -1 and -1 * 0 are the same number)
    value = float(value) + 0.0
    return Form("const", f"c:{value:.12g}", fmt(value), (), value)


def _bracket(part: Form, op: str) -> str:
    inner = _PRECEDENCE.get(part.op)
    outer = _PRECEDENCE.get(op, 3)
    return f"({part.text})" if inner is not None and inner < outer else part.text


def _combine(op: str, parts: list[Form]) -> Form:
    """A flattened, constant-folded, sorted sum or product."""
    flat: list[Form] = []
    for part in parts:
        flat.extend(part.parts if part.op == op else (part,))
    constants = [p.value for p in flat if p.op == "const"]
    others = [p for p in flat if p.op != "const"]
    if len(constants) > 1:  # (a * 2) * 3 and a * 6 are the same product
        folded = math.fsum(constants) if op == "+" else math.prod(constants)
        constants = [folded]
    flat = sorted(others + [_const(c) for c in constants], key=lambda p: p.key)
    if len(flat) == 1:
        return flat[0]
    key = f"{op}(" + ",".join(p.key for p in flat) + ")"
    text = f" {op} ".join(_bracket(p, op) for p in flat)
    return Form(op, key, text, tuple(flat))


def canonical(root: Value) -> Form:
    """The Form of the graph below `root` (iterative: deep graphs need no recursion)."""
    forms: dict[int, Form] = {}
    labelled_below: dict[int, bool] = {}
    for node in root.topological_order():
        if not node.inputs:
            labelled_below[id(node)] = bool(node.label)
            forms[id(node)] = (
                Form("input", f"in:{node.label}", node.label) if node.label else _const(node.data)
            )
            continue
        labelled_below[id(node)] = any(labelled_below[id(c)] for c in node.inputs)
        if not labelled_below[id(node)]:  # 2 * 3 built from Values is just the number 6
            forms[id(node)] = _const(node.data)
            continue
        parts = [forms[id(c)] for c in node.inputs]
        if node.op in _COMMUTATIVE:
            forms[id(node)] = _combine(node.op, parts)
            continue
        key = f"{node.op}(" + ",".join(p.key for p in parts) + ")"
        if node.op in _PRECEDENCE and len(parts) == 2:
            left = _bracket(parts[0], node.op)
            # a - (b - c) needs its brackets, a - b * c does not
            tight = _PRECEDENCE.get(parts[1].op, 3) > _PRECEDENCE[node.op]
            right = parts[1].text if tight else f"({parts[1].text})"
            text = f"{left} {node.op} {right}"
        elif node.op.startswith("**") and len(parts) == 1:
            base = parts[0].text if parts[0].op in ("input", "const") else f"({parts[0].text})"
            text = f"{base}{node.op}"
        elif node.op == "neg":
            text = f"-({parts[0].text})"
        else:
            text = f"{node.op}({', '.join(p.text for p in parts)})"
        forms[id(node)] = Form(node.op, key, text, tuple(parts))
    return forms[id(root)]


def _what(form: Form) -> str:
    if form.op == "input":
        return f"the input {form.text}"
    if form.op == "const":
        return f"the number {form.text}"
    return form.text


_ADDITIVE = {"+", "-", "neg"}


def _signed_terms(form: Form, sign: int = 1) -> list[tuple[int, Form]]:
    """The terms of a sum with their signs: a + b - c gives (+1, a), (+1, b), (-1, c)."""
    if form.op == "+":
        return [term for part in form.parts for term in _signed_terms(part, sign)]
    if form.op == "-" and len(form.parts) == 2:
        return _signed_terms(form.parts[0], sign) + _signed_terms(form.parts[1], -sign)
    if form.op == "neg" and len(form.parts) == 1:
        return _signed_terms(form.parts[0], -sign)
    return [(sign, form)]


def sign_difference(yours: Form, expected: Form) -> str:
    """'' unless the two are the same terms added and subtracted differently: then which.

    `x1*w1 + x2*w2 - b` against `x1*w1 + x2*w2 + b`: "your graph subtracts b where the
    formula adds it" (a minus is a slip of its own, not a matter of brackets).
    """
    if yours.op not in _ADDITIVE or expected.op not in _ADDITIVE:
        return ""
    mine, theirs = _signed_terms(yours), _signed_terms(expected)
    if Counter(f.key for _, f in mine) != Counter(f.key for _, f in theirs):
        return ""  # other terms, not only other signs
    have = Counter((sign, f.key) for sign, f in mine)
    want = Counter((sign, f.key) for sign, f in theirs)
    if have == want:
        return ""
    texts = {f.key: f.text for _, f in mine}
    subtracted = sorted({texts[key] for sign, key in have - want if sign < 0})
    added = sorted({texts[key] for sign, key in have - want if sign > 0})
    parts = []
    if subtracted:
        them = "it" if len(subtracted) == 1 else "them"
        parts.append(
            f"your graph subtracts {' and '.join(subtracted)} where the formula adds {them}"
        )
    if added:
        them = "it" if len(added) == 1 else "them"
        parts.append(f"your graph adds {' and '.join(added)} where the formula subtracts {them}")
    return "; ".join(parts) + f": check each sign, the formula is {expected.text}"


def difference(yours: Form, expected: Form) -> str:
    """'' when the two Forms are the same computation, else which part differs, in words."""
    if yours.key == expected.key:
        return ""
    signs = sign_difference(yours, expected)
    if signs:
        return signs
    if yours.op != expected.op:
        return f"your graph has {_what(yours)} where the formula has {_what(expected)}"
    if yours.op == "const":
        return f"your graph has the number {yours.text} where the formula has {expected.text}"
    if yours.op in _COMMUTATIVE:
        return _multiset_difference(yours, expected)
    if len(yours.parts) == 2 and yours.parts[::-1] == expected.parts:
        return f"the two sides of {yours.op} are swapped: the formula has {expected.text}"
    for mine, theirs in zip(yours.parts, expected.parts):
        inner = difference(mine, theirs)
        if inner:
            return inner
    return f"your graph has {yours.text} where the formula has {expected.text}"


def _multiset_difference(yours: Form, expected: Form) -> str:
    kind, part = _COMMUTATIVE[yours.op]
    have = Counter(p.key for p in yours.parts)
    want = Counter(p.key for p in expected.parts)
    extra = [p for p in _unique(yours.parts) for _ in range((have - want)[p.key])]
    missing = [p for p in _unique(expected.parts) for _ in range((want - have)[p.key])]
    if len(extra) == 1 and len(missing) == 1 and extra[0].op == missing[0].op != "input":
        inner = difference(extra[0], missing[0])
        return f"in the {part} {missing[0].text} of {expected.text}: {inner}"
    pairs = _pair_by_operation(extra, missing)
    if pairs:  # as many changed parts as missing ones: say what changed in the first
        mine, theirs = pairs[0]
        return f"in the {part} {theirs.text} of {expected.text}: {difference(mine, theirs)}"
    listing = ", ".join
    formula = f"the formula is {expected.text}"
    if missing and not extra:
        return f"your {kind} lacks the {part} {listing(p.text for p in missing)}: {formula}"
    if extra and not missing:
        return f"your {kind} has the extra {part} {listing(p.text for p in extra)}: {formula}"
    return (
        f"your {kind} has {listing(_what(p) for p in extra)} where the formula has "
        f"{listing(_what(p) for p in missing)}"
    )


def _unique(parts: tuple[Form, ...]) -> list[Form]:
    seen: dict[str, Form] = {}
    for p in parts:
        seen.setdefault(p.key, p)
    return list(seen.values())


def _pair_by_operation(extra: list[Form], missing: list[Form]) -> list[tuple[Form, Form]]:
    """Each extra part matched with a missing part of the same operation, or [] if not all are.

    `a*c + b` against `a*b + c`: a*c pairs with a*b, the input b with the input c.
    Inputs pair with inputs only when nothing else is left, so a lone swapped input is
    reported as "the input b where the formula has the input c" by the caller.
    """
    if len(extra) != len(missing) or len(extra) < 2:
        return []
    left = list(missing)
    pairs = []
    for mine in extra:
        match = next((theirs for theirs in left if theirs.op == mine.op), None)
        if match is None:
            return []
        left.remove(match)
        pairs.append((mine, match))
    operations = [p for p in pairs if p[0].op not in ("input", "const")]
    return operations + [p for p in pairs if p[0].op in ("input", "const")]
