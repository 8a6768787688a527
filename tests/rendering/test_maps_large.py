"""Large maps (issue 12): which options a map of many features gets, how its layers are chunked,
and that the chunks hold every feature and tooltip of the plain layer. The page itself is opened
in Chromium by tests/rendering/test_maps_browser.py."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pytest
from conftest import HOSTILE_IMG, parcel_grid

import maps
from maps._offline import offline_html
from maps.web import _canvas, _codec
from maps.web._elements import ChunkedLayer, FeatureLayer


@pytest.fixture
def small_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A map of 300+ features is large, layers of 200+ are chunked, 250 vertices a chunk."""
    monkeypatch.setattr(_canvas, "LARGE_MAP", 300)
    monkeypatch.setattr(_canvas, "CHUNKED_MIN", 200)
    monkeypatch.setattr(_canvas, "CHUNK_VERTICES", 250)


def layers_of(m: Any, kind: type) -> list[Any]:
    return [c for c in m._children.values() if isinstance(c, kind)]


def test_a_small_map_keeps_the_usual_options_and_says_nothing() -> None:
    plan = _canvas.size_plan(_canvas.LARGE_MAP - 1)
    assert (plan.large, plan.precision, plan.simplify_m, plan.prefer_canvas) == (
        False,
        6,
        None,
        False,
    )
    assert plan.notes == ()


def test_a_large_map_chooses_precision_simplification_and_canvas_and_says_so() -> None:
    plan = _canvas.size_plan(100_000)
    assert plan.large and plan.precision == 5 and plan.simplify_m == 1.0 and plan.prefer_canvas
    assert "100,000 features" in plan.notes[0]
    assert "5 decimals" in plan.notes[1] and "1 m" in plan.notes[1]


def test_explicit_options_are_kept_on_a_large_map() -> None:
    plan = _canvas.size_plan(100_000, precision=6, simplify_m=0.0, prefer_canvas=False)
    assert (plan.precision, plan.simplify_m, plan.prefer_canvas) == (6, 0.0, False)
    assert len(plan.notes) == 1 and "chose" not in plan.notes[0]
    partly = _canvas.size_plan(100_000, precision=7)
    assert partly.precision == 7 and "decimals" not in partly.notes[1]


def test_chunks_cover_every_feature_in_order_within_the_vertex_budget() -> None:
    assert _canvas.chunk_bounds([5] * 10, 12) == [0, 2, 4, 6, 8, 10]
    assert _canvas.chunk_bounds([3, 50, 3, 3], 10) == [0, 1, 2, 4]  # the big one alone
    assert _canvas.chunk_bounds([], 10) == [0]
    counts = np.random.default_rng(3).integers(4, 40, 5000)
    bounds = _canvas.chunk_bounds(counts, 1000)
    assert bounds[0] == 0 and bounds[-1] == len(counts) and bounds == sorted(set(bounds))
    sizes = [counts[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    assert max(sizes) <= 1000 and min(sizes[:-1]) > 1000 - 40


def test_a_large_layer_is_chunked_and_the_chunks_hold_every_feature(
    small_thresholds: None,
) -> None:
    gdf = parcel_grid(20)  # 400 parcels of 4 vertices: 5 a parcel with the closing one
    notes: list[str] = []
    big = maps.zone_map({"parcels": gdf}, say=notes.append)
    (chunked,) = layers_of(big, ChunkedLayer)
    assert not layers_of(big, FeatureLayer)
    assert len(chunked.chunks) == 8 and chunked.feature_count == 400
    assert any("400 features" in n for n in notes) and any("5 decimals" in n for n in notes)

    # The same layer with the same options, drawn the usual way, decodes to the same geometry.
    plain = maps.zone_map(
        {"parcels": gdf.iloc[:199]}, precision=5, simplify_m=1.0, prefer_canvas=True
    )
    (flat,) = layers_of(plain, FeatureLayer)
    from_chunks = [g for c in chunked.chunks for g in _codec.decode(c)]
    assert len(from_chunks) == 400
    assert from_chunks[:199] == _codec.decode(flat_data(flat))


def flat_data(layer: FeatureLayer) -> dict[str, Any]:
    return json.loads(layer.data_json)


def test_chunk_rows_give_back_the_tooltips_of_the_plain_layer(small_thresholds: None) -> None:
    gdf = parcel_grid(20)
    (chunked,) = layers_of(maps.zone_map({"parcels": gdf}), ChunkedLayer)
    plain = maps.zone_map(
        {"parcels": gdf.iloc[:199]}, precision=5, simplify_m=1.0, prefer_canvas=True
    )
    (flat,) = layers_of(plain, FeatureLayer)
    keys = json.loads(chunked.keys_json)
    rows = json.loads(flat.rows_json)

    def expand(row: Any) -> str:
        if isinstance(row, str):
            return row
        return f'<div><span class="tp-k">{keys[row[0]]}</span> {row[1]}</div>'

    got = [[expand(c["r"][t]) for t in f[3]] for c in chunked.chunks for f in c["f"]]
    want = [[rows[t] for t in f[3]] for f in flat_data(flat)["f"]]
    assert got[:199] == want
    assert any(not isinstance(r, str) for c in chunked.chunks for r in c["r"])  # keys compacted
    assert len(keys) < 10  # zone, area, height ...: once per layer, not once per row


def test_large_page_is_deterministic_escaped_and_has_no_style_per_feature(
    small_thresholds: None,
) -> None:
    gdf = parcel_grid(20)
    pages = [offline_html(maps.zone_map({"parcels": gdf})) for _ in range(2)]
    assert pages[0] == pages[1]
    html = pages[0]
    assert HOSTILE_IMG not in html and "onerror" in html  # the name is there, escaped
    assert len(re.findall(r'<script type="application/json"', html)) == 8
    (chunked,) = layers_of(maps.zone_map({"parcels": gdf}), ChunkedLayer)
    assert len(chunked.styles_json) < 400  # one style for the layer, referenced by number
    assert all(isinstance(f[2], int) for c in chunked.chunks for f in c["f"])


def test_explicit_precision_is_kept_in_the_chunks(small_thresholds: None) -> None:
    (chunked,) = layers_of(
        maps.zone_map({"parcels": parcel_grid(20)}, precision=7, simplify_m=0), ChunkedLayer
    )
    assert {c["p"] for c in chunked.chunks} == {7}


def test_a_small_map_is_drawn_as_before() -> None:
    m = maps.zone_map({"parcels": parcel_grid(5)})
    assert not layers_of(m, ChunkedLayer) and len(layers_of(m, FeatureLayer)) == 1
    assert not m.options.get("prefer_canvas", False)


def test_encoding_a_whole_layer_at_once_gives_what_encoding_each_feature_gives() -> None:
    from shapely.geometry import MultiPolygon, Point, Polygon

    holed = Polygon(
        [(114.0, 22.0), (114.0, 22.0), (114.01, 22.0), (114.01, 22.01), (114.0, 22.01)],
        [[(114.002, 22.002), (114.003, 22.002), (114.003, 22.003)]],
    )
    tiny = Polygon([(114.0, 22.0), (114.000001, 22.0), (114.0, 22.000001)])  # collapses at 5
    multi = MultiPolygon([holed, tiny])
    grid = parcel_grid(4).geometry.to_numpy()
    for layer in ([holed, tiny, *grid], [multi, multi], [holed, multi], [Point(114, 22), holed]):
        arr = np.asarray(layer, dtype=object)
        for precision in (3, 5, 7):
            o = _codec.origin(arr, precision)
            each = [_codec.encode(g, o, precision) for g in arr]
            assert _codec.encode_many(arr, o, precision) == each
