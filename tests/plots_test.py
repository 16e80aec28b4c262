#!/usr/bin/env python3
"""Test of plots/plot_run.py on synthetic result files written with h5py.

    tests/plots_test.py [--script plots/plot_run.py]

Builds, in a temporary directory, a result file in the native-run layout of
docs/stats.md (2 nodes with 2 CPUs each, a time series, a per-page table), runs
the script and checks the figures it writes; then checks that files lacking the
groups, not HDF5 at all, or missing, are refused with exit status 2 and a message.
Exit status: 0 pass, 1 fail, 77 skipped (h5py, numpy or matplotlib missing).
"""

import argparse
import os
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import h5py
    import matplotlib  # noqa: F401  (the script needs it)
    import numpy as np
except ImportError as e:
    print(f"SKIP: plots test needs h5py, numpy and matplotlib ({e})")
    sys.exit(SKIP)

CONFIG = 'name = "tiny2"\n\n[machine]\nnodes = 2\ncpus_per_node = 2\ncpu_clock_mhz = 200\n'
TIME_PARTS = ["user", "supervisor", "kernel", "idle", "stall_local", "stall_remote"]
failures = []


def check(condition, what):
    """Records a failed check (the test goes on, to report everything at once)."""
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def scalar(f, path, value, description, unit=None):
    """A scalar dataset with its attributes, as numa::StatsTree writes them."""
    dtype = np.float64 if isinstance(value, float) else np.uint64
    ds = f.create_dataset(path, data=np.array(value, dtype=dtype))
    ds.attrs["description"] = description
    if unit is not None:
        ds.attrs["unit"] = unit


def write_result(path, samples=4):
    """A native-run result file: 4 CPUs on 2 nodes, `samples` samples, one table."""
    with h5py.File(path, "w") as f:
        f.attrs["config"] = CONFIG
        f.attrs["mode"] = "native"
        f.attrs["command"] = "disco native --machine tiny2 --kernel k.elf"
        times = np.arange(1, samples + 1, dtype=np.uint64) * 1_000_000
        f.create_dataset("series/time_ns", data=times)
        for cpu in range(4):
            parts = [1000 * (cpu + 1), 0, 300, 200 * cpu, 150, 50 * (cpu + 1)]
            for name, cycles in zip(TIME_PARTS, parts):
                scalar(f, f"stats/cpu/{cpu}/time/{name}", cycles, f"cycles in {name}")
            scalar(f, f"stats/cpu/{cpu}/instructions", 1300 * (cpu + 1), "instructions retired")
            f.create_dataset(f"series/cpu/{cpu}/instructions",
                             data=np.arange(samples, dtype=np.uint64) * 300 * (cpu + 1))
        for node, (local, remote) in enumerate([(900, 100), (250, 750)]):
            scalar(f, f"stats/node/{node}/misses/local", local, "misses served locally")
            scalar(f, f"stats/node/{node}/misses/remote", remote, "misses served remotely")
            scalar(f, f"stats/node/{node}/home_requests", local + remote, "home requests")
        scalar(f, "stats/machine/cycles", 20000, "simulated cycles")
        scalar(f, "stats/machine/clock_mhz", 200.0, "CPU clock", "MHz")
        scalar(f, "stats/host/seconds", 0.5, "host time", "s")
        scalar(f, "stats/host/mips", 12.5, "simulated MIPS", "MIPS")
        table = f.create_dataset("tables/pages/misses",
                                 data=np.array([[17, 80, 3], [42, 0, 120]], dtype=np.uint64))
        table.attrs["columns"] = ["page", "node0", "node1"]
        table.attrs["description"] = "cumulative misses per page and node"


def run(script, *args):
    """Runs the script; returns (status, stdout, stderr)."""
    p = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def nonempty(path):
    return os.path.isfile(path) and os.path.getsize(path) > 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", default=os.path.join(HERE, "..", "plots", "plot_run.py"))
    script = parser.parse_args().script

    with tempfile.TemporaryDirectory(prefix="plots_test_") as tmp:
        os.environ["MPLCONFIGDIR"] = os.path.join(tmp, "mpl")  # no writes to $HOME
        good = os.path.join(tmp, "run.h5")
        write_result(good)
        out = os.path.join(tmp, "figures")

        status, stdout, stderr = run(script, good, "--out", out)
        check(status == 0, f"a good file plots (status {status}, stderr: {stderr.strip()})")
        expected = [os.path.join(out, f"run-{kind}.{fmt}")
                    for kind in ("time", "misses", "series") for fmt in ("png", "svg")]
        for name in expected:
            check(nonempty(name), f"{os.path.basename(name)} written and not empty")
            check(name in stdout.splitlines(), f"{os.path.basename(name)} named on stdout")
        png = os.path.join(out, "run-time.png")
        if nonempty(png):
            with open(png, "rb") as f:
                check(f.read(8) == b"\x89PNG\r\n\x1a\n", "the PNG is a PNG")
        svg_time = os.path.join(out, "run-time.svg")
        svg_misses = os.path.join(out, "run-misses.svg")
        if nonempty(svg_time) and nonempty(svg_misses):
            time_text = open(svg_time, encoding="utf-8").read()
            misses_text = open(svg_misses, encoding="utf-8").read()
            check("<svg" in time_text, "the SVG is an SVG")
            check("tiny2: time breakdown per CPU" in time_text, "the title names the machine")
            for part in TIME_PARTS:
                check(part in time_text, f"the time legend names {part}")
            check("cpu3" in time_text, "four CPUs on the time axis")
            # Totals in the legend, absolute counts in the bars (node 1: 250 local, 750 remote).
            check("local (1,150 misses)" in misses_text, "the local total is in the legend")
            check("remote (850 misses)" in misses_text, "the remote total is in the legend")
            check(">750</text>" in misses_text and ">900</text>" in misses_text, "bars carry their counts")

        # --format png only: no SVG; the default directory is the result file's.
        status, stdout, stderr = run(script, good, "--format", "png")
        check(status == 0, f"--format png works (status {status}, stderr: {stderr.strip()})")
        check(nonempty(os.path.join(tmp, "run-misses.png")), "default output next to the result file")
        check(not os.path.exists(os.path.join(tmp, "run-misses.svg")), "no SVG with --format png")

        # One sample only: no series figure.
        single = os.path.join(tmp, "single.h5")
        write_result(single, samples=1)
        status, stdout, _ = run(script, single, "--out", out)
        check(status == 0 and not os.path.exists(os.path.join(out, "single-series.png")),
              "no series figure from a single sample")

        # Bad inputs: exit status 2 and a message naming the problem.
        lacking = os.path.join(tmp, "lacking.h5")
        with h5py.File(lacking, "w") as f:
            f.create_dataset("instructions/total", data=np.uint64(5))  # an se-mode file, say
        status, _, stderr = run(script, lacking, "--out", out)
        check(status == 2 and "no /stats/cpu group" in stderr,
              f"a file without /stats/cpu is refused (status {status}, stderr: {stderr.strip()})")

        partial = os.path.join(tmp, "partial.h5")
        write_result(partial)
        with h5py.File(partial, "a") as f:
            del f["stats/cpu/2/time/stall_remote"]
        status, _, stderr = run(script, partial, "--out", out)
        check(status == 2 and "missing /stats/cpu/2/time/stall_remote" in stderr,
              f"a missing time part is named (status {status}, stderr: {stderr.strip()})")

        not_hdf5 = os.path.join(tmp, "notes.h5")
        with open(not_hdf5, "w") as f:
            f.write("not an HDF5 file\n")
        status, _, stderr = run(script, not_hdf5, "--out", out)
        check(status == 2 and "cannot read as HDF5" in stderr,
              f"a non-HDF5 file is refused (status {status}, stderr: {stderr.strip()})")

        status, _, stderr = run(script, os.path.join(tmp, "absent.h5"))
        check(status == 2 and "no such file" in stderr,
              f"a missing file is refused (status {status}, stderr: {stderr.strip()})")

        status, _, stderr = run(script, good, "--format", "gif")
        check(status == 2 and "formats must be" in stderr, "an unknown format is refused")

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
