"""Geometry checks of a site and its zones: validity, containment, overlaps, gaps, areas.

All measured in HK1980 Grid (EPSG:2326). Pairs of zones are found through the spatial index,
not by comparing every zone with every other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from . import catalog
from .errors import LayerError
from .io import HK1980
from .report import Issue

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from .validation import Rules

SRC_SITE = "zones lie within their site"
SRC_AREA = "stated area (manifest or stated_area_ha attribute) ± area_tol_frac"


def _label(gdf: gpd.GeoDataFrame, i: int) -> str:
    row = gdf.iloc[i]
    for key in ("zone_id", "id", "name_en"):
        if key in gdf.columns and row.get(key) is not None:
            return f"{key}='{row[key]}'"
    return f"feature {i + 1}"


def _name(gdf: gpd.GeoDataFrame, fallback: str) -> str:
    return str(gdf.attrs.get("name") or gdf.attrs.get("source") or fallback)


def overlap_pairs(gdf: gpd.GeoDataFrame, tol_m2: float = 1.0) -> list[tuple[int, int, Any]]:
    """Pairs ``(i, j, geometry)`` of features overlapping by more than ``tol_m2``."""
    g = gdf.to_crs(HK1980).geometry.reset_index(drop=True)
    left, right = g.sindex.query(g, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    inter = shapely.intersection(g.values[left], g.values[right])
    area = shapely.area(inter)
    return [(int(i), int(j), geom) for i, j, geom, a in zip(left, right, inter, area,
                                                              strict=True) if a > tol_m2]


def gap_geometry(site: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> BaseGeometry:
    """The part of the site no zone covers (EPSG:2326)."""
    s = site.to_crs(HK1980).union_all()
    z = zones.to_crs(HK1980).union_all()
    return s.difference(z)


def _invalid(gdf: gpd.GeoDataFrame, what: str) -> list[Issue]:
    out = []
    reasons = shapely.is_valid_reason(gdf.geometry.values)
    for i, reason in enumerate(reasons):
        if reason != "Valid Geometry":
            out.append(Issue("geometry.invalid", "error",
                             f"{what} {_label(gdf, i)}: invalid geometry ({reason})",
                             feature=_label(gdf, i), source="OGC simple features validity"))
    return out


def _stated(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray | None, bool]:
    """Stated areas in ha: per feature (``stated_area_ha``), or the manifest's for a whole layer.

    The second value is True when the stated area is one for the whole layer (compare the sum).
    """
    if "stated_area_ha" in gdf.columns:
        stated = gdf["stated_area_ha"].to_numpy(float)
        if np.isfinite(stated).any():
            return stated, False
    name = gdf.attrs.get("name")
    if name in catalog.layer_names() and gdf.attrs.get("whole_layer", True):
        s = catalog.layer_info(name).get("stated_area_ha")
        if s:
            return np.array([float(s)]), True
    return None, False


def stated_area_known(gdf: gpd.GeoDataFrame) -> bool:
    """True when a stated area exists for ``gdf`` (attribute or manifest)."""
    return _stated(gdf)[0] is not None


def _stated_areas(gdf: gpd.GeoDataFrame, what: str, tol: float) -> list[Issue]:
    out: list[Issue] = []
    m2 = gdf.to_crs(HK1980).area.to_numpy()
    stated, whole = _stated(gdf)
    if stated is None:
        return out
    if whole:
        m2 = np.array([m2.sum()])
    for i, (a, s) in enumerate(zip(m2 / 10_000.0, stated, strict=True)):
        if np.isfinite(s) and abs(a - s) > tol * s:
            label = f"'{gdf.attrs.get('name')}'" if whole else _label(gdf, i)
            out.append(Issue("geometry.area_vs_stated", "error",
                             f"{what} {label}: measured {a:,.2f} ha, stated {s:,.2f} ha "
                             f"(off by {100 * (a - s) / s:+.1f}%, tolerance ±{100 * tol:g}%)",
                             feature=label, value=float(a), expected=float(s),
                             source=SRC_AREA))
    return out


def _containment(site: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, what: str, tol_m2: float,
                 tol_frac: float) -> list[Issue]:
    out = []
    s = site.to_crs(HK1980).union_all()
    z = zones.to_crs(HK1980).reset_index(drop=True)
    outside = shapely.area(shapely.difference(z.geometry.values, s))
    allowed = np.maximum(tol_m2, tol_frac * shapely.area(z.geometry.values))
    for i, a in enumerate(outside):
        if a > allowed[i]:
            pct = 100.0 * a / max(z.geometry.values[i].area, 1e-9)
            out.append(Issue("geometry.outside_site", "error",
                             f"{what} {_label(z, i)}: {a:,.0f} m² ({pct:.1f}%) lies outside the "
                             "site", feature=_label(z, i), value=float(a), source=SRC_SITE))
    return out


def _overlaps(gdf: gpd.GeoDataFrame, what: str, tol_m2: float) -> list[Issue]:
    out = []
    for i, j, geom in overlap_pairs(gdf, tol_m2):
        out.append(Issue("geometry.overlap", "error",
                         f"{what} {_label(gdf, i)} and {_label(gdf, j)} overlap by "
                         f"{geom.area:,.0f} m²", feature=f"{_label(gdf, i)}|{_label(gdf, j)}",
                         value=float(geom.area), source="zones do not overlap"))
    return out


def _gaps(site: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, tol_frac: float) -> list[Issue]:
    s_area = float(site.to_crs(HK1980).union_all().area)
    gap = gap_geometry(site, zones).area
    if s_area and gap / s_area > tol_frac:
        return [Issue("geometry.gap", "warning",
                      f"zones leave {gap / 10_000:,.2f} ha ({100 * gap / s_area:.1f}%) of the site "
                      f"uncovered (tolerance {100 * tol_frac:g}%)", value=float(gap / s_area),
                      expected=tol_frac, source="zones tile the site")]
    return []


def _partition(child: str, parent_name: str, parent_id: str | None, tol: float) -> list[Issue]:
    parent = catalog.load_layer(parent_name)
    if parent_id:
        parent = parent[parent["id"] == parent_id]
    p = parent.to_crs(HK1980).union_all()
    c = catalog.load_layer(child).to_crs(HK1980).union_all()
    frac = p.symmetric_difference(c).area / p.area
    if frac > tol:
        target = f"{parent_name}/{parent_id}" if parent_id else parent_name
        return [Issue("geometry.partition", "error",
                      f"{child} does not partition {target}: mismatch {100 * frac:.2f}% of its "
                      "area", feature=child, value=float(frac), expected=tol,
                      source=catalog.layer_info(child).get("source"))]
    return []


def require_areas(gdf: gpd.GeoDataFrame, what: str) -> None:
    """Refuse a site, zones or bands with a feature that is not a (Multi)Polygon, or zones
    whose ``zone_id`` repeats: an area check on points or on a GeometryCollection, or a
    capacity split between two zones of one id, would pass without meaning anything.
    """
    source = _name(gdf, what)
    types = gdf.geometry.geom_type.to_numpy()
    wrong = np.flatnonzero(~np.isin(types, ["Polygon", "MultiPolygon"]))
    if len(wrong):
        i = int(wrong[0])
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise LayerError(f"{what} geometry is {types[i]}; expected Polygon or MultiPolygon{more}",
                         source=source, where=_label(gdf, i))
    if what == "zone" and "zone_id" in gdf.columns:
        ids = gdf["zone_id"].astype(str)
        repeated = sorted(set(ids[ids.duplicated()]))
        if repeated:
            raise LayerError(f"zone_id {', '.join(repr(r) for r in repeated[:3])} is given to "
                             "more than one zone; each zone needs its own zone_id",
                             source=source)


def geometry_checks(site: gpd.GeoDataFrame, zones: gpd.GeoDataFrame | None,
                    bands: gpd.GeoDataFrame | None, rules: Rules, *,
                    partitions: bool = False) -> list[Issue]:
    """Every geometry check of a site, its zones and height bands (see module docstring)."""
    for layer, what in ((site, "site"), (zones, "zone"), (bands, "height band")):
        if layer is not None:
            require_areas(layer, what)
    issues: list[Issue] = []
    issues += _invalid(site, "site feature")
    issues += _stated_areas(site, "site", rules.area_tol_frac)
    for layer, what in ((zones, "zone"), (bands, "height band")):
        if layer is None:
            continue
        issues += _invalid(layer, what)
        issues += _stated_areas(layer, what, rules.area_tol_frac)
        issues += _containment(site, layer, what, rules.overlap_tol_m2, rules.containment_tol_frac)
        issues += _overlaps(layer, what, rules.overlap_tol_m2)
    if zones is not None:
        issues += _gaps(site, zones, rules.gap_tol_frac)
    if partitions:
        issues += _stated_areas(catalog.load_layer("loop.boundary"), "Loop park",
                                rules.area_tol_frac)
        for name in catalog.layer_names():
            spec = catalog.layer_info(name).get("partitions")
            if spec:
                parent, _, pid = spec.partition("/")
                issues += _partition(name, parent, pid or None, 0.001)
    return issues


def problem_geometries(site: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, tol_m2: float = 1.0,
                       gap_tol_frac: float = 0.005) -> gpd.GeoDataFrame:
    """Overlaps and (beyond tolerance) gaps as a GeoDataFrame (``kind``, ``message``) for maps."""
    import geopandas as gpd

    rows, geoms = [], []
    z = zones.reset_index(drop=True)
    for i, j, geom in overlap_pairs(z, tol_m2):
        rows.append({"kind": "overlap", "message": f"{_label(z, i)} and {_label(z, j)} overlap "
                                                   f"by {geom.area:,.0f} m²"})
        geoms.append(geom)
    s_area = float(site.to_crs(HK1980).union_all().area)
    gap = gap_geometry(site, zones)
    if s_area and gap.area / s_area > gap_tol_frac:
        rows.append({"kind": "gap", "message": f"{gap.area / 10_000:,.2f} ha of the site is in "
                                               "no zone"})
        geoms.append(gap)
    return gpd.GeoDataFrame(rows, columns=["kind", "message"], geometry=geoms, crs=HK1980)
