"""Share draws for :func:`gis.sweep`: Dirichlet around a split, uniform within bounds, a grid.

The three methods are small frozen dataclasses holding their own options
(:class:`Dirichlet`, :class:`Uniform`, :class:`Grid`), passed to :func:`gis.sweep` as
``method=``; the samplers of :mod:`gis.allocation.samplers` draw the splits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from gis.allocation.samplers import dirichlet, grid, in_proportion, uniform
from gis.config import check_range
from gis.errors import InputError

#: What a ranged uniform sweep does with the uses without a range (as its results say it).
OTHERS = {
    "proportional": "the uses without a range keep the base split's proportions",
    "free": "the uses without a range are drawn too, each anywhere from 0 to 100%",
}
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
    uses: tuple[str, ...] = ()

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
        """The entries of :attr:`gis.allocation.sweeps.SweepResult.params` for this method.

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
    others
        With ``share_range_pct``, what the uses without a range do: ``"proportional"`` (the
        default) keeps them in the base split's proportions, scaled to fill what the ranged
        uses leave; ``"free"`` draws them too, uniformly on the simplex (each anywhere from 0
        to 100%).
    """

    share_range_pct: Mapping[str, tuple[float, float]] | None = None
    others: str = "proportional"
    name: ClassVar[str] = "uniform"

    def __post_init__(self) -> None:
        if self.others not in OTHERS:
            raise InputError(f"others must be one of {', '.join(OTHERS)}, found {self.others!r}")

    def proportional(self) -> bool:
        """Whether the uses without a range keep the base split's proportions.

        Returns
        -------
        bool
            True with a share range and ``others="proportional"``.
        """
        return bool(self.share_range_pct) and self.others == "proportional"

    def params(self) -> dict[str, Any]:
        """The entries of :attr:`gis.allocation.sweeps.SweepResult.params` for this method.

        Returns
        -------
        dict
            ``others``: what the uses without a range did (``None`` without ranges).
        """
        return {"others": OTHERS[self.others] if self.share_range_pct else None}

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
        if self.proportional():
            ranged = np.array([u in (self.share_range_pct or {}) for u in setup.uses])
            s = in_proportion(rng, setup.base_pct, ranged, setup.lo_pct, setup.hi_pct, size)
            return s.T, setup.totals(start, size)
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
        """The entries of :attr:`gis.allocation.sweeps.SweepResult.params` for this method.

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
