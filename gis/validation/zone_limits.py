"""Zone capacity under every known limit: the tightest of envelope, plot ratio and GFA.

A zone's capacity is the smallest of the limits that are known for it::

    envelope  = site coverage × Σ area(zone ∩ band) × storeys(band)   (needs coverage and heights)
    plot ratio = max_plot_ratio × zone area
    GFA       = max_gfa_m2

A limit nobody states is unknown, never zero: a zone with no known limit has no capacity figure
and its capacity check is reported as not run, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.formats import plural
from gis.planning.envelope import ENVELOPE_SOURCE, Envelope, build_envelope, storeys_under
from gis.registry import (
    OVER_CAPACITY,
    SITE_CAPACITY,
    ZONE_CAPACITY,
    ZONE_COVERAGE,
    ZONE_GFA,
    ZONE_HEIGHT,
    ZONE_PLOT_RATIO,
)
from gis.report import CheckRecord

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import geopandas as gpd

    from gis.validation.inputs import Rules


@dataclass
class ZoneLimits:
    """The envelope with capacities set to the tightest known limit, and where each came from.

    Attributes
    ----------
    env
        The envelope; ``capacity_m2`` is 0 where ``known`` is False.
    known
        Per zone, True when at least one limit gives a capacity.
    info
        Per zone (index ``zone_id``): ``binding`` limit, its ``binding_source``, and per limit
        kind the source (``coverage_source``, ``height_source``, ``max_plot_ratio_source``, ...).
    """

    env: Envelope
    known: np.ndarray
    info: pd.DataFrame


def _layer_source(gdf: gpd.GeoDataFrame, what: str) -> str:
    name = gdf.attrs.get("name") or gdf.attrs.get("source") or "the zones"
    if gdf.attrs.get("accuracy") == "schematic":
        return f"assumption: {what} of {name} (schematic model, not in any source)"
    return f"{what} attribute of {name}"


def _coverage(
    zones: gpd.GeoDataFrame,
    ids: list[str],
    limits: pd.DataFrame,
    override: float | Mapping[str, float] | None,
) -> tuple[np.ndarray, list]:
    """Coverage per zone: an explicit override, else the tighter of attribute and rule.

    One value (``--site-coverage``, a scenario's ``site_coverage:``) applies to building land
    only: a zone whose own coverage (attribute or rule) is 0 carries no floor space (roads, open
    space, the ecological area, Central Avenue) and stays at 0. A per-zone value is taken as
    given.
    """
    n = len(ids)
    cov = np.full(n, np.nan)
    src: list[str | None] = [None] * n
    if "site_coverage" in zones:
        cov = np.array(pd.to_numeric(zones["site_coverage"], errors="coerce"), dtype=float)
        layer_src = _layer_source(zones, "site_coverage")
        given = np.full(len(cov), None, dtype=object)
        given[np.isfinite(cov)] = layer_src
        src = given.tolist()
    rule = limits["max_site_coverage"].to_numpy(float)
    with np.errstate(invalid="ignore"):
        tighter = np.flatnonzero(np.isfinite(rule) & ~(rule >= cov))
    rule_src = limits["max_site_coverage_source"].to_numpy(dtype=object)
    cov[tighter] = rule[tighter]
    for i in tighter:
        src[i] = rule_src[i]
    if isinstance(override, (int, float)):
        building = ~(cov == 0)  # unknown (NaN) coverage counts as building land
        cov[building] = float(override)
        return cov, [
            "user rule (site coverage)" if b else s for b, s in zip(building, src, strict=True)
        ]
    if not override:
        return cov, src
    first = {z: i for i, z in reversed(list(enumerate(ids)))}  # as ids.index
    for zid, v in override.items():
        if zid in first:
            j = first[zid]
            cov[j], src[j] = float(v), "user rule (site coverage)"
    return cov, src


def _height_inputs(
    zones: gpd.GeoDataFrame, bands: gpd.GeoDataFrame | None, limits: pd.DataFrame, rules: Rules
) -> tuple[Any, dict, dict, list]:
    """Zones with heights from rules when there are no bands or height attributes; the caps."""
    ids = limits.index.tolist()  # not list(): Arrow strings one by one are slow
    mpd, storeys = limits["max_height_mpd"].to_numpy(float), limits["max_storeys"].to_numpy(float)
    caps_mpd = dict(rules.zone_height_mpd or {})
    caps_st = dict(rules.zone_storeys or {})
    has_bands = bands is not None and len(bands)
    has_attr = "height_mpd" in zones or "storeys" in zones
    src: list[str | None] = [None] * len(ids)
    if has_bands:
        src = [_layer_source(bands, "height bands")] * len(ids)
    elif has_attr:
        src = [_layer_source(zones, "height_mpd/storeys")] * len(ids)
    for arr, caps, col in ((mpd, caps_mpd, "max_height_mpd"), (storeys, caps_st, "max_storeys")):
        col_src = limits[f"{col}_source"].to_numpy(dtype=object)
        for i in np.flatnonzero(np.isfinite(arr)):  # only the zones a rule limits
            zid = ids[i]
            caps[zid] = min(arr[i], caps.get(zid, np.inf))
            src[i] = col_src[i]
    users = set(rules.zone_height_mpd or {}) | set(rules.zone_storeys or {})
    for j in (j for j, zid in enumerate(ids) if zid in users):
        src[j] = "user rule (zone height)"
    if not has_bands and not has_attr:
        ftf = rules.floor_to_floor_m
        st = np.fmin(
            storeys,
            storeys_under(np.nan_to_num(mpd, nan=1e9), ftf)
            if ftf
            else storeys_under(np.nan_to_num(mpd, nan=1e9)).astype(float),
        )
        st = np.where(np.isfinite(mpd) | np.isfinite(storeys), st, np.nan)
        attrs = dict(zones.attrs)
        zones = zones.assign(storeys=st, height_mpd=mpd)
        zones.attrs.update(attrs)
        caps_mpd = {z: v for z, v in caps_mpd.items() if z in (rules.zone_height_mpd or {})}
        caps_st = {z: v for z, v in caps_st.items() if z in (rules.zone_storeys or {})}
    return zones, caps_mpd, caps_st, src


def _envelope(
    z2: gpd.GeoDataFrame,
    bands: gpd.GeoDataFrame | None,
    mapping: pd.DataFrame | None,
    site: gpd.GeoDataFrame | None,
    cov: np.ndarray,
    ids: list[str],
    rules: Rules,
    caps_mpd: dict[str, float],
    caps_st: dict[str, float],
    use_ids: list[str],
) -> Envelope:
    return build_envelope(
        z2,
        bands,
        mapping,
        site=site,
        site_coverage=np.where(np.isfinite(cov), cov, 1.0),  # one per zone, in order
        floor_to_floor_m=rules.floor_to_floor_m,
        zone_height_mpd=caps_mpd or None,
        zone_storeys=caps_st or None,
        use_ids=use_ids,
    )


def zone_limits(
    zones: gpd.GeoDataFrame,
    bands: gpd.GeoDataFrame | None,
    mapping: pd.DataFrame | None,
    *,
    site: gpd.GeoDataFrame | None,
    rules: Rules,
    limits: pd.DataFrame,
    use_ids: list[str],
) -> ZoneLimits:
    """Build the envelope of ``zones`` and set each zone's capacity to its tightest known limit.

    Parameters
    ----------
    zones, bands, mapping, site
        As for :func:`gis.planning.build_envelope`.
    rules
        The validation's :class:`gis.validation.Rules` (explicit overrides win).
    limits
        :meth:`gis.planning.zone_rules.ZoneRules.zone_limits` of the zones.
    use_ids
        The table's uses, in order.
    """
    ids = [str(z) for z in zones["zone_id"].tolist()]
    limits = limits.reindex(ids)
    cov, cov_src = _coverage(zones, ids, limits, rules.site_coverage)
    z2, caps_mpd, caps_st, h_src = _height_inputs(zones, bands, limits, rules)
    if "site_coverage" in z2:  # the coverage is decided above, per zone
        attrs = dict(z2.attrs)
        z2 = z2.drop(columns="site_coverage")
        z2.attrs.update(attrs)
    with np.errstate(invalid="ignore"):  # NaN storeys: zones with no height known
        env = _envelope(z2, bands, mapping, site, cov, ids, rules, caps_mpd, caps_st, use_ids)
    assert env.storeys_max is not None, "_envelope always sets the storeys"
    heights_known = np.isfinite(env.storeys_max)
    candidates = {
        "envelope": np.where(np.isfinite(cov) & heights_known, env.capacity_m2, np.nan),
        "max_plot_ratio": limits["max_plot_ratio"].to_numpy(float) * env.zone_area_m2,
        "max_gfa_m2": limits["max_gfa_m2"].to_numpy(float),
    }
    stack = np.vstack(list(candidates.values()))
    known = np.isfinite(stack).any(axis=0)
    pick = np.argmin(np.where(np.isfinite(stack), stack, np.inf), axis=0)
    names = list(candidates)
    capacity = np.where(known, stack[pick, np.arange(len(ids))], 0.0)
    binding = [names[p] if k else None for p, k in zip(pick, known, strict=True)]
    bsrc = _binding_sources(binding, cov_src, h_src, limits)
    h_known = [s if k else None for s, k in zip(h_src, heights_known, strict=True)]
    columns = {
        "binding": binding,
        "binding_source": bsrc,
        "coverage_source": cov_src,
        "height_source": h_known,
        "max_plot_ratio_source": limits["max_plot_ratio_source"].to_numpy(),
        "max_gfa_m2_source": limits["max_gfa_m2_source"].to_numpy(),
    }
    # object columns: a million references to a few source texts, not a million Arrow copies
    index = pd.Index(ids, name="zone_id")
    info = pd.DataFrame(
        {k: pd.Series(v, index=index, dtype=object) for k, v in columns.items()}, index=index
    )
    for lim in ("max_site_coverage", "max_plot_ratio", "max_gfa_m2", "max_height_mpd"):
        info[f"{lim}_gap"] = limits[f"{lim}_gap"].to_numpy()
    env = replace(env, capacity_m2=capacity, site_coverage=cov)
    return ZoneLimits(env=env, known=known, info=info)


def _binding_sources(
    binding: list, cov_src: list, h_src: list, limits: pd.DataFrame
) -> list[str | None]:
    """The source of each zone's binding limit (the envelope's: its coverage and heights)."""
    cols = {
        k: limits[f"{k}_source"].to_numpy(dtype=object) for k in set(binding) - {None, "envelope"}
    }
    joined: dict[tuple, str] = {}
    out: list[str | None] = []
    for i, b in enumerate(binding):
        if b == "envelope":
            key = (cov_src[i], h_src[i])
            if key not in joined:
                joined[key] = "; ".join(dict.fromkeys(s for s in (*key, ENVELOPE_SOURCE) if s))
            out.append(joined[key])
        else:
            out.append(None if b is None else cols[b][i])
    return out


def zone_records(zl: ZoneLimits, mapped: bool = True) -> list[CheckRecord]:
    """Per limit kind, the zones it was known for (ran) and the zones it was not (not run);
    with a use-to-zone mapping (``mapped``), each zone's capacity too.
    """
    info = zl.info
    out: list[CheckRecord] = []
    kinds = (  # check, the limit (its source and gap columns), why not
        (ZONE_COVERAGE, "coverage", "no site coverage (attribute, rule)"),
        (ZONE_HEIGHT, "height", "no height bands, height attribute or rule"),
        (ZONE_PLOT_RATIO, "max_plot_ratio", "no rule states a max plot ratio"),
        (ZONE_GFA, "max_gfa_m2", "no rule states a maximum GFA"),
    )
    gap = {"coverage": "max_site_coverage", "height": "max_height_mpd"}
    for check, limit, why in kinds:
        gaps = info[f"{gap.get(limit, limit)}_gap"]
        out += _split(check, info[f"{limit}_source"], why, gaps=gaps)
    if not mapped:
        return out
    cap = info["binding_source"].where(zl.known)  # no copy of a million strings
    return out + _split(
        ZONE_CAPACITY,
        cap,
        "no limit known (coverage with heights, plot ratio or GFA)",
        ran_detail="GFA within the tightest known limit",
    )


ZONES_NAMED = 50  # a scope names at most this many zones, then says how many more


def _zones(ids: Iterable[Any]) -> str:
    ids = ids if hasattr(ids, "tolist") and hasattr(ids, "__len__") else list(ids)
    n = len(ids)  # type: ignore[arg-type]
    first = ids[:ZONES_NAMED]  # type: ignore[index]
    named = ", ".join(str(z) for z in (first.tolist() if hasattr(first, "tolist") else first))
    more = f" and {n - ZONES_NAMED:,} more" if n > ZONES_NAMED else ""
    return f"zone{'s' if n != 1 else ''} " + named + more


def _split(
    check: str, src: pd.Series, why: str, ran_detail: str = "", gaps: pd.Series | None = None
) -> list[CheckRecord]:
    """One 'ran' record per distinct source (so an assumption is never mixed in), and one 'not
    run' record per reason (a rules line's own reason for a gap, else ``why``).
    """
    out = []
    ok = src.notna().to_numpy()
    codes, sources = pd.factorize(src)  # in order of first appearance; missing is -1
    for k, source in enumerate(sources.tolist()):
        zones = src.index[codes == k]
        out.append(CheckRecord(check, True, _zones(zones), ran_detail, str(source)))
    if ok.all():
        return out
    reasons = pd.Series(why, index=src.index)
    if gaps is not None:
        reasons = gaps.where(gaps.notna(), why)
    codes, found = pd.factorize(reasons.where(~ok))
    for k, reason in enumerate(found.tolist()):
        zones = src.index[codes == k]
        out.append(CheckRecord(check, False, _zones(zones), str(reason)))
    return out


def site_capacity_check(zl: ZoneLimits, total_gfa_m2: float) -> tuple[list, CheckRecord]:
    """Total GFA within the sum of the zones' capacities, when every zone's capacity is known."""
    from gis.report import Issue

    if not zl.known.all():
        return [], CheckRecord(
            SITE_CAPACITY,
            False,
            "site",
            "capacity unknown for " + _zones(np.asarray(zl.env.zone_ids)[~zl.known]),
        )
    cap = float(zl.env.capacity_m2.sum())
    sources = "; ".join(dict.fromkeys(str(s) for s in zl.info.binding_source))
    rec = CheckRecord(SITE_CAPACITY, True, "site", f"Σ zone capacity {cap:,.0f} m²", sources)
    if total_gfa_m2 > cap * (1 + 1e-9):
        return [
            Issue(
                OVER_CAPACITY,
                "error",
                f"total GFA {total_gfa_m2:,.0f} m² exceeds the site's capacity {cap:,.0f} m² "
                f"(sum of the tightest limits of its {plural(len(zl.known), 'zone')})",
                value=total_gfa_m2,
                params={"total": total_gfa_m2, "cap": cap, "n": len(zl.known)},
                expected=cap,
                source=sources,
            )
        ], rec
    return [], rec
