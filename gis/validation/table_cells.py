"""The cells of a GFA allocation table as read: conversions, derived columns, notes, bad or
empty cells, ragged rows, and the uses the rows name (unknown or repeated).

Called by :func:`gis.validation.table_checks.check_table`; every finding is collected.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gis.registry import (
    DUPLICATE_USE,
    GFA_ONLY,
    MISSING_VALUE,
    NEGATIVE_VALUE,
    NOT_A_NUMBER,
    RAGGED_ROW,
    READ_NOTE,
    SHARE_FRACTIONS,
    SHARE_MIX,
    SHARE_ONLY,
    SRC_FORMAT,
    SRC_USES,
    UNIT_CONVERTED,
    UNKNOWN_USE,
    UNUSED_COLUMN,
    USE_GUESSED,
)
from gis.report import Issue
from gis.tables.table import AllocationTable
from gis.tables.uses import (
    USES,
    guessed_from,
    normalise_name,
    suggest_use,
    use_category,
    use_hint,
)


class TableContext:
    """The table plus what every check needs to name a row."""

    def __init__(self, table: AllocationTable) -> None:
        self.table = table
        self.rows = table.rows
        self.meta = table.meta
        self.missing = set(table.meta.get("missing_columns", []))
        bad_cols = {c for _, c in (b for b in self._bad_cells(table))}
        for col in ("gfa_m2", "share_pct"):  # a column left empty on every row (a GFA given on
            if (  # the total row only): not given, derived like a missing one
                col in self.rows
                and col not in bad_cols
                and len(self.rows)
                and self.rows[col].isna().all()
            ):
                self.missing.add(col)
        self.line = "sheet row" if table.meta.get("format") == "xlsx" else "line"
        self.bad = {(b["row"], b["column"]) for b in table.meta.get("bad_cells", [])}
        self.by_row = {rec["row"]: rec for rec in self.records()}

    @staticmethod
    def _bad_cells(table: AllocationTable) -> list[tuple[int, str]]:
        return [(b["row"], b["column"]) for b in table.meta.get("bad_cells", [])]

    def where(self, rec: Any, source_row: int | None = None) -> str:
        """A row (or the total row at ``source_row``) as a finding names it."""
        if rec is None:
            return f"total row ({self.line} {source_row})"
        name = f"{rec['use']!r}, " if isinstance(rec["use"], str) else ""
        return f"row {rec['row']} ({name}{self.line} {rec['source_row']})"

    def loc(self, rec: Any, source_row: int | None = None) -> dict[str, Any]:
        """What :meth:`where` says, as values (for the finding's ``params``)."""
        if rec is None:
            return {"row": None, "use": None, "line": self.line, "source_row": source_row}
        use = rec["use"] if isinstance(rec["use"], str) else None
        return {"row": rec["row"], "use": use, "line": self.line, "source_row": rec["source_row"]}

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries."""
        return self.rows.to_dict(orient="records")


def format_issues(ctx: TableContext, total_gfa_m2: float | None) -> list[Issue]:
    """What the reader converted, derived, noted or could not read (cells, ragged rows)."""
    issues: list[Issue] = []
    issues += _fraction_issues(ctx)
    for conv in ctx.meta.get("unit_conversions", []):
        if conv.get("from") == "fraction":
            continue  # said by _fraction_issues
        rows = conv.get("rows")
        where = f" (rows {', '.join(str(r or 'total') for r in rows)})" if rows else ""
        issues.append(
            Issue(
                UNIT_CONVERTED,
                "info",
                conv["message"] + where,
                column=conv["column"],
                source=SRC_FORMAT,
                params={k: conv.get(k) for k in ("column", "from", "factor", "rows")},
            )
        )
    if "gfa_m2" in ctx.missing:
        issues.append(_share_only(ctx))
    if "share_pct" in ctx.missing:
        derived = ctx.meta.get("derived", {}).get("share_pct")
        how = f"shares are {derived} × 100" if derived else "shares cannot be derived (no GFA)"
        issues.append(
            Issue(
                GFA_ONLY,
                "info",
                f"no share column (百分比 / Share %): {how}",
                column="share_pct",
                source=SRC_FORMAT,
                params={"derived": derived},
            )
        )
    for name in ctx.meta.get("unknown_columns", []):
        issues.append(
            Issue(
                UNUSED_COLUMN,
                "warning",
                f"column {name!r} is not used: not a use, share, GFA, zone, site, site area, "
                "plot ratio or height column; if it is one, name it with --gfa-column, "
                "--share-column or --use-column",
                column=name,
                source=SRC_FORMAT,
                params={"column": name},
            )
        )
    coded = ctx.meta.get("note_params") or []
    for i, note in enumerate(ctx.meta.get("notes", [])):
        code, params = coded[i] if i < len(coded) else (None, None)
        issues.append(Issue(READ_NOTE, "info", note, source=SRC_FORMAT, code=code, params=params))
    for bad in ctx.meta.get("bad_cells", []):
        where = ctx.where(ctx.by_row.get(bad["row"]), bad["source_row"])
        issues.append(
            Issue(
                NOT_A_NUMBER,
                "error",
                f"{where}, column {bad['column']}: {bad['raw']!r} {bad['reason']}",
                row=bad["row"],
                column=bad["column"],
                source=SRC_FORMAT,
                params={
                    "where": ctx.loc(ctx.by_row.get(bad["row"]), bad["source_row"]),
                    "column": bad["column"],
                    "raw": bad["raw"],
                    "unit": bad.get("unit"),
                    "ambiguous": bad.get("ambiguous", False),
                },
            )
        )
    for rag in ctx.meta.get("ragged_rows", []):
        issues.append(
            Issue(
                RAGGED_ROW,
                "error",
                f"{ctx.where(ctx.by_row.get(rag['row']), rag['source_row'])}: "
                f"{rag['cells']} cells but the header "
                f"has {rag['expected']}; quote cells that hold the delimiter",
                row=rag["row"],
                source=SRC_FORMAT,
                params={
                    "where": ctx.loc(ctx.by_row.get(rag["row"]), rag["source_row"]),
                    "cells": rag["cells"],
                    "expected": rag["expected"],
                },
            )
        )
    return issues


def _fraction_issues(ctx: TableContext) -> list[Issue]:
    """Shares read as fractions (info; a warning under a % header), or one error naming the
    rows whose shares look like fractions beside percentages.
    """
    out = []
    for conv in ctx.meta.get("unit_conversions", []):
        if conv.get("from") == "fraction":
            header = bool(conv.get("pct_header"))
            out.append(
                Issue(
                    SHARE_FRACTIONS,
                    "warning" if header else "info",
                    conv["message"] + ("; write 52% or 52 under a % header" if header else ""),
                    column="share_pct",
                    source=SRC_FORMAT,
                    code="table.share_fractions_pct_header" if header else None,
                    params={"sum": conv.get("sum")},
                )
            )
    mix = ctx.meta.get("share_mix")
    if mix:
        rows = ", ".join(str(r) for r in mix["rows"])
        lines = ", ".join(str(r) for r in mix["source_rows"])
        values = " and ".join(f"{v:g}" for v in mix["values"])
        first = mix["values"][0]
        out.append(
            Issue(
                SHARE_MIX,
                "error",
                f"row{'s' if len(mix['rows']) > 1 else ''} {rows} ({ctx.line}s {lines}), "
                f"column share_pct: {values} look{'s' if len(mix['rows']) == 1 else ''} like "
                f"fractions beside percentages (the shares sum to {mix['sum']:g}% as written, "
                f"{mix['as_fractions']:g}% if they are fractions): write {first * 100:g}% or "
                f"{first * 100:g}; no row's GFA is checked against its share until then",
                row=mix["rows"][0],
                column="share_pct",
                source=SRC_FORMAT,
                params={**mix, "line": ctx.line},
            )
        )
    return out


def _share_only(ctx: TableContext) -> Issue:
    """Where a table without GFA figures took its GFA from, or that it has none."""
    src = ctx.meta.get("gfa_from") or {}
    total, origin = src.get("total"), src.get("origin")
    if ctx.meta.get("share_mix"):
        message = (
            "no GFA column (總樓面面積 / GFA): no GFA is derived from shares that mix "
            "fractions and percentages"
        )
    elif total is not None:
        lead = (
            "GFA given only on the total row"
            if src.get("total_row_only")
            else "no GFA column (總樓面面積 / GFA)"
        )
        message = f"{lead}: GFA from share × total {total:,.0f} m² ({origin})"
    else:
        message = (
            "no GFA column (總樓面面積 / GFA) and no total (a total row or --total-gfa): "
            "the total GFA is not established, nothing is allocated to check"
        )
    return Issue(
        SHARE_ONLY,
        "info" if total is not None else "warning",
        message,
        column="gfa_m2",
        source=SRC_FORMAT,
        params={
            "total": total,
            "origin": origin,
            "total_row_only": src.get("total_row_only"),
            "mixed": bool(ctx.meta.get("share_mix")),
        },
    )


def value_issues(ctx: TableContext) -> list[Issue]:
    """Empty use names and values, negative numbers."""
    issues = []
    present = [c for c in ("share_pct", "gfa_m2") if c not in ctx.missing]
    signed = [
        c
        for c in ("share_pct", "gfa_m2", "site_area_m2", "plot_ratio")
        if c in ctx.rows and c not in ctx.missing
    ]
    for rec in ctx.records():
        if not isinstance(rec["use"], str):
            issues.append(
                Issue(
                    MISSING_VALUE,
                    "error",
                    f"{ctx.where(rec)}, column use: the use name is empty",
                    row=rec["row"],
                    column="use",
                    source=SRC_FORMAT,
                    code="table.missing_use",
                    params={"where": ctx.loc(rec)},
                )
            )
        for col in present:
            if pd.isna(rec[col]) and (rec["row"], col) not in ctx.bad:
                issues.append(
                    Issue(
                        MISSING_VALUE,
                        "error",
                        f"{ctx.where(rec)}, column {col}: the value is empty",
                        row=rec["row"],
                        column=col,
                        source=SRC_FORMAT,
                        params={"where": ctx.loc(rec), "column": col},
                    )
                )
        for col in signed:
            if rec[col] is not None and rec[col] < 0:
                issues.append(
                    Issue(
                        NEGATIVE_VALUE,
                        "error",
                        f"{ctx.where(rec)}, column {col}: {rec[col]:,.6g} is negative",
                        row=rec["row"],
                        column=col,
                        source=SRC_FORMAT,
                        params={"where": ctx.loc(rec), "column": col, "value": float(rec[col])},
                        value=float(rec[col]),
                        expected=0.0,
                    )
                )
    return issues


def use_issues(ctx: TableContext) -> list[Issue]:
    """Use names that match no canonical use, and two rows that are one use."""
    issues = []
    first: dict[str, dict[str, Any]] = {}
    for rec in ctx.records():
        if not isinstance(rec["use"], str):
            continue
        use_id = rec["use_id"] if isinstance(rec["use_id"], str) else None
        if use_id is None:
            hint = use_hint(rec["use"]) or (
                f"; expected one of {', '.join(u.name_en for u in USES)}"
            )
            issues.append(
                Issue(
                    UNKNOWN_USE,
                    "warning",
                    f"{ctx.where(rec)}, column use: {rec['use']!r} is not a known "
                    f"use category{hint}",
                    row=rec["row"],
                    column="use",
                    source=SRC_USES,
                    params={
                        "where": ctx.loc(rec),
                        "use": rec["use"],
                        "hint": suggest_use(rec["use"]),
                    },
                )
            )
        if use_id is not None and rec.get("matched_by") == "guess":
            issues.append(_guessed(ctx, rec, use_id))
        key = use_id or "name:" + normalise_name(rec["use"])
        if key in first:
            prev = first[key]
            what = f"{use_id} ({use_category(use_id).name_en})" if use_id else "the same name"
            issues.append(
                Issue(
                    DUPLICATE_USE,
                    "error",
                    f"{ctx.where(prev)} and {ctx.where(rec)} are both {what}; "
                    "merge them into one row",
                    row=rec["row"],
                    column="use",
                    source=SRC_USES,
                    params={"where": ctx.loc(prev), "where2": ctx.loc(rec), "use_id": use_id},
                )
            )
        else:
            first[key] = rec
    return issues


def _guessed(ctx: TableContext, rec: dict[str, Any], use_id: str) -> Issue:
    """A label matched to a use only because it contains one of the use's names."""
    use, part = use_category(use_id), guessed_from(rec["use"])
    return Issue(
        USE_GUESSED,
        "warning",
        f"{ctx.where(rec)}, column use: {rec['use']!r} was matched to {use_id} "
        f"({use.name_en} / {use.name_zh}) by a guess (it contains {part!r}); if that is "
        f"meant, write {use.name_en!r} or {use_id!r}, else name the use it is",
        row=rec["row"],
        column="use",
        source=SRC_USES,
        params={"where": ctx.loc(rec), "use": rec["use"], "use_id": use_id, "part": part},
    )
