"""technopole's configuration: every environment variable it reads, the input limits, the
ranges numeric options must lie in, and where the embedded data lives.

Environment variables (nothing else in the package reads ``os.environ``):

- ``TECHNOPOLE_LAYERS``: a folder to use instead of the shipped ``layers/`` (:func:`layers_dir`)
- ``SOURCE_DATE_EPOCH``: the date outputs carry, seconds since 1970 UTC (:func:`output_date`)
- ``TECHNOPOLE_DEBUG``: any non-empty value shows tracebacks (:func:`debug_requested`)
- ``TECHNOPOLE_CARTO_KEY``: the key of an online basemap (:func:`basemap_key`)
- ``COLUMNS``: the width terminal tables are fitted to (:func:`terminal_columns`)
- ``TECHNOPOLE_MAX_*``: the input limits below (:data:`ENV`)

Resource limits on inputs
Every reader refuses an input past a limit before building anything from it, with one line
naming the file, the limit and how to raise it. The defaults are safe for planning data (a
GFA table has tens of rows, a scenario a few hundred keys); each can be raised for one run by
an environment variable (:data:`ENV`):

- ``max_file_bytes``, ``TECHNOPOLE_MAX_FILE_MB``: 50 MB (table files)
- ``max_table_rows``, ``TECHNOPOLE_MAX_TABLE_ROWS``: 100,000 lines or sheet rows
- ``max_table_columns``, ``TECHNOPOLE_MAX_TABLE_COLUMNS``: 1,000 cells in a sheet row
- ``max_cell_chars``, ``TECHNOPOLE_MAX_CELL_CHARS``: 100,000 characters in a line or cell
- ``max_yaml_bytes``, ``TECHNOPOLE_MAX_YAML_MB``: 1 MB of scenario YAML
- ``max_yaml_aliases``, ``TECHNOPOLE_MAX_YAML_ALIASES``: 100 aliases
- ``max_yaml_depth``, ``TECHNOPOLE_MAX_YAML_DEPTH``: 50 levels of nesting
- ``max_yaml_nodes``, ``TECHNOPOLE_MAX_YAML_NODES``: 100,000 values, aliases expanded

>>> current().max_yaml_depth
50
>>> check_range(2.5, "max_plot_ratio", low=0, low_open=True)
2.5
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gis.errors import InputError

__all__ = [
    "ENV",
    "LAYERS_ENV",
    "PACKAGE_LAYERS",
    "Limits",
    "basemap_key",
    "check_range",
    "current",
    "debug_requested",
    "layers_dir",
    "output_date",
    "refuse",
    "terminal_columns",
]

#: The environment variable naming a folder to use instead of the shipped layers.
LAYERS_ENV = "TECHNOPOLE_LAYERS"
#: The shipped data folder (``layers/`` beside ``gis/``).
PACKAGE_LAYERS = Path(__file__).resolve().parents[1] / "layers"


def layers_dir() -> Path:
    """The folder that holds the embedded data (``$TECHNOPOLE_LAYERS`` overrides it).

    Returns
    -------
    pathlib.Path
    """
    env = os.environ.get(LAYERS_ENV)
    return Path(env) if env else PACKAGE_LAYERS


def output_date() -> datetime | None:
    """The time the user asked outputs to carry: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC)
    when set, else None (write no time, or :data:`gis.fs.FIXED_DATE` where a format needs one).

    Returns
    -------
    datetime or None

    Raises
    ------
    InputError
        ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.

    Examples
    --------
    >>> import os
    >>> os.environ["SOURCE_DATE_EPOCH"] = "86400"
    >>> output_date().isoformat()
    '1970-01-02T00:00:00+00:00'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InputError(
            f"expected whole seconds since 1970, found {raw!r}", source="SOURCE_DATE_EPOCH"
        )
    return datetime.fromtimestamp(int(raw), tz=UTC)


def debug_requested() -> bool:
    """Whether ``TECHNOPOLE_DEBUG`` asks for tracebacks (any non-empty value).

    Returns
    -------
    bool
    """
    return bool(os.environ.get("TECHNOPOLE_DEBUG", "").strip())


def terminal_columns() -> int | None:
    """The width asked for terminal tables: ``COLUMNS`` when it is a whole number > 0, else None
    (the terminal's own width, or a wide page in a pipe).

    Returns
    -------
    int or None
    """
    raw = os.environ.get("COLUMNS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def basemap_key() -> str | None:
    """The online basemap's key from ``TECHNOPOLE_CARTO_KEY``, if set.

    Returns
    -------
    str or None
    """
    return os.environ.get("TECHNOPOLE_CARTO_KEY") or None


@dataclass(frozen=True)
class Limits:
    """Sizes past which an input is refused (see the module's table for the defaults).

    Attributes
    ----------
    max_file_bytes
        Largest table file read, in bytes (layers are not limited; scenarios have
        ``max_yaml_bytes``).
    max_table_rows, max_table_columns, max_cell_chars
        Largest table: lines (or sheet rows), cells in a line, characters in a cell.
    max_yaml_bytes, max_yaml_aliases, max_yaml_depth, max_yaml_nodes
        Largest scenario: bytes, aliases (``*name``), nesting depth, and values once every
        alias is expanded (what stops a "billion laughs" file).
    """

    max_file_bytes: int = 50_000_000
    max_table_rows: int = 100_000
    max_table_columns: int = 1_000
    max_cell_chars: int = 100_000
    max_yaml_bytes: int = 1_000_000
    max_yaml_aliases: int = 100
    max_yaml_depth: int = 50
    max_yaml_nodes: int = 100_000


#: The environment variable of each limit, and the factor from its value to the limit.
ENV: dict[str, tuple[str, int]] = {
    "max_file_bytes": ("TECHNOPOLE_MAX_FILE_MB", 1_000_000),
    "max_table_rows": ("TECHNOPOLE_MAX_TABLE_ROWS", 1),
    "max_table_columns": ("TECHNOPOLE_MAX_TABLE_COLUMNS", 1),
    "max_cell_chars": ("TECHNOPOLE_MAX_CELL_CHARS", 1),
    "max_yaml_bytes": ("TECHNOPOLE_MAX_YAML_MB", 1_000_000),
    "max_yaml_aliases": ("TECHNOPOLE_MAX_YAML_ALIASES", 1),
    "max_yaml_depth": ("TECHNOPOLE_MAX_YAML_DEPTH", 1),
    "max_yaml_nodes": ("TECHNOPOLE_MAX_YAML_NODES", 1),
}


def current() -> Limits:
    """The limits in force: the defaults, each overridden by its environment variable.

    Returns
    -------
    Limits

    Raises
    ------
    InputError
        An environment variable that is not a number > 0.
    """
    values: dict[str, Any] = {}
    for f in fields(Limits):
        var, factor = ENV[f.name]
        raw = os.environ.get(var)
        if raw is None or not raw.strip():
            continue
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number <= 0:
            raise InputError(f"{var} must be a number > 0, found {raw!r}")
        values[f.name] = int(number * factor)
    return Limits(**values)


def refuse(
    what: str,
    found: int,
    limit: str,
    source: Any = None,
    where: str | None = None,
    kind: type[InputError] = InputError,
) -> InputError:
    """The one-line refusal of an input past a limit (to raise), naming how to raise it.

    Parameters
    ----------
    what
        What is too large, e.g. ``"table has more lines than"``.
    found
        How much was found (or counted so far), in the limit's own unit (bytes for sizes).
    limit
        The :class:`Limits` field.
    source, where
        The file and place, as in :class:`~gis.errors.InputError`.
    kind
        The error class (e.g. :class:`~gis.errors.TableError`).

    Returns
    -------
    InputError

    Examples
    --------
    >>> str(refuse("table has more lines than", 200_000, "max_table_rows", "t.csv"))
    ... # doctest: +NORMALIZE_WHITESPACE
    't.csv: table has more lines than the limit of 100,000 (found 200,000);
    set TECHNOPOLE_MAX_TABLE_ROWS to raise it'
    """
    var, factor = ENV[limit]
    value = getattr(current(), limit)
    shown = f"{value / factor:g} MB" if factor > 1 else f"{value:,}"
    unit = " bytes" if factor > 1 else ""
    return kind(
        f"{what} the limit of {shown} (found {found:,}{unit}); set {var} to raise it", source, where
    )


def check_range(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    optional: bool = True,
) -> float | None:
    """A finite number within ``[low, high]`` (``(low, high]`` with ``low_open``), or refuse.

    Parameters
    ----------
    value
        The number given (None passes when ``optional``).
    name
        Its name in messages, e.g. ``"max_plot_ratio"``.
    low, high, low_open
        The bounds (None: unbounded).
    optional
        Whether None is allowed.

    Returns
    -------
    float or None
        The value as a float.

    Raises
    ------
    InputError
        NaN, infinity, text, or a number out of range: one line naming ``name`` and the range.

    Examples
    --------
    >>> check_range(float("nan"), "gfa_tol_frac", low=0)
    Traceback (most recent call last):
    ...
    gis.errors.InputError: gfa_tol_frac must be a finite number >= 0, found nan
    """
    if value is None and optional:
        return None
    bounds = [
        f"{'>' if low_open else '>='} {low:g}" if low is not None else "",
        f"<= {high:g}" if high is not None else "",
    ]
    wanted = " and ".join(b for b in bounds if b)
    expected = f"{name} must be a finite number{' ' + wanted if wanted else ''}"
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{expected}, found {value!r}") from None
    if (
        isinstance(value, bool)
        or not math.isfinite(number)
        or (low is not None and (number <= low if low_open else number < low))
        or (high is not None and number > high)
    ):
        raise InputError(f"{expected}, found {value!r}")
    return number
