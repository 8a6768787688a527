"""Jobs and talent flats of an allocation: planning-type ASSUMPTIONS, no source in the seeds.

jobs = Σ GFA / GFA per job (:data:`DEFAULT_GFA_PER_JOB_M2`), talent flats = talent-housing GFA /
:data:`DEFAULT_TALENT_FLAT_M2`. For context only: the Town Planning Board (Feb 2024) expects
about 165,000 jobs and about 50,000-54,000 flats in the whole San Tin Technopole (627 ha), not
in the Loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

#: GFA per job by use, m² (ASSUMPTION: planning-type figures, no source in the seeds; a use
#: mapped to None counts no jobs). Override per scenario under ``indicators.gfa_per_job_m2``.
DEFAULT_GFA_PER_JOB_M2: dict[str, float | None] = {
    "wet_lab_mfg": 50.0,  # wet labs, pilot plants, advanced manufacturing
    "dry_lab_office": 30.0,  # dry labs and offices
    "uir": 40.0,  # university-industry-research base (teaching + labs)
    "talent_housing": None,  # homes and visitor rooms: not counted as workplaces
    "commercial_mixed": 40.0,  # shops, dining, services, mixed use
}
#: Average GFA of a talent flat, m² (ASSUMPTION; the use also holds visitor rooms, so the
#: flat count is an upper bound).
DEFAULT_TALENT_FLAT_M2 = 50.0
INDICATOR_NOTES = {
    "jobs": "assumption: GFA per job by use (m²) "
    + ", ".join(f"{u} {v:g}" if v else f"{u} none" for u, v in DEFAULT_GFA_PER_JOB_M2.items())
    + " unless the scenario sets indicators.gfa_per_job_m2; context: about 165,000 jobs "
    "for the whole San Tin Technopole (Town Planning Board, Feb 2024)",
    "talent_flats": f"assumption: talent_housing GFA / {DEFAULT_TALENT_FLAT_M2:g} m² per flat "
    "(upper bound: the use includes visitor accommodation) unless the scenario "
    "sets indicators.talent_flat_m2; context: about 50,000-54,000 flats for the "
    "whole San Tin Technopole (Town Planning Board, Feb 2024)",
    "residents": "illustrative: residential GFA / 55 m² per flat x 3.0 persons per flat (HKPSG "
    "Chapter 2, Appendix 1 worked examples, not a standard; layers/provision.yaml) unless the "
    "scenario sets provision.population; open space: HKPSG Chapter 4, 2 m² per person on the "
    "zones' open space (spaces of 500 m² or more) unless the scenario sets provision.standards",
}


def indicator_values(
    use_ids: Sequence[str],
    gfa_m2: Sequence[float] | np.ndarray,
    gfa_per_job_m2: Mapping[str, float | None],
    talent_flat_m2: float = DEFAULT_TALENT_FLAT_M2,
) -> dict[str, Any]:
    """Jobs and talent flats of an allocation (ASSUMPTIONS, see the module docstring).

    Parameters
    ----------
    use_ids, gfa_m2
        The uses and their GFA, m², in the same order.
    gfa_per_job_m2
        GFA per job by use, m² (None or absent: the use counts no jobs).
    talent_flat_m2
        Average GFA of a talent flat, m².

    Returns
    -------
    dict
        ``jobs``, ``talent_flats``, ``jobs_by_use`` and ``notes`` (the assumptions).

    Examples
    --------
    >>> v = indicator_values(["uir", "talent_housing"], [40_000, 50_000], DEFAULT_GFA_PER_JOB_M2)
    >>> v["jobs"], v["talent_flats"]
    (1000.0, 1000.0)
    """
    by_use = {
        u: (float(g) / d if (d := gfa_per_job_m2.get(u)) else 0.0)
        for u, g in zip(use_ids, gfa_m2, strict=True)
    }
    housing = sum(g for u, g in zip(use_ids, gfa_m2, strict=True) if u == "talent_housing")
    return {
        "jobs": float(sum(by_use.values())),
        "talent_flats": housing / float(talent_flat_m2),
        "jobs_by_use": by_use,
        "notes": dict(INDICATOR_NOTES),
    }
