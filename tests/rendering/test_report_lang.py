"""Validation reports in the planner's language: English, Traditional Chinese or both."""

from __future__ import annotations

import dataclasses
import io

import pytest
from click.testing import CliRunner
from rich.console import Console

import cli
import gis
import maps
from maps import _i18n as i18n


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    return gis.validate()


@pytest.fixture(scope="module")
def failing(report: gis.ValidationReport) -> gis.ValidationReport:
    bad = gis.Issue("site.zone_over_capacity", "error", "zone ai_data: 300,000 m² > 250,589 m²")
    return dataclasses.replace(report, issues=[*report.issues, bad])


def test_headers_are_readable_with_units_in_each_language(report: gis.ValidationReport) -> None:
    en = maps.render_report(report, "markdown", "en")
    zh = maps.render_report(report, "markdown", "zh")
    both = maps.render_report(report, "markdown", "both")
    header = next(ln for ln in en.splitlines() if ln.startswith("| Zone id"))
    assert "GFA (m²)" in header and "Capacity (m²)" in header and "_" not in header
    assert "總樓面面積" not in en
    header = next(ln for ln in zh.splitlines() if ln.startswith("| 分區編號"))
    assert "總樓面面積（平方米）" in header and "_" not in header and "GFA" not in header
    assert "GFA (m²) / 總樓面面積（平方米）" in both


def test_zone_and_use_names_follow_the_language(report: gis.ValidationReport) -> None:
    en = maps.render_report(report, "markdown", "en")
    zh = maps.render_report(report, "markdown", "zh")
    assert "Life & Health Technology" in en and "生命健康科技區" not in en
    assert "生命健康科技區" in zh and "Life & Health Technology" not in zh
    assert "濕實驗室及先進製造" in zh and "Wet labs & advanced manufacturing" in en


def test_status_count_line_and_sections_are_in_traditional_chinese(
    report: gis.ValidationReport,
) -> None:
    zh = maps.render_report(report, "markdown", "zh")
    assert "# 驗證報告" in zh and "## 4. 各分區容量使用" in zh and "## 5. 檢查結果" in zh
    assert "通過（已回答：用地及分區；部分：" in zh and "項未執行" in zh and "採用假設" in zh
    assert zh.rstrip().endswith("0 個錯誤，2 個警告")  # ai_data, small_urban_living: implausible


def test_one_number_format_thousands_and_percent(report: gis.ValidationReport) -> None:
    md = maps.render_report(report, "markdown", "en")
    assert "1,000,000 m²" in md and "42.70 ha" in md
    assert "52.0%" in md  # a share in percent, like capacity use
    assert "| 0.7127" not in md and "0.584116" not in md


def test_failures_are_coloured_and_marked_in_html(failing: gis.ValidationReport) -> None:
    page = maps.render_report(failing, "html", "zh")
    assert '<li class="error">✖ 錯誤 · ' in page
    assert "status-fail" in page and "不通過" in page and 'lang="zh-Hant-HK"' in page


def test_failures_are_marked_in_the_terminal(failing: gis.ValidationReport) -> None:
    buf = io.StringIO()
    maps.print_report(failing, Console(file=buf, width=250, force_terminal=True), lang="zh")
    out = buf.getvalue()
    assert "✖" in out and "錯誤" in out and "\x1b[1;31m" in out  # bold red
    assert "1 個錯誤" in out


def test_status_line_translation_keeps_the_counts() -> None:
    status = "PASS (partial: 3 of 12 checks not run, 1 run in part; uses assumptions)"
    assert i18n.status_text(status, "zh") == (
        "通過（部分：12 項檢查中 3 項未執行，1 項部分執行；採用假設）"
    )
    assert i18n.status_text("FAIL", "zh") == "不通過"
    assert i18n.status_text(status, "en") == status


def test_cli_validate_lang_zh() -> None:
    r = CliRunner().invoke(cli.main, ["validate", "--lang", "zh", "--format", "markdown"])
    assert r.exit_code == 0, r.output
    assert "總樓面面積（平方米）" in r.stdout and "生命健康科技區" in r.stdout


def test_user_strings_stay_escaped_in_every_language(report: gis.ValidationReport) -> None:
    bad = "<script>alert(1)</script>"
    tampered = dataclasses.replace(report, issues=[gis.Issue("x.y", "warning", bad, source=bad)])
    for lang in ("en", "zh", "both"):
        page = maps.render_report(tampered, "html", lang)
        assert "<script>alert" not in page and "&lt;script&gt;" in page
