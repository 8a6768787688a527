"""Provision on the interactive map, in a real headless Chromium (offline, file://): the
open-space and G/IC zones with the residents they serve in their tooltips, a shortfall layer
when a standard is short, both languages in the layer control and legend.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gis
import maps

pytestmark = pytest.mark.browser

PROVISION = "Provision: open space and G/IC · 設施供應：休憩用地及政府、機構或社區用地"
SHORTFALL = "Provision shortfall (HKPSG) · 設施供應短缺（香港規劃標準與準則）"


def _open(chromium: Any, path: Path) -> Any:
    page = chromium.new_context(viewport={"width": 1280, "height": 860}).new_page()
    page.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    return page


def test_the_open_space_zone_tooltip_says_the_residents_it_serves_and_the_need(chromium, tmp_path):
    report = gis.validate(provision=True)
    m = maps.site_map("loop", validation=report, offline=True, lang="both")
    page = _open(chromium, maps.save_map(m, tmp_path / "loop.html"))
    labels = [
        t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    ]
    assert PROVISION in labels and SHORTFALL not in labels  # Table 3.1: no shortfall
    assert "Open space / 休憩用地" in page.locator(".tp-legend").inner_text()
    zones = gis.load_layer("loop.zones")
    point = zones.loc[zones.zone_id == "open_space"].geometry.iloc[0].representative_point()
    x, y = page.evaluate(
        f"([lat, lon]) => {{ const m = window[{m.get_name()!r}];"
        " const p = m.latLngToContainerPoint([lat, lon]);"
        " const r = m.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [point.y, point.x],
    )
    page.mouse.move(x, y)
    tip = page.locator(".leaflet-tooltip")
    tip.wait_for(state="visible", timeout=3000)
    text = tip.inner_text()
    assert "Serves residents / 服務居民" in text and "5,455" in text
    assert "District open space / 地區休憩用地" in text


def test_a_shortfall_adds_the_shortfall_layer(chromium, tmp_path):
    homes = tmp_path / "homes.yaml"
    homes.write_text("population:\n  homes: {value: 52000}\n", encoding="utf-8")
    report = gis.validate(provision=gis.load_provision(homes))  # 156,000 residents: 31.2 ha
    m = maps.site_map("loop", validation=report, offline=True, lang="both")
    page = _open(chromium, maps.save_map(m, tmp_path / "short.html"))
    labels = [
        t.strip() for t in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    ]
    assert SHORTFALL in labels
