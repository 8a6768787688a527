"""What a validation reads: the site (selected and filtered), its zones and height bands with
the embedded defaults, each read once with the CRS the user names for a file without one; the
use → zone mapping (a file, a table's ``zone`` column, or the default); and the tolerances,
caps and overrides it applies (:class:`Rules`, public as ``gis.Rules``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.catalog import layers as catalog
from gis.config import check_range
from gis.errors import InputError
from gis.fs import not_a_file
from gis.planning.capacity import weight_problem
from gis.registry import UNKNOWN_ZONE
from gis.report import Issue
from gis.tables.table import AllocationTable

if TYPE_CHECKING:
    import geopandas as gpd


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
        Envelope overrides (see :func:`gis.planning.build_envelope`).
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
    plausible_plot_ratio
        The highest implied plot ratio (GFA / zone area) a zone may carry before a warning. An
        assumption, stated as such in the finding: no source states a zone's plot ratio (Phase
        1 is 2.34 gross, 5.68 on its building land).
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
    plausible_plot_ratio: float = 10.0
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse a NaN, infinite or out-of-range value with one line naming it."""
        for name, low, low_open, high in _RULE_RANGES:
            check_range(getattr(self, name), name, low=low, low_open=low_open, high=high)
        coverage = self.site_coverage
        for key, value in coverage.items() if isinstance(coverage, dict) else [("", coverage)]:
            check_range(value, f"site_coverage{f'[{key}]' if key else ''}", low=0, high=1)
        for name, low, high in (
            ("min_share_pct", 0, 100),
            ("max_share_pct", 0, 100),
            ("zone_height_mpd", None, None),
            ("zone_storeys", 0, None),
        ):
            for key, value in (getattr(self, name) or {}).items():
                check_range(value, f"{name}[{key}]", low=low, high=high, optional=False)


# name, low, low_open, high: the range of each numeric rule (None: unbounded)
_RULE_RANGES: tuple[tuple[str, float | None, bool, float | None], ...] = (
    ("share_tol_pct", 0, False, 100),
    ("gfa_tol_frac", 0, False, 1),
    ("total_gfa_m2", 0, True, None),
    ("plausible_plot_ratio", 0, True, None),
    ("max_plot_ratio", 0, True, None),
    ("floor_to_floor_m", 0, True, 100),
    ("area_tol_frac", 0, False, None),
    ("gap_tol_frac", 0, False, 1),
    ("overlap_tol_m2", 0, False, None),
    ("containment_tol_frac", 0, False, 1),
    ("land_share_tol_pct", 0, False, 100),
    ("near_capacity", 0, True, None),
)


def _layer(value: Any, default: str | None, crs: Any = None) -> gpd.GeoDataFrame | None:
    """A GeoDataFrame from a GeoDataFrame, an embedded name, a path (read with ``crs`` when it
    declares none), or the default name.
    """
    from gis.catalog.layers import load_layer  # it may load official plans too (tpb:)

    if value is None:
        return None if default is None else load_layer(default)
    if hasattr(value, "geometry"):
        return value
    return load_layer(value, crs=None if catalog.is_embedded(value) else crs)


def read_from_file(value: Any) -> bool:
    """True when :func:`_layer` reads ``value`` with :func:`gis.read_layer`, which refuses
    invalid geometry (a path; not a frame, an embedded layer or a statutory plan).
    """
    if not isinstance(value, (str, os.PathLike)):
        return False
    text = str(value)
    return not catalog.is_embedded(text) and not text.lower().startswith(catalog.TPB_PREFIX)


def _default_site() -> gpd.GeoDataFrame:
    phases = catalog.load_layer("loop.phases")
    site = phases[phases.phase == 1].copy()
    site.attrs.update(phases.attrs)
    site.attrs["name"] = "loop.phases/phase1"
    return site


def _zones_of_site(site_gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """A site cut from zones (``zone_id``) or a zoning plan (``zone_label``/``family``) is its
    own set of zones.
    """
    if not {"zone_id", "zone_label", "ZONE_LABEL", "family"} & set(site_gdf.columns):
        return None
    z = site_gdf.reset_index(drop=True)
    if "zone_id" not in z or not z["zone_id"].is_unique:
        ids = z["id"].astype(str) if "id" in z else pd.Series([""] * len(z))
        if not ids.is_unique or (ids == "").any():
            label = z.get("zone_label", z.get("ZONE_LABEL", pd.Series(["zone"] * len(z))))
            ids = pd.Series([f"{lab}-{i + 1}" for i, lab in enumerate(label.astype(str))])
        z = z.assign(zone_id=ids.to_numpy())
    z.attrs.update(site_gdf.attrs)
    return z


#: How far a site may differ from Loop Phase 1 (symmetric difference / its area) and still be it.
SAME_SITE_TOL = 0.001


def is_default_site(site_gdf: gpd.GeoDataFrame) -> bool:
    """Whether ``site_gdf`` is Loop Phase 1, however it was named: the embedded default, the
    name ``loop.phases/phase1``, the same GeoDataFrame, or a file of the same land (its area
    differs from Phase 1's by at most :data:`SAME_SITE_TOL` of it, measured in EPSG:2326).
    """
    from gis.io.layers import to_hk1980

    if site_gdf.attrs.get("name") == "loop.phases/phase1":
        return True
    if site_gdf.crs is None or site_gdf.empty:
        return False
    default = to_hk1980(_default_site()).union_all()
    mine = to_hk1980(site_gdf).union_all()
    return bool(mine.symmetric_difference(default).area <= SAME_SITE_TOL * default.area)


def _same_ids(zones_gdf: Any, layer: str) -> bool:
    """Whether ``zones_gdf`` has exactly the zone ids of the embedded ``layer``."""
    if zones_gdf is None or "zone_id" not in zones_gdf:
        return False
    ids = set(catalog.load_layer(layer)["zone_id"].astype(str))
    return set(zones_gdf["zone_id"].astype(str)) == ids


def layer_inputs(
    site: Any, zones: Any, bands: Any, where: str | None, zone: str | None, crs: Any = None
) -> tuple[Any, Any, Any, bool]:
    """The site (selected, filtered), its zones and its height bands, with the defaults.

    The same site gives the same answer however it is named: when the site is Loop Phase 1
    (:func:`is_default_site`: left out, named ``loop.phases/phase1``, passed as a frame or read
    from a file of the same land), the zones and height bands not given are the embedded ones.
    The last value says whether the whole embedded project is in use (the site is Phase 1 and
    its zones carry the ids of ``loop.zones``): then the embedded use → zone mapping and the
    partition checks apply too.
    """
    from gis.catalog.site_select import select_site

    site_gdf = _default_site() if site is None else site
    if where or zone or not hasattr(site_gdf, "geometry"):
        site_gdf = select_site(site_gdf if site is None else site, where=where, zone=zone, crs=crs)
    default_site = site is None or (not (where or zone) and is_default_site(site_gdf))
    if default_site and site_gdf.attrs.get("name") != "loop.phases/phase1":
        attrs = {**site_gdf.attrs, "name": "loop.phases/phase1"}  # its site rules apply
        site_gdf = site_gdf.copy()
        site_gdf.attrs.update(attrs)
    zones_gdf = _layer(zones, "loop.zones" if default_site else None, crs)
    if zones_gdf is None and site is not None:
        zones_gdf = _zones_of_site(site_gdf)
    if zones_gdf is not None and "zone_id" not in zones_gdf:
        zones_gdf = _with_zone_ids(zones_gdf)
    bands_gdf = _layer(bands, "loop.height_bands" if default_site else None, crs)
    embedded = default_site and _same_ids(zones_gdf, "loop.zones")
    return site_gdf, _plain_strings(zones_gdf), bands_gdf, embedded


#: Columns that can name a zone when a layer has no ``zone_id`` (in this order).
ID_COLUMNS = ("id", "name", "name_en", "zone_name", "zone", "ZONE_LABEL")


def _with_zone_ids(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``zones`` with a ``zone_id`` taken from the first column of :data:`ID_COLUMNS` whose
    values are present and unique (e.g. ``id`` of ``santin.parcels``), or refused with one
    line naming the file and the columns it has.
    """
    from gis.errors import LayerError

    for col in ID_COLUMNS:
        if col in zones:
            ids = zones[col].astype(str).str.strip()
            if zones[col].notna().all() and (ids != "").all() and ids.is_unique:
                attrs = {**zones.attrs, "zone_id_from": col}
                out = zones.assign(zone_id=ids.to_numpy())
                out.attrs.update(attrs)
                return out
    cols = ", ".join(str(c) for c in zones.columns if c != zones.geometry.name) or "none"
    raise LayerError(
        "zones need a 'zone_id' column (or a unique 'id' or 'name'), to tell them apart in "
        f"the report; columns found: {cols}",
        source=zones.attrs.get("source"),
    )


def _plain_strings(gdf: Any) -> Any:
    """``gdf`` with its text columns as Python strings in NumPy object arrays, converted once:
    the checks read ids, names and labels zone by zone, which is slow from Arrow strings.
    """
    if gdf is None:
        return None
    text = [c for c in gdf.columns if isinstance(gdf[c].dtype, pd.StringDtype)]
    if not text:
        return gdf
    attrs = dict(gdf.attrs)
    out = gdf.assign(**{str(c): gdf[c].astype(object) for c in text})
    out.attrs.update(attrs)
    return out


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
                UNKNOWN_ZONE,
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
                UNKNOWN_ZONE,
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
