"""Residents and workers of an allocation, from its GFA by use and the planning parameters.

residents = residential GFA / GFA per flat × persons per flat (or stated homes × persons per
flat), with a range from the figures' ``low`` and ``high``; workers = Σ GFA of a use / GFA per
job of the use. Every figure used is named with its status (standard, illustrative,
assumption): none of the shipped population figures is a standard.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gis.people.parameters import Provision

__all__ = ["People", "people_of"]


@dataclass(frozen=True)
class People:
    """Residents, homes and workers of an allocation.

    Attributes
    ----------
    residents, residents_low, residents_high
        Residents (central figure) and their range; NaN when unknown.
    homes, homes_low, homes_high
        Flats (homes) and their range; NaN when unknown.
    workers
        Jobs from the GFA by use; NaN when no GFA per job is known for any use with GFA.
    workers_by_use
        Jobs of each use (a use without a GFA per job is left out).
    residential_gfa_m2
        The GFA of the residential uses.
    notes
        The figures used, each with its status and source (what a report prints).
    why_not
        Why the residents are unknown (empty when known).
    """

    residents: float
    residents_low: float
    residents_high: float
    homes: float
    homes_low: float
    homes_high: float
    workers: float
    workers_by_use: dict[str, float] = field(default_factory=dict)
    residential_gfa_m2: float = 0.0
    notes: tuple[str, ...] = ()
    why_not: str = ""

    @property
    def known(self) -> bool:
        """True when the residents are known and above zero (a provision check can run)."""
        return self.residents > 0

    def summary(self) -> dict[str, float]:
        """The figures a report's summary holds.

        Returns
        -------
        dict of str to float
            ``residents``, ``residents_low``, ``residents_high``, ``homes``, ``workers``.
        """
        keys = ("residents", "residents_low", "residents_high", "homes", "workers")
        return {k: float(getattr(self, k)) for k in keys}


def _fig(f: Mapping[str, Any] | None) -> tuple[float, float, float]:
    """A figure's (value, low, high); NaN where empty (low/high default to the value)."""
    if not f or f.get("value") is None:
        return math.nan, math.nan, math.nan
    v = float(f["value"])
    lo, hi = f.get("low"), f.get("high")
    return v, float(lo) if lo is not None else v, float(hi) if hi is not None else v


def _note(what: str, f: Mapping[str, Any], unit: str) -> str:
    v, lo, hi = _fig(f)
    rng = f" ({lo:g}-{hi:g})" if lo != hi else ""
    return f"{what} {v:g}{rng} {unit}: {f.get('status', 'assumption')}, {f.get('source', '')}"


def people_of(gfa_by_use: Mapping[str, float], provision: Provision) -> People:
    """Residents and workers of an allocation.

    Parameters
    ----------
    gfa_by_use
        GFA (m²) of each use id (Table 3.1's ``talent_housing``, ``wet_lab_mfg``, ...).
    provision
        The planning parameters (:func:`gis.people.load_provision`).

    Returns
    -------
    People

    Examples
    --------
    >>> from gis.people import load_provision
    >>> p = people_of({"talent_housing": 55_000.0}, load_provision())
    >>> round(p.homes), round(p.residents), round(p.residents_low), round(p.residents_high)
    (1000, 3000, 2567, 3850)
    >>> people_of({"talent_housing": float("nan")}, load_provision()).why_not  # shares, no total
    'total GFA not established (a share-only table needs --total-gfa or a total row)'
    """
    pop = provision.population
    res_uses = set(pop.get("residential_uses") or ())
    res_gfa = float(sum(g for u, g in gfa_by_use.items() if u in res_uses and g == g))
    ppf = _fig(pop.get("persons_per_flat"))
    notes = []
    why = ""
    if pop.get("homes"):
        homes = _fig(pop["homes"])
        notes.append(_note("homes", pop["homes"], "flats"))
    else:
        per_flat = _fig(pop.get("gfa_per_flat_m2"))
        homes = (res_gfa / per_flat[0], res_gfa / per_flat[2], res_gfa / per_flat[1])
        if math.isnan(per_flat[0]):
            why = "no GFA per flat (population.gfa_per_flat_m2 in --provision)"
        elif not any(g > 0 for g in gfa_by_use.values()):  # NaN and 0 alike
            why = "total GFA not established (a share-only table needs --total-gfa or a total row)"
        elif not res_gfa > 0:
            why = "no residential GFA (" + ", ".join(sorted(res_uses)) + ") and no homes stated"
        else:
            notes.append(_note("GFA per flat", pop["gfa_per_flat_m2"], "m²"))
            if gfa_by_use.get("talent_housing", 0) > 0:
                notes.append(
                    "talent_housing also holds visitor rooms: the residents are an upper bound"
                )
    if ppf[0] == ppf[0]:
        notes.append(_note("persons per flat", pop["persons_per_flat"], "persons"))
    elif not why:
        why = "no persons per flat (population.persons_per_flat in --provision)"
    residents = [h * p for h, p in zip(homes, ppf, strict=True)]
    if why:
        residents = [math.nan] * 3
    jobs = pop.get("gfa_per_job_m2") or {}
    per_job = jobs.get("by_use") or {}
    by_use = {u: float(g) / float(per_job[u]) for u, g in gfa_by_use.items() if per_job.get(u)}
    workers = float(sum(by_use.values())) if by_use else math.nan
    if by_use:
        notes.append(
            "GFA per job (m²) "
            + ", ".join(f"{u} {float(per_job[u]):g}" for u in by_use)
            + f": {jobs.get('status', 'assumption')}, {jobs.get('source', '')}"
        )
    return People(
        residents=residents[0],
        residents_low=residents[1],
        residents_high=residents[2],
        homes=homes[0],
        homes_low=homes[1],
        homes_high=homes[2],
        workers=workers,
        workers_by_use=by_use,
        residential_gfa_m2=res_gfa,
        notes=tuple(notes),
        why_not=why,
    )
