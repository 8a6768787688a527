"""Raster surfaces: Cloud-Optimised GeoTIFFs written block by block, the envelope surface whose
capacity agrees with validation, and exact zonal statistics on hand-made rasters."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin
from shapely.geometry import box

import gis
from gis.catalog import layers as catalog
from gis.errors import InputError
from gis.rasters import (
    BLOCK,
    Band,
    Grid,
    cog_problems,
    envelope_surface,
    rasterize_attribute,
    surface_capacity_m2,
    write_cog,
    zonal_stats,
)

X0, Y1 = 820_000.0, 840_000.0  # a corner in HK1980 Grid


def _grid_tif(path, values, *, crs="EPSG:2326", nodata=-1.0, cell=10.0):
    arr = np.asarray(values, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=arr.shape[1],
        height=arr.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        transform=from_origin(X0, Y1, cell, cell),
        nodata=nodata,
    ) as dst:
        dst.write(arr, 1)
    return path


def _zones(*boxes, crs="EPSG:2326"):
    return gpd.GeoDataFrame(
        {"zone_id": [f"z{i}" for i in range(len(boxes))]}, geometry=list(boxes), crs=crs
    )


@pytest.fixture
def grid4(tmp_path):
    # 4 x 4 cells of 10 m, values 0..15 row by row; the top-left cell is nodata
    values = np.arange(16, dtype=float).reshape(4, 4)
    values[0, 0] = -1
    return _grid_tif(tmp_path / "g.tif", values)


def test_a_polygon_over_half_a_cell_counts_it_half(grid4):
    # z0: cells (0,1)=1 whole, (0,2)=2 half (x 820010..820025, top row)
    # z1: cells (1,0)=4 and (1,1)=5 whole, (2,0)=8 half
    zones = _zones(
        box(X0 + 10, Y1 - 10, X0 + 25, Y1),
        box(X0, Y1 - 20, X0 + 20, Y1 - 10).union(box(X0, Y1 - 25, X0 + 10, Y1 - 20)),
    )
    st = zonal_stats(grid4, zones, threshold=4.5)
    assert st.loc["z0"].tolist() == pytest.approx([1.5, 1.0, 2.0 / 1.5, 2.0, 2.0, 0.0])
    # sum 4 + 5 + 0.5 x 8 = 13 over 2.5 cells; above 4.5: 5 (1 cell) and 8 (half) = 1.5 / 2.5
    assert st.loc["z1"].tolist() == pytest.approx([2.5, 4.0, 13 / 2.5, 8.0, 13.0, 0.6])


def test_nodata_cells_are_left_out(grid4):
    # the top-left cell (nodata) and cell (0,1)=1, each whole
    st = zonal_stats(grid4, _zones(box(X0, Y1 - 10, X0 + 20, Y1)))
    assert st.loc["z0", "count"] == pytest.approx(1.0)
    assert st.loc["z0", "mean"] == pytest.approx(1.0)


def test_zones_are_reprojected_to_the_rasters_crs(grid4):
    zones = _zones(box(X0 + 20, Y1 - 40, X0 + 40, Y1 - 20)).to_crs("EPSG:4326")
    st = zonal_stats(grid4, zones)
    # cells 10, 11, 14, 15 (up to the reprojection's rounding at the edges)
    assert st.loc["z0", "mean"] == pytest.approx(12.5, abs=1e-3)
    assert st.loc["z0", "count"] == pytest.approx(4.0, abs=1e-3)


def test_a_raster_in_another_crs_needs_reproject(tmp_path):
    utm = _grid_tif(tmp_path / "utm.tif", np.ones((4, 4)), crs="EPSG:32650")
    zones = _zones(box(0, 0, 1, 1), crs="EPSG:32650")
    with pytest.raises(InputError, match="EPSG:32650.*--reproject"):
        zonal_stats(utm, zones)
    with pytest.raises(InputError, match="does not overlap"):
        zonal_stats(utm, _zones(box(X0, Y1 - 10, X0 + 10, Y1)), reproject=True)


def test_bad_rasters_get_one_line(tmp_path, grid4):
    zones = _zones(box(X0, Y1 - 10, X0 + 10, Y1))
    corrupt = tmp_path / "corrupt.tif"
    corrupt.write_bytes(grid4.read_bytes()[:300])
    no_crs = _grid_tif(tmp_path / "nocrs.tif", np.ones((4, 4)), crs=None)
    far = _zones(box(0, 0, 10, 10))
    for raster, where, match in (
        (corrupt, zones, "corrupt"),
        (no_crs, zones, "declares no CRS.*--raster-crs"),
        (grid4, far, "does not overlap"),
    ):
        with pytest.raises(InputError, match=match) as err:
            zonal_stats(raster, where)
        assert "\n" not in str(err.value)
    assert zonal_stats(no_crs, zones, raster_crs="EPSG:2326").loc["z0", "sum"] == 1.0


def test_write_cog_fills_one_block_at_a_time(tmp_path):
    grid = Grid(X0, Y1, 1.0, 1300, 700)
    shapes = []

    def fill(window):
        shapes.append((int(window.height), int(window.width)))
        return np.full((1, int(window.height), int(window.width)), window.col_off, "float32")

    path = write_cog(tmp_path / "big.tif", grid, [Band("col", "m")], fill)
    assert max(max(s) for s in shapes) == BLOCK and len(shapes) == 6
    assert cog_problems(path) == []
    with rasterio.open(path) as src:
        assert src.overviews(1) and src.block_shapes[0] == (BLOCK, BLOCK)
        assert src.read(1, window=((0, 1), (1299, 1300)))[0, 0] == 1024


def test_cog_problems_sees_a_plain_geotiff(tmp_path):
    plain = _grid_tif(tmp_path / "plain.tif", np.ones((600, 600)))
    assert {"not tiled", "no overviews"} <= set(cog_problems(plain))


def test_envelope_surface_is_a_cog_whose_capacity_matches_validation(tmp_path):
    zones, bands = catalog.load_layer("loop.zones"), catalog.load_layer("loop.height_bands")
    out = envelope_surface(zones, bands, tmp_path / "envelope.tif", 2.0).path
    assert cog_problems(out) == []
    with rasterio.open(out) as src:
        assert src.crs.to_epsg() == 2326 and src.count == 2
        assert src.descriptions == ("max_storeys", "max_height_mpd")
        assert src.units == ("storeys", "mPD")
        assert src.nodata == -9999.0 and src.compression.name == "deflate"
        heights = src.read(2, masked=True)
        assert heights.min() == 14 and heights.max() == 208
    report = gis.validate()
    vector = report.zones.set_index("zone_id") if "zone_id" in report.zones else report.zones
    env = gis.default_envelope()
    coverage = dict(zip(env.zone_ids, env.site_coverage, strict=True))
    raster = surface_capacity_m2(out, zones, coverage)
    assert raster.sum() == pytest.approx(vector["capacity_m2"].sum(), rel=0.02)
    big = vector["capacity_m2"] > 50_000
    ratio = raster[vector.index[big]] / vector["capacity_m2"][big]
    assert ratio.between(0.98, 1.02).all(), ratio


def test_a_scenario_cap_lowers_the_surface(tmp_path):
    zones, bands = catalog.load_layer("loop.zones"), catalog.load_layer("loop.height_bands")
    opts = gis.EnvelopeOptions(zone_storeys={"uir": 10})
    out = envelope_surface(zones, bands, tmp_path / "e.tif", 5.0, options=opts).path
    env = gis.default_envelope(zone_storeys={"uir": 10})
    coverage = dict(zip(env.zone_ids, env.site_coverage, strict=True))
    raster = surface_capacity_m2(out, zones, coverage)
    assert raster.sum() == pytest.approx(env.capacity_m2.sum(), rel=0.02)
    assert env.capacity_m2.sum() < gis.default_envelope().capacity_m2.sum() * 0.98


def test_a_text_attribute_gets_codes_a_colour_table_and_labels(tmp_path):
    zones = _zones(box(X0, Y1 - 10, X0 + 10, Y1), box(X0 + 10, Y1 - 10, X0 + 20, Y1))
    zones["use"] = ["研發 R&D", "housing"]
    res = rasterize_attribute(zones, "use", tmp_path / "use.tif", 5.0)
    assert res.labels == {1: "housing", 2: "研發 R&D"}
    with rasterio.open(res.path) as src:
        assert src.read(1).tolist() == [[2, 2, 1, 1], [2, 2, 1, 1]]
        assert src.colormap(1)[1][:3] != src.colormap(1)[2][:3]
        assert src.tags()["code_2"] == "研發 R&D" and src.nodata == 0
        assert json.loads(src.tags(1)["labels"]) == {"1": "housing", "2": "研發 R&D"}
    assert cog_problems(res.path) == []


def test_a_layer_without_geometry_is_refused(tmp_path):
    empty = _zones()
    empty["height_mpd"] = []
    with pytest.raises(InputError, match="no features"):
        rasterize_attribute(empty, "height_mpd", tmp_path / "e.tif")
