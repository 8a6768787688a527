"""Validation findings in the planner's language: every check's message in Traditional Chinese
(with --lang zh no English sentence is left) and in both languages with --lang both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import gis
from gis import registry
from maps import _i18n as i18n
from maps.reports._report_view import report_view

ROOT = Path(__file__).resolve().parents[2]
TABLES = sorted(
    p
    for folder in (ROOT / "tests/data/tables", ROOT / "tests/corpus/tables")
    for p in folder.iterdir()
    if p.suffix in (".csv", ".tsv", ".md", ".txt", ".xlsx")
)


def readable(path: Path):
    try:
        return gis.read_allocation_table(path)
    except gis.InputError:
        return None


def english_left(text: str) -> list[str]:
    """English words in a Chinese message, once quoted user text and codes are taken out."""
    text = re.sub(r"「[^」]*」|'[^']*'", " ", text)  # names as the user wrote them
    text = re.sub(r"--[a-z-]+", " ", text)  # command-line options
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", text)
    return [w for w in words if not re.search(r"[_\d.]|^-", w) and len(w) > 2]


def zh_findings(report: gis.ValidationReport) -> list[tuple[str, str]]:
    t = report_view(report, "zh").table("findings")
    assert t is not None
    return [(i.check, msg) for i, msg in zip(report.issues, t.frame["message"], strict=True)]


def test_every_check_in_the_library_has_a_chinese_message():
    """Every message code the registry declares has its Chinese template, and no template is
    left for a code no check writes (see also tests/registry/test_registry.py)."""
    codes = {code for c in registry.CHECKS.values() for code in c.codes}
    assert len(codes) > 35
    assert sorted(codes - set(i18n.FINDINGS)) == []
    assert sorted(set(i18n.FINDINGS) - codes) == []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_no_english_finding_text_is_left_in_chinese(path):
    table = readable(path)
    if table is None:
        return  # an unreadable table is one error line, not a report
    report = gis.validate(table, rules=gis.Rules(max_plot_ratio=1.0))
    for check, msg in zh_findings(report):
        assert english_left(msg) == [], (check, msg)


@pytest.mark.parametrize(
    "scenario", ["ai-30pct", "wetlab-heavy", "baseline-540k", "table-3-1"], ids=str
)
def test_site_and_zone_findings_of_the_scenarios_are_chinese(scenario):
    report = gis.load_scenario(scenario).evaluate()
    for check, msg in zh_findings(report):
        assert english_left(msg) == [], (check, msg)


def test_site_limits_and_geometry_findings_are_chinese(tmp_path):
    report = gis.validate(
        rules=gis.Rules(max_plot_ratio=1.0, total_gfa_m2=900_000, share_tol_pct=0.5)
    )
    checks = {i.check for i in report.issues}
    assert "site.plot_ratio_exceeded" in checks
    for check, msg in zh_findings(report):
        assert english_left(msg) == [], (check, msg)
    geometry = [
        gis.Issue(
            "geometry.overlap",
            "error",
            "zone a and b overlap by 10 m²",
            params={"what": "zone", "a": "a_1", "b": "b_2", "m2": 10.0},
        ),
        gis.Issue(
            "geometry.gap",
            "warning",
            "zones leave 1.00 ha (2.0%) of the site uncovered (tolerance 1%)",
            params={"ha": 1.0, "pct": 2.0, "tol_pct": 1.0},
        ),
    ]
    assert [i18n.finding(i, "zh") for i in geometry] == [
        "分區 a_1 與 b_2 重疊 10 平方米",
        "分區未覆蓋用地的 1.00 公頃（2.0%）（容許 1%）",
    ]


def test_the_zone_over_capacity_names_the_zone_in_chinese():
    report = gis.load_scenario("ai-30pct").evaluate()
    over = next(i for i in report.issues if i.check == "site.zone_over_capacity")
    zh = i18n.finding(over, "zh")
    assert zh.startswith("分區「ai_data」（人工智能與數據科學區）：")
    assert "超出其容量 250,589 平方米" in zh


def test_with_both_each_finding_shows_english_then_chinese():
    report = gis.validate(gis.read_allocation_table(ROOT / "tests/data/tables/shares_99.tsv"))
    t = report_view(report, "both").table("findings")
    for issue, msg in zip(report.issues, t.frame["message"], strict=True):
        assert msg.startswith(issue.message + " / ")
        assert re.search(r"[\u4e00-\u9fff]", msg.split(" / ", 1)[1])


def test_cli_validate_lang_zh_writes_chinese_findings():
    r = CliRunner().invoke(
        cli.main,
        ["validate", "tests/data/tables/shares_99.tsv", "--lang", "zh", "--format", "markdown"],
    )
    assert r.exit_code == 1, r.output
    assert "佔比合計 99%，應為 100% ± 0.5 個百分點" in r.stdout
    assert "shares sum to" not in r.stdout


def test_json_and_csv_keep_english_messages_and_carry_the_code():
    report = gis.validate(gis.read_allocation_table(ROOT / "tests/data/tables/shares_99.tsv"))
    issue = next(i.to_dict() for i in report.issues if i.check == "table.shares_sum")
    assert issue["message"].startswith("column share_pct: shares sum to 99%")
    assert issue["params"] == {"total": pytest.approx(99.0), "tol": 0.5}
    assert "params" not in report.to_frame().columns


def test_a_finding_made_by_hand_without_params_keeps_its_english_message():
    bare = gis.Issue("site.zone_over_capacity", "error", "zone x: 3 m² > 2 m²")
    assert i18n.finding(bare, "zh") == "zone x: 3 m² > 2 m²"
