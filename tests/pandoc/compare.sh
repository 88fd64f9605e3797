#!/usr/bin/env bash
# pandoc (npm pandoc-wasm@1.1.0, GHC's wasm backend: legacy exception handling and SIMD) under wask
# against node's WASI (node:wasi) on the same module and input: Markdown to HTML and to docx
# (SOURCE_DATE_EPOCH fixed, so the docx's dates agree) must be byte for byte the same.
#   tests/pandoc/compare.sh WASK CACHE_DIR
# The package is fetched once with `npm pack` into CACHE_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
wask=${1:?usage: compare.sh WASK CACHE_DIR}
cache=${2:?usage: compare.sh WASK CACHE_DIR}
module=$cache/package/src/pandoc.wasm
if [ ! -f "$module" ]; then
  mkdir -p "$cache"
  if ! (cd "$cache" && npm pack --silent pandoc-wasm@1.1.0 >/dev/null 2>&1 &&
        tar xzf pandoc-wasm-1.1.0.tgz); then
    echo "pandoc: npm pack pandoc-wasm@1.1.0 failed (is the npm registry reachable?): skipped"
    exit 77
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/node" "$work/wask"
cp "$here/sample.md" "$work/node/in.md"
cp "$here/sample.md" "$work/wask/in.md"
epoch=1700000000
status=0
for to in html docx; do
  SOURCE_DATE_EPOCH=$epoch node --no-warnings "$here/node_wasi.mjs" "$module" "$work/node" \
    -f markdown -t "$to" -o "/out.$to" /in.md
  "$wask" run --env SOURCE_DATE_EPOCH=$epoch --dir "$work/wask::/" "$module" \
    -f markdown -t "$to" -o "/out.$to" /in.md
  if cmp "$work/node/out.$to" "$work/wask/out.$to"; then
    echo "markdown -> $to: identical ($(wc -c <"$work/wask/out.$to") bytes)"
  else
    status=1
  fi
done
exit $status
