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
side; the class comes first, with the backward pass, and the few lines that build a
result node after it. Every bad number (a string, nan, an overflow, a loop in the graph)
is worded in `autograd.messages`, the one module the engine imports besides the standard
library, so the page here is the arithmetic and the chain rule alone.
"""

from __future__ import annotations

import math

from autograd import messages

Number = int | float


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
        if type(data) is not float or data - data != 0.0:  # not a float, or inf/nan
            data = messages.to_float(data, label, op, inputs)
        if type(label) is not str:
            messages.refuse_label(label, data)
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
    # the new node: _result(data, op, inputs, local_grads) (a Value with an empty label).
    def __add__(self, other: Value | Number) -> Value:
        """Sum rule: d(a+b)/da = 1 and d(a+b)/db = 1, so "+" passes the gradient through."""
        if not isinstance(other, Value):
            other = _constant(other, "+", self)
        data = self.data + other.data
        local_grads = (1.0, 1.0)
        return _result(data, "+", (self, other), local_grads)

    def __mul__(self, other: Value | Number) -> Value:
        """Product rule: d(a*b)/da = b and d(a*b)/db = a: each input gets the *other* one."""
        if not isinstance(other, Value):
            other = _constant(other, "*", self)
        data = self.data * other.data
        local_grads = (other.data, self.data)
        return _result(data, "*", (self, other), local_grads)

    def __sub__(self, other: Value | Number) -> Value:
        """Difference: d(a-b)/da = 1 and d(a-b)/db = -1."""
        if not isinstance(other, Value):
            other = _constant(other, "-", self)
        data = self.data - other.data
        local_grads = (1.0, -1.0)
        return _result(data, "-", (self, other), local_grads)

    def __truediv__(self, other: Value | Number) -> Value:
        """Quotient rule: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2."""
        if not isinstance(other, Value):
            other = _constant(other, "/", self)
        if other.data == 0.0:
            raise messages.division_by_zero(self, other)
        a, b = self.data, other.data
        data = a / b
        local_grads = (1.0 / b, -data / b)  # -a/b**2, written so b*b cannot underflow to 0
        return _result(data, "/", (self, other), local_grads)

    def __pow__(self, other: Value | Number) -> Value:
        """Power rule: d(a**n)/da = n * a**(n-1) for a number n (Value exponents: _pow_value)."""
        if isinstance(other, Value):
            return self._pow_value(other)
        n = messages.as_number(other, "**", self)
        a = self.data
        messages.check_power(self, n)
        try:
            data = a**n
            local_grads = (n * a ** (n - 1) if n else 0.0,)
        except OverflowError:
            raise messages.too_large(f"{messages.describe(self)} ** {n:g}") from None
        return _result(data, f"**{n:g}", (self,), local_grads)

    def _pow_value(self, b: Value) -> Value:
        """a**b for a Value b: needs a > 0, because d(a**b)/db = a**b * ln(a)."""
        if self.data <= 0:
            raise messages.base_not_positive(self, b)
        a = self.data
        try:
            data = a**b.data
        except OverflowError:
            raise messages.too_large(
                f"{messages.describe(self)} ** {messages.describe(b)}"
            ) from None
        local_grads = (b.data * data / a, data * math.log(a))  # b * a**(b-1), a**b * ln(a)
        return _result(data, "**", (self, b), local_grads)

    # Numbers on the left: 2 + a, 2 * a, 2 - a, 2 / a, 2 ** a.
    def __radd__(self, other: Number) -> Value:
        return _constant(other, "+", self) + self

    def __rmul__(self, other: Number) -> Value:
        return _constant(other, "*", self) * self

    def __rsub__(self, other: Number) -> Value:
        return _constant(other, "-", self) - self

    def __rtruediv__(self, other: Number) -> Value:
        return _constant(other, "/", self) / self

    def __rpow__(self, other: Number) -> Value:
        return _constant(other, "**", self) ** self

    # ---------------------------------------------------------------- unary operations
    def __neg__(self) -> Value:
        """Negation: d(-a)/da = -1."""
        return _result(-self.data, "neg", (self,), (-1.0,))

    def exp(self) -> Value:
        """d(e**a)/da = e**a: the exponential is its own derivative."""
        try:
            out = math.exp(self.data)
        except OverflowError:
            raise messages.exp_too_large(self) from None
        return _result(out, "exp", (self,), (out,))

    def log(self) -> Value:
        """d(ln a)/da = 1/a, defined only for a > 0."""
        if self.data <= 0:
            raise messages.log_not_positive(self)
        return _result(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Value:
        """d(tanh a)/da = 1 - tanh(a)**2."""
        t = math.tanh(self.data)
        return _result(t, "tanh", (self,), (1.0 - t * t,))

    def relu(self) -> Value:
        """d(relu a)/da = 1 where a > 0, else 0 (at the kink, a = 0, we pick 0)."""
        positive = self.data > 0
        data = self.data if positive else 0.0
        return _result(data, "relu", (self,), (1.0 if positive else 0.0,))

    def sigmoid(self) -> Value:
        """d(sigmoid a)/da = s * (1 - s) with s = 1 / (1 + e**-a)."""
        a = self.data  # two branches so that e**x never overflows
        s = 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
        return _result(s, "sigmoid", (self,), (s * (1.0 - s),))

    # ---------------------------------------------------------------- the backward pass
    def topological_order(self) -> list[Value]:
        """Every Value below this one, each after all of its inputs (inputs first).

        Depth-first, inputs in the order they were given, so the order reads like the
        expression was written (for a*b + c: a, b, a*b, c, then the sum). Iterative, with
        an explicit stack, so a chain of a million nodes needs no recursion. A graph whose
        `inputs` were edited by hand into a loop has no such order: that is an error.
        """
        order: list[Value] = []
        placed = {self: False}  # False: on the path being explored; True: in the order
        stack = [(self, iter(self.inputs))]  # each node with the inputs it has yet to visit
        while stack:
            node, inputs = stack[-1]
            for child in inputs:
                if child not in placed:
                    if child.inputs:  # go down first: its inputs must come before it
                        placed[child] = False
                        stack.append((child, iter(child.inputs)))
                        break
                    placed[child] = True
                    order.append(child)  # a leaf has no inputs to wait for
                elif not placed[child]:  # an input of its own input: a loop
                    messages.refuse_cycle(child, [n for n, _ in stack])
            else:  # every input of `node` is in the order: now the node itself
                stack.pop()
                placed[node] = True
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
            elif type(node.grad) is not float:  # a leaf's grad set by hand: is it a number?
                node.grad = messages.leaf_grad(node)
        self.grad += 1.0  # d(self)/d(self) = 1
        for node in reversed(order):
            grad = node.grad
            if grad - grad != 0.0:  # inf or nan: the gradient overflowed
                messages.refuse_grad(node)
            if node.inputs:  # leaves (inputs, constants) have nothing further to pass on
                for child, local_grad in zip(node.inputs, node.local_grads):
                    child.grad += local_grad * grad  # chain rule: multiply, then add

    def zero_grad(self) -> None:
        """Reset the grad of this Value and of every Value below it to 0."""
        for node in self.topological_order():
            node.grad = 0.0

    # ---------------------------------------------------------------- a Value is not a float
    # Comparing or formatting a Value is almost always meant for its number: say so.
    def __lt__(self, other: object) -> bool:
        raise messages.not_a_number(self, f"compare it with '<' (to {other!r})")

    def __le__(self, other: object) -> bool:
        raise messages.not_a_number(self, f"compare it with '<=' (to {other!r})")

    def __gt__(self, other: object) -> bool:
        raise messages.not_a_number(self, f"compare it with '>' (to {other!r})")

    def __ge__(self, other: object) -> bool:
        raise messages.not_a_number(self, f"compare it with '>=' (to {other!r})")

    def __float__(self) -> float:
        raise messages.not_a_number(self, "turn it into a float with float()")

    def __format__(self, spec: str) -> str:
        if not spec:  # f"{v}" is the repr, as for any object
            return str(self)
        raise messages.not_a_number(self, f"format it with the number format {spec!r}")

    # ---------------------------------------------------------------- copies without recursion
    # copy.deepcopy and pickle recurse once per node on their own; a long chain would hit
    # Python's recursion limit. Both walk the graph here, in topological order, instead.
    def __copy__(self) -> Value:
        """A new node with the same data, grad, label and the *same* inputs (shallow)."""
        return _rebuild(self.data, self.grad, self.label, self.op, self.inputs, self.local_grads)

    def __deepcopy__(self, memo: dict[int, object]) -> Value:
        """A copy of the whole graph below this Value (shared nodes stay shared)."""
        for node in self.topological_order():
            if id(node) not in memo:
                inputs = tuple(memo[id(child)] for child in node.inputs)  # Values (set below)
                memo[id(node)] = _rebuild(
                    node.data,
                    node.grad,
                    node.label,
                    node.op,
                    inputs,  # type: ignore[arg-type]
                    node.local_grads,
                )
        copied = memo[id(self)]
        assert isinstance(copied, Value)
        return copied

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickle the graph as a flat list: leaves as themselves, results by input position."""
        if not self.inputs:  # a leaf: pickle keeps it one object wherever it is shared
            return (_rebuild, (self.data, self.grad, self.label, self.op, (), ()))
        order = self.topological_order()
        position = {node: i for i, node in enumerate(order)}
        records = [
            node
            if not node.inputs
            else (
                node.data,
                node.grad,
                node.label,
                node.op,
                tuple(position[child] for child in node.inputs),
                node.local_grads,
            )
            for node in order
        ]
        return (_rebuild_graph, (records,))


# ------------------------------------------------------------------------------ helpers
_new_value = object.__new__  # a Value without __init__'s checks: for results we already trust


def _result(
    data: float, op: str, inputs: tuple[Value, ...], local_grads: tuple[float, ...]
) -> Value:
    """The node an operation returns (an empty label). Refuses a result that overflowed.

    The same fields as Value(data, "", op, inputs, local_grads), without going through
    Value.__init__ (whose argument checks are for numbers from outside): a graph is
    thousands of these, and skipping the call makes the forward pass ~10% faster.
    """
    if data - data != 0.0:  # inf - inf and nan - nan are nan, never 0
        messages.refuse_non_finite(data, "", op, inputs)
    node = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node.op = op
    node.inputs = inputs
    node.local_grads = local_grads
    return node


def _constant(number: object, op: str, partner: Value) -> Value:
    """A plain number used in an operation with a Value, as a constant leaf of the graph."""
    if type(number) is not float or number - number != 0.0:
        number = messages.constant_number(number, op, partner)
    return _result(number, "", (), ())


def _rebuild(
    data: float, grad: float, label: str, op: str, inputs: tuple[Value, ...], local_grads: tuple
) -> Value:
    """A Value with exactly these fields (for copy and pickle)."""
    node = _new_value(Value)
    node.data, node.grad, node.label = data, grad, label
    node.op, node.inputs, node.local_grads = op, inputs, local_grads
    return node


def _rebuild_graph(records: list[Value | tuple]) -> Value:
    """Undo Value.__reduce__: rebuild the nodes in order, each input from its position."""
    nodes: list[Value] = []
    for record in records:
        if isinstance(record, Value):
            nodes.append(record)
        else:
            data, grad, label, op, positions, local_grads = record
            inputs = tuple(nodes[i] for i in positions)
            nodes.append(_rebuild(data, grad, label, op, inputs, local_grads))
    return nodes[-1]
