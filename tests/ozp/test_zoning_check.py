"""`gis.zoning_check` / `technopole zoning-check`: a designer's polygons against the zones of
the statutory plans (areas in m² of EPSG:2326, shares of the polygon, what a planner flags)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import shapely.affinity
from click.testing import CliRunner
from shapely.geometry import box

import cli
import gis
from gis.ozp import is_building_use

ROOT = Path(__file__).resolve().parents[2]
BIO_MED = ROOT / "tests/data/zoning/bio_med_on_mrdj.geojson"


@pytest.fixture(scope="module")
def lmcl() -> gis.Plan:
    return gis.load_plan("S/LMCL/2")


def zone(plan: gis.Plan, zone_id: str):
    return plan.zones.set_index("id").geometry[zone_id]


def layer(geoms, **columns) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": [f"P{i + 1}" for i in range(len(geoms))], **columns},
        geometry=list(geoms),
        crs="EPSG:2326",
    )


def test_bio_med_straddling_the_major_road_is_questioned_with_areas_and_shares():
    # BM1 is a 100 m x 80 m box (8,000 m²) drawn on the edge between the R&D OU zones z011 and
    # z005 and the MRDJ zone z018 of S/LMCL/2; DC1 (60 m x 50 m) lies wholly in z011.
    result = gis.zoning_check(BIO_MED)
    assert (result.flagged, result.ok) == (1, False)
    bm1, dc1 = result.polygons.itertuples()
    assert bm1.area_m2 == pytest.approx(8000, abs=1) and bm1.flag == "question"
    assert bm1.zones == "OU 50.0%, MRDJ 28.1%, OU 21.9%"
    assert (
        "building use on MRDJ Major Road and Junction (S/LMCL/2, 2,244 m², 28.1%)" in bm1.reasons_en
    )
    assert "主要道路及路口" in bm1.reasons_zh
    assert (dc1.zones, dc1.flag) == ("OU 100.0%", "")
    pieces = result.pieces[result.pieces.polygon == "BM1"]
    assert pieces.area_m2.sum() == pytest.approx(bm1.area_m2, abs=0.5)
    assert pieces.set_index("zone_id").flag.to_dict() == {
        "z011": "",
        "z018": "question",
        "z005": "",
    }


@pytest.mark.parametrize(
    ("use", "flag"),
    [
        ("Wet lab", "question"),
        (None, "check"),
        ("", "check"),
        ("open_space", ""),
        ("road", ""),
        ("休憩用地", ""),
    ],
)
def test_only_a_building_use_or_no_use_on_protected_land_is_flagged(lmcl, use, flag):
    on_open_space = zone(lmcl, "z014").buffer(-10)  # O, well inside
    result = gis.zoning_check(layer([on_open_space], land_use=[use]), lmcl)
    assert result.polygons.loc[0, "flag"] == flag
    assert result.polygons.loc[0, "zones"] == "O 100.0%"


def test_a_layer_without_a_use_column_is_checked(lmcl):
    result = gis.zoning_check(layer([zone(lmcl, "z015").buffer(-10)]), lmcl)  # CA
    assert result.polygons.loc[0, "flag"] == "check"
    assert result.polygons.loc[0, "reasons_en"].startswith("no use given; falls on CA")


def test_a_polygon_drawn_on_a_zones_outline_leaves_no_sliver(lmcl):
    # the R&D zone itself, traced 30 cm off: 208 m² of it along the MRDJ edge is a sliver
    outline = shapely.affinity.translate(zone(lmcl, "z011"), 0.3, -0.3)
    result = gis.zoning_check(layer([outline], use=["lab"]), lmcl)
    assert result.polygons.loc[0, "zones"] == "OU 99.9%"
    assert result.ok
    assert not gis.zoning_check(layer([outline], use=["lab"]), lmcl, min_width_m=0).ok


def test_crossing_the_plan_boundary_and_land_outside_every_plan_are_flagged(lmcl):
    area = lmcl.boundary.geometry.union_all()
    x0, y0, x1, y1 = area.bounds
    # a 200 m x 100 m park across the plan's western edge at mid-height
    edge_x = min(p[0] for p in area.exterior.coords if abs(p[1] - (y0 + y1) / 2) < 200)
    park = box(edge_x - 100, (y0 + y1) / 2 - 50, edge_x + 100, (y0 + y1) / 2 + 50)
    far = box(x1 + 1000, y1 + 1000, x1 + 1100, y1 + 1100)
    result = gis.zoning_check(layer([park, far], use=["park", "park"]), lmcl)
    crossing, outside = result.polygons.itertuples()
    assert crossing.flag == "question" and "crosses the boundary of S/LMCL/2" in crossing.reasons_en
    assert 0 < crossing.outside_m2 < 20_000
    assert outside.outside_m2 == pytest.approx(10_000) and outside.plans == ""
    assert outside.reasons_en == "10,000 m² (100.0%) outside every plan loaded"
    assert "crosses" not in outside.reasons_en
    row = result.pieces[result.pieces.polygon == "P2"].iloc[0]
    assert (row.share_pct, row.zone_en) == (100.0, "outside every plan loaded")


def test_plans_from_a_folder_of_plans_and_by_tpb_name():
    parcels = gis.load_layer("santin.parcels")
    one = gis.zoning_check(parcels, "tpb:S/YL-ST/8")
    many = gis.zoning_check(parcels, ROOT / "layers/sources/tpb")
    assert [p["plan_no"] for p in one.plans] == ["S/YL-ST/8"]
    assert len(many.plans) == 6
    # the schematic town centre south of the highway lies outside S/YL-ST/8, on S/YL-NTM/12
    res1 = many.polygons.set_index("polygon").loc["res1"]
    assert res1.plans == "S/YL-NTM/12" and "Green Belt" in res1.reasons_en
    assert one.polygons.set_index("polygon").loc["res1"].outside_m2 > 300_000


def test_is_building_use():
    assert [is_building_use(u) for u in ("Bio-Med", "i_and_t", "Open Space", "GB", None)] == [
        True,
        True,
        False,
        False,
        None,
    ]
    assert is_building_use("Cafe in the park") is False  # a use that names the park is open


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


def test_cli_exit_codes_table_and_formats(run, tmp_path):
    r = run("zoning-check", BIO_MED)
    assert r.exit_code == 1
    assert r.stdout.startswith(
        "zoning check: 2 polygons on S/LMCL/2: 1 flagged (1 question, 0 check)"
    )
    out = tmp_path / "check.csv"
    r = run("zoning-check", BIO_MED, "--format", "csv", "-o", out)
    assert r.exit_code == 1 and "1 flagged" in r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(x["polygon"], x["zone_label"], x["flag"]) for x in rows] == [
        ("BM1", "OU", ""),
        ("BM1", "MRDJ", "question"),
        ("BM1", "OU", ""),
        ("DC1", "OU", ""),
    ]
    data = json.loads(run("zoning-check", BIO_MED, "--format", "json").stdout)
    assert data["flagged"] == 1 and data["crs"] == "EPSG:2326"
    assert data["plans"][0]["pub_date"] == "2018-02-09"


def test_cli_exit_0_when_nothing_is_flagged_and_chinese_headers(run, tmp_path):
    fine = tmp_path / "fine.geojson"
    gpd.read_file(BIO_MED).iloc[[1]].to_file(fine)
    r = run("zoning-check", fine, "--format", "markdown", "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert "多邊形" in r.stdout and "其他指定用途" in r.stdout and "0 個須注意" in r.stdout


def test_cli_plan_option_and_bad_input(run):
    r = run("zoning-check", BIO_MED, "--plan", "S/NOPE/1")
    assert r.exit_code == 2 and "unknown plan" in r.output
