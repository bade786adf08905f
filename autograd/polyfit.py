"""Fitting a polynomial by gradient descent: the learner's four steps, as code.

The goal problem of the course: find k0..k5 so that

    y(x) = k0 + k1 x + k2 x^2 + k3 x^3 + k4 x^4 + k5 x^5

fits a cloud of points. Each training step is the learner's loop:

    1. forward pass   -- build the loss from the coefficients (a graph of Values),
    2. backward pass  -- loss.backward() fills in dL/dk for every coefficient,
    3. nudge the knobs -- k <- k - learning_rate * dL/dk (optionally with momentum),
    4. repeat          -- until the loss is as low as it gets.

"As low as it gets" is not a guess: for a polynomial the best coefficients solve a linear
least-squares problem, which `autograd.linalg` answers exactly (`least_squares`). That loss
is the *floor* every loss curve is drawn against.

The one number about the bowl's shape that training needs lives here too: the largest
stable learning rate, 2 (1 + momentum) / lambda_max (`largest_stable_learning_rate`), the
default rate's yardstick and the advice when a run diverges. The rest of the shape (every
curvature, the condition number, momentum's cure) is `autograd.conditioning`'s subject,
which builds on this module.

Everything here is plain Python: no numpy, so it runs on JupyterLite's bare Pyodide too.
Data sets, coefficients and results are floats, tuples and lists.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import overload

from autograd.bases import curvatures, power_matrix
from autograd.collector import paused_collector
from autograd.engine import Value
from autograd.linalg import least_squares_solution
from autograd.rng import Generator
from autograd.validate import (
    MAX_COUNT,
    finite_number,
    finite_numbers,
    number_in_range,
    one_of,
    ordered_items,
    positive_number,
    whole_number,
)

DEFAULT_DEGREE = 5
# The curve the default data set is drawn from: two bumps and a tail on [-1, 1].
DEFAULT_TRUE_COEFFICIENTS = (0.3, 0.8, -1.6, -1.2, 1.5, 1.0)
DEFAULT_MOMENTUM = 0.9
# Default rate: this fraction of the largest stable rate for the chosen momentum. Half the
# limit converges fast and leaves room for the slider to be pushed up before it diverges.
DEFAULT_RATE_FRACTION = 0.5
# A loss this many times larger than where training started counts as "exploding": a
# stable rate never climbs that high, while a diverging one gets there within a few steps.
EXPLOSION_FACTOR = 1e4
# log10 of the largest float (about 1.8e308): a sum of N numbers x**(2 * degree) must stay
# below it, or the loss and the bowl's curvature overflow to inf.
LOG10_FLOAT_MAX = math.log10(sys.float_info.max)

FORMS = ("horner", "powers")


class DivergenceError(ValueError):
    """Gradient descent blew up: the loss became non-finite or exploded.

    The message says what caused it, which is not always the learning rate: at step 0 no
    step was taken yet, and a rate below the stability limit cannot make a quadratic bowl
    diverge, so there the starting values are to blame and are named.

    Attributes: `step` (the step whose loss blew up), `loss` (that loss, possibly inf),
    `learning_rate`, `suggested_learning_rate` (a rate that is stable for this data, or
    None when the data cannot tell), `largest_stable_learning_rate` (likewise),
    `after_a_step` (False when the values were measured without a step: at the start, or
    after a restart), `rate_is_the_cause`, and `coefficients`: the values the model was
    put back to (those before the step that blew up, or the start), its values now.
    """

    def __init__(
        self,
        step: int,
        loss: float,
        learning_rate: float,
        suggested_learning_rate: float | None,
        *,
        largest_stable_learning_rate: float | None = None,
        coefficients: Sequence[float] = (),
        labels: Sequence[str] = (),
        blown_up: Sequence[tuple[str, float]] = (),
        after_a_step: bool | None = None,
    ) -> None:
        self.step = step
        self.loss = loss
        self.learning_rate = learning_rate
        self.suggested_learning_rate = suggested_learning_rate
        self.largest_stable_learning_rate = largest_stable_learning_rate
        self.coefficients = tuple(coefficients)
        limit = largest_stable_learning_rate
        # At step 0 nothing moved yet; below the limit every direction of the bowl shrinks.
        self.after_a_step = step > 0 if after_a_step is None else after_a_step
        self.rate_is_the_cause = self.after_a_step and (limit is None or learning_rate > limit)
        names = labels or [f"k{i}" for i in range(len(self.coefficients))]
        values = ", ".join(f"{n}={v:.3g}" for n, v in zip(names, self.coefficients))
        super().__init__(
            _divergence_message(self, values, blown_up)
            if values
            else f"training diverged at step {step}: the loss became {loss:.3g}."
        )


def _divergence_message(
    error: DivergenceError, values: str, blown_up: Sequence[tuple[str, float]]
) -> str:
    step, rate, limit = error.step, error.learning_rate, error.largest_stable_learning_rate
    culprits = ", ".join(f"{n}={v:.3g}" for n, v in blown_up)
    if not error.after_a_step:
        return (
            f"training diverged at step {step}: the loss at the "
            f"{'starting' if step == 0 else 'current'} coefficients is "
            f"{error.loss:.3g}, before any step was taken, so the learning rate is not the "
            f"cause: these values are too large for this data ({culprits}). Start from "
            "smaller ones, e.g. all 0. The model is left at these values."
        )
    back = f"The model is back at its values before that step ({values})."
    if error.rate_is_the_cause:
        advice = (
            f"try a smaller one, e.g. {error.suggested_learning_rate:.3g}."
            if error.suggested_learning_rate is not None
            else "try a smaller one (say, ten times smaller)."
        )
        return (
            f"training diverged at step {step}: the loss became {error.loss:.3g}. The "
            f"learning rate {rate:g} is too large for this data; {advice} {back}"
        )
    return (
        f"training diverged at step {step}: the loss became {error.loss:.3g}, although the "
        f"learning rate {rate:g} is below the largest stable rate {limit:.3g}, so the rate is "
        f"not the cause: the coefficients were already too large, and the step took them to "
        f"{culprits}. Start from smaller coefficients, e.g. all 0. {back}"
    )


# -------------------------------------------------------------------------- data sets
@dataclass(frozen=True)
class Dataset:
    """Points (x, y) drawn from a known polynomial plus Gaussian noise.

    `x` and `y` may be given as any 1-D sequences of numbers of equal length (lists,
    tuples, numpy arrays); the data set keeps them as tuples of floats, which nothing can
    change under a running lesson, and the caller's own lists stay as they were.
    """

    x: tuple[float, ...]
    y: tuple[float, ...]
    true_coefficients: tuple[float, ...]
    noise: float
    seed: int
    x_range: tuple[float, float]

    def __post_init__(self) -> None:
        x, y = _point_tuple(self.x, "x"), _point_tuple(self.y, "y")
        if len(x) != len(y):
            raise ValueError(
                f"x and y must have the same length (one y per x), got {len(x)} and {len(y)}."
            )
        if len(x) == 0:
            raise ValueError("no points: a data set needs at least one (x, y) pair.")
        object.__setattr__(self, "x", x)  # frozen: the dataclass way to set a field here
        object.__setattr__(self, "y", y)

    def __len__(self) -> int:
        return len(self.x)

    def __repr__(self) -> str:
        low, high = self.x_range
        return (
            f"Dataset({len(self)} points, x in [{low:g}, {high:g}], "
            f"noise {self.noise:g}, seed {self.seed})"
        )

    @cached_property
    def points(self) -> tuple[list[float], list[float]]:
        """x and y as lists of Python floats, checked once (the engine is fastest with these)."""
        return _check_points(self.x, self.y)


def make_dataset(
    n_points: int = 100,
    x_range: tuple[float, float] = (-1.0, 1.0),
    coefficients: Sequence[float] = DEFAULT_TRUE_COEFFICIENTS,
    noise: float = 0.1,
    seed: int = 0,
) -> Dataset:
    """`n_points` x's uniform in `x_range` and y = polynomial(x) + noise, reproducible by seed.

    `coefficients` are k0, k1, ... of the true polynomial (lowest power first). The
    random numbers are numpy's (`numpy.random.default_rng(seed)`'s uniform, then normal
    draws), computed in plain Python by `autograd.rng`: a seed gives the same points with
    numpy or without it (JupyterLite), and the same as this course has always used.
    """
    n_points = whole_number(n_points, "n_points", 1, MAX_COUNT)
    seed = whole_number(seed, "seed")
    bounds = finite_numbers(x_range, "x_range", example="(-1.0, 1.0)")
    if len(bounds) != 2 or not bounds[0] < bounds[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}.")
    low, high = bounds
    true = tuple(finite_numbers(coefficients, "coefficients", example="(0.3, 0.8, -1.6)"))
    if not true:
        raise ValueError("coefficients is empty: give at least k0 of the true polynomial.")
    noise = finite_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}.")
    rng = Generator(seed)
    x = sorted(rng.uniform(low, high) for _ in range(n_points))
    y = [_horner(true, xi) + rng.normal(0.0, noise) for xi in x]
    return Dataset(tuple(x), tuple(y), true, noise, seed, (low, high))


def _horner(coefficients: Sequence[float], x: float) -> float:
    out = 0.0
    for k in reversed(coefficients):
        out = out * x + k
    return out


@overload
def evaluate(coefficients: Sequence[float], x: float) -> float: ...
@overload
def evaluate(coefficients: Sequence[float], x: Iterable[float]) -> list[float]: ...
def evaluate(coefficients: Sequence[float], x: float | Iterable[float]) -> float | list[float]:
    """The polynomial k0 + k1 x + ... at a number (a float) or at many (a list), no graph."""
    ks = [float(k) for k in coefficients]
    if isinstance(x, Iterable):
        return [_horner(ks, float(xi)) for xi in x]
    return _horner(ks, float(x))


# -------------------------------------------------------------------------- the model
class Polynomial:
    """y(x) = k0 + k1 x + ... + kd x^d with Value coefficients labelled k0..kd.

    `model(x)` builds the graph in Horner's form by default; `form="powers"` writes it the
    way the notes do. Both give the same number and the same gradients.
    """

    def __init__(
        self,
        degree: int = DEFAULT_DEGREE,
        coefficients: Sequence[float] | None = None,
        form: str = "horner",
    ) -> None:
        degree = whole_number(degree, "degree", 0, MAX_COUNT)
        if coefficients is None:
            coefficients = [0.0] * (degree + 1)
        items = ordered_items(coefficients, "coefficients", example="[0.3, 0.8, -1.6]")
        if len(items) != degree + 1:
            raise ValueError(
                f"a degree-{degree} polynomial has {degree + 1} coefficients, "
                f"got {len(items)}: {list(items)!r}."
            )
        self.degree = degree
        self.coefficients = [
            Value(finite_number(c, f"k{k}"), label=f"k{k}") for k, c in enumerate(items)
        ]
        self.form = _check_form(form)

    def __call__(self, x: Value | float, form: str | None = None) -> Value:
        """The prediction at x as a graph of Values (x may be a number or a Value)."""
        return self.horner(x) if _check_form(form or self.form) == "horner" else self.powers(x)

    def powers(self, x: Value | float) -> Value:
        """k0 + k1*x**1 + ... + kd*x**d: one power node, one * and one + per term."""
        out = self.coefficients[0]
        for k in range(1, self.degree + 1):
            out = out + self.coefficients[k] * x**k
        return out

    def horner(self, x: Value | float) -> Value:
        """(((kd*x + kd-1)*x + ...)*x + k0: one * and one + per degree, no powers at all.

        Horner reuses the running product instead of building each x**k separately, so
        with x a Value its graph has 2 nodes per degree instead of 3 (and with powers
        spelled x*x*x*..., the plain form would need k-1 products for term k).
        """
        out = self.coefficients[-1]
        for k in range(self.degree - 1, -1, -1):
            out = out * x + self.coefficients[k]
        return out

    def parameters(self) -> list[Value]:
        """The coefficient Values k0..kd (the knobs)."""
        return list(self.coefficients)

    def values(self) -> list[float]:
        """The knobs' current numbers k0..kd (a new list: changing it changes nothing)."""
        return [c.data for c in self.coefficients]

    def gradients(self) -> list[float]:
        """dL/dk0..dL/dkd as the last backward() left them in the coefficients' grads."""
        return [c.grad for c in self.coefficients]

    def set_values(self, values: Sequence[float]) -> None:
        """Turn every knob to the given numbers (their grads are reset to 0).

        All or nothing: every value is checked before any knob turns, so a bad one leaves
        the model exactly as it was.
        """
        items = ordered_items(values, "values", example="[0.3, 0.8, -1.6]")
        if len(items) != len(self.coefficients):
            raise ValueError(f"expected {len(self.coefficients)} coefficients, got {len(items)}.")
        checked = [finite_number(v, c.label) for c, v in zip(self.coefficients, items)]
        for c, v in zip(self.coefficients, checked):
            c.data = v
            c.grad = 0.0

    def zero_grad(self) -> None:
        """Set every coefficient's grad to 0.

        The coefficients are the only Values that live from one step to the next; every
        other node is rebuilt by the forward pass, so zeroing these is all a step needs.
        """
        for c in self.coefficients:
            c.grad = 0.0

    @overload
    def predict(self, x: float) -> float: ...
    @overload
    def predict(self, x: Iterable[float]) -> list[float]: ...
    def predict(self, x: float | Iterable[float]) -> float | list[float]:
        """Numbers only, no graph (a float at a number, a list at many): for drawing the curve."""
        return evaluate(self.values(), x)

    def __repr__(self) -> str:
        terms = ", ".join(f"{c.label}={c.data:.4g}" for c in self.coefficients)
        return f"Polynomial(degree={self.degree}, {terms})"


def graph_size(root: Value) -> int:
    """How many Values the graph below `root` holds (leaves and constants included)."""
    return len(root.topological_order())


# -------------------------------------------------------------------------- the loss
def mse_loss(model: Polynomial, x: Sequence[float], y: Sequence[float]) -> Value:
    """Mean squared error (1/N) * sum_i (model(x_i) - y_i)**2, as one graph of Values."""
    return _mse_of_points(model, *_check_points(x, y))


def _mse_of_points(model: Polynomial, xs: list[float], ys: list[float]) -> Value:
    total: Value | None = None
    for xi, yi in zip(xs, ys):
        error = model(xi) - yi
        # error * error rather than error ** 2: the same graph shape (the product rule on a
        # Value used twice gives 2 * error) and about 1.5x faster in this engine.
        squared_error = error * error
        total = squared_error if total is None else total + squared_error
    if total is None:
        raise ValueError("no points: the loss of an empty data set is undefined.")
    return total * (1.0 / len(xs))


def loss_and_gradients(model: Polynomial, data: Dataset) -> tuple[float, list[float]]:
    """One forward and one backward pass: the loss and dL/dk for every coefficient.

    Zeroes the coefficients' grads first, so calling it twice gives the same answer
    (without it the second backward() would add onto the first and double them).
    """
    with paused_collector():  # the graph is acyclic: see autograd/collector.py
        loss = _mse_of_points(model, *data.points)
        model.zero_grad()
        loss.backward()
        return loss.data, model.gradients()


def loss_value(coefficients: Sequence[float], data: Dataset) -> float:
    """The same MSE computed on plain floats (no graph), for quick what-ifs and plots."""
    ks = finite_numbers(coefficients, "coefficients", example="[0.3, 0.8, -1.6]")
    total = 0.0
    for xi, yi in zip(data.x, data.y):
        error = _horner(ks, xi) - yi
        total += error * error
    return total / len(data.x)


@dataclass(frozen=True)
class NudgeEffect:
    """What moving one knob by `delta` does to the loss: predicted by the gradient vs actual."""

    index: int
    delta: float
    gradient: float
    predicted: float  # dL/dk * delta: the tangent line's answer
    actual: float  # L(k + delta) - L(k): what really happens


def nudge_effect(model: Polynomial, data: Dataset, index: int, delta: float) -> NudgeEffect:
    """Predicted (dL/dk x delta) against actual change of the loss for a nudge of knob k_index."""
    index = whole_number(index, "index")
    if index > model.degree:
        raise ValueError(f"index must be 0..{model.degree}, got {index}.")
    delta = finite_number(delta, "delta")
    before = model.values()
    _, grads = loss_and_gradients(model, data)
    after = list(before)
    after[index] += delta
    actual = loss_value(after, data) - loss_value(before, data)
    return NudgeEffect(index, delta, grads[index], grads[index] * delta, actual)


# -------------------------------------------------------------------------- the floor
@dataclass(frozen=True)
class LeastSquares:
    """The best coefficients k0..kd (least squares, a tuple of floats) and their loss: the floor."""

    coefficients: tuple[float, ...]
    loss: float


def least_squares(data: Dataset, degree: int = DEFAULT_DEGREE) -> LeastSquares:
    """Solve min_k mean((X k - y)^2) exactly; no gradient descent can go below its loss.

    When several k fit equally well (fewer different x than coefficients), the shortest.
    """
    degree = whole_number(degree, "degree", 0, MAX_COUNT)
    check_x_scale(data.x, degree)
    best = tuple(least_squares_solution(power_matrix(data.x, degree), data.y))
    residuals = [_horner(best, xi) - yi for xi, yi in zip(data.x, data.y)]
    return LeastSquares(best, sum(r * r for r in residuals) / len(residuals))


# -------------------------------------------------------------------------- the stable rate
def largest_stable_learning_rate(
    x: Sequence[float], degree: int = DEFAULT_DEGREE, momentum: float = 0.0
) -> float:
    """2 (1 + momentum) / lambda_max of the loss Hessian (2 / lambda_max without momentum).

    The loss is a bowl with the same curvature everywhere (its Hessian 2/N X^T X);
    lambda_max is the steepest. Only that one matters here, so this needs no more
    different x values than coefficients: training on a single point has a stable rate.
    """
    degree = whole_number(degree, "degree")
    xs = finite_numbers(x, "x", example="data.x")
    if not xs:
        raise ValueError(
            "x is empty: the stable learning rate depends on the points' x values; give at "
            "least one (e.g. data.x)."
        )
    check_x_scale(xs, degree)
    return stable_limit(curvatures(power_matrix(xs, degree))[-1], momentum)


def suggested_learning_rate(
    x: Sequence[float], degree: int = DEFAULT_DEGREE, momentum: float = DEFAULT_MOMENTUM
) -> float:
    """Half of the largest stable rate: the default of `gradient_descent` and the panel."""
    return DEFAULT_RATE_FRACTION * largest_stable_learning_rate(x, degree, momentum)


def stable_limit(steepest_curvature: float, momentum: float = 0.0) -> float:
    """The rate at which the steepest direction stops shrinking: 2 (1 + momentum) / lambda_max.

    Plain gradient descent multiplies the error along an eigenvector by (1 - rate*lambda)
    each step; that shrinks only while |1 - rate*lambda| < 1, i.e. rate < 2/lambda.
    Heavy-ball momentum stretches the limit to 2 (1 + momentum) / lambda.
    """
    momentum = check_momentum(momentum)
    if not steepest_curvature > 0:
        raise ValueError(
            f"the loss bowl is flat (steepest curvature {steepest_curvature:g}): every x is "
            "0, so no rate is too large. Use points with x values other than 0."
        )
    return 2.0 * (1.0 + momentum) / steepest_curvature


# -------------------------------------------------------------------------- the loop
@dataclass(frozen=True)
class TrainingStep:
    """One point of the training run: the loss, coefficients and gradients after `step` nudges."""

    step: int
    loss: float
    coefficients: tuple[float, ...]
    gradients: tuple[float, ...]


class GradientDescent:
    """The state of a training run: the model, the rate, momentum and the velocity.

    `step()` does one forward pass, one backward pass and one nudge. The generator
    `gradient_descent` and the nudge panel both drive this one class.
    """

    def __init__(
        self,
        model: Polynomial,
        data: Dataset,
        learning_rate: float | None = None,
        momentum: float = 0.0,
    ) -> None:
        self.model = model
        self.data = data
        check_x_scale(data.x, model.degree)
        self.momentum = check_momentum(momentum)
        if learning_rate is None:
            learning_rate = suggested_learning_rate(data.x, model.degree, self.momentum)
        self.learning_rate = _check_learning_rate(learning_rate)
        self.velocity = [0.0] * len(model.coefficients)
        self.steps_done = 0
        self.start_loss: float | None = None
        self.current = self.evaluate()

    def evaluate(self) -> TrainingStep:
        """Forward + backward at the current coefficients; raise DivergenceError if it blew up.

        No step is taken here, so a blow-up is the current values' own doing: the error
        says so, and the values are left as they are.
        """
        return self._measure(before=None)

    def step(self) -> TrainingStep:
        """Nudge every knob against its gradient, then measure the new loss and gradients.

        velocity <- momentum * velocity - rate * dL/dk;  k <- k + velocity.
        With momentum 0 this is plain gradient descent, k <- k - rate * dL/dk.
        If the new loss blows up, the knobs go back to where they were before this step
        (velocity 0) and a DivergenceError says why.
        """
        before = self.current
        for i, (c, g) in enumerate(zip(self.model.coefficients, before.gradients)):
            self.velocity[i] = self.momentum * self.velocity[i] - self.learning_rate * g
            c.data += self.velocity[i]
        self.steps_done += 1
        return self._measure(before)

    def _measure(self, before: TrainingStep | None) -> TrainingStep:
        """Loss and gradients at the current values, recorded as `current`."""
        try:
            loss, grads = loss_and_gradients(self.model, self.data)
        except OverflowError as overflow:  # the engine refuses inf: that is divergence too
            raise self._diverged(math.inf, before) from overflow
        if self.start_loss is None:
            self.start_loss = loss
        exploded = loss > EXPLOSION_FACTOR * max(self.start_loss, 1e-12)
        if not math.isfinite(loss) or exploded or not all(map(math.isfinite, grads)):
            raise self._diverged(loss, before)
        self.current = TrainingStep(self.steps_done, loss, tuple(self.model.values()), tuple(grads))
        return self.current

    def _diverged(self, loss: float, before: TrainingStep | None) -> DivergenceError:
        """The error for a blow-up, after putting the knobs back to `before` (after a step)."""
        step = self.steps_done
        labels = [c.label for c in self.model.coefficients]
        reached = self.model.values()
        if before is not None:
            # Back to the last good values. The ball stops too: its velocity would only
            # carry it straight back to where it blew up.
            self.model.set_values(before.coefficients)
            self.steps_done = before.step
            self.velocity = [0.0] * len(self.velocity)
        limit = largest_stable_learning_rate(self.data.x, self.model.degree, self.momentum)
        return DivergenceError(
            step,
            loss,
            self.learning_rate,
            DEFAULT_RATE_FRACTION * limit,
            largest_stable_learning_rate=limit,
            coefficients=self.model.values(),
            labels=labels,
            blown_up=_dominant_values(labels, reached),
            after_a_step=before is not None,
        )

    def restart(self) -> TrainingStep:
        """Forget the velocity (e.g. after the learner turned a knob by hand) and re-measure."""
        self.velocity = [0.0] * len(self.model.coefficients)
        self.start_loss = None  # "exploding" is measured from here on
        return self.evaluate()


def gradient_descent(
    model: Polynomial,
    data: Dataset,
    learning_rate: float | None = None,
    steps: int = 100,
    momentum: float = 0.0,
) -> Iterator[TrainingStep]:
    """Train `model` in place, yielding a TrainingStep for step 0 (the start) up to `steps`.

    Each record holds the loss, coefficients and gradients after that many nudges. The
    loop stops with a DivergenceError at the first non-finite or exploding loss.
    `learning_rate=None` picks half the largest stable rate for this data and momentum.
    Bad settings are refused here, at the call, not later at the first `next()`.
    """
    steps = whole_number(steps, "steps")
    run = GradientDescent(model, data, learning_rate, momentum)
    return _training_steps(run, steps)


def _training_steps(run: GradientDescent, steps: int) -> Iterator[TrainingStep]:
    """The generator behind `gradient_descent` (kept apart so the checks run eagerly)."""
    yield run.current
    for _ in range(steps):
        with paused_collector():  # not held across the yield: the caller's code runs there
            step = run.step()
        yield step


@dataclass
class FitResult:
    """What `fit_polynomial` returns: the trained model, every step, and the floor."""

    model: Polynomial
    history: list[TrainingStep]
    floor: LeastSquares
    learning_rate: float
    momentum: float
    reached_target_at: int | None = None  # the first step within target_ratio of the floor
    losses: list[float] = field(init=False)

    def __post_init__(self) -> None:
        self.losses = [record.loss for record in self.history]


def fit_polynomial(
    data: Dataset,
    degree: int = DEFAULT_DEGREE,
    learning_rate: float | None = None,
    momentum: float = DEFAULT_MOMENTUM,
    max_steps: int = 1000,
    target_ratio: float | None = None,
    form: str = "horner",
) -> FitResult:
    """Fit a fresh degree-`degree` polynomial (all knobs at 0) by gradient descent.

    Defaults: momentum 0.9 and half the largest stable rate. With `target_ratio` (say
    1.01) training stops at the first step whose loss is within that factor of the floor.
    """
    model = Polynomial(degree, form=form)
    floor = least_squares(data, degree)
    run = GradientDescent(model, data, learning_rate, momentum)
    history = [run.current]
    reached = None
    max_steps = whole_number(max_steps, "max_steps")
    if target_ratio is not None:
        target_ratio = positive_number(target_ratio, "target_ratio")
    with paused_collector():  # only acyclic graphs are built in here: see autograd/collector.py
        while True:
            if target_ratio is not None and history[-1].loss <= target_ratio * floor.loss:
                reached = history[-1].step
                break
            if run.steps_done >= max_steps:
                break
            history.append(run.step())
    return FitResult(model, history, floor, run.learning_rate, run.momentum, reached)


# -------------------------------------------------------------------------- input checks
def check_x_scale(x: Sequence[float], degree: int) -> None:
    """Refuse x values so large that a degree-`degree` fit overflows floating point.

    The loss, its gradient and the bowl's curvature all add up x**(2*degree) over the
    points; past about 1e308 that is inf, and no solver can work with that.
    """
    biggest = max((abs(float(v)) for v in x), default=0.0)
    if degree == 0 or biggest <= 1.0:
        return
    # logarithms: x**(2*degree) itself would overflow before it could be compared
    exponent = 2 * degree * math.log10(biggest) + math.log10(len(x))
    if exponent >= LOG10_FLOAT_MAX - 1:  # one decade of room for the coefficients and y
        raise ValueError(
            f"x values as large as {biggest:.3g} are too large for a degree-{degree} fit: "
            f"the loss and its curvature add up x**{2 * degree} over the points, about "
            f"1e{exponent:.0f}, beyond the largest floating-point number (about 1.8e308). "
            f"Rescale x first, e.g. divide it by {biggest:.3g} so that it lies in [-1, 1]."
        )


def check_momentum(momentum: object) -> float:
    """A momentum in [0, 1) as a float."""
    return number_in_range(
        momentum,
        "momentum",
        0.0,
        1.0,
        ": at 1 or above the velocity never decays and training cannot settle",
    )


def _check_form(form: str) -> str:
    return one_of(form, "form", FORMS)


def _check_learning_rate(rate: object) -> float:
    return positive_number(rate, "learning_rate", ": a step goes downhill")


def _dominant_values(labels: Sequence[str], values: Sequence[float]) -> list[tuple[str, float]]:
    """The coefficients that blew up: the non-finite ones, else those near the largest.

    "Near" is within a factor 1000 of the largest magnitude: the ones that make the loss
    overflow, not the ones that merely came along.
    """
    broken = [(n, v) for n, v in zip(labels, values) if not math.isfinite(v)]
    if broken:
        return broken
    top = max((abs(v) for v in values), default=0.0)
    return [(n, v) for n, v in zip(labels, values) if abs(v) >= 1e-3 * top]


def _point_tuple(values: object, name: str) -> tuple[float, ...]:
    """A tuple of finite floats, one per point, or an error naming the first bad one."""
    return tuple(finite_numbers(values, name, example="[-0.5, 0.0, 0.5]"))


def _check_points(x: Sequence[float], y: Sequence[float]) -> tuple[list[float], list[float]]:
    xs = finite_numbers(x, "x", example="[-0.5, 0.0, 0.5]")
    ys = finite_numbers(y, "y", example="[1.0, 0.2, 0.7]")
    if len(xs) != len(ys):
        raise ValueError(f"x and y must have the same length, got {len(xs)} and {len(ys)}.")
    if not xs:
        raise ValueError("no points: the loss of an empty data set is undefined.")
    return xs, ys
