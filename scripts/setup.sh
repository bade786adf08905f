#!/usr/bin/env bash
# Set up everything the course needs, idempotently: quick when already done.
#   scripts/setup.sh              the course: .venv with the package + Graphviz's `dot`
#   scripts/setup.sh --test       also the test tools: dev extras, micrograd, Chromium
#   scripts/setup.sh --venv-only  only check the folder and the interpreter and make (or
#                                 remake) .venv, then stop: no apt, no pip (tests/test_setup.py)
# The interpreter is $PYTHON if set, else python3. Exact versions come from constraints.txt
# when it was made with the same Python version (scripts/refresh_lock.sh remakes it).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
venv_only=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --venv-only) venv_only=1 ;;
    *) echo "setup: unknown option $arg (use --test or --venv-only)" >&2; exit 2 ;;
  esac
done

fail() { echo "setup: $*" >&2; exit 1; }
have_root() { [ "$(id -u)" = 0 ]; }
apt_install() {
  # Only as root on Debian/Ubuntu; anywhere else we print what to run instead.
  if have_root && command -v apt-get >/dev/null; then
    echo "setup: apt-get install -y $*"
    if [ ! -f /tmp/.backprop-apt-updated ]; then
      apt-get update -qq && touch /tmp/.backprop-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    return 0
  fi
  return 1
}

# 1. The folder: everything below writes into it (.venv, the install stamp).
here=$(pwd)
if [ ! -w . ] || { [ -e .venv ] && [ ! -w .venv ]; }; then
  where=$here; [ -w . ] && where=$here/.venv
  fail "the folder $where is not writable by $(id -un) (it belongs to $(ls -ld "$where" | awk '{print $3}')).
  Clone the course again as yourself (git clone ... && cd ... && make lab), or take it over:
  sudo chown -R $(id -un) $here"
fi

# 2. The interpreter: it must exist, run, and be Python 3.10 or newer (pyproject.toml).
py=${PYTHON:-python3}
# "3.12 /usr": version and base prefix, which tell two Pythons apart (a venv reports its
# base's prefix). Written to run on Python 2 as well, so that an old one can be named.
probe='import sys; print("%d.%d %s" % (sys.version_info[0], sys.version_info[1], getattr(sys, "base_prefix", sys.prefix)))'
if ! command -v "$py" >/dev/null 2>&1; then
  fail "Python interpreter not found: $py
  Install Python 3.10 or newer (Debian/Ubuntu: sudo apt-get install -y python3;
  macOS: brew install python), or name one: PYTHON=/path/to/python3.12 $0"
fi
if ! found=$("$py" -c "$probe" 2>/dev/null) || [ -z "$found" ]; then
  said=$("$py" -c "$probe" 2>&1 | grep -v "^ *$" | tail -n 3 || true)
  fail "$py ($(command -v "$py")) did not run as a Python interpreter${said:+; it said:
  $said}
  Name another one: PYTHON=/path/to/python3.12 $0"
fi
version=${found%% *}
major=${version%%.*}
minor=${version#*.}
if [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 10 ]; }; then
  fail "$py is Python $version, too old: the course needs Python 3.10+.
  Install a newer one and name it: PYTHON=python3.12 $0"
fi

# 3. The virtual environment, made by that interpreter. One made by another Python (an
# upgrade, a different PYTHON, a deleted interpreter) fails every pip install with
# "requires a different Python", so it is made again rather than reused.
if [ -e .venv ]; then
  stale=""
  if ! have=$(.venv/bin/python -c "$probe" 2>/dev/null) || [ -z "$have" ]; then
    stale="its Python is missing or does not run"
  elif [ "$have" != "$found" ]; then
    stale="it was made by Python ${have%% *} (${have#* }), not by $py (Python $version, ${found#* })"
  fi
  if [ -n "$stale" ]; then
    echo "setup: making .venv again: $stale"
    rm -rf .venv
  fi
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv/ensurepip in a package of their own
    fail "$py (Python $version) has no working venv module.
  Debian/Ubuntu: sudo apt-get install -y python3-venv   (or python$version-venv)
  then run this command again."
  fi
  if ! venv_log=$("$py" -m venv .venv 2>&1); then
    rm -rf .venv  # half-made: the next run must not mistake it for a working one
    fail "could not create .venv with $py (Python $version):
$venv_log"
  fi
fi
# 4. Exact versions: constraints.txt pins them, but only for the Python version it was
# made with: another version may need other wheels, so it gets the newest versions
# pyproject.toml allows.
pins=()
hashed=(pyproject.toml)
if [ -f constraints.txt ]; then
  hashed+=(constraints.txt)
  locked_for=$(sed -n 's/^# python: *\([0-9.]*\).*/\1/p' constraints.txt | head -n 1)
  if [ "$locked_for" = "$version" ]; then
    pins=(-c constraints.txt)
  else
    echo "setup: constraints.txt pins versions for Python ${locked_for:-?}, this is $version:" \
      "installing the newest versions pyproject.toml allows (scripts/refresh_lock.sh pins them)"
  fi
fi
[ "$venv_only" = 1 ] && { echo "setup: .venv is ready (Python $version)"; exit 0; }

# 5. Graphviz's `dot` program draws the computation graphs.
if ! command -v dot >/dev/null; then
  apt_install graphviz || {
    cat >&2 <<'MSG'
setup: Graphviz's `dot` program is missing; the graph drawings need it. Install it with one of:
  Debian/Ubuntu:  sudo apt-get install -y graphviz
  macOS:          brew install graphviz
  conda:          conda install -c conda-forge graphviz
then run this command again.
MSG
    exit 1
  }
fi

# 6. The browser tests drive Debian's Chromium (never a downloaded browser build).
if [ "$want_test" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium fonts-dejavu-core || {
    echo "setup: the browser tests need Chromium at /usr/bin/chromium (sudo apt-get install -y chromium)" >&2
    exit 1
  }
fi

# 6b. The widgets' JavaScript unit tests (tests/widgets/js/) run under Node.js (node --test).
if [ "$want_test" = 1 ] && ! command -v node >/dev/null; then
  apt_install nodejs || {
    echo "setup: the JavaScript tests need Node.js 18 or newer (sudo apt-get install -y nodejs)" >&2
    exit 1
  }
fi

# 7. The packages, reinstalled only when pyproject.toml or constraints.txt changes.
extras="" ; [ "$want_test" = 1 ] && extras="[dev,bench]"
digest=$(cat "${hashed[@]}" | { sha1sum 2>/dev/null || shasum; } | cut -c1-12)  # shasum: macOS
stamp=".venv/.installed-${digest}${extras:+-test}${pins[*]+-pinned}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # ${pins[@]+...}: an empty array is "unbound" under set -u in bash before 4.4 (macOS)
  .venv/bin/python -m pip install -q ${pins[@]+"${pins[@]}"} -e ".${extras}"
  touch "$stamp"
fi

# 8. PyPI's unrelated `autograd` package would hide this course's `autograd` (same import
# name): take it out of .venv if something installed it.
# (looked up by its dist-info folder: no pip call when all is well)
if compgen -G ".venv/lib/python3*/site-packages/autograd-*.dist-info" >/dev/null; then
  echo "setup: removing PyPI's unrelated 'autograd' from .venv (it hides the course's autograd)" >&2
  .venv/bin/python -m pip uninstall -y -q autograd
fi

# 9. Every kernel of .venv loads the course's NameError hint at start (autograd.course as an
# IPython extension), so the hint also works after a kernel restart, before the first cell.
mkdir -p .venv/etc/ipython
printf 'c.InteractiveShellApp.extensions = ["autograd.course"]\n' \
  > .venv/etc/ipython/ipython_kernel_config.py
