"""Geometry checks of a site and its zones: validity, containment, overlaps, gaps, areas.

All measured in HK1980 Grid (EPSG:2326); the overlaps and the union come from
:mod:`gis.validation.coverage`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from gis.catalog import layers as catalog
from gis.errors import LayerError
from gis.registry import AREA_VS_STATED, GAP, INVALID, OUTSIDE_SITE, OVERLAP, PARTITION, SRC_AREA
from gis.report import Issue
from gis.validation.coverage import (
    Coverage,
    _hk,
    _label,
    _labels,
    _name,
    _problem_frame,
    measure_coverage,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    import geopandas as gpd

    from gis.validation.inputs import Rules

SRC_SITE = "zones lie within their site"


def _invalid(gdf: gpd.GeoDataFrame, what: str, valid: np.ndarray) -> list[Issue]:
    bad = np.flatnonzero(~valid)
    reasons = shapely.is_valid_reason(np.asarray(gdf.geometry.values)[bad])
    return invalid_issues(gdf, what, bad, reasons)


def invalid_issues(gdf: gpd.GeoDataFrame, what: str, bad: np.ndarray, reasons: Any) -> list[Issue]:
    """The findings for the invalid features at positions ``bad`` (with their GEOS reasons),
    however they were measured (here, or by the Dask engine's workers).
    """
    return [
        Issue(
            INVALID,
            "error",
            f"{what} {label}: invalid geometry ({reason})",
            feature=label,
            source="OGC simple features validity",
            params={"what": what, "label": label, "reason": reason},
        )
        for label, reason in zip(_labels(gdf, bad), reasons, strict=True)
    ]


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


def _stated_areas(
    gdf: gpd.GeoDataFrame, what: str, tol: float, m2: np.ndarray | None = None
) -> list[Issue]:
    """Features (or a whole layer) whose area is off its stated area by more than ``tol``;
    ``m2``: the areas in EPSG:2326 when already measured (the Dask engine's workers).
    """
    stated, whole = _stated(gdf)
    if stated is None:
        return []
    m2 = shapely.area(_hk(gdf).geometry.values) if m2 is None else m2
    if whole:
        m2 = np.array([m2.sum()])
    ha = m2 / 10_000.0
    with np.errstate(invalid="ignore"):
        off = np.flatnonzero(np.isfinite(stated) & (np.abs(ha - stated) > tol * stated))
    labels = [f"'{gdf.attrs.get('name')}'"] * len(off) if whole else _labels(gdf, off)
    return [
        Issue(
            AREA_VS_STATED,
            "error",
            f"{what} {label}: measured {ha[i]:,.2f} ha, stated {stated[i]:,.2f} ha "
            f"(off by {100 * (ha[i] - stated[i]) / stated[i]:+.1f}%, tolerance "
            f"±{100 * tol:g}%)",
            feature=label,
            params={
                "what": what,
                "label": label,
                "ha": float(ha[i]),
                "stated": float(stated[i]),
                "off_pct": float(100 * (ha[i] - stated[i]) / stated[i]),
                "tol_pct": 100 * tol,
            },
            value=float(ha[i]),
            expected=float(stated[i]),
            source=SRC_AREA,
        )
        for i, label in zip(off, labels, strict=True)
    ]


def _containment(
    s: Any, z: gpd.GeoDataFrame, what: str, tol_m2: float, tol_frac: float
) -> list[Issue]:
    """Zones (EPSG:2326, fresh index) sticking out of the site ``s`` (one geometry)."""
    g = np.asarray(z.geometry.values)
    shapely.prepare(s)
    outside = np.zeros(len(g))
    out_idx = np.flatnonzero(~shapely.covers(s, g))  # a covered zone has nothing outside
    outside[out_idx] = shapely.area(shapely.difference(g[out_idx], s))
    return outside_issues(z, what, outside, shapely.area(g), tol_m2, tol_frac)


def outside_issues(
    z: gpd.GeoDataFrame,
    what: str,
    outside: np.ndarray,
    area: np.ndarray,
    tol_m2: float,
    tol_frac: float,
) -> list[Issue]:
    """The findings for zones with more than the tolerance of their ``area`` (m²) ``outside``
    the site, however it was measured (here, or by the Dask engine's workers).
    """
    allowed = np.maximum(tol_m2, tol_frac * area)
    bad = np.flatnonzero(outside > allowed)
    return [
        Issue(
            OUTSIDE_SITE,
            "error",
            f"{what} {label}: {outside[i]:,.0f} m² "
            f"({100.0 * outside[i] / max(area[i], 1e-9):.1f}%) lies outside the site",
            feature=label,
            params={
                "what": what,
                "label": label,
                "m2": float(outside[i]),
                "pct": float(100.0 * outside[i] / max(area[i], 1e-9)),
            },
            value=float(outside[i]),
            source=SRC_SITE,
        )
        for i, label in zip(bad, _labels(z, bad), strict=True)
    ]


def _overlaps(gdf: gpd.GeoDataFrame, cov: Coverage, what: str) -> list[Issue]:
    left, right = _labels(gdf, cov.left), _labels(gdf, cov.right)
    return [
        Issue(
            OVERLAP,
            "error",
            f"{what} {a} and {b} overlap by {area:,.0f} m²",
            feature=f"{a}|{b}",
            params={"what": what, "a": a, "b": b, "m2": float(area)},
            value=float(area),
            source="zones do not overlap",
        )
        for a, b, area in zip(left, right, cov.area_m2, strict=True)
    ]


def _gaps(s_area: float, gap_m2: float, tol_frac: float) -> list[Issue]:
    if s_area and gap_m2 / s_area > tol_frac:
        return [
            Issue(
                GAP,
                "warning",
                f"zones leave {gap_m2 / 10_000:,.2f} ha ({100 * gap_m2 / s_area:.1f}%) of "
                f"the site uncovered (tolerance {100 * tol_frac:g}%)",
                value=float(gap_m2 / s_area),
                expected=tol_frac,
                source="zones tile the site",
                params={
                    "ha": float(gap_m2 / 10_000),
                    "pct": float(100 * gap_m2 / s_area),
                    "tol_pct": 100 * tol_frac,
                },
            )
        ]
    return []


def _partition(
    child: str, parent_name: str, parent_id: str | None, tol: float, layers: dict | None = None
) -> list[Issue]:
    layers = {} if layers is None else layers
    for name in (parent_name, child):  # each embedded layer loaded and projected once a call
        if name not in layers:
            layers[name] = _hk(catalog.load_layer(name))
    parent = layers[parent_name]
    if parent_id:
        parent = parent[parent["id"] == parent_id]
    p = parent.union_all()
    c = layers[child].union_all()
    frac = p.symmetric_difference(c).area / p.area
    if frac > tol:
        target = f"{parent_name}/{parent_id}" if parent_id else parent_name
        return [
            Issue(
                PARTITION,
                "error",
                f"{child} does not partition {target}: mismatch {100 * frac:.2f}% of its area",
                feature=child,
                params={"child": child, "target": target, "pct": float(100 * frac)},
                value=float(frac),
                expected=tol,
                source=catalog.layer_info(child).get("source"),
            )
        ]
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
        raise LayerError(
            f"{what} geometry is {types[i]}; expected Polygon or MultiPolygon{more}",
            source=source,
            where=_label(gdf, i),
        )
    if what == "zone" and "zone_id" in gdf.columns:
        ids = gdf["zone_id"].astype(str)
        repeated = sorted(set(ids[ids.duplicated()]))
        if repeated:
            raise LayerError(
                f"zone_id {', '.join(repr(r) for r in repeated[:3])} is given to "
                "more than one zone; each zone needs its own zone_id",
                source=source,
            )


def check_geometry(
    site: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame | None,
    bands: gpd.GeoDataFrame | None,
    rules: Rules,
    *,
    partitions: bool = False,
    checked: Collection[str] = (),
) -> tuple[list[Issue], gpd.GeoDataFrame | None]:
    """Every geometry check, each layer projected and measured once.

    ``checked`` names the layers (``"zones"``, ``"bands"``) just read by
    :func:`gis.read_layer`, which refuses invalid geometry: their validity is not measured
    again. The validity of any other layer is measured once, for its check and the overlaps.

    Returns
    -------
    tuple
        The issues, and the problem geometries of the zones
        (:func:`gis.validation.coverage.problem_geometries`; None without zones).
    """
    for layer, what in ((site, "site"), (zones, "zone"), (bands, "height band")):
        if layer is not None:
            require_areas(layer, what)
    issues: list[Issue] = []
    issues += _invalid(site, "site feature", shapely.is_valid(site.geometry.values))
    issues += _stated_areas(site, "site", rules.area_tol_frac)
    s = _hk(site).union_all()
    problems = None
    for layer, what, key in ((zones, "zone", "zones"), (bands, "height band", "bands")):
        if layer is None:
            continue
        n = len(layer)
        valid = np.ones(n, bool) if key in checked else shapely.is_valid(layer.geometry.values)
        issues += _invalid(layer, what, valid)
        issues += _stated_areas(layer, what, rules.area_tol_frac)
        z = _hk(layer).reset_index(drop=True)
        issues += _containment(s, z, what, rules.overlap_tol_m2, rules.containment_tol_frac)
        cov = measure_coverage(z, rules.overlap_tol_m2, union=layer is zones, valid=valid)
        issues += _overlaps(layer, cov, what)
        if layer is zones:
            gap = s.difference(cov.union)
            issues += _gaps(float(s.area), float(gap.area), rules.gap_tol_frac)
            problems = _problem_frame(z, cov, gap, float(s.area), rules.gap_tol_frac)
    if partitions:
        issues += _partition_issues(rules)
    return issues, problems


def _partition_issues(rules: Rules) -> list[Issue]:
    issues = _stated_areas(catalog.load_layer("loop.boundary"), "Loop park", rules.area_tol_frac)
    layers: dict = {}
    for name in catalog.layer_names():
        spec = catalog.layer_info(name).get("partitions")
        if spec:
            parent, _, pid = spec.partition("/")
            issues += _partition(name, parent, pid or None, 0.001, layers)
    return issues
