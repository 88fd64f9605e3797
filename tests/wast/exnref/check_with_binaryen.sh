#!/usr/bin/env bash
# Standard exception handling against binaryen (npm binaryen@132.0.0, under node): each text
# script in tests/wast/exnref passes binaryen's wasm-shell (less the forms marked `;; not binaryen`),
# and the binary form wask runs, tests/wast/NAME.wast, is what assemble.mjs writes from it.
#   tests/wast/exnref/check_with_binaryen.sh CACHE_DIR
# The package is fetched once with `npm pack` into CACHE_DIR; without the registry: skipped (77).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:?usage: check_with_binaryen.sh CACHE_DIR}
version=132.0.0
pkg=$cache/binaryen-$version/package
if [ ! -f "$pkg/bin/wasm-shell" ]; then
  mkdir -p "$cache"
  if ! (cd "$cache" && npm pack --silent "binaryen@$version" >/dev/null 2>&1); then
    echo "binaryen: npm pack binaryen@$version failed (is the npm registry reachable?): skipped"
    exit 77
  fi
  rm -rf "$cache/binaryen-$version.part" && mkdir -p "$cache/binaryen-$version.part"
  tar xzf "$cache/binaryen-$version.tgz" -C "$cache/binaryen-$version.part"
  rm -rf "$cache/binaryen-$version" && mv "$cache/binaryen-$version.part" "$cache/binaryen-$version"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for source in "$here"/*.wast; do
  name=$(basename "$source" .wast)
  node "$here/assemble.mjs" "$pkg" "$source" "$work/$name.oracle.wast" --oracle
  if result=$(node "$pkg/bin/wasm-shell" "$work/$name.oracle.wast" 2>&1); then
    echo "$name: binaryen: $(tail -n 1 <<<"$result") ($(grep -c CHECKING <<<"$result") checks)"
  else
    echo "$name: binaryen FAILED:"; tail -n 15 <<<"$result"; status=1
  fi
  node "$here/assemble.mjs" "$pkg" "$source" "$work/$name.wast"
  if cmp -s "$work/$name.wast" "$here/../$name.wast"; then
    echo "$name: tests/wast/$name.wast is assemble.mjs's output"
  else
    echo "$name: tests/wast/$name.wast differs from assemble.mjs's output"; status=1
  fi
done
exit $status
