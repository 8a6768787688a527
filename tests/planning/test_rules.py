"""Zone rules as data: each limit has a source, the tightest known limit is the capacity."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import gis
from gis.catalog import layers as catalog
from gis.catalog import load_zone_rules
from gis.errors import InputError
from gis.planning import ZoneRules, read_zone_rules
from gis.planning.envelope import MPD_HIGH
from gis.validation import validate

X0, Y0 = 833_000.0, 845_000.0  # HK1980 Grid, near the Loop


def _zones(**extra) -> gpd.GeoDataFrame:
    """Two 100 m x 100 m zones (1 ha each) side by side, and a site that is both."""
    gdf = gpd.GeoDataFrame(
        {
            "zone_id": ["a", "b"],
            "name_en": ["Zone A", "Zone B"],
            "name_zh": ["甲區", "乙區"],
            "zone_label": ["OU", "R(A)3"],
            **extra,
        },
        geometry=[box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 100, Y0, X0 + 200, Y0 + 100)],
        crs=2326,
    )
    gdf.attrs["name"] = "test zones"
    return gdf


def _site(name: str = "test site", **extra) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {"id": ["s"], **extra}, geometry=[box(X0, Y0, X0 + 200, Y0 + 100)], crs=2326
    )
    gdf.attrs["name"] = name
    return gdf


def _rules(tmp_path, body: str, name: str = "rules.csv"):
    p = tmp_path / name
    p.write_text("# test rules\nscope,name,limit,value,source\n" + body, encoding="utf-8")
    return p


MAPPING = pd.DataFrame({"use_id": ["dry_lab_office", "dry_lab_office"], "zone_id": ["a", "b"]})
SPLIT = pd.DataFrame({"use_id": ["dry_lab_office", "talent_housing"], "zone_id": ["a", "b"]})
TWO_USES = pd.DataFrame(
    {"use_id": ["dry_lab_office", "talent_housing"], "gfa_m2": [30_000, 10_000]}
)


def _table(gfa: float) -> pd.DataFrame:
    return pd.DataFrame({"use_id": ["dry_lab_office"], "gfa_m2": [gfa]})


# ----------------------------------------------------------------------------- the shipped file
def test_shipped_rules_say_the_ozp_notes_are_not_available():
    path = catalog.layers_dir() / catalog.manifest()["tables"]["loop.zone_rules"]["file"]
    header = " ".join(
        ln.lstrip("# ")
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.startswith("#")
    )
    assert "Notes" in header and "are NOT available" in header


def test_every_shipped_limit_has_a_source_and_matches_the_stated_figures():
    rules = load_zone_rules()
    assert rules.known() and all(r.source for r in rules.known())
    phase1 = rules.site_limits("loop.phases/phase1")
    height = phase1["max_height_mpd"]
    assert height.value == MPD_HIGH and "§3.1.4" in height.source
    # §3.1.1 states the planned total, not a maximum; nobody states a plot ratio for Phase 1:
    # the lines document the gaps, set nothing, and say why the check did not run
    assert "max_plot_ratio" not in phase1 and "max_gfa_m2" not in phase1
    gaps = rules.site_gaps("loop.phases/phase1")
    assert "§3.1.1" in gaps["max_gfa_m2"]
    r = validate()
    rec = next(c for c in r.checklist if c.check == "site.max_gfa_m2")
    assert not rec.ran and rec.detail == gaps["max_gfa_m2"]


# ----------------------------------------------------------------------------- reading
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("id,a,max_plot_ratio,3,\n", "has no source"),
        ("id,a,max_far,3,x\n", "limit must be one of"),
        ("zone,a,max_plot_ratio,3,x\n", "scope must be one of"),
        ("id,a,max_site_coverage,1.5,x\n", "from 0 to 1"),
        ("id,a,max_gfa_m2,lots,x\n", "must be a number"),
    ],
)
def test_a_bad_rule_line_is_one_line_naming_file_and_line(tmp_path, body, problem):
    p = _rules(tmp_path, body)
    with pytest.raises(InputError) as exc:
        read_zone_rules(p)
    msg = str(exc.value)
    assert "rules.csv" in msg and "line 3" in msg and problem in msg and "\n" not in msg


def test_missing_columns_are_named(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("zone,limit,value\nOU,max_plot_ratio,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing name, scope, source"):
        read_zone_rules(p)


def test_the_most_specific_rule_wins_and_families_come_from_labels(tmp_path):
    rules = read_zone_rules(
        _rules(
            tmp_path,
            "family,R(A),max_plot_ratio,5,Notes R(A)\n"
            "label,R(A)3,max_plot_ratio,3,Notes R(A)3\n"
            "family,OU,max_plot_ratio,2,Notes OU\n"
            "id,a,max_plot_ratio,1,scenario\n",
        )
    )
    limits = rules.zone_limits(_zones())
    assert limits.loc["a", "max_plot_ratio"] == 1 and limits.loc["a", "max_plot_ratio_source"] == (
        "scenario"
    )
    assert limits.loc["b", "max_plot_ratio"] == 3  # R(A)3 is of family R(A); the label wins
    assert pd.isna(limits.loc["a", "max_gfa_m2"])


# ----------------------------------------------------------------------------- capacity
def test_capacity_is_the_tightest_known_limit_and_names_it(tmp_path):
    # envelope: 0.5 x 1 ha x 10 storeys = 50,000 m² per zone; plot ratio 2 x 1 ha = 20,000 m²
    zones = _zones(site_coverage=[0.5, 0.5], storeys=[10, 10])
    rules = read_zone_rules(_rules(tmp_path, "id,a,max_plot_ratio,2,Notes para. 7\n"))
    r = validate(TWO_USES, site=_site(), zones=zones, use_zones=SPLIT, zone_rules=rules)
    z = r.zones
    area_a = gis.area_m2(zones).iloc[0]
    assert z.loc["a", "capacity_m2"] == pytest.approx(2 * area_a)
    assert z.loc["a", "binding_limit"] == "max_plot_ratio"
    assert z.loc["b", "binding_limit"] == "envelope"
    over = [i for i in r.issues if i.check == "site.zone_over_capacity"]
    assert [i.feature for i in over] == ["a"]
    assert "maximum plot ratio" in over[0].message and over[0].source == "Notes para. 7"


def test_a_coverage_rule_tighter_than_the_zone_attribute_wins(tmp_path):
    zones = _zones(site_coverage=[0.5, 0.5], storeys=[10, 10])
    rules = read_zone_rules(
        _rules(
            tmp_path,
            "id,a,max_site_coverage,0.2,Notes para. 3\nid,b,max_site_coverage,0.9,Notes para. 4\n",
        )
    )
    r = validate(TWO_USES, site=_site(), zones=zones, use_zones=SPLIT, zone_rules=rules)
    area = gis.area_m2(zones).to_numpy()
    assert r.zones.capacity_m2.tolist() == pytest.approx([0.2 * area[0] * 10, 0.5 * area[1] * 10])
    cov = {c.scope: c.source for c in r.checklist if c.check == "zone.max_site_coverage"}
    assert cov["zone a"] == "Notes para. 3" and "site_coverage attribute" in cov["zone b"]


def test_height_rules_give_storeys_to_zones_without_bands(tmp_path):
    from gis.planning.envelope import storeys_under

    zones = _zones(site_coverage=[0.5, 0.5])
    rules = read_zone_rules(
        _rules(
            tmp_path,
            "family,OU,max_storeys,5,Notes OU\nlabel,R(A)3,max_height_mpd,60,Notes R(A)3\n",
        )
    )
    r = validate(TWO_USES, site=_site(), zones=zones, use_zones=SPLIT, zone_rules=rules)
    area = gis.area_m2(zones).to_numpy()
    want = [0.5 * area[0] * 5, 0.5 * area[1] * int(storeys_under([60])[0])]
    assert r.zones.capacity_m2.tolist() == pytest.approx(want)
    h = {c.scope: c.source for c in r.checklist if c.check == "zone.height_limit"}
    assert h == {"zone a": "Notes OU", "zone b": "Notes R(A)3"}


def test_a_height_rule_lowers_the_bands_of_a_zone(tmp_path):
    rules = read_zone_rules(_rules(tmp_path, "id,ai_data,max_height_mpd,60,what-if\n"))
    r = validate(zone_rules=rules)
    assert r.zones.loc["ai_data", "height_mpd_max"] == 60
    assert r.zones.loc["ai_data", "capacity_m2"] < validate().zones.loc["ai_data", "capacity_m2"]


def test_raising_a_limit_explicitly_clears_the_error(tmp_path):
    zones = _zones(site_coverage=[0.5, 0.5], storeys=[10, 10])
    rules = read_zone_rules(_rules(tmp_path, "id,a,max_plot_ratio,2,Notes para. 7\n"))
    kw = dict(site=_site(), zones=zones, use_zones=SPLIT)
    assert not validate(TWO_USES, zone_rules=rules, **kw).ok
    raised = rules.override("id", "a", "max_plot_ratio", 4, "scenario: raise PR of zone a")
    r = validate(TWO_USES, zone_rules=raised, **kw)
    assert r.ok
    assert "scenario: raise PR of zone a" in set(r.checklist_frame().source)


def test_a_zone_with_no_known_limit_is_not_checked_and_says_why(tmp_path):
    # zone a has no coverage nor height: only zone b can be checked
    zones = _zones(site_coverage=[None, 0.5], storeys=[None, 10])
    r = validate(
        _table(10_000), site=_site(), zones=zones, use_zones=MAPPING, zone_rules=ZoneRules()
    )
    assert r.zones.loc["a", "status"] == "not checked" and pd.isna(r.zones.loc["a", "capacity_m2"])
    cap = [c for c in r.checklist if c.check == "site.zone_capacity"]
    assert [(c.ran, c.scope) for c in cap] == [(True, "zone b"), (False, "zone a")]
    assert "no limit known" in cap[1].detail
    assert "run in part" in r.status and r.status.startswith("PASS (zones; partial")


def test_a_use_whose_zones_all_lack_limits_is_a_warning_not_an_error(tmp_path):
    zones = _zones()  # no coverage, no heights, no rules
    r = validate(
        _table(10_000), site=_site(), zones=zones, use_zones=MAPPING, zone_rules=ZoneRules()
    )
    assert r.ok and "site.use_capacity_unknown" in r.checks()
    assert "site.use_without_zone" not in r.checks()


def test_rules_alone_give_capacity_to_zones_without_attributes(tmp_path):
    rules = read_zone_rules(
        _rules(
            tmp_path, "family,OU,max_gfa_m2,5000,Notes OU\nfamily,R(A),max_gfa_m2,8000,Notes R(A)\n"
        )
    )
    r = validate(_table(20_000), site=_site(), zones=_zones(), use_zones=MAPPING, zone_rules=rules)
    assert list(r.zones.capacity_m2) == [5000, 8000]
    assert set(r.zones.binding_limit) == {"max_gfa_m2"}
    over = {i.feature: i.source for i in r.issues if i.check == "site.zone_over_capacity"}
    assert over == {"a": "Notes OU", "b": "Notes R(A)"}


def test_without_a_mapping_the_site_is_held_to_the_sum_of_its_zones(tmp_path):
    rules = read_zone_rules(
        _rules(
            tmp_path, "family,OU,max_gfa_m2,5000,Notes OU\nfamily,R(A),max_gfa_m2,8000,Notes R(A)\n"
        )
    )
    r = validate(_table(20_000), site=_site(), zones=_zones(), zone_rules=rules)
    assert "site.over_capacity" in r.checks()  # 20,000 m² on 5,000 + 8,000 m²
    rec = next(c for c in r.checklist if c.check == "site.capacity")
    assert rec.ran and "13,000" in rec.detail
    cap = next(c for c in r.checklist if c.check == "site.zone_capacity")
    assert not cap.ran and "no use-to-zone mapping" in cap.detail
    assert validate(_table(12_000), site=_site(), zones=_zones(), zone_rules=rules).ok


# ----------------------------------------------------------------------------- site rules
def test_site_gfa_and_height_rules_are_checked(tmp_path):
    rules = read_zone_rules(
        _rules(
            tmp_path,
            "site,loop.phases/phase1,max_gfa_m2,900000,§x\n"
            "site,loop.phases/phase1,max_height_mpd,100,§y\n",
        )
    )
    r = validate(zone_rules=rules)
    assert {"site.gfa_exceeded", "site.height_above_limit"} <= r.checks()
    high = [i for i in r.issues if i.check == "site.height_above_limit"]
    bands = gis.load_layer("loop.height_bands")
    assert len(high) == int((bands.height_mpd > 100).sum()) and high[0].source == "§y"


def test_default_validation_labels_its_assumptions():
    r = validate()
    assert r.uses_assumptions and "uses assumptions" in r.status
    assumed = {c.check for c in r.checklist if c.assumption}
    assert {"zone.max_site_coverage", "site.zone_capacity"} <= assumed


# ----------------------------------------------------------------------------- scenarios
SCENARIO = """name: ai-pr-4
base: embedded
zone_rules:
  - {scope: id, name: ai_data, limit: max_plot_ratio, value: VALUE, source: "assumption: what-if"}
"""


def test_a_scenario_lowers_or_raises_a_limit_explicitly(tmp_path):
    from gis.scenarios import Scenario

    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO.replace("VALUE", "4"), encoding="utf-8")
    r = Scenario.from_yaml(p).evaluate()
    over = {i.feature: i for i in r.issues if i.check == "site.zone_over_capacity"}
    # ai_data is over its lowered limit (the GFA it cannot take may push a shared zone over too)
    assert "ai_data" in over
    assert over["ai_data"].source == "assumption: what-if (scenario ai-pr-4)"
    # ai_data holds about 197,000 m² on 1.4 ha (plot ratio about 14): 25 leaves the envelope binding
    p.write_text(SCENARIO.replace("VALUE", "25"), encoding="utf-8")
    r = Scenario.from_yaml(p).evaluate()
    assert r.ok and r.zones.loc["ai_data", "binding_limit"] == "envelope"


def test_a_bad_scenario_rule_names_its_line(tmp_path):
    from gis.errors import ScenarioError
    from gis.scenarios import Scenario

    p = tmp_path / "s.yaml"
    p.write_text(
        SCENARIO.replace("VALUE", "4").replace("max_plot_ratio", "max_far"), encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match=r"s.yaml: line 4, key 'zone_rules.0': limit must"):
        Scenario.from_yaml(p)


def test_a_rule_for_a_zone_that_is_not_there_is_a_warning(tmp_path):
    rules = read_zone_rules(_rules(tmp_path, "id,ai_dta,max_plot_ratio,4,what-if\n"))
    r = validate(zone_rules=rules)
    typo = [i for i in r.warnings if i.check == "rules.unknown_zone"]
    assert len(typo) == 1 and "line 3" in typo[0].message and "'ai_dta'" in typo[0].message
    assert r.ok


def test_a_scenario_rule_for_an_unknown_zone_is_refused_with_a_suggestion(tmp_path):
    from gis.errors import ScenarioError
    from gis.scenarios import Scenario

    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO.replace("VALUE", "4").replace("ai_data", "ai_dta"), encoding="utf-8")
    with pytest.raises(
        ScenarioError,
        match=r"line 4, key 'zone_rules.0': unknown zone 'ai_dta' "
        r"\(did you mean 'ai_data'\?\)",
    ):
        Scenario.from_yaml(p)


def test_an_empty_rule_line_gives_its_reason_for_a_zone_check_not_run(tmp_path):
    rules = read_zone_rules(
        _rules(
            tmp_path,
            "family,OU,max_plot_ratio,,OU Notes not available\n"
            "family,R(A),max_plot_ratio,6,Notes R(A)\n"
            "id,b,max_plot_ratio,,scenario: drop it\n",
        )
    )
    r = validate(_table(1_000), site=_site(), zones=_zones(), use_zones=MAPPING, zone_rules=rules)
    pr = {c.scope: (c.ran, c.detail) for c in r.checklist if c.check == "zone.max_plot_ratio"}
    # the id line empties zone b's family limit: a more specific empty line wins too
    assert pr == {
        "zone a": (False, "OU Notes not available"),
        "zone b": (False, "scenario: drop it"),
    }


def test_the_shipped_gaps_name_the_missing_notes_for_official_zones(tmp_path):
    zones = _zones()
    r = validate(_table(1_000), site=_site(), zones=zones, use_zones=MAPPING)
    pr = {c.scope: c.detail for c in r.checklist if c.check == "zone.max_plot_ratio"}
    assert "Notes" in pr["zone a"] and "not available" in pr["zone a"]  # zone a is OU


def test_solve_and_sweep_keep_to_a_scenarios_zone_rules(tmp_path):
    from gis.allocation import solve
    from gis.scenarios import Scenario

    p = tmp_path / "s.yaml"
    p.write_text(SCENARIO.replace("VALUE", "4"), encoding="utf-8")
    sc = Scenario.from_yaml(p)
    zones = gis.load_layer("loop.zones")
    ai_area = gis.area_m2(zones[zones.zone_id == "ai_data"]).iloc[0]
    env = sc.envelope()
    assert env.capacity_m2[env.zone_ids.index("ai_data")] == pytest.approx(4 * ai_area)
    r = solve(sc)
    report = validate(
        r.table(),
        rules=sc.to_rules(total_gfa_m2=None),
        zone_rules=sc.zone_rule_set(),
        **sc.validate_kwargs(),
    )
    assert report.ok, [i.message for i in report.errors]
    assert report.zones.loc["ai_data", "gfa_m2"] <= 4 * ai_area * (1 + 1e-6)
