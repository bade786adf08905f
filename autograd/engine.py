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

import functools
import math
import numbers

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
        _refuse_non_finite(data, label, "", ())
    return data


def _refuse_non_finite(data: float, label: str, op: str, inputs: tuple[Value, ...]) -> None:
    """inf or nan: a user's input is a ValueError; an operation's result overflowed."""
    if not inputs:
        where = f" (label {label!r})" if label else ""
        raise ValueError(f"Value() needs a finite number, got {data!r}{where}.")
    names = ", ".join(_describe(v) for v in inputs)
    raise OverflowError(
        f"{op!r} of ({names}) gave {data!r}: the numbers grew too large for a float. "
        "If this happened while training, the learning rate is probably too big."
    )


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
        elif data - data != 0.0:  # inf - inf and nan - nan are nan, never 0
            _refuse_non_finite(data, label, op, inputs)
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
    # Each operation: its forward value, then its local derivatives (one per input), then
    # the new node Value(data, label, op, inputs, local_grads). The label stays "" for results.
    def __add__(self, other: Value | Number) -> Value:
        """Sum rule: d(a+b)/da = 1 and d(a+b)/db = 1, so "+" passes the gradient through."""
        if not isinstance(other, Value):
            other = Value(_as_number(other, "+", self))
        data = self.data + other.data
        local_grads = (1.0, 1.0)
        return Value(data, "", "+", (self, other), local_grads)

    def __mul__(self, other: Value | Number) -> Value:
        """Product rule: d(a*b)/da = b and d(a*b)/db = a: each input gets the *other* one."""
        if not isinstance(other, Value):
            other = Value(_as_number(other, "*", self))
        data = self.data * other.data
        local_grads = (other.data, self.data)
        return Value(data, "", "*", (self, other), local_grads)

    def __sub__(self, other: Value | Number) -> Value:
        """Difference: d(a-b)/da = 1 and d(a-b)/db = -1."""
        if not isinstance(other, Value):
            other = Value(_as_number(other, "-", self))
        data = self.data - other.data
        local_grads = (1.0, -1.0)
        return Value(data, "", "-", (self, other), local_grads)

    def __truediv__(self, other: Value | Number) -> Value:
        """Quotient rule: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2."""
        if not isinstance(other, Value):
            other = Value(_as_number(other, "/", self))
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: {_describe(self)} / {_describe(other)}.")
        a, b = self.data, other.data
        data = a / b
        local_grads = (1.0 / b, -data / b)  # -a/b**2, written so b*b cannot underflow to 0
        return Value(data, "", "/", (self, other), local_grads)

    def __pow__(self, other: Value | Number) -> Value:
        """Power rule: d(a**n)/da = n * a**(n-1) for a number n (Value exponents: _pow_value)."""
        if isinstance(other, Value):
            return self._pow_value(other)
        n = _as_number(other, "**", self)
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
        try:
            data = a**n
            local_grads = (n * a ** (n - 1) if n else 0.0,)
        except OverflowError:
            raise OverflowError(f"{_describe(self)} ** {n:g} is too large for a float.") from None
        return Value(data, "", _power_op_name(n), (self,), local_grads)

    def _pow_value(self, b: Value) -> Value:
        """a**b for a Value b: needs a > 0, because d(a**b)/db = a**b * ln(a)."""
        if self.data <= 0:
            raise ValueError(
                f"{_describe(self)} ** {_describe(b)}: with a Value exponent the base must be "
                "positive, because the derivative for the exponent is a**b * ln(a)."
            )
        a = self.data
        try:
            data = a**b.data
        except OverflowError:
            raise OverflowError(
                f"{_describe(self)} ** {_describe(b)} is too large for a float."
            ) from None
        local_grads = (b.data * data / a, data * math.log(a))  # b * a**(b-1), a**b * ln(a)
        return Value(data, "", "**", (self, b), local_grads)

    # Numbers on the left: 2 + a, 2 * a, 2 - a, 2 / a, 2 ** a.
    def __radd__(self, other: Number) -> Value:
        return Value(_as_number(other, "+", self)) + self

    def __rmul__(self, other: Number) -> Value:
        return Value(_as_number(other, "*", self)) * self

    def __rsub__(self, other: Number) -> Value:
        return Value(_as_number(other, "-", self)) - self

    def __rtruediv__(self, other: Number) -> Value:
        return Value(_as_number(other, "/", self)) / self

    def __rpow__(self, other: Number) -> Value:
        return Value(_as_number(other, "**", self)) ** self

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
        data = self.data if positive else 0.0
        return Value(data, "", "relu", (self,), (1.0 if positive else 0.0,))

    def sigmoid(self) -> Value:
        """d(sigmoid a)/da = s * (1 - s) with s = 1 / (1 + e**-a)."""
        a = self.data  # two branches so that e**x never overflows
        s = 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
        return Value(s, "", "sigmoid", (self,), (s * (1.0 - s),))

    # ---------------------------------------------------------------- the backward pass
    def topological_order(self) -> list[Value]:
        """Every Value below this one, each after all of its inputs (inputs first).

        Depth-first, inputs in the order they were given, so the order reads like the
        expression was written (for a*b + c: a, b, a*b, c, then the sum). Iterative, with
        an explicit stack, so a chain of a million nodes needs no recursion.
        """
        order: list[Value] = []
        visited: set[Value] = {self}
        stack = [(self, iter(self.inputs))]  # each node with the inputs it has yet to visit
        while stack:
            node, inputs = stack[-1]
            for child in inputs:
                if child not in visited:
                    visited.add(child)
                    if child.inputs:  # go down first: its inputs must come before it
                        stack.append((child, iter(child.inputs)))
                        break
                    order.append(child)  # a leaf has no inputs to wait for
            else:  # every input of `node` is in the order: now the node itself
                stack.pop()
                order.append(node)
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
        If it raises (a gradient overflowed), the grads already passed on stay as they are:
        call zero_grad() before trying again.
        """
        order = self.topological_order()
        for node in order:
            if node.inputs:  # intermediate results: recomputed from scratch every time
                node.grad = 0.0
        self.grad += 1.0  # d(self)/d(self) = 1
        for node in reversed(order):
            grad = node.grad
            if grad - grad != 0.0:  # inf or nan, or not a number at all (a Value set by hand)
                _refuse_grad(node)
            if node.inputs:  # leaves (inputs, constants) have nothing further to pass on
                for child, local_grad in zip(node.inputs, node.local_grads):
                    child.grad += local_grad * grad  # chain rule: multiply, then add

    def zero_grad(self) -> None:
        """Reset the grad of this Value and of every Value below it to 0."""
        for node in self.topological_order():
            node.grad = 0.0


@functools.lru_cache(maxsize=64)
def _power_op_name(n: float) -> str:
    """'**2' for x**2, '**0.5' for x**0.5 (cached: the same few exponents come up all the time)."""
    return f"**{n:g}"


def _refuse_grad(node: Value) -> None:
    """Explain a grad backward() cannot use: not a number (a slip), or inf/nan (an overflow)."""
    grad = node.grad
    if isinstance(grad, bool) or not isinstance(grad, numbers.Real):
        hint = " (use .data to take the number out of a Value)" if isinstance(grad, Value) else ""
        raise TypeError(
            f"{_describe(node)} has grad {grad!r}, but a grad must be a number{hint}. "
            "Set it to a float, or call zero_grad() to start afresh."
        )
    raise OverflowError(
        f"the gradient at {_describe(node)} (op {node.op!r}) overflowed to {grad}. "
        "Use smaller inputs or a smaller learning rate."
    )


def _as_number(other: object, op: str, partner: Value) -> float:
    """A plain int or float as a float; a clear TypeError for anything else."""
    if type(other) is float or type(other) is int:  # fast path: numbers.Real checks are slow
        return float(other)
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(
            f"cannot use {op!r} between {_describe(partner)} and {type(other).__name__} "
            f"{other!r}: a Value combines only with other Values, ints and floats."
        )
    return float(other)
