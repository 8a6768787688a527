"""Evaluate many allocations at once: how often is a split valid, and what binds?

:func:`sweep` draws splits of the GFA between uses (Dirichlet around the scenario's split,
uniform within per-use share ranges, or every split on a grid) and totals, and checks each with
the same rule as :func:`gis.validate` (zone capacities through the envelope's allocation rule,
the plot-ratio cap, share bounds: see :mod:`gis.allocation.constraints`), vectorised in chunks drawn
and counted on every usable core (each block of draws has its own random streams).

>>> from gis.allocation import Grid, sweep
>>> r = sweep("table-3-1", n=10_000, seed=1)
>>> r.n, 0 < r.feasible_share <= 1
(10000, True)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.allocation.constraints import Constraints
from gis.allocation.draws import Dirichlet, Grid, Method, Setup, Uniform
from gis.allocation.sweep_counts import Accumulator, Part
from gis.allocation.sweep_result import SweepResult
from gis.errors import InputError

if TYPE_CHECKING:
    from gis.scenarios.scenario import Scenario

__all__ = [
    "METHODS",
    "Dirichlet",
    "Grid",
    "Method",
    "SweepResult",
    "Uniform",
    "sweep",
    "sweep_method",
    "sweep_threads",
]

METHODS = ("dirichlet", "uniform", "grid")
METHOD_CLASSES: dict[str, type[Dirichlet] | type[Uniform] | type[Grid]] = {
    cls.name: cls for cls in (Dirichlet, Uniform, Grid)
}


def _scenario(scenario: Any) -> Scenario:
    from gis.scenarios.builtins import Scenario, builtin_names, load_scenario

    if scenario is not None:
        return load_scenario(scenario)
    if "table-3-1" in builtin_names():
        return load_scenario("table-3-1")
    return Scenario.from_dict({"name": "embedded", "base": "embedded"})


def _ranges(
    use_ids: list[str], ranges: Mapping[str, tuple[float, float]] | None
) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.zeros(len(use_ids)), np.full(len(use_ids), 100.0)
    for use, (a, b) in (ranges or {}).items():
        if use not in use_ids:
            raise InputError(f"share range for unknown use '{use}'; uses: {', '.join(use_ids)}")
        if not 0 <= a <= b <= 100:
            raise InputError(
                f"share range of '{use}' must satisfy 0 <= low <= high <= 100, found {a:g}-{b:g}"
            )
        i = use_ids.index(use)
        lo[i], hi[i] = a, b
    return lo, hi


def sweep_method(name: str, **options: Any) -> Method:
    """The sweep method ``name`` built from the options that apply to it; others are ignored.

    Parameters
    ----------
    name
        ``"dirichlet"``, ``"uniform"`` or ``"grid"``.
    **options
        Any of ``concentration`` (Dirichlet), ``share_range_pct`` (uniform, grid), ``step_pct``
        and ``total_steps`` (grid): a command line offers them all, each method takes its own.

    Returns
    -------
    Dirichlet, Uniform or Grid

    Examples
    --------
    >>> sweep_method("grid", concentration=10, step_pct=2.5)
    Grid(step_pct=2.5, share_range_pct=None, total_steps=5)
    """
    cls = METHOD_CLASSES[_method(name).name]  # an unknown name is refused there
    fields = cls.__dataclass_fields__
    return cls(**{k: v for k, v in options.items() if k in fields and v is not None})


def _method(method: Method | str) -> Method:
    if isinstance(method, Dirichlet | Uniform | Grid):
        return method
    if method not in METHOD_CLASSES:
        raise InputError(
            f"unknown sweep method '{method}'; expected one of {', '.join(METHODS)}"
            f" (or a Dirichlet, Uniform or Grid object)"
        )
    return METHOD_CLASSES[method]()


def _setup(
    con: Constraints,
    sc: Any,
    method: Method,
    base_pct: np.ndarray | None,
    total_gfa_m2: float | None,
    total_range_m2: tuple[float, float] | None,
    seed: int | None,
    n: int,
) -> Setup:
    """Check the arguments and gather what the method draws from."""
    uses = con.use_ids
    ranges = getattr(method, "share_range_pct", None)
    lo, hi = _ranges(uses, ranges)
    if ranges is None:  # default: within the scenario's own share bounds
        lo = np.where(np.isnan(con.min_pct), lo, con.min_pct)
        hi = np.where(np.isnan(con.max_pct), hi, con.max_pct)
    if total_range_m2 is not None and not 0 < total_range_m2[0] <= total_range_m2[1]:
        raise InputError(f"total range must satisfy 0 < low <= high, found {total_range_m2}")
    base = np.asarray(base_pct if base_pct is not None else sc.table().share_pct, float)
    total = float(total_gfa_m2 if total_gfa_m2 is not None else (sc.total() if sc else 1e6))
    seq = np.random.SeedSequence(seed)
    return Setup(base, lo, hi, total, total_range_m2, seq, n, tuple(uses))


def _chunks(
    method: Method, setup: Setup, n: int
) -> tuple[int, Callable[[int, int], tuple[np.ndarray, np.ndarray]]]:
    """How many allocations, and ``chunk(start, size) -> (splits by use, totals)``."""
    if isinstance(method, Grid):
        splits, totals = method.points(setup)
        n = len(splits) * len(totals)
        by_use = splits.T.copy()

        def chunk(start: int, size: int) -> tuple[np.ndarray, np.ndarray]:
            idx = np.arange(start, start + size)
            return by_use[:, idx % len(splits)], totals[idx // len(splits)]

    else:

        def chunk(start: int, size: int) -> tuple[np.ndarray, np.ndarray]:
            return method.chunk(setup, start, size)

    if n <= 0:
        raise InputError("a sweep needs at least one allocation (n > 0, or a grid with points)")
    return n, chunk


def sweep_threads() -> int:
    """Threads a sweep uses: the cores this process may run on (NumPy and the random
    generators release the GIL, and each chunk is drawn and counted on its own).

    Returns
    -------
    int
        ``len(os.sched_getaffinity(0))`` where the system has it, else ``os.cpu_count()``.
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)  # pragma: no cover - macOS, Windows


def _merge(
    acc: Accumulator,
    parts: Iterator[Part],
    n: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Merge the chunks' counts in order, reporting progress after each."""
    done = 0
    for p in parts:
        acc.merge(p)
        done += int(p.bin_n.sum())
        if progress is not None:
            progress(done, n)


def _params(
    sc: Any,
    how: Method,
    n: int,
    seed: int | None,
    setup: Setup,
    total_range_m2: tuple[float, float] | None,
    fu: str,
    bin_pct: float,
) -> dict[str, Any]:
    """The arguments of a sweep as recorded in its results (JSON-ready)."""
    ranges = getattr(how, "share_range_pct", None) or {}
    return {
        "scenario": sc.name if sc else "<constraints>",
        "method": how.name,
        "n": n,
        "seed": seed,
        "concentration": None,
        "total_gfa_m2": None if total_range_m2 else setup.total_gfa_m2,
        "total_range_m2": list(total_range_m2) if total_range_m2 else None,
        "step_pct": None,
        "share_range_pct": {k: list(v) for k, v in ranges.items()},
        "frontier_use": fu,
        "bin_pct": bin_pct,
        **how.params(),
    }


def sweep(
    scenario: Any = None,
    n: int = 100_000,
    *,
    method: Method | str = "dirichlet",
    total_gfa_m2: float | None = None,
    total_range_m2: tuple[float, float] | None = None,
    frontier_use: str | None = None,
    bin_pct: float = 2.5,
    seed: int | None = 0,
    chunk_size: int = 1 << 18,
    keep: bool = True,
    progress: Callable[[int, int], None] | None = None,
    constraints: Constraints | None = None,
    base_pct: np.ndarray | None = None,
    threads: int | None = None,
    min_open_space_per_person_m2: float | None = None,
    provision: Any = None,
) -> SweepResult:
    """Evaluate many allocations of a scenario's base (vectorised, seeded, in chunks).

    Parameters
    ----------
    scenario
        A :class:`~gis.scenarios.Scenario`, built-in name or file (default: ``table-3-1``): its
        envelope, rules (plot-ratio cap, share bounds), split and total.
    n
        Allocations to draw (a :class:`Grid` sets its own number).
    method
        :class:`Dirichlet` around the scenario's split, :class:`Uniform` within share ranges,
        or every split on a :class:`Grid`; or one of their names (``"dirichlet"``, the
        default, ``"uniform"``, ``"grid"``) for the method with its default options.
    total_gfa_m2, total_range_m2
        A fixed total (default: the scenario's), or a range drawn uniformly (grid: evenly).
    frontier_use, bin_pct
        The use whose share bins the frontier (default: the first use), bin width in points.
    seed
        Seeds :class:`numpy.random.SeedSequence`; every block of 65,536 allocations has its
        own streams for splits and totals, derived from the seed and the block's number.
        Equal seeds give equal results, whatever the threads, and Dirichlet and grid results
        do not depend on ``chunk_size`` (uniform's rejection batches do).
    chunk_size, keep, progress
        Allocations per vectorised chunk; keep every allocation in ``samples``; a callback
        ``progress(done, n)`` after each chunk.
    constraints, base_pct
        Evaluate against these instead of the scenario's (tests, custom envelopes).
    threads
        Chunks drawn and counted at once (default: :func:`sweep_threads`, the usable cores);
        the results do not depend on it.

    min_open_space_per_person_m2, provision
        Add the provision constraint ``open_space``: at least this much open space per
        resident on the scenario's zones (:meth:`Constraints.with_open_space`).

    Returns
    -------
    SweepResult
        Counts, the constraints that bind, the frontier and (with ``keep``) every sample.

    Raises
    ------
    InputError
        An unknown method or use, share ranges no split meets, a grid step that does not
        divide 100, a bad total range or frontier bin.

    Examples
    --------
    >>> r = sweep("ai-30pct", n=2_000, method=Dirichlet(concentration=200), seed=1)
    >>> r.binding_most_often
    'capacity:ai_data'
    """
    how = _method(method)
    need_sc = constraints is None or base_pct is None or min_open_space_per_person_m2 is not None
    sc = _scenario(scenario) if need_sc else None
    con = constraints or Constraints.from_scenario(sc)
    if sc is not None and min_open_space_per_person_m2 is not None:  # the provision constraint
        con = con.with_open_space(min_open_space_per_person_m2, sc.project.zones, provision)
    uses = con.use_ids
    fu = frontier_use or uses[0]
    if fu not in uses:
        raise InputError(f"frontier use '{fu}' is not among the uses ({', '.join(uses)})")
    setup = _setup(con, sc, how, base_pct, total_gfa_m2, total_range_m2, seed, n)
    n, chunk = _chunks(how, setup, n)
    acc = Accumulator(con, uses.index(fu), bin_pct, n if keep else 0)
    if chunk_size < 1:
        raise InputError(f"chunk_size must be >= 1, found {chunk_size}")
    starts = range(0, n, chunk_size)

    def count(start: int) -> Part:
        return acc.part(*chunk(start, min(chunk_size, n - start)), start)

    from threadpoolctl import threadpool_limits

    # one BLAS thread per chunk: OpenBLAS's own threads make the small products many times
    # slower, and the chunks already run on every core
    with threadpool_limits(limits=1, user_api="blas"):
        workers = min(threads or sweep_threads(), len(starts))
        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                _merge(acc, pool.map(count, starts), n, progress)
        else:
            _merge(acc, map(count, starts), n, progress)
    params = _params(sc, how, n, seed, setup, total_range_m2, fu, bin_pct)
    return SweepResult(
        n=n,
        n_feasible=int(acc.n_feasible),
        use_ids=uses,
        constraints=acc.constraint_frame(),
        frontier=acc.frontier_frame(),
        frontier_use=fu,
        samples=acc.samples_frame() if keep else None,
        params=params,
        inputs=sc.inputs() if sc else {},
    )
