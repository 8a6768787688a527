"""technopole raster (rasterize, envelope, zonal), validate --constraint and map --raster: the
files they write, and one line with exit code 2 for each bad raster."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pytest
import rasterio
from click.testing import CliRunner
from rasterio.transform import from_origin

import cli
import gis
from gis.rasters import cog_problems

ROOT = Path(__file__).parents[2]
FLOOD = ROOT / "tests" / "data" / "rasters" / "flood_depth_schematic.tif"


def run(*args: str):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def _tif(path: Path, *, crs: str | None = "EPSG:2326", x0: float = 825_700) -> Path:
    with rasterio.open(
        path, "w", driver="GTiff", width=10, height=10, count=1, dtype="float32",
        crs=crs, transform=from_origin(x0, 842_400, 10, 10), nodata=-1,
    ) as dst:  # fmt: skip
        dst.write(np.ones((10, 10), "float32"), 1)
    return path


def test_raster_envelope_writes_a_two_band_cog(tmp_path: Path) -> None:
    out = tmp_path / "envelope.tif"
    r = run("raster", "envelope", "--out", out)
    assert r.exit_code == 0, r.output
    assert "Cloud-Optimised GeoTIFF, bands max_storeys, max_height_mpd" in r.output
    assert cog_problems(out) == []
    with rasterio.open(out) as src:
        assert src.count == 2 and src.res == (5.0, 5.0) and src.crs.to_epsg() == 2326
        assert "assumption" in src.tags()["ground_mpd"]


def test_a_floor_to_floor_height_changes_the_storeys(tmp_path: Path) -> None:
    a, b = tmp_path / "a.tif", tmp_path / "b.tif"
    assert run("raster", "envelope", "--res", 10, "--out", a).exit_code == 0
    assert run("raster", "envelope", "--res", 10, "--floor-to-floor", 4, "--out", b).exit_code == 0
    with rasterio.open(a) as sa, rasterio.open(b) as sb:
        high_a, high_b = sa.read(1, masked=True).max(), sb.read(1, masked=True).max()
    assert high_a == 40  # the bands' own storeys (§3.1.4)
    assert high_b == gis.storeys_under(208, 4.0)


def test_a_scenario_caps_the_zones_it_names(tmp_path: Path) -> None:
    out = tmp_path / "low.tif"
    assert (
        run("raster", "envelope", "--scenario", "low-rise-waterfront", "--out", out).exit_code == 0
    )
    zones = gis.load_layer("loop.zones")
    stats = gis.rasters.zonal_stats(out, zones)
    env = gis.load_scenario("low-rise-waterfront").envelope()
    cap = dict(zip(env.zone_ids, env.storeys_max, strict=True))["life_health"]
    assert cap == gis.storeys_under(40)  # 40 mPD in the scenario
    # the zone's inner cells hold the capped storeys (its edges may mix in a neighbour's)
    assert stats.loc["life_health", "mean"] == pytest.approx(cap, abs=0.5)
    r = run("raster", "envelope", "--scenario", "no-such-scenario", "--out", tmp_path / "x.tif")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1


def test_layers_rasterize_still_works_and_writes_a_cog(tmp_path: Path) -> None:
    out = tmp_path / "h.tif"
    r = run("layers", "rasterize", "loop.height_bands", "--field", "height_mpd", "--to", out)
    assert r.exit_code == 0, r.output
    assert cog_problems(out) == [] and gis.read_geotiff(out).values.max() == 208


def test_raster_zonal_as_csv_and_as_columns_on_the_zones(tmp_path: Path) -> None:
    table, layer = tmp_path / "flood.csv", tmp_path / "zones_flood.gpkg"
    r = run("raster", "zonal", FLOOD, "loop.zones", "--threshold", 0.5, "--out", table,
            "--zones-out", layer)  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = {row["zone_id"]: row for row in csv.DictReader(io.StringIO(table.read_text()))}
    direct = gis.rasters.zonal_stats(FLOOD, gis.load_layer("loop.zones"), threshold=0.5)
    assert float(rows["small_urban_living"]["share_above"]) == pytest.approx(
        direct.loc["small_urban_living", "share_above"], abs=1e-4
    )
    zones = gis.load_layer(str(layer))
    assert {"raster_mean", "raster_share_above"} <= set(zones.columns)
    assert len(zones) == len(direct)


@pytest.mark.parametrize(
    "make, needle",
    [
        (lambda p: _tif(p / "nocrs.tif", crs=None), "declares no CRS; give it with --raster-crs"),
        (lambda p: _tif(p / "utm.tif", crs="EPSG:32650"), "pass --reproject"),
        (lambda p: _tif(p / "far.tif", x0=700_000), "does not overlap the zones"),
        (lambda p: (p / "bad.tif").write_bytes(b"II*\x00junk") and p / "bad.tif", "corrupt"),
    ],
)
def test_bad_rasters_are_one_line_with_exit_two(tmp_path: Path, make, needle) -> None:
    path = make(tmp_path)
    r = run("raster", "zonal", path, "loop.zones")
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and path.name in lines[0], r.stderr
    assert "Traceback" not in r.output


def test_an_unknown_id_field_is_one_line(tmp_path: Path) -> None:
    r = run("raster", "zonal", FLOOD, "loop.zones", "--id-field", "plot_no")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert "--id-field plot_no: the zones have no such attribute" in r.stderr


def test_validate_constraint_finds_gfa_on_flooded_land(tmp_path: Path) -> None:
    r = run("validate", "--constraint", f"{FLOOD}:max=0.5", "--format", "json")
    assert r.exit_code == 1, r.output
    assert "site.raster_constraint" in r.stdout and "small_urban_living" in r.stdout
    r = run("validate", "--constraint", f"{FLOOD}:max=2", "--format", "json")
    assert r.exit_code == 0, r.output
    r = run("validate", "--constraint", "flood.tif:depth=1")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "--constraint" in r.stderr


def test_map_raster_draws_and_refuses_one_off_the_map(tmp_path: Path) -> None:
    page = tmp_path / "m.html"
    r = run("map", "--raster", FLOOD, "--no-validation", "--out", page)
    assert r.exit_code == 0, r.output
    assert "flood_depth_m (flood_depth_schematic.tif)" in page.read_text(encoding="utf-8")
    far = _tif(tmp_path / "far.tif", x0=700_000)
    r = run("map", "--raster", far, "--out", tmp_path / "n.html")
    assert r.exit_code == 2 and "does not overlap the map's layers" in r.stderr
    assert r.stderr.count("\n") == 1


def test_rasterize_with_validation_burns_capacity_use_per_zone(tmp_path: Path) -> None:
    out = tmp_path / "use.tif"
    r = run("raster", "rasterize", "loop.zones", "--with-validation", "--field", "utilisation",
            "--res", 10, "--out", out)  # fmt: skip
    assert r.exit_code == 0, r.output
    zones = gis.validate().zones
    stats = gis.rasters.zonal_stats(out, gis.load_layer("loop.zones"))
    # inside each zone the surface holds that zone's capacity use (its edges may mix in a
    # neighbour's cells, so the largest zones are compared)
    big = zones[zones.gfa_m2 > 0].area_ha.nlargest(4).index
    for zid in big:
        assert stats.loc[zid, "mean"] == pytest.approx(zones.utilisation[zid], rel=0.1)
    with rasterio.open(out) as src:
        assert src.units == ("ratio (1 = at capacity)",)
    r = run("raster", "rasterize", "loop.boundary", "--with-validation", "--field", "gfa_m2",
            "--out", tmp_path / "x.tif")  # fmt: skip
    assert r.exit_code == 2 and "no zone_id attribute" in r.stderr
