"""scripts/setup.sh names the real problem: a missing or too old interpreter, a folder the
user cannot write to, a Python without venv; and it remakes a .venv from another Python.

Each test runs the script in a temporary copy of the repository with `--venv-only` (stop
after the folder, interpreter and venv checks: no apt, no pip) and with fake interpreters:
small shell scripts that answer the script's probes the way a real Python would, and make
a fake venv whose `bin/python` is a copy of themselves. So the tests take a second, not the
minutes of real installs.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_HINT = "python3-venv"


@pytest.fixture
def repo() -> Iterator[Path]:
    """A copy of what setup.sh reads, in a folder any user may enter (for the non-root test)."""
    folder = Path(tempfile.mkdtemp(prefix="setup-test-"))
    folder.chmod(0o755)
    (folder / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "setup.sh", folder / "scripts" / "setup.sh")
    shutil.copy2(ROOT / "pyproject.toml", folder / "pyproject.toml")
    (folder / "bin").mkdir()
    for path in (folder, folder / "scripts", folder / "bin"):
        path.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def fake_python(repo: Path, name: str, version: str, prefix: str, has_venv: bool = True) -> str:
    """Put an executable `name` in repo/bin that claims to be Python `version` at `prefix`."""
    venv_probe = (
        "exit 0" if has_venv else "echo \"ModuleNotFoundError: No module named 'venv'\" >&2; exit 1"
    )
    script = f"""#!/bin/sh
# fake Python {version}: answers setup.sh's probes and makes a fake venv
case "$1" in
  -c)
    case "$2" in
      *"import venv"*) {venv_probe} ;;
      *) echo "{version} {prefix}" ;;
    esac ;;
  -m)
    case "$2" in
      venv) mkdir -p "$3/bin" && cp "$0" "$3/bin/python" ;;
      pip) shift 2; echo "$*" >> "$(dirname "$0")/../pip.log" ;;  # what pip was asked
      *) exit 3 ;;
    esac ;;
  *) exit 3 ;;
esac
"""
    path = repo / "bin" / name
    path.write_text(script)
    path.chmod(0o755)
    return str(path)


def run_setup(repo: Path, python: str, *args: str, user: str | None = None, venv_only: bool = True):
    env = {**os.environ, "PYTHON": python, "PATH": f"{repo / 'bin'}:{os.environ['PATH']}"}
    options = ["--venv-only"] if venv_only else []
    command = ["bash", str(repo / "scripts" / "setup.sh"), *options, *args]
    if user is not None:  # run as another user (the test runs as root)
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


def venv_python_says(repo: Path) -> str:
    return subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), "-c", "probe"], capture_output=True, text=True
    ).stdout.strip()


def test_a_good_interpreter_gets_a_venv(repo):
    python = fake_python(repo, "python3", "3.12", "/opt/py312")
    result = run_setup(repo, python)
    assert result.returncode == 0, result.stderr
    assert "ready (Python 3.12)" in result.stdout
    assert venv_python_says(repo) == "3.12 /opt/py312"


def test_a_missing_interpreter_is_named_not_blamed_on_venv(repo):
    result = run_setup(repo, "/nonexistent/python3")
    assert result.returncode == 1
    assert "interpreter not found: /nonexistent/python3" in result.stderr
    assert "PYTHON=" in result.stderr
    assert VENV_HINT not in result.stderr
    assert not (repo / ".venv").exists()


@pytest.mark.parametrize(("name", "version"), [("python2", "2.7"), ("python3.9", "3.9")])
def test_an_old_interpreter_is_too_old(repo, name, version):
    fake_python(repo, name, version, "/usr")
    result = run_setup(repo, name)  # by name, found on PATH like a real `python2`
    assert result.returncode == 1
    assert f"{name} is Python {version}, too old" in result.stderr
    assert "3.10+" in result.stderr
    assert VENV_HINT not in result.stderr
    assert not (repo / ".venv").exists()


def test_something_that_is_not_python_is_named(repo):
    broken = repo / "bin" / "python3"
    broken.write_text("#!/bin/sh\necho 'pyenv: python3: command not found' >&2\nexit 127\n")
    broken.chmod(0o755)
    result = run_setup(repo, "python3")
    assert result.returncode == 1
    assert "did not run as a Python interpreter" in result.stderr
    assert "pyenv: python3: command not found" in result.stderr
    assert VENV_HINT not in result.stderr


def test_the_venv_hint_comes_only_when_the_venv_module_is_missing(repo):
    python = fake_python(repo, "python3", "3.11", "/usr", has_venv=False)
    result = run_setup(repo, python)
    assert result.returncode == 1
    assert "no working venv module" in result.stderr
    assert "sudo apt-get install -y python3-venv" in result.stderr
    assert not (repo / ".venv").exists()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_a_user_who_cannot_write_the_folder_is_told_so(repo):
    python = fake_python(repo, "python3", "3.12", "/usr")
    result = run_setup(repo, python, user="65534")  # nobody, in a clone that belongs to root
    assert result.returncode == 1
    assert f"the folder {repo} is not writable by" in result.stderr
    assert "belongs to root" in result.stderr and "chown" in result.stderr
    assert VENV_HINT not in result.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_a_venv_the_user_cannot_write_is_named(repo):
    python = fake_python(repo, "python3", "3.12", "/usr")
    assert run_setup(repo, python).returncode == 0  # root made .venv ...
    shutil.chown(repo, user="nobody")  # ... then gave the folder, not .venv, to the user
    result = run_setup(repo, python, user="65534")
    assert result.returncode == 1
    assert f"the folder {repo / '.venv'} is not writable" in result.stderr


def test_a_venv_made_by_another_python_is_made_again(repo):
    old = fake_python(repo, "python3.11", "3.11", "/opt/py311")
    new = fake_python(repo, "python3.12", "3.12", "/opt/py312")
    assert run_setup(repo, old).returncode == 0
    result = run_setup(repo, new)
    assert result.returncode == 0, result.stderr
    assert "making .venv again: it was made by Python 3.11 (/opt/py311)" in result.stdout
    assert venv_python_says(repo) == "3.12 /opt/py312"


def test_same_version_from_another_installation_is_another_python(repo):
    first = fake_python(repo, "python3", "3.12", "/usr")
    assert run_setup(repo, first).returncode == 0
    other = fake_python(repo, "python3-pyenv", "3.12", "/root/.pyenv/versions/3.12.1")
    result = run_setup(repo, other)
    assert "making .venv again" in result.stdout
    assert venv_python_says(repo) == "3.12 /root/.pyenv/versions/3.12.1"


def test_a_venv_whose_python_is_gone_is_made_again(repo):
    python = fake_python(repo, "python3", "3.12", "/usr")
    (repo / ".venv" / "bin").mkdir(parents=True)  # e.g. its interpreter was uninstalled
    result = run_setup(repo, python)
    assert result.returncode == 0, result.stderr
    assert "its Python is missing or does not run" in result.stdout
    assert venv_python_says(repo) == "3.12 /usr"


def test_a_venv_from_the_same_python_is_kept(repo):
    python = fake_python(repo, "python3", "3.12", "/usr")
    assert run_setup(repo, python).returncode == 0
    marker = repo / ".venv" / "installed-packages-would-be-here"
    marker.touch()
    result = run_setup(repo, python)
    assert result.returncode == 0 and "again" not in result.stdout
    assert marker.exists()


def test_an_unknown_option_is_refused(repo):
    result = run_setup(repo, "python3", "--tests")
    assert result.returncode == 2 and "unknown option --tests" in result.stderr


def test_the_script_is_executable_and_has_no_bash_syntax_errors():
    script = ROOT / "scripts" / "setup.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    subprocess.run(["bash", "-n", str(script)], check=True)


@pytest.mark.slow
def test_the_pins_apply_only_to_the_python_version_they_were_made_for(repo):
    (repo / "constraints.txt").write_text("# python: 3.11\nnumpy==2.0.0\n")
    same = fake_python(repo, "python3.11", "3.11", "/usr")
    assert "constraints.txt pins" not in run_setup(repo, same).stdout
    other = fake_python(repo, "python3.12", "3.12", "/usr")
    result = run_setup(repo, other)
    assert result.returncode == 0, result.stderr
    assert "constraints.txt pins versions for Python 3.11, this is 3.12" in result.stdout
    assert "newest versions pyproject.toml allows" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("dot"), reason="the full run needs Graphviz's dot")
def test_pip_installs_with_the_pins_once_and_again_when_they_change(repo):
    (repo / "constraints.txt").write_text("# python: 3.11\nnumpy==2.0.0\n")
    python = fake_python(repo, "python3", "3.11", "/usr")
    log = repo / ".venv" / "pip.log"
    assert run_setup(repo, python, venv_only=False).returncode == 0
    assert log.read_text().splitlines()[-1] == "install -q -c constraints.txt -e ."
    calls = len(log.read_text().splitlines())
    assert run_setup(repo, python, venv_only=False).returncode == 0
    assert len(log.read_text().splitlines()) == calls  # done already: no pip at all
    (repo / "constraints.txt").write_text("# python: 3.11\nnumpy==2.1.0\n")
    assert run_setup(repo, python, venv_only=False).returncode == 0
    assert len(log.read_text().splitlines()) > calls  # new pins: installed again


@pytest.mark.skipif(not shutil.which("dot"), reason="the full run needs Graphviz's dot")
def test_another_python_version_installs_without_the_pins(repo):
    (repo / "constraints.txt").write_text("# python: 3.11\nnumpy==2.0.0\n")
    python = fake_python(repo, "python3", "3.13", "/usr")
    assert run_setup(repo, python, venv_only=False).returncode == 0
    installs = (repo / ".venv" / "pip.log").read_text().splitlines()
    assert installs[-1] == "install -q -e ."


@pytest.mark.skipif(not shutil.which("dot"), reason="the full run needs Graphviz's dot")
def test_pypis_unrelated_autograd_is_taken_out_of_the_venv(repo):
    python = fake_python(repo, "python3", "3.11", "/usr")
    assert run_setup(repo, python, venv_only=False).returncode == 0
    log = repo / ".venv" / "pip.log"
    assert "uninstall -y -q autograd" not in log.read_text()  # not there: nothing to remove
    (repo / ".venv" / "lib" / "python3.11" / "site-packages" / "autograd-1.7.0.dist-info").mkdir(
        parents=True
    )
    result = run_setup(repo, python, venv_only=False)
    assert result.returncode == 0
    assert "removing PyPI's unrelated 'autograd'" in result.stderr
    assert log.read_text().splitlines()[-1] == "uninstall -y -q autograd"
    kernel_config = repo / ".venv" / "etc" / "ipython" / "ipython_kernel_config.py"
    assert "autograd.course" in kernel_config.read_text()  # the NameError hint at kernel start
