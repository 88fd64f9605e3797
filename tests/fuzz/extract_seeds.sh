#!/usr/bin/env bash
# extract_seeds.sh WAST2JSON OUT_DIR SCRIPT.wast...: writes every binary module of the scripts to
# OUT_DIR (one file each, named after the script), then OUT_DIR/.stamp. A script wast2json cannot
# convert only contributes nothing.
set -uo pipefail
wast2json=$1 out=$2
shift 2
rm -rf "$out" && mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for script in "$@"; do
  name=$(basename "$script" .wast)
  mkdir -p "$tmp/$name"
  # The proposals the engine runs beyond wabt's defaults.
  "$wast2json" --enable-exceptions --enable-tail-call --enable-extended-const --enable-relaxed-simd \
    "$script" -o "$tmp/$name/$name.json" >/dev/null 2>&1 || true
  for m in "$tmp/$name"/*.wasm; do
    [ -e "$m" ] && cp "$m" "$out/"
  done
done
touch "$out/.stamp"
echo "extract_seeds.sh: $(find "$out" -name '*.wasm' | wc -l) seed modules in $out"
