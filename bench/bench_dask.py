"""The zones' geometry checks on Dask against the in-memory engine, stage by stage.

For each worker count: the local cluster's start-up, a first ("cold": the worker processes
still import geopandas and technopole) and a second ("warm") measurement of the same parcels,
and the cluster's shutdown; then the same checks in memory in this process (validity, areas,
containment, overlaps and the union for the gap). Wall times, in one run, one after the other::

    python bench/bench_dask.py --size 100000 --workers 1 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiling  # noqa: E402


def _memory(z, site) -> float:
    import numpy as np
    import shapely

    from gis.validation.coverage import measure_coverage

    t0 = time.perf_counter()
    g = np.asarray(z.geometry.values)
    shapely.is_valid(g)
    shapely.area(g)
    shapely.prepare(site)
    out = np.flatnonzero(~shapely.covers(site, g))
    shapely.area(shapely.difference(g[out], site))
    measure_coverage(z, 1.0, union=True)
    return time.perf_counter() - t0


def run(size: int, workers: list[int], data: Path) -> list[dict]:
    import geopandas as gpd

    from gis.validation import dask_engine as _dask
    from gis.validation.coverage import _hk

    paths = tiling.write_inputs(size, data, fgb=False)
    z = _hk(gpd.read_parquet(paths["parcels"])).reset_index(drop=True)
    site = gpd.read_parquet(paths["site"]).union_all()
    rows = []
    for w in workers:
        t0 = time.perf_counter()
        with _dask.dask_client(None, w) as client:
            row = {"parcels": size, "workers": w, "start_s": time.perf_counter() - t0}
            for stage in ("cold_s", "warm_s"):
                t0 = time.perf_counter()
                _dask.measure_zones(z, site, 1.0, client)
                row[stage] = time.perf_counter() - t0
            t0 = time.perf_counter()
        row["close_s"] = time.perf_counter() - t0
        rows.append(row)
    memory = _memory(z, site)
    for row in rows:
        row["memory_s"] = memory
        row["warm_ratio_to_memory"] = row["warm_s"] / memory
        print(
            f"{size:>9,} parcels, {row['workers']} worker(s): start {row['start_s']:.1f} s, "
            f"cold {row['cold_s']:.1f} s, warm {row['warm_s']:.1f} s, close "
            f"{row['close_s']:.1f} s; in memory {memory:.1f} s "
            f"(warm / memory {row['warm_ratio_to_memory']:.2f})",
            flush=True,
        )
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    ap.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = ap.parse_args(argv)
    rows = run(args.size, args.workers, args.data)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
