#!/usr/bin/env bash
# Re-runs every generator in tests/wast/generate in a scratch copy and checks that each .wast it
# writes is byte for byte the one checked in (so the checked-in files are what the generators,
# with their independently computed expectations, say).
#   tests/wast/check_generators.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$here/generate" "$scratch/generate"
for script in "$here"/generate/*.py; do
  name=$(basename "$script" .py)
  case "$name" in
    floatbits|memory_ops) ;;  # modules the others import
    float_grid) python3 "$scratch/generate/float_grid.py" f32 && python3 "$scratch/generate/float_grid.py" f64 ;;
    *) python3 "$scratch/generate/$name.py" ;;
  esac
done
status=0
count=0
for made in "$scratch"/*.wast; do
  name=$(basename "$made")
  count=$((count + 1))
  if ! cmp -s "$made" "$here/$name"; then
    echo "$name: the generator's output differs from tests/wast/$name"
    diff "$here/$name" "$made" | head -n 20 || true
    status=1
  fi
done
[ "$count" -gt 0 ] || { echo "no generator wrote a .wast"; exit 1; }
[ "$status" -eq 0 ] && echo "$count generated .wast files match byte for byte"
exit $status
