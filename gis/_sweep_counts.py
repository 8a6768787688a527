"""The running counts of a sweep: constraints broken, frontier bins and (optionally) samples.

:func:`gis.sweeping.sweep` feeds it chunk by chunk (:meth:`Accumulator.add`) and builds its
result frames from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._constraints import TOL, Constraints
from .errors import InputError


class Accumulator:
    """Running counts, frontier bins and (optionally) the samples of a sweep."""

    def __init__(self, con: Constraints, fu: int, bin_pct: float, keep_n: int) -> None:
        if not 0 < bin_pct <= 100:  # NaN fails too
            raise InputError(f"frontier bin width must be > 0 and <= 100 points, found {bin_pct:g}")
        self.con, self.fu, self.bin_pct = con, fu, bin_pct
        self.names = con.names()
        m, k = len(self.names), len(con.use_ids)
        self.nbins = int(np.ceil(100.0 / bin_pct))
        self.n_feasible = 0
        self.violated = np.zeros(m, np.int64)
        self.worst = np.zeros(m, np.int64)
        self.tight = np.zeros(m, np.int64)
        self.bin_n = np.zeros(self.nbins, np.int64)
        self.bin_feas = np.zeros(self.nbins, np.int64)
        self.bin_max_feas = np.full(self.nbins, -np.inf)
        self.bin_max_total = np.full(self.nbins, -np.inf)
        self.bin_best = np.full((self.nbins, k), np.nan)
        self.share_cols = np.array(
            [n.split(":")[0] in ("min_share", "max_share", "no_zone") for n in self.names], bool
        )
        self.scale_cols = np.array([n.split(":")[0] == "capacity" for n in self.names], bool)
        self.pr_col = self.names.index("plot_ratio") if "plot_ratio" in self.names else None
        self.keep_n = keep_n
        if keep_n:
            self.s = np.empty((keep_n, k))
            self.t = np.empty(keep_n)
            self.feas = np.empty(keep_n, bool)
            self.bind = np.empty(keep_n, np.int32)
            self.tmax = np.empty(keep_n)

    def add(self, s: np.ndarray, t: np.ndarray, offset: int) -> None:
        """Count one chunk of allocations.

        Parameters
        ----------
        s, t
            ``(n, uses)`` splits in % and ``(n,)`` totals in m².
        offset
            Position of the chunk's first allocation in the sweep.
        """
        con, m = self.con, len(self.names)
        ratios, viol = con.evaluate(s, t)
        feas = ~viol.any(axis=1)
        arg = np.argmax(ratios, axis=1) if m else np.zeros(len(s), np.int64)
        self.n_feasible += int(feas.sum())
        self.violated += viol.sum(axis=0)
        if m:
            self.worst += np.bincount(arg[~feas], minlength=m)
            self.tight += np.bincount(arg[feas], minlength=m)
        # the largest valid total of each split: capacity ratios grow with the total
        tmax = np.full(len(s), np.inf)
        if self.scale_cols.any():
            r1 = ratios[:, self.scale_cols] / t[:, None]
            with np.errstate(divide="ignore"):
                tmax = np.where(r1.max(axis=1) > 0, (1 + TOL) / r1.max(axis=1), np.inf)
        if self.pr_col is not None and con.max_plot_ratio is not None:
            tmax = np.minimum(tmax, (con.max_plot_ratio + TOL) * con.site_area_m2)
        if self.share_cols.any():
            tmax = np.where(viol[:, self.share_cols].any(axis=1), np.nan, tmax)
        b = np.minimum((s[:, self.fu] / self.bin_pct).astype(np.int64), self.nbins - 1)
        self.bin_n += np.bincount(b, minlength=self.nbins)
        self.bin_feas += np.bincount(b[feas], minlength=self.nbins)
        np.maximum.at(self.bin_max_feas, b[feas], t[feas])
        key = np.where(np.isnan(tmax), -np.inf, tmax)
        order = np.lexsort((-key, b))
        bins, first = np.unique(b[order], return_index=True)
        best = order[first]
        better = key[best] > self.bin_max_total[bins]
        self.bin_max_total[bins[better]] = key[best[better]]
        self.bin_best[bins[better]] = s[best[better]]
        if self.keep_n:
            sl = slice(offset, offset + len(s))
            self.s[sl], self.t[sl], self.feas[sl], self.tmax[sl] = s, t, feas, tmax
            self.bind[sl] = arg

    def constraint_frame(self) -> pd.DataFrame:
        """Per constraint: ``label``, ``violated``, ``violated_pct``, ``worst``,
        ``tightest_feasible``.

        Returns
        -------
        pandas.DataFrame
        """
        total = max(int(self.bin_n.sum()), 1)
        return pd.DataFrame(
            {
                "label": [self.con.label(n) for n in self.names],
                "violated": self.violated,
                "violated_pct": 100.0 * self.violated / total,
                "worst": self.worst,
                "tightest_feasible": self.tight,
            },
            index=pd.Index(self.names, name="constraint"),
        )

    def frontier_frame(self) -> pd.DataFrame:
        """Per bin of the frontier use's share that saw draws (see ``SweepResult.frontier``).

        Returns
        -------
        pandas.DataFrame
        """
        fu = self.con.use_ids[self.fu]
        edges = np.arange(self.nbins + 1) * self.bin_pct
        df = pd.DataFrame(
            {
                f"{fu}_share_from_pct": edges[:-1],
                f"{fu}_share_to_pct": np.minimum(edges[1:], 100),
                "n": self.bin_n,
                "n_feasible": self.bin_feas,
                "max_feasible_total_gfa_m2": np.where(
                    np.isfinite(self.bin_max_feas), self.bin_max_feas, np.nan
                ),
                "max_total_gfa_m2": np.where(
                    np.isfinite(self.bin_max_total), self.bin_max_total, np.nan
                ),
            }
        )
        for j, u in enumerate(self.con.use_ids):
            df[f"share_{u}_pct"] = self.bin_best[:, j]
        return df[df.n > 0].reset_index(drop=True)

    def samples_frame(self) -> pd.DataFrame:
        """Every allocation kept (see ``SweepResult.samples``).

        Returns
        -------
        pandas.DataFrame
        """
        df = pd.DataFrame(self.s, columns=[f"share_{u}_pct" for u in self.con.use_ids])
        df["total_gfa_m2"] = self.t
        df["feasible"] = self.feas
        names = np.array(self.names or ["none"], dtype=object)
        df["binding"] = (
            pd.Categorical.from_codes(self.bind, categories=names) if self.names else "none"
        )
        df["max_total_gfa_m2"] = self.tmax
        return df
