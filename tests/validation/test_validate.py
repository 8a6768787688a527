"""`gis.validate`: Table 3.1 fits Loop Phase 1; each kind of misfit is reported by its check id."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.affinity import translate
from shapely.geometry import box

import gis
from gis.catalog import default_envelope
from gis.io.layers import HK1980
from gis.planning import storeys_under
from gis.validation import Rules, validate


@pytest.fixture(scope="module")
def default_report():
    return validate()


def _frame(**gfa: float) -> pd.DataFrame:
    return pd.DataFrame({"use_id": list(gfa), "gfa_m2": list(gfa.values())})


TABLE_31 = dict(
    wet_lab_mfg=520_000,
    dry_lab_office=220_000,
    uir=50_000,
    talent_housing=100_000,
    commercial_mixed=110_000,
)


def test_table_3_1_fits_loop_phase1(default_report):
    r = default_report
    assert r.ok, [i.message for i in r.errors]
    # within capacity, but ai_data (14.1) and small_urban_living (11.0) carry implied plot
    # ratios above the plausible 10 (an assumption): warnings, never "ok" without a word
    assert {(i.check, i.feature) for i in r.warnings} == {
        ("zone.implausible_plot_ratio", "ai_data"),
        ("zone.implausible_plot_ratio", "small_urban_living"),
    }
    assert r.summary["total_gfa_m2"] == 1_000_000


def test_gross_plot_ratio_is_gfa_over_phase1_area_measured_in_hk1980(default_report):
    phases = gis.load_layer("loop.phases").to_crs(2326)
    area = phases[phases.phase == 1].area.sum()
    assert default_report.summary["gross_plot_ratio"] == pytest.approx(1_000_000 / area)
    # Phase 1 on the official S/LMCL/2 ground: 42.7 ha (manifest: the stated assumption)
    assert default_report.summary["site_area_ha"] == pytest.approx(42.70, abs=0.01)


def test_every_zone_gets_a_capacity_and_a_utilisation(default_report):
    z = default_report.zones
    zones = gis.load_layer("loop.zones").set_index("zone_id")
    assert set(z.index) == set(zones.index)
    building = zones.site_coverage > 0  # roads, open space and the like hold no GFA
    assert (z.capacity_m2[building[building].index] > 0).all()
    assert (z.capacity_m2[building[~building].index] == 0).all()
    assert (z.gfa_m2[building[~building].index] == 0).all()
    assert z.gfa_m2.sum() == pytest.approx(1_000_000)
    assert (z.utilisation < 1).all()
    odd = {"ai_data", "small_urban_living"}  # within capacity, implied plot ratio above 10
    assert set(z.index[z.status == "implausible"]) == odd and (z.status.drop(odd) == "ok").all()


def test_zone_capacity_is_coverage_times_floor_area_under_the_bands():
    """Hand computation for one zone, independent of gis.envelope's matrix code."""
    zones = gis.load_layer("loop.zones").to_crs(HK1980)
    bands = gis.load_layer("loop.height_bands").to_crs(HK1980)
    ta = zones[zones.zone_id == "talent_accommodation"]
    cap = 0.0
    for _, b in bands.iterrows():
        a = ta.geometry.iloc[0].intersection(b.geometry).area
        if a > 1.0:
            cap += a * ta.site_coverage.iloc[0] * b.storeys
    got = default_envelope().zone_frame().loc["talent_accommodation", "capacity_m2"]
    assert got == pytest.approx(cap, rel=1e-9)


def test_storeys_follow_section_3_1_4():
    assert storeys_under([14, 208]).tolist() == [2, 40]
    assert storeys_under([13.9]).tolist() == [1]
    assert storeys_under([35, 55], floor_to_floor_m=4.0, ground_mpd=3.0).tolist() == [8, 13]


def test_zone_over_capacity_is_reported_with_its_name():
    g = dict(TABLE_31, dry_lab_office=400_000, wet_lab_mfg=340_000)  # AI & Data overflows
    r = validate(_frame(**g))
    over = {i.feature: i for i in r.issues if i.check == "site.zone_over_capacity"}
    assert "ai_data" in over and "AI & Data Science" in over["ai_data"].message
    assert not r.ok


def test_plot_ratio_cap_is_checked_only_when_given():
    assert validate(rules=Rules(max_plot_ratio=2.5)).ok
    r = validate(rules=Rules(max_plot_ratio=2.0))
    assert "site.plot_ratio_exceeded" in r.checks() and not r.ok


def test_share_bounds():
    r = validate(rules=Rules(min_share_pct={"wet_lab_mfg": 60}, max_share_pct={"uir": 4}))
    assert {"site.share_below_min", "site.share_above_max"} <= r.checks()


def test_lower_height_limit_shrinks_capacity_until_a_zone_overflows():
    r = validate(rules=Rules(zone_height_mpd={"ai_data": 85}))
    assert "site.zone_over_capacity" in r.checks()
    assert r.zones.loc["ai_data", "height_mpd_max"] == 85


def test_a_use_with_no_zone_is_an_error():
    mapping = gis.load_table("loop.use_zones")
    mapping = mapping[mapping.use_id != "uir"]
    r = validate(use_zones=mapping)
    assert "site.use_without_zone" in r.checks()


def test_gfa_share_far_from_land_share_warns_with_section_4_4_3():
    g = dict(TABLE_31, wet_lab_mfg=200_000, dry_lab_office=220_000, commercial_mixed=430_000)
    r = validate(_frame(**g), rules=Rules(land_share_tol_pct=10))
    w = [i for i in r.issues if i.check == "site.use_land_share" and "wet_lab_mfg" in i.message]
    assert w and "§4.4.3" in w[0].source


def _site_and_zones():
    site = gpd.GeoDataFrame({"id": ["s"]}, geometry=[box(0, 0, 200, 100)], crs=HK1980)
    zones = gpd.GeoDataFrame(
        {
            "zone_id": ["a", "b"],
            "name_en": ["A", "B"],
            "site_coverage": [0.5, 0.5],
            "storeys": [10, 10],
        },
        geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)],
        crs=HK1980,
    )
    return site, zones


def test_user_site_and_zones_with_storeys_and_a_mapping():
    site, zones = _site_and_zones()
    mapping = pd.DataFrame({"use_id": ["x", "y"], "zone_id": ["a", "b"]})
    r = validate(_frame(x=40_000, y=10_000), site=site, zones=zones, use_zones=mapping)
    assert r.ok, [i.message for i in r.errors]
    # capacity = 100 m × 100 m × 0.5 × 10 storeys = 50,000 m² per zone
    assert r.zones.capacity_m2.tolist() == pytest.approx([50_000, 50_000])
    assert r.zones.loc["a", "utilisation"] == pytest.approx(0.8)
    assert r.summary["gross_plot_ratio"] == pytest.approx(50_000 / 20_000)


def test_overlapping_zones_and_zones_outside_the_site_are_errors():
    site, zones = _site_and_zones()
    zones.loc[1, "geometry"] = translate(zones.geometry[1], xoff=-20)  # overlaps a by 20 m
    zones.loc[0, "geometry"] = translate(zones.geometry[0], yoff=10)  # 10 m out of the site
    r = validate(
        _frame(x=1),
        site=site,
        zones=zones,
        use_zones=pd.DataFrame({"use_id": ["x"], "zone_id": ["a"]}),
    )
    checks = r.checks()
    assert {"geometry.overlap", "geometry.outside_site", "geometry.gap"} <= checks
    ov = next(i for i in r.issues if i.check == "geometry.overlap")
    assert "zone_id='a'" in ov.message and "zone_id='b'" in ov.message


def test_a_stated_area_that_does_not_hold_is_an_error():
    site, zones = _site_and_zones()
    site["stated_area_ha"] = [3.0]  # the box is 2 ha
    r = validate(
        _frame(x=1),
        site=site,
        zones=zones,
        use_zones=pd.DataFrame({"use_id": ["x"], "zone_id": ["a"]}),
    )
    assert "geometry.area_vs_stated" in r.checks()


def test_all_problems_are_collected_not_just_the_first():
    bad = pd.DataFrame(
        {
            "use_id": ["wet_lab_mfg", "wet_lab_mfg", "uir"],
            "gfa_m2": [900_000, 50_000, -10_000],
            "share_pct": [50, 50, 10],
        }
    )
    r = validate(bad, rules=Rules(max_plot_ratio=1.0))
    assert {
        "table.duplicate_use",
        "table.negative_value",
        "table.shares_sum",
        "site.plot_ratio_exceeded",
    } <= r.checks()


def test_report_serialises_to_every_format(default_report):
    import maps

    d = default_report.to_dict()
    assert d["ok"] is True and len(d["zones"]) == len(gis.load_layer("loop.zones")) == 13
    for fmt in ("json", "markdown", "html", "csv"):
        assert maps.render_report(default_report, fmt)
    frame = default_report.to_frame()
    assert list(frame.columns)[:3] == ["check", "severity", "message"]


def test_report_records_the_inputs_hashes(default_report):
    assert len(default_report.inputs["table"]["sha256"]) == 64
    assert len(default_report.inputs["zones"]["sha256"]) == 64


def test_validate_path_imports_no_rendering_or_raster_stack():
    import subprocess
    import sys

    code = (
        "import sys, cli; from click.testing import CliRunner; "
        "r = CliRunner().invoke(cli.main, ['validate', '--format', 'json']); "
        "bad = [m for m in ('folium', 'rasterio', 'matplotlib') if m in sys.modules]; "
        "print(r.exit_code, bad); sys.exit(1 if bad or r.exit_code else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_envelope_is_linear_in_gfa():
    env = default_envelope()
    a = np.array(list(TABLE_31.values()), dtype=float)
    np.testing.assert_allclose(env.zone_load_m2(2 * a), 2 * env.zone_load_m2(a))
    np.testing.assert_allclose(env.allocation().sum(axis=1), 1.0)


def _extra_columns_table(tmp_path, **changes):
    from gis.tables.table import read_allocation_table

    text = (Path(__file__).parents[1] / "data" / "tables" / "extra_columns.csv").read_text(
        encoding="utf-8"
    )
    for old, new in changes.items():
        text = text.replace(old, new)
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    return read_allocation_table(p)


def test_row_heights_and_plot_ratios_that_fit_pass(tmp_path):
    r = validate(_extra_columns_table(tmp_path))
    assert not {"site.row_plot_ratio", "site.row_height_above_envelope"} & r.checks()


def test_row_height_above_its_zones_limit_is_named(tmp_path):
    # talent apartments at 90 mPD: talent accommodation is capped at 35 mPD, Batch 1 at 85
    r = validate(_extra_columns_table(tmp_path, **{"2.5,4,14,": "2.5,4,90,"}))
    issue = next(i for i in r.issues if i.check == "site.row_height_above_envelope")
    assert issue.row == 4 and "85 mPD" in issue.message


def test_row_gfa_above_its_own_plot_ratio(tmp_path):
    r = validate(_extra_columns_table(tmp_path, **{"3.7,6,208": "3.7,5,208"}))
    issue = next(i for i in r.issues if i.check == "site.row_plot_ratio")
    assert issue.row == 2 and "5.95" in issue.message


def test_land_share_is_measured_on_building_land_not_on_roads_or_open_space():
    """A road zone (site coverage 0) tiling the site with a building zone does not dilute the
    land share of the uses: x holds all the building land, so 100% of GFA on it is no misfit."""
    site, zones = _site_and_zones()
    zones["site_coverage"] = [0.5, 0.0]  # b is a road
    r = validate(
        _frame(x=40_000),
        site=site,
        zones=zones,
        use_zones=pd.DataFrame({"use_id": ["x"], "zone_id": ["a"]}),
    )
    assert r.uses.loc["x", "land_share_pct"] == pytest.approx(100.0)
    assert "site.use_land_share" not in r.checks()
    assert r.zones.loc["b", "capacity_m2"] == 0
    # with coverage on both, the same mapping is half the land and warns
    zones["site_coverage"] = [0.5, 0.5]
    r = validate(
        _frame(x=40_000),
        site=site,
        zones=zones,
        use_zones=pd.DataFrame({"use_id": ["x"], "zone_id": ["a"]}),
    )
    assert r.uses.loc["x", "land_share_pct"] == pytest.approx(50.0)
    assert "site.use_land_share" in r.checks()


# ------------------------------------------------------------ never a PASS that checked nothing
def test_a_validation_with_no_zones_or_bands_is_partial_never_plain_pass():
    r = validate(site="loop.phases/phase2")  # a site given alone: no zones, no bands
    # its height limit has no height to compare and no other limit is known: nothing judged
    assert r.ok and r.verdict == "INCOMPLETE" and r.status.startswith("INCOMPLETE (site: no limit")
    missing = {c.check: c.detail for c in r.checklist if not c.ran}
    assert "site.zone_capacity" in missing and "no zones" in missing["site.zone_capacity"]
    assert set(r.not_run()) >= {"geometry.zones", "site.zone_capacity"}
    assert f"{len(r.not_run())} of {len(r._check_ids())} checks not run" in r.status


def test_json_carries_the_checks_list_and_the_status():
    import json

    import maps

    r = validate(site="loop.phases/phase1")
    d = json.loads(maps.render_report(r, "json"))
    assert d["status"] == r.status
    assert {c["check"] for c in d["checks"]} == {c.check for c in r.checklist}
    not_run = [c for c in d["checks"] if not c["ran"]]
    assert not_run and all(c["detail"] for c in not_run)
    assert set(d["checks_not_run"]) == set(r.not_run())


def test_the_status_and_the_checks_not_run_are_in_every_format():
    import io

    from rich.console import Console

    import maps

    r = validate(site="loop.phases/phase1")
    texts = {fmt: maps.render_report(r, fmt) for fmt in ("markdown", "html", "csv")}
    buf = io.StringIO()
    maps.print_report(r, Console(file=buf, width=300))
    texts["terminal"] = buf.getvalue()
    for fmt, text in texts.items():
        assert r.status in text, fmt
        assert "site.zone_capacity" in text, fmt
    csv = pd.read_csv(io.StringIO(texts["csv"]))
    assert csv.record.iloc[0] == "status" and csv.message.iloc[0] == r.status
    assert (csv.record == "check").sum() == len(r.checklist)


def _dry_raster(path, site):
    """A 10 m flood-depth raster of 0 m over ``site``."""
    import rasterio
    from rasterio.transform import from_origin

    x0, _, x1, y1 = site.total_bounds
    with rasterio.open(
        path, "w", driver="GTiff", width=int((x1 - x0) // 10), height=10, count=1,
        dtype="float32", crs="EPSG:2326", transform=from_origin(x0, y1, 10, 10),
    ) as dst:  # fmt: skip
        dst.write(np.zeros((10, int((x1 - x0) // 10)), "float32"), 1)
    return path


def test_plain_pass_only_when_every_check_ran(tmp_path):
    """A site with a stated area, zones with coverage and heights, and a rule for every limit."""
    site = gpd.GeoDataFrame(
        {"id": ["s"], "stated_area_ha": [2.0]},
        geometry=[box(833_000, 845_000, 833_200, 845_100)],
        crs=2326,
    )
    site.attrs["name"] = "plot s"
    zones = gpd.GeoDataFrame(
        {"zone_id": ["a", "b"], "site_coverage": [0.5, 0.5], "height_mpd": [50.0, 50.0]},
        geometry=[box(833_000, 845_000, 833_100, 845_100), box(833_100, 845_000, 833_200, 845_100)],
        crs=2326,
    )
    lines = ["scope,name,limit,value,source"]
    lines += [
        f"site,plot s,{lim},{v},Notes §1"
        for lim, v in (("max_plot_ratio", 3), ("max_gfa_m2", 60_000), ("max_height_mpd", 60))
    ]
    lines += [
        f"id,{z},{lim},{v},Notes §2"
        for z in "ab"
        for lim, v in (("max_plot_ratio", 3), ("max_gfa_m2", 30_000))
    ]
    rules = tmp_path / "rules.csv"
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = _frame(dry_lab_office=20_000).assign(share_pct=100.0)
    mapping = pd.DataFrame({"use_id": ["dry_lab_office"] * 2, "zone_id": ["a", "b"]})
    kw = dict(site=site, zones=zones, use_zones=mapping, rules=Rules(total_gfa_m2=20_000))
    r = validate(table, zone_rules=str(rules), **kw)
    assert r.status == "PASS (site and zones)", r.checklist_frame()[["check", "ran", "detail"]]
    # a constraint raster given (and met) is listed and ran: still a plain PASS
    kw["constraints"] = [f"{_dry_raster(tmp_path / 'flood.tif', site)}:max=0.5"]
    r = validate(table, zone_rules=str(rules), **kw)
    assert "site.raster_constraint" in {c.check for c in r.checklist if c.ran}
    assert r.status == "PASS (site and zones)", r.checklist_frame()[["check", "ran", "detail"]]
    # drop one zone's plot ratio: the same validation is now partial
    rules.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
    r = validate(table, zone_rules=str(rules), **kw)
    assert set(r.run_in_part()) == {"zone.max_plot_ratio", "zone.max_gfa_m2"}
    assert not r.not_run() and r.status.startswith("PASS (site and zones; partial: 2 of ")
    assert r.status.endswith(" checks run in part)")


def test_a_table_with_only_shares_does_not_claim_its_row_check_ran():
    table = gis.read_allocation_table(
        Path(__file__).parents[1] / "data" / "tables" / "share_only.csv"
    )
    r = validate(table, rules=Rules(total_gfa_m2=1_000_000))
    not_run = {c.check: c.detail for c in r.checklist if not c.ran}
    assert "table.row_gfa_share" in not_run and "derived" in not_run["table.row_gfa_share"]
    assert "table.shares_sum" not in not_run
    full = validate()
    assert not [c for c in full.checklist if c.check.startswith("table.") and not c.ran]


def test_a_use_named_like_a_zone_that_no_zone_holds_fails_unless_mapped(tmp_path):
    rows = "\n".join(
        f"{u}\t{s}%\t{g}"
        for u, s, g in (
            ("Wet labs", 22, 220000),
            ("Offices", 22, 220000),
            ("UIR", 5, 50000),
            ("Talent apartments", 10, 100000),
            ("Commercial", 11, 110000),
            ("AI & data science 30%", 30, 300000),
        )
    )
    text = "Use\tShare\tGFA\n" + rows
    report = gis.validate(text, rules=gis.Rules(total_gfa_m2=1_000_000))
    unplaced = [i for i in report.issues if i.check == "site.use_unplaced"]
    assert not report.ok and [i.severity for i in unplaced] == ["error"]
    assert "300,000 m²" in unplaced[0].message
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "use_id,zone_id\nAI & data science 30%,ai_data\n"
        + "".join(
            f"{u},{z}\n"
            for u, z in (
                ("wet_lab_mfg", "life_health"),
                ("dry_lab_office", "batch1_dev"),
                ("uir", "uir"),
                ("talent_housing", "talent_accommodation"),
                ("commercial_mixed", "small_urban_living"),
            )
        )
    )
    mapped = gis.validate(text, use_zones=mapping, rules=gis.Rules(total_gfa_m2=1_000_000))
    assert not [i for i in mapped.issues if i.check == "site.use_unplaced"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_plot_ratio", float("nan")),
        ("max_plot_ratio", float("inf")),
        ("max_plot_ratio", -1),
        ("floor_to_floor_m", 0),
        ("floor_to_floor_m", -3),
        ("share_tol_pct", -1),
        ("gfa_tol_frac", float("nan")),
        ("total_gfa_m2", 0),
        ("total_gfa_m2", -5),
        ("site_coverage", {"ai_data": 1.5}),
        ("min_share_pct", {"uir": float("nan")}),
    ],
)
def test_rules_refuse_a_value_out_of_range_in_one_line(option, value):
    with pytest.raises(gis.InputError, match=option) as err:
        gis.Rules(**{option: value})
    assert "\n" not in str(err.value)


SHARES_44 = "Use,Share\nWet labs,44%\nDry labs,30%\nUIR,5%\nTalent apartments,10%\nCommercial,11%\n"


def test_a_share_only_table_takes_its_gfa_from_total_gfa_and_says_so():
    r = validate(SHARES_44, rules=Rules(total_gfa_m2=1_000_000))
    assert r.summary["total_gfa_m2"] == pytest.approx(1_000_000)
    assert r.summary["gross_plot_ratio"] == pytest.approx(1_000_000 / r.summary["site_area_m2"])
    note = next(i for i in r.issues if i.check == "table.share_only")
    assert "GFA from share × total 1,000,000 m² (--total-gfa)" in note.message
    over = [i for i in r.issues if i.check == "site.zone_over_capacity"]
    assert not r.ok and "ai_data" in over[0].message  # the same split as a scenario


def test_a_share_only_table_without_any_total_allocates_nothing_not_zero():
    r = validate(SHARES_44)
    assert r.summary["total_gfa_m2"] != r.summary["total_gfa_m2"]  # NaN: not established
    assert r.zones["gfa_m2"].isna().all() and (r.zones["status"] == "not checked").all()
    not_run = {c.check: c.detail for c in r.checklist if not c.ran}
    assert "total GFA not established" in not_run["site.zone_capacity"]
    assert "site.gross_plot_ratio" not in {i.check for i in r.issues}
    assert [i.severity for i in r.issues if i.check == "table.share_only"] == ["warning"]


def test_a_total_row_that_contradicts_the_rows_is_an_error_and_the_rows_are_the_one_figure():
    text = (
        "Use,GFA\nWet labs,520000\nDry labs,220000\nUIR,50000\nTalent apartments,100000\n"
        "Commercial,110000\nTotal,1100000\n"
    )
    r = validate(text)
    [err] = [i for i in r.issues if i.check == "table.gfa_sum"]
    assert "1,000,000" in err.message and "1,100,000" in err.message and not r.ok
    assert r.summary["total_gfa_m2"] == pytest.approx(1_000_000)
    assert r.summary["gross_plot_ratio"] == pytest.approx(1_000_000 / r.summary["site_area_m2"])
    assert r.zones["gfa_m2"].sum() == pytest.approx(1_000_000)
    assert r.uses["share_pct"].sum() == pytest.approx(100)


def test_a_column_the_reader_did_not_use_is_a_warning_naming_it():
    text = "Use,Share,GFA,Remarks\nWet labs,60%,600000,phase 1a\nOffices,40%,400000,\n"
    r = validate(text)
    [unused] = [i for i in r.issues if i.check == "table.unused_column"]
    assert unused.severity == "warning" and "'Remarks'" in unused.message


# ------------------------------------------------------------ an earned PASS (issue 17)
def test_a_pass_says_which_questions_it_answered(default_report):
    r = default_report
    assert r.verdict == "PASS" and r.answered == ["site", "zones"]
    assert r.status.startswith("PASS (site and zones; partial: ")
    # the site's answer rests on its measured area and the limits that ran, never on others
    assert {"geometry.site", "site.zone_capacity"} <= set(r.questions["site"].checks)
    assert "site.max_plot_ratio" not in r.questions["site"].checks  # no source states one


def test_shares_with_no_total_anywhere_are_incomplete_not_a_pass():
    text = "Use,Share (%)\nWet labs,52\nDry labs,22\nUIR base,5\nTalent housing,10\nCommercial,11\n"
    r = validate(gis.read_allocation_table(text))  # shares only: no GFA, no total to derive it
    assert r.ok and r.verdict == "INCOMPLETE" and r.answered == []
    assert r.status.startswith("INCOMPLETE (site: no total GFA established")
    assert "no total GFA" in r.questions["zones"].why_not[0]  # no GFA reaches any zone either


def test_a_site_with_no_limit_known_is_incomplete_and_a_limit_answers_it():
    site, _ = _site_and_zones()
    r = validate(_frame(x=40_000), site=site)  # no zones, no rule, no --max-plot-ratio
    assert r.verdict == "INCOMPLETE"
    assert r.questions["site"].why_not == ("no limit known (capacity of every zone, "
                                           "--max-plot-ratio, or a maximum plot ratio, GFA or "
                                           "height in --rules)",)  # fmt: skip
    assert r.questions["zones"].why_not == ("no zones given (--zones)",)
    r = validate(_frame(x=40_000), site=site, rules=Rules(max_plot_ratio=2.5))
    assert r.verdict == "PASS" and r.answered == ["site"]  # 40,000 m² / 2 ha = 2.0 <= 2.5
    assert r.status.startswith("PASS (site; partial: ")
    assert r.questions["site"].checks == ("geometry.site", "site.max_plot_ratio")


def test_zones_with_a_use_on_a_zone_of_unknown_capacity_do_not_answer_the_zones_question():
    site, zones = _site_and_zones()
    zones["site_coverage"] = [0.5, None]  # zone b: no coverage, so no capacity known
    mapping = pd.DataFrame({"use_id": ["x", "y"], "zone_id": ["a", "b"]})
    r = validate(_frame(x=40_000, y=10_000), site=site, zones=zones, use_zones=mapping)
    assert r.ok and not r.questions["zones"].answered
    assert r.questions["zones"].why_not == ("use 'y' is placed on no zone with a known capacity",)
    assert not r.questions["site"].answered  # the site's capacity is not every zone's either


def test_strict_turns_a_partial_pass_into_a_fail_and_leaves_ok_alone(default_report):
    r = validate(strict=True)
    assert r.verdict == "FAIL" and r.ok  # ok stays "no errors"
    assert r.status.startswith("FAIL (strict: partial result; site and zones; partial: ")
    assert default_report.as_strict().verdict == "FAIL" and default_report.verdict == "PASS"


def test_a_report_no_validation_filled_earns_nothing():
    assert gis.ValidationReport().verdict == "INCOMPLETE"


def test_json_marks_the_core_checks_and_the_questions(default_report):
    d = default_report.to_dict()
    assert d["verdict"] == "PASS" and d["questions"]["site"]["answered"] is True
    core = {c["check"] for c in d["checks"] if c["core"]}
    assert core == {"geometry.site", "geometry.zones", "site.max_height_mpd", "site.zone_capacity"}
    assert all(c["ran"] for c in d["checks"] if c["core"])


# ------------------------------------------------------------ plausibility (item 13)
def test_an_absurd_implied_plot_ratio_on_one_zone_is_a_warning_with_its_assumption():
    site, zones = _site_and_zones()
    zones["storeys"] = [60, 60]  # capacity 1 ha x 0.5 x 60 = 300,000 m2 per zone
    mapping = pd.DataFrame({"use_id": ["x", "y"], "zone_id": ["a", "b"]})
    r = validate(_frame(x=200_000, y=50_000), site=site, zones=zones, use_zones=mapping)
    assert r.ok  # both within capacity: 200,000 and 50,000 <= 300,000 m2
    (w,) = [i for i in r.warnings if i.check == "zone.implausible_plot_ratio"]
    assert w.feature == "a" and w.value == pytest.approx(20.0) and w.expected == 10
    assert "implied plot ratio 20.0" in w.message and w.source.startswith("assumption:")
    assert r.zones.status.tolist() == ["implausible", "ok"]  # zone b: 50,000 m2 / 1 ha = 5
    r = validate(
        _frame(x=200_000, y=50_000),
        site=site,
        zones=zones,
        use_zones=mapping,
        rules=Rules(plausible_plot_ratio=25),
    )
    assert not [i for i in r.warnings if i.check == "zone.implausible_plot_ratio"]
    assert r.zones.status.tolist() == ["ok", "ok"]
