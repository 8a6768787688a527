"""Chinese in every HTML page without a system font: a subset of the shipped OFL CJK font, inline.

The ``noto-cjk-sans-otc`` package (a dependency, SIL OFL 1.1) ships the Noto Sans CJK collection;
its Traditional Chinese face is cut down with fontTools to exactly the characters a page uses
past Latin, Greek and symbols (:func:`cjk_characters`), packed as WOFF (zlib, deterministic: same
text, same bytes) and written into the page as a base64 ``@font-face``. That family comes first
in the page's font list and its ``unicode-range`` holds only those characters, so Latin text keeps
the page's own fonts. A page with no Chinese gets nothing; without the font package the page is
unchanged (the browser's own fonts, if any, draw the Chinese).
"""

from __future__ import annotations

import base64
import html as htmllib
import io
import os
import re
from functools import lru_cache

__all__ = ["FAMILY", "cjk_characters", "cjk_font_face", "embed_cjk_font", "font_subset"]

FAMILY = "Technopole CJK"
"""The font-family name of the embedded subset."""

FACE = "Noto Sans CJK TC"
"""The face of the collection used (Traditional Chinese glyph forms)."""

FALLBACK = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK TC", "Noto Sans CJK HK", '
    '"PingFang TC", "Microsoft JhengHei", sans-serif'
)

_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})"
)


def cjk_characters(text: str) -> str:
    r"""The characters of ``text`` past Latin, Greek and symbols (CJK, full-width forms), sorted
    and once each; ``\uXXXX`` escapes (JSON in a page's scripts) and HTML entities are read as
    the characters they stand for.
    """

    def unescape(match: re.Match[str]) -> str:
        if match.group(3):
            return chr(int(match.group(3), 16))
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    plain = htmllib.unescape(_ESCAPE.sub(unescape, text))
    return "".join(sorted({ch for ch in plain if ord(ch) > 0x2E7F}))


def _font_file() -> tuple[str, int] | None:
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = str(noto_cjk_sans_otc.FONT_PATH)
    if not os.path.isfile(path):
        return None
    from fontTools.ttLib import TTCollection

    with TTCollection(path, lazy=True) as collection:
        names = [font["name"].getDebugName(1) for font in collection.fonts]
    return path, names.index(FACE) if FACE in names else 0


@lru_cache(maxsize=8)
def font_subset(chars: str) -> bytes:
    """WOFF bytes of the shipped CJK face cut to ``chars`` (empty when the font is missing or
    ``chars`` is empty). Deterministic: the font's timestamps are kept as shipped.
    """
    found = _font_file() if chars else None
    if found is None:
        return b""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["vert", "vrt2"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keeps the copyright and the OFL notice
    options.notdef_outline = True
    with TTFont(found[0], fontNumber=found[1], recalcTimestamp=False, lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        font.flavor = "woff"
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def _ranges(chars: str) -> str:
    return ",".join(f"U+{ord(c):X}" for c in chars)


def cjk_font_face(text: str) -> str:
    """A ``<style>`` with an ``@font-face`` holding exactly the CJK glyphs of ``text`` (base64
    WOFF), first in the font list of the page's body and map; ``""`` when ``text`` has no
    Chinese or the font package is missing.
    """
    chars = cjk_characters(text)
    woff = font_subset(chars)
    if not woff:
        return ""
    data = base64.b64encode(woff).decode("ascii")
    return (
        f'<style>@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:400 700;'
        f'src:url(data:font/woff;base64,{data}) format("woff");'
        f"unicode-range:{_ranges(chars)}}}"
        f'html body,html body .leaflet-container{{font-family:"{FAMILY}",{FALLBACK}}}</style>'
    )


def embed_cjk_font(page: str) -> str:
    """``page`` with :func:`cjk_font_face` of its own text inserted before ``</head>`` (or at the
    start when it has no head).
    """
    if f'@font-face{{font-family:"{FAMILY}"' in page:
        return page  # already embedded
    face = cjk_font_face(page)
    if not face:
        return page
    at = page.find("</head>")
    return face + page if at < 0 else page[:at] + face + page[at:]
