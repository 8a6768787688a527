"""The layers of a massing view, as GeoJSON (EPSG:4326) with the figures each tooltip shows.

Heights are honest and come from the validation report of the scenario, not from the drawing:

* **envelope**: each building zone (site coverage above 0) cut by the height bands, each piece
  extruded to its height limit in mPD minus the ground level; its storeys are those the report
  counts (the band's own storeys, or the storeys under its limit at the scenario's
  floor-to-floor height), capped by the zone's own limit in the report.
* **allocation**: each building zone extruded to the whole storeys its allocated GFA needs at its
  site coverage (:func:`gis.planning.storeys_needed`) times the same floor-to-floor height
  validation uses; over-capacity zones (capacity use above 100 %) are marked.

The ground level is :data:`gis.planning.DEFAULT_GROUND_MPD` for every zone: an **assumption**
(no ground or platform levels of the Loop are available as data), derived from §3.1.4's pairing
of 14 mPD with about 2 storeys and 208 mPD with about 40.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gis import catalog, planning

from .._style import OVER_CAPACITY, utilisation_colour, zone_colour, zone_family

__all__ = ["GROUND_SOURCE", "ScenarioLayers", "bounds_2326", "scenario_layers", "site_layers"]

GROUND_SOURCE = (
    "assumption: no ground or platform level of the Loop is available as data; "
    "derived from 004_281f81e4466a18af.txt §3.1.4 (14 mPD ≈ 2 storeys, 208 mPD ≈ 40 storeys)"
)

#: Colours of the allocation by use (the use holding most of a zone's weight).
USE_COLOURS = {
    "wet_lab_mfg": "#4e79a7",
    "dry_lab_office": "#f28e2b",
    "uir": "#59a14f",
    "talent_housing": "#b07aa1",
    "commercial_mixed": "#edc948",
}
ENVELOPE_COLOUR = "#7f8fa6"
BUILDING_COLOUR = "#2f2f2f"


@dataclass
class ScenarioLayers:
    """The extruded layers of one scenario and the figures of its legend."""

    name: str
    envelope: dict[str, Any]
    allocation: dict[str, Any]
    over_capacity: list[str]
    floor_to_floor_m: float


def _collection(gdf: Any, columns: list[str]) -> dict[str, Any]:
    out = gdf[[*columns, "geometry"]].to_crs("EPSG:4326")
    parsed: dict[str, Any] = json.loads(out.to_json(na="null", drop_id=True))
    return parsed


def _accuracy(layer: str) -> str:
    return str(catalog.layer_info(layer).get("accuracy", "schematic"))


def site_layers() -> dict[str, Any]:
    """The layers every scenario shares: official zones, Batch 1 buildings, the border."""
    ozp = catalog.load_layer("loop.ozp")
    recs = ozp.drop(columns="geometry").to_dict("records")
    ozp = ozp.assign(
        colour=[zone_colour(r) for r in recs],
        family=[zone_family(r) or "" for r in recs],
        kind="official zone",
    )
    buildings = catalog.load_layer("loop.batch1_buildings").assign(kind="Batch 1 building")
    border = catalog.load_layer("context.border")
    return {
        "ozp": _collection(
            ozp,
            ["zone_label", "family", "name_en", "name_zh", "colour", "accuracy", "kind"],
        ),
        "buildings": _collection(buildings, ["name_en", "name_zh", "use", "accuracy", "kind"]),
        "border": _collection(border, ["name_en", "name_zh"]),
        "accuracy": {"ozp": "official", "buildings": _accuracy("loop.batch1_buildings")},
    }


def bounds_2326() -> tuple[float, float, float, float]:
    """Bounds of the drawn zones (``loop.zones``) in EPSG:2326."""
    x0, y0, x1, y1 = catalog.load_layer("loop.zones").to_crs("EPSG:2326").total_bounds
    return float(x0), float(y0), float(x1), float(y1)


def _dominant_use(use_zones: pd.DataFrame) -> dict[str, str]:
    best = use_zones.sort_values("weight", ascending=False).drop_duplicates("zone_id")
    return dict(zip(best["zone_id"].astype(str), best["use_id"].astype(str), strict=True))


def _use_names() -> dict[str, tuple[str, str]]:
    table = catalog.load_table("loop.gfa_phase1")
    return {
        str(u): (str(en), str(zh))
        for u, en, zh in zip(table["use_id"], table["name_en"], table["name_zh"], strict=True)
    }


def scenario_layers(
    name: str,
    report: Any,
    *,
    floor_to_floor_m: float | None = None,
    colour_by: str = "capacity",
    accuracy: str = "schematic",
) -> ScenarioLayers:
    """Envelope and allocation of one validated scenario (see the module's docstring).

    Parameters
    ----------
    name
        The scenario's name (shown in the page).
    report
        Its :class:`gis.ValidationReport` (``report.zones`` gives area, coverage, storeys, GFA).
    floor_to_floor_m
        The scenario's floor-to-floor height (None: the default validation uses).
    colour_by
        ``"capacity"`` (capacity use, over-capacity red) or ``"use"`` (the zone's main use).
    accuracy
        Accuracy of the zones (``loop.zones`` is schematic).
    """
    ftf = floor_to_floor_m or planning.DEFAULT_FLOOR_TO_FLOOR_M
    ground = planning.DEFAULT_GROUND_MPD
    zones = report.zones.reset_index()
    zones = zones.loc[zones["site_coverage"] > 0].copy()
    uses = _dominant_use(catalog.load_table("loop.use_zones"))
    names = _use_names()
    area_m2 = zones["area_ha"].to_numpy(float) * 10_000
    zones["storeys"] = planning.storeys_needed(
        zones["gfa_m2"].to_numpy(float), area_m2, zones["site_coverage"].to_numpy(float)
    )
    zones["height_m"] = zones["storeys"] * ftf
    zones["height_mpd"] = np.round(ground + zones["height_m"], 1)
    zones["over"] = zones["utilisation"].to_numpy(float) > 1.0 + 1e-9
    main_use = [uses.get(str(z), "") for z in zones["zone_id"]]
    zones["use_en"] = [names.get(u, ("", ""))[0] for u in main_use]
    zones["use_zh"] = [names.get(u, ("", ""))[1] for u in main_use]
    if colour_by == "use":
        colours = [USE_COLOURS.get(u, ENVELOPE_COLOUR) for u in main_use]
    else:
        colours = [utilisation_colour(float(u)) for u in zones["utilisation"]]
    zones["colour"] = [
        OVER_CAPACITY if o else c for o, c in zip(zones["over"], colours, strict=True)
    ]
    zones["capacity_pct"] = np.round(zones["utilisation"].to_numpy(float) * 100, 1)
    zones["gfa_m2"] = np.round(zones["gfa_m2"].to_numpy(float))
    zones = zones.assign(
        ground_mpd=round(ground, 2), ground_source=GROUND_SOURCE, accuracy=accuracy
    )
    common = ["zone_id", "name_en", "name_zh", "ground_mpd", "ground_source", "accuracy"]
    allocation = _collection(
        zones,
        [*common, "use_en", "use_zh", "gfa_m2", "storeys", "height_m", "height_mpd"]
        + ["capacity_pct", "over", "colour"],
    )
    envelope = _collection(
        _envelope_pieces(zones, floor_to_floor_m, ground),
        [*common] + ["storeys", "height_m", "height_mpd", "gfa_m2", "use_en", "use_zh"],
    )
    return ScenarioLayers(
        name=name,
        envelope=envelope,
        allocation=allocation,
        over_capacity=[str(z) for z in zones.loc[zones["over"], "zone_id"]],
        floor_to_floor_m=float(ftf),
    )


def _envelope_pieces(zones: Any, floor_to_floor_m: float | None, ground: float) -> Any:
    """Building zones cut by the height bands; each piece at its limit (capped by the zone's)."""
    import geopandas as gpd

    bands = catalog.load_layer("loop.height_bands").to_crs(zones.crs)
    keep = ["zone_id", "name_en", "name_zh", "ground_mpd", "ground_source", "accuracy"]
    keep += ["gfa_m2", "use_en", "use_zh", "storeys_max", "height_mpd_max", "geometry"]
    band_cols = bands[["height_mpd", "storeys", "geometry"]].rename(
        columns={"height_mpd": "band_mpd", "storeys": "band_storeys"}
    )
    pieces = gpd.overlay(
        gpd.GeoDataFrame(zones[keep], crs=zones.crs),
        band_cols,
        how="intersection",
        keep_geom_type=True,
    )
    pieces = pieces.loc[pieces.area > 1.0].copy()
    opts = planning.EnvelopeOptions(floor_to_floor_m=floor_to_floor_m)
    frame = pd.DataFrame({"height_mpd": pieces["band_mpd"], "storeys": pieces["band_storeys"]})
    storeys = np.minimum(opts.storeys_of(frame), pieces["storeys_max"].to_numpy(float))
    height_mpd = np.minimum(pieces["band_mpd"].to_numpy(float), pieces["height_mpd_max"])
    pieces["storeys"] = storeys.astype(int)
    pieces["height_mpd"] = height_mpd
    pieces["height_m"] = np.round(height_mpd - ground, 2)
    return pieces
