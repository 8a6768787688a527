"""Territory scale: technopole against a naive GeoPandas script and GDAL's SQL, 10k to 1M parcels.

``technopole validate`` runs in memory and on Dask (``--engine dask``, a local cluster of 1 and
2 worker processes: docs/SCALING.md).

For each size, writes the synthetic tiling (``bench/tiling.py``) once to ``bench/data/``, then
runs each command in a child process and reports its wall time, its peak memory (the child's
``ru_maxrss``, from ``os.wait4``) and its ratio to the naive script measured in the same run.
Median of ``--repeat`` runs. ``--plot FILE`` draws time against size on log-log axes. Then
writes ``bench/results/targets_bench_scale.json`` (``--targets``): the two territory-scale
targets, each ``{"target", "measured", "met"}`` with this run's figures (``met`` null when
the run did not measure it)::

    python bench/bench_scale.py --sizes 10000 100000 --repeat 3 --plot docs/img/scale.png
    python bench/bench_scale.py --sizes 1000000 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiling  # noqa: E402

GDAL_SQL = (
    "import pyogrio, sys; p = sys.argv[1]; t = p.rsplit('/', 1)[-1][:-4]; "
    "print(pyogrio.read_dataframe(p, sql=f'SELECT SUM(ST_Area(geometry)) AS area_m2, "
    "SUM(ST_IsValid(geometry)) AS valid FROM \"{t}\"', sql_dialect='SQLITE'))"
)


def measure(cmd: list[str], ok_codes: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in ok_codes:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def commands(paths: dict[str, Path], out: Path) -> dict[str, list[str]]:
    """The commands compared at one size: technopole's, the naive script, GDAL's SQL."""
    exe = Path(sys.executable).with_name("technopole")
    tp = [str(exe)] if exe.exists() else [sys.executable, str(ROOT / "cli.py")]
    py = sys.executable
    parcels, site = str(paths["parcels"]), str(paths["site"])
    return {
        "technopole validate --format json": [
            *tp,
            "validate",
            "--site",
            site,
            "--zones",
            parcels,
            "--format",
            "json",
            "--out",
            str(out),
            "--force",
        ],
        "technopole validate (terminal)": [*tp, "validate", "--site", site, "--zones", parcels],
        **{
            f"technopole validate --engine dask --workers {w} --format json": [
                *tp,
                "validate",
                "--site",
                site,
                "--zones",
                parcels,
                "--engine",
                "dask",
                "--workers",
                str(w),
                "--format",
                "json",
                "--out",
                str(out),
                "--force",
            ]
            for w in (1, 2)
        },
        "technopole layers show": [*tp, "layers", "show", parcels],
        "naive GeoPandas script": [py, str(ROOT / "bench" / "naive_checks.py"), parcels, site],
        "GDAL SQL (SQLite dialect): area + validity": [
            py,
            "-c",
            GDAL_SQL,
            str(paths["parcels_fgb"]),
        ],
    }


def run(sizes: list[int], repeat: int, data: Path, skip: tuple[str, ...] = ()) -> list[dict]:
    """Measure every command at every size; one dict per (size, command)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            paths = tiling.write_inputs(n, data)
            runs = {}
            for name, cmd in commands(paths, Path(tmp) / "report.json").items():
                if any(s in name for s in skip):
                    continue
                got = [measure(cmd) for _ in range(repeat)]
                runs[name] = (statistics.median(t for t, _ in got), max(m for _, m in got))
            base = runs["naive GeoPandas script"][0]
            for name, (sec, mib) in runs.items():
                rows.append(
                    {
                        "parcels": n,
                        "command": name,
                        "seconds": sec,
                        "peak_mib": mib,
                        "ratio_to_naive": sec / base,
                    }
                )
                print(
                    f"{n:>9,} {name:<45} {sec:8.2f} s {mib:8.0f} MiB {sec / base:6.2f}x naive",
                    flush=True,
                )
    return rows


JSON_CMD = "technopole validate --format json"
NAIVE = "naive GeoPandas script"
TARGET_1M = "1,000,000 parcels checked and validated in <= 60 s, peak < 4 GiB"
TARGET_5X = ">= 5x faster than the naive script at 100k and 1M"
LOADAVG = Path("/proc/loadavg")
TARGETS = ROOT / "bench" / "results" / "targets_bench_scale.json"


def targets(rows: list[dict], load: str = "") -> list[dict]:
    """The two territory-scale targets as ``{"target", "measured", "met"}``, from this run's
    rows (``met`` is None when the run did not measure what the target needs).
    """
    by = {(r["parcels"], r["command"]): r for r in rows}
    note = f"; load average {load}" if load else ""
    big = by.get((1_000_000, JSON_CMD))
    if big is None:
        first = {"target": TARGET_1M, "measured": "not measured in this run", "met": None}
    else:
        sec, mib = big["seconds"], big["peak_mib"]
        first = {
            "target": TARGET_1M,
            "measured": f"{sec:.1f} s, peak {mib / 1024:.2f} GiB ({JSON_CMD}{note})",
            "met": bool(sec <= 60.0 and mib < 4096.0),
        }
    speedups = {
        n: by[(n, NAIVE)]["seconds"] / by[(n, JSON_CMD)]["seconds"]
        for n in (100_000, 1_000_000)
        if (n, NAIVE) in by and (n, JSON_CMD) in by
    }
    shown = "; ".join(f"{n:,} parcels: {x:.1f}x faster" for n, x in speedups.items())
    met = None if len(speedups) < 2 else all(x >= 5.0 for x in speedups.values())
    if any(x < 5.0 for x in speedups.values()):
        met = False  # one size short is enough to miss it
    second = {
        "target": TARGET_5X,
        "measured": f"{shown} ({JSON_CMD} against the naive script, same run{note})"
        if speedups
        else "not measured in this run",
        "met": met,
    }
    return [first, second]


def plot(rows: list[dict], path: Path) -> None:
    """Time against parcels on log-log axes, one line per command."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name in dict.fromkeys(r["command"] for r in rows):
        pts = sorted((r["parcels"], r["seconds"]) for r in rows if r["command"] == name)
        ax.plot(*zip(*pts, strict=True), marker="o", label=name)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="parcels",
        ylabel="wall time (s)",
        title="Checks at territory scale (2 cores, shared)",
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    ap.add_argument("--skip", nargs="*", default=[], help="leave out commands naming this")
    ap.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    ap.add_argument("--plot", type=Path, help="Draw a log-log PNG of time against size.")
    ap.add_argument(
        "--targets",
        type=Path,
        default=TARGETS,
        help="Where to write the targets met or not in this run (default: %(default)s).",
    )
    args = ap.parse_args(argv)
    rows = run(args.sizes, args.repeat, args.data, tuple(args.skip))
    load = " ".join(LOADAVG.read_text().split()[:3]) if LOADAVG.exists() else ""
    args.targets.parent.mkdir(parents=True, exist_ok=True)
    args.targets.write_text(json.dumps(targets(rows, load), indent=1, ensure_ascii=False) + "\n")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1))
    if args.plot:
        plot(rows, args.plot)
    return rows


if __name__ == "__main__":
    main()
