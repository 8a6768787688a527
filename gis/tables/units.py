r"""How planners write units and numbers: a vocabulary leaf any step of the reader may use.

The spellings of units (:data:`UNITS`, in headers and in cells), the square metres in each area
unit (:data:`AREA_TO_M2`), their names in messages (:data:`UNIT_NAMES`), and one number cell read
as written (:func:`parse_number`). Like :mod:`gis.tables.uses`, it knows nothing of tables.

Examples
--------
>>> parse_number("3.5 ha"), AREA_TO_M2["ha"]
((3.5, 'ha', True), 10000.0)
"""

from __future__ import annotations

import math
import re
import unicodedata

from gis.tables.uses import traditional

#: Unit spellings (after NFKC, case-fold, no spaces) and the unit each names.
UNITS = {
    "%": "%",
    "m2": "m2",
    "m^2": "m2",
    "sqm": "m2",
    "sq.m": "m2",
    "sq.m.": "m2",
    "sqm.": "m2",
    "squaremetres": "m2",
    "squaremeters": "m2",
    "平方米": "m2",
    "平方公尺": "m2",
    "ha": "ha",
    "hectare": "ha",
    "hectares": "ha",
    "公頃": "ha",
    "mpd": "mpd",
    "m": "m",
    "米": "m",
    "主水平基準以上米": "mpd",
    "米(主水平基準以上)": "mpd",
    "萬平方米": "wan_m2",
    "萬m2": "wan_m2",
    "萬平方公尺": "wan_m2",
    "萬sqm": "wan_m2",
    "'000m2": "k_m2",
    "000m2": "k_m2",
    "'000sqm": "k_m2",
    "000sqm": "k_m2",
    "千平方米": "k_m2",
    "km2": "km2",
    "平方公里": "km2",
    "sqkm": "km2",
    "sqft": "sqft",
    "sq.ft": "sqft",
    "sq.ft.": "sqft",
    "ft2": "sqft",
    "ft^2": "sqft",
    "sf": "sqft",
    "squarefeet": "sqft",
    "squarefoot": "sqft",
    "平方呎": "sqft",
    "平方尺": "sqft",
    "呎": "sqft",
    "萬平方呎": "wan_sqft",
    "萬平方尺": "wan_sqft",
    "萬sqft": "wan_sqft",
    "acre": "acre",
    "acres": "acre",
    "英畝": "acre",
}
#: Square metres in one unit of each area unit the reader converts (1 sq ft = 0.09290304 m²).
AREA_TO_M2 = {
    "m2": 1.0,
    "ha": 10_000.0,
    "wan_m2": 10_000.0,
    "k_m2": 1_000.0,
    "km2": 1_000_000.0,
    "sqft": 0.09290304,
    "wan_sqft": 929.0304,
    "acre": 4046.8564224,
}
#: How each area unit is named in messages.
UNIT_NAMES = {
    "m2": "m²",
    "ha": "ha",
    "wan_m2": "萬平方米",
    "k_m2": "'000 m²",
    "km2": "km²",
    "sqft": "sq ft",
    "wan_sqft": "萬平方呎",
    "acre": "acre",
}
HA_TO_M2 = 10_000.0

_CELL_UNIT_RE = re.compile(
    r"(%|萬平方米|萬平方公尺|萬平方呎|萬平方尺|平方呎|平方尺|千平方米|平方公里|sq\.?\s?ft\.?|sqft|ft\^?2|"
    r"km\^?2|m\^?2|sq\.?\s?m\.?|sqm|square\s?met(?:re|er)s|square\s?fe?oo?t|平方米|平方公尺|"
    r"acres?|hectares?|ha|公頃|英畝|mpd|米)$"
)
_DECIMAL_COMMA_RE = re.compile(r"[+-]?\d+,\d{1,2}|[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_NUMBER_RE = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)")
#: A decimal comma in a cell: ``52,5`` or ``1.000,5``.
DECIMAL_COMMA_CELL_RE = re.compile(r"(?<![\d,.])(?:\d+,\d{1,2}|\d{1,3}(?:\.\d{3})+,\d+)(?![\d,.])")
#: A dot before exactly three digits (``520.000``): a decimal point in Hong Kong, a thousands
#: separator where a comma is the decimal mark. Ambiguous unless the table settles it.
DOT_THREE_CELL_RE = re.compile(r"(?<![\d,.])\d{1,3}\.\d{3}(?![\d,.])")
#: Dots as thousands separators beyond doubt: ``1.000.000``.
DOT_GROUPS_CELL_RE = re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3}){2,}(?![\d,.])")
_BLANKS = {"", "-", "–", "—", "n/a", "na", "nil", "不適用", "none"}


def parse_number(raw: object) -> tuple[float, str | None, bool]:
    """Read one number cell as planners write it (full-width digits, units, brackets).

    Parameters
    ----------
    raw
        The cell: a number, or text such as ``"520,000 m²"``, ``"52%"`` or ``"(1.5)"``.

    Returns
    -------
    tuple
        ``(value, unit, ok)``: the value (NaN when blank or unreadable), the unit found in the
        cell (``"m2"``, ``"ha"``, ``"%"``, ``"mpd"``... or None) and whether the cell was
        readable (True for a blank cell).

    Examples
    --------
    >>> parse_number("５２０，０００ 平方米")
    (520000.0, 'm2', True)
    >>> parse_number("TBC")
    (nan, None, False)
    """
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw), None, True
    s = traditional(unicodedata.normalize("NFKC", str(raw or "")).casefold().strip())
    s = s.replace("\u2212", "-")
    if s in _BLANKS:
        return math.nan, None, True
    negative = s.startswith("(") and s.endswith(")")
    s = s[1:-1].strip() if negative else s
    m = _CELL_UNIT_RE.search(s)
    unit = UNITS.get(re.sub(r"\s", "", m.group(0))) if m else None
    s = s[: m.start()].strip() if m else s
    s = re.sub(r"(?<=\d)[\s'](?=\d{3}(?!\d))", ",", s)
    if _DECIMAL_COMMA_RE.fullmatch(s):  # 52,5 or 1.000,5: a decimal comma
        s = s.replace(".", "").replace(",", ".")
    if not _NUMBER_RE.fullmatch(s):
        return math.nan, None, False
    value = float(s.replace(",", ""))
    return (-value if negative else value), unit, True


def dotted_number(text: str, dots_thousands: bool) -> tuple[float | None, str | None]:
    """Read an area cell with a dot before three digits, which Hong Kong and Europe read apart.

    Parameters
    ----------
    text
        The cell as written.
    dots_thousands
        Whether the table writes dots between thousands (``1.000.000`` or a decimal comma
        somewhere in it).

    Returns
    -------
    tuple
        ``(value, None)`` read as thousands when the table writes them so, ``(None, reason)``
        when ambiguous, ``(None, None)`` when no dot rule applies.

    Examples
    --------
    >>> dotted_number("520.000", True)
    (520000.0, None)
    >>> dotted_number("520.000", False)[1][:30]
    'is ambiguous: 520 or 520,000? '
    """
    plain = unicodedata.normalize("NFKC", text)
    if dots_thousands and (DOT_GROUPS_CELL_RE.search(plain) or DOT_THREE_CELL_RE.search(plain)):
        value, _, ok = parse_number(re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", plain))
        return (value, None) if ok else (None, None)
    if DOT_THREE_CELL_RE.search(plain):
        m = DOT_THREE_CELL_RE.search(plain)
        assert m is not None
        whole, frac = m.group(0).split(".")
        return None, (
            f"is ambiguous: {float(m.group(0)):g} or {int(whole + frac):,}? (a dot before three "
            "digits is a decimal point in Hong Kong, a thousands separator elsewhere); write "
            f"{int(whole + frac)} or {whole}.{frac.rstrip('0') or '0'}"
        )
    return None, None
