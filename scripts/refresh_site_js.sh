#!/usr/bin/env bash
# Move the npm pins of site_src/npm-packages.txt to the newest published versions (or to the
# versions given, e.g. `scripts/refresh_site_js.sh mathjax@3.2.2`), recording each tarball's
# sha512 integrity from the registry. Then run `make site` and the site tests before
# committing the new pins.
#
# pyodide is the exception: its version must be the one jupyterlite-pyodide-kernel expects
# (jupyterlite_pyodide_kernel.constants.PYODIDE_VERSION; scripts/site_lite.py refuses any
# other), so it follows the kernel's version, not npm's newest.
set -euo pipefail
cd "$(dirname "$0")/.."

pins=site_src/npm-packages.txt
declare -A wanted=()
for spec in "$@"; do wanted[${spec%@*}]=${spec##*@}; done
kernel_pyodide=$(.venv/bin/python -c \
  "from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as v; print(v)")

tmp=$(mktemp)
while IFS= read -r line; do
  if [[ "$line" =~ ^[[:space:]]*(#|$) ]]; then echo "$line" >>"$tmp"; continue; fi
  read -r name _ _ <<<"$line"
  if [ "$name" = pyodide ]; then
    version=$kernel_pyodide
  else
    version=${wanted[$name]:-$(npm view "$name" version)}
  fi
  integrity=$(npm view "$name@$version" dist.integrity)
  printf '%-32s %-9s %s\n' "$name" "$version" "$integrity" >>"$tmp"
  echo "refresh_site_js: $name@$version"
done <"$pins"
mv "$tmp" "$pins"
git --no-pager diff --stat -- "$pins" || true
