"""Fitting a polynomial by gradient descent: the learner's four steps, as code.

The goal problem of the course: find k0..k5 so that

    y(x) = k0 + k1 x + k2 x^2 + k3 x^3 + k4 x^4 + k5 x^5

fits a cloud of points. Each training step is the learner's loop:

    1. forward pass   -- build the loss from the coefficients (a graph of Values),
    2. backward pass  -- loss.backward() fills in dL/dk for every coefficient,
    3. nudge the knobs -- k <- k - learning_rate * dL/dk (optionally with momentum),
    4. repeat          -- until the loss is as low as it gets.

"As low as it gets" is not a guess: for a polynomial the best coefficients solve a linear
least-squares problem, which numpy answers exactly (`least_squares`). That loss is the
*floor* every loss curve is drawn against.

The loss of a polynomial fit is a quadratic bowl whose curvature (the Hessian, 2/N X^T X
for the matrix X of powers of x) does not depend on the coefficients. Its eigenvalues say
everything about plain gradient descent: rates above 2 / lambda_max diverge, and the
directions with tiny eigenvalues crawl. `conditioning` reports them, and momentum is the
remedy the course uses (see `compare_plain_and_momentum`).

Everything here is pure Python + numpy; the plots live in `autograd.widgets.nudge`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from autograd.collector import paused_collector
from autograd.engine import Value

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

FORMS = ("horner", "powers")


class DivergenceError(ValueError):
    """Gradient descent blew up: the loss became non-finite or exploded.

    Attributes: `step` (the step whose loss blew up), `loss` (that loss, possibly inf),
    `learning_rate` and `suggested_learning_rate` (a rate that is stable for this data).
    """

    def __init__(
        self, step: int, loss: float, learning_rate: float, suggested_learning_rate: float
    ) -> None:
        self.step = step
        self.loss = loss
        self.learning_rate = learning_rate
        self.suggested_learning_rate = suggested_learning_rate
        super().__init__(
            f"training diverged at step {step}: the loss became {loss:.3g}. The learning "
            f"rate {learning_rate:g} is too large for this data; try a smaller one, e.g. "
            f"{suggested_learning_rate:.3g}."
        )


# -------------------------------------------------------------------------- data sets
@dataclass(frozen=True)
class Dataset:
    """Points (x, y) drawn from a known polynomial plus Gaussian noise.

    `x` and `y` may be given as any 1-D sequences of numbers of equal length; the data set
    keeps read-only float copies, so the caller's own arrays stay as they were.
    """

    x: np.ndarray
    y: np.ndarray
    true_coefficients: tuple[float, ...]
    noise: float
    seed: int
    x_range: tuple[float, float]

    def __post_init__(self) -> None:
        x, y = _point_array(self.x, "x"), _point_array(self.y, "y")
        if len(x) != len(y):
            raise ValueError(
                f"x and y must have the same length (one y per x), got {len(x)} and {len(y)}."
            )
        if len(x) == 0:
            raise ValueError("no points: a data set needs at least one (x, y) pair.")
        for array in (x, y):
            array.flags.writeable = False  # a data set never changes under a running lesson
        object.__setattr__(self, "x", x)  # frozen: the dataclass way to set a field here
        object.__setattr__(self, "y", y)

    def __len__(self) -> int:
        return len(self.x)

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

    `coefficients` are k0, k1, ... of the true polynomial (lowest power first).
    """
    n_points = _positive_int(n_points, "n_points")
    low, high = (_finite(v, "x_range") for v in x_range)
    if not low < high:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}.")
    true = tuple(_finite(c, "coefficients") for c in coefficients)
    if not true:
        raise ValueError("coefficients is empty: give at least k0 of the true polynomial.")
    noise = _finite(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise is a standard deviation and must be >= 0, got {noise}.")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(low, high, n_points))
    y = evaluate(true, x) + rng.normal(0.0, noise, n_points)
    return Dataset(x, y, true, noise, seed, (low, high))


def evaluate(coefficients: Sequence[float], x: np.ndarray | float) -> np.ndarray:
    """The polynomial k0 + k1 x + ... at (an array of) numbers, with numpy (for plots)."""
    return np.polynomial.polynomial.polyval(x, np.asarray(coefficients, dtype=float))


def power_matrix(x: np.ndarray, degree: int = DEFAULT_DEGREE) -> np.ndarray:
    """The N x (degree+1) matrix X with X[i, k] = x_i ** k, so that predictions are X @ k."""
    return np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)


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
        degree = _non_negative_int(degree, "degree")
        if coefficients is None:
            coefficients = [0.0] * (degree + 1)
        elif len(coefficients) != degree + 1:
            raise ValueError(
                f"a degree-{degree} polynomial has {degree + 1} coefficients, "
                f"got {len(coefficients)}: {list(coefficients)!r}."
            )
        self.degree = degree
        self.coefficients = [
            Value(_finite(c, f"k{k}"), label=f"k{k}") for k, c in enumerate(coefficients)
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
        """Turn every knob to the given numbers (their grads are reset to 0)."""
        if len(values) != len(self.coefficients):
            raise ValueError(f"expected {len(self.coefficients)} coefficients, got {len(values)}.")
        for c, v in zip(self.coefficients, values):
            c.data = _finite(v, c.label)
            c.grad = 0.0

    def zero_grad(self) -> None:
        """Set every coefficient's grad to 0.

        The coefficients are the only Values that live from one step to the next; every
        other node is rebuilt by the forward pass, so zeroing these is all a step needs.
        """
        for c in self.coefficients:
            c.grad = 0.0

    def predict(self, x: np.ndarray | float) -> np.ndarray:
        """Numbers only, no graph: for drawing the curve."""
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
    total = None
    for xi, yi in zip(xs, ys):
        error = model(xi) - yi
        # error * error rather than error ** 2: the same graph shape (the product rule on a
        # Value used twice gives 2 * error) and about 1.5x faster in this engine.
        squared_error = error * error
        total = squared_error if total is None else total + squared_error
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


def numpy_loss(coefficients: Sequence[float], data: Dataset) -> float:
    """The same MSE computed with numpy (no graph), for quick what-ifs and plots."""
    residuals = evaluate(coefficients, data.x) - data.y
    return float(np.mean(residuals**2))


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
    if not 0 <= index <= model.degree:
        raise ValueError(f"index must be 0..{model.degree}, got {index}.")
    before = model.values()
    _, grads = loss_and_gradients(model, data)
    after = list(before)
    after[index] += delta
    actual = numpy_loss(after, data) - numpy_loss(before, data)
    return NudgeEffect(index, delta, grads[index], grads[index] * delta, actual)


# -------------------------------------------------------------------------- the floor
@dataclass(frozen=True)
class LeastSquares:
    """The best coefficients (numpy's least squares) and their loss: the floor."""

    coefficients: np.ndarray
    loss: float


def least_squares(data: Dataset, degree: int = DEFAULT_DEGREE) -> LeastSquares:
    """Solve min_k mean((X k - y)^2) exactly; no gradient descent can go below its loss."""
    degree = _non_negative_int(degree, "degree")
    X = power_matrix(data.x, degree)
    best, *_ = np.linalg.lstsq(X, data.y, rcond=None)
    return LeastSquares(best, float(np.mean((X @ best - data.y) ** 2)))


# -------------------------------------------------------------------------- conditioning
def loss_hessian(x: np.ndarray, degree: int = DEFAULT_DEGREE) -> np.ndarray:
    """The Hessian of the MSE loss, 2/N X^T X: the same at every point of the bowl."""
    X = power_matrix(x, degree)
    return 2.0 / len(X) * X.T @ X


@dataclass(frozen=True)
class Conditioning:
    """The curvature of the loss bowl, and what it means for the learning rate."""

    eigenvalues: np.ndarray  # ascending
    eigenvectors: np.ndarray  # column j belongs to eigenvalues[j]

    @property
    def condition_number(self) -> float:
        """lambda_max / lambda_min: how much steeper the steepest direction is than the flattest."""
        return float(self.eigenvalues[-1] / self.eigenvalues[0])

    def largest_stable_learning_rate(self, momentum: float = 0.0) -> float:
        """2 (1 + momentum) / lambda_max: any larger rate makes the steepest direction blow up.

        Plain gradient descent multiplies the error along an eigenvector by (1 - rate*lambda)
        each step; that shrinks only while |1 - rate*lambda| < 1, i.e. rate < 2/lambda.
        Heavy-ball momentum stretches the limit to 2 (1 + momentum) / lambda.
        """
        return 2.0 * (1.0 + _check_momentum(momentum)) / float(self.eigenvalues[-1])

    def suggested_learning_rate(self, momentum: float = DEFAULT_MOMENTUM) -> float:
        """The default rate: `DEFAULT_RATE_FRACTION` of the largest stable one."""
        return DEFAULT_RATE_FRACTION * self.largest_stable_learning_rate(momentum)

    @property
    def slowest_direction(self) -> np.ndarray:
        """The combination of coefficients that gradient descent moves along most slowly."""
        return self.eigenvectors[:, 0]


def conditioning(x: np.ndarray, degree: int = DEFAULT_DEGREE) -> Conditioning:
    """Eigenvalues and eigenvectors of the loss Hessian for the points' x values."""
    eigenvalues, eigenvectors = np.linalg.eigh(loss_hessian(x, degree))
    return Conditioning(eigenvalues, eigenvectors)


def largest_stable_learning_rate(
    x: np.ndarray, degree: int = DEFAULT_DEGREE, momentum: float = 0.0
) -> float:
    """2 (1 + momentum) / lambda_max of the loss Hessian (2 / lambda_max without momentum)."""
    return conditioning(x, degree).largest_stable_learning_rate(momentum)


def suggested_learning_rate(
    x: np.ndarray, degree: int = DEFAULT_DEGREE, momentum: float = DEFAULT_MOMENTUM
) -> float:
    """Half of the largest stable rate: the default of `gradient_descent` and the panel."""
    return conditioning(x, degree).suggested_learning_rate(momentum)


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
        self.momentum = _check_momentum(momentum)
        if learning_rate is None:
            learning_rate = suggested_learning_rate(data.x, model.degree, self.momentum)
        self.learning_rate = _check_learning_rate(learning_rate)
        self.velocity = [0.0] * len(model.coefficients)
        self.steps_done = 0
        self.start_loss: float | None = None
        self.current = self.evaluate()

    def evaluate(self) -> TrainingStep:
        """Forward + backward at the current coefficients; raise DivergenceError if it blew up."""
        try:
            loss, grads = loss_and_gradients(self.model, self.data)
        except OverflowError as overflow:  # the engine refuses inf: that is divergence too
            raise self._diverged(math.inf) from overflow
        if self.start_loss is None:
            self.start_loss = loss
        exploded = loss > EXPLOSION_FACTOR * max(self.start_loss, 1e-12)
        if not math.isfinite(loss) or exploded or not all(map(math.isfinite, grads)):
            raise self._diverged(loss)
        self.current = TrainingStep(self.steps_done, loss, tuple(self.model.values()), tuple(grads))
        return self.current

    def _diverged(self, loss: float) -> DivergenceError:
        safe_rate = suggested_learning_rate(self.data.x, self.model.degree, self.momentum)
        return DivergenceError(self.steps_done, loss, self.learning_rate, safe_rate)

    def step(self) -> TrainingStep:
        """Nudge every knob against its gradient, then measure the new loss and gradients.

        velocity <- momentum * velocity - rate * dL/dk;  k <- k + velocity.
        With momentum 0 this is plain gradient descent, k <- k - rate * dL/dk.
        """
        for i, (c, g) in enumerate(zip(self.model.coefficients, self.current.gradients)):
            self.velocity[i] = self.momentum * self.velocity[i] - self.learning_rate * g
            c.data += self.velocity[i]
        self.steps_done += 1
        return self.evaluate()

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
    steps = _non_negative_int(steps, "steps")
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
    max_steps = _non_negative_int(max_steps, "max_steps")
    with paused_collector():  # only acyclic graphs are built in here: see autograd/collector.py
        while True:
            if target_ratio is not None and history[-1].loss <= target_ratio * floor.loss:
                reached = history[-1].step
                break
            if run.steps_done >= max_steps:
                break
            history.append(run.step())
    return FitResult(model, history, floor, run.learning_rate, run.momentum, reached)


def distance_to_optimum(history: Sequence[TrainingStep], optimum: Sequence[float]) -> np.ndarray:
    """|k_i(step) - k_i*| for every step (rows) and coefficient (columns)."""
    optimum = np.asarray(optimum, dtype=float)
    if not history:
        return np.empty((0, len(optimum)))
    coefficients = np.array([record.coefficients for record in history])
    return np.abs(coefficients - optimum)


@dataclass(frozen=True)
class ConditioningRun:
    """One training run for the conditioning lesson."""

    name: str
    learning_rate: float
    momentum: float
    losses: np.ndarray  # per step
    distances: np.ndarray  # steps x coefficients, |k - k*|


def compare_plain_and_momentum(
    data: Dataset,
    degree: int = DEFAULT_DEGREE,
    steps: int = 300,
    momentum: float = DEFAULT_MOMENTUM,
) -> tuple[ConditioningRun, ConditioningRun, LeastSquares]:
    """Train twice from zero: plain gradient descent at its best fixed rate, then momentum.

    The plain run uses 2 / (lambda_max + lambda_min), the fixed rate whose slowest axis
    shrinks fastest (just under the limit 2 / lambda_max; at it the steepest axis swings
    back and forth with a factor near -1). The momentum run uses the package default.
    Per-coefficient distances to the least-squares optimum show which knobs stall.
    """
    shape = conditioning(data.x, degree)
    floor = least_squares(data, degree)
    plain_rate = 2.0 / float(shape.eigenvalues[-1] + shape.eigenvalues[0])
    runs = []
    for name, rate, beta in (
        ("plain gradient descent", plain_rate, 0.0),
        (f"momentum {momentum:g}", shape.suggested_learning_rate(momentum), momentum),
    ):
        history = list(gradient_descent(Polynomial(degree), data, rate, steps, beta))
        runs.append(
            ConditioningRun(
                name,
                rate,
                beta,
                np.array([record.loss for record in history]),
                distance_to_optimum(history, floor.coefficients),
            )
        )
    return runs[0], runs[1], floor


# -------------------------------------------------------------------------- input checks
def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    return value


def _non_negative_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, got {value!r}.")
    return int(value)


def _positive_int(value: object, name: str) -> int:
    if _non_negative_int(value, name) == 0:
        raise ValueError(f"{name} must be at least 1, got {value!r}.")
    return int(value)


def _check_form(form: str) -> str:
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}.")
    return form


def _check_learning_rate(rate: object) -> float:
    rate = _finite(rate, "learning_rate")
    if rate <= 0:
        raise ValueError(f"learning_rate must be > 0, got {rate}: a step goes downhill.")
    return rate


def _check_momentum(momentum: object) -> float:
    momentum = _finite(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(
            f"momentum must be in [0, 1), got {momentum}: at 1 or above the velocity "
            "never decays and training cannot settle."
        )
    return momentum


def _point_array(values: object, name: str) -> np.ndarray:
    """A fresh 1-D float array of finite numbers, or a ValueError saying what is wrong."""
    try:
        array = np.array(values, dtype=float)  # np.array copies: the caller's array is left alone
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a sequence of numbers: {error}.") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one number per point), got shape {array.shape}.")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers, got {array[~np.isfinite(array)]}.")
    return array


def _check_points(x: Sequence[float], y: Sequence[float]) -> tuple[list[float], list[float]]:
    xs = [_finite(v, "x") for v in np.asarray(x, dtype=object).ravel()]
    ys = [_finite(v, "y") for v in np.asarray(y, dtype=object).ravel()]
    if len(xs) != len(ys):
        raise ValueError(f"x and y must have the same length, got {len(xs)} and {len(ys)}.")
    if not xs:
        raise ValueError("no points: the loss of an empty data set is undefined.")
    return xs, ys
