"""What each course notebook's first code cell switches on: `start()`.

    try:
        from autograd.course import start
    except ImportError:  # ...
        print("...")
    else:
        start()

`start()` does three things, quietly when all is well:

1. checks that this kernel is the course's: `autograd` is this project's package (PyPI has
   an unrelated package of the same name that `pip install autograd` would install), the
   package and its dependencies are installed in the kernel's Python, and that Python is
   the course's `.venv` when there is one. If not, one message says how to open the course's
   kernel (`make lab`). The first cell itself catches the case where `autograd.course`
   cannot even be imported (no course package, or PyPI's `autograd` in its place);
2. switches on progress recording (`autograd.progress`) into the notebook's folder, and
   remembers the id of the cell that is running, which JupyterLab sends with each execution,
   so a check's verdict lands beside its exercise on the course map. A cell whose result is
   a check's verdict (anything with `.status`, `.title`, `.message`) is recorded after it
   ran; `progress.record(result)` may also be called directly (the latest verdict wins);
3. installs the NameError hint: when a cell fails with a NameError for a name that an
   earlier cell of the same notebook defines, the traceback gets one more line naming that
   cell and saying "run the cells above first". The original error is shown as always;
   other errors are untouched; notebooks whose first cell does not call `start()` get no
   hint. The notebook is read from the path JupyterLab gives the kernel (`__session__`);
   when it is unknown there is simply no hint.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autograd import progress

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DISTRIBUTION = "backprop-notebooks"
RUN_ABOVE = "run the cells above first (Run > Run All Above Selected Cell)"


# --------------------------------------------------------------------------- start()
def start() -> bool:
    """Check the kernel, switch on progress and hints; True when the kernel is the course's."""
    problems = environment_problems()
    if problems:
        print(environment_message(problems), file=sys.stderr)
    shell = _ipython()
    if shell is not None:
        notebook = notebook_path(shell)
        # Progress lives beside the notebook: notebooks/ and workbook/ keep their own.
        folder = notebook.parent if notebook else Path.cwd()
        progress.enable(folder, notebook.name if notebook else "")
        _install(shell)
        # registers the in-browser layout (viz.js) with autograd.draw, for graphs drawn
        # where there is no `dot` (JupyterLite); ipywidgets loads only when one is shown
        importlib.import_module("autograd.widgets")
    return not problems


def environment_problems() -> list[str]:
    """What is wrong with this kernel as the course's kernel (empty: nothing)."""
    problems = []
    loaded = sys.modules.get("autograd")
    loaded_file = getattr(loaded, "__file__", None)
    if loaded_file is None or Path(loaded_file).resolve().parent != PACKAGE_DIR:
        problems.append(f"the `autograd` imported here is {loaded_file}, not the course's")
    try:
        unrelated = importlib.metadata.distribution("autograd")
        problems.append(
            f"PyPI's unrelated `autograd` {unrelated.version} is installed in this Python "
            "and can shadow the course's package (`pip uninstall autograd` removes it)"
        )
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        problems.append(f"the course's package is not installed in {sys.executable}")
    if sys.platform == "emscripten":
        # JupyterLite (Pyodide): the site's own kernel, with no .venv; numpy and matplotlib
        # load from Pyodide's package distribution on first import, not before.
        return problems
    missing = missing_dependencies()
    if missing:
        problems.append(f"{', '.join(missing)} missing from {sys.executable}")
    venv = PROJECT_DIR / ".venv"
    has_venv = (venv / "bin" / "python").exists() or (venv / "Scripts" / "python.exe").exists()
    if has_venv and Path(sys.prefix).resolve() != venv.resolve():
        problems.append(f"this kernel runs {sys.executable}, not the course's {venv}")
    return problems


def missing_dependencies() -> list[str]:
    """The course package's own requirements (pyproject's dependencies, no extras) that are
    not installed here: read from the installed package's metadata, so the list can never
    drift from pyproject.toml."""
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return []  # reported already: the course's package itself is missing
    missing = []
    for line in requirements:
        if ";" in line:  # an extra's requirement (dev, bench, site): not the course's
            continue
        name = re.split(r"[<>=!~\[ ]", line, maxsplit=1)[0]
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def environment_message(problems: Sequence[str]) -> str:
    """The one message for a kernel that is not the course's."""
    return (
        f"This kernel is not the course's: {'; '.join(problems)}. Open the course with "
        f"`make lab` in {PROJECT_DIR} (it starts JupyterLab with the course's own kernel) and "
        "open this notebook there. Note: `pip install autograd` installs a different, "
        "unrelated package, not this course's."
    )


def load_ipython_extension(shell: Any) -> None:
    """`%load_ext autograd.course` (or a kernel config): the NameError hint only.

    Lets a set-up install the hint at kernel start, so it works after a restart before the
    first cell ran. Progress recording stays off until `start()` runs.
    """
    _install_hint(shell)


# --------------------------------------------------------------------------- hooks
_current_cell: dict[str, str | None] = {"id": None, "source": None}


def _ipython() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _install(shell: Any) -> None:
    events = shell.events
    if _before_cell not in events.callbacks["pre_run_cell"]:
        events.register("pre_run_cell", _before_cell)
    if _after_cell not in events.callbacks["post_run_cell"]:
        events.register("post_run_cell", _after_cell)
    _install_hint(shell)


def _install_hint(shell: Any) -> None:
    events = shell.events
    if _remember_cell not in events.callbacks["pre_run_cell"]:
        events.register("pre_run_cell", _remember_cell)
    # set_custom_exc has one slot: leave a handler someone else installed alone.
    if shell.custom_exceptions in ((), (NameError,)):
        shell.set_custom_exc((NameError,), _show_name_error)


def _remember_cell(info: Any) -> None:
    _current_cell["id"] = getattr(info, "cell_id", None)
    _current_cell["source"] = getattr(info, "raw_cell", None)


def _before_cell(info: Any) -> None:
    progress.set_current_cell(getattr(info, "cell_id", None))


def _after_cell(result: Any) -> None:
    # The verdict a learner sees is the cell's result (the check called last in the cell):
    # record that one, so a demo that prints a check's slip elsewhere never counts.
    shown = getattr(result, "result", None)
    if all(hasattr(shown, name) for name in ("status", "title", "message")):
        progress.record(shown)
    # A check run later from a widget callback belongs to no cell: record nothing then.
    progress.set_current_cell(None)


def _show_name_error(shell: Any, etype: type, value: BaseException, tb: Any,
                     tb_offset: int | None = None) -> None:  # fmt: skip
    """IPython's handler for NameError: the usual traceback, plus one hint line if we can."""
    hint = None
    try:
        missing = getattr(value, "name", None)
        if type(value) is NameError and isinstance(missing, str):
            notebook = notebook_path(shell)
            if notebook is not None:
                hint = name_error_hint(
                    missing, notebook, _current_cell["id"], _current_cell["source"]
                )
    except Exception:
        hint = None  # a hint is a bonus: never let it get in the way of the error
    if hint and hasattr(value, "add_note") and hint not in getattr(value, "__notes__", []):
        value.add_note(hint)
        hint = None
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    if hint:  # Python 3.10 has no exception notes: the line goes right under the traceback
        print(hint, file=sys.stderr)


# --------------------------------------------------------------------------- the hint
def notebook_path(shell: Any = None) -> Path | None:
    """The notebook this kernel runs, as JupyterLab tells it (None when unknown)."""
    namespace = getattr(shell, "user_ns", None) or {}
    session = namespace.get("__session__") or os.environ.get("JPY_SESSION_NAME")
    if not session or not isinstance(session, str):
        return None
    path = Path(session)
    if not path.is_absolute():
        path = Path.cwd() / path.name
    return path if path.suffix == ".ipynb" and path.is_file() else None


def name_error_hint(
    name: str, notebook: Path, cell_id: str | None = None, cell_source: str | None = None
) -> str | None:
    """The hint line for `name` failing in a cell of `notebook`, or None.

    The failing cell is found by its id, or else by its source; the hint names the nearest
    code cell above it that defines `name`. Only for course notebooks (first code cell calls
    `autograd.course`); never for a name that no earlier cell defines.
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # (position among all cells, 1-based as JupyterLab's status bar counts "Cell 4/22", id, code)
    code = [
        (number, cell.get("id"), _source(cell))
        for number, cell in enumerate(cells, 1)
        if cell.get("cell_type") == "code"
    ]
    if not code or "autograd.course" not in code[0][2]:
        return None
    here = next((i for i, (_, cid, _) in enumerate(code) if cell_id and cid == cell_id), None)
    if here is None and cell_source is not None:
        here = next((i for i, (_, _, src) in enumerate(code) if src == cell_source), None)
    if here is None:
        return None
    for number, _, source in reversed(code[:here]):
        if name in defined_names(source):
            first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
            if len(first) > 60:
                first = first[:57] + "..."
            return (
                f"Hint: `{name}` is defined in cell {number} of this notebook "
                f"(`{first}`): {RUN_ABOVE}."
            )
    return None


def defined_names(source: str) -> set[str]:
    """The global names a cell's code binds (assignments, imports, defs, for/with targets)."""
    try:
        tree = ast.parse(_python_of(source))
    except SyntaxError:
        return set()
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            return  # their bodies are another scope
        if isinstance(
            node, ast.Lambda | ast.GeneratorExp | ast.ListComp | ast.SetComp | ast.DictComp
        ):
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def _python_of(source: str) -> str:
    """Cell source as plain Python: IPython magics (`%matplotlib widget`) transformed."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    except Exception:
        return "\n".join(
            "" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")
        )


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
