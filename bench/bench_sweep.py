"""Scenarios per second of ``gis.sweeping.sweep``, from the command line and in-process, and the
time of ``gis.solver.solve``.

Each sweep evaluates allocations of the embedded Loop Phase 1 (8 zone capacities, plus a plot
ratio cap and share bounds in the ruled case) with the same rule as ``gis.validate``. Target
(issue 12): ``technopole sweep table-3-1 -n 10000000`` at 10 M scenarios/s or more, wall time
including start-up, with the threads the tool chooses (no thread variables are set here). The
first in-process run of each case is a warm-up (imports, layers).

    python bench/bench_sweep.py [--n 1000000] [--repeat 3] [--cli-n 10000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from targets import RESULTS, row, technopole, wall, write_targets  # noqa: E402

from gis.allocation import (  # noqa: E402
    Grid,
    solve,  # noqa: E402
    sweep,
)
from gis.scenarios import Scenario  # noqa: E402

RULED = {
    "name": "bench-ruled",
    "base": "embedded",
    "total_gfa_m2": 1_000_000,
    "max_plot_ratio": 2.6,
    "min_share_pct": {"wet_lab_mfg": 45},
    "max_share_pct": {"commercial_mixed": 12},
}


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


TARGET = "sweeps >= 10 M scenarios/s from the CLI"


def cli_rate(n: int, repeat: int) -> tuple[float, float]:
    """Best wall time of ``technopole sweep table-3-1 -n N`` and of the same with ``-n 1``
    (start-up: imports, the scenario and its envelope), seconds."""
    sweep_cmd = [*technopole(), "sweep", "table-3-1", "--format", "json"]
    wall([*sweep_cmd, "-n", "1"])  # bytecode caches, as a user has them
    full = min(wall([*sweep_cmd, "-n", str(n)]) for _ in range(repeat))
    start = min(wall([*sweep_cmd, "-n", "1"]) for _ in range(repeat))
    return full, start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--grid-step", type=float, default=1.0, help="grid step in %% points")
    ap.add_argument("--cli-n", type=int, default=10_000_000, help="scenarios of the CLI run")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where targets_*.json go")
    args = ap.parse_args(argv)
    full, start = cli_rate(args.cli_n, args.repeat)
    rate = args.cli_n / full
    print(
        f"technopole sweep table-3-1 -n {args.cli_n:,}: {full:.2f} s wall "
        f"({start:.2f} s of it start-up): {rate / 1e6:.2f} M scenarios/s "
        f"({args.cli_n / max(full - start, 1e-9) / 1e6:.2f} M/s without start-up)"
    )
    n = args.n
    ruled = Scenario.from_dict(RULED)
    cases = {
        "dirichlet, fixed total, keep=False": dict(scenario="table-3-1", keep=False),
        "dirichlet, total range, keep=False": dict(
            scenario="table-3-1", keep=False, total_range_m2=(5e5, 1.5e6)
        ),
        "dirichlet, total range, keep samples": dict(
            scenario="table-3-1", keep=True, total_range_m2=(5e5, 1.5e6)
        ),
        "dirichlet + plot ratio + share bounds": dict(
            scenario=ruled, keep=False, total_range_m2=(5e5, 1.5e6)
        ),
        "uniform within bounds (rejection)": dict(scenario=ruled, keep=False, method="uniform"),
    }
    print(f"{'case':<40} {'n':>10} {'seconds':>8} {'scenarios/s':>13} {'valid':>7}")
    rates = {}
    for label, kw in cases.items():
        sweep(n=1_000, **kw)  # warm-up
        secs, r = best_of(args.repeat, lambda kw=kw: sweep(n=n, seed=1, **kw))
        rates[label] = r.n / secs
        print(
            f"{label:<40} {r.n:>10,} {secs:>8.2f} {r.n / secs:>13,.0f} "
            f"{100 * r.feasible_share:>6.1f}%"
        )
    measured = (
        f"{rate / 1e6:.2f} M/s: `technopole sweep table-3-1 -n {args.cli_n:,}` in {full:.2f} s "
        f"wall, {start:.2f} s of it start-up; in-process "
        f"{rates['dirichlet, fixed total, keep=False'] / 1e6:.2f} M/s ({n:,} scenarios)"
    )
    write_targets(__file__, [row(TARGET, measured, rate >= 10e6)], args.results)
    sweep(scenario="table-3-1", method=Grid(step_pct=5))  # warm-up
    secs, r = best_of(
        args.repeat,
        lambda: sweep(scenario="table-3-1", method=Grid(step_pct=args.grid_step), keep=False),
    )
    label = f"grid, {args.grid_step:g}% steps over 5 uses"
    print(
        f"{label:<40} {r.n:>10,} {secs:>8.2f} {r.n / secs:>13,.0f} {100 * r.feasible_share:>6.1f}%"
    )
    solve("table-3-1")
    secs, _ = best_of(args.repeat, lambda: solve("table-3-1"))
    print(f"solve max_total (incl. envelope build): {1000 * secs:.0f} ms")
    secs, _ = best_of(
        args.repeat,
        lambda: solve("table-3-1", min_total_gfa_m2=1.2e6, min_share_pct={"wet_lab_mfg": 80}),
    )
    print(f"solve infeasible + conflict search:      {1000 * secs:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
