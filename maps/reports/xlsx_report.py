"""The validation report as an Excel workbook (openpyxl): one sheet per table.

Numbers stay numbers with an Excel number format per column (m² with thousands separators,
hectares with two decimals, percentages), headers are readable and bold on a grey fill, the
header row is frozen, and the findings sheet has an autofilter (on severity, its first column).
Workbook dates follow ``SOURCE_DATE_EPOCH`` (else a fixed date): the same report gives the same
file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

from gis.config import output_date
from gis.formats import cell_safe
from gis.fs import FIXED_DATE, atomic_write, stable_zip
from gis.report import ValidationReport

from .._i18n import NUMBER_KINDS
from .._labels import pick
from ._paper import Paper, paper
from ._report_view import ReportView, Table

__all__ = ["write_report_xlsx", "SHEETS", "fill_sheet", "save_workbook", "workbook_bytes"]

SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "摘要"),
    "table": ("Table as read", "所讀取的分配表"),
    "zones": ("Zones", "分區"),
    "uses": ("Uses", "用途"),
    "findings": ("Findings", "檢查結果"),
    "checks": ("Checks", "檢查清單"),
}
"""Sheet names in each language (``both``: "Zones 分區")."""

SEVERITY_FILLS = {"error": "FDE8E8", "warning": "FFF4CE"}
HEADER_FILL = "E7E6E6"
FAILED_FONT = "B00020"


def write_report_xlsx(
    r: ValidationReport,
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    title: str | None = None,
    header: Any = None,
    force: bool = True,
) -> Path:
    """Write the report as an ``.xlsx`` workbook, atomically.

    Parameters
    ----------
    r
        The validation report.
    path
        The ``.xlsx`` file to write.
    lang
        ``"en"``, ``"zh"`` or ``"both"`` for sheet names, headers and names.
    title
        Title on the summary sheet (default: "Validation report").
    header
        The title block (:class:`maps.PaperHeader` or a header file); ``title`` over its title.
    force
        Replace an existing file.

    Returns
    -------
    Path
        The file written.
    """
    from openpyxl import Workbook

    p = paper(r, lang, header, title)
    v = p.view
    wb = Workbook()
    _summary(wb.active, p)
    wb.active.title = _sheet_name("summary", v)
    if p.table is not None:
        _table_sheet(wb.create_sheet(_sheet_name("table", v)), p.table)
    for t in v.tables:
        _table_sheet(wb.create_sheet(_sheet_name(t.key, v)), t)
    return save_workbook(wb, path, v.title, force=force)


def save_workbook(wb: Any, path: str | os.PathLike[str], title: str, *, force: bool) -> Path:
    """Write :func:`workbook_bytes` of ``wb`` atomically."""
    return atomic_write(path, workbook_bytes(wb, title), force=force)


def workbook_bytes(wb: Any, title: str) -> bytes:
    """``wb`` as ``.xlsx`` bytes with fixed dates and author (the same workbook, the same bytes)."""
    stamp = _stamp()
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "technopole"
    wb.properties.title = title
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl dates every zip entry with the clock: stable_zip fixes them (same bytes twice)
    return stable_zip(buf.getvalue())


def _stamp() -> dt.datetime:
    when = output_date() or FIXED_DATE
    return when.replace(tzinfo=None)


def _sheet_name(key: str, v: ReportView) -> str:
    return pick(SHEETS.get(key, (key, key)), v.lang, " ")[:31]


def _header(ws: Any, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _summary(ws: Any, p: Paper) -> None:
    """The paper on one sheet: title block, verdict and key figures, the map's caption, checks
    not run, assumptions, sources and the inputs (the tables have their own sheets).
    """
    from openpyxl.styles import Alignment, Font

    def heading(text: str) -> None:
        ws.append([])
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)

    ws.append([cell_safe(p.title)])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in p.header:
        ws.append([label, cell_safe(value)])
    heading(p.section("summary"))
    ws.append([p.word("verdict"), cell_safe(p.verdict)])
    ws.cell(ws.max_row, 2).font = Font(bold=True, color=None if p.ok else FAILED_FONT)
    for label, value in p.figures:
        ws.append([label, cell_safe(value)])
    ws.append([cell_safe(p.count_line)])
    heading(p.section("map"))
    ws.append([cell_safe(p.caption)])
    for key, _ in p.tables():
        heading(p.section(key))
        ws.append(
            [pick(("see the sheet", "見工作表"), p.lang, " / ") + " " + _sheet_name(key, p.view)]
        )
    for key, lines in (
        ("findings", p.finding_lines()),
        ("not_run", p.not_run_lines()),
        ("assumptions", p.assumptions),
    ):
        heading(p.section(key))
        for line in lines or [p.word("none")]:
            ws.append([cell_safe(line)])
    heading(p.section("sources"))
    for src, line in zip(p.sources, p.source_lines(), strict=True):
        ws.append([cell_safe(line), f"{p.word('footnote')} {src.footnote}"])
    heading(p.section("appendix"))
    for key, source, sha in p.appendix:
        ws.append([key, cell_safe(source), sha])
    for col, width in zip("ABC", (60, 60, 68), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: Any, kind: str) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "percent":
        return float(value) / 100
    if kind == "fraction_points":
        return float(value) * 100
    if kind != "text" and not isinstance(value, str | bool):
        return float(value)
    return cell_safe(str(value))  # text, never a formula


def _table_sheet(ws: Any, t: Table) -> None:
    kinds = t.kinds()
    fill_sheet(
        ws,
        t.headers(" / "),
        t.rows(),
        [kinds for _ in range(len(t.frame))],
        fills=[SEVERITY_FILLS.get(s) for s in t.severities] if t.severities else None,
        autofilter=bool(t.severities),
    )


def fill_sheet(
    ws: Any,
    headers: list[str],
    rows: list[list[Any]],
    kinds: list[list[str]],
    *,
    fills: list[str | None] | None = None,
    failed: list[list[bool]] | None = None,
    freeze: str = "B2",
    autofilter: bool = False,
) -> None:
    """One table on a sheet: bold headers on a grey fill, numbers with the Excel format of their
    kind (:data:`maps._i18n.NUMBER_KINDS`, one per cell), frozen header row and first column(s)
    (``freeze``), an optional autofilter, a fill per row (``fills``) and failed cells in bold red.
    """
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    _header(ws, [cell_safe(h) for h in headers])
    for n, (row, row_kinds) in enumerate(zip(rows, kinds, strict=True), start=2):
        ws.append([_cell_value(v, k) for v, k in zip(row, row_kinds, strict=True)])
        for i, k in enumerate(row_kinds, start=1):
            cell = ws.cell(n, i)
            cell.number_format = NUMBER_KINDS[k] if k != "text" else "General"
            if failed and failed[n - 2][i - 1]:
                cell.font = Font(bold=True, color=FAILED_FONT)
        fill = fills[n - 2] if fills else None
        if fill:
            for cell in ws[n]:
                cell.fill = PatternFill("solid", fgColor=fill)
    for i in range(1, len(headers) + 1):
        letter = get_column_letter(i)
        longest = max([len(str(c.value or "")) for c in ws[letter]] + [8])
        ws.column_dimensions[letter].width = min(longest + 2, 60)
    ws.freeze_panes = freeze
    if autofilter:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 2)}"
