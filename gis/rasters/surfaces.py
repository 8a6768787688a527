"""Surfaces burnt from layers into Cloud-Optimised GeoTIFFs: any attribute, and the envelope.

Each 512 × 512 block rasterises only the polygons the spatial index finds in it, so memory
stays one block deep whatever the extent. A numeric attribute keeps the highest value where
polygons overlap (a height envelope); a text attribute becomes integer codes (1, 2, ... in sorted
order) with a colour table and the code → label table in the metadata (``code_1=...``); 0 is nodata.

The envelope surface has two bands: the whole storeys that fit under the height limit and the
limit itself (mPD), from the same pieces (zone ∩ height band) and the same storeys rule as
:func:`gis.build_envelope`, so the capacity measured on it agrees with ``validate``'s.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.errors import LayerError
from gis.io.layers import HK1980
from gis.planning import ENVELOPE_SOURCE, EnvelopeOptions, build_envelope
from gis.rasters.cog import NODATA, Band, Grid, write_cog

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "ZONE_FIGURES",
    "SurfaceResult",
    "envelope_surface",
    "rasterize_attribute",
    "with_zone_figures",
]

#: The per-zone figures of a validation report :func:`with_zone_figures` joins.
ZONE_FIGURES = (
    "gfa_m2",
    "utilisation",
    "implied_plot_ratio",
    "capacity_m2",
    "storeys_max",
    "height_mpd_max",
)

#: Colours of categorical codes (cycled): a qualitative palette readable on white.
PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
)

#: Units of the attributes technopole knows, for the band metadata.
UNITS = {
    "height_mpd": "mPD",
    "storeys": "storeys",
    "storeys_max": "storeys",
    "gfa_m2": "m2",
    "capacity_m2": "m2",
    "gfa_density": "m2 GFA per m2 of land",
    "plot_ratio": "ratio",
    "utilisation": "ratio (1 = at capacity)",
    "implied_plot_ratio": "m2 GFA per m2 of land",
    "height_mpd_max": "mPD",
    "site_coverage": "ratio",
}


@dataclass(frozen=True)
class SurfaceResult:
    """What was written: the file, its grid, band names and cells holding data."""

    path: Path
    grid: Grid
    bands: tuple[str, ...]
    cells_with_data: int
    labels: dict[int, str] | None = None

    @property
    def area_with_data_ha(self) -> float:
        """Land covered by cells holding data, ha."""
        return self.cells_with_data * self.grid.cell_area_m2 / 10_000.0


def _burner(
    g: gpd.GeoDataFrame, values: np.ndarray, grid: Grid, all_touched: bool, count: list[int]
) -> Callable[[Any], np.ndarray]:
    """``fill(window)`` burning ``values`` (``(bands, features)``, higher last) of ``g``."""
    from rasterio import features, windows
    from shapely.geometry import box

    tree = g.sindex
    geoms = g.geometry.values

    def fill(window: Any) -> np.ndarray:
        out = np.full((values.shape[0], int(window.height), int(window.width)), NODATA, "float32")
        transform = windows.transform(window, grid.transform)
        hits = np.sort(tree.query(box(*windows.bounds(window, grid.transform))))
        for b in range(values.shape[0]):
            shapes = [(geoms[i], float(values[b, i])) for i in hits if np.isfinite(values[b, i])]
            if shapes:
                out[b] = features.rasterize(
                    shapes,
                    out_shape=out.shape[1:],
                    transform=transform,
                    fill=NODATA,
                    all_touched=all_touched,
                    dtype="float32",
                )
        count[0] += int((out[0] != NODATA).sum())
        return out

    return fill


def _source(gdf: gpd.GeoDataFrame) -> str | None:
    return gdf.attrs.get("name") or gdf.attrs.get("source")


def with_zone_figures(gdf: gpd.GeoDataFrame, zones: Any) -> gpd.GeoDataFrame:
    """``gdf`` with a validation's figures per zone joined on ``zone_id``.

    Parameters
    ----------
    gdf
        Polygons with ``zone_id``.
    zones
        ``ValidationReport.zones`` (indexed by zone id).

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` plus :data:`ZONE_FIGURES` (those the report has; NaN for zones it lacks).

    Raises
    ------
    LayerError
        ``gdf`` without ``zone_id``.
    """
    if "zone_id" not in gdf:
        raise LayerError(
            "has no zone_id attribute to join validate's figures on (--with-validation)",
            source=_source(gdf),
        )
    figures = zones[[c for c in ZONE_FIGURES if c in zones]]
    keep = [c for c in gdf.columns if c not in figures.columns]
    out = gdf[keep].merge(figures, left_on="zone_id", right_index=True, how="left")
    out.attrs = dict(gdf.attrs)
    return out


def rasterize_attribute(
    gdf: gpd.GeoDataFrame,
    field: str,
    path: str | os.PathLike[str],
    resolution_m: float = 5.0,
    *,
    all_touched: bool = False,
    force: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SurfaceResult:
    """Burn ``gdf[field]`` into a Cloud-Optimised GeoTIFF in EPSG:2326.

    Parameters
    ----------
    gdf
        Polygons (any CRS; reprojected to EPSG:2326).
    field
        The attribute: numeric (highest value kept where polygons overlap) or text/categorical
        (integer codes 1..n in sorted label order, with a colour table and ``code_N`` labels).
    path
        The ``.tif`` to write.
    resolution_m
        Cell size in metres (default 5).
    all_touched
        Burn every cell a polygon touches (default: cells whose centre is inside).
    force
        Replace an existing file.
    progress
        ``progress(done, total)`` after each block.

    Returns
    -------
    SurfaceResult

    Raises
    ------
    LayerError
        No such attribute.
    """
    import pandas as pd

    if field not in gdf.columns:
        raise LayerError(
            f"has no attribute '{field}' (--field); attributes: "
            f"{', '.join(c for c in gdf.columns if c != 'geometry')}",
            source=_source(gdf),
        )
    g = gdf.to_crs(HK1980).reset_index(drop=True)
    grid = Grid.covering(g.total_bounds, resolution_m)
    column = g[field]
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    labels: dict[int, str] | None = None
    tags = {"field": field, "source": str(_source(gdf) or ""), "resolution_m": f"{resolution_m:g}"}
    if numeric:
        values = column.to_numpy(float)
        band = Band(field, UNITS.get(field, ""))
        colormap = None
    else:
        names = sorted({str(v) for v in column.dropna()})
        labels = {i: name for i, name in enumerate(names, start=1)}
        code = {name: i for i, name in labels.items()}
        values = np.array([code.get(str(v), np.nan) if pd.notna(v) else np.nan for v in column])
        band = Band(field, "code", {"labels": json.dumps(labels, ensure_ascii=False)})
        colormap = {i: (*PALETTE[(i - 1) % len(PALETTE)], 255) for i in labels}
        tags.update({f"code_{i}": name for i, name in labels.items()})
    order = np.argsort(np.nan_to_num(values, nan=-np.inf), kind="stable")
    g, values = g.iloc[order].reset_index(drop=True), values[order]
    count = [0]
    written = write_cog(
        path,
        grid,
        [band],
        _burner(g, values[None, :], grid, all_touched, count),
        dtype="float32" if numeric else "uint16",  # GeoTIFF colour tables: 8 or 16 bits
        nodata=NODATA if numeric else 0,
        tags=tags,
        colormap=colormap,
        categorical=not numeric,
        force=force,
        progress=progress,
    )
    return SurfaceResult(written, grid, (field,), count[0], labels)


def envelope_surface(
    zones: gpd.GeoDataFrame,
    bands: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    resolution_m: float = 5.0,
    *,
    options: EnvelopeOptions | None = None,
    force: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SurfaceResult:
    """Write the maximum storeys and maximum height (mPD) of the zones as a two-band COG.

    Each zone ∩ height band piece carries the storeys :func:`gis.build_envelope` gives its
    band (the band's ``storeys``, or the whole storeys under its ``height_mpd`` at the
    floor-to-floor height and ground level of ``options``) and the band's limit in mPD.
    Land outside every zone has no data.

    Parameters
    ----------
    zones, bands
        Zones (``zone_id``) and height bands (``height_mpd`` and/or ``storeys``).
    path
        The ``.tif`` to write.
    resolution_m
        Cell size in metres (default 5).
    options
        The envelope options validation uses (floor-to-floor height, ground level, caps).
    force
        Replace an existing file.
    progress
        ``progress(done, total)`` after each block.

    Returns
    -------
    SurfaceResult
    """
    import geopandas as gpd

    opts = options or EnvelopeOptions()
    env = build_envelope(zones, bands, options=opts)  # checks the layers the same way
    z = zones.to_crs(HK1980).reset_index(drop=True)
    b = bands.to_crs(HK1980).reset_index(drop=True)
    b = b.assign(
        _storeys=opts.storeys_of(b),
        _height=b["height_mpd"].to_numpy(float) if "height_mpd" in b else np.nan,
    )
    z = z.assign(_zone=[str(v) for v in z[opts.zone_field]])
    pieces = gpd.overlay(
        z[["_zone", "geometry"]],
        b[["_storeys", "_height", "geometry"]],
        how="intersection",
        keep_geom_type=True,
    )
    storeys = pieces["_storeys"].to_numpy(float).copy()
    height = pieces["_height"].to_numpy(float).copy()
    for caps, unit in ((opts.zone_height_mpd, "mpd"), (opts.zone_storeys, "storeys")):
        for zid, cap in (caps or {}).items():
            here = (pieces["_zone"] == zid).to_numpy()
            if unit == "mpd":
                height[here] = np.fmin(height[here], float(cap))
                storeys[here] = np.minimum(storeys[here], opts.storeys_at(float(cap)))
            else:
                storeys[here] = np.minimum(storeys[here], float(cap))
    order = np.argsort(storeys, kind="stable")
    pieces = pieces.iloc[order].reset_index(drop=True)
    values = np.vstack([storeys[order], height[order]])
    grid = Grid.covering(z.total_bounds, resolution_m)
    ftf = opts.floor_to_floor_m
    tags = {
        "source": ENVELOPE_SOURCE,
        "zones": str(_source(zones) or ""),
        "height_bands": str(_source(bands) or ""),
        "floor_to_floor_m": f"{ftf:g}" if ftf else "the bands' own storeys",
        "ground_mpd": f"{opts.ground_mpd:.2f} (assumption: one ground level for the site)",
        "resolution_m": f"{resolution_m:g}",
        "capacity_m2": f"{float(env.capacity_m2.sum()):.0f}",
    }
    count = [0]
    written = write_cog(
        path,
        grid,
        [Band("max_storeys", "storeys"), Band("max_height_mpd", "mPD")],
        _burner(pieces, values, grid, False, count),
        tags=tags,
        force=force,
        progress=progress,
    )
    return SurfaceResult(written, grid, ("max_storeys", "max_height_mpd"), count[0])
