r"""Step 5 of the table reader: typed rows -> :class:`AllocationTable`; and the whole reader.

:func:`read_allocation_table` is the composition of the steps, each callable alone:
:func:`~gis.tables.source.read_source` (bytes -> text or sheet),
:func:`~gis.tables.cells.split_cells` (-> ways of splitting into cells),
:func:`~gis.tables.header.choose_split` and :func:`~gis.tables.header.read_header` (-> the grid
and its header), :func:`~gis.tables.rows.read_rows` (-> typed rows) and :func:`build_table`.
Only what makes a table unreadable raises :class:`~gis.errors.TableError`; bad cells, duplicates
and sums are recorded for :func:`gis.validation.table_checks.check_table`, so a planner sees
every problem. :data:`COLUMNS`, :data:`ENCODINGS`, :func:`header_column`, :func:`parse_number`
and the other names of ``__all__`` are re-exported from the steps.

Examples
--------
>>> t = read_allocation_table("用途規劃\t百分比\t總樓面面積（平方米）\n"
...                           "濕實驗室及先進製造\t52%\t520,000")
>>> t.rows.loc[0, "use_id"], t.total_gfa_m2()
('wet_lab_mfg', 520000.0)
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gis.errors import TableError
from gis.tables.cells import Split, split_cells
from gis.tables.columns import named_columns, numeric_unused
from gis.tables.derive import (
    area_conversions,
    derive,
    fractions_to_pct,
    gfa_on_total_row_only,
    stated,
)
from gis.tables.header import COLUMNS, Header, choose_split, header_column, read_header
from gis.tables.rows import NUMERIC, TOTAL_LABELS, Rows, read_rows
from gis.tables.source import ENCODINGS, TEXT_EXTENSIONS, XLSX_EXTENSIONS, Source, read_source
from gis.tables.units import AREA_TO_M2, HA_TO_M2, parse_number

__all__ = [
    "AREA_TO_M2",
    "COLUMNS",
    "ENCODINGS",
    "HA_TO_M2",
    "NUMERIC",
    "TEXT_EXTENSIONS",
    "TOTAL_LABELS",
    "XLSX_EXTENSIONS",
    "AllocationTable",
    "build_table",
    "header_column",
    "parse_number",
    "read_allocation_table",
]


@dataclass
class AllocationTable:
    """A GFA allocation table as read, with everything the checks need.

    Attributes
    ----------
    rows
        One row per use: ``row`` (1-based data row), ``source_row`` (1-based line or sheet row),
        ``use`` (as written), ``use_id`` (canonical id or None), ``matched_by`` (``exact``,
        ``synonym``, ``guess`` or ``none``), ``share_pct``, ``gfa_m2`` (float,
        NaN when missing), then optional ``zone``, ``site``, ``site_area_m2``, ``plot_ratio``,
        ``height_mpd`` and any unknown columns (as text).
    stated_total_gfa_m2, stated_total_share_pct
        The figures of a total row (合計 / Total), when the table has one.
    source
        The file path, or ``"<text>"`` for pasted text.
    meta
        How it was read: ``format``, ``encoding``, ``delimiter``, ``sheet``, ``header_row``,
        ``columns`` (header -> canonical), ``unknown_columns``, ``missing_columns``, ``derived``,
        ``unit_conversions``, ``bad_cells``, ``ragged_rows``, ``ignored_rows``, ``notes``,
        ``share_mix`` (shares written as fractions beside percentages: rows and values);
        ``gfa_from`` (``total``, ``origin``) when the GFA is share × a total.
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
        r"""The table's total GFA, m²: what its rows allocate.

        Returns
        -------
        float or None
            The sum of the rows' GFA (given, or share × a total: see :meth:`with_total_gfa`);
            else the stated total of a total row; None when there is neither. A total row that
            disagrees with the rows is a finding (``table.gfa_sum``), not the total.

        Examples
        --------
        >>> read_allocation_table("Use\tGFA\nWet labs\t520000\nOffices\t220000").total_gfa_m2()
        740000.0
        """
        gfa = self.rows["gfa_m2"].dropna()
        if len(gfa):
            return float(gfa.sum())
        return self.stated_total_gfa_m2

    def use_labels(self) -> pd.DataFrame:
        r"""Each use's label as written and how it was matched, keyed like the report's uses.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``use_id`` (the label itself for an unknown use), with
            ``label_as_written`` (rows of one use joined by " | ") and ``matched_by``
            (``exact``, ``synonym``, ``guess`` or ``none``; several joined the same way).

        Examples
        --------
        >>> t = read_allocation_table("Use\tGFA\nRetail\t5\n產學研基地\t5")
        >>> t.use_labels().to_dict("index")["commercial_mixed"]
        {'label_as_written': 'Retail', 'matched_by': 'synonym'}
        """
        rows = self.rows
        how = rows["matched_by"] if "matched_by" in rows else pd.Series("exact", rows.index)
        label = rows["use"].where(rows["use"].notna(), "").astype(str)
        key = rows["use_id"].where(rows["use_id"].notna(), label)
        frame = pd.DataFrame(
            {"key": key.to_numpy(), "label_as_written": label, "matched_by": how.fillna("none")}
        )
        out = frame.groupby("key", sort=False).agg(lambda v: " | ".join(dict.fromkeys(v)))
        out.index.name = "use_id"
        return out

    def with_total_gfa(self, total_gfa_m2: float | None, origin: str) -> AllocationTable:
        r"""The table with its GFA taken from share × a total, when it gives no GFA of its own.

        Parameters
        ----------
        total_gfa_m2
            The total GFA, m² (None: the table is returned as it is).
        origin
            Where the total comes from, as the report names it (``"--total-gfa"``).

        Returns
        -------
        AllocationTable
            A copy whose ``gfa_m2`` is ``share_pct / 100 × total`` and whose ``meta`` says so
            (``derived``, ``gfa_from``); the table itself when it has GFA or no shares.

        Examples
        --------
        >>> t = read_allocation_table("Use,Share\nWet labs,60%\nOffices,40%")
        >>> t.total_gfa_m2() is None
        True
        >>> t.with_total_gfa(1_000_000, "--total-gfa").rows["gfa_m2"].tolist()
        [600000.0, 400000.0]
        """
        has_gfa = self.rows["gfa_m2"].notna().any()
        missing = "gfa_m2" in self.meta.get("missing_columns", [])
        if total_gfa_m2 is None or has_gfa or not missing or self.meta.get("share_mix"):
            return self  # shares mixing fractions and % give no GFA (table.share_fractions)
        rows = self.rows.assign(gfa_m2=self.rows["share_pct"] / 100 * total_gfa_m2)
        meta = {
            **self.meta,
            "derived": {**self.meta.get("derived", {}), "gfa_m2": "share_pct × total"},
            "gfa_from": {"total": float(total_gfa_m2), "origin": origin},
        }
        return dataclasses.replace(self, rows=rows, meta=meta)


def read_allocation_table(
    path_or_text: str | os.PathLike[str] | bytes,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    gfa_column: str | None = None,
    share_column: str | None = None,
    use_column: str | None = None,
) -> AllocationTable:
    r"""Read a GFA allocation table from a file or from pasted text.

    Parameters
    ----------
    path_or_text
        A path (.csv, .tsv, .txt, .md, .xlsx), or pasted text: a string holding a newline or a tab
        is read as text, any other string as a path.
    sheet
        XLSX sheet name or 0-based index (default: the first sheet); a string of digits, as a
        command line gives it, is an index.
    encoding
        Force a text encoding; by default UTF-8 (with or without BOM), Big5-HKSCS, then CP950.
    gfa_column, share_column, use_column
        The header of the GFA, share or use column, for a table whose header the reader
        cannot guess (``"Flr spc"``); refused when the header has no such cell.

    Returns
    -------
    AllocationTable
        The rows by use, the total row's figures, how the table was read (``meta``: bad
        cells, conversions, ignored rows ...) and the SHA-256 of the input.

    Raises
    ------
    TableError
        The file is missing, empty, undecodable or of an unsupported type, or it has no
        recognisable header, no data rows, no use column, or neither a share nor a GFA column.

    Examples
    --------
    >>> t = read_allocation_table("Use,Share,GFA (ha)\nWet labs,52%,52\nOffices,48%,48")
    >>> t.meta["delimiter"], t.rows["gfa_m2"].tolist()
    (',', [520000.0, 480000.0])
    """
    src = read_source(path_or_text, sheet=sheet, encoding=encoding)
    named = named_columns(gfa_column=gfa_column, share_column=share_column, use_column=use_column)
    split = choose_split(split_cells(src), named)
    header = read_header(split.grid, src.name, named)
    return build_table(src, split, header, read_rows(split.grid, header, split.delimiter))


def build_table(src: Source, split: Split, header: Header, rows: Rows) -> AllocationTable:
    r"""The typed rows as an :class:`AllocationTable`, with how each step read the table.

    Area and fraction conversions are recorded, a missing share or GFA column is derived
    (from the GFA, or from the stated total) and the total row's figures are kept.

    Parameters
    ----------
    src
        The input as read (:func:`gis.tables.source.read_source`).
    split
        The cells, split the way the header chose (:func:`gis.tables.header.choose_split`).
    header
        The header (:func:`gis.tables.header.read_header`).
    rows
        The rows below it (:func:`gis.tables.rows.read_rows`).

    Returns
    -------
    AllocationTable

    Raises
    ------
    TableError
        There are no data rows below the header.

    Examples
    --------
    >>> src = Source("<text>", b"", text="Use\tGFA", encoding="str")
    >>> grid = [(1, ["Use", "GFA"]), (2, ["Labs", "300"]), (3, ["Offices", "100"])]
    >>> header = read_header(grid, "<text>")
    >>> t = build_table(src, Split("\t", grid), header, read_rows(grid, header, "\t"))
    >>> t.rows["share_pct"].tolist(), t.meta["derived"]
    ([75.0, 25.0], {'share_pct': 'gfa_m2 / sum of GFA'})
    """
    if not rows.records:
        raise TableError(
            f"header found but no data rows below it (header {header.shown})",
            src.name,
            f"line {header.header_row}",
        )
    missing = [c for c in ("share_pct", "gfa_m2") if c not in header.units]
    numeric_unused(rows.records, header.extras, missing, src.name)
    frame, unknown = _frame(rows.records, header)
    conversions = area_conversions(header.units, rows.cell_units)
    frame, totals, fraction, mixed = fractions_to_pct(frame, rows.totals, header.units, rows)
    conversions += fraction
    stated_gfa, stated_share = stated(totals, "gfa_m2"), stated(totals, "share_pct")
    total_row_only = gfa_on_total_row_only(frame, header, rows, stated_gfa)
    missing += ["gfa_m2"] if total_row_only else []
    frame, derived = derive(frame, missing, None if mixed else stated_gfa)  # never from a mix
    line = "sheet row" if src.text is None else "line"
    gfa_from = (
        {
            "total": stated_gfa,
            "origin": f"the total row, {line} {totals.get('row')}",
            "total_row_only": total_row_only,
        }
        if "gfa_m2" in derived and stated_gfa is not None
        else None
    )
    xlsx = src.text is None
    meta: dict[str, Any] = {
        "format": "xlsx" if xlsx else "markdown" if split.delimiter == "|" else "text",
        "encoding": src.encoding,
        "delimiter": None if xlsx else split.delimiter,
        "sheet": src.sheet,
        "header_row": header.header_row,
        "columns": {header.shown[i]: col for i, col in header.columns.items()},
        "units": {col: unit for col, unit in header.units.items() if unit},
        "unknown_columns": unknown,
        "missing_columns": missing,
        "derived": derived,
        "unit_conversions": conversions,
        "bad_cells": rows.bad,
        "ragged_rows": rows.ragged,
        "ignored_rows": rows.ignored,
        "total_row": totals.get("row"),
        "gfa_from": gfa_from,
        "notes": rows.notes,
        "note_params": rows.note_params,
        "share_mix": mixed,
    }
    return AllocationTable(
        rows=frame,
        stated_total_gfa_m2=stated_gfa,
        stated_total_share_pct=stated_share,
        source=src.name,
        meta=meta,
        sha256=hashlib.sha256(src.data).hexdigest(),
    )


def _frame(records: list[dict[str, Any]], header: Header) -> tuple[pd.DataFrame, list[str]]:
    """The records as a frame (text kept as objects, None not NaN; share and GFA always
    present) without unknown columns that are empty; and the unknown columns kept.
    """
    frame = pd.DataFrame(records)
    for col in ("use", "use_id", "matched_by", *header.columns.values(), *header.extras.values()):
        if col in frame and col not in NUMERIC:
            frame[col] = pd.Series([r.get(col) for r in records], dtype=object)  # keep None
    for col in ("share_pct", "gfa_m2"):
        if col not in frame:
            frame[col] = math.nan
        frame[col] = frame[col].astype(float)
    empty = [name for name in header.extras.values() if frame[name].isna().all()]
    kept = [name for name in header.extras.values() if name not in empty]
    return frame.drop(columns=empty), kept
