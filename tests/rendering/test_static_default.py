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


@pytest.mark.parametrize("paper", [None, "A4"])
def test_each_label_stays_in_its_own_zone_or_has_a_leader_line(paper: str | None) -> None:
    """A label's box lies inside (one of) the zones it names; a label that fits in none has a
    leader line from a point inside its zone to the label."""
    from shapely.geometry import Point
    from shapely.geometry import box as rectangle
    from shapely.ops import unary_union

    from maps import _style as st
    from maps._prepare import HK1980, to_wgs84
    from maps.paper._layout import LABEL_GID, LEADER_GID
    from maps.paper._static_draw import zone_labels

    layers = maps.load_site_layers("loop")
    frames = [
        (k, st.layer_role(k, g.columns, g), to_wgs84(g, k).to_crs(HK1980))
        for k, g in layers.items()
    ]
    zones: dict[str, list] = {}
    for *_, text, geom in zone_labels(frames, "both"):
        zones.setdefault(text, []).append(geom)
    fig = static_figure(layers, lang="both", paper=paper, dpi=72)
    fig.canvas.draw()
    ax, renderer = fig.axes[0], fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    leaders = [line.get_xydata() for line in ax.lines if line.get_gid() == LEADER_GID]
    labels = [t for t in ax.texts if t.get_gid() == LABEL_GID]
    assert len(labels) > 10
    for label in labels:
        own = unary_union(zones[label.get_text()]).buffer(0.5)  # half a metre for rounding
        b = label.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([(b.x0, b.y0), (b.x1, b.y1)])
        drawn = rectangle(x0, y0, x1, y1)
        if own.contains(drawn):
            continue
        led = [
            (s, e)
            for s, e in leaders
            if own.contains(Point(s)) and drawn.buffer(1.0).contains(Point(e))
        ]
        assert led, f"{label.get_text()!r} spills out of its zone with no leader line"
