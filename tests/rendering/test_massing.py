"""The 3D massing page (maps.massing) without a browser: vendored library, data, escaping."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import HOSTILE_IMG, HOSTILE_TEMPLATE

import gis
from gis import planning
from gis.errors import InputError
from maps.massing3d import VENDOR_FILES, massing_html

_VENDOR = VENDOR_FILES


def test_vendored_maplibre_matches_its_recorded_sha256() -> None:
    readme = (_VENDOR[0].parent.parent / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"\| `(maplibre-gl/[^`]+)` \| ([0-9a-f]{64}) \|", readme))
    assert len(recorded) == 3
    for path in _VENDOR:
        key = f"{path.parent.name}/{path.name}"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[key], key


def _data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="tp-data">(.*?)</script>', html, re.S)
    assert found is not None
    parsed: dict[str, Any] = json.loads(found.group(1))
    return parsed


@pytest.fixture(scope="module")
def table_31() -> tuple[Any, dict[str, Any]]:
    """Table 3.1 validated as `technopole validate` does, and the massing page's data."""
    return gis.validate().zones, _data(massing_html(["table-3-1"]))


def test_storeys_drawn_are_those_of_the_validation_report(table_31: Any) -> None:
    zones, data = table_31
    allocation = {
        f["properties"]["zone_id"]: f["properties"]
        for f in data["scenarios"][0]["allocation"]["features"]
    }
    building = zones.loc[zones.site_coverage > 0]
    assert sorted(allocation) == sorted(building.index)
    ftf = planning.DEFAULT_FLOOR_TO_FLOOR_M
    for zone_id, row in building.iterrows():
        p = allocation[zone_id]
        footprint_m2 = row.area_ha * 10_000 * row.site_coverage
        # the storeys drawn hold the zone's GFA, one storey fewer would not
        assert p["storeys"] * footprint_m2 >= row.gfa_m2 > (p["storeys"] - 1) * footprint_m2
        assert p["storeys"] <= row.storeys_max  # Table 3.1 fits its envelope
        assert p["height_m"] == pytest.approx(p["storeys"] * ftf)
        assert p["gfa_m2"] == round(row.gfa_m2)
        assert p["capacity_pct"] == pytest.approx(row.utilisation * 100, abs=0.05)
    envelope: dict[str, list[dict[str, Any]]] = {}
    for f in data["scenarios"][0]["envelope"]["features"]:
        envelope.setdefault(f["properties"]["zone_id"], []).append(f["properties"])
    for zone_id, row in building.iterrows():
        pieces = envelope[zone_id]
        assert max(p["storeys"] for p in pieces) == row.storeys_max
        assert min(p["storeys"] for p in pieces) == row.storeys_min
        assert max(p["height_mpd"] for p in pieces) == row.height_mpd_max
        for p in pieces:  # extruded to the limit minus the assumed ground level
            assert p["height_m"] == pytest.approx(
                p["height_mpd"] - planning.DEFAULT_GROUND_MPD, abs=0.01
            )
            assert p["ground_source"].startswith("assumption")


def test_a_scenario_with_its_own_floor_to_floor_height_is_drawn_with_it() -> None:
    scenario = gis.load_scenario("table-3-1")
    scenario.floor_to_floor_m = 4.0
    zones = scenario.evaluate().zones
    data = _data(massing_html([scenario]))
    for f in data["scenarios"][0]["allocation"]["features"]:
        p = f["properties"]
        assert p["height_m"] == pytest.approx(p["storeys"] * 4.0)
    pieces = data["scenarios"][0]["envelope"]["features"]
    for zone_id, row in zones.loc[zones.site_coverage > 0].iterrows():
        assert (
            max(f["properties"]["storeys"] for f in pieces if f["properties"]["zone_id"] == zone_id)
            == row.storeys_max
        )


def test_hostile_names_are_escaped_in_the_page() -> None:
    report = gis.validate()
    report.zones.loc["ai_data", "name_en"] = HOSTILE_IMG
    report.zones.loc["uir", "name_zh"] = HOSTILE_TEMPLATE
    html = massing_html([report], title=f"</script>{HOSTILE_IMG}")
    assert "<img src=x" not in html
    assert "</script><img" not in html
    data = _data(html)
    assert data["title"] == f"</script>{HOSTILE_IMG}"
    names = {
        f["properties"]["zone_id"]: f["properties"]
        for f in data["scenarios"][0]["allocation"]["features"]
    }
    assert names["ai_data"]["name_en"] == HOSTILE_IMG
    assert names["uir"]["name_zh"] == HOSTILE_TEMPLATE


# --- a terrain model under the massing: a synthetic DEM written by rasterio -------------------


def dem(path: Path, *, crs: str | None = "EPSG:2326", offset_m: float = 0.0) -> Path:
    """A 400 × 300 cell hill (5 m cells) over the Loop's Phase 1 zones, in HK1980 Grid."""
    import rasterio
    from rasterio.transform import from_origin

    x0, y0, x1, y1 = gis.load_layer("loop.zones").to_crs(2326).total_bounds
    yy, xx = np.mgrid[0:300, 0:400]
    z = (80 * np.exp(-(((xx - 200) / 25.0) ** 2 + ((yy - 150) / 25.0) ** 2)) + 4).astype("float32")
    transform = from_origin(x0 - 200 + offset_m, y1 + 200, 5.0, 5.0)
    profile = {"driver": "GTiff", "width": 400, "height": 300, "count": 1, "dtype": "float32"}
    with rasterio.open(path, "w", **profile, crs=crs, transform=transform, nodata=-9999) as dst:
        dst.write(z, 1)
    return path


def test_hillshade_of_a_terrain_is_drawn_under_the_layers(tmp_path: Path) -> None:
    import rasterio
    from rasterio.io import MemoryFile

    data = _data(massing_html(["table-3-1"], terrain=dem(tmp_path / "dem.tif")))
    shade = data["hillshade"]
    assert shade["url"].startswith("data:image/png;base64,")
    (w, n), _, (e, s), _ = shade["coordinates"]
    x0, y0, x1, y1 = gis.load_layer("loop.zones").total_bounds
    assert w < x0 and e > x1 and s < y0 and n > y1  # lon/lat, around the site
    png = base64.b64decode(shade["url"].split(",", 1)[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
        with MemoryFile(png) as mem, mem.open() as img:
            grey, alpha = img.read(1), img.read(2)
    lit = grey[alpha == 255]
    assert lit.max() - lit.min() > 60  # the hill's sunny and shaded sides
    assert "Hillshade of dem.tif" in " ".join(data["legend"]["notes"])


@pytest.mark.parametrize(
    ("make", "options", "words"),
    [
        (lambda p: dem(p, crs=None), {}, "declares no CRS: give it with --terrain-crs"),
        (lambda p: dem(p, crs="EPSG:32650"), {}, "not EPSG:2326: pass --reproject-terrain"),
        (lambda p: p.write_bytes(b"II*\x00garbage" * 50) and p, {}, "not a readable terrain"),
        (lambda p: dem(p, offset_m=50_000), {}, "does not overlap the site"),
    ],
)
def test_bad_terrain_is_refused_in_one_line(
    tmp_path: Path, make: Any, options: dict[str, Any], words: str
) -> None:
    path = tmp_path / "dem.tif"
    make(path)
    with pytest.raises(InputError) as err:
        massing_html(["table-3-1"], terrain=path, **options)
    line = str(err.value)
    assert words in line and "dem.tif" in line and "\n" not in line


def test_a_terrain_without_crs_is_read_with_the_crs_given(tmp_path: Path) -> None:
    data = _data(
        massing_html(
            ["table-3-1"], terrain=dem(tmp_path / "dem.tif", crs=None), terrain_crs="EPSG:2326"
        )
    )
    assert data["hillshade"] is not None


def test_over_capacity_zones_are_marked() -> None:
    scenario = gis.load_scenario("table-3-1")
    scenario.total_gfa_m2 = 1_600_000
    zones = scenario.evaluate().zones
    over = sorted(zones.index[zones.utilisation > 1])
    assert over  # the test needs at least one
    data = _data(massing_html([scenario]))
    drawn = data["scenarios"][0]
    assert sorted(drawn["over_capacity"]) == over
    for f in drawn["allocation"]["features"]:
        p = f["properties"]
        assert p["over"] == (p["zone_id"] in over)
        assert (p["colour"] == data["colours"]["over"]) == p["over"]


def test_a_terrain_in_another_crs_is_reprojected_when_allowed(tmp_path: Path) -> None:
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    src = dem(tmp_path / "dem.tif")
    out = tmp_path / "dem_4326.tif"
    with rasterio.open(src) as s:
        t, w, h = calculate_default_transform(s.crs, "EPSG:4326", s.width, s.height, *s.bounds)
        profile = s.profile | {"crs": "EPSG:4326", "transform": t, "width": w, "height": h}
        with rasterio.open(out, "w", **profile) as d:
            reproject(rasterio.band(s, 1), rasterio.band(d, 1), resampling=Resampling.bilinear)
    with pytest.raises(InputError, match="--reproject-terrain"):
        massing_html(["table-3-1"], terrain=out)
    data = _data(massing_html(["table-3-1"], terrain=out, reproject_terrain=True))
    (w4, n4), _, (e4, s4), _ = data["hillshade"]["coordinates"]
    x0, y0, x1, y1 = gis.load_layer("loop.zones").total_bounds
    assert w4 < x0 and e4 > x1 and s4 < y0 and n4 > y1
