#!/usr/bin/env python3
"""Speed of `disco se` against QEMU user mode on the compute-heavy corpus.

Runs each program of the se guest corpus (mips64el builds) under
`disco se --stats` and under `qemu-mips64el -cpu MIPS64R2-generic`, pinned to
one core (taskset -c 0), and prints one row per program: the guest's dynamic
instruction count (from disco's statistics file; the same program and input
execute the same instructions under QEMU), the wall-clock seconds and MIPS of
each, and the ratio disco seconds / qemu seconds. Outputs of the two runs are
compared; a mismatch is flagged in the table.

Usage (from the repository root, after tools/build.sh):
  experiments/bench_se.py
  experiments/bench_se.py --programs nbody,matmul --size 200 --repeat 3
See experiments/README.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Corpus programs that compute for a while and take a size as argv[1], with
# the benchmark size of each (the same as the "long" differential tests, so
# every run takes long enough that process start-up does not count) and
# whether it is an integer or a floating-point workload.
BENCH_SIZES = {"interp": "100000", "sha256": "1024", "sort": "200000", "sieve": "5000000",
               "crc32": "4096", "nbody": "200000", "matmul": "200", "mandelbrot": "400",
               "spectral": "400"}
KIND = {"nbody": "fp", "matmul": "fp", "mandelbrot": "fp", "spectral": "fp"}
DEFAULT_PROGRAMS = list(BENCH_SIZES)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Example: experiments/bench_se.py --programs nbody --size 500")
    p.add_argument("--build", default=os.path.join(REPO, "build"),
                   help="build directory holding tools/disco and guests/se/el/ (default: build/)")
    p.add_argument("--disco", help="the disco executable (default: BUILD/tools/disco)")
    p.add_argument("--qemu", default="qemu-mips64el", help="QEMU user-mode binary (default: %(default)s)")
    p.add_argument("--programs", help="comma-separated corpus program names (default: %s)"
                   % ",".join(DEFAULT_PROGRAMS))
    p.add_argument("--size", help="size argument passed to every program (default: each program's "
                   "benchmark size; 'default' runs the programs' own small test sizes)")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs per program and simulator; the fastest counts (default: 1)")
    p.add_argument("--cpu", default="0", help="core to pin the runs to with taskset (default: 0)")
    p.add_argument("--output", metavar="FILE.h5",
                   help="also write the table to an HDF5 file (dataset /bench_se, needs h5py)")
    return p.parse_args()


def read_total_instructions(stats_file):
    """Guest instruction count from a disco --stats file (h5py, else h5dump)."""
    try:
        import h5py
        with h5py.File(stats_file, "r") as f:
            return int(f["instructions/total"][()])
    except ImportError:
        out = subprocess.run(["h5dump", "-d", "/instructions/total", stats_file],
                             capture_output=True, text=True, check=True).stdout
        # The value follows "(0): " in h5dump's DATA block.
        return int(out.split("DATA {")[1].split(":")[1].split()[0])


def timed_run(command, cpu):
    """Runs command pinned to one core; returns (seconds, exit status, stdout)."""
    if shutil.which("taskset"):
        command = ["taskset", "-c", cpu] + command
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, proc.returncode, proc.stdout


def bench_one(args, disco, program_path, workdir):
    """One table row for one program (fastest of --repeat runs each)."""
    name = os.path.basename(program_path)
    size = args.size or BENCH_SIZES.get(name)
    guest_args = [size] if size and size != "default" else []
    stats = os.path.join(workdir, os.path.basename(program_path) + ".h5")
    disco_best = qemu_best = None
    for _ in range(args.repeat):
        seconds, disco_status, disco_out = timed_run(
            [disco, "se", "--stats", stats, program_path] + guest_args, args.cpu)
        disco_best = seconds if disco_best is None else min(disco_best, seconds)
        seconds, qemu_status, qemu_out = timed_run(
            [args.qemu, "-cpu", "MIPS64R2-generic", program_path] + guest_args, args.cpu)
        qemu_best = seconds if qemu_best is None else min(qemu_best, seconds)
    instructions = read_total_instructions(stats)
    agree = disco_status == qemu_status and disco_out == qemu_out
    return {
        "program": name,
        "kind": KIND.get(name, "int"),
        "instructions": instructions,
        "disco_s": disco_best,
        "disco_mips": instructions / disco_best / 1e6,
        "qemu_s": qemu_best,
        "qemu_mips": instructions / qemu_best / 1e6,
        "ratio": disco_best / qemu_best,
        "note": "" if agree else "OUTPUT DIFFERS (status %d vs %d)" % (disco_status, qemu_status),
    }


def print_table(rows):
    header = ("program", "kind", "instructions", "disco s", "disco MIPS", "qemu s", "qemu MIPS",
              "disco/qemu")
    print("%-12s %4s %14s %9s %11s %9s %11s %11s" % header)
    for r in rows:
        print("%-12s %4s %14d %9.3f %11.1f %9.3f %11.1f %10.2fx %s" % (
            r["program"], r["kind"], r["instructions"], r["disco_s"], r["disco_mips"], r["qemu_s"],
            r["qemu_mips"], r["ratio"], r["note"]))


def write_hdf5(path, rows, args, disco):
    """The table as one compound dataset /bench_se, the run's settings as its attributes."""
    import h5py
    import numpy as np
    dtype = np.dtype([("program", h5py.string_dtype()), ("instructions", "u8"), ("disco_s", "f8"),
                      ("disco_mips", "f8"), ("qemu_s", "f8"), ("qemu_mips", "f8"), ("ratio", "f8"),
                      ("outputs_agree", "?")])
    table = np.array([(r["program"], r["instructions"], r["disco_s"], r["disco_mips"], r["qemu_s"],
                       r["qemu_mips"], r["ratio"], not r["note"]) for r in rows], dtype=dtype)
    with h5py.File(path, "w") as f:
        ds = f.create_dataset("bench_se", data=table)
        ds.attrs["disco"] = disco
        ds.attrs["qemu"] = "%s -cpu MIPS64R2-generic" % args.qemu
        ds.attrs["size"] = args.size or "benchmark sizes: " + ", ".join("%s=%s" % kv for kv in BENCH_SIZES.items())
        ds.attrs["repeat"] = args.repeat
        ds.attrs["cpu"] = args.cpu
        ds.attrs["host"] = os.uname().nodename
        ds.attrs["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def main():
    args = parse_args()
    disco = args.disco or os.path.join(args.build, "tools", "disco")
    guest_dir = os.path.join(args.build, "guests", "se", "el")
    programs = args.programs.split(",") if args.programs else DEFAULT_PROGRAMS
    for tool in (disco, shutil.which(args.qemu) or args.qemu):
        if not os.access(tool, os.X_OK):
            sys.exit("bench_se: %s not found or not executable (build first: tools/build.sh)" % tool)
    missing = [p for p in programs if not os.path.isfile(os.path.join(guest_dir, p))]
    if missing:
        sys.exit("bench_se: not built in %s: %s" % (guest_dir, ", ".join(missing)))

    print("disco: %s   qemu: %s -cpu MIPS64R2-generic   core: %s   size: %s   best of %d" % (
        disco, args.qemu, args.cpu, args.size or "per-program benchmark sizes", args.repeat))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_se.") as workdir:
        for p in programs:
            rows.append(bench_one(args, disco, os.path.join(guest_dir, p), workdir))
            print("  done: %s" % p, file=sys.stderr)
    print_table(rows)
    if args.output:
        write_hdf5(args.output, rows, args, disco)
    return 1 if any(r["note"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
