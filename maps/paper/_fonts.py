"""A font for Chinese text that needs nothing from the system.

Order of search:

1. the Noto Sans CJK collection that the ``noto-cjk-sans-otc`` package ships (a dependency, SIL
   OFL 1.1; its Traditional Chinese and Hong Kong faces come first), registered with matplotlib
   on first use, so the same font draws every map on every machine;
2. the fonts matplotlib knows (its cache); when the cache has no CJK family at all, the system
   font folders are searched again, so a font installed after matplotlib built its cache is found
   without deleting the cache by hand;
3. none: :func:`cjk_font_or_none` says so in one line on standard error (once per process) and
   the caller draws English text only; :func:`find_cjk_font` raises :class:`FontError`.

Each candidate is checked with fontTools: it must have every character of the text drawn.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from typing import Any

from gis.errors import TechnopoleError

CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans TC",
    "Noto Sans HK",
    "Source Han Sans TC",
    "Source Han Sans HK",
    "Microsoft JhengHei",
    "PingFang TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Serif CJK TC",
)
"""Font families tried in order (Traditional Chinese glyph forms first)."""

PACKAGED_FONT = "noto_cjk_sans_otc"
"""The Python package that ships the default CJK font (``noto-cjk-sans-otc`` on PyPI)."""

SAMPLE = "河套香港園區新田科技城"

_warned: list[str] = []


class FontError(TechnopoleError, RuntimeError):
    """No installed font can draw the map's Chinese text."""


@dataclass(frozen=True)
class FontChoice:
    """A font family and the file (and face of a collection) it comes from."""

    family: str
    path: str
    face_index: int


def needs_cjk(text: str) -> set[str]:
    """The characters of ``text`` past Latin, Greek and symbols: CJK and full-width forms."""
    return {ch for ch in text if ord(ch) > 0x2E7F}


def packaged_font_path() -> str | None:
    """Path of the font file the font package ships, or None when it is not installed."""
    try:
        module = __import__(PACKAGED_FONT)
    except ImportError:
        return None
    path = str(module.FONT_PATH)
    return path if os.path.isfile(path) else None


@cache
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def _known_paths(fm: Any) -> set[str]:
    return {os.path.realpath(f.fname) for f in fm.fontManager.ttflist}


def _add(fm: Any, paths: list[str]) -> None:
    known = _known_paths(fm)
    for path in paths:
        if os.path.realpath(path) in known:
            continue
        try:
            fm.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # a broken font file is not ours to fix
            continue


def _cjk_families(fm: Any) -> set[str]:
    return {f.name for f in fm.fontManager.ttflist if "CJK" in f.name or f.name in CJK_FAMILIES}


@cache
def prepare_font_manager() -> None:
    """Register the packaged font; search the system folders again if the cache has no CJK."""
    from matplotlib import font_manager as fm

    packaged = packaged_font_path()
    if packaged:
        _add(fm, [packaged])
    if not _cjk_families(fm):
        _add(fm, fm.findSystemFonts())
    _bold_faces(fm)


def _bold_faces(fm: Any) -> None:
    """Give a CJK family that has no bold face one: its regular face answers for "bold".

    The packaged collection ships the regular weight only; matplotlib would draw it anyway for a
    bold title, after a "findfont: Failed to find font weight bold" warning on the terminal for
    every such text. Latin text stays bold (its own family has a bold face); Chinese text in a
    heading is drawn in the regular weight, as before.
    """
    import dataclasses

    entries = [f for f in fm.fontManager.ttflist if f.name in _cjk_families(fm)]
    for family in {f.name for f in entries}:
        faces = [f for f in entries if f.name == family]
        if any(fm.weight_dict.get(f.weight, f.weight) >= 600 for f in faces):
            continue
        regular = min(faces, key=lambda f: abs(fm.weight_dict.get(f.weight, f.weight) - 400))
        fm.fontManager.ttflist.append(dataclasses.replace(regular, weight=700))
    fm.fontManager._findfont_cached.cache_clear()


def _candidates(fm: Any) -> list[str]:
    packaged = packaged_font_path()
    real = os.path.realpath(packaged) if packaged else None
    installed = {f.name for f in fm.fontManager.ttflist}
    first = [
        f.name
        for f in fm.fontManager.ttflist
        if real and os.path.realpath(f.fname) == real and f.name in CJK_FAMILIES
    ]
    ordered = sorted(set(first), key=CJK_FAMILIES.index)
    ordered += [f for f in CJK_FAMILIES if f in installed and f not in ordered]
    ordered += sorted(n for n in installed if "CJK" in n and n not in ordered)
    return ordered


def find_cjk_font(text: str = SAMPLE) -> FontChoice:
    """The first font family with every character of ``text``: the packaged Noto Sans CJK TC,
    then installed families of :data:`CJK_FAMILIES`, then any "CJK" family.

    Raises
    ------
    FontError
        No font has every character (nothing found even after searching the font folders).
    """
    from matplotlib import font_manager as fm

    prepare_font_manager()
    needed = {ord(c) for c in needs_cjk(text)}
    for family in _candidates(fm):
        found = fm.findfont(fm.FontProperties(family=family), fallback_to_default=False)
        path, index = str(found), int(getattr(found, "face_index", 0))
        if needed <= _cmap(path, index):
            return FontChoice(family, path, index)
    raise FontError(
        "no installed font has the Chinese characters: reinstall technopole (it depends on "
        "noto-cjk-sans-otc), install a CJK font (Debian: apt install fonts-noto-cjk) or use "
        "lang='en'"
    )


def cjk_font_or_none(text: str = SAMPLE) -> FontChoice | None:
    """:func:`find_cjk_font`, or None after one warning line on standard error (once)."""
    try:
        return find_cjk_font(text)
    except FontError as exc:
        if not _warned:
            _warned.append(str(exc))
            print(f"technopole: warning: {exc}; drawing English labels only", file=sys.stderr)
        return None
