"""Statutory plans (Outline Zoning Plans) of the Town Planning Board: read any of the Board's
formats, name the zones, turn building-height controls into height bands, summarise a plan or
many plans at once (a folder or zip of plans, one territory layer), check a designer's layer
against the zones (:func:`zoning_check`).
"""

from __future__ import annotations

from gis.ozp.dates import recorded_supersession, superseded_text
from gis.ozp.labels import OZP_LAYERS
from gis.ozp.many import (
    convert,
    describe,
    overlaps,
    plans_frames,
    plans_info,
    read_plans,
    render_plans,
    territory,
    write_territory,
)
from gis.ozp.plan import (
    ACCURACY,
    ATTRIBUTION,
    LAYER_KINDS,
    SOURCE,
    Plan,
    convert_plan,
    load_plan,
    open_plan,
    plan_layer,
    plan_names,
    read_plan,
    zone_families,
)
from gis.ozp.summary import info_frames, plan_info, render_info
from gis.ozp.zoning import ZoningCheck, is_building_use, zoning_check

__all__ = [
    "ACCURACY",
    "ATTRIBUTION",
    "LAYER_KINDS",
    "OZP_LAYERS",
    "Plan",
    "SOURCE",
    "convert",
    "describe",
    "convert_plan",
    "info_frames",
    "load_plan",
    "open_plan",
    "plan_info",
    "plan_layer",
    "plan_names",
    "plans_frames",
    "plans_info",
    "overlaps",
    "read_plans",
    "recorded_supersession",
    "superseded_text",
    "render_plans",
    "territory",
    "write_territory",
    "read_plan",
    "render_info",
    "zone_families",
    "ZoningCheck",
    "is_building_use",
    "zoning_check",
]
