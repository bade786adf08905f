"""Every notebook of the series runs clean, twice, and each cell gives the same result re-run.

For each `notebooks/NN_*.ipynb` (executed with nbclient, cwd `notebooks/`):

1. run-all in a fresh kernel: no error output, nothing on stderr (warnings land there);
2. in that same kernel, after run-all, every code cell is run once more, from the last cell
   up to the first, and must print the same text as it did in run-all. Last to first, so
   that no earlier cell (re-seeding a generator, rebuilding a model) is re-run first and
   hides a cell that depends on hidden state;
3. run-all again in a second fresh kernel (restart and run all): identical text outputs.

The re-run convention. A cell whose job is to take *one more step* each time it is run
(train one more step, advance a stepper) carries the cell tag `rerun`
(cell metadata `{"tags": ["rerun"]}`) and prints a counter, `step <n>` (any case, e.g.
"Step 12: loss 0.0312"). Re-running it must print `step <n+1>`: exactly one more step.
Every other cell must print exactly what it printed before.

"Text output" means what a learner reads: `text/plain` results and stdout, with
consecutive stdout chunks joined. Other outputs are compared by kind only (an image, a
widget: so a widget's model id never counts). Things that differ between runs by nature
are normalized, each by one narrow rule (see `NORMALIZERS`): memory addresses, model ids
in a repr, and printed timings.

Committed notebooks must have cleared outputs and be numbered 01_, 02_, ... without gaps.
The run time of each notebook (first run-all) and the series total are printed at the end
(target: the whole series under 90 s on the 2-core machine; a report, not an assertion).
"""

from __future__ import annotations

import copy
import re
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_runs import notebook_client

pytestmark = pytest.mark.notebooks

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAME_PATTERN = re.compile(r"^(\d{2})_[a-z0-9_]+\.ipynb$")
CELL_TIMEOUT_S = 120  # generous: two shared cores; the series as a whole aims at 90 s
RERUN_TAG = "rerun"
STEP_COUNTER = re.compile(r"\bstep (\d+)\b", re.IGNORECASE)

# (pattern, replacement): each one rule for one thing that legitimately differs between runs.
NORMALIZERS: list[tuple[re.Pattern[str], str]] = [
    # default reprs: <graphviz.graphs.Digraph at 0x7f04404c19d0>
    (re.compile(r"\bat 0x[0-9a-f]+\b"), "at 0x…"),
    # widget model ids (32 hex digits) should they appear in a repr
    (re.compile(r"\b[0-9a-f]{32}\b"), "<model id>"),
    # wall-clock timings a cell may print: "0.31 s", "12 ms", "850 µs"
    (re.compile(r"\b\d+(?:\.\d+)?(?:e-?\d+)? ?(?:s|ms|µs|us|ns)\b"), "<time>"),
    # ratios of measured times, printed with a multiplication sign: "backward/forward 1.3×"
    # (not a shape such as 2×3: a digit follows that ×)
    (re.compile(r"\b\d+(?:\.\d+)?×(?!\d)"), "<ratio>×"),
]

run_times: dict[str, float] = {}


def normalize(text: str) -> str:
    for pattern, replacement in NORMALIZERS:
        text = pattern.sub(replacement, text)
    return text


def text_of(outputs: list[dict[str, Any]]) -> list[str]:
    """What a learner reads in a cell's outputs, normalized, stdout chunks joined."""
    items: list[str] = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            if out["name"] != "stdout":
                items.append(f"<{out['name']}> {out['text']}")
            elif items and items[-1].startswith("<stdout> "):
                items[-1] += out["text"]  # the kernel may split one print into chunks
            else:
                items.append(f"<stdout> {out['text']}")
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            others = sorted(m for m in data if m != "text/plain")
            items.append(f"<{' '.join(others)}> {data.get('text/plain', '')}")
        elif kind == "error":
            items.append(f"<error> {out['ename']}: {out['evalue']}")
    return [normalize(item) for item in items]


def problems_in(outputs: list[dict[str, Any]]) -> list[str]:
    """Errors and anything written to stderr (where Python's warnings go)."""
    found = []
    for out in outputs:
        if out["output_type"] == "error":
            found.append(f"error {out['ename']}: {out['evalue']}")
        elif out["output_type"] == "stream" and out["name"] == "stderr":
            found.append(f"stderr: {out['text'].strip()}")
    return found


def where(nb: nbformat.NotebookNode, index: int) -> str:
    source = nb.cells[index].source.strip().splitlines()
    return f"cell {index} ({source[0][:60] if source else 'empty'!r})"


def is_rerun_cell(cell: nbformat.NotebookNode) -> bool:
    return RERUN_TAG in cell.get("metadata", {}).get("tags", [])


def step_number(texts: list[str]) -> int | None:
    match = STEP_COUNTER.search("\n".join(texts))
    return int(match.group(1)) if match else None


def new_client(nb: nbformat.NotebookNode) -> NotebookClient:
    # allow_errors: we report the failing cell ourselves, with all its problems
    return notebook_client(nb, timeout=CELL_TIMEOUT_S, allow_errors=True)


def run_all(client: NotebookClient) -> None:
    for index, cell in enumerate(client.nb.cells):
        client.execute_cell(cell, index)


def code_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


@pytest.fixture(scope="module", autouse=True)
def report_run_times(request: pytest.FixtureRequest):
    """Print each notebook's run-all time and the total after the tests of this module."""
    yield
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if not run_times or reporter is None:
        return
    lines = ["", "notebook run-all times (fresh kernel, first run):"]
    lines += [f"  {name:<45} {seconds:6.1f} s" for name, seconds in run_times.items()]
    lines.append(f"  {'total':<45} {sum(run_times.values()):6.1f} s (target < 90 s)")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():  # past pytest's output capturing
        for line in lines:
            reporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def warm_matplotlib_font_cache() -> None:
    """A fresh machine builds matplotlib's font cache on first import and says so on stderr;
    build it here so that message never lands in the first notebook that plots."""
    import matplotlib.font_manager  # noqa: F401


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def executed(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Run one notebook: run-all, every cell once more (last to first), run-all again."""
    path: Path = request.param
    committed = nbformat.read(path, as_version=4)

    client = new_client(copy.deepcopy(committed))
    rerun_texts: dict[int, list[str]] = {}
    rerun_problems: dict[int, list[str]] = {}
    with client.setup_kernel():
        started = time.perf_counter()
        run_all(client)
        run_times[path.name] = time.perf_counter() - started
        # execute_cell puts the cell it runs into client.nb: keep run-all's outputs apart
        first = copy.deepcopy(client.nb)
        for index in reversed(code_cells(first)):
            again = copy.deepcopy(first.cells[index])
            client.execute_cell(again, index)
            rerun_texts[index] = text_of(again.outputs)
            rerun_problems[index] = problems_in(again.outputs)

    second = copy.deepcopy(committed)
    new_client(second).execute()
    return {
        "first": first,
        "second": second,
        "rerun_texts": rerun_texts,
        "rerun_problems": rerun_problems,
    }


def test_runs_without_errors_or_warnings(executed: dict[str, Any]) -> None:
    nb = executed["first"]
    problems = [
        f"{where(nb, i)}: {problem}"
        for i in code_cells(nb)
        for problem in problems_in(nb.cells[i].outputs)
    ]
    assert not problems, "\n".join(problems)


def test_restart_and_run_all_gives_identical_text(executed: dict[str, Any]) -> None:
    first, second = executed["first"], executed["second"]
    different = [
        f"{where(first, i)}:\n  first:  {text_of(first.cells[i].outputs)}\n"
        f"  second: {text_of(second.cells[i].outputs)}"
        for i in code_cells(first)
        if text_of(first.cells[i].outputs) != text_of(second.cells[i].outputs)
    ]
    assert not different, "run-all in a fresh kernel printed something else:\n" + "\n".join(
        different
    )


def test_every_cell_gives_the_same_result_when_run_again(executed: dict[str, Any]) -> None:
    nb = executed["first"]
    failures = []
    for i in code_cells(nb):
        before, after = text_of(nb.cells[i].outputs), executed["rerun_texts"][i]
        failures += [f"{where(nb, i)} re-run: {p}" for p in executed["rerun_problems"][i]]
        if is_rerun_cell(nb.cells[i]):
            step_before, step_after = step_number(before), step_number(after)
            if step_before is None or step_after != step_before + 1:
                failures.append(
                    f"{where(nb, i)} is tagged {RERUN_TAG!r}, so it must print 'step <n>' and "
                    f"one more step when re-run; printed step {step_before}, then {step_after}"
                )
        elif before != after:
            failures.append(
                f"{where(nb, i)} printed something else when run again (hidden state?); "
                f"if it is meant to take one more step, tag it {RERUN_TAG!r}:\n"
                f"  run-all: {before}\n  re-run:  {after}"
            )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_clean(path: Path) -> None:
    """Outputs cleared (reviewable diffs) and the kernelspec every notebook shares."""
    nb = nbformat.read(path, as_version=4)
    with_outputs = [
        where(nb, i) for i in code_cells(nb) if nb.cells[i].outputs or nb.cells[i].execution_count
    ]
    assert not with_outputs, f"commit notebooks with outputs cleared; not cleared: {with_outputs}"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in nb.metadata, "saved widget state: clear it before committing"


def test_series_is_numbered_from_01_without_gaps() -> None:
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    badly_named = [p.name for p in NOTEBOOKS if not NAME_PATTERN.match(p.name)]
    assert not badly_named, f"name notebooks NN_lower_case_words.ipynb: {badly_named}"
    numbers = [int(NAME_PATTERN.match(p.name).group(1)) for p in NOTEBOOKS]
    # 00 is the course map (optional); the lessons run 01, 02, ... without gaps
    first = 0 if numbers[0] == 0 else 1
    assert numbers == list(range(first, first + len(numbers))), f"must run (00,) 01, 02: {numbers}"


def test_normalizers_are_narrow() -> None:
    """The normalizing must hide addresses, ids and timings, but not the numbers lessons print."""
    assert normalize("<Digraph at 0x7f04404c19d0>") == "<Digraph at 0x…>"
    assert normalize("trained in 0.31 s (12 ms per step)") == "trained in <time> (<time> per step)"
    assert normalize("model 640abf8b0fc045b3bddff37b573365e2") == "model <model id>"
    assert (
        normalize("backward/forward 1.3×, 14× backprop")
        == "backward/forward <ratio>×, <ratio>× backprop"
    )
    kept = "step 12: loss 0.0312, k5 = -1.5, 100 steps, a.grad = 4.0, A is 2×3"
    assert normalize(kept) == kept
