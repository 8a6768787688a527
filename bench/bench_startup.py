"""Start-up: `technopole validate` on the default project against `python -c "import geopandas"`.

Target (issue 12): within 1.2x of the GeoPandas import. The two commands run in turn, `--runs`
times each after one warm-up (which also writes the bytecode caches, as any user's first run
does); the ratio of the medians, and of the fastest runs, are reported.

    python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from targets import RESULTS, alternate, median, row, technopole, write_targets

TARGET = 'technopole validate (default project) within 1.2x of python -c "import geopandas"'


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--results", type=Path, default=RESULTS, help="where targets_*.json go")
    args = ap.parse_args(argv)
    cmds = {
        "import geopandas": [sys.executable, "-c", "import geopandas"],
        "technopole validate": [*technopole(), "validate"],
        "technopole validate --format json": [*technopole(), "validate", "--format", "json"],
    }
    times = alternate(cmds, args.runs)
    base = times["import geopandas"]
    print(f"{'command':<36} {'median s':>9} {'fastest s':>10} {'ratio (median)':>15}")
    for k, ts in times.items():
        print(f"{k:<36} {median(ts):>9.2f} {min(ts):>10.2f} {median(ts) / median(base):>15.2f}")
    v = times["technopole validate"]
    ratio, ratio_min = median(v) / median(base), min(v) / min(base)
    measured = (
        f"{median(v):.2f} s against {median(base):.2f} s (medians of {args.runs} alternated "
        f"runs): {ratio:.2f}x; fastest runs {min(v):.2f} / {min(base):.2f} s = {ratio_min:.2f}x"
    )
    write_targets(__file__, [row(TARGET, measured, ratio <= 1.2)], args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
