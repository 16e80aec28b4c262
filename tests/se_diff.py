#!/usr/bin/env python3
"""Differential test runner: one guest program under `disco se` and under QEMU
user mode; they must agree on stdout (byte for byte), stderr (line by line) and
exit status. On a difference, prints unified diffs and exits 1.

    se_diff.py --qemu qemu-mips64el [--disco PATH] [--root DIR] [--stdin FILE]
               [--expect-status N] [--timeout S] -- PROGRAM [ARGS...]

Without --disco, QEMU runs twice and is compared with itself: that checks the
program is deterministic (and, with --expect-status, that it passes its own
checks) before a disco binary exists.

--root DIR: the guest's "/" for disco and the working directory of both runs.
Disco gets `--root .` and QEMU runs in DIR, so guest programs that use
relative paths see the same files under both. PROGRAM is made absolute.

Exit statuses are compared after normalising death by signal N (Python's
returncode -N) to 128+N, the shell's convention. Lines starting with "qemu:"
or "disco:" on stderr are the emulators' own diagnostics (e.g. an uncaught
signal): they are shown but not compared.

Only the standard library is used.
"""

import argparse
import difflib
import os
import shlex
import subprocess
import sys

# The CPU model QEMU must use for every run (MIPS64 release 2, no MSA).
QEMU_CPU = "MIPS64R2-generic"

# The guest environment of both runs: small and fixed, so nothing of the host
# leaks into the comparison.
GUEST_ENVIRONMENT = {"PATH": "/bin:/usr/bin", "LC_ALL": "C", "HOME": "/"}

# Prefixes of stderr lines written by the emulators themselves.
TOOL_PREFIXES = ("qemu:", "disco:")


class Run:
    """The outcome of one emulator run."""

    def __init__(self, name, command, stdout, stderr, status):
        self.name = name
        self.command = command
        self.stdout = stdout
        self.stderr = stderr
        self.status = status

    def guest_stderr_lines(self):
        """stderr lines the guest wrote (emulator diagnostics dropped)."""
        text = self.stderr.decode("utf-8", errors="replace")
        return [line for line in text.splitlines() if not line.startswith(TOOL_PREFIXES)]


def normalised_status(returncode):
    """A subprocess return code as a shell exit status (signal N -> 128+N)."""
    return 128 - returncode if returncode < 0 else returncode


def run_one(name, command, cwd, stdin_path, timeout):
    """Runs command; a timeout counts as status 124 (like timeout(1)), a
    command that cannot start as 127 (like the shell)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        completed = subprocess.run(command, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=GUEST_ENVIRONMENT,
                                   timeout=timeout)
        return Run(name, command, completed.stdout, completed.stderr,
                   normalised_status(completed.returncode))
    except OSError as error:
        return Run(name, command, b"", b"%s: cannot start: %s\n" % (name.encode(), str(error).encode()),
                   127)
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr or b""
        if stderr and not stderr.endswith(b"\n"):
            stderr += b"\n"
        return Run(name, command, expired.stdout or b"",
                   stderr + b"%s: timed out after %ds\n" % (name.encode(), timeout), 124)
    finally:
        if stdin_path:
            stdin.close()


def unified(label, reference_lines, candidate_lines, reference, candidate):
    """A unified diff of two line lists, as text ('' when they agree)."""
    return "".join(difflib.unified_diff(
        [line + "\n" for line in reference_lines], [line + "\n" for line in candidate_lines],
        fromfile="%s (%s)" % (label, reference.name), tofile="%s (%s)" % (label, candidate.name)))


def compare(reference, candidate):
    """Returns a list of human-readable differences (empty when they agree)."""
    problems = []
    if reference.stdout != candidate.stdout:
        ref_text = reference.stdout.decode("utf-8", errors="replace").splitlines()
        cand_text = candidate.stdout.decode("utf-8", errors="replace").splitlines()
        diff = unified("stdout", ref_text, cand_text, reference, candidate)
        problems.append("stdout differs:\n" + (diff or "(only in bytes or line endings)\n"))
    ref_err, cand_err = reference.guest_stderr_lines(), candidate.guest_stderr_lines()
    if ref_err != cand_err:
        problems.append("stderr differs:\n" + unified("stderr", ref_err, cand_err, reference,
                                                      candidate))
    if reference.status != candidate.status:
        problems.append("exit status differs: %s %d, %s %d\n" % (
            reference.name, reference.status, candidate.name, candidate.status))
    return problems


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qemu", required=True, help="qemu-mips64el or qemu-mips64")
    parser.add_argument("--disco", help="the disco executable (omit: QEMU against itself)")
    parser.add_argument("--root", help="guest root directory and working directory")
    parser.add_argument("--stdin", help="file fed to the guest's standard input")
    parser.add_argument("--expect-status", type=int,
                        help="also require this exit status from the QEMU run")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per run")
    parser.add_argument("program")
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    if options.arguments and options.arguments[0] == "--":
        options.arguments = options.arguments[1:]
    return options


def main(argv):
    options = parse_arguments(argv)
    program = os.path.abspath(options.program)
    stdin_path = os.path.abspath(options.stdin) if options.stdin else None
    cwd = os.path.abspath(options.root) if options.root else None
    qemu_command = [options.qemu, "-cpu", QEMU_CPU, program] + options.arguments
    if options.disco:
        candidate_command = [os.path.abspath(options.disco), "se"]
        if cwd:
            candidate_command += ["--root", "."]
        candidate_command += [program] + options.arguments
        candidate_name = "disco"
    else:
        candidate_command, candidate_name = qemu_command, "qemu again"

    reference = run_one("qemu", qemu_command, cwd, stdin_path, options.timeout)
    candidate = run_one(candidate_name, candidate_command, cwd, stdin_path, options.timeout)
    problems = compare(reference, candidate)
    if options.expect_status is not None and reference.status != options.expect_status:
        problems.append("qemu exit status %d, expected %d (the program's own checks failed?)\n"
                        % (reference.status, options.expect_status))
    for run in (reference, candidate):
        diagnostics = [line for line in run.stderr.decode("utf-8", errors="replace").splitlines()
                       if line.startswith(TOOL_PREFIXES)]
        for line in diagnostics:
            print("[%s] %s" % (run.name, line))
    if problems:
        print("FAIL: %s" % shlex.join(candidate_command))
        print("reference: %s" % shlex.join(qemu_command))
        for problem in problems:
            sys.stdout.write(problem)
        return 1
    print("PASS: %s and %s agree (%d stdout bytes, %d stderr lines, exit status %d)" % (
        reference.name, candidate.name, len(reference.stdout),
        len(reference.guest_stderr_lines()), reference.status))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
