"""Read GFA allocation tables as planners paste them: Chinese or English, CSV/TSV/Markdown/XLSX.

Only what makes a table unreadable raises :class:`~gis.errors.TableError`; bad cells, duplicates
and sums are recorded for :func:`gis._table_checks.check_table`, so a planner sees every problem.
Decoding, splitting into a grid of cells (text, CSV, Markdown, XLSX) and finding the header row
live in ``gis._table_grids``; :data:`COLUMNS`, :data:`ENCODINGS` and :func:`header_column` are
re-exported from there.

Examples
--------
>>> t = read_allocation_table("用途規劃\\t百分比\\t總樓面面積（平方米）\\n"
...                           "濕實驗室及先進製造\\t52%\\t520,000")
>>> t.rows.loc[0, "use_id"], t.total_gfa_m2()
('wet_lab_mfg', 520000.0)
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._table_grids import (
    COLUMNS,
    ENCODINGS,
    UNITS,
    Grid,
    cell_text,
    decode,
    find_header,
    header_column,
    no_header,
    text_grid,
    xlsx_grid,
)
from .errors import TableError
from .uses import match_use, normalise_name

__all__ = [
    "COLUMNS",
    "ENCODINGS",
    "HA_TO_M2",
    "NUMERIC",
    "TEXT_EXTENSIONS",
    "TOTAL_LABELS",
    "XLSX_EXTENSIONS",
    "AllocationTable",
    "Grid",
    "header_column",
    "parse_number",
    "read_allocation_table",
]

TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt", ".md", ".markdown")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
HA_TO_M2 = 10_000.0
NUMERIC = ("share_pct", "gfa_m2", "site_area_m2", "plot_ratio", "height_mpd")
TOTAL_LABELS = ("total", "合計", "總計", "總數", "共計", "總和", "grandtotal", "sum")
_NOTE_RE = re.compile(r"^\s*(註|注|備註|資料來源|note|source|remark|\*|※)", re.I)
_CELL_UNIT_RE = re.compile(
    r"(%|m\^?2|sq\.?\s?m\.?|sqm|square\s?met(?:re|er)s|平方米|平方公尺|hectares?|ha|公頃|mpd|米)$")
_NUMBER_RE = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")
_BLANKS = {"", "-", "–", "—", "n/a", "na", "nil", "不適用", "none"}
_ALLOWED_UNITS = {"share_pct": {"%"}, "gfa_m2": {"m2", "ha"}, "site_area_m2": {"m2", "ha"},
                  "plot_ratio": set(), "height_mpd": {"mpd", "m"}}


@dataclass
class AllocationTable:
    """A GFA allocation table as read, with everything the checks need.

    Attributes
    ----------
    rows
        One row per use: ``row`` (1-based data row), ``source_row`` (1-based line or sheet row),
        ``use`` (as written), ``use_id`` (canonical id or None), ``share_pct``, ``gfa_m2`` (float,
        NaN when missing), then optional ``zone``, ``site``, ``site_area_m2``, ``plot_ratio``,
        ``height_mpd`` and any unknown columns (as text).
    stated_total_gfa_m2, stated_total_share_pct
        The figures of a total row (合計 / Total), when the table has one.
    source
        The file path, or ``"<text>"`` for pasted text.
    meta
        How it was read: ``format``, ``encoding``, ``delimiter``, ``sheet``, ``header_row``,
        ``columns`` (header -> canonical), ``unknown_columns``, ``missing_columns``, ``derived``,
        ``unit_conversions``, ``bad_cells``, ``ragged_rows``, ``ignored_rows``, ``notes``.
    sha256
        SHA-256 of the input bytes (file) or UTF-8 text.
    """

    rows: pd.DataFrame
    stated_total_gfa_m2: float | None = None
    stated_total_share_pct: float | None = None
    source: str = "<text>"
    meta: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""

    def total_gfa_m2(self) -> float | None:
        """The stated total when the table has a total row, else the sum of the GFA column."""
        if self.stated_total_gfa_m2 is not None:
            return self.stated_total_gfa_m2
        gfa = self.rows["gfa_m2"].dropna()
        return float(gfa.sum()) if len(gfa) else None


def read_allocation_table(
    path_or_text: str | os.PathLike[str] | bytes,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> AllocationTable:
    """Read a GFA allocation table from a file or from pasted text.

    Parameters
    ----------
    path_or_text
        A path (.csv, .tsv, .txt, .md, .xlsx), or pasted text: a string holding a newline or a tab
        is read as text, any other string as a path.
    sheet
        XLSX sheet name or 0-based index (default: the first sheet).
    encoding
        Force a text encoding; by default UTF-8 (with or without BOM), Big5-HKSCS, then CP950.

    Raises
    ------
    TableError
        The file is missing, empty, undecodable or of an unsupported type, or it has no
        recognisable header, no data rows, no use column, or neither a share nor a GFA column.
    """
    meta: dict[str, Any] = {"format": "text", "encoding": None, "delimiter": None, "sheet": None}
    if isinstance(path_or_text, bytes):
        source, data = "<text>", bytes(path_or_text)
        grid, how = text_grid(decode(data, encoding, source, meta), source)
    elif isinstance(path_or_text, str) and ("\n" in path_or_text or "\t" in path_or_text):
        source, data = "<text>", path_or_text.encode("utf-8")
        meta["encoding"] = "str"
        grid, how = text_grid(path_or_text.lstrip("\ufeff"), source)
    else:
        path = Path(path_or_text)
        source, ext = str(path), path.suffix.lower()
        if ext not in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
            raise TableError(f"unsupported extension {ext or '(none)'!r}; expected one of "
                             f"{', '.join(TEXT_EXTENSIONS + XLSX_EXTENSIONS)}", source)
        if not path.is_file():
            raise TableError("file not found" if not path.exists() else "not a file", source)
        data = path.read_bytes()
        if ext in XLSX_EXTENSIONS:
            grid, name = xlsx_grid(data, sheet, source)
            how = {"format": "xlsx", "sheet": name}
        else:
            grid, how = text_grid(decode(data, encoding, source, meta), source)
    meta.update(how)
    table = _build(grid, source, meta)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


# --- cells ---------------------------------------------------------------------------------


def parse_number(raw: object) -> tuple[float, str | None, bool]:
    """Read one number cell: ``(value, unit, ok)``; NaN with ok=True when blank.

    >>> parse_number("５２０，０００ 平方米")
    (520000.0, 'm2', True)
    >>> parse_number("TBC")
    (nan, None, False)
    """
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw), None, True
    s = unicodedata.normalize("NFKC", str(raw or "")).casefold().strip().replace("\u2212", "-")
    if s in _BLANKS:
        return math.nan, None, True
    negative = s.startswith("(") and s.endswith(")")
    s = s[1:-1].strip() if negative else s
    m = _CELL_UNIT_RE.search(s)
    unit = UNITS.get(re.sub(r"\s", "", m.group(0))) if m else None
    s = s[: m.start()].strip() if m else s
    s = re.sub(r"(?<=\d)[\s'](?=\d{3}(?!\d))", ",", s)
    if not _NUMBER_RE.fullmatch(s):
        return math.nan, None, False
    value = float(s.replace(",", ""))
    return (-value if negative else value), unit, True


def _is_total(label: str) -> bool:
    key = normalise_name(label)
    return bool(key) and (key in TOTAL_LABELS or key.startswith(("total", "合計", "總計", "共計")))


def _rejoin(cells: list[Any], width: int) -> list[Any]:
    """Undo unquoted thousands separators in comma CSV ("52%,520,000"), rightmost first."""
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


# --- the table -----------------------------------------------------------------------------


def _build(grid: Grid, source: str, meta: dict[str, Any]) -> AllocationTable:
    found = find_header(grid)
    if found is None:
        raise no_header(grid, source)
    idx, mapping = found
    header_row, header = grid[idx]
    width = len(header)
    columns: dict[int, str] = {}
    units: dict[str, str | None] = {}
    extras: dict[int, str] = {}
    for i, cell in enumerate(header):
        col, unit = mapping.get(i, (None, None))
        if col and col not in units:
            columns[i], units[col] = col, unit
        else:
            name = cell_text(cell) or f"column_{i + 1}"
            extras[i] = name if name not in extras.values() else f"{name}_{i + 1}"
    shown = [cell_text(c) for c in header]
    if not {"share_pct", "gfa_m2"} & set(units):
        raise TableError(f"neither a share (百分比 / Share %) nor a GFA (總樓面面積 / GFA) column "
                         f"in the header {shown}", source, f"line {header_row}")
    if "use" not in units:
        raise TableError(f"no use column (用途規劃 / Use) in the header {shown}", source,
                         f"line {header_row}")

    bad: list[dict[str, Any]] = []
    ragged: list[dict[str, Any]] = []
    ignored: list[int] = []
    notes: list[str] = []
    cell_ha: dict[str, list[int | None]] = {}
    pct_seen = units.get("share_pct") == "%"

    def number(col: str, raw: Any, row: int | None, source_row: int) -> float:
        nonlocal pct_seen
        value, unit, ok = parse_number(raw)
        if not ok or (unit is not None and unit not in _ALLOWED_UNITS[col]):
            reason = "is not a number" if not ok else f"has a unit ({unit}) unfit for {col}"
            bad.append({"row": row, "source_row": source_row, "column": col, "raw": cell_text(raw),
                        "reason": reason})
            return math.nan
        pct_seen = pct_seen or unit == "%"
        if unit == "ha" and units[col] != "ha":
            cell_ha.setdefault(col, []).append(row)
        if (unit or units[col]) == "ha" and not math.isnan(value):
            return value * HA_TO_M2
        return value

    records: list[dict[str, Any]] = []
    totals: dict[str, float] = {}
    use_i = next(i for i, c in columns.items() if c == "use")
    header_key = [normalise_name(cell_text(c)) for c in header]
    for source_row, raw_cells in grid[idx + 1 :]:
        cells = list(raw_cells)
        if len(cells) > width and meta.get("delimiter") == ",":
            cells = _rejoin(cells, width)
            if len(cells) < len(raw_cells):
                notes.append(f"line {source_row}: rejoined unquoted thousands separators")
        extra = len(cells) if any(cell_text(c) for c in cells[width:]) else 0
        cells = (cells + [None] * width)[:width]
        label = cell_text(cells[use_i])
        has_values = any(cell_text(cells[i]) for i, c in columns.items() if c in NUMERIC)
        repeated = [normalise_name(cell_text(c)) for c in cells] == header_key
        if repeated or (not has_values and (_NOTE_RE.match(label) or totals)):
            ignored.append(source_row)
            continue
        n = None if _is_total(label) else len(records) + 1
        if extra:
            ragged.append({"row": n, "source_row": source_row, "cells": extra, "expected": width})
        if n is None:
            for i, col in columns.items():
                if col in ("share_pct", "gfa_m2") and cell_text(cells[i]):
                    totals[col] = number(col, cells[i], None, source_row)
            totals.setdefault("row", source_row)
            continue
        rec: dict[str, Any] = {"row": n, "source_row": source_row, "use": label or None,
                               "use_id": match_use(label)}
        for i, col in columns.items():
            if col in NUMERIC:
                rec[col] = number(col, cells[i], n, source_row)
            elif col != "use":
                rec[col] = cell_text(cells[i]) or None
        rec.update({name: cell_text(cells[i]) or None for i, name in extras.items()})
        records.append(rec)
    if not records:
        raise TableError(f"header found but no data rows below it (header {shown})", source,
                         f"line {header_row}")

    frame = pd.DataFrame(records)
    for col in ("use", "use_id", *columns.values(), *extras.values()):
        if col in frame and col not in NUMERIC:
            frame[col] = pd.Series([r.get(col) for r in records], dtype=object)  # keep None
    for col in ("share_pct", "gfa_m2"):
        if col not in frame:
            frame[col] = math.nan
        frame[col] = frame[col].astype(float)
    empty_extras = [name for name in extras.values() if frame[name].isna().all()]
    frame = frame.drop(columns=empty_extras)

    conversions: list[dict[str, Any]] = []
    for col in ("gfa_m2", "site_area_m2"):
        label = "GFA" if col == "gfa_m2" else "site area"
        if units.get(col) == "ha":
            conversions.append({"column": col, "rows": None, "from": "ha", "to": "m2",
                                "message": f"{label} read in ha (header) and converted to m²"})
        if col in cell_ha:
            conversions.append({"column": col, "rows": cell_ha[col], "from": "ha", "to": "m2",
                                "message": f"{label} cells given in ha and converted to m²"})
    shares = frame["share_pct"].dropna()
    if ("share_pct" in units and not pct_seen and shares.between(0, 1).all()
            and ((shares > 0) & (shares < 1)).any() and abs(shares.sum() - 1) <= 0.02):
        frame["share_pct"] *= 100
        if "share_pct" in totals and totals["share_pct"] <= 1:
            totals["share_pct"] *= 100
        conversions.append({"column": "share_pct", "rows": None, "from": "fraction", "to": "%",
                            "message": "shares read as fractions (0.52 = 52%) and converted to %"})

    stated_gfa = totals.get("gfa_m2")
    stated_gfa = None if stated_gfa is None or math.isnan(stated_gfa) else stated_gfa
    stated_share = totals.get("share_pct")
    stated_share = None if stated_share is None or math.isnan(stated_share) else stated_share
    missing = [c for c in ("share_pct", "gfa_m2") if c not in units]
    derived: dict[str, str] = {}
    if "share_pct" in missing:
        total = stated_gfa if stated_gfa is not None else frame["gfa_m2"].sum(min_count=1)
        if total and not math.isnan(total):
            frame["share_pct"] = frame["gfa_m2"] / total * 100
            derived["share_pct"] = "gfa_m2 / " + ("stated total" if stated_gfa is not None
                                                   else "sum of GFA")
    if "gfa_m2" in missing and stated_gfa is not None:
        frame["gfa_m2"] = frame["share_pct"] / 100 * stated_gfa
        derived["gfa_m2"] = "share_pct × stated total"

    meta.update({
        "header_row": header_row,
        "columns": {shown[i]: col for i, col in columns.items()},
        "units": {col: unit for col, unit in units.items() if unit},
        "unknown_columns": [n for n in extras.values() if n not in empty_extras],
        "missing_columns": missing,
        "derived": derived,
        "unit_conversions": conversions,
        "bad_cells": bad,
        "ragged_rows": ragged,
        "ignored_rows": ignored,
        "total_row": totals.get("row"),
        "notes": notes,
    })
    return AllocationTable(rows=frame, stated_total_gfa_m2=stated_gfa,
                           stated_total_share_pct=stated_share, source=source, meta=meta)
