"""Size and build time of an offline zone map with 10,000 synthetic parcels.

Parcels are irregular polygons of 16 to 24 vertices (20 on average) on a 40 m grid around the Loop,
made in HK1980 Grid (EPSG:2326) and drawn in EPSG:4326. For each option set the map is built with
``maps.zone_map`` and written offline with ``maps.save_map``; the page size and the build + write
time are printed. Goal: at most 5 MB with the recommended options.

    python bench/bench_map_size.py [--parcels 10000] [--out DIR] [--browser]

``--browser`` also opens each page from file:// in Debian's headless Chromium (network blocked) and
prints the time to the load event and the number of features Leaflet holds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
from pyproj import Transformer
from shapely.geometry import Polygon

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import maps  # noqa: E402

LAND_USES = ("i_and_t", "residential", "gic", "open_space", "road")
OPTION_SETS: dict[str, dict[str, object]] = {
    "raw (precision 6)": {"precision": 6},
    "precision 5": {"precision": 5},
    "precision 6 + prefer_canvas": {"precision": 6, "prefer_canvas": True},
    "precision 5 + simplify 0.5 m": {"precision": 5, "simplify_m": 0.5},
    "recommended: precision 5 + simplify 1 m + canvas": {
        "precision": 5,
        "simplify_m": 1.0,
        "prefer_canvas": True,
    },
}
RECOMMENDED = "recommended: precision 5 + simplify 1 m + canvas"


def synthetic_parcels(n: int, seed: int = 2326) -> gpd.GeoDataFrame:
    """``n`` irregular parcels around the Loop centre (22.514 N, 114.078 E), in EPSG:4326."""
    rng = np.random.default_rng(seed)
    x0, y0 = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.078, 22.514)
    side = int(np.ceil(np.sqrt(n)))
    cell = 40.0
    polys = []
    for i in range(n):
        cx = x0 + (i % side - side / 2) * cell
        cy = y0 + (i // side - side / 2) * cell
        k = int(rng.integers(16, 25))
        angles = np.sort(rng.uniform(0, 2 * np.pi, k))
        radii = rng.uniform(12.0, 18.0, k)
        polys.append(
            Polygon(np.column_stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)]))
        )
    gdf = gpd.GeoDataFrame(
        {
            "id": [f"P{i:05d}" for i in range(n)],
            "name_en": [f"Parcel {i}" for i in range(n)],
            "name_zh": [f"地段{i}" for i in range(n)],
            "land_use": [LAND_USES[i % len(LAND_USES)] for i in range(n)],
            "source": "synthetic benchmark",
            "accuracy": "schematic",
        },
        geometry=polys,
        crs="EPSG:2326",
    )
    return gdf.to_crs("EPSG:4326")


def folium_baseline(parcels: gpd.GeoDataFrame, path: Path) -> Path:
    """The same parcels as plain folium GeoJSON with a GeoJsonTooltip, inlined offline."""
    import folium

    m = folium.Map(tiles=None)
    fields = ["name_en", "name_zh", "land_use", "source", "accuracy"]
    folium.GeoJson(
        parcels[[*fields, "geometry"]], tooltip=folium.GeoJsonTooltip(fields=fields)
    ).add_to(m)
    m.fit_bounds([[22.49, 114.05], [22.54, 114.10]])
    return maps.save_map(m, path)


def browser_load(paths: list[Path]) -> list[tuple[float, int]]:
    """(seconds to the load event, features on the map) of each page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    count = (
        "() => { let n = 0; Object.values(window).filter(v => v instanceof L.Map)"
        ".forEach(m => m.eachLayer(l => { if (l.feature) n += 1; })); return n; }"
    )
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        for path in paths:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            start = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load")
            out.append((time.perf_counter() - start, int(page.evaluate(count))))
            page.close()
        browser.close()
    return out


def mean_vertices(gdf: gpd.GeoDataFrame) -> float:
    return float(np.mean([len(g.exterior.coords) - 1 for g in gdf.geometry]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None, help="folder for the HTML files")
    parser.add_argument("--browser", action="store_true", help="also time page loads in Chromium")
    args = parser.parse_args(argv)

    parcels = synthetic_parcels(args.parcels)
    print(f"{len(parcels):,} parcels, {mean_vertices(parcels):.1f} vertices each on average")
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_map_size_"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    base = folium_baseline(parcels, out / "parcels_folium_geojson.html")
    base_mb, base_s = base.stat().st_size / 1e6, time.perf_counter() - start
    print(f"{'options':<52} {'MB':>7} {'build+write s':>14} {'size vs folium':>15}")
    print(
        f"{'baseline: folium GeoJson + GeoJsonTooltip':<52} {base_mb:>7.2f} {base_s:>14.2f}"
        f" {1:>15.2f}"
    )
    sizes, paths = {}, []
    for label, options in OPTION_SETS.items():
        start = time.perf_counter()
        m = maps.zone_map({"santin.parcels": parcels}, offline=True, **options)  # type: ignore[arg-type]
        path = maps.save_map(m, out / f"parcels_{len(sizes)}.html")
        seconds = time.perf_counter() - start
        sizes[label] = path.stat().st_size / 1e6
        paths.append(path)
        print(f"{label:<52} {sizes[label]:>7.2f} {seconds:>14.2f} {sizes[label] / base_mb:>15.2f}")
    print(f"files in {out}")
    if args.browser:
        print(f"{'options':<52} {'load s':>7} {'features':>9}")
        for label, (seconds, features) in zip(OPTION_SETS, browser_load(paths), strict=True):
            print(f"{label:<52} {seconds:>7.2f} {features:>9,}")
    ok = sizes[RECOMMENDED] <= 5.0
    print(f"recommended options: {sizes[RECOMMENDED]:.2f} MB ({'within' if ok else 'over'} 5 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
