"""The registry of checks: every check a validation can report, declared once.

A check has an id (``table.shares_sum``), a severity, a scope, the inputs it needs, the source of
its rule, what it finds, the message codes of its findings (Chinese templates: ``maps._i18n``)
and the question it helps answer (:data:`QUESTIONS`). The checks ``listed`` are every report's
checklist: :func:`checklist` says which ran and which did not, and why. README's table of checks
is :func:`readme_table`. A leaf module (it imports :mod:`gis.report` only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gis.report import CheckRecord, Severity

__all__ = ["CHECKS", "INPUTS", "QUESTIONS", "Check", "checklist", "listed", "readme_table"]

#: The questions a verdict answers (:mod:`gis.questions`): a PASS says which it answered.
QUESTIONS = {
    "site": "does this GFA fit this site and its limits",
    "zones": "does each use fit the zones it is placed on",
}

#: Each input a check can need, and the reason given when a validation did not have it.
INPUTS: dict[str, str] = {
    "table": "no allocation table",
    "site": "no site",
    "shares": "no share column",
    "gfa": "no GFA column",
    "total_gfa": "no stated total (total row or --total-gfa)",
    "allocated": "total GFA not established: no GFA and no total (total row or --total-gfa)",
    "stated_area": "no stated area for {site} (manifest or stated_area_ha)",
    "zones": "no zones given (--zones)",
    "bands": "no height bands given (--bands)",
    "embedded": "not the embedded project",
    "use_zones": "no use-to-zone mapping: no GFA reaches the zones",
}


@dataclass(frozen=True)
class Check:
    """One check, as declared in :data:`CHECKS`.

    Attributes
    ----------
    id, severity, scope, what, source
        Its id, its findings' worst severity, what it is applied to, finds and applies.
    needs, codes
        The :data:`INPUTS` it cannot run without; its findings' codes (``Issue.code``).
    listed
        In every report's checklist.
    applies, unless
        A listed check is left out of the checklist without all of ``applies`` or with any of
        ``unless`` (height bands are checked only when there are bands).
    why_not
        The reason it did not run, instead of its missing input's own.
    done
        The detail of a run its step does not record itself (None: the step records it).
    question, core
        The :data:`QUESTIONS` key its run helps answer; ``core``: the answer needs it (else it
        is a site limit: at least one must be known).
    """

    id: str
    severity: Severity
    scope: str
    what: str
    source: str = ""
    needs: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    listed: bool = False
    applies: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    why_not: str = ""
    done: str | None = None
    question: str = ""
    core: bool = False


CHECKS: dict[str, Check] = {}


def _check(
    id: str, severity: Severity, scope: str, what: str, *,
    codes: tuple[str, ...] | None = None, needs: tuple[str, ...] = (), **kw: object,
) -> str:  # fmt: skip
    """Declare a check (its codes default to its id) and return its id."""
    assert id not in CHECKS, id
    assert set(needs) <= set(INPUTS), needs
    c = (id,) if codes is None else codes
    CHECKS[id] = Check(id, severity, scope, what, codes=c, needs=needs, **kw)  # type: ignore[arg-type]
    return id


SRC_ARITHMETIC = "table arithmetic (§3.1.3 Table 3.1 layout)"
SRC_USES = "§3.1.3 Table 3.1 use categories"
SRC_FORMAT = "table format"
SRC_AREA = "stated area (manifest or stated_area_ha attribute) ± area_tol_frac"

# --------------------------------------------------------------------------- the table
TABLE_CELLS = _check(
    "table.cells", "error", "table", "every cell read: the findings below", codes=(), listed=True,
    needs=("table",), source=SRC_FORMAT, done="",
)  # fmt: skip
SHARES_SUM = _check(
    "table.shares_sum", "error", "table", "shares sum to 100% (± 0.5 points, `--share-tol`)",
    codes=("table.shares_sum", "table.shares_total_row"), needs=("shares",), listed=True,
    source=SRC_ARITHMETIC, done="",
)  # fmt: skip
GFA_SUM = _check(
    "table.gfa_sum", "error", "table",
    "GFA column sums to the stated total (± 0.5% of the total, `--gfa-tol`)",
    codes=("table.gfa_sum", "table.gfa_total_row"), needs=("gfa", "total_gfa"), listed=True,
    source=SRC_ARITHMETIC, done="",
)  # fmt: skip
ROW_GFA_SHARE = _check(
    "table.row_gfa_share", "error", "table", "each row's GFA = share × total",
    needs=("shares", "gfa"), listed=True, source=SRC_ARITHMETIC, done="",
    why_not="GFA and shares are not both given: one is derived from the other",
)  # fmt: skip
MISSING_VALUE = _check(
    "table.missing_value", "error", "table", "a use name, share or GFA cell is empty",
    codes=("table.missing_value", "table.missing_use"), source=SRC_FORMAT,
)  # fmt: skip
NEGATIVE_VALUE = _check(
    "table.negative_value", "error", "table",
    "a share, GFA, site area or plot ratio is below zero", source=SRC_FORMAT,
)  # fmt: skip
NOT_A_NUMBER = _check(
    "table.not_a_number", "error", "table",
    "a number cell holds text, or a unit that does not fit", source=SRC_FORMAT,
)  # fmt: skip
RAGGED_ROW = _check(
    "table.ragged_row", "error", "table", "a row has more cells than the header", source=SRC_FORMAT
)  # fmt: skip
DUPLICATE_USE = _check(
    "table.duplicate_use", "error", "table",
    "two rows are one use (same canonical id, or same name)", source=SRC_USES,
)  # fmt: skip
UNKNOWN_USE = _check(
    "table.unknown_use", "warning", "table",
    "a use name matches no canonical use (the closest is suggested)", source=SRC_USES,
)  # fmt: skip
HA_SUSPECT = _check(
    "table.ha_suspect", "warning", "table", "GFA values that look like hectares in an m² column",
    codes=("table.ha_suspect", "table.ha_suspect_row"), needs=("gfa",), source=SRC_ARITHMETIC,
)  # fmt: skip
UNIT_CONVERTED = _check(
    "table.unit_converted", "info", "table",
    "GFA or site area read in ha, 萬平方米, sq ft ... and converted to m²", source=SRC_FORMAT,
)  # fmt: skip
READ_NOTE = _check(
    "table.read_note", "info", "table",
    "how a cell or line was read: a decimal comma, a subtotal row left out", source=SRC_FORMAT,
    codes=("table.note_rejoined", "table.note_subtotal", "table.note_decimal_comma",
    "table.note_dot_thousands"),
)  # fmt: skip
SHARE_ONLY = _check(
    "table.share_only", "warning", "table", "no GFA: share × a total (`--total-gfa`, total row)",
    source=SRC_FORMAT,
)  # fmt: skip
EMBEDDED_TABLE = _check("table.embedded_elsewhere", "warning", "table", "no table given for a site "
    "other than Loop Phase 1: Table 3.1 is checked on it", source=SRC_USES)  # fmt: skip
UNUSED_COLUMN = _check("table.unused_column", "warning", "table", "a column the reader did not use",
    source=SRC_FORMAT)  # fmt: skip
GFA_ONLY = _check(
    "table.gfa_only", "info", "table", "no share column: shares derived from GFA and the total",
    source=SRC_FORMAT,
)  # fmt: skip

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

# --------------------------------------------------------------------------- the site
GROSS_PLOT_RATIO = _check(
    "site.gross_plot_ratio", "info", "site", "total GFA / site area",
    source="plot ratio = GFA / site area",
)  # fmt: skip
MAX_PLOT_RATIO = _check(
    "site.max_plot_ratio", "error", "site",
    "the gross plot ratio within the site's rule or `--max-plot-ratio`", codes=(), listed=True,
    question="site",
)  # fmt: skip
PLOT_RATIO_EXCEEDED = _check(
    "site.plot_ratio_exceeded", "error", "site", "above `--max-plot-ratio` or the site's rule"
)  # fmt: skip
MAX_GFA = _check(
    "site.max_gfa_m2", "error", "site", "the total GFA within the site's rule (`--rules`)",
    codes=(), listed=True, question="site",
)  # fmt: skip
GFA_EXCEEDED = _check("site.gfa_exceeded", "error", "site", "total GFA above the site's rule")
MAX_HEIGHT = _check(
    "site.max_height_mpd", "error", "site",
    "every band, zone and row height within the site's rule (`--rules`)", codes=(), listed=True,
    question="site",
)  # fmt: skip
HEIGHT_ABOVE_LIMIT = _check(
    "site.height_above_limit", "error", "site", "a band, zone or row height above the site's rule",
)  # fmt: skip
SHARE_BELOW_MIN = _check(
    "site.share_below_min", "error", "site", "a use's share below its minimum (scenarios)",
    source="user rule",
)  # fmt: skip
SHARE_ABOVE_MAX = _check(
    "site.share_above_max", "error", "site", "a use's share above its maximum (scenarios)",
    source="user rule",
)  # fmt: skip
ROW_PLOT_RATIO = _check(
    "site.row_plot_ratio", "error", "table",
    "a row's GFA on its own site area (columns site area, plot ratio) exceeds its plot ratio",
    source="plot ratio = GFA / site area",
)  # fmt: skip
ROW_HEIGHT = _check(
    "site.row_height_above_envelope", "error", "table",
    "a row's height (mPD) is above the limit of every zone its use goes to",
    needs=("zones", "use_zones"),
)  # fmt: skip

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


def listed() -> list[Check]:
    """The checks of every report's checklist (a list of :class:`Check`), in their order."""
    return [c for c in CHECKS.values() if c.listed]


def checklist(
    have: Mapping[str, bool],
    recorded: Iterable[CheckRecord] = (),
    *,
    context: Mapping[str, str] | None = None,
) -> list[CheckRecord]:
    """Which listed checks ran and which did not (and why), from the inputs a validation had.

    Parameters
    ----------
    have
        Each of :data:`INPUTS` the validation had (True) or not; a missing key is not had.
    recorded
        What the steps recorded of their checks, kept for a check whose inputs were all there.
    context
        Values the reasons name (``site``: the site's name).

    Returns
    -------
    list of CheckRecord
        One or more per applicable listed check, in order: without an input it needs, not run
        with the input's reason; a check whose step recorded nothing is never reported as run
        (a step recording a check not listed here raises ValueError).
    """
    ctx = {"site": "the site", **(context or {})}
    by_id: dict[str, list[CheckRecord]] = {}
    for r in recorded:
        by_id.setdefault(r.check, []).append(r)
    unknown = set(by_id) - {c.id for c in listed()}
    if unknown:
        raise ValueError(f"checks recorded but not listed in the registry: {sorted(unknown)}")
    out: list[CheckRecord] = []
    for c in listed():
        if not all(have.get(n) for n in c.applies) or any(have.get(n) for n in c.unless):
            continue
        scope = c.scope
        missing = [n for n in c.needs if not have.get(n)]
        if missing:
            why = c.why_not or INPUTS[missing[0]].format(**ctx)
            out.append(CheckRecord(c.id, False, scope, why))
        elif c.id in by_id:
            out += by_id[c.id]
        elif c.done is not None:
            out.append(CheckRecord(c.id, True, scope, c.done, c.source or None))
        else:
            out.append(CheckRecord(c.id, False, scope, "its step recorded nothing"))
    return out


def readme_table() -> str:
    """README's table of checks (one row per check, in the registry's order), as Markdown."""
    rows = ["| id | severity | checklist | needs | what |", "|---|---|---|---|---|"]
    for c in CHECKS.values():
        yes, needs = "yes" if c.listed else "", ", ".join(c.needs + c.applies)
        rows.append(f"| `{c.id}` | {c.severity} | {yes} | {needs} | {c.what} |")
    return "\n".join(rows)
