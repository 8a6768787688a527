"""Step 4 of the table reader: a grid and its :class:`~gis.tables.header.Header` -> :class:`Rows`.

Each line below the header is cut or padded to its width (:func:`padded`, rejoining unquoted
thousands separators), classified (:func:`line_kind`: data, total, subtotal, ignored) and its
numbers read and converted to m² and % (:func:`read_numbers`); :func:`read_rows` folds the lines
into typed records, the total row and what was wrong, without raising for a bad cell: the checks
in :mod:`gis.validation.table_checks` report those.

Examples
--------
>>> from gis.tables.header import read_header
>>> grid = [(1, ["Use", "GFA (ha)"]), (2, ["Labs", "5"]), (3, ["Total", "5"])]
>>> rows = read_rows(grid, read_header(grid, "<text>"), None)
>>> rows.records[0]["gfa_m2"], rows.totals
(50000.0, {'gfa_m2': 50000.0, 'row': 3})
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from gis.tables.cells import CellGrid, cell_text
from gis.tables.header import Header
from gis.tables.units import (
    AREA_TO_M2,
    DECIMAL_COMMA_CELL_RE,
    DOT_GROUPS_CELL_RE,
    dotted_number,
    parse_number,
)
from gis.tables.uses import match_use_how, normalise_name, traditional

NUMERIC = ("share_pct", "gfa_m2", "site_area_m2", "plot_ratio", "height_mpd")
TOTAL_LABELS = ("total", "合計", "總計", "總數", "共計", "總和", "grandtotal", "sum")
SUBTOTAL_LABELS = ("subtotal", "subtotals", "小計", "分計", "小結")
_NOTE_RE = re.compile(r"^\s*(註|注|備註|資料來源|note|source|remark|\*|※)", re.I)
_ALLOWED_UNITS = {
    "share_pct": {"%"},
    "gfa_m2": set(AREA_TO_M2),
    "site_area_m2": set(AREA_TO_M2),
    "plot_ratio": set(),
    "height_mpd": {"mpd", "m"},
}
AREA_COLUMNS = ("gfa_m2", "site_area_m2")


def is_total(label: str) -> bool:
    """Whether a use label marks the total row.

    Parameters
    ----------
    label
        The use cell as written.

    Returns
    -------
    bool
        True for ``合計``, ``總計``, ``Total``, ``Grand total`` ...

    Examples
    --------
    >>> is_total("合計"), is_total("Grand Total"), is_total("Offices")
    (True, True, False)
    """
    key = normalise_name(label)
    return bool(key) and (key in TOTAL_LABELS or key.startswith(("total", "合計", "總計", "共計")))


def rejoin(cells: list[Any], width: int) -> list[Any]:
    """Undo unquoted thousands separators in comma CSV ("52%,520,000"), rightmost first.

    Parameters
    ----------
    cells
        The cells of one line, more than the header has.
    width
        The header's number of cells.

    Returns
    -------
    list
        The cells rejoined until they fit (or nothing more can be rejoined).

    Examples
    --------
    >>> rejoin(["Wet labs", "52%", "520", "000"], 3)
    ['Wet labs', '52%', '520,000']
    """
    head, tail = re.compile(r"[+-]?\d{1,3}(,\d{3})*"), re.compile(r"\d{3}(,\d{3})*(\.\d+)?\s*\D*")
    cells = list(cells)
    while len(cells) > width:
        for i in range(len(cells) - 2, -1, -1):
            if head.fullmatch(str(cells[i])) and tail.fullmatch(str(cells[i + 1])):
                cells[i : i + 2] = [f"{cells[i]},{cells[i + 1]}"]
                break
        else:
            break
    return cells


@dataclass(frozen=True)
class Numbers:
    """The numbers of one line: values by column (m², %), and what was noticed on the way."""

    values: dict[str, float]
    bad: list[dict[str, Any]]  # cells that are not numbers, or carry a unit unfit for the column
    cell_units: list[tuple[str, str]]  # (column, unit) of cells whose area unit differs from
    # the header's, converted to m²
    percent_seen: bool  # a cell carried a % sign
    decimal_commas: list[tuple[str, str]] = field(default_factory=list)  # (column, cell) read
    # with a decimal comma


def dots_separate_thousands(grid: CellGrid, head: Header) -> bool:
    """Whether the table writes numbers with a decimal comma and dots between thousands: some
    number cell holds ``1.000.000`` or a decimal comma (``52,5``, ``1.000,5``).
    """
    at = [i for i, col in head.columns.items() if col in NUMERIC]
    for _, cells in grid[head.header_at + 1 :]:
        for i in at:
            text = unicodedata.normalize("NFKC", cell_text(cells[i]) if i < len(cells) else "")
            if DOT_GROUPS_CELL_RE.search(text) or DECIMAL_COMMA_CELL_RE.search(text):
                return True
    return False


def read_numbers(
    cells: list[Any],
    head: Header,
    columns: tuple[str, ...],
    row: int | None,
    source_row: int,
    dots_thousands: bool = False,
) -> Numbers:
    """Read the number cells of one line (hectares converted to m²).

    Parameters
    ----------
    cells
        The line, padded to the header's width.
    head
        The header.
    columns
        The columns to read (a total row: share and GFA, and only cells that hold text).
    row, source_row
        The data row (None for the total row) and the line, for the bad cells.
    dots_thousands
        The table writes dots between thousands (:func:`dots_separate_thousands`): a GFA cell
        ``520.000`` is 520,000 m². Otherwise such a cell is ambiguous, a bad cell.

    Returns
    -------
    Numbers
    """
    values: dict[str, float] = {}
    bad: list[dict[str, Any]] = []
    converted: list[tuple[str, str]] = []
    commas: list[tuple[str, str]] = []
    percent = False
    for i, col in head.columns.items():
        if col not in columns or (row is None and not cell_text(cells[i])):
            continue
        value, unit, ok = parse_number(cells[i])
        if row is None and col == "share_pct" and ok and unit in AREA_TO_M2:
            values["gfa_m2"] = value * AREA_TO_M2[unit]  # "Total, 1,000,000 m²": the total GFA
            continue
        dotted, ambiguous = (
            dotted_number(cell_text(cells[i]), dots_thousands)
            if col in AREA_COLUMNS and isinstance(cells[i], str)
            else (None, None)
        )
        if dotted is not None:
            value, ok = dotted, True
            commas.append((col, cell_text(cells[i])))
        if ambiguous or not ok or (unit is not None and unit not in _ALLOWED_UNITS[col]):
            reason = ambiguous or (
                "is not a number" if not ok else f"has a unit ({unit}) unfit for {col}"
            )
            bad.append(
                {
                    "row": row,
                    "source_row": source_row,
                    "column": col,
                    "raw": cell_text(cells[i]),
                    "reason": reason,
                    "unit": None if not ok else unit,
                    "ambiguous": bool(ambiguous),
                }
            )
            values[col] = math.nan
            continue
        percent = percent or unit == "%"
        if dotted is None and DECIMAL_COMMA_CELL_RE.search(
            unicodedata.normalize("NFKC", cell_text(cells[i]))
        ):
            commas.append((col, cell_text(cells[i])))
        factor = (
            AREA_TO_M2.get(unit or head.units[col] or "m2", 1.0) if col in AREA_COLUMNS else 1.0
        )
        if col in AREA_COLUMNS and unit is not None and unit != (head.units[col] or "m2"):
            converted.append((col, unit))
        values[col] = value * factor
    return Numbers(values, bad, converted, percent, commas)


def line_kind(cells: list[Any], head: Header, after_total: bool) -> str:
    """What a line is.

    Parameters
    ----------
    cells
        The line, padded to the header's width.
    head
        The header.
    after_total
        Whether a total row came before.

    Returns
    -------
    str
        ``"ignored"`` (a note, a repeated header, a line without values after the total),
        ``"total"`` or ``"data"``.
    """
    label = traditional(cell_text(cells[head.use_at]))
    has_values = any(cell_text(cells[i]) for i, c in head.columns.items() if c in NUMERIC)
    repeated = [normalise_name(cell_text(c)) for c in cells] == head.header_key
    if repeated or (not has_values and (_NOTE_RE.match(label) or after_total)):
        return "ignored"
    if is_subtotal(label):
        return "subtotal"
    return "total" if is_total(label) else "data"


def is_subtotal(label: str) -> bool:
    """Whether a use label marks a subtotal row (小計 / Subtotal), which is not a use.

    Parameters
    ----------
    label
        The use cell as written.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_subtotal("小计"), is_subtotal("Sub-total (labs)"), is_subtotal("Total")
    (True, True, False)
    """
    key = normalise_name(label)
    return bool(key) and key.startswith(SUBTOTAL_LABELS)


def record(
    cells: list[Any], head: Header, row: int, source_row: int, numbers: dict[str, float]
) -> dict[str, Any]:
    """One data row as a record.

    Parameters
    ----------
    cells
        The line, padded to the header's width.
    head
        The header.
    row, source_row
        The 1-based data row and line.
    numbers
        The line's values (:func:`read_numbers`).

    Returns
    -------
    dict
        ``row``, ``source_row``, ``use`` (the label as written), ``use_id``, ``matched_by``
        (:func:`gis.tables.uses.match_use_how`), then the columns and unknown columns.
    """
    label = cell_text(cells[head.use_at])
    use_id, how = match_use_how(label)
    rec: dict[str, Any] = {
        "row": row,
        "source_row": source_row,
        "use": label or None,
        "use_id": use_id,
        "matched_by": how,
    }
    for i, col in head.columns.items():
        if col in NUMERIC:
            rec[col] = numbers[col]
        elif col != "use":
            rec[col] = cell_text(cells[i]) or None
    rec.update({name: cell_text(cells[i]) or None for i, name in head.extras.items()})
    return rec


@dataclass
class Rows:
    """Everything read below the header."""

    records: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, float] = field(default_factory=dict)  # share_pct, gfa_m2, row
    bad: list[dict[str, Any]] = field(default_factory=list)
    ragged: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    note_params: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # one per note
    cell_units: dict[tuple[str, str], list[int | None]] = field(default_factory=dict)
    percent_seen: bool = False
    percent_rows: list[int] = field(default_factory=list)  # rows whose share cell has a %


def padded(raw_cells: list[Any], width: int, delimiter: str | None) -> tuple[list[Any], int, bool]:
    """A line cut or padded to the header's width.

    Parameters
    ----------
    raw_cells
        The line as split.
    width
        The header's number of cells.
    delimiter
        The text delimiter (``","`` enables rejoining thousands separators).

    Returns
    -------
    tuple
        ``(cells, extra, rejoined)``: the cells, how many the line had when some beyond the
        width hold text (else 0), and whether separators were rejoined.
    """
    cells = list(raw_cells)
    if len(cells) > width and delimiter == ",":
        cells = rejoin(cells, width)
    extra = len(cells) if any(cell_text(c) for c in cells[width:]) else 0
    return (cells + [None] * width)[:width], extra, len(cells) < len(raw_cells)


def read_rows(grid: CellGrid, head: Header, delimiter: str | None) -> Rows:
    """Fold the lines below the header into :class:`Rows`.

    Parameters
    ----------
    grid
        The rows of cells.
    head
        The header.
    delimiter
        The text delimiter, if any.

    Returns
    -------
    Rows
        The records, the total row, and the bad cells, ragged, ignored and noted lines.
    """
    out = Rows(percent_seen=head.units.get("share_pct") == "%")
    dots = dots_separate_thousands(grid, head)
    for source_row, raw_cells in grid[head.header_at + 1 :]:
        cells, extra, rejoined = padded(raw_cells, head.width, delimiter)
        if rejoined:
            out.notes.append(f"line {source_row}: rejoined unquoted thousands separators")
            out.note_params.append(("table.note_rejoined", {"line": source_row}))
        kind = line_kind(cells, head, bool(out.totals))
        if kind in ("ignored", "subtotal"):
            out.ignored.append(source_row)
            if kind == "subtotal":
                out.notes.append(
                    f"line {source_row}: subtotal row "
                    f"{cell_text(cells[head.use_at])!r} not counted as a use"
                )
                label = cell_text(cells[head.use_at])
                out.note_params.append(("table.note_subtotal", {"line": source_row, "use": label}))
            continue
        row = None if kind == "total" else len(out.records) + 1
        if extra:
            out.ragged.append(
                {"row": row, "source_row": source_row, "cells": extra, "expected": head.width}
            )
        nums = read_numbers(
            cells, head, ("share_pct", "gfa_m2") if row is None else NUMERIC, row, source_row, dots
        )
        out.bad += nums.bad
        out.percent_seen = out.percent_seen or nums.percent_seen
        out.percent_rows += [row] if row is not None and nums.percent_seen else []
        for key in nums.cell_units:
            out.cell_units.setdefault(key, []).append(row)
        for col, raw in nums.decimal_commas:
            how = "a decimal comma" if "," in raw else "dots between thousands"
            out.notes.append(f"line {source_row}, column {col}: {raw!r} read with {how}")
            code = "table.note_decimal_comma" if "," in raw else "table.note_dot_thousands"
            out.note_params.append((code, {"line": source_row, "column": col, "raw": raw}))
        if row is None:
            out.totals.update(nums.values)
            out.totals.setdefault("row", source_row)
        else:
            out.records.append(record(cells, head, row, source_row, nums.values))
    return out
