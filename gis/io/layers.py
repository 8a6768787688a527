"""Read and write vector layers, and measure them in HK1980 Grid.

Every reader failure is a :class:`~gis.errors.LayerError` whose one-line message names the
file, the feature when one is to blame, and the problem::

    zones.geojson: feature 3 (name_en='AI'): invalid geometry (Self-intersection[833050 842050])

Areas and distances are always computed in HK1980 Grid (EPSG:2326), whatever the layer's own
coordinate reference system (CRS); GeoJSON is always written in EPSG:4326 (RFC 7946).
The helpers live in ``gis.io.drivers`` (formats, sidecars, zips, writers),
``gis.io.checks`` (feature and attribute checks, refusal messages) and ``gis.io.crs``.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> plot = gpd.GeoDataFrame({"id": ["P1"]}, geometry=[box(833000, 842000, 833100, 842100)],
...                         crs=HK1980)
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_layer(plot, pathlib.Path(folder) / "plot.geojson")  # EPSG:4326, 7 decimals
...     back = read_layer(path, geom_types=("Polygon", "MultiPolygon"), id_field="id")
>>> round(float(area_m2(back).iloc[0]) / 10_000, 3)  # hectares, measured in HK1980
1.0
"""

from __future__ import annotations

import math
import os
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from gis.errors import LayerError, OutputError
from gis.fs import FIXED_DATE, atomic_path, output_date
from gis.io.checks import check_features
from gis.io.crs import HK1980, WGS84, crs_label, parse_crs, settle_crs
from gis.io.drivers import (
    SUPPORTED_SUFFIXES,
    check_file,
    file_stem,
    format_of,
    ogr_write,
    prepare,
    read_frame,
    split_layer_suffix,
    temp_shapefile,
    write_shapefile,
)

__all__ = [
    "HK1980",
    "SUPPORTED_SUFFIXES",
    "WGS84",
    "area_m2",
    "describe_layer",
    "read_layer",
    "to_hk1980",
    "write_layer",
]

_Geo = TypeVar("_Geo", gpd.GeoDataFrame, gpd.GeoSeries)


# ----------------------------------------------------------------------------- reading


def read_layer(
    path: str | os.PathLike[str],
    layer: str | None = None,
    *,
    crs: Any = None,
    geom_types: Sequence[str] | None = None,
    required: Sequence[str] = (),
    id_field: str | None = None,
    repair: bool = False,
) -> gpd.GeoDataFrame:
    """Read a vector layer and check it is fit to plan with.

    Parameters
    ----------
    path
        A GeoJSON (``.geojson``, ``.json``), GeoPackage (``.gpkg``), Shapefile (``.shp``, with its
        ``.shx``, ``.dbf`` and ``.prj`` beside it), zipped Shapefile (``.zip``, ``.shp.zip``; read
        in place, never extracted), FlatGeobuf (``.fgb``) or GeoParquet (``.parquet``,
        ``.geoparquet``) file. ``"plan.gpkg::zones"`` names the layer ``zones`` like ``layer=``.
    layer
        The layer to read from a multi-layer file (a GeoPackage, or the Shapefile's name without
        ``.shp`` in a zip holding several). Needed when the file has more than one spatial layer.
    crs
        The CRS to assign when the file declares none (anything :class:`pyproj.CRS` accepts, e.g.
        ``"EPSG:2326"``). Without it a file with no CRS (e.g. a Shapefile without its ``.prj``)
        is refused. The data are not reprojected. It must agree with a CRS the file declares,
        except for GeoJSON, which always reads as EPSG:4326: there ``crs=`` is assigned only when
        the coordinates cannot be longitude/latitude (legacy HK1980 GeoJSON without a ``crs``).
    geom_types
        Allowed geometry types, e.g. ``("Polygon", "MultiPolygon")``.
    required
        Attribute columns that must be present (names are case-sensitive).
    id_field
        Column that identifies features: it must be present, non-empty and unique.
    repair
        Repair invalid polygons (:func:`gis.io.repair.repair_polygons`) instead of refusing
        them; what was repaired is in ``attrs["repairs"]`` (feature, label, area change).

    Returns
    -------
    geopandas.GeoDataFrame
        The features in file order on a fresh index, in the file's CRS (or ``crs``).
        ``attrs["source"]`` and ``attrs["layer"]`` record where they came from.

    Raises
    ------
    LayerError
        If the file is missing, unreadable, of an unknown type, a Shapefile without a sidecar,
        without CRS, empty, or has a feature of the wrong type, with invalid or no geometry,
        missing attributes, or a missing or duplicate id. The file is never modified.
    """
    src, layer = split_layer_suffix(Path(path), layer)
    fmt = check_file(src)
    crs_given = parse_crs(crs, src) if crs is not None else None
    gdf = read_frame(src, fmt, layer, crs_given is not None)
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise LayerError("has no geometry column: it is a table, not a layer", source=src)
    gdf = settle_crs(gdf, src, fmt, crs_given)
    gdf = gdf.reset_index(drop=True)
    gdf.attrs.update(source=str(src), layer=layer)
    if repair:
        from gis.io.repair import repair_polygons

        gdf, repairs = repair_polygons(gdf, label_field=id_field or "name_en")
        gdf.attrs["repairs"] = repairs
    check_features(gdf, src, geom_types, required, id_field)
    return gdf


# ----------------------------------------------------------------------------- measuring


def to_hk1980(gdf: _Geo) -> _Geo:
    """Reproject to HK1980 Grid (EPSG:2326), the frame of every area and distance.

    Parameters
    ----------
    gdf
        Features with a CRS. The input is not modified.

    Returns
    -------
    geopandas.GeoDataFrame or geopandas.GeoSeries
        A reprojected copy (pyproj, with the HK1980-to-WGS 84 datum shift); a shallow copy
        when ``gdf`` is in HK1980 Grid already.

    Raises
    ------
    LayerError
        If ``gdf`` has no CRS: guessing one would misplace it by hundreds of metres.
    """
    if gdf.crs is None:
        raise LayerError(
            f"has no coordinate reference system (CRS), so it cannot be put in HK1980 Grid "
            f"({HK1980}); set one with set_crs()",
            source=gdf.attrs.get("source", "<layer>"),
        )
    if gdf.crs.equals(HK1980):  # already there: no transform of every coordinate
        return gdf.copy(deep=False)
    return gdf.to_crs(HK1980)


def area_m2(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each feature in square metres, measured in HK1980 Grid (EPSG:2326).

    Parameters
    ----------
    gdf
        Features in any CRS (not modified); lines and points measure 0.

    Returns
    -------
    pandas.Series
        Named ``"area_m2"``, on the same index as ``gdf``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> plot = gpd.GeoDataFrame(geometry=[box(833000, 842000, 833100, 842100)], crs=HK1980)
    >>> area_m2(plot.to_crs(WGS84)).round(3).tolist()
    [10000.0]
    """
    geoms = to_hk1980(gdf)
    area = geoms.geometry.area if isinstance(geoms, gpd.GeoDataFrame) else geoms.area
    return pd.Series(area.to_numpy(), index=gdf.index, name="area_m2")


def describe_layer(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """Summarise a layer for ``technopole layers show``.

    Returns
    -------
    dict
        ``features``; ``columns`` (attributes); ``geometry_types`` (type -> count); ``crs``
        (e.g. ``"EPSG:2326"``, None if absent); ``area_m2`` and ``area_ha`` (total, measured in
        HK1980 Grid); ``bounds_wgs84`` (min lon, min lat, max lon, max lat). Figures that need a
        CRS or features are None without them.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> plot = gpd.GeoDataFrame(geometry=[box(833000, 842000, 833100, 842100)], crs=HK1980)
    >>> info = describe_layer(plot)
    >>> info["features"], info["crs"], info["area_ha"], info["geometry_types"]
    (1, 'EPSG:2326', 1.0, {'Polygon': 1})
    """
    types = gdf.geometry.geom_type.value_counts(dropna=True)
    info: dict[str, Any] = {
        "features": len(gdf),
        "columns": [str(c) for c in gdf.columns if c != gdf.geometry.name],
        "geometry_types": {str(t): int(n) for t, n in sorted(types.items())},
        "crs": crs_label(gdf.crs),
        "area_m2": None,
        "area_ha": None,
        "bounds_wgs84": None,
    }
    if gdf.crs is None or len(gdf) == 0:
        return info
    total = float(area_m2(gdf).sum())
    info.update(area_m2=total, area_ha=total / 10_000)
    bounds = gdf.geometry.total_bounds
    if all(math.isfinite(v) for v in bounds):
        if not gdf.crs.equals(WGS84):  # the box, densified, not every feature reprojected
            from pyproj import Transformer

            to_wgs84 = Transformer.from_crs(gdf.crs, WGS84, always_xy=True)
            west, south, east, north = (float(v) for v in bounds)
            bounds = to_wgs84.transform_bounds(west, south, east, north, densify_pts=21)
        info["bounds_wgs84"] = tuple(round(float(v), 7) for v in bounds)
    return info


# ----------------------------------------------------------------------------- writing


def write_layer(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    layer: str | None = None,
    crs: Any = None,
    force: bool = True,
    precision: int | None = None,
) -> Path:
    """Write a layer atomically, in the format its extension names.

    Parameters
    ----------
    gdf
        The features (not modified). They must have a CRS.
    path
        Target file; same extensions as :func:`read_layer`. ``.shp`` writes the Shapefile set
        (``.shp``, ``.shx``, ``.dbf``, ``.prj``, ``.cpg``); ``.zip`` / ``.shp.zip`` a zip of it.
    layer
        Layer name inside the file (default: the file name without extension). Writing to an
        existing GeoPackage replaces that layer and keeps the others, as GeoPandas does.
    crs
        Reproject to this CRS first. GeoJSON is always EPSG:4326 (RFC 7946).
    force
        When False, refuse to replace an existing file.
    precision
        Decimals kept in coordinates (default 7 for GeoJSON, about 1 cm; none elsewhere).
        Coordinates are rounded one by one, so edges shared by neighbours stay shared; a
        geometry made invalid by rounding is repaired.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    OutputError
        Unknown extension, a GeoJSON CRS other than EPSG:4326, an existing target with
        ``force=False``, or a missing folder. A failed write leaves the old file as it was and
        no temporary file behind. A Shapefile set is written completely in a temporary folder,
        then each file is moved in.
    LayerError
        If ``gdf`` has no CRS, or the format cannot hold it (GDAL's reason).
    """
    target = Path(path)
    fmt = format_of(target)
    if fmt is None:
        raise OutputError(
            f"{target}: unknown file type ({target.suffix or 'no extension'}); "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if fmt == "GeoParquet" and layer is not None:
        raise OutputError(f"{target}: GeoParquet files have no layers; drop layer '{layer}'")
    if fmt == "GeoJSON" and precision is None:
        precision = 7
    out = prepare(gdf, target, fmt, crs, precision)
    name = layer or file_stem(target)
    if fmt == "Shapefile":
        write_shapefile(out, target, force)
    elif fmt == "zipped Shapefile":
        with (
            atomic_path(target, force=force) as tmp,
            temp_shapefile(out, target) as written,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            when = (output_date() or FIXED_DATE).timetuple()[:6]  # no clock in the bytes
            for part in written:
                entry = zipfile.ZipInfo(part.name, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
                archive.writestr(entry, part.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    else:
        with atomic_path(target, force=force) as tmp:
            if fmt == "GeoParquet":
                out.to_parquet(tmp)
            else:
                if fmt == "GeoPackage" and target.exists():
                    shutil.copy2(target, tmp)  # keep its other layers
                ogr_write(out, tmp, fmt, name, target, precision)
    return target
