"""The checks of the geometry: the site, zones and height bands."""

from __future__ import annotations

from gis.registry._core import SRC_AREA, _check

# --------------------------------------------------------------------------- geometry
GEOMETRY_SITE = _check(
    "geometry.site", "error", "site", "the site's features are valid", codes=(), listed=True,
    needs=("site",), done="validity of the site's features", question="site", core=True,
)  # fmt: skip
AREA_VS_STATED = _check(
    "geometry.area_vs_stated", "error", "site",
    "a measured area off its stated area by more than 1%", needs=("stated_area",), listed=True,
    source=SRC_AREA, done="measured vs stated area",
)  # fmt: skip
GEOMETRY_ZONES = _check(
    "geometry.zones", "error", "zones", "the zones are valid, within the site, no overlaps or gaps",
    codes=(), needs=("zones",), listed=True, done="valid, within the site, no overlaps or gaps",
    question="zones", core=True,
)  # fmt: skip
GEOMETRY_BANDS = _check(
    "geometry.height_bands", "error", "height bands",
    "the height bands are valid, within the site, no overlaps", codes=(), listed=True,
    applies=("bands",), done="valid, within the site, no overlaps",
)  # fmt: skip
PARTITION = _check(
    "geometry.partition", "error", "embedded layers",
    "phases, batches, zones and bands partition their parent", listed=True,
    applies=("embedded",), done="phases, batches, zones and bands partition their parent",
)  # fmt: skip
INVALID = _check(
    "geometry.invalid", "error", "site", "a site, zone or band feature is not valid",
    source="OGC simple features validity",
)  # fmt: skip
OUTSIDE_SITE = _check(
    "geometry.outside_site", "error", "zones", "a zone or band lies partly outside the site",
    needs=("zones",), source="zones lie within their site",
)  # fmt: skip
OVERLAP = _check(
    "geometry.overlap", "error", "zones", "two zones (or two bands) overlap",
    needs=("zones",), source="zones do not overlap",
)  # fmt: skip
GAP = _check(
    "geometry.gap", "warning", "zones", "zones leave more than 0.5% of the site uncovered",
    needs=("zones",), source="zones tile the site",
)  # fmt: skip
