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
    if con.open_space_per_m2 is not None:
        rows.append(
            _Row("open_space", con.open_space_per_m2.copy(), con.open_space_m2 / _K, "open_space")
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


REL = 1e-3  # a price holds while it predicts the change of the optimum within 0.1%

#: The way each kind of constraint is relaxed on its right-hand side as shown (m², plot ratio,
#: %): +1 raised (a capacity, a plot ratio, a maximum share), -1 lowered (a minimum share, a
#: required total).
_RELAX = {
    "capacity": 1,
    "plot_ratio": 1,
    "max_share": 1,
    "min_share": -1,
    "total": -1,
    "open_space": 1,
}


def _moved(
    con: Constraints, row: _Row, totals: tuple[float | None, float | None], step: float
) -> tuple[Constraints, float | None, float | None]:
    """The programme with ``row``'s right-hand side as shown moved by ``step``, through the
    model: with :attr:`Constraints.by_capacity`, a zone's capacity raised also takes a larger
    part of each use it holds, as raising its coverage would.
    """
    from dataclasses import replace

    min_total, total = totals
    key = row.name.split(":", 1)[-1]
    if row.kind == "capacity":
        z = con.zone_ids.index(key)
        cap = con.capacity_m2.copy()
        cap[z] = max(cap[z] + step, 0.0)
        if not con.by_capacity:
            return replace(con, capacity_m2=cap), min_total, total
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(con.capacity_m2 > 0, cap / con.capacity_m2, 1.0)
            w = con.allocation * scale[None, :]
            alloc = np.where(w.sum(axis=1, keepdims=True) > 0, w / w.sum(axis=1, keepdims=True), 0)
        return replace(con, capacity_m2=cap, allocation=alloc), min_total, total
    if row.kind == "open_space":
        return replace(con, open_space_m2=max(con.open_space_m2 + step, 0.0)), min_total, total
    if row.kind == "plot_ratio":
        return replace(con, max_plot_ratio=(con.max_plot_ratio or 0.0) + step), min_total, total
    if row.kind in ("min_share", "max_share"):
        field = "min_pct" if row.kind == "min_share" else "max_pct"
        pct = getattr(con, field).copy()
        pct[con.use_ids.index(key)] += step
        return replace(con, **{field: pct}), min_total, total
    if row.eq:
        return con, min_total, (total or 0.0) + step
    return con, (min_total or 0.0) + step, total


def _verified_prices(
    con: Constraints,
    rows: list[_Row],
    frame: Any,
    objective: str,
    target_k: np.ndarray | None,
    totals: tuple[float | None, float | None],
) -> Any:
    """``frame`` (one row per constraint) with each binding constraint's shadow price kept only
    where re-solving confirms it both ways (relaxed and tightened by the same amount), with
    the range of its right-hand side over which it was seen to hold (``holds_from``,
    ``holds_to``); ``gain_if_relaxed`` and ``relaxed_to``: the gain per unit relaxed, measured
    one way, and how far it was seen to hold. A degenerate optimum (a use filling several zones
    in step) prices a zone at what HiGHS picked, which relaxing it may not gain.
    """
    k = len(con.use_ids)

    def value(row: _Row, step: float) -> float:
        c2, lo, eq = _moved(con, row, totals, step)
        res = _lp(_rows(c2, lo, eq), k, objective, target_k)
        return -float(res.fun) * _K if res.status == 0 else np.nan  # target: minus distance

    out = frame.copy()
    for col in ("holds_from", "holds_to", "gain_if_relaxed", "relaxed_to"):
        out[col] = np.nan
    for row in rows:
        name, relax = row.name, _RELAX.get(row.kind)
        if relax is None or not out.at[name, "binding"]:
            continue
        rhs = float(out.at[name, "rhs"])
        v0, first = value(row, 0.0), 1e-4 * max(abs(rhs), 1.0)
        tol = 1e-8 * max(1.0, abs(v0))  # the solver's own accuracy
        seen = []
        for way in (relax, -relax):  # relaxed, then tightened
            rate = (value(row, way * first) - v0) / first * way * relax
            good = first if np.isfinite(rate) else np.nan
            bad = np.nan
            for j in range(19 if np.isfinite(rate) else 0):  # double, then halve the gap
                d = 2 * good if np.isnan(bad) else (good + bad) / 2
                miss = abs(value(row, way * d) - v0 - rate * d * way * relax)
                ok = miss <= tol + REL * abs(rate) * d  # a share bound bends: within 0.1%
                good, bad = (d, bad) if ok else (good, d)
                if np.isnan(bad) and j >= 14:
                    break
            seen.append((rate, rhs + way * good))
        (up, up_to), (down, down_to) = seen
        out.at[name, "gain_if_relaxed"], out.at[name, "relaxed_to"] = up, up_to
        both = np.isfinite(up) and np.isfinite(down)
        if both and abs(up - down) <= REL * max(abs(up), abs(down)) + tol / first:
            lam = float(out.at[name, "shadow_price"])  # HiGHS's, where it agrees
            agree = abs(lam - up) <= REL * abs(up) + tol / first
            out.at[name, "shadow_price"] = lam if agree else (up + down) / 2
            out.at[name, "holds_from"], out.at[name, "holds_to"] = sorted((up_to, down_to))
        else:
            out.at[name, "shadow_price"] = np.nan
    return out
