"""Rasters: burn a layer attribute (height limits, capacity, ...) into a GeoTIFF grid.

Planners feed height envelopes to 3D and view-shed tools as rasters. The grid is in HK1980
Grid (EPSG:2326) metres, so a cell is ``resolution_m`` × ``resolution_m`` on the ground.
rasterio is imported here only, never on the ``validate`` path.

>>> import gis
>>> grid = gis.rasterize_layer(gis.load_layer("loop.height_bands"), "height_mpd", 10.0)
>>> int(grid.values.max())
208
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.errors import InputError, LayerError
from gis.fs import atomic_path
from gis.io.layers import HK1980

if TYPE_CHECKING:
    import geopandas as gpd

NODATA = -9999.0


@dataclass
class RasterGrid:
    """A single-band raster in memory: ``values[row, col]``, its affine ``transform`` and CRS."""

    values: np.ndarray
    transform: Any
    crs: str = HK1980
    nodata: float = NODATA
    field: str = ""

    @property
    def cell_area_m2(self) -> float:
        """Area of one cell, m²."""
        return abs(self.transform.a * self.transform.e)

    def covered_area_m2(self) -> float:
        """Area of the cells that hold data."""
        return float((self.values != self.nodata).sum()) * self.cell_area_m2


def rasterize_layer(
    gdf: gpd.GeoDataFrame,
    field: str,
    resolution_m: float = 5.0,
    *,
    all_touched: bool = False,
    merge: str = "max",
) -> RasterGrid:
    """Burn ``gdf[field]`` into a grid of ``resolution_m`` metres in EPSG:2326.

    Parameters
    ----------
    gdf
        Polygons with a numeric ``field``.
    field
        The attribute to burn, e.g. ``"height_mpd"``.
    resolution_m
        Cell size in metres (> 0).
    all_touched
        Burn every cell a polygon touches (default: cells whose centre is inside).
    merge
        Where polygons overlap keep the ``"max"`` (a height envelope) or the ``"last"`` value.

    Returns
    -------
    RasterGrid
    """
    from affine import Affine
    from rasterio import features

    if field not in gdf.columns:
        raise LayerError(
            f"has no attribute '{field}'; attributes: "
            f"{', '.join(c for c in gdf.columns if c != 'geometry')}",
            source=gdf.attrs.get("name") or gdf.attrs.get("source"),
        )
    if not np.isfinite(resolution_m) or resolution_m <= 0:  # NaN would pass "<= 0"
        raise InputError(f"resolution must be a positive number of metres, got {resolution_m}")
    values = gdf[field]
    try:
        values = values.astype(float)
    except (TypeError, ValueError):
        raise LayerError(
            f"attribute '{field}' is not numeric",
            source=gdf.attrs.get("name") or gdf.attrs.get("source"),
        ) from None
    g = gdf.to_crs(HK1980)
    xmin, ymin, xmax, ymax = g.total_bounds
    x0 = np.floor(xmin / resolution_m) * resolution_m
    y1 = np.ceil(ymax / resolution_m) * resolution_m
    width = int(np.ceil((xmax - x0) / resolution_m))
    height = int(np.ceil((y1 - ymin) / resolution_m))
    if width * height > 200_000_000:
        raise InputError(
            f"a {resolution_m} m grid over this layer has {width} x {height} cells; "
            "choose a coarser resolution"
        )
    transform = Affine(resolution_m, 0.0, x0, 0.0, -resolution_m, y1)
    order = np.argsort(values.to_numpy()) if merge == "max" else np.arange(len(g))
    shapes = (
        (geom, float(v))
        for geom, v in zip(g.geometry.values[order], values.to_numpy()[order], strict=True)
        if geom is not None and np.isfinite(v)
    )
    arr = features.rasterize(
        shapes,
        out_shape=(height, width),
        transform=transform,
        fill=NODATA,
        all_touched=all_touched,
        dtype="float32",
    )
    return RasterGrid(values=arr, transform=transform, field=field)


def write_geotiff(grid: RasterGrid, path: str | os.PathLike[str], *, force: bool = True) -> Path:
    """Write ``grid`` as a compressed, tiled GeoTIFF (atomically).

    Parameters
    ----------
    grid
        The raster.
    path
        A ``.tif`` or ``.tiff`` file.
    force
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        Not a ``.tif``/``.tiff`` name; OutputError when the file exists and ``force`` is False.
    """
    import rasterio

    target = geotiff_target(path)
    profile = {
        "driver": "GTiff",
        "width": grid.values.shape[1],
        "height": grid.values.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": grid.crs,
        "transform": grid.transform,
        "nodata": grid.nodata,
        "compress": "deflate",
    }
    with atomic_path(target, force=force) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        dst.write(grid.values, 1)
        dst.set_band_description(1, grid.field)
        dst.update_tags(
            field=grid.field,
            units="mPD" if grid.field == "height_mpd" else "",
            generator="technopole",
        )
    return target


def geotiff_target(path: str | os.PathLike[str]) -> Path:
    """``path`` as a GeoTIFF to write: a ``.tif`` or ``.tiff`` name, else an InputError."""
    target = Path(path)
    if target.suffix.lower() not in (".tif", ".tiff"):
        raise InputError(f"{target}: a raster is written as GeoTIFF (.tif or .tiff)")
    return target


def read_geotiff(path: str | os.PathLike[str]) -> RasterGrid:
    """Read band 1 of a GeoTIFF back into a :class:`RasterGrid`.

    Parameters
    ----------
    path
        A GeoTIFF.

    Returns
    -------
    RasterGrid

    Raises
    ------
    InputError
        A missing or unreadable file.
    """
    import rasterio
    from rasterio.errors import RasterioIOError

    p = Path(path)
    if not p.exists():
        raise InputError("file not found", source=p)
    try:
        with rasterio.open(p) as src:
            return RasterGrid(
                values=src.read(1),
                transform=src.transform,
                crs=src.crs.to_string() if src.crs else "",
                nodata=src.nodata if src.nodata is not None else NODATA,
                field=src.tags().get("field", ""),
            )
    except RasterioIOError as exc:
        raise InputError(f"not a readable raster ({str(exc).splitlines()[0]})", source=p) from None
