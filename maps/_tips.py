"""Tooltip and popup content, built in Python from escaped values.

Each feature's tooltip is a list of HTML rows (name, area, GFA, plot ratio, height, source,
accuracy, ...). Rows are stored once per layer in a :class:`RowTable` and features refer to them by
number, so a row shared by thousands of parcels ("Accuracy: schematic ...") is written once. Every
user value goes through :func:`maps._escape.esc`; only the fixed tags below are markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import pandas as pd

from ._escape import esc, is_missing
from ._labels import (
    FIELDS,
    KINDS,
    LAND_USES,
    STATUSES,
    Lang,
    accuracy_pair,
    lookup,
    pick,
)
from ._prepare import AREA_COL


class RowTable:
    """Distinct tooltip rows of one layer; ``ref`` returns a row's number."""

    def __init__(self) -> None:
        self.rows: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, row: str) -> int:
        if row not in self._index:
            self._index[row] = len(self.rows)
            self.rows.append(row)
        return self._index[row]


def _num(value: Any) -> float | None:
    if is_missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _field(key: str, value_html: str, lang: Lang) -> str:
    return f'<div><span class="tp-k">{esc(pick(FIELDS[key], lang))}</span> {value_html}</div>'


def name_parts(rec: Mapping[str, Any], lang: Lang) -> list[str] | None:
    """The feature's name, escaped: ``[en, zh]`` for ``"both"``, else one (falls back to ``id``).

    The browser writes them as the tooltip's heading, the Chinese on a second line.
    """
    en, zh = esc(rec.get("name_en")), esc(rec.get("name_zh"))
    if not en and not zh:
        en = esc(rec.get("id", rec.get("zone_id")))
    if not en and not zh:
        return None
    if lang == "both" and en and zh and en != zh:
        return [en, zh]
    return [pick((en, zh), lang)]


def height_text(mpd: float | None, storeys: float | None, lang: Lang) -> str | None:
    """``"208 mPD (about 40 storeys)"`` / ``"主水平基準上208米（約40層）"``."""
    if mpd is None:
        return None
    s = f"{storeys:g}" if storeys is not None else None
    en = f"{mpd:g} mPD" + (f" (about {s} storeys)" if s else "")
    zh = f"主水平基準上{mpd:g}米" + (f"（約{s}層）" if s else "")
    if lang == "both":
        return f"{mpd:g} mPD" + (f" (about {s} storeys / 約{s}層)" if s else "")
    return en if lang == "en" else zh


def pair_value(table: dict[str, tuple[str, str]], value: Any, lang: Lang) -> str | None:
    if is_missing(value):
        return None
    return esc(pick(lookup(table, value), lang, " / "))


def feature_rows(
    rec: Mapping[str, Any],
    lang: Lang,
    kind_labels: Mapping[Any, tuple[str, str]] | None = None,
    validation: Mapping[str, Any] | None = None,
) -> list[str]:
    """Tooltip rows of one feature below its name (:func:`name_parts`): ``rec`` is its record
    (with the map's ``_area_ha``), ``validation`` its zone's validation results, if any.
    """
    rows: list[str] = []
    label = rec.get("zone_label", rec.get("ZONE_LABEL"))
    if not is_missing(label):
        rows.append(_field("zone_label", esc(label), lang))
    if not is_missing(rec.get("zone_id")):
        rows.append(_field("zone_id", esc(rec["zone_id"]), lang))
    if not is_missing(rec.get("kind")):
        pair = (kind_labels or {}).get(rec["kind"]) or lookup(KINDS, rec["kind"])
        rows.append(_field("kind", esc(pick(pair, lang, " / ")), lang))
    for key, table, col in (("land_use", LAND_USES, "land_use"), ("status", STATUSES, "status")):
        value = pair_value(table, rec.get(col), lang)
        if value:
            rows.append(_field(key, value, lang))
    if not is_missing(rec.get("use")):
        rows.append(_field("use", esc(rec["use"]), lang))
    area_ha = _num(rec.get(AREA_COL))
    if area_ha is not None:
        unit = "公頃" if lang == "zh" else "ha"
        rows.append(_field("area", f"{area_ha:,.2f} {unit}", lang))
    rows.extend(_capacity_rows(rec, area_ha, lang, validation))
    height = height_text(_num(rec.get("height_mpd")), _num(rec.get("storeys")), lang)
    if height:
        rows.append(_field("height", esc(height), lang))
    cover = _num(rec.get("site_coverage"))
    if cover is not None:
        rows.append(_field("site_coverage", f"{cover * 100 if cover <= 1 else cover:.0f}%", lang))
    if not is_missing(rec.get("source")):
        rows.append(_field("source", esc(rec["source"]), lang))
    rows.extend(_provenance_rows(rec, lang))
    return rows


def _provenance_rows(rec: Mapping[str, Any], lang: Lang) -> list[str]:
    """Accuracy (official: plan and gazette date; schematic: not an official boundary) and the
    attribution the data's licence asks for.
    """
    rows = []
    if not is_missing(rec.get("accuracy")):
        derived = not is_missing(rec.get("derived_from")) and is_missing(rec.get("zone_label"))
        pair = accuracy_pair(rec["accuracy"], rec.get("plan_no"), rec.get("pub_date"), derived)
        acc = esc(pick(pair, lang, " / "))
        cls = ' class="tp-schematic"' if str(rec["accuracy"]).lower() == "schematic" else ""
        rows.append(_field("accuracy", f"<span{cls}>{acc}</span>", lang))
    if not is_missing(rec.get("attribution")):
        rows.append(_field("attribution", esc(rec["attribution"]), lang))
    status = superseded(rec.get("plan_no"), lang)
    if status:  # a dated plan says so on every feature (layers/manifest.yaml)
        rows.append(_field("plan_status", f'<span class="tp-schematic">{esc(status)}</span>', lang))
    return rows


@cache
def superseded(plan_no: Any, lang: Lang) -> str | None:
    """What superseded the plan ``plan_no`` in ``lang`` ("superseded by the San Tin Technopole
    OZP (approved 2024-09-20)"), as ``layers/manifest.yaml`` records it; None if nothing did.
    """
    from gis.ozp import recorded_supersession, superseded_text

    if is_missing(plan_no):
        return None
    return superseded_text(recorded_supersession(str(plan_no)), lang)


def _capacity_rows(
    rec: Mapping[str, Any], area_ha: float | None, lang: Lang, validation: Mapping[str, Any] | None
) -> list[str]:
    """GFA, capacity, capacity use and plot ratio, from validation results or the feature itself."""
    v: Mapping[str, Any] = validation if validation is not None else {}
    gfa = _num(v.get("gfa_m2")) if "gfa_m2" in v else _num(rec.get("gfa_m2"))
    capacity = _num(v.get("capacity_m2"))
    use = _num(v.get("utilisation"))
    ratio = _num(v.get("implied_plot_ratio"))
    if ratio is None:
        ratio = _num(rec.get("plot_ratio"))
    if ratio is None and gfa is not None and area_ha:
        ratio = gfa / (area_ha * 10_000.0)
    rows = []
    if gfa is not None:
        rows.append(_field("gfa", f"{gfa:,.0f} m²", lang))
    if capacity is not None:
        rows.append(_field("capacity", f"{capacity:,.0f} m²", lang))
    if use is not None:
        over = str(v.get("status", "")).lower() == "over_capacity"
        flag = esc(pick(("over capacity", "超出容量"), lang, " / ")) if over else ""
        text = f"{use * 100:.0f}%" + (f' <span class="tp-over">{flag}</span>' if over else "")
        rows.append(_field("utilisation", text, lang))
    if ratio is not None:
        rows.append(_field("plot_ratio", f"{ratio:.2f}", lang))
    return rows


def category_pairs(
    gdf: pd.DataFrame, column: str, table: dict[str, tuple[str, str]]
) -> dict[Any, tuple[str, str]]:
    """Bilingual label of each category: the table's, else the one zone name all its rows share."""
    out: dict[Any, tuple[str, str]] = {}
    for value, rows in gdf.groupby(column, sort=False, dropna=True):
        pair = lookup(table, value)
        if pair[1] == "" and {"name_en", "name_zh"} <= set(rows.columns):
            names = rows[["name_en", "name_zh"]].drop_duplicates()
            if len(names) == 1:
                en, zh = names.iloc[0]
                pair = (
                    str(en) if not is_missing(en) else pair[0],
                    str(zh) if not is_missing(zh) else "",
                )
        out[value] = pair
    return out
