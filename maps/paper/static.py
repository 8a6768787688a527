"""Static maps (PNG or PDF) drawn with matplotlib in HK1980 Grid, with bilingual labels.

matplotlib is imported inside the functions (the validate path must not load it). Chinese text
is drawn in the Noto Sans CJK TC face the ``noto-cjk-sans-otc`` package ships (else an installed
CJK font; see :mod:`maps.paper._fonts`), checked with fontTools to have every character, so a map
never shows tofu boxes; with no CJK font at all the map is drawn in English after one warning line.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd

from gis.errors import InputError
from gis.formats import plural
from gis.fs import atomic_path, output_date

from .. import _style as st
from .._labels import Lang, check_lang, pick
from .._prepare import HK1980, to_wgs84
from .._style_sheet import load_style_sheet, ordered
from .._text import plain
from ._fonts import CJK_FAMILIES, FontError, cjk_font_or_none, find_cjk_font, needs_cjk
from ._furniture import below_all, finish
from ._layout import LABEL_GID, MAP_BOX, accuracy_line, declutter, paper_inches
from ._print_fit import fit_legend, fit_line
from ._static_draw import draw_checks, draw_layer, zone_labels
from ._static_plan import frame_site

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
        (str(k), st.layer_role(str(k), g.columns, g), to_wgs84(g, str(k)).to_crs(HK1980))
        for k, g in layers.items()
    ]
    frames += [
        (str(k), "context", to_wgs84(g, str(k)).to_crs(HK1980))
        for k, g in (context or {}).items()
        if str(k) not in layers
    ]
    sheet = load_style_sheet(style)
    frames.sort(key=lambda item: st.draw_rank(item[1], layers.get(item[0])))
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
        drawn = draw_layer(ax, gdf, key, role, lang, spec)
        handles += [] if spec.get("legend", {}).get("show") is False else drawn
    handles += draw_checks(ax, frames, validation, problems, lang)
    frame_site(ax, frames)
    label_specs = zone_labels(frames, lang, sheet) if labels else []
    note = accuracy_line(layers, lang)
    texts += [h.get_label() for h in handles] + [spec[2] for spec in label_specs] + [note]
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
            (f"{plural(dropped, 'label')} left out (no room)", f"{dropped} 個標籤因空間不足而略去"),
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
