"""Each layer of a static map on the matplotlib axes (HK1980 Grid): fills, legend, labels.

Styled by role from the web map's palette (``maps._style``); the official plans are drawn by
``_static_plan``, layers given their own colours in a style file by ``_static_style``.
"""

from __future__ import annotations

from typing import Any, Literal

import geopandas as gpd

from .. import _style as st
from .. import _style_sheet as ss
from .._escape import is_missing
from .._labels import (
    EXTRA_LAYERS,
    KINDS,
    LAND_USES,
    STATUSES,
    Lang,
    accuracy_mark,
    layer_name,
    pick,
)
from .._prepare import HK1980, problems_frame, validation_table
from .._text import plain
from .._tips import category_pairs
from ._static_plan import draw_official, field_labels, official_labels
from ._static_style import draw_styled, restyle_artist, rgba

__all__ = ["draw_checks", "draw_layer", "zone_labels"]


def draw_layer(
    ax: Any, gdf: gpd.GeoDataFrame, key: str, role: str, lang: Lang, spec: Any = None
) -> list[Any]:
    """Draw one layer as its role (or its style ``spec``) says; its legend handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    spec = spec or {}
    title = spec.get("legend", {}).get("title") or pick(layer_name(key, role, gdf), lang, " ")
    name = plain(title + accuracy_mark(gdf, lang))
    if gdf.empty:
        return []
    if "colour" in spec:
        return draw_styled(ax, gdf, name, spec)
    if ss.draws(spec):  # the role's colours, with the style's opacity and outline
        before = len(ax.collections) + len(ax.lines)
        handles = draw_layer(ax, gdf, key, role, lang, {"legend": {"title": title}})
        for artist in [*ax.collections, *ax.lines][before:] + handles:
            restyle_artist(artist, spec)
        return handles
    if role in ("ozp", "context", "border"):
        return draw_official(ax, gdf, name, role, lang)
    if role == "outlines":
        s = st.outline(key)
        dash: Literal["--", "-"] = "--" if s.get("dashArray") else "-"
        gdf.boundary.plot(ax=ax, color=s["color"], linewidth=s["weight"] * 0.6, linestyle=dash)
        return [
            Line2D(
                [], [], color=s["color"], linewidth=s["weight"] * 0.6, linestyle=dash, label=name
            )
        ]
    if role == "other":  # a layer of unknown kind, e.g. a user's parcels: a neutral outline
        s = st.neutral_outline()
        gdf.plot(ax=ax, facecolor=rgba(s["fillColor"], 0.06), edgecolor=s["color"], linewidth=0.8)
        return [Patch(facecolor=rgba(s["fillColor"], 0.06), edgecolor=s["color"], label=name)]
    if role == "height_bands" and "height_mpd" in gdf.columns:
        return _height_lines(ax, gdf, name)
    colours, legend = _fills(gdf, role, lang)
    if role == "categories":
        name = plain(f"{title} — {st.category_column(gdf)}{accuracy_mark(gdf, lang)}")
    quiet = [role == "zones" and st.is_non_building(r) for r in gdf.to_dict("records")]
    faces = [
        rgba(st.MUTED, 0.25) if q else rgba(c, 0.55) for c, q in zip(colours, quiet, strict=True)
    ]
    edges = [st.NEUTRAL if q else st.darken(c) for c, q in zip(colours, quiet, strict=True)]
    gdf.plot(ax=ax, facecolor=faces, edgecolor=edges, linewidth=0.6)
    patches = [
        Patch(facecolor=rgba(c, 0.55), edgecolor=st.darken(c), label=lbl or name)
        if c != st.MUTED
        else Patch(facecolor=rgba(c, 0.25), edgecolor=st.NEUTRAL, linestyle="--", label=lbl or name)
        for lbl, c in legend
    ]
    if len(patches) > 1 or role in ("zones", "height_bands", "parcels", "buildings", "categories"):
        patches.insert(0, Patch(facecolor="none", edgecolor="none", label=name, gid="heading"))
    return patches


def _fills(gdf: gpd.GeoDataFrame, role: str, lang: Lang) -> tuple[list[str], list[tuple[str, str]]]:
    """Fill colour of each feature, and (legend label, colour) pairs."""
    col, table = {
        "zones": ("kind", KINDS),
        "parcels": ("land_use", LAND_USES),
        "buildings": ("status", STATUSES),
    }.get(role, (None, {}))
    if role == "zones" and "kind" not in gdf.columns:
        col = "zone_id" if "zone_id" in gdf.columns else None
    if role == "height_bands" and "height_mpd" in gdf.columns:
        return _height_fills(gdf)
    if role == "categories":
        col = st.category_column(gdf) or ""
        values = list(gdf[col]) if col else [None] * len(gdf)
        by_value = st.categorical((v for v in values if not is_missing(v)), st.USER_CATEGORICAL)
        return [by_value.get(v, st.NEUTRAL) for v in values], [
            (plain(str(v)), c) for v, c in by_value.items()
        ]
    if col is None or col not in gdf.columns:
        colour = st.WETLAND if role == "wetland" else st.NEUTRAL
        return [colour] * len(gdf), [("", colour)]
    values = list(gdf[col])
    if role == "parcels":
        fallback = st.categorical(values)
        lookup_colour = {v: st.land_use_colour(v, fallback) for v in values}
    elif role == "buildings":
        lookup_colour = {v: st.status_colour(v) for v in values}
    else:
        # in file order (a set's order changes between runs, and so would the legend)
        records = gdf.to_dict("records")
        muted = list(dict.fromkeys(r[col] for r in records if st.is_non_building(r)))
        lookup_colour = st.categorical(v for v in values if not is_missing(v) and v not in muted)
        lookup_colour.update(dict.fromkeys(muted, st.MUTED))
    pairs = category_pairs(gdf, col, table)
    legend = [(plain(pick(pairs[v], lang, " ")), c) for v, c in lookup_colour.items() if v in pairs]
    return [lookup_colour.get(v, st.NEUTRAL) for v in values], legend


def _height_fills(
    gdf: gpd.GeoDataFrame, ramp: tuple[str, ...] = st.HEIGHT_RAMP
) -> tuple[list[str], list[tuple[str, str]]]:
    import pandas as pd

    h = pd.to_numeric(gdf["height_mpd"], errors="coerce")
    lo, hi = float(h.min()), float(h.max())

    def colour(v: float) -> str:
        if v != v:
            return st.NEUTRAL
        return st.ramp(ramp, (v - lo) / (hi - lo) if hi > lo else 1.0)

    distinct = sorted(v for v in h.dropna().unique())
    if len(distinct) > 8:
        distinct = [distinct[0], distinct[len(distinct) // 2], distinct[-1]]
    legend = [(f"{v:g} mPD", colour(v)) for v in distinct]
    return [colour(v) for v in h], legend


def _height_lines(ax: Any, gdf: gpd.GeoDataFrame, name: str) -> list[Any]:
    """Height bands as outlines only, light to dark grey by height (a fill would mix with the
    zones' colours, and the legend's swatches would no longer match what is seen).
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    _, legend = _height_fills(gdf, st.HEIGHT_LINES)
    colours, _ = _height_fills(gdf, st.HEIGHT_LINES)
    gdf.boundary.plot(ax=ax, color=colours, linewidth=1.1, linestyle=(0, (4, 2)))
    lines = [
        Line2D([], [], color=c, linewidth=1.4, linestyle=(0, (4, 2)), label=lbl)
        for lbl, c in legend
    ]
    return [Patch(facecolor="none", edgecolor="none", label=name, gid="heading"), *lines]


def draw_checks(
    ax: Any,
    frames: list[tuple[str, str, gpd.GeoDataFrame]],
    validation: Any,
    problems: Any,
    lang: Lang,
) -> list[Any]:
    """Over-capacity zones outlined in red and problems hatched in magenta; legend handles."""
    from matplotlib.patches import Patch

    handles = []
    table = validation_table(validation)
    zones = next((g for _, role, g in frames if role == "zones"), None)
    if table is not None and zones is not None and "zone_id" in zones and "status" in table:
        over = set(table.index[table["status"].astype(str) == "over_capacity"])
        sel = zones[zones["zone_id"].map(str).isin(over)]
        if len(sel):
            sel.boundary.plot(ax=ax, color=st.OVER_CAPACITY, linewidth=2.2)
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor=st.OVER_CAPACITY,
                    linewidth=2,
                    label=pick(EXTRA_LAYERS["over_capacity"], lang, " "),
                )
            )
    bad = problems_frame(problems)
    if bad is not None and len(bad):
        bad.to_crs(HK1980).plot(
            ax=ax, facecolor=rgba(st.PROBLEM, 0.55), edgecolor=st.PROBLEM, linewidth=1, hatch="///"
        )
        handles.append(
            Patch(
                facecolor=rgba(st.PROBLEM, 0.55),
                edgecolor=st.PROBLEM,
                hatch="///",
                label=pick(EXTRA_LAYERS["problems"], lang, " "),
            )
        )
    return handles


def zone_labels(
    frames: list[tuple[str, str, gpd.GeoDataFrame]], lang: Lang, sheet: Any = None
) -> list[tuple[float, float, str, Any]]:
    """(x, y, text, zone geometry) of each label to write at a point inside its zone, larger
    zones first (they keep theirs first).
    """
    out = []
    for key, role, gdf in frames:
        spec = sheet.get(key) if sheet else {}
        if spec.get("labels") is False:
            continue
        field = ss.label_field(spec, None, gdf.columns) if spec.get("labels") else None
        field = spec.get("label_field", field)
        if field is not None and field in gdf.columns:
            out += field_labels(gdf, str(field))
            continue
        if role == "ozp":  # official zones: their labels (OU, CA, R(A)3)
            out += official_labels(gdf)
            continue
        if role != "zones":
            continue
        for rec, point, area, geom in zip(
            gdf.to_dict("records"),
            gdf.representative_point(),
            gdf.area,
            gdf.geometry,
            strict=True,
        ):
            en = "" if is_missing(rec.get("name_en")) else str(rec["name_en"])
            zh = "" if is_missing(rec.get("name_zh")) else str(rec["name_zh"])
            text = pick((en, zh), lang, "\n")
            if text:
                out.append((area, point.x, point.y, plain(text), geom))
    out.sort(key=lambda item: -item[0])  # larger zones keep their labels first
    return [(x, y, text, geom) for _, x, y, text, geom in out]
