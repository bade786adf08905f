#!/usr/bin/env bash
# Build site/: the course to read (static pages) and the course to run (JupyterLite in lab/).
# Runs offline: everything it needs was downloaded by scripts/fetch_site_deps.sh (`make site`
# runs both). Publish by serving site/ from any static host (see the README).
set -euo pipefail
cd "$(dirname "$0")/.."

# Usage: scripts/build_site.sh [OUT]   (default site/; another folder, e.g. to compare builds)
out=${1:-site}
# the Sphinx source tree: executed notebooks, config, vendored JS (the tests read site/'s)
work=.cache/site/build${1:+-$(basename "$1")}
started=$SECONDS

# 1. Execute every notebook in a fresh kernel (widget state stored) and lay out the source.
.venv/bin/python scripts/site_pages.py "$work"

# 2. The pages. -W: a warning (a missing figure, a broken link) fails the build. Built one
# level down in .cache/ because myst-nb writes its jupyter_execute/ folder beside the output
# folder (which would be the repository's root), then moved into place. -d: Sphinx's pickled
# doctrees (its cache, megabytes) stay in .cache/, out of the published folder.
rm -rf "$out" "$work-html" "$work-doctrees"
.venv/bin/sphinx-build -q -W -b html -d "$work-doctrees" "$work" "$work-html/site"
mv "$work-html/site" "$out"
rmdir "$out/_sources" 2>/dev/null || true  # empty: html_copy_source is off

# 3. The runnable version: JupyterLite with the Pyodide core and wheels served from lab/.
.venv/bin/python scripts/site_lite.py build "$out/lab" notebooks/[0-9][0-9]_*.ipynb >"$work.lite.log" 2>&1 \
  || { tail -40 "$work.lite.log" >&2; exit 1; }

# A static host serves this folder as is; .nojekyll stops GitHub Pages from hiding _static/.
touch "$out/.nojekyll"
echo "build_site: $out/ built in $((SECONDS - started)) s, $(du -sh "$out" | cut -f1)" \
  "(pages $(du -sh --exclude=lab "$out" | cut -f1), lab/ $(du -sh "$out/lab" | cut -f1))"
