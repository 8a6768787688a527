"""Optimise an allocation with linear programming (``scipy.optimize.linprog``, HiGHS).

Variables: the GFA of each use. Constraints (the rule of :func:`gis.validate`, which is linear in
the GFA; see :mod:`gis._constraints`):

* zone capacity ``Σ_u gfa[u] × allocation[u, z] <= capacity[z]`` (the envelope's rule),
* ``gfa[u] <= 0`` for a use no zone is open to,
* plot ratio ``Σ gfa <= max_plot_ratio × site area``,
* share bounds ``gfa[u] >= min[u] % × Σ gfa`` and ``gfa[u] <= max[u] % × Σ gfa``,
* a required total: ``Σ gfa >= min_total`` (``max_total``) or ``Σ gfa = total`` (``target``).

Objectives: ``"max_total"`` maximises the total GFA; ``"target"`` minimises the L1 distance to
a target split at a fixed total (``Σ |gfa[u] - target[u]|`` through auxiliary variables
``d[u] >= ±(gfa[u] - target[u])``).

Shadow prices are the HiGHS marginals, rescaled to "objective gained per unit of relaxation".
When one use fills several zones in step (its GFA is spread in proportion to their capacity),
the optimum is degenerate: every zone of the group binds, the prices HiGHS reports are one
valid choice, and raising one zone of the group alone may gain nothing.

When no allocation meets every constraint, a deletion filter finds an irreducible conflicting
set (dropping any one of its members makes the rest feasible) and the message names it:
"min share of wet_lab_mfg 80% conflicts with capacity of zone life_health, ...".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.allocation.constraints import Constraints
from gis.config import check_range
from gis.errors import InputError

if TYPE_CHECKING:
    from gis.scenarios.scenario import Scenario

OBJECTIVES = ("max_total", "target")
_K = 1000.0  # the LP works in thousands of m² (better scaled for HiGHS)
_UNITS = {
    "capacity": "m² per m² of capacity",
    "no_zone": "m² per m² allowed",
    "plot_ratio": "m² per 1.0 of plot ratio",
    "min_share": "m² per point lowered",
    "max_share": "m² per point raised",
    "total": "m² per m² less required",
}


@dataclass
class SolveResult:
    """The optimum (or why there is none).

    Attributes
    ----------
    status
        ``"optimal"``, ``"infeasible"``, ``"unbounded"`` or ``"error"``.
    message
        One line: the optimum, or the conflicting constraints.
    uses
        Per use: ``name_en``, ``gfa_m2``, ``share_pct`` (and ``target_pct``), index ``use_id``.
    total_gfa_m2
        The total of the allocation (NaN when there is none).
    constraints
        Per constraint: ``label``, ``lhs``, ``rhs``, ``slack`` (m² or %), ``binding``,
        ``shadow_price`` (how much the objective improves per unit of relaxation, in
        ``shadow_unit``: the HiGHS marginals, rescaled).
    conflicts
        Names of the conflicting constraints when infeasible.
    distance_pct
        ``target``: L1 distance of the shares to the target, in percentage points.
    """

    status: str
    objective: str
    message: str
    uses: pd.DataFrame
    total_gfa_m2: float
    constraints: pd.DataFrame
    conflicts: list[str] = field(default_factory=list)
    distance_pct: float | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter (drawn by the renderer :mod:`gis.display` finds)."""
        from gis.display import html

        return html(self)

    @property
    def ok(self) -> bool:
        """True when an optimum was found."""
        return self.status == "optimal"

    @property
    def binding(self) -> pd.DataFrame:
        """The binding constraints, largest shadow price first."""
        b = self.constraints[self.constraints.binding]
        return b.sort_values("shadow_price", ascending=False, key=abs)

    def table(self) -> pd.DataFrame:
        """The allocation as a table :func:`gis.validate` takes.

        Returns
        -------
        pandas.DataFrame
            ``use_id, share_pct, gfa_m2``, one row per use.
        """
        return self.uses.reset_index()[["use_id", "share_pct", "gfa_m2"]]


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
    return _optimal(con, rows, res, target_k, objective, params)


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


def _optimal(
    con: Constraints,
    rows: list[_Row],
    res: Any,
    target_k: np.ndarray | None,
    objective: str,
    params: dict[str, Any],
) -> SolveResult:
    """The result of an optimum, with its one-line message."""
    gfa = _strictly_valid(con, res.x[: len(con.use_ids)] * _K)
    out = SolveResult(
        "optimal",
        objective,
        "",
        _uses(con, gfa, target_k),
        float(gfa.sum()),
        _constraint_frame(con, rows, res, gfa, objective),
        params=params,
    )
    if objective == "target":
        out.distance_pct = float(np.abs(out.uses.share_pct - out.uses.target_pct).sum())
        out.message = (
            f"optimal: closest split to the target is {out.distance_pct:.2f} points "
            f"away (L1) at {out.total_gfa_m2:,.0f} m²"
        )
    else:
        out.message = f"optimal: the largest valid total GFA is {out.total_gfa_m2:,.0f} m²"
    top = out.binding.head(3)
    if len(top):
        out.message += "; binding: " + ", ".join(top.index)
    return out


def _strictly_valid(con: Constraints, gfa: np.ndarray) -> np.ndarray:
    """Scale the optimum down by the solver's tolerance if a capacity or plot ratio is a hair
    over (shares do not change), so :func:`gis.validate` agrees it is valid.
    """
    total = gfa.sum()
    if total <= 0:
        return gfa
    ratios, _ = con.evaluate((100 * gfa / total)[None, :], np.array([total]))
    names = con.names()
    scal = [i for i, n in enumerate(names) if n.startswith(("capacity:", "plot_ratio"))]
    worst = ratios[0, scal].max() if scal else 0.0
    return gfa / worst * (1 - 1e-12) if worst > 1.0 else gfa


def _uses(con: Constraints, gfa: np.ndarray, target_k: np.ndarray | None) -> pd.DataFrame:
    total = np.nansum(gfa)
    df = pd.DataFrame(
        {
            "name_en": [con.use_names.get(u, u) for u in con.use_ids],
            "gfa_m2": gfa,
            "share_pct": 100 * gfa / total if total > 0 else np.full(len(gfa), np.nan),
        },
        index=pd.Index(con.use_ids, name="use_id"),
    )
    if target_k is not None:
        df["target_pct"] = 100 * target_k / target_k.sum()
    return df


def _constraint_frame(
    con: Constraints, rows: list[_Row], res: Any, gfa: np.ndarray | None, objective: str
) -> pd.DataFrame:
    recs = []
    ub_i = eq_i = 0
    x = None if gfa is None else gfa / _K
    for r in rows:
        lam = np.nan
        if res is not None:
            if r.eq:
                lam, eq_i = float(res.eqlin.marginals[eq_i]), eq_i + 1
            else:
                lam, ub_i = float(res.ineqlin.marginals[ub_i]), ub_i + 1
        lhs, rhs = (float(r.a @ x) * _K if x is not None else np.nan), r.b * _K
        if r.kind in ("min_share", "max_share"):  # as shares, in %
            u = con.use_ids.index(r.name.split(":", 1)[1])
            bound = (con.min_pct if r.kind == "min_share" else con.max_pct)[u]
            lhs = 100.0 * x[u] / x.sum() if x is not None and x.sum() > 0 else np.nan
            rhs = float(bound)
            slack = lhs - rhs if r.kind == "min_share" else rhs - lhs
            shadow = -10.0 * lam * x.sum() if x is not None else np.nan
        elif r.kind == "plot_ratio":
            slack, shadow = rhs - lhs, -lam * con.site_area_m2
        elif r.kind == "total" and not r.eq:  # stored as -Σ gfa <= -min
            lhs, rhs = -lhs, -rhs
            slack, shadow = lhs - rhs, -lam
        elif r.eq:  # Σ gfa = total: improvement per m² less required
            slack, shadow = rhs - lhs, lam
        else:
            slack, shadow = rhs - lhs, -lam
        scale = 1.0 if r.kind in ("min_share", "max_share") else max(1.0, abs(rhs))
        binding = bool(x is not None and (abs(slack) <= 1e-6 * scale or abs(lam) > 1e-9))
        recs.append(
            {
                "constraint": r.name,
                "kind": r.kind,
                "label": con.label(r.name),
                "lhs": lhs,
                "rhs": rhs,
                "slack": slack,
                "binding": binding,
                "shadow_price": shadow,
                "shadow_unit": _UNITS[r.kind],
            }
        )
    return pd.DataFrame(recs).set_index("constraint")


def _infeasible(
    con: Constraints,
    conflict: list[_Row],
    alternatives: dict[str, list[str]],
    objective: str,
    params: dict[str, Any],
) -> SolveResult:
    order = {
        "min_share": 0,
        "max_share": 1,
        "total": 2,
        "plot_ratio": 3,
        "no_zone": 4,
        "capacity": 5,
    }
    conflict = sorted(conflict, key=lambda r: order[r.kind])
    labels = []
    for r in conflict:
        alts = [a.split(":", 1)[1] for a in alternatives.get(r.name, [])]
        if alts:
            zones = [r.name.split(":", 1)[1], *alts]
            labels.append(
                f"capacity of zones {', '.join(zones)} (filled in step by the same "
                "use: any one of them binds)"
            )
        else:
            labels.append(con.label(r.name))
    if len(labels) == 1:
        msg = f"infeasible: {labels[0]} cannot be met on its own"
    else:
        msg = (
            f"infeasible: {labels[0]} conflicts with {'; '.join(labels[1:])} (these cannot "
            "all hold at once; without any one of them the others can)"
        )
    k = len(con.use_ids)
    frame = _constraint_frame(con, conflict, None, None, objective)[["kind", "label", "rhs"]]
    frame["alternatives"] = [", ".join(alternatives.get(r.name, [])) for r in conflict]
    return SolveResult(
        "infeasible",
        objective,
        msg,
        _uses(con, np.full(k, np.nan), None),
        float("nan"),
        frame,
        conflicts=[r.name for r in conflict],
        params=params,
    )
