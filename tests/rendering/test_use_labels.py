"""Every format of a validation report shows each use's label as written and how it was matched
(issue 17, item 10): a guessed label is never matched silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

import gis
import maps
from maps.reports.report import print_report, render_report

LABELS = (
    "Use,Share,GFA (m2)\nWet labs & advanced manufacturing,52%,520000\n"
    "AI / data science & offices,22%,220000\nIndustry-academia-research base,5%,50000\n"
    "人才公寓及訪客住所,10%,100000\nRetail,11%,110000\n"
)
SHOWN = [
    ("AI / data science & offices", "guess"),
    ("Industry-academia-research base", "synonym"),
    ("人才公寓及訪客住所", "exact"),
    ("Retail", "synonym"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> gis.ValidationReport:
    path = tmp_path_factory.mktemp("labels") / "t.csv"
    path.write_text(LABELS, encoding="utf-8")
    return gis.validate(gis.read_allocation_table(path))


def _rows_hold(text: str) -> None:
    lines = text.splitlines()
    for label, how in SHOWN:
        assert any(label in ln and how in ln for ln in lines), (label, how)


def test_the_python_api_keeps_the_label_the_use_and_how(report: gis.ValidationReport) -> None:
    u = report.uses
    assert u.loc["dry_lab_office", "label_as_written"] == "AI / data science & offices"
    assert u.loc["dry_lab_office", "matched_by"] == "guess"
    assert u.loc["uir", "matched_by"] == "synonym"
    assert u.loc["talent_housing", "matched_by"] == "exact"
    assert u.loc["commercial_mixed", ["label_as_written", "matched_by"]].tolist() == [
        "Retail",
        "synonym",
    ]
    guessed = [i for i in report.issues if i.check == "table.use_guessed"]
    assert [(i.severity, i.row) for i in guessed] == [("warning", 2)]
    assert "'offices'" in guessed[0].message and "'Dry labs & offices'" in guessed[0].message


def test_json_markdown_and_html_show_the_labels(report: gis.ValidationReport) -> None:
    uses = {u["use_id"]: u for u in json.loads(render_report(report, "json"))["uses"]}
    assert uses["dry_lab_office"]["label_as_written"] == "AI / data science & offices"
    assert uses["dry_lab_office"]["matched_by"] == "guess"
    _rows_hold(render_report(report, "markdown"))
    html = render_report(report, "html")
    assert "Label as written" in html and "Matched by" in html
    _rows_hold(html.replace("</td>", "").replace("<td>", "").replace("&amp;", "&"))


def test_the_terminal_shows_the_labels(report: gis.ValidationReport) -> None:
    console = Console(record=True, width=300)
    print_report(report, console=console)
    _rows_hold(console.export_text())


def test_pdf_and_xlsx_show_the_labels(report: gis.ValidationReport, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    pdf = maps.write_report(report, tmp_path / "r.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    _rows_hold(text)
    sheet = load_workbook(maps.write_report(report, tmp_path / "r.xlsx"))["Uses"]
    rows = [[str(c.value) for c in row] for row in sheet.iter_rows()]
    assert "Label as written" in rows[0] and "Matched by" in rows[0]
    _rows_hold("\n".join(" ".join(r) for r in rows))


def test_a_label_as_written_is_escaped_in_html(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Use,GFA\n<b>Retail</b> offices,5\nWet labs,5\n", encoding="utf-8")
    html = render_report(gis.validate(gis.read_allocation_table(path)), "html")
    assert "&lt;b&gt;Retail&lt;/b&gt; offices" in html and "<b>Retail</b>" not in html
