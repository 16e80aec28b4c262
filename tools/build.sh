#!/usr/bin/env bash
# Configures and builds the project into build/ (or $DISCO_BUILD_DIR).
# Warnings are errors when CI=true. Pass extra CMake arguments after the script.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${DISCO_BUILD_DIR:-build}
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${DISCO_BUILD_TYPE:-Release} \
  -DDISCO_WERROR=$werror "$@" >/dev/null
cmake --build "$build_dir"
