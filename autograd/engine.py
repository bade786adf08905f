"""The autograd engine: a scalar `Value` that remembers how it was made.

Every arithmetic operation on Values builds one node of a *computation graph*:
the new Value keeps its `inputs` (the Values it was made from), its `op` (a short
name such as "+" or "*") and its `local_grads`: for each input, the local
derivative d(this)/d(input), worked out right away in the forward pass.

Backpropagation is then the chain rule applied backwards, node by node and edge
by edge: walk the graph from the output to the inputs in reverse topological
order and, on every edge, *multiply* the local derivative by the gradient
arriving from above and *add* the product into the input's gradient:

    input.grad += local_grad * node.grad

Two rules carry most of the work:

* the sum rule: a "+" node passes its gradient unchanged to both inputs
  (both local derivatives are 1);
* the product rule: a "*" node sends each input the gradient times the
  *other* input (d(a*b)/da = b, d(a*b)/db = a).

Each operation below shows its forward value and its local derivatives side by
side. The engine imports nothing but the standard library.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence

Number = int | float


def _describe(v: Value) -> str:
    """'Value 'a' = -2.0' (or 'Value = -2.0' without a label), for error messages."""
    return f"Value {v.label!r} = {v.data!r}" if v.label else f"Value = {v.data!r}"


def _to_float(data: object, label: str) -> float:
    """Accept ints and real floats (numpy's too); refuse everything else loudly."""
    if type(data) is int:  # fast path: the isinstance check against numbers.Real is slow
        return float(data)
    if isinstance(data, bool) or not isinstance(data, numbers.Real):
        where = f" (label {label!r})" if label else ""
        raise TypeError(
            f"Value() needs a real number (int or float), got {type(data).__name__} "
            f"{data!r}{where}. Convert it first, e.g. Value(float(x)), or use .data "
            "to take the number out of another Value."
        )
    data = float(data)
    if not math.isfinite(data):
        raise ValueError(
            f"Value() needs a finite number, got {data!r}{f' (label {label!r})' if label else ''}."
        )
    return data


class Value:
    """A scalar with a gradient, a label, and the record of how it was made."""

    # __slots__: thousands of Values per loss; no per-instance dict keeps them small and fast.
    __slots__ = ("data", "grad", "label", "op", "inputs", "local_grads")
    __array_ufunc__ = None  # numpy scalars defer to our operators: np.float64(2) * v is a Value

    def __init__(
        self,
        data: Number,
        label: str = "",
        op: str = "",
        inputs: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
    ) -> None:
        if type(data) is not float:
            data = _to_float(data, label)
        elif data - data != 0.0:  # inf - inf and nan - nan are nan: the result overflowed
            names = ", ".join(_describe(v) for v in inputs)
            raise OverflowError(
                f"{op!r} of ({names}) gave {data!r}: the numbers grew too large for a float. "
                "If this happened while training, the learning rate is probably too big."
            )
        self.data = data
        self.grad = 0.0
        self.label = label
        self.op = op
        self.inputs = inputs
        self.local_grads = local_grads

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # ---------------------------------------------------------------- binary operations
    def __add__(self, other: Value | Number) -> Value:
        """Sum rule: d(a+b)/da = 1 and d(a+b)/db = 1, so "+" passes the gradient through."""
        if not isinstance(other, Value):
            other = _as_value(other, "+", self)
        return Value(self.data + other.data, "", "+", (self, other),
                     (1.0, 1.0))  # fmt: skip

    def __mul__(self, other: Value | Number) -> Value:
        """Product rule: d(a*b)/da = b and d(a*b)/db = a: each input gets the *other* one."""
        if not isinstance(other, Value):
            other = _as_value(other, "*", self)
        return Value(self.data * other.data, "", "*", (self, other),
                     (other.data, self.data))  # fmt: skip

    def __sub__(self, other: Value | Number) -> Value:
        """Difference: d(a-b)/da = 1 and d(a-b)/db = -1."""
        if not isinstance(other, Value):
            other = _as_value(other, "-", self)
        return Value(self.data - other.data, "", "-", (self, other),
                     (1.0, -1.0))  # fmt: skip

    def __truediv__(self, other: Value | Number) -> Value:
        """Quotient: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2."""
        if not isinstance(other, Value):
            other = _as_value(other, "/", self)
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {_describe(self)} / {_describe(other)}.")
        b = other.data
        return Value(self.data / b, "", "/", (self, other),
                     (1.0 / b, -self.data / (b * b)))  # fmt: skip

    def __pow__(self, other: Value | Number) -> Value:
        """Power rule: d(a**n)/da = n * a**(n-1); with a Value exponent also d(a**b)/db = a**b ln a."""
        if isinstance(other, Value):
            return self._pow_value(other)
        n = _as_value(other, "**", self).data
        a = self.data
        if a < 0 and not n.is_integer():
            raise ValueError(
                f"{_describe(self)} raised to the non-integer power {n}: a negative base "
                "has no real result. Use an integer exponent or a positive base."
            )
        if a == 0 and n < 1 and n != 0:
            raise (ZeroDivisionError if n < 0 else ValueError)(
                f"{_describe(self)} ** {n}: at 0 the {'value' if n < 0 else 'derivative'} "
                "is infinite. Keep the base away from zero."
            )
        out, slope = _guarded_pow(a, n, self), (n * _guarded_pow(a, n - 1, self) if n else 0.0)
        return Value(out, "", f"**{n:g}", (self,), (slope,))

    def _pow_value(self, b: Value) -> Value:
        """a**b for a Value b: needs a > 0, because d(a**b)/db = a**b * ln(a)."""
        if self.data <= 0:
            raise ValueError(
                f"{_describe(self)} ** {_describe(b)}: with a Value exponent the base must be "
                "positive, because the derivative for the exponent is a**b * ln(a)."
            )
        out = _guarded_pow(self.data, b.data, self)
        return Value(out, "", "**", (self, b),
                     (b.data * out / self.data, out * math.log(self.data)))  # fmt: skip

    # Numbers on the left: 2 + a, 2 * a, 2 - a, 2 / a, 2 ** a.
    def __radd__(self, other: Number) -> Value:
        return _as_value(other, "+", self) + self

    def __rmul__(self, other: Number) -> Value:
        return _as_value(other, "*", self) * self

    def __rsub__(self, other: Number) -> Value:
        return _as_value(other, "-", self) - self

    def __rtruediv__(self, other: Number) -> Value:
        return _as_value(other, "/", self) / self

    def __rpow__(self, other: Number) -> Value:
        return _as_value(other, "**", self) ** self

    # ---------------------------------------------------------------- unary operations
    def __neg__(self) -> Value:
        """Negation: d(-a)/da = -1."""
        return Value(-self.data, "", "neg", (self,), (-1.0,))

    def exp(self) -> Value:
        """d(e**a)/da = e**a: the exponential is its own derivative."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise OverflowError(
                f"exp of {_describe(self)} is too large for a float (limit: exp(709)). "
                "Scale the input down; if training, lower the learning rate."
            ) from None
        return Value(out, "", "exp", (self,), (out,))

    def log(self) -> Value:
        """d(ln a)/da = 1/a, defined only for a > 0."""
        if self.data <= 0:
            raise ValueError(
                f"log of {_describe(self)}: the logarithm is only defined for numbers > 0."
            )
        return Value(math.log(self.data), "", "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Value:
        """d(tanh a)/da = 1 - tanh(a)**2."""
        t = math.tanh(self.data)
        return Value(t, "", "tanh", (self,), (1.0 - t * t,))

    def relu(self) -> Value:
        """d(relu a)/da = 1 where a > 0, else 0."""
        positive = self.data > 0
        return Value(self.data if positive else 0.0, "", "relu", (self,),
                     (1.0 if positive else 0.0,))  # fmt: skip

    def sigmoid(self) -> Value:
        """d(sigmoid a)/da = s * (1 - s) with s = 1 / (1 + e**-a)."""
        a = self.data  # two branches so that e**x never overflows
        s = 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
        return Value(s, "", "sigmoid", (self,), (s * (1.0 - s),))

    # ---------------------------------------------------------------- the backward pass
    def topological_order(self) -> list[Value]:
        """Every Value below this one, each after all of its inputs (inputs first).

        Iterative depth-first search, so a chain of a million nodes needs no recursion.
        """
        order: list[Value] = []
        visited: set[Value] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:  # second visit: all of its inputs are already in the order
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))
                for child in node.inputs:
                    if child not in visited:
                        stack.append((child, False))
        return order

    def backward(self) -> None:
        """Fill in d(self)/d(v) as v.grad for every Value v below this one.

        Walk the nodes from the output back to the inputs; on each edge multiply the
        local derivative by the gradient from above and *add* it to the input's grad.
        Adding is what makes a Value used twice (a + a, x * x) collect both paths.

        Calling backward() again: the intermediate nodes start from zero each time, but
        the leaves (Values you made yourself, such as parameters) keep adding up, so a
        second call doubles their grads -- exactly as a training loop that forgets
        zero_grad() would. Call zero_grad() before each backward() to start afresh.
        """
        order = self.topological_order()
        for node in order:
            if node.inputs:  # intermediate results: recomputed from scratch every time
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self) = 1
        for node in reversed(order):
            if node.grad - node.grad != 0.0:
                raise OverflowError(
                    f"the gradient at {_describe(node)} (op {node.op!r}) overflowed to "
                    f"{node.grad}. Use smaller inputs or a smaller learning rate."
                )
            for child, local_grad in zip(node.inputs, node.local_grads):
                child.grad += local_grad * node.grad  # chain rule: multiply, then add

    def zero_grad(self) -> None:
        """Reset the grad of this Value and of every Value below it to 0."""
        for node in self.topological_order():
            node.grad = 0.0


def _as_value(other: object, op: str, partner: Value) -> Value:
    """Wrap a plain number as a Value (a constant leaf); refuse anything else."""
    if isinstance(other, Value):
        return other
    if type(other) is float or type(other) is int:  # fast path for the common case
        return Value(float(other))
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(
            f"cannot use {op!r} between {_describe(partner)} and {type(other).__name__} "
            f"{other!r}: a Value combines only with other Values, ints and floats."
        )
    return Value(other)


def _guarded_pow(a: float, n: float, base: Value) -> float:
    try:
        return a**n
    except OverflowError:
        raise OverflowError(
            f"{_describe(base)} ** {n:g} is too large for a float. Scale the input down."
        ) from None


# -------------------------------------------------------------------- gradient checking
def numerical_grad(
    f: Callable[..., Value | float], values: Sequence[Value | float], h: float = 1e-6
) -> list[float]:
    """Central differences: df/dv ~ (f(v + h) - f(v - h)) / 2h, one input at a time.

    `f` takes one argument per entry of `values` (Values are built afresh for every
    call, so the caller's graph is left untouched) and returns a Value or a float.
    """
    xs = [v.data if isinstance(v, Value) else float(v) for v in values]

    def f_at(point: list[float]) -> float:
        out = f(*(Value(x) for x in point))
        return out.data if isinstance(out, Value) else float(out)

    grads = []
    for i, x in enumerate(xs):
        up, down = list(xs), list(xs)
        up[i], down[i] = x + h, x - h
        grads.append((f_at(up) - f_at(down)) / (2 * h))
    return grads


class GradCheck:
    """The result of `check_gradients`: both gradients and the worst relative error."""

    def __init__(self, analytic: list[float], numerical: list[float], tolerance: float) -> None:
        self.analytic = analytic
        self.numerical = numerical
        self.tolerance = tolerance
        # relative error with a floor of 1 in the denominator, so grads near 0 compare absolutely
        self.errors = [
            abs(a - n) / max(1.0, abs(a), abs(n)) for a, n in zip(analytic, numerical)
        ]
        self.worst_error = max(self.errors, default=0.0)
        self.worst_index = self.errors.index(self.worst_error) if self.errors else -1
        self.ok = self.worst_error <= tolerance

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        verdict = "OK" if self.ok else "MISMATCH"
        return (
            f"GradCheck({verdict}: worst relative error {self.worst_error:.2e} at input "
            f"{self.worst_index}, tolerance {self.tolerance:.0e})"
        )


def check_gradients(
    f: Callable[..., Value],
    values: Sequence[Value | float],
    grads: Sequence[float] | None = None,
    h: float = 1e-6,
    tolerance: float = 1e-5,
) -> GradCheck:
    """Compare gradients against central differences and report the worst relative error.

    Without `grads`, the analytic gradients come from `f(...).backward()` on fresh Values;
    pass `grads` to check gradients you worked out some other way (by hand, say).
    """
    if grads is None:
        inputs = [Value(v.data if isinstance(v, Value) else v) for v in values]
        f(*inputs).backward()
        grads = [v.grad for v in inputs]
    if len(grads) != len(values):
        raise ValueError(f"got {len(grads)} gradients for {len(values)} inputs")
    return GradCheck([float(g) for g in grads], numerical_grad(f, values, h), tolerance)
