"""Zone labels of Outline Zoning Plans: normalised into zone families with bilingual names.

Internal: :mod:`gis.ozp` is the entry point. The families live in ``layers/zone_families.csv``
(``family``, ``name_en``, ``name_zh`` as the Board writes them, a ``category``, the ``colour``
customarily printed for the zone on the Board's plans, approximated in hex, and ``aliases``).

A label is its family followed by an optional sub-number, written ``R(A)3`` or ``G/IC(1)``.
Full-width characters and stray spaces are tolerated:

>>> parse_label("Ｒ（Ａ） 3")
('R(A)3', 'R(A)', '3')
>>> parse_label("G/IC(1)")
('G/IC(1)', 'G/IC', '1')
>>> parse_label("XYZ")
('XYZ', None, None)
"""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from gis.config import PACKAGE_LAYERS
from gis.errors import LayerError

OZP_LAYERS = ("ZONE", "PLAN_SCHEME_AREA", "BHC", "AMENDMENT_ITEM")
"""The four layers of the Board's data dictionary (here, not in :mod:`gis.ozp`, so that the
command line can list them without importing GeoPandas)."""

FAMILIES_FILE = PACKAGE_LAYERS / "zone_families.csv"
_SUB_NUMBER = re.compile(r"^(?:(\d+)|\((\d+)\))$")
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}
_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"


@functools.cache
def _table() -> pd.DataFrame:
    try:
        df = pd.read_csv(FAMILIES_FILE, encoding="utf-8", dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise LayerError("the zone family table is missing", source=FAMILIES_FILE) from None
    return df.set_index("family", drop=False)


def zone_families() -> pd.DataFrame:
    """The zone families: code, bilingual name, category, customary colour (a copy).

    >>> zone_families().loc["G/IC", "name_zh"]
    '政府、機構或社區'
    """
    return _table().drop(columns="aliases").copy()


@functools.cache
def _codes() -> tuple[tuple[str, str], ...]:
    """(written form, family) pairs, longest first, so ``CDA`` wins over ``C``."""
    pairs = []
    for family, aliases in zip(_table()["family"], _table()["aliases"], strict=True):
        pairs.append((family, family))
        pairs += [(a.strip().upper(), family) for a in aliases.split(";") if a.strip()]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def normalise_label(label: object) -> str:
    """Half-width, upper-case, no spaces: ``"ｇ / ic （1）"`` -> ``"G/IC(1)"``."""
    if label is None or (isinstance(label, float) and label != label):
        return ""
    text = unicodedata.normalize("NFKC", str(label))
    return re.sub(r"\s+", "", text).upper()


def parse_label(label: object) -> tuple[str, str | None, str | None]:
    """Split a zone label into (normalised label, family, sub-number); family None if unknown."""
    code = normalise_label(label)
    for written, family in _codes():
        if not code.startswith(written):
            continue
        match = _SUB_NUMBER.match(code[len(written) :]) if code != written else None
        if code == written:
            return family, family, None
        if match:
            sub = match.group(1) or match.group(2)
            return family + (sub if match.group(1) else f"({sub})"), family, sub
    return code, None, None


def clean_en(text: object) -> str | None:
    """An English annotation made readable; None when blank (the Board's single space).

    >>> clean_en("RESEARCH AND  DEVELOPMENT, EDUCATION")
    'Research and Development, Education'
    >>> clean_en(" ") is None
    True
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    words = str(text).split()
    if not words:
        return None
    if any(c.islower() for c in "".join(words)):
        return " ".join(words)  # already in mixed case: keep the writer's capitals
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in _SMALL_WORDS:
            out.append(low)
        else:
            out.append(re.sub(r"(^|[-/(])([a-z])", lambda m: m.group(1) + m.group(2).upper(), low))
    return " ".join(out)


def clean_zh(text: object) -> str | None:
    r"""A Chinese annotation without line breaks or spaces between characters; None when blank.

    >>> clean_zh("綜合發展及\r\n濕地保護區")
    '綜合發展及濕地保護區'
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    joined = " ".join(str(text).split())
    joined = re.sub(rf"(?<={_CJK}) (?={_CJK})", "", joined)
    return joined or None


def _with_sub(name: str, sub: str | None, bracketed: bool, sep: str) -> str:
    if sub is None:
        return name
    return f"{name}{sep}({sub})" if bracketed else f"{name}{sep}{sub}"


def zone_names(
    code: str,
    family: str | None,
    sub: str | None,
    spuse_en: str | None,
    spuse_zh: str | None,
    desc_en: str | None,
    desc_zh: str | None,
) -> dict[str, str | None]:
    """Family and zone names, in English and Chinese, for one zone.

    >>> zone_names("OU", "OU", None, "Sewage Treatment Works", "污水處理廠", None, None)["name_zh"]
    '其他指定用途（污水處理廠）'
    """
    if family is None:
        fam_en = fam_zh = None
        name_en, name_zh = desc_en or code, desc_zh or desc_en or code
    else:
        row = _table().loc[family]
        fam_en, fam_zh = str(row["name_en"]), str(row["name_zh"])
        bracketed = code.endswith(")") and sub is not None
        name_en = _with_sub(fam_en, sub, bracketed, " ")
        name_zh = _with_sub(fam_zh, sub, bracketed, "")
    if spuse_en:
        name_en = f"{name_en} ({spuse_en})"
    if spuse_zh:
        name_zh = f"{name_zh}（{spuse_zh}）"
    return {
        "family_name_en": fam_en,
        "family_name_zh": fam_zh,
        "name_en": name_en,
        "name_zh": name_zh,
    }


def family_field(family: str | None, column: str) -> str | None:
    """One column of the family table (``colour``, ``category`` ...); None for an unknown family.

    >>> family_field("GB", "category"), family_field(None, "colour")
    ('conservation', None)
    """
    if family is None or family not in _table().index:
        return None
    return str(_table().loc[family, column])
