"""Size, opening time and responsiveness of offline zone maps, with the targets of issue 12.

Two parts:

1. **Options**: 10,000 irregular parcels of 16 to 24 vertices (20 on average) on a 40 m grid
   around the Loop, made in HK1980 Grid (EPSG:2326) and drawn in EPSG:4326, written with each set
   of options (``maps.zone_map`` + ``maps.save_map``): the page size and build + write time,
   against folium's own GeoJson.
2. **Targets**: the territory tilings of ``bench/tiling.py`` (``--parcels`` and ``--large``
   parcels of 18 vertices) drawn as ``technopole map --layer FILE`` draws them
   (``maps.write_map``, default options: a large map chooses its own). With ``--browser`` each
   page is opened from file:// in Debian's headless Chromium (network blocked): time to the load
   event, time until every feature is drawn, features drawn, the longest main-thread task while
   opening (``PerformanceObserver`` "longtask" entries, registered before the page runs) and for
   one zoom step in, requests and console errors. ``--baseline`` also measures the same pages
   drawn the way every map was drawn before issue 12 (one Leaflet layer per feature, 6 decimals,
   no simplification, SVG), in the same run.

    python bench/bench_map_size.py [--parcels 10000] [--large 100000] [--browser] [--baseline]
                                   [--out DIR] [--data bench/data] [--results bench/results]

Writes ``RESULTS/targets_bench_map_size.json``: ``[{"target", "measured", "met"}, ...]`` (``met``
is null when a target was not measured at its size or without ``--browser``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from pyproj import Transformer
from shapely.geometry import Polygon

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tiling  # noqa: E402

import maps  # noqa: E402
from maps.web import _canvas  # noqa: E402

LAND_USES = ("i_and_t", "residential", "gic", "open_space", "road")
OPTION_SETS: dict[str, dict[str, object]] = {
    "raw (precision 6, no simplification)": {"precision": 6, "simplify_m": 0},
    "precision 5": {"precision": 5, "simplify_m": 0},
    "precision 6 + prefer_canvas": {"precision": 6, "simplify_m": 0, "prefer_canvas": True},
    "precision 5 + simplify 0.5 m": {"precision": 5, "simplify_m": 0.5},
    "precision 5 + simplify 1 m + canvas": {
        "precision": 5,
        "simplify_m": 1.0,
        "prefer_canvas": True,
    },
    "defaults (a large map chooses)": {},
}


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


FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Registered before the page's own scripts: every main-thread task over 50 ms, in ms.
LONG_TASKS = (
    "window.__longTasks = []; new PerformanceObserver(function (list) {"
    " list.getEntries().forEach(function (e) { window.__longTasks.push(e.duration); });"
    " }).observe({type: 'longtask', buffered: true});"
)
# Every chunked canvas layer on the map has decoded and drawn all its chunks.
READY = "() => (window.technopoleLayers || []).every(l => !l._map || (l.ready && !l.busy()))"
DRAWN = (
    "() => { let n = 0; Object.values(window).filter(v => v instanceof L.Map)"
    ".forEach(m => m.eachLayer(l => { if (l.feature) n += 1; }));"
    " (window.technopoleLayers || []).forEach(l => { if (l._map) n += l.drawn; }); return n; }"
)
# One zoom step in, without animation; resolves when every layer has drawn the new view.
ZOOM = """() => new Promise(done => {
    const m = Object.values(window).find(v => v instanceof L.Map);
    const ls = window.technopoleLayers || [], before = ls.map(l => l.draws);
    m.setZoom(m.getZoom() + 1, {animate: false});
    const poll = () => ls.every((l, i) => !l._map || (l.draws > before[i] && !l.busy()))
        ? requestAnimationFrame(() => requestAnimationFrame(done)) : setTimeout(poll, 5);
    poll();
})"""
FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def browser_metrics(paths: list[Path], timeout_s: float = 600) -> list[dict[str, Any]]:
    """Open each page in headless Chromium and measure it (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for path in paths:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.add_init_script(LONG_TASKS)
            requests: list[str] = []
            errors: list[str] = []

            def route(r: Any, requests: list[str] = requests) -> None:
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    requests.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            start = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
            load_s = time.perf_counter() - start
            page.wait_for_function(READY, timeout=timeout_s * 1000, polling=20)
            page.evaluate(FRAMES)  # the frame after the last chunk: everything is painted
            ready_s = time.perf_counter() - start
            drawn = int(page.evaluate(DRAWN))
            opening = page.evaluate("() => window.__longTasks.splice(0)")
            start = time.perf_counter()
            page.evaluate(ZOOM)
            zoom_s = time.perf_counter() - start
            page.wait_for_timeout(200)
            zooming = page.evaluate("() => window.__longTasks.splice(0)")
            out.append(
                {
                    "page": path.name,
                    "mb": path.stat().st_size / 1e6,
                    "load_s": load_s,
                    "ready_s": ready_s,
                    "drawn": drawn,
                    "longest_task_s": max(opening, default=0.0) / 1000,
                    "zoom_s": zoom_s,
                    "longest_zoom_task_s": max(zooming, default=0.0) / 1000,
                    "requests": len(requests),
                    "errors": len(errors),
                }
            )
            page.close()
        browser.close()
    return out


def tiling_page(n: int, data: Path, out: Path, *, baseline: bool = False) -> tuple[Path, float]:
    """``technopole map --layer parcels_N.parquet`` as a function: (page, build + write seconds).

    ``baseline`` draws it as every map was drawn before issue 12: one Leaflet layer per feature
    with the old defaults (6 decimals, no simplification, SVG).
    """
    parcels = tiling.write_inputs(n, data, fgb=False)["parcels"]
    page = out / f"tiling_{n}{'_baseline' if baseline else ''}.html"
    saved = _canvas.LARGE_MAP
    if baseline:
        _canvas.LARGE_MAP = 10**12
    try:
        start = time.perf_counter()
        maps.write_map(page, layers=[str(parcels)], force=True, offline=True, say=print)
        return page, time.perf_counter() - start
    finally:
        _canvas.LARGE_MAP = saved


def targets(
    n: int, large: int, rows: dict[str, dict[str, Any]], browser: bool
) -> list[dict[str, Any]]:
    """The two map targets of issue 12, as measured in this run."""
    small, big = rows[f"{n}"], rows[f"{large}"]
    if browser:
        measured = (
            f"{small['mb']:.2f} MB; every feature drawn {small['ready_s']:.2f} s after opening "
            f"(load event {small['load_s']:.2f} s); longest main-thread task "
            f"{small['longest_task_s']:.2f} s ({n:,} parcels)"
        )
        met = small["mb"] < 5 and small["ready_s"] < 3 if n == 10_000 else None
    else:
        measured = f"{small['mb']:.2f} MB; opening not measured (run with --browser)"
        met = None
    first = {
        "target": "a 10,000-parcel offline map < 5 MB, opening in < 3 s",
        "measured": measured,
        "met": met,
    }
    if browser:
        worst = max(big["longest_task_s"], big["longest_zoom_task_s"])
        measured = (
            f"longest main-thread task {big['longest_task_s']:.2f} s while opening (every "
            f"feature drawn in {big['ready_s']:.2f} s, {big['mb']:.1f} MB) and "
            f"{big['longest_zoom_task_s']:.2f} s during a zoom step (redrawn in "
            f"{big['zoom_s']:.2f} s) ({large:,} parcels)"
        )
        met = worst <= 1.0 if large == 100_000 else None
    else:
        measured = f"{big['mb']:.1f} MB; responsiveness not measured (run with --browser)"
        met = None
    second = {
        "target": "a 100,000-parcel map stays responsive (no main-thread task > 1 s)",
        "measured": measured,
        "met": met,
    }
    return [first, second]


def mean_vertices(gdf: gpd.GeoDataFrame) -> float:
    return float(np.mean([len(g.exterior.coords) - 1 for g in gdf.geometry]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="parcels of the large map")
    parser.add_argument("--out", type=Path, default=None, help="folder for the HTML files")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--browser", action="store_true", help="also open the pages in Chromium")
    parser.add_argument(
        "--baseline", action="store_true", help="also one Leaflet layer per feature (before)"
    )
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

    print(f"== territory tilings ({args.parcels:,} and {args.large:,} parcels of 18 vertices)")
    pages: dict[str, tuple[Path, float]] = {}
    for n in (args.parcels, args.large):
        pages[f"{n}"] = tiling_page(n, args.data, out)
        if args.baseline:
            pages[f"{n} baseline"] = tiling_page(n, args.data, out, baseline=True)
    rows = {
        k: {"page": p.name, "mb": p.stat().st_size / 1e6, "build_s": s}
        for k, (p, s) in pages.items()
    }
    if args.browser:
        print(f"load average before opening the pages: {os.getloadavg()[0]:.1f}")
        for key, metrics in zip(
            pages, browser_metrics([p for p, _ in pages.values()]), strict=True
        ):
            rows[key].update(metrics)
    columns = [
        "mb",
        "build_s",
        "load_s",
        "ready_s",
        "drawn",
        "longest_task_s",
        "zoom_s",
        "longest_zoom_task_s",
        "requests",
        "errors",
    ]
    print(f"{'page':<18}" + "".join(f"{c[:11]:>12}" for c in columns))
    for key, row in rows.items():
        print(f"{key:<18}" + "".join(f"{_cell(row.get(c)):>12}" for c in columns))
    print(f"files in {out}; load average now {os.getloadavg()[0]:.1f}")
    found = targets(args.parcels, args.large, rows, args.browser)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "targets_bench_map_size.json").write_text(
        json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.results / "bench_map_size.json").write_text(
        json.dumps(
            {"options_mb": sizes, "tilings": rows, "load_average": os.getloadavg()[0]}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    for t in found:
        print(f"target: {t['target']}: {t['measured']} -> met: {t['met']}")
    return 0


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


if __name__ == "__main__":
    raise SystemExit(main())
