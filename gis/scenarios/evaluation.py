"""Checking a scenario as :func:`gis.validate` does: the zone rules it applies, the envelope
its allocation is checked against, and its validation report with the indicators.

The methods :meth:`~gis.scenarios.Scenario.zone_rule_set`,
:meth:`~gis.scenarios.Scenario.envelope` and :meth:`~gis.scenarios.Scenario.evaluate` call them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    from gis.people import load_provision
    from gis.validation.runner import validate

    params = load_provision().override(sc.provision, f"{sc.path or sc.name}: key 'provision'")
    report = validate(
        sc.table(),
        rules=sc.to_rules(),
        zone_rules=sc.zone_rule_set(),
        strict=strict,
        provision=params if sc.provision else None,
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
    report.summary.update(_people_indicators(sc, report, params))
    report.inputs.update(sc.inputs())
    return report


def _people_indicators(sc: Scenario, report: ValidationReport, params: Any) -> dict[str, float]:
    """Residents and the open space in all (need, provided, shortfall, m²) of a scenario, on
    its zones: indicators of ``compare``, with the planning parameters (the scenario's
    ``provision`` over the shipped ones). NaN where the check could not run.
    """
    import math

    from gis.people import check_provision, people_of

    uses = report.uses
    gfa = {str(k): float(v) for k, v in uses.gfa_m2.items()} if "gfa_m2" in uses else {}
    people = people_of(gfa, params)
    res = check_provision(people, sc.project.zones, params)
    row = res.table.set_index("standard").loc["open_space_total"]
    ran = bool(row.ran)
    return {
        "residents": people.residents,
        "open_space_need_m2": float(row.need) if ran else math.nan,
        "open_space_provided_m2": float(row.provided) if ran else math.nan,
        "open_space_shortfall_m2": max(-float(row.balance), 0.0) if ran else math.nan,
    }
