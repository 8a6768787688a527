"""Cloud-Optimised GeoTIFFs written window by window, and a check that a file is one.

A grid is filled one 512 × 512 block at a time (``fill(window) -> (bands, rows, cols)``), so a
territory-wide extent never holds the whole grid in memory: the blocks go to a tiled GeoTIFF,
which GDAL's COG driver then copies with its overviews (built block by block too).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gis.errors import InputError
from gis.fs import atomic_path
from gis.io.layers import HK1980
from gis.io.raster import geotiff_target

__all__ = ["BLOCK", "NODATA", "Band", "Grid", "cog_problems", "write_cog"]

BLOCK = 512
NODATA = -9999.0
CACHE_MB = 64  # GDAL's block cache while writing, MB
MAX_CELLS = 4_000_000_000  # a 5 m grid of all Hong Kong (60 × 40 km) is 96 million cells


@dataclass(frozen=True)
class Band:
    """One band: its ``name`` (the band description), ``units`` and free ``tags``."""

    name: str
    units: str = ""
    tags: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Grid:
    """A north-up grid in ``crs``: origin ``(x0, y1)`` (top left), cell size, rows × cols."""

    x0: float
    y1: float
    resolution_m: float
    width: int
    height: int
    crs: str = HK1980

    @classmethod
    def covering(cls, bounds: Sequence[float], resolution_m: float, crs: str = HK1980) -> Grid:
        """The grid of ``resolution_m`` cells, aligned on multiples of it, covering ``bounds``.

        Parameters
        ----------
        bounds
            ``(xmin, ymin, xmax, ymax)`` in ``crs``.
        resolution_m
            Cell size (> 0).
        crs
            The grid's CRS.

        Returns
        -------
        Grid

        Raises
        ------
        InputError
            A resolution that is not a positive number, or a grid over :data:`MAX_CELLS`.
        """
        if not np.isfinite(resolution_m) or resolution_m <= 0:
            raise InputError(f"--res must be a positive number of metres, got {resolution_m:g}")
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
        if not all(np.isfinite([xmin, ymin, xmax, ymax])):
            raise InputError("no features with a geometry to rasterise")
        x0 = np.floor(xmin / resolution_m) * resolution_m
        y1 = np.ceil(ymax / resolution_m) * resolution_m
        width = max(int(np.ceil((xmax - x0) / resolution_m)), 1)
        height = max(int(np.ceil((y1 - ymin) / resolution_m)), 1)
        if width * height > MAX_CELLS:
            raise InputError(
                f"a {resolution_m:g} m grid over this extent has {width} x {height} cells; "
                "choose a coarser --res"
            )
        return cls(float(x0), float(y1), float(resolution_m), width, height, crs)

    @property
    def transform(self) -> Any:
        """The affine transform of the grid."""
        from affine import Affine

        r = self.resolution_m
        return Affine(r, 0.0, self.x0, 0.0, -r, self.y1)

    @property
    def cell_area_m2(self) -> float:
        """Area of one cell (in the CRS's units squared)."""
        return self.resolution_m**2

    def windows(self) -> Iterator[Any]:
        """The :data:`BLOCK` × :data:`BLOCK` windows of the grid, row by row."""
        from rasterio.windows import Window

        for row in range(0, self.height, BLOCK):
            for col in range(0, self.width, BLOCK):
                yield Window(col, row, min(BLOCK, self.width - col), min(BLOCK, self.height - row))


def write_cog(
    path: str | os.PathLike[str],
    grid: Grid,
    bands: Sequence[Band],
    fill: Callable[[Any], np.ndarray],
    *,
    dtype: str = "float32",
    nodata: float = NODATA,
    tags: Mapping[str, str] | None = None,
    colormap: Mapping[int, tuple[int, int, int, int]] | None = None,
    categorical: bool = False,
    force: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write a Cloud-Optimised GeoTIFF, filling it one block at a time (atomically).

    Parameters
    ----------
    path
        A ``.tif`` or ``.tiff`` file.
    grid
        The grid.
    bands
        Name, units and tags of each band.
    fill
        ``fill(window)`` returns the ``(len(bands), rows, cols)`` values of one window.
    dtype, nodata
        Cell type and the value of cells without data.
    tags
        Dataset metadata (source, assumptions, ...).
    colormap
        A colour table for band 1 (categorical rasters).
    categorical
        Overviews by the most frequent value (``mode``) instead of the mean.
    force
        Replace an existing file.
    progress
        ``progress(done, total)`` after each block.

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
    import rasterio.shutil

    target = geotiff_target(path)
    profile = {
        "driver": "GTiff",
        "width": grid.width,
        "height": grid.height,
        "count": len(bands),
        "dtype": dtype,
        "crs": grid.crs,
        "transform": grid.transform,
        "nodata": nodata,
        "tiled": True,
        "blockxsize": BLOCK,
        "blockysize": BLOCK,
        "compress": "deflate",
        "BIGTIFF": "IF_SAFER",
    }
    windows = list(grid.windows())
    folder = target.parent if target.parent.is_dir() else None
    # GDAL's block cache (by default 5 % of the RAM) would otherwise keep the written blocks
    with rasterio.Env(GDAL_CACHEMAX=CACHE_MB), tempfile.TemporaryDirectory(dir=folder) as d:
        tiled = Path(d) / "tiled.tif"
        with rasterio.open(tiled, "w", **profile) as dst:
            for i, band in enumerate(bands, start=1):
                dst.set_band_description(i, band.name)
                dst.update_tags(i, units=band.units, **dict(band.tags))
            dst.units = tuple(b.units for b in bands)
            dst.update_tags(generator="technopole", **dict(tags or {}))
            if colormap:
                dst.write_colormap(1, dict(colormap))
            for done, window in enumerate(windows, start=1):
                dst.write(np.asarray(fill(window), dtype=dtype), window=window)
                if progress is not None:
                    progress(done, len(windows))
        with atomic_path(target, force=force) as tmp:
            rasterio.shutil.copy(
                tiled,
                tmp,
                driver="COG",
                compress="DEFLATE",
                blocksize=BLOCK,
                overview_resampling="mode" if categorical else "average",
                BIGTIFF="IF_SAFER",
            )
    return target


def cog_problems(path: str | os.PathLike[str]) -> list[str]:
    """Why a file is not a Cloud-Optimised GeoTIFF (empty when it is one).

    Checked with GDAL: a tiled GeoTIFF, with overviews when larger than one block, tiled
    overviews, every IFD (image directory) before the image data, and the data of the smallest
    overview before that of the full-resolution image.

    Parameters
    ----------
    path
        A GeoTIFF.

    Returns
    -------
    list of str
        One line per problem.
    """
    import rasterio

    problems: list[str] = []
    with rasterio.open(path) as src:
        if src.driver != "GTiff":
            return [f"driver is {src.driver}, not GTiff"]
        if not src.profile.get("tiled"):
            problems.append("not tiled")
        overviews = src.overviews(1)
        if max(src.width, src.height) > BLOCK and not overviews:
            problems.append("no overviews")

        def item(name: str, ovr: int | None = None) -> int:
            value = src.get_tag_item(name, "TIFF", bidx=1, ovr=ovr)
            return int(value) if value else 0

        ifds = [item("IFD_OFFSET")] + [item("IFD_OFFSET", i) for i in range(len(overviews))]
        data = [item("BLOCK_OFFSET_0_0")] + [
            item("BLOCK_OFFSET_0_0", i) for i in range(len(overviews))
        ]
        if data and any(o for o in data) and max(ifds) > min(o for o in data if o):
            problems.append("an IFD comes after image data (not a COG layout)")
        if overviews and data[-1] and data[0] and data[-1] > data[0]:
            problems.append("the smallest overview's data comes after the full image's")
        if src.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") != "COG":
            problems.append("GDAL does not report LAYOUT=COG")
    return problems
