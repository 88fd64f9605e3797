#!/usr/bin/env bash
# Builds (if needed) and runs every benchmark, printing their tables:
#   bench/run-all.sh BUILD_DIR [--quick]
# --quick: fewer runs and no wasm-interp, for a check while developing.
# Environment: BENCH_RUNS (default 5), BENCH_INTERP_RUNS (default 1), BENCH_INTERP_TIMEOUT (s, 180).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/run-all.sh BUILD_DIR [--quick]}
quick=${2:-}

runs=${BENCH_RUNS:-5}
interp_args=(--interp-runs "${BENCH_INTERP_RUNS:-1}" --interp-timeout "${BENCH_INTERP_TIMEOUT:-180}")
if [ "$quick" = "--quick" ]; then
  runs=${BENCH_RUNS:-2}
  interp_args=(--no-interp)
fi

# The programs are built with the rest of the tree; build them here too in case only wask was built.
# A failed build is not fatal: whatever is already built is measured, the rest shows n/a.
for target in wask bench_engine bench_wasi bench_vfs; do
  cmake --build "$build" --target "$target" >/dev/null ||
    echo "run-all.sh: WARNING: building $target in $build failed; measuring what is already built" >&2
done

status=0
# Keep going after a failure so every table is printed; the exit status reports the worst.
python3 "$here/engine/run.py" "$build" --runs "$runs" "${interp_args[@]}" || status=1
echo
python3 "$here/engine/translate.py" "$build" --runs "$([ "$quick" = --quick ] && echo 1 || echo 3)" || status=1
echo
python3 "$here/engine/startup.py" "$build" --runs "$([ "$quick" = --quick ] && echo 1 || echo 3)" || status=1
if [ -x "$build/bench/vfs/vfs_bench" ]; then
  echo
  "$build/bench/vfs/vfs_bench" || status=1
fi
echo
python3 "$here/wasi/run.py" "$build" || status=1
echo
python3 "$here/commands/run.py" "$build" --runs "$([ "$quick" = --quick ] && echo 1 || echo 3)" || status=1
echo
python3 "$here/shell/run.py" "$build" --runs "$([ "$quick" = --quick ] && echo 1 || echo 3)" || status=1
exit $status
