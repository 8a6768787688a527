"""The schematic layout honours what the Loop park outline says (seed 004 §3.1, §4.4.3)."""

from __future__ import annotations

import itertools

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

import gis
from gis.io import HK1980

OVERLAP_TOLERANCE_M2 = 1.0  # numerical slivers from rounding to 7 decimal degrees


def m(name: str) -> gpd.GeoDataFrame:
    return gis.load_layer(name).to_crs(HK1980)


@pytest.fixture(scope="module")
def phase1():
    ph = m("loop.phases")
    return ph[ph.phase == 1].union_all()


@pytest.fixture(scope="module")
def zones():
    return m("loop.zones").set_index("zone_id")


def _overlap_m2(gdf: gpd.GeoDataFrame) -> float:
    geoms = list(gdf.geometry)
    return sum(a.intersection(b).area for a, b in itertools.combinations(geoms, 2))


@pytest.mark.parametrize("name", ["loop.zones", "loop.phases", "loop.batches",
                                  "loop.height_bands", "santin.parcels"])
def test_partition_layers_have_no_overlaps(name):
    assert _overlap_m2(m(name)) <= OVERLAP_TOLERANCE_M2


def test_zones_tile_phase1_with_at_most_half_a_percent_gap(zones, phase1):
    union = zones.union_all()
    assert phase1.difference(union).area / phase1.area <= 0.005
    assert union.difference(phase1).area / phase1.area <= 0.005


def test_the_functional_zones_of_section_3_1_5_are_all_there(zones):
    expected = {"life_health", "ai_data", "new_tech_mfg", "uir", "talent_accommodation",
                "small_urban_living", "central_avenue", "batch1_dev", "clinical_trial"}
    assert set(zones.index) == expected
    assert zones.loc["life_health", "name_zh"] == "生命健康科技區"
    assert zones.loc["small_urban_living", "name_zh"] == "小型都市生活及休閒區"


def test_life_health_and_advanced_manufacturing_take_about_half_of_phase1(zones, phase1):
    share = zones.loc[["life_health", "new_tech_mfg"]].area.sum() / phase1.area
    assert 0.45 <= share <= 0.55


def test_life_health_lies_along_the_river_side(zones):
    loop = m("loop.boundary").union_all()
    river = loop.exterior.intersection(box(-1e9, loop.centroid.y, 1e9, 1e9))
    lh = zones.loc["life_health", "geometry"]
    assert lh.boundary.intersection(river.buffer(0.5)).length >= 200
    # and it sits north of the Phase 1 zones' centre
    assert lh.centroid.y > zones.union_all().centroid.y


def test_talent_accommodation_is_low_rise(zones):
    bands = m("loop.height_bands")
    ta = zones.loc[["talent_accommodation"]].reset_index()
    ov = gpd.overlay(ta, bands[["height_mpd", "storeys", "geometry"]], keep_geom_type=True)
    ov = ov[ov.area > 1.0]
    assert ov.storeys.max() <= 6
    assert ov.height_mpd.max() <= 35


def test_height_bands_rise_west_to_east_from_14_to_208_mpd():
    b = m("loop.height_bands")
    assert b.height_mpd.min() == 14 and b.height_mpd.max() == 208
    assert set(b.loc[b.height_mpd == 14, "storeys"]) == {2}
    assert set(b.loc[b.height_mpd == 208, "storeys"]) == {40}
    core = b[b.kinds.str.contains("core")].assign(x=lambda d: d.centroid.x).sort_values("x")
    assert core.height_mpd.is_monotonic_increasing
    # the tallest band is at the east end of Phase 1, the lowest at its west end
    assert core.height_mpd.iloc[0] == 14 and core.height_mpd.iloc[-1] == 208


def test_buildings_next_to_the_river_and_green_belt_are_lower():
    b = m("loop.height_bands")
    loop = m("loop.boundary").union_all()
    edge = loop.exterior.buffer(30)
    near = b[b.intersects(edge) & (b.intersection(edge).area > 100)]
    core = b[b.kinds.str.contains("core")]
    for strip, _g in b.groupby("strip"):
        core_h = core[core.strip == strip].height_mpd
        near_h = near[(near.strip == strip) & ~near.kinds.str.contains("core")].height_mpd
        if len(core_h) and len(near_h) and strip > 1:
            assert near_h.max() < core_h.min(), strip


def test_batch1_buildings_sit_in_batch1_and_the_batch1_zone(zones):
    bld = m("loop.batch1_buildings")
    batches = m("loop.batches").set_index("batch")
    assert bld.within(batches.geometry[1].buffer(0.5)).all()
    assert bld.within(zones.loc["batch1_dev", "geometry"].buffer(0.5)).all()
    assert set(bld.status) == {"completed", "under construction"}
    assert (bld.status == "completed").sum() == 3
    assert set(bld.use) == {"wet_labs", "offices_dry_labs", "talent_apartments"}


def test_phases_run_west_to_east_and_batches_split_phase1(phase1):
    ph = m("loop.phases").set_index("phase")
    assert ph.geometry[1].centroid.x < ph.geometry[2].centroid.x
    batches = m("loop.batches")
    assert len(batches) == 3
    assert batches.union_all().symmetric_difference(phase1).area / phase1.area < 0.001


def test_san_tin_layout_north_and_south_of_the_highway():
    p = m("santin.parcels")
    it = p[p.land_use == "i_and_t"]
    res = p[p.land_use == "residential"]
    assert len(it) >= 5 and it.area.nunique() == len(it)  # several parcels of different sizes
    assert it.north_of_highway.all() and not res.north_of_highway.any()
    assert it.centroid.y.min() > res.centroid.y.max()
    assert set(p.land_use) == {"i_and_t", "residential", "gic", "open_space", "road"}
    st = m("santin.boundary").union_all()
    assert p.union_all().difference(st).area < 1.0
    loop = m("loop.boundary").union_all()
    # the Loop is not a parcel: only centimetre slivers along the shared 1.8 km river arc
    assert shapely.intersection(p.union_all(), loop).area < 1e-4 * loop.area


def test_the_loop_is_south_of_the_shenzhen_river_at_its_stated_place():
    g = gis.load_layer("loop.boundary")
    c = g.to_crs(HK1980).union_all().centroid
    lonlat = gpd.GeoSeries([c], crs=HK1980).to_crs(4326).iloc[0]
    assert lonlat.x == pytest.approx(114.078, abs=0.004)
    assert lonlat.y == pytest.approx(22.514, abs=0.003)
