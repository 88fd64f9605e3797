#!/usr/bin/env bash
# The scripts wabt 1.0.32 cannot read (exnref, table64): each text/NAME.wast must pass binaryen's
# wasm-shell (npm binaryen@132.0.0), and NAME.wast, the binary form wask runs, must be what
# binary_forms.mjs makes of it with binaryen's wasm-as.
#   tests/wast/binaryen/check_with_binaryen.sh CACHE_DIR
# The package is fetched once with `npm pack` into CACHE_DIR; without the registry: skipped (77).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:?usage: check_with_binaryen.sh CACHE_DIR}
bin=$cache/package/bin
if [ ! -f "$bin/wasm-shell" ]; then
  mkdir -p "$cache"
  if ! (cd "$cache" && npm pack --silent binaryen@132.0.0 >/dev/null 2>&1 &&
        tar xzf binaryen-132.0.0.tgz); then
    echo "binaryen: npm pack binaryen@132.0.0 failed (is the npm registry reachable?): skipped"
    exit 77
  fi
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for text in "$here"/text/*.wast; do
  name=$(basename "$text")
  if node "$bin/wasm-shell" "$text" >"$out/shell.log" 2>&1 &&
     tail -n 1 "$out/shell.log" | grep -q "all checks passed"; then
    echo "$name: wasm-shell: all checks passed"
  else
    echo "$name: wasm-shell FAILED"; grep -v "^var Module" "$out/shell.log" | cut -c1-300 | tail -n 20
    status=1
  fi
  node "$here/binary_forms.mjs" "$bin/wasm-as" "$text" >"$out/$name"
  if cmp -s "$out/$name" "$here/$name"; then
    echo "$name: binary form up to date"
  else
    echo "$name: binary form differs from binary_forms.mjs's output:"
    diff "$here/$name" "$out/$name" | head -n 20 || true
    status=1
  fi
done
exit $status
