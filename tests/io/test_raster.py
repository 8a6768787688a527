"""Height envelope as a GeoTIFF: areas and values survive rasterisation."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from click.testing import CliRunner

import cli
import gis
from gis.errors import InputError, LayerError
from gis.io.raster import rasterize_layer, read_geotiff, write_geotiff


def test_height_raster_keeps_the_envelope_range_and_area(tmp_path):
    bands = gis.load_layer("loop.height_bands")
    grid = rasterize_layer(bands, "height_mpd", 2.0)
    data = grid.values[grid.values != grid.nodata]
    assert data.min() == 14 and data.max() == 208
    area = gis.area_m2(bands).sum()
    assert grid.covered_area_m2() == pytest.approx(area, rel=0.01)
    path = write_geotiff(grid, tmp_path / "h.tif")
    back = read_geotiff(path)
    assert back.crs == "EPSG:2326" and back.field == "height_mpd"
    np.testing.assert_array_equal(back.values, grid.values)


def test_overlaps_keep_the_higher_limit():
    import geopandas as gpd
    from shapely.geometry import box

    g = gpd.GeoDataFrame(
        {"height_mpd": [100.0, 20.0]},
        geometry=[box(0, 0, 100, 100), box(50, 0, 150, 100)],
        crs="EPSG:2326",
    )
    grid = rasterize_layer(g, "height_mpd", 10.0)
    assert grid.values[5, 7] == 100.0 and grid.values[5, 12] == 20.0


def test_bad_field_resolution_and_suffix_are_clear_errors(tmp_path):
    bands = gis.load_layer("loop.height_bands")
    with pytest.raises(LayerError, match="no attribute 'height'"):
        rasterize_layer(bands, "height", 5)
    with pytest.raises(InputError, match="positive"):
        rasterize_layer(bands, "height_mpd", 0)
    with pytest.raises(InputError, match="GeoTIFF"):
        write_geotiff(rasterize_layer(bands, "height_mpd", 20), tmp_path / "x.png")


def test_cli_rasterize(tmp_path):
    out = tmp_path / "heights.tif"
    r = CliRunner().invoke(
        cli.main,
        [
            "layers",
            "rasterize",
            "loop.height_bands",
            "--field",
            "height_mpd",
            "--res",
            "5",
            "--to",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert out.exists() and "EPSG:2326" in r.stdout
    r = CliRunner().invoke(
        cli.main,
        [
            "layers",
            "rasterize",
            "loop.zones",
            "--field",
            "name_en",
            "--to",
            str(tmp_path / "z.tif"),
        ],
    )
    # a text attribute is coded 1..n with a colour table (technopole raster rasterize)
    assert r.exit_code == 0, r.output
    with rasterio.open(tmp_path / "z.tif") as src:
        assert src.colormap(1) and src.tags()["code_1"] in set(gis.load_layer("loop.zones").name_en)
