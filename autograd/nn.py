"""Neurons, layers and a small multi-layer perceptron (MLP) made of Values.

A neuron is the polynomial's knobs in a new arrangement: one weight per input plus a
bias, all of them Values, so `loss.backward()` fills in their grads exactly as it did
for k0..k5. Its output is the weighted sum of the inputs squashed by tanh:

    out = tanh(w1*x1 + w2*x2 + ... + wn*xn + b)

A Layer is several neurons that all read the same inputs; an MLP is layers in a row,
each reading the previous layer's outputs. Training is the same four steps as for the
curve: forward, backward, nudge every parameter against its gradient, repeat.

Initial weights come from `random.Random(seed)`, so the same seed always builds the
same network. `two_moons` makes the seeded 2-D data set the course trains on.
"""

from __future__ import annotations

import math
import random
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from autograd.engine import Value
from autograd.validate import (
    MAX_COUNT,
    non_negative_number,
    ordered_items,
    plain_whole_number,
    positive_int,
    whole_number,
)

Input = Value | float | int


def _rng(seed: int | random.Random) -> random.Random:
    """A seed or an existing generator (so a whole MLP draws from one stream)."""
    if isinstance(seed, random.Random):
        return seed
    whole = plain_whole_number(seed)  # numpy integers (np.int64 from an array) count too
    if whole is None:
        raise TypeError(f"seed must be an int or a random.Random, got {type(seed).__name__}")
    return random.Random(whole)


def _inputs(x: object, n_inputs: int) -> Sequence[Input]:
    """`x` if it is an ordered list of `n_inputs` items; otherwise a clear error.

    The common slip is calling a model on one number (`model(5)`) or on a set or dict of
    inputs: a set has no order, and a dict would hand over its keys, so either would pair
    inputs with the wrong weights without a word.
    """
    if type(x) is list or type(x) is tuple:  # fast path: the usual case, checked by len below
        items: Sequence[Input] = x
    else:
        example = _example_input(n_inputs)
        try:
            items = ordered_items(x, "the input", example=example)  # type: ignore[assignment]
        except TypeError as error:
            raise TypeError(
                f"{error} This model takes {n_inputs} input(s): call it as model({example})."
            ) from None
    if len(items) != n_inputs:
        raise ValueError(
            f"this neuron takes {n_inputs} inputs, got {len(items)}: pass one number "
            f"(or Value) per input, e.g. {_example_input(n_inputs)}"
        )
    return items


def _example_input(n_inputs: int) -> str:
    """A list of `n_inputs` sample numbers, to show in an error message."""
    samples = ["0.5", "-1.0", "0.25", "2.0"]
    if n_inputs <= len(samples):
        return "[" + ", ".join(samples[:n_inputs]) + "]"
    return f"[x1, x2, ..., x{n_inputs}]"


class Module(ABC):
    """What Neuron, Layer and MLP share: a list of parameters, and resetting their grads."""

    @abstractmethod
    def parameters(self) -> list[Value]:
        """Every trainable Value (weights and biases), each listed once."""

    def zero_grad(self) -> None:
        """Reset every parameter's grad: backward() adds into them, it never overwrites."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """tanh(w . x + b): one weight per input, one bias, all trainable Values."""

    def __init__(self, n_inputs: int, seed: int | random.Random = 0, name: str = "") -> None:
        n_inputs = positive_int(n_inputs, "n_inputs")
        rng = _rng(seed)
        prefix = f"{name}." if name else ""
        # uniform in [-1, 1]: small enough that tanh starts in its steep middle part
        self.w = [Value(rng.uniform(-1, 1), f"{prefix}w{i + 1}") for i in range(n_inputs)]
        self.b = Value(rng.uniform(-1, 1), f"{prefix}b")

    def __call__(self, x: Sequence[Input]) -> Value:
        """The forward pass for one input point: tanh(w1*x1 + ... + wn*xn + b) as a Value."""
        total = self.b
        for i, (w_i, x_i) in enumerate(zip(self.w, _inputs(x, len(self.w))), start=1):
            # a raw number becomes a named input, so a drawing of the neuron says x1, x2, ...
            x_value = x_i if isinstance(x_i, Value) else Value(x_i, f"x{i}")
            total = total + w_i * x_value
        return total.tanh()

    def parameters(self) -> list[Value]:
        """The weights w1..wn, then the bias b."""
        return [*self.w, self.b]

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)} inputs, tanh)"


class Layer(Module):
    """`n_outputs` neurons that all read the same inputs."""

    def __init__(
        self, n_inputs: int, n_outputs: int, seed: int | random.Random = 0, name: str = ""
    ) -> None:
        n_outputs = positive_int(n_outputs, "n_outputs")
        rng = _rng(seed)
        prefix = f"{name}." if name else ""
        self.neurons = [Neuron(n_inputs, rng, f"{prefix}n{j + 1}") for j in range(n_outputs)]

    def __call__(self, x: Sequence[Input]) -> list[Value]:
        """Every neuron applied to the same inputs: one output Value per neuron."""
        return [neuron(x) for neuron in self.neurons]

    def parameters(self) -> list[Value]:
        """The parameters of every neuron, neuron by neuron."""
        return [p for neuron in self.neurons for p in neuron.parameters()]

    def __repr__(self) -> str:
        return f"Layer({len(self.neurons[0].w)} -> {len(self.neurons)}, tanh)"


class MLP(Module):
    """Layers in a row: `MLP(2, [8, 8, 1])` maps 2 inputs through 8 and 8 neurons to 1 output."""

    def __init__(self, n_inputs: int, layer_sizes: Iterable[int], seed: int = 0) -> None:
        if not isinstance(layer_sizes, Iterable):
            raise TypeError(
                "layer_sizes must be a list with one size per layer, e.g. [8, 1], got "
                f"{type(layer_sizes).__name__} {layer_sizes!r}"
            )
        # len(), not truthiness: `not np.array([3, 1])` raises instead of answering
        layer_sizes = list(layer_sizes)
        if len(layer_sizes) == 0:
            raise ValueError("layer_sizes needs at least one layer, e.g. [8, 1]")
        rng = _rng(seed)  # one stream for all layers: the same seed gives the same network
        sizes = [positive_int(n_inputs, "n_inputs"), *layer_sizes]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], rng, f"L{i + 1}") for i in range(len(layer_sizes))
        ]

    def __call__(self, x: Sequence[Input]) -> Value | list[Value]:
        """The forward pass; one Value when the last layer has a single neuron."""
        outputs = self.layers[0](x)
        for layer in self.layers[1:]:
            outputs = layer(outputs)
        return outputs[0] if len(outputs) == 1 else outputs

    def parameters(self) -> list[Value]:
        """The parameters of every layer, first layer first."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        sizes = [len(self.layers[0].neurons[0].w)] + [len(layer.neurons) for layer in self.layers]
        shape = " -> ".join(str(n) for n in sizes)
        return f"MLP({shape}, tanh, {len(self.parameters())} parameters)"


def two_moons(
    n_points: int = 60, noise: float = 0.1, seed: int = 0
) -> tuple[list[tuple[float, float]], list[float]]:
    """Two interleaved half-circles: points (x1, x2) and labels +1.0 / -1.0.

    Half the points lie on the upper moon (label +1), half on the lower one (label -1),
    each nudged by Gaussian noise of standard deviation `noise`. No straight line
    separates them, so a single neuron cannot, but a small MLP can.
    """
    n_points = whole_number(n_points, "n_points", 1, MAX_COUNT)
    if n_points < 2:
        raise ValueError("two_moons needs at least 2 points, one per moon")
    noise = non_negative_number(noise, "noise", ": it is the spread of the points")
    rng = _rng(seed)
    points: list[tuple[float, float]] = []
    labels: list[float] = []
    for i in range(n_points):
        upper = i % 2 == 0
        angle = math.pi * rng.random()
        if upper:
            x1, x2 = math.cos(angle), math.sin(angle)
        else:
            x1, x2 = 1 - math.cos(angle), 0.5 - math.sin(angle)
        # centre the picture on 0 so that tanh neurons start near their steep middle
        points.append((x1 - 0.5 + rng.gauss(0, noise), x2 - 0.25 + rng.gauss(0, noise)))
        labels.append(1.0 if upper else -1.0)
    return points, labels


def accuracy(
    model: MLP | Neuron, points: Sequence[Sequence[float]], labels: Sequence[float]
) -> float:
    """The fraction of points whose output has the sign of their label (+1 / -1)."""
    # ordered: a set of points would be paired with the labels in no particular order
    points = ordered_items(points, "points", example="[(0.5, -1.0), (1.0, 0.2)]")  # type: ignore[assignment]
    labels = ordered_items(labels, "labels", example="[1.0, -1.0]")  # type: ignore[assignment]
    if len(points) != len(labels) or not points:
        raise ValueError(f"need as many labels as points (got {len(points)} and {len(labels)})")
    correct = 0
    for x, y in zip(points, labels):
        prediction = model(x)
        if isinstance(prediction, list):
            raise ValueError(
                f"accuracy needs a model with one output (its sign is the class), this one "
                f"has {len(prediction)}: end the MLP with a layer of size 1, e.g. [8, 1]."
            )
        correct += (prediction.data > 0) == (y > 0)
    return correct / len(points)
