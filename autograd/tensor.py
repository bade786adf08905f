"""From scalars to tensors: `Tensor`, the engine's `Value` with a numpy array inside.

The idea is the engine's, unchanged. Every operation on Tensors builds one node of a
computation graph: the result keeps its `inputs`, its `op` and, for each input, its
*local derivative*, worked out in the forward pass. backward() walks the graph from the
output to the inputs and, on every edge, *multiplies* the local derivative by the gradient
arriving from above and *adds* the product into the input's grad.

What changes is only what "multiply" means:

* for an elementwise operation (+, -, *, /, **, tanh, exp, relu) the local derivative is an
  array of the result's shape, and multiplying is elementwise: `local * grad`, exactly the
  scalar rule once per element;
* for the matrix product C = A @ B the local derivative of C for A is B, "multiplied" from
  the right and transposed: dL/dA = G Bᵀ and dL/dB = Aᵀ G, where G = dL/dC;
* for sum and mean, each element of the input reached the result once, so the gradient is
  spread back to every element (divided by the count for mean).

These last two are stored as small functions `local(grad)` instead of arrays: that is how
"multiply by the local derivative" is written when it is not elementwise.

Broadcasting (adding a bias of shape (3,) to every row of a (4, 3) matrix) uses one input
element in many places of the result: the sum rule across paths says its gradient is the
*sum* of the gradients of those places, so backward sums over the broadcast axes.

Numbers and plain numpy arrays mixed into an operation are constants: like the data of the
course's fits, they are not knobs, so no gradient is worked out for them. A Tensor made with
`requires_grad=False` is a constant too.

The scalar engine stays as it was (standard library only), and `import autograd` does not load
this module: notebook 10 imports it as `from autograd.tensor import Tensor`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.validate import as_float, plain_whole_number

# A local derivative: an array (or number) multiplied elementwise by the gradient from above,
# or, where the rule is not elementwise (matmul, sum, mean), a function of that gradient.
LocalGrad = np.ndarray | float | Callable[[np.ndarray], np.ndarray]

_ONE = 1.0  # the sum rule's local derivative: the gradient passes through unchanged


# Overflow and 0/0 are reported as one clear error (see Tensor._result and backward), so
# numpy's RuntimeWarnings, printed on top of it, are switched off where they could arise.
def _quiet() -> np.errstate:
    """A fresh errstate each time: one numpy errstate object cannot be entered twice."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def _describe(t: Tensor) -> str:
    """ "Tensor 'k' of shape (6,)", for error messages."""
    name = f" {t.label!r}" if t.label else ""
    return f"Tensor{name} of shape {t.shape}"


def _as_array(data: object, label: str) -> np.ndarray:
    """A float64 copy of `data`, or one clear error for anything that is not finite numbers."""
    where = f" (label {label!r})" if label else ""
    if type(data).__name__ == "Value":  # the scalar engine's Value, without importing it
        raise TypeError(
            f"Tensor() got a Value{where}: a Tensor holds plain numbers. Use value.data, "
            "or build the whole computation from Tensors."
        )
    if isinstance(data, Tensor):
        return data.data.copy()
    try:
        raw = np.asarray(data)
    except ValueError as error:  # ragged lists: [[1, 2], [3]]
        raise ValueError(
            f"Tensor() needs a rectangular array of numbers{where}: every row the same "
            f"length ({error})."
        ) from None
    if raw.dtype == object:  # Python ints beyond int64 (10**400) land here: say which
        _refuse_huge_ints(raw, where)
    if raw.dtype == bool or not (
        np.issubdtype(raw.dtype, np.integer) or np.issubdtype(raw.dtype, np.floating)
    ):
        kind = "booleans" if raw.dtype == bool else f"dtype {raw.dtype}"
        raise TypeError(
            f"Tensor() needs real numbers (ints or floats){where}, got {kind}: "
            f"{_shorten(data)}. Convert first, e.g. np.asarray(data, dtype=float)."
        )
    array = np.array(raw, dtype=float)  # a copy: changing the caller's array never changes us
    if not np.isfinite(array).all():
        bad = np.argwhere(~np.isfinite(array))
        first = tuple(int(i) for i in bad[0]) if array.ndim else ()
        raise ValueError(
            f"Tensor() needs finite numbers{where}: {len(bad)} element(s) are nan or inf, "
            f"the first at index {first}: {array[first]!r}."
        )
    return array


def _refuse_huge_ints(raw: np.ndarray, where: str) -> None:
    """An int too large for a float (numpy keeps it as a Python object): name it and where."""
    for index, item in np.ndenumerate(raw):
        if plain_whole_number(item) is not None:
            try:
                float(item)
            except OverflowError:
                digits = int(abs(item).bit_length() * math.log10(2)) + 1
                at = f" at index {index}" if raw.ndim else ""
                raise ValueError(
                    f"Tensor() got a number too large for a float{where}{at}: an int of about "
                    f"{digits} digits (the largest float is about 1.8e308). Scale it down."
                ) from None


def _as_it_is_now(t: Tensor) -> np.ndarray:
    """`t.data` for a local derivative, copied if it is a knob the learner may nudge in place.

    A training step does `k.data -= rate * k.grad`, which changes the array itself; a local
    derivative that kept that very array would change with it, and a later backward() on the
    same graph would mix old and new numbers. Value stores plain floats, fixed at the
    forward pass; copying the (small) knob arrays keeps the same promise. Results and
    constants are never changed in place by the course's code, so they are not copied.
    """
    return t.data.copy() if t.requires_grad and not t.inputs else t.data


def _shorten(data: object) -> str:
    text = repr(data)
    return text if len(text) <= 60 else text[:57] + "..."


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Undo broadcasting: sum `grad` down to `shape` (the sum rule across the copies).

    numpy broadcast the input by adding leading axes and by stretching axes of length 1;
    each stretched element was used once per copy, so its gradient is the sum over them.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class Tensor:
    """An array of numbers with a gradient, a label and the record of how it was made."""

    # __slots__ as in Value: no per-instance dict. __array_ufunc__ = None makes numpy hand
    # `array * tensor` and `array @ tensor` to our reflected operators instead of looping.
    __slots__ = ("data", "_grad", "label", "op", "inputs", "local_grads", "requires_grad")
    __array_ufunc__ = None

    def __init__(self, data: object, label: str = "", requires_grad: bool = True) -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {type(label).__name__} {label!r}")
        self.data: np.ndarray = _as_array(data, label)
        self._grad: np.ndarray | None = None  # allocated when a gradient first arrives
        self.label = label
        self.op = ""
        self.inputs: tuple[Tensor, ...] = ()
        self.local_grads: tuple[LocalGrad, ...] = ()
        self.requires_grad = bool(requires_grad)

    @classmethod
    def _result(
        cls,
        data: np.ndarray,
        op: str,
        inputs: tuple[Tensor, ...],
        local_grads: tuple[LocalGrad, ...],
    ) -> Tensor:
        """A new node, built without __init__'s checks: its data came from our own arithmetic."""
        if type(data) is not np.ndarray:  # numpy gives 0-d results as scalars: keep arrays
            data = np.asarray(data, dtype=float)
        if not np.isfinite(data).all():
            names = ", ".join(_describe(t) for t in inputs)
            raise OverflowError(
                f"{op!r} of ({names}) gave nan or inf: the numbers grew too large (or left "
                "the function's domain). If this happened while training, the learning rate "
                "is probably too big."
            )
        out = object.__new__(cls)
        out.data = data
        out._grad = None
        out.label = ""
        out.op = op
        out.requires_grad = any(t.requires_grad for t in inputs)
        # a constant result needs no record: nothing below it wants a gradient
        out.inputs = inputs if out.requires_grad else ()
        out.local_grads = local_grads if out.requires_grad else ()
        return out

    # ---------------------------------------------------------------- plain facts
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    def __len__(self) -> int:
        if not self.ndim:
            raise TypeError(f"len() of a 0-d {_describe(self)}: it holds a single number")
        return len(self.data)

    def item(self) -> float:
        """The single number in a Tensor of size 1, as a Python float."""
        if self.size != 1:
            raise ValueError(f"item() needs a Tensor of one number, this is {_describe(self)}")
        return float(self.data.reshape(()))

    @property
    def grad(self) -> np.ndarray:
        """dL/d(this Tensor), of this Tensor's shape; zeros until backward() reaches it."""
        if self._grad is None:  # zeros only when someone looks: backward never fills them
            self._grad = np.zeros_like(self.data)
        return self._grad

    @grad.setter
    def grad(self, value: object) -> None:
        array = np.asarray(value, dtype=float)
        if array.shape != self.shape:
            raise ValueError(
                f"grad of {_describe(self)} must have its shape {self.shape}, got {array.shape}"
            )
        self._grad = array

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        body = np.array2string(self.data, precision=4, separator=", ", threshold=20)
        return f"Tensor({body}, shape={self.shape}{label})"

    # ---------------------------------------------------------------- elementwise operations
    # Each operation: its forward value, then its local derivatives (one per input), then the
    # new node. Exactly Value's rules, once per element; broadcasting is undone in backward.
    def __add__(self, other: Tensor | np.ndarray | float) -> Tensor:
        """Sum rule: d(a+b)/da = 1 and d(a+b)/db = 1."""
        other = self._operand(other, "+")
        with _quiet():  # an overflow is reported by _result, as an error instead of a warning
            data = self.data + other.data
        local_grads = (_ONE, _ONE)
        return Tensor._result(data, "+", (self, other), local_grads)

    def __sub__(self, other: Tensor | np.ndarray | float) -> Tensor:
        """Difference: d(a-b)/da = 1 and d(a-b)/db = -1."""
        other = self._operand(other, "-")
        with _quiet():
            data = self.data - other.data
        local_grads = (_ONE, -1.0)
        return Tensor._result(data, "-", (self, other), local_grads)

    def __mul__(self, other: Tensor | np.ndarray | float) -> Tensor:
        """Product rule: d(a*b)/da = b and d(a*b)/db = a, element by element."""
        other = self._operand(other, "*")
        with _quiet():
            data = self.data * other.data
        local_grads = (_as_it_is_now(other), _as_it_is_now(self))
        return Tensor._result(data, "*", (self, other), local_grads)

    def __truediv__(self, other: Tensor | np.ndarray | float) -> Tensor:
        """Quotient rule: d(a/b)/da = 1/b and d(a/b)/db = -a/b**2."""
        other = self._operand(other, "/")
        if not other.data.all():
            zeros = other.size - np.count_nonzero(other.data)
            raise ZeroDivisionError(
                f"division by zero: {_describe(other)} has {zeros} zero element(s), dividing "
                f"{_describe(self)}."
            )
        with _quiet():
            data = self.data / other.data
            local_grads = (1.0 / other.data, -data / other.data)
        return Tensor._result(data, "/", (self, other), local_grads)

    def __pow__(self, n: float) -> Tensor:
        """Power rule: d(a**n)/da = n * a**(n-1), for a number n."""
        exponent = None if isinstance(n, Tensor) else as_float(n)
        if exponent is None:
            raise TypeError(
                f"{_describe(self)} ** {type(n).__name__}: the exponent must be a plain "
                "number (int or float); exponents that are Tensors are not supported."
            )
        if not math.isfinite(exponent):
            raise ValueError(f"{_describe(self)} ** {n!r}: the exponent must be a finite number.")
        n = exponent
        a = self.data
        if not n.is_integer() and (a < 0).any():
            raise ValueError(
                f"{_describe(self)} has negative elements, raised to the non-integer power "
                f"{n:g}: no real result. Use an integer exponent or positive numbers."
            )
        if n < 1 and n != 0 and not a.all():
            raise (ZeroDivisionError if n < 0 else ValueError)(
                f"{_describe(self)} has zeros, raised to the power {n:g}: at 0 the "
                f"{'value' if n < 0 else 'derivative'} is infinite. Keep the base away from 0."
            )
        with _quiet():
            data = a**n
            local_grads = (n * a ** (n - 1) if n else np.zeros_like(a),)
        return Tensor._result(data, f"**{n:g}", (self,), local_grads)

    def __neg__(self) -> Tensor:
        """Negation: d(-a)/da = -1."""
        return Tensor._result(-self.data, "neg", (self,), (-1.0,))

    # Numbers and arrays on the left: 2 + t, x - t, X @ t, ...
    def __radd__(self, other: np.ndarray | float) -> Tensor:
        return self._operand(other, "+") + self

    def __rsub__(self, other: np.ndarray | float) -> Tensor:
        return self._operand(other, "-") - self

    def __rmul__(self, other: np.ndarray | float) -> Tensor:
        return self._operand(other, "*") * self

    def __rtruediv__(self, other: np.ndarray | float) -> Tensor:
        return self._operand(other, "/") / self

    def __rmatmul__(self, other: np.ndarray) -> Tensor:
        return self._operand(other, "@") @ self

    def __rpow__(self, other: np.ndarray | float) -> Tensor:
        """c ** t for a constant c > 0 (as 2 ** Value): d(c**t)/dt = c**t * ln(c)."""
        base = self._operand(other, "**").data
        if (base <= 0).any():
            raise ValueError(
                f"{_shorten(other)} ** {_describe(self)}: with a Tensor exponent the base must "
                "be positive, because the derivative for the exponent is c**t * ln(c)."
            )
        with _quiet():
            data = base**self.data
            local_grads = (data * np.log(base),)
        return Tensor._result(data, "**", (self,), local_grads)

    def exp(self) -> Tensor:
        """d(e**a)/da = e**a: the exponential is its own derivative."""
        with _quiet():
            data = np.exp(self.data)
        return Tensor._result(data, "exp", (self,), (data,))

    def log(self) -> Tensor:
        """d(ln a)/da = 1/a, defined only for a > 0."""
        if (self.data <= 0).any():
            raise ValueError(
                f"log of {_describe(self)}: the logarithm is only defined for numbers > 0, "
                f"and {int((self.data <= 0).sum())} element(s) are <= 0."
            )
        return Tensor._result(np.log(self.data), "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Tensor:
        """d(tanh a)/da = 1 - tanh(a)**2."""
        t = np.tanh(self.data)
        return Tensor._result(t, "tanh", (self,), (1.0 - t * t,))

    def relu(self) -> Tensor:
        """d(relu a)/da = 1 where a > 0, else 0 (the kink at 0 counts as flat)."""
        positive = self.data > 0
        return Tensor._result(self.data * positive, "relu", (self,), (positive.astype(float),))

    # ---------------------------------------------------------------- structured operations
    def __matmul__(self, other: Tensor | np.ndarray) -> Tensor:
        """Matrix product C = A @ B; the matrix product rule dL/dA = G Bᵀ, dL/dB = Aᵀ G.

        Element by element it is the product and sum rules: C[i, j] = sum_k A[i, k] B[k, j],
        so dC[i, j]/dA[i, k] = B[k, j], and A[i, k] reaches every C[i, j] of row i; adding
        across those paths gives dL/dA[i, k] = sum_j G[i, j] B[k, j] = (G Bᵀ)[i, k].
        Vectors take part as numpy treats them: a 1-D A is a row, a 1-D B a column.
        """
        other = self._operand(other, "@")
        a, b = _as_it_is_now(self), _as_it_is_now(other)
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise ValueError(
                f"'@' takes vectors and matrices (1 or 2 axes), got {_describe(self)} @ "
                f"{_describe(other)}."
            )
        if a.shape[-1] != b.shape[0]:
            raise ValueError(
                f"'@' needs the last axis of the left operand to match the first axis of the "
                f"right: {_describe(self)} @ {_describe(other)} ({a.shape[-1]} != {b.shape[0]})."
            )
        with _quiet():
            data = a @ b
        a2 = a if a.ndim == 2 else a[np.newaxis, :]  # a row
        b2 = b if b.ndim == 2 else b[:, np.newaxis]  # a column
        grid = (a2.shape[0], b2.shape[1])  # G as a matrix, whatever the vectors did to it

        def for_a(g: np.ndarray) -> np.ndarray:
            return (g.reshape(grid) @ b2.T).reshape(a.shape)  # G Bᵀ

        def for_b(g: np.ndarray) -> np.ndarray:
            return (a2.T @ g.reshape(grid)).reshape(b.shape)  # Aᵀ G

        return Tensor._result(data, "@", (self, other), (for_a, for_b))

    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Sum (over `axis`, or everything): each element reached the sum once, with
        derivative 1, so every element gets the gradient of the sum it went into."""
        axes = self._axes(axis, "sum")
        data = self.data.sum(axis=axes, keepdims=keepdims)
        shape = self.shape

        def spread(g: np.ndarray) -> np.ndarray:
            if not keepdims and axes is not None:
                g = np.expand_dims(g, axes)  # put the summed axes back, length 1
            return np.broadcast_to(g, shape)

        return Tensor._result(np.asarray(data, dtype=float), "sum", (self,), (spread,))

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Mean: the sum divided by how many numbers went into each result."""
        axes = self._axes(axis, "mean")
        count = self.size if axes is None else int(np.prod([self.shape[i] for i in axes]))
        if count == 0:
            raise ValueError(
                f"mean of {_describe(self)}: it is empty, so there are no numbers to average "
                f"{'' if axes is None else f'along axis {axis} '}(a mean of nothing is 0/0)."
            )
        return self.sum(axes, keepdims) * (1.0 / count)

    # ---------------------------------------------------------------- the backward pass
    def topological_order(self) -> list[Tensor]:
        """Every Tensor below this one that wants a gradient, each after all of its inputs."""
        order: list[Tensor] = []
        visited: set[int] = {id(self)}
        stack = [(self, iter(self.inputs))]
        while stack:  # iterative depth-first search, as in Value.topological_order
            node, inputs = stack[-1]
            for child in inputs:
                if id(child) not in visited and child.requires_grad:
                    visited.add(id(child))
                    if child.inputs:
                        stack.append((child, iter(child.inputs)))
                        break
                    order.append(child)
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self, seed: object = None) -> None:
        """Fill in d(self)/d(t) as t.grad for every Tensor t below this one.

        On each edge: multiply the local derivative by the gradient from above, sum it down
        to the input's shape if broadcasting stretched the input, and *add* it to the
        input's grad. As with Value, the intermediate results start from zero each time and
        the leaves (Tensors you made) keep adding up: call zero_grad() between steps.

        A loss is one number, and its own gradient is 1. For a Tensor of more numbers, say
        which combination of them to differentiate: `seed` is dL/d(self), of self's shape
        (or call .sum() first).
        """
        if seed is None:
            if self.size != 1:
                raise ValueError(
                    f"backward() on {_describe(self)}: a gradient needs one number to "
                    "differentiate. Reduce it first (t.sum().backward() or t.mean().backward()) "
                    "or pass the gradient from above: t.backward(seed) with seed of shape "
                    f"{self.shape}."
                )
            seed_array = np.ones_like(self.data)
        else:
            seed_array = _as_array(seed, "seed")
            if seed_array.shape != self.shape:
                raise ValueError(
                    f"backward(seed): the seed must have the shape of {_describe(self)}, got "
                    f"shape {seed_array.shape}."
                )
        order = self.topological_order()
        for node in order:
            if node.inputs:  # intermediate results: recomputed from scratch every time
                node._grad = None
        self._accumulate(seed_array)
        with _quiet():
            for node in reversed(order):
                grad = node._grad
                if grad is None or not node.inputs:
                    continue  # no gradient reached it, or a leaf: nothing to pass on
                if not np.isfinite(grad).all():
                    raise OverflowError(
                        f"the gradient at {_describe(node)} (op {node.op!r}) overflowed to nan "
                        "or inf. Use smaller inputs or a smaller learning rate; call "
                        "zero_grad() before trying again."
                    )
                for child, local in zip(node.inputs, node.local_grads):
                    if not child.requires_grad:
                        continue  # a constant: its gradient would be thrown away
                    if local is _ONE:
                        contribution = grad  # the sum rule: pass it on unchanged, no copy
                    elif callable(local):
                        contribution = local(grad)  # matmul, sum: the rule is a function
                    else:
                        contribution = local * grad  # the chain rule, element by element
                    child._accumulate(_unbroadcast(contribution, child.shape))

    def _accumulate(self, contribution: np.ndarray) -> None:
        """Add a gradient (never in place: one array may be passed to several inputs)."""
        if self._grad is None:
            # a leaf keeps its own writable copy (a learner may scale it in place); an
            # intermediate result can hold the array it was given
            self._grad = np.array(contribution, dtype=float) if not self.inputs else contribution
        else:
            self._grad = self._grad + contribution

    def zero_grad(self) -> None:
        """Reset the grad of this Tensor and of every Tensor below it (to zeros, lazily)."""
        for node in self.topological_order():
            node._grad = None

    # ---------------------------------------------------------------- helpers
    def _operand(self, other: object, op: str) -> Tensor:
        """`other` as a Tensor: Tensors as they are, numbers and arrays as constants.

        Checked here, before numpy, so that a shape mismatch names both shapes and a
        string or a Value gets a message instead of numpy's.
        """
        if isinstance(other, Tensor):
            partner = other
        else:
            if type(other).__name__ == "Value":
                raise TypeError(
                    f"cannot use {op!r} between {_describe(self)} and a Value: mix Tensors "
                    "with numbers and numpy arrays only (use value.data for its number)."
                )
            try:
                partner = Tensor(other, requires_grad=False)
            except (TypeError, ValueError) as error:
                raise type(error)(f"cannot use {op!r} with {_describe(self)}: {error}") from None
        if op not in ("@",):
            try:
                np.broadcast_shapes(self.shape, partner.shape)
            except ValueError:
                raise ValueError(
                    f"{op!r} between {_describe(self)} and {_describe(partner)}: the shapes "
                    "do not broadcast (compared from the right, each pair of lengths must be "
                    "equal or one of them 1)."
                ) from None
        return partner

    def _axes(self, axis: object, op: str) -> tuple[int, ...] | None:
        """`axis` as a tuple of non-negative axes (None: all); a clear error if out of range."""
        if axis is None:
            return None
        items = (axis,) if not isinstance(axis, (tuple, list)) else tuple(axis)
        axes = []
        for given in items:
            item = plain_whole_number(given)  # an int, np.int64 or 0-d integer array
            if item is None:
                raise TypeError(f"{op}(axis=...) takes ints, got {type(given).__name__} {given!r}")
            if not -self.ndim <= item < self.ndim:
                raise ValueError(
                    f"{op}(axis={item}) on {_describe(self)}: axes run from 0 to "
                    f"{self.ndim - 1} (or -1 back to {-self.ndim})."
                )
            axes.append(int(item) % self.ndim)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{op}(axis={axis!r}): an axis appears twice.")
        return tuple(sorted(axes))


def tensors_from_mlp(mlp: Any) -> list[tuple[Tensor, Tensor]]:
    """The weights of a scalar `autograd.nn.MLP` as one (W, b) pair of Tensors per layer.

    W[i, j] is the weight from input i to neuron j, so a batch X of shape (points, inputs)
    goes through a layer as `(X @ W + b).tanh()`: every neuron on every point at once.
    """
    layers = getattr(mlp, "layers", None)
    if layers is None:
        raise TypeError(f"tensors_from_mlp needs an autograd.nn.MLP, got {type(mlp).__name__}")
    pairs = []
    for number, layer in enumerate(layers, start=1):
        w = [[wi.data for wi in neuron.w] for neuron in layer.neurons]  # (neurons, inputs)
        b = [neuron.b.data for neuron in layer.neurons]
        pairs.append((Tensor(np.array(w).T, f"W{number}"), Tensor(b, f"b{number}")))
    return pairs


def mlp_forward(layers: Sequence[tuple[Tensor, Tensor]], x: Tensor | np.ndarray) -> Tensor:
    """09's MLP on a whole batch: each layer `(x @ W + b).tanh()`, one row per point."""
    out = x if isinstance(x, Tensor) else Tensor(x, "X", requires_grad=False)
    for w, b in layers:
        out = (out @ w + b).tanh()
    return out
