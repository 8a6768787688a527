r"""Step 5 of the table reader, its arithmetic: what :func:`~gis.tables.table.build_table` records
and derives from the typed rows (area units converted, fractions read as %, a GFA only on the
total row, a missing share or GFA column filled in).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from gis.tables.header import Header
from gis.tables.rows import Rows
from gis.tables.units import AREA_TO_M2, UNIT_NAMES


def area_conversions(
    units: dict[str, str | None], cell_units: dict[tuple[str, str], list[int | None]]
) -> list[dict[str, Any]]:
    """The record of GFA and site areas read in another unit than m² (header or cells)."""
    out: list[dict[str, Any]] = []
    for col in ("gfa_m2", "site_area_m2"):
        label = "GFA" if col == "gfa_m2" else "site area"
        unit = units.get(col)
        if unit in AREA_TO_M2 and unit != "m2":
            out.append(
                {
                    "column": col,
                    "rows": None,
                    "from": unit,
                    "to": "m2",
                    "factor": AREA_TO_M2[unit],
                    "message": f"{label} read in {UNIT_NAMES[unit]} (header) and converted "
                    f"to m² (1 {UNIT_NAMES[unit]} = {AREA_TO_M2[unit]:,.8g} m²)",
                }
            )
        for (c, cell_unit), rows in cell_units.items():
            if c == col:
                out.append(
                    {
                        "column": col,
                        "rows": rows,
                        "from": cell_unit,
                        "to": "m2",
                        "factor": AREA_TO_M2[cell_unit],
                        "message": f"{label} cells given in {UNIT_NAMES[cell_unit]} and "
                        f"converted to m² (1 {UNIT_NAMES[cell_unit]} = "
                        f"{AREA_TO_M2[cell_unit]:,.8g} m²)",
                    }
                )
    return out


#: Shares all at most 1 are read as fractions when they sum to 1 within this (after reading,
#: ``table.shares_sum`` holds the sum to 100% ± ``--share-tol``).
FRACTION_SUM_TOL = 0.02


def fractions_to_pct(
    frame: pd.DataFrame, totals: dict[str, float], units: dict[str, str | None], rows: Rows
) -> tuple[pd.DataFrame, dict[str, float], list[dict[str, Any]], dict[str, Any] | None]:
    """Shares written as fractions become %, or a mix of fractions and % is named.

    Every share at most 1, written without %, summing to 1 (± :data:`FRACTION_SUM_TOL`): read
    as fractions (x 100), recorded as a conversion (``pct_header``: the header said % all the
    same). Some shares in (0, 1] written without % beside cells written with %, where reading
    them as fractions brings the sum nearer 100: the fourth value names them (``rows``,
    ``source_rows``, ``values``, ``sum`` as written, ``as_fractions``) and the shares are left
    as written.
    """
    if "share_pct" not in units:
        return frame, totals, [], None
    shares = frame["share_pct"]
    given = shares.notna()
    plain = given & ~frame["row"].isin(rows.percent_rows)
    small = plain & (shares > 0) & (shares <= 1)
    if not small.any():
        return frame, totals, [], None
    header_pct = units.get("share_pct") == "%"
    if (
        bool(plain[given].all())
        and bool(shares[given].between(0, 1).all())
        and bool((small & (shares < 1)).any())
        and abs(float(shares[given].sum()) - 1) <= FRACTION_SUM_TOL
    ):
        frame = frame.assign(share_pct=shares * 100)
        totals = dict(totals)
        if "share_pct" in totals and totals["share_pct"] <= 1:
            totals["share_pct"] *= 100
        how = " although the header says %" if header_pct else ""
        return (
            frame,
            totals,
            [
                {
                    "column": "share_pct",
                    "rows": None,
                    "from": "fraction",
                    "to": "%",
                    "pct_header": header_pct,
                    "sum": float(shares[given].sum()),
                    "message": f"shares read as fractions{how}: every share is at most 1 "
                    f"and they sum to {float(shares[given].sum()):g} (0.52 = 52%)",
                }
            ],
            None,
        )
    as_pct = float(shares.where(~small, shares * 100)[given].sum())
    written = float(shares[given].sum())
    if rows.percent_rows and abs(as_pct - 100) < abs(written - 100):
        mixed = frame[small]
        return (
            frame,
            totals,
            [],
            {
                "rows": [int(r) for r in mixed["row"]],
                "source_rows": [int(r) for r in mixed["source_row"]],
                "values": [float(v) for v in mixed["share_pct"]],
                "sum": written,
                "as_fractions": as_pct,
            },
        )
    return frame, totals, [], None


def gfa_on_total_row_only(
    frame: pd.DataFrame, header: Header, rows: Rows, stated_gfa: float | None
) -> bool:
    """A GFA column whose only figure is the total row's (every data row blank, none bad)."""
    bad_gfa = any(b["column"] == "gfa_m2" and b["row"] is not None for b in rows.bad)
    return (
        "gfa_m2" in header.units
        and "share_pct" in header.units
        and stated_gfa is not None
        and not bad_gfa
        and bool(frame["gfa_m2"].isna().all())
    )


def stated(totals: dict[str, float], col: str) -> float | None:
    """A figure of the total row (``gfa_m2`` or ``share_pct``), None when it gives none."""
    value = totals.get(col)
    return None if value is None or math.isnan(value) else value


def derive(
    frame: pd.DataFrame, missing: list[str], stated_gfa: float | None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Fill a missing share column from the rows' GFA, or a missing GFA column from the stated
    total (``stated_gfa`` None: not derived); say how in the second value.
    """
    derived: dict[str, str] = {}
    frame = frame.copy()
    if "share_pct" in missing:  # of what the rows allocate: a total row may disagree
        total = frame["gfa_m2"].sum(min_count=1)
        if total and not math.isnan(total):
            frame["share_pct"] = frame["gfa_m2"] / total * 100
            derived["share_pct"] = "gfa_m2 / sum of GFA"
    if "gfa_m2" in missing and stated_gfa is not None:
        frame["gfa_m2"] = frame["share_pct"] / 100 * stated_gfa
        derived["gfa_m2"] = "share_pct × stated total"
    return frame, derived
