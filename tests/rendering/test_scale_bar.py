"""The static map's scale bar: a round length, drawn in metres on the EPSG:2326 axes."""

from __future__ import annotations

import math
from typing import Any

import pytest

from maps.paper._furniture import nice_length
from maps.paper.static import static_figure


@pytest.mark.parametrize("span", [3.0, 87.0, 999.0, 1_000.0, 1_234.5, 9_500.0, 42_000.0])
def test_nice_length_is_the_largest_round_length_within_a_fifth(span: float) -> None:
    length = nice_length(span)
    mantissa = length / 10 ** math.floor(math.log10(length))
    assert round(mantissa, 9) in (1, 2, 5)
    assert length <= span / 5
    # the next round length up would be longer than a fifth of the span
    nxt = {1: 2, 2: 5, 5: 10}[round(mantissa)] * length / round(mantissa)
    assert nxt > span / 5


def _size_bar(fig: Any) -> tuple[Any, Any]:
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    found = [
        (ax, a) for ax in fig.axes for a in ax.get_children() if isinstance(a, AnchoredSizeBar)
    ]
    assert len(found) == 1, "one scale bar on the map"
    return found[0]


def test_the_bar_is_nice_length_metres_of_the_map(map_layers: dict[str, Any]) -> None:
    fig = static_figure(map_layers, lang="en", dpi=50)
    ax, bar = _size_bar(fig)
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert 500 < span < 50_000, "the axes are metres (EPSG:2326), not degrees"
    rect = bar.size_bar.get_children()[0]
    assert rect.get_width() == pytest.approx(nice_length(span))
    label = bar.txt_label.get_text()
    length = nice_length(span)
    assert label == (f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m")
    assert ax.get_aspect() in (1.0, "equal"), "a bar in metres needs equal aspect"
