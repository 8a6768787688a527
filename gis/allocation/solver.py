"""Optimise an allocation with linear programming (``scipy.optimize.linprog``, HiGHS).

Variables: the GFA of each use. Constraints (the rule of :func:`gis.validate`, which is linear in
the GFA; see :mod:`gis.allocation.constraints`):

* zone capacity ``Σ_u gfa[u] × allocation[u, z] <= capacity[z]`` (the envelope's rule),
* ``gfa[u] <= 0`` for a use no zone is open to,
* plot ratio ``Σ gfa <= max_plot_ratio × site area``,
* share bounds ``gfa[u] >= min[u] % × Σ gfa`` and ``gfa[u] <= max[u] % × Σ gfa``,
* a required total: ``Σ gfa >= min_total`` (``max_total``) or ``Σ gfa = total`` (``target``).

Objectives: ``"max_total"`` maximises the total GFA; ``"target"`` minimises the L1 distance to
a target split at a fixed total (``Σ |gfa[u] - target[u]|`` through auxiliary variables
``d[u] >= ±(gfa[u] - target[u])``).

Shadow prices are "objective gained per unit of relaxation", and only where they hold: each
binding constraint is re-solved relaxed and tightened (a zone's capacity through the model: a
use spread over zones in proportion to their capacity follows a raised capacity), and its price
is kept, with the range of its limit over which it was seen to hold, only when both ways agree.
When one use fills several zones in step the optimum is degenerate and HiGHS's marginals are
one valid choice among many (Life & Health once priced at 2.67 m² per m² where raising it gains
exactly 1.00): such a price is left out (NaN), and ``gain_if_relaxed`` says what relaxing gains.

When no allocation meets every constraint, a deletion filter finds an irreducible conflicting
set (dropping any one of its members makes the rest feasible) and the message names it:
"min share of wet_lab_mfg 80% conflicts with capacity of zone life_health, ...".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.allocation.constraints import Constraints
from gis.allocation.lp import _K, _alternatives, _conflicts, _lp, _Row, _rows, _verified_prices
from gis.allocation.solve_result import (
    SolveResult,
    _constraint_frame,
    _infeasible,
    _optimal,
    _uses,
)
from gis.config import check_range
from gis.errors import InputError

if TYPE_CHECKING:
    from gis.scenarios.scenario import Scenario

OBJECTIVES = ("max_total", "target")


def _scenario_constraints(
    scenario: Any,
    max_plot_ratio: float | None,
    min_share_pct: Mapping[str, float] | None,
    max_share_pct: Mapping[str, float] | None,
) -> tuple[Scenario, Constraints]:
    from gis.allocation.sweeps import _scenario

    sc = _scenario(scenario)
    extra: dict[str, Any] = {}
    if max_plot_ratio is not None:
        extra["max_plot_ratio"] = max_plot_ratio
    for key, given in (("min_share_pct", min_share_pct), ("max_share_pct", max_share_pct)):
        if given:
            unknown = [u for u in given if u not in sc.project.use_ids]
            if unknown:
                raise InputError(
                    f"{key} names unknown use '{unknown[0]}'; uses: {', '.join(sc.project.use_ids)}"
                )
            extra[key] = {**getattr(sc, key), **dict(given)}
    con = Constraints.from_envelope(sc.envelope(), sc.to_rules(**extra), sc.project.use_names())
    return sc, con


def solve(
    scenario: Any = None,
    *,
    objective: str = "max_total",
    target_pct: Mapping[str, float] | None = None,
    total_gfa_m2: float | None = None,
    min_total_gfa_m2: float | None = None,
    max_plot_ratio: float | None = None,
    min_share_pct: Mapping[str, float] | None = None,
    max_share_pct: Mapping[str, float] | None = None,
    constraints: Constraints | None = None,
    min_open_space_per_person_m2: float | None = None,
    provision: Any = None,
) -> SolveResult:
    """Best allocation of a scenario's envelope under its rules (and these overrides).

    Parameters
    ----------
    scenario
        A :class:`~gis.scenarios.Scenario`, built-in name or file (default ``table-3-1``).
    objective
        ``"max_total"`` (largest total GFA) or ``"target"`` (closest split to ``target_pct`` at
        ``total_gfa_m2``; defaults: the scenario's split and total).
    min_total_gfa_m2
        ``max_total``: require at least this total (makes "is X m² possible?" questions).
    max_plot_ratio, min_share_pct, max_share_pct
        Override or add to the scenario's rules (per-use bounds in %).
    constraints
        Solve on these instead (tests, custom envelopes); ``target_pct`` then needs every use.
    min_open_space_per_person_m2, provision
        Add the provision constraint: at least this much open space per resident on the
        scenario's zones (:meth:`Constraints.with_open_space`; ``provision``: the planning
        parameters, default the shipped ones).

    Returns
    -------
    SolveResult
        The allocation, its total, every constraint with its slack and shadow price; or,
        when none is valid, the smallest set of conflicting constraints.

    Raises
    ------
    InputError
        An unknown objective or use, or a target split that is not complete or does not sum
        to 100%.

    Examples
    --------
    >>> r = solve("table-3-1")
    >>> r.status, r.total_gfa_m2 > 1_000_000
    ('optimal', True)
    """
    if objective not in OBJECTIVES:
        raise InputError(
            f"unknown objective '{objective}'; expected one of {', '.join(OBJECTIVES)}"
        )
    _check_numbers(
        target_pct, total_gfa_m2, min_total_gfa_m2, max_plot_ratio, min_share_pct, max_share_pct
    )
    if objective != "target" and (target_pct or total_gfa_m2 is not None):
        raise InputError(
            "a target split or total (--target, --total) needs the objective "
            f"'target', not '{objective.replace('_', '-')}' (it would be ignored)"
        )
    sc = None
    if constraints is None:
        sc, con = _scenario_constraints(scenario, max_plot_ratio, min_share_pct, max_share_pct)
        if min_open_space_per_person_m2 is not None:
            con = con.with_open_space(min_open_space_per_person_m2, sc.project.zones, provision)
    else:
        con = constraints
    target_k, total = (
        _target(con, sc, target_pct, total_gfa_m2) if objective == "target" else (None, None)
    )
    params = {
        "scenario": sc.name if sc else "<constraints>",
        "objective": objective,
        "min_total_gfa_m2": min_total_gfa_m2,
        "total_gfa_m2": total,
    }
    k = len(con.use_ids)
    rows = _rows(con, min_total_gfa_m2, total)
    res = _lp(rows, k, objective, target_k)
    if res.status == 0 and objective == "max_total" and res.x[:k].sum() * _K < 1.0:
        # only the empty allocation is valid: find what forbids a positive one
        positive = [*rows, _Row("total:a positive total GFA", -np.ones(k), -1.0 / _K, "total")]
        res2 = _lp(positive, k, objective, None)
        if res2.status == 2:
            rows, res = positive, res2
    if res.status == 2:
        conflict = _conflicts(rows, k, objective, target_k)
        return _infeasible(
            con, conflict, _alternatives(rows, conflict, k, objective, target_k), objective, params
        )
    if res.status != 0:
        status = "unbounded" if res.status == 3 else "error"
        return SolveResult(
            status,
            objective,
            f"{status}: {res.message}",
            _uses(con, np.full(k, np.nan), None),
            float("nan"),
            _constraint_frame(con, rows, None, None, objective),
            params=params,
        )
    out = _optimal(con, rows, res, target_k, objective, params)
    out.constraints = _verified_prices(
        con, rows, out.constraints, objective, target_k, (min_total_gfa_m2, total)
    )
    top = out.binding.head(3)  # by the prices that hold
    head = out.message.split("; binding: ")[0]
    out.message = head + ("; binding: " + ", ".join(top.index) if len(top) else "")
    return out


def _check_numbers(
    target_pct: Mapping[str, float] | None,
    total_gfa_m2: float | None,
    min_total_gfa_m2: float | None,
    max_plot_ratio: float | None,
    min_share_pct: Mapping[str, float] | None,
    max_share_pct: Mapping[str, float] | None,
) -> None:
    """Refuse NaN, infinite or out-of-range arguments before they reach the LP."""
    check_range(total_gfa_m2, "total_gfa_m2", low=0, low_open=True)
    check_range(min_total_gfa_m2, "min_total_gfa_m2", low=0)
    check_range(max_plot_ratio, "max_plot_ratio", low=0, low_open=True)
    for name, shares in (
        ("target", target_pct),
        ("min_share", min_share_pct),
        ("max_share", max_share_pct),
    ):
        for use, value in (shares or {}).items():
            check_range(value, f"{name} of {use}", low=0, high=100, optional=False)


def _target(
    con: Constraints, sc: Any, target_pct: Mapping[str, float] | None, total_gfa_m2: float | None
) -> tuple[np.ndarray, float]:
    """The target GFA by use (thousand m²) and the total of the ``target`` objective."""
    uses, k = con.use_ids, len(con.use_ids)
    base = dict(zip(uses, sc.table().share_pct, strict=True)) if sc else {}
    for u in target_pct or {}:
        if u not in uses:
            raise InputError(f"target names unknown use '{u}'; uses: {', '.join(uses)}")
    tgt = np.array([float((target_pct or {}).get(u, base.get(u, np.nan))) for u in uses])
    if np.isnan(tgt).any() or abs(tgt.sum() - 100) > 1e-6:
        raise InputError(
            f"a target split gives every use and sums to 100%, found "
            f"{np.nansum(tgt):g}% over {int((~np.isnan(tgt)).sum())} of {k} uses"
        )
    total = float(total_gfa_m2 if total_gfa_m2 is not None else (sc.total() if sc else 0))
    if total <= 0:
        raise InputError("a target split needs a total GFA > 0 (total_gfa_m2)")
    return tgt / 100.0 * total / _K, total
