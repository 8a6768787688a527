"""`technopole raster rasterize` of a territory-wide extent: peak memory stays far below the grid.

The raster is written block by block (512 × 512 cells, only the parcels the spatial index finds
in each block), then copied to a Cloud-Optimised GeoTIFF by GDAL, so the whole grid is never in
memory. The benchmark burns ``height_mpd`` of the synthetic tiling of bench/tiling.py (about
30,000 ha, 100,000 parcels) at 2 m and measures the child's peak resident memory (ru_maxrss)
against what reading the parcels, reprojecting them and indexing them alone costs (a child
doing only that), and against the grid's size in memory (float32).

Target (issue 20): the memory the raster adds above loading the parcels stays below half the
grid's in-memory size.

    python bench/bench_raster.py [--parcels 100000] [--res 2] [--data bench/data]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tiling
from targets import RESULTS, ROOT, row, technopole, user_env, write_targets

TARGET = (
    "raster rasterize of a 30,000 ha extent at 2 m: memory above loading the parcels "
    "< half the grid's size"
)
LOAD = (
    "import sys, geopandas as gpd; g = gpd.read_parquet(sys.argv[1]).to_crs(2326); "
    "g = g.iloc[g.height_mpd.argsort()].reset_index(drop=True); g.sindex.query(g.geometry[:1])"
)


def peak_mb(cmd: list[str]) -> tuple[float, float]:
    """Peak resident memory (MB) and wall time (s) of one child run of ``cmd`` (Linux: ru_maxrss
    of the child alone, in kB); a failure stops the benchmark."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=user_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return usage.ru_maxrss / 1024.0, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcels", type=int, default=100_000)
    ap.add_argument("--res", type=float, default=2.0)
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where targets_*.json go")
    args = ap.parse_args(argv)
    layer = tiling.write_inputs(args.parcels, args.data, fgb=False)["parcels"]
    side_cells = tiling.SIDE_M / args.res
    grid_mb = side_cells * side_cells * 4 / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "heights.tif"
        burn = [*technopole(), "raster", "rasterize", str(layer), "--field", "height_mpd"]
        burn += ["--res", f"{args.res:g}", "--out", str(out)]
        load_mb, _ = peak_mb([sys.executable, "-c", LOAD, str(layer)])
        raster_mb, secs = peak_mb(burn)
        size_mb = out.stat().st_size / 1e6 if out.exists() else float("nan")
    print(f"grid {side_cells:,.0f} x {side_cells:,.0f} cells of {args.res:g} m: {grid_mb:,.0f} MB")
    print(f"loading {args.parcels:,} parcels (read, reproject, index): peak {load_mb:,.0f} MB")
    print(f"raster rasterize: peak {raster_mb:,.0f} MB, {secs:.1f} s, COG {size_mb:,.1f} MB")
    added = raster_mb - load_mb
    measured = (
        f"+{added:,.0f} MB above loading the {args.parcels:,} parcels ({load_mb:,.0f} MB; "
        f"peak {raster_mb:,.0f} MB) for a {grid_mb:,.0f} MB grid of {side_cells:,.0f}² cells, "
        f"{secs:.0f} s"
    )
    write_targets(__file__, [row(TARGET, measured, added < grid_mb / 2)], args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
