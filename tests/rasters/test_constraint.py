"""A user raster as a site constraint of validate: building GFA where a flood-depth surface
exceeds its maximum is a finding; without a raster the check is listed as not run."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

import gis
from gis.errors import InputError
from gis.rasters import RasterConstraint


@pytest.fixture(scope="module")
def zones():
    return gis.validate().zones


def _flood(path, zones, wet_columns):
    """A 10 m flood-depth grid over the zones: 1.2 m in the ``wet_columns`` left columns."""
    x0, y0, x1, y1 = zones.total_bounds
    w, h = int((x1 - x0) // 10) + 1, int((y1 - y0) // 10) + 1
    arr = np.zeros((h, w), "float32")
    arr[:, :wet_columns] = 1.2
    with rasterio.open(
        path, "w", driver="GTiff", width=w, height=h, count=1, dtype="float32",
        crs="EPSG:2326", transform=from_origin(x0, y1, 10, 10), nodata=-1,
    ) as dst:  # fmt: skip
        dst.write(arr, 1)
    return path


def _wet_share_pct(zones, zid, wet_columns):
    x0 = zones.total_bounds[0]
    geom = zones.geometry[zid]
    from shapely.geometry import box

    wet = box(x0, geom.bounds[1] - 1, x0 + 10 * wet_columns, geom.bounds[3] + 1)
    return 100 * geom.intersection(wet).area / geom.area


def test_gfa_on_flooded_land_is_an_error_naming_the_zone_and_share(tmp_path, zones):
    flood = _flood(tmp_path / "flood.tif", zones, 20)
    report = gis.validate(constraints=[f"{flood}:max=0.5"])
    found = {i.feature: i for i in report.issues if i.check == "site.raster_constraint"}
    assert report.verdict == "FAIL" and found
    for zid, issue in found.items():
        # the share measured on the raster is the share of the zone left of the wet edge
        assert issue.value == pytest.approx(_wet_share_pct(zones, zid, 20), abs=0.5)
        assert f"zone '{zid}'" in issue.message and "flood.tif exceeds 0.5" in issue.message
    dry = [z for z in zones.index if zones.gfa_m2[z] > 0 and _wet_share_pct(zones, z, 20) == 0]
    assert dry and not set(dry) & set(found)
    ran = [c for c in report.checklist if c.check == "site.raster_constraint"]
    assert len(ran) == 1 and ran[0].ran


def test_an_allowed_share_and_a_dry_raster_pass(tmp_path, zones):
    flood = _flood(tmp_path / "flood.tif", zones, 20)
    worst = max(_wet_share_pct(zones, z, 20) for z in zones.index if zones.gfa_m2[z] > 0)
    assert 0 < worst < 99
    assert gis.validate(constraints=[f"{flood}:max=0.5,share={worst + 1:.0f}"]).verdict == "PASS"
    assert gis.validate(constraints=[f"{flood}:max=1.5"]).verdict == "PASS"


def test_without_a_raster_the_check_is_not_listed_and_the_verdict_is_unchanged():
    report = gis.validate()
    assert "site.raster_constraint" not in {c.check for c in report.checklist}
    assert report.verdict == "PASS"
    assert "5 of 17 checks not run" in report.status


@pytest.mark.parametrize(
    "spec",
    ["flood.tif", "flood.tif:min=1", "flood.tif:max=deep", ":max=1", "f.tif:max=1,share=120"],
)
def test_a_bad_constraint_is_one_line_naming_the_option(spec):
    with pytest.raises(InputError, match="--constraint") as err:
        RasterConstraint.parse(spec)
    assert "\n" not in str(err.value)


def test_a_raster_off_the_zones_is_refused(tmp_path):
    far = tmp_path / "far.tif"
    with rasterio.open(
        far, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32",
        crs="EPSG:2326", transform=from_origin(800_000, 800_000, 10, 10),
    ) as dst:  # fmt: skip
        dst.write(np.ones((2, 2), "float32"), 1)
    with pytest.raises(InputError, match="does not overlap the zones"):
        gis.validate(constraints=[f"{far}:max=0.5"])
