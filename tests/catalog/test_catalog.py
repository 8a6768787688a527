"""The layer catalog: every embedded layer loads, carries provenance and is honest about it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

import gis
from gis.catalog import layers as catalog
from gis.errors import LayerError

ROOT = Path(__file__).resolve().parents[2]
NAMES = catalog.layer_names()
EXPECTED = {
    "loop.ozp",
    "loop.plan_area",
    "loop.boundary",
    "loop.phases",
    "loop.batches",
    "loop.zones",
    "loop.height_bands",
    "loop.batch1_buildings",
    "santin.ozp_2006",
    "santin.boundary",
    "santin.parcels",
    "santin.wetland_park",
    "context.border",
}
ACCURACY = ("schematic", "official", "osm")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_catalog_lists_every_layer_the_project_promises():
    assert set(NAMES) >= EXPECTED
    df = gis.list_layers()
    assert set(df.index) == set(NAMES)
    assert (df.features > 0).all()
    assert (df.crs == "EPSG:4326").all()


@pytest.mark.parametrize("name", NAMES)
def test_every_layer_has_provenance_valid_geometry_and_bilingual_names(name):
    info = catalog.layer_info(name)
    assert info["source"] and info["accuracy"] in ACCURACY
    gdf = gis.load_layer(name)
    assert gdf.crs.to_epsg() == 4326
    assert shapely.is_valid(gdf.geometry.values).all()
    for col in ("name_en", "name_zh", "source", "accuracy"):
        assert gdf[col].notna().all() and (gdf[col].astype(str).str.len() > 0).all(), col
    # Traditional Chinese names carry CJK characters; English names do not
    assert gdf.name_zh.str.contains(r"[\u4e00-\u9fff]").all()
    assert not gdf.name_en.str.contains(r"[\u4e00-\u9fff]").any()
    assert (gdf.accuracy == info["accuracy"]).all()


@pytest.mark.parametrize("name", NAMES)
def test_geojson_is_wgs84_with_at_most_seven_decimals(name):
    text = catalog.layer_info(name)["path"].read_text(encoding="utf-8")
    data = json.loads(text)
    coords = np.asarray(
        [
            c
            for f in data["features"]
            for c in shapely.get_coordinates(shapely.geometry.shape(f["geometry"]))
        ]
    )
    assert ((coords[:, 0] > 113.8) & (coords[:, 0] < 114.5)).all()  # Hong Kong longitudes
    assert ((coords[:, 1] > 22.1) & (coords[:, 1] < 22.6)).all()
    decimals = [len(m) for m in re.findall(r"\d+\.(\d+)", text.split('"coordinates"', 1)[1])]
    assert max(decimals) <= 7


@pytest.mark.parametrize("name", NAMES)
def test_provenance_names_the_plan_and_date_or_what_the_layer_is_drawn_on(name):
    """Official layers name plan number and dates (manifest and every feature) and the shipped
    file they derive from; schematic layers name the layers they are drawn on; OSM data carries
    its ODbL licence and attribution."""
    info = catalog.layer_info(name)
    gdf = gis.load_layer(name)
    if info["accuracy"] == "official":
        assert re.fullmatch(r"S/[A-Z\-]+/\d+", info["plan_no"])
        assert DATE.match(str(info["pub_date"])) and DATE.match(str(info["aprv_date"]))
        assert (catalog.layers_dir() / info["derived_from"]).is_file()
        assert info["method"] and "Town Planning Board" in info["attribution"]
        assert (gdf.plan_no == info["plan_no"]).all()
        assert (gdf.pub_date == str(info["pub_date"])).all()
        assert gdf.attribution.str.contains("Town Planning Board").all()
    elif info["accuracy"] == "schematic":
        assert info["drawn_on"] and set(info["drawn_on"]) <= set(NAMES), name
    else:
        assert info["licence"] == "ODbL-1.0" and "OpenStreetMap" in info["attribution"]
        assert (gdf.licence == "ODbL-1.0").all()
        assert gdf.attribution.str.contains("OpenStreetMap contributors").all()
        assert (catalog.layers_dir() / info["derived_from"]).is_file()


def test_the_osm_border_is_shipped_unchanged():
    src = json.loads(
        (catalog.layers_dir() / "sources/osm/hk_mainland_border.geojson").read_text(
            encoding="utf-8"
        )
    )
    feat = src["features"][0] if "features" in src else src
    ours = json.loads(catalog.layer_info("context.border")["path"].read_text(encoding="utf-8"))
    assert ours["features"][0]["geometry"]["coordinates"] == feat["geometry"]["coordinates"]


def test_the_official_zones_are_the_boards_zones():
    import pyogrio

    for name, folder in (("loop.ozp", "S_LMCL_2"), ("santin.ozp_2006", "S_YL-ST_8")):
        src = pyogrio.read_dataframe(catalog.layers_dir() / "sources/tpb" / folder / "ZONE.json")
        ours = gis.load_layer(name).to_crs(2326)
        assert len(ours) == len(src)
        assert sorted(ours.zone_label) == sorted(src.ZONE_LABEL.str.strip())
        # same ground: vertices are snapped to a 10 cm grid, so each zone's area may move by at
        # most half that grid along its outline
        got = ours.sort_values("id").area.to_numpy()
        bound = 0.05 * src.length.to_numpy()
        assert (np.abs(got - src.area.to_numpy()) <= bound).all()
        assert got.sum() == pytest.approx(src.area.sum(), rel=1e-5)


def test_schematic_layers_say_so_in_the_data():
    for name in NAMES:
        gdf = gis.load_layer(name)
        if catalog.layer_info(name)["accuracy"] == "schematic":
            assert set(gdf.accuracy) == {"schematic"}, name


def test_unknown_layer_names_the_closest_match():
    with pytest.raises(LayerError, match=r"unknown layer 'loop.zonez' \(did you mean 'loop.zones'"):
        gis.load_layer("loop.zonez")


def test_user_file_goes_through_the_same_loader(tmp_path):
    zones = gis.load_layer("loop.zones")
    path = tmp_path / "zones.gpkg"
    zones.to_file(path, layer="zones", driver="GPKG")
    back = gis.load_layer(path)
    assert len(back) == len(zones)
    assert back.crs.to_epsg() == 4326


def test_loaded_layers_are_copies_so_callers_cannot_corrupt_the_cache():
    a = gis.load_layer("loop.zones")
    a.loc[0, "name_en"] = "changed"
    assert gis.load_layer("loop.zones").loc[0, "name_en"] != "changed"


def test_embedded_tables_load_with_their_provenance():
    t = gis.load_table("loop.gfa_phase1")
    assert list(t.use_id) == [
        "wet_lab_mfg",
        "dry_lab_office",
        "uir",
        "talent_housing",
        "commercial_mixed",
    ]
    assert t.attrs["stated_total_gfa_m2"] == 1_000_000
    assert t.attrs["original_total_gfa_m2"] == 540_000
    m = gis.load_table("loop.use_zones")
    zones = set(gis.load_layer("loop.zones").zone_id)
    assert set(m.zone_id) <= zones
    # no zone is promised to uses for more than all of its capacity
    assert (m.groupby("zone_id").weight.sum() <= 1.0 + 1e-9).all()


def test_generator_reproduces_the_committed_layers(tmp_path):
    """The schematic geometry is reproducible: layers/_generate.py writes exactly these files."""
    import shutil

    work = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", work)
    subprocess.run([sys.executable, str(work / "_generate.py")], check=True, cwd=tmp_path)
    for name in NAMES:
        f = catalog.layer_info(name)["file"]
        assert (work / f).read_bytes() == (ROOT / "layers" / f).read_bytes(), f


def test_use_categories_agree_with_the_embedded_table_3_1():
    from gis.tables.uses import USE_IDS, use_category

    t = gis.load_table("loop.gfa_phase1")
    assert list(t.use_id) == list(USE_IDS)
    for rec in t.itertuples():
        assert use_category(rec.use_id).name_zh == rec.name_zh
