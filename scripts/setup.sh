#!/usr/bin/env bash
# Set up everything the course needs, idempotently: quick when already done.
#   scripts/setup.sh          the course: .venv with the package + Graphviz's `dot`
#   scripts/setup.sh --test   also the test tools: dev extras, micrograd, Chromium
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

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

# 1. Graphviz's `dot` program draws the computation graphs.
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

# 2. The browser tests drive Debian's Chromium (never a downloaded browser build).
if [ "$want_test" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium fonts-dejavu-core || {
    echo "setup: the browser tests need Chromium at /usr/bin/chromium (sudo apt-get install -y chromium)" >&2
    exit 1
  }
fi

# 3. The virtual environment, reinstalled only when pyproject.toml changes.
py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv || {
    echo "setup: could not create .venv; on Debian/Ubuntu: sudo apt-get install -y python3-venv" >&2
    exit 1
  }
fi
extras="" ; [ "$want_test" = 1 ] && extras="[dev,bench]"
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)${extras:+-test}"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extras}"
  touch "$stamp"
fi
