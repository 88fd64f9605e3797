#!/usr/bin/env bash
# Validates .wast files against wabt's reference interpreter: every command must pass there.
#   tests/wast/check_with_wabt.sh [FILE.wast...]   (default: every tests/wast/*.wast)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=("$@")
[ ${#files[@]} -eq 0 ] && files=("$here"/*.wast)
status=0
# The post-2.0 proposals wask runs (exceptions: the legacy instructions).
features="--enable-relaxed-simd --enable-exceptions --enable-tail-call --enable-extended-const --enable-multi-memory --enable-memory64"
for f in "${files[@]}"; do
  name=$(basename "$f" .wast)
  if [ "$name" = memory64_offsets ]; then  # wabt truncates static offsets: node checks this one
    echo "$f: skipped (checked by check_memory64_with_node.mjs)"; continue
  fi
  if ! wast2json $features "$f" -o "$out/$name.json" >"$out/$name.log" 2>&1; then
    echo "$f: wast2json failed"; cat "$out/$name.log"; status=1; continue
  fi
  if result=$(cd "$out" && spectest-interp $features "$name.json" 2>&1); then
    echo "$f: $(tail -n 1 <<<"$result")"
  else
    # wabt also prints each passing assert_* with its message: skip those.
    echo "$f: FAILED"
    grep -E '\.wast:[0-9]+: ' <<<"$result" | grep -vE 'assert_[a-z_]+ passed' || true
    tail -n 1 <<<"$result"; status=1
  fi
done
exit $status
