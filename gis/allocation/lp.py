"""The linear program of :func:`gis.solve`: one row per constraint over the GFA of each use
(thousand m², better scaled for HiGHS), solved with ``scipy.optimize.linprog``, and the
deletion filter that finds an irreducible conflicting set when none is feasible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gis.allocation.constraints import Constraints

_K = 1000.0  # the LP works in thousands of m² (better scaled for HiGHS)


@dataclass
class _Row:
    name: str
    a: np.ndarray  # over the GFA variables (thousand m²)
    b: float
    kind: str
    eq: bool = False


def _rows(con: Constraints, min_total: float | None, total: float | None) -> list[_Row]:
    k = len(con.use_ids)
    ones, eye = np.ones(k), np.eye(k)
    rows = [
        _Row(
            f"capacity:{con.zone_ids[z]}",
            con.allocation[:, z].copy(),
            con.capacity_m2[z] / _K,
            "capacity",
        )
        for z in con.zone_cols
    ]
    rows += [_Row(f"no_zone:{con.use_ids[u]}", eye[u], 0.0, "no_zone") for u in con.no_zone_uses]
    if con.max_plot_ratio is not None:
        rows.append(
            _Row("plot_ratio", ones, con.max_plot_ratio * con.site_area_m2 / _K, "plot_ratio")
        )
    for u in np.flatnonzero(~np.isnan(con.min_pct)):
        rows.append(
            _Row(
                f"min_share:{con.use_ids[u]}",
                con.min_pct[u] / 100 * ones - eye[u],
                0.0,
                "min_share",
            )
        )
    for u in np.flatnonzero(~np.isnan(con.max_pct)):
        rows.append(
            _Row(
                f"max_share:{con.use_ids[u]}",
                eye[u] - con.max_pct[u] / 100 * ones,
                0.0,
                "max_share",
            )
        )
    if total is not None:
        rows.append(_Row(f"total:total GFA = {total:,.0f} m²", ones, total / _K, "total", eq=True))
    elif min_total is not None:
        rows.append(
            _Row(f"total:total GFA >= {min_total:,.0f} m²", -ones, -min_total / _K, "total")
        )
    return rows


def _lp(rows: list[_Row], k: int, objective: str, target_k: np.ndarray | None) -> Any:
    from scipy.optimize import linprog

    n = k if objective == "max_total" else 2 * k
    c = -np.ones(n) if objective == "max_total" else np.r_[np.zeros(k), np.ones(k)]
    pad = np.zeros(n - k)
    ub = [(np.r_[r.a, pad], r.b) for r in rows if not r.eq]
    eq = [(np.r_[r.a, pad], r.b) for r in rows if r.eq]
    if objective == "target":  # d >= gfa - t and d >= t - gfa
        assert target_k is not None, "the target objective needs target_k"
        eye = np.eye(k)
        ub += [(np.r_[eye[u], -eye[u]], target_k[u]) for u in range(k)]
        ub += [(np.r_[-eye[u], -eye[u]], -target_k[u]) for u in range(k)]
    kw: dict[str, Any] = {"bounds": [(0, None)] * n, "method": "highs"}
    if ub:
        kw.update(A_ub=np.array([a for a, _ in ub]), b_ub=np.array([b for _, b in ub]))
    if eq:
        kw.update(A_eq=np.array([a for a, _ in eq]), b_eq=np.array([b for _, b in eq]))
    return linprog(c, **kw)


def _conflicts(rows: list[_Row], k: int, objective: str, target_k: np.ndarray | None) -> list[_Row]:
    """Deletion filter: an irreducible infeasible subset of ``rows``."""
    keep = list(rows)
    for r in list(rows):
        trial = [x for x in keep if x is not r]
        if _lp(trial, k, objective, target_k).status == 2:
            keep = trial
    return keep


def _alternatives(
    rows: list[_Row], conflict: list[_Row], k: int, objective: str, target_k: np.ndarray | None
) -> dict[str, list[str]]:
    """For each zone capacity in the conflict, the other zone capacities that could stand in
    for it (a use spread over several zones fills them together).
    """
    out: dict[str, list[str]] = {}
    spare = [r for r in rows if r.kind == "capacity" and r not in conflict]
    for r in conflict:
        if r.kind != "capacity":
            continue
        rest = [x for x in conflict if x is not r]
        out[r.name] = [z.name for z in spare if _lp([*rest, z], k, objective, target_k).status == 2]
    return out
