"""The facts registry: every stated figure the embedded data encodes, and how to measure it.

The figures are data, in ``layers/facts.yaml`` (read and checked by
:mod:`gis.catalog.fact_file`): each states a value, its unit, tolerance, comparison and source,
and names the measure of :mod:`gis.catalog.fact_measures` that finds it on the embedded layers
and tables (areas in EPSG:2326). :func:`load_facts` binds each to its measure;
:func:`check_facts` measures them all; ``technopole facts`` prints them.

>>> import gis
>>> table = gis.check_facts()
>>> bool(table.passed.all())
True
"""

from __future__ import annotations

import inspect
from functools import partial
from pathlib import Path

import pandas as pd

from gis.catalog import fact_measures
from gis.catalog import layers as catalog
from gis.catalog.fact_file import FACTS_FILE, Comparison, Fact, FactEntry, TableCell, read_fact_file
from gis.config import layers_dir
from gis.errors import LayerError, did_you_mean

__all__ = ["FACTS", "Comparison", "Fact", "check_facts", "load_facts"]

FACTS: list[Fact]  # every registered fact of the packaged layers folder, read on first use


def _stated_cell(cell: TableCell) -> float:
    t = catalog.load_table(cell.table)
    return float(t.set_index(t.columns[0]).loc[cell.row, cell.column])


def _bind(entry: FactEntry, path: Path) -> Fact:
    """The :class:`Fact` of an entry: its stated figure read, its measure named and checked."""
    where = f"fact '{entry.id}'"
    fn = fact_measures.MEASURES.get(entry.measure)
    if fn is None:
        hint = did_you_mean(entry.measure, fact_measures.MEASURES)
        raise LayerError(f"unknown measure '{entry.measure}'{hint}", source=path, where=where)
    try:
        inspect.signature(fn).bind(**entry.args)
    except TypeError as exc:
        raise LayerError(f"measure '{entry.measure}': {exc}", source=path, where=where) from None
    cell = entry.stated
    if isinstance(cell, TableCell):
        try:
            value = _stated_cell(cell)
        except (KeyError, ValueError, LayerError) as exc:
            problem = f"stated cell {cell.row}/{cell.column} of {cell.table} not found ({exc})"
            raise LayerError(problem, source=path, where=where) from None
    else:
        value = cell
    return Fact(
        entry.id,
        entry.description(),
        value,
        entry.unit,
        entry.source,
        partial(fn, **entry.args),
        entry.tolerance,
        entry.relative,
        entry.comparison,
    )


def load_facts(folder: Path | None = None) -> list[Fact]:
    """The registered facts, read from ``layers/facts.yaml`` and bound to their measures.

    Parameters
    ----------
    folder
        The layers folder (default: :func:`gis.config.layers_dir`, ``$TECHNOPOLE_LAYERS``).

    Returns
    -------
    list of Fact
        In file order.

    Raises
    ------
    LayerError
        A missing key, a wrong type, an unknown measure or argument: one line naming the fact.
    """
    folder = folder or layers_dir()
    return [_bind(e, folder / FACTS_FILE) for e in read_fact_file(folder)]


def __getattr__(name: str) -> list[Fact]:
    if name == "FACTS":
        facts = load_facts()
        globals()["FACTS"] = facts
        return facts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_facts(facts: list[Fact] | None = None) -> pd.DataFrame:
    """Measure every fact on the embedded data.

    Parameters
    ----------
    facts
        The facts to measure (default: every fact of ``layers/facts.yaml`` in the current
        layers folder, see :func:`load_facts`).

    Returns
    -------
    pandas.DataFrame
        Indexed by fact id: description, stated, unit, comparison, tolerance (in the unit),
        measured, passed, source.
    """
    rows = []
    for f in facts or load_facts():
        measured = f.measure()
        rows.append(
            {
                "id": f.id,
                "description": f.description,
                "stated": f.value,
                "unit": f.unit,
                "comparison": f.comparison,
                "tolerance": f.allowed(),
                "measured": measured,
                "passed": f.holds(measured),
                "source": f.source,
            }
        )
    return pd.DataFrame(rows).set_index("id")
