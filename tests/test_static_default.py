"""A static map without a paper size (saved to its tight box): the source line sits under the
map and under a legend that runs below it, never across either."""

from __future__ import annotations

import pytest

import maps
from maps.static import static_figure


@pytest.mark.parametrize("lang", ["en", "both"])
def test_the_source_line_is_under_the_map_and_the_legend(lang: str) -> None:
    # the Loop's own layers: official zones, bands, schematic zones... a legend longer than the map
    fig = static_figure(maps.load_site_layers("loop"), lang=lang, dpi=60)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    mapped = ax.get_window_extent(renderer)
    notes = [t for t in ax.texts if "HK1980" in t.get_text()]
    assert len(notes) == 1
    line = notes[0].get_window_extent(renderer)
    assert line.y1 <= legend.y0 + 0.5 and line.y1 <= mapped.y0 + 0.5
    assert line.x0 >= mapped.x0 - 0.5  # starts with the map, not left of it
