"""technopole's allocation commands: ``sweep`` (many allocations of a scenario: feasible share,
what binds, the frontier) and ``solve`` (the exact optimum by linear programming). With ``cli.py``
and ``cli_options.py``, the CLI room: it imports only the public ``gis`` and ``maps`` APIs;
``cli.py`` adds the commands of :data:`TOP` to the root group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import cli_options as o
import gis
import maps
from cli_options import opt
from cli_people import open_space_options

__all__ = ["TOP"]

TOP = o.Technopole(name="technopole")
"""A holder for this module's top-level commands (``sweep``, ``solve``), added to the root group."""


@o.command(TOP, lang=True)
@click.argument("scenario", required=False)
@opt("-n", "n", type=click.IntRange(min=1), default=100_000, help="Allocations to draw (not grid).")
@opt(
    "--method",
    type=click.Choice(("dirichlet", "uniform", "grid")),
    default="dirichlet",
    help="Around the scenario's split, uniform within --range, or a grid.",
)
@opt(
    "--concentration",
    type=click.FloatRange(min=0, min_open=True),
    default=50.0,
    help="Dirichlet: larger keeps draws closer to the split.",
)
@opt("--range", "ranges", multiple=True, type=o.UseRange(), help="Share range of a use in %.")
@opt(
    "--others",
    type=click.Choice(("proportional", "free")),
    default="proportional",
    help="Uniform with --range: the other uses keep the split's proportions, or range freely.",
)
@opt("--step", "step_pct", default=5.0, help="Grid step in %.")
@opt("--total-range", nargs=2, type=float, metavar="LOW HIGH", help="Total GFA range, m².")
@opt("--total-steps", type=click.IntRange(min=1), default=5, help="Grid: totals in the range.")
@opt("--frontier-use", help="Use whose share bins the frontier (default: the first).")
@opt("--bin", "bin_pct", default=2.5, help="Frontier bin width in points.")
@opt("--seed", default=0, help="Random seed.")
@opt("--samples", "samples_out", type=o.FILE, help="Write every allocation (.csv, .parquet).")
@opt("--frontier-out", type=o.FILE, help="Write the frontier (.csv, .parquet).")
@open_space_options
def sweep(
    scenario: str | None,
    n: int,
    method: str,
    ranges: tuple[Any, ...],
    total_range: Any,
    samples_out: Path | None,
    frontier_out: Path | None,
    fmt: str,
    out: Path | None,
    force: bool,
    lang: Any,
    concentration: float,
    step_pct: float,
    total_steps: int,
    **options: Any,
) -> None:
    """Evaluate many allocations of SCENARIO (default table-3-1): feasible share, what binds,
    and the frontier (largest valid total GFA by share of one use)."""
    how = gis.sweep_method(
        method,
        concentration=concentration,
        share_range_pct=dict(ranges) or None,
        others=options.pop("others"),
        step_pct=step_pct,
        total_steps=total_steps,
    )
    with maps.progress("sweeping") as tick:
        result = gis.sweep(
            scenario,
            n,
            method=how,
            keep=samples_out is not None,
            progress=tick,
            total_range_m2=tuple(total_range) if total_range else None,
            **options,
        )
    for path, what in ((samples_out, "samples"), (frontier_out, "frontier")):
        if path is not None:
            click.echo(f"wrote {result.write(path, what, force=force)}", err=True)
    maps.show(
        fmt,
        out,
        lambda: maps.print_sweep(result, lang=lang),
        lambda f: maps.render_sweep(result, f, lang),
        force=force,
    )


@o.command(TOP, lang=True)
@click.argument("scenario", required=False)
@opt(
    "--objective",
    type=click.Choice(("max-total", "target")),
    help="Largest total GFA "
    "(max-total, the default), or the split closest to a target (the default with --target).",
)
@opt("--target", multiple=True, type=o.UsePct(), help="Target share of a use, % (implies target).")
@opt("--total", "total_gfa_m2", type=float, help="Total GFA in m² (objective target).")
@opt("--min-total", "min_total_gfa_m2", type=float, help="Require at least this total GFA, m².")
@opt("--max-plot-ratio", type=float, help="Cap on the gross plot ratio.")
@opt("--min-share", multiple=True, type=o.UsePct(), help="Minimum share of a use.")
@opt("--max-share", multiple=True, type=o.UsePct(), help="Maximum share of a use.")
@open_space_options
def solve(
    scenario: str | None,
    objective: str | None,
    target: tuple[Any, ...],
    min_share: tuple[Any, ...],
    max_share: tuple[Any, ...],
    fmt: str,
    out: Path | None,
    force: bool,
    lang: Any,
    **options: Any,
) -> None:
    """Optimise the allocation of SCENARIO (default table-3-1) with linear programming. Exit code
    0 with an optimum, 1 when no allocation meets the constraints (the conflicting ones named)."""
    objective = objective or ("target" if target else "max-total")  # --target implies target
    result = gis.solve(
        scenario,
        objective=objective.replace("-", "_"),
        target_pct=dict(target) or None,
        min_share_pct=dict(min_share),
        max_share_pct=dict(max_share),
        **options,
    )
    maps.show(
        fmt,
        out,
        lambda: maps.print_solve(result, lang=lang),
        lambda f: maps.render_solve(result, f, lang),
        force=force,
    )
    if fmt != "json" and (fmt != "table" or out is not None):
        click.echo(result.message, err=True)
    sys.exit(o.EXIT_OK if result.ok else o.EXIT_FAILED)
