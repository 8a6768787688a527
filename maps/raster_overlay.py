"""Rasters on the folium maps: a user surface (terrain, flood depth, the envelope storeys) as an
image overlay, reprojected to Web Mercator for display, coloured, with a legend (units) and an
opacity slider. The image is a PNG data URI inside the page: no tiles, no network.

A categorical raster keeps its own colour table (``technopole raster rasterize`` writes one,
with its ``code_N`` labels); a numeric one is coloured from its minimum to its maximum.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._escape import esc

__all__ = ["add_raster_overlays", "raster_image"]

#: The Leaflet pane of the overlays: above the zones' fills, under their tooltips.
PANE = "technopole-rasters"

#: Longest side of the overlay image, in pixels (a larger raster is resampled for display).
MAX_PX = 2048


def raster_image(
    path: str | os.PathLike[str], *, band: int = 1, crs: str | None = None, cmap: str = "viridis"
) -> dict[str, Any]:
    """A raster as an RGBA image in Web Mercator, its lat/lon bounds and its legend entries.

    Parameters
    ----------
    path
        A raster file GDAL reads, with a CRS (or ``crs`` for one without).
    band
        The band shown.
    crs
        CRS to assume when the file declares none.
    cmap
        matplotlib colour map of a numeric raster.

    Returns
    -------
    dict
        ``image`` (rows, cols, 4) uint8, ``bounds`` ``[[south, west], [north, east]]``, ``name``,
        ``units``, and ``ramp`` (colours, low, high) or ``classes`` (label, colour) pairs.

    Raises
    ------
    gis.errors.InputError
        A missing or corrupt file, no CRS, or a raster with no data.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT
    from rasterio.warp import transform_bounds

    from gis.errors import InputError
    from gis.rasters import open_raster

    with open_raster(path, crs=crs) as src:
        if not 1 <= band <= src.count:
            raise InputError(f"has {src.count} band(s), no band {band}", source=Path(path))
        try:
            colours = src.colormap(band)
        except ValueError:
            colours = None
        scale = max(1.0, max(src.width, src.height) / MAX_PX)
        with WarpedVRT(
            src,
            crs="EPSG:3857",
            resampling=Resampling.nearest if colours else Resampling.bilinear,
            src_crs=src.crs,
        ) as vrt:
            shape = (max(1, round(vrt.height / scale)), max(1, round(vrt.width / scale)))
            data = vrt.read(band, out_shape=shape, masked=True)
            west, south, east, north = transform_bounds(vrt.crs, "EPSG:4326", *vrt.bounds)
        name = src.descriptions[band - 1] or Path(path).stem
        units = (src.units[band - 1] if src.units else "") or src.tags(band).get("units", "")
        tags = src.tags()
    valid = ~np.ma.getmaskarray(data)
    if not valid.any():
        raise InputError("the raster holds no data to draw", source=Path(path))
    image = np.zeros((*data.shape, 4), dtype=np.uint8)
    out: dict[str, Any] = {"bounds": [[south, west], [north, east]], "name": name, "units": units}
    values = np.asarray(data.filled(0))
    if colours:
        codes = sorted({int(v) for v in np.unique(values[valid])})
        for code in codes:
            image[(values == code) & valid] = colours.get(code, (128, 128, 128, 255))
        image[..., 3] = np.where(valid, 255, 0)
        out["classes"] = [
            (tags.get(f"code_{c}", str(c)), _hex(colours.get(c, (128, 128, 128)))) for c in codes
        ]
    else:
        low, high = float(values[valid].min()), float(values[valid].max())
        norm = (values - low) / (high - low) if high > low else np.zeros_like(values, float)
        ramp = colormaps[cmap]
        image[:] = (ramp(np.clip(norm, 0, 1)) * 255).astype(np.uint8)
        image[..., 3] = np.where(valid, 255, 0)
        stops = [ramp(i / 4) for i in range(5)]
        out["ramp"] = (
            [to_hex(s) for s in stops],
            low,
            high,
        )
    out["image"] = image
    return out


def _hex(rgb: Sequence[int]) -> str:
    """``#rrggbb`` of 0-255 channels."""
    return "#" + "".join(f"{int(v):02x}" for v in rgb[:3])


def _legend_html(info: dict[str, Any], overlay: str, opacity: float) -> str:
    """The overlay's legend box: name, units, colours and an opacity slider (all escaped)."""
    units = f" ({esc(info['units'])})" if info["units"] else ""
    rows = [f"<b>{esc(info['name'])}</b>{units}"]
    if "ramp" in info:
        colours, low, high = info["ramp"]
        rows.append(
            f'<div style="height:10px;border:1px solid #999;background:linear-gradient('
            f'to right,{",".join(colours)})"></div>'
            f'<div style="display:flex;justify-content:space-between">'
            f"<span>{esc(f'{low:,.4g}')}</span><span>{esc(f'{high:,.4g}')}</span></div>"
        )
    else:
        rows += [
            f'<div><i style="display:inline-block;width:14px;height:10px;background:{c};'
            f'margin-right:5px"></i>{esc(label)}</div>'
            for label, c in info["classes"][:20]
        ]
    rows.append(
        '<label>opacity / 不透明度 <input type="range" min="0" max="100" '
        f'value="{round(100 * opacity)}" oninput="{overlay}.setOpacity(this.value / 100)">'
        "</label>"
    )
    return (
        '<div class="tp-raster-legend" style="background:rgba(255,255,255,.94);padding:6px 10px;'
        'border-radius:5px;font:12px sans-serif;margin-top:4px">' + "".join(rows) + "</div>"
    )


def add_raster_overlays(
    m: Any,
    rasters: Sequence[str | os.PathLike[str]],
    *,
    opacity: float = 0.7,
    crs: str | None = None,
    within: Sequence[float] | None = None,
) -> list[Any]:
    """Add each raster as an image overlay with its legend and opacity slider.

    Parameters
    ----------
    m
        A folium map.
    rasters
        Raster files (``map --raster``).
    opacity
        Initial opacity (0-1).
    crs
        CRS to assume for a raster that declares none.
    within
        ``(west, south, east, north)`` in degrees of what the map shows: a raster entirely
        outside it is refused (one line).

    Returns
    -------
    list
        The ``folium.raster_layers.ImageOverlay`` added.

    Raises
    ------
    gis.errors.InputError
        A raster that cannot be read or does not overlap the map's layers.
    """
    import branca
    import folium

    from gis.errors import InputError

    added = []
    boxes = []
    if rasters:  # above the zones; clicks and hovers go through to them
        folium.map.CustomPane(PANE, z_index=450, pointer_events=False).add_to(m)
    for path in rasters:
        info = raster_image(path, crs=crs)
        (south, west), (north, east) = info["bounds"]
        if within is not None and (
            west > within[2] or east < within[0] or south > within[3] or north < within[1]
        ):
            raise InputError("the raster does not overlap the map's layers", source=Path(path))
        overlay = folium.raster_layers.ImageOverlay(
            image=info["image"],
            bounds=info["bounds"],
            opacity=opacity,
            name=esc(f"{info['name']} ({Path(path).name})"),
            interactive=False,
            pane=PANE,
        )
        overlay.add_to(m)
        boxes.append(_legend_html(info, overlay.get_name(), opacity))
        added.append(overlay)
    for key, child in list(m._children.items()):  # noqa: SLF001 - branca keeps children in order
        if isinstance(child, folium.LayerControl):  # the control lists what comes before it
            m._children.move_to_end(key)  # noqa: SLF001
    if boxes:
        legend = branca.element.MacroElement()
        legend._template = branca.element.Template(  # noqa: SLF001 - branca's documented idiom
            "{% macro html(this, kwargs) %}"
            '<div style="position:fixed;left:10px;bottom:30px;z-index:900;max-width:260px">'
            + "".join(boxes).replace("{", "&#123;").replace("}", "&#125;")
            + "</div>{% endmacro %}"
        )
        m.get_root().add_child(legend)
    return added
