"""Static maps (PNG or PDF) drawn with matplotlib in HK1980 Grid, with bilingual labels.

matplotlib is imported inside the functions (the validate path must not load it). Chinese text
is drawn in the Noto Sans CJK TC face the ``noto-cjk-sans-otc`` package ships (else an installed
CJK font; see :mod:`maps._fonts`), checked with fontTools to have every character, so a map never
shows tofu boxes; with no CJK font at all the map is drawn in English after one warning line.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd

from gis.errors import InputError
from gis.fs import atomic_path, output_date

from . import _style as st
from . import _style_sheet as ss
from ._escape import is_missing
from ._fonts import CJK_FAMILIES, FontError, cjk_font_or_none, find_cjk_font, needs_cjk
from ._furniture import below_all, finish
from ._labels import (
    EXTRA_LAYERS,
    KINDS,
    LAND_USES,
    STATUSES,
    Lang,
    accuracy_mark,
    check_lang,
    layer_name,
    pick,
)
from ._layout import LABEL_GID, MAP_BOX, accuracy_line, declutter, paper_inches
from ._prepare import HK1980, problems_frame, to_wgs84, validation_table
from ._print_fit import fit_legend, fit_line
from ._static_plan import draw_official, field_labels, frame_site, official_labels
from ._static_style import draw_styled, restyle_artist, rgba
from ._style_sheet import load_style_sheet, ordered
from ._text import plain
from ._tips import category_pairs

__all__ = ["static_map", "static_figure", "find_cjk_font", "FontError", "CJK_FAMILIES"]


def static_map(
    layers: Mapping[str, gpd.GeoDataFrame] | gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    lang: str = "both",
    title: str | None = None,
    dpi: int = 200,
    validation: Any = None,
    problems: Any = None,
    figsize: tuple[float, float] = (11.0, 8.5),
    labels: bool = True,
    force: bool = True,
    context: Mapping[str, gpd.GeoDataFrame] | None = None,
    paper: str | None = None,
    orientation: str = "landscape",
    style: Any = None,
) -> Path:
    """Draw the layers in EPSG:2326 and write a PNG or PDF (by the file extension), atomically.

    Parameters
    ----------
    layers
        Layer key -> GeoDataFrame, styled by role as in :func:`maps.zone_map`.
    path
        Output file ending in ``.png`` or ``.pdf``.
    lang
        ``"en"``, ``"zh"`` or ``"both"`` for labels, legend and title.
    title, dpi, figsize
        Figure title, resolution (PNG) and size in inches (``figsize`` without ``paper``: the
        page is then trimmed to what is drawn).
    validation, problems
        As in :func:`maps.zone_map`: over-capacity zones are outlined in red, problems in magenta.
    labels
        Write zone names on the map (larger zones first; a label that would overlap another is
        moved, or left out and counted on the map).
    force
        Replace an existing file.
    context
        Neighbouring plans' zones (name -> zones), drawn as dashed outlines in their family
        colours under everything else; the map stays framed on ``layers``.
    paper, orientation
        A page of exactly this ISO size (``"A4"``, ``"A3"``, ``"A2"``, ``"A1"``), ``"landscape"``
        or ``"portrait"``: A3 landscape is 1191 x 842 pt.
    style
        A style file or mapping, as in :func:`maps.zone_map` (a layer it makes invisible is
        not drawn).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    FontError
        Chinese text but no font that has its characters (nothing is written).
    """
    from matplotlib import rc_context

    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in ("png", "pdf"):
        raise InputError(f"expected a .png or .pdf file, got {Path(path).name!r}", where="path")
    fig = static_figure(
        layers,
        lang=lang,
        title=title,
        dpi=dpi,
        validation=validation,
        problems=problems,
        figsize=figsize,
        labels=labels,
        paper=paper,
        orientation=orientation,
        context=context,
        style=style,
    )
    # PDF: no creation date unless SOURCE_DATE_EPOCH asks for one (same inputs, same bytes)
    meta = {"CreationDate": output_date()} if fmt == "pdf" else None
    with warnings.catch_warnings(record=True) as caught, atomic_path(path, force=force) as tmp:
        warnings.simplefilter("always")
        with rc_context({"pdf.fonttype": 42}):  # embedded fonts, text that can be searched
            fig.savefig(
                tmp, format=fmt, dpi=dpi, bbox_inches=None if paper else "tight", metadata=meta
            )
        missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
        if missing:
            raise FontError(f"{len(missing)} glyph(s) missing ({missing[0]}); nothing written")
    return Path(path)


def static_figure(
    layers: Mapping[str, gpd.GeoDataFrame] | gpd.GeoDataFrame,
    *,
    lang: Lang | str = "both",
    title: str | None = None,
    dpi: int = 200,
    validation: Any = None,
    problems: Any = None,
    figsize: tuple[float, float] = (11.0, 8.5),
    labels: bool = True,
    paper: str | None = None,
    orientation: str = "landscape",
    context: Mapping[str, gpd.GeoDataFrame] | None = None,
    style: Any = None,
) -> Any:
    """The matplotlib figure :func:`static_map` saves (same parameters)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lang = check_lang(lang)
    if lang != "en" and cjk_font_or_none() is None:
        lang = "en"
    if isinstance(layers, gpd.GeoDataFrame):
        layers = {"layer": layers}
    frames = [
        (str(k), st.layer_role(str(k), g.columns), to_wgs84(g, str(k)).to_crs(HK1980))
        for k, g in layers.items()
    ]
    frames += [
        (str(k), "context", to_wgs84(g, str(k)).to_crs(HK1980))
        for k, g in (context or {}).items()
        if str(k) not in layers
    ]
    sheet = load_style_sheet(style)
    frames.sort(key=lambda item: st.ROLES.index(item[1]))
    if sheet is not None:
        sheet.check_layers(k for k, _, _ in frames)
        frames = [
            f for f in ordered(frames, sheet, st.ROLES) if sheet.get(f[0]).get("visible", True)
        ]
    fig = Figure(figsize=paper_inches(paper, orientation) if paper else figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(MAP_BOX[orientation]) if paper else fig.add_subplot()
    handles: list[Any] = []
    texts: list[str] = [title or ""]
    for key, role, gdf in frames:
        spec = sheet.get(key) if sheet else {}
        drawn = _draw_layer(ax, gdf, key, role, lang, spec)
        handles += [] if spec.get("legend", {}).get("show") is False else drawn
    handles += _draw_checks(ax, frames, validation, problems, lang)
    frame_site(ax, frames)
    label_specs = _zone_labels(frames, lang, sheet) if labels else []
    note = accuracy_line(layers, lang)
    texts += [h.get_label() for h in handles] + [t for _, _, t in label_specs] + [note]
    north = pick(("N", "北"), lang, " ")
    font = _font_for("".join(texts) + north)
    finish(ax, [] if paper else handles, label_specs, title, font, north)
    if paper and handles:
        fit_legend(ax, handles, font, orientation)
    if paper and title:
        fit_line(ax.title, 0.94, smallest=9.0)
    dropped = declutter(fig, [t for t in ax.texts if t.get_gid() == LABEL_GID])
    if dropped:
        note += " · " + pick(
            (f"{dropped} labels left out (no room)", f"{dropped} 個標籤因空間不足而略去"),
            lang,
            " / ",
        )
    small = font.copy()
    small.set_size(7)
    where = (fig.transFigure, 0.03, 0.015, "bottom") if paper else below_all(fig, ax)
    line = ax.text(
        where[1],
        where[2],
        plain(note),
        transform=where[0],
        ha="left",
        va=where[3],
        fontproperties=small,
        color="#555555",
    )
    if paper:
        fit_line(line, 0.94)
    return fig


def _font_for(text: str) -> Any:
    from matplotlib.font_manager import FontProperties

    if not needs_cjk(text):
        return FontProperties(family=["DejaVu Sans"])
    choice = find_cjk_font(text)
    return FontProperties(family=[choice.family])


def _draw_layer(
    ax: Any, gdf: gpd.GeoDataFrame, key: str, role: str, lang: Lang, spec: Any = None
) -> list[Any]:
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
        handles = _draw_layer(ax, gdf, key, role, lang, {"legend": {"title": title}})
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
    colours, legend = _fills(gdf, role, lang)
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
    if len(patches) > 1 or role in ("zones", "height_bands", "parcels", "buildings"):
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


def _height_fills(gdf: gpd.GeoDataFrame) -> tuple[list[str], list[tuple[str, str]]]:
    import pandas as pd

    h = pd.to_numeric(gdf["height_mpd"], errors="coerce")
    lo, hi = float(h.min()), float(h.max())

    def colour(v: float) -> str:
        if v != v:
            return st.NEUTRAL
        return st.ramp(st.HEIGHT_RAMP, (v - lo) / (hi - lo) if hi > lo else 1.0)

    distinct = sorted(v for v in h.dropna().unique())
    if len(distinct) > 8:
        distinct = [distinct[0], distinct[len(distinct) // 2], distinct[-1]]
    legend = [(f"{v:g} mPD", colour(v)) for v in distinct]
    return [colour(v) for v in h], legend


def _draw_checks(
    ax: Any,
    frames: list[tuple[str, str, gpd.GeoDataFrame]],
    validation: Any,
    problems: Any,
    lang: Lang,
) -> list[Any]:
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


def _zone_labels(
    frames: list[tuple[str, str, gpd.GeoDataFrame]], lang: Lang, sheet: Any = None
) -> list[tuple[float, float, str]]:
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
        for rec, point, area in zip(
            gdf.to_dict("records"), gdf.representative_point(), gdf.area, strict=True
        ):
            en = "" if is_missing(rec.get("name_en")) else str(rec["name_en"])
            zh = "" if is_missing(rec.get("name_zh")) else str(rec["name_zh"])
            text = pick((en, zh), lang, "\n")
            if text:
                out.append((area, point.x, point.y, plain(text)))
    out.sort(key=lambda item: -item[0])  # larger zones keep their labels first
    return [(x, y, text) for _, x, y, text in out]
