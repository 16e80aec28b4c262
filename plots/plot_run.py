#!/usr/bin/env python3
"""Figures of one native run from its HDF5 result file (`disco native --stats RUN.h5`).

    plots/plot_run.py RUN.h5 [--out DIR] [--format png,svg]

Draws, from the layout described in docs/stats.md:
  <stem>-time.*    per-CPU time breakdown: the share of each CPU's cycles spent in
                   user, supervisor, kernel, idle, stall_local and stall_remote
                   (stacked bars; the total cycles under each bar);
  <stem>-misses.*  per-node local/remote cache-miss share (stacked bars, the absolute
                   counts written in the bars and the totals in the legend);
  <stem>-series.*  instructions retired per sample interval per CPU over simulated
                   time, when the file has at least two samples.
<stem> is the result file's name without .h5; DIR defaults to the result file's
directory. The names of the files written are printed, one per line. The machine
name in the titles comes from `name = "..."` in the root attribute "config".

Exit status: 0 on success, 2 (with a message on stderr) when the file cannot be read
or lacks the groups the figures need.
"""

import argparse
import os
import re
import sys

# The six parts of a CPU's cycles, in stacking order, with their colours.
TIME_PARTS = [
    ("user", "#4c72b0"),
    ("supervisor", "#8172b3"),
    ("kernel", "#dd8452"),
    ("idle", "#c7c7c7"),
    ("stall_local", "#55a868"),
    ("stall_remote", "#c44e52"),
]
MISS_PARTS = [("local", "#55a868"), ("remote", "#c44e52")]
FORMATS = ("png", "svg", "pdf")


class BadResultFile(Exception):
    """The result file cannot be read or lacks something the figures need."""


def machine_name(config_text):
    """The machine name of a TOML configuration text, or None."""
    try:
        import tomllib  # Python 3.11+

        name = tomllib.loads(config_text).get("name")
        if isinstance(name, str):
            return name
    except Exception:  # an older Python or a text tomllib rejects: fall back to the line
        pass
    match = re.search(r'^\s*name\s*=\s*"([^"]*)"', config_text, re.MULTILINE)
    return match.group(1) if match else None


def as_text(value):
    """An HDF5 string attribute as str (h5py gives str or bytes by version and type)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def numbered_members(group, what, path):
    """The members of an HDF5 group named 0, 1, 2, ... as (number, member), in order."""
    members = []
    for key in group.keys():
        if not key.isdigit():
            raise BadResultFile(f"{path}: unexpected member '{key}' in {what} (expected 0, 1, ...)")
        members.append((int(key), group[key]))
    if not members:
        raise BadResultFile(f"{path}: {what} is empty")
    return sorted(members, key=lambda m: m[0])


def read_scalar(group, name, path, where):
    """A scalar dataset's value as int or float; a clear error when missing."""
    import h5py

    if name not in group:
        raise BadResultFile(f"{path}: missing {where}/{name}")
    item = group[name]
    if not isinstance(item, h5py.Dataset) or item.shape != () or item.dtype.kind not in "uif":
        raise BadResultFile(f"{path}: {where}/{name} is not a scalar number")
    return item[()].item()


def read_run(path):
    """Reads what the figures need: {name, cpus: [(i, {part: cycles})], nodes: [(n, local, remote)],
    series: (times_ns, {cpu: instructions}) or None}."""
    import h5py

    if not os.path.exists(path):
        raise BadResultFile(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise BadResultFile(f"{path}: cannot read as HDF5 ({e})") from None
    with f:
        name = None
        if "config" in f.attrs:
            name = machine_name(as_text(f.attrs["config"]))
        for group in ("stats/cpu", "stats/node"):
            if group not in f:
                raise BadResultFile(f"{path}: no /{group} group (is it a native-run result file?)")

        cpus = []
        for i, cpu in numbered_members(f["stats/cpu"], "/stats/cpu", path):
            if "time" not in cpu:
                raise BadResultFile(f"{path}: missing /stats/cpu/{i}/time")
            time = cpu["time"]
            parts = {p: read_scalar(time, p, path, f"/stats/cpu/{i}/time") for p, _ in TIME_PARTS}
            cpus.append((i, parts))

        nodes = []
        for n, node in numbered_members(f["stats/node"], "/stats/node", path):
            if "misses" not in node:
                raise BadResultFile(f"{path}: missing /stats/node/{n}/misses")
            misses = node["misses"]
            where = f"/stats/node/{n}/misses"
            nodes.append((n, read_scalar(misses, "local", path, where),
                          read_scalar(misses, "remote", path, where)))

        series = None
        if "series/time_ns" in f and "series/cpu" in f:
            times = [int(t) for t in f["series/time_ns"][()]]
            per_cpu = {}
            for key, cpu in f["series/cpu"].items():
                if key.isdigit() and "instructions" in cpu and len(cpu["instructions"]) == len(times):
                    per_cpu[int(key)] = [int(v) for v in cpu["instructions"][()]]
            if len(times) >= 2 and per_cpu:
                series = (times, dict(sorted(per_cpu.items())))
    return {"name": name, "cpus": cpus, "nodes": nodes, "series": series}


def short_count(n):
    """12345678 -> '12.3M': counts short enough to sit under a bar."""
    for limit, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= limit:
            return f"{n / limit:.3g}{suffix}"
    return str(n)


def save(fig, out_dir, stem, kind, formats):
    """Writes one figure in every format; returns the file names."""
    names = []
    for fmt in formats:
        name = os.path.join(out_dir, f"{stem}-{kind}.{fmt}")
        # No creation date in SVG/PDF: the same run gives the same file.
        metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}.get(fmt)
        fig.savefig(name, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
        names.append(name)
    return names


def plot_time(run, title_name):
    """(a) Stacked bars: each CPU's cycles split into the six parts, as percentages."""
    import matplotlib.pyplot as plt

    cpus = run["cpus"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(cpus) + 3.5), 4.5))
    x = list(range(len(cpus)))
    bottoms = [0.0] * len(cpus)
    totals = [sum(parts.values()) for _, parts in cpus]
    for part, colour in TIME_PARTS:
        shares = [100.0 * parts[part] / total if total else 0.0
                  for (_, parts), total in zip(cpus, totals)]
        ax.bar(x, shares, bottom=bottoms, color=colour, label=part, width=0.75)
        bottoms = [b + s for b, s in zip(bottoms, shares)]
    ax.set_xticks(x)
    ax.set_xticklabels([f"cpu{i}\n{short_count(t)} cyc" for (i, _), t in zip(cpus, totals)],
                       fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of the CPU's cycles (%)")
    ax.set_title(f"{title_name}: time breakdown per CPU")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


def plot_misses(run, title_name):
    """(b) Stacked bars: each node's misses split into local and remote, as percentages."""
    import matplotlib.pyplot as plt

    nodes = run["nodes"]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(nodes) + 3.5), 4.5))
    x = list(range(len(nodes)))
    totals = [local + remote for _, local, remote in nodes]
    bottoms = [0.0] * len(nodes)
    for index, (part, colour) in enumerate(MISS_PARTS):
        counts = [node[1 + index] for node in nodes]
        shares = [100.0 * c / t if t else 0.0 for c, t in zip(counts, totals)]
        label = f"{part} ({sum(counts):,} misses)"
        ax.bar(x, shares, bottom=bottoms, color=colour, label=label, width=0.75)
        for xi, bottom, share, count in zip(x, bottoms, shares, counts):
            if share >= 6.0:  # room for the number inside the bar
                ax.text(xi, bottom + share / 2, short_count(count), ha="center", va="center",
                        fontsize=7, color="white")
        bottoms = [b + s for b, s in zip(bottoms, shares)]
    for xi, total in zip(x, totals):
        if total == 0:
            ax.text(xi, 50, "no misses", ha="center", va="center", fontsize=7, rotation=90)
    ax.set_xticks(x)
    ax.set_xticklabels([f"node{n}" for n, _, _ in nodes], fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of the node's cache misses (%)")
    ax.set_title(f"{title_name}: local and remote misses per node")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    return fig


def plot_series(run, title_name):
    """(c) Lines: instructions each CPU retired in each sample interval, over simulated time."""
    import matplotlib.pyplot as plt

    times, per_cpu = run["series"]
    fig, ax = plt.subplots(figsize=(8.0, 4.5))
    ends_ms = [t / 1e6 for t in times[1:]]
    for cpu, counts in per_cpu.items():
        per_interval = [b - a for a, b in zip(counts, counts[1:])]
        ax.plot(ends_ms, per_interval, label=f"cpu{cpu}", linewidth=1)
    ax.set_xlabel("simulated time at the end of the interval (ms)")
    ax.set_ylabel("instructions per sample interval")
    ax.set_title(f"{title_name}: instructions per interval")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8,
              ncol=1 if len(per_cpu) <= 16 else 2)
    return fig


def parse_formats(text):
    """'png,svg' -> ['png', 'svg']; argparse reports anything else."""
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if not formats or bad:
        raise argparse.ArgumentTypeError(
            f"formats must be a comma-separated list of {', '.join(FORMATS)} (got '{text}')")
    return formats


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("result", help="the run's HDF5 result file")
    parser.add_argument("--out", help="directory for the figures (default: the result file's)")
    parser.add_argument("--format", type=parse_formats, default=["png", "svg"],
                        help="comma-separated formats: png, svg, pdf (default: png,svg)")
    args = parser.parse_args(argv)

    try:
        import h5py  # noqa: F401  (checked here for a clear message)
        import matplotlib
    except ImportError as e:
        print(f"plot_run.py: needs h5py and matplotlib ({e})", file=sys.stderr)
        return 2
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "disco"  # stable ids in SVG output
    plt.rcParams["svg.fonttype"] = "none"   # SVG text stays text (searchable, editable)

    try:
        run = read_run(args.result)
    except BadResultFile as e:
        print(f"plot_run.py: {e}", file=sys.stderr)
        return 2

    out_dir = args.out if args.out else os.path.dirname(os.path.abspath(args.result))
    stem = os.path.basename(args.result)
    if stem.endswith(".h5"):
        stem = stem[:-3]
    title_name = run["name"] or stem

    written = []
    figures = [("time", plot_time), ("misses", plot_misses)]
    if run["series"] is not None:
        figures.append(("series", plot_series))
    try:
        os.makedirs(out_dir, exist_ok=True)
        for kind, draw in figures:
            fig = draw(run, title_name)
            written += save(fig, out_dir, stem, kind, args.format)
            plt.close(fig)
    except OSError as e:
        print(f"plot_run.py: cannot write the figures in {out_dir}: {e}", file=sys.stderr)
        return 2
    for name in written:
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
