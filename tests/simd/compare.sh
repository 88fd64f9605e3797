#!/bin/sh
# Runs an auto-vectorised wasm program under wask and its native build; the outputs must match
# byte for byte, and the wasm must really contain SIMD instructions.
#   compare.sh WASK PROGRAM.wasm NATIVE
set -eu
wask=$1 wasm=$2 native=$3
simd_ops=$(wasm-objdump -d "$wasm" | grep -cE ' (i8x16|i16x8|i32x4|i64x2|f32x4|f64x2|v128)\.' || true)
[ "$simd_ops" -gt 20 ] || { echo "$wasm has only $simd_ops SIMD instructions: not vectorised"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$wask" run "$wasm" >"$out/wask.txt"
"$native" >"$out/native.txt"
if ! cmp -s "$out/wask.txt" "$out/native.txt"; then
  diff "$out/native.txt" "$out/wask.txt" | head -n 20
  exit 1
fi
echo "$(wc -l <"$out/native.txt") lines identical; $simd_ops SIMD instructions in $(basename "$wasm")"
