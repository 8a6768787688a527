"""Statutory plans (Outline Zoning Plans) of the Town Planning Board: read any of the Board's
formats, name the zones, turn building-height controls into height bands, summarise a plan.
"""

from __future__ import annotations

from gis.ozp.labels import OZP_LAYERS
from gis.ozp.plan import (
    ACCURACY,
    ATTRIBUTION,
    LAYER_KINDS,
    SOURCE,
    Plan,
    convert,
    convert_plan,
    load_plan,
    open_plan,
    plan_layer,
    plan_names,
    read_plan,
    zone_families,
)
from gis.ozp.summary import info_frames, plan_info, render_info

__all__ = [
    "ACCURACY",
    "ATTRIBUTION",
    "LAYER_KINDS",
    "OZP_LAYERS",
    "Plan",
    "SOURCE",
    "convert",
    "convert_plan",
    "info_frames",
    "load_plan",
    "open_plan",
    "plan_info",
    "plan_layer",
    "plan_names",
    "read_plan",
    "render_info",
    "zone_families",
]
