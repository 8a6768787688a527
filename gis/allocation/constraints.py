"""The validity rule of a generated allocation, as arrays: shared by ``sweep`` and ``solve``.

An allocation is ``shares`` (%, summing to 100) and a ``total`` GFA; ``gfa = shares / 100 ×
total``. It is valid under :func:`gis.validate` iff none of these errors fire (the same
comparisons and the same 1e-9 tolerances as validate):

=========================  ==============================================  =========================
constraint                 violated when                                   validate check
=========================  ==============================================  =========================
``capacity:<zone>``        ``(gfa @ allocation)[z] / capacity[z] > 1+1e-9``  site.zone_over_capacity
``no_zone:<use>``          ``gfa[u] > 0`` and no zone open to the use      site.use_without_zone
``plot_ratio``             ``total / site_area > max_plot_ratio + 1e-9``   site.plot_ratio_exceeded
``min_share:<use>``        ``share[u] < min[u] - 1e-9``                    site.share_below_min
``max_share:<use>``        ``share[u] > max[u] + 1e-9``                    site.share_above_max
``open_space``             ``open_space_per_m2 @ gfa > open_space_m2``     provision.open_space_*
=========================  ==============================================  =========================

``open_space`` (:meth:`Constraints.with_open_space`) is the provision constraint: the
residents of the residential GFA times the open space per person must fit on the open space
the zones provide (e.g. "at least 2 m² per resident").

Each constraint also has a *ratio* (load / limit): at most 1 when it holds, and the largest
ratio names the tightest constraint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

TOL = 1e-9  # as gis.validate


@dataclass
class Constraints:
    """The constraints of one envelope and rule set (see the module docstring).

    Attributes
    ----------
    use_ids, zone_ids
        Column labels of ``shares`` and of ``allocation``'s columns.
    allocation
        ``(uses, zones)`` fraction of each use's GFA placed in each zone (rows sum to 1).
    capacity_m2
        Capacity of each zone.
    site_area_m2, max_plot_ratio
        The gross plot ratio cap (None: no cap).
    min_pct, max_pct
        Per-use share bounds in % (NaN: none).
    zone_names, use_names
        For labels.
    by_capacity
        Each use is spread over its zones in proportion to their capacity (an envelope's
        rule): raising a zone's capacity also gives it a larger part of each use it holds.
    """

    use_ids: list[str]
    zone_ids: list[str]
    allocation: np.ndarray
    capacity_m2: np.ndarray
    site_area_m2: float
    max_plot_ratio: float | None
    min_pct: np.ndarray
    max_pct: np.ndarray
    zone_names: dict[str, str]
    use_names: dict[str, str]
    by_capacity: bool = False
    open_space_per_m2: np.ndarray | None = None
    open_space_m2: float = 0.0
    open_space_per_person_m2: float = 0.0

    @classmethod
    def from_envelope(
        cls, env: Any, rules: Any = None, use_names: dict[str, str] | None = None
    ) -> Constraints:
        """The constraints of an envelope under a rule set.

        Parameters
        ----------
        env
            A :class:`~gis.planning.Envelope`.
        rules
            :class:`~gis.validation.Rules` (plot-ratio cap, share bounds), or None.
        use_names
            ``use_id -> name`` for labels.

        Returns
        -------
        Constraints
        """
        k = len(env.use_ids)
        lo, hi = np.full(k, np.nan), np.full(k, np.nan)
        for arr, bounds in (
            (lo, getattr(rules, "min_share_pct", None)),
            (hi, getattr(rules, "max_share_pct", None)),
        ):
            for u, v in (bounds or {}).items():
                if u in env.use_ids:
                    arr[env.use_ids.index(u)] = float(v)
        return cls(
            use_ids=list(env.use_ids),
            zone_ids=list(env.zone_ids),
            allocation=env.allocation(),
            capacity_m2=np.asarray(env.capacity_m2, float),
            site_area_m2=float(env.site_area_m2),
            max_plot_ratio=getattr(rules, "max_plot_ratio", None),
            min_pct=lo,
            max_pct=hi,
            zone_names={z: env.zone_names.get(z, (z, ""))[0] for z in env.zone_ids},
            use_names=dict(use_names or {}),
            by_capacity=True,
        )

    @classmethod
    def from_scenario(cls, scenario: Any) -> Constraints:
        """The constraints :func:`gis.validate` applies to a scenario.

        Parameters
        ----------
        scenario
            A :class:`~gis.scenarios.Scenario`.

        Returns
        -------
        Constraints

        Examples
        --------
        >>> from gis.scenarios import load_scenario
        >>> Constraints.from_scenario(load_scenario("table-3-1")).names()[0]
        'capacity:batch1_dev'
        """
        return cls.from_envelope(
            scenario.envelope(), scenario.to_rules(), scenario.project.use_names()
        )

    def with_open_space(
        self, m2_per_person: float, zones: Any, provision: Any = None
    ) -> Constraints:
        """These constraints and open space of at least ``m2_per_person`` per resident.

        Parameters
        ----------
        m2_per_person
            Open space per resident, m² (2: HKPSG today; 2.5: the Hong Kong 2030+ proposal).
        zones
            The zones whose open space (``O`` family, spaces of 500 m² or more) is the supply.
        provision
            Planning parameters (:func:`gis.people.load_provision`; default the shipped ones):
            residents per m² of residential GFA = persons per flat / GFA per flat.

        Returns
        -------
        Constraints
        """
        from dataclasses import replace

        from gis.people import load_provision, people_of, provision_supply

        params = provision or load_provision()
        per_m2 = np.array(
            [people_of({u: 1.0}, params).residents for u in self.use_ids], dtype=float
        )
        per_m2 = np.nan_to_num(per_m2) * float(m2_per_person)
        supply = provision_supply(zones, params)
        small = float(params.standards["open_space_total"].get("min_size_m2") or 0.0)
        areas = supply.area_m2[(supply.kind == "open_space") & (supply.area_m2 >= small)]
        return replace(
            self,
            open_space_per_m2=per_m2,
            open_space_m2=float(areas.sum()),
            open_space_per_person_m2=float(m2_per_person),
        )

    # ------------------------------------------------------------------ structure
    @property
    def zone_cols(self) -> np.ndarray:
        """Zones that can hold GFA (capacity > 0); a zone without capacity never gets load."""
        return np.flatnonzero(self.capacity_m2 > 0)

    @property
    def no_zone_uses(self) -> np.ndarray:
        """Uses no zone is open to (their GFA must be 0)."""
        return np.flatnonzero(self.allocation.sum(axis=1) <= 0)

    def names(self) -> list[str]:
        """Constraint names, in the column order of :meth:`evaluate`'s ratios.

        Returns
        -------
        list of str
            ``capacity:<zone>``, ``no_zone:<use>``, ``plot_ratio``, ``min_share:<use>``,
            ``max_share:<use>``.
        """
        out = [f"capacity:{self.zone_ids[z]}" for z in self.zone_cols]
        out += [f"no_zone:{self.use_ids[u]}" for u in self.no_zone_uses]
        if self.max_plot_ratio is not None:
            out.append("plot_ratio")
        out += [f"min_share:{self.use_ids[u]}" for u in np.flatnonzero(~np.isnan(self.min_pct))]
        out += [f"max_share:{self.use_ids[u]}" for u in np.flatnonzero(~np.isnan(self.max_pct))]
        if self.open_space_per_m2 is not None:
            out.append("open_space")
        return out

    def label(self, name: str) -> str:
        """A planner's words for a constraint name.

        Parameters
        ----------
        name
            As :meth:`names` (or ``total:<text>``).

        Returns
        -------
        str
            E.g. ``"capacity of zone ai_data (AI & Data Science, 241,206 m²)"``.
        """
        kind, _, what = name.partition(":")
        if kind == "capacity":
            z = self.zone_ids.index(what)
            return (
                f"capacity of zone {what} ({self.zone_names.get(what, what)}, "
                f"{self.capacity_m2[z]:,.0f} m²)"
            )
        if kind == "plot_ratio":
            ha = self.site_area_m2 / 1e4
            return f"gross plot ratio <= {self.max_plot_ratio:g} ({ha:.1f} ha site)"
        if kind == "total":
            return what
        if kind == "open_space":
            return (
                f"open space >= {self.open_space_per_person_m2:g} m² per resident "
                f"({self.open_space_m2:,.0f} m² of open space on the zones)"
            )
        name_u = self.use_names.get(what, what)
        u = self.use_ids.index(what)
        if kind == "no_zone":
            return f"no zone holds use {what} ({name_u})"
        if kind == "min_share":
            return f"min share of {what} ({name_u}) {self.min_pct[u]:g}%"
        return f"max share of {what} ({name_u}) {self.max_pct[u]:g}%"

    # ------------------------------------------------------------------ evaluation
    def evaluate(
        self, shares_pct: np.ndarray, totals_m2: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Ratios and violations of many allocations.

        Parameters
        ----------
        shares_pct
            ``(n, uses)`` shares in %.
        totals_m2
            ``(n,)`` total GFA.

        Returns
        -------
        ratios, violated
            ``(n, constraints)`` arrays, columns as :meth:`names`.
        """
        ratios, viol = self.evaluate_by_use(np.asarray(shares_pct, dtype=float).T, totals_m2)
        return ratios.T, viol.T

    def evaluate_by_use(
        self, shares_pct: np.ndarray, totals_m2: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`evaluate` with one row per use and per constraint (the layout sweeps use).

        Reductions across constraints then run along contiguous rows, which is several times
        faster than across the columns of ``(n, constraints)`` arrays.

        Parameters
        ----------
        shares_pct
            ``(uses, n)`` shares in %.
        totals_m2
            ``(n,)`` total GFA.

        Returns
        -------
        ratios, violated
            ``(constraints, n)`` arrays, rows as :meth:`names`.
        """
        s = np.asarray(shares_pct, dtype=float)
        t = np.asarray(totals_m2, dtype=float)
        cols = self.zone_cols
        # load / capacity of each zone per m² of total, times the totals
        per_m2 = self.allocation[:, cols].T / (100.0 * self.capacity_m2[cols][:, None])
        util = per_m2 @ s
        util *= t  # in place: no second (zones, n) array
        if (
            not len(self.no_zone_uses)
            and self.max_plot_ratio is None
            and np.isnan(self.min_pct).all()
            and np.isnan(self.max_pct).all()
            and self.open_space_per_m2 is None
        ):
            return util, util > 1.0 + TOL
        gfa = s / 100.0 * t
        ratios, viol = [util], [util > 1.0 + TOL]
        if len(self.no_zone_uses):
            g0 = gfa[self.no_zone_uses]
            ratios.append(np.where(g0 > 0, np.inf, 0.0))
            viol.append(g0 > 0)
        if self.max_plot_ratio is not None:
            pr = t / self.site_area_m2
            ratios.append((pr / self.max_plot_ratio)[None, :])
            viol.append((pr > self.max_plot_ratio + TOL)[None, :])
        # shares as validate measures them: 100 × gfa / Σ gfa
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # tiny shares
            share = 100.0 * gfa / gfa.sum(axis=0)
            lo_idx = np.flatnonzero(~np.isnan(self.min_pct))
            if len(lo_idx):
                lo, sh = self.min_pct[lo_idx][:, None], share[lo_idx]
                ratios.append(np.where(sh > 0, lo / sh, np.where(lo > 0, np.inf, 0.0)))
                viol.append(sh < lo - TOL)
            hi_idx = np.flatnonzero(~np.isnan(self.max_pct))
            if len(hi_idx):
                hi, sh = self.max_pct[hi_idx][:, None], share[hi_idx]
                ratios.append(np.where(hi > 0, sh / hi, np.where(sh > 0, np.inf, 0.0)))
                viol.append(sh > hi + TOL)
        if self.open_space_per_m2 is not None:
            need = (self.open_space_per_m2 @ gfa)[None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(need > 0, need / self.open_space_m2, 0.0)
            ratios.append(ratio)
            viol.append(need > self.open_space_m2 * (1 + TOL))
        return np.vstack(ratios), np.vstack(viol)

    def max_total_m2(self, shares_pct: np.ndarray) -> np.ndarray:
        """The largest total GFA each split can have and stay valid (NaN: none can).

        Zone loads and the plot ratio grow in proportion to the total, shares do not: the
        answer is the smallest ``limit / load per m² of total`` over the capacity and plot
        ratio constraints, for splits that meet their share bounds and leave no GFA without
        a zone.

        Parameters
        ----------
        shares_pct
            ``(n, uses)`` splits in %.

        Returns
        -------
        numpy.ndarray
            ``(n,)`` largest valid totals, m².
        """
        s = np.asarray(shares_pct, dtype=float)
        cols = self.zone_cols
        per_m2 = (s / 100.0) @ self.allocation[:, cols]
        with np.errstate(divide="ignore"):
            limit = np.where(per_m2 > 0, self.capacity_m2[cols] * (1 + TOL) / per_m2, np.inf)
        best = limit.min(axis=1) if len(cols) else np.full(len(s), np.inf)
        if self.max_plot_ratio is not None:
            best = np.minimum(best, (self.max_plot_ratio + TOL) * self.site_area_m2)
        if self.open_space_per_m2 is not None:
            need = (s / 100.0) @ self.open_space_per_m2  # m² of open space per m² of total
            with np.errstate(divide="ignore"):
                best = np.minimum(
                    best, np.where(need > 0, self.open_space_m2 * (1 + TOL) / need, np.inf)
                )
        ok: np.ndarray | np.bool_ = np.ones(len(s), bool)
        _, viol = self.evaluate(s, np.ones(len(s)))
        names = self.names()
        share_cols = [
            i
            for i, n in enumerate(names)
            if n.split(":")[0] in ("min_share", "max_share", "no_zone")
        ]
        if share_cols:
            ok = ~viol[:, share_cols].any(axis=1)
        return np.where(ok, best, np.nan)
