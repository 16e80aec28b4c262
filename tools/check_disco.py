#!/usr/bin/env python3
"""End-to-end checks of the `disco` executable, run by ctest (one check per test).

  check_disco.py --disco PATH --guest BUSYBOX CHECK

The guest is Debian's busybox for mips64el (tools/setup.sh fetches it). Exit
status 0: the check passed; 1: it failed (with the reason); 77: skipped
(guest or h5py missing).
"""

import argparse
import os
import subprocess
import sys
import tempfile

SKIP = 77
DEFAULT_ENV = ["HOME=/", "LC_ALL=C", "PATH=/bin:/usr/bin"]  # in the guest's environ order
CLASSES = ["int_alu", "int_muldiv", "branch", "jump", "load", "store", "fp_arith", "fp_move",
           "fp_load_store", "fp_branch", "system"]


class CheckFailed(Exception):
    pass


def expect(condition, what, *details):
    if not condition:
        raise CheckFailed(what + "".join("\n  " + str(d) for d in details))


def run(args, disco, *command, stdin=b""):
    """Runs disco with the given arguments; returns (status, stdout, stderr) as text."""
    proc = subprocess.run([disco] + list(command), input=stdin, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")


# ---- the checks: each gets (args, disco, guest) and raises CheckFailed ----

def check_passthrough(a, disco, guest):
    """Options after PROGRAM reach the guest, and its stdout is untouched."""
    status, out, err = run(a, disco, "se", guest, "echo", "-n", "--help", "--trace", "x")
    expect(status == 0, "status %d, expected 0" % status, err)
    expect(out == "--help --trace x", "guest stdout %r" % out)
    expect(err == "", "disco printed on stderr without --summary: %r" % err)


def check_exit_status(a, disco, guest):
    """disco exits with the guest's own status."""
    status, _, err = run(a, disco, "se", guest, "sh", "-c", "exit 7")
    expect(status == 7, "status %d, expected 7" % status, err)


def check_stdin(a, disco, guest):
    """The guest reads disco's stdin."""
    status, out, err = run(a, disco, "se", guest, "md5sum", stdin=b"abc")
    expect(status == 0 and out.startswith("900150983cd24fb0d6963f7d28e17f72"), "md5sum of stdin: %r" % out, err)


def check_env(a, disco, guest):
    """The guest environment is the fixed default, changed only by --env."""
    _, out, err = run(a, disco, "se", guest, "env")
    expect(out.splitlines() == DEFAULT_ENV, "default environment %r" % out, err)
    _, out, err = run(a, disco, "se", "--env", "HOME=/root", "--env", "X=1 2", guest, "env")
    want = [v if not v.startswith("HOME=") else "HOME=/root" for v in DEFAULT_ENV] + ["X=1 2"]
    expect(out.splitlines() == want, "environment with --env %r" % out, err)


def check_signal(a, disco, guest):
    """A guest killed by a signal: status 128+N and a message naming the signal."""
    status, _, err = run(a, disco, "se", guest, "sh", "-c", "kill -SEGV $$")
    expect(status == 128 + 11, "status %d, expected 139" % status, err)
    expect(err.startswith("disco: ") and "SIGSEGV" in err, "message %r" % err)
    status, _, err = run(a, disco, "se", guest, "sh", "-c", "kill -USR1 $$")
    expect(status == 128 + 16, "SIGUSR1 (16 on MIPS): status %d, expected 144" % status, err)


def check_load_error(a, disco, guest):
    """A program that cannot be loaded: status 126, a message naming it."""
    status, _, err = run(a, disco, "se", "/nonexistent/program")
    expect(status == 126, "status %d, expected 126" % status)
    expect(err.startswith("disco: ") and "/nonexistent/program" in err, "message %r" % err)
    with tempfile.NamedTemporaryFile(suffix=".sh") as script:
        script.write(b"#!/bin/sh\necho not an ELF\n")
        script.flush()
        status, _, err = run(a, disco, "se", script.name)
        expect(status == 126, "non-ELF: status %d, expected 126" % status, err)


def check_usage(a, disco, guest):
    """Bad command lines: status 2 and a "disco: " message; --help: status 0 with examples."""
    for command in (["se"], ["se", "--bogus", guest], [], ["se", "--env", "NOVALUE", guest],
                    ["se", "--quiet", "--summary", guest]):
        status, _, err = run(a, disco, *command)
        expect(status == 2, "%s: status %d, expected 2" % (command, status), err)
        expect(err and all(l.startswith("disco: ") for l in err.splitlines()),
               "%s: message %r" % (command, err))
    for command in (["--help"], ["se", "--help"]):
        status, out, _ = run(a, disco, *command)
        expect(status == 0 and "Examples:" in out, "%s: status %d" % (command, status), out)
    _, out, _ = run(a, disco, "se", "--help")
    for option in ("--root", "--trace", "--max-instructions", "--stats", "--env", "--summary", "--quiet"):
        expect(option in out, "se --help does not mention " + option, out)


def check_instruction_limit(a, disco, guest):
    """--max-instructions stops the guest with status 124 and says where."""
    status, out, err = run(a, disco, "se", "--max-instructions", "1000", guest, "echo", "hi")
    expect(status == 124, "status %d, expected 124" % status, err)
    expect(out == "", "guest output before the limit: %r" % out)
    expect(err.startswith("disco: ") and "1000" in err, "message %r" % err)


def check_quiet(a, disco, guest):
    """--quiet: nothing of disco's own on stderr, the status still tells."""
    status, _, err = run(a, disco, "se", "--quiet", "--max-instructions", "1000", guest, "echo", "hi")
    expect(status == 124 and err == "", "status %d, stderr %r" % (status, err))
    status, _, err = run(a, disco, "se", "--quiet", "/nonexistent/program")
    expect(status == 126 and err == "", "load error: status %d, stderr %r" % (status, err))


def check_unsupported(a, disco, guest):
    """Unsupported system calls are named on stderr after the run (not with --quiet)."""
    status, _, err = run(a, disco, "se", guest, "sh", "-c", "true | true")  # a pipe needs fork
    expect(status != 0, "fork cannot work in se mode, yet status %d" % status)
    expect("disco: unsupported system calls (the guest got an error): clone 1" in err,
           "no note naming clone", err)
    _, _, err = run(a, disco, "se", "--quiet", guest, "sh", "-c", "true | true")
    expect("disco:" not in err, "--quiet still printed disco's note", err)
    _, _, err = run(a, disco, "se", guest, "echo", "hi")
    expect(err == "", "a run without unsupported calls printed %r" % err)


def check_trace(a, disco, guest):
    """--trace prints one line per executed instruction on stderr."""
    status, _, err = run(a, disco, "se", "--trace", "--max-instructions", "20", guest, "true")
    lines = [l for l in err.splitlines() if not l.startswith("disco: ")]
    expect(status == 124 and len(lines) == 20, "status %d, %d trace lines" % (status, len(lines)), err)


def check_summary(a, disco, guest):
    """--summary: the guest's output first, then disco's lines, all prefixed."""
    status, out, err = run(a, disco, "se", "--summary", guest, "echo", "hi")
    expect(status == 0 and out == "hi\n", "status %d, stdout %r" % (status, out), err)
    lines = err.splitlines()
    expect(lines and all(l.startswith("disco: ") for l in lines), "summary lines %r" % err)
    for word in ("instructions", "MIPS", "by class", "syscalls", "unsupported", "write"):
        expect(word in err, "summary lacks %r" % word, err)


def check_stats(a, disco, guest):
    """--stats writes an HDF5 file h5py reads, with consistent contents."""
    try:
        import h5py
    except ImportError:
        print("h5py is not installed for %s: skipped" % sys.executable)
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "run.h5")
        status, out, err = run(a, disco, "se", "--stats", path, guest, "echo", "hi")
        expect(status == 0 and out == "hi\n", "status %d" % status, err)
        with h5py.File(path, "r") as f:
            config = f["config"].attrs
            expect(config["program"] == guest, "config/program %r" % config["program"])
            expect(list(config["args"]) == [guest, "echo", "hi"], "config/args %r" % list(config["args"]))
            expect(sorted(config["env"]) == sorted(DEFAULT_ENV), "config/env %r" % list(config["env"]))
            expect(int(config["max_instructions"]) == 0, "config/max_instructions")
            total = int(f["instructions/total"][()])
            by_class = {r["name"].decode(): int(r["count"]) for r in f["instructions/by_class"][()]}
            expect(total > 1000, "instructions/total %d" % total)
            expect(list(by_class) == CLASSES, "by_class names %r" % list(by_class))
            expect(sum(by_class.values()) == total, "by_class sums to %d, total %d" % (sum(by_class.values()), total))
            syscalls = {r["name"].decode(): int(r["count"]) for r in f["syscalls"][()]}
            expect(syscalls.get("write", 0) >= 1, "syscalls %r" % syscalls)
            for table in ("exceptions", "syscalls_unsupported", "signals"):
                expect(f[table].dtype.names == ("name", "count"), table + " is not a name/count table")
            seconds = float(f["host_seconds"][()])
            mips = float(f["simulated_mips"][()])
            expect(seconds > 0 and abs(mips - total / seconds / 1e6) < 1e-6 * max(mips, 1),
                   "host_seconds %g, simulated_mips %g" % (seconds, mips))
            exit_attrs = f["exit"].attrs
            expect(int(exit_attrs["status"]) == 0 and exit_attrs["how"] == "exited",
                   "exit %r" % dict(exit_attrs))
        # A second run with a limit records how it ended.
        status, _, _ = run(a, disco, "se", "--quiet", "--stats", path, "--max-instructions", "500", guest, "true")
        with h5py.File(path, "r") as f:
            expect(int(f["instructions/total"][()]) == 500, "limited run: total %d" % f["instructions/total"][()])
            expect(f["exit"].attrs["how"] == "instruction_limit" and int(f["exit"].attrs["status"]) == 124,
                   "limited run: exit %r" % dict(f["exit"].attrs))


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--disco", required=True)
    p.add_argument("--guest", required=True, help="busybox for mips64el")
    p.add_argument("check", choices=sorted(CHECKS))
    a = p.parse_args()
    if not os.path.isfile(a.guest):
        print("guest %s missing (run tools/setup.sh): skipped" % a.guest)
        return SKIP
    try:
        CHECKS[a.check](a, a.disco, a.guest)
    except CheckFailed as e:
        print("FAILED: " + str(e))
        return 1
    print("ok: " + CHECKS[a.check].__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
