"""The small graphs the lessons build, built once for every test that checks answers on them.

Importable from any test (pytest puts tests/ on the path): `from lesson_graphs import ...`.
Each call builds fresh nodes, as re-running the notebook's cell does.
"""

from __future__ import annotations

from autograd import Value


def karpathy_graph() -> tuple[Value, dict[str, Value]]:
    """Notebook 03's example (micrograd's lecture): L = (a*b + c) * f, every node labelled.

    Returns the output L and every node by its label (a, b, c, f, e, d, L).
    """
    a, b, c, f_ = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c"), Value(-2.0, "f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f_
    L.label = "L"
    return L, dict(a=a, b=b, c=c, f=f_, e=e, d=d, L=L)


def path_graph(a: float = 2.0, b: float = 1.0, labels: str = "abcde") -> tuple[Value, Value]:
    """Notebook 04's path-rule graph (colah's): e = (a + b) * (b + 1); b reaches e by two paths.

    `labels` names a, b, c, d, e in that order (notebook 04 writes them in capitals,
    "ABCDE"). Returns e and b.
    """
    names = dict(zip("abcde", labels))
    first, second = Value(a, names["a"]), Value(b, names["b"])
    c = first + second
    c.label = names["c"]
    d = second + 1.0
    d.label = names["d"]
    e = c * d
    e.label = names["e"]
    return e, second


def small_graph() -> tuple[Value, Value, Value, Value, Value, Value]:
    """L = (a * b + c) * -2.0 with labels: 5 labelled Values, one constant, 3 ops.

    Notebook 03's example with f a plain number (drawn as a constant). Returns a, b, c, e, d, L.
    """
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    loss = d * -2.0
    loss.label = "L"
    return a, b, c, e, d, loss
