"""Files in and out: vector layers (pyogrio/GDAL), rasters (rasterio), safe YAML, style files.

- :mod:`~gis.io.layers`: read and write layers, HK1980 reprojection, areas in m²
- :mod:`~gis.io.drivers`, :mod:`~gis.io.checks`, :mod:`~gis.io.crs`: the readers' formats,
  their pre-flight checks and CRS guessing
- :mod:`~gis.io.raster`: GeoTIFF writing and reading, rasterising an attribute
- :mod:`~gis.io.yaml_lines`, :mod:`~gis.io.schema_messages`: YAML with line numbers and
  one-line JSON-Schema messages (scenario and style files)
- :mod:`~gis.io.styles`: map style files (the maps apply them)
- :mod:`~gis.io.repair`: invalid polygons of official data repaired, and what changed
"""

from __future__ import annotations

from gis.io.layers import (
    HK1980,
    SUPPORTED_SUFFIXES,
    WGS84,
    area_m2,
    describe_layer,
    read_layer,
    to_hk1980,
    write_layer,
)
from gis.io.raster import RasterGrid, rasterize_layer, read_geotiff, write_geotiff
from gis.io.repair import describe_repairs, repair_polygons, repairs_note
from gis.io.styles import StyleDocument, check_style, read_style

__all__ = [
    "HK1980",
    "RasterGrid",
    "SUPPORTED_SUFFIXES",
    "StyleDocument",
    "WGS84",
    "area_m2",
    "check_style",
    "describe_layer",
    "describe_repairs",
    "rasterize_layer",
    "read_geotiff",
    "read_layer",
    "read_style",
    "repair_polygons",
    "repairs_note",
    "to_hk1980",
    "write_geotiff",
    "write_layer",
]
