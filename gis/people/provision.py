"""Provision: what the residents need (HKPSG standards) against what the plan's zones provide.

Supply is measured on the zones in EPSG:2326 (HK1980 Grid): open space on the zones of the
open-space family (``O`` on a statutory plan, ``open_space`` on a schematic layer), with the
minimum-size rules (a space under 1 ha is not a district open space; under 500 m² it does not
count at all); a facility (playground, sports ground, pool, classrooms) only on zones or
features whose ``provides`` attribute names it. A check whose population or supply is unknown
is not run, with its reason: none passes on what was not measured.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.people.parameters import Provision
from gis.people.population import People
from gis.registry import PROVISION_CHECKS
from gis.report import CheckRecord, Issue, Severity

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["ProvisionResult", "check_provision", "provision_supply"]

_CLASS_COLUMNS = ("provides", "zone_label", "land_use", "zone_id", "zone_type")
_SHOWN = {"ha": ("ha", 10_000.0), "m2": ("m²", 1.0), "facility": ("facilities", 1.0)}
DISTRICT_SURPLUS_NOTE = (
    "assumption: district open space beyond the district need counts towards local open space"
)


@dataclass
class ProvisionResult:
    """The provision checks of one population on one plan.

    Attributes
    ----------
    issues, records
        The findings (shortfall: error for a standard, warning for an illustrative figure or
        an assumption; met: info) and each check's record (ran or not, and why).
    table
        One row per standard: ``standard, name_en, name_zh, status, unit, need, need_low,
        need_high, provided, balance, ran, detail, source`` (``balance`` < 0: shortfall).
    """

    issues: list[Issue] = field(default_factory=list)
    records: list[CheckRecord] = field(default_factory=list)
    table: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def shortfall(self) -> dict[str, float]:
        """Each standard that ran and is short, and by how much (in its unit)."""
        t = self.table
        if not len(t):
            return {}
        short = t[t.ran & (t.balance < 0)]
        return {str(k): float(-v) for k, v in zip(short.standard, short.balance, strict=True)}


def provision_supply(zones: gpd.GeoDataFrame, provision: Provision) -> pd.DataFrame:
    """Each zone's kind of provision land and area (m², measured in EPSG:2326).

    Parameters
    ----------
    zones
        The plan's zones (a statutory plan's ``zone_label``, a schematic layer's ``land_use``,
        ``zone_id`` or ``zone_type``, and optionally ``provides``: provision ids, comma-separated).
    provision
        The planning parameters (``supply``: which families and values are open space, G/IC).

    Returns
    -------
    DataFrame
        ``zone, name_en, name_zh, kind`` (``open_space``, ``gic`` or empty), ``area_m2``,
        ``provides`` (and ``classrooms``, ``places`` when the zones have them);
        ``attrs["classified"]``: False when no zone says its kind.
    """
    from gis.io import area_m2
    from gis.ozp.labels import parse_label

    supply = provision.supply
    kinds = []
    for rec in zones.drop(columns="geometry").to_dict("records"):
        kind = ""
        family = parse_label(rec["zone_label"])[1] if rec.get("zone_label") else None
        values = {str(rec.get(c)) for c in ("land_use", "zone_id", "zone_type") if rec.get(c)}
        for name, rule in supply.items():
            if family in (rule.get("families") or ()) or values & set(rule.get("values") or ()):
                kind = name
                break
        kinds.append(kind)
    id_col = next((c for c in ("zone_id", "id") if c in zones), None)
    out = pd.DataFrame(
        {
            "zone": zones[id_col].astype(str).to_numpy() if id_col else range(len(zones)),
            "name_en": zones["name_en"].to_numpy() if "name_en" in zones else None,
            "name_zh": zones["name_zh"].to_numpy() if "name_zh" in zones else None,
            "kind": kinds,
            "area_m2": area_m2(zones).to_numpy(dtype=float),
            "provides": zones["provides"].fillna("").astype(str).to_numpy()
            if "provides" in zones
            else "",
        }
    )
    for col in ("classrooms", "places"):
        if col in zones:
            out[col] = pd.to_numeric(zones[col], errors="coerce").to_numpy()
    out.attrs["classified"] = any(c in zones for c in _CLASS_COLUMNS)
    out.attrs["provides"] = "provides" in zones
    return out


def _shown(unit: str) -> tuple[str, float]:
    return _SHOWN.get(unit, (f"{unit}s", 1.0))


def _fmt(v: float, unit: str) -> str:
    return f"{v:,.2f}" if unit == "ha" else f"{v:,.1f}" if unit == "facility" else f"{v:,.0f}"


def _provided(
    sid: str, std: dict[str, Any], supply: pd.DataFrame, needs: dict[str, float]
) -> tuple[float, str]:
    """What the zones provide for a standard (in m² or a count), or (NaN, why not)."""
    if std.get("supply") == "open_space":
        if not supply.attrs.get("classified"):
            return math.nan, "the zones say no zone's kind (zone_label, land_use or zone_id)"
        areas = supply.area_m2[supply.kind == "open_space"]
        low = float(std.get("min_size_m2") or 0.0)
        if sid != "open_space_local":
            return float(areas[areas >= low].sum()), ""
        district_min = 10_000.0
        small = float(areas[(areas >= low) & (areas < district_min)].sum())
        extra = float(areas[areas >= district_min].sum()) - needs.get("open_space_district", 0.0)
        return small + max(extra, 0.0), DISTRICT_SURPLUS_NOTE
    if not supply.attrs.get("provides"):
        return math.nan, (
            f"the zones do not say which provide {sid} (a 'provides' attribute naming it)"
        )
    has = supply[[sid in {p.strip() for p in str(v).split(",")} for v in supply.provides]]
    unit = std.get("unit")
    if unit in ("ha", "m2"):
        return float(has.area_m2.sum()), ""
    if unit in ("classroom", "place"):
        col = f"{unit}s"
        counts = pd.to_numeric(has[col], errors="coerce") if col in has else None
        if counts is None or counts.isna().any():
            return math.nan, f"a zone providing {sid} does not say its '{col}'"
        return float(counts.sum()), ""
    return float(len(has)), ""


def check_provision(
    people: People, zones: gpd.GeoDataFrame | None, provision: Provision, where: str = "the zones"
) -> ProvisionResult:
    """Each provision standard: the residents' need against the supply on the zones.

    Parameters
    ----------
    people
        The residents (:func:`gis.people.people_of`).
    zones
        The plan's zones (None: every check not run).
    provision
        The planning parameters (:func:`gis.people.load_provision`).
    where
        The zones' name, for the findings.

    Returns
    -------
    ProvisionResult
    """
    supply = provision_supply(zones, provision) if zones is not None else None
    ages = provision.population.get("age_share_pct") or {}
    rows, res = [], ProvisionResult()
    needs_m2: dict[str, float] = {}
    for sid, std in provision.standards.items():
        check = PROVISION_CHECKS[sid]
        unit = std.get("unit", "m2")
        shown, factor = _shown(unit)
        per, per_max = (
            float(std["per_persons"]),
            float(std.get("per_persons_max") or std["per_persons"]),
        )
        value = std.get("value")
        why, note = "", ""
        share = 1.0
        if std.get("needs_age"):
            pct = ages.get(std["needs_age"])
            share = float(pct) / 100.0 if pct is not None else math.nan
            if pct is None:
                why = (
                    f"no share of residents aged {std['needs_age']} "
                    "(population.age_share_pct in --provision or the scenario)"
                )
        if value is None:
            why = f"no {sid} standard value (standards.{sid}.value)"
        if not people.known:
            why = people.why_not or "no residents"
        value = float(value) if value is not None else math.nan
        per_unit = value * (factor if unit == "ha" else 1.0)  # m² or a count
        need = per_unit * people.residents * share / per
        need_lo = per_unit * people.residents_low * share / per_max
        need_hi = per_unit * people.residents_high * share / per
        needs_m2[sid] = need
        provided = math.nan
        if not why and supply is None:
            why = "no zones given (--zones)"
        if not why and supply is not None:
            provided, note = _provided(sid, std, supply, needs_m2)
            if provided != provided:
                why, note = note, ""
        div = factor if unit == "ha" else 1.0
        row = {
            "standard": sid,
            "name_en": std.get("name_en"),
            "name_zh": std.get("name_zh"),
            "status": std.get("status"),
            "unit": shown,
            "need": need / div,
            "need_low": need_lo / div,
            "need_high": need_hi / div,
            "provided": provided / div,
            "balance": (provided - need) / div,
            "ran": not why,
            "detail": why or note,
            "source": std.get("source", ""),
        }
        rows.append(row)
        if why:
            res.records.append(CheckRecord(check, False, "provision", why))
            continue
        short = row["balance"] < 0
        word = "shortfall" if short else "surplus"
        msg = (
            f"{std.get('name_en')}: {people.residents:,.0f} residents "
            f"({people.residents_low:,.0f}-{people.residents_high:,.0f}) need "
            f"{_fmt(row['need'], unit)} {shown} ({value:g} {unit} per {per:,g} persons); "
            f"{where} provide {_fmt(row['provided'], unit)} {shown}: {word} of "
            f"{_fmt(abs(row['balance']), unit)} {shown}"
            + (f" ({note})" if note else "")
            + (f" [{std.get('status')}, not a standard]" if std.get("status") != "standard" else "")
        )
        sev: Severity = "info"
        if short:
            sev = "error" if std.get("status") == "standard" else "warning"
        params = {
            "name_zh": std.get("name_zh") or sid,
            "residents": people.residents,
            "need": row["need"],
            "provided": row["provided"],
            "balance": row["balance"],
            "unit": shown,
        }
        res.issues.append(
            Issue(
                check, sev, msg, feature=where, source=std.get("source"), value=row["provided"],
                expected=row["need"], code=check, params=params,
            )
        )  # fmt: skip
        detail = f"need {_fmt(row['need'], unit)} {shown}, provided {_fmt(row['provided'], unit)}"
        res.records.append(CheckRecord(check, True, "provision", detail, std.get("source")))
    res.table = pd.DataFrame(rows)
    return res
