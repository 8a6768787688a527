"""A scenario comparison as files for people: the XLSX workbook and the PDF (``compare``).

Both are laid out from :func:`maps.comparison._compare_view.comparison_view`, like the other
formats.
"""

from __future__ import annotations

import io
from typing import Any

from gis.scenarios import Comparison

from .._labels import pick
from ..paper._pdf_layout import MARGIN
from ._compare_view import comparison_view, stamp

__all__ = ["SHEETS", "pdf_bytes", "xlsx_bytes"]

SHEETS: dict[str, tuple[str, str]] = {
    "use": ("Uses", "用途"),
    "site": ("Site", "用地"),
    "zone": ("Zones", "分區"),
    "validation": ("Validation", "驗證"),
    "indicator": ("Indicators", "指標"),
    "issues": ("Errors and warnings", "錯誤及警告"),
    "not_run": ("Checks not run, and why", "未執行的檢查及原因"),
    "inputs": ("Inputs", "輸入檔案"),
    "notes": ("Notes", "附註"),
}
"""Sheet names of the comparison workbook in each language (``both``: "Zones 分區")."""


def xlsx_bytes(comp: Comparison, lang: str = "en", header: Any = None) -> bytes:
    """One sheet per table, formatted as the validation workbook (:func:`fill_sheet`): numbers
    with their units' formats, frozen header row and names, an autofilter on every table,
    failures in bold red and errors on a red fill; then the notes.
    """
    from openpyxl import Workbook

    from ..reports.xlsx_report import SEVERITY_FILLS, fill_sheet, workbook_bytes

    v = comparison_view(comp, lang, header)
    wb = Workbook()
    wb.remove(wb.active)
    for t in v.tables:
        ws = wb.create_sheet(pick(SHEETS[t.key], v.lang, " ")[:31])
        fill_sheet(
            ws,
            t.headers,
            t.rows,
            t.kinds,
            fills=[SEVERITY_FILLS.get(s) for s in t.severities] if t.severities else None,
            failed=t.failed or None,
            freeze="C2" if t.key not in ("issues", "not_run", "inputs") else "B2",
            autofilter=True,
        )
    ws = wb.create_sheet(pick(SHEETS["notes"], v.lang, " ")[:31])
    fill_sheet(
        ws,
        [v.word("notes")],
        [
            [v.title],
            *([f"{k}: {val}"] for k, val in v.header),
            [stamp()],
            *([n] for n in v.notes),
            [v.word("sources")],
            *([f"{text} ({v.word('footnote')} {file})"] for text, file in v.sources),
        ],
        [["text"]] * (len(v.notes) + len(v.header) + len(v.sources) + 3),
        freeze="A2",
    )
    ws.column_dimensions["A"].width = 120
    return workbook_bytes(wb, v.title)


def pdf_bytes(
    comp: Comparison,
    lang: str = "en",
    *,
    charts: bool = True,
    project: str | None = None,
    date: str | None = None,
    header: Any = None,
) -> bytes:
    """The comparison as a committee paper (PDF, A4 portrait): title block (title, reference,
    author, organisation, date, purpose, project, scenarios), the tables (the verdicts first,
    failures in red), the charts, assumptions and notes, sources by title, then the inputs with
    their SHA-256 once, as an appendix; page numbers "n / N".
    """
    from .._paper_header import paper_header
    from ..reports.pdf_report import PROJECT, SEVERITY_COLOURS, new_pages, number_pages
    from ..reports.pdf_report import pdf_bytes as pages_pdf

    pages, lang = new_pages(lang)
    v = comparison_view(comp, lang, paper_header(header, date=date))
    _pdf_title_block(pages, v, project or pick(PROJECT, v.lang, " / "))
    *tables, inputs = v.tables
    for t in tables:
        if t.key == "use" and charts:  # after the verdicts: where the compared scenario lands
            _pdf_map(pages, comp, v)
        pages.room(60)
        pages.text(MARGIN, t.title, size=12, weight="bold")
        if not t.rows:
            pages.text(MARGIN, v.word("none"), size=9)
        else:
            colours = [
                SEVERITY_COLOURS.get(t.severities[n])
                if t.severities
                else (SEVERITY_COLOURS["error"] if t.row_failed(n) else None)
                for n in range(len(t.rows))
            ]
            pages.table(t.headers, t.text_rows(), t.numeric, colours)
        pages.gap(12)
    if charts:
        _pdf_charts(pages, comp, v)
    pages.room(40)
    pages.text(MARGIN, v.word("notes"), size=12, weight="bold")
    for note in v.notes:
        pages.text(MARGIN + 8, f"- {note}", size=8)
    pages.gap(10)
    pages.room(40)
    pages.text(MARGIN, v.word("sources"), size=12, weight="bold")
    for text, file in v.sources:
        pages.text(MARGIN + 8, text, size=8)
        pages.text(MARGIN + 16, f"{v.word('footnote')} {file}", size=6.5, colour="#444444")
    pages.gap(10)
    pages.room(60)
    pages.text(MARGIN, inputs.title, size=12, weight="bold")
    pages.table(inputs.headers, inputs.text_rows(), inputs.numeric, size=6)
    subject = project or pick(PROJECT, v.lang, " / ")
    number_pages(pages)
    return pages_pdf(pages, v.title, subject)


def _pdf_title_block(pages: Any, v: Any, project: str) -> None:
    """The title, the header's lines, project, scenarios and reference (the inputs and their
    SHA-256 are in the appendix, once).
    """
    from .. import _i18n as i18n

    pages.page()
    pages.text(MARGIN, v.title, size=16, weight="bold")
    pages.gap(4)
    rows = [
        (pick(i18n.SECTIONS["project"], v.lang, " / "), project),
        *v.header,
        (v.word("scenarios"), ", ".join(v.labels)),
        (v.word("reference"), v.reference),
    ]
    for label, value in rows:
        pages.text(MARGIN, f"{label}: {value}", size=9.5)
    pages.text(MARGIN, stamp(), size=8, colour="#444444")
    pages.gap(4)
    pages.rule()
    pages.gap(10)


def map_caption(comp: Comparison, v: Any) -> tuple[str, str]:
    """The title and caption of a comparison's site map: the first scenario compared."""
    other = comp.labels[comp.others()[0]] if comp.others() else comp.ref_label
    title = pick((f"Site map: {other}", f"用地圖：{other}"), v.lang, " / ")
    caption = pick(
        (
            f"Zones coloured by capacity use under {other}; the diff maps of the HTML paper "
            f"show the change against {comp.ref_label}. Inset: the district and the Shenzhen "
            "River border.",
            f"按 {other} 的容量使用率著色的分區；HTML 文件的差異地圖顯示相對 {comp.ref_label} 的"
            "變化。插圖：區內位置及深圳河邊界。",
        ),
        v.lang,
        " / ",
    )
    return title, caption


def map_report(comp: Comparison) -> Any:
    """The validation report whose site map a comparison paper shows."""
    return comp.reports[comp.others()[0] if comp.others() else 0]


def _pdf_map(pages: Any, comp: Comparison, v: Any) -> None:
    from ..reports.pdf_report import map_figure

    title, caption = map_caption(comp, v)
    map_figure(pages, title, caption, map_report(comp), v.lang)


def _pdf_charts(pages: Any, comp: Comparison, v: Any) -> None:
    from matplotlib.image import imread

    from ..reports.pdf_report import image_block
    from .charts import gfa_by_use_png, zone_use_png

    pages.page()
    pages.text(MARGIN, v.word("charts"), size=12, weight="bold")
    for png in (gfa_by_use_png(comp, v.lang), zone_use_png(comp, v.lang)):
        image_block(pages, imread(io.BytesIO(png), format="png"))
