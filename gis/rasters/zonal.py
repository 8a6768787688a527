"""Zonal statistics of any raster (terrain, flood depth, noise, ...) over zones or parcels.

exactextract measures the fraction of each cell a polygon covers, so a cell half inside a zone
counts half: ``count`` is the covered cells (Σ fraction), ``sum`` is Σ value × fraction, ``mean``
their ratio, ``min``/``max`` over the cells the zone touches, and ``share_above`` the covered
fraction of cells whose value exceeds the threshold. Cells holding the raster's nodata value are
left out. The zones are reprojected to the raster's CRS.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.errors import InputError
from gis.io.layers import HK1980

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["STATS", "open_raster", "surface_capacity_m2", "zonal_stats"]

#: The statistics of :func:`zonal_stats`, in column order.
STATS = ("count", "min", "mean", "max", "sum", "share_above")


def open_raster(path: str | os.PathLike[str], *, crs: str | None = None) -> Any:
    """Open a user raster, or say in one line why it cannot be used.

    Parameters
    ----------
    path
        A raster file GDAL reads (GeoTIFF, ...).
    crs
        The CRS to assume when the file declares none (``--raster-crs``).

    Returns
    -------
    rasterio.DatasetReader
        Open; close it (``with``). Its ``crs`` is ``crs`` when the file has none.

    Raises
    ------
    InputError
        A missing or corrupt file, or a raster without a CRS and no ``crs`` given.
    """
    import rasterio
    from rasterio.crs import CRS
    from rasterio.errors import CRSError, RasterioIOError

    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", source=p)
    try:
        src = rasterio.open(p)
        src.read(1, window=((0, min(1, src.height)), (0, min(1, src.width))))
    except RasterioIOError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(
            f"not a readable raster, corrupt or truncated ({first})", source=p
        ) from None
    if src.crs is None or not src.crs.to_wkt():
        if crs is None:
            src.close()
            raise InputError(
                "the raster declares no CRS; give it with --raster-crs (e.g. EPSG:2326)", source=p
            )
        try:
            assumed = CRS.from_user_input(crs)
        except CRSError:
            src.close()
            raise InputError(f"--raster-crs {crs} is not a CRS", source=p) from None
        src.close()
        src = rasterio.open(p)
        src._crs = assumed  # noqa: SLF001 - rasterio has no public setter on a reader
    return src


def _project(zones: gpd.GeoDataFrame, src: Any, reproject: bool, name: Path) -> gpd.GeoDataFrame:
    from pyproj import CRS

    if zones.crs is None:
        raise InputError("the zones declare no CRS; give it with --crs", source=name)
    raster_crs = CRS.from_user_input(src.crs.to_wkt())
    if not reproject and not raster_crs.equals(CRS.from_user_input(HK1980)):
        epsg = raster_crs.to_epsg()
        raise InputError(
            f"the raster is in {f'EPSG:{epsg}' if epsg else raster_crs.name}, the zones are "
            "measured in EPSG:2326; pass --reproject to reproject the zones to the raster's CRS",
            source=name,
        )
    return zones.to_crs(raster_crs)


def zonal_stats(
    raster: str | os.PathLike[str],
    zones: gpd.GeoDataFrame,
    *,
    threshold: float | None = None,
    band: int = 1,
    id_field: str | None = None,
    raster_crs: str | None = None,
    reproject: bool = False,
) -> pd.DataFrame:
    """Count, min, mean, max, sum and the share above ``threshold`` of a raster per zone.

    Parameters
    ----------
    raster
        The raster file.
    zones
        Polygons (zones or parcels), in any CRS.
    threshold
        ``share_above`` is the covered share of the zone whose value exceeds it (NaN without).
    band
        The band to read.
    id_field
        The column naming the zones (default: ``zone_id`` when present, else the row number).
    raster_crs
        CRS to assume for a raster that declares none.
    reproject
        Allow a raster in another CRS than EPSG:2326 (the zones are reprojected to it).

    Returns
    -------
    pandas.DataFrame
        One row per zone, indexed by its id, columns :data:`STATS` (``count`` in cells,
        weighted by the covered fraction; min/max/mean NaN where the zone has no data).

    Raises
    ------
    InputError
        A missing/corrupt raster, no CRS, a CRS mismatch not allowed, or a raster that does not
        overlap the zones.

    Examples
    --------
    See tests/rasters/test_rasters.py: a polygon covering half a cell counts it half.
    """
    from exactextract import exact_extract
    from shapely.geometry import box

    path = Path(raster)
    if id_field is not None and id_field not in zones:
        raise InputError(
            f"--id-field {id_field}: the zones have no such attribute; attributes: "
            f"{', '.join(c for c in zones.columns if c != 'geometry')}",
            source=zones.attrs.get("name") or zones.attrs.get("source"),
        )
    key = id_field or ("zone_id" if "zone_id" in zones else None)
    ids = zones[key].astype(str).tolist() if key else [str(i) for i in range(len(zones))]
    with open_raster(path, crs=raster_crs) as src:
        if not 1 <= band <= src.count:
            raise InputError(f"has {src.count} band(s), no band {band}", source=path)
        z = _project(zones, src, reproject, path).reset_index(drop=True)
        if not z.intersects(box(*src.bounds)).any():
            raise InputError("the raster does not overlap the zones", source=path)
        rows = exact_extract(src, z, ["values", "coverage"], output="pandas")
        # one column per band when the raster has several
        values_col = "values" if src.count == 1 else f"band_{band}_values"
        cover_col = "coverage" if src.count == 1 else f"band_{band}_coverage"
        out = []
        for v, c in zip(rows[values_col], rows[cover_col], strict=True):
            v = np.asarray(v, float)
            c = np.asarray(c, float)
            ok = np.isfinite(v) & (c > 0)
            v, c = v[ok], c[ok]
            n = float(c.sum())
            total = float((v * c).sum())
            above = float(c[v > threshold].sum()) / n if threshold is not None and n else np.nan
            out.append(
                (
                    n,
                    float(v.min()) if n else np.nan,
                    total / n if n else np.nan,
                    float(v.max()) if n else np.nan,
                    total,
                    above,
                )
            )
    return pd.DataFrame(out, columns=list(STATS), index=pd.Index(ids, name=key or "zone"))


def surface_capacity_m2(
    storeys_tif: str | os.PathLike[str], zones: gpd.GeoDataFrame, site_coverage: Any
) -> pd.Series:
    """Floor-area capacity of each zone measured on a storeys surface (band 1).

    ``capacity = site_coverage × cell area × Σ storeys × fraction covered``: the raster
    counterpart of the vector ``site_coverage × Σ area(zone ∩ band) × storeys``.

    Parameters
    ----------
    storeys_tif
        A surface whose band 1 is storeys (``technopole raster envelope``), in EPSG:2326.
    zones
        The zones (``zone_id``).
    site_coverage
        ``zone_id -> site coverage`` (a mapping or Series).

    Returns
    -------
    pandas.Series
        m² per zone id.
    """
    import rasterio

    stats = zonal_stats(storeys_tif, zones)
    with rasterio.open(storeys_tif) as src:
        cell_m2 = abs(src.transform.a * src.transform.e)
    cov = pd.Series(dict(site_coverage)).reindex(stats.index).fillna(0.0)
    return (stats["sum"] * cell_m2 * cov).rename("capacity_m2")
