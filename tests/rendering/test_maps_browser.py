"""The offline map in a real headless Chromium, opened from file:// with the network cut off.

Every request that is not a file:// URL is aborted and recorded; the tests assert there were none,
that the page logged no error, that every feature was drawn, that the layer control lists the
layers, and that hovering a feature named like an HTML or template injection shows its name as
text and runs nothing. A screenshot goes to $TECHNOPOLE_SCREENSHOT_DIR (or the test's tmp_path).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    HOSTILE_IMG,
    HOSTILE_TEMPLATE,
    overlap_geometries,
    parcel_grid,
    planning_layers,
    zone_results,
)

import maps
from maps.web import _canvas
from maps.web._elements import ChunkedLayer, FeatureLayer

pytestmark = pytest.mark.browser

# All Leaflet maps on the page, and their features that are on the map (drawn).
_COUNT_FEATURES = """() => {
    let maps = Object.values(window).filter(v => v instanceof L.Map);
    let n = 0;
    maps.forEach(m => m.eachLayer(l => { if (l.feature) { n += 1; } }));
    return [maps.length, n];
}"""


@dataclass
class OpenedMap:
    page: Any
    map_name: str
    expected_features: int
    layer_names: list[str]
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def point_of(self, lat: float, lon: float) -> tuple[float, float]:
        """Page pixel of a latitude/longitude on the map."""
        x, y = self.page.evaluate(
            f"([lat, lon]) => {{ const m = window[{self.map_name!r}];"
            " const p = m.latLngToContainerPoint([lat, lon]);"
            " const r = m.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; }",
            [lat, lon],
        )
        return x, y


def _open(chromium: Any, tmp_path: Path, *, prefer_canvas: bool) -> Iterator[OpenedMap]:
    layers = planning_layers()
    m = maps.zone_map(
        layers,
        validation=zone_results(),
        problems=overlap_geometries(),
        offline=True,
        prefer_canvas=prefer_canvas,
        title="Lok Ma Chau Loop 河套香港園區 <i>test</i>",
    )
    path = maps.save_map(m, tmp_path / "loop.html")
    feature_layers = [c for c in m._children.values() if isinstance(c, FeatureLayer)]
    opened = OpenedMap(
        page=None,
        map_name=m.get_name(),
        expected_features=sum(f.feature_count for f in feature_layers if f.show),
        layer_names=[f.layer_name for f in feature_layers],
    )
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    def on_dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.route("**/*", route)
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    opened.page = page
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def svg_map(chromium: Any, tmp_path: Path) -> Iterator[OpenedMap]:
    yield from _open(chromium, tmp_path, prefer_canvas=False)


@pytest.fixture
def canvas_map(chromium: Any, tmp_path: Path) -> Iterator[OpenedMap]:
    yield from _open(chromium, tmp_path, prefer_canvas=True)


def _centre(key: str, zone_id: str) -> tuple[float, float]:
    zones = planning_layers()[key]
    point = zones.loc[zones["zone_id"] == zone_id].geometry.iloc[0].representative_point()
    return point.y, point.x


def test_offline_map_makes_no_request_and_logs_no_error(svg_map: OpenedMap) -> None:
    assert svg_map.requests == []
    assert svg_map.errors == []


def test_every_feature_of_the_visible_layers_is_drawn(svg_map: OpenedMap) -> None:
    page = svg_map.page
    assert page.locator("path.leaflet-interactive").count() == svg_map.expected_features
    assert page.evaluate(_COUNT_FEATURES) == [1, svg_map.expected_features]


def test_canvas_map_draws_every_feature_without_svg(canvas_map: OpenedMap) -> None:
    page = canvas_map.page
    assert canvas_map.requests == [] and canvas_map.errors == []
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    assert page.locator("path.leaflet-interactive").count() == 0
    assert page.evaluate(_COUNT_FEATURES) == [1, canvas_map.expected_features]


def test_layer_control_lists_the_layers(svg_map: OpenedMap) -> None:
    labels = svg_map.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [t.strip() for t in labels] == svg_map.layer_names
    assert "Loop: zones · 河套：分區" in [t.strip() for t in labels]


def test_legend_and_title_show_both_languages(svg_map: OpenedMap) -> None:
    legend = svg_map.page.locator(".tp-legend").inner_text()
    for label in (
        "Life & Health Technology",
        "生命健康科技區",
        "Over-capacity zones",
        "超出容量的分區",
        "Schematic layers: not official boundaries",
    ):
        assert label in legend
    title = svg_map.page.locator(".tp-title").inner_text()
    assert title == "Lok Ma Chau Loop 河套香港園區 <i>test</i>"


@pytest.mark.parametrize(("zone_id", "name"), [("Z2", HOSTILE_IMG), ("Z3", HOSTILE_TEMPLATE)])
def test_hovering_a_hostile_name_shows_it_as_text_and_runs_nothing(
    svg_map: OpenedMap, zone_id: str, name: str
) -> None:
    page = svg_map.page
    x, y = svg_map.point_of(*_centre("loop.zones", zone_id))
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    text = tooltip.inner_text()
    assert name in text
    assert "2.00 ha" in text and "schematic (not an official boundary)" in text
    assert tooltip.locator("img").count() == 0
    page.mouse.click(x, y)  # the popup shows the same content
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=3000)
    assert name in popup.inner_text()
    page.wait_for_timeout(200)
    assert svg_map.dialogs == []
    assert svg_map.errors == []
    assert svg_map.requests == []  # <img src=x> would have tried to load "x"


def test_hover_works_on_canvas_too(canvas_map: OpenedMap) -> None:
    page = canvas_map.page
    x, y = canvas_map.point_of(*_centre("loop.zones", "Z3"))
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    assert HOSTILE_TEMPLATE in tooltip.inner_text()
    assert canvas_map.dialogs == []


def test_screenshot_of_the_offline_map(svg_map: OpenedMap, screenshot_dir: Path) -> None:
    page = svg_map.page
    x, y = svg_map.point_of(*_centre("loop.zones", "Z2"))  # the over-capacity zone
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip").wait_for(state="visible", timeout=3000)
    out = screenshot_dir / "loop_offline_map.png"
    page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000
    assert svg_map.requests == [] and svg_map.errors == []


def test_measure_fullscreen_and_fit_controls_work_offline(svg_map: OpenedMap) -> None:
    page = svg_map.page
    page.locator(".leaflet-control-measure").hover()  # expands the control
    page.locator(".leaflet-control-measure .js-start").click()
    assert page.locator(".leaflet-control-measure .js-measuringprompt").is_visible()
    page.locator(".leaflet-control-measure .js-cancel").click()
    page.locator(".tp-fit a").click()
    page.locator(".leaflet-control-zoom-fullscreen").click()
    page.wait_for_timeout(300)
    assert svg_map.errors == [] and svg_map.requests == []


# ---------------------------------------------------------------- the Loop on its official plan


@pytest.fixture(scope="module")
def loop_page(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenedMap]:
    """The standard Loop map on the embedded layers, Kwu Tung North as context, cut offline."""
    m = maps.site_map("loop", offline=True, context=["tpb:S/KTN/4"])
    path = maps.save_map(m, tmp_path_factory.mktemp("loop") / "loop.html")
    opened = OpenedMap(page=None, map_name=m.get_name(), expected_features=0, layer_names=[])
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    opened.page = page
    try:
        yield opened
    finally:
        context.close()


def _inside(key: str, column: str, value: str) -> tuple[float, float]:
    import gis

    gdf = gis.load_layer(key)
    point = gdf.loc[gdf[column] == value].geometry.iloc[0].representative_point()
    return point.y, point.x


def _hover(opened: OpenedMap, lat: float, lon: float, name: str) -> str:
    page = opened.page
    page.mouse.move(1, 400)
    page.evaluate(
        f"([lat, lon]) => window[{opened.map_name!r}].setView([lat, lon], 17, {{animate: false}})",
        [lat, lon],
    )  # the centre: clear of the controls
    page.wait_for_timeout(200)
    page.mouse.move(*opened.point_of(lat, lon))
    tooltip = page.locator(".leaflet-tooltip", has_text=name)
    tooltip.wait_for(state="visible", timeout=3000)
    return tooltip.inner_text()


def test_loop_on_its_official_plan_loads_offline_with_its_zone_labels(loop_page: OpenedMap) -> None:
    page = loop_page.page
    assert loop_page.requests == [] and loop_page.errors == []
    labels = page.locator(".tp-label").all_inner_texts()
    assert len(labels) == 18 and {"OU", "CA", "O", "G/IC", "MRDJ", "C"} == set(labels)
    # the neighbouring plan starts switched off; switching it on brings its labels with it
    page.locator(
        ".leaflet-control-layers-overlays label", has_text="Kwu Tung North OZP S/KTN/4"
    ).locator("input").check()
    page.wait_for_timeout(200)
    assert page.locator(".tp-label").count() > 18
    page.locator(
        ".leaflet-control-layers-overlays label", has_text="Kwu Tung North OZP S/KTN/4"
    ).locator("input").uncheck()
    page.wait_for_timeout(200)
    assert page.locator(".tp-label").count() == 18
    legend = page.locator(".tp-legend").inner_text()
    assert "CA — Conservation Area · 自然保育區" in legend
    assert "Hong Kong–mainland boundary" in legend


def test_hovering_says_official_with_plan_and_date_or_schematic(loop_page: OpenedMap) -> None:
    text = _hover(loop_page, *_inside("loop.ozp", "zone_label", "CA"), "Conservation Area")
    assert "official — S/LMCL/2, gazetted 2018-02-09" in text
    text = _hover(loop_page, *_inside("loop.zones", "zone_id", "life_health"), "Life & Health")
    assert "schematic (not an official boundary)" in text
    assert loop_page.requests == [] and loop_page.errors == []


# --- a large map: its big layer is loaded in chunks and drawn on a canvas by the page's own code --

_LARGE_READY = """() => (window.technopoleLayers || []).length > 0 &&
    window.technopoleLayers.every(l => !l._map || (l.ready && !l.busy()))"""


@pytest.fixture
def large_page(
    chromium: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[OpenedMap]:
    """900 parcels drawn as a large map (thresholds lowered so the test stays quick)."""
    monkeypatch.setattr(_canvas, "LARGE_MAP", 500)
    monkeypatch.setattr(_canvas, "CHUNKED_MIN", 400)
    monkeypatch.setattr(_canvas, "CHUNK_VERTICES", 1000)
    m = maps.zone_map({"parcels": parcel_grid(30)}, offline=True)
    (chunked,) = [c for c in m._children.values() if isinstance(c, ChunkedLayer)]
    assert len(chunked.chunks) > 3
    path = maps.save_map(m, tmp_path / "large.html")
    opened = OpenedMap(page=None, map_name=m.get_name(), expected_features=900, layer_names=[])
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: opened.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(_LARGE_READY, timeout=30_000, polling=50)
    opened.page = page
    try:
        yield opened
    finally:
        context.close()


def _large_counts(page: Any) -> list[int]:
    return page.evaluate(
        "() => window.technopoleLayers.map(l => [l.total, l.drawn, l._chunks.length])"
    )


def _large_chunks(opened: OpenedMap) -> int:
    return opened.page.locator('script[type="application/json"]').count()


def test_a_large_layer_draws_every_feature_with_no_request_or_error(large_page: OpenedMap) -> None:
    assert _large_counts(large_page.page) == [[900, 900, _large_chunks(large_page)]]
    assert large_page.requests == [] and large_page.errors == []
    # Leaflet holds no layer per parcel: one canvas layer draws them all
    assert large_page.page.evaluate(_COUNT_FEATURES) == [1, 0]
    assert large_page.page.locator("canvas.tp-canvas").count() == 1


def test_a_large_layer_draws_only_what_is_in_view_after_zooming_in(large_page: OpenedMap) -> None:
    page = large_page.page
    draws = page.evaluate("() => window.technopoleLayers[0].draws")
    page.evaluate(
        f"() => {{ const m = window[{large_page.map_name!r}];"
        " m.setZoom(m.getZoom() + 2, {animate: false}); }"
    )
    page.wait_for_function(
        f"() => window.technopoleLayers[0].draws > {draws} && !window.technopoleLayers[0].busy()"
    )
    total, drawn, _ = _large_counts(page)[0]
    assert total == 900 and 0 < drawn < 900
    assert large_page.errors == []


def test_hovering_a_large_layer_shows_the_escaped_bilingual_tooltip(large_page: OpenedMap) -> None:
    gdf = parcel_grid(30)
    point = gdf.geometry.iloc[5].representative_point()  # the parcel named like an injection
    large_page.page.mouse.move(*large_page.point_of(point.y, point.x))
    tooltip = large_page.page.locator(".leaflet-tooltip", has_text="地段5")
    tooltip.wait_for(state="visible", timeout=3000)
    text = tooltip.inner_text()
    assert HOSTILE_IMG in text and "P0005" in text and "schematic" in text
    assert large_page.dialogs == [] and large_page.errors == []
    large_page.page.mouse.click(*large_page.point_of(point.y, point.x))
    popup = large_page.page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=3000)
    assert HOSTILE_IMG in popup.inner_text() and large_page.dialogs == []
