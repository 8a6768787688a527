"""Statutory plans (Outline Zoning Plans) of the Town Planning Board: read any of the Board's
formats, name the zones, turn building-height controls into height bands, summarise a plan.

Modules:

- ``plan``: :class:`Plan`, :func:`read_plan` and the summaries :func:`plan_info`,
  :func:`render_info`, :func:`info_frames`
- ``shipped``: the plans shipped with technopole (:func:`load_plan`, :func:`plan_names`),
  :func:`open_plan` and :func:`convert_plan`
- ``read``: the Board's layers read raw from a folder, zip or file
- ``build``: a plan's particulars and its layers with provenance
- ``labels``: zone labels, families and bilingual names
- ``bhc``: building height controls as height bands
- ``summary``: zones by family and height controls, rendered as JSON, CSV or Markdown
"""

from __future__ import annotations

from gis.ozp.labels import OZP_LAYERS
from gis.ozp.plan import (
    ACCURACY,
    ATTRIBUTION,
    LAYER_KINDS,
    SOURCE,
    Plan,
    info_frames,
    plan_info,
    read_plan,
    render_info,
    zone_families,
)
from gis.ozp.shipped import (
    convert,
    convert_plan,
    load_plan,
    open_plan,
    plan_layer,
    plan_names,
)

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
