"""Plans by date: which plan supersedes which (same plan family with a later number or date,
or a later plan over the same area), and the replacement of S/YL-ST/8 by the 2024 San Tin
Technopole OZP recorded in layers/manifest.yaml, shown wherever the layer or plan is shown.

The renumbered and redrawn plans below are SYNTHETIC TEST FIXTURES made from the shipped
S/YL-ST/8 and S/LMCL/2 (the Board's features with another PLAN_NO and PUB_DATE): not Board data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest
from _ozp_fixtures import board_layer
from click.testing import CliRunner

import cli
import gis
import maps
from gis.ozp import dates

ROOT = Path(__file__).resolve().parents[2]
TPB = ROOT / "layers" / "sources" / "tpb"


def write_plan(folder: Path, source: str, plan_no: str, pub_date: str) -> None:
    """The shipped plan ``source`` renumbered and redated, as the Board's two layers."""
    folder.mkdir(parents=True)
    for kind in ("ZONE", "PLAN_SCHEME_AREA"):
        gdf = board_layer(kind, TPB / source)
        gdf["PLAN_NO"] = plan_no
        if kind == "PLAN_SCHEME_AREA":
            gdf["PUB_DATE"], gdf["APRV_DATE"] = pub_date, pub_date
        pyogrio.write_dataframe(gdf, folder / f"{kind}.geojson", driver="GeoJSON")


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dated")
    write_plan(root / "S_YL-ST_8", "S_YL-ST_8", "S/YL-ST/8", "2006-12-15")
    write_plan(root / "S_YL-ST_9", "S_YL-ST_8", "S/YL-ST/9", "2012-03-02")  # same family, later
    write_plan(root / "S_XX_1", "S_YL-ST_8", "S/XX/1", "2024-03-08")  # another plan, same area
    write_plan(root / "S_LMCL_2", "S_LMCL_2", "S/LMCL/2", "2018-02-09")  # its neighbour only
    return root


def test_plan_family():
    assert dates.plan_family("S/YL-ST/8") == dates.plan_family("s/yl-st/12") == "S/YL-ST"


def test_info_of_several_plans_says_which_supersedes_which(plans_dir):
    info = gis.ozp.describe(plans_dir)
    found = {(s["plan_no"], s["superseded_by"], s["how"]) for s in info["superseded"]}
    assert ("S/YL-ST/8", "S/YL-ST/9", "same plan, later number") in found
    assert ("S/YL-ST/9", "S/XX/1", "overlapping plan area, later date") in found
    assert ("S/YL-ST/8", "S/XX/1", "overlapping plan area, later date") in found
    # the manifest's record of the real successor of S/YL-ST/8
    recorded = [s for s in info["superseded"] if s["how"].startswith("recorded")]
    assert [(s["plan_no"], s["superseded_by"], s["by_date"]) for s in recorded] == [
        ("S/YL-ST/8", "San Tin Technopole OZP", "2024-09-20")
    ]
    # S/LMCL/2 shares only an edge with the others: superseded by nothing, supersedes nothing
    assert all("S/LMCL/2" not in (s["plan_no"], s["superseded_by"]) for s in info["superseded"])
    overlap = next(s for s in info["superseded"] if s["superseded_by"] == "S/XX/1")
    assert overlap["overlap_pct"] == pytest.approx(100, abs=0.5)
    rows = {r["plan_no"]: r["superseded_by"] for r in info["plans"]}
    assert rows["S/XX/1"] == rows["S/LMCL/2"] == ""
    assert rows["S/YL-ST/8"] == "S/YL-ST/9, S/XX/1, San Tin Technopole OZP"


def test_info_table_and_csv_show_it(plans_dir):
    runner = CliRunner()
    r = runner.invoke(cli.main, ["ozp", "info", str(plans_dir)], catch_exceptions=False)
    assert r.exit_code == 0 and "Superseded plans" in r.stdout
    r = runner.invoke(cli.main, ["ozp", "info", str(plans_dir), "--format", "csv"])
    assert r.stdout.splitlines()[0].endswith(",source,superseded_by")


def test_ozp_info_of_s_yl_st_8_says_the_2024_plan_replaced_it():
    info = gis.plan_info(gis.load_plan("S/YL-ST/8"))
    assert info["superseded_by"]["plan_en"] == "San Tin Technopole OZP"
    assert "2024" in info["superseded_by"]["source"]
    r = CliRunner().invoke(cli.main, ["ozp", "info", "S/YL-ST/8", "--format", "markdown"])
    assert "- status: superseded by the San Tin Technopole OZP (approved 2024-09-20)" in r.stdout
    assert "新田科技城" in r.stdout
    assert gis.plan_info(gis.load_plan("S/LMCL/2"))["superseded_by"] is None


@pytest.mark.parametrize("name", ["santin.ozp_2006", "tpb:S/YL-ST/8"])
def test_layers_show_says_it_too(name):
    r = CliRunner().invoke(cli.main, ["layers", "show", name, "--format", "json"])
    desc = json.loads(r.stdout)
    assert desc["superseded_by"].startswith("superseded by the San Tin Technopole OZP")
    assert "2024-02-23" in desc["superseded_source"]
    r = CliRunner().invoke(cli.main, ["layers", "show", "loop.ozp", "--format", "json"])
    assert "superseded_by" not in json.loads(r.stdout)


def test_the_map_legend_marks_the_superseded_layer():
    from maps._labels import accuracy_mark

    old, current = gis.load_layer("santin.ozp_2006"), gis.load_layer("loop.ozp")
    assert accuracy_mark(old, "both") == " — official · 官方 — superseded · 已被取代"
    assert accuracy_mark(current, "en") == " — official"
    page = maps.offline_html(maps.site_map("santin", lang="en"))
    assert "superseded" in page


def test_the_layers_list_and_the_map_tooltips_say_the_plan_is_superseded():
    from click.testing import CliRunner

    import cli
    from maps._tips import feature_rows

    rows = json.loads(CliRunner().invoke(cli.main, ["layers", "list", "--format", "json"]).stdout)
    status = {r["name"]: r["status"] for r in rows}
    assert status["santin.ozp_2006"].startswith("superseded by the San Tin Technopole OZP")
    assert status["loop.ozp"] == ""  # S/LMCL/2 is in force
    table = CliRunner().invoke(cli.main, ["layers", "list"], env={"COLUMNS": "250"}).stdout
    assert "superseded by the San Tin Technopole OZP (approved 2024-09-20)" in table
    old = " ".join(feature_rows({"plan_no": "S/YL-ST/8", "accuracy": "official"}, "both"))
    assert "Plan status 圖則狀況" in old and "superseded by the San Tin Technopole OZP" in old
    assert "已由新田科技城分區計劃大綱圖取代" in old
    live = " ".join(feature_rows({"plan_no": "S/LMCL/2", "accuracy": "official"}, "en"))
    assert "superseded" not in live


def test_a_report_on_a_superseded_plan_says_so():
    from click.testing import CliRunner

    import cli

    args = ["validate", "--site", "santin.ozp_2006/st_16"]
    r = CliRunner().invoke(cli.main, [*args, "--format", "json"])
    inputs = json.loads(r.stdout)["inputs"]
    assert inputs["site"]["superseded_by"].startswith("superseded by the San Tin Technopole OZP")
    text = CliRunner().invoke(cli.main, args, env={"COLUMNS": "200"}).stdout
    assert "site: superseded by the San Tin Technopole OZP (approved 2024-09-20)" in text
    loop = json.loads(CliRunner().invoke(cli.main, ["validate", "--format", "json"]).stdout)
    assert not any("superseded_by" in rec for rec in loop["inputs"].values())
