"""The share samplers behind :func:`gis.sweep`'s methods: Dirichlet splits around a base,
uniform splits within per-use bounds (rejection from the simplex), and every split on a grid.

Each takes its random stream (or step) and bounds and returns an array of splits in %.
"""

from __future__ import annotations

import numpy as np

from gis.errors import InputError


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


def in_proportion(
    rng: np.random.Generator,
    base_pct: np.ndarray,
    ranged: np.ndarray,
    lo_pct: np.ndarray,
    hi_pct: np.ndarray,
    n: int,
) -> np.ndarray:
    """``n`` splits: each ranged use uniform in its range, the others in the base split's
    proportions, scaled to fill what the ranged uses leave (draws whose ranged shares sum past
    100% are drawn again).

    Parameters
    ----------
    rng
        The random stream.
    base_pct
        The base split, % by use (the proportions of the uses without a range).
    ranged
        Per use: True when it has a range.
    lo_pct, hi_pct
        Share bounds by use, % (those of the ranged uses apply).
    n
        How many splits.

    Returns
    -------
    numpy.ndarray
        ``(n, uses)`` splits in %.

    Raises
    ------
    InputError
        Ranges whose minima sum past 100%, or nothing left for the other uses to share.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> s = in_proportion(rng, np.array([50.0, 30, 20]), np.array([True, False, False]),
    ...                   np.array([20.0, 0, 0]), np.array([40.0, 100, 100]), 3)
    >>> bool(np.allclose(s.sum(axis=1), 100)), bool(np.allclose(s[:, 1] / s[:, 2], 1.5))
    (True, True)
    """
    base, ranged = np.asarray(base_pct, float), np.asarray(ranged, bool)
    lo, hi = np.asarray(lo_pct, float)[ranged], np.asarray(hi_pct, float)[ranged]
    rest = base[~ranged]
    if not (~ranged).any():
        return uniform(rng, lo_pct, hi_pct, n)
    if lo.sum() > 100.0 + 1e-9:
        raise InputError(f"share ranges admit no split: their minima sum to {lo.sum():g}%")
    if rest.sum() <= 0:
        raise InputError(
            "the uses without a range have no share in the base split to keep in proportion; "
            "give them ranges too"
        )
    out = np.empty((n, len(base)))
    filled = 0
    while filled < n:
        draw = rng.uniform(lo, hi, (max(1024, 2 * (n - filled)), len(lo)))
        draw = draw[draw.sum(axis=1) <= 100.0]
        take = min(len(draw), n - filled)
        block = out[filled : filled + take]
        block[:, ranged] = draw[:take]
        block[:, ~ranged] = (100.0 - draw[:take].sum(axis=1, keepdims=True)) * rest / rest.sum()
        filled += take
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
