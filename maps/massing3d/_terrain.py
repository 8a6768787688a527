"""A hillshade of a user's terrain model, to lie under the massing layers.

The terrain (band 1 of any raster GDAL reads) is read with rasterio at most :data:`MAX_CELLS`
cells a side, shaded with numpy (the usual slope/aspect formula, sun from the north-west at 45°),
warped to EPSG:4326 with :func:`rasterio.warp.reproject` and encoded as a PNG by GDAL's PNG
driver (nodata transparent). The page shows it as a MapLibre image source: a ``data:`` URI, no
request. Bad terrain is refused in one line: no CRS (unless ``crs`` is given), a CRS other than
EPSG:2326 (unless reprojection is allowed), a file GDAL cannot read, or no overlap with the site.
"""

from __future__ import annotations

import base64
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gis.errors import InputError

__all__ = ["MAX_CELLS", "Hillshade", "hillshade"]

MAX_CELLS = 2048
PROJECT_CRS = "EPSG:2326"


@dataclass(frozen=True)
class Hillshade:
    """A hillshade image and the corners it covers (lon, lat: NW, NE, SE, SW)."""

    png: bytes
    coordinates: list[list[float]]
    source: str

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _shade(z: np.ndarray, dx: float, dy: float) -> np.ndarray:
    """Hillshade 0-1 of an elevation grid (rows north to south), sun azimuth 315°, altitude 45°."""
    gy, gx = np.gradient(z, dy, dx)
    slope = np.arctan(np.hypot(gx, gy))
    aspect = np.arctan2(-gx, gy)
    azimuth, altitude = np.radians(315.0), np.radians(45.0)
    shade = np.sin(altitude) * np.cos(slope) + np.cos(altitude) * np.sin(slope) * np.cos(
        azimuth - np.pi / 2 - aspect
    )
    return np.clip(shade, 0.0, 1.0)


def hillshade(
    path: str | os.PathLike[str],
    site_bounds_2326: tuple[float, float, float, float],
    *,
    crs: str | None = None,
    reproject: bool = False,
) -> Hillshade:
    """Read a terrain model and shade it (see the module's docstring).

    Parameters
    ----------
    path
        The terrain raster (GeoTIFF or any format GDAL reads); elevations in metres.
    site_bounds_2326
        Bounds of the drawn site in EPSG:2326; a terrain not overlapping them is refused.
    crs
        CRS to assume when the file declares none (``--terrain-crs``).
    reproject
        Accept a terrain in a CRS other than EPSG:2326 and reproject it (``--reproject-terrain``).
    """
    import rasterio
    from rasterio.crs import CRS
    from rasterio.enums import Resampling
    from rasterio.errors import RasterioIOError
    from rasterio.transform import Affine
    from rasterio.warp import transform_bounds

    p = Path(path)
    if not p.is_file():
        raise InputError("terrain file not found (--terrain)", source=p)
    try:
        with rasterio.open(p) as src:
            src_crs = src.crs or (CRS.from_user_input(crs) if crs else None)
            if src_crs is None:
                raise InputError(
                    "the terrain declares no CRS: give it with --terrain-crs EPSG:2326", source=p
                )
            if src_crs != CRS.from_user_input(PROJECT_CRS) and not reproject:
                raise InputError(
                    f"the terrain is in {src_crs.to_string()}, not EPSG:2326: "
                    "pass --reproject-terrain to reproject it",
                    source=p,
                )
            step = max(1, int(np.ceil(max(src.width, src.height) / MAX_CELLS)))
            shape = (max(1, src.height // step), max(1, src.width // step))
            z = src.read(1, out_shape=shape, masked=True, resampling=Resampling.average)
            transform = src.transform @ Affine.scale(src.width / shape[1], src.height / shape[0])
            bounds = transform_bounds(src_crs, PROJECT_CRS, *src.bounds)
    except RasterioIOError as exc:
        raise InputError(
            f"not a readable terrain raster ({str(exc).splitlines()[0]})", source=p
        ) from None
    if not _overlaps(bounds, site_bounds_2326):
        raise InputError("the terrain does not overlap the site drawn (--terrain)", source=p)
    if z.mask.all():
        raise InputError("the terrain has only nodata cells", source=p)
    return _to_image(z, transform, src_crs, p)


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _to_image(z: Any, transform: Any, src_crs: Any, path: Path) -> Hillshade:
    """Warp the terrain to EPSG:2326 (metres) if needed, shade it, warp to EPSG:4326, PNG."""
    from rasterio.crs import CRS

    values = z.astype("float64").filled(np.nan)
    if src_crs != CRS.from_user_input(PROJECT_CRS):
        values, transform = _warp(values, transform, src_crs, PROJECT_CRS)
    shade = _shade(values, abs(transform.a), abs(transform.e))
    shade[np.isnan(values)] = np.nan
    out, dst_t = _warp(shade, transform, PROJECT_CRS, "EPSG:4326")
    dh, dw = out.shape
    w4, n4 = dst_t.c, dst_t.f
    e4, s4 = w4 + dw * dst_t.a, n4 + dh * dst_t.e
    corners = [[w4, n4], [e4, n4], [e4, s4], [w4, s4]]
    return Hillshade(png=_png(out), coordinates=corners, source=path.name)


def _warp(values: np.ndarray, transform: Any, src_crs: Any, dst_crs: str) -> tuple[Any, Any]:
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    h, w = values.shape
    left, top = transform.c, transform.f
    right, bottom = left + w * transform.a, top + h * transform.e
    dst_t, dw, dh = calculate_default_transform(src_crs, dst_crs, w, h, left, bottom, right, top)
    out = np.full((dh, dw), np.nan)
    reproject(
        values,
        out,
        src_transform=transform,
        src_crs=src_crs,
        dst_transform=dst_t,
        dst_crs=dst_crs,
        src_nodata=np.nan,
        dst_nodata=np.nan,
        resampling=Resampling.bilinear,
    )
    return out, dst_t


def _png(shade: np.ndarray) -> bytes:
    """Grey with alpha (nodata transparent), written by GDAL's PNG driver in memory."""
    from rasterio.errors import NotGeoreferencedWarning
    from rasterio.io import MemoryFile

    valid = ~np.isnan(shade)
    grey = np.where(valid, np.round(np.nan_to_num(shade) * 255), 0).astype("uint8")
    alpha = np.where(valid, 255, 0).astype("uint8")
    h, w = grey.shape
    with warnings.catch_warnings():  # a PNG has no georeferencing: the page places it
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with MemoryFile() as mem:
            with mem.open(driver="PNG", width=w, height=h, count=2, dtype="uint8") as dst:
                dst.write(np.stack([grey, alpha]))
            return bytes(mem.read())
