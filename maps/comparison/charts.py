"""Charts of a scenario comparison, as PNG bytes (matplotlib's Agg canvas; no pyplot state).

matplotlib is imported inside each function, so importing this module costs nothing. Series
colours come from matplotlib's ``tab10`` colormap.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np

from gis.scenarios import Comparison

from .._labels import Lang, check_lang, pick
from .._text import plain
from ..paper._fonts import cjk_font_or_none

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["grouped_bars", "gfa_by_use_png", "zone_use_png"]


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def grouped_bars(
    categories: list[str],
    series: dict[str, np.ndarray],
    *,
    title: str,
    ylabel: str,
    hline: float | None = None,
    hline_label: str | None = None,
    percent: bool = False,
    font: str | None = None,
) -> bytes:
    """Grouped bar chart: one group per category, one bar per series; PNG bytes.

    Labels are drawn as plain text (``usetex`` off, ``$`` not parsed as maths).

    Parameters
    ----------
    categories
        One group of bars each.
    series
        Label -> one value per category (one bar per series in each group).
    title, ylabel
        Chart title and y-axis label.
    hline, hline_label
        A reference line (e.g. 100%) and its legend label.
    percent
        Format the y axis as percentages.
    font
        Font family for every label (e.g. a CJK family for Chinese names; default: matplotlib's).

    Returns
    -------
    bytes
        The PNG.
    """
    from matplotlib import rc_context

    families = [font, "DejaVu Sans"] if font else None
    with rc_context({"font.family": families} if families else {}):
        return _bars(categories, series, title, ylabel, hline, hline_label, percent)


def _bars(
    categories: list[str],
    series: dict[str, np.ndarray],
    title: str,
    ylabel: str,
    hline: float | None,
    hline_label: str | None,
    percent: bool,
) -> bytes:
    fig = _figure(max(6.0, 0.9 * len(categories) + 2.5), 4.2)
    ax = fig.add_subplot()
    n = max(len(series), 1)
    width = 0.8 / n
    x = np.arange(len(categories))
    from matplotlib import colormaps

    colours = colormaps["tab10"]
    for i, (name, values) in enumerate(series.items()):
        ax.bar(
            x - 0.4 + width * (i + 0.5),
            values,
            width,
            label=plain(name),
            color=colours(i % colours.N),
        )
    if hline is not None:
        ax.axhline(
            hline, color="#c00000", linewidth=1.2, linestyle="--", label=plain(hline_label or "")
        )
    ax.set_xticks(x, [plain(c) for c in categories], rotation=30, ha="right")
    ax.set_ylabel(plain(ylabel))
    ax.set_title(plain(title))
    if percent:
        from matplotlib.ticker import PercentFormatter

        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize="small")
    return _png(fig)


def _lang_font(lang: str) -> tuple[Lang, str | None]:
    """The language to draw in and the CJK family it needs (English when there is none)."""
    lang_ = check_lang(lang)
    if lang_ == "en":
        return lang_, None
    font = cjk_font_or_none()
    return (lang_, font.family) if font else ("en", None)


def gfa_by_use_png(comp: Comparison, lang: str = "en") -> bytes:
    """GFA by use, one bar per scenario (thousand m²), uses named in ``lang``.

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: use names (``name_en``/``name_zh``), title and axes.

    Returns
    -------
    bytes
        The PNG.
    """
    from ._compare_view import use_names

    lang_, font = _lang_font(lang)
    use = comp.section("use")
    gfa = use[use.measure == "gfa_m2"].set_index("item")
    names = use_names(comp, lang_)
    series = {lab: gfa[lab].astype(float).to_numpy() / 1000.0 for lab in comp.labels}
    return grouped_bars(
        [names.get(str(u), str(u)) for u in gfa.index],
        series,
        title=pick(("GFA by use", "各用途總樓面面積"), lang_, " / "),
        ylabel=pick(("GFA (thousand m²)", "總樓面面積（千平方米）"), lang_, " / "),
        font=font,
    )


def zone_use_png(comp: Comparison, lang: str = "en") -> bytes:
    """Capacity use by zone in %, one bar per scenario, with the 100% line; zones named in
    ``lang``.

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: zone names, title, axes and legend.

    Returns
    -------
    bytes
        The PNG.
    """
    from ._compare_view import zone_names

    lang_, font = _lang_font(lang)
    util = comp.zone_utilisation()
    names = zone_names(comp, lang_)
    series = {lab: 100.0 * util[lab].to_numpy() for lab in comp.labels}
    return grouped_bars(
        [names.get(str(z), str(z)) for z in util.index],
        series,
        title=pick(("Capacity use by zone", "各分區容量使用"), lang_, " / "),
        ylabel=pick(("GFA / capacity", "總樓面面積 / 容量"), lang_, " / "),
        hline=100.0,
        hline_label=pick(("capacity (100%)", "容量（100%）"), lang_, " / "),
        percent=True,
        font=font,
    )
