#!/usr/bin/env bash
# Remake constraints.txt: the exact version of every package the course and its tests
# install, so that a classroom, Binder and CI all get the same ones.
#   scripts/refresh_lock.sh            (or: make lock) with python3
#   PYTHON=python3.12 scripts/refresh_lock.sh
# It installs `.[dev,bench,site]` into a fresh temporary venv, with no constraints, so the pins
# are the newest versions pyproject.toml's ranges allow today, then writes `pip freeze`.
# Pins are for one Python version (the header says which): scripts/setup.sh applies them
# only to a venv of that version. Run it after changing a dependency in pyproject.toml,
# then commit constraints.txt (tests/test_packaging.py checks that the two agree).
set -euo pipefail
cd "$(dirname "$0")/.."

py=${PYTHON:-python3}
command -v "$py" >/dev/null 2>&1 || { echo "refresh_lock: interpreter not found: $py" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "refresh_lock: installing .[dev,bench,site] into a fresh venv ($py)..."
"$py" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip
# editable: nothing is built into the source tree, and --exclude-editable leaves it out below
"$work/venv/bin/python" -m pip install -q -e ".[dev,bench,site]"
version=$("$work/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
platform=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_platform())')

{
  echo "# python: $version"
  echo "# The exact versions of everything \`pip install -e \".[dev,bench,site]\"\` installs, for"
  echo "# Python $version on $platform, made by scripts/refresh_lock.sh on $(date -u +%Y-%m-%d)."
  echo "# Do not edit by hand: change the ranges in pyproject.toml and run \`make lock\`."
  echo "# Used as pip constraints (-c) by scripts/setup.sh and requirements.txt (Binder)."
  # --all: setuptools too (the site extra builds the wheel with it); pip itself is not pinned
  "$work/venv/bin/python" -m pip freeze --all --exclude-editable |
    grep -iv -e '^backprop[-_]notebooks' -e '^pip=='
} >constraints.txt.new
mv constraints.txt.new constraints.txt
echo "refresh_lock: wrote constraints.txt ($(grep -c '==' constraints.txt) pins, Python $version)"
