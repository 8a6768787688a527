"""The same site gives the same answer however it is named (issue: naming the default site
turned a FAIL into a PASS), and a table of shares takes its GFA from share x total."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gis

AI_HEAVY = (
    "Use,GFA (m2)\nWet labs and advanced manufacturing,440000\nDry labs and offices,300000\n"
    "University-industry-research base,50000\nTalent apartments,100000\nCommercial,110000\n"
)
SHARES = (
    "Use,Share\nWet labs and advanced manufacturing,44%\nDry labs and offices,30%\n"
    "University-industry-research base,5%\nTalent apartments,10%\nCommercial,11%\n"
)
TABLES = {"table 3.1": None, "ai-heavy GFA": AI_HEAVY, "ai-heavy shares": SHARES}


def _key(report: gis.ValidationReport) -> tuple:
    return (
        report.status,
        round(report.summary["total_gfa_m2"]),
        round(report.summary.get("capacity_m2") or 0),
        sorted((i.check, i.severity, i.message) for i in report.issues),
        sorted((c.check, c.ran, c.detail) for c in report.checklist),
    )


@pytest.fixture(scope="module")
def ground(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("ground")
    phases = gis.load_layer("loop.phases")
    site = phases[phases.phase == 1]
    zones = gis.load_layer("loop.zones")
    gis.write_layer(site, folder / "site.geojson")
    gis.write_layer(zones, folder / "zones.gpkg")
    return {
        "site": site,
        "zones": zones,
        "site file": folder / "site.geojson",
        "zones file": folder / "zones.gpkg",
    }


WAYS = {
    "site named": lambda g: {"site": "loop.phases/phase1"},
    "site and zones named": lambda g: {"site": "loop.phases/phase1", "zones": "loop.zones"},
    "frames": lambda g: {"site": g["site"], "zones": g["zones"]},
    "site frame alone": lambda g: {"site": g["site"]},
    "files read back": lambda g: {"site": str(g["site file"]), "zones": str(g["zones file"])},
    "site file alone": lambda g: {"site": Path(g["site file"])},
}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("name", TABLES)
def test_the_default_site_gives_the_same_answer_however_it_is_named(name, way, ground):
    text = TABLES[name]
    table = None if text is None else gis.read_allocation_table(text)
    rules = gis.Rules(total_gfa_m2=1_000_000) if name == "ai-heavy shares" else None
    expected = _key(gis.validate(table, rules=rules))
    assert _key(gis.validate(table, rules=rules, **WAYS[way](ground))) == expected


def test_a_table_of_shares_takes_its_gfa_from_share_times_total():
    report = gis.validate(
        gis.read_allocation_table(SHARES), rules=gis.Rules(total_gfa_m2=1_000_000)
    )
    assert report.summary["total_gfa_m2"] == pytest.approx(1_000_000)
    assert report.uses.loc["wet_lab_mfg", "gfa_m2"] == pytest.approx(440_000)
    assert not report.ok  # the same split as a scenario: ai_data over its capacity
    assert "site.zone_over_capacity" in {i.check for i in report.issues}


def test_a_table_of_shares_with_no_total_has_no_total_gfa_not_zero():
    report = gis.validate(gis.read_allocation_table(SHARES))
    total = report.summary["total_gfa_m2"]
    assert total != total  # NaN: nothing established, never 0 m²
    assert report.summary["gross_plot_ratio"] != 0


def test_a_total_row_that_disagrees_gives_one_figure_and_an_error():
    text = AI_HEAVY + "Total,1100000\n"
    report = gis.validate(gis.read_allocation_table(text))
    assert report.summary["total_gfa_m2"] == pytest.approx(1_000_000)  # what the rows allocate
    site_area = report.summary["site_area_m2"]
    assert report.summary["gross_plot_ratio"] == pytest.approx(1_000_000 / site_area)
    errors = {i.check for i in report.issues if i.severity == "error"}
    assert "table.gfa_sum" in errors


def test_one_site_coverage_applies_to_building_land_only():
    """--site-coverage 0.5 once gave roads, open space, the ecological area and Central Avenue
    floor space (capacity 4,180,336 m², Central Avenue alone 1,178,324 m²)."""
    report = gis.validate(rules=gis.Rules(site_coverage=0.5))
    zones = report.zones
    for no_floors in ("central_avenue", "open_space", "ecological_area", "roads", "gic_sites"):
        assert zones.loc[no_floors, "capacity_m2"] == 0, no_floors
    building = zones[zones.capacity_m2 > 0]
    assert len(building) == 8
    # each building zone at 0.5: 0.5 / its own coverage × its default capacity
    default = gis.validate().zones
    for zid in building.index:
        own = default.loc[zid, "site_coverage"]
        assert building.loc[zid, "capacity_m2"] == pytest.approx(
            default.loc[zid, "capacity_m2"] * 0.5 / own, rel=1e-6
        )
    assert report.summary["capacity_m2"] == pytest.approx(1_661_657, abs=2)


def test_zones_without_zone_id_take_their_name_or_are_refused_in_one_line(tmp_path):
    zones = gis.load_layer("loop.zones")
    named = zones.drop(columns=["zone_id"])[["name_en", "site_coverage", "geometry"]]
    named.to_file(tmp_path / "named.geojson")
    report = gis.validate(zones=str(tmp_path / "named.geojson"))  # named, not refused
    assert report.summary["site_area_m2"] > 0
    assert set(report.zones.index) <= set(zones.name_en)
    said = [i for i in report.issues if i.check == "zone.ids_from_column"]
    assert [(i.severity, i.params["column"]) for i in said] == [("info", "name_en")]
    assert "zone ids taken from column 'name_en'" in said[0].message
    plain = gis.validate(zones="loop.zones")  # a zone_id column: nothing to say
    assert not [i for i in plain.issues if i.check == "zone.ids_from_column"]
    bare = named.drop(columns=["name_en"])
    bare.to_file(tmp_path / "bare.geojson")
    with pytest.raises(gis.LayerError, match="zone_id.*columns found: site_coverage"):
        gis.validate(zones=str(tmp_path / "bare.geojson"))
    from click.testing import CliRunner

    import cli

    result = CliRunner().invoke(cli.main, ["validate", "--zones", str(tmp_path / "bare.geojson")])
    assert result.exit_code == 2
    assert "bare.geojson: zones need a 'zone_id'" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_table_3_1_on_someone_elses_site_says_so():
    elsewhere = gis.validate(site="loop.phases/phase2")
    warned = [i for i in elsewhere.issues if i.check == "table.embedded_elsewhere"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert "Table 3.1" in warned[0].message and "phase2" in warned[0].message
    at_home = gis.validate(site="loop.phases/phase1")
    assert "table.embedded_elsewhere" not in {i.check for i in at_home.issues}
    given = gis.validate(gis.read_allocation_table(AI_HEAVY), site="loop.phases/phase2")
    assert "table.embedded_elsewhere" not in {i.check for i in given.issues}


def test_report_zones_keep_their_outlines_in_hk1980_for_plot_and_to_file(tmp_path):
    """report.zones was a plain DataFrame: a planner could not .plot() or .to_file() it."""
    import geopandas as gpd

    report = gis.validate()
    zones = report.zones
    assert isinstance(zones, gpd.GeoDataFrame) and zones.crs.equals("EPSG:2326")
    own = gis.to_hk1980(gis.load_layer("loop.zones")).set_index("zone_id")
    for zid in zones.index:
        assert zones.geometry[zid].equals(own.geometry[zid]), zid
    assert zones.area.div(10_000).to_numpy() == pytest.approx(zones.area_ha.to_numpy(), rel=1e-6)
    zones.to_file(tmp_path / "zones.gpkg")  # written as it is, read back with its figures
    back = gpd.read_file(tmp_path / "zones.gpkg")
    assert sorted(back.zone_id) == sorted(zones.index)
    # the JSON report stays as it was: figures, no geometry
    as_dict = report.to_dict()
    assert as_dict["zones"] and all("geometry" not in z for z in as_dict["zones"])
    streamed = json.loads("".join(report.iter_json()))
    assert streamed["zones"] == json.loads(json.dumps(as_dict["zones"]))


def test_table_3_1_on_loop_phase_1_with_zones_of_ones_own_is_at_home():
    """The warning said Table 3.1 was checked on 'loop.phases/phase1, which is not Loop Phase 1'
    when the site was the default and only the zones were the planner's own."""
    zones = gis.load_layer("loop.zones")
    own = zones.assign(zone_id="mine_" + zones["zone_id"])
    for report in (gis.validate(zones=own), gis.validate(site="loop.phases/phase1", zones=own)):
        assert "table.embedded_elsewhere" not in {i.check for i in report.issues}


@pytest.mark.parametrize("spec", ["loop.phases/phase2", "loop.boundary"])
@pytest.mark.parametrize("name", TABLES)
def test_every_embedded_site_gives_the_same_answer_named_passed_or_read_back(spec, name, tmp_path):
    """Another embedded site: by name, as the frame, and written to GeoJSON and GPKG with
    gis.write_layer and read back give the same verdict, figures and findings (the site's
    name, which the findings quote, aside)."""
    text = TABLES[name]
    table = None if text is None else gis.read_allocation_table(text)
    rules = gis.Rules(total_gfa_m2=1_000_000) if name == "ai-heavy shares" else None
    frame = gis.select_site(spec)
    gis.write_layer(frame, tmp_path / "site.geojson")
    gis.write_layer(frame, tmp_path / "site.gpkg")

    def key(report: gis.ValidationReport) -> tuple:
        return (
            report.status,
            round(report.summary["total_gfa_m2"]),
            round(report.summary["site_area_m2"] / 100),  # to the are: GeoJSON keeps 7 decimals
            sorted((i.check, i.severity) for i in report.issues),
            sorted((c.check, c.ran) for c in report.checklist),
        )

    expected = key(gis.validate(table, rules=rules, site=spec))
    for site in (frame, str(tmp_path / "site.geojson"), tmp_path / "site.gpkg"):
        assert key(gis.validate(table, rules=rules, site=site)) == expected, site
