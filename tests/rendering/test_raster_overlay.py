"""Rasters on the folium maps: an image overlay in Web Mercator, coloured, with a legend and an
opacity slider, inlined as a PNG (no network), user text escaped; checked in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
from conftest import HOSTILE_IMG, HOSTILE_TEMPLATE
from rasterio.transform import from_origin

import maps
from gis.catalog import layers as catalog
from gis.errors import InputError
from gis.rasters import envelope_surface, rasterize_attribute
from maps.raster_overlay import raster_image


@pytest.fixture(scope="module")
def storeys_tif(tmp_path_factory: Any) -> Path:
    out = tmp_path_factory.mktemp("env") / "envelope.tif"
    zones, bands = catalog.load_layer("loop.zones"), catalog.load_layer("loop.height_bands")
    return envelope_surface(zones, bands, out, 5.0).path


def _hostile_tif(path: Path) -> Path:
    with rasterio.open(
        path, "w", driver="GTiff", width=20, height=20, count=1, dtype="float32",
        crs="EPSG:2326", transform=from_origin(825_700, 842_400, 20, 20), nodata=-1,
    ) as dst:  # fmt: skip
        dst.write(np.arange(400, dtype="float32").reshape(20, 20), 1)
        dst.set_band_description(1, HOSTILE_IMG + HOSTILE_TEMPLATE)
        dst.update_tags(1, units=HOSTILE_TEMPLATE)
    return path


def test_a_numeric_raster_is_coloured_and_transparent_without_data(storeys_tif: Path) -> None:
    info = raster_image(storeys_tif)
    (south, west), (north, east) = info["bounds"]
    assert 22.50 < south < north < 22.53 and 114.07 < west < east < 114.10
    alpha = info["image"][..., 3]
    assert (alpha == 0).any() and (alpha == 255).any()  # outside the zones: see-through
    assert info["name"] == "max_storeys" and info["units"] == "storeys"
    colours, low, high = info["ramp"]
    assert (low, high) == (
        2.0,
        40.0,
    )  # §3.1.4: 14 mPD ≈ 2 storeys, 208 mPD ≈ 40 and colours[0] != colours[-1]


def test_a_categorical_raster_keeps_its_colour_table_and_labels(tmp_path: Path) -> None:
    zones = catalog.load_layer("loop.zones")
    out = rasterize_attribute(zones, "zone_id", tmp_path / "zones.tif", 5.0).path
    info = raster_image(out)
    labels = dict(info["classes"])
    assert "uir" in labels and "life_health" in labels
    with rasterio.open(out) as src:
        table = src.colormap(1)
    drawn = {tuple(px) for px in info["image"][info["image"][..., 3] == 255][:, :3]}
    assert drawn <= {tuple(c[:3]) for c in table.values()}


def test_the_map_page_inlines_the_overlay_and_escapes_its_text(tmp_path: Path) -> None:
    hostile = _hostile_tif(tmp_path / "hostile.tif")
    (page,) = maps.write_map(tmp_path / "m.html", rasters=[hostile], validation=False)
    html = page.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "L.imageOverlay" in html
    assert HOSTILE_IMG not in html and "{{ 7*7 }}" not in html and "${alert(1)}" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'type="range"' in html


def test_bad_rasters_on_a_map_get_one_line(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.tif"
    corrupt.write_bytes(b"II*\x00not a tiff")
    far = tmp_path / "far.tif"
    with rasterio.open(
        far, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32",
        crs="EPSG:2326", transform=from_origin(800_000, 810_000, 10, 10),
    ) as dst:  # fmt: skip
        dst.write(np.ones((2, 2), "float32"), 1)
    for path, match in ((corrupt, "corrupt"), (far, "does not overlap")):
        with pytest.raises(InputError, match=match) as err:
            maps.write_map(tmp_path / "m.html", rasters=[path], validation=False, force=True)
        assert "\n" not in str(err.value)
    assert not (tmp_path / "m.html").exists()


@pytest.mark.browser
def test_the_overlay_draws_offline_and_its_slider_sets_the_opacity(
    chromium: Any, storeys_tif: Path, tmp_path: Path
) -> None:
    (page_file,) = maps.write_map(tmp_path / "m.html", rasters=[storeys_tif], validation=False)
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(300)
        img = page.locator("img.leaflet-image-layer")
        assert requests == [] and errors == []
        assert img.count() == 1
        assert "max_storeys (envelope.tif)" in page.locator(".leaflet-control-layers").inner_text()
        assert page.evaluate("() => document.querySelector('img.leaflet-image-layer').complete")
        assert (
            page.evaluate("() => document.querySelector('img.leaflet-image-layer').naturalWidth")
            > 100
        )
        assert float(img.evaluate("e => getComputedStyle(e).opacity")) == pytest.approx(0.7)
        page.locator(".tp-raster-legend input[type=range]").fill("25")
        assert float(img.evaluate("e => getComputedStyle(e).opacity")) == pytest.approx(0.25)
        # the overlay lies above the zones, yet hovering a zone still shows its tooltip
        uir = catalog.load_layer("loop.zones").set_index("zone_id").geometry["uir"]
        centre = uir.representative_point()
        x, y = page.evaluate(
            "([lat, lon]) => { const m = Object.values(window).find(v => v instanceof L.Map);"
            " const p = m.latLngToContainerPoint([lat, lon]);"
            " const r = m.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; }",
            [centre.y, centre.x],
        )
        page.mouse.move(x, y)
        tooltip = page.locator(".leaflet-tooltip", has_text="University-Industry-Research")
        tooltip.wait_for(state="visible", timeout=3000)
        page.screenshot(path=str(tmp_path / "overlay.png"))
    finally:
        context.close()
