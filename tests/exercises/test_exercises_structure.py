"""check_graph judges meaning: random rewrites are accepted, random changes rejected.

Random expressions over labelled inputs (+, *, -, tanh, small integer constants) are
written out as Python source twice: once as the formula, once rewritten with the
operands of every + and * shuffled and the sums and products regrouped at random. The
rewrite must be called right. A single random change (another operation, another
input, another constant, the sides of a - swapped) that computes a different function
must be called wrong.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from autograd import Value
from autograd.exercises import CORRECT, WRONG, check_graph

LABELS = ("a", "b", "c", "d")
Tree = tuple  # ("in", label) | ("const", k) | (op, [children])

leaves = st.one_of(
    st.sampled_from(LABELS).map(lambda n: ("in", n)),
    st.integers(min_value=1, max_value=4).map(lambda k: ("const", k)),
)


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.sampled_from(["+", "*"]), st.lists(children, min_size=2, max_size=3)),
        st.tuples(st.just("-"), st.lists(children, min_size=2, max_size=2)),
        st.tuples(st.just("tanh"), st.lists(children, min_size=1, max_size=1)),
    )


trees = st.recursive(leaves, _extend, max_leaves=8)


def source(tree: Tree) -> str:
    kind, body = tree
    if kind == "in":
        return str(body)
    if kind == "const":
        return str(body)
    parts = [source(child) for child in body]  # type: ignore[union-attr]
    if kind == "tanh":
        return f"tanh({parts[0]})"
    return "(" + f" {kind} ".join(parts) + ")"


def labels_in(tree: Tree) -> list[str]:
    kind, body = tree
    if kind == "in":
        return [str(body)]
    if kind == "const":
        return []
    return sorted({n for child in body for n in labels_in(child)})  # type: ignore[union-attr]


def rewrite(tree: Tree, rnd: random.Random) -> Tree:
    """The same computation: + and * operands shuffled, sums and products regrouped."""
    kind, body = tree
    if kind in ("in", "const"):
        return tree
    children = [rewrite(child, rnd) for child in body]  # type: ignore[union-attr]
    if kind not in ("+", "*"):
        return (kind, children)
    flat: list[Tree] = []
    for child in children:  # ungroup: (a + b) + c is a + b + c
        flat.extend(child[1] if child[0] == kind else [child])  # type: ignore[list-item, arg-type]
    rnd.shuffle(flat)
    while len(flat) > 2 and rnd.random() < 0.7:  # group a random neighbouring pair again
        i = rnd.randrange(len(flat) - 1)
        flat[i : i + 2] = [(kind, flat[i : i + 2])]
    return (kind, flat)


def nodes(tree: Tree, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    kind, body = tree
    found = [path]
    if kind not in ("in", "const"):
        for i, child in enumerate(body):  # type: ignore[arg-type]
            found.extend(nodes(child, (*path, i)))
    return found


def replace(tree: Tree, path: tuple[int, ...], new: Tree) -> Tree:
    if not path:
        return new
    kind, body = tree
    children = list(body)  # type: ignore[arg-type]
    children[path[0]] = replace(children[path[0]], path[1:], new)
    return (kind, children)


def at(tree: Tree, path: tuple[int, ...]) -> Tree:
    for i in path:
        tree = tree[1][i]  # type: ignore[index, assignment]
    return tree


def mutate(tree: Tree, rnd: random.Random) -> Tree:
    """One random change of one operation, input, constant, or the order of a -."""
    path = rnd.choice(nodes(tree))
    kind, body = at(tree, path)
    if kind == "in":
        new: Tree = ("in", rnd.choice([n for n in LABELS if n != body]))
    elif kind == "const":
        new = ("const", int(body) + rnd.choice([-1, 1, 2]))  # type: ignore[call-overload]
    elif kind == "-" and rnd.random() < 0.5:
        new = ("-", list(reversed(body)))  # type: ignore[arg-type]
    elif kind == "tanh":
        new = body[0]  # type: ignore[index, assignment]  # tanh forgotten
    else:
        other = {"+": "*", "*": "+", "-": "+"}[kind]
        new = (other, list(body)) if other != "-" else (other, list(body)[:2])  # type: ignore[arg-type]
    return replace(tree, path, new)


def as_value_graph(src: str, values: dict[str, float]) -> object:
    inputs = {n: Value(x, n) for n, x in values.items()}
    return eval(
        src, {"tanh": lambda v: v.tanh() if isinstance(v, Value) else Value(v).tanh()}, inputs
    )


def as_formula(tree: Tree, names: list[str]):
    namespace = {"tanh": lambda v: v.tanh() if isinstance(v, Value) else Value(v).tanh()}
    return eval(f"lambda {', '.join(names)}: {source(tree)}", namespace)


def as_number(src: str, values: dict[str, float]) -> float:
    return float(eval(src, {"tanh": math.tanh}, dict(values)))


points = st.fixed_dictionaries(
    {
        n: st.floats(min_value=-2, max_value=2, allow_nan=False).filter(lambda x: abs(x) > 0.1)
        for n in LABELS
    }
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees, rnd=st.randoms(use_true_random=False), values=points)
def test_a_commuted_and_regrouped_rewrite_is_right(tree, rnd, values):
    names = labels_in(tree)
    assume(names)  # an expression of constants alone is no graph to build
    yours = as_value_graph(source(rewrite(tree, rnd)), values)
    verdict = check_graph(yours, as_formula(tree, names))
    assert verdict.status == CORRECT, (source(tree), verdict)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees, rnd=st.randoms(use_true_random=False), values=points, other=points)
def test_a_single_change_that_computes_another_function_is_wrong(tree, rnd, values, other):
    names = labels_in(tree)
    assume(names)
    changed = mutate(tree, rnd)
    assume(labels_in(changed))
    original, mutated = source(tree), source(changed)
    # only changes that really compute a different function (a + a -> a * a at a = 2 does not)
    differs = [
        not math.isclose(as_number(original, p), as_number(mutated, p), rel_tol=1e-6, abs_tol=1e-9)
        for p in (values, other)
    ]
    assume(any(differs))
    yours = as_value_graph(source(rewrite(changed, rnd)), values)
    verdict = check_graph(yours, as_formula(tree, names))
    assert verdict.status == WRONG, (original, mutated, verdict)
