"""Site checks of an allocation: plot ratio, share bounds, zone capacity, land share, rows.

Called by :func:`gis.validate`; each function returns a list of :class:`~gis.report.Issue`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .envelope import ENVELOPE_SOURCE, Envelope
from .report import Issue, ValidationReport
from .tables import AllocationTable

if TYPE_CHECKING:
    from .validation import Rules

SRC_443 = "004_281f81e4466a18af.txt §4.4.3 (about half the Phase 1 land: Life & Health + Adv. Mfg)"


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
            out.append(Issue("site.row_plot_ratio", "error",
                             f"row {rec.row} ('{rec.use}'): {gfa:,.0f} m² GFA on "
                             f"{area / 10_000:,.2f} ha is plot ratio {gfa / area:.2f}, above the "
                             f"row's plot ratio {pr:g}", row=int(rec.row), column="plot_ratio",
                             value=float(gfa / area), expected=float(pr),
                             source="plot ratio = GFA / site area"))
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
            out.append(Issue("site.row_height_above_envelope", "error",
                             f"row {rec.row} ('{rec.use}'): {h:g} mPD is above the highest limit "
                             f"of its zones ({names}: {limits.max():g} mPD)", row=int(rec.row),
                             column="height_mpd", value=float(h), expected=float(limits.max()),
                             source=ENVELOPE_SOURCE))
    return out


def plot_ratio_issues(summary: dict[str, Any], rules: Rules) -> list[Issue]:
    pr = summary["gross_plot_ratio"]
    out = [Issue("site.gross_plot_ratio", "info",
                 f"gross plot ratio {pr:.2f} = {summary['total_gfa_m2']:,.0f} m² GFA / "
                 f"{summary['site_area_ha']:.2f} ha site", value=pr,
                 source="plot ratio = GFA / site area")]
    if rules.max_plot_ratio is not None and pr > rules.max_plot_ratio + 1e-9:
        out.append(Issue("site.plot_ratio_exceeded", "error",
                         f"gross plot ratio {pr:.2f} exceeds the maximum {rules.max_plot_ratio:g}",
                         value=pr, expected=rules.max_plot_ratio, source="user rule"))
    return out


def share_bound_issues(gfa: pd.Series, total: float, rules: Rules) -> list[Issue]:
    out = []
    share = 100.0 * gfa / total if total else gfa * np.nan
    for use, lo in (rules.min_share_pct or {}).items():
        s = float(share.get(use, 0.0))
        if s < lo - 1e-9:
            out.append(Issue("site.share_below_min", "error",
                             f"use '{use}': {s:.1f}% of GFA is below the minimum {lo:g}%",
                             column="share_pct", value=s, expected=lo, source="user rule"))
    for use, hi in (rules.max_share_pct or {}).items():
        s = float(share.get(use, 0.0))
        if s > hi + 1e-9:
            out.append(Issue("site.share_above_max", "error",
                             f"use '{use}': {s:.1f}% of GFA is above the maximum {hi:g}%",
                             column="share_pct", value=s, expected=hi, source="user rule"))
    return out


def building_land_share_pct(env: Envelope) -> np.ndarray:
    """Each use's weighted share of the building land, in %.

    Building land is the zones with a site coverage above 0: roads, open space and other
    non-building zones that tile a site with them do not dilute the share. Without coverages
    every zone counts (as in :meth:`Envelope.land_share_pct`).
    """
    area = np.asarray(env.zone_area_m2, dtype=float)
    if env.site_coverage is not None:
        area = np.where(np.asarray(env.site_coverage) > 0, area, 0.0)
    total = area.sum()
    if not total:
        return np.full(len(env.use_ids), np.nan)
    return 100.0 * (env.weights @ area) / total


def capacity_issues(env: Envelope, gfa: pd.Series, total: float, rules: Rules,
                     summary: dict[str, Any], report: ValidationReport) -> list[Issue]:
    out: list[Issue] = []
    mapped = {u for u, w in zip(env.use_ids, env.weights.sum(axis=1), strict=True) if w > 0}
    g = gfa.reindex(env.use_ids).to_numpy(float)
    use_cap = env.use_capacity_m2
    from .uses import USE_IDS

    for i, use in enumerate(env.use_ids):
        if g[i] > 0 and use_cap[i] <= 0 and use not in USE_IDS and use not in mapped:
            out.append(Issue("site.use_unplaced", "warning",
                             f"use '{use}' ({g[i]:,.0f} m²) is not a known use category, so no "
                             "zone holds it: its capacity is not checked",
                             source="use-to-zone mapping"))
        elif g[i] > 0 and use_cap[i] <= 0:
            out.append(Issue("site.use_without_zone", "error",
                             f"use '{use}' has {g[i]:,.0f} m² GFA but no zone to hold it in the "
                             "use-to-zone mapping", source="use-to-zone mapping"))
    zf = env.zone_frame(g)
    for zid, r in zf.iterrows():
        label = f"zone '{zid}' ({r.name_en})"
        if r.utilisation > 1.0 + 1e-9:
            out.append(Issue("site.zone_over_capacity", "error",
                             f"{label}: {r.gfa_m2:,.0f} m² GFA exceeds its capacity "
                             f"{r.capacity_m2:,.0f} m² ({100 * r.utilisation:.0f}% used)",
                             feature=str(zid), value=float(r.utilisation), expected=1.0,
                             source=ENVELOPE_SOURCE))
        elif r.utilisation > rules.near_capacity:
            out.append(Issue("site.zone_near_capacity", "warning",
                             f"{label}: {100 * r.utilisation:.0f}% of capacity used",
                             feature=str(zid), value=float(r.utilisation),
                             expected=rules.near_capacity, source=ENVELOPE_SOURCE))
    land = building_land_share_pct(env)
    share = 100.0 * g / total if total else np.full(len(g), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        uses = pd.DataFrame({
            "gfa_m2": g, "share_pct": share, "capacity_m2": use_cap,
            "utilisation": np.where(use_cap > 0, g / use_cap, np.nan), "land_share_pct": land,
        }, index=pd.Index(env.use_ids, name="use_id"))
    for use, r in uses.iterrows():
        if r.gfa_m2 > 0 and abs(r.share_pct - r.land_share_pct) > rules.land_share_tol_pct:
            src = SRC_443 if use == "wet_lab_mfg" else "use-to-zone mapping"
            out.append(Issue("site.use_land_share", "warning",
                             f"use '{use}': {r.share_pct:.0f}% of GFA on {r.land_share_pct:.0f}% "
                             f"of the building land (differs by more than "
                             f"{rules.land_share_tol_pct:g} points)", value=float(r.share_pct),
                             expected=float(r.land_share_pct), source=src))
    cap = float(env.capacity_m2.sum())
    summary.update({
        "capacity_m2": cap,
        "utilisation": total / cap if cap else float("nan"),
        "max_zone_utilisation": float(zf.utilisation.max()) if len(zf) else float("nan"),
        "zones_over_capacity": int((zf.status == "over_capacity").sum()),
    })
    report.zones = zf
    report.uses = uses
    return out
