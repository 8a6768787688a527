"""The canonical use categories of an HSITP GFA allocation table (§3.1.3, Table 3.1).

Planners write the same use many ways ("Wet labs & advanced manufacturing", "濕實驗室",
"wet lab"); :func:`match_use` maps each to one stable id. The seed's Phase 1 split itself
(shares and GFA) is data, written once: ``layers/loop_gfa_phase1.csv``
(``gis.load_table("loop.gfa_phase1")``).

Examples
--------
>>> match_use("濕實驗室及先進製造")
'wet_lab_mfg'
>>> match_use("Dry labs & offices")
'dry_lab_office'
>>> match_use("Data centre") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gis.errors import closest, did_you_mean

TABLE_3_1_SOURCE = "§3.1.3 Table 3.1"


@dataclass(frozen=True)
class UseCategory:
    """One canonical use of the allocation table.

    Attributes
    ----------
    id
        Stable identifier, e.g. ``"wet_lab_mfg"``.
    name_en, name_zh
        English name and the exact Table 3.1 wording (seed 004_281f81e4466a18af.txt §3.1.3).
    source
        Where the category is defined.
    aliases
        Other ways planners write it (English and Chinese); matched after :func:`normalise_name`.
    """

    id: str
    name_en: str
    name_zh: str
    source: str
    aliases: tuple[str, ...]


USES: tuple[UseCategory, ...] = (
    UseCategory(
        "wet_lab_mfg",
        "Wet labs & advanced manufacturing",
        "濕實驗室及先進製造",
        TABLE_3_1_SOURCE,
        (
            "Wet labs and advanced manufacturing",
            "Wet lab and advanced manufacturing",
            "Wet labs",
            "Wet lab",
            "Advanced manufacturing",
            "濕實驗室",
            "先進製造",
            "濕實驗室及先進製造業",
            "濕實驗室和先進製造",
        ),
    ),
    UseCategory(
        "dry_lab_office",
        "Dry labs & offices",
        "乾實驗室及辦公室",
        TABLE_3_1_SOURCE,
        (
            "Dry labs and offices",
            "Dry lab and office",
            "Dry labs",
            "Dry lab",
            "Offices",
            "Office",
            "乾實驗室",
            "辦公室",
            "寫字樓",
            "乾實驗室和辦公室",
        ),
    ),
    UseCategory(
        "uir",
        "University-industry-research base",
        "產學研基地",
        TABLE_3_1_SOURCE,
        (
            "University-Industry-Research",
            "University-industry-research base",
            "University industry research",
            "UIR",
            "UIR base",
            "Industry-academia-research base",
            "Industry-academia-research",
            "Industry-university-research base",
            "Industry-university-research",
            "University-industry-research",
            "產學研",
            "產學研區",
        ),
    ),
    UseCategory(
        "talent_housing",
        "Talent apartments & visitor accommodation",
        "人才公寓及訪客住所",
        TABLE_3_1_SOURCE,
        (
            "Talent apartments and visitor accommodation",
            "Talent apartments",
            "Talent apartment",
            "Talent accommodation",
            "Talent housing",
            "Visitor accommodation",
            "人才公寓",
            "訪客住所",
            "訪客住宿",
            "人才住宿",
            "人才住房",
        ),
    ),
    UseCategory(
        "commercial_mixed",
        "Commercial, other supporting facilities & mixed use",
        "商業及其它支援設施、混合用途",
        TABLE_3_1_SOURCE,
        (
            "Commercial, other supporting facilities and mixed use",
            "Commercial",
            "Retail",
            "Mixed use",
            "Mixed-use",
            "Supporting facilities",
            "Other supporting facilities",
            "商業",
            "混合用途",
            "支援設施",
            "其它支援設施",
            "其他支援設施",
            "商業及其他支援設施、混合用途",
        ),
    ),
)
USE_IDS: tuple[str, ...] = tuple(u.id for u in USES)
_BY_ID = {u.id: u for u in USES}


_AND = re.compile(r"&|\band\b|及|和|與|与|＆")
# Simplified characters of the words tables use, and their Traditional forms: names are folded
# to Traditional before matching, so "湿实验室及先进制造" is wet_lab_mfg, "总楼面面积" a GFA
# header.
_S2T = str.maketrans(
    "规总楼积湿实验进制干产学访业设办计数与区带盘编号筑层顷万备资来占划类别发创据医疗卫药会议览处净准综写园质项额应",
    "規總樓積濕實驗進製乾產學訪業設辦計數與區帶盤編號築層頃萬備資來佔劃類別發創據醫療衛藥會議覽處淨準綜寫園質項額應",
)


def traditional(text: str) -> str:
    """Fold the Simplified characters of table vocabulary to Traditional (for matching only).

    Parameters
    ----------
    text
        A name, header or cell as written.

    Returns
    -------
    str
        The text with those characters replaced; everything else unchanged.

    Examples
    --------
    >>> traditional("总楼面面积（万平方米）")
    '總樓面面積（萬平方米）'
    """
    return str(text).translate(_S2T)


def normalise_name(name: str) -> str:
    """Fold a name for matching: NFKC, case-fold, "&"/"and"/"及" alike, no punctuation or spaces.

    Parameters
    ----------
    name
        A use or label as written.

    Returns
    -------
    str
        The folded key (letters and digits only).

    Examples
    --------
    >>> normalise_name("Wet Labs & Advanced-Manufacturing")
    'wetlabsandadvancedmanufacturing'
    >>> normalise_name("濕實驗室及先進製造") == normalise_name("湿实验室及先进制造")
    True
    """
    text = traditional(unicodedata.normalize("NFKC", str(name)).casefold())
    text = _AND.sub("and", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for use in USES:
        for alias in (use.id, use.name_en, use.name_zh, *use.aliases):
            key = normalise_name(alias)
            if table.setdefault(key, use.id) != use.id:  # pragma: no cover - guarded by tests
                raise AssertionError(f"alias {alias!r} maps to two uses")
    return table


_ALIASES = _alias_table()
# Containment only for aliases long enough not to hit by chance ("uir" in "requirement").
_CONTAINABLE = sorted(
    ((k, v) for k, v in _ALIASES.items() if len(k) >= (2 if _has_cjk(k) else 5)),
    key=lambda kv: -len(kv[0]),
)


def match_use(name: object) -> str | None:
    """The canonical use id for a name as written, or None when it is not recognised.

    An exact alias match wins; otherwise the name must contain aliases of exactly one use
    ("Wet labs & adv. manufacturing" contains "wet lab"); names containing aliases of two
    uses ("Offices and retail") are ambiguous and give None.

    Parameters
    ----------
    name
        The use as written, in English or Chinese (None and blanks give None).

    Returns
    -------
    str or None
        The id of :data:`USES`, or None.

    Examples
    --------
    >>> match_use("人才公寓"), match_use("Offices and retail")
    ('talent_housing', None)
    """
    if name is None:
        return None
    key = normalise_name(str(name))
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    found = {use_id for alias, use_id in _CONTAINABLE if alias in key}
    return found.pop() if len(found) == 1 else None


#: How a label was matched to a use: its canonical id or name, a listed alias, a guess (it
#: contains one use's alias), or not at all.
MATCHED_BY = ("exact", "synonym", "guess", "none")
_EXACT = {normalise_name(n): u.id for u in USES for n in (u.id, u.name_en, u.name_zh)}


def match_use_how(name: object) -> tuple[str | None, str]:
    """The use a label names, and how it was matched (one of :data:`MATCHED_BY`).

    Parameters
    ----------
    name
        The use as written.

    Returns
    -------
    tuple
        ``(use_id, how)``: ``"exact"`` for the canonical id or English/Chinese name,
        ``"synonym"`` for a listed alias, ``"guess"`` when the label only contains one use's
        alias (what :func:`match_use` accepts beyond aliases), ``(None, "none")`` otherwise.

    Examples
    --------
    >>> match_use_how("產學研基地"), match_use_how("Retail")
    (('uir', 'exact'), ('commercial_mixed', 'synonym'))
    >>> match_use_how("AI / data science & offices"), match_use_how("Data centre")
    (('dry_lab_office', 'guess'), (None, 'none'))
    """
    use_id = match_use(name)
    if use_id is None:
        return None, "none"
    key = normalise_name(str(name))
    if key in _EXACT:
        return use_id, "exact"
    return use_id, "synonym" if key in _ALIASES else "guess"


def guessed_from(name: object) -> str | None:
    """The alias a guessed label contains (the longest), e.g. ``"offices"``; None otherwise.

    Examples
    --------
    >>> guessed_from("AI / data science & offices")
    'offices'
    """
    key = normalise_name(str(name))
    return next((alias for alias, _ in _CONTAINABLE if alias in key), None)


def suggest_use(name: object) -> str | None:
    """The use whose alias is closest to ``name`` (a misspelt use).

    Parameters
    ----------
    name
        A use name that :func:`match_use` did not recognise.

    Returns
    -------
    str or None
        The use id (through :func:`gis.errors.closest` on the folded aliases), or None when
        nothing is close.

    Examples
    --------
    >>> suggest_use("Talent apartmnts")
    'talent_housing'
    """
    best = closest(normalise_name(str(name)), _ALIASES, cutoff=0.6)
    return _ALIASES[best] if best is not None else None


def use_hint(name: object) -> str:
    """The hint after an unknown use: the closest use with its English and Chinese names.

    Parameters
    ----------
    name
        A use name that :func:`match_use` did not recognise.

    Returns
    -------
    str
        ``" (did you mean <id> (<name_en> / <name_zh>)?)"`` (:func:`gis.errors.did_you_mean`),
        or ``""`` when nothing is close.

    Examples
    --------
    >>> use_hint("Talent apartmnts")  # doctest: +NORMALIZE_WHITESPACE
    ' (did you mean talent_housing (Talent apartments & visitor accommodation /
    人才公寓及訪客住所)?)'
    """

    def show(alias: str) -> str:
        use = _BY_ID[_ALIASES[alias]]
        return f"{use.id} ({use.name_en} / {use.name_zh})"

    return did_you_mean(normalise_name(str(name)), _ALIASES, cutoff=0.6, show=show)


def use_category(use_id: str) -> UseCategory:
    """The :class:`UseCategory` with this id.

    Parameters
    ----------
    use_id
        One of :data:`USE_IDS`.

    Returns
    -------
    UseCategory
        Its names (English and Traditional Chinese), source and aliases.

    Raises
    ------
    KeyError
        An unknown id.

    Examples
    --------
    >>> use_category("uir").name_zh
    '產學研基地'
    """
    return _BY_ID[use_id]
