"""The course to read: prepare the Sphinx source tree of the static site (offline).

    python scripts/site_pages.py SRC     execute the notebooks into SRC and lay out the rest

SRC gets: conf.py, index.md, _templates/ and _static/ (from site_src/), notebooks/NN_*.ipynb
copied there and executed in place in a fresh kernel each, with their widget state stored
(nbclient's `store_widget_state`, which myst-nb embeds so the widgets show their last state;
00, the course map, last, so it shows the verdicts the solutions earned), figures/ (the
notebooks link ../figures/*.svg), and _static/vendor/<package>/: every third-party file the
pages load, unpacked from the npm tarballs pinned in site_src/npm-packages.txt, each with its
LICENSE and a VERSION file (a widget module only if a notebook stores one of its widgets).
scripts/build_site.sh then runs sphinx-build on SRC.

Reproducible: no timestamps in the cells, and widget model ids derived from the notebook and
the model's place instead of random uuids (see the README for what still differs).

Widgets: the static pages render stored widget state with @jupyter-widgets/html-manager,
which loads each widget's JavaScript module by its npm name through require.js and falls
back to a CDN for names it cannot resolve. `WIDGET_MODULES` maps every module our
notebooks use to a local AMD bundle; a notebook that stores a widget from any other module
stops the build with its name, rather than shipping a page that reaches for a CDN.
anywidget widgets need only anywidget's own AMD bundle (npm `anywidget`, dist/index.js): the
widget's code travels in its model state (`_esm`) and is imported from a Blob URL.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import shutil
import sys
import tarfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
SITE_SRC = REPO / "site_src"
NPM_CACHE = REPO / ".cache" / "site" / "npm"
CELL_TIMEOUT_S = 300  # two shared cores; a stuck cell fails the build instead of hanging it

# npm package -> {file inside the tarball: where it goes under _static/vendor/<package>/}.
# LICENSE and VERSION are added for each.
VENDOR_FILES: dict[str, dict[str, str]] = {
    "requirejs": {"require.js": "require.js"},
    # embed-amd.js defines @jupyter-widgets/{base,controls,output} for require.js and
    # renders the <script type="application/vnd.jupyter.widget-*"> tags myst-nb writes;
    # the font files are Font Awesome, referenced relative to it (icons on buttons).
    "@jupyter-widgets/html-manager": {"dist/embed-amd.js": "embed-amd.js", "dist/*.woff2": "."},
    "anywidget": {"dist/index.js": "index.js"},
    "jupyter-matplotlib": {"dist/index.js": "index.js"},
    # tex-svg.js draws formulas as SVG paths: one file, no web fonts to fetch
    "mathjax": {"es5/tex-svg.js": "tex-svg.js"},
}
# Widget module name (as stored in `_model_module` / `_view_module`) -> vendored AMD bundle.
# @jupyter-widgets/* are built into embed-amd.js.
WIDGET_MODULES = {
    "anywidget": "anywidget/index",
    "jupyter-matplotlib": "jupyter-matplotlib/index",
}
BUILTIN_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}


# html-manager 1.0 typesets widget labels with MathJax 2's `MathJax.Hub.Queue`; the pages
# load MathJax 3, which has no Hub (the page then throws "reading 'Queue'"). Give MathJax 3
# the one call the html-manager makes, whether MathJax loads before or after this script.
MATHJAX_HUB_SHIM = """
(function () {
  const hub = {Queue: (command) => {
    const mathjax = window.MathJax, element = command[2];
    const typeset = () => mathjax.typesetPromise && mathjax.typesetPromise([element]);
    if (mathjax.startup && mathjax.startup.promise) mathjax.startup.promise.then(typeset);
    else typeset();
  }};
  let current = window.MathJax;
  if (current && !current.Hub) current.Hub = hub;
  Object.defineProperty(window, 'MathJax', {
    configurable: true,
    get: () => current,
    set: (value) => { current = value; if (value && !value.Hub) value.Hub = hub; },
  });
})();
"""


def pinned_versions() -> dict[str, str]:
    versions = {}
    for line in (SITE_SRC / "npm-packages.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version, _ = line.split()
            versions[name] = version
    return versions


def vendor(static: Path, used_modules: set[str]) -> None:
    """Unpack the pinned npm files into _static/vendor/, with LICENSE and VERSION: the page
    machinery, and of the widget modules (WIDGET_MODULES) only those a notebook uses."""
    versions = pinned_versions()
    unused = set(WIDGET_MODULES) - used_modules
    for package, files in VENDOR_FILES.items():
        if package in unused:
            continue
        version = versions[package]
        tarball = NPM_CACHE / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
        if not tarball.exists():
            sys.exit(f"site_pages: {tarball} is missing: run scripts/fetch_site_deps.sh first")
        dest = static / "vendor" / package.split("/")[-1]
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            members = {m.name.removeprefix("package/"): m for m in tar.getmembers() if m.isfile()}
            licence = [n for n in members if n.upper().startswith(("LICENSE", "LICENCE"))]
            wanted = ({licence[0]: "LICENSE"} if licence else {}) | files
            if not licence:  # some packages ship none: record what their package.json says
                meta = json.load(tar.extractfile(members["package.json"]))  # type: ignore[arg-type]
                repo = meta.get("repository", {})
                (dest / "LICENSE").write_text(
                    f"{package} {version} is licensed {meta['license']} (its package.json; "
                    f"the npm package ships no licence file).\nSource: "
                    f"{repo.get('url', repo) if isinstance(repo, dict) else repo}\n"
                )
            for pattern, target in wanted.items():
                matched = [n for n in members if fnmatch.fnmatchcase(n, pattern)]
                if not matched:
                    sys.exit(f"site_pages: {package}@{version} has no {pattern}")
                for name in matched:
                    out = dest / (Path(name).name if target == "." else target)
                    source = tar.extractfile(members[name])
                    assert source is not None
                    out.write_bytes(source.read())
        (dest / "VERSION").write_text(f"{package}@{version} (npm)\n")
    # Tell require.js where our widget modules live, relative to this file's own URL, so it
    # works from every page's depth and never asks the html-manager's CDN fallback.
    paths = {
        name: f"BASE + {json.dumps(path)}"
        for name, path in WIDGET_MODULES.items()
        if name in used_modules
    }
    # embed-amd.js's bundles find their fonts next to their own module's URL; they are
    # defined inline, so these paths are never fetched, only used to place the fonts.
    paths["@jupyter-widgets"] = "BASE + 'html-manager'"
    paths["@jupyter-widgets/html-manager/dist"] = "BASE + 'html-manager'"
    entries = ",\n    ".join(f"{json.dumps(n)}: {p}" for n, p in paths.items())
    (static / "vendor" / "widget-modules.js").write_text(
        "// Written by scripts/site_pages.py: widget modules served by this site (no CDN).\n"
        "(function () {\n"
        "  const BASE = document.currentScript.src.replace(/[^/]*$/, '');\n"
        "  window.__jupyter_widgets_assets_path__ = BASE + 'html-manager/';\n"
        f"  require.config({{paths: {{\n    {entries}\n  }}}});\n"
        "})();\n" + MATHJAX_HUB_SHIM
    )


class CellIdClient(NotebookClient):
    """nbclient that sends each cell's id with its execute request (`metadata.cellId`), as
    JupyterLab does: the course's checks record a verdict per cell id, so with it the course
    map of the static site shows the verdicts the solutions earned, not "not run yet"."""

    async def async_execute_cell(
        self,
        cell: nbformat.NotebookNode,
        cell_index: int,
        execution_count: int | None = None,
        store_history: bool = True,
    ) -> nbformat.NotebookNode:
        channel = self.kc.shell_channel if self.kc is not None else None
        if channel is not None and not hasattr(channel, "course_send"):
            channel.course_send = channel.send

            def send(msg: dict) -> None:
                if msg.get("msg_type") == "execute_request" and self.course_cell_id:
                    msg.setdefault("metadata", {})["cellId"] = self.course_cell_id
                channel.course_send(msg)

            channel.send = send
        self.course_cell_id = cell.get("id")
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)


def execute(path: Path) -> float:
    """Run one notebook (a copy in the build tree) top to bottom in a fresh kernel, in place;
    keep its outputs and widget state."""
    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    # The kernel finds its notebook by this name (autograd.course.notebook_path), as in
    # JupyterLab: the exercises then record their verdicts beside the copy, in the build
    # tree, and the course map (run last) shows those of the solutions it was built from.
    os.environ["JPY_SESSION_NAME"] = str(path.resolve())
    try:
        CellIdClient(
            nb,
            timeout=CELL_TIMEOUT_S,
            kernel_name="python3",
            store_widget_state=True,
            record_timing=False,  # no timestamps in the cells: two builds stay comparable
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        del os.environ["JPY_SESSION_NAME"]
    errors = [
        f"{path.name} cell {i}: {out.get('ename')}: {out.get('evalue')}"
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    if errors:
        sys.exit("site_pages: a notebook raised:\n" + "\n".join(errors))
    path.write_text(stable_widget_ids(nbformat.writes(nb), path.stem), encoding="utf-8")
    return time.perf_counter() - started


MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def stable_widget_ids(text: str, stem: str) -> str:
    """The notebook's JSON with each widget model's random id (a uuid4, 32 hex digits) replaced
    by one derived from the notebook's name and the model's place, and the stored state in
    that order, so two builds of the same notebooks write the same pages.

    The place: models in the order the outputs show them, each followed depth first by the
    models its state refers to (layout, style, children); then the models nothing shows
    (jslinks), ordered by their state with the ids already placed."""
    nb = json.loads(text)
    store = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json")
    models: dict = (store or {}).get("state", {})
    if not models:
        return text
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in models and model_id not in order:
            order.append(model_id)
            state = json.dumps(models[model_id], sort_keys=True)
            for ref in MODEL_REF.findall(state):
                visit(ref)

    mime = "application/vnd.jupyter.widget-view+json"
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if mime in output.get("data", {}):
                visit(output["data"][mime]["model_id"])
    new_id: dict[str, str] = {}

    def name_the_placed() -> None:
        for model_id in order[len(new_id) :]:
            new_id[model_id] = hashlib.sha256(f"{stem}/{len(new_id)}".encode()).hexdigest()[:32]

    def placed_state(model_id: str) -> str:
        state = json.dumps(models[model_id], sort_keys=True)
        return MODEL_REF.sub(lambda ref: new_id.get(ref.group(1), "?"), state)

    name_the_placed()
    while len(order) < len(models):
        visit(min((c for c in models if c not in order), key=placed_state))
        name_the_placed()
    store["state"] = {model_id: models[model_id] for model_id in order}
    # A Plot and its sliders share a random `link` name (a uuid4 too): named by order as well.
    for model_id in order:
        link = models[model_id].get("state", {}).get("link")
        if isinstance(link, str) and re.fullmatch("[0-9a-f]{32}", link) and link not in new_id:
            new_id[link] = hashlib.sha256(f"{stem}/link/{len(new_id)}".encode()).hexdigest()[:32]
    for cell in nb["cells"]:
        # Output printed in one go may reach the kernel's client in one message or several
        # (stdout is flushed on a timer): joined, as JupyterLab shows them.
        outputs: list = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = "".join(output["text"])
            last = outputs[-1] if outputs else None
            if (
                output.get("output_type") == "stream"
                and last is not None
                and last.get("output_type") == "stream"
                and last.get("name") == output.get("name")
            ):
                last["text"] += output["text"]
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell["outputs"] = outputs
        # A widget output's text/plain (never shown: the page renders the view) names the
        # object's memory address.
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data and "text/plain" in data:
                plain = data["text/plain"]
                plain = "".join(plain) if isinstance(plain, list) else plain
                data["text/plain"] = re.sub(r" object at 0x[0-9a-f]+>", " object>", plain)
    text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    for old, new in new_id.items():
        text = text.replace(old, new)
    return text


def widget_modules(path: Path) -> set[str]:
    """The JS modules of the widgets a notebook stores; each must be served by the site (see
    WIDGET_MODULES)."""
    nb = nbformat.read(path, as_version=4)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    used = {
        model["state"].get(key) or model.get(key.removeprefix("_"))
        for model in state.get("state", {}).values()
        for key in ("_model_module", "_view_module")
    } | {model.get("model_module") for model in state.get("state", {}).values()}
    unknown = sorted(m for m in used - BUILTIN_MODULES - set(WIDGET_MODULES) - {None})
    if unknown:
        sys.exit(
            f"site_pages: {path.name} stores widgets from {unknown}, which the site does not "
            "serve: add the npm package to site_src/npm-packages.txt and WIDGET_MODULES"
        )
    return {m for m in used if m in WIDGET_MODULES}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    src = Path(sys.argv[1])
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    for item in ("conf.py", "index.md", "_templates", "_static"):
        path = SITE_SRC / item
        if path.is_dir():
            shutil.copytree(path, src / item)
        else:
            shutil.copy2(path, src / item)
    shutil.copytree(REPO / "figures", src / "figures")
    notebooks = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    # The course map (00) last: it shows the verdicts the other notebooks recorded.
    notebooks = notebooks[1:] + notebooks[:1] if notebooks[0].name.startswith("00") else notebooks
    used: set[str] = set()
    for notebook in notebooks:
        copy = src / "notebooks" / notebook.name
        shutil.copy2(notebook, copy)
        seconds = execute(copy)
        used |= widget_modules(copy)
        print(f"site_pages: executed {notebook.name} in {seconds:.1f} s")
    vendor(src / "_static", used)


if __name__ == "__main__":
    main()
