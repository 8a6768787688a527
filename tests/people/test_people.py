"""People and provision: residents and workers from GFA, HKPSG needs against the zones' land.

Figures are computed by hand in each test's comment (HKPSG Chapter 4: 10 ha of district and
10 ha of local open space per 100,000 persons; a children's playground 400 m² per 5,000).
"""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import box

import gis
from gis.errors import InputError
from gis.people import check_provision, load_provision, people_of

# 250,000 m² of talent housing / 50 m² per flat = 5,000 flats × 2 persons = 10,000 residents
TEN_THOUSAND = {
    "population": {
        "gfa_per_flat_m2": {"value": 50, "low": 50, "high": 50},
        "persons_per_flat": {"value": 2, "low": 2, "high": 2},
    }
}


def _params(**more: object) -> gis.Provision:
    return load_provision().override(TEN_THOUSAND, "test").override(more or None, "test more")


def _square(x: float, area_m2: float) -> object:
    side = math.sqrt(area_m2)
    return box(x, 0, x + side, side)


def _zones(*zones: tuple[str, float], **cols: list[object]) -> gpd.GeoDataFrame:
    """Zones side by side in EPSG:2326 (HK1980 Grid), each (zone_label, area in m²)."""
    geoms = [_square(1000.0 * i, a) for i, (_, a) in enumerate(zones)]
    data = {"zone_id": [f"z{i}" for i in range(len(zones))], "zone_label": [z for z, _ in zones]}
    return gpd.GeoDataFrame({**data, **cols}, geometry=geoms, crs="EPSG:2326")


def _row(result: gis.people.ProvisionResult, standard: str) -> dict[str, object]:
    t = result.table.set_index("standard")
    return t.loc[standard].to_dict()


def test_ten_thousand_residents_need_two_hectares_of_open_space_and_an_800_m2_playground():
    people = people_of({"talent_housing": 250_000.0}, _params())
    assert people.residents == pytest.approx(10_000)
    zones = _zones(("O", 15_000.0), ("O", 6_000.0), ("O", 300.0), ("G/IC", 20_000.0))
    res = check_provision(people, zones, _params(), "test zones")
    district, local = _row(res, "open_space_district"), _row(res, "open_space_local")
    total, playground = _row(res, "open_space_total"), _row(res, "childrens_playground")
    assert district["need"] == pytest.approx(1.0)  # ha: 10 ha per 100,000 × 10,000
    assert local["need"] == pytest.approx(1.0)
    assert total["need"] == pytest.approx(20_000.0)  # m²: 2 m² × 10,000
    assert playground["need"] == pytest.approx(800.0)  # m²: 400 per 5,000 × 10,000
    # supply: the 1.5 ha space is district; 0.6 ha is local only; 300 m² is below 500 m²
    assert district["provided"] == pytest.approx(1.5) and district["balance"] == pytest.approx(0.5)
    assert local["provided"] == pytest.approx(0.6 + 0.5)  # + the district surplus (assumption)
    assert total["provided"] == pytest.approx(21_000.0)
    assert not res.shortfall
    assert {i.severity for i in res.issues} == {"info"}


def test_a_district_open_space_below_one_hectare_does_not_count_as_district():
    people = people_of({"talent_housing": 250_000.0}, _params())
    res = check_provision(people, _zones(("O", 8_000.0), ("O", 9_000.0)), _params(), "z")
    district = _row(res, "open_space_district")
    assert district["provided"] == 0.0 and district["balance"] == pytest.approx(-1.0)
    assert res.shortfall["open_space_district"] == pytest.approx(1.0)
    short = [i for i in res.issues if i.check == "provision.open_space_district"]
    assert short[0].severity == "error" and "shortfall of 1.00 ha" in short[0].message
    assert "HKPSG Chapter 4" in short[0].source


def test_the_2030_plus_proposal_of_2_5_m2_per_person_is_a_scenario_not_a_standard():
    proposal = load_provision("docs/provision/open-space-2.5.yaml").override(TEN_THOUSAND, "t")
    people = people_of({"talent_housing": 250_000.0}, proposal)
    res = check_provision(people, _zones(("O", 21_000.0)), proposal, "z")
    total = _row(res, "open_space_total")
    assert total["need"] == pytest.approx(25_000.0) and total["balance"] == pytest.approx(-4_000)
    finding = next(i for i in res.issues if i.check == "provision.open_space_total")
    assert finding.severity == "warning" and "not a standard" in finding.message
    today = check_provision(people, _zones(("O", 21_000.0)), _params(), "z")
    assert "open_space_total" not in today.shortfall  # 2 m² today: 20,000 m² needed


def test_facilities_count_only_where_the_zones_say_they_provide_them():
    people = people_of({"talent_housing": 250_000.0}, _params())
    zones = _zones(
        ("O", 900.0), ("G/IC", 30_000.0), ("G/IC", 6_200.0),
        provides=["childrens_playground", "sports_ground", "primary_classrooms"],
        classrooms=[None, None, 30],
    )  # fmt: skip
    ages = {"population": {"age_share_pct": {"6-11": 10}}}
    res = check_provision(people, zones, _params(**ages), "z")
    assert _row(res, "childrens_playground")["balance"] == pytest.approx(100.0)
    sports = _row(res, "sports_ground")
    assert sports["provided"] == 1 and sports["need"] == pytest.approx(10_000 / 200_000)
    primary = _row(res, "primary_classrooms")  # 1,000 aged 6-11 / 25.5 = 39.2 classrooms
    assert primary["need"] == pytest.approx(1_000 / 25.5) and primary["provided"] == 30
    assert "primary_classrooms" in res.shortfall
    assert not _row(res, "secondary_classrooms")["ran"]  # no share aged 12-17


@pytest.mark.parametrize(
    ("gfa", "zones", "more"),
    [
        ({"wet_lab_mfg": 500_000.0}, "labelled", None),  # no residents
        ({"talent_housing": 250_000.0}, None, None),  # no zones
        ({"talent_housing": 250_000.0}, "unlabelled", None),  # zones that say no kind
        (
            {"talent_housing": 250_000.0},
            "labelled",
            {"population": {"persons_per_flat": {"value": None}}},
        ),
    ],
)
def test_no_provision_check_passes_when_its_population_or_supply_is_unknown(gfa, zones, more):
    params = _params(**(more or {}))
    people = people_of(gfa, params)
    z = _zones(("O", 50_000.0), ("G/IC", 50_000.0))
    z = None if zones is None else z if zones == "labelled" else z[["geometry"]]
    res = check_provision(people, z, params, "z")
    assert not [r.check for r in res.records if r.ran]
    assert not [i for i in res.issues if i.severity == "info"]  # nothing "met"
    assert all(r.detail for r in res.records)  # each says why not


def test_facilities_without_a_provides_attribute_are_not_run():
    people = people_of({"talent_housing": 250_000.0}, _params())
    res = check_provision(people, _zones(("O", 50_000.0)), _params(), "z")
    ran = {r.check: r.ran for r in res.records}
    assert ran["provision.open_space_total"]
    assert not ran["provision.childrens_playground"] and not ran["provision.swimming_pool"]


def test_the_loop_table_3_1_talent_housing_gives_residents_with_a_range_and_workers():
    r = gis.validate(provision=True)
    s = r.summary  # 100,000 m² / 55 m² × 3.0 = 5,455 (100,000/60×2.8 = 4,667 to 100,000/50×3.5)
    assert s["residents"] == pytest.approx(100_000 / 55 * 3.0)
    assert s["residents_low"] == pytest.approx(4_666.67, abs=0.01)
    assert s["residents_high"] == pytest.approx(7_000.0)
    # 520,000/50 + 220,000/30 + 50,000/40 + 110,000/40 (assumptions)
    assert s["workers"] == pytest.approx(10_400 + 22_000 / 3 + 1_250 + 2_750)
    assert r.questions["provision"].answered and r.verdict == "PASS"
    assert {"provision.open_space_total", "provision.sports_ground"} <= {
        c.check for c in r.checklist
    }


def test_without_people_no_provision_check_or_question_appears():
    r = gis.validate()
    assert "provision" not in r.questions
    assert not [c for c in r.checklist if c.check.startswith("provision.")]


def test_san_tin_52000_homes_on_the_2006_plan_are_short_of_open_space():
    params = load_provision("docs/provision/santin-homes.yaml")
    r = gis.validate(site="santin.boundary", zones="santin.ozp_2006", provision=params)
    assert r.summary["residents"] == pytest.approx(52_000 * 3.0)
    assert r.summary["residents_low"] == pytest.approx(50_000 * 2.8)
    short = {i.check: i for i in r.issues if i.check.startswith("provision.")}
    assert short["provision.open_space_total"].expected == pytest.approx(312_000.0)
    assert short["provision.open_space_total"].value == 0.0  # the 2006 plan has no O zone
    assert r.verdict == "FAIL"


def test_a_table_with_no_housing_leaves_the_provision_question_unanswered():
    import pandas as pd

    table = pd.DataFrame({"use_id": ["wet_lab_mfg"], "gfa_m2": [500_000.0]})
    r = gis.validate(table, provision=True)
    assert not r.questions["provision"].answered
    assert "no residential GFA" in r.not_run_reasons()["provision.open_space_total"][0]


def test_a_provision_file_that_breaks_the_schema_is_one_line_naming_the_key(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("standards:\n  open_space_total:\n    value: -2\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_provision(bad)
    msg = str(e.value)
    assert "p.yaml" in msg and "line 3" in msg and "open_space_total.value" in msg
    assert "\n" not in msg
    unknown = tmp_path / "u.yaml"
    unknown.write_text("standards:\n  libraries: {value: 1}\n", encoding="utf-8")
    with pytest.raises(InputError, match="libraries"):
        load_provision(unknown)


def test_the_shipped_figures_cite_their_sources_and_say_their_status():
    p = load_provision()
    for sid, std in p.standards.items():
        assert std["status"] == "standard" and "HKPSG" in std["source"], sid
    pop = p.population
    assert pop["persons_per_flat"]["status"] == "illustrative"
    assert pop["gfa_per_job_m2"]["status"] == "assumption"
    assert all(v is None for v in pop["age_share_pct"].values())  # no source gives it


def test_kindergarten_places_need_the_share_aged_3_to_5_and_the_places_provided():
    ages = {"population": {"age_share_pct": {"3-5": 3}}}  # 300 children of 10,000 residents
    params = _params(**ages)
    people = people_of({"talent_housing": 250_000.0}, params)
    zones = _zones(("G/IC", 1_000.0), provides=["kindergarten_places"], places=[60])
    row = _row(check_provision(people, zones, params, "z"), "kindergarten_places")
    assert row["need"] == pytest.approx(75.0)  # 250 per 1,000 × 300
    assert row["provided"] == 60 and row["balance"] == pytest.approx(-15.0)
    no_places = _row(
        check_provision(people, zones[["zone_label", "provides", "geometry"]], params, "z"),
        "kindergarten_places",
    )
    assert not no_places["ran"] and "'places'" in no_places["detail"]


def test_a_share_only_table_without_a_total_says_the_total_is_missing_not_the_housing(tmp_path):
    """Shares with no total: no GFA at all, so the reason is the missing total (--total-gfa),
    not "no residential GFA" (the table has housing)."""
    path = tmp_path / "shares.csv"
    path.write_text("Use,Share\nTalent apartments & visitor accommodation,10%\n"
                    "Wet labs & advanced manufacturing,90%\n", encoding="utf-8")  # fmt: skip
    report = gis.validate(gis.read_allocation_table(path), provision=True)
    why = {c.detail for c in report.checklist if c.check.startswith("provision.") and not c.ran}
    assert why == {
        "no residents known: total GFA not established (a share-only table needs --total-gfa "
        "or a total row)"
    }
    rules = gis.Rules(total_gfa_m2=1_000_000)
    total = gis.validate(gis.read_allocation_table(path), rules=rules, provision=True)
    assert total.summary["residents"] == pytest.approx(100_000 / 55 * 3.0)


def test_a_pass_names_the_provision_question_it_was_asked_and_could_not_answer(tmp_path):
    """--people on a table without housing: the site and zones may PASS, but the status says
    the provision question asked was not answered, and why."""
    path = tmp_path / "labs.csv"
    path.write_text("Use,GFA\nWet labs & advanced manufacturing,500000\n", encoding="utf-8")
    report = gis.validate(gis.read_allocation_table(path), provision=True)
    assert report.verdict == "PASS" and not report.questions["provision"].answered
    assert "provision: no residents known: no residential GFA" in report.status
