"""Provision on the interactive map: the open-space and G/IC zones with the residents they
serve (need, provided, shortfall of each HKPSG standard) in their tooltips, and a shortfall
layer, bilingual (on top of ``maps``, beside the other shared words; drawn by
``maps.web``). Drawn when the map's validation is a report made with ``--people``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

import gis.people

from . import _style as st
from ._escape import esc
from ._labels import Lang, pick
from .web import _legend as lg
from .web._layers import Built, _feature_layer
from .web._role_styles import Style

TITLES = {
    "provision": ("Provision: open space and G/IC", "設施供應：休憩用地及政府、機構或社區用地"),
    "shortfall": ("Provision shortfall (HKPSG)", "設施供應短缺（香港規劃標準與準則）"),
}
KIND = {"open_space": ("Open space", "休憩用地"), "gic": ("G/IC", "政府、機構或社區")}
COLOURS = {"open_space": "#4CAF50", "gic": "#F4ACB7"}
SHORT = "#C62828"


def _row(en: str, zh: str, value: str, lang: Lang) -> str:
    return f'<div><span class="tp-k">{esc(pick((en, zh), lang, " / "))}</span> {value}</div>'


def _standard_rows(table: pd.DataFrame, kind: str, lang: Lang) -> list[str]:
    """One row per standard that ran (open space only on open-space zones)."""
    rows = []
    for rec in table[table.ran].to_dict("records"):
        if kind != "open_space" and str(rec["standard"]).startswith("open_space"):
            continue
        word = ("shortfall", "短缺") if rec["balance"] < 0 else ("surplus", "盈餘")
        text = (
            f"{rec['need']:,.2f} / {rec['provided']:,.2f} {esc(rec['unit'])}, "
            f"{esc(pick(word, lang, ' / '))} {abs(rec['balance']):,.2f}"
        )
        rows.append(_row(str(rec["name_en"]), str(rec["name_zh"]), text, lang))
    return rows


def provision_layers(
    zones: gpd.GeoDataFrame,
    report: Any,
    *,
    lang: Lang,
    precision: int = 6,
    popup: bool = True,
    large: bool = False,
) -> list[Built]:
    """The provision layer (open-space and G/IC zones, serving the report's residents) and,
    when a standard that ran is short, the shortfall layer; none without ``report.provision``.
    """
    table = getattr(report, "provision", None)
    if table is None or not len(table) or "residents" not in report.summary:
        return []
    supply = gis.people.provision_supply(zones, gis.people.load_provision())
    kinds = pd.Series(supply.kind.to_numpy(), index=zones.index)
    served = float(report.summary["residents"])
    shown = zones[kinds != ""].assign(_kind=kinds[kinds != ""])

    def rows(rec: Mapping[str, Any]) -> list[str]:
        kind = str(rec.get("_kind", ""))
        out = [_row("Kind", "類別", esc(pick(KIND.get(kind, (kind, kind)), lang, " / ")), lang)]
        out.append(_row("Serves residents", "服務居民", f"{served:,.0f}", lang))
        return out + _standard_rows(table, kind, lang)

    def style(rec: Mapping[str, Any]) -> Style:
        colour = COLOURS.get(str(rec.get("_kind")), st.NEUTRAL)
        return st.fill(colour, opacity=0.55, line=colour, weight=2)

    name = pick(TITLES["provision"], lang, " · ")
    legend = lg.heading(name) + "".join(
        lg.swatch(pick(KIND[k], lang, " / "), COLOURS[k], COLOURS[k]) for k in KIND
    )
    built = [
        Built(
            _feature_layer(
                shown, style, rows, name=name, lang=lang, precision=precision, show=True,
                popup=popup, large=large,
            ),
            legend,
        )
    ]  # fmt: skip
    short = table[table.ran & (table.balance < 0)]
    if len(short):
        short_name = pick(TITLES["shortfall"], lang, " · ")
        hatch = st.fill(SHORT, opacity=0.15, line=SHORT, weight=3)

        def short_rows(rec: Mapping[str, Any]) -> list[str]:
            return [_row("Serves residents", "服務居民", f"{served:,.0f}", lang)] + _standard_rows(
                short, "open_space", lang
            )

        built.append(
            Built(
                _feature_layer(
                    zones.assign(_kind=kinds), lambda rec: hatch, short_rows, name=short_name,
                    lang=lang, precision=precision, show=True, popup=popup, large=large,
                ),
                lg.swatch(short_name, SHORT, SHORT, opacity=0.15),
            )
        )  # fmt: skip
    return built
