"""Planning quantities of zones: zone rules (plot ratio, coverage, height per zone), the
height envelope and the floor space a zone can hold.
"""

from __future__ import annotations

from gis.planning.capacity import (
    DEFAULT_FLOOR_TO_FLOOR_M,
    DEFAULT_GROUND_MPD,
    capacity_m2,
    floor_area_m2,
    storeys_needed,
    storeys_under,
)
from gis.planning.envelope import ENVELOPE_SOURCE, Envelope, EnvelopeOptions, build_envelope
from gis.planning.zone_rules import ZoneRule, ZoneRules, read_zone_rules

__all__ = [
    "DEFAULT_FLOOR_TO_FLOOR_M",
    "DEFAULT_GROUND_MPD",
    "ENVELOPE_SOURCE",
    "Envelope",
    "EnvelopeOptions",
    "ZoneRule",
    "ZoneRules",
    "build_envelope",
    "capacity_m2",
    "floor_area_m2",
    "read_zone_rules",
    "storeys_needed",
    "storeys_under",
]
