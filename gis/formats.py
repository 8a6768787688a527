"""Text formats of result data: JSON, CSV and Markdown of frames, and format dispatch.

These are data, not rendering: the HTML, terminal, chart and map renderings live in :mod:`maps`.
One place decides how a :class:`pandas.DataFrame` looks in each text format, so every command's
``--format`` behaves the same, and :func:`dispatch` / :func:`format_for` pick a writer by format
name or file suffix for every kind of output.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from .errors import InputError

MACHINE_FORMATS = ("json", "csv", "markdown")
#: File suffix -> format name, for every writer that picks its format from a file name.
SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                  ".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".pdf": "pdf"}

_T = TypeVar("_T")


def _clean(value: Any) -> Any:
    """JSON-safe scalars: NaN -> None, numpy -> Python."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return None if math.isnan(f) or math.isinf(f) else f
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def to_json(obj: Any) -> str:
    """Serialise dicts/lists/frames to pretty JSON (UTF-8, NaN as null)."""
    if isinstance(obj, pd.DataFrame):
        obj = obj.reset_index().to_dict(orient="records")
    return json.dumps(_clean(obj), ensure_ascii=False, indent=2)


def frame_to_markdown(df: pd.DataFrame, floatfmt: str = ",.2f") -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    from tabulate import tabulate

    clean = df.reset_index() if df.index.name else df
    clean = clean.map(lambda v: str(v).replace("|", "\\|") if isinstance(v, str) else v)
    return tabulate(clean, headers="keys", tablefmt="github", showindex=False, floatfmt=floatfmt)


def cell_text(v: Any) -> str:
    """A cell as people read it: blank for missing, thousands separators, 2 decimals."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        return f"{v:,.2f}" if abs(v) >= 100 or v != int(v) else f"{int(v):,}"
    return str(v)


def render(df: pd.DataFrame, fmt: str) -> str:
    """Render ``df`` as ``fmt`` (``json``, ``csv`` or ``markdown``) text."""
    return dispatch({
        "json": to_json,
        "csv": lambda d: d.to_csv(index=bool(d.index.name)),
        "markdown": frame_to_markdown,
    }, fmt)(df)


def dispatch(writers: Mapping[str, _T], fmt: str, *, what: str = "output") -> _T:
    """The writer registered for ``fmt``; an :class:`~gis.errors.InputError` naming the choices.

    >>> dispatch({"csv": 1, "json": 2}, "json")
    2
    """
    if fmt not in writers:
        raise InputError(f"unknown {what} format '{fmt}'; expected one of {', '.join(writers)}")
    return writers[fmt]


def format_for(path: str | os.PathLike[str], choices: Mapping[str, Any] | None = None) -> str:
    """The format a file name asks for, by its suffix (``.md`` -> ``markdown``, ...).

    >>> format_for("out/compare.xlsx")
    'xlsx'
    """
    suffix = Path(path).suffix.lower()
    known = {k: v for k, v in SUFFIX_FORMATS.items() if choices is None or v in choices}
    if suffix not in known:
        raise InputError(f"cannot tell the format from '{suffix or Path(path).name}'; "
                         f"use one of {', '.join(sorted(known))}", source=str(path))
    return known[suffix]


__all__ = ["MACHINE_FORMATS", "SUFFIX_FORMATS", "to_json", "frame_to_markdown", "cell_text",
           "render", "dispatch", "format_for", "parse_use_value"]


def parse_use_value(text: str, *, pair: bool = False) -> tuple[str, Any]:
    """Parse ``USE=PCT`` (``pair=False``) or ``USE=LOW:HIGH`` (``pair=True``) as written on a
    command line: ``"wet_lab_mfg=40:70"`` -> ``("wet_lab_mfg", (40.0, 70.0))``.

    Raises
    ------
    ValueError
        The text is not of that form (the message says what was expected and found).

    Examples
    --------
    >>> parse_use_value("ai=30"), parse_use_value("ai=20:40", pair=True)
    (('ai', 30.0), ('ai', (20.0, 40.0)))
    """
    expected = "USE=LOW:HIGH (in %)" if pair else "USE=NUMBER"
    key, sep, rest = str(text).partition("=")
    lo, colon, hi = rest.partition(":")
    try:
        if not sep or not key.strip() or pair != bool(colon):
            raise ValueError
        return key.strip(), ((float(lo), float(hi)) if pair else float(rest))
    except ValueError:
        raise ValueError(f"expected {expected}, found {text!r}") from None
