"""What a static map has around its features: labels, the legend beside the map, the title,
the scale bar, the north arrow, and where the source line goes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .._text import plain
from ._layout import LABEL_GID


def below_all(fig: Any, ax: Any) -> tuple[Any, float, float, str]:
    """Where the source line goes on a figure saved to its tight box: under the map and under
    the legend beside it (a long legend runs below the map), aligned with the map's left edge.
    """
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # the equal-aspect box the map is drawn in, not the subplot's
    box = ax.get_window_extent(renderer)
    legend = ax.get_legend()
    bottom = min(box.y0, legend.get_window_extent(renderer).y0) if legend else box.y0
    x, y = fig.transFigure.inverted().transform((box.x0, bottom - 4 * fig.dpi / 72))
    return fig.transFigure, float(x), float(y), "top"


def finish(
    ax: Any,
    handles: list[Any],
    label_specs: Iterable[tuple[float, float, str, Any]],
    title: str | None,
    font: Any,
    north: str,
    anchor: tuple[float, float] = (1.01, 1.0),
    columns: int = 1,
) -> None:
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    small = font.copy()
    small.set_size(6.5)
    for x, y, text, zone in label_specs:
        label = ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontproperties=small,
            path_effects=halo,
            zorder=5,
            gid=LABEL_GID,
        )
        label.zone = zone  # declutter keeps it inside (maps.paper._layout.declutter)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    pad = 0.04 * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad * 1.8, ymax + pad)
    scale_bar(ax, font)
    north_arrow(ax, font, north)
    if handles:
        legend_font = font.copy()
        legend_font.set_size(8)
        legend = ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=anchor,
            ncol=columns,
            prop=legend_font,
            frameon=False,
        )
        for handle, text in zip(handles, legend.get_texts(), strict=True):
            if handle.get_gid() == "heading":
                text.set_fontweight("bold")
    if title:
        title_font = font.copy()
        title_font.set_size(13)
        ax.set_title(plain(title), fontproperties=title_font)


def nice_length(span_m: float) -> float:
    """A round scale-bar length (1, 2 or 5 x 10^k metres) of about a fifth of ``span_m``."""
    target = max(span_m / 5.0, 1e-9)
    k = math.floor(math.log10(target))
    return max(m * 10**k for m in (1, 2, 5) if m * 10**k <= target)


def scale_bar(ax: Any, font: Any) -> None:
    """A bar of a round length in map units (metres: the axes are EPSG:2326, equal aspect),
    lower left; matplotlib's anchored size bar keeps it in place when the frame resizes.
    """
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    length = nice_length(xmax - xmin)
    label = font.copy()
    label.set_size(7.5)
    bar = AnchoredSizeBar(
        ax.transData,
        length,
        f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m",
        "lower left",
        pad=0.6,
        borderpad=0.8,
        sep=3,
        frameon=True,
        size_vertical=(ymax - ymin) * 0.008,
        color="black",
        label_top=True,
        fontproperties=label,
    )
    bar.patch.set(facecolor="white", alpha=0.8, edgecolor="none")
    bar.set_zorder(6)
    ax.add_artist(bar)


def north_arrow(ax: Any, font: Any, text: str) -> None:
    """Grid north (within half a degree of true north anywhere in Hong Kong)."""
    label = font.copy()
    label.set_size(9)
    ax.annotate(
        "",
        xy=(0.95, 0.96),
        xytext=(0.95, 0.86),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.5, "mutation_scale": 14},
    )
    ax.text(0.95, 0.835, text, transform=ax.transAxes, ha="center", va="top", fontproperties=label)
