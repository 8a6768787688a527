"""Shared by the benchmarks: the targets file each writes, machine facts, timed child runs.

Contract (``make bench``): each ``bench/bench_<name>.py``, after measuring, writes
``bench/results/targets_bench_<name>.json``: a JSON list of objects
``{"target": str, "measured": str, "met": true | false | null}`` (null: not measured).
``bench/run.py`` turns every such file, sorted by name, into the targets table of
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
LIBRARIES = ("numpy", "pandas", "shapely", "geopandas", "pyogrio", "pyproj", "pyarrow", "rich")


def row(target: str, measured: str, met: bool | None) -> dict[str, Any]:
    """One row of the targets table."""
    return {"target": target, "measured": measured, "met": met}


def write_targets(script: str, rows: list[dict[str, Any]], folder: Path = RESULTS) -> Path:
    """Write ``targets_<script stem>.json`` in ``folder`` (atomically) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"targets_{Path(script).stem}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def machine() -> dict[str, str]:
    """Cores, memory, load average, Python and library versions, as text."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    facts = {"cores (nproc)": str(usable)}
    try:
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        facts["memory"] = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration):
        facts["memory"] = "unknown"
    if hasattr(os, "getloadavg"):
        facts["load average (1, 5, 15 min)"] = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    facts["platform"] = platform.platform()
    facts["Python"] = platform.python_version()
    versions = []
    for lib in LIBRARIES:
        try:
            versions.append(f"{lib} {metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            continue
    facts["libraries"] = ", ".join(versions)
    return facts


def user_env() -> dict[str, str]:
    """The environment of a child command as a user has it: bytecode caching on."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def technopole() -> list[str]:
    """The ``technopole`` command of this interpreter's environment."""
    exe = Path(sys.executable).with_name("technopole")
    return [str(exe)] if exe.exists() else [sys.executable, str(ROOT / "cli.py")]


def wall(cmd: list[str]) -> float:
    """Seconds one run of ``cmd`` takes (output discarded); a failure stops the benchmark."""
    t0 = time.perf_counter()
    subprocess.run(
        cmd, cwd=ROOT, env=user_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    return time.perf_counter() - t0


def alternate(cmds: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Run each command ``runs`` times, in turn (one warm-up each first), so that a change of
    load affects them alike; the wall times by command."""
    for cmd in cmds.values():
        wall(cmd)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for k, cmd in cmds.items():
            times[k].append(wall(cmd))
    return times


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)
