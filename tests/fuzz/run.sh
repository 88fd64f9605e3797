#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR SECONDS: configures BUILD_DIR as a clang ASan+UBSan+libFuzzer build
# (if it is not one yet), builds the fuzz target and its seeds, and fuzzes load + instantiate + run
# for SECONDS. The corpus grows in BUILD_DIR/tests/fuzz/corpus; a crashing input is kept in
# BUILD_DIR/tests/fuzz/crashes and makes the exit status non-zero.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS}
seconds=${2:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS}
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG" \
  -DWASK_SANITIZE=address,undefined -DWASK_FUZZ=ON \
  -DWASK_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_load
dir=$build/tests/fuzz
mkdir -p "$dir/corpus" "$dir/crashes"
# Each input gets 10 s and the process 2 GiB: the engine's own limits keep a module far below.
"$dir/fuzz_load" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$dir/crashes/" "$dir/corpus" "$dir/seeds"
