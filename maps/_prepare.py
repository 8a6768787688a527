"""Input handling for the maps: CRS, areas in EPSG:2326, simplification and coordinate precision."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import InputError, LayerError, TechnopoleWarning
from gis.io import HK1980, WGS84

AREA_COL = "_area_ha"


def to_wgs84(gdf: gpd.GeoDataFrame, key: str) -> gpd.GeoDataFrame:
    """The layer in EPSG:4326, without features whose geometry is missing or empty.

    Raises
    ------
    LayerError
        The layer is not a GeoDataFrame or has no CRS.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise LayerError(f"expected a GeoDataFrame, got {type(gdf).__name__}", source=key)
    if gdf.crs is None:
        raise LayerError("no CRS; expected EPSG:4326 (set it with .set_crs)", source=key)
    missing = gdf.geometry.isna() | gdf.geometry.is_empty
    if missing.any():
        where = ", ".join(str(i) for i in gdf.index[missing][:5])
        warnings.warn(
            f"{key}: {int(missing.sum())} feature(s) without geometry not drawn (index {where})",
            TechnopoleWarning,
            stacklevel=3,
        )
        gdf = gdf.loc[~missing]
    return gdf.to_crs(WGS84) if gdf.crs != WGS84 else gdf


def prepare_layer(
    gdf: gpd.GeoDataFrame, key: str, *, simplify_m: float | None = None
) -> gpd.GeoDataFrame:
    """A copy of the layer ready to draw: EPSG:4326, ``_area_ha`` (EPSG:2326), display geometry.

    The area always comes from the original geometry; ``simplify_m`` (metres, in EPSG:2326, topology
    preserved) changes only what is drawn. Coordinates are rounded when the layer is encoded
    (``_codec``).
    """
    gdf = to_wgs84(gdf, key)
    hk = gdf.geometry.to_crs(HK1980)
    out = gdf.copy()
    out[AREA_COL] = hk.area.to_numpy() / 10_000.0
    if simplify_m:
        out = out.set_geometry(hk.simplify(simplify_m, preserve_topology=True).to_crs(WGS84))
    return out


def check_size_options(simplify_m: float | None, precision: int) -> None:
    if simplify_m is not None and not simplify_m >= 0:
        raise InputError(
            f"expected a distance >= 0 in metres, got {simplify_m!r}", where="simplify_m"
        )
    # 10**9 units a degree keeps every coordinate an exact integer in a JavaScript number.
    if not isinstance(precision, (int, np.integer)) or not 0 <= precision <= 9:
        raise InputError(f"expected an integer from 0 to 9, got {precision!r}", where="precision")


def total_bounds(frames: Iterable[gpd.GeoDataFrame]) -> list[list[float]] | None:
    """[[south, west], [north, east]] over all non-empty frames (EPSG:4326), for fit_bounds."""
    boxes = [f.total_bounds for f in frames if len(f)]
    if not boxes:
        return None
    arr = np.array(boxes)
    return [
        [float(arr[:, 1].min()), float(arr[:, 0].min())],
        [float(arr[:, 3].max()), float(arr[:, 2].max())],
    ]


def validation_table(validation: Any) -> pd.DataFrame | None:
    """Per-zone validation results indexed by zone_id, from a DataFrame or a ValidationReport."""
    if validation is None:
        return None
    table = getattr(validation, "zones", validation)
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"expected a DataFrame indexed by zone_id or a ValidationReport, got "
            f"{type(validation).__name__}",
            where="validation",
        )
    if "zone_id" in table.columns:
        table = table.set_index("zone_id")
    table = table.copy()
    table.index = table.index.map(str)
    return table


def problems_frame(problems: Any) -> gpd.GeoDataFrame | None:
    """Overlap/gap geometries as a GeoDataFrame in EPSG:4326 with a ``kind`` column.

    ``problems`` may be a GeoDataFrame or GeoSeries (any CRS), or a list of shapely geometries. A
    bare list has no CRS: it is read as EPSG:4326 when every coordinate fits longitude/latitude and
    as HK1980 Grid (EPSG:2326, what overlap checks work in) otherwise.
    """
    if problems is None:
        return None
    if isinstance(problems, gpd.GeoSeries):
        problems = gpd.GeoDataFrame(geometry=problems)
    if not isinstance(problems, gpd.GeoDataFrame):
        geoms = list(problems.values() if isinstance(problems, Mapping) else problems)
        if not all(isinstance(g, shapely.Geometry) for g in geoms):
            raise InputError(
                "expected shapely geometries, a GeoSeries or a GeoDataFrame", where="problems"
            )
        series = gpd.GeoSeries(geoms)
        minx, miny, maxx, maxy = series.total_bounds if len(series) else (0, 0, 0, 0)
        lonlat = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
        problems = gpd.GeoDataFrame(geometry=series.set_crs(WGS84 if lonlat else HK1980))
    if problems.crs is None:
        raise LayerError("no CRS; expected EPSG:4326 or EPSG:2326", source="problems")
    if "kind" not in problems.columns:
        problems = problems.assign(kind="overlap")
    return problems
