"""The CJK font subset in the HTML pages: exactly the page's Chinese characters, the same bytes
on every run, in maps, validation reports and comparisons alike."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

import gis
import maps
from maps._fonts import FAMILY, cjk_characters, cjk_font_face, font_subset

FACE = re.compile(r"<style>@font-face\{font-family:\"Technopole CJK\".*?</style>", re.S)
WOFF = re.compile(r"data:font/woff;base64,([A-Za-z0-9+/=]+)")


def _glyphs(page: str) -> set[str]:
    [data] = WOFF.findall(page)
    with TTFont(io.BytesIO(base64.b64decode(data))) as font:
        return {chr(c) for c in font.getBestCmap()}


def test_the_map_embeds_exactly_its_chinese_characters_the_same_bytes_each_run(
    tmp_path: Path,
) -> None:
    first = maps.save_map(maps.site_map("loop"), tmp_path / "a.html").read_bytes()
    font_subset.cache_clear()
    second = maps.save_map(maps.site_map("loop"), tmp_path / "b.html").read_bytes()
    assert first == second
    page = first.decode("utf-8")
    assert page.count(f'@font-face{{font-family:"{FAMILY}"') == 1
    wanted = set(cjk_characters(FACE.sub("", page)))
    assert "園" in wanted and _glyphs(page) == wanted


def test_reports_and_comparisons_embed_the_font_of_their_own_text() -> None:
    report = maps.render_report(gis.validate(), "html", lang="zh")
    comparison = maps.render_comparison(
        gis.comparison(["table-3-1", "ai-30pct"]), "html", lang="zh"
    )
    for page in (report, comparison):
        assert "</head>" in page and page.index("@font-face") < page.index("</head>")
        head = page[: page.index("</head>")]  # a diff map's own page (an iframe) has its own
        assert set(cjk_characters(FACE.sub("", page))) <= _glyphs(head)


def test_text_without_chinese_gets_no_font() -> None:
    assert cjk_font_face("Lok Ma Chau Loop — 12,345 m² · OK") == ""
    assert cjk_characters(r"\u6cb3 &#x5957; 香") == "套河香"
