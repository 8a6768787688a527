"""A static map without a paper size (saved to its tight box): the source line sits under the
map and under a legend that runs below it, never across either."""

from __future__ import annotations

import pytest

import maps
from maps.paper.static import static_figure


@pytest.mark.parametrize("lang", ["en", "both"])
def test_the_source_line_is_under_the_map_and_the_legend(lang: str) -> None:
    # the Loop's own layers: official zones, bands, schematic zones... a legend longer than the map
    fig = static_figure(maps.load_site_layers("loop"), lang=lang, dpi=60)
    fig.canvas.draw()  # the layout as saved: equal aspect applied
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    mapped = ax.get_window_extent(renderer)
    notes = [t for t in ax.texts if "HK1980" in t.get_text()]
    assert len(notes) == 1
    line = notes[0].get_window_extent(renderer)
    assert line.y1 <= legend.y0 + 0.5 and line.y1 <= mapped.y0 + 0.5
    assert abs(line.x0 - mapped.x0) < 1  # starts with the map, not left of it
    assert min(legend.y0, mapped.y0) - line.y1 < 20  # just under them, not far below


@pytest.mark.parametrize("paper", [None, "A4"])
def test_the_loops_own_labels_do_not_overlap_as_drawn(paper: str | None) -> None:
    """Labels are placed where they are drawn: in the equal-aspect map box, which is smaller
    than the box the figure starts with (placing them before the aspect was applied let
    'Batch 1 development' cover 'Talent Accommodation')."""
    from itertools import combinations

    from maps.paper._layout import label_boxes

    fig = static_figure(maps.load_site_layers("loop"), lang="both", paper=paper, dpi=72)
    boxes = label_boxes(fig)
    assert len(boxes) > 10
    assert [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)] == []
