"""Scenarios side by side: :func:`compare` (a long table) and :func:`comparison` (the object
the comparison reports are written from). Re-exported by :mod:`gis.scenarios`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from ._builtins import load_scenario
from .comparing import Comparison
from .errors import InputError

if TYPE_CHECKING:
    from .scenarios import Scenario  # gis.scenarios imports this module


def compare(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    against: Scenario | str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Compare scenarios side by side, with deltas against the first (or ``against``).

    Parameters
    ----------
    scenarios
        :class:`Scenario` objects, built-in names or scenario files (at least one).
    against
        The reference for the deltas: one of ``scenarios`` (by object, name or path) or another
        scenario (then evaluated and shown first). Default: the first.

    Returns
    -------
    pandas.DataFrame
        Long table: ``section`` (use, site, zone, validation, indicator), ``item``, ``measure``,
        one column per scenario and one ``Δ <name>`` column (scenario - reference) per other
        scenario. ``attrs`` hold ``scenarios``, ``reference``, ``inputs`` (SHA-256 of every
        input file per scenario) and ``notes`` (the indicator assumptions).
    """
    return comparison(scenarios, against).frame


def comparison(
    scenarios: Iterable[Scenario | str | os.PathLike[str]],
    against: Scenario | str | os.PathLike[str] | None = None,
) -> Comparison:
    """Like :func:`compare`, but the :class:`gis.Comparison` (reports, tables, charts
    and maps are written from it by :func:`maps.write_comparison`).

    Parameters
    ----------
    scenarios
        :class:`Scenario` objects, built-in names or scenario files (at least one).
    against
        The reference for the deltas (see :func:`compare`). Default: the first.

    Returns
    -------
    gis.Comparison

    Raises
    ------
    InputError
        No scenario given; ScenarioError for a scenario that cannot be read.
    """
    from .comparing import build_comparison

    items = [load_scenario(s) for s in scenarios]
    if not items:
        raise InputError("compare needs at least one scenario")
    ref = None if against is None else load_scenario(against)
    if ref is not None and not any(_same(ref, s) for s in items):
        items.insert(0, ref)
    ref = items[0] if ref is None else next(s for s in items if _same(ref, s))
    return build_comparison(items, ref)


def _same(a: Scenario, b: Scenario) -> bool:
    return a is b or (a.name == b.name and a.sha256 == b.sha256)
