"""Every stated figure holds on the encoded layers, and each check can fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shapely

import gis
from gis.catalog import fact_measures as _fact_measures
from gis.catalog.facts import FACTS, Fact
from gis.config import LAYERS_ENV

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table():
    return gis.check_facts()


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_stated_fact_holds_on_the_embedded_data(fact, table):
    row = table.loc[fact.id]
    assert row.passed, f"{fact.id}: stated {fact.value} {fact.unit}, measured {row.measured}"


def test_every_fact_cites_a_source_and_a_unit():
    for f in FACTS:
        assert f.source and f.unit and f.description, f.id
    assert len({f.id for f in FACTS}) == len(FACTS)


def test_the_headline_figures_are_registered():
    ids = {f.id for f in FACTS}
    for must in (
        "loop.area_ha",
        "loop.plan_area_ha",
        "loop.centre_offset_m",
        "loop.building_zones_off_ou_rd_m2",
        "context.nothing_north_of_border_m2",
        "loop.phase1_gfa_m2",
        "loop.height_min_mpd",
        "loop.height_max_mpd",
        "santin.area_ha",
        "santin.wetland_park_ha",
        "santin.it_land_with_loop_ha",
        "loop.lh_ntam_land_share_pct",
    ):
        assert must in ids


@pytest.mark.parametrize(
    ("comparison", "value", "tol", "relative", "measured", "ok"),
    [
        ("about", 87, 0.01, True, 87.8, True),
        ("about", 87, 0.01, True, 88.0, False),
        ("about", 0, 300, False, 301, False),
        ("at_most", 6, 0, False, 7, False),
        ("at_least", 200, 0, False, 199, False),
        ("about", 1, 0, False, float("nan"), False),
    ],
)
def test_fact_comparison_can_fail(comparison, value, tol, relative, measured, ok):
    f = Fact("x", "x", value, "u", "s", lambda: measured, tol, relative, comparison)
    assert f.holds(measured) is ok


def _copy_layers(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", dst)
    return dst


def test_a_shrunken_loop_fails_its_area_fact(tmp_path, monkeypatch):
    before = _fact_measures.ha("loop.boundary")
    dst = _copy_layers(tmp_path)
    path = dst / "loop_boundary.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    cx = sum(p[0] for p in ring) / len(ring)
    cy = sum(p[1] for p in ring) / len(ring)
    data["features"][0]["geometry"]["coordinates"][0] = [
        [cx + 0.97 * (x - cx), cy + 0.97 * (y - cy)] for x, y in ring
    ]  # about -6 % area
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["loop.area_ha", "passed"]
    assert t.loc["loop.area_ha", "measured"] == pytest.approx(before * 0.97**2, rel=0.002)
    assert not t.loc["loop.park_is_plan_less_ca", "passed"]


def test_an_edited_table_3_1_fails_its_facts(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    path = dst / "loop_gfa_phase1.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("520000", "530000"), encoding="utf-8")
    monkeypatch.setenv(LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["table31.wet_lab_mfg.gfa_m2", "passed"]
    assert not t.loc["loop.phase1_gfa_m2", "passed"]
    assert t.loc["table31.dry_lab_office.gfa_m2", "passed"]


def _edit_features(dst: Path, file: str, edit) -> None:
    path = dst / file
    data = json.loads(path.read_text(encoding="utf-8"))
    for f in data["features"]:
        edit(f)
    path.write_text(json.dumps(data), encoding="utf-8")


def _shift(geom: dict, dlon: float, dlat: float) -> dict:
    return shapely.geometry.mapping(
        shapely.affinity.translate(shapely.geometry.shape(geom), dlon, dlat)
    )


def test_zones_moved_off_the_official_land_and_reversed_heights_fail(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)

    def move_ai(f):
        if f["properties"]["zone_id"] == "ai_data":
            f["geometry"] = _shift(f["geometry"], 0.0005, 0.0)  # about 50 m east

    _edit_features(dst, "loop_zones.geojson", move_ai)

    def reverse(f):
        f["properties"]["height_mpd"] = 222 - f["properties"]["height_mpd"]

    _edit_features(dst, "loop_height_bands.geojson", reverse)
    monkeypatch.setenv(LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert t.loc["loop.building_zones_off_ou_rd_m2", "measured"] > 100
    assert not t.loc["loop.building_zones_off_ou_rd_m2", "passed"]
    assert not t.loc["loop.heights_rise_west_to_east", "passed"]
    assert not t.loc["loop.lower_by_river_and_green_belt", "passed"]


def test_a_wetland_park_pushed_into_shenzhen_fails(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    _edit_features(
        dst,
        "santin_wetland_park.geojson",
        lambda f: f.update(geometry=_shift(f["geometry"], 0.0, 0.01)),
    )  # 1.1 km north
    monkeypatch.setenv(LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert t.loc["context.nothing_north_of_border_m2", "measured"] > 10_000
    assert not t.loc["context.nothing_north_of_border_m2", "passed"]


def test_the_centre_fact_measures_from_the_official_centroid():
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.0796, 22.5212)
    c = gis.load_layer("loop.plan_area").to_crs(2326).union_all().centroid
    assert ((c.x - x) ** 2 + (c.y - y) ** 2) ** 0.5 < 15  # the plan's own centroid
    assert _fact_measures.centre_offset_m() < 50
