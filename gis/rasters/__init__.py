"""Raster surfaces (rasterio, GDAL's COG driver, exactextract): any attribute or the envelope
burnt into a Cloud-Optimised GeoTIFF window by window, and zonal statistics of a user raster.

- :mod:`~gis.rasters.cog`: the windowed COG writer and :func:`cog_problems`
- :mod:`~gis.rasters.surfaces`: :func:`rasterize_attribute`, :func:`envelope_surface`
- :mod:`~gis.rasters.zonal`: :func:`zonal_stats` (cells weighted by the fraction covered)
- :mod:`~gis.rasters.constraint`: a raster as a site constraint of ``validate``
"""

from __future__ import annotations

from gis.rasters.cog import BLOCK, NODATA, Band, Grid, cog_problems, write_cog
from gis.rasters.constraint import RasterConstraint, constraint_checks
from gis.rasters.surfaces import (
    ZONE_FIGURES,
    SurfaceResult,
    envelope_surface,
    rasterize_attribute,
    with_zone_figures,
)
from gis.rasters.zonal import STATS, open_raster, surface_capacity_m2, zonal_stats

__all__ = [
    "BLOCK",
    "NODATA",
    "STATS",
    "ZONE_FIGURES",
    "Band",
    "Grid",
    "RasterConstraint",
    "SurfaceResult",
    "cog_problems",
    "constraint_checks",
    "envelope_surface",
    "open_raster",
    "rasterize_attribute",
    "surface_capacity_m2",
    "with_zone_figures",
    "write_cog",
    "zonal_stats",
]
