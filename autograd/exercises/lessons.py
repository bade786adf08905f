"""Checks for the "Your turn" cells of the course-depth sections (notebooks 03, 04 and 06).

Same contract as `autograd.exercises`: every check returns a `CheckResult` whose status
is "correct", "wrong" (with the likely mistake named) or "unanswered" (an answer left as
`...`, the workbook's blank). A check never raises on a learner's answer, whatever its
type, and never calls a wrong answer right.

- `check_local_derivatives`: the local derivative of `-`, `/`, `**2`, `exp` and `tanh`;
- `check_path_rule`: colah's e = (a + b) * (b + 1): multiply along each path from b to e,
  add across the paths;
- `check_rate_predictions` (notebook 07): from a bowl's curvatures, the largest stable
  learning rate, whether a given rate diverges, and how many steps the flattest axis needs
  to shrink 100x;
- `check_velocity_prediction` (07): momentum's velocity after a few steps of a steady gradient;
- `check_momentum_factor_prediction` (08): momentum's shrink factor on an axis whose roots
  are complex (sqrt(beta)), and whether it beats plain descent there;
- `check_peak_prediction` (08): the step at which the loss climbs highest at Distill's
  optimum (the double roots: t * rho**t peaks near t = 1 / ln(1 / rho)).

Each takes `name`, the learner's variable, so "not answered yet" says which line to fill in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from autograd.engine import Value
from autograd.exercises.verdict import CheckResult
from autograd.validate import as_float

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"
# A number typed in by hand is rounded: accept it within 0.2% (every mistake named below lies
# much further off than that for the numbers the notebooks use).
ROUNDING = 2e-3


# ----------------------------------------------------------------------------- helpers
def _fmt(x: object) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return repr(x)


def _close(a: float, b: float, tolerance: float = 1e-6) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


def _as_number(given: object) -> float | None:
    """A finite real number as a float; None for anything else (bools, Values, nan, text...)."""
    value = as_float(given)  # numpy scalars, 0-d arrays, Fraction, Decimal too
    if value is None:
        return None
    return value if math.isfinite(value) else None


def _is_bool(given: object) -> bool:
    """True and False, also numpy's (a comparison of numpy numbers gives numpy.bool)."""
    kind = type(given)
    return kind is bool or (kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_"))


def _junk_message(name: str, given: object) -> str:
    """Why `given` is not a usable number, in words."""
    if isinstance(given, Value):
        return f"{name} is a Value; give a plain number (its .data)"
    if as_float(given) is None:
        return f"{name} should be a number, got {type(given).__name__} {given!r}"
    return f"{name} should be a finite number, got {given!r}"


def _number_row(
    name: str,
    given: object,
    expected: float,
    mistakes: Sequence[tuple[float, str]],
    tolerance: float = 1e-6,
    within: float | None = None,
) -> tuple[str, tuple[str, str, str, str], str]:
    """(status, table row, hint) for one number, naming the first known mistake it matches.

    Right: within `tolerance` (relative) of `expected`, or within `within` (absolute) if
    given; the mistakes are matched with `tolerance`.
    """
    if given is ...:
        return UNANSWERED, (name, "...", "", "not answered yet"), ""
    value = _as_number(given)
    if value is None:
        message = _junk_message(name, given)
        return WRONG, (name, _fmt(given), "", message), message
    right = abs(value - expected) <= within if within is not None else None
    if right or (right is None and _close(value, expected, tolerance)):
        return CORRECT, (name, _fmt(value), _fmt(expected), "✔"), ""
    # every slip that gives this number, each once: the check does not pretend to know which
    hints = list(dict.fromkeys(text for other, text in mistakes if _close(value, other, tolerance)))
    if len(hints) > 1:
        note = "two slips give this number here: " + "; or ".join(hints)
    else:
        note = hints[0] if hints else _how_far(value, expected)
    return WRONG, (name, _fmt(value), _fmt(expected), note), f"{name}: {note}"


def _how_far(value: float, expected: float) -> str:
    """The note for a number no known slip explains: "close" when only the rounding is off."""
    if value * expected > 0 and abs(value - expected) <= 0.05 * abs(expected):
        return "close (the right sign and within 5%), but not yet it: give three digits"
    return "not this number"


def _verdict(title: str, parts: list[tuple[str, tuple[str, str, str, str], str]]) -> CheckResult:
    """One verdict for several answers: wrong if any is wrong, unanswered if any is blank."""
    statuses = [status for status, _, _ in parts]
    rows = [row for _, row, _ in parts]
    hints = [hint for status, _, hint in parts if status == WRONG and hint]
    if WRONG in statuses:
        return CheckResult(WRONG, title, "; ".join(hints[:2]) or "some answers are wrong", rows)
    if UNANSWERED in statuses:
        if all(status == UNANSWERED for status in statuses):
            return CheckResult(UNANSWERED, title, "not answered yet: replace the ... lines", rows)
        return CheckResult(UNANSWERED, title, "not answered yet (some answers are still ...)", rows)
    return CheckResult(CORRECT, title, "all right", rows)


def _answers(given: object, keys: Sequence[str], title: str) -> dict[str, object] | CheckResult:
    """The answers dict, or the verdict when it is not one (missing keys, not a dict)."""
    if given is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not isinstance(given, Mapping):
        return CheckResult(
            WRONG, title, f"give a dict with the keys {list(keys)}, got {type(given).__name__}"
        )
    missing = [key for key in keys if key not in given]
    if missing:
        return CheckResult(WRONG, title, f"the dict is missing the key(s) {missing}")
    return {key: given[key] for key in keys}


# ----------------------------------------------------- notebook 03: local derivatives
LOCAL_DERIVATIVE_KEYS = ("-", "/", "**2", "exp", "tanh")
PROMPTED_NUDGE = 0.001  # the nudge 03's prompt suggests


def _nudge_slips(f: Callable[[float], float], at: float, what: str) -> list[tuple[float, str]]:
    """The numbers a slope measured by hand gives when the nudge is too big, or when the
    change is not divided by the nudge (03 asks for the change *per 0.001*)."""
    # 0 and a change not divided by the nudge can be too close to tell apart: then the
    # verdict names both
    slips = [(0.0, f"0 would mean a nudge does not move {what} at all; nudge it and see")]
    for nudge in (0.1, 0.01, PROMPTED_NUDGE):
        try:
            change = f(at + nudge) - f(at)
        except ArithmeticError:  # 1/0 or exp overflowing there: no such number to mistake
            continue
        if nudge == PROMPTED_NUDGE:
            hint = f"that is how much {what} moved for a nudge of {nudge:g}; divide by {nudge:g}"
            slips.append((change, hint + " for the change per unit"))
        else:
            hint = f"that is the slope over a nudge of {nudge:g}: too big a step for the slope"
            slips.append((change / nudge, hint + f" at one point; nudge by {PROMPTED_NUDGE:g}"))
    return slips


def check_local_derivatives(
    answers: object, a: float, b: float, names: tuple[str, str] = ("a", "b")
) -> CheckResult:
    """Your local derivatives at the numbers a, b, one per operation, against the engine's.

    answers: a dict with the keys of `LOCAL_DERIVATIVE_KEYS`, for d(a - b)/db, d(a / b)/db,
    d(a**2)/da, d(exp(a))/da and d(tanh(a))/da; `names` are what the notebook calls a and b.
    """
    x_name, y_name = names
    title = f"local derivatives at {x_name} = {a:g}, {y_name} = {b:g}"
    given = _answers(answers, LOCAL_DERIVATIVE_KEYS, title)
    if isinstance(given, CheckResult):
        return given
    x, y = Value(a, x_name), Value(b, y_name)
    # the engine's own local derivatives: the reference the learner is compared with
    expected = {
        "-": (x - y).local_grads[1],
        "/": (x / y).local_grads[1],
        "**2": (x**2).local_grads[0],
        "exp": x.exp().local_grads[0],
        "tanh": x.tanh().local_grads[0],
    }
    rows = {
        "-": f"d({x_name} - {y_name})/d{y_name}",
        "/": f"d({x_name} / {y_name})/d{y_name}",
        "**2": f"d({x_name}**2)/d{x_name}",
        "exp": f"d(exp({x_name}))/d{x_name}",
        "tanh": f"d(tanh({x_name}))/d{x_name}",
    }
    u, v = x_name, y_name
    t = math.tanh(a)
    mistakes = {
        "-": [(1.0, f"{v} is subtracted: nudging {v} up moves {u} - {v} down, so it is -1")],
        "/": [
            (1 / b, f"1/{v} is the derivative for {u}; for {v} it is -{u}/{v}**2"),
            (a / b**2, f"the sign: a bigger {v} makes {u} / {v} smaller, so -{u}/{v}**2"),
            (-1 / b**2, f"that is -1/{v}**2; the {u} of {u}/{v} stays: -{u}/{v}**2"),
            (a / b, f"that is the value {u} / {v}, not its derivative"),
            *_nudge_slips(lambda d: a / d, b, f"{u} / {v}"),
        ],
        "**2": [
            (a**2, f"that is the value {u}**2; the power rule gives n * {u}**(n-1) = 2{u}"),
            (2.0, f"the power rule n * {u}**(n-1) keeps the {u}: 2 * {u}"),
            (a, f"the power rule brings the exponent down as a factor: 2 * {u}"),
        ],
        "exp": [
            (a * math.exp(a - 1), f"the power rule is for {u}**n; exp({u}) is its own derivative"),
            (1.0, f"exp({u}) is its own derivative: e**{u}, not 1"),
            *_nudge_slips(math.exp, a, f"exp({u})"),
        ],
        "tanh": [
            (t, f"that is tanh({u}) itself; its derivative is 1 - tanh({u})**2"),
            (1 - t, f"square it: 1 - tanh({u})**2"),
            (1 - a**2, f"use tanh({u}), not {u}: 1 - tanh({u})**2"),
            (1 + t * t, f"the sign: 1 - tanh({u})**2 (tanh flattens out: its slope is below 1)"),
            (t * t, f"that is tanh({u})**2; the derivative is 1 minus it: 1 - tanh({u})**2"),
            *_nudge_slips(math.tanh, a, f"tanh({u})"),
        ],
    }
    parts = [
        _number_row(rows[key], given[key], expected[key], mistakes[key], ROUNDING)
        for key in expected
    ]
    return _verdict(title, parts)


# -------------------------------------------------------- notebook 04: the path rule
def path_products(root: Value, leaf: Value) -> list[tuple[list[Value], float]]:
    """Every path from `leaf` up to `root` (as the list of nodes after leaf) with its product.

    The product multiplies the local derivatives along the path; the sum of all of them is
    d(root)/d(leaf), the grad backward() gives the leaf. Each edge counts separately, so
    `b + b` has two paths.
    """
    if not isinstance(root, Value) or not isinstance(leaf, Value):
        raise TypeError("path_products needs two Values: the output and one Value below it")
    users: dict[Value, list[tuple[Value, float]]] = {}
    for node in root.topological_order():
        for child, local in zip(node.inputs, node.local_grads):
            users.setdefault(child, []).append((node, local))
    if leaf is not root and leaf not in users:
        raise ValueError(f"{leaf.label or leaf!r} is not below {root.label or root!r}")
    found: list[tuple[list[Value], float]] = []

    def walk(node: Value, path: list[Value], product: float) -> None:
        if node is root:
            found.append((path, product))
            return
        for user, local in users.get(node, []):
            walk(user, [*path, user], product * local)

    walk(leaf, [], 1.0)  # the number of paths can grow fast: meant for the lessons' small graphs
    return found


def _path_locals(paths: list[tuple[list[Value], float]], leaf: Value, first: str) -> list[float]:
    """The local derivatives along the (first) path from `leaf` that goes through `first`."""
    for path, _ in paths:
        if path[0].label != first:
            continue
        locals_, below = [], leaf
        for node in path:
            position = next(i for i, child in enumerate(node.inputs) if child is below)
            locals_.append(node.local_grads[position])
            below = node
        return locals_
    return []


def check_path_rule(through: object, total: object, root: Value, leaf: Value) -> CheckResult:
    """Each path's product of local derivatives, and their sum, d(root)/d(leaf).

    through: a dict from the label of the node the path goes through first (the Value
    `leaf` feeds) to that path's product, e.g. {"c": ..., "d": ...}; total: the sum.
    """
    paths = path_products(root, leaf)
    firsts = {path[0].label: 0.0 for path, _ in paths}
    for path, product in paths:
        firsts[path[0].label] += product  # all paths leaving through the same node
    title = f"d{root.label}/d{leaf.label}, path by path"
    given = _answers(through, list(firsts), title)
    if isinstance(given, CheckResult):
        return given
    true_total = sum(product for _, product in paths)
    by_label = {path[0].label: path[0] for path, _ in paths}
    parts = []
    for label, expected in firsts.items():
        node = by_label[label]
        first_local = next(
            local for child, local in zip(node.inputs, node.local_grads) if child is leaf
        )
        along = _path_locals(paths, leaf, label)
        mistakes = [
            (-expected, "the sign is flipped"),
            (first_local, f"that is only d{label}/d{leaf.label}: keep multiplying up to the end"),
            (
                sum(along),
                "you added the local derivatives along the path; along a path they multiply "
                "(adding is for across paths)",
            ),
        ]
        own: float | None = None
        if len(root.inputs) == 2 and node in root.inputs:  # a product right above the path
            own = node.data * first_local
            mistakes.append(
                (
                    own,
                    f"that uses {label}'s own value; the product rule's d{root.label}/d{label} "
                    "is the *other* factor",
                )
            )
        for other, value in firsts.items():
            if other != label:
                # C's own value *is* the path through D in (a + b) * (b + 1): one slip, one note
                if own is not None and _close(value, own):
                    mistakes[-1] = (
                        own,
                        mistakes[-1][1] + f" (that number is the path through {other})",
                    )
                else:
                    mistakes.append((value, f"that is the path through {other}"))
        parts.append(_number_row(f"through {label}", given[label], expected, mistakes))
    products = math.prod(firsts.values())
    total_mistakes: list[tuple[float, str]] = []
    numbers_given = [_as_number(given[label]) for label in firsts]
    if all(n is not None for n in numbers_given):
        yours = math.fsum(n for n in numbers_given if n is not None)
        if not _close(yours, true_total):
            total_mistakes.append(
                (
                    yours,
                    "that is the sum of your path products, so the adding is right; fix them first",
                )
            )
    if _close(products, root.data):  # in a product of two sums, their product is the output
        total_mistakes.append(
            (
                products,
                "across paths, add the products; don't multiply them (multiplied, they give "
                f"{root.label}'s value, not a derivative)",
            )
        )
    else:
        total_mistakes.append((products, "across paths, add the products; don't multiply them"))
        total_mistakes.append((root.data, f"that is {root.label}'s value, not a derivative"))
    for label, value in firsts.items():
        total_mistakes.append(
            (value, f"add the other path(s) too, not only the one through {label}")
        )
    parts.append(_number_row("total", total, true_total, total_mistakes))
    return _verdict(title, parts)


# ------------------------------------------- notebook 07: the rate limit, the core idea
def check_rate_predictions(
    limit: object,
    diverges: object,
    steps: object,
    eigenvalues: Sequence[float],
    tested_rate: float,
    rate: float,
    names: tuple[str, str, str] = ("limit", "diverges", "steps"),
) -> CheckResult:
    """Three predictions from the bowl's curvatures `eigenvalues` (ascending or not).

    `names` are the learner's variables for the three answers (shown in the table and in
    "not answered yet").

    limit: the largest stable rate, 2 / lambda_max;
    diverges: True or False, whether `tested_rate` blows up (it does above the limit);
    steps: at `rate`, the steps the flattest axis needs to shrink its distance 100x:
        ln(0.01) / ln|1 - rate * lambda_min| (any whole number within 1 of it is right).
    """
    values = [float(v) for v in eigenvalues]
    low, high = min(values), max(values)
    title = "predicted from the curvatures"
    true_limit = 2.0 / high
    limit_name, diverges_name, steps_name = names
    parts = [
        _number_row(
            limit_name,
            limit,
            true_limit,
            [
                (1.0 / high, "1/λmax makes the steepest factor 0; the limit, factor -1, is 2/λmax"),
                (2.0 / low, "the steepest axis sets the limit, not the flattest: 2/λmax"),
                (2.0 / (high + low), "that is the best fixed rate; the limit is 2/λmax"),
                (high / 2.0, "upside down: 2 / λmax"),
                (2.0 * high, "divide: 2 / λmax"),
            ],
            ROUNDING,
        )
    ]
    truly_diverges = tested_rate > true_limit
    if diverges is ...:
        parts.append((UNANSWERED, (diverges_name, "...", "", "not answered yet"), ""))
    elif not _is_bool(diverges):
        kind = type(diverges).__name__
        message = f"{diverges_name} should be True or False, got {kind} {diverges!r}"
        parts.append((WRONG, (diverges_name, _fmt(diverges), "", message), message))
    elif bool(diverges) == truly_diverges:
        parts.append((CORRECT, (diverges_name, str(bool(diverges)), str(truly_diverges), "✔"), ""))
    else:
        note = (
            f"compare {tested_rate:g} with the limit 2/λmax = {true_limit:.4g}: above it the "
            "steepest factor 1 - rate·λmax is below -1 and grows every step"
        )
        parts.append(
            (
                WRONG,
                (diverges_name, str(bool(diverges)), str(truly_diverges), note),
                f"{diverges_name}: {note}",
            )
        )
    factor = abs(1.0 - rate * low)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"at rate {rate!r} the flattest axis does not shrink: pick a smaller rate")
    true_steps = math.log(0.01) / math.log(factor)
    steep = abs(1.0 - rate * high)
    step_mistakes = [
        (
            1.0 / (rate * low),
            "that is about the steps for a factor e; for 100x, times ln(100) ≈ 4.6",
        ),
        (math.log(factor) / math.log(0.01), "upside down: ln(0.01) / ln|1 - rate·λmin|"),
        (-2.0 / math.log(factor), "use the same logarithm on top and below"),
    ]
    if 0.0 < steep < 1.0:
        step_mistakes.insert(
            0, (math.log(0.01) / math.log(steep), "that is the steepest axis; use λmin")
        )
    parts.append(
        _number_row(steps_name, steps, true_steps, step_mistakes, tolerance=0.02, within=1.0)
    )
    verdict = _verdict(title, parts)
    if verdict.status == UNANSWERED:
        blanks = [name for name, (status, _, _) in zip(names, parts) if status == UNANSWERED]
        message = f"not answered yet: replace the ... of {', '.join(blanks)}"
        return CheckResult(UNANSWERED, title, message, verdict.rows)
    return verdict


# ------------------------------------- notebook 03: extend the engine with an operation
SOFTPLUS_POINTS = (1.0, -2.0, -0.5, 0.0, 3.0)  # 1.0 first: there every slip below differs


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))  # log(1 + e**x) without overflow


SOFTPLUS_SLIPS: tuple[tuple[Callable[[float], float], str], ...] = (
    (_softplus, "that is softplus(v) itself, the forward value; its slope is another number"),
    (
        math.exp,
        "that is the slope of e**v alone: the log on top adds the factor 1/(1 + e**v), "
        "so the slope is e**v / (1 + e**v)",
    ),
    (
        lambda x: _sigmoid(-x),
        "a sign: that is 1/(1 + e**v); the slope is e**v / (1 + e**v) = 1/(1 + e**-v)",
    ),
    (lambda x: -_sigmoid(x), "the sign is flipped: softplus rises everywhere, its slope is > 0"),
    (
        lambda x: _sigmoid(x) * (1.0 - _sigmoid(x)),
        "that is the slope of the sigmoid; softplus's own slope is the sigmoid itself",
    ),
    (
        lambda x: 1.0 / (1.0 + math.exp(x)) ** 2 if x < 700 else 0.0,
        "that is 1/(1 + e**v)**2; the slope of log(1 + e**v) is e**v / (1 + e**v)",
    ),
    (lambda x: 1.0 if x > 0 else 0.0, "that is relu's slope (0 or 1): softplus has no kink"),
)


def check_softplus(softplus: object) -> CheckResult:
    """Your new operation `softplus(v) = log(1 + e**v)`: a Value with its local derivative.

    Minitorch style: your function is run on Values at several points; its forward value
    is compared with log(1 + e**v), and its local derivative with the slope of your own
    forward value measured by nudging (`check_gradients`: central differences), alone
    and inside a larger graph. A wrong local derivative gets the slip that gives it.
    """
    from autograd.exercises.verdict import call_learner, has_blank, raised  # import-light

    title = "your softplus"
    if softplus is ...:
        return CheckResult(UNANSWERED, title, "not answered yet: replace the ...")
    if not callable(softplus):
        return CheckResult(
            WRONG,
            title,
            f"pass the function itself, e.g. check_softplus(softplus); got {softplus!r}",
        )
    rows: list[tuple[str, str, str, str]] = []
    for x in SOFTPLUS_POINTS:
        v = Value(x, "v")
        out, error = call_learner(softplus, v)
        where = f"at v = {x:g}"
        if error is not None:
            return raised(title, f"softplus(v) {where}", error, softplus)
        if not isinstance(out, Value):
            return CheckResult(
                WRONG,
                title,
                f"softplus(v) {where} returned {type(out).__name__} {_fmt(out)}, not a Value: "
                "return Value(out, op='softplus', inputs=(v,), local_grads=(local,))",
            )
        if out.data is ... or any(g is ... for g in out.local_grads) or has_blank(softplus):
            return CheckResult(UNANSWERED, title, "not answered yet: a ... is still in softplus")
        built = out.inputs != (v,)  # a graph of the engine's own ops is right too
        if built and v not in out.topological_order():
            return CheckResult(
                WRONG,
                title,
                f"softplus(v) {where} does not remember v (inputs="
                f"{_fmt(tuple(out.inputs))}): pass inputs=(v,) so backward() can reach v",
            )
        if not built and len(out.local_grads) != 1:
            return CheckResult(
                WRONG,
                title,
                f"give one local derivative per input: local_grads=(local,), got "
                f"{len(out.local_grads)}",
            )
        expected = _softplus(x)
        if not _close(out.data, expected):
            hint = ""
            if _close(out.data, math.exp(x)):
                hint = ": that is e**v; softplus is log(1 + e**v)"
            elif _close(out.data, math.log(math.exp(x)) if x > -700 else x):
                hint = ": that is v itself (log(e**v) = v): the 1 + inside the log is missing"
            return CheckResult(
                WRONG,
                title,
                f"the forward value {where} is {_fmt(out.data)}; log(1 + e**v) is "
                f"{_fmt(expected)}{hint}",
            )
        if built:  # its slope comes from backward() through the graph: checked below
            continue
        local = _as_number(out.local_grads[0])
        if local is None:
            return CheckResult(
                WRONG, title, _junk_message(f"the local derivative {where}", out.local_grads[0])
            )
        slope = (_softplus(x + 1e-6) - _softplus(x - 1e-6)) / 2e-6  # your forward is right
        if not _close(local, slope, 1e-5):
            hints = [text for slip, text in SOFTPLUS_SLIPS if _close(local, slip(x), 1e-6)]
            note = hints[0] if hints else "compare it with the slope you see by nudging v"
            rows.append((where, _fmt(local), _fmt(slope), note))
            return CheckResult(
                WRONG,
                title,
                f"the local derivative {where} is {_fmt(local)}, but nudging v shows the "
                f"slope {_fmt(slope)}: {note}",
                rows,
            )
        rows.append((where, _fmt(local), _fmt(slope), "✔"))
    # the gradient check, as for any op of the engine: alone, and inside a larger graph
    from autograd.gradcheck import check_gradients

    for label, graph in (
        ("softplus(v)", lambda v: softplus(v)),
        ("softplus(2v) * v", lambda v: softplus(v * 2.0) * v),
    ):
        checked = check_gradients(graph, [0.7])
        if not checked.ok:
            return CheckResult(
                WRONG,
                title,
                f"in {label} at v = 0.7, backward() gives {_fmt(checked.analytic[0])} but "
                f"nudging gives {_fmt(checked.numerical[0])}",
                rows,
            )
    return CheckResult(
        CORRECT,
        title,
        "forward value and local derivative right at every point, and backward() through "
        "it agrees with nudging",
        rows,
    )


# ------------------------------------------------ notebook 07: momentum's velocity
def check_velocity_prediction(
    predicted: object,
    beta: float,
    rate: float,
    gradient: float,
    steps: int = 2,
    name: str = "your prediction",
) -> CheckResult:
    """The velocity after `steps` steps of v <- beta v - rate g from rest, g held constant."""
    velocity = 0.0
    for _ in range(steps):
        velocity = beta * velocity - rate * gradient
    plain_sum = -rate * gradient * steps
    title = f"the velocity after {steps} steps (beta = {beta:g}, rate = {rate:g}, g = {gradient:g})"
    mistakes = [
        (
            plain_sum,
            f"that is {steps} full steps added up: the old velocity is multiplied by beta first",
        ),
        (-velocity, "the sign: the velocity points against the gradient (v <- beta v - rate g)"),
        (-rate * gradient, "that is the velocity after one step; do the update once more"),
        (
            beta * -rate * gradient,
            "beta times the first velocity is only the friction part; add - rate g again",
        ),
        (
            -rate * gradient / (1 - beta),
            "that is where the velocity ends up after many steps, not after two",
        ),
    ]
    status, row, hint = _number_row(name, predicted, velocity, mistakes, ROUNDING)
    if status == UNANSWERED:
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}", [row])
    message = {CORRECT: "right", WRONG: hint}.get(status, "")
    return CheckResult(status, title, message, [row])


# ------------------------------------------- notebook 08: momentum axis by axis
def check_momentum_factor_prediction(
    factor: object,
    beats_plain: object,
    curvature: float,
    rate: float,
    beta: float,
    plain_rate: float,
    names: tuple[str, str] = ("factor", "beats_plain"),
) -> CheckResult:
    """Momentum's long-run shrink factor per step on the axis of `curvature`, and whether it
    is smaller (faster) than plain descent's |1 - plain_rate * curvature| on that axis."""
    import cmath

    middle = 1.0 + beta - rate * curvature
    root = (middle + cmath.sqrt(middle * middle - 4.0 * beta)) / 2.0
    other = (middle - cmath.sqrt(middle * middle - 4.0 * beta)) / 2.0
    true_factor = max(abs(root), abs(other))
    plain = abs(1.0 - plain_rate * curvature)
    factor_name, beats_name = names
    title = f"momentum on the axis λ = {curvature:.4g} (rate {rate:.3g}, beta {beta:g})"
    mistakes = [
        (
            abs(1.0 - rate * curvature),
            "that is plain descent's factor |1 - rate·λ|; momentum's is the size of a root",
        ),
        (beta, "beta is the product of the two roots; each complex root has size √beta"),
        (plain, f"that is plain descent at rate {plain_rate:g} on this axis"),
        (1.0 - beta, "1 - beta is the friction; the factor is √beta when the roots are complex"),
    ]
    parts = [_number_row(factor_name, factor, true_factor, mistakes, ROUNDING)]
    truly = true_factor < plain
    if beats_plain is ...:
        parts.append((UNANSWERED, (beats_name, "...", "", "not answered yet"), ""))
    elif not _is_bool(beats_plain):
        kind = type(beats_plain).__name__
        message = f"{beats_name} should be True or False, got {kind} {beats_plain!r}"
        parts.append((WRONG, (beats_name, _fmt(beats_plain), "", message), message))
    elif bool(beats_plain) == truly:
        parts.append((CORRECT, (beats_name, str(bool(beats_plain)), str(truly), "✔"), ""))
    else:
        note = (
            f"compare √beta = {true_factor:.4f} with plain's |1 - {plain_rate:g}·λ| = {plain:.4f}: "
            "the smaller factor is the faster axis"
        )
        parts.append(
            (WRONG, (beats_name, str(bool(beats_plain)), str(truly), note), f"{beats_name}: {note}")
        )
    verdict = _verdict(title, parts)
    if verdict.status == UNANSWERED:
        blanks = [n for n, (status, _, _) in zip(names, parts) if status == UNANSWERED]
        return CheckResult(
            UNANSWERED,
            title,
            f"not answered yet: replace the ... of {', '.join(blanks)}",
            verdict.rows,
        )
    return verdict


GROWS_FIRST = (
    "the loss does not fall from the start: along the extreme axes the distance is like "
    "t·ρ^t, which grows first"
)


def check_peak_prediction(
    peak_step: object, rho: float, measured_peak: int, name: str = "peak_step"
) -> CheckResult:
    """The step where the loss climbs highest at Distill's optimum, from rho = sqrt(beta):
    t * rho**t is largest at t = 1 / ln(1 / rho). Right within 3 steps of that or of the
    measured peak (the loss mixes six axes, so the two differ by a step or two)."""
    title = f"the step of the highest loss (rho = {rho:.4f})"
    theory = 1.0 / math.log(1.0 / rho)
    value = _as_number(peak_step) if peak_step is not ... else None
    if peak_step is ...:
        return CheckResult(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    if value is None:
        return CheckResult(WRONG, title, _junk_message(name, peak_step))
    row = (name, _fmt(value), f"{theory:.1f} (measured {measured_peak})")
    if min(abs(value - theory), abs(value - measured_peak)) <= 3.0:
        return CheckResult(
            CORRECT, title, "right: t·ρ^t peaks where its slope, 1/t - ln(1/ρ), is 0", [(*row, "✔")]
        )
    if abs(value - math.log(1.0 / rho)) <= 0.01:
        hint = "upside down: t = 1 / ln(1/ρ)"
        return CheckResult(WRONG, title, f"{name}: {hint}", [(*row, hint)])
    hints = [
        (
            math.log(0.01) / math.log(rho),
            "that is the steps to shrink 100x, not the peak; where does t·ρ^t stop growing?",
        ),
        (
            0.0,
            GROWS_FIRST,
        ),
        (
            1.0,
            GROWS_FIRST,
        ),
        (rho / (1.0 - rho), "close in spirit, but set the slope of t·ρ^t to zero: 1/t = ln(1/ρ)"),
    ]
    hint = next(
        (text for other, text in hints if abs(value - other) <= 0.5),
        "not this step: where is t·ρ^t largest?",
    )
    return CheckResult(WRONG, title, f"{name}: {hint}", [(*row, hint)])
