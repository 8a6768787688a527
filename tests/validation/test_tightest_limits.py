"""Of two limits on one quantity the tighter binds, and a limit only just broken is broken.

Each test here was written against a hand-made wrong answer that the rest of the suite let
through (docs/MUTATION.md lists them): the looser plot-ratio cap or height cap winning, a zone
half a percent over capacity passing, one small row calling a whole GFA column hectares.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import gis
from gis.planning import read_zone_rules, storeys_under
from gis.tables.table import read_allocation_table
from gis.validation import Rules, validate
from gis.validation.table_checks import check_table

X0, Y0 = 833_000.0, 845_000.0  # HK1980 Grid, near the Loop
ONE_USE = pd.DataFrame({"use_id": ["dry_lab_office"], "gfa_m2": [1_000.0]})
MAPPING = pd.DataFrame({"use_id": ["dry_lab_office"], "zone_id": ["a"]})


def _zone(storeys: int = 20) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """One 100 m x 100 m zone (1 ha), coverage 0.5, and a site that is it."""
    zones = gpd.GeoDataFrame(
        {"zone_id": ["a"], "name_en": ["Zone A"], "site_coverage": [0.5], "storeys": [storeys]},
        geometry=[box(X0, Y0, X0 + 100, Y0 + 100)],
        crs=2326,
    )
    site = gpd.GeoDataFrame({"id": ["s"]}, geometry=[box(X0, Y0, X0 + 100, Y0 + 100)], crs=2326)
    return site, zones


def _rules(tmp_path, body: str):
    p = tmp_path / "rules.csv"
    p.write_text("scope,name,limit,value,source\n" + body, encoding="utf-8")
    return read_zone_rules(p)


@pytest.mark.parametrize(("user", "rule", "binding"), [(5.0, 2.0, "§x"), (2.0, 5.0, "user rule")])
def test_the_tighter_of_the_users_and_the_sites_plot_ratio_cap_binds(tmp_path, user, rule, binding):
    # Table 3.1: 1,000,000 m² on Loop Phase 1 (42.7 ha): plot ratio about 2.3, over 2, under 5
    rules = _rules(tmp_path, f"site,loop.phases/phase1,max_plot_ratio,{rule},§x\n")
    r = validate(rules=Rules(max_plot_ratio=user), zone_rules=rules)
    assert 2 < r.summary["gross_plot_ratio"] < 5
    over = [i for i in r.issues if i.check == "site.plot_ratio_exceeded"]
    assert len(over) == 1 and over[0].expected == 2.0 and over[0].source == binding
    assert not r.ok


@pytest.mark.parametrize(("user", "rule"), [(100.0, 60.0), (60.0, 100.0)])
def test_the_tighter_of_a_rules_and_the_users_height_cap_binds(tmp_path, user, rule):
    # 20 storeys drawn; 60 mPD holds 11 storeys, 100 mPD 18: the zone holds 0.5 x 1 ha x 11
    site, zones = _zone(storeys=20)
    rules = _rules(tmp_path, f"id,a,max_height_mpd,{rule},Notes para. 9\n")
    r = validate(
        ONE_USE,
        site=site,
        zones=zones,
        use_zones=MAPPING,
        zone_rules=rules,
        rules=Rules(zone_height_mpd={"a": user}),
    )
    assert storeys_under(60.0)[()] == 11
    area = gis.area_m2(zones).iloc[0]
    assert r.zones.loc["a", "capacity_m2"] == pytest.approx(0.5 * area * 11)


@pytest.mark.parametrize(("gfa", "over"), [(100_500.0, True), (100_000.0, False)])
def test_a_zone_half_a_percent_over_its_capacity_fails(gfa, over):
    # 0.5 x 1 ha x 20 storeys = 100,000 m²; 100,500 m² is 100.5 % of it
    site, zones = _zone(storeys=20)
    table = ONE_USE.assign(gfa_m2=[gfa])
    r = validate(table, site=site, zones=zones, use_zones=MAPPING)
    assert r.zones.loc["a", "capacity_m2"] == pytest.approx(100_000)
    errors = [i.feature for i in r.issues if i.check == "site.zone_over_capacity"]
    assert errors == (["a"] if over else [])
    assert r.ok is not over


def test_one_small_row_does_not_call_a_whole_gfa_column_hectares():
    # a 500 m² kiosk beside 999,500 m² of labs: a real m² column, no hectare warning
    text = "Use\tGFA (m²)\nWet labs\t999500\nCommercial and other supporting facilities\t500\n"
    issues = check_table(read_allocation_table(text), total_gfa_m2=1_000_000)
    assert [i for i in issues if i.check == "table.ha_suspect"] == []
    every = "Use\tGFA (m²)\nWet labs\t99.95\nCommercial and other supporting facilities\t0.05\n"
    issues = check_table(read_allocation_table(every), total_gfa_m2=1_000_000)
    assert [i.check for i in issues if i.check == "table.ha_suspect"] == ["table.ha_suspect"]
