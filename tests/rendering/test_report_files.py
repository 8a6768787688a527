"""The PDF and XLSX validation reports a planner sends: opened and read back."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import gis
import maps
from maps._paper_header import today
from maps.reports.pdf_report import report_date, write_report_pdf


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    bad = gis.Issue("site.zone_over_capacity", "error", "zone ai_data over capacity")
    warn = gis.Issue("table.shares_sum", "warning", "shares sum to 99.5%")
    r = gis.validate()
    return dataclasses.replace(r, issues=[*r.issues, bad, warn])


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_report_in_chinese_has_searchable_text(
    report: gis.ValidationReport, tmp_path: Path
) -> None:
    out = write_report_pdf(
        report, tmp_path / "r.pdf", lang="zh", project="河套 Phase 1", date="2026-11-22"
    )
    text = " ".join(pdf_text(out).split())
    solid = "".join(text.split())  # a table header may wrap between two characters
    for words in (
        "驗證報告",
        "河套 Phase 1",
        "2026-11-22",
        "總樓面面積（平方米）",
        "生命健康科技區",
        "各分區容量使用",
        "不通過",
        "1 個錯誤，3 個警告",  # and the two zones of implausible plot ratio
        "地圖",
    ):
        assert words.replace(" ", "") in solid, words
    for key, item in report.inputs.items():
        assert item["sha256"] in text.replace("\n", ""), key


def test_pdf_report_title_block_findings_capacity_and_map(
    report: gis.ValidationReport, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = write_report_pdf(report, tmp_path / "r.pdf", lang="en")
    reader = PdfReader(out)
    first = reader.pages[0].extract_text()
    assert "Validation report" in first and f"Date: {today()}" in first and "Verdict" in first
    words = " ".join(pdf_text(out).split())  # headers wrap in their columns
    assert "zone ai_data over capacity" in words and "Findings" in words
    assert "Capacity (m²)" in words and "GFA (m²)" in words and "194,694" in words
    assert reader.pages[0].images, "the map is on the first page, under the key figures"
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595, abs=1)
    fonts = str(reader.pages[0]["/Resources"]["/Font"].values())
    assert fonts  # embedded fonts; text above came out of them
    assert "CreationDate" not in str(reader.metadata or {})


def test_pdf_report_is_deterministic_and_dated_by_source_date_epoch(
    report: gis.ValidationReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = write_report_pdf(report, tmp_path / "a.pdf", include_map=False)
    b = write_report_pdf(report, tmp_path / "b.pdf", include_map=False)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    assert report_date() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    assert report_date() == "2025-01-01"
    assert "2025-01-01" in pdf_text(write_report_pdf(report, tmp_path / "c.pdf", include_map=False))


def test_xlsx_report_sheets_headers_formats_panes_and_filter(
    report: gis.ValidationReport, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = maps.write_report(report, tmp_path / "r.xlsx", lang="zh")
    wb = load_workbook(out)
    assert wb.sheetnames == ["摘要", "所讀取的分配表", "分區", "用途", "檢查結果", "檢查清單"]
    zones = wb["分區"]
    headers = [c.value for c in zones[1]]
    assert "總樓面面積（平方米）" in headers and "容量使用率" in headers
    assert all(c.font.bold for c in zones[1])
    gfa = zones.cell(2, headers.index("總樓面面積（平方米）") + 1)
    assert isinstance(gfa.value, float) and gfa.number_format == "#,##0"
    use = zones.cell(2, headers.index("容量使用率") + 1)
    assert use.number_format == "0.0%" and 0 <= use.value <= 1.5
    assert zones["B2"].value == "第一批次發展" and zones.freeze_panes == "B2"
    findings = wb["檢查結果"]
    assert findings.auto_filter.ref == f"A1:D{findings.max_row}"
    assert [c.value for c in findings["A"]][1:] == ["資訊", "警告", "警告", "錯誤", "警告"]
    assert findings.freeze_panes == "B2"
    shares = wb["用途"]
    head = [c.value for c in shares[1]]
    share = shares.cell(2, head.index("佔比") + 1)
    assert share.value == pytest.approx(0.52) and share.number_format == "0.0%"
    summary = [c.value for c in wb["摘要"]["C"] if c.value]
    assert report.inputs["table"]["sha256"] in summary


def test_xlsx_report_is_the_same_file_twice(report: gis.ValidationReport, tmp_path: Path) -> None:
    a = maps.write_report(report, tmp_path / "a.xlsx").read_bytes()
    b = maps.write_report(report, tmp_path / "b.xlsx").read_bytes()
    assert a == b


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_cli_validate_out_suffix_picks_the_format(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report{suffix}"
    r = CliRunner().invoke(cli.main, ["validate", "--lang", "both", "--out", str(out)])
    assert r.exit_code == 0, r.output
    head = out.read_bytes()[:4]
    assert head == (b"%PDF" if suffix == ".pdf" else b"PK\x03\x04")
    again = CliRunner().invoke(cli.main, ["validate", "--out", str(out)])
    assert again.exit_code == 2 and "exists" in again.stderr
