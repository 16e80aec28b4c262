#!/usr/bin/python3
"""End-to-end checks of `disco native` and `disco topology`, run by ctest (one
check per test).

  check_native.py --disco PATH --guests DIR CHECK

DIR holds the bare-metal programs (build/guests/native/el). Exit status 0:
the check passed; 1: it failed (with the reason); 77: skipped (h5py missing).
"""

import argparse
import os
import subprocess
import sys
import tempfile

SKIP = 77


class CheckFailed(Exception):
    pass


def expect(condition, what, *details):
    if not condition:
        raise CheckFailed(what + "".join("\n  " + str(d) for d in details))


def run(disco, *command):
    """Runs disco; returns (status, stdout, stderr) as text."""
    proc = subprocess.run([disco] + list(command), capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")


def h5py_or_skip():
    try:
        import h5py  # noqa: F401
    except ImportError:
        print("skipped: h5py is not installed")
        sys.exit(SKIP)
    import h5py
    return h5py


# ---- the checks: each gets (disco, guests, workdir) and raises CheckFailed ----

def check_usage(disco, guests, work):
    status, _, err = run(disco, "native", "--kernel", os.path.join(guests, "boot"))
    expect(status == 2, "missing --machine: exit 2", status, err)
    expect("--machine" in err and "disco native --help" in err, "the message names --machine and the help", err)
    status, _, err = run(disco, "native", "--machine", "tiny2", "--kernel", os.path.join(work, "nothing"))
    expect(status == 2 and "nothing" in err, "a missing kernel file: exit 2 naming it", status, err)


def check_bad_config(disco, guests, work):
    status, _, err = run(disco, "native", "--machine", "tiny2", "--set", "cache.l2.sise_kb=256",
                         "--kernel", os.path.join(guests, "boot"))
    expect(status == 126, "an unknown key: exit 126", status, err)
    expect("cache.l2.sise_kb" in err and "cache.l2.size_kb" in err, "the message names the key and suggests", err)
    status, _, err = run(disco, "native", "--machine", "nosuchpreset", "--kernel", os.path.join(guests, "boot"))
    expect(status == 126 and "nosuchpreset" in err, "an unknown machine: exit 126 naming it", status, err)


def check_bad_kernel(disco, guests, work):
    junk = os.path.join(work, "junk.elf")
    with open(junk, "wb") as f:
        f.write(b"not an elf at all")
    status, _, err = run(disco, "native", "--machine", "tiny2", "--kernel", junk)
    expect(status == 126 and "junk.elf" in err and "not an ELF" in err, "a malformed kernel: exit 126", status, err)


def check_missing_disk(disco, guests, work):
    status, _, err = run(disco, "native", "--machine", "tiny2", "--kernel", os.path.join(guests, "boot"),
                         "--disk", os.path.join(work, "no-such.img"))
    expect(status == 126 and "no-such.img" in err, "a missing disk image: exit 126 naming it", status, err)


def check_summary(disco, guests, work):
    status, out, err = run(disco, "native", "--machine", "flash8", "--kernel", os.path.join(guests, "boot"),
                           "--summary")
    expect(status == 0, "boot on flash8 powers off with 0", status, out, err)
    expect("all" in out and "checks passed" in out, "the guest's console reaches stdout", out)
    for text in ("machine flash8", "stall-remote", "remote%", "instructions"):
        expect(text in err, f"the summary shows {text!r}", err)
    expect(err.count("\ndisco:    7 ") >= 1 or "disco:    7" in err, "one line per CPU (8 CPUs)", err)


def check_limit(disco, guests, work):
    status, _, err = run(disco, "native", "--machine", "flash8", "--kernel", os.path.join(guests, "bench"),
                         "--max-instructions", "100000")
    expect(status == 124, "the instruction limit: exit 124", status, err)
    expect("instruction limit" in err, "the message says which limit", err)


def stats_file(disco, guests, work, name, *extra):
    path = os.path.join(work, name)
    status, out, err = run(disco, "native", "--machine", "flash8", "--kernel", os.path.join(guests, "smp_litmus"),
                           "--stats", path, "--quiet", *extra)
    expect(status == 0, "smp_litmus on flash8 passes", status, out, err)
    return path


def check_stats(disco, guests, work):
    h5py = h5py_or_skip()
    path = stats_file(disco, guests, work, "run.h5")
    with h5py.File(path, "r") as f:
        config = f.attrs["config"]
        expect('name = "flash8"' in config and "[cache.l2]" in config and "local_latency_ns = 300" in config,
               "the full effective configuration is in the file", config[:400])
        expect(f.attrs["mode"] == "native", "mode attribute")
        total = 0
        for cpu in range(8):
            parts = [int(f[f"stats/cpu/{cpu}/time/{p}"][()]) for p in
                     ("user", "supervisor", "kernel", "idle", "stall_local", "stall_remote")]
            expect(sum(parts) == int(f[f"stats/cpu/{cpu}/cycles"][()]), f"CPU {cpu}'s time parts add up", parts)
            total += int(f[f"stats/cpu/{cpu}/instructions"][()])
        expect(total == int(f["stats/machine/instructions"][()]), "instructions add up")
        remote = sum(int(f[f"stats/node/{n}/misses/remote"][()]) for n in range(8))
        expect(remote > 0, "CPUs sharing data on node 0 miss remotely", remote)
        expect(len(f["series/time_ns"]) >= 2, "a time series was sampled")
        pages = f["tables/pages/misses"]
        expect(pages.shape[1] == 9 and pages.shape[0] > 0, "per-page miss counts for 8 nodes", pages.shape)


def check_determinism(disco, guests, work):
    h5py = h5py_or_skip()
    first = stats_file(disco, guests, work, "a.h5")
    second = stats_file(disco, guests, work, "b.h5")

    def values(path):
        out = {}
        with h5py.File(path, "r") as f:
            def visit(name, obj):
                if isinstance(obj, h5py.Dataset) and not name.startswith(("stats/host", "series/host")):
                    out[name] = obj[()].tolist() if obj.shape else obj[()]
            f.visititems(visit)
        return out

    a, b = values(first), values(second)
    expect(a.keys() == b.keys(), "the same datasets")
    differing = [k for k in a if a[k] != b[k]]
    expect(not differing, "bit-identical results for the same config and seed", differing[:5])


def check_topology(disco, guests, work):
    dot = os.path.join(work, "flash16.dot")
    status, out, err = run(disco, "topology", "flash16", "--dot", dot)
    expect(status == 0, "disco topology flash16", status, err)
    expect("mesh 4x4" in out and "n15" in out, "the matrix names every node", out[:300])
    with open(dot) as f:
        graph = f.read()
    expect("graph" in graph and graph.count("--") == 24, "Graphviz with the 24 links of a 4x4 mesh", graph[:200])
    status, _, err = run(disco, "topology", "flash8", "--set", "topology.kind=hypercube", "--set", "machine.nodes=6",
                         "--set", "topology.dims=[]")
    expect(status == 126 and "hypercube" in err, "a hypercube of 6 nodes is refused by name", status, err)


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--disco", required=True)
    parser.add_argument("--guests", required=True)
    parser.add_argument("check", choices=sorted(CHECKS))
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.guests, "boot")):
        print(f"skipped: no bare-metal programs in {args.guests} (the MIPS cross compilers build them)")
        return SKIP
    with tempfile.TemporaryDirectory() as work:
        try:
            CHECKS[args.check](args.disco, args.guests, work)
        except CheckFailed as e:
            print(f"FAILED: {e}")
            return 1
    print(f"passed: {args.check}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
