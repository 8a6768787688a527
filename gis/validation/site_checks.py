"""Site checks of an allocation: plot ratio, share bounds, zone capacity, land share, rows.

Called by :func:`gis.validate`; each function returns a list of :class:`~gis.report.Issue`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.planning.envelope import ENVELOPE_SOURCE, Envelope
from gis.report import CheckRecord, Issue, ValidationReport
from gis.tables.table import AllocationTable
from gis.validation.zone_limits import ZoneLimits

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.planning.zone_rules import ZoneRule
    from gis.validation.tolerances import Rules

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
            out.append(
                Issue(
                    "site.row_plot_ratio",
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
                    "site.row_height_above_envelope",
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
    out = [
        Issue(
            "site.gross_plot_ratio",
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
            "site.max_plot_ratio",
            False,
            "site",
            gap or "no rule or --max-plot-ratio states a maximum plot ratio",
        )
    cap, src = min(caps, key=lambda c: c[0])
    if pr > cap + 1e-9:
        out.append(
            Issue(
                "site.plot_ratio_exceeded",
                "error",
                f"gross plot ratio {pr:.2f} exceeds the maximum {cap:g}",
                value=pr,
                params={"pr": pr, "cap": cap},
                expected=cap,
                source=src,
            )
        )
    return out, CheckRecord("site.max_plot_ratio", True, "site", f"maximum {cap:g}", src)


def site_gfa_issues(
    total: float, rule: ZoneRule | None, gap: str | None = None
) -> tuple[list[Issue], CheckRecord]:
    """Total GFA within the site's maximum GFA (a rule of scope ``site``)."""
    if rule is None or rule.value is None:
        return [], CheckRecord(
            "site.max_gfa_m2", False, "site", gap or "no rule states a maximum GFA for this site"
        )
    out = []
    if total > rule.value * (1 + 1e-9):
        out.append(
            Issue(
                "site.gfa_exceeded",
                "error",
                f"total GFA {total:,.0f} m² exceeds the site's maximum {rule.value:,.0f} m²",
                value=total,
                params={"total": total, "max": rule.value},
                expected=rule.value,
                source=rule.source,
            )
        )
    return out, CheckRecord(
        "site.max_gfa_m2", True, "site", f"maximum {rule.value:,.0f} m²", rule.source
    )


def site_height_issues(
    rule: ZoneRule | None, heights: list[tuple[str, float]], gap: str | None = None
) -> tuple[list[Issue], CheckRecord]:
    """Every height on the site (bands, zones, table rows) within the site's maximum mPD."""
    if rule is None or rule.value is None:
        return [], CheckRecord(
            "site.max_height_mpd",
            False,
            "site",
            gap or "no rule states a maximum height for this site",
        )
    if not heights:
        return [], CheckRecord(
            "site.max_height_mpd",
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
                    "site.height_above_limit",
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
        "site.max_height_mpd",
        True,
        "site",
        f"{len(heights)} heights within {rule.value:g} mPD",
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
                    "site.share_below_min",
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
                    "site.share_above_max",
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


BINDING_LABEL = {
    "envelope": "site coverage × height envelope",
    "max_plot_ratio": "maximum plot ratio × zone area",
    "max_gfa_m2": "maximum GFA",
}


def _use_issues(env: Envelope, g: np.ndarray, known: np.ndarray) -> list[Issue]:
    out: list[Issue] = []
    from gis.tables.uses import USE_IDS

    reach = env.weights > 0
    for i, use in enumerate(env.use_ids):
        if g[i] <= 0:
            continue
        if not reach[i].any() and use not in USE_IDS:
            out.append(
                Issue(
                    "site.use_unplaced",
                    "error",
                    f"use '{use}' ({g[i]:,.0f} m²) is not a known use category, so no "
                    "zone holds it: name one of the uses, or map it to zones "
                    "(--use-zones with use_id, zone_id, or a 'zone' column)",
                    source="use-to-zone mapping",
                    params={"use": use, "gfa": float(g[i])},
                )
            )
        elif reach[i].any() and not (reach[i] & known).any():
            names = ", ".join(z for z, r in zip(env.zone_ids, reach[i], strict=True) if r)
            out.append(
                Issue(
                    "site.use_capacity_unknown",
                    "warning",
                    f"use '{use}' ({g[i]:,.0f} m²) goes to zones whose capacity is "
                    f"unknown ({names}: no limit known): its capacity is not checked",
                    source="zone rules",
                    params={"use": use, "gfa": float(g[i]), "names": names},
                )
            )
        elif env.use_capacity_m2[i] <= 0:
            out.append(
                Issue(
                    "site.use_without_zone",
                    "error",
                    f"use '{use}' has {g[i]:,.0f} m² GFA but no zone to hold it in the "
                    "use-to-zone mapping",
                    source="use-to-zone mapping",
                    params={"use": use, "gfa": float(g[i])},
                )
            )
    return out


def _zone_issues(zf: pd.DataFrame, info: pd.DataFrame, rules: Rules) -> list[Issue]:
    out: list[Issue] = []
    flagged = zf[(zf.utilisation > rules.near_capacity) | (zf.utilisation > 1.0 + 1e-9)]
    for zid, r in flagged.iterrows():  # only the zones that have something to say
        label = f"zone '{zid}' ({r.name_en})"
        binding, src = info.binding.get(zid), info.binding_source.get(zid) or ENVELOPE_SOURCE
        limit = "" if binding in (None, "envelope") else f" under its {BINDING_LABEL[binding]}"
        if r.utilisation > 1.0 + 1e-9:
            out.append(
                Issue(
                    "site.zone_over_capacity",
                    "error",
                    f"{label}: {r.gfa_m2:,.0f} m² GFA exceeds its capacity "
                    f"{r.capacity_m2:,.0f} m²{limit} ({100 * r.utilisation:.0f}% used)",
                    feature=str(zid),
                    params={
                        "zone": str(zid),
                        "name_en": r.get("name_en"),
                        "name_zh": r.get("name_zh"),
                        "gfa": float(r.gfa_m2),
                        "cap": float(r.capacity_m2),
                        "binding": binding,
                        "pct": float(100 * r.utilisation),
                    },
                    value=float(r.utilisation),
                    expected=1.0,
                    source=src,
                )
            )
        elif r.utilisation > rules.near_capacity:
            out.append(
                Issue(
                    "site.zone_near_capacity",
                    "warning",
                    f"{label}: {100 * r.utilisation:.0f}% of capacity used{limit}",
                    feature=str(zid),
                    params={
                        "zone": str(zid),
                        "name_en": r.get("name_en"),
                        "name_zh": r.get("name_zh"),
                        "binding": binding,
                        "pct": float(100 * r.utilisation),
                    },
                    value=float(r.utilisation),
                    expected=rules.near_capacity,
                    source=src,
                )
            )
    return out


def _land_share_issues(uses: pd.DataFrame, rules: Rules) -> list[Issue]:
    out = []
    for use, r in uses.iterrows():
        if r.gfa_m2 > 0 and abs(r.share_pct - r.land_share_pct) > rules.land_share_tol_pct:
            src = SRC_443 if use == "wet_lab_mfg" else "use-to-zone mapping"
            out.append(
                Issue(
                    "site.use_land_share",
                    "warning",
                    f"use '{use}': {r.share_pct:.0f}% of GFA on {r.land_share_pct:.0f}% "
                    f"of the building land (differs by more than "
                    f"{rules.land_share_tol_pct:g} points)",
                    value=float(r.share_pct),
                    params={
                        "use": use,
                        "share": float(r.share_pct),
                        "land": float(r.land_share_pct),
                        "tol": rules.land_share_tol_pct,
                    },
                    expected=float(r.land_share_pct),
                    source=src,
                )
            )
    return out


def capacity_issues(
    zl: ZoneLimits,
    gfa: pd.Series,
    total: float,
    rules: Rules,
    summary: dict[str, Any],
    report: ValidationReport,
) -> list[Issue]:
    """Zone capacity (tightest known limit), uses without zones, land shares; fills the report."""
    env, known = zl.env, zl.known
    g = gfa.reindex(env.use_ids).to_numpy(float)
    out = _use_issues(env, g, known)
    zf = env.zone_frame(g)
    zf["binding_limit"] = zl.info.binding.reindex(zf.index).to_numpy()
    zf.loc[~known, ["capacity_m2", "utilisation", "implied_plot_ratio"]] = np.nan
    zf.loc[~known, "status"] = "not checked"
    out += _zone_issues(zf[known], zl.info, rules)
    use_cap = env.use_capacity_m2
    share = 100.0 * g / total if total else np.full(len(g), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        uses = pd.DataFrame(
            {
                "gfa_m2": g,
                "share_pct": share,
                "capacity_m2": use_cap,
                "utilisation": np.where(use_cap > 0, g / use_cap, np.nan),
                "land_share_pct": building_land_share_pct(env),
            },
            index=pd.Index(env.use_ids, name="use_id"),
        )
    out += _land_share_issues(uses, rules)
    cap = float(env.capacity_m2[known].sum())
    summary.update(
        {
            "capacity_m2": cap,
            "utilisation": total / cap if cap else float("nan"),
            "max_zone_utilisation": float(zf.utilisation.max()) if known.any() else float("nan"),
            "zones_over_capacity": int((zf.status == "over_capacity").sum()),
            "zones_capacity_unknown": int((~known).sum()),
        }
    )
    report.zones = zf
    report.uses = uses
    return out
