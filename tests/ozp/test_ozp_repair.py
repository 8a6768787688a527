"""Official plan data read as it is: invalid rings are repaired (never dropped) and reported.

Real defects come from the Board's own plans (``tests/data/ozp``: S/I-SHW/2 and an extract of
S/NE-TKL/14, each with a self-intersecting ring); synthetic ones (bow-tie, spike, self-touching
ring, hole outside its shell, repeated and collinear vertices, slivers between neighbours) are
drawn here in HK1980 Grid. A user's own layer keeps refusing invalid polygons unless asked.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import Polygon

import cli
from gis import ozp
from gis.errors import LayerError
from gis.io import read_layer

DATA = Path(__file__).resolve().parents[1] / "data" / "ozp"
SHW = DATA / "I-SHW.json"
TKL = DATA / "NE-TKL_extract.json"
X, Y = 833_000.0, 842_000.0


def _square(x0: float, y0: float, w: float = 100.0, h: float = 100.0) -> list[tuple[float, float]]:
    return [(X + x0, Y + y0), (X + x0 + w, Y + y0), (X + x0 + w, Y + y0 + h), (X + x0, Y + y0 + h)]


# label -> geometry: the defects of real data, small and synthetic
DEFECTS = {
    "GB": Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100)]),  # bow-tie
    "AGR": Polygon(  # a spike out and back along one edge
        [(X + 200, Y), (X + 300, Y), (X + 300, Y + 50), (X + 350, Y + 50), (X + 300, Y + 50)]
        + [(X + 300, Y + 100), (X + 200, Y + 100)]
    ),
    "CA": Polygon(  # a ring touching itself at a point
        [(X + 400, Y), (X + 500, Y), (X + 450, Y + 50), (X + 500, Y + 100), (X + 400, Y + 100)]
        + [(X + 450, Y + 50)]
    ),
    "O": Polygon(_square(600, 0), [_square(750, 0, 50, 50)]),  # a hole outside its shell
    "V": Polygon(  # repeated and collinear vertices: valid, left alone
        [(X, Y + 200), (X, Y + 200), (X + 50, Y + 200), (X + 100, Y + 200)]
        + [(X + 100, Y + 300), (X + 100, Y + 300), (X, Y + 300)]
    ),
    "G/IC": Polygon(_square(200, 200)),  # two neighbours with a 1 cm sliver of overlap
    "R(C)": Polygon(_square(299.99, 200)),
}


def _board_zone_layer(path: Path, shapes: dict[str, Polygon], plan_no: str = "S/XX/1") -> Path:
    """A ZONE layer with the Board's fields (GeoJSON, EPSG:2326), geometry written as given."""
    gdf = gpd.GeoDataFrame(
        {
            "PLAN_NO": [plan_no] * len(shapes),
            "ZONE_LABEL": list(shapes),
            "DESC_ENG": list(shapes),
            "DESC_CHT": [" "] * len(shapes),
            "SPUSE_ENG": [" "] * len(shapes),
            "SPUSE_CHT": [" "] * len(shapes),
        },
        geometry=list(shapes.values()),
        crs="EPSG:2326",
    )
    pyogrio.write_dataframe(gdf, path, driver="GeoJSON")
    return path


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


# ----------------------------------------------------------------------------- real plans


@pytest.mark.parametrize(
    "path, plan_no, zones, feature, label",
    [(SHW, "S/I-SHW/2", 17, 8, "MRDJ"), (TKL, "S/NE-TKL/14", 4, 4, "OS")],
)
def test_a_real_plan_with_a_self_intersecting_ring_is_read_with_it_repaired(
    path, plan_no, zones, feature, label
):
    plan = ozp.read_plan(path)
    assert plan.plan_no == plan_no and len(plan.zones) == zones  # no zone dropped
    assert shapely.is_valid(plan.zones.geometry.to_numpy()).all()
    [rec] = plan.repairs
    assert (rec["layer"], rec["feature"], rec["label"]) == ("ZONE", feature, label)
    assert rec["reason"].startswith("Ring Self-intersection")
    raw = pyogrio.read_dataframe(path)
    assert rec["area_before_m2"] == pytest.approx(raw.geometry.iloc[feature - 1].area, abs=0.01)
    after = plan.zones.geometry.iloc[feature - 1].area
    assert rec["area_after_m2"] == pytest.approx(after, abs=0.01)
    assert abs(rec["area_change_m2"]) < 1.0  # a touching ring: the zone keeps its area
    info = ozp.plan_info(plan)
    assert info["repaired"] == 1 and info["repairs"][0]["label"] == label


def test_strict_refuses_a_real_plan_naming_each_invalid_feature():
    with pytest.raises(LayerError) as err:
        ozp.read_plan(SHW, strict=True)
    text = str(err.value)
    assert "\n" not in text and "I-SHW.json" in text
    assert "ZONE feature 8 (MRDJ): invalid geometry (Ring Self-intersection" in text


def test_ozp_info_reports_repairs_and_strict_refuses(run):
    r = run("ozp", "info", SHW, "--format", "json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["repaired"] == 1 and info["repairs"][0]["feature"] == 8
    r = run("ozp", "info", SHW, "--format", "markdown")
    assert "- repaired features: 1 (" in r.stdout and "feature 8 (MRDJ)" in r.stdout
    assert "## Repaired features" in r.stdout
    r = run("ozp", "info", SHW, "--strict")
    assert r.exit_code == 2
    assert "ZONE feature 8 (MRDJ): invalid geometry" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_ozp_convert_writes_every_zone_valid_and_says_what_it_repaired(run, tmp_path):
    out = tmp_path / "tkl.gpkg"
    r = run("ozp", "convert", TKL, "-o", out)
    assert r.exit_code == 0, r.output
    assert "repaired 1 feature with invalid rings" in r.output and "feature 4 (OS)" in r.output
    written = pyogrio.read_dataframe(out)
    assert len(written) == 4 and shapely.is_valid(written.geometry.to_numpy()).all()
    r = run("ozp", "convert", TKL, "-o", tmp_path / "strict.gpkg", "--strict")
    assert r.exit_code == 2 and "ZONE feature 4 (OS)" in r.output
    assert not (tmp_path / "strict.gpkg").exists()


def test_a_shipped_plan_needs_no_repair():
    for name in ozp.plan_names():
        assert ozp.load_plan(name).repairs == [], name


# ----------------------------------------------------------------------------- synthetic defects


def test_each_kind_of_defect_is_repaired_or_left_alone_and_no_zone_is_dropped(tmp_path):
    plan = ozp.read_plan(_board_zone_layer(tmp_path / "ZONE.geojson", DEFECTS))
    assert list(plan.zones["zone_label"]) == list(DEFECTS)
    assert shapely.is_valid(plan.zones.geometry.to_numpy()).all()
    by_label = {r["label"]: r for r in plan.repairs}
    assert sorted(by_label) == ["AGR", "CA", "GB", "O"]  # V (repeated/collinear), slivers: valid
    bow = by_label["GB"]
    assert (bow["feature"], bow["area_before_m2"], bow["area_after_m2"]) == (1, 0.0, 5000.0)
    assert bow["area_change_m2"] == 5000.0  # both lobes kept (structure), not cancelled out
    assert by_label["AGR"]["area_change_m2"] == 0.0  # the spike had no area
    assert by_label["CA"]["area_after_m2"] == 5000.0  # two triangles meeting at a point
    assert by_label["O"]["reason"].startswith("Hole lies outside shell")
    assert by_label["O"]["area_change_m2"] == 5000.0  # GEOS keeps the stray ring as land: shown
    geoms = dict(zip(plan.zones["zone_label"], plan.zones.geometry, strict=True))
    assert geoms["V"].area == 10000.0
    sliver = geoms["G/IC"].intersection(geoms["R(C)"]).area
    assert sliver == pytest.approx(1.0, abs=1e-6)  # read as it is: 0.01 m x 100 m


def test_a_repair_keeps_only_polygonal_parts():
    from gis.io import repair_polygons

    gdf = gpd.GeoDataFrame({"label": list(DEFECTS)}, geometry=list(DEFECTS.values()), crs=2326)
    fixed, records = repair_polygons(gdf, label_field="label")
    assert set(fixed.geom_type) <= {"Polygon", "MultiPolygon"} and len(fixed) == len(gdf)
    assert [r["feature"] for r in records] == [1, 2, 3, 4]
    assert repair_polygons(fixed)[1] == []  # nothing left to repair


# ----------------------------------------------------------------------------- user layers


def test_a_users_invalid_polygon_is_still_refused_unless_repair_is_asked(tmp_path, run):
    path = tmp_path / "mine.geojson"
    gpd.GeoDataFrame(
        {"name_en": ["ok", "bow"]},
        geometry=[Polygon(_square(0, 300)), DEFECTS["GB"]],
        crs=2326,
    ).to_crs(4326).to_file(path)
    with pytest.raises(LayerError) as err:
        read_layer(path)
    assert "feature 2 (name_en='bow'): invalid geometry (Self-intersection" in str(err.value)
    gdf = read_layer(path, repair=True)
    assert gdf.geometry.is_valid.all() and len(gdf) == 2
    [rec] = gdf.attrs["repairs"]
    assert (rec["feature"], rec["label"]) == (2, "bow")
    assert rec["area_after_m2"] == pytest.approx(5000.0, rel=1e-3)  # measured in EPSG:2326
    r = run("layers", "export", path, "-o", tmp_path / "a.gpkg")
    assert r.exit_code == 2 and "invalid geometry" in r.output
    r = run("layers", "export", path, "-o", tmp_path / "b.gpkg", "--repair")
    assert r.exit_code == 0, r.output
    assert "repaired 1 feature" in r.output and "feature 2 (bow)" in r.output
