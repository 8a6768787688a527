"""`technopole layers show` of a territory-sized layer, on the terminal and to CSV / JSON files.

Target (issue 12): `layers show` of 1,000,000 parcels in under 10 s. The layer is the synthetic
tiling of bench/tiling.py (GeoParquet, written once to bench/data/).

    python bench/bench_layers.py [--parcels 1000000] [--data bench/data]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import tiling
from targets import RESULTS, ROOT, row, technopole, wall, write_targets

TARGET = "layers show of 1,000,000 parcels < 10 s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcels", type=int, default=1_000_000)
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where targets_*.json go")
    args = ap.parse_args(argv)
    layer = tiling.write_inputs(args.parcels, args.data, fgb=False)["parcels"]
    show = [*technopole(), "layers", "show", str(layer)]
    wall([*technopole(), "layers", "show", "loop.zones"])  # bytecode caches, as a user has them
    secs = {"terminal": wall(show)}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("csv", "json"):
            secs[fmt] = wall([*show, "--out", str(Path(tmp) / f"all.{fmt}")])
    for k, s in secs.items():
        print(f"layers show, {args.parcels:,} parcels, {k:<9} {s:8.2f} s")
    at_size = args.parcels >= 1_000_000
    measured = f"{secs['terminal']:.1f} s at {args.parcels:,} parcels (every feature: CSV " + (
        f"{secs['csv']:.1f} s, JSON {secs['json']:.1f} s)"
    )
    write_targets(
        __file__,
        [row(TARGET, measured, secs["terminal"] < 10 if at_size else None)],
        args.results,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
