"""Summaries of an Outline Zoning Plan for ``technopole ozp info``: zones by family, heights,
repaired features.

:func:`plan_info`, :func:`render_info` and :func:`info_frames` are public through
:mod:`gis.ozp`. Areas are measured in HK1980 Grid (EPSG:2326) through :func:`gis.io.area_m2`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.io.layers import area_m2
from gis.ozp.dates import recorded_supersession, superseded_text

if TYPE_CHECKING:
    from gis.ozp.plan import Plan

_ZONE_COLUMNS = [
    "family",
    "family_name_en",
    "family_name_zh",
    "spuse_en",
    "spuse_zh",
    "zones",
    "area_ha",
]


def zones_by_family(plan: Plan) -> pd.DataFrame:
    """Zones grouped by family and annotation (OU's SPUSE), largest area first.

    A zone whose label maps to no family is grouped under its own label, with ``known`` False.
    """
    z = plan.zones
    if z is None or not len(z):
        return pd.DataFrame(columns=[*_ZONE_COLUMNS, "known"])
    df = pd.DataFrame(
        {
            "family": z["family"].fillna(z["zone_code"]).astype(str),
            "family_name_en": z["family_name_en"].fillna(z["desc_en"]).fillna(z["zone_code"]),
            "family_name_zh": z["family_name_zh"].fillna(z["desc_zh"]).fillna(""),
            "spuse_en": z["spuse_en"].fillna(""),
            "spuse_zh": z["spuse_zh"].fillna(""),
            "known": z["family"].notna(),
            "area_m2": area_m2(z).to_numpy(),
        }
    )
    keys = ["family", "spuse_en"]
    out = (
        df.groupby(keys, sort=False, dropna=False)
        .agg(
            family_name_en=("family_name_en", "first"),
            family_name_zh=("family_name_zh", "first"),
            spuse_zh=("spuse_zh", "first"),
            zones=("area_m2", "size"),
            area_m2=("area_m2", "sum"),
            known=("known", "first"),
        )
        .reset_index()
    )
    out["area_ha"] = (out["area_m2"] / 10_000).round(2)
    out["known"] = out["known"].astype(bool)
    out = out.sort_values(["area_m2", "family"], ascending=[False, True], kind="stable")
    return out[[*_ZONE_COLUMNS, "known"]].reset_index(drop=True)


def height_controls(plan: Plan) -> pd.DataFrame | None:
    """Height controls grouped by type and value (features, area); None without a BHC layer."""
    b = plan.height_bands
    if b is None:
        return None
    df = pd.DataFrame(
        {
            "bhc_type": b["bhc_type"],
            "name_en": b["name_en"],
            "name_zh": b["name_zh"],
            "height_mpd": b["height_mpd"],
            "storeys": b["storeys"],
            "area_m2": area_m2(b).to_numpy(),
        }
    )
    out = (
        df.groupby(["bhc_type", "name_en"], sort=True)
        .agg(
            name_zh=("name_zh", "first"),
            height_mpd=("height_mpd", "first"),
            storeys=("storeys", "first"),
            features=("area_m2", "size"),
            area_m2=("area_m2", "sum"),
        )
        .reset_index()
    )
    out["area_ha"] = (out["area_m2"] / 10_000).round(2)
    return out.drop(columns="area_m2")


def plan_area_ha(plan: Plan) -> float | None:
    """The planning scheme area in hectares (else the zones' union), in EPSG:2326."""
    layer = plan.boundary if plan.boundary is not None else plan.zones
    if layer is None:
        return None
    if plan.boundary is None:
        return float(layer.geometry.union_all().area) / 10_000
    return float(area_m2(layer).sum()) / 10_000


def plan_info(plan: Plan) -> dict[str, Any]:
    """The plan's particulars, zones by family, height controls and repairs, as plain data.

    Keys: the :meth:`Plan.provenance` items, ``read_from``, ``layers``, ``plan_area_ha``,
    ``zones`` (count), ``zones_by_family`` (records: family, names, SPUSE, zones, area_ha;
    areas in EPSG:2326), ``height_controls`` (None without a BHC layer),
    ``unknown_labels`` (label -> zones), ``repaired`` (count), ``repairs`` (records:
    layer, feature, label, reason, area before/after/change in m² of EPSG:2326) and
    ``superseded_by`` (what ``layers/manifest.yaml`` records of the plan that replaced it, or
    None; :func:`gis.ozp.dates.recorded_supersession`).

    Parameters
    ----------
    plan
        A plan (:func:`gis.ozp.open_plan`).

    Returns
    -------
    dict

    Examples
    --------
    >>> from gis.ozp import load_plan
    >>> info = plan_info(load_plan("S/LMCL/2"))
    >>> info["plan_area_ha"], info["zones"], info["zones_by_family"][0]["area_ha"], info["repaired"]
    (104.12, 18, 38.57, 0)
    """
    heights = height_controls(plan)
    area = plan_area_ha(plan)
    return {
        **plan.provenance(),
        "read_from": plan.source,
        "layers": list(plan.layers),
        "plan_area_ha": round(area, 2) if area is not None else None,
        "zones": 0 if plan.zones is None else len(plan.zones),
        "zones_by_family": zones_by_family(plan).to_dict(orient="records"),
        "height_controls": None if heights is None else heights.to_dict(orient="records"),
        "unknown_labels": dict(plan.unknown_labels),
        "repaired": len(plan.repairs),
        "repairs": [dict(r) for r in plan.repairs],
        "superseded_by": recorded_supersession(plan.plan_no),
    }


def _header_lines(info: dict[str, Any]) -> list[tuple[str, Any]]:
    names = " ".join(n for n in (info["plan_name_en"], info["plan_name_zh"]) if n)
    return [
        ("plan", f"{info['plan_no']} {names}".strip()),
        ("gazetted (PUB_DATE)", info["pub_date"]),
        ("approved (APRV_DATE)", info["aprv_date"]),
        ("section", info["sect_no"]),
        ("scale", f"1:{info['plan_scale']:,}" if info["plan_scale"] else None),
        ("layers", ", ".join(info["layers"])),
        (
            "plan area",
            f"{info['plan_area_ha']:,.2f} ha (EPSG:2326)"
            if info["plan_area_ha"] is not None
            else None,
        ),
        ("zones", info["zones"]),
        (
            "unknown labels",
            ", ".join(f"{k or '(blank)'} ({v})" for k, v in info["unknown_labels"].items())
            or "none",
        ),
        ("repaired features", _repaired_line(info)),
        ("status", superseded_text(info.get("superseded_by"), "both")),
        ("status: source", (info.get("superseded_by") or {}).get("source")),
        ("source", info["source"]),
        ("accuracy", info["accuracy"]),
        ("attribution", info["attribution"]),
    ]


def _repaired_line(info: dict[str, Any]) -> str:
    from gis.io.repair import describe_repairs

    repairs = info.get("repairs") or []
    if not repairs:
        return "none"
    total = sum(r["area_change_m2"] or 0.0 for r in repairs)
    return (
        f"{len(repairs)} (invalid rings made valid; area change {total:+,.2f} m², EPSG:2326): "
        + describe_repairs(repairs)
    )


def render_info(info: dict[str, Any], fmt: str) -> str:
    """:func:`plan_info` as ``json``, ``csv`` (zones by family, with the plan number) or
    ``markdown`` text.

    Parameters
    ----------
    info
        As :func:`plan_info` returns it.
    fmt
        ``json``, ``csv`` or ``markdown``.

    Returns
    -------
    str
    """
    from gis.formats import frame_to_markdown, to_json

    families = pd.DataFrame(info["zones_by_family"], columns=[*_ZONE_COLUMNS, "known"])
    if fmt == "json":
        return to_json(info)
    if fmt == "csv":
        families.insert(0, "plan_no", info["plan_no"])
        return families.to_csv(index=False)
    if fmt != "markdown":
        raise ValueError(f"unknown format {fmt!r}; expected json, csv or markdown")
    lines = [f"# {info['plan_no']}", ""]
    lines += [f"- {key}: {value}" for key, value in _header_lines(info) if value is not None]
    lines += ["", "## Zones by family (areas in ha, EPSG:2326)", "", frame_to_markdown(families)]
    if info["height_controls"] is not None:
        heights = pd.DataFrame(info["height_controls"])
        lines += ["", "## Building height controls", "", frame_to_markdown(heights)]
    if info.get("repairs"):
        repairs = frame_to_markdown(pd.DataFrame(info["repairs"]))
        lines += ["", "## Repaired features (invalid rings; areas in m², EPSG:2326)", "", repairs]
    return "\n".join(lines) + "\n"


def header_frame(info: dict[str, Any]) -> pd.DataFrame:
    """The plan's particulars as a two-column table for the terminal."""
    rows = [(k, str(v)) for k, v in _header_lines(info) if v is not None]
    return pd.DataFrame(rows, columns=["item", "value"])


def info_frames(info: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """:func:`plan_info` as titled tables for the terminal (particulars, zones, heights, repairs).

    Parameters
    ----------
    info
        As :func:`plan_info` returns it.

    Returns
    -------
    dict
        Title -> table.
    """
    frames = {
        f"Statutory plan {info['plan_no']}": header_frame(info),
        "Zones by family (areas in ha, EPSG:2326)": pd.DataFrame(info["zones_by_family"]),
    }
    if info["height_controls"] is not None:
        frames["Building height controls"] = pd.DataFrame(info["height_controls"])
    if info.get("repairs"):
        title = "Repaired features (invalid rings; areas in m², EPSG:2326)"
        frames[title] = pd.DataFrame(info["repairs"])
    return frames
