"""Repair invalid polygons instead of refusing them, and say what changed.

Official data is read as it is published: a ring that crosses itself (a bow-tie, a spike) is
repaired with ``shapely.make_valid(method="structure")``, which keeps every area the ring
encloses; only the polygonal parts of the result are kept (a collapsed line or point is
dropped from the geometry, never the feature). A user's own file is repaired only on request
(:func:`gis.io.read_layer` with ``repair=True``, ``--repair`` on the command line).

Each repair is recorded: the feature (1-based, as planners count), its label, GEOS's reason and
the area before and after, in m² of HK1980 Grid (EPSG:2326).

>>> import geopandas as gpd
>>> from shapely.geometry import Polygon
>>> bow_tie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
>>> gdf = gpd.GeoDataFrame({"label": ["GB"]}, geometry=[bow_tie], crs="EPSG:2326")
>>> fixed, repairs = repair_polygons(gdf, label_field="label")
>>> fixed.geometry.iloc[0].is_valid, repairs[0]["feature"], repairs[0]["area_after_m2"]
(True, 1, 50.0)
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["REPAIR_COLUMNS", "describe_repairs", "repair_polygons", "repairs_note"]

REPAIR_COLUMNS = (
    "feature",
    "label",
    "reason",
    "area_before_m2",
    "area_after_m2",
    "area_change_m2",
)
_POLYGONAL = ("Polygon", "MultiPolygon")


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygonal parts of ``geom`` (one Polygon or MultiPolygon), empty when there are none."""
    if geom.geom_type in _POLYGONAL:
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL]
    polys = [q for p in parts for q in shapely.get_parts(p)]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _fixed(geom: BaseGeometry) -> BaseGeometry:
    """``make_valid`` by structure, else the polygonal parts of the linework method."""
    out = _polygonal(shapely.make_valid(geom, method="structure", keep_collapsed=False))
    if out.is_empty or not out.is_valid:
        out = _polygonal(shapely.make_valid(geom, method="linework"))
    return out


def _m2(value: float) -> float:
    """Rounded to 0.01 m², without a negative zero."""
    return round(float(value), 2) + 0.0


def _hk_areas(geoms: np.ndarray, crs: Any) -> np.ndarray:
    """Areas in m² of EPSG:2326 (geometries in any projected or geographic CRS)."""
    series = gpd.GeoSeries(geoms, crs=crs)
    if crs is not None and not series.crs.equals("EPSG:2326"):
        series = series.to_crs("EPSG:2326")
    return np.asarray(series.area, dtype=float)


def repair_polygons(
    gdf: gpd.GeoDataFrame, *, label_field: str | None = None
) -> tuple[gpd.GeoDataFrame, list[dict[str, Any]]]:
    """Repair the invalid polygons of ``gdf``; every feature is kept.

    Parameters
    ----------
    gdf
        A layer; only its invalid Polygon or MultiPolygon features are touched.
    label_field
        Column naming each feature in the record (a zone label); else ``id`` when present.

    Returns
    -------
    tuple
        A copy of ``gdf`` with the repaired geometries (``gdf`` itself when nothing was
        invalid), and one record per repaired feature: ``feature`` (1-based), ``label``,
        ``reason`` (GEOS), ``area_before_m2``, ``area_after_m2``, ``area_change_m2``
        (EPSG:2326, rounded to 0.01 m²). A feature whose ring encloses no area at all keeps its
        geometry and is recorded with ``area_after_m2`` None.
    """
    geoms = gdf.geometry.to_numpy()
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))
    positions = np.flatnonzero(polygonal & ~shapely.is_valid(geoms))
    if not len(positions):
        return gdf, []
    before = geoms[positions]
    reasons = shapely.is_valid_reason(before)
    after = np.array([_fixed(g) for g in before], dtype=object)
    usable = ~shapely.is_empty(after)
    area_before = _hk_areas(before, gdf.crs)
    area_after = _hk_areas(np.where(usable, after, shapely.Polygon()), gdf.crs)
    field = label_field if label_field in gdf.columns else ("id" if "id" in gdf.columns else None)
    new = geoms.copy()
    new[positions[usable]] = after[usable]
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(new, index=gdf.index, crs=gdf.crs)
    out.attrs = dict(gdf.attrs)
    records = []
    for k, pos in enumerate(positions):
        label = gdf[field].iloc[pos] if field else None
        ok = bool(usable[k])
        records.append(
            {
                "feature": int(pos) + 1,
                "label": None if label is None else " ".join(str(label).split()),
                "reason": str(reasons[k]),
                "area_before_m2": round(float(area_before[k]), 2),
                "area_after_m2": round(float(area_after[k]), 2) if ok else None,
                "area_change_m2": _m2(area_after[k] - area_before[k]) if ok else None,
            }
        )
    return out, records


def describe_repairs(records: list[dict[str, Any]], limit: int = 5) -> str:
    """One line naming the repaired features: ``feature 8 (MRDJ) +1.52 m²; ...``.

    >>> describe_repairs([{"feature": 8, "label": "MRDJ", "area_change_m2": 1.5}])
    'feature 8 (MRDJ) +1.50 m²'
    """

    def one(r: dict[str, Any]) -> str:
        what = f"feature {r['feature']}" + (f" ({r['label']})" if r.get("label") else "")
        if r.get("layer") and r["layer"] != "ZONE":
            what = f"{r['layer']} {what}"
        change = r.get("area_change_m2")
        return what + (" not repairable (no area)" if change is None else f" {change:+,.2f} m²")

    shown = "; ".join(one(r) for r in records[:limit])
    return shown + (f"; and {len(records) - limit} more" if len(records) > limit else "")


def repairs_note(records: list[dict[str, Any]]) -> str:
    r"""The line a command prints after reading official data with repaired features.

    >>> note = repairs_note([{"feature": 8, "label": "MRDJ", "area_change_m2": -2.0}])
    >>> print(note.replace(": ", ":\n"))
    repaired 1 feature with invalid rings (area change -2.00 m², EPSG:2326):
    feature 8 (MRDJ) -2.00 m²
    """
    total = sum(r.get("area_change_m2") or 0.0 for r in records)
    count = f"{len(records)} feature{'s' if len(records) != 1 else ''}"
    return (
        f"repaired {count} with invalid rings (area change {total:+,.2f} m², EPSG:2326): "
        + describe_repairs(records)
    )
