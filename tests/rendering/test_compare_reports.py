"""The scenario comparison for planners: in English, Traditional Chinese or both, as a formatted
workbook and a PDF with a title block; uses and zones by name, not id (maps.comparison.compare,
maps.comparison.charts).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

import gis
import maps
from cli import main
from maps._paper_header import today

WET_LAB_ZH = "濕實驗室及先進製造"
AI_ZONE_ZH = "人工智能與數據科學區"


@pytest.fixture(scope="module")
def comp():
    return gis.comparison(["table-3-1", "ai-30pct"])


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def workbook(data: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_workbook_has_one_formatted_sheet_per_table_in_chinese(comp):
    wb = workbook(maps.render_comparison(comp, "xlsx", lang="zh"))
    assert wb.sheetnames == [
        "驗證",
        "用途",
        "用地",
        "分區",
        "指標",
        "錯誤及警告",
        "未執行的檢查及原因",
        "輸入檔案",
        "附註",
    ]
    uses = wb["用途"]
    assert [c.value for c in uses[1]] == ["名稱", "量度", "table-3-1", "ai-30pct", "Δ ai-30pct"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("E7E6E6") for c in uses[1])
    assert uses["A2"].value == WET_LAB_ZH and uses["B2"].value == "總樓面面積（平方米）"
    assert uses["C2"].value == 520_000 and uses["C2"].number_format == "#,##0"
    assert uses["C3"].value == pytest.approx(0.52) and uses["C3"].number_format == "0.0%"
    assert uses.freeze_panes == "C2" and uses.auto_filter.ref == "A1:E11"
    zones = wb["分區"]
    names = [c.value for c in zones["A"]]
    assert AI_ZONE_ZH in names and "ai_data" not in names


def test_a_zone_over_capacity_is_bold_red_and_errors_are_filled_and_filtered(comp):
    wb = workbook(maps.render_comparison(comp, "xlsx", lang="en"))
    zones = wb["Zones"]
    row = [r for r in zones.iter_rows(min_row=2) if r[0].value == "AI & Data Science"][1]
    assert row[1].value == "Capacity use" and row[3].value > 1
    assert row[3].font.bold and row[3].font.color.rgb.endswith("B00020")  # ai-30pct: over
    assert not row[2].font.bold  # table-3-1 is within capacity
    issues = wb["Errors and warnings"]
    assert issues.auto_filter.ref and issues["B1"].value == "Severity"
    errors = [r for r in issues.iter_rows(min_row=2) if r[1].value == "error"]
    assert errors and all(c.fill.fgColor.rgb.endswith("FDE8E8") for c in errors[0])


def test_text_cells_of_the_workbook_never_run_as_formulas(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text("name: '=HYPERLINK(1)'\nbase: embedded\n", encoding="utf-8")
    wb = workbook(maps.render_comparison(gis.comparison([evil, "table-3-1"]), "xlsx"))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert any(c.value == "'=HYPERLINK(1)" for c in cells)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_same_comparison_gives_the_same_bytes(comp, fmt, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = maps.render_comparison(comp, fmt, lang="both")
    assert first == maps.render_comparison(comp, fmt, lang="both")


def test_the_pdf_has_a_title_block_tables_and_charts_in_chinese(comp, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = maps.render_comparison(comp, "pdf", lang="zh")
    text = pdf_text(data)
    assert "方案比較：table-3-1、ai-30pct" in text
    assert "河套香港園區" in text and f"日期: {today()}" in text  # project; dated today
    assert comp.scenarios[1].sha256 in text
    assert WET_LAB_ZH in text and AI_ZONE_ZH in text and "| wet_lab_mfg" not in text
    assert "錯誤及警告" in text and "圖表" in text
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(data)).pages) >= 2
    bare = maps.render_comparison(comp, "pdf", lang="zh", charts=False)
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(bare)).pages) == 0


def test_the_pdf_prints_the_date_and_project_given(comp):
    text = pdf_text(
        maps.render_comparison(comp, "pdf", project="San Tin review", date="2026-03-01")
    )
    assert "Project: San Tin review" in text and "Date: 2026-03-01" in text
    assert "Wet labs & advanced manufacturing" in text and "AI & Data Science" in text


def test_charts_name_uses_and_zones_in_the_language_asked(comp, monkeypatch):
    import maps.comparison.charts as charts

    seen = []
    real = charts.grouped_bars

    def spy(categories, series, **kw):
        seen.append((categories, kw))
        return real(categories, series, **kw)

    monkeypatch.setattr(charts, "grouped_bars", spy)
    charts.gfa_by_use_png(comp, "zh")
    charts.zone_use_png(comp, "both")
    (uses, kw_uses), (zones, kw_zones) = seen
    assert uses[0] == WET_LAB_ZH and kw_uses["title"] == "各用途總樓面面積"
    assert "AI & Data Science / " + AI_ZONE_ZH in zones and "ai_data" not in zones
    assert kw_zones["font"]  # a CJK family for the Chinese names


def test_cli_compare_writes_pdf_by_suffix_and_markdown_in_chinese(tmp_path):
    r = run("compare", "table-3-1", "ai-30pct", "--lang", "zh", "--out", str(tmp_path / "c.pdf"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c.pdf").read_bytes()[:5] == b"%PDF-"
    r = run("compare", "table-3-1", "ai-30pct", "--lang", "zh", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert WET_LAB_ZH in r.stdout and "| wet_lab_mfg" not in r.stdout
    assert "## 各用途的總樓面面積及佔比" in r.stdout
    r = run("compare", "table-3-1", "ai-30pct", "--lang", "both")
    assert "Item / 名稱" in r.stdout and "Capacity use / 容量使用率" in r.stdout
    assert "✖ 107.2%" in r.stdout  # the zone over capacity is marked


def test_cli_compare_csv_keeps_codes_but_translates_headers(tmp_path):
    en = pd.read_csv(io.StringIO(run("compare", "table-3-1", "ai-30pct", "--format", "csv").stdout))
    zh = run("compare", "table-3-1", "ai-30pct", "--format", "csv", "--lang", "zh").stdout
    zh_df = pd.read_csv(io.StringIO(zh))
    assert list(en.columns[:3]) == ["section", "item", "measure"]
    assert list(zh_df.columns[:3]) == ["部分", "名稱", "量度"]
    assert (zh_df.iloc[:, 1] == en["item"]).all()  # cells stay data


def test_html_comparison_in_chinese_is_marked_as_such(comp):
    page = maps.render_comparison(comp, "html", charts=False, maps=False, lang="zh")
    assert '<html lang="zh-Hant-HK">' in page and "<h2>假設及附註</h2>" in page
    assert WET_LAB_ZH in page


def test_a_change_of_share_is_written_in_percentage_points(comp):
    from rich.console import Console

    out = Console(file=io.StringIO(), width=200)
    maps.print_comparison(comp, console=out)
    rows = out.file.getvalue().splitlines()
    dry = next(r for r in rows if "Dry labs & offices" in r and "Share" in r)
    assert dry.rstrip(" │").endswith("8.0 pp"), dry  # 22% -> 30%: 8 points, not 8%
    used = next(r for r in rows if "Building envelope" in r and "Capacity use" in r)
    assert used.rstrip(" │").endswith(" pp"), used
    assert "22.0%" in dry and "30.0%" in dry  # the shares themselves stay in per cent
    ws = workbook(maps.render_comparison(comp, "xlsx"))["Uses"]
    fmts = {c.number_format for row in ws.iter_rows(min_row=2) for c in row[3:]}
    assert '0.0" pp"' in fmts


def _all_text(comp, fmt: str, lang: str) -> str:
    """The text a reader sees in ``fmt`` (terminal: a rich console's output)."""
    if fmt == "terminal":
        from rich.console import Console

        con = Console(record=True, width=400, force_terminal=False)
        maps.print_comparison(comp, con, lang=lang)
        return con.export_text()
    data = maps.render_comparison(comp, fmt, lang=lang, charts=False, maps=False)
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "xlsx":
        wb = workbook(data)  # the sheets' names, then their cells
        return "\n".join(wb.sheetnames) + "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
        )
    return data


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "pdf", "xlsx", "json", "csv"])
def test_every_format_lists_the_checks_not_run_and_why_once_for_all_scenarios(comp, fmt):
    text = " ".join(_all_text(comp, fmt, "en").split())  # PDF and terminal wrap lines
    if fmt not in ("json", "csv"):  # data formats: a key and a section code, not a title
        assert "Checks not run, and why" in text
    assert "geometry.area_vs_stated" in text and "no stated area for loop.phases" in text
    # skipped in both scenarios for the same reason: listed once, not once per scenario
    if fmt == "csv":  # one row, the reason in each scenario's column
        assert text.count("not_run,geometry.area_vs_stated (site),reason") == 1
    else:
        assert text.count("no stated area for loop.phases") == 1
    if fmt in ("terminal", "markdown", "html", "pdf", "xlsx"):
        assert "all scenarios" in text


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "pdf", "xlsx"])
def test_the_checks_not_run_are_titled_in_chinese(comp, fmt):
    text = "".join(_all_text(comp, fmt, "zh").split())  # the PDF wraps table cells
    assert "未執行的檢查及原因" in text and "所有方案" in text


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_text_outputs_name_the_site_map_the_paper_carries(comp, fmt):
    text = " ".join(_all_text(comp, fmt, "en").split())
    assert "Site map: ai-30pct" in text
    assert "Site map (in the PDF and HTML papers): Zones coloured by capacity use" in text


def test_a_check_not_run_for_different_reasons_is_listed_per_scenario(comp):
    import copy
    import dataclasses

    other = copy.copy(comp)
    rep = copy.copy(comp.reports[1])
    rep.checklist = [
        dataclasses.replace(c, detail="another reason") if c.check == "site.max_plot_ratio" else c
        for c in rep.checklist
    ]
    other.reports = [comp.reports[0], rep]
    text = maps.render_comparison(other, "markdown")
    rows = [r for r in text.splitlines() if "site.max_plot_ratio" in r and "|" in r]
    assert len(rows) == 2
    assert rows[0].startswith("| table-3-1 ") and rows[1].startswith("| ai-30pct ")
    assert "another reason" in rows[1] and "all scenarios" not in "".join(rows)


def test_a_reason_cites_a_seed_by_its_source_number_not_its_file_name(comp):
    text = maps.render_comparison(comp, "markdown")
    section = text.split("## Checks not run, and why")[1].split("## ")[0]
    assert "[1] §3.1.1 states the planned Phase 1 total" in section
    assert "004_281f81e4466a18af.txt" not in section
    assert "Cited as `004_281f81e4466a18af.txt`" in text  # the footnote names the file
