"""The questions a validation answers, and whether it could answer them: a PASS is earned.

Two questions (:data:`gis.registry.QUESTIONS`), each answered only when its core quantities
were established:

- ``site``: does this GFA fit this site and its limits? Needs a total GFA above zero from the
  table (a GFA column, a total row or ``--total-gfa``), the site's area measured (above zero,
  :data:`gis.registry.GEOMETRY_SITE`) and at least one limit known: the site's capacity (every
  zone's), a maximum plot ratio, a maximum GFA or a height limit (the registry's checks of
  question ``site`` that are not ``core``).
- ``zones``: does each use fit the zones it is placed on? Needs zones, a use-to-zone mapping,
  GFA (a total above zero), every use with GFA placed on a zone and the capacity of every zone
  that holds GFA known.
- ``provision`` (asked only with ``--people`` or ``--provision``): does the plan provide the
  open space its residents need? Needs residents above zero and the open space measured on
  zones (the three open-space checks run). When not asked, it is not among the questions, so
  a table-only validation is never INCOMPLETE or partial for want of it.

:attr:`gis.report.ValidationReport.verdict` is computed from them. A leaf module (it imports
:mod:`gis.registry` and :mod:`gis.report` only).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gis.registry import CHECKS, QUESTIONS, ZONE_CAPACITY
from gis.report import ValidationReport


@dataclass(frozen=True)
class Question:
    """A question a verdict answers (``site``, ``zones``: :data:`gis.registry.QUESTIONS`).

    Attributes
    ----------
    answered
        True when its core quantities were established (:mod:`gis.questions`).
    why_not
        Why it was not answered (the quantities missing), else empty.
    checks
        The checks its answer rests on (``core`` in the JSON report's checklist).
    on_request
        Asked only because the user asked it (``provision``: ``--people``): the status names it
        whenever it is not answered, a PASS included.
    """

    answered: bool
    why_not: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    on_request: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The question as a JSON-ready mapping (``why_not`` and ``checks`` as lists)."""
        return {"answered": self.answered, "why_not": [*self.why_not], "checks": [*self.checks]}


__all__ = ["answer_questions"]

NO_TOTAL = "no total GFA established (a GFA column, a total row or --total-gfa)"
NO_AREA = "no site area measured"
NO_LIMIT = (
    "no limit known (capacity of every zone, --max-plot-ratio, or a maximum plot ratio, GFA "
    "or height in --rules)"
)
NO_ZONES = "no zones given (--zones)"
NO_MAPPING = "no use-to-zone mapping (--use-zones or a zone column)"


def _core(question: str, limits: bool = False) -> list[str]:
    """The registry's checks of ``question``: its core ones, or (``limits``) the others."""
    return [c.id for c in CHECKS.values() if c.question == question and c.core != limits]


def _ran(report: ValidationReport, check: str, fully: bool = False) -> bool:
    """True when ``check`` ran (``fully``: on every part of its scope)."""
    ran = [r.ran for r in report.checklist if r.check == check]
    return bool(ran) and (all(ran) if fully else any(ran))


def _number(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return out if math.isfinite(out) else math.nan


def _site(report: ValidationReport) -> Question:
    s, why = report.summary, []
    if not _number(s.get("total_gfa_m2")) > 0:
        why.append(NO_TOTAL)
    core = [c for c in _core("site") if _ran(report, c)]
    if not _number(s.get("site_area_m2")) > 0 or len(core) < len(_core("site")):
        why.append(NO_AREA)
    limits = [c for c in _core("site", limits=True) if _ran(report, c)]
    if _ran(report, ZONE_CAPACITY, fully=True):  # every zone's capacity: the site's
        limits.append(ZONE_CAPACITY)
    if not limits:
        why.append(NO_LIMIT)
    return Question(not why, tuple(why), tuple(core + limits))


def _zones(report: ValidationReport, have: Mapping[str, bool]) -> Question:
    why = [NO_ZONES] if not have.get("zones") else [] if have.get("use_zones") else [NO_MAPPING]
    if not why and not _number(report.summary.get("total_gfa_m2")) > 0:
        why.append(NO_TOTAL)  # no GFA: no use is placed anywhere
    if not why:
        why += [f"{c} did not run" for c in _core("zones") if not _ran(report, c)]
        uses, zones = report.uses, report.zones
        if len(uses) and {"gfa_m2", "capacity_m2"} <= set(uses):
            lost = uses.index[(uses.gfa_m2 > 0) & ~(uses.capacity_m2 > 0)]
            why += [f"use '{u}' is placed on no zone with a known capacity" for u in lost]
        if len(zones) and {"gfa_m2", "capacity_m2"} <= set(zones):
            unknown = zones.index[(zones.gfa_m2 > 0) & zones.capacity_m2.isna()]
            if len(unknown):
                names = ", ".join(str(z) for z in unknown[:10])
                more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
                why.append(f"no capacity known for zones holding GFA: {names}{more}")
    return Question(not why, tuple(why), tuple(_core("zones")))


def _provision(report: ValidationReport) -> Question:
    core = [c.id for c in CHECKS.values() if c.question == "provision" and c.core]
    why: list[str] = []
    for r in report.checklist:  # each reason once: "no residents known: ..."
        if r.check in core and not _ran(report, r.check) and r.detail not in why:
            why.append(r.detail or f"{r.check} did not run")
    return Question(not why, tuple(why), tuple(core), on_request=True)


def answer_questions(report: ValidationReport, have: Mapping[str, bool]) -> dict[str, Question]:
    """Which of :data:`gis.registry.QUESTIONS` a validation answered, and why not.

    Parameters
    ----------
    report
        The validation's report, its checklist, summary, zones and uses filled in.
    have
        The inputs (:data:`gis.registry.INPUTS`) the validation had.

    Returns
    -------
    dict of str to Question
        ``site`` and ``zones``, in that order, then ``provision`` when it was asked for
        (``have["provision"]``: ``--people`` or ``--provision``).
    """
    out = {"site": _site(report), "zones": _zones(report, have)}
    if have.get("provision"):
        out["provision"] = _provision(report)
    assert set(out) | {"provision"} == set(QUESTIONS), "every question is answered or not"
    return out
