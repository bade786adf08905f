"""The course to run: a JupyterLite build (JupyterLab + a Pyodide kernel) that needs no server.

    python scripts/site_lite.py fetch      download wheels (online; scripts/fetch_site_deps.sh)
    python scripts/site_lite.py build OUT  build the JupyterLite site into OUT (offline)

Why it is more than `jupyter lite build`: by default the Pyodide kernel loads Pyodide and
every package (micropip, IPython, ...) from a CDN at run time. Here the Pyodide core comes
from the `pyodide` npm package (cached by fetch_site_deps.sh), and every package the kernel
and the course need (measured on this machine, see the README's "Run it in the browser") is a
pure-Python wheel from PyPI placed next to the core, with its entry in `pyodide-lock.json`
rewritten to point at it. Pyodide checks each wheel against the lock's sha256, and its own
re-packed wheels differ from PyPI's, so the hashes are recomputed from our files.

Putting the course's packages in the lock (not only in piplite's index) has a second use:
the kernel loads lock packages on `import` (loadPackagesFromImports), so the notebooks run
unchanged: `import autograd` installs this project's wheel, `import ipywidgets` the widgets.
Packages we do not bundle (numpy, matplotlib and the rest of Pyodide's distribution) keep
their lock entry with an absolute URL into Pyodide's own distribution, so a deployed site
loads them from there on first import; offline they fail to download, which is why
notebooks 01-04 (which need neither) are the ones run offline in the tests.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".cache" / "site"
NPM_CACHE = CACHE / "npm"
WHEELS = CACHE / "wheels"
# The Pyodide kernel's JupyterLab extension, moved here out of .venv by fetch_site_deps.sh:
# it is for this build only (in the course's own JupyterLab it fails to load).
LITE_EXTENSIONS = CACHE / "labextensions"
SITE_SRC = REPO / "site_src"

# Loaded by the kernel itself at start-up (jupyterlite-pyodide-kernel 0.8.6's worker:
# micropip, then piplite installs ipykernel, comm, pyodide-kernel, jedi, ipython), plus what
# ipywidgets and anywidget import: the lock's own `depends` give the rest of the closure.
KERNEL_LOCK_ROOTS = ["micropip", "ipython", "jedi", "traitlets", "typing-extensions"]
# Not in Pyodide's distribution at all: added to the lock as new entries, at the versions the
# site's .venv runs (so the browser kernel matches what executed the static pages).
# ipython-pygments-lexers: IPython 9 requires it; Pyodide's lock leaves it out.
EXTRA_PACKAGES = [
    "ipywidgets", "anywidget", "comm", "jupyterlab-widgets", "psygnal", "graphviz",
    "ipython-pygments-lexers",
]  # fmt: skip
# Stand-ins for Emscripten's environment markers (`sys_platform == "emscripten"`).
EMSCRIPTEN_MARKERS = {"sys_platform": "emscripten", "platform_system": "Emscripten"}


def canonical(name: str) -> str:
    """PEP 503 name: what pyodide-lock.json uses as its keys."""
    return re.sub(r"[-_.]+", "-", name).lower()


def npm_tarball(name: str) -> Path:
    """The cached tarball of the pinned version of an npm package."""
    for line in (SITE_SRC / "npm-packages.txt").read_text().splitlines():
        fields = line.split()
        if fields and not line.startswith("#") and fields[0] == name:
            path = NPM_CACHE / f"{name.lstrip('@').replace('/', '-')}-{fields[1]}.tgz"
            if not path.exists():
                sys.exit(f"site_lite: {path} is missing: run scripts/fetch_site_deps.sh first")
            return path
    sys.exit(f"site_lite: {name} is not pinned in site_src/npm-packages.txt")


def read_pyodide_lock() -> dict:
    with tarfile.open(npm_tarball("pyodide")) as tar:
        member = tar.extractfile("package/pyodide-lock.json")
        assert member is not None
        return json.load(member)


def lock_closure(lock: dict, roots: list[str]) -> list[str]:
    """The roots and everything they depend on, by the lock's own `depends` lists."""
    packages = lock["packages"]
    seen: set[str] = set()
    todo = [canonical(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            sys.exit(f"site_lite: {name} is not in Pyodide's lock file")
        seen.add(name)
        todo += [canonical(d) for d in packages[name]["depends"]]
    return sorted(seen)


def pip_download(spec: str, dest: Path) -> None:
    """One pure-Python wheel for Python 3.14 (Pyodide's), without its dependencies."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.14", "--platform", "any", "--implementation", "py",
         "-d", str(dest), spec],
        check=True,
    )  # fmt: skip


def fetch() -> None:
    """Download every wheel the browser kernel needs (idempotent: skips what is there)."""
    lock = read_pyodide_lock()
    have = {canonical(wheel_name(p)[0]) for p in WHEELS.glob("*.whl")}
    WHEELS.mkdir(parents=True, exist_ok=True)
    for name in lock_closure(lock, KERNEL_LOCK_ROOTS):
        if name in have:
            continue
        version = lock["packages"][name]["version"]
        try:  # the version Pyodide 314 was tested with, if PyPI has it here
            pip_download(f"{name}=={version}", WHEELS)
        except subprocess.CalledProcessError:
            print(f"site_lite: {name}=={version} not found, taking the newest pure wheel")
            pip_download(name, WHEELS)
    for name in EXTRA_PACKAGES:
        if canonical(name) not in have:
            pip_download(f"{name}=={importlib.metadata.version(name)}", WHEELS)


def wheel_name(path: Path) -> tuple[str, str]:
    """(distribution name, version) from a wheel's file name."""
    name, version = path.name.split("-")[:2]
    return name, version


def wheel_entry(path: Path, lock_names: set[str], local_only: set[str] | None = None) -> dict:
    """A pyodide-lock.json entry for one of our wheels (sha256 of OUR file).

    With `local_only` (this project's wheel), dependencies outside it are left out: the
    course's heavy ones (numpy, matplotlib) load on first import instead, so that
    `import autograd` works offline, and jupyterlab / ipympl have no use in the browser.
    """
    with zipfile.ZipFile(path) as whl:
        dist_info = next(n.split("/")[0] for n in whl.namelist() if ".dist-info/" in n)
        metadata = email.parser.Parser().parsestr(whl.read(f"{dist_info}/METADATA").decode())
        top_level = sorted(
            {
                n.split("/")[0].removesuffix(".py")
                for n in whl.namelist()
                if not n.split("/")[0].endswith((".dist-info", ".data"))
                and (n.endswith(".py") or "/" in n)
            }
        )
    env = default_environment() | EMSCRIPTEN_MARKERS | {"python_version": "3.14"}
    depends = []
    for text in metadata.get_all("Requires-Dist") or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(env | {"extra": ""}):
            # Dependencies Pyodide cannot provide (none of ours needs one) would fail at
            # import; dropping them here would hide that, so they are kept and checked below.
            depends.append(canonical(req.name))
    if local_only is not None:
        depends = [d for d in depends if d in local_only]
    missing = [d for d in depends if d not in lock_names]
    if missing:
        sys.exit(f"site_lite: {path.name} needs {missing}, which the offline lock lacks")
    return {
        "name": metadata["Name"],
        "version": metadata["Version"],
        "file_name": path.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": [t for t in top_level if t.isidentifier()],
        "depends": depends,
        "unvendored_tests": False,
    }


def project_wheel(dest: Path) -> Path:
    """This project's wheel, built from the working tree (offline: no build isolation).

    Its zip entries carry the time of the last commit (SOURCE_DATE_EPOCH, which the wheel
    builder honours), so two builds of one commit give the same wheel, sha256 and lock."""
    env = dict(os.environ)
    commit_time = subprocess.run(
        ["git", "-C", str(REPO), "log", "-1", "--format=%ct"], capture_output=True, text=True
    ).stdout.strip()
    if commit_time.isdigit():
        env.setdefault("SOURCE_DATE_EPOCH", commit_time)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(dest), str(REPO)],
        check=True, env=env,
    )  # fmt: skip
    return next(dest.glob("backprop_notebooks-*.whl"))


def widgets_stub() -> Path:
    """The kernel's empty `widgetsnbextension` 4 (ipywidgets requires it; the real one is
    2 MB of classic-notebook JavaScript that JupyterLab never loads)."""
    kernel_pypi = LITE_EXTENSIONS / "@jupyterlite/pyodide-kernel-extension/static/pypi"
    found = sorted(kernel_pypi.glob("widgetsnbextension-4.*-py3-none-any.whl"))
    if not found:
        sys.exit(f"site_lite: {kernel_pypi} has no widgetsnbextension wheel: run "
                 "scripts/fetch_site_deps.sh first")  # fmt: skip
    return found[-1]


def build(out: Path, notebooks: list[Path]) -> None:
    """Assemble a lite dir (Pyodide core + wheels + patched lock + notebooks) and build it."""
    lock = read_pyodide_lock()
    cdn = pyodide_distribution_url(lock)
    with tempfile.TemporaryDirectory(prefix="site-lite-") as tmp:
        lite = Path(tmp)
        pyodide = lite / "static" / "pyodide"
        pyodide.mkdir(parents=True)
        with tarfile.open(npm_tarball("pyodide")) as tar:
            for member in tar.getmembers():
                # the core (wasm, stdlib zip, loaders) without source maps and demo pages
                if member.isfile() and not member.name.endswith((".map", ".html", ".d.ts")):
                    member.name = member.name.removeprefix("package/")
                    tar.extract(member, pyodide, filter="data")
        wheels = sorted(WHEELS.glob("*.whl")) + [project_wheel(lite / "wheel"), widgets_stub()]
        if len(wheels) <= 1:
            sys.exit("site_lite: no cached wheels: run scripts/fetch_site_deps.sh first")
        packages = lock["packages"]
        # Every package we don't bundle: an absolute URL into Pyodide's distribution, used
        # only when a notebook imports it on a deployed site (numpy, matplotlib, ...).
        for entry in packages.values():
            entry["file_name"] = f"{cdn}/{entry['file_name']}"
        names = set(packages) | {canonical(wheel_name(w)[0]) for w in wheels}
        local = {canonical(wheel_name(w)[0]) for w in wheels}
        for wheel in wheels:
            shutil.copy2(wheel, pyodide / wheel.name)
            ours = wheel.name.startswith("backprop_notebooks-")
            entry = wheel_entry(wheel, names, local if ours else None)
            old = packages.get(canonical(entry["name"]), {})
            # keep Pyodide's import names where it knows better (e.g. pygments' lexers)
            entry["imports"] = old.get("imports") or entry["imports"]
            packages[canonical(entry["name"])] = entry
        (pyodide / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))

        files = lite / "files"
        files.mkdir()
        for nb in notebooks:
            shutil.copy2(nb, files / nb.name)
        # notebooks show pictures from ../figures/: in JupyterLite that is files/figures
        shutil.copytree(REPO / "figures", files / "figures")
        shutil.copy2(SITE_SRC / "lite" / "jupyter-lite.json", lite / "jupyter-lite.json")
        shutil.copy2(SITE_SRC / "lite" / "overrides.json", lite / "overrides.json")
        config = {"FederatedExtensionAddon": {"extra_labextensions_path": [str(LITE_EXTENSIONS)]}}
        (lite / "jupyter_lite_config.json").write_text(json.dumps(config))
        if out.exists():
            shutil.rmtree(out)
        subprocess.run(
            [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite),
             "--output-dir", str(out.resolve()), "--contents", str(files),
             "--no-sourcemaps", "--no-unused-shared-packages"],
            check=True, cwd=lite,
        )  # fmt: skip


def pyodide_distribution_url(lock: dict) -> str:
    """Pyodide's own package distribution for this core's version (the kernel's default)."""
    from jupyterlite_pyodide_kernel import constants

    with tarfile.open(npm_tarball("pyodide")) as tar:
        package_json = tar.extractfile("package/package.json")
        assert package_json is not None
        version = json.load(package_json)["version"]
    if version != constants.PYODIDE_VERSION:
        sys.exit(
            f"site_lite: pyodide {version} from npm, but jupyterlite-pyodide-kernel expects "
            f"{constants.PYODIDE_VERSION}: update site_src/npm-packages.txt"
        )
    return constants.PYODIDE_CDN_URL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="download the wheels (online)")
    b = sub.add_parser("build", help="build the JupyterLite site (offline)")
    b.add_argument("out", type=Path)
    b.add_argument("notebooks", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "fetch":
        fetch()
    else:
        build(args.out, args.notebooks)


if __name__ == "__main__":
    main()
