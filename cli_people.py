"""technopole's people and provision options: ``--people`` and ``--provision FILE`` (residents,
workers and the HKPSG provision checks), applied to ``validate``. With ``cli.py``, the CLI
room: it imports only the public ``gis`` API; ``cli.py`` adds :data:`people_options` to the
commands that take them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import cli_options as o
import gis
from cli_options import opt

__all__ = ["open_space_options", "people_options"]

o.EXAMPLES["validate"] = (
    *o.EXAMPLES["validate"],
    "validate --people",
    "validate --provision docs/provision/open-space-2.5.yaml --format json",
)
o.EXAMPLES["compare"] = (
    *o.EXAMPLES["compare"],
    "compare table-3-1 wetlab-heavy --provision docs/provision/open-space-2.5.yaml",
)
o.EXAMPLES["map"] = (*o.EXAMPLES["map"], "map --people --out loop_people.html --force")
o.EXAMPLES["solve"] = (*o.EXAMPLES["solve"], "solve --min-open-space-per-person 10")
o.EXAMPLES["sweep"] = (*o.EXAMPLES["sweep"], "sweep -n 2000 --min-open-space-per-person 2.5")


def people_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--people`` and ``--provision FILE``, passed on as ``provision=`` (None: neither)."""

    @opt(
        "--people",
        is_flag=True,
        help="Residents, workers and HKPSG provision checks with the shipped planning "
        "parameters (layers/provision.yaml).",
    )
    @opt(
        "--provision",
        "provision_file",
        type=o.FILE,
        help="Planning parameters over the shipped ones (YAML: standards, population); "
        "implies --people.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, people: bool, provision_file: Path | None, **kw: Any) -> Any:
        kw["provision"] = gis.load_provision(provision_file) if provision_file or people else None
        return func(*args, **kw)

    return wrapper


def open_space_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--min-open-space-per-person M2`` and ``--provision FILE`` for ``sweep`` and ``solve``:
    the provision constraint ``open_space``, passed on as keyword arguments of gis."""

    @opt(
        "--min-open-space-per-person",
        "min_open_space_per_person_m2",
        type=click.FloatRange(min=0, min_open=True),
        metavar="M2",
        help="Constraint: at least M2 m² of open space per resident on the zones (HKPSG: 2; "
        "the Hong Kong 2030+ proposal: 2.5).",
    )
    @opt(
        "--provision",
        "provision_file",
        type=o.FILE,
        help="Planning parameters (persons and GFA per flat) over the shipped ones.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, provision_file: Path | None, **kw: Any) -> Any:
        kw["provision"] = gis.load_provision(provision_file) if provision_file else None
        if kw["provision"] is not None and kw["min_open_space_per_person_m2"] is None:
            raise click.UsageError("--provision needs --min-open-space-per-person here")
        return func(*args, **kw)

    return wrapper
