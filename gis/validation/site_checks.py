"""Site checks of an allocation: plot ratio, share bounds, zone capacity, land share, rows.

Called by :func:`gis.validate`; each function returns a list of :class:`~gis.report.Issue`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.formats import plural
from gis.planning.envelope import ENVELOPE_SOURCE, Envelope
from gis.registry import (
    GFA_EXCEEDED,
    GROSS_PLOT_RATIO,
    HEIGHT_ABOVE_LIMIT,
    MAX_GFA,
    MAX_HEIGHT,
    MAX_PLOT_RATIO,
    PLOT_RATIO_EXCEEDED,
    ROW_HEIGHT,
    ROW_PLOT_RATIO,
    SHARE_ABOVE_MAX,
    SHARE_BELOW_MIN,
)
from gis.report import CheckRecord, Issue
from gis.tables.table import AllocationTable

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.planning.zone_rules import ZoneRule
    from gis.validation.inputs import Rules


def row_plot_ratio_issues(tbl: AllocationTable, rules: Rules) -> list[Issue]:
    """A row's GFA on its own site area must not exceed the row's plot ratio."""
    rows = tbl.rows
    if not {"site_area_m2", "plot_ratio"} <= set(rows.columns):
        return []
    out = []
    for rec in rows.itertuples(index=False):
        area, pr, gfa = rec.site_area_m2, rec.plot_ratio, rec.gfa_m2
        if not all(isinstance(v, (int, float)) and np.isfinite(v) for v in (area, pr, gfa)):
            continue
        if area > 0 and gfa > area * pr * (1 + rules.gfa_tol_frac):
            out.append(
                Issue(
                    ROW_PLOT_RATIO,
                    "error",
                    f"row {rec.row} ('{rec.use}'): {gfa:,.0f} m² GFA on "
                    f"{area / 10_000:,.2f} ha is plot ratio {gfa / area:.2f}, above the "
                    f"row's plot ratio {pr:g}",
                    row=int(rec.row),
                    params={
                        "row": int(rec.row),
                        "use": rec.use,
                        "gfa": float(gfa),
                        "ha": float(area / 10_000),
                        "pr": float(gfa / area),
                        "limit": float(pr),
                    },
                    column="plot_ratio",
                    value=float(gfa / area),
                    expected=float(pr),
                    source="plot ratio = GFA / site area",
                )
            )
    return out


def row_height_issues(tbl: AllocationTable, env: Envelope) -> list[Issue]:
    """A row's height must fit under the height limit of the zones its use goes to."""
    rows = tbl.rows
    if "height_mpd" not in rows.columns or env.height_mpd_max is None:
        return []
    out = []
    upos = {u: i for i, u in enumerate(env.use_ids)}
    for rec in rows.itertuples(index=False):
        h = rec.height_mpd
        if rec.use_id not in upos or not isinstance(h, (int, float)) or not np.isfinite(h):
            continue
        zones = env.weights[upos[rec.use_id]] > 0
        limits = env.height_mpd_max[zones]
        limits = limits[np.isfinite(limits)]
        if len(limits) and h > limits.max() + 1e-9:
            names = ", ".join(z for z, ok in zip(env.zone_ids, zones, strict=True) if ok)
            out.append(
                Issue(
                    ROW_HEIGHT,
                    "error",
                    f"row {rec.row} ('{rec.use}'): {h:g} mPD is above the highest limit "
                    f"of its zones ({names}: {limits.max():g} mPD)",
                    row=int(rec.row),
                    params={
                        "row": int(rec.row),
                        "use": rec.use,
                        "h": float(h),
                        "names": names,
                        "limit": float(limits.max()),
                    },
                    column="height_mpd",
                    value=float(h),
                    expected=float(limits.max()),
                    source=ENVELOPE_SOURCE,
                )
            )
    return out


def plot_ratio_issues(
    summary: dict[str, Any], rules: Rules, site_rule: ZoneRule | None = None, gap: str | None = None
) -> tuple[list[Issue], CheckRecord]:
    """The gross plot ratio, and its cap: the tighter of ``rules.max_plot_ratio`` and the rule."""
    pr = summary["gross_plot_ratio"]
    if pr != pr:  # no total GFA established: nothing to compare (the checklist says why)
        return [], CheckRecord(MAX_PLOT_RATIO, False, "site", "total GFA not established")
    out = [
        Issue(
            GROSS_PLOT_RATIO,
            "info",
            f"gross plot ratio {pr:.2f} = {summary['total_gfa_m2']:,.0f} m² GFA / "
            f"{summary['site_area_ha']:.2f} ha site",
            value=pr,
            params={
                "pr": pr,
                "gfa": float(summary["total_gfa_m2"]),
                "ha": float(summary["site_area_ha"]),
            },
            source="plot ratio = GFA / site area",
        )
    ]
    caps = [
        (v, s)
        for v, s in (
            (rules.max_plot_ratio, "user rule"),
            (site_rule.value if site_rule else None, site_rule.source if site_rule else None),
        )
        if v is not None
    ]
    if not caps:
        return out, CheckRecord(
            MAX_PLOT_RATIO,
            False,
            "site",
            gap or "no rule or --max-plot-ratio states a maximum plot ratio",
        )
    cap, src = min(caps, key=lambda c: c[0])
    if pr > cap + 1e-9:
        out.append(
            Issue(
                PLOT_RATIO_EXCEEDED,
                "error",
                f"gross plot ratio {pr:.2f} exceeds the maximum {cap:g}",
                value=pr,
                params={"pr": pr, "cap": cap},
                expected=cap,
                source=src,
            )
        )
    return out, CheckRecord(MAX_PLOT_RATIO, True, "site", f"maximum {cap:g}", src)


def site_gfa_issues(
    total: float, rule: ZoneRule | None, gap: str | None = None
) -> tuple[list[Issue], CheckRecord]:
    """Total GFA within the site's maximum GFA (a rule of scope ``site``)."""
    if total != total:  # no total GFA established: nothing to compare
        return [], CheckRecord(MAX_GFA, False, "site", "total GFA not established")
    if rule is None or rule.value is None:
        return [], CheckRecord(
            MAX_GFA, False, "site", gap or "no rule states a maximum GFA for this site"
        )
    out = []
    if total > rule.value * (1 + 1e-9):
        out.append(
            Issue(
                GFA_EXCEEDED,
                "error",
                f"total GFA {total:,.0f} m² exceeds the site's maximum {rule.value:,.0f} m²",
                value=total,
                params={"total": total, "max": rule.value},
                expected=rule.value,
                source=rule.source,
            )
        )
    return out, CheckRecord(MAX_GFA, True, "site", f"maximum {rule.value:,.0f} m²", rule.source)


def site_height_issues(
    rule: ZoneRule | None, heights: list[tuple[str, float]], gap: str | None = None
) -> tuple[list[Issue], CheckRecord]:
    """Every height on the site (bands, zones, table rows) within the site's maximum mPD."""
    if rule is None or rule.value is None:
        return [], CheckRecord(
            MAX_HEIGHT,
            False,
            "site",
            gap or "no rule states a maximum height for this site",
        )
    if not heights:
        return [], CheckRecord(
            MAX_HEIGHT,
            False,
            "site",
            f"maximum {rule.value:g} mPD stated, but no height bands, zone "
            "heights or table heights to compare",
        )
    out = []
    for what, h in heights:
        if np.isfinite(h) and h > rule.value + 1e-9:
            out.append(
                Issue(
                    HEIGHT_ABOVE_LIMIT,
                    "error",
                    f"{what}: {h:g} mPD is above the site's maximum {rule.value:g} mPD",
                    feature=what,
                    params={"what": what, "h": float(h), "max": rule.value},
                    value=float(h),
                    expected=rule.value,
                    source=rule.source,
                )
            )
    return out, CheckRecord(
        MAX_HEIGHT,
        True,
        "site",
        f"{plural(len(heights), 'height')} within {rule.value:g} mPD",
        rule.source,
    )


def site_heights(
    bands: gpd.GeoDataFrame | None, zones: gpd.GeoDataFrame | None, tbl: AllocationTable
) -> list[tuple[str, float]]:
    """The heights found on a site: band and zone ``height_mpd``, table rows' ``height_mpd``."""
    out: list[tuple[str, float]] = []
    for gdf, what in ((bands, "height band"), (zones, "zone")):
        if gdf is not None and "height_mpd" in gdf:
            ids = gdf["id"] if "id" in gdf else gdf.get("zone_id", pd.Series(range(len(gdf))))
            out += [
                (f"{what} '{i}'", h)
                for i, h in zip(
                    ids.to_numpy(dtype=object).tolist(),
                    gdf["height_mpd"].to_numpy(float).tolist(),
                    strict=True,
                )
            ]
    if "height_mpd" in tbl.rows:
        out += [
            (f"row {r.row} ('{r.use}')", float(r.height_mpd))
            for r in tbl.rows.itertuples(index=False)
            if isinstance(r.height_mpd, (int, float)) and np.isfinite(r.height_mpd)
        ]
    return out


def share_bound_issues(gfa: pd.Series, total: float, rules: Rules) -> list[Issue]:
    """Findings for uses whose share of GFA is outside ``rules.min_share_pct``/``max_share_pct``."""
    out = []
    share = 100.0 * gfa / total if total else gfa * np.nan
    for use, lo in (rules.min_share_pct or {}).items():
        s = float(share.get(use, 0.0))
        if s < lo - 1e-9:
            out.append(
                Issue(
                    SHARE_BELOW_MIN,
                    "error",
                    f"use '{use}': {s:.1f}% of GFA is below the minimum {lo:g}%",
                    column="share_pct",
                    params={"use": use, "share": s, "limit": lo},
                    value=s,
                    expected=lo,
                    source="user rule",
                )
            )
    for use, hi in (rules.max_share_pct or {}).items():
        s = float(share.get(use, 0.0))
        if s > hi + 1e-9:
            out.append(
                Issue(
                    SHARE_ABOVE_MAX,
                    "error",
                    f"use '{use}': {s:.1f}% of GFA is above the maximum {hi:g}%",
                    column="share_pct",
                    params={"use": use, "share": s, "limit": hi},
                    value=s,
                    expected=hi,
                    source="user rule",
                )
            )
    return out
