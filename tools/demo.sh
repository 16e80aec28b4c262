#!/usr/bin/env bash
# The demo: installs what is missing, builds, then runs a few MIPS64 programs
# on the simulated R10000 in syscall-emulation mode, with disco's statistics
# summary. Works from a fresh clone:  tools/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${DISCO_BUILD_DIR:-build}
disco=$build_dir/tools/disco
guests=$build_dir/guests/se/el
busybox=third_party/busybox/bin/busybox

# Step titles in bold on a terminal, plain when the output goes to a file.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "setup (Debian packages, busybox for mips64el)"
tools/setup.sh

step "build"
DISCO_BUILD_DIR=$build_dir tools/build.sh

step "an N-body simulation in double precision (static glibc, mips64el)"
show "$disco" se --summary "$guests/nbody"

step "a bytecode interpreter"
show "$disco" se --summary "$guests/interp"

step "busybox from Debian's mips64el archive"
show "$disco" se "$busybox" echo "Hello from busybox on a simulated MIPS R10000"
printf 'The quick brown fox jumps over the lazy dog\n' >"$build_dir/demo-input.txt"
show "$disco" se --summary "$busybox" md5sum "$build_dir/demo-input.txt"
echo "(host md5sum: $(md5sum <"$build_dir/demo-input.txt" | cut -d' ' -f1))"

step "statistics as HDF5"
show "$disco" se --stats "$build_dir/demo-nbody.h5" "$guests/nbody" >/dev/null
show h5dump -d /instructions/total -d /simulated_mips "$build_dir/demo-nbody.h5"
echo
echo "More: docs/cli.md (options, statistics file, exit statuses)."
