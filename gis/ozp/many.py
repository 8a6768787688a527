"""Many plans at once: a folder or zip of Outline Zoning Plans read, summarised and merged.

:func:`read_plans` reads every plan of a collection (a folder or zip holding one plan per file,
like the Board's ``H11.json``, or one plan per folder of layer files); :func:`plans_info`
gives one row per plan and the totals by zone family; :func:`territory` puts every zone of
every plan in one layer with its plan number and dates; :func:`overlaps` measures where zones
of different plans overlap. Areas are in HK1980 Grid (EPSG:2326).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import LayerError
from gis.formats import frame_to_markdown, plural, to_json
from gis.ozp.dates import superseded_plans
from gis.ozp.plan import Plan, from_raw, open_plan
from gis.ozp.read import plan_groups, read_raw
from gis.ozp.summary import plan_area_ha, plan_info

__all__ = [
    "describe",
    "is_collection",
    "overlaps",
    "plans_info",
    "read_plans",
    "territory",
    "write_territory",
]

MIN_OVERLAP_M2 = 1.0
"""Overlaps between zones of different plans smaller than this are digitising noise, not counted."""
_NO_PLAN = ("holds no statutory plan layer", "is not a statutory plan layer")


def is_collection(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder or zip holding more than one plan (:func:`read_plans`)."""
    src = Path(path)
    return (
        src.exists()
        and not (src.is_file() and src.suffix.lower() != ".zip")
        and (len(plan_groups(src)) > 1)
    )


def read_plans(
    path: str | os.PathLike[str], *, crs: Any = None, strict: bool = False
) -> tuple[list[Plan], list[str]]:
    """Every plan of a folder or zip, in file order, and the files that hold none.

    Parameters
    ----------
    path
        A folder or zip: one file per plan (the Board's Esri JSON, GeoJSON ...), one folder
        of layer files per plan (``S_KTN_4/ZONE.json``), or both.
    crs
        CRS to assume for a layer that declares none.
    strict
        Refuse a plan with invalid rings instead of repairing them.

    Returns
    -------
    tuple
        The plans (invalid rings repaired and recorded in each :attr:`Plan.repairs`) and
        ``"file: reason"`` for each file that holds no plan layer.

    Raises
    ------
    LayerError
        A plan that cannot be read, the same plan number twice, no plan at all.
    """
    from gis.io.crs import parse_crs

    src = Path(path)
    given = parse_crs(crs, src) if crs is not None else None
    plans: list[Plan] = []
    skipped: list[str] = []
    where: dict[str, str] = {}
    for group in plan_groups(src):
        shown = group[0][1] if len(group) == 1 else group[0][1].rsplit("/", 1)[0]
        try:
            raw = read_raw(src, given, group)
        except LayerError as exc:
            if not any(exc.problem.startswith(p) for p in _NO_PLAN):
                raise
            skipped.append(f"{Path(shown).name}: {exc.problem}")
            continue
        plan = from_raw(raw, Path(shown), strict)
        if plan.plan_no in where:
            raise LayerError(
                f"holds plan {plan.plan_no} twice ({where[plan.plan_no]} and {shown}); "
                "keep one copy of each plan",
                source=src,
            )
        where[plan.plan_no] = shown
        plans.append(plan)
    if not plans:
        raise LayerError("holds no statutory plan layer in any file", source=src)
    return plans, skipped


def territory(plans: list[Plan]) -> gpd.GeoDataFrame:
    """Every zone of every plan in one layer (EPSG:2326), with its plan number and dates.

    Columns: the zone columns of :attr:`Plan.zones` (``plan_no``, ``pub_date``, ``aprv_date``
    among them), ``id`` made unique as ``PLAN_NO:zNNN`` and ``repaired`` (its ring was repaired
    on reading).
    """
    frames = []
    for plan in plans:
        if plan.zones is None:
            continue
        z = plan.zones.copy()
        fixed = {r["feature"] - 1 for r in plan.repairs if r["layer"] == "ZONE"}
        z["id"] = plan.plan_no + ":" + z["id"].astype(str)
        z["repaired"] = [i in fixed for i in range(len(z))]
        frames.append(z)
    if not frames:
        raise LayerError("no plan has a ZONE layer: no territory to write")
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:2326")
    out.attrs.update(
        name="tpb:territory",
        layer="ZONE",
        title_en=f"Zones of {len(frames)} statutory plans",
        title_zh=f"{len(frames)} 份法定圖則的用途地帶",
        accuracy="official",
    )
    return out


def overlaps(zones: gpd.GeoDataFrame, min_m2: float = MIN_OVERLAP_M2) -> dict[str, Any]:
    """Where zones of different plans overlap: pairs, area (m², EPSG:2326), by pair of plans.

    Overlaps under ``min_m2`` are left out (digitising noise along shared plan boundaries).
    """
    geoms = zones.geometry.to_numpy()
    plan = zones["plan_no"].to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = (left < right) & (plan[left] != plan[right])
    left, right = left[keep], right[keep]
    areas = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    big = areas >= min_m2
    pairs = pd.DataFrame(
        {
            "plan_a": np.minimum(plan[left][big], plan[right][big]),
            "plan_b": np.maximum(plan[left][big], plan[right][big]),
            "area_m2": areas[big],
        }
    )
    by_plans = (
        pairs.groupby(["plan_a", "plan_b"])
        .agg(zone_pairs=("area_m2", "size"), area_m2=("area_m2", "sum"))
        .reset_index()
        .round({"area_m2": 1})
    )
    return {
        "zone_pairs": int(big.sum()),
        "area_m2": round(float(areas[big].sum()), 1),
        "min_area_m2": min_m2,
        "by_plans": by_plans.to_dict(orient="records"),
    }


def _families(zones: gpd.GeoDataFrame) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "family": zones["family"].fillna(zones["zone_code"]).astype(str),
            "family_name_en": zones["family_name_en"].fillna(zones["desc_en"]),
            "family_name_zh": zones["family_name_zh"].fillna(zones["desc_zh"]),
            "known": zones["family"].notna(),
            "plan_no": zones["plan_no"],
            "area_m2": zones.geometry.area.to_numpy(),
        }
    )
    out = (
        df.groupby("family", sort=False)
        .agg(
            family_name_en=("family_name_en", "first"),
            family_name_zh=("family_name_zh", "first"),
            plans=("plan_no", "nunique"),
            zones=("area_m2", "size"),
            area_m2=("area_m2", "sum"),
            known=("known", "first"),
        )
        .reset_index()
        .sort_values(["area_m2", "family"], ascending=[False, True], kind="stable")
    )
    out["area_ha"] = (out.pop("area_m2") / 10_000).round(2)
    return out.reset_index(drop=True)


def plans_info(plans: list[Plan], source: str, skipped: list[str] | None = None) -> dict[str, Any]:
    """One row per plan and the totals by zone family, as plain data.

    Keys: ``read_from``, ``plans`` (records: plan_no, names, pub_date, aprv_date, zones,
    area_ha, repaired, unknown_labels, source, superseded_by), ``zones_by_family`` (family,
    names, plans, zones, area_ha, known), ``totals`` (plans, zones, area_ha, repaired, unknown
    labels), ``overlaps`` (:func:`overlaps`), ``superseded`` (which plan supersedes which:
    :func:`gis.ozp.dates.superseded_plans`), ``repairs`` (with their plan number), ``skipped``.
    """
    rows: list[dict[str, Any]] = []
    for plan in plans:
        area = plan_area_ha(plan)
        unknown = ", ".join(f"{k or '(blank)'} ({v})" for k, v in plan.unknown_labels.items())
        rows.append(
            {
                "plan_no": plan.plan_no,
                "name_en": plan.name_en,
                "name_zh": plan.name_zh,
                "pub_date": plan.pub_date,
                "aprv_date": plan.aprv_date,
                "zones": 0 if plan.zones is None else len(plan.zones),
                "area_ha": None if area is None else round(area, 2),
                "repaired": len(plan.repairs),
                "unknown_labels": unknown,
                "source": Path(plan.source).name,
            }
        )
    found = overlaps(zones := territory(plans))
    areas = {r["plan_no"]: (r["area_ha"] or 0.0) * 1e4 for r in rows}  # m²
    superseded = superseded_plans(plans, areas, found["by_plans"])
    for row in rows:  # the plans that supersede it
        row["superseded_by"] = ", ".join(
            s["superseded_by"] for s in superseded if s["plan_no"] == row["plan_no"]
        )
    unknown_total = dict(sum((Counter(p.unknown_labels) for p in plans), Counter()))
    return {
        "read_from": source,
        "plans": rows,
        "zones_by_family": _families(zones).to_dict(orient="records"),
        "totals": {
            "plans": len(plans),
            "zones": len(zones),
            "area_ha": round(sum(r["area_ha"] or 0.0 for r in rows), 2),
            "repaired": sum(len(p.repairs) for p in plans),
            "unknown_labels": unknown_total,
        },
        "overlaps": found,
        "superseded": superseded,
        "repairs": [{"plan_no": p.plan_no, **r} for p in plans for r in p.repairs],
        "skipped": list(skipped or []),
    }


def describe(
    path_or_name: str | os.PathLike[str], *, crs: Any = None, strict: bool = False
) -> dict[str, Any]:
    """What ``technopole ozp info`` shows: :func:`plans_info` for a folder or zip of several
    plans, else :func:`gis.ozp.plan_info` of the one plan.

    Parameters
    ----------
    path_or_name
        A plan (folder, zip, file or shipped number) or a collection of plans.
    crs
        CRS to assume for a layer that declares none.
    strict
        Refuse invalid rings instead of repairing them.

    Returns
    -------
    dict
    """
    if is_collection(path_or_name):
        plans, skipped = read_plans(path_or_name, crs=crs, strict=strict)
        if len(plans) > 1 or skipped:
            return plans_info(plans, str(path_or_name), skipped)
        return plan_info(plans[0])
    return plan_info(open_plan(path_or_name, crs=crs, strict=strict))


def write_territory(
    path: str | os.PathLike[str],
    to: str | os.PathLike[str],
    *,
    force: bool = False,
    crs: Any = None,
    strict: bool = False,
) -> tuple[Path, int, list[str]]:
    """Write every zone of every plan at ``path`` as one layer (:func:`territory`).

    Returns
    -------
    tuple
        The written path, its number of zones and the lines to tell the user (plans read,
        repairs, overlaps between plans, files skipped).
    """
    from gis.io.layers import write_layer
    from gis.io.repair import repairs_note

    plans, skipped = read_plans(path, crs=crs, strict=strict)
    zones = territory(plans)
    written = write_layer(zones, to, force=force)
    notes = [plural(len(plans), "plan")]
    for plan in plans:
        if plan.repairs:
            notes.append(f"{plan.plan_no}: {repairs_note(plan.repairs)}")
    found = overlaps(zones)
    notes.append(
        f"zones of different plans overlap: {found['zone_pairs']} pairs, "
        f"{found['area_m2']:,.1f} m² (EPSG:2326; overlaps under {found['min_area_m2']:g} m² "
        "not counted)"
    )
    notes += [f"skipped {s}" for s in skipped]
    return written, len(zones), notes


def convert(
    path_or_name: str | os.PathLike[str],
    to: str | os.PathLike[str],
    *,
    layer: str = "ZONE",
    force: bool = False,
    crs: Any = None,
    strict: bool = False,
) -> tuple[Path, int, list[str]]:
    """What ``technopole ozp convert`` does: one layer of a plan (:func:`gis.ozp.convert_plan`),
    or the territory of a folder or zip of plans (:func:`write_territory`, zones only).

    Returns
    -------
    tuple
        The written path, its number of features and the lines to tell the user.
    """
    from gis.io.repair import repairs_note
    from gis.ozp.plan import convert_plan

    if is_collection(path_or_name):
        if str(layer).upper() != "ZONE":
            raise LayerError(
                f"holds several plans: --layer {layer} is for one plan; their zones make one "
                "territory layer (--layer ZONE)",
                source=str(path_or_name),
            )
        return write_territory(path_or_name, to, force=force, crs=crs, strict=strict)
    written, count, repairs = convert_plan(
        path_or_name, to, layer=layer, force=force, crs=crs, strict=strict
    )
    return written, count, [repairs_note(repairs)] if repairs else []


def _totals(info: dict[str, Any]) -> pd.DataFrame:
    t, o = info["totals"], info["overlaps"]
    unknown = ", ".join(f"{k or '(blank)'} ({v})" for k, v in t["unknown_labels"].items())
    rows = [
        ("plans", t["plans"]),
        ("zones", t["zones"]),
        ("area (sum of plans)", f"{t['area_ha']:,.2f} ha (EPSG:2326)"),
        ("repaired features", t["repaired"]),
        ("unknown labels", unknown or "none"),
        (
            "overlaps between plans",
            f"{o['zone_pairs']} zone pairs, {o['area_m2']:,.1f} m² (under "
            f"{o['min_area_m2']:g} m² not counted)",
        ),
        ("skipped files", "; ".join(info["skipped"]) or "none"),
        ("read from", info["read_from"]),
    ]
    return pd.DataFrame([(k, str(v)) for k, v in rows], columns=["item", "value"])


def plans_frames(info: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """:func:`plans_info` as titled tables for the terminal."""
    frames = {
        f"Statutory plans ({info['totals']['plans']})": pd.DataFrame(info["plans"]).drop(
            columns="source"
        ),
        "Zones by family, all plans (areas in ha, EPSG:2326)": pd.DataFrame(
            info["zones_by_family"]
        ),
        "Totals": _totals(info),
    }
    if info.get("superseded"):
        frames["Superseded plans (by number, date, area)"] = pd.DataFrame(info["superseded"])
    if info["repairs"]:
        frames["Repaired features (areas in m², EPSG:2326)"] = pd.DataFrame(info["repairs"])
    return frames


def render_plans(info: dict[str, Any], fmt: str) -> str:
    """:func:`plans_info` as ``json``, ``csv`` (one row per plan) or ``markdown``."""
    if fmt == "json":
        return to_json(info)
    if fmt == "csv":
        return pd.DataFrame(info["plans"]).to_csv(index=False)
    if fmt != "markdown":
        raise ValueError(f"unknown format {fmt!r}; expected json, csv or markdown")
    lines = [f"# {plural(info['totals']['plans'], 'statutory plan')}", ""]
    for title, frame in plans_frames(info).items():
        lines += [f"## {title}", "", frame_to_markdown(frame), ""]
    return "\n".join(lines)
