"""How the zones of a site cover it, measured once: the pairs that overlap, their union, and the
overlaps and gaps as geometries for maps; all in HK1980 Grid (EPSG:2326).

Pairs of zones are found through the spatial index, not by comparing every zone with every
other; GEOS coverage validation leaves out the zones that tile cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from gis.io.layers import HK1980

if TYPE_CHECKING:
    import geopandas as gpd


def _label(gdf: gpd.GeoDataFrame, i: int) -> str:
    return _labels(gdf, np.array([i]))[0]


def _labels(gdf: gpd.GeoDataFrame, idx: np.ndarray) -> list[str]:
    """Labels of the features at positions ``idx``, read column by column (not row by row)."""
    idx = np.asarray(idx, dtype=np.int64)
    out = [f"feature {i + 1}" for i in idx]
    for key in reversed(("zone_id", "id", "name_en")):
        if key in gdf.columns:
            vals = gdf[key].to_numpy()[idx]
            out = [f"{key}='{v}'" if v is not None else o for v, o in zip(vals, out, strict=True)]
    return out


def _name(gdf: gpd.GeoDataFrame, fallback: str) -> str:
    return str(gdf.attrs.get("name") or gdf.attrs.get("source") or fallback)


def _hk(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``gdf`` in EPSG:2326 (no copy of the geometry when it already is)."""
    return gdf if gdf.crs is not None and gdf.crs.equals(HK1980) else gdf.to_crs(HK1980)


def suspect_features(geoms: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Features that may overlap another: GEOS coverage validation, done once.

    A feature whose edges all match its neighbours' exactly and never enter another feature's
    interior cannot overlap anything (``shapely.coverage_invalid_edges``, GEOS 3.12+); only
    the others need their intersections measured. Invalid geometries are always suspects.
    ``valid`` is ``shapely.is_valid(geoms)`` when the caller has it already.
    """
    valid = shapely.is_valid(geoms) if valid is None else np.asarray(valid, dtype=bool)
    if not hasattr(shapely, "coverage_invalid_edges") or not valid.all():
        return np.ones(len(geoms), dtype=bool)
    return ~shapely.is_empty(shapely.coverage_invalid_edges(geoms))


@dataclass
class Coverage:
    """Overlaps and gaps of a layer, measured once (EPSG:2326).

    Attributes
    ----------
    left, right
        Positions of the overlapping pairs (``left < right``), sorted.
    geoms, area_m2
        Their intersections and the areas of those.
    union
        The union of the layer.
    """

    left: np.ndarray
    right: np.ndarray
    geoms: np.ndarray
    area_m2: np.ndarray
    union: Any


def measure_coverage(
    gdf: gpd.GeoDataFrame,
    tol_m2: float = 1.0,
    union: bool = True,
    *,
    valid: np.ndarray | None = None,
) -> Coverage:
    """Pairs of features overlapping by more than ``tol_m2``, and the union, in one pass.

    Candidate pairs come from the spatial index; only pairs with a suspect feature
    (:func:`suspect_features`) are intersected. The union is the GEOS coverage union of the
    features that tile cleanly, merged with the suspects. ``valid``: the validity of each
    feature, when already known (not measured again); an invalid feature is measured as
    ``shapely.make_valid`` repairs it.
    """
    g = np.asarray(_hk(gdf).geometry.values)
    valid = shapely.is_valid(g) if valid is None else np.asarray(valid, dtype=bool)
    suspect = suspect_features(g, valid)
    if not valid.all():  # reported as invalid; measured as GEOS repairs them (else it throws)
        g = g.copy()
        g[~valid] = shapely.make_valid(g[~valid])
    tree = shapely.STRtree(g)
    cand = np.flatnonzero(suspect)
    left, right = tree.query(g[cand], predicate="intersects")
    left = cand[left]
    pairs = np.unique(np.sort(np.stack([left, right], axis=1), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    inter = shapely.intersection(g[pairs[:, 0]], g[pairs[:, 1]])
    area = shapely.area(inter)
    keep = area > tol_m2
    u = None
    if union:
        clean = shapely.coverage_union_all(g[~suspect]) if (~suspect).any() else None
        u = shapely.union_all(np.append(g[suspect], clean if clean is not None else []))
    return Coverage(pairs[keep, 0], pairs[keep, 1], inter[keep], area[keep], u)


def _problem_frame(
    z: gpd.GeoDataFrame, cov: Coverage, gap: Any, s_area: float, gap_tol_frac: float
) -> gpd.GeoDataFrame:
    import geopandas as gpd

    left, right = _labels(z, cov.left), _labels(z, cov.right)
    rows = [
        {"kind": "overlap", "message": f"{a} and {b} overlap by {area:,.0f} m²"}
        for a, b, area in zip(left, right, cov.area_m2, strict=True)
    ]
    geoms = list(cov.geoms)
    if s_area and gap.area / s_area > gap_tol_frac:
        rows.append(
            {"kind": "gap", "message": f"{gap.area / 10_000:,.2f} ha of the site is in no zone"}
        )
        geoms.append(gap)
    return gpd.GeoDataFrame(rows, columns=["kind", "message"], geometry=geoms, crs=HK1980)


def problem_geometries(
    site: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    tol_m2: float = 1.0,
    gap_tol_frac: float = 0.005,
) -> gpd.GeoDataFrame:
    """Overlaps and (beyond tolerance) gaps as a GeoDataFrame (``kind``, ``message``) for maps."""
    z = _hk(zones).reset_index(drop=True)
    cov = measure_coverage(z, tol_m2, union=True)
    s = _hk(site).union_all()
    return _problem_frame(z, cov, s.difference(cov.union), float(s.area), gap_tol_frac)
