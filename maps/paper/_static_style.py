"""A static map's layers drawn as a style file says (``maps._style_sheet``): colours,
opacity, outline and legend rows.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np

from .. import _style as st
from .. import _style_sheet as ss
from .._text import plain


def rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(colour, alpha)


def restyle_artist(artist: Any, spec: Any) -> None:
    """A drawn layer's artist (or legend handle) with the style's opacity, outline colour and
    width; a legend heading (no face, no edge) stays invisible.
    """
    if artist.get_gid() == "heading":
        return
    if "fill_opacity" in spec and hasattr(artist, "get_facecolor"):
        faces = np.array(artist.get_facecolor(), dtype=float, ndmin=2)
        if faces.size:
            faces[:, 3] = spec["fill_opacity"]
            artist.set_facecolor(faces if len(faces) > 1 else tuple(faces[0]))
    if "line_colour" in spec:
        (artist.set_edgecolor if hasattr(artist, "set_edgecolor") else artist.set_color)(
            spec["line_colour"]
        )
    if "line_width" in spec:
        artist.set_linewidth(spec["line_width"] * 0.6)


def draw_styled(ax: Any, gdf: gpd.GeoDataFrame, name: str, spec: Any) -> list[Any]:
    """A layer drawn as its style file says: colours, opacity, outline; its legend rows."""
    from matplotlib.patches import Patch

    colour_of = ss.colour_of(spec, ss.value_range(spec, gdf))
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    styles = [ss.leaflet_style(spec, st.neutral_outline(), colour_of(r)) for r in records]
    faces = [rgba(s["fillColor"], s["fillOpacity"]) for s in styles]
    edges = [s["color"] for s in styles]
    gdf.plot(ax=ax, facecolor=faces, edgecolor=edges, linewidth=styles[0]["weight"] * 0.6)
    opacity, line = styles[0]["fillOpacity"], spec.get("line_colour")
    rows = ss.swatches(spec, gdf)
    if not rows:
        return [Patch(facecolor=faces[0], edgecolor=edges[0], label=name)]
    handles = [Patch(facecolor="none", edgecolor="none", label=name, gid="heading")]
    handles += [
        Patch(facecolor=rgba(c, opacity), edgecolor=line or st.darken(c), label=plain(label))
        for label, c in rows
    ]
    return handles
