"""Searching allocations: sweeps over many share vectors (grid, uniform, Dirichlet draws)
and the exact linear-programming solver, under common :class:`Constraints`.
"""

from __future__ import annotations

from gis.allocation.constraints import Constraints
from gis.allocation.solver import SolveResult, solve
from gis.allocation.sweeps import Dirichlet, Grid, SweepResult, Uniform, sweep, sweep_method

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
