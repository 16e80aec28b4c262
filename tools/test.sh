#!/usr/bin/env bash
# The test command: installs dependencies, builds, runs the default test suite.
# Long runs carry the ctest label "long" and are excluded here; run them with
#   ctest --test-dir build -L long
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh
ctest --test-dir "${DISCO_BUILD_DIR:-build}" --output-on-failure -LE long -j "$(nproc)"
