"""Scenarios per second of ``gis.sweeping.sweep`` on one core, and of ``gis.solver.solve``.

Each sweep evaluates allocations of the embedded Loop Phase 1 (9 zone capacities, plus a plot
ratio cap and share bounds in the ruled case) with the same rule as ``gis.validate``. Goal:
1,000,000 scenarios in a few seconds. The first run of each case is a warm-up (imports, layers).

    python bench/bench_sweep.py [--n 1000000] [--repeat 3]

Set ``OMP_NUM_THREADS=1`` / ``OPENBLAS_NUM_THREADS=1`` (done below before numpy loads) so the
matrix products stay on one core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gis.scenarios import Scenario  # noqa: E402
from gis.solver import solve  # noqa: E402
from gis.sweeping import Grid, sweep  # noqa: E402

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--grid-step", type=float, default=1.0, help="grid step in %% points")
    args = ap.parse_args()
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
    for label, kw in cases.items():
        sweep(n=1_000, **kw)  # warm-up
        secs, r = best_of(args.repeat, lambda kw=kw: sweep(n=n, seed=1, **kw))
        print(
            f"{label:<40} {r.n:>10,} {secs:>8.2f} {r.n / secs:>13,.0f} "
            f"{100 * r.feasible_share:>6.1f}%"
        )
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
