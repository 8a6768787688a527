"""The checks of user rasters given as site constraints (``--constraint FILE:max=V``)."""

from __future__ import annotations

from gis.registry._core import INPUTS, _check

# Listed only when a constraint raster is given: a constraint is the user's own, not a check
# every allocation owes (without one it is no partial result).
INPUTS["constraint"] = "no constraint raster given (--constraint FILE:max=VALUE)"

# --------------------------------------------------------------------------- rasters
RASTER_CONSTRAINT = _check(
    "site.raster_constraint", "error", "zones",
    "building GFA allocated to a zone where a constraint raster (`--constraint FILE:max=V`, "
    "e.g. flood depth) exceeds its maximum over more of the zone than allowed (`share=`)",
    listed=True, applies=("constraint",), needs=("zones", "use_zones", "allocated"),
    source="the constraint raster given",
)  # fmt: skip
