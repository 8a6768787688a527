"""The 3D massing page in a real headless Chromium with WebGL (SwiftShader), from file://.

Every request that is not a file:// URL is aborted and recorded; the tests assert there were
none, that the page logged no error, that the extruded layers are drawn (their colour is in a
screenshot), that a camera preset and the envelope/allocation toggle change the picture, that a
hostile zone name hovered shows as text and runs nothing, and that a browser without WebGL gets
a message instead of a blank page. A screenshot goes to $TECHNOPOLE_SCREENSHOT_DIR.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS, HOSTILE_IMG, HOSTILE_TEMPLATE

import gis
from maps.massing3d import massing
from maps.massing3d._data import USE_COLOURS

pytestmark = pytest.mark.browser

#: SwiftShader: WebGL in software, so the test needs no GPU (the usual flags drop --disable-gpu).
WEBGL_FLAGS = [f for f in CHROMIUM_FLAGS if f != "--disable-gpu"] + [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
NO_WEBGL_FLAGS = [*CHROMIUM_FLAGS, "--disable-webgl", "--disable-3d-apis"]
_SETTLED = "window.tpMassing && ['ready', 'no-webgl'].includes(window.tpMassing.state)"


@dataclass
class Page:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def settle(self) -> None:
        self.page.wait_for_function(_SETTLED, timeout=30_000)
        self.page.wait_for_timeout(200)

    def pixels(self) -> np.ndarray:
        from PIL import Image

        shot = self.page.locator("#tp-map-0 canvas").screenshot()
        return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB")).astype(int)

    def camera(self, name: str) -> None:
        self.page.click(f"button[data-camera={name}]")
        self.settle()


def _launch(chromium: Any, flags: list[str]) -> Iterator[Any]:
    """Another Chromium from the session's Playwright (the ``chromium`` fixture: the same skip
    policy as every browser test), with other flags."""
    browser = chromium.browser_type.launch(executable_path=CHROMIUM, args=flags)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def webgl(chromium: Any) -> Iterator[Any]:
    yield from _launch(chromium, WEBGL_FLAGS)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = gis.validate()
    report.zones.loc["ai_data", "name_en"] = HOSTILE_IMG
    report.zones.loc["uir", "name_en"] = HOSTILE_TEMPLATE
    out = tmp_path_factory.mktemp("massing") / "massing.html"
    massing([report], out, colour_by="use", title=f"Table 3.1 {HOSTILE_IMG}")
    return out


def _open(browser: Any, path: Path) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = Page(page=context.new_page())

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    def on_dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page = opened.page
    page.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    opened.settle()
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def opened(webgl: Any, page_file: Path) -> Iterator[Page]:
    yield from _open(webgl, page_file)


def _share_near(pixels: np.ndarray, colour: str, tolerance: int = 40) -> float:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(pixels - rgb).max(axis=2) <= tolerance).mean())


def test_the_page_draws_in_webgl_with_no_request_and_no_error(opened: Page) -> None:
    assert opened.page.evaluate("window.tpMassing.state") == "ready"
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []
    opened.camera("plan")
    # roofs of the wet-lab zones (the allocation's extruded layer) in their colour
    assert _share_near(opened.pixels(), USE_COLOURS["wet_lab_mfg"]) > 0.01


def test_a_camera_preset_changes_the_picture(opened: Page) -> None:
    river = opened.pixels()
    opened.camera("south")
    south = opened.pixels()
    opened.camera("plan")
    plan = opened.pixels()
    for a, b in ((river, south), (south, plan), (river, plan)):
        assert (np.abs(a - b).max(axis=2) > 30).mean() > 0.05
    assert opened.errors == [] and opened.requests == []


def test_the_toggle_switches_between_envelope_and_allocation(opened: Page) -> None:
    opened.camera("plan")
    allocation = opened.pixels()
    opened.page.click("button[data-view=envelope]")
    opened.settle()
    envelope = opened.pixels()
    assert (
        _share_near(envelope, USE_COLOURS["wet_lab_mfg"], 20)
        < _share_near(allocation, USE_COLOURS["wet_lab_mfg"], 20) / 4
    )
    legend = opened.page.locator("#tp-legend").inner_text()
    assert "Envelope: height limits" in legend and "發展上限" in legend


def test_hovering_a_hostile_zone_name_shows_it_as_text_and_runs_nothing(opened: Page) -> None:
    page = opened.page
    opened.camera("plan")
    zone = gis.load_layer("loop.zones").set_index("zone_id").geometry["ai_data"]
    point = zone.representative_point()
    x, y = page.evaluate(
        "([lon, lat]) => { const m = window.tpMassing.maps[0]; const p = m.project([lon, lat]);"
        " const r = m.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [point.x, point.y],
    )
    page.mouse.move(x, y)
    page.mouse.move(x + 1, y + 1)
    tip = page.locator("#tp-tip")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.inner_text()
    assert HOSTILE_IMG in text and "人工智能與數據科學區" in text
    assert "storeys 層數" in text and "mPD" in text and "schematic" in text
    assert page.locator("img").count() == 0
    assert (
        page.locator(".tp-title").inner_text() == f"Table 3.1 {HOSTILE_IMG} · 3D massing 立體體量"
    )
    assert opened.dialogs == [] and opened.requests == [] and opened.errors == []


def test_screenshot_of_the_massing_view(opened: Page, screenshot_dir: Path) -> None:
    opened.camera("river")
    opened.page.screenshot(path=str(screenshot_dir / "massing.png"))
    assert (screenshot_dir / "massing.png").stat().st_size > 10_000


def test_without_webgl_the_page_says_so(chromium: Any, page_file: Path) -> None:
    for browser in _launch(chromium, NO_WEBGL_FLAGS):
        for opened in _open(browser, page_file):
            assert opened.page.evaluate("window.tpMassing.state") == "no-webgl"
            message = opened.page.locator(".tp-nowebgl").inner_text()
            assert "needs WebGL" in message and "WebGL" in message and "瀏覽器" in message
            assert opened.errors == [] and opened.requests == []


def test_a_hillshade_lies_under_the_massing(webgl: Any, tmp_path: Path) -> None:
    from test_massing import dem

    plain, shaded = tmp_path / "plain.html", tmp_path / "shaded.html"
    massing(["table-3-1"], plain)
    massing(["table-3-1"], shaded, terrain=dem(tmp_path / "dem.tif"))
    shots = []
    for path in (plain, shaded):
        for opened in _open(webgl, path):
            opened.camera("plan")
            layers = opened.page.evaluate(
                "window.tpMassing.maps[0].getStyle().layers.map(l => l.id)"
            )
            assert opened.errors == [] and opened.requests == []
            shots.append(opened.pixels())
    assert layers.index("hillshade") < layers.index("ozp") < layers.index("allocation")
    grey = np.abs(shots[1] - shots[0]).max(axis=2) > 20
    assert grey.mean() > 0.25  # the shaded hill shows through the flat zones


def test_the_legend_can_be_hidden_and_shown(opened: Page) -> None:
    legend = opened.page.locator("#tp-legend")
    assert legend.is_visible() and "Ground level 3.79 mPD" in legend.inner_text()
    opened.page.click("#tp-legend-toggle")
    assert not legend.is_visible()
    opened.page.click("#tp-legend-toggle")
    assert legend.is_visible()


def test_two_scenarios_side_by_side_share_one_camera(webgl: Any, tmp_path: Path) -> None:
    path = massing(["baseline-540k", "table-3-1"], tmp_path / "two.html")
    for opened in _open(webgl, Path(path)):
        page = opened.page
        assert page.locator(".tp-scenario").all_inner_texts() == ["baseline-540k", "table-3-1"]
        cameras = "window.tpMassing.maps.map(m => [m.getZoom(), m.getBearing(), m.getPitch()])"
        for preset in ("south", "plan"):
            opened.camera(preset)
            first, second = page.evaluate(cameras)
            assert first == pytest.approx(second)
        page.evaluate("window.tpMassing.maps[1].jumpTo({bearing: 60, pitch: 45, zoom: 15})")
        opened.settle()
        first, second = page.evaluate(cameras)
        assert first == pytest.approx([15, 60, 45]) and second == pytest.approx([15, 60, 45])
        assert opened.errors == [] and opened.requests == []
