"""Build the layers of a :class:`gis.ozp.Plan` from the Board's raw layers.

Internal: :func:`gis.ozp.read_plan` is the entry point. Each builder returns a layer in
EPSG:2326 with an ``id`` and bilingual ``name_en``/``name_zh``; :func:`with_provenance` adds the
plan's particulars as columns and ``attrs``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from gis.errors import LayerError
from gis.ozp import labels
from gis.ozp.bhc import bhc_to_bands
from gis.ozp.read import RawLayer

if TYPE_CHECKING:
    from gis.ozp.plan import Plan

SOURCE = "Town Planning Board, Digital Planning Data of statutory plans"
ACCURACY = "official"
_TITLES = {
    "ZONE": ("Zones", "用途地帶"),
    "PLAN_SCHEME_AREA": ("Planning scheme area", "規劃區"),
    "BHC": ("Building height controls", "建築物高度管制"),
    "AMENDMENT_ITEM": ("Amendment items", "修訂項目"),
}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a string, a date or a timestamp (GML reads dates as timestamps)."""
    if hasattr(value, "strftime") and value is not pd.NaT:
        return value.strftime("%Y-%m-%d")
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[ T].*)?", text or "")
    return "-".join(match.groups()) if match else text


def particulars(raw: dict[str, RawLayer], src: Path) -> dict[str, Any]:
    """The plan number (one across all layers) and, from PLAN_SCHEME_AREA, names and dates."""
    numbers: dict[str, str] = {}
    for layer in raw.values():
        for value in layer.frame["PLAN_NO"]:
            if text := _text(value):
                numbers.setdefault(text, layer.source)
    if not numbers:
        raise LayerError("PLAN_NO is empty in every feature: no plan number", source=src)
    if len(numbers) > 1:
        raise LayerError(
            f"holds more than one plan ({', '.join(numbers)}); read one plan at a time", source=src
        )
    row = _records(raw["PLAN_SCHEME_AREA"].frame)[0] if "PLAN_SCHEME_AREA" in raw else {}
    scale = _text(row.get("PLAN_SCALE"))
    return {
        "plan_no": next(iter(numbers)),
        "name_en": _text(row.get("NAME_ENG")),
        "name_zh": _text(row.get("NAME_CHT")),
        "pub_date": _date(row.get("PUB_DATE")),
        "aprv_date": _date(row.get("APRV_DATE")),
        "sect_no": _text(row.get("SECT_NO")),
        "plan_scale": int(float(scale)) if scale else None,
        "source": str(src),
    }


def _records(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The attributes of each feature, without the geometry."""
    return frame.drop(columns=frame.geometry.name).to_dict(orient="records")


def zones(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    """Zones with their label, sub-number and annotation kept and family names added."""
    f = raw.frame
    rows = []
    for pos, rec in enumerate(_records(f)):
        code, family, sub = labels.parse_label(rec.get("ZONE_LABEL"))
        spuse_en = labels.clean_en(rec.get("SPUSE_ENG"))
        spuse_zh = labels.clean_zh(rec.get("SPUSE_CHT"))
        desc_en, desc_zh = _text(rec.get("DESC_ENG")), labels.clean_zh(rec.get("DESC_CHT"))
        row = {
            "id": f"z{pos + 1:03d}",
            "zone_label": _text(rec.get("ZONE_LABEL")) or "",
            "zone_code": code,
            "family": family,
            "sub_no": sub,
            "spuse_en": spuse_en,
            "spuse_zh": spuse_zh,
            "desc_en": desc_en,
            "desc_zh": desc_zh,
        }
        row.update(labels.zone_names(code, family, sub, spuse_en, spuse_zh, desc_en, desc_zh))
        row["category"] = labels.family_field(family, "category")
        row["colour"] = labels.family_field(family, "colour")
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def scheme_area(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    """The planning scheme area: its names (the plan number when unnamed), section, scale."""
    f = raw.frame
    rows = [
        {
            "id": f"psa{pos + 1:02d}",
            "name_en": _text(rec.get("NAME_ENG")) or plan.plan_no,
            "name_zh": _text(rec.get("NAME_CHT")) or plan.plan_no,
            "sect_no": plan.sect_no,
            "plan_scale": plan.plan_scale,
        }
        for pos, rec in enumerate(_records(f))
    ]
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def bhc(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    """Building height controls as height bands (:func:`gis.ozp.bhc.bhc_to_bands`)."""
    return bhc_to_bands(raw.frame, raw.source).drop(columns="plan_no")


def amendments(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    """Amendment items, named in both languages."""
    f = raw.frame
    items = [_text(v) or "" for v in f["AMEND_ITEM"]]
    rows = [
        {
            "id": f"am{pos + 1:03d}",
            "amend_item": item,
            "name_en": f"Amendment Item {item}",
            "name_zh": f"修訂項目{item}",
        }
        for pos, item in enumerate(items)
    ]
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def with_provenance(gdf: gpd.GeoDataFrame, plan: Plan, kind: str, source: str) -> gpd.GeoDataFrame:
    """Add the plan's provenance as columns (before the geometry) and as ``attrs``."""
    dated = f"{plan.plan_no}" + (f", gazetted {plan.pub_date}" if plan.pub_date else "")
    columns = {
        "plan_no": plan.plan_no,
        "plan_name_en": plan.name_en,
        "plan_name_zh": plan.name_zh,
        "pub_date": plan.pub_date,
        "aprv_date": plan.aprv_date,
        "source": f"{SOURCE} ({dated})",
        "accuracy": ACCURACY,
    }
    geom = gdf.geometry.name
    out = gdf.drop(columns=geom)
    for col, value in columns.items():
        out[col] = value
    out = gpd.GeoDataFrame(out, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    title_en, title_zh = _TITLES[kind]
    out.attrs.update(
        plan.provenance(),
        name=f"tpb:{plan.plan_no}/{kind}",
        layer=kind,
        source=source,
        source_ref=f"{SOURCE} ({dated})",
        title_en=f"{plan.plan_no} {title_en}",
        title_zh=f"{plan.plan_no} {title_zh}",
    )
    return out


def refusal(repairs: list[dict[str, Any]]) -> str:
    """The ``--strict`` refusal of a plan with invalid rings: one line naming each feature."""
    named = []
    for r in repairs:
        what = f"{r['layer']} feature {r['feature']}" + (f" ({r['label']})" if r["label"] else "")
        named.append(f"{what}: invalid geometry ({r['reason']})")
    count = f"{len(repairs)} feature{'s' if len(repairs) > 1 else ''}"
    return f"{count} with invalid geometry (--strict refuses them): " + "; ".join(named)
