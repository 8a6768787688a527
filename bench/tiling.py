"""Synthetic territory-scale inputs for the benchmarks: parcel tilings and OZP-like zones.

A tiling covers a Northern-Metropolis-sized square (about 30,000 ha) in HK1980 Grid
(EPSG:2326) with ``n`` four-sided parcels of 18 vertices each. Neighbours share their edges
exactly (the corners and the points along each edge are drawn once, jittered, and used by both
parcels), so the tiling is a valid coverage until problems are planted:

- **overlaps**: ``n // 2000`` (at least one) parcels grown by 6 % about their centre (each
  overlaps its neighbours, about eight pairs each);
- **gaps**: ``n // 2000`` parcels left out (holes) and ``n // 2000`` shrunk by 5 %;
- **slivers**: ``n // 1000`` parcels with one corner moved by 2 cm (a sliver far below the
  1 m² tolerance: it must not be reported);
- **invalid** (only with ``invalid=True``): ``n // 5000`` bow-ties (self-intersections).

Everything is deterministic for a given ``n`` and ``seed``. Run as a script to write the
files (GeoParquet and FlatGeobuf) a benchmark reads::

    python bench/tiling.py 100000 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

HK1980 = "EPSG:2326"
EXTENT_HA = 30_000.0
ORIGIN = (815_000.0, 834_000.0)  # south-west corner, around San Tin / Kwu Tung
SIDE_M = math.sqrt(EXTENT_HA * 10_000.0)
K_H, K_V = 4, 3  # points inside each horizontal / vertical edge: 4 + 2×4 + 2×3 = 18 vertices
USES = ("wet_lab_mfg", "dry_lab_office", "uir", "talent_housing", "commercial_mixed")


@dataclass(frozen=True)
class Planted:
    """Which parcels carry which planted problem (0-based positions in the full grid)."""

    grown: np.ndarray
    shrunk: np.ndarray
    dropped: np.ndarray
    sliver: np.ndarray
    invalid: np.ndarray


def grid_shape(n: int) -> tuple[int, int]:
    """Columns and rows of a grid of exactly ``n`` cells, as square as ``n`` allows."""
    nx = max(1, int(math.isqrt(n)))
    while n % nx:
        nx -= 1
    return n // nx, nx


def _edges(nx: int, ny: int, w: float, h: float, rng) -> tuple[np.ndarray, ...]:
    """Jittered corners, and the points inside each horizontal and vertical edge."""
    cx = ORIGIN[0] + np.arange(nx + 1) * w
    cy = ORIGIN[1] + np.arange(ny + 1) * h
    corners = np.stack(np.meshgrid(cx, cy, indexing="xy"), axis=-1)  # (ny+1, nx+1, 2)
    inner = (slice(1, -1), slice(1, -1))
    corners[inner] += rng.uniform(-0.15, 0.15, corners[inner].shape) * (w, h)
    t_h = (np.arange(1, K_H + 1) / (K_H + 1))[None, None, :, None]
    a, b = corners[:, :-1, None, :], corners[:, 1:, None, :]
    horiz = a + (b - a) * t_h  # (ny+1, nx, K_H, 2)
    jit = rng.uniform(-0.08, 0.08, horiz.shape[:3]) * h
    jit[[0, -1]] = 0.0  # the outer boundary stays straight
    horiz[..., 1] += jit
    t_v = (np.arange(1, K_V + 1) / (K_V + 1))[None, None, :, None]
    a, b = corners[:-1, :, None, :], corners[1:, :, None, :]
    vert = a + (b - a) * t_v  # (ny, nx+1, K_V, 2)
    jit = rng.uniform(-0.08, 0.08, vert.shape[:3]) * w
    jit[:, [0, -1]] = 0.0
    vert[..., 0] += jit
    return corners, horiz, vert


def _rings(nx: int, ny: int, rng) -> np.ndarray:
    """Closed counter-clockwise rings of every cell, ``(ny * nx, 19, 2)``."""
    w, h = SIDE_M / nx, SIDE_M / ny
    corners, horiz, vert = _edges(nx, ny, w, h, rng)
    bl, br = corners[:-1, :-1], corners[:-1, 1:]
    tl, tr = corners[1:, :-1], corners[1:, 1:]
    ring = np.concatenate(
        [
            bl[:, :, None],
            horiz[:-1],
            br[:, :, None],
            vert[:, 1:],
            tr[:, :, None],
            horiz[1:, :, ::-1],
            tl[:, :, None],
            vert[:, :-1, ::-1],
            bl[:, :, None],
        ],
        axis=2,
    )
    return ring.reshape(ny * nx, -1, 2)


def _plant(rings: np.ndarray, rng, invalid: bool) -> Planted:
    n = len(rings)
    k = max(1, n // 2000)
    pick = rng.permutation(n)
    counts = [k, k, k, max(1, n // 1000), max(1, n // 5000) if invalid else 0]
    bounds = np.cumsum([0, *counts])
    grown, shrunk, dropped, sliver, bad = (
        np.sort(pick[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    )
    for sel, factor in ((grown, 1.06), (shrunk, 0.95)):
        centre = rings[sel, :-1].mean(axis=1, keepdims=True)
        rings[sel] = centre + (rings[sel] - centre) * factor
    rings[sliver, 0, 0] += 0.02  # the first corner (and the closing point) moved 2 cm east
    rings[sliver, -1, 0] += 0.02
    rings[bad, 2], rings[bad, 12] = rings[bad, 12].copy(), rings[bad, 2].copy()  # bow-tie
    return Planted(grown, shrunk, dropped, sliver, bad)


def make_parcels(n: int, seed: int = 0, *, invalid: bool = False):
    """A tiling of about ``n`` parcels with planted problems, in EPSG:2326.

    Parameters
    ----------
    n
        Parcels in the full grid (the dropped ones, ``n // 2000``, are left out).
    seed
        Random seed; the same ``n`` and ``seed`` give the same parcels.
    invalid
        Also plant ``n // 5000`` self-intersecting parcels.

    Returns
    -------
    tuple
        ``(parcels, planted)``: a GeoDataFrame with ``zone_id``, ``use_id``, ``name_en``,
        ``name_zh``, ``site_coverage`` and ``height_mpd``, and the :class:`Planted` positions.
    """
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    nx, ny = grid_shape(n)
    rings = _rings(nx, ny, rng)
    planted = _plant(rings, rng, invalid)
    keep = np.setdiff1d(np.arange(n), planted.dropped)
    geoms = shapely.polygons(rings[keep])
    ids = np.char.add("P", np.char.zfill(keep.astype(str), 7))
    gdf = gpd.GeoDataFrame(
        {
            "zone_id": ids,
            "use_id": np.asarray(USES)[keep % len(USES)],
            "name_en": np.char.add("Parcel ", keep.astype(str)),
            "name_zh": np.char.add("地段", keep.astype(str)),
            "site_coverage": np.round(rng.uniform(0.3, 0.6, n)[keep], 2),
            "height_mpd": rng.choice([35.0, 60.0, 100.0, 150.0, 208.0], n)[keep],
        },
        geometry=geoms,
        crs=HK1980,
    )
    return gdf, planted


def make_site():
    """The whole extent as one site polygon (EPSG:2326)."""
    import geopandas as gpd

    x0, y0 = ORIGIN
    return gpd.GeoDataFrame(
        {"id": ["extent"], "name_en": ["Benchmark extent"]},
        geometry=[shapely.box(x0, y0, x0 + SIDE_M, y0 + SIDE_M)],
        crs=HK1980,
    )


OZP_LABELS = (
    ("R(A)", "Residential (Group A)", "住宅(甲類)"),
    ("OU", "Other Specified Uses", "其他指定用途"),
    ("G/IC", "Government, Institution or Community", "政府、機構或社區"),
    ("O", "Open Space", "休憩用地"),
    ("GB", "Green Belt", "綠化地帶"),
    ("CA", "Conservation Area", "自然保育區"),
    ("V", "Village Type Development", "鄉村式發展"),
    ("I", "Industrial", "工業"),
)


def make_ozp_zones(n: int, seed: int = 0):
    """Territory-like OZP zones in the Board's schema (``PLAN_NO``, ``ZONE_LABEL``, ...).

    The tiling's cells are grouped into plans of about 500 zones each (``S/BENCH/1`` ...), with
    the Board's fields and a single space in an empty ``SPUSE_*`` (as the Board publishes them).

    Parameters
    ----------
    n
        Zones.
    seed
        Random seed.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:2326, valid and non-overlapping.
    """
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    nx, ny = grid_shape(n)
    geoms = shapely.polygons(_rings(nx, ny, rng))
    kind = rng.integers(0, len(OZP_LABELS), n)
    labels = np.asarray(OZP_LABELS, dtype=object)[kind]
    plan = np.arange(n) // 500 + 1
    return gpd.GeoDataFrame(
        {
            "PLAN_NO": [f"S/BENCH/{p}" for p in plan],
            "ZONE_LABEL": labels[:, 0],
            "DESC_ENG": labels[:, 1],
            "DESC_CHT": labels[:, 2],
            "SPUSE_ENG": np.where(labels[:, 0] == "OU", "Research and Development", " "),
            "SPUSE_CHT": np.where(labels[:, 0] == "OU", "研究與發展", " "),
        },
        geometry=geoms,
        crs=HK1980,
    )


def write_inputs(n: int, folder: Path, seed: int = 0, *, fgb: bool = True) -> dict[str, Path]:
    """Write parcels (GeoParquet, FlatGeobuf), an invalid variant, the site and OZP zones.

    Returns
    -------
    dict
        ``parcels``, ``parcels_fgb``, ``invalid``, ``site``, ``ozp`` -> path (cached by size).
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "parcels": folder / f"parcels_{n}.parquet",
        "invalid": folder / f"parcels_{n}_invalid.parquet",
        "site": folder / "site.parquet",
        "ozp": folder / f"ozp_{n}.parquet",
    }
    if fgb:
        paths["parcels_fgb"] = folder / f"parcels_{n}.fgb"
    if all(p.exists() for p in paths.values()):
        return paths
    parcels, _ = make_parcels(n, seed)
    parcels.to_parquet(paths["parcels"])
    if fgb:
        parcels.to_file(paths["parcels_fgb"], driver="FlatGeobuf")
    make_parcels(n, seed, invalid=True)[0].to_parquet(paths["invalid"])
    make_site().to_parquet(paths["site"])
    make_ozp_zones(n, seed).to_parquet(paths["ozp"])
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="parcels, e.g. 10000, 100000, 1000000")
    ap.add_argument("--out", type=Path, default=Path("bench/data"))
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for key, path in write_inputs(args.n, args.out, args.seed).items():
        print(f"{key}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
