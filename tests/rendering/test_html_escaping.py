"""Every HTML writer escapes what a planner typed: a table row, a scenario name, a zone name.

The hostile labels are a ``<script>`` element and an attribute break-out (``"><img ...>``).
Each page must hold them only escaped (as text: ``&lt;`` in the page, ``&amp;lt;`` inside an
iframe's ``srcdoc``, ``\\u003c`` in JSON), and must hold them: a page that dropped the label
would pass the first assertion for the wrong reason.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import gis
import maps

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
LAYERS = Path(gis.__file__).resolve().parent.parent / "layers"
TABLE = (
    "Use\tGFA (m²)\tRemarks\n"
    f"Wet labs and advanced manufacturing\t520000\t{SCRIPT}\n"
    f"{SCRIPT}\t220000\t{BREAKOUT}\n"
    f"{BREAKOUT}\t260000\tok\n"
)


def assert_only_escaped(page: str) -> None:
    """No live tag from the hostile labels, and both labels present as text."""
    assert not re.search(r"<script>\s*alert", page, re.I), "a live <script> from user text"
    assert not re.search(r"<img\s+src=x", page, re.I), "a live <img> from user text"
    assert 'x onerror=alert(1)">' not in page
    assert (
        "alert(1)&lt;/script&gt;" in page
        or "alert(1)&amp;lt;/script&amp;gt;" in page
        or ("alert(1)\\u003c/script\\u003e" in page)
    )
    assert "img src=x onerror=alert(1)" in page  # the label is there, as text


def _hostile_zones():
    zones = gis.load_layer("loop.zones").copy()
    zones.loc[zones.zone_id == "life_health", "name_en"] = BREAKOUT
    zones.loc[zones.zone_id == "ai_data", "name_en"] = SCRIPT
    zones.attrs.update(gis.load_layer("loop.zones").attrs)
    return zones


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    """Hostile row labels and remarks, on zones with hostile names (Table 3.1's mapping)."""
    report = gis.validate(
        TABLE, zones=_hostile_zones(), use_zones=str(LAYERS / "loop_use_zones.csv")
    )
    assert BREAKOUT in report.zones.name_en.tolist()  # the zones reach the report
    return report


@pytest.fixture(scope="module")
def hostile_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hand-written scenario named ``<script>...`` on a project whose zones have hostile names."""
    tmp = tmp_path_factory.mktemp("hostile")
    project = tmp / "project"
    shutil.copytree(LAYERS, project, ignore=shutil.ignore_patterns("sources", "scenarios", "_*"))
    zones = json.loads((project / "loop_zones.geojson").read_text(encoding="utf-8"))
    for feature in zones["features"]:
        if feature["properties"]["zone_id"] == "life_health":
            feature["properties"]["name_en"] = BREAKOUT
            feature["properties"]["name_zh"] = SCRIPT
    (project / "loop_zones.geojson").write_text(json.dumps(zones), encoding="utf-8")
    path = tmp / "s.yaml"
    path.write_text(
        f"name: '{SCRIPT} {BREAKOUT}'\nbase: project\nnotes: '{SCRIPT}'\ntotal_gfa_m2: 900000\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def comp(hostile_scenario: Path) -> gis.Comparison:
    return gis.comparison(["table-3-1", str(hostile_scenario)])


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_the_validation_page_holds_hostile_rows_and_zone_names_only_escaped(report, lang):
    assert_only_escaped(maps.render_report(report, "html", lang))


def test_the_validation_html_file_and_notebook_card_escape_them_too(report, tmp_path):
    out = tmp_path / "r.html"
    maps.write_report(report, out)
    assert_only_escaped(out.read_text(encoding="utf-8"))
    card = maps.html_card(report)
    assert not re.search(r"<script>\s*alert|<img\s+src=x", card, re.I)


def test_the_comparison_page_escapes_a_hostile_scenario_and_zone_name(comp, tmp_path):
    assert_only_escaped(maps.comparison_html(comp))
    out = maps.write_comparison(comp.scenarios, tmp_path / "c.html")
    assert_only_escaped(out.read_text(encoding="utf-8"))
    card = maps.html_card(comp)
    assert not re.search(r"<script>\s*alert|<img\s+src=x", card, re.I)


def test_the_diff_maps_escape_a_hostile_scenario_and_zone_name(comp, tmp_path):
    assert_only_escaped(maps.diff_map_html(comp, 1))
    for page in maps.write_diff_maps(comp, tmp_path / "diff"):
        if Path(page).suffix == ".html":
            assert_only_escaped(Path(page).read_text(encoding="utf-8"))


def test_the_zone_map_escapes_hostile_zone_names_and_validation_rows(report, tmp_path):
    zones = _hostile_zones()
    m = maps.zone_map({"zones": zones}, validation=report, problems=report.problems)
    assert_only_escaped(maps.offline_html(m))
    out = maps.save_map(m, tmp_path / "m.html")
    assert_only_escaped(Path(out).read_text(encoding="utf-8"))


def test_a_map_of_a_validation_that_reached_no_zone_is_drawn_not_a_crash():
    # user zones and no use-to-zone mapping: no GFA reaches a zone, no zone has a result (ids
    # of their own: zones carrying loop.zones' ids on Loop Phase 1 take its mapping)
    zones = _hostile_zones()
    zones["zone_id"] = "user_" + zones["zone_id"]
    report = gis.validate(TABLE, zones=zones)
    assert report.zones is not None and len(report.zones) == 0
    page = maps.offline_html(maps.zone_map({"zones": zones}, validation=report))
    assert_only_escaped(page)


def test_the_massing_page_escapes_a_hostile_scenario_and_zone_names(
    hostile_scenario, report, tmp_path
):
    assert_only_escaped(maps.massing_html([str(hostile_scenario)]))
    out = maps.write_massing(tmp_path / "m.html", ["table-3-1", report], title=SCRIPT)
    assert_only_escaped(out.read_text(encoding="utf-8"))
