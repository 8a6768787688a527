"""Every stated figure holds on the encoded layers, and each check can fail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gis
from gis import catalog
from gis.facts import FACTS, Fact

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table():
    return gis.check_facts()


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_stated_fact_holds_on_the_embedded_data(fact, table):
    row = table.loc[fact.id]
    assert row.passed, f"{fact.id}: stated {fact.value} {fact.unit}, measured {row.measured}"


def test_every_fact_cites_a_source_and_a_unit():
    for f in FACTS:
        assert f.source and f.unit and f.description, f.id
    assert len({f.id for f in FACTS}) == len(FACTS)


def test_the_headline_figures_are_registered():
    ids = {f.id for f in FACTS}
    for must in ("loop.area_ha", "loop.phase1_gfa_m2", "loop.height_min_mpd",
                 "loop.height_max_mpd", "santin.area_ha", "santin.wetland_park_ha",
                 "santin.it_land_with_loop_ha", "loop.lh_ntam_land_share_pct"):
        assert must in ids


@pytest.mark.parametrize(
    ("comparison", "value", "tol", "relative", "measured", "ok"),
    [
        ("about", 87, 0.01, True, 87.8, True),
        ("about", 87, 0.01, True, 88.0, False),
        ("about", 0, 300, False, 301, False),
        ("at_most", 6, 0, False, 7, False),
        ("at_least", 200, 0, False, 199, False),
        ("about", 1, 0, False, float("nan"), False),
    ],
)
def test_fact_comparison_can_fail(comparison, value, tol, relative, measured, ok):
    f = Fact("x", "x", value, "u", "s", lambda: measured, tol, relative, comparison)
    assert f.holds(measured) is ok


def _copy_layers(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", dst)
    return dst


def test_a_shrunken_loop_fails_its_area_fact(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    path = dst / "loop_boundary.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    cx = sum(p[0] for p in ring) / len(ring)
    cy = sum(p[1] for p in ring) / len(ring)
    data["features"][0]["geometry"]["coordinates"][0] = [
        [cx + 0.97 * (x - cx), cy + 0.97 * (y - cy)] for x, y in ring]  # about -6 % area
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(catalog.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["loop.area_ha", "passed"]
    assert t.loc["loop.area_ha", "measured"] == pytest.approx(87 * 0.97**2, rel=0.002)


def test_an_edited_table_3_1_fails_its_facts(tmp_path, monkeypatch):
    dst = _copy_layers(tmp_path)
    path = dst / "loop_gfa_phase1.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("520000", "530000"),
                    encoding="utf-8")
    monkeypatch.setenv(catalog.LAYERS_ENV, str(dst))
    t = gis.check_facts()
    assert not t.loc["table31.wet_lab_mfg.gfa_m2", "passed"]
    assert not t.loc["loop.phase1_gfa_m2", "passed"]
    assert t.loc["table31.dry_lab_office.gfa_m2", "passed"]
