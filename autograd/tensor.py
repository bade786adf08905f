"""From scalars to tensors: `Tensor`, the engine's idea on whole numpy arrays at once.

A `Tensor` is a `Value` whose number is an array. Nothing else changes: every operation
computes its forward array and stores, for each input, its *local derivative*; backward()
walks the graph in reverse topological order and on every edge multiplies the local
derivative by the gradient from above and adds the product into the input's grad:

    input.grad += local_grad * node.grad          (elementwise, now over whole arrays)

Two things are new, both because arrays have shapes:

* **broadcasting, undone**: `c * x` with c of shape () and x of shape (N,) uses c N times,
  so, as for a Value used N times, its gradient is the *sum* of the N contributions:
  backward sums the gradient over the axes that broadcasting added (`_unbroadcast`);
* **the matrix product rule**: for C = A @ B the local derivatives are the other matrix,
  applied with a transpose, dL/dA = G @ B.T and dL/dB = A.T @ G (G = dL/dC), because
  C[i, j] = sum_k A[i, k] * B[k, j] is N products and sums at once.

One graph node per array operation instead of one per number: the degree-5 fit on 100,000
points is ~25 nodes instead of ~2.3 million Values, and numpy does the loops in C.
Grads are allocated lazily (None until the first contribution): filling arrays with zeros
would cost more than the rest of the backward pass.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

ArrayLike = float | int | Sequence | np.ndarray


class Tensor:
    """An array with a gradient, a label and the record of how it was made."""

    __slots__ = ("data", "grad", "label", "op", "inputs", "local_grads")
    __array_ufunc__ = None  # numpy defers to our operators: np.ones(3) * t is a Tensor
    __hash__ = object.__hash__  # graph nodes are compared by identity (sets, dicts)

    def __init__(
        self,
        data: ArrayLike,
        label: str = "",
        op: str = "",
        inputs: tuple[Tensor, ...] = (),
        local_grads: tuple[np.ndarray, ...] = (),
    ) -> None:
        self.data = _as_array(data, label)
        self.grad: np.ndarray | None = None  # allocated on the first contribution
        if not isinstance(label, str):
            raise TypeError(f"a Tensor's label must be a str, got {type(label).__name__}")
        self.label = label
        self.op = op
        self.inputs = inputs
        self.local_grads = local_grads

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Tensor(shape={self.shape}{label}, op={self.op!r})"

    # ---------------------------------------------------------------- elementwise operations
    # forward array, then the local derivative d(out)/d(input) for each input, elementwise
    def __add__(self, other: Tensor | ArrayLike) -> Tensor:
        """Sum rule: both local derivatives are 1."""
        other = _tensor(other)
        data = _broadcast(np.add, self, other)
        return _result(data, "+", (self, other), (_ONE, _ONE))

    def __mul__(self, other: Tensor | ArrayLike) -> Tensor:
        """Product rule: each input's local derivative is the other input."""
        other = _tensor(other)
        data = _broadcast(np.multiply, self, other)
        return _result(data, "*", (self, other), (other.data, self.data))

    def __sub__(self, other: Tensor | ArrayLike) -> Tensor:
        """d(a-b)/da = 1, d(a-b)/db = -1."""
        other = _tensor(other)
        data = _broadcast(np.subtract, self, other)
        return _result(data, "-", (self, other), (_ONE, _MINUS_ONE))

    def __truediv__(self, other: Tensor | ArrayLike) -> Tensor:
        """d(a/b)/da = 1/b, d(a/b)/db = -a/b**2."""
        other = _tensor(other)
        if not np.all(other.data):
            raise ZeroDivisionError(f"division by a {_describe(other)} that holds a 0.")
        data = _broadcast(np.divide, self, other)
        return _result(data, "/", (self, other), (1.0 / other.data, -data / other.data))

    def __pow__(self, n: float) -> Tensor:
        """Power rule, for a number n: d(a**n)/da = n * a**(n-1)."""
        if isinstance(n, bool) or not isinstance(n, numbers.Real) or not np.isfinite(n):
            raise TypeError(f"{_describe(self)} ** {n!r}: the exponent must be a finite number.")
        if n != int(n) and np.any(self.data < 0):
            raise ValueError(f"{_describe(self)} ** {n}: a negative entry has no real power.")
        if n >= 1 and n == int(n):  # a**n = a**(n-1) * a: one power for value and slope
            below = self.data ** (n - 1)
            data, local = below * self.data, n * below
        else:
            data = self.data**n
            local = n * self.data ** (n - 1) if n else np.zeros_like(self.data)
        return _result(data, f"**{n:g}", (self,), (local,))

    def __neg__(self) -> Tensor:
        return _result(-self.data, "neg", (self,), (_MINUS_ONE,))

    def __radd__(self, other: ArrayLike) -> Tensor:
        return _tensor(other) + self

    def __rmul__(self, other: ArrayLike) -> Tensor:
        return _tensor(other) * self

    def __rsub__(self, other: ArrayLike) -> Tensor:
        return _tensor(other) - self

    def __rtruediv__(self, other: ArrayLike) -> Tensor:
        return _tensor(other) / self

    def tanh(self) -> Tensor:
        """d(tanh a)/da = 1 - tanh(a)**2, entry by entry."""
        t = np.tanh(self.data)
        return _result(t, "tanh", (self,), (1.0 - t * t,))

    def exp(self) -> Tensor:
        """d(e**a)/da = e**a."""
        out = np.exp(self.data)
        return _result(out, "exp", (self,), (out,))

    def relu(self) -> Tensor:
        """d(relu a)/da = 1 where a > 0, else 0."""
        positive = self.data > 0
        return _result(np.where(positive, self.data, 0.0), "relu", (self,), (positive * 1.0,))

    # ---------------------------------------------------------------- reductions and products
    def sum(self) -> Tensor:
        """The sum of all entries: each entry's local derivative is 1."""
        # one number, 1, stands for the whole array of ones: backward broadcasts it back
        return _result(self.data.sum(), "sum", (self,), (_ONE,))

    def mean(self) -> Tensor:
        """The mean of all entries: each entry's local derivative is 1/size."""
        local = np.float64(1.0 / max(self.data.size, 1))  # the same for every entry
        return _result(self.data.mean(), "mean", (self,), (local,))

    def __matmul__(self, other: Tensor | ArrayLike) -> Tensor:
        """C = A @ B. The local derivative for A is B (dL/dA = G @ B.T), for B it is A."""
        other = _tensor(other)
        if self.data.ndim not in (1, 2) or other.data.ndim not in (1, 2):
            raise ValueError(
                f"@ takes vectors and matrices, got shapes {self.shape} @ {other.shape}"
            )
        if self.shape[-1] != other.shape[0]:
            raise ValueError(
                f"shapes {self.shape} @ {other.shape} do not fit: the inner sizes "
                f"{self.shape[-1]} and {other.shape[0]} must be equal."
            )
        return _result(self.data @ other.data, "@", (self, other), (other.data, self.data))

    # ---------------------------------------------------------------- the backward pass
    def topological_order(self) -> list[Tensor]:
        """Every Tensor below this one, each after all of its inputs (as for Value)."""
        order: list[Tensor] = []
        visited = {self}
        stack = [(self, iter(self.inputs))]
        while stack:
            node, inputs = stack[-1]
            for child in inputs:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child.inputs)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self) -> None:
        """Fill in dL/dT as T.grad (an array of T's shape) for every Tensor T below this one.

        The output must be a single number (a loss). Intermediate grads start afresh each
        call; the leaves' grads add up, as for Value (call zero_grad() between steps).
        """
        if self.data.shape != ():
            raise ValueError(
                f"backward() starts from a single number (a loss), but {_describe(self)} has "
                f"shape {self.shape}: reduce it first, e.g. with .sum() or .mean()."
            )
        if not np.isfinite(self.data):  # an overflow anywhere in the forward pass ends here
            raise OverflowError(
                f"the loss is {self.data}: the numbers grew too large for a float "
                "(if training: lower the learning rate)."
            )
        order = self.topological_order()
        for node in order:
            if node.inputs:
                node.grad = None
        self.grad = np.ones(()) if self.grad is None else self.grad + 1.0
        for node in reversed(order):
            if node.grad is None:  # nothing reached it (cannot happen below the loss)
                continue
            for k, (child, local_grad) in enumerate(zip(node.inputs, node.local_grads)):
                if node.op == "@":
                    contribution = _through_matmul(k, local_grad, node.grad, child.shape)
                else:
                    contribution = _unbroadcast(local_grad * node.grad, child.shape)
                # chain rule: multiply (above), then add; the first contribution allocates
                child.grad = contribution if child.grad is None else child.grad + contribution
        for node in order:  # an overflow on the way down reaches the leaves as inf or nan
            if not node.inputs and node.grad is not None and not np.all(np.isfinite(node.grad)):
                raise OverflowError(
                    f"the gradient of {_describe(node)} overflowed (inf or nan): use smaller "
                    "inputs or a smaller learning rate."
                )

    def zero_grad(self) -> None:
        """Forget every grad below this Tensor (they are allocated afresh by backward())."""
        for node in self.topological_order():
            node.grad = None


# ------------------------------------------------------------------------------ helpers
_new_tensor = object.__new__
_ONE = np.float64(1.0)
_MINUS_ONE = np.float64(-1.0)


def _as_array(data: object, label: str) -> np.ndarray:
    """A float64 array of finite numbers (a copy: the caller's array is never changed)."""
    if isinstance(data, Tensor):
        raise TypeError("Tensor(t) of a Tensor: use t itself, or Tensor(t.data) for a fresh leaf")
    try:
        array = np.array(data, dtype=np.float64)
    except (TypeError, ValueError) as error:
        where = f" (label {label!r})" if label else ""
        raise TypeError(
            f"a Tensor needs numbers (a float, a list of floats or a numpy array), got "
            f"{type(data).__name__} {data!r}{where}: {error}"
        ) from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"a Tensor needs finite numbers; got inf or nan in {data!r}")
    return array


def _result(data: np.ndarray, op: str, inputs: tuple[Tensor, ...], local_grads: tuple) -> Tensor:
    """The node an operation returns, without Tensor.__init__'s copy and checks.

    Those are for arrays from outside; an operation's array is already ours, and copying
    and checking every one would double the cost of the forward pass.
    """
    node = _new_tensor(Tensor)
    node.data, node.grad, node.label = np.asarray(data), None, ""
    node.op, node.inputs, node.local_grads = op, inputs, local_grads
    return node


def _tensor(x: object) -> Tensor:
    """A Tensor as is; a number or array as a constant leaf."""
    return x if isinstance(x, Tensor) else Tensor(x)  # type: ignore[arg-type]


def _describe(t: Tensor) -> str:
    return f"Tensor {t.label!r} of shape {t.shape}" if t.label else f"Tensor of shape {t.shape}"


def _broadcast(op: np.ufunc, a: Tensor, b: Tensor) -> np.ndarray:
    """op(a, b) with numpy's broadcasting; a clear error when the shapes cannot meet.

    Results are not checked for inf/nan here (that would double the cost of an operation
    on a large array): an overflow anywhere reaches the loss or the leaves' grads, and
    backward() checks those.
    """
    try:
        return op(a.data, b.data)
    except ValueError as error:
        if "broadcast" not in str(error):
            raise
        raise ValueError(
            f"shapes {a.shape} and {b.shape} do not broadcast for {op.__name__}: sizes must be "
            "equal or 1, aligned from the right."
        ) from None


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Bring `grad` (local derivative x gradient from above) to the input's `shape`.

    An input broadcast along an axis was used once per entry there, so its gradient is
    the *sum* along that axis: axes broadcasting added in front are summed away, axes
    where the input had size 1 are summed and kept. A gradient smaller than the input
    (the 1 standing for an array of ones in sum and mean) is spread out to its shape.
    """
    if grad.shape == shape:
        return grad
    target = np.broadcast_shapes(grad.shape, shape)
    if grad.shape != target:
        grad = np.array(np.broadcast_to(grad, target))  # a real array, not a read-only view
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _through_matmul(
    k: int, other: np.ndarray, grad: np.ndarray, shape: tuple[int, ...]
) -> np.ndarray:
    """The matrix product rule: dL/dA = G @ B.T (k = 0, other = B); dL/dB = A.T @ G (k = 1).

    Vectors are treated as one-row (A) or one-column (B) matrices, then shaped back.
    """
    if k == 0:  # A's gradient; other is B
        b = other if other.ndim == 2 else other[:, None]
        g = grad.reshape(-1, b.shape[1])
        return (g @ b.T).reshape(shape)
    a = other if other.ndim == 2 else other[None, :]  # B's gradient; other is A
    g = grad.reshape(a.shape[0], -1)
    return (a.T @ g).reshape(shape)


# ------------------------------------------------------------------ 07's MLP, vectorized
def mlp_weights(model: object) -> list[tuple[Tensor, Tensor]]:
    """An `autograd.nn.MLP`'s numbers as one (W, b) pair of Tensors per layer.

    W[i, j] is neuron j's weight for input i and b[j] its bias, so a layer is
    tanh(X @ W + b) for all points X (one row each) at once. A last layer with a single
    neuron gets a vector W and a number b, so the output is one number per point.
    """
    pairs = []
    for number, layer in enumerate(model.layers, start=1):  # type: ignore[attr-defined]
        w = np.array([[wi.data for wi in neuron.w] for neuron in layer.neurons]).T
        b = np.array([neuron.b.data for neuron in layer.neurons])
        if w.shape[1] == 1:  # one neuron: (n_in,) weights and a () bias
            w, b = w[:, 0], b[0]
        pairs.append((Tensor(w, f"W{number}"), Tensor(b, f"b{number}")))
    return pairs


def mlp_forward(weights: list[tuple[Tensor, Tensor]], points: Tensor) -> Tensor:
    """The MLP on every point at once: each layer is tanh(X @ W + b), b broadcast over rows."""
    out = points
    for w, b in weights:
        out = (out @ w + b).tanh()
    return out
