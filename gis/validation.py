"""Validate a GFA allocation table against a site, its zones and its height envelope.

Every check runs and every finding is kept: the report lists all problems at once.

>>> import gis
>>> report = gis.validate()          # Table 3.1 on the embedded Loop Phase 1
>>> report.ok, round(report.summary["gross_plot_ratio"], 2)
(True, 2.34)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import catalog
from ._geometry_checks import geometry_checks
from ._site_checks import (
    capacity_issues,
    plot_ratio_issues,
    row_height_issues,
    row_plot_ratio_issues,
    share_bound_issues,
)
from .envelope import build_envelope, weight_problem
from .errors import InputError
from .report import Issue, ValidationReport
from .tables import AllocationTable

SRC_431 = "004_281f81e4466a18af.txt §3.1.3 Table 3.1"


@dataclass
class Rules:
    """Tolerances, caps and overrides a validation applies.

    Attributes
    ----------
    share_tol_pct, gfa_tol_frac
        Table arithmetic: shares sum to 100 ± ``share_tol_pct`` points; GFA sums and each row
        within ``gfa_tol_frac`` of the total.
    total_gfa_m2
        The expected total GFA (default: the table's total row, if any).
    max_plot_ratio
        Cap on the gross plot ratio (total GFA / site area); none by default.
    site_coverage, floor_to_floor_m, zone_height_mpd, zone_storeys
        Envelope overrides (see :func:`gis.envelope.build_envelope`).
    min_share_pct, max_share_pct
        Per-use bounds on the share of GFA, in %.
    area_tol_frac
        Measured vs stated areas (±1 % by default).
    gap_tol_frac, overlap_tol_m2, containment_tol_frac
        Zones may leave at most this fraction of the site uncovered, overlap by at most this
        many m², and stick out of the site by at most this fraction of their own area
        (numerical slivers where two layers digitise one edge).
    land_share_tol_pct
        A use's share of GFA may differ from the land share of its zones by this many points
        before a warning.
    near_capacity
        Utilisation above which a zone gets a warning (errors start above 1).
    """

    share_tol_pct: float = 0.5
    gfa_tol_frac: float = 0.005
    total_gfa_m2: float | None = None
    max_plot_ratio: float | None = None
    site_coverage: float | dict[str, float] | None = None
    floor_to_floor_m: float | None = None
    zone_height_mpd: dict[str, float] | None = None
    zone_storeys: dict[str, int] | None = None
    min_share_pct: dict[str, float] | None = None
    max_share_pct: dict[str, float] | None = None
    area_tol_frac: float = 0.01
    gap_tol_frac: float = 0.005
    overlap_tol_m2: float = 1.0
    containment_tol_frac: float = 0.001
    land_share_tol_pct: float = 15.0
    near_capacity: float = 0.95
    extra: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------- inputs
def embedded_table() -> AllocationTable:
    """Table 3.1 of the embedded project as an :class:`AllocationTable`."""
    t = catalog.load_table("loop.gfa_phase1")
    rows = pd.DataFrame({
        "row": np.arange(1, len(t) + 1), "source_row": np.arange(2, len(t) + 2),
        "use": t.name_zh, "use_id": t.use_id, "share_pct": t.share_pct.astype(float),
        "gfa_m2": t.gfa_m2.astype(float),
    })
    path = catalog.layers_dir() / catalog.manifest()["tables"]["loop.gfa_phase1"]["file"]
    from .fs import sha256_file

    return AllocationTable(rows=rows, stated_total_gfa_m2=float(t.attrs["stated_total_gfa_m2"]),
                           source=str(path), meta={"format": "embedded"},
                           sha256=sha256_file(path))


def _as_table(table: Any) -> AllocationTable:
    if table is None:
        return embedded_table()
    if isinstance(table, AllocationTable):
        return table
    if isinstance(table, pd.DataFrame):
        df = table.reset_index(drop=True).copy()
        if "use_id" not in df or "gfa_m2" not in df:
            raise InputError("an allocation DataFrame needs 'use_id' and 'gfa_m2' columns")
        total = float(df.gfa_m2.sum())
        if "share_pct" not in df:
            df["share_pct"] = 100.0 * df.gfa_m2 / total if total else np.nan
        df["use"] = df.get("use", df.use_id)
        df["row"] = np.arange(1, len(df) + 1)
        df["source_row"] = df["row"] + 1
        return AllocationTable(rows=df, source=df.attrs.get("source", "<frame>"),
                               meta={"format": "frame"})
    from .tables import read_allocation_table

    return read_allocation_table(table)


def _layer(value: Any, default: str | None):
    """A GeoDataFrame from a GeoDataFrame, an embedded name, a path, or the default name."""
    if value is None:
        if default is None:
            return None
        value = default
    if hasattr(value, "geometry"):
        return value
    return catalog.load_layer(value)


def _default_site():
    phases = catalog.load_layer("loop.phases")
    site = phases[phases.phase == 1].copy()
    site.attrs.update(phases.attrs)
    site.attrs["name"] = "loop.phases/phase1"
    return site


def _mapping(tbl: AllocationTable, zones, use_zones, default_project: bool,
             issues: list[Issue]) -> pd.DataFrame | None:
    if use_zones is not None:
        if isinstance(use_zones, pd.DataFrame):
            return use_zones
        return _read_mapping(use_zones)
    if "zone" in tbl.rows and tbl.rows["zone"].notna().any():
        mapping = _mapping_from_table(tbl, zones, issues)
        if mapping is not None:
            return mapping
    if default_project or zones is None:
        return catalog.load_table("loop.use_zones")
    if "use_id" in zones:
        return pd.DataFrame({"use_id": zones.use_id, "zone_id": zones.zone_id, "weight": 1.0})
    return None


def _read_mapping(path: str | os.PathLike[str]) -> pd.DataFrame:
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", source=p)
    try:
        df = pd.read_csv(p, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV ({str(exc).splitlines()[0]})", source=p) from None
    missing = {"use_id", "zone_id"} - set(df.columns)
    if missing:
        raise InputError(f"use-to-zone mapping needs columns use_id, zone_id (and optional "
                         f"weight); missing {', '.join(sorted(missing))}", source=p)
    if "weight" in df:
        for i, raw in enumerate(df["weight"]):
            problem = weight_problem(raw)
            if problem:
                raise InputError(problem, source=p, where=f"row {i + 2}")
        df["weight"] = pd.to_numeric(df["weight"])
    return df


def _mapping_from_table(tbl: AllocationTable, zones, issues: list[Issue]) -> pd.DataFrame | None:
    """A table's ``zone`` column ("life_health; new_tech_mfg" or zone names) as a mapping.

    When no zone named in the column exists, the column is ignored with a warning (it is then
    a label such as "West", not a reference) and ``None`` is returned.
    """
    lookup: dict[str, str] = {}
    for rec in zones.itertuples(index=False):
        zid = str(rec.zone_id)
        for key in (zid, getattr(rec, "name_en", None), getattr(rec, "name_zh", None)):
            if key:
                lookup[str(key).strip().casefold()] = zid
    rows, unknown = [], []
    for rec in tbl.rows.itertuples(index=False):
        if not isinstance(rec.zone, str) or not rec.use_id:
            continue
        for part in [p.strip() for p in rec.zone.replace("；", ";").split(";") if p.strip()]:
            zid = lookup.get(part.casefold())
            if zid is None:
                unknown.append((int(rec.row), part))
            else:
                rows.append({"use_id": rec.use_id, "zone_id": zid, "weight": 1.0})
    if not rows:
        names = ", ".join(sorted({f"'{p}'" for _, p in unknown}))
        issues.append(Issue("site.unknown_zone", "warning",
                            f"column zone: {names} name no zone of the zones given; the column is "
                            "ignored and the default use-to-zone mapping is used",
                            column="zone", source="input zones"))
        return None
    for row, part in unknown:
        issues.append(Issue("site.unknown_zone", "error",
                            f"row {row}, column zone: zone '{part}' is not among the zones",
                            row=row, column="zone", source="input zones"))
    df = pd.DataFrame(rows, columns=["use_id", "zone_id", "weight"])
    # a zone shared by several uses is split evenly between them
    df["weight"] = 1.0 / df.groupby("zone_id").use_id.transform("count")
    return df


def _gfa_by_use(tbl: AllocationTable) -> pd.Series:
    rows = tbl.rows
    gfa = rows.gfa_m2.astype(float)
    total = tbl.total_gfa_m2()
    if gfa.isna().all() and total is not None:
        gfa = rows.share_pct.astype(float) * total / 100.0
    key = rows.use_id.where(rows.use_id.notna(), rows.use.astype(str))
    return gfa.groupby(key.to_numpy(), sort=False).sum(min_count=1).fillna(0.0)


# ----------------------------------------------------------------------------- the checks
def validate(table: Any = None, *, site: Any = None, zones: Any = None, bands: Any = None,
             use_zones: Any = None, rules: Rules | None = None) -> ValidationReport:
    """Check an allocation table, and its fit to a site, zones and height envelope.

    Parameters
    ----------
    table
        An :class:`~gis.tables.AllocationTable`, a path or pasted text (read with
        :func:`gis.read_allocation_table`), or a DataFrame with ``use_id`` and ``gfa_m2``.
        Default: Table 3.1 of the Loop park outline.
    site
        The site (GeoDataFrame, embedded layer name or path). Default: Loop Phase 1.
    zones
        Zones with ``zone_id`` and ``site_coverage`` (GeoDataFrame, name or path).
        Default: ``loop.zones`` when no site is given.
    bands
        Height bands with ``height_mpd`` (and ``storeys``). Default: ``loop.height_bands``
        with the default zones; otherwise zones need ``height_mpd`` or ``storeys``.
    use_zones
        Use → zone mapping (DataFrame or CSV with ``use_id, zone_id[, weight]``). Default: the
        table's ``zone`` column, else ``loop.use_zones``.
    rules
        Tolerances, caps and overrides (:class:`Rules`).

    Returns
    -------
    ValidationReport
        ``ok`` when no check found an error; ``issues``, ``summary``, ``zones``, ``uses``.
    """
    rules = rules or Rules()
    from ._table_checks import check_table
    from .fs import sha256_file

    tbl = _as_table(table)
    issues: list[Issue] = check_table(tbl, total_gfa_m2=rules.total_gfa_m2,
                                      share_tol_pct=rules.share_tol_pct,
                                      gfa_tol_frac=rules.gfa_tol_frac)
    default_project = site is None and zones is None
    site_gdf = _default_site() if site is None else _layer(site, None)
    zones_gdf = _layer(zones, "loop.zones" if default_project else None)
    if zones_gdf is not None and "zone_id" not in zones_gdf and "id" in zones_gdf:
        attrs = dict(zones_gdf.attrs)
        zones_gdf = zones_gdf.assign(zone_id=zones_gdf["id"].astype(str))  # e.g. santin.parcels
        zones_gdf.attrs.update(attrs)
    bands_gdf = _layer(bands, "loop.height_bands" if default_project else None)
    issues += geometry_checks(site_gdf, zones_gdf, bands_gdf, rules,
                              partitions=default_project)

    gfa = _gfa_by_use(tbl)
    total = float(tbl.total_gfa_m2() or gfa.sum())
    from .io import area_m2

    site_area = float(area_m2(site_gdf).sum())
    summary: dict[str, Any] = {
        "total_gfa_m2": total,
        "stated_total_gfa_m2": tbl.stated_total_gfa_m2,
        "site": site_gdf.attrs.get("name") or site_gdf.attrs.get("source"),
        "site_area_m2": site_area,
        "site_area_ha": site_area / 10_000.0,
        "gross_plot_ratio": total / site_area if site_area else float("nan"),
    }
    issues += plot_ratio_issues(summary, rules)
    issues += row_plot_ratio_issues(tbl, rules)
    issues += share_bound_issues(gfa, total, rules)

    report = ValidationReport(summary=summary)
    if zones_gdf is not None:
        mapping = _mapping(tbl, zones_gdf, use_zones, default_project, issues)
        if mapping is None:
            issues.append(Issue("site.no_use_zone_mapping", "warning",
                                "no use-to-zone mapping (give --use-zones or a 'zone' column): "
                                "zone capacity checks skipped", source="technopole"))
        else:
            env = build_envelope(
                zones_gdf, bands_gdf, mapping, site=site_gdf,
                site_coverage=rules.site_coverage, floor_to_floor_m=rules.floor_to_floor_m,
                zone_height_mpd=rules.zone_height_mpd, zone_storeys=rules.zone_storeys,
                use_ids=[u for u in gfa.index],
            )
            issues += capacity_issues(env, gfa, total, rules, summary, report)
            issues += row_height_issues(tbl, env)
    if zones_gdf is not None:
        from ._geometry_checks import problem_geometries

        report.problems = problem_geometries(site_gdf, zones_gdf, rules.overlap_tol_m2,
                                             rules.gap_tol_frac)
    report.issues = issues
    report.inputs = {"table": {"source": tbl.source, "sha256": tbl.sha256}}
    for label, g in (("site", site_gdf), ("zones", zones_gdf), ("bands", bands_gdf)):
        if g is not None and g.attrs.get("source") and Path(g.attrs["source"]).is_file():
            report.inputs[label] = {"source": g.attrs["source"],
                                    "sha256": sha256_file(g.attrs["source"])}
    return report
