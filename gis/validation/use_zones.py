"""The use → zone mapping of a validation: a file, a table's ``zone`` column, or the default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.catalog import layers as catalog
from gis.errors import InputError
from gis.fs import not_a_file
from gis.planning.capacity import weight_problem
from gis.report import Issue
from gis.tables.table import AllocationTable

if TYPE_CHECKING:
    import geopandas as gpd


def use_zone_mapping(
    tbl: AllocationTable,
    zones: gpd.GeoDataFrame,
    use_zones: Any,
    default_project: bool,
    issues: list[Issue],
) -> pd.DataFrame | None:
    """The mapping given, else the table's ``zone`` column, else ``loop.use_zones``."""
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
    if not p.is_file():
        raise InputError(not_a_file(p) or "file not found", source=p)
    try:
        df = pd.read_csv(p, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV ({str(exc).splitlines()[0]})", source=p) from None
    missing = {"use_id", "zone_id"} - set(df.columns)
    if missing:
        raise InputError(
            f"use-to-zone mapping needs columns use_id, zone_id (and optional "
            f"weight); missing {', '.join(sorted(missing))}",
            source=p,
        )
    if "weight" in df:
        for i, raw in enumerate(df["weight"]):
            problem = weight_problem(raw)
            if problem:
                raise InputError(problem, source=p, where=f"row {i + 2}")
        df["weight"] = pd.to_numeric(df["weight"])
    return df


def _mapping_from_table(
    tbl: AllocationTable, zones: gpd.GeoDataFrame, issues: list[Issue]
) -> pd.DataFrame | None:
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
    rows: list[dict[str, object]] = []
    unknown: list[tuple[int, str]] = []
    for rec in tbl.rows.itertuples(index=False):
        use = rec.use_id if isinstance(rec.use_id, str) else rec.use  # an unknown use by name
        if not isinstance(rec.zone, str) or not isinstance(use, str):
            continue
        for part in [p.strip() for p in rec.zone.replace("；", ";").split(";") if p.strip()]:
            hit = lookup.get(part.casefold())
            if hit is None:
                unknown.append((int(rec.row), part))
            else:
                rows.append({"use_id": use, "zone_id": hit, "weight": 1.0})
    if not rows:
        names = ", ".join(sorted({f"'{p}'" for _, p in unknown}))
        issues.append(
            Issue(
                "site.unknown_zone",
                "warning",
                f"column zone: {names} name no zone of the zones given; the column is "
                "ignored and the default use-to-zone mapping is used",
                column="zone",
                source="input zones",
                params={"names": names},
            )
        )
        return None
    for row, part in unknown:
        issues.append(
            Issue(
                "site.unknown_zone",
                "error",
                f"row {row}, column zone: zone '{part}' is not among the zones",
                row=row,
                column="zone",
                source="input zones",
                code="site.unknown_zone_row",
                params={"row": row, "zone": part},
            )
        )
    df = pd.DataFrame(rows, columns=["use_id", "zone_id", "weight"])
    # a zone shared by several uses is split evenly between them
    df["weight"] = 1.0 / df.groupby("zone_id").use_id.transform("count")
    return df
