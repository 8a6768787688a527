"""Zone capacity findings: each zone's GFA against its tightest known limit, the uses no zone
holds, land shares, and rules that name no zone of the site.

:func:`zone_checks` is the zone step of :func:`gis.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.planning.envelope import ENVELOPE_SOURCE, Envelope
from gis.registry import (
    NO_MAPPING,
    RULE_UNKNOWN_ZONE,
    USE_CAPACITY_UNKNOWN,
    USE_LAND_SHARE,
    USE_UNPLACED,
    USE_WITHOUT_ZONE,
    ZONE_IMPLAUSIBLE,
    ZONE_NEAR,
    ZONE_OVER,
)
from gis.report import CheckRecord, Issue, ValidationReport
from gis.tables.table import AllocationTable
from gis.validation.inputs import use_zone_mapping
from gis.validation.site_checks import row_height_issues
from gis.validation.zone_limits import ZoneLimits

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.planning.zone_rules import ZoneRules
    from gis.validation.inputs import Rules

SRC_443 = "004_281f81e4466a18af.txt §4.4.3 (about half the Phase 1 land: Life & Health + Adv. Mfg)"


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
                    USE_UNPLACED,
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
                    USE_CAPACITY_UNKNOWN,
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
                    USE_WITHOUT_ZONE,
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
                    ZONE_OVER,
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
                    ZONE_NEAR,
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


def _plausibility_issues(zf: pd.DataFrame, rules: Rules) -> list[Issue]:
    """Zones whose implied plot ratio is above the highest plausible (an assumption: Rules)."""
    bound = rules.plausible_plot_ratio
    src = f"assumption: plausible_plot_ratio {bound:g}"  # no source states a zone's
    out = []
    for zid, r in zf[zf.implied_plot_ratio > bound].iterrows():
        ha, pr = float(r.area_ha), float(r.implied_plot_ratio)
        out.append(
            Issue(
                ZONE_IMPLAUSIBLE,
                "warning",
                f"zone '{zid}' ({r.name_en}): implied plot ratio {pr:.1f} ({r.gfa_m2:,.0f} m² "
                f"on {ha:.2f} ha) is above {bound:g}, the highest plausible (an assumption: no "
                "source states a zone's plot ratio)",
                feature=str(zid),
                value=pr,
                expected=bound,
                source=src,
                params={
                    **{"zone": str(zid), "name_en": r.get("name_en")},
                    **{"name_zh": r.get("name_zh"), "gfa": float(r.gfa_m2), "ha": ha},
                    **{"pr": pr, "max": bound},
                },
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
                    USE_LAND_SHARE,
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
    out += _plausibility_issues(zf, rules)  # whatever is known of its capacity
    odd = (zf.implied_plot_ratio > rules.plausible_plot_ratio) & (zf.status == "ok")
    zf.loc[odd, "status"] = "implausible"  # within capacity, but not "ok": see its warning
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


def with_outlines(zf: pd.DataFrame, zones_gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """``zf`` (indexed by ``zone_id``) as a GeoDataFrame in EPSG:2326 with each zone's outline
    (zones sharing an id: their union), so ``report.zones`` can be plotted or written; ``zf``
    as it is when the zones have no CRS.
    """
    import geopandas as gpd

    from gis.io.layers import to_hk1980

    if zones_gdf.crs is None or not len(zf):
        return zf
    z = to_hk1980(zones_gdf[["zone_id", zones_gdf.geometry.name]])
    ids = z["zone_id"].astype(str)
    if ids.is_unique:
        outline = gpd.GeoSeries(z.geometry.to_numpy(), index=ids.to_numpy(), crs=z.crs)
    else:
        outline = z.assign(zone_id=ids).dissolve("zone_id").geometry
    geometry = outline.reindex(zf.index.astype(str)).to_numpy()
    return gpd.GeoDataFrame(zf, geometry=geometry, crs=z.crs)


def _unmatched_rules(zr: ZoneRules, zones_gdf: gpd.GeoDataFrame) -> list[Issue]:
    """A rule for a zone id that is not among the zones is most likely a typo: say so."""
    ids = {str(z) for z in zones_gdf["zone_id"].tolist()}
    out = []
    for r in zr.known():
        if r.scope == "id" and r.name not in ids:
            where = f"line {r.line}: " if r.line else ""
            out.append(
                Issue(
                    RULE_UNKNOWN_ZONE,
                    "warning",
                    f"{where}rule {r.limit} {r.value:g} for zone '{r.name}' matches no "
                    "zone of the site: not applied",
                    feature=r.name,
                    params={"line": r.line, "limit": r.limit, "value": r.value, "zone": r.name},
                    source=zr.source or "zone rules",
                )
            )
    return out


def zone_checks(
    tbl: AllocationTable,
    zones_gdf: gpd.GeoDataFrame,
    bands_gdf: gpd.GeoDataFrame | None,
    site_gdf: gpd.GeoDataFrame,
    use_zones: Any,
    default_project: bool,
    rules: Rules,
    zr: ZoneRules,
    gfa: pd.Series,
    total: float,
    summary: dict[str, Any],
    report: ValidationReport,
    issues: list[Issue],
) -> tuple[list[CheckRecord], bool]:
    """Capacity of each zone under its tightest known limit; appends issues, returns the
    records and whether a use-to-zone mapping reached the zones.
    """
    from gis.validation.zone_limits import site_capacity_check, zone_limits, zone_records

    mapping = use_zone_mapping(tbl, zones_gdf, use_zones, default_project, issues)
    if mapping is None:
        issues.append(
            Issue(
                NO_MAPPING,
                "warning",
                "no use-to-zone mapping (give --use-zones or a 'zone' column): "
                "zone capacity checks skipped",
                source="technopole",
            )
        )
    issues += _unmatched_rules(zr, zones_gdf)
    zl = zone_limits(
        zones_gdf,
        bands_gdf,
        mapping,
        site=site_gdf,
        rules=rules,
        limits=zr.zone_limits(zones_gdf),
        use_ids=list(gfa.index),
    )
    if mapping is not None:
        issues += capacity_issues(zl, gfa, total, rules, summary, report)
        report.zones = with_outlines(report.zones, zones_gdf)
        issues += row_height_issues(tbl, zl.env)
        return zone_records(zl), True
    # no GFA reaches a zone: the whole site against the sum of its zones' capacities instead
    found, record = site_capacity_check(zl, total)
    issues += found
    return [*zone_records(zl, mapped=False), record], False
