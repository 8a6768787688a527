"""The schematic layout sits on the official plans and honours the Loop park outline (seed 004)."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pyogrio
import pytest

import gis
from gis.catalog import fact_measures as fm
from gis.catalog import layers as catalog
from gis.io.layers import HK1980

OVERLAP_TOLERANCE_M2 = 1.0  # numerical slivers from rounding to 7 decimal degrees
OUTLINE_TOLERANCE_M2 = 5.0  # a layer's cut vertices rounded (about 1 cm) along a 4 km outline
SNAP_M = 0.05  # official vertices are snapped to a 10 cm grid: half of it, along an outline
SOURCES = catalog.layers_dir() / "sources" / "tpb"
RD = "RESEARCH AND DEVELOPMENT"


def m(name: str) -> gpd.GeoDataFrame:
    return gis.load_layer(name).to_crs(HK1980)


@pytest.fixture(scope="module")
def phase1():
    ph = m("loop.phases")
    return ph[ph.phase == 1].union_all()


@pytest.fixture(scope="module")
def zones():
    return m("loop.zones").set_index("zone_id")


@pytest.fixture(scope="module")
def ozp():
    return m("loop.ozp")


def _official(ozp, label: str, spuse: str = ""):
    sel = (ozp.zone_label == label) & ozp.spuse_en.str.upper().str.startswith(spuse)
    return ozp[sel].union_all()


def _overlap_m2(gdf: gpd.GeoDataFrame) -> float:
    geoms = list(gdf.geometry)
    return sum(a.intersection(b).area for a, b in itertools.combinations(geoms, 2))


@pytest.mark.parametrize(
    "name",
    [
        "loop.zones",
        "loop.phases",
        "loop.batches",
        "loop.height_bands",
        "santin.parcels",
        "loop.ozp",
        "santin.ozp_2006",
    ],
)
def test_partition_layers_have_no_overlaps(name):
    assert _overlap_m2(m(name)) <= OVERLAP_TOLERANCE_M2


@pytest.mark.parametrize(
    "name",
    ["loop.phases", "loop.batches", "loop.zones", "loop.height_bands", "loop.batch1_buildings"],
)
def test_every_schematic_loop_layer_lies_inside_the_real_plan_and_the_park(name):
    plan = m("loop.plan_area").union_all()
    park = m("loop.boundary").union_all()
    layer = m(name).union_all()
    assert layer.difference(plan).area <= OUTLINE_TOLERANCE_M2
    assert layer.difference(park).area <= OUTLINE_TOLERANCE_M2


def test_the_park_is_the_plan_area_less_the_conservation_area(ozp):
    park = m("loop.boundary").union_all()
    assert park.symmetric_difference(ozp[ozp.zone_label != "CA"].union_all()).area < 10
    assert park.intersection(_official(ozp, "CA")).area < 1
    assert park.area / 10_000 == pytest.approx(87.8, abs=0.05)
    assert park.area / 10_000 == pytest.approx(87, rel=0.01)  # the stated "about 87 ha"


def test_building_zones_lie_on_the_research_and_development_land(zones, ozp):
    rd = _official(ozp, "OU", RD)
    building = zones[zones.site_coverage > 0]
    assert len(building) == 8
    for zid, g in building.geometry.items():
        assert g.difference(rd).area <= OVERLAP_TOLERANCE_M2, zid
    assert ((building.site_coverage >= 0.3) & (building.site_coverage <= 0.6)).all()


def test_non_building_zones_lie_on_their_own_official_zones(zones, ozp):
    on = {
        "central_avenue": _official(ozp, "O"),
        "open_space": _official(ozp, "O"),
        "ecological_area": _official(ozp, "OU", "ECOLOGICAL"),
        "roads": _official(ozp, "MRDJ"),
        "gic_sites": _official(ozp, "G/IC"),
    }
    for zid, land in on.items():
        assert zones.loc[zid, "site_coverage"] == 0
        assert zones.loc[zid, "geometry"].difference(land).area <= OVERLAP_TOLERANCE_M2, zid


def test_zones_tile_phase1_with_at_most_half_a_percent_gap(zones, phase1):
    union = zones.union_all()
    assert phase1.difference(union).area / phase1.area <= 0.005
    assert union.difference(phase1).area / phase1.area <= 0.005


def test_the_functional_zones_of_section_3_1_5_are_all_there(zones):
    expected = {
        "life_health",
        "ai_data",
        "new_tech_mfg",
        "uir",
        "talent_accommodation",
        "small_urban_living",
        "central_avenue",
        "batch1_dev",
        "clinical_trial",
        "open_space",
        "ecological_area",
        "roads",
        "gic_sites",
    }
    assert set(zones.index) == expected
    assert zones.loc["life_health", "name_zh"] == "生命健康科技區"
    assert zones.loc["small_urban_living", "name_zh"] == "小型都市生活及休閒區"


def test_life_health_and_advanced_manufacturing_take_about_half_of_phase1_building_land(zones):
    building = zones[zones.site_coverage > 0]
    share = zones.loc[["life_health", "new_tech_mfg"]].area.sum() / building.area.sum()
    assert 0.45 <= share <= 0.55


def test_life_health_lies_along_the_river_side(zones):
    border = m("context.border").union_all()
    lh = zones.loc["life_health", "geometry"]
    assert lh.boundary.intersection(border.buffer(250)).length >= 200
    # closer to the Shenzhen River than the other large building zones of the main block
    for other in ("new_tech_mfg", "ai_data", "talent_accommodation", "uir"):
        assert lh.centroid.distance(border) < zones.loc[other, "geometry"].centroid.distance(
            border
        ), other


def test_talent_accommodation_is_low_rise(zones):
    bands = m("loop.height_bands")
    ta = zones.loc[["talent_accommodation"]].reset_index()
    ov = gpd.overlay(ta, bands[["height_mpd", "storeys", "geometry"]], keep_geom_type=True)
    ov = ov[ov.area > 1.0]
    assert ov.storeys.max() <= 6
    assert ov.height_mpd.max() <= 35


def test_height_bands_rise_along_the_long_axis_from_14_to_208_mpd():
    b = m("loop.height_bands")
    assert b.height_mpd.min() == 14 and b.height_mpd.max() == 208
    assert set(b.loc[b.height_mpd == 14, "storeys"]) == {2}
    assert set(b.loc[b.height_mpd == 208, "storeys"]) == {40}
    core = b[b.kinds.str.contains("core")].assign(u=lambda d: fm.along_axis_m(d.geometry))
    core = core.sort_values("u")
    assert core.height_mpd.is_monotonic_increasing
    assert core.height_mpd.iloc[-1] == 208 and core.height_mpd.iloc[0] <= 35
    # the lowest band is the south-west tip, the highest the north-east end of Phase 1
    u = fm.along_axis_m(b.geometry)
    assert u[b.height_mpd.to_numpy() == 14].min() == pytest.approx(u.min())
    assert u[b.height_mpd.to_numpy() == 208].max() == pytest.approx(u.max())


def test_buildings_next_to_the_river_and_green_belt_are_lower(ozp):
    b = m("loop.height_bands")
    river = m("context.border").union_all().buffer(200)
    green = _official(ozp, "CA").buffer(120)
    core = b[b.kinds.str.contains("core")]
    checked = 0
    for strip, g in b.groupby("strip"):
        core_h = core[core.strip == strip].height_mpd
        near = g[
            ~g.kinds.str.contains("core")
            & (g.intersection(river).area + g.intersection(green).area > 100)
        ]
        if len(core_h) and len(near):
            assert near.height_mpd.max() < core_h.min(), strip
            checked += 1
    assert checked >= 5


def test_batch1_buildings_sit_in_batch1_and_the_batch1_zone(zones):
    bld = m("loop.batch1_buildings")
    batches = m("loop.batches").set_index("batch")
    assert bld.within(batches.geometry[1].buffer(0.5)).all()
    assert bld.within(zones.loc["batch1_dev", "geometry"].buffer(0.5)).all()
    assert set(bld.status) == {"completed", "under construction"}
    assert (bld.status == "completed").sum() == 3
    assert set(bld.use) == {"wet_labs", "offices_dry_labs", "talent_apartments"}


def test_phase1_is_the_south_west_towards_the_spur_line_control_point(phase1):
    ph = m("loop.phases").set_index("phase")
    u1, u2 = fm.along_axis_m(ph.geometry.loc[[1, 2]])
    assert u1 < u2
    st = m("santin.ozp_2006")
    station = st[st.spuse_en.str.startswith("RAILWAY TERMINUS")].union_all()
    assert ph.geometry[1].distance(station) < ph.geometry[2].distance(station)
    assert phase1.area / 10_000 == pytest.approx(42.7, abs=0.1)  # the stated assumption
    batches = m("loop.batches")
    assert len(batches) == 3
    assert batches.union_all().symmetric_difference(phase1).area / phase1.area < 0.001


def test_the_phase_edge_follows_the_central_open_space(ozp):
    """Where Phase 1 meets Phase 2 inside the development land, the edge is the real north-east
    edge of the central open space (O), not a line drawn across the plan."""
    ph = m("loop.phases").set_index("phase")
    edge = ph.geometry[1].boundary.intersection(ph.geometry[2].boundary)
    opens = ozp[ozp.zone_label == "O"]
    central = opens.geometry.iloc[
        int(np.argmin(opens.centroid.distance(m("loop.plan_area").union_all().centroid)))
    ]
    assert edge.intersection(central.boundary.buffer(0.5)).length >= 400
    assert central.difference(ph.geometry[1]).area < 1.0  # the open space is all in Phase 1


def test_san_tin_layout_north_and_south_of_the_highway():
    p = m("santin.parcels")
    st = m("santin.ozp_2006")
    highway = st[st.zone_label == "MRDJ"].union_all()
    north = st[st.zone_label != "MRDJ"].union_all()
    ntm = pyogrio.read_dataframe(SOURCES / "S_YL-NTM_12" / "PLAN_SCHEME_AREA.json").union_all()
    it, res = p[p.land_use == "i_and_t"], p[p.land_use == "residential"]
    assert len(it) >= 5 and it.area.round(-2).nunique() == len(it)  # parcels of various sizes
    assert it.difference(north).area.sum() < 1.0 and it.intersection(highway).area.sum() < 1.0
    assert res.intersection(north).area.sum() < 1.0
    # the town centre is on the plan south of the highway (to the snapping of its vertices)
    assert (res.difference(ntm).area <= SNAP_M * res.length).all()
    assert it.north_of_highway.all() and not res.north_of_highway.any()
    tech = m("santin.boundary").union_all()
    assert p.union_all().difference(tech).area < 1.0
    loop = m("loop.boundary").union_all()
    assert p.union_all().intersection(m("loop.plan_area").union_all()).area < 1.0
    assert tech.intersection(loop).area == pytest.approx(loop.area, rel=1e-6)


def test_the_wetland_park_is_on_the_fishpond_conservation_areas_north_west():
    w = m("santin.wetland_park").union_all()
    cas = [
        pyogrio.read_dataframe(SOURCES / f / "ZONE.json").query("ZONE_LABEL == 'CA'")
        for f in ("S_YL-ST_8", "S_YL-MP_6")
    ]
    ca = gpd.GeoSeries(np.concatenate([c.geometry.values for c in cas]), crs=HK1980).union_all()
    assert w.difference(ca).area <= SNAP_M * w.length
    it = m("santin.parcels").query("land_use == 'i_and_t'").union_all()
    assert w.centroid.x < it.centroid.x and w.touches(it) is False
    assert w.intersection(m("santin.boundary").union_all()).area < 1.0


@pytest.mark.parametrize(
    "name", [n for n in catalog.layer_names() if catalog.layer_info(n)["accuracy"] == "schematic"]
)
def test_nothing_in_hong_kong_lies_north_of_the_border(name):
    assert m(name).union_all().intersection(fm.shenzhen_side()).area <= OVERLAP_TOLERANCE_M2


def test_the_loop_is_at_the_official_plan_place():
    c = m("loop.boundary").union_all().centroid
    lonlat = gpd.GeoSeries([c], crs=HK1980).to_crs(4326).iloc[0]
    assert lonlat.x == pytest.approx(114.0796, abs=0.0005)
    assert lonlat.y == pytest.approx(22.5212, abs=0.0005)
