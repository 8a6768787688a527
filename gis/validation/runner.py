"""Validate a GFA allocation table against a site, its zones and its height envelope.

Every check runs and every finding is kept: the report lists all problems at once.

>>> import gis
>>> report = gis.validate()          # Table 3.1 on the embedded Loop Phase 1
>>> report.ok, round(report.summary["gross_plot_ratio"], 2)
(True, 2.34)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.catalog import layers as catalog
from gis.errors import InputError
from gis.questions import answer_questions
from gis.registry import EMBEDDED_TABLE, GFA_ONLY, SHARE_ONLY, ZONE_IDS_FROM, checklist
from gis.report import CheckRecord, Issue, ValidationReport
from gis.tables.table import AllocationTable
from gis.validation.capacity_checks import zone_checks
from gis.validation.geometry_checks import stated_area_known
from gis.validation.inputs import Rules, layer_inputs, read_from_file
from gis.validation.site_checks import (
    plot_ratio_issues,
    row_plot_ratio_issues,
    share_bound_issues,
    site_gfa_issues,
    site_height_issues,
    site_heights,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.planning.zone_rules import ZoneRules


# ----------------------------------------------------------------------------- inputs
def embedded_table() -> AllocationTable:
    """Table 3.1 of the embedded project as an :class:`AllocationTable`."""
    t = catalog.load_table("loop.gfa_phase1")
    rows = pd.DataFrame(
        {
            "row": np.arange(1, len(t) + 1),
            "source_row": np.arange(2, len(t) + 2),
            "use": t.name_zh,
            "use_id": t.use_id,
            "matched_by": "exact",
            "share_pct": t.share_pct.astype(float),
            "gfa_m2": t.gfa_m2.astype(float),
        }
    )
    path = catalog.layers_dir() / catalog.manifest()["tables"]["loop.gfa_phase1"]["file"]
    from gis.fs import sha256_file

    return AllocationTable(
        rows=rows,
        stated_total_gfa_m2=float(t.attrs["stated_total_gfa_m2"]),
        source=str(path),
        meta={"format": "embedded"},
        sha256=sha256_file(path),
    )


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
        derived = "share_pct" not in df
        if derived:
            df["share_pct"] = 100.0 * df.gfa_m2 / total if total else np.nan
        df["use"] = df.get("use", df.use_id)
        df["matched_by"] = df.get("matched_by", "exact")  # given by id
        df["row"] = np.arange(1, len(df) + 1)
        df["source_row"] = df["row"] + 1
        return AllocationTable(
            rows=df,
            source=df.attrs.get("source", "<frame>"),
            meta={"format": "frame", "share_derived": derived},
        )
    from gis.tables.table import read_allocation_table

    return read_allocation_table(table)


def _gfa_by_use(tbl: AllocationTable) -> pd.Series:
    """GFA (m²) per use: the GFA column, else each share × the total (``--total-gfa`` or the
    table's total row, see :meth:`AllocationTable.with_total_gfa`); NaN when neither gives it.
    """
    rows = tbl.rows
    gfa = rows.gfa_m2.astype(float)
    total = tbl.total_gfa_m2()
    if gfa.isna().all() and total is not None:
        gfa = rows.share_pct.astype(float) * total / 100.0
    key = rows.use_id.where(rows.use_id.notna(), rows.use.astype(str))
    by_use = gfa.groupby(key.to_numpy(), sort=False).sum(min_count=1)
    return by_use.fillna(0.0) if by_use.notna().any() else by_use  # no GFA: none, not 0 m²


# ----------------------------------------------------------------------------- the checks


def _inputs(
    tbl: AllocationTable, issues: list[Issue], rules: Rules, site_gdf: gpd.GeoDataFrame
) -> dict[str, bool]:
    """The inputs of :data:`gis.registry.INPUTS` a validation has (the zones' are added later)."""
    found = {i.check for i in issues}
    total = rules.total_gfa_m2 if rules.total_gfa_m2 is not None else tbl.stated_total_gfa_m2
    return {
        "table": True,
        "site": True,
        "shares": GFA_ONLY not in found and not tbl.meta.get("share_derived"),
        "gfa": SHARE_ONLY not in found,
        "total_gfa": total is not None,
        "stated_area": stated_area_known(site_gdf),
    }


def _site_rule_checks(
    tbl: AllocationTable,
    summary: dict[str, Any],
    rules: Rules,
    zr: ZoneRules,
    site_gdf: gpd.GeoDataFrame,
    zones_gdf: gpd.GeoDataFrame | None,
    bands_gdf: gpd.GeoDataFrame | None,
) -> tuple[list[Issue], list[CheckRecord]]:
    """Plot ratio, GFA and height of the whole site against its rules; issues and records."""
    limits = zr.site_limits(site_gdf.attrs.get("name"))
    gaps = zr.site_gaps(site_gdf.attrs.get("name"))
    issues, pr_rec = plot_ratio_issues(
        summary, rules, limits.get("max_plot_ratio"), gaps.get("max_plot_ratio")
    )
    gfa_issues, gfa_rec = site_gfa_issues(
        summary["total_gfa_m2"], limits.get("max_gfa_m2"), gaps.get("max_gfa_m2")
    )
    h_rule = limits.get("max_height_mpd")
    h_limited = h_rule is not None and h_rule.value is not None  # else no height is compared
    h_issues, h_rec = site_height_issues(
        h_rule,
        site_heights(bands_gdf, zones_gdf, tbl) if h_limited else [],
        gaps.get("max_height_mpd"),
    )
    return issues + gfa_issues + h_issues, [pr_rec, gfa_rec, h_rec]


def validate(
    table: Any = None,
    *,
    site: Any = None,
    zones: Any = None,
    bands: Any = None,
    use_zones: Any = None,
    rules: Rules | None = None,
    zone_rules: Any = None,
    where: str | None = None,
    zone: str | None = None,
    engine: str = "memory",
    scheduler: Any = None,
    workers: int | None = None,
    crs: Any = None,
    strict: bool = False,
    constraints: Sequence[Any] = (),
    provision: Any = None,
) -> ValidationReport:
    """Check an allocation table, and its fit to a site, zones and height envelope.

    Parameters
    ----------
    table
        An :class:`~gis.tables.AllocationTable`, a path or pasted text (read with
        :func:`gis.read_allocation_table`), or a DataFrame with ``use_id`` and ``gfa_m2``.
        Default: Table 3.1 of the Loop park outline.
    site
        The site (GeoDataFrame, embedded layer name, ``layer/id`` for one feature, or path).
        Default: Loop Phase 1.
    zones
        Zones with ``zone_id`` (GeoDataFrame, name or path). Default: ``loop.zones`` when no
        site is given; a site cut from a zoning plan (``zone_label``) is its own zones.
    bands
        Height bands with ``height_mpd`` (and ``storeys``). Default: ``loop.height_bands``
        with the default zones; otherwise zones need ``height_mpd`` or ``storeys`` or rules.
    use_zones
        Use → zone mapping (DataFrame or CSV with ``use_id, zone_id[, weight]``). Default: the
        table's ``zone`` column, else ``loop.use_zones``.
    rules
        Tolerances, caps and overrides (:class:`Rules`).
    zone_rules
        Zone and site limits (:class:`gis.planning.ZoneRules`, an embedded name or a CSV path).
        Default: the shipped ``loop.zone_rules``.
    where, zone
        Keep part of the site: ``column == 'value'`` clauses, or a zone label or family.
    engine, scheduler, workers
        ``"dask"`` checks the zones' geometry on Dask (``technopole[scale]``, see
        docs/SCALING.md): on the scheduler at ``scheduler`` (an address or a
        ``distributed.Client``), else on a local cluster of ``workers`` processes.
    crs
        CRS to assume for a site, zones or bands file that declares none (e.g. a Shapefile
        without its ``.prj``); such a file is refused without it.
    strict
        Make any partial result (a check not run, a question not answered) a FAIL.
    constraints
        Rasters building GFA must stay under (``"flood.tif:max=0.5"`` or
        :class:`gis.rasters.RasterConstraint`): a zone holding GFA where the raster exceeds the
        maximum is an error (``site.raster_constraint``); rasterio is loaded only for them.
    provision
        Planning parameters (:class:`gis.people.Provision`, or True for the shipped ones):
        add residents, workers and the HKPSG provision checks on the zones (question
        ``provision``).

    Returns
    -------
    ValidationReport
        ``verdict`` PASS, FAIL or INCOMPLETE (``ok``: no error); ``status`` says which
        questions were answered and which checks did not run; ``questions``, ``issues``,
        ``checklist``, ``summary``, ``zones``, ``uses``.
    """
    rules = rules or Rules()
    from gis.catalog.embedded import as_zone_rules
    from gis.validation.dask_engine import geometry_engine  # imports Dask only for engine="dask"
    from gis.validation.table_checks import check_table

    zr = as_zone_rules(zone_rules)
    tbl = _as_table(table).with_total_gfa(rules.total_gfa_m2, "--total-gfa")
    issues: list[Issue] = check_table(
        tbl,
        total_gfa_m2=rules.total_gfa_m2,
        share_tol_pct=rules.share_tol_pct,
        gfa_tol_frac=rules.gfa_tol_frac,
    )
    check = geometry_engine(engine, scheduler, workers)  # a bad choice is refused before work
    site_gdf, zones_gdf, bands_gdf, default_project = layer_inputs(
        site, zones, bands, where, zone, crs
    )
    checked = [k for k, v in (("zones", zones), ("bands", bands)) if read_from_file(v)]
    found, problems = check(
        site_gdf, zones_gdf, bands_gdf, rules, partitions=default_project, checked=checked
    )
    issues += found
    id_from = zones_gdf.attrs.get("zone_id_from") if zones_gdf is not None else None
    if id_from:  # item 9: ids from a name column, said with the column
        issues.append(
            Issue(
                ZONE_IDS_FROM,
                "info",
                f"zones have no 'zone_id' column: zone ids taken from column {id_from!r} "
                "(present and unique on every zone); add a 'zone_id' column to choose them",
                column=str(id_from),
                source="input zones",
                params={"column": str(id_from)},
            )
        )
    if table is None and site_gdf.attrs.get("name") != "loop.phases/phase1":
        where_ = site_gdf.attrs.get("name") or site_gdf.attrs.get("source") or "the site"
        issues.append(
            Issue(
                EMBEDDED_TABLE,
                "warning",
                f"no table given: Table 3.1 of the Loop park outline (1,000,000 m², Phase 1) "
                f"is checked on {where_}, which is not Loop Phase 1; give the site's own table",
                source="004_281f81e4466a18af.txt §3.1.3 Table 3.1",
                params={"site": str(where_)},
            )
        )
    have = _inputs(tbl, issues, rules, site_gdf)
    have.update(zones=zones_gdf is not None, bands=bands_gdf is not None, embedded=default_project)
    have["allocated"] = tbl.total_gfa_m2() is not None

    gfa = _gfa_by_use(tbl)
    allocated = tbl.total_gfa_m2()  # the rows' sum; None: not established
    total = float("nan") if allocated is None else float(allocated)
    from gis.io.layers import area_m2

    site_area = float(area_m2(site_gdf).sum())
    summary: dict[str, Any] = {
        "total_gfa_m2": total,
        "stated_total_gfa_m2": tbl.stated_total_gfa_m2,
        "site": site_gdf.attrs.get("name") or site_gdf.attrs.get("source"),
        "site_area_m2": site_area,
        "site_area_ha": site_area / 10_000.0,
        "gross_plot_ratio": total / site_area if site_area else float("nan"),
    }
    found, records = _site_rule_checks(tbl, summary, rules, zr, site_gdf, zones_gdf, bands_gdf)
    issues += found
    issues += row_plot_ratio_issues(tbl, rules)
    issues += share_bound_issues(gfa, total, rules)

    report = ValidationReport(summary=summary)
    if zones_gdf is not None:
        recs, have["use_zones"] = zone_checks(
            tbl,
            zones_gdf,
            bands_gdf,
            site_gdf,
            use_zones,
            default_project,
            rules,
            zr,
            gfa,
            total,
            summary,
            report,
            issues,
        )
        records += recs
        if not have["allocated"]:  # no GFA reached a zone: none is "ok"
            report.zones["status"] = "not checked"
        report.problems = problems  # measured once, with the geometry checks
        if constraints and have["use_zones"] and have["allocated"]:
            from gis.rasters.constraint import constraint_checks  # rasterio only when asked

            found, recs = constraint_checks(constraints, report.zones)
            issues += found
            records += recs
    have["constraint"] = bool(constraints)
    report.uses = _labelled(report.uses, tbl, gfa, total)
    if provision is not None and provision is not False:
        from gis.people.checks import people_checks

        records += people_checks(tbl, gfa, zones_gdf, provision, report, issues, have)
    report.issues = issues
    name = site_gdf.attrs.get("name") or "the site"
    context = {"site": name}
    if report.summary.get("residents_why"):
        context["residents_why"] = str(report.summary["residents_why"])
    report.checklist = checklist(have, records, context=context)
    report.questions, report.strict = answer_questions(report, have), strict
    report.inputs = _input_hashes(tbl, zr, site_gdf, zones_gdf, bands_gdf)
    return report


def _labelled(uses: pd.DataFrame, tbl: AllocationTable, gfa: pd.Series, total: float) -> Any:
    """``report.uses`` with each use's label as written and how it was matched (a table of
    the uses' GFA and share when no zone was checked).
    """
    if not len(uses):
        uses = pd.DataFrame({"gfa_m2": gfa, "share_pct": 100.0 * gfa / total if total else gfa})
        uses.index.name = "use_id"
    labels = tbl.use_labels().reindex(uses.index)
    front = uses.iloc[:, :0].join(labels)
    return front.join(uses)


def _input_hashes(
    tbl: AllocationTable,
    zr: ZoneRules,
    site_gdf: gpd.GeoDataFrame,
    zones_gdf: gpd.GeoDataFrame | None,
    bands_gdf: gpd.GeoDataFrame | None,
) -> dict[str, Any]:
    """What was validated: each input file and its SHA-256, so a result can be traced; a layer of
    a superseded plan also carries ``superseded_by`` (what replaced it, both languages).
    """
    from gis.fs import sha256_file

    out: dict[str, Any] = {"table": {"source": tbl.source, "sha256": tbl.sha256}}
    if zr.source:
        out["zone_rules"] = {"source": zr.source, "sha256": zr.sha256}
    for label, g in (("site", site_gdf), ("zones", zones_gdf), ("bands", bands_gdf)):
        if g is not None and g.attrs.get("source") and Path(g.attrs["source"]).is_file():
            out[label] = {"source": g.attrs["source"], "sha256": sha256_file(g.attrs["source"])}
            if g.attrs.get("superseded_by"):
                out[label]["superseded_by"] = g.attrs["superseded_by"]
    return out
