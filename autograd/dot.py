"""DOT text and the `dot` program: a graph written in Graphviz's language, and laid out.

`DotGraph` collects DOT statements (`node`, `edge`, graph/node/edge attributes, a caption)
and gives the `source`; graphviz's own API on it (`render()`, `pipe()`, `view()`, `save()`,
`to_graphviz()`) needs the `graphviz` Python package. `run_dot(source, "svg")` runs Graphviz's
`dot` program; `dot_available()` says whether there is one; `ascii_svg` makes its SVG (or
any SVG) pure ASCII.

The DOT source is written here, by hand, rather than with the `graphviz` package: it is
a few lines, it lets every label be escaped exactly (a name ending in a backslash or
holding a NUL would otherwise break `dot`), and it keeps drawing possible where only
the standard library exists (Pyodide / JupyterLite, where there is no `dot` either and
the browser lays the source out).

What a computation graph looks like (boxes, ovals, colours, ids) is autograd.draw's job;
this module knows only the language.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping
from typing import Any, TypeVar

DOT_TIMEOUT_S = 60.0

INSTALL_STEPS = (
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  conda:          conda install -c conda-forge graphviz\n"
    "(`pip install graphviz` alone is not enough: it installs only the Python wrapper.)"
)


class DotError(RuntimeError):
    """Graphviz's `dot` ran but failed (its message is included)."""


def dot_available() -> bool:
    """Whether Graphviz's `dot` program is on PATH."""
    return shutil.which("dot") is not None


# ------------------------------------------------------------------------------ DOT text

# A DOT ID that needs no quotes (what the graphviz package writes bare, so the source
# reads the same as before): a name or a number, but not a DOT keyword.
_BARE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)")
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


class HtmlLabel(str):
    """A Graphviz HTML-like label (written between < >); its text must already be escaped."""


def visible(text: str) -> str:
    """`text` with control characters, NUL and lone surrogates written out as escapes.

    `dot` stops at a NUL and rejects control characters, and a lone surrogate cannot be
    encoded at all; a learner who put one in a label should see it, so it is shown the
    way Python writes it ("a\\x00b") instead of breaking the drawing.
    """
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs"):
            escaped = char.encode("unicode_escape", "backslashreplace").decode("ascii")
            out.append(escaped if escaped != char else f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def quote(value: object) -> str:
    """A DOT attribute value or ID: bare when safe, else a quoted, escaped string.

    In a quoted DOT string only `\\"` is an escape for the parser, but labels and
    tooltips are "escString"s where a backslash starts an escape (\\n, \\l, \\N, ...),
    so every backslash is doubled: a label ending in a backslash no longer swallows the
    closing quote, and "\\N" stays two characters instead of becoming the node's name.
    """
    if isinstance(value, HtmlLabel):
        return f"<{value}>"
    text = visible(str(value))
    if _BARE_ID.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_lines(text: str) -> str:
    """A quoted DOT label whose newlines are line breaks (each line centred)."""
    lines = [quote(line) for line in str(text).split("\n")]
    inner = [line[1:-1] if line.startswith('"') else line for line in lines]
    return '"' + "\\n".join(inner) + '"'


def html_text(text: str) -> str:
    """Text for inside an HTML-like label: control characters shown, markup escaped.

    Graphviz expands escString sequences (\\N: the node's name) even in HTML-like
    labels, where a doubled backslash is one backslash: so backslashes are doubled.
    """
    return html.escape(visible(str(text))).replace("\\", "\\\\")


def tooltip_text(text: str) -> str:
    """A name for a tooltip: backslashes drawn as the full-width "＼".

    Graphviz expands escapes in tooltips once or twice depending on its version (2.43
    turns "\\\\N" into the node's name), so no escaping of a backslash survives every
    version; the look-alike shows the name without giving `dot` anything to expand.
    """
    return visible(str(text)).replace("\\", "\uff3c")


def attr_list(attrs: Mapping[str, object], label: str | None = None) -> str:
    """' [label=... a=1 b=2]': the label first, then the others sorted (as graphviz does)."""
    parts = [] if label is None else [f"label={label}"]
    parts += [f"{quote(k)}={quote(v)}" for k, v in sorted(attrs.items()) if v is not None]
    return f" [{' '.join(parts)}]" if parts else ""


_Graph = TypeVar("_Graph", bound="DotGraph")


class DotGraph:
    """A directed graph as DOT source: statements in order, attributes, an optional caption.

    `render()`, `pipe()`, `view()` and `save()` are graphviz's own (they need the
    `graphviz` package and `dot`); `to_graphviz()` gives the `graphviz.Source` itself.
    """

    def __init__(
        self,
        graph_attr: Mapping[str, str],
        node_attr: Mapping[str, str],
        edge_attr: Mapping[str, str],
    ) -> None:
        self.graph_attr: dict[str, str] = dict(graph_attr)
        self.node_attr = dict(node_attr)
        self.edge_attr = dict(edge_attr)
        self.body: list[str] = []  # one DOT statement per line, as graphviz.Digraph keeps it
        self._caption: str | None = None

    # ---------------------------------------------------------------- building
    def node(self, name: str, label: str, **attrs: object) -> None:
        self.body.append(f"\t{quote(name)}{attr_list(attrs, quote(label))}")

    def edge(self, tail: str, head: str, **attrs: object) -> None:
        self.body.append(f"\t{quote(tail)} -> {quote(head)}{attr_list(attrs)}")

    @property
    def source(self) -> str:
        """The DOT source of the drawing."""
        lines = ["digraph {"]
        graph_attr = dict(self.graph_attr)
        caption = None
        if self._caption is not None:
            caption = quote_lines(self._caption)
            graph_attr.update(labelloc="t", fontname="Helvetica", fontsize="12")
        lines.append(f"\tgraph{attr_list(graph_attr, caption)}")
        lines.append(f"\tnode{attr_list(self.node_attr)}")
        lines.append(f"\tedge{attr_list(self.edge_attr)}")
        return "\n".join(lines + self.body + ["}"]) + "\n"

    def add_caption(self: _Graph, text: str) -> _Graph:
        """Write `text` above the picture (newlines allowed; shown as written, never as
        markup); returns the drawing itself."""
        if not isinstance(text, str):
            raise TypeError(f"add_caption() needs a str, got {type(text).__name__} {text!r}")
        self._caption = text
        return self

    # ---------------------------------------------------------------- graphviz's API
    def to_graphviz(self, **kwargs: Any) -> Any:
        """This drawing as a `graphviz.Source` (needs `pip install graphviz`)."""
        try:
            import graphviz  # only here: the package is optional (absent in Pyodide)
        except ImportError as error:
            raise RuntimeError(
                "this needs the `graphviz` Python package: pip install graphviz "
                "(and Graphviz's `dot` program to render)"
            ) from error
        return graphviz.Source(self.source, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.render` (same arguments), e.g. drawing.render("f", format="png")."""
        return self.to_graphviz().render(*args, **kwargs)

    def pipe(self, *args: Any, **kwargs: Any) -> bytes | str:
        """graphviz's `Source.pipe` (same arguments), e.g. drawing.pipe(format="svg")."""
        return self.to_graphviz().pipe(*args, **kwargs)

    def view(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.view`: render and open in the system's viewer."""
        return self.to_graphviz().view(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> str:
        """graphviz's `Source.save`: write the DOT source to a file."""
        return self.to_graphviz().save(*args, **kwargs)


def ascii_svg(svg: str) -> str:
    """The same SVG with every non-ASCII character as an XML character reference (× -> &#xd7;).

    A reference means the same character to an XML parser, and it survives any path that
    reads the bytes as Latin-1 or ASCII (JupyterLite's base64 conversion did not). Inside a
    comment (`dot` and matplotlib write each label there too) it is only text, which is
    harmless.
    """
    return "".join(c if ord(c) < 128 else f"&#x{ord(c):x};" for c in svg)


def run_dot(source: str, fmt: str, *options: str) -> bytes:
    """Lay out DOT `source` with the `dot` program; FileNotFoundError if it is missing."""
    program = shutil.which("dot")
    if program is None:
        raise FileNotFoundError("Graphviz's `dot` program is not on PATH")
    result = subprocess.run(
        [program, f"-T{fmt}", *options],
        input=source.encode("utf-8"),
        capture_output=True,
        timeout=DOT_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise DotError(message or f"dot exited with status {result.returncode}")
    return result.stdout
