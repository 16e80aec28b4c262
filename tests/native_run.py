#!/usr/bin/env python3
"""Runs one bare-metal test program under `disco native` and judges it.

The programs of guests/native/ print one line per check ("ok: ..." or
"FAIL: ...") and end with "all N checks passed" and exit status 0, or
"K of N checks FAILED" and exit status 1 (docs/bare-metal.md). This runner
passes when the exit status is 0, the last verdict line is "all N checks
passed" with N > 0, and no line starts with "FAIL:". On failure it prints
the command line (ready to paste) and the whole output.

--disk-test: creates a fresh disk image in a temporary directory (SECTORS
sectors; byte j of sector s is (13 * s + 7 * j + 5) mod 256), attaches it as
disk 0, and after the run checks that sectors WRITE_FIRST and WRITE_FIRST + 1
hold the complement of that pattern and every other sector the pattern (what
guests/native/disk.c writes).

Standard library only. Exit status: 0 pass, 1 fail, 2 usage error.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

SECTOR_BYTES = 512
DISK_SECTORS = 256
WRITE_FIRST = 10  # guests/native/disk.c
VERDICT = re.compile(r"^all (\d+) checks passed$")


def disk_pattern(sector):
    """The bytes of one sector of the fresh image."""
    return bytes((13 * sector + 7 * j + 5) & 0xFF for j in range(SECTOR_BYTES))


def make_disk_image(path):
    """Writes the fresh image."""
    with open(path, "wb") as image:
        for sector in range(DISK_SECTORS):
            image.write(disk_pattern(sector))


def check_disk_image(path):
    """Problems found in the image after the run (empty list: as expected)."""
    problems = []
    with open(path, "rb") as image:
        data = image.read()
    if len(data) != DISK_SECTORS * SECTOR_BYTES:
        return [f"the image is {len(data)} bytes, expected {DISK_SECTORS * SECTOR_BYTES}"]
    for sector in range(DISK_SECTORS):
        want = disk_pattern(sector)
        if WRITE_FIRST <= sector <= WRITE_FIRST + 1:
            want = bytes(b ^ 0xFF for b in want)
        got = data[sector * SECTOR_BYTES:(sector + 1) * SECTOR_BYTES]
        if got != want:
            first = next(i for i in range(SECTOR_BYTES) if got[i] != want[i])
            what = "the complement of the pattern" if WRITE_FIRST <= sector <= WRITE_FIRST + 1 else "the pattern"
            problems.append(f"sector {sector} should hold {what}; byte {first} is {got[first]:#04x}, "
                            f"expected {want[first]:#04x}")
    return problems


def judge(status, output):
    """Problems with a run's exit status and console output (empty: passed)."""
    problems = []
    lines = output.splitlines()
    failures = [line for line in lines if line.startswith("FAIL")]
    verdicts = [m for m in (VERDICT.match(line.strip()) for line in lines) if m]
    if status != 0:
        problems.append(f"exit status {status}, expected 0")
    if failures:
        problems.append(f"{len(failures)} failure line(s), the first: {failures[0]}")
    if not verdicts:
        problems.append('no "all N checks passed" line')
    elif int(verdicts[-1].group(1)) == 0:
        problems.append("no checks ran")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--disco", required=True, help="the disco executable")
    parser.add_argument("--kernel", required=True, help="the bare-metal program (ELF)")
    parser.add_argument("--machine", required=True, help="machine preset or TOML file")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override")
    parser.add_argument("--cmdline", default=None, help="kernel command line")
    parser.add_argument("--disk-test", action="store_true", help="attach a fresh pattern image and check it after")
    parser.add_argument("--timeout", type=float, default=240, help="host seconds before the run is killed")
    parser.add_argument("--max-ms", type=float, default=2000, help="simulated milliseconds before disco stops")
    args = parser.parse_args()

    for path in (args.disco, args.kernel):
        if not os.path.isfile(path):
            print(f"native_run: {path}: no such file", file=sys.stderr)
            return 2

    with tempfile.TemporaryDirectory(prefix="native_run_") as scratch:
        command = [args.disco, "native", "--machine", args.machine, "--kernel", args.kernel,
                   "--max-ms", str(args.max_ms)]
        for assignment in args.set:
            command += ["--set", assignment]
        if args.cmdline is not None:
            command += ["--cmdline", args.cmdline]
        image = os.path.join(scratch, "disk0.img")
        if args.disk_test:
            make_disk_image(image)
            command += ["--disk", image]

        try:
            run = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, timeout=args.timeout, check=False)
            status, output = run.returncode, run.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as expired:
            status = 124
            output = (expired.stdout or b"").decode("utf-8", "replace")
            output += f"\nnative_run: killed after {args.timeout:g} s of host time\n"

        problems = judge(status, output)
        if args.disk_test and status == 0:
            problems += check_disk_image(image)

        if problems:
            print("command:", shlex.join(command))
            print("---- output ----")
            print(output, end="" if output.endswith("\n") else "\n")
            print("---- problems ----")
            for problem in problems:
                print(problem)
            return 1
        last = [line for line in output.splitlines() if VERDICT.match(line.strip())][-1]
        print(f"{os.path.basename(args.kernel)} on {args.machine}: {last.strip()}"
              + (" ; disk image as expected" if args.disk_test else ""))
        return 0


if __name__ == "__main__":
    sys.exit(main())
