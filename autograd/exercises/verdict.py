"""The verdict of a check, and reading a learner's answer as a number.

`CheckResult` is what every check returns; `result()` is the one place where a
`CheckResult` is made, so anything that must see every verdict (progress recording)
hooks in there. `read_number` turns any Python object into a finite float or into the
reason why it is not one, so no answer of any type or size can crash a check or be
called right by accident (inf, nan, 10**400, strings, None, lists, arrays, Values).

Two promises hold for every verdict, however it was made, because `CheckResult` keeps
them itself: a blank never shows the expected number, and "not answered yet" names the
learner's variable that still holds the `...` (read from the calling cell).
"""

from __future__ import annotations

import ast
import decimal
import html
import inspect
import io
import linecache
import math
import numbers
import re
import textwrap
import tokenize
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

CORRECT, WRONG, UNANSWERED = "correct", "wrong", "unanswered"
_SYMBOL = {CORRECT: "✔", WRONG: "✘", UNANSWERED: "…"}
# Mid-tone hues, mixed 60/40 with the theme's own text colour (currentColor) so a verdict
# stays readable on JupyterLab's light and dark themes (contrast >= 5 in both); the plain hue
# comes first for renderers that drop color-mix (e.g. an untrusted, sanitised output).
COLOURS = {CORRECT: "#43a047", WRONG: "#e53935", UNANSWERED: "#9e9e9e"}


def verdict_colour(status: str | None) -> str:
    """CSS for a verdict's colour (the course map's too): the hue, then the mix (see above)."""
    hue = COLOURS.get(status or UNANSWERED, COLOURS[UNANSWERED])
    return f"color:{hue};color:color-mix(in srgb, {hue} 60%, currentColor)"


Row = tuple[str, str, str, str]  # (name, yours, expected, note)

# A number, or a name.grad / name.data, in a message: kept on one line in HTML, because a
# diagnosis that wraps between "-" and "0.333" (or "e." and "grad") reads as two things.
_UNBREAKABLE = re.compile(
    r"[A-Za-z_]\w*\.(?:grad|data)|(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])"
)


def _html_text(text: str) -> str:
    """Escape `text` for HTML, wrapping each number and name.grad in a no-break span."""
    out, last = [], 0
    for match in _UNBREAKABLE.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<span style='white-space:nowrap'>{html.escape(match.group())}</span>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


@dataclass
class CheckResult:
    """The outcome of one check: status, what was checked, the message, optional table rows."""

    status: str  # CORRECT, WRONG or UNANSWERED
    title: str
    message: str
    rows: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Two promises every check keeps, enforced here once for all of them.

        No answer spoiled: a blank never shows the expected number (a row whose answer is
        still `...`, and every row of a not-answered verdict, has its expected column
        emptied). Not answered yet names the learner's variable ("replace the ... of
        k2_grad"), read from the cell that called the check (`blank_argument_name`).
        """
        self.rows = [_without_spoiler(row, self.status) for row in self.rows]
        if self.status == UNANSWERED:
            self.message = _naming_the_blank(self.message, blank_argument_name())

    @property
    def ok(self) -> bool:
        """True when the answer is right (wrong and not-answered-yet are both False)."""
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        lines = [f"{_SYMBOL[self.status]} {self.title}: {self.message}"]
        for name, yours, expected, note in self.rows:
            figures = f"yours {yours}, expected {expected}  " if expected else ""
            figures = figures or (f"yours {yours}  " if yours else "")
            lines.append(f"    {name}: {figures}{note}".rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = COLOURS[self.status]
        table = ""
        if self.rows:
            cells = "".join(
                f"<tr><td><code>{html.escape(n)}</code></td><td>{_html_text(y)}</td>"
                f"<td>{_html_text(e)}</td><td>{_html_text(note)}</td></tr>"
                for n, y, e, note in self.rows
            )
            table = (
                "<table style='margin-top:4px'><tr><th>node</th><th>yours</th>"
                f"<th>expected</th><th></th></tr>{cells}</table>"
            )
        return (
            f"<div style='border-left:6px solid {colour};padding:4px 10px;margin:4px 0'>"
            f"<b style='{verdict_colour(self.status)}'>"
            f"{_SYMBOL[self.status]} {html.escape(self.title)}</b>: "
            f"{_html_text(self.message)}{table}</div>"
        )


def _without_spoiler(row: Row, status: str) -> Row:
    """The row with its expected number hidden where the learner has not answered yet."""
    name, yours, expected, note = row
    if yours.strip() in ("...", "Ellipsis") or (status == UNANSWERED and yours == ""):
        return (name, yours, "", "not answered yet")
    if status == UNANSWERED:
        return (name, yours, "", note)
    return row


_OF_A_NAME = re.compile(r"replace the \.\.\. of [\w.\[\]'\"]+")
_YOUR_THING = re.compile(r"\byour (?:function|list|training step|prediction|answer)\b")


def _naming_the_blank(message: str, name: str | None) -> str:
    """`message` of a not-answered verdict, naming the variable that still holds the `...`."""
    if not name or re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", message):
        return message
    if _OF_A_NAME.search(message):  # the check's own word for it: the learner's is better
        return _OF_A_NAME.sub(f"replace the ... of {name}", message, count=1)
    if _YOUR_THING.search(message):
        return _YOUR_THING.sub(name, message, count=1)
    if message.rstrip().endswith("the ..."):
        return f"{message.rstrip()} of {name}"
    return f"{message} (in {name})"


def blank_argument_name() -> str | None:
    """The learner's name for the check's argument that still holds a `...` (e.g. `k2_grad`).

    Read from the call stack: the outermost frame of this package is the check the learner
    called; its first argument that holds a blank is found by value, and the text the
    learner wrote for that argument is read from the calling cell's source (Python keeps
    each call's position in the code; IPython keeps each cell's text). None when any of
    that is unknown, or when the argument is not a plain name (`...` typed in the call).
    """
    try:
        return _blank_argument_name()
    except Exception:  # naming the blank is a courtesy: never let it break a verdict
        return None


def _blank_argument_name() -> str | None:
    frame = inspect.currentframe()
    check = None
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        ours = module == "autograd" or module.startswith("autograd.")
        generated = frame.f_code.co_filename.startswith("<") and check is None
        if not (ours or generated):
            break
        if ours:
            check = frame
        frame = frame.f_back
    if frame is None or check is None:
        return None
    code = check.f_code
    parameters = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    blank = next((i for i, p in enumerate(parameters) if holds_blank(check.f_locals.get(p))), None)
    if blank is None:
        return None
    call = _call_at(frame, code.co_name)
    if call is None:
        return None
    node: ast.expr | None = None
    if blank < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        node = call.args[blank]
    else:
        node = next((k.value for k in call.keywords if k.arg == parameters[blank]), None)
    if not isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        return None
    text = ast.unparse(node)
    return text if len(text) <= 40 else None


def _call_at(frame: types.FrameType, function: str) -> ast.Call | None:
    """The call of `function` the frame is executing, parsed from the frame's source."""
    lines = linecache.getlines(frame.f_code.co_filename, frame.f_globals)
    if not lines:
        return None
    positions = getattr(frame.f_code, "co_positions", None)  # Python 3.11+: exact columns
    if positions is not None:
        spans = list(positions())
        index = frame.f_lasti // 2
        if 0 <= index < len(spans) and None not in spans[index]:
            line, end_line, column, end_column = spans[index]
            chunk = [text.encode() for text in lines[line - 1 : end_line]]
            if chunk:
                chunk[-1] = chunk[-1][:end_column]
                chunk[0] = chunk[0][column:]
                try:
                    tree = ast.parse(b"".join(chunk).decode().strip(), mode="eval")
                except SyntaxError:
                    tree = None
                if tree is not None and isinstance(tree.body, ast.Call):
                    return tree.body
    # otherwise: the one call of that name on the frame's current line
    try:
        module = ast.parse("".join(lines))
    except SyntaxError:
        return None
    calls = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Call)
        and node.lineno <= frame.f_lineno <= (node.end_lineno or node.lineno)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == function
    ]
    return calls[0] if len(calls) == 1 else None


def holds_blank(answer: object) -> bool:
    """Whether `answer` is, holds or was built from a `...` blank of the workbook."""
    if answer is ...:
        return True
    if isinstance(answer, (list, tuple)):
        return any(holds_blank(item) for item in answer)
    if isinstance(answer, dict):
        return any(holds_blank(item) for item in answer.values())
    if callable(answer) and hasattr(answer, "__code__"):
        return has_blank(answer)
    return False


def result(status: str, title: str, message: str, rows: Iterable[Row] = ()) -> CheckResult:
    """Make a verdict. Every check makes its CheckResult here and nowhere else."""
    if status not in _SYMBOL:
        raise ValueError(f"status must be one of {sorted(_SYMBOL)}, got {status!r}")
    return CheckResult(status, title, message, list(rows))


# ------------------------------------------------------------------------ showing numbers
def fmt(x: object) -> str:
    """A number (or any answer) as a message shows it: short, never raising."""
    if x is ...:
        return "..."
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        return f"{x:.6g}" if math.isfinite(x) else repr(x)
    if isinstance(x, int) and not isinstance(x, bool) and abs(x) >= 10**15:
        return f"an integer of about {_digits(x)} digits"
    try:
        text = repr(x)
    except Exception:  # a learner's object whose repr is broken still gets named
        text = f"<{type(x).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _digits(n: int) -> int:
    # from the bit length: str() of a huge int is refused by Python (and slow)
    return int(abs(n).bit_length() * math.log10(2)) + 1


def close(a: float, b: float, tolerance: float = 1e-6) -> bool:
    """Equal up to a relative tolerance (absolute near 0); never true for inf or nan."""
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError, OverflowError):  # junk is never close to anything
        return False
    if not (math.isfinite(a) and math.isfinite(b)):
        return False  # the relative tolerance would otherwise be infinite: inf "equals" 14
    return abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))


# ------------------------------------------------------------------------ reading answers
def read_number(given: object, name: str = "the answer") -> float | str:
    """`given` as a finite float, or (a str) the reason why it is not one.

    The reason reads after the name: "slope is nan: ...". A `...` is not handled here
    (callers say "not answered yet" first).
    """
    from autograd.engine import Value  # here: the verdict module stays import-light

    if isinstance(given, Value):
        example = f"{name}.data" if re.fullmatch(r"[A-Za-z_][\w.]*", name) else "its .data"
        return f"is a Value; the answer is a plain number, e.g. {example}"
    if isinstance(given, bool):
        return f"is {given}, a truth value, not a number"
    if given is None:
        return "is None, not a number (did a function forget to return its result?)"
    if isinstance(given, str):
        try:
            float(given)
        except ValueError:
            return f"is the text {fmt(given)}, not a number"
        return f"is the text {fmt(given)}: write the number without quotes"
    if isinstance(given, complex):
        return f"is the complex number {fmt(given)}; the answer is a real number"
    shape = getattr(given, "shape", None)
    if shape == () and hasattr(given, "item"):  # a numpy 0-d array or scalar holds one number
        try:
            return read_number(given.item(), name)
        except Exception:
            return f"is a {type(given).__name__} that does not hold a plain number"
    if shape is not None or isinstance(given, (list, tuple, set, dict, range)):
        try:
            count = len(given)  # type: ignore[arg-type]
        except Exception:
            count = None
        many = f" of {count} items" if count is not None else ""
        return f"is a {type(given).__name__}{many}; the answer is one number"
    if isinstance(given, int):
        try:
            value = float(given)
        except OverflowError:
            return f"is {fmt(given)}, too large for any float"
    elif isinstance(given, (numbers.Real, decimal.Decimal)):
        try:
            value = float(given)
        except (OverflowError, ValueError, TypeError, decimal.InvalidOperation):
            return f"is {fmt(given)}, which is not a usable number"
    else:
        return f"is a {type(given).__name__} ({fmt(given)}), not a number"
    if math.isnan(value):
        return "is nan (not a number): something in it was undefined, such as 0/0 or inf - inf"
    if math.isinf(value):
        return f"is {fmt(given)}, not a finite number: something grew too large for a float"
    return value


def number_check(
    title: str,
    what: str,
    given: object,
    expected: float,
    truth: str,
    mistakes: Sequence[tuple[float, str]] = (),
    tolerance: float = 1e-6,
    name: str | None = None,
) -> CheckResult:
    """Compare one number with `expected`; when wrong, name the first matching mistake.

    `what` is the learner's side ("your prediction"), `truth` the fact it is compared
    with ("r.data"), so a wrong answer reads "your prediction is -6; r.data is -2".
    `name` is the variable the answer lives in (for the `...` and Value hints).
    """
    name = name or what
    if given is ...:
        return result(UNANSWERED, title, f"not answered yet: replace the ... of {name}")
    value = read_number(given, name)
    if isinstance(value, str):
        return result(WRONG, title, f"{what} {value}")
    if not math.isfinite(expected):  # the exercise itself overflowed: nothing can match it
        return result(WRONG, title, f"{truth} is {fmt(expected)}: no number can match that")
    if close(value, expected, tolerance):
        return result(CORRECT, title, f"{what} is {fmt(value)}, right")
    head = f"{what} is {fmt(value)}; {truth} is {fmt(expected)}"
    for mistake, hint in mistakes:
        if close(value, mistake, tolerance):
            return result(WRONG, title, f"{head}: {hint}")
    return result(WRONG, title, head)


def combine(title: str, statuses: list[str], rows: list[Row], hints: list[str]) -> CheckResult:
    """One verdict for several parts: any wrong part makes it wrong."""
    if WRONG in statuses:
        return result(WRONG, title, "; ".join(hints) or "some entries are wrong", rows)
    if UNANSWERED in statuses:
        return result(UNANSWERED, title, "not answered yet (some entries are still ...)", rows)
    return result(CORRECT, title, "all right", rows)


# ------------------------------------------------------------------------ learner functions
def has_blank(function: object) -> bool:
    """Whether a learner's function still has a `...` blank of the workbook in it.

    Python drops a bare `...` statement when compiling, so the source is read too (IPython
    keeps every cell's source, so this works for functions defined in a notebook).
    """
    code = getattr(function, "__code__", None)
    if code is not None and _code_has_ellipsis(code):
        return True
    if getattr(function, "__name__", "") == "<lambda>":
        return False  # its "source" is the whole line around it: a ... there is not its own
    try:
        source = textwrap.dedent(inspect.getsource(function))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a lambda in the middle of a line: look at the tokens instead
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (tokenize.TokenError, SyntaxError):
            return False
        return any(t.type == tokenize.OP and t.string == "..." for t in tokens)
    return any(isinstance(node, ast.Constant) and node.value is ... for node in ast.walk(tree))


def _code_has_ellipsis(code: object) -> bool:
    for constant in getattr(code, "co_consts", ()):
        if constant is ...:
            return True
        if hasattr(constant, "co_consts") and _code_has_ellipsis(constant):
            return True
    return False


def raised(title: str, where: str, error: BaseException, function: object) -> CheckResult:
    """The learner's function raised: a `...` still in it means not answered yet."""
    if has_blank(function) or "ellipsis" in _safe_str(error):
        return result(UNANSWERED, title, "not answered yet: a ... is still in your function")
    return result(WRONG, title, f"{where} raised {type(error).__name__}: {_safe_str(error)}")


def _safe_str(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:
        return "(no message)"
    return text if len(text) <= 300 else text[:297] + "..."


def call_learner(
    function: Callable[..., object], *args: object
) -> tuple[object, BaseException | None]:
    """Run a learner's function: (its return value, None) or (None, the exception).

    Any Exception is caught (the learner's code may raise anything); KeyboardInterrupt
    and SystemExit are not, so stopping the kernel still works.
    """
    try:
        return function(*args), None
    except Exception as error:
        return None, error
