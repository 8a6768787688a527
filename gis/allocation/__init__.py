"""Searching allocations: sweeps over many share vectors (grid, uniform, Dirichlet draws)
and the exact linear-programming solver, under common :class:`Constraints`.

Modules:

- ``constraints``: :class:`Constraints`, the validity rule of an allocation as arrays
- ``draws``: the sweep methods :class:`Dirichlet`, :class:`Uniform`, :class:`Grid` and their setup
- ``samplers``: the functions that draw the splits (Dirichlet, uniform, grid compositions)
- ``sweep_counts``: the running counts of a sweep (constraints broken, frontier, samples)
- ``sweeps``: :func:`sweep` and :func:`sweep_method`
- ``sweep_result``: :class:`SweepResult`
- ``lp``: the linear program of the solver and its conflict filter
- ``solver``: :func:`solve`
- ``solve_result``: :class:`SolveResult`, built from the optimum or the conflicting set
"""

from __future__ import annotations

from gis.allocation.constraints import Constraints
from gis.allocation.draws import Dirichlet, Grid, Uniform
from gis.allocation.solve_result import SolveResult
from gis.allocation.solver import solve
from gis.allocation.sweep_result import SweepResult
from gis.allocation.sweeps import sweep, sweep_method

__all__ = [
    "Constraints",
    "Dirichlet",
    "Grid",
    "SolveResult",
    "SweepResult",
    "Uniform",
    "solve",
    "sweep",
    "sweep_method",
]
