r"""Table-level checks of a GFA allocation table: every problem is collected, never only the first.

Examples
--------
>>> from gis.tables import read_allocation_table
>>> t = read_allocation_table("Use\tShare\tGFA (m²)\n"
...                           "Wet labs\t52%\t520,000\nOffices\t47%\t470,000")
>>> [i.check for i in check_table(t)]
['table.shares_sum']
"""

from __future__ import annotations

import math

import pandas as pd

from gis.registry import CHECKS as REGISTRY
from gis.registry import GFA_SUM, HA_SUSPECT, ROW_GFA_SHARE, SHARES_SUM, SRC_ARITHMETIC
from gis.report import Issue, Severity
from gis.tables.table import AllocationTable
from gis.validation.table_cells import TableContext, format_issues, use_issues, value_issues

#: Every table check that makes findings: its severity and what it finds (from the registry).
CHECKS: dict[str, tuple[Severity, str]] = {
    c.id: (c.severity, c.what) for c in REGISTRY.values() if c.id.startswith("table.") and c.codes
}
HA_SUSPECT_BELOW_M2 = 1_000.0
EXPECTED_TOTAL_RANGE_M2 = (1e5, 1e7)


def check_table(
    table: AllocationTable,
    *,
    total_gfa_m2: float | None = None,
    share_tol_pct: float = 0.5,
    gfa_tol_frac: float = 0.005,
) -> list[Issue]:
    """Check an allocation table and return every finding (see :data:`CHECKS`).

    Parameters
    ----------
    table
        As returned by :func:`gis.tables.read_allocation_table`; it is not modified.
    total_gfa_m2
        The expected total GFA (e.g. 1,000,000 m² for Phase 1, §3.1.1); by default the table's
        stated total row, if any.
    share_tol_pct
        Tolerance on the sum of shares, in percentage points.
    gfa_tol_frac
        Tolerance on GFA sums and on each row, as a fraction of the total.

    Returns
    -------
    list of Issue
        Every finding, errors and warnings, each naming its row and column.

    Notes
    -----
    Each row's GFA is compared with ``share × total`` where the total is the given one, the
    stated one or the one the rows imply (ΣGFA ÷ Σshare), whichever leaves the fewest rows
    off: a wrong total row then gives one ``table.gfa_sum`` error, not one error per row.
    """
    ctx = TableContext(table.with_total_gfa(total_gfa_m2, "--total-gfa"))
    issues = format_issues(ctx, total_gfa_m2)
    issues += value_issues(ctx)
    issues += use_issues(ctx)
    issues += _sum_issues(ctx, total_gfa_m2, share_tol_pct, gfa_tol_frac)
    return issues


def _sum_issues(
    ctx: TableContext, total_gfa_m2: float | None, share_tol: float, gfa_tol: float
) -> list[Issue]:
    issues: list[Issue] = []
    rows, table = ctx.rows, ctx.table
    has_share, has_gfa = "share_pct" not in ctx.missing, "gfa_m2" not in ctx.missing
    stated = table.stated_total_gfa_m2
    expected = total_gfa_m2 if total_gfa_m2 is not None else stated
    origin = (
        "total_gfa_m2"
        if total_gfa_m2 is not None
        else f"the total row ({ctx.line} {ctx.meta.get('total_row')})"
    )
    mix = ctx.meta.get("share_mix")  # fractions beside %: one table.share_mix error, and the
    mixed = bool(mix)  # sum only when reading them as fractions does not make it add up
    said = mix is not None and abs(mix["as_fractions"] - 100) <= share_tol
    if has_share and not said and rows["share_pct"].notna().all():
        total_share = float(rows["share_pct"].sum())
        if abs(total_share - 100) > share_tol:
            issues.append(
                Issue(
                    SHARES_SUM,
                    "error",
                    f"column share_pct: shares sum to {total_share:g}%, expected 100% "
                    f"± {share_tol:g} points",
                    column="share_pct",
                    source=SRC_ARITHMETIC,
                    params={"total": total_share, "tol": share_tol},
                    value=total_share,
                    expected=100.0,
                )
            )
    if (
        has_share
        and table.stated_total_share_pct is not None
        and abs(table.stated_total_share_pct - 100) > share_tol
    ):
        issues.append(
            Issue(
                SHARES_SUM,
                "error",
                f"total row ({ctx.line} {ctx.meta.get('total_row')}), column "
                f"share_pct: states {table.stated_total_share_pct:g}%, expected 100%",
                column="share_pct",
                source=SRC_ARITHMETIC,
                code="table.shares_total_row",
                params={
                    "where": ctx.loc(None, ctx.meta.get("total_row")),
                    "stated": table.stated_total_share_pct,
                },
                value=table.stated_total_share_pct,
                expected=100.0,
            )
        )
    if has_gfa and expected is not None and rows["gfa_m2"].notna().all():
        total = float(rows["gfa_m2"].sum())
        if abs(total - expected) > gfa_tol * abs(expected):
            issues.append(
                Issue(
                    GFA_SUM,
                    "error",
                    f"column gfa_m2: GFA sums to {total:,.0f} m² but {origin} says "
                    f"{expected:,.0f} m² (± {gfa_tol * abs(expected):,.0f} m²); the report "
                    f"uses the rows' {total:,.0f} m², what the table allocates",
                    column="gfa_m2",
                    source=SRC_ARITHMETIC,
                    params={
                        "total": total,
                        "expected": expected,
                        "tol_m2": gfa_tol * abs(expected),
                        "origin": None
                        if total_gfa_m2 is not None
                        else ctx.loc(None, ctx.meta.get("total_row")),
                    },
                    value=total,
                    expected=expected,
                )
            )
    if (
        total_gfa_m2 is not None
        and stated is not None
        and abs(stated - total_gfa_m2) > gfa_tol * abs(total_gfa_m2)
    ):
        issues.append(
            Issue(
                GFA_SUM,
                "error",
                f"total row ({ctx.line} {ctx.meta.get('total_row')}), column gfa_m2: "
                f"states {stated:,.0f} m², expected {total_gfa_m2:,.0f} m²",
                column="gfa_m2",
                source=SRC_ARITHMETIC,
                code="table.gfa_total_row",
                params={
                    "where": ctx.loc(None, ctx.meta.get("total_row")),
                    "stated": stated,
                    "expected": total_gfa_m2,
                },
                value=stated,
                expected=total_gfa_m2,
            )
        )
    suspect = _ha_column_issue(ctx, total_gfa_m2) if has_gfa else None
    issues += [suspect] if suspect else []
    if has_share and has_gfa and not mixed:
        issues += _row_issues(ctx, total_gfa_m2, gfa_tol, ha_rows=suspect is None)
    return issues


def _ha_column_issue(ctx: TableContext, total_gfa_m2: float | None) -> Issue | None:
    if any(c["column"] == "gfa_m2" for c in ctx.meta.get("unit_conversions", [])):
        return None
    gfa = ctx.rows["gfa_m2"].dropna()
    gfa = gfa[gfa > 0]
    low, high = EXPECTED_TOTAL_RANGE_M2
    if total_gfa_m2 is not None and total_gfa_m2 < low:
        return None  # the caller expects a small table
    if len(gfa) and (gfa < HA_SUSPECT_BELOW_M2).all():
        return Issue(
            HA_SUSPECT,
            "warning",
            f"column gfa_m2: every GFA is below {HA_SUSPECT_BELOW_M2:,.0f} m² (largest "
            f"{gfa.max():,.6g}) while a total of {low:,.0f}-{high:,.0f} m² is expected: "
            "are they hectares? Label the column 'GFA (ha)'",
            column="gfa_m2",
            source=SRC_ARITHMETIC,
            params={
                "below": HA_SUSPECT_BELOW_M2,
                "largest": float(gfa.max()),
                "low": low,
                "high": high,
            },
            value=float(gfa.sum()),
        )
    return None


def _row_issues(
    ctx: TableContext, total_gfa_m2: float | None, tol: float, *, ha_rows: bool
) -> list[Issue]:
    ok = ctx.rows.dropna(subset=["share_pct", "gfa_m2"])
    ok = ok[(ok["share_pct"] >= 0) & (ok["gfa_m2"] >= 0)]
    if not len(ok):
        return []
    candidates = [(total_gfa_m2, "total_gfa_m2"), (ctx.table.stated_total_gfa_m2, "stated total")]
    if ok["share_pct"].sum() > 0:
        implied = float(ok["gfa_m2"].sum() / ok["share_pct"].sum() * 100)
        candidates.append((implied, "implied by the rows"))
    best: tuple[int, float, str, pd.Series] | None = None
    for total, label in candidates:
        if total is None or not total > 0:
            continue
        off = (ok["gfa_m2"] - ok["share_pct"] / 100 * total).abs() > tol * total
        if best is None or off.sum() < best[0]:
            best = (int(off.sum()), total, label, off)
    if best is None:
        return []
    _, total, label, off = best
    issues = []
    for rec in ok[off].to_dict(orient="records"):
        want = rec["share_pct"] / 100 * total
        issues.append(
            Issue(
                ROW_GFA_SHARE,
                "error",
                f"{ctx.where(rec)}, column gfa_m2: GFA {rec['gfa_m2']:,.0f} m² but "
                f"share {rec['share_pct']:g}% of {total:,.0f} m² ({label}) is "
                f"{want:,.0f} m² (± {tol * total:,.0f} m²)",
                row=rec["row"],
                column="gfa_m2",
                source=SRC_ARITHMETIC,
                params={
                    "where": ctx.loc(rec),
                    "gfa": float(rec["gfa_m2"]),
                    "share": float(rec["share_pct"]),
                    "total": total,
                    "basis": label,
                    "want": want,
                    "tol_m2": tol * total,
                },
                value=rec["gfa_m2"],
                expected=want,
            )
        )
        if ha_rows and want > 0 and math.isclose(rec["gfa_m2"] * 1e4, want, rel_tol=0.05):
            issues.append(
                Issue(
                    HA_SUSPECT,
                    "warning",
                    f"{ctx.where(rec)}, column gfa_m2: {rec['gfa_m2']:,.6g} is "
                    f"10,000× below {want:,.0f} m²: was it entered in hectares?",
                    row=rec["row"],
                    column="gfa_m2",
                    source=SRC_ARITHMETIC,
                    code="table.ha_suspect_row",
                    params={"where": ctx.loc(rec), "gfa": float(rec["gfa_m2"]), "want": want},
                    value=rec["gfa_m2"],
                    expected=want / 1e4,
                )
            )
    return issues
