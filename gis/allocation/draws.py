"""Share draws for :func:`gis.sweep`: Dirichlet around a split, uniform within bounds, a grid.

The three methods are small frozen dataclasses holding their own options
(:class:`Dirichlet`, :class:`Uniform`, :class:`Grid`), passed to :func:`gis.sweep` as
``method=``; the functions below them draw the splits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from gis.config import check_range
from gis.errors import InputError

BLOCK = 1 << 16  # draws per random stream: results do not depend on chunk sizes or threads


@dataclass(frozen=True)
class Setup:
    """What every method draws from: the base split, share bounds, totals and the seed.

    Every block of :data:`BLOCK` allocations has its own random streams (one for splits, one
    for totals), derived from ``seed`` and the block's number, so blocks can be drawn in any
    order, on any thread, in chunks of any size, and give the same draws.
    """

    base_pct: np.ndarray
    lo_pct: np.ndarray
    hi_pct: np.ndarray
    total_gfa_m2: float
    total_range_m2: tuple[float, float] | None
    seed: np.random.SeedSequence | None
    n: int = 0

    def stream(self, which: int, block: int) -> np.random.Generator:
        """The random stream ``which`` (0: splits, 1: totals, 2: uniform splits) of ``block``.

        Parameters
        ----------
        which, block
            Stream and block numbers.

        Returns
        -------
        numpy.random.Generator
        """
        seq = self.seed or np.random.SeedSequence(0)
        key = (*seq.spawn_key, which, block)
        return np.random.default_rng(np.random.SeedSequence(seq.entropy, spawn_key=key))

    def blocks(self, start: int, size: int, draw: Callable[[int, int], np.ndarray]) -> np.ndarray:
        """Allocations ``start`` to ``start + size`` from whole blocks drawn by ``draw``.

        Parameters
        ----------
        start, size
            Position of the chunk in the sweep, and its length.
        draw
            ``draw(block, length)``: the block's values, last axis ``length`` long (the last
            block of the sweep is shorter).

        Returns
        -------
        numpy.ndarray
            The chunk's values, last axis ``size`` long.
        """
        first, last = start // BLOCK, (start + size - 1) // BLOCK
        parts = []
        for b in range(first, last + 1):
            lo = b * BLOCK
            vals = draw(b, min(BLOCK, max(self.n, start + size) - lo))
            parts.append(vals[..., max(start - lo, 0) : min(start + size - lo, BLOCK)])
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=-1)

    def totals(self, start: int, size: int) -> np.ndarray:
        """Totals of allocations ``start`` to ``start + size``, m².

        Parameters
        ----------
        start, size
            Position of the chunk in the sweep, and its length.

        Returns
        -------
        numpy.ndarray
            Drawn uniformly in the range when there is one, else the fixed total.
        """
        rng_range = self.total_range_m2
        if rng_range is None:
            return np.full(size, self.total_gfa_m2)
        return self.blocks(start, size, lambda b, m: self.stream(1, b).uniform(*rng_range, m))


@dataclass(frozen=True)
class Dirichlet:
    """Draw splits around the scenario's split: Dirichlet(concentration × share / 100).

    Attributes
    ----------
    concentration
        Larger keeps draws closer to the split (the standard deviation of a share p is about
        ``sqrt(p (1 - p) / (concentration + 1))``).
    """

    concentration: float = 50.0
    name: ClassVar[str] = "dirichlet"

    def __post_init__(self) -> None:
        if not (isinstance(self.concentration, int | float) and 0 < self.concentration < np.inf):
            raise InputError(
                f"Dirichlet concentration must be a number > 0, found {self.concentration!r}"
            )

    def params(self) -> dict[str, Any]:
        """The entries of :attr:`gis.sweeping.SweepResult.params` for this method.

        Returns
        -------
        dict
        """
        return {"concentration": self.concentration}

    def chunk(self, setup: Setup, start: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The next chunk of allocations.

        Parameters
        ----------
        setup
            The base split, share bounds, totals and random streams.
        start, size
            Position of the chunk in the sweep, and its length.

        Returns
        -------
        tuple of numpy.ndarray
            ``(uses, size)`` splits in % (columns sum to 100) and ``(size,)`` totals in m².
        """
        base, c = setup.base_pct, self.concentration
        s = setup.blocks(start, size, lambda b, m: dirichlet(setup.stream(0, b), base, c, m))
        return s, setup.totals(start, size)


@dataclass(frozen=True)
class Uniform:
    """Draw splits uniformly among those within per-use share ranges.

    Attributes
    ----------
    share_range_pct
        ``use -> (low, high)`` in % (default: the scenario's ``min_share_pct`` /
        ``max_share_pct``, else 0-100).
    """

    share_range_pct: Mapping[str, tuple[float, float]] | None = None
    name: ClassVar[str] = "uniform"

    def params(self) -> dict[str, Any]:
        """The entries of :attr:`gis.sweeping.SweepResult.params` for this method.

        Returns
        -------
        dict
        """
        return {}

    def chunk(self, setup: Setup, start: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The next chunk of allocations.

        Parameters
        ----------
        setup
            The base split, share bounds, totals and random streams.
        start, size
            Position of the chunk in the sweep, and its length.

        Returns
        -------
        tuple of numpy.ndarray
            ``(uses, size)`` splits in % (columns sum to 100) and ``(size,)`` totals in m².
            The splits come from a stream of their own for each chunk, keyed by its start
            (rejection sampling draws as many as it needs), so they depend on the chunk size.
        """
        rng = setup.stream(2, start)
        return uniform(rng, setup.lo_pct, setup.hi_pct, size).T, setup.totals(start, size)


@dataclass(frozen=True)
class Grid:
    """Every split on a grid within per-use share ranges, times evenly spaced totals.

    Attributes
    ----------
    step_pct
        Grid step in % (must divide 100).
    share_range_pct
        ``use -> (low, high)`` in % (default as :class:`Uniform`).
    total_steps
        Totals across the sweep's ``total_range_m2``, when it has one.
    """

    step_pct: float = 5.0
    share_range_pct: Mapping[str, tuple[float, float]] | None = None
    total_steps: int = 5
    name: ClassVar[str] = "grid"

    def __post_init__(self) -> None:
        check_range(self.step_pct, "grid step_pct", low=0, low_open=True, high=100, optional=False)
        if not isinstance(self.total_steps, int) or self.total_steps < 1:
            raise InputError(
                f"grid total_steps must be a whole number >= 1, found {self.total_steps!r}"
            )

    def params(self) -> dict[str, Any]:
        """The entries of :attr:`gis.sweeping.SweepResult.params` for this method.

        Returns
        -------
        dict
        """
        return {"step_pct": self.step_pct}

    def points(self, setup: Setup) -> tuple[np.ndarray, np.ndarray]:
        """The grid's splits and totals (their product is the sweep).

        Parameters
        ----------
        setup
            The share bounds and totals.

        Returns
        -------
        tuple of numpy.ndarray
            ``(points, uses)`` splits in % and the totals in m².

        Raises
        ------
        InputError
            A step that does not divide 100, or a grid too large.

        Examples
        --------
        >>> import numpy as np
        >>> s = Setup(np.zeros(2), np.zeros(2), np.full(2, 100.0), 1e6, None, None)
        >>> splits, totals = Grid(step_pct=50).points(s)
        >>> splits.tolist(), totals.tolist()
        ([[0.0, 100.0], [50.0, 50.0], [100.0, 0.0]], [1000000.0])
        """
        splits = grid(self.step_pct, setup.lo_pct, setup.hi_pct)
        totals = (
            np.linspace(*setup.total_range_m2, max(self.total_steps, 1))
            if setup.total_range_m2
            else np.array([setup.total_gfa_m2])
        )
        return splits, totals


Method = Dirichlet | Uniform | Grid


def dirichlet(
    rng: np.random.Generator, base_pct: np.ndarray, concentration: float, n: int
) -> np.ndarray:
    """``n`` splits (%, rows sum to 100) from Dirichlet(concentration × base / 100).

    The mean is the base split; a larger ``concentration`` keeps draws closer to it (the
    standard deviation of a share p is about ``sqrt(p (1 - p) / (concentration + 1))``).
    A use with a base share of 0 stays at 0.

    Parameters
    ----------
    rng
        The random stream.
    base_pct
        The base split, % by use.
    concentration
        Larger keeps draws closer to the base.
    n
        How many splits.

    Returns
    -------
    numpy.ndarray
        ``(uses, n)`` splits in % (one row per use: the layout the sweep evaluates).
    """
    alpha = concentration * np.asarray(base_pct, float) / 100.0
    g = np.zeros((len(alpha), n))
    for j, a in enumerate(alpha):  # one use at a time: a scalar shape is the fast path
        if a > 0:
            rng.standard_gamma(a, out=g[j])
    g *= 100.0 / g.sum(axis=0)
    return g


def uniform(
    rng: np.random.Generator, lo_pct: np.ndarray, hi_pct: np.ndarray, n: int, max_rounds: int = 1000
) -> np.ndarray:
    """``n`` splits uniform on ``{lo <= s <= hi, Σ s = 100}`` (rejection from the simplex).

    Parameters
    ----------
    rng
        The random stream.
    lo_pct, hi_pct
        Share bounds by use, %.
    n
        How many splits.
    max_rounds
        Rejection rounds before giving up.

    Returns
    -------
    numpy.ndarray
        ``(n, uses)`` splits in %.

    Raises
    ------
    InputError
        Bounds that no split meets, or so narrow that almost every draw is rejected.
    """
    lo, hi = np.asarray(lo_pct, float), np.asarray(hi_pct, float)
    free = 100.0 - lo.sum()
    if free < -1e-9 or hi.sum() < 100.0 - 1e-9:
        raise InputError(
            f"share ranges admit no split: minima sum to {lo.sum():g}% and maxima "
            f"to {hi.sum():g}%; a split sums to 100%"
        )
    out = np.empty((n, len(lo)))
    filled, rounds, tried = 0, 0, 0
    batch = max(1024, n)
    while filled < n:
        e = rng.standard_exponential((batch, len(lo)))
        s = lo + max(free, 0.0) * e / e.sum(axis=1, keepdims=True)
        s = s[(s <= hi + 1e-12).all(axis=1)]
        take = min(len(s), n - filled)
        out[filled : filled + take] = s[:take]
        filled += take
        tried += batch
        rounds += 1
        if rounds >= max_rounds and filled < n:
            raise InputError(
                f"share ranges too narrow to sample: {filled} of {tried:,} draws "
                "kept; widen them or use the grid method"
            )
        if filled and filled < n:  # size the next batch by the acceptance rate seen so far
            batch = int(min(5_000_000, max(1024, 1.2 * (n - filled) * tried / filled)))
    return out


def compositions(parts: int, units: int) -> np.ndarray:
    """Every way to write ``units`` as an ordered sum of ``parts`` non-negative integers.

    Parameters
    ----------
    parts, units
        How many terms, and their sum.

    Returns
    -------
    numpy.ndarray
        ``(C(units + parts - 1, parts - 1), parts)`` integers, in lexicographic order.

    Examples
    --------
    >>> compositions(3, 2).tolist()
    [[0, 0, 2], [0, 1, 1], [0, 2, 0], [1, 0, 1], [1, 1, 0], [2, 0, 0]]
    """
    rows = np.zeros((1, 0), dtype=np.int64)
    rem = np.array([units], dtype=np.int64)
    for _ in range(parts - 1):
        counts = rem + 1
        idx = np.repeat(np.arange(len(rows)), counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        first = np.arange(len(idx)) - starts
        rows = np.column_stack([rows[idx], first])
        rem = rem[idx] - first
    return np.column_stack([rows, rem])


def grid(
    step_pct: float, lo_pct: np.ndarray, hi_pct: np.ndarray, max_points: int = 20_000_000
) -> np.ndarray:
    """Every split on a ``step_pct`` grid within the bounds.

    Parameters
    ----------
    step_pct
        Grid step in %; 100 / step must be whole.
    lo_pct, hi_pct
        Share bounds by use, %.
    max_points
        Refuse grids with more splits than this (before the bounds).

    Returns
    -------
    numpy.ndarray
        ``(points, uses)`` splits in %.

    Raises
    ------
    InputError
        A step that does not divide 100, or too many splits.

    Examples
    --------
    >>> grid(50, [0, 0], [100, 60]).tolist()
    [[50.0, 50.0], [100.0, 0.0]]
    """
    units = 100.0 / step_pct
    if step_pct <= 0 or abs(units - round(units)) > 1e-9:
        raise InputError(f"grid step must divide 100, found {step_pct:g}")
    k, units = len(lo_pct), int(round(units))
    from math import comb

    size = comb(units + k - 1, k - 1)
    if size > max_points:
        raise InputError(
            f"a {step_pct:g}% grid over {k} uses has {size:,} splits (more than "
            f"{max_points:,}); use a coarser step or the uniform method"
        )
    s = compositions(k, units) * step_pct
    keep = ((s >= np.asarray(lo_pct) - 1e-9) & (s <= np.asarray(hi_pct) + 1e-9)).all(axis=1)
    return s[keep].astype(float)
