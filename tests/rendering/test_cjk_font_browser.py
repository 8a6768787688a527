"""Chinese in the HTML map and reports without any system CJK font: the page's own subset of the
shipped OFL font draws it in a real headless Chromium.

Chromium is started with a fontconfig file that lists one temporary folder holding only a Latin
font (matplotlib's DejaVu Sans), so the machine's CJK fonts are invisible to it. Two different
Chinese characters drawn with a font that lacks them come out as the same box (or nothing); drawn
with the embedded subset they differ. The same page with its ``@font-face`` removed is checked too:
there they must be identical, which proves the browser really had no CJK font.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from conftest import CHROMIUM, CHROMIUM_FLAGS

import maps
from maps._fonts import FAMILY, cjk_characters

pytestmark = pytest.mark.browser

LATIN_FONT = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
FACE = re.compile(r"<style>@font-face\{font-family:\"Technopole CJK\".*?</style>", re.S)


def _no_cjk_browser(chromium: Any, tmp_path: Path) -> Any:
    fonts, cache = tmp_path / "fonts", tmp_path / "fc-cache"
    fonts.mkdir()
    cache.mkdir()
    shutil.copy(LATIN_FONT, fonts / LATIN_FONT.name)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {"FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    return chromium.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, env=env)


def _glyph_shots(browser: Any, page_html: str, chars: str, path: Path) -> list[bytes]:
    """Screenshots of each character of ``chars``, drawn large in the page's own font list."""
    probes = "".join(
        f'<div id="probe{i}" style="position:fixed;left:{10 + 90 * i}px;top:10px;'
        f'z-index:99999;font-size:64px;line-height:1;background:#fff;color:#000">{c}</div>'
        for i, c in enumerate(chars)
    )
    path.write_text(page_html.replace("</body>", probes + "</body>", 1), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    try:
        page.goto(path.as_uri())
        page.evaluate("document.fonts.ready.then(() => true)")
        return [page.locator(f"#probe{i}").screenshot() for i in range(len(chars))]
    finally:
        page.close()


@pytest.mark.parametrize("kind", ["map", "report"])
def test_chinese_renders_as_glyphs_without_system_cjk_fonts(
    chromium: Any, tmp_path: Path, kind: str
) -> None:
    if kind == "map":
        out = maps.save_map(maps.site_map("loop", lang="both"), tmp_path / "loop.html")
        html = out.read_text(encoding="utf-8")
    else:
        import gis

        html = maps.render_report(gis.validate(), "html", lang="zh")
    assert f'font-family:"{FAMILY}"' in html, "the page embeds its CJK font"
    chars = cjk_characters(FACE.sub("", html))[:2]
    assert len(chars) == 2 and chars[0] != chars[1]
    browser = _no_cjk_browser(chromium, tmp_path)
    try:
        bare = _glyph_shots(browser, FACE.sub("", html), chars, tmp_path / "bare.html")
        assert bare[0] == bare[1], (
            "this Chromium still found a CJK font: the test cannot tell glyphs from boxes"
        )
        shots = _glyph_shots(browser, html, chars, tmp_path / "embedded.html")
    finally:
        browser.close()
    assert shots[0] != shots[1], f"{chars!r} drawn as the same box: the embedded font was not used"
    assert shots[0] != bare[0]
