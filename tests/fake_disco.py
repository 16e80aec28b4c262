#!/usr/bin/env python3
"""A stand-in for `disco se` that runs the program under QEMU instead; it tests
the differential runner (se_diff.py) itself. Its file name picks a behaviour:
names containing "tamper-stdout", "tamper-stderr" or "tamper-status" corrupt
that part of the result and "tamper-hang" never finishes (the runner must then
report a difference); any other name passes QEMU's result through unchanged
(the runner must accept it).

    fake-disco se [--root DIR] PROGRAM [ARGS...]
"""

import os
import subprocess
import sys
import time


def qemu_for(program):
    """qemu-mips64el or qemu-mips64, from the ELF header's byte-order field."""
    with open(program, "rb") as elf:
        header = elf.read(6)
    return "qemu-mips64el" if header[5] == 1 else "qemu-mips64"


def main(argv):
    if not argv or argv[0] != "se":
        sys.stderr.write("fake disco: only 'se' is supported\n")
        return 2
    argv = argv[1:]
    if argv[:1] == ["--root"]:
        os.chdir(argv[1])
        argv = argv[2:]
    program, arguments = argv[0], argv[1:]
    completed = subprocess.run([qemu_for(program), "-cpu", "MIPS64R2-generic", program] + arguments,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    name = os.path.basename(sys.argv[0])
    if "tamper-hang" in name:
        time.sleep(3600)
    stdout, stderr, status = completed.stdout, completed.stderr, completed.returncode
    if "tamper-stdout" in name:
        stdout += b"one line more\n"
    if "tamper-stderr" in name:
        stderr += b"an extra complaint\n"
    if "tamper-status" in name:
        status += 1
    sys.stdout.buffer.write(stdout)
    sys.stderr.buffer.write(stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
