"""The people and provision step of a validation (:func:`gis.validation.validate`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gis.people.parameters import Provision, load_provision
from gis.people.population import people_of
from gis.people.provision import check_provision
from gis.report import CheckRecord, Issue, ValidationReport

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.tables.table import AllocationTable

__all__ = ["people_checks"]


def people_checks(
    tbl: AllocationTable,
    gfa: pd.Series,
    zones: gpd.GeoDataFrame | None,
    provision: Any,
    report: ValidationReport,
    issues: list[Issue],
    have: dict[str, bool],
) -> list[CheckRecord]:
    """Residents, workers and provision of a validated table; fills ``report`` and ``have``.

    Parameters
    ----------
    tbl, gfa
        The table and its GFA by use (m²).
    zones
        The zones validated (None: no provision check runs).
    provision
        A :class:`Provision`, or True for the shipped parameters.
    report, issues, have
        The validation's report (``summary``, ``provision``), findings and inputs, filled in.

    Returns
    -------
    list of CheckRecord
        The provision checks' records.
    """
    params = provision if isinstance(provision, Provision) else load_provision()
    by_use = {str(k): float(v) for k, v in gfa.items()}
    people = people_of(by_use, params)
    have["provision"], have["residents"] = True, people.known
    where = "the zones"
    if zones is not None:
        where = str(zones.attrs.get("name") or zones.attrs.get("source") or "the zones")
    res = check_provision(people, zones, params, where)
    report.summary.update(people.summary())
    report.summary["people_notes"] = list(people.notes)
    if not people.known:  # the checklist's reason names it
        report.summary["residents_why"] = people.why_not
    report.provision = res.table
    issues += res.issues
    return res.records
