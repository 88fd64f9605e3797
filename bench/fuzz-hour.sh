#!/usr/bin/env bash
# bench/fuzz-hour.sh [BUILD_DIR]: fuzzes the loader and the engine for an hour (the same target
# `./wask-dev test` runs for 60 s); crashes land in BUILD_DIR/tests/fuzz/crashes.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exec "$here/tests/fuzz/run.sh" "${1:-$here/build-fuzz}" 3600
