#!/usr/bin/env bash
# Builds one libFuzzer harness with clang (a separate build directory, default
# build-fuzz/, configured with -DDISCO_FUZZ=ON) and runs it for N seconds.
#
#   tools/fuzz.sh HARNESS [SECONDS] [extra libFuzzer flags...]
#   HARNESS: decoder | elf        SECONDS: default 30
#
# The run starts from the committed seeds (tests/fuzz/corpus/HARNESS/, read
# only) and grows a working corpus in BUILD/fuzz-corpus/HARNESS/. A crashing
# input is written to BUILD/fuzz-artifacts/HARNESS/ and the script exits
# non-zero; add that file to tests/fuzz/corpus/HARNESS/ once the bug is fixed,
# so the regular test suite (ctest -L fuzz) replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/fuzz.sh decoder|elf [SECONDS] [libFuzzer flags...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
harness=$1
shift
case "$harness" in decoder | elf) ;; *) usage ;; esac
seconds=30
if [ $# -ge 1 ] && [[ "$1" =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi

build_dir=${DISCO_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDISCO_FUZZ=ON >/dev/null
fi
cmake --build "$build_dir" --target "fuzz_$harness"

corpus=$build_dir/fuzz-corpus/$harness
artifacts=$build_dir/fuzz-artifacts/$harness
mkdir -p "$corpus" "$artifacts"
echo "fuzz: running fuzz_$harness for ${seconds}s (corpus $corpus, crashes to $artifacts/)" >&2
# First corpus directory: where new inputs go; the seeds are only read.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$build_dir/tests/fuzz/fuzz_$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus" "tests/fuzz/corpus/$harness"
