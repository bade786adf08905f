#!/usr/bin/env bash
# Refresh the third-party JavaScript that ships inside the package, from its npm package.
#
#   scripts/vendor_js.sh            # the pinned versions below
#   VIZ_VERSION=3.32.0 scripts/vendor_js.sh
#
# Each package goes to autograd/widgets/vendor/<name>/ with its licence, a VERSION file
# and a README saying where it came from (version, npm tarball, sha256 of every file), so
# the package never loads JavaScript from a CDN and every byte can be traced to its source.
# Needs `npm` (only to download the tarball: nothing is installed or built).
set -euo pipefail

VIZ_VERSION="${VIZ_VERSION:-3.31.0}"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENDOR="$ROOT/autograd/widgets/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null || { echo "vendor_js.sh: npm is needed to download packages" >&2; exit 1; }

# --- @viz-js/viz: Graphviz compiled to WebAssembly, one ES module with the wasm inlined
dest="$VENDOR/viz-js"
(cd "$WORK" && npm pack --silent "@viz-js/viz@$VIZ_VERSION" >/dev/null)
tarball="$(ls "$WORK"/viz-js-viz-*.tgz)"
tar -xzf "$tarball" -C "$WORK"
license="$(node -e 'console.log(require(process.argv[1]).license)' "$WORK/package/package.json")"
if [ "$license" != "MIT" ]; then
  # LICENSE below is the MIT text: a licence change upstream must be looked at by a person
  echo "vendor_js.sh: @viz-js/viz $VIZ_VERSION is licensed '$license', not MIT; update LICENSE by hand" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$WORK/package/dist/viz.js" "$dest/viz.js"
echo "$VIZ_VERSION" > "$dest/VERSION"
tarball_sha="$(sha256sum "$tarball" | cut -d' ' -f1)"
graphviz_version="$(sed -n 's/.*graphvizVersion = "\([^"]*\)".*/\1/p' "$WORK/package/lib/metadata.js")"
cat > "$dest/README.md" <<README
# @viz-js/viz $VIZ_VERSION (vendored)

Graphviz $graphviz_version compiled to WebAssembly, as one ES module with the wasm inlined.
The course uses it to lay out computation graphs in the browser where Graphviz's \`dot\`
program is missing (and in JupyterLite, where no program can be installed).

- Source: npm package \`@viz-js/viz@$VIZ_VERSION\` (https://www.npmjs.com/package/@viz-js/viz),
  file \`dist/viz.js\` copied unchanged; repository https://github.com/mdaines/viz-js
- npm tarball sha256: \`$tarball_sha\`
- viz.js sha256: \`$(sha256sum "$dest/viz.js" | cut -d' ' -f1)\`
- Licence: MIT (LICENSE, from the viz-js repository: the npm package ships no licence file).
  The module contains Graphviz (Eclipse Public License 2.0, https://graphviz.org/license/)
  and Expat (MIT) in object code form, as its own header says.
- Refresh: \`scripts/vendor_js.sh\` (\`VIZ_VERSION=x.y.z scripts/vendor_js.sh\` for another version).
README
echo "vendored @viz-js/viz $VIZ_VERSION (Graphviz $graphviz_version) into $dest"
