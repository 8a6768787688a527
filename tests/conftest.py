"""Shared fixtures.

Browser and font checks
-----------------------
Tests marked ``browser`` need Debian's headless Chromium at ``/usr/bin/chromium`` (driven by
Playwright, whose own browser download cannot work here); tests marked ``fonts`` need a CJK font
(``fonts-noto-cjk``). When one is missing the tests are **skipped** with a plain reason and the end
of the pytest run says which checks did not run, unless the environment variable ``CI`` is
``"true"``: then they **fail**, so a CI machine without them cannot pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TECHNOPOLE_CHROMIUM", "/usr/bin/chromium")  # override to test the policy
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

_NOT_RUN: dict[str, str] = {}  # what -> reason, for the terminal summary


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(what: str, reason: str) -> None:
    """Skip (or fail under CI=true) because ``what`` is unavailable, and remember it."""
    _NOT_RUN[what] = reason
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: browser and font checks must run)", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _NOT_RUN:
        return
    terminalreporter.section("checks that could not run", sep="=", yellow=True, bold=True)
    for what, reason in _NOT_RUN.items():
        terminalreporter.write_line(f"{what}: {reason}")
    if not _in_ci():
        terminalreporter.write_line("(set CI=true to make these failures instead of skips)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (session-wide)."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        require(
            "browser checks",
            f"Chromium not found at {CHROMIUM}: browser checks not run; install Debian's chromium",
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(
            "browser checks",
            "the playwright Python package is not installed: browser checks not run; "
            "pip install playwright (no browser download needed)",
        )
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Exception as exc:  # a broken install: say so plainly
        manager.stop()
        require(
            "browser checks",
            f"Chromium at {CHROMIUM} did not start ({exc.__class__.__name__}:"
            f" {str(exc).splitlines()[0]}): browser checks not run",
        )
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


@pytest.fixture(scope="session")
def cjk_font() -> Any:
    """The CJK font static maps use (``maps.paper.static.find_cjk_font``)."""
    from maps.paper.static import FontError, find_cjk_font

    try:
        return find_cjk_font()
    except FontError:
        require(
            "font checks",
            "no CJK font with Traditional Chinese found: static-map font checks not run; "
            "install Debian's fonts-noto-cjk",
        )


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where browser tests save screenshots: $TECHNOPOLE_SCREENSHOT_DIR, else tmp_path."""
    folder = os.environ.get("TECHNOPOLE_SCREENSHOT_DIR")
    if not folder:
        return tmp_path
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- small planning layers for the map tests (made in HK1980 Grid, so areas are exact) ---------

HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEMPLATE = "${alert(1)} {{ 7*7 }}"


def _rect(x: float, y: float, w: float, h: float) -> Any:
    from shapely.geometry import box

    return box(x, y, x + w, y + h)


def planning_layers() -> dict[str, Any]:
    """Loop-like layers near the Loop (22.514 N, 114.078 E), in EPSG:4326.

    Zones are 200 m x 100 m (2.00 ha each); zone Z2 is named like an HTML injection, Z3 like a
    template injection (JavaScript ``${}`` and Jinja ``{{ }}``).
    """
    import geopandas as gpd
    from pyproj import Transformer

    x0, y0 = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.078, 22.514)
    x0, y0 = round(x0, -1), round(y0, -1)

    def frame(rows: list[dict[str, Any]], geoms: list[Any]) -> gpd.GeoDataFrame:
        gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:2326")
        return gdf.to_crs("EPSG:4326")

    common = {"source": "test fixture", "accuracy": "schematic"}
    zones = frame(
        [
            {
                "id": "z1",
                "zone_id": "Z1",
                "kind": "life_health",
                "name_en": "Life & Health Technology",
                "name_zh": "生命健康科技區",
                "height_mpd": 50,
                "storeys": 10,
                "site_coverage": 0.4,
                **common,
            },
            {
                "id": "z2",
                "zone_id": "Z2",
                "kind": "ai_data",
                "name_en": HOSTILE_IMG,
                "name_zh": "人工智能與數據科學區",
                "height_mpd": 208,
                "storeys": 40,
                "site_coverage": 0.5,
                **common,
            },
            {
                "id": "z3",
                "zone_id": "Z3",
                "kind": "talent_accommodation",
                "name_en": HOSTILE_TEMPLATE,
                "name_zh": "人才住宿區",
                "height_mpd": 14,
                "storeys": 2,
                "site_coverage": 0.3,
                **common,
            },
            {
                "id": "z4",
                "zone_id": "Z4",
                "kind": "central_avenue",
                "name_en": "Central `Avenue` \\ path",
                "name_zh": "中央大道",
                "height_mpd": 20,
                "storeys": 3,
                "site_coverage": 0.1,
                **common,
            },
        ],
        [_rect(x0 + i * 240, y0, 200, 100) for i in range(4)],
    )
    bands = frame(
        [
            {
                "id": "h1",
                "name_en": "Low band",
                "name_zh": "低層",
                "height_mpd": 14,
                "storeys": 2,
                **common,
            },
            {
                "id": "h2",
                "name_en": "High band",
                "name_zh": "高層",
                "height_mpd": 208,
                "storeys": 40,
                **common,
            },
        ],
        [_rect(x0, y0 + 200, 440, 150), _rect(x0 + 480, y0 + 200, 440, 150)],
    )
    buildings = frame(
        [
            {
                "id": "b1",
                "name_en": "Wet lab 1",
                "name_zh": "濕實驗室一",
                "use": "wet labs",
                "status": "completed",
                **common,
            },
            {
                "id": "b2",
                "name_en": "Office 2",
                "name_zh": "辦公室二",
                "use": "offices",
                "status": "under construction",
                **common,
            },
        ],
        [_rect(x0 + 20, y0 + 20, 40, 40), _rect(x0 + 100, y0 + 20, 40, 40)],
    )
    phases = frame(
        [{"id": "p1", "name_en": "Phase 1", "name_zh": "第一期", **common}],
        [_rect(x0 - 40, y0 - 40, 1040, 430)],
    )
    return {
        "loop.zones": zones,
        "loop.height_bands": bands,
        "loop.batch1_buildings": buildings,
        "loop.phases": phases,
    }


def zone_results() -> Any:
    """Validation results per zone: Z2 is over capacity."""
    import pandas as pd

    return pd.DataFrame(
        {
            "gfa_m2": [40_000.0, 300_000.0, 10_000.0, 0.0],
            "capacity_m2": [60_000.0, 200_000.0, 20_000.0, 5_000.0],
            "utilisation": [40_000 / 60_000, 1.5, 0.5, 0.0],
            "implied_plot_ratio": [2.0, 15.0, 0.5, 0.0],
            "status": ["ok", "over_capacity", "ok", "ok"],
        },
        index=pd.Index(["Z1", "Z2", "Z3", "Z4"], name="zone_id"),
    )


def overlap_geometries() -> list[Any]:
    """One overlap (HK1980 Grid coordinates, as the overlap check would give them)."""
    from pyproj import Transformer

    x0, y0 = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.078, 22.514)
    x0, y0 = round(x0, -1), round(y0, -1)
    return [_rect(x0 + 190, y0 + 40, 30, 20)]


def parcel_grid(side: int, *, cell_m: float = 30.0) -> Any:
    """``side`` x ``side`` square parcels near the Loop, made in HK1980 Grid; P0005 is hostile."""
    import geopandas as gpd
    import numpy as np
    import shapely
    from pyproj import Transformer

    x0, y0 = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.078, 22.514)
    i = np.arange(side * side)
    xs, ys = x0 + (i % side) * cell_m, y0 + (i // side) * cell_m
    geoms = shapely.box(xs, ys, xs + cell_m * 0.9, ys + cell_m * 0.9)
    names = [f"Parcel {k}" for k in i]
    names[5] = HOSTILE_IMG
    return gpd.GeoDataFrame(
        {
            "zone_id": [f"P{k:04d}" for k in i],
            "name_en": names,
            "name_zh": [f"地段{k}" for k in i],
            "height_mpd": (i % 7) * 10.0,
            "source": "test grid",
            "accuracy": "schematic",
        },
        geometry=geoms,
        crs="EPSG:2326",
    ).to_crs("EPSG:4326")


@pytest.fixture
def map_layers() -> dict[str, Any]:
    """Fresh :func:`planning_layers` for a map test."""
    return planning_layers()


@pytest.fixture
def map_results() -> Any:
    """Fresh :func:`zone_results` for a map test."""
    return zone_results()
