r"""Columns a planner names, and columns the reader did not use (a leaf of steps 3 and 5).

A table whose header the reader cannot guess ("Flr spc") is read with its columns named
(``gfa_column=``, ``share_column=``, ``use_column=``: the CLI's ``--gfa-column`` ...): see
:func:`named_columns`. A column left unused that holds only numbers, in a table that lacks a
share or a GFA column, is most likely that column under a name the reader does not know: it is
refused with a hint (:func:`numeric_unused`), rather than dropped and the table read as
allocating nothing.

Examples
--------
>>> named_columns(gfa_column="Flr spc")
{'gfa_m2': 'Flr spc'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gis.errors import TableError, did_you_mean
from gis.tables.units import parse_number
from gis.tables.uses import normalise_name

#: The option that names each column, as messages say it.
OPTIONS = {"gfa_m2": "--gfa-column", "share_pct": "--share-column", "use": "--use-column"}


def named_columns(
    *, gfa_column: str | None = None, share_column: str | None = None, use_column: str | None = None
) -> dict[str, str]:
    """The columns a planner names: canonical column -> header as written.

    Parameters
    ----------
    gfa_column, share_column, use_column
        The header of the GFA, share and use columns (None: the reader guesses).

    Returns
    -------
    dict
        ``{"gfa_m2": ..., "share_pct": ..., "use": ...}`` for the names given.
    """
    given = {"gfa_m2": gfa_column, "share_pct": share_column, "use": use_column}
    return {col: str(name) for col, name in given.items() if name}


def named_at(cell: object, named: Mapping[str, str]) -> str | None:
    """The canonical column a planner named this header cell, or None.

    Parameters
    ----------
    cell
        A header cell.
    named
        :func:`named_columns`.

    Returns
    -------
    str or None

    Examples
    --------
    >>> named_at("Flr  spc", {"gfa_m2": "flr spc"})
    'gfa_m2'
    """
    key = normalise_name(str(cell or ""))
    return next((c for c, name in named.items() if key and normalise_name(name) == key), None)


def check_named(named: Mapping[str, str], found: set[str], shown: list[str], source: str) -> None:
    """Refuse a named column the header does not hold, with the closest header cell.

    Parameters
    ----------
    named
        :func:`named_columns`.
    found
        The canonical columns the header holds.
    shown
        The header as written.
    source
        The file, for the message.

    Raises
    ------
    TableError
        A named column is not in the header.
    """
    for col, name in named.items():
        if col not in found:
            raise TableError(
                f"no column {name!r} ({OPTIONS[col]}) in the header {shown}"
                + did_you_mean(name, [s for s in shown if s]),
                source,
            )


def numeric_unused(
    records: list[dict[str, Any]], extras: Mapping[int, str], missing: list[str], source: str
) -> None:
    """Refuse a table that lacks a share or GFA column and leaves a column of numbers unused.

    Parameters
    ----------
    records
        The data rows (unused columns as text).
    extras
        Cell position -> name of each unused column.
    missing
        The value columns the header lacks (``share_pct``, ``gfa_m2``).
    source
        The file, for the message.

    Raises
    ------
    TableError
        Naming the column, what it probably is and the option that names it.
    """
    if not missing:
        return
    for name in extras.values():
        cells = [r.get(name) for r in records if r.get(name)]
        parsed = [parse_number(c) for c in cells]
        if not cells or not all(ok for _, _, ok in parsed):
            continue
        share = "share_pct" in missing and (
            any(u == "%" for _, u, _ in parsed) or "gfa_m2" not in missing
        )
        col = "share_pct" if share else "gfa_m2"
        what = "a share (百分比 / Share %)" if share else "GFA (總樓面面積 / GFA)"
        raise TableError(
            f"column {name!r} holds numbers but is not a column the reader knows: did you mean "
            f"{what}? Rename it, or name it with {OPTIONS[col]} {name!r}",
            source,
        )
