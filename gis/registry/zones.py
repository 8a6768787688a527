"""The checks of the zones: their limits, capacities and the use-to-zone mapping."""

from __future__ import annotations

from gis.registry._core import _check

# --------------------------------------------------------------------------- the zones
ZONE_COVERAGE = _check(
    "zone.max_site_coverage", "error", "zones", "each zone's site coverage is known",
    codes=(), listed=True, applies=("zones",),
)  # fmt: skip
ZONE_HEIGHT = _check(
    "zone.height_limit", "error", "zones", "each zone's height limit is known",
    codes=(), listed=True, applies=("zones",),
)  # fmt: skip
ZONE_PLOT_RATIO = _check(
    "zone.max_plot_ratio", "error", "zones", "each zone's maximum plot ratio is known",
    codes=(), listed=True, applies=("zones",),
)  # fmt: skip
ZONE_GFA = _check(
    "zone.max_gfa_m2", "error", "zones", "each zone's maximum GFA is known",
    codes=(), listed=True, applies=("zones",),
)  # fmt: skip
ZONE_CAPACITY = _check(
    "site.zone_capacity", "error", "zones", "each zone's GFA within its tightest known limit",
    codes=(), listed=True, needs=("zones", "use_zones", "allocated"), question="zones",
    core=True,
)  # fmt: skip
SITE_CAPACITY = _check(
    "site.capacity", "error", "site",
    "without a use-to-zone mapping: the total GFA within the sum of the zones' capacities",
    codes=(), listed=True, applies=("zones",), unless=("use_zones",), needs=("allocated",),
    question="site",
)  # fmt: skip
OVER_CAPACITY = _check(
    "site.over_capacity", "error", "site",
    "total GFA above the sum of the zones' capacities (when every zone has one)", needs=("zones",),
)  # fmt: skip
ZONE_OVER = _check(
    "site.zone_over_capacity", "error", "zones", "a zone's GFA above its capacity",
    needs=("zones", "use_zones"),
)  # fmt: skip
ZONE_NEAR = _check(
    "site.zone_near_capacity", "warning", "zones", "a zone's GFA above 95% of its capacity",
    needs=("zones", "use_zones"),
)  # fmt: skip
ZONE_IMPLAUSIBLE = _check(
    "zone.implausible_plot_ratio", "warning", "zones",
    "a zone's implied plot ratio above the highest plausible (`Rules.plausible_plot_ratio`)",
    needs=("zones", "use_zones"), source="assumption (no source states a zone's plot ratio)",
)  # fmt: skip
USE_WITHOUT_ZONE = _check(
    "site.use_without_zone", "error", "zones", "a use no zone can hold",
    needs=("zones", "use_zones"), source="use-to-zone mapping",
)  # fmt: skip
USE_UNPLACED = _check(
    "site.use_unplaced", "error", "zones",
    "an unknown use holding GFA that no zone holds (map it with `--use-zones` or a `zone` column)",
    needs=("zones", "use_zones"), source="use-to-zone mapping",
)  # fmt: skip
USE_CAPACITY_UNKNOWN = _check(
    "site.use_capacity_unknown", "warning", "zones",
    "a use goes only to zones with no known limit: not checked",
    needs=("zones", "use_zones"), source="zone rules",
)  # fmt: skip
USE_LAND_SHARE = _check(
    "site.use_land_share", "warning", "zones",
    "a use's share of GFA far (> 15 points) from the land share of its zones in the building "
    "land (zones with site coverage > 0; §4.4.3: about half the Phase 1 land for Life & Health "
    "+ Advanced Manufacturing)", needs=("zones", "use_zones"),
)  # fmt: skip
UNKNOWN_ZONE = _check(
    "site.unknown_zone", "error", "table", "a zone the table's `zone` column names does not exist",
    codes=("site.unknown_zone", "site.unknown_zone_row"), needs=("zones",), source="input zones",
)  # fmt: skip
NO_MAPPING = _check(
    "site.no_use_zone_mapping", "warning", "zones",
    "no use-to-zone mapping: the zone capacity checks are skipped", needs=("zones",),
    source="technopole",
)  # fmt: skip
RULE_UNKNOWN_ZONE = _check(
    "rules.unknown_zone", "warning", "rules",
    "a rule names a zone id that is not among the zones (not applied)", needs=("zones",),
)  # fmt: skip
ZONE_IDS_FROM = _check(
    "zone.ids_from_column", "info", "zones",
    "zones without a zone_id column: their ids taken from another column (named)",
    needs=("zones",), source="input zones",
)  # fmt: skip
