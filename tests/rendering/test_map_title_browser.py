"""The HTML map's title is never under a control: measured in a real headless Chromium at a
wide and a small window (the layer control is open, the legend and the zoom buttons are shown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import maps

pytestmark = pytest.mark.browser

_BOXES = """() => {
    const box = el => { const r = el.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, el.className]; };
    const title = document.querySelector(".tp-title");
    const controls = [...document.querySelectorAll(".leaflet-control")]
        .filter(el => el !== title && !el.contains(title) && el.offsetParent !== null);
    return [title ? box(title) : null, controls.map(box)];
}"""


@pytest.mark.parametrize("size", [(1400, 900), (800, 600)])
def test_the_title_overlaps_no_control(
    chromium: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    title = "Lok Ma Chau Loop: Hong Kong-Shenzhen I&T Park 河套香港園區 — committee draft"
    path = maps.save_map(maps.site_map("loop", title=title), tmp_path / "loop.html")
    page = chromium.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(".leaflet-control-layers")
        shown, controls = page.evaluate(_BOXES)
    finally:
        page.close()
    assert shown is not None, "no title on the page"
    left, top, right, bottom, _ = shown
    assert left >= 0 and right <= size[0] and top >= 0 and bottom <= size[1], "title off screen"
    assert len(controls) >= 4, "layer control, legend, zoom and scale expected"
    for l2, t2, r2, b2, name in controls:
        apart = right <= l2 or r2 <= left or bottom <= t2 or b2 <= top
        assert apart, f"title {shown[:4]} overlaps control {name!r} at {[l2, t2, r2, b2]}"
