"""The running counts of a sweep: constraints broken, frontier bins and (optionally) samples.

:func:`gis.allocation.sweeps.sweep` feeds it chunk by chunk (:meth:`Accumulator.add`) and builds its
result frames from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gis.allocation.constraints import TOL, Constraints
from gis.errors import InputError


@dataclass
class Part:
    """The counts of one chunk (see :meth:`Accumulator.part`)."""

    n_feasible: int
    violated: np.ndarray
    worst: np.ndarray
    tight: np.ndarray
    bin_n: np.ndarray
    bin_feas: np.ndarray
    bin_max_feas: np.ndarray
    bins: np.ndarray  # bins the chunk reached, with their largest total and its split
    bin_max_total: np.ndarray
    bin_best: np.ndarray


def argmax_rows(a: np.ndarray) -> np.ndarray:
    """``np.argmax(a, axis=0)`` (first maximum; a NaN counts as the maximum), row by row.

    Comparing whole rows against the column maxima is several times faster than
    ``np.argmax`` across the rows of a C-ordered array with few rows.

    Parameters
    ----------
    a
        ``(rows, n)`` array.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` row indices.

    Examples
    --------
    >>> argmax_rows(np.array([[1.0, 5.0, np.nan], [3.0, 5.0, 1.0]])).tolist()
    [1, 0, 0]
    """
    mx = np.maximum.reduce(a, axis=0)
    out = np.zeros(a.shape[1], np.int64)
    any_nan = bool(np.isnan(mx).any())
    for i in range(a.shape[0] - 1, -1, -1):  # last to first: the first maximum wins
        hit = a[i] == mx
        if any_nan:
            hit |= np.isnan(a[i])
        np.putmask(out, hit, i)
    return out


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
        self.n_scale = int(self.scale_cols.sum())  # capacity rows come first (Constraints.names)
        self.keep_n = keep_n
        if keep_n:
            self.s = np.empty((k, keep_n))
            self.t = np.empty(keep_n)
            self.feas = np.empty(keep_n, bool)
            self.bind = np.empty(keep_n, np.int32)
            self.tmax = np.empty(keep_n)

    def part(self, s: np.ndarray, t: np.ndarray, offset: int) -> Part:
        """Count one chunk of allocations, without touching the running counts.

        Safe to call from several threads at once (each writes only its own slice of the
        kept samples); :meth:`merge` the parts in order.

        Parameters
        ----------
        s, t
            ``(uses, n)`` splits in % and ``(n,)`` totals in m².
        offset
            Position of the chunk's first allocation in the sweep.

        Returns
        -------
        Part
        """
        con, m, n = self.con, len(self.names), s.shape[1]
        ratios, viol = con.evaluate_by_use(s, t)
        feas = ~np.logical_or.reduce(viol, axis=0) if m else np.ones(n, bool)
        arg = argmax_rows(ratios) if m else np.zeros(n, np.int64)
        # the largest valid total of each split: capacity ratios grow with the total
        tmax = np.full(n, np.inf)
        if self.n_scale:
            r1 = np.maximum.reduce(ratios[: self.n_scale], axis=0) / t
            with np.errstate(divide="ignore"):
                tmax = np.where(r1 > 0, (1 + TOL) / r1, np.inf)
        if self.pr_col is not None and con.max_plot_ratio is not None:
            tmax = np.minimum(tmax, (con.max_plot_ratio + TOL) * con.site_area_m2)
        if self.share_cols.any():
            tmax = np.where(np.logical_or.reduce(viol[self.share_cols], axis=0), np.nan, tmax)
        b = np.minimum((s[self.fu] / self.bin_pct).astype(np.int64), self.nbins - 1)
        bf, tf = b[feas], t[feas]
        max_feas = np.full(self.nbins, -np.inf)
        np.maximum.at(max_feas, bf, tf)
        # frontier: the first split of each bin with the bin's largest total (ties: the first,
        # as a stable sort would give); only the candidates equal to their bin's maximum are
        # looked at, no sort of the chunk
        key = np.where(np.isnan(tmax), -np.inf, tmax)
        max_total = np.full(self.nbins, -np.inf)
        np.maximum.at(max_total, b, key)
        cand = np.flatnonzero(key == max_total[b])
        bins, first = np.unique(b[cand], return_index=True)
        best = cand[first]
        if self.keep_n:
            sl = slice(offset, offset + n)
            self.s[:, sl], self.t[sl], self.feas[sl], self.tmax[sl] = s, t, feas, tmax
            self.bind[sl] = arg
        return Part(
            n_feasible=int(np.count_nonzero(feas)),
            violated=np.count_nonzero(viol, axis=1) if m else np.zeros(0, np.int64),
            worst=np.bincount(arg[~feas], minlength=m) if m else np.zeros(0, np.int64),
            tight=np.bincount(arg[feas], minlength=m) if m else np.zeros(0, np.int64),
            bin_n=np.bincount(b, minlength=self.nbins),
            bin_feas=np.bincount(bf, minlength=self.nbins),
            bin_max_feas=max_feas,
            bins=bins,
            bin_max_total=key[best],
            bin_best=s[:, best].T,
        )

    def merge(self, p: Part) -> None:
        """Add a chunk's :meth:`part` to the running counts (in the order of the chunks).

        Parameters
        ----------
        p
            The chunk's counts.
        """
        self.n_feasible += p.n_feasible
        self.violated += p.violated
        self.worst += p.worst
        self.tight += p.tight
        self.bin_n += p.bin_n
        self.bin_feas += p.bin_feas
        np.maximum(self.bin_max_feas, p.bin_max_feas, out=self.bin_max_feas)
        better = p.bin_max_total > self.bin_max_total[p.bins]  # ties: the earlier chunk
        self.bin_max_total[p.bins[better]] = p.bin_max_total[better]
        self.bin_best[p.bins[better]] = p.bin_best[better]

    def add(self, s: np.ndarray, t: np.ndarray, offset: int) -> None:
        """Count one chunk of allocations (:meth:`part` then :meth:`merge`).

        Parameters
        ----------
        s, t
            ``(uses, n)`` splits in % and ``(n,)`` totals in m².
        offset
            Position of the chunk's first allocation in the sweep.
        """
        self.merge(self.part(s, t, offset))

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
        df = pd.DataFrame({f"share_{u}_pct": self.s[j] for j, u in enumerate(self.con.use_ids)})
        df["total_gfa_m2"] = self.t
        df["feasible"] = self.feas
        names = np.array(self.names or ["none"], dtype=object)
        df["binding"] = (
            pd.Categorical.from_codes(self.bind, categories=names) if self.names else "none"
        )
        df["max_total_gfa_m2"] = self.tmax
        return df
