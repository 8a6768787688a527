"""Official layers on the static maps: a plan's zones in their family colours, the border line.

Internal to :mod:`maps.paper.static` (matplotlib is imported inside the functions).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd

from .. import _style as st
from .._escape import is_missing
from .._labels import Lang, pick
from .._text import plain


def draw_official(ax: Any, gdf: gpd.GeoDataFrame, name: str, role: str, lang: Lang) -> list[Any]:
    """Draw an ``ozp`` or ``context`` plan's zones or the ``border`` line; its legend handles."""
    if role != "border":
        return _draw_zones(ax, gdf, name, lang, context=role == "context")
    from matplotlib.lines import Line2D

    b = st.BORDER
    style = {"color": b["color"], "linewidth": b["weight"] * 0.6, "linestyle": "-."}
    gdf.plot(ax=ax, zorder=4, **style)
    return [Line2D([], [], label=name, **style)]


def official_labels(gdf: gpd.GeoDataFrame) -> list[tuple[float, float, float, str, Any]]:
    """(area, x, y, zone label) at a point inside each official zone (OU, CA, R(A)3); the area
    (m², EPSG:2326 as drawn) lets larger zones keep their labels first.
    """
    col = next((c for c in ("zone_label", "ZONE_LABEL", "family") if c in gdf), None)
    return [] if col is None else field_labels(gdf, col)


def field_labels(gdf: gpd.GeoDataFrame, col: str) -> list[tuple[float, float, float, str, Any]]:
    """(area, x, y, text of ``col``, the feature's geometry) at a point inside each feature that
    has one.
    """
    return [
        (a, p.x, p.y, plain(str(v)), g)
        for v, p, a, g in zip(
            gdf[col], gdf.representative_point(), gdf.area, gdf.geometry, strict=True
        )
        if not is_missing(v)
    ]


def frame_site(ax: Any, frames: list[tuple[str, str, gpd.GeoDataFrame]]) -> None:
    """Frame the site: the border line and neighbouring plans reach far beyond it."""
    site = [g for _, role, g in frames if role not in ("border", "context") and len(g)]
    if not site or len(site) == len([g for *_, g in frames if len(g)]):
        return
    xmin = min(g.total_bounds[0] for g in site)
    ymin = min(g.total_bounds[1] for g in site)
    xmax = max(g.total_bounds[2] for g in site)
    ymax = max(g.total_bounds[3] for g in site)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)


def _draw_zones(
    ax: Any, gdf: gpd.GeoDataFrame, name: str, lang: Lang, *, context: bool
) -> list[Any]:
    """A plan's zones in their family colours (a context plan as coloured dashed outlines), and
    one legend row a family under the plan's heading.
    """
    from matplotlib.patches import Patch

    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    colours = [st.zone_colour(r) for r in records]
    if context:
        gdf.plot(
            ax=ax,
            facecolor=[_rgba(c, 0.12) for c in colours],
            edgecolor=[st.darken(c, 0.75) for c in colours],
            linewidth=0.8,
            linestyle="--",
        )
    else:
        gdf.plot(
            ax=ax,
            facecolor=[_rgba(c, st.OZP_OPACITY) for c in colours],
            edgecolor=[st.darken(c, 0.55) for c in colours],
            linewidth=0.5,
        )
    families = {st.zone_family(r): c for r, c in zip(records, colours, strict=True)}
    handles = [Patch(facecolor="none", edgecolor="none", label=name, gid="heading")]
    for family, colour in sorted(families.items(), key=lambda fc: str(fc[0])):
        label = f"{family or '?'} {pick(st.family_names(family), lang, ' ')}"
        handles.append(
            Patch(
                facecolor=_rgba(colour, 0.3 if context else st.OZP_OPACITY),
                edgecolor=st.darken(colour, 0.55),
                label=plain(label),
                linestyle="--" if context else "-",
            )
        )
    return handles


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    r, g, b = st.rgb(colour)
    return r / 255, g / 255, b / 255, alpha
