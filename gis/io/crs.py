"""The coordinate reference systems (CRS) of :mod:`gis.io`, and the checks of a layer's CRS.

Internal: import :data:`gis.io.HK1980` and :data:`gis.io.WGS84` from :mod:`gis.io`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import geopandas as gpd
from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.errors import LayerError

HK1980 = "EPSG:2326"
"""Hong Kong 1980 Grid System (metres): the frame of every area and distance."""
WGS84 = "EPSG:4326"
"""WGS 84 longitude/latitude: the frame of every GeoJSON file (RFC 7946)."""


def parse_crs(crs: Any, path: Path) -> CRS:
    """Parse ``crs=`` as :class:`pyproj.CRS` accepts it, or refuse it naming ``path``."""
    try:
        return CRS.from_user_input(crs)
    except CRSError as exc:
        raise LayerError(
            f"--crs {crs} (crs= in Python) is not a known CRS (e.g. --crs {HK1980})", source=path
        ) from exc


def settle_crs(gdf: gpd.GeoDataFrame, path: Path, fmt: str, crs: CRS | None) -> gpd.GeoDataFrame:
    """Assign ``crs`` to a layer without one; refuse a missing, conflicting or impossible CRS."""
    lonlat_impossible = _outside_lonlat(gdf)
    if gdf.crs is None:
        if crs is None:
            raise LayerError(
                "has no coordinate reference system (CRS); give it with --crs (crs= in Python) "
                f"if you know it (e.g. --crs {HK1980} for HK1980 Grid metres)",
                source=path,
            )
        _refuse_misfit(gdf, crs, path)
        return gdf.set_crs(crs)
    if crs is not None and not gdf.crs.equals(crs, ignore_axis_order=True):
        if fmt == "GeoJSON" and lonlat_impossible:
            return gdf.set_crs(crs, allow_override=True)
        raise LayerError(
            f"declares {crs_label(gdf.crs)} but --crs {crs_label(crs)} was given; --crs only "
            "supplies a CRS the file lacks (to reproject: layers export --to-crs, or "
            "gis.to_hk1980 in Python)",
            source=path,
        )
    if lonlat_impossible:
        x0, y0, x1, y1 = gdf.total_bounds
        raise LayerError(
            f"coordinates ({x0:.0f}..{x1:.0f}, {y0:.0f}..{y1:.0f}) cannot be longitude/latitude "
            f"as its CRS {crs_label(gdf.crs)} says; the CRS is wrong or missing "
            f"(HK1980 Grid metres? then give --crs {HK1980})",
            source=path,
        )
    _refuse_misfit(gdf, gdf.crs, path)
    return gdf


def _refuse_misfit(gdf: gpd.GeoDataFrame, crs: CRS, path: Path) -> None:
    """Refuse coordinates that do not fit ``crs``: outside longitude/latitude for a geographic
    CRS, or far outside the area of use of a projected one (a file in HK1980 metres given
    ``--crs EPSG:4326``, or one in degrees said to be HK1980 metres).
    """
    x0, y0, x1, y1 = gdf.total_bounds
    if len(gdf) == 0 or not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return
    crs = CRS.from_user_input(crs)
    fits = True
    if crs.is_geographic:
        fits = x0 >= -180 and x1 <= 360 and y0 >= -90 and y1 <= 90
    elif crs.area_of_use is not None:
        from pyproj import Transformer

        w, s, e, n = crs.area_of_use.bounds
        to_crs = Transformer.from_crs(WGS84, crs, always_xy=True)
        bx0, by0, bx1, by1 = to_crs.transform_bounds(w, s, e, n)
        pad_x, pad_y = (bx1 - bx0) * 0.5, (by1 - by0) * 0.5  # generous: neighbours' data too
        fits = bx0 - pad_x <= x0 and x1 <= bx1 + pad_x and by0 - pad_y <= y0 and y1 <= by1 + pad_y
    if fits:
        return
    hint = f"; HK1980 Grid metres? then give --crs {HK1980}"
    if CRS.from_user_input(HK1980).equals(crs) or x0 >= -180 and x1 <= 360 and abs(y1) <= 90:
        hint = f"; longitude/latitude? then give --crs {WGS84}"
    raise LayerError(
        f"coordinates ({x0:,.0f}..{x1:,.0f}, {y0:,.0f}..{y1:,.0f}) do not fit "
        f"{crs_label(crs)} ({crs.name}){hint}",
        source=path,
    )


def _outside_lonlat(gdf: gpd.GeoDataFrame) -> bool:
    """Whether coordinates said (or left) to be longitude/latitude lie outside its range."""
    if gdf.crs is not None and not gdf.crs.is_geographic:
        return False
    x0, y0, x1, y1 = gdf.total_bounds
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return False
    return x0 < -180 or x1 > 360 or y0 < -90 or y1 > 90


def crs_label(crs: CRS | None) -> str | None:
    """Name a CRS as planners write it (``"EPSG:2326"``, else its name); None for none.

    Examples
    --------
    >>> crs_label(CRS(HK1980)), crs_label(None)
    ('EPSG:2326', None)
    """
    if crs is None:
        return None
    authority = crs.to_authority()
    return f"{authority[0]}:{authority[1]}" if authority else crs.name
