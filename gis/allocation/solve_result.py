"""What :func:`gis.solve` returns: :class:`SolveResult`, built from the optimum of the linear
program (the allocation, every constraint with its slack and shadow price) or from its
conflicting set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gis.allocation.constraints import Constraints
from gis.allocation.lp import _K, _Row

_UNITS = {
    "capacity": "m² per m² of capacity",
    "no_zone": "m² per m² allowed",
    "plot_ratio": "m² per 1.0 of plot ratio",
    "min_share": "m² per point lowered",
    "max_share": "m² per point raised",
    "total": "m² per m² less required",
    "open_space": "m² per m² more open space",
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
        ``shadow_unit``; NaN where re-solving shows it does not hold both ways),
        ``holds_from``/``holds_to`` (the range of the limit over which it was seen to hold),
        ``gain_if_relaxed``/``relaxed_to`` (the gain per unit relaxed, measured one way).
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
