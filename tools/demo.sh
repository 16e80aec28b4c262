#!/usr/bin/env bash
# The demo: installs what is missing, builds, then runs a few MIPS64 programs
# on the simulated R10000 in syscall-emulation mode, and bare-metal programs on
# the simulated 8-node CC-NUMA machine (flash8), with disco's statistics
# summaries and a figure. Works from a fresh clone:  tools/demo.sh
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

native=$build_dir/guests/native/el
step "the simulated FLASH machine: 8 nodes, its interconnect"
show "$disco" topology flash8

step "booting bare-metal code on all 8 CPUs of flash8 (caches, directory, 300/900 ns misses)"
show "$disco" native --machine flash8 --kernel "$native/boot" --summary

step "8 CPUs sharing locks and counters homed on node 0: remote misses, time breakdown"
echo "\$ $disco native --machine flash8 --kernel $native/smp_litmus --summary --stats $build_dir/demo-flash8.h5  (last lines)"
"$disco" native --machine flash8 --kernel "$native/smp_litmus" --summary --stats "$build_dir/demo-flash8.h5" 2>&1 |
  tail -n 24
show /usr/bin/python3 plots/plot_run.py "$build_dir/demo-flash8.h5" --format png
echo
echo "More: docs/cli.md (options, statistics files, exit statuses), docs/machine.md, docs/boot.md."
