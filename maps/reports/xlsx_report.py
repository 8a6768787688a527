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
from ._report_view import ReportView, Table, report_view

__all__ = ["write_report_xlsx", "SHEETS", "fill_sheet", "save_workbook", "workbook_bytes"]

SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Summary", "摘要"),
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
    force
        Replace an existing file.

    Returns
    -------
    Path
        The file written.
    """
    from openpyxl import Workbook

    v = report_view(r, lang, title)
    wb = Workbook()
    _summary(wb.active, v)
    wb.active.title = _sheet_name("summary", v)
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


def _summary(ws: Any, v: ReportView) -> None:
    from openpyxl.styles import Font

    ws.append([v.title])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in v.headline:
        ws.append([label, value])
    ws.append([v.count_line])
    ws.append([])
    ws.append([v.section("inputs")])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for key, source, sha in v.inputs:
        ws.append([key, source, sha])
    for col, width in zip("ABC", (28, 70, 68), strict=True):
        ws.column_dimensions[col].width = width


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
