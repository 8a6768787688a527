"""Checking a scenario as :func:`gis.validate` does: the zone rules it applies, the envelope
its allocation is checked against, and its validation report with the indicators.

The methods :meth:`~gis.scenarios.Scenario.zone_rule_set`,
:meth:`~gis.scenarios.Scenario.envelope` and :meth:`~gis.scenarios.Scenario.evaluate` call them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gis.planning.envelope import Envelope
    from gis.planning.zone_rules import ZoneRules
    from gis.report import ValidationReport
    from gis.scenarios.scenario import Scenario


def zone_rule_set(sc: Scenario) -> ZoneRules:
    """The shipped zone rules with the scenario's ``zone_rules`` applied, each labelled.

    Parameters
    ----------
    sc
        The scenario.

    Returns
    -------
    gis.planning.zone_rules.ZoneRules
    """
    from gis.catalog.embedded import load_zone_rules

    zr = load_zone_rules()
    for r in sc.zone_rules:
        zr = zr.override(
            r["scope"],
            r["name"],
            r["limit"],
            r["value"],
            f"{r['source']} (scenario {sc.name})",
        )
    return zr


def envelope(sc: Scenario) -> Envelope:
    """The envelope the scenario is checked against: each zone's tightest known limit.

    Parameters
    ----------
    sc
        The scenario.

    Returns
    -------
    gis.planning.Envelope
    """
    from gis.validation.zone_limits import zone_limits

    r, p = sc.to_rules(), sc.project
    zones = p.zones
    return zone_limits(
        zones,
        p.bands,
        sc.mapping(),
        site=p.site,
        rules=r,
        limits=sc.zone_rule_set().zone_limits(zones),
        use_ids=p.use_ids,
    ).env


def evaluate(sc: Scenario, strict: bool = False) -> ValidationReport:
    """Validate the scenario's allocation, with its indicators and inputs in the report.

    Parameters
    ----------
    sc
        The scenario.
    strict
        Any partial result makes the report FAIL.

    Returns
    -------
    gis.ValidationReport
    """
    from gis.validation.runner import validate

    report = validate(
        sc.table(),
        rules=sc.to_rules(),
        zone_rules=sc.zone_rule_set(),
        strict=strict,
        **sc.validate_kwargs(),
    )
    if sc._fractions is not None:  # the scenario's shares were fractions: say so first
        from gis.registry import SHARE_FRACTIONS, SRC_FORMAT
        from gis.report import Issue

        said = Issue(
            SHARE_FRACTIONS,
            "info",
            f"scenario shares read as fractions: every share is at most 1 and they sum to "
            f"{sc._fractions:g} (0.42 = 42%)",
            column="share_pct",
            source=SRC_FORMAT,
            params={"sum": sc._fractions},
        )
        report.issues = [said, *report.issues]
    ind = sc.indicator_values()
    report.summary.update(scenario=sc.name, jobs=ind["jobs"], talent_flats=ind["talent_flats"])
    report.inputs.update(sc.inputs())
    return report
