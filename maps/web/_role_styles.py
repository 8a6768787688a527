"""How each role of layer is styled on the web map, and its legend section (HTML).

Each function returns ``style_for`` (feature properties -> Leaflet style) and the legend HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import _style as st
from .. import _style_sheet as ss
from .._escape import esc, is_missing
from .._labels import KINDS, LEGEND_TITLES, Lang, lookup, pick
from .._tips import category_pairs
from . import _legend as lg

__all__ = [
    "Style",
    "StyleFor",
    "building_style",
    "by_column",
    "categories",
    "height_bands",
    "official_zones",
    "restyled",
    "zones",
]

Style = dict[str, Any]
StyleFor = Callable[[Mapping[str, Any]], Style]


def restyled(
    gdf: gpd.GeoDataFrame, style_for: StyleFor, legend: str, spec: Style, heading: str
) -> tuple[StyleFor, str]:
    """The role's styling with the style file's colour, opacity and line; its legend rows."""
    colour = ss.colour_of(spec, ss.value_range(spec, gdf))

    def style(rec: Mapping[str, Any]) -> Style:
        return ss.leaflet_style(spec, style_for(rec), colour(rec))

    sample = style(gdf.iloc[0].to_dict()) if len(gdf) else ss.leaflet_style(spec, {}, None)
    opacity, line = sample.get("fillOpacity", 0.45), sample.get("color", st.NEUTRAL)
    rows = ss.swatches(spec, gdf)
    if rows:
        legend = lg.heading(heading) + "".join(
            lg.swatch(label, c, spec.get("line_colour", st.darken(c)), opacity=opacity)
            for label, c in rows
        )
    elif isinstance(spec.get("colour"), str):
        legend = lg.swatch(heading, spec["colour"], line, opacity=opacity)
    return style, legend


def official_zones(
    gdf: gpd.GeoDataFrame, heading: str, lang: Lang, *, context: bool
) -> tuple[StyleFor, str]:
    """Zones of a statutory plan in their family's customary colour; one legend row a family."""
    records = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).to_dict("records")
    families = {st.zone_family(r): st.zone_colour(r) for r in records}
    legend = lg.heading(heading)
    for family, colour in sorted(families.items(), key=lambda fc: str(fc[0])):
        style = st.ozp_fill(colour, context=context)
        label = f"{family or '?'} — {pick(st.family_names(family), lang, ' · ')}"
        legend += lg.swatch(
            label, colour, style["color"], opacity=max(style["fillOpacity"], 0.3), dash=context
        )
    return (lambda rec: st.ozp_fill(st.zone_colour(rec), context=context)), legend


def zones(
    gdf: gpd.GeoDataFrame, name: str, lang: Lang
) -> tuple[StyleFor, str, dict[Any, tuple[str, str]]]:
    """Zones coloured by kind (or id); non-building zones muted; also the kinds' labels."""
    col = next((c for c in ("kind", "zone_id", "name_en") if c in gdf.columns), None)
    if col is None:
        colour = st.CATEGORICAL[0]
        fixed = st.fill(colour)
        return (lambda rec: fixed), lg.swatch(name, colour, st.darken(colour)), {}
    muted = set(gdf.loc[[st.is_non_building(r) for r in gdf.to_dict("records")], col])
    colours = st.categorical(v for v in gdf[col] if not is_missing(v) and v not in muted)
    labels = category_pairs(gdf, col, KINDS)
    quiet = st.muted()
    legend = lg.heading(name) + "".join(
        lg.swatch(pick(labels[v], lang, " · "), c, st.darken(c)) for v, c in colours.items()
    )
    legend += "".join(
        lg.swatch(
            pick(labels[v], lang, " · "),
            st.MUTED,
            quiet["color"],
            opacity=quiet["fillOpacity"],
            dash=True,
        )
        for v in dict.fromkeys(gdf[col])
        if v in muted
    )

    def style(rec: Mapping[str, Any]) -> Style:
        return quiet if st.is_non_building(rec) else st.fill(colours.get(rec.get(col), st.NEUTRAL))

    return style, legend, (labels if col == "kind" else {})


def height_bands(gdf: gpd.GeoDataFrame, name: str, lang: Lang) -> tuple[StyleFor, str]:
    """Height bands on a ramp of ``height_mpd``, with the ramp as the legend."""
    values = pd.to_numeric(gdf.get("height_mpd", pd.Series(dtype=float)), errors="coerce").dropna()
    if values.empty:
        style = st.fill(st.NEUTRAL, opacity=0.3)
        return (lambda rec: style), lg.swatch(name, st.NEUTRAL, st.darken(st.NEUTRAL))
    lo, hi = float(values.min()), float(values.max())

    def colour(v: Any) -> str:
        try:
            x = float(v)
        except (TypeError, ValueError):
            return st.NEUTRAL
        if x != x:
            return st.NEUTRAL
        return st.ramp(st.HEIGHT_RAMP, (x - lo) / (hi - lo) if hi > lo else 1.0)

    ticks = [f"{t:,.0f}" for t in lg.even_ticks(values)]
    legend = (
        lg.heading(name)
        + f"<div>{esc(pick(LEGEND_TITLES['height'], lang, ' · '))}</div>"
        + lg.ramp(st.HEIGHT_RAMP, ticks, opacity=0.6)
    )
    return (lambda rec: st.fill(colour(rec.get("height_mpd")), opacity=0.6)), legend


def building_style(status: Any) -> Style:
    """A building by its status: dashed and lighter until completed."""
    building = str(status).lower().replace("_", " ") != "completed"
    colour = st.status_colour(status)
    return st.fill(
        colour, opacity=0.35 if building else 0.7, weight=1.5, dash="4 3" if building else None
    )


def categories(
    gdf: gpd.GeoDataFrame,
    name: str,
    lang: Lang,
    col: str,
    table: dict[str, tuple[str, str]],
    style_of: Callable[[Any], Style],
) -> tuple[StyleFor, str]:
    """Style by a category column, one legend row per value present."""
    if col not in gdf.columns:
        style = style_of(None)
        return (lambda rec: style), lg.swatch(name, style["fillColor"], style["color"])
    legend = lg.heading(name)
    for value in pd.unique(gdf[col].dropna()):
        s = style_of(value)
        legend += lg.swatch(
            pick(lookup(table, value), lang, " · "),
            s["fillColor"],
            s["color"],
            opacity=s["fillOpacity"],
            dash="dashArray" in s,
        )
    return (lambda rec: style_of(rec.get(col))), legend


def by_column(gdf: gpd.GeoDataFrame, name: str, mark: str = "") -> tuple[StyleFor, str]:
    """A user's layer by its first categorical column (``maps._style.category_column``): one
    qualitative colour per value, the legend titled "layer — column" with a row per value.
    """
    col = st.category_column(gdf) or ""
    colours = (
        st.categorical((v for v in gdf[col] if not is_missing(v)), st.USER_CATEGORICAL)
        if col
        else {}
    )
    legend = lg.heading(f"{name} — {col}{mark}") + "".join(
        lg.swatch(str(v), c, st.darken(c), opacity=0.55) for v, c in colours.items()
    )

    def style(rec: Mapping[str, Any]) -> Style:
        return st.fill(colours.get(rec.get(col), st.NEUTRAL), opacity=0.55)

    return style, legend
