"""Fit the legend and the text lines of a printed map to the page: the legend sits in its own
panel beside (landscape) or below (portrait) the map and takes the largest font, the fewest
columns and the least wrapping that fit; the title and the source line shrink, then wrap, to the
page's width. Internal to :mod:`maps.paper.static` (matplotlib is imported inside the functions).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

#: Figure-fraction boxes (left, bottom, width, height) the legend must stay inside: right of the
#: map box in landscape, below it in portrait (see ``_layout.MAP_BOX``), above the source line.
LEGEND_PANEL = {"landscape": (0.71, 0.06, 0.27, 0.84), "portrait": (0.05, 0.055, 0.90, 0.33)}
_SIZES = (8.0, 7.0, 6.5, 6.0, 5.5, 5.0)
_WRAPS = (None, 34, 24, 16)
_COLUMNS = (1, 2, 3, 4)


def wrap_label(text: str, width: int | None) -> str:
    """``text`` broken into lines of about ``width`` characters (each existing line apart)."""
    if width is None:
        return text
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=True) or [""])
        for line in text.split("\n")
    )


def fit_legend(ax: Any, handles: Sequence[Any], font: Any, orientation: str) -> Any:
    """Place the legend of ``handles`` in the panel of ``orientation``; returns the legend.

    Font sizes from the largest, each with less and less wrapping, each with one column and
    more: the first legend whose box fits the panel wins (more columns are not tried once one
    is too wide); when none fits, the last, most compact one is kept.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    left, bottom, width, height = LEGEND_PANEL[orientation]
    panel_w, panel_h = width * fig.bbox.width, height * fig.bbox.height
    anchor = (left, bottom + height)
    legend = None
    for size in _SIZES:
        for wrap in _WRAPS:
            for columns in _COLUMNS:
                if legend is not None:
                    legend.remove()
                legend = _legend(ax, handles, font, size, wrap, columns, anchor)
                box = legend.get_window_extent(renderer)
                if box.width <= panel_w and box.height <= panel_h:
                    return legend
                if box.width > panel_w or box.height / (_COLUMNS[-1] / columns) > panel_h:
                    break  # more columns would only be wider, or still too tall
    return legend


def _legend(
    ax: Any,
    handles: Sequence[Any],
    font: Any,
    size: float,
    wrap: int | None,
    columns: int,
    anchor: tuple[float, float],
) -> Any:
    """One try: the legend at this font size, wrap width and number of columns."""
    fig = ax.figure
    labels = [h.get_label() for h in handles]
    prop = font.copy()
    prop.set_size(size)
    legend = ax.legend(
        handles=list(handles),
        labels=[wrap_label(t, wrap) for t in labels],
        loc="upper left",
        bbox_to_anchor=anchor,
        bbox_transform=fig.transFigure,
        ncol=columns,
        prop=prop,
        frameon=False,
        borderaxespad=0.0,
        columnspacing=1.0,
        handlelength=1.6,
    )
    for handle, text in zip(handles, legend.get_texts(), strict=True):
        if handle.get_gid() == "heading":
            text.set_fontweight("bold")
    return legend


def fit_line(text: Any, max_width_frac: float, smallest: float = 5.0, wrap: int = 60) -> None:
    """Shrink ``text`` (an artist) down to ``smallest`` points, then wrap it, until it is no
    wider than ``max_width_frac`` of its figure.
    """
    fig = text.figure
    renderer = fig.canvas.get_renderer()
    limit = max_width_frac * fig.bbox.width
    while text.get_window_extent(renderer).width > limit and text.get_fontsize() > smallest:
        text.set_fontsize(max(smallest, text.get_fontsize() - 0.5))
    width = wrap
    while text.get_window_extent(renderer).width > limit and width > 10:
        text.set_text(wrap_label(text.get_text().replace("\n", " "), width))
        width -= 10
