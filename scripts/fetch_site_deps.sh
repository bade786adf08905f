#!/usr/bin/env bash
# Download everything `make site` needs, so that the build itself (scripts/build_site.sh) runs
# with no network. Idempotent and quick once done; run by `make site` after scripts/setup.sh.
#   1. the `site` extra of pyproject.toml into .venv (Sphinx, myst-nb, jupyterlite, anywidget)
#   2. the pinned npm tarballs of site_src/npm-packages.txt into .cache/site/npm/ (hash-checked)
#   3. the pure-Python wheels the in-browser kernel installs, into .cache/site/wheels/
#      (which ones: scripts/site_lite.py, from the Pyodide lock file of step 2)
set -euo pipefail
cd "$(dirname "$0")/.."

cache=.cache/site
mkdir -p "$cache/npm"

# 1. Python packages for the build. Its own stamp, so it neither fights nor repeats setup.sh's.
# constraints.txt pins the site's packages too, for the Python version it names (as setup.sh).
pins=()
venv_version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$(sed -n 's/^# python: //p' constraints.txt)" = "$venv_version" ] && pins=(-c constraints.txt)
stamp=".venv/.installed-site-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q ${pins[@]+"${pins[@]}"} -e ".[dev,bench,site]"
  touch "$stamp"
fi

# 1b. The Pyodide kernel's JupyterLab extension is for the JupyterLite build only: in the
# course's own JupyterLab (make lab, the browser tests) it fails to load ("Shared module
# @jupyterlite/services doesn't exist"). It moves beside the build's other inputs, where
# scripts/site_lite.py finds it; pip puts it back on a reinstall, so this runs every time.
if [ -d .venv/share/jupyter/labextensions/@jupyterlite ]; then
  rm -rf "$cache/labextensions/@jupyterlite"
  mkdir -p "$cache/labextensions"
  mv .venv/share/jupyter/labextensions/@jupyterlite "$cache/labextensions/"
fi
[ -d "$cache/labextensions/@jupyterlite/pyodide-kernel-extension" ] || {
  echo "fetch_site_deps: the Pyodide kernel's extension is missing: rm $stamp and run again" >&2
  exit 1
}

# 2. npm tarballs. `npm pack` fetches exactly one package (no dependency tree, no
# node_modules); we check the registry's sha512 against the pin ourselves, so a re-published
# or tampered tarball fails here instead of ending up in the site.
command -v npm >/dev/null || { echo "fetch_site_deps: npm is missing (apt-get install -y npm)" >&2; exit 1; }
check_integrity() {  # file expected-sri
  local got
  got=$(.venv/bin/python -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$1")
  [ "$got" = "$2" ] || { echo "fetch_site_deps: $1 has integrity $got, pinned $2" >&2; return 1; }
}
grep -vE '^\s*(#|$)' site_src/npm-packages.txt | while read -r name version integrity; do
  # npm pack's file name: scope folded in ("@a/b" -> "a-b-1.0.0.tgz")
  file="$cache/npm/$(echo "$name" | sed 's/^@//; s#/#-#')-$version.tgz"
  if [ ! -f "$file" ] || ! check_integrity "$file" "$integrity" 2>/dev/null; then
    echo "fetch_site_deps: npm pack $name@$version"
    (cd "$cache/npm" && npm pack --silent "$name@$version" >/dev/null)
    check_integrity "$file" "$integrity"
  fi
done

# 3. Wheels for the browser kernel (needs the pyodide tarball of step 2).
.venv/bin/python scripts/site_lite.py fetch
