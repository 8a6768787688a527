"""Residents and open space in compare; a scenario's own planning parameters (``provision:``)."""

from __future__ import annotations

import pytest

import gis
from gis.errors import ScenarioError

BASE = """name: {name}
base: embedded
total_gfa_m2: 1000000
shares: {{wet_lab_mfg: 52, dry_lab_office: 22, uir: 5, talent_housing: 10, commercial_mixed: 11}}
"""
OPEN_SPACE_2_5 = """provision:
  standards:
    open_space_total:
      value: 2.5
      status: illustrative
      source: Hong Kong 2030+ (2016) proposal
"""


def _rows(comp: gis.Comparison, label: str) -> dict[str, float]:
    t = comp.frame.reset_index()
    ind = t[t.section == "indicator"].set_index("item")
    return {str(k): float(v) for k, v in ind[label].items()}


def test_compare_shows_residents_and_the_open_space_2_5_scenario_against_today(tmp_path):
    proposal = tmp_path / "os25.yaml"
    proposal.write_text(BASE.format(name="os25") + OPEN_SPACE_2_5, encoding="utf-8")
    comp = gis.comparison(["table-3-1", str(proposal)])
    today, prop = _rows(comp, "table-3-1"), _rows(comp, "os25")
    residents = 100_000 / 55 * 3.0  # talent housing / GFA per flat × persons per flat
    assert today["residents"] == pytest.approx(residents)
    assert today["open_space_need"] == pytest.approx(2.0 * residents)
    assert prop["open_space_need"] == pytest.approx(2.5 * residents)
    assert today["open_space_provided"] == prop["open_space_provided"] > 0
    assert today["open_space_shortfall"] == 0.0


def test_a_scenario_with_provision_has_the_provision_checks_in_its_validation(tmp_path):
    path = tmp_path / "os25.yaml"
    path.write_text(BASE.format(name="os25") + OPEN_SPACE_2_5, encoding="utf-8")
    report = gis.load_scenario(path).evaluate()
    assert "provision" in report.questions
    row = report.provision.set_index("standard").loc["open_space_total"]
    assert row.need == pytest.approx(2.5 * 100_000 / 55 * 3.0)


def test_a_bad_provision_key_in_a_scenario_names_its_line_and_key(tmp_path):
    path = tmp_path / "bad.yaml"
    bad = OPEN_SPACE_2_5.replace("value: 2.5", "value: -1")
    path.write_text(BASE.format(name="bad") + bad, encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        gis.load_scenario(path)
    assert "line 8" in str(e.value) and "provision.standards.open_space_total.value" in str(e.value)


def test_compare_with_planning_parameters_puts_the_provision_checks_in_every_validation(tmp_path):
    homes = tmp_path / "homes.yaml"
    homes.write_text("population:\n  homes: {value: 52000}\n", encoding="utf-8")
    comp = gis.comparison(["table-3-1", "wetlab-heavy"], provision=gis.load_provision(homes))
    for label, report in zip(comp.labels, comp.reports, strict=True):
        assert report.summary["residents"] == pytest.approx(156_000), label  # 52,000 × 3.0
        failed = {i.check for i in report.errors}
        assert "provision.open_space_total" in failed, label  # 31.2 ha needed, 4.4 ha given
    rows = _rows(comp, "table-3-1")
    assert rows["open_space_need"] == pytest.approx(312_000.0)
    assert rows["open_space_shortfall"] == pytest.approx(312_000.0 - rows["open_space_provided"])


def test_compare_runs_on_the_shipped_san_tin_project_at_2_and_2_5_m2_per_person():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "provision"
    comp = gis.comparison([str(docs / "santin-2.0.yaml"), str(docs / "santin-2.5.yaml")])
    today, prop = _rows(comp, "santin-2.0"), _rows(comp, "santin-2.5")
    residents = 52_000 * 3.0  # stated homes × persons per flat
    assert today["residents"] == pytest.approx(residents) == prop["residents"]
    assert today["open_space_need"] == pytest.approx(312_000)  # 31.2 ha at 2 m² per person
    assert prop["open_space_need"] == pytest.approx(390_000)  # 39 ha at 2.5 m² per person
    assert today["jobs"] == pytest.approx(4_900_000 / 30)  # I&T GFA / 30 m² per job (assumed)
    sc = gis.load_scenario(docs / "santin-2.5.yaml")
    assert sc.project.zones.attrs["accuracy"] == "schematic"
    assert set(sc.project.zones.accuracy) == {"schematic"}
    report = sc.evaluate()
    assert "provision" in report.questions
    row = report.provision.set_index("standard").loc["open_space_total"]
    assert row.need == pytest.approx(390_000)
