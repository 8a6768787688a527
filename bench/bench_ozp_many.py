"""Many statutory plans at once: `technopole ozp info DIR` and `ozp convert DIR` over a territory.

Target (issue 19): 150 plans / 11,000 zones with the Board's real schema read, repaired and
summarised in under 30 s on 2 cores. The plans are made at run time in a temporary folder from
real ones: the 35 plans of ``/work/shared/data/tpb_more`` when that folder is there (``--sample``),
else the plans the repository carries (``layers/sources/tpb`` and ``tests/data/ozp``). Each
generated plan takes the next zones of the sample, as the Board wrote them (Esri JSON, HK1980,
self-intersecting rings included), moved by a few kilometres and renumbered ``S/BENCH-NNN/1``.

    python bench/bench_ozp_many.py [--plans 150] [--zones 11000] [--sample DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

from targets import RESULTS, ROOT, row, technopole, wall, write_targets

TARGET = "ozp info of 150 plans / 11,000 zones < 30 s"
SHARED = Path("/work/shared/data/tpb_more")


def sample_files(sample: Path | None) -> list[Path]:
    """The real plans to draw zones from."""
    if sample is not None and sample.is_dir():
        return sorted(sample.glob("*.json"))
    shipped = sorted((ROOT / "layers" / "sources" / "tpb").glob("*/ZONE.json"))
    return shipped + sorted((ROOT / "tests" / "data" / "ozp").glob("*.json"))


def _moved(feature: dict[str, Any], dx: float, dy: float, plan_no: str) -> dict[str, Any]:
    out = copy.deepcopy(feature)
    key = next(k for k in out["attributes"] if k.upper() == "PLAN_NO")
    out["attributes"][key] = plan_no
    out["geometry"]["rings"] = [
        [[x + dx, y + dy, *rest] for x, y, *rest in ring] for ring in out["geometry"]["rings"]
    ]
    return out


def write_plans(folder: Path, plans: int, zones: int, sample: Path | None) -> int:
    """Write ``plans`` Esri JSON plans holding ``zones`` zones in all; return the zones written."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sample_files(sample)]
    pool = [(d, f) for d in docs for f in d["features"]]
    folder.mkdir(parents=True, exist_ok=True)
    written, cursor = 0, 0
    for i in range(plans):
        count = zones // plans + (1 if i < zones % plans else 0)
        template = pool[cursor % len(pool)][0]
        dx, dy = 3_000.0 * (i % 10), 3_000.0 * (i // 10)  # plans sit side by side
        plan_no = f"S/BENCH-{i + 1:03d}/1"
        feats = []
        for _ in range(count):
            feats.append(_moved(pool[cursor % len(pool)][1], dx, dy, plan_no))
            cursor += 1
        doc = {k: v for k, v in template.items() if k != "features"}
        doc["features"] = feats
        (folder / f"BENCH-{i + 1:03d}.json").write_text(
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        written += count
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=150)
    ap.add_argument("--zones", type=int, default=11_000)
    ap.add_argument("--sample", type=Path, default=SHARED, help="folder of real plans")
    ap.add_argument("--results", type=Path, default=RESULTS, help="where targets_*.json go")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        zones = write_plans(folder, args.plans, args.zones, args.sample)
        wall([*technopole(), "ozp", "info", "S/LMCL/2"])  # bytecode caches, as a user has them
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        secs = {
            "info": wall([*technopole(), "ozp", "info", str(folder), "--format", "json"]),
            "convert": wall(
                [*technopole(), "ozp", "convert", str(folder), "--out", f"{tmp}/t.parquet"]
            ),
        }
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    for k, s in secs.items():
        print(f"ozp {k:<8} {args.plans} plans, {zones:,} zones: {s:6.2f} s")
    print(f"peak memory of a command: {peak_mb:,.0f} MB")
    at_size = args.plans >= 150 and zones >= 11_000
    measured = (
        f"{secs['info']:.1f} s at {args.plans} plans / {zones:,} zones (convert to GeoParquet "
        f"{secs['convert']:.1f} s; peak {peak_mb:,.0f} MB)"
    )
    write_targets(
        __file__, [row(TARGET, measured, secs["info"] < 30 if at_size else None)], args.results
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
