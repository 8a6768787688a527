"""Statutory plans read directly: every format the Board publishes, zone families, heights."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pyogrio
import pytest
from _ozp_fixtures import LMCL, board_layer, build

import gis
from gis import ozp
from gis.errors import LayerError
from gis.ozp.labels import clean_en, clean_zh, parse_label

ZONE_COUNTS = {
    "S/LMCL/2": 18,
    "S/YL-ST/8": 18,
    "S/YL-MP/6": 23,
    "S/NE-MTL/3": 20,
    "S/KTN/4": 105,
    "S/YL-NTM/12": 30,
}
R_AND_D = "Research and Development, Education, and Cultural and Creative Industries"


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("ozp"))


@pytest.fixture(scope="session")
def shipped_lmcl():
    return ozp.read_plan(LMCL)


def _digest(path: Path) -> dict[str, str]:
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


# ----------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "fmt", ["esri", "geojson", "wrapped", "shapefile", "shapefile_zip", "gml", "esri_zip"]
)
def test_every_format_reads_to_the_same_plan(fmt, fixtures, shipped_lmcl):
    before = _digest(fixtures[fmt])
    plan = ozp.read_plan(fixtures[fmt])
    ref = shipped_lmcl
    assert (plan.plan_no, plan.name_en, plan.name_zh) == (
        "S/LMCL/2",
        "Lok Ma Chau Loop",
        "落馬洲河套地區",
    )
    assert (plan.pub_date, plan.aprv_date, plan.sect_no, plan.plan_scale) == (
        "2018-02-09",
        "2018-01-30",
        "9(1)(a)",
        5000,
    )
    assert list(plan.layers) == ["PLAN_SCHEME_AREA", "ZONE"]
    cols = [
        "zone_label",
        "zone_code",
        "family",
        "sub_no",
        "spuse_en",
        "spuse_zh",
        "name_en",
        "name_zh",
    ]
    assert plan.zones[cols].fillna("").equals(ref.zones[cols].fillna(""))
    areas = gis.area_m2(plan.zones).to_numpy()
    assert np.abs(areas - gis.area_m2(ref.zones).to_numpy()).max() < 1.0
    assert abs(gis.area_m2(plan.boundary).sum() - gis.area_m2(ref.boundary).sum()) < 1.0
    assert plan.zones.crs.to_epsg() == 2326
    assert _digest(fixtures[fmt]) == before  # read in place: nothing written beside the input


def test_wrapped_geojson_with_one_layer_is_read(fixtures, tmp_path):
    one = tmp_path / "zone_only.geojson"
    wrapped = json.loads(fixtures["wrapped"].read_text(encoding="utf-8"))
    one.write_text(json.dumps({"ZONE": wrapped["ZONE"]}, ensure_ascii=False), encoding="utf-8")
    plan = ozp.read_plan(one)
    assert list(plan.layers) == ["ZONE"] and len(plan.zones) == 18
    assert plan.pub_date is None and plan.plan_no == "S/LMCL/2"
    info = ozp.plan_info(plan)  # no boundary layer: the plan area is the union of the zones
    assert info["plan_area_ha"] == pytest.approx(104.1, abs=0.05) and info["layers"] == ["ZONE"]


def test_wrapped_geojson_is_unwrapped_when_gdal_cannot(fixtures, monkeypatch):
    from gis.ozp import read as _ozp_read

    real = pyogrio.list_layers

    def refuse_wrapped(target, *args, **kwargs):
        if str(target).endswith("_wrapped.geojson"):
            raise pyogrio.errors.DataSourceError("not recognized as a supported file format")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(_ozp_read.pyogrio, "list_layers", refuse_wrapped)
    plan = ozp.read_plan(fixtures["wrapped"])
    assert list(plan.layers) == ["PLAN_SCHEME_AREA", "ZONE"] and len(plan.zones) == 18


@pytest.mark.parametrize("plan_no", sorted(ZONE_COUNTS))
def test_shipped_plans_have_their_zones_and_every_label_a_family(plan_no):
    plan = ozp.load_plan(plan_no)
    assert len(plan.zones) == ZONE_COUNTS[plan_no]
    assert plan.unknown_labels == {}
    assert plan.zones["family"].notna().all()
    assert plan.zones["name_zh"].str.len().gt(0).all()


def test_loop_plan_areas_by_family_match_the_published_figures(shipped_lmcl):
    info = ozp.plan_info(shipped_lmcl)
    assert info["plan_area_ha"] == pytest.approx(104.1, abs=0.05)
    zones = shipped_lmcl.zones.assign(
        ha=gis.area_m2(shipped_lmcl.zones) / 1e4, spuse=shipped_lmcl.zones.spuse_en.fillna("")
    )
    measured = zones.groupby(["family", "spuse"]).ha.sum().to_dict()  # unrounded, EPSG:2326
    expected_ha = {
        ("OU", R_AND_D): 38.6,
        ("O", ""): 18.2,
        ("CA", ""): 16.3,
        ("OU", "Ecological Area"): 12.8,
        ("MRDJ", ""): 10.9,
        ("G/IC", ""): 3.9,
        ("OU", "Sewage Treatment Works"): 2.1,
        ("C", ""): 1.2,
    }
    assert set(measured) == set(expected_ha)
    for key, ha in expected_ha.items():
        assert measured[key] == pytest.approx(ha, abs=0.05), key
    rows = {(r["family"], r["spuse_en"]): r for r in info["zones_by_family"]}
    assert rows[("OU", R_AND_D)]["zones"] == 5
    assert rows[("OU", R_AND_D)]["area_ha"] == pytest.approx(38.6, abs=0.05)


# ----------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    "label, code, family, sub",
    [
        ("R(A)", "R(A)", "R(A)", None),
        ("R(A)3", "R(A)3", "R(A)", "3"),
        ("R(C)1", "R(C)1", "R(C)", "1"),
        ("G/IC(1)", "G/IC(1)", "G/IC", "1"),
        ("OU", "OU", "OU", None),
        ("OU(A)", "OU(A)", "OU(A)", None),
        ("CDA", "CDA", "CDA", None),
        ("CDA(1)", "CDA(1)", "CDA", "1"),
        ("V", "V", "V", None),
        ("GB(1)", "GB(1)", "GB", "1"),
        ("CA", "CA", "CA", None),
        ("CPA", "CPA", "CPA", None),
        ("AGR", "AGR", "AGR", None),
        ("SSSI", "SSSI", "SSSI", None),
        ("O", "O", "O", None),
        ("C", "C", "C", None),
        ("C/R", "C/R", "C/R", None),
        ("I", "I", "I", None),
        ("I(D)", "I(D)", "I(D)", None),
        ("U", "U", "U", None),
        ("MRDJ", "MRDJ", "MRDJ", None),
        ("R(B)", "R(B)", "R(B)", None),
        ("R(D)", "R(D)", "R(D)", None),
        ("R(E)", "R(E)", "R(E)", None),
        ("REC", "REC", "REC", None),
        ("OS", "OS", "OS", None),
        ("Road", "ROAD", "ROAD", None),
        ("RICH", "RICH", "RICH", None),
        ("DRCH", "DRCH", "DRCH", None),
        ("Ｒ（Ａ）３", "R(A)3", "R(A)", "3"),
        (" G / IC ( 2 ) ", "G/IC(2)", "G/IC", "2"),
        ("r(b)1", "R(B)1", "R(B)", "1"),
        ("OU(B)", "OU(B)", None, None),
        ("", "", None, None),
    ],
)
def test_zone_labels_normalise_into_families(label, code, family, sub):
    assert parse_label(label) == (code, family, sub)


def test_annotations_are_made_readable_in_both_languages():
    assert clean_en("COMPREHENSIVE  DEVELOPMENT  TO  INCLUDE  WETLAND  RESTORATION  AREA") == (
        "Comprehensive Development to Include Wetland Restoration Area"
    )
    assert clean_en("Sewage Treatment Works") == "Sewage Treatment Works"
    assert clean_zh("綜合發展及\r\n濕地保護區") == "綜合發展及濕地保護區"
    zones = ozp.load_plan("S/YL-MP/6").zones
    assert not zones["spuse_zh"].dropna().str.contains(r"\s").any()
    assert "綜合發展及濕地保護區" in set(zones["spuse_zh"])


def test_zone_keeps_its_label_sub_number_and_annotation_with_bilingual_names():
    zones = ozp.load_plan("S/KTN/4").zones
    r_a3 = zones[zones.zone_label == "R(A)3"].iloc[0]
    assert (r_a3.family, r_a3.sub_no, r_a3.family_name_zh) == ("R(A)", "3", "住宅(甲類)")
    assert r_a3.name_en == "Residential (Group A) 3" and r_a3.name_zh == "住宅(甲類)3"
    lmcl = ozp.load_plan("S/LMCL/2").zones
    stw = lmcl[lmcl.spuse_en == "Sewage Treatment Works"].iloc[0]
    assert stw.name_en == "Other Specified Uses (Sewage Treatment Works)"
    assert stw.name_zh == "其他指定用途（污水處理廠）" and stw.colour == "#D291BC"
    assert stw.category == "other_specified"
    assert set(lmcl[lmcl.family == "CA"].category) == {"conservation"}


def test_unknown_label_is_reported_by_name_and_count_never_dropped(tmp_path):
    zones = board_layer("ZONE")
    zones.loc[[0, 3], "ZONE_LABEL"] = "XYZ(9)"
    zones.loc[[0, 3], "DESC_ENG"] = "Mystery Zone"
    pyogrio.write_dataframe(zones, tmp_path / "ZONE.geojson", driver="GeoJSON")
    plan = ozp.read_plan(tmp_path / "ZONE.geojson")
    assert plan.unknown_labels == {"XYZ(9)": 2}
    assert len(plan.zones) == 18
    unknown = plan.zones[plan.zones.zone_code == "XYZ(9)"]
    assert unknown.family.isna().all() and unknown.name_en.str.startswith("Mystery Zone").all()
    rows = [r for r in ozp.plan_info(plan)["zones_by_family"] if r["family"] == "XYZ(9)"]
    assert sum(r["zones"] for r in rows) == 2 and not any(r["known"] for r in rows)
    assert {r["family_name_en"] for r in rows} == {"Mystery Zone"}


def test_zone_families_table_is_bilingual_with_a_colour_each():
    fams = ozp.zone_families()
    assert fams["family"].is_unique and len(fams) >= 25
    assert fams["name_zh"].str.len().gt(0).all()
    assert fams["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()


# ----------------------------------------------------------------------------- heights


def test_height_controls_become_height_bands_like_the_embedded_ones(fixtures):
    plan = ozp.read_plan(fixtures["with_bhc"])
    assert list(plan.layers) == ["PLAN_SCHEME_AREA", "ZONE", "BHC", "AMENDMENT_ITEM"]
    bands = plan.height_bands
    needed = gis.layer_info("loop.height_bands")["required"]
    assert set(needed) <= set(bands.columns)
    assert bands.bhc_type.tolist() == ["BHCB", "BHCB", "BHCS", "BHCN", "NBA"]
    b35, b100, s3, notes, nba = (bands.iloc[i] for i in range(5))
    assert (b35.height_mpd, b100.height_mpd, b100.bhc_value) == (35.0, 100.0, "100mPD")
    from gis.planning.envelope import storeys_under

    assert b100.storeys == storeys_under(100) and b100.storeys_derived
    assert s3.storeys == 3 and math.isnan(s3.height_mpd) and not s3.storeys_derived
    assert notes.limit_in_notes and math.isnan(notes.height_mpd) and math.isnan(notes.storeys)
    assert notes.name_en == "Building height limit stated in the Notes"
    assert nba.non_building and (nba.height_mpd, nba.storeys) == (0.0, 0.0)
    assert nba.name_zh == "非建築用地"
    assert set(bands.accuracy) == {"official"}


def test_height_bands_rasterise_and_feed_the_envelope_unchanged(fixtures):
    from gis.planning.envelope import build_envelope

    plan = ozp.read_plan(fixtures["with_bhc"])
    grid = gis.rasterize_layer(plan.height_bands, "height_mpd", 10.0)
    burnt = set(np.unique(grid.values[grid.values != grid.nodata]).tolist())
    assert burnt == {0.0, 35.0, 100.0}  # BHCS and BHCN have no height in mPD
    ou = plan.zones[plan.zones.spuse_en == R_AND_D].head(2).assign(site_coverage=0.5)
    env = build_envelope(ou, plan.height_bands, zone_field="id")
    capacity = env.zone_frame().capacity_m2.to_numpy()
    areas = gis.area_m2(ou).to_numpy()
    expected = 0.5 * areas * np.array([storeys_of(35), storeys_of(100)])
    assert np.allclose(capacity, expected, rtol=1e-3)


def storeys_of(height_mpd: float) -> int:
    from gis.planning.envelope import storeys_under

    return int(storeys_under(height_mpd))


@pytest.mark.parametrize(
    "kind, value, message",
    [
        ("BHCX", "10", "unknown BHC_TYPE 'BHCX'"),
        ("BHCB", "n/a", "BHC_TYPE BHCB needs a number in BHC_VALUE, found 'n/a'"),
    ],
)
def test_a_bad_height_control_is_one_line_naming_the_feature(
    kind, value, message, fixtures, tmp_path
):
    folder = tmp_path / "plan"
    shutil.copytree(fixtures["with_bhc"], folder)
    bhc = pyogrio.read_dataframe(folder / "BHC.geojson")
    bhc.loc[2, ["Bhc_Type", "bhc_value"]] = [kind, value]
    (folder / "BHC.geojson").unlink()
    pyogrio.write_dataframe(bhc, folder / "BHC.geojson", driver="GeoJSON")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(folder)
    text = str(err.value)
    assert "BHC.geojson: feature 3: " + message in text and "\n" not in text


# ----------------------------------------------------------------------------- provenance


def test_every_layer_carries_the_plans_provenance(fixtures):
    plan = ozp.read_plan(fixtures["with_bhc"])
    for kind, gdf in plan.layers.items():
        first = gdf.iloc[0]
        assert (first.plan_no, first.plan_name_en, first.plan_name_zh) == (
            "S/LMCL/2",
            "Lok Ma Chau Loop",
            "落馬洲河套地區",
        ), kind
        assert (first.pub_date, first.aprv_date, first.accuracy) == (
            "2018-02-09",
            "2018-01-30",
            "official",
        ), kind
        assert first.source.startswith("Town Planning Board, Digital Planning Data"), kind
        assert gdf.attrs["accuracy"] == "official" and gdf.attrs["plan_no"] == "S/LMCL/2"
        assert "© Town Planning Board" in gdf.attrs["attribution"]
        assert gdf.attrs["name"] == f"tpb:S/LMCL/2/{kind}"
        assert {"name_en", "name_zh", "id"} <= set(gdf.columns) and gdf.id.is_unique
    assert plan.layers["AMENDMENT_ITEM"].iloc[0].name_en == "Amendment Item A1"


def test_a_layer_asked_for_is_a_copy(shipped_lmcl):
    zones = shipped_lmcl.layer("zone")
    zones.loc[0, "family"] = "changed"
    assert shipped_lmcl.zones.loc[0, "family"] == "O"


# ----------------------------------------------------------------------------- named plans


@pytest.mark.parametrize("name", ["S/KTN/4", "S_KTN_4", "s/ktn/4"])
def test_a_shipped_plan_loads_by_number(name):
    plan = ozp.load_plan(name)
    assert plan.plan_no == "S/KTN/4" and plan.name_zh == "古洞北" and len(plan.zones) == 105


def test_shipped_plans_load_as_layers():
    zones = gis.load_layer("tpb:S/KTN/4")
    assert len(zones) == 105 and zones.attrs["name"] == "tpb:S/KTN/4/ZONE"
    assert len(gis.load_layer("tpb:S/KTN/4/ZONE")) == 105
    area = gis.load_layer("tpb:S/LMCL/2/PLAN_SCHEME_AREA")
    assert len(area) == 1 and gis.area_m2(area).sum() / 1e4 == pytest.approx(104.1, abs=0.05)
    assert ozp.plan_names() == sorted(
        ["S/KTN/4", "S/LMCL/2", "S/NE-MTL/3", "S/YL-MP/6", "S/YL-NTM/12", "S/YL-ST/8"]
    )


def test_an_unknown_plan_suggests_the_closest(shipped_lmcl):
    with pytest.raises(LayerError, match=r"unknown plan 'S/KTN/5' \(did you mean 'S/KTN/4'\?\)"):
        ozp.load_plan("S/KTN/5")
    with pytest.raises(LayerError, match="did you mean 'S/LMCL/2'"):
        gis.load_layer("tpb:S/LMCL/3")
    with pytest.raises(LayerError, match="S/LMCL/2: has no BHC layer"):
        gis.load_layer("tpb:S/LMCL/2/BHC")
