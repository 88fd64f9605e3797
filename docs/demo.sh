#!/usr/bin/env bash
# The demo run by `./wask-dev demo`. Grows with the project: for now, the engine.
set -euo pipefail
build=${1:?usage: docs/demo.sh BUILD_DIR}
echo "wask demo: not yet written (see the open issues)"
