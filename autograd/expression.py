"""Expressions a learner types, such as `a*b + c` or `(x**2).tanh()`, read safely into Values.

`parse(text)` reads the text with Python's own parser (`ast`) and allows only what the
playground needs: numbers, names (the inputs), the arithmetic + - * / ** and unary minus,
brackets, and calls of the Value methods (`x.tanh()`, `x.exp()`, `x.relu()`, `x.log()`,
`x.sigmoid()`). Anything else is refused with a message naming what is not allowed and
what to write instead. Nothing is ever run by `eval` or `exec`: `evaluate` walks the
checked tree and calls the engine's operators itself.

An unfinished expression (`a*`, `(x + 1`) raises `IncompleteExpression`, whose message
says what is missing, so a text box can keep the last good graph while the learner types.

This module knows the engine only; no widget.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from autograd.engine import Value

# The Value methods of one input a learner may call (those this engine has).
METHODS = tuple(m for m in ("tanh", "exp", "relu", "log", "sigmoid") if hasattr(Value, m))
MAX_LENGTH = 300  # characters
MAX_OPERATIONS = 40  # a bigger graph is too crowded to read
MAX_EXPONENT = 100.0  # x**1000 overflows or is flat: nothing to see

_BINARY: dict[type, tuple[str, Callable]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", operator.truediv),
    ast.Pow: ("**", operator.pow),
}

# What a refused piece of syntax is called in the message.
_WHAT = {
    ast.Lambda: "lambda functions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Subscript: "subscripts such as x[0]",
    ast.Compare: "comparisons such as x < y",
    ast.BoolOp: "`and` / `or`",
    ast.IfExp: "`... if ... else ...`",
    ast.NamedExpr: "assignments with :=",
    ast.List: "lists",
    ast.Tuple: "tuples (a comma makes one)",
    ast.Set: "sets",
    ast.Dict: "dictionaries",
    ast.JoinedStr: "f-strings",
    ast.Starred: "starred expressions",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}
_OPERATOR_NAMES = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}
ALLOWED = (
    "numbers, input names, + - * / ** , unary minus, brackets and the Value methods "
    + ", ".join(f"x.{m}()" for m in METHODS)
)


class ExpressionError(ValueError):
    """The text is not an expression the playground allows (the message says why)."""


class IncompleteExpression(ExpressionError):
    """The text is not a finished expression yet (the message says what is missing)."""


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, its tree, and its input names in order of appearance."""

    text: str
    tree: ast.expr
    names: tuple[str, ...]

    def evaluate(self, values: Mapping[str, float]) -> Value:
        """The expression computed by the engine, each name a Value labelled with it."""
        return evaluate(self, values)


def parse(text: str) -> Expression:
    """Check `text` and return it as an Expression; ExpressionError says what is wrong."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is text (a str), got {type(text).__name__} {text!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"the expression is {len(text)} characters long; keep it under {MAX_LENGTH}."
        )
    if "\x00" in text:
        raise ExpressionError("the text cannot be read: it holds a NUL character (\\x00).")
    source = text.strip()
    if not source:
        raise IncompleteExpression("type an expression, e.g. a*b + c")
    try:
        module = ast.parse(source, mode="exec")
    except SyntaxError as error:
        raise IncompleteExpression(_missing(source, error)) from None
    if len(module.body) != 1 or not isinstance(module.body[0], ast.Expr):
        statement = module.body[0] if module.body else None
        what = {
            ast.Import: "`import`",
            ast.ImportFrom: "`import`",
            ast.Assign: "assignments (=)",
            ast.AugAssign: "assignments (+= ...)",
            ast.AnnAssign: "assignments",
            ast.FunctionDef: "`def`",
            ast.ClassDef: "`class`",
            ast.Delete: "`del`",
        }.get(type(statement), "statements")
        if len(module.body) > 1:
            what = "more than one line or statement"
        raise ExpressionError(f"{what} not allowed: type one expression, e.g. a*b + c.")
    tree = module.body[0].value
    names: list[str] = []
    operations = _check(tree, names)
    if operations > MAX_OPERATIONS:
        raise ExpressionError(
            f"the expression has {operations} operations; keep it to {MAX_OPERATIONS} so the "
            "graph stays readable."
        )
    return Expression(text=source, tree=tree, names=tuple(names))


def _missing(source: str, error: SyntaxError) -> str:
    """What a SyntaxError means for someone still typing."""
    if source.count("(") > source.count(")"):
        return "not finished: a bracket '(' is still open; close it with ')'."
    if source.count(")") > source.count("("):
        return "a ')' has no '(' to close."
    if source.rstrip()[-1] in "+-*/.":
        return f"not finished: something is missing after '{source.rstrip()[-1]}'."
    where = f" at character {error.offset}" if error.offset else ""
    return f"not a finished expression: {error.msg}{where}."


def _check(node: ast.expr, names: list[str]) -> int:
    """Refuse what is not allowed; collect the names in order; return the operations count."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExpressionError(
                f"{value!r} is not allowed: only numbers, e.g. 2 or 0.5 ({ALLOWED})."
            )
        try:
            number = float(value)
        except OverflowError:
            raise ExpressionError("that number is too large for a float.") from None
        if not math.isfinite(number):
            raise ExpressionError("that number is too large for a float.")
        return 0
    if isinstance(node, ast.Name):
        _check_name(node.id)
        if node.id not in names:
            names.append(node.id)
        return 0
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            symbol = _OPERATOR_NAMES.get(type(node.op), type(node.op).__name__)
            raise ExpressionError(f"the operator {symbol} is not allowed ({ALLOWED}).")
        if isinstance(node.op, ast.Pow):
            exponent = _constant_value(node.right)
            if exponent is not None and abs(exponent) > MAX_EXPONENT:
                raise ExpressionError(
                    f"the exponent {exponent:g} is too large: keep exponents between "
                    f"-{MAX_EXPONENT:g} and {MAX_EXPONENT:g}."
                )
        return 1 + _check(node.left, names) + _check(node.right, names)
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            symbol = _OPERATOR_NAMES.get(type(node.op), type(node.op).__name__)
            raise ExpressionError(f"the operator {symbol} is not allowed ({ALLOWED}).")
        return int(isinstance(node.op, ast.USub)) + _check(node.operand, names)
    if isinstance(node, ast.Call):
        return 1 + _check_call(node, names)
    if isinstance(node, ast.Attribute):
        raise ExpressionError(
            f"the attribute .{node.attr} is not allowed: only calls of the Value methods "
            + ", ".join(f".{m}()" for m in METHODS)
            + "."
        )
    what = _WHAT.get(type(node), type(node).__name__)
    raise ExpressionError(f"{what} not allowed here ({ALLOWED}).")


def _check_call(node: ast.Call, names: list[str]) -> int:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in METHODS:
        if node.args or node.keywords:
            raise ExpressionError(
                f".{func.attr}() takes no arguments: write x.{func.attr}() for the input x."
            )
        return _check(func.value, names)
    if isinstance(func, ast.Name) and func.id in METHODS:
        raise ExpressionError(
            f"{func.id}(...) is not allowed: {func.id} is a Value method, so write it after "
            f"the value, e.g. x.{func.id}() or (a*b).{func.id}()."
        )
    if isinstance(func, ast.Attribute):
        raise ExpressionError(
            f"the method .{func.attr}() is not allowed: only the Value methods "
            + ", ".join(f".{m}()" for m in METHODS)
            + "."
        )
    called = func.id if isinstance(func, ast.Name) else "that"
    raise ExpressionError(
        f"calling {called}(...) is not allowed: only the Value methods "
        + ", ".join(f"x.{m}()" for m in METHODS)
        + " can be called."
    )


def _check_name(name: str) -> None:
    if name.startswith("_"):
        raise ExpressionError(
            f"the name {name!r} is not allowed: an input's name starts with a letter."
        )
    if name in METHODS:
        raise ExpressionError(
            f"{name!r} is a Value method, not an input name: call it as x.{name}(), or "
            "name the input differently."
        )


def _constant_value(node: ast.expr) -> float | None:
    """The number a literal (or a negated literal) stands for; None for anything else."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        try:
            return float(node.value)
        except OverflowError:
            return math.inf
    return None


def evaluate(expression: Expression, values: Mapping[str, float]) -> Value:
    """Compute `expression` with the engine at `values` (one number per input name).

    Each name becomes one Value labelled with it (used twice, it is the same Value, so its
    gradient collects both paths). ExpressionError if a number is missing or the engine
    refuses (division by zero, log of a negative number, overflow).
    """
    missing = [name for name in expression.names if name not in values]
    if missing:
        raise ExpressionError(f"no number for the input(s) {', '.join(missing)}.")
    leaves = {name: Value(float(values[name]), name) for name in expression.names}
    try:
        result = _evaluate(expression.tree, leaves)
    except (ArithmeticError, ValueError, TypeError) as error:
        at = ", ".join(f"{n} = {leaves[n].data:g}" for n in expression.names)
        raise ExpressionError(f"{error}" + (f" (at {at})" if at else "")) from None
    return result if isinstance(result, Value) else Value(result)


def _evaluate(node: ast.expr, leaves: Mapping[str, Value]) -> Value | float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        return leaves[node.id]
    if isinstance(node, ast.BinOp):
        symbol, apply = _BINARY[type(node.op)]
        left, right = _evaluate(node.left, leaves), _evaluate(node.right, leaves)
        if symbol == "**":
            exponent = right.data if isinstance(right, Value) else right
            if abs(exponent) > MAX_EXPONENT:
                raise ValueError(
                    f"the exponent {exponent:g} is too large: keep exponents between "
                    f"-{MAX_EXPONENT:g} and {MAX_EXPONENT:g}."
                )
        if isinstance(left, float) and isinstance(right, float):
            if symbol == "/" and right == 0.0:
                raise ZeroDivisionError("division by zero")
            result = apply(left, right)
            if isinstance(result, complex) or not math.isfinite(result):
                raise ValueError(f"{left:g} {symbol} {right:g} has no finite real result.")
            return float(result)
        return apply(left, right)
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, leaves)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        target = _evaluate(node.func.value, leaves)
        if not isinstance(target, Value):
            target = Value(target)  # (2.0).exp(): a constant
        return getattr(target, node.func.attr)()
    raise ExpressionError(f"cannot evaluate {ast.dump(node)}")  # _check let nothing else in
