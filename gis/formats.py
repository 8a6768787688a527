"""Text formats of result data: JSON, CSV and Markdown of frames, and format dispatch.

These are data, not rendering: the HTML, terminal, chart and map renderings live in :mod:`maps`.
One place decides how a :class:`pandas.DataFrame` looks in each text format, so every command's
``--format`` behaves the same, and :func:`dispatch` / :func:`format_for` pick a writer by format
name or file suffix for every kind of output.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
import pandas as pd

from gis.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Callable

MACHINE_FORMATS = ("json", "csv", "markdown")
#: File suffix -> format name, for every writer that picks its format from a file name.
SUFFIX_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
}
#: Formats that only exist as files (never printed on a terminal).
FILE_ONLY_FORMATS = ("xlsx", "pdf")

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


def _json_value(value: Any) -> str:
    return json.dumps(_clean(value), ensure_ascii=False)


def _json_column(col: pd.Series) -> list[str]:
    """The JSON text of every value of ``col``, as :func:`to_json` writes it, built column-wise:
    numbers through ``repr`` (what :mod:`json` uses), NaN, infinities and NA as ``null``.
    """
    dtype = col.dtype
    if not isinstance(dtype, np.dtype):  # nullable, Arrow or categorical: value by value
        dtype = np.dtype(object)
    if dtype.kind == "b":
        return np.where(col.to_numpy(bool), "true", "false").tolist()
    if dtype.kind in "iuf" and len(col):
        # the C encoder writes the whole column (numbers as json writes them); no text in it
        # holds ", ", so splitting gives one number per row; NaN and infinities become null
        arr = col.to_numpy(dtype=float if dtype.kind == "f" else None)
        out = json.dumps(arr.tolist())[1:-1].split(", ")
        if dtype.kind == "f":
            for i in np.flatnonzero(~np.isfinite(arr)).tolist():
                out[i] = "null"
        return out
    from json.encoder import encode_basestring  # the C encoder, as with ensure_ascii=False

    values = col.tolist()
    if all(type(v) is str for v in values):
        return list(map(encode_basestring, values))
    return [encode_basestring(v) if type(v) is str else _json_value(v) for v in values]


def json_records(df: pd.DataFrame, block: int = 65_536) -> Iterator[str]:
    """Each row of ``df`` as one compact JSON object (its columns as keys, NaN and NA as
    ``null``), the same values :func:`to_json` writes for ``df.to_dict(orient="records")``,
    encoded column by column, ``block`` rows at a time: fast for a million rows, and only one
    block's text in memory.

    >>> list(json_records(pd.DataFrame({"id": ["a", "b"], "m2": [1.5, float("nan")]})))
    ['{"id": "a", "m2": 1.5}', '{"id": "b", "m2": null}']
    """
    from json.encoder import encode_basestring

    keys = [encode_basestring(str(c)).replace("%", "%%") for c in df.columns]
    template = "{" + ", ".join(f"{k}: %s" for k in keys) + "}"
    for start in range(0, len(df), block):  # the text of one block of rows at a time
        part = df.iloc[start : start + block]
        columns = [_json_column(part.iloc[:, i]) for i in range(part.shape[1])]
        for row in zip(*columns, strict=True):
            yield template % row


def iter_json(parts: Iterable[tuple[str, Any]]) -> Iterator[str]:
    r"""A JSON object written piece by piece, as :func:`to_json` would write it (2-space indent),
    except that a value given as an iterator of JSON texts (e.g. :func:`json_records`) is
    written as a list with one item per line, without holding the list in memory.

    >>> "".join(iter_json([("n", 2), ("rows", iter(['{"a": 1}', '{"a": 2}']))]))
    '{\n  "n": 2,\n  "rows": [\n    {"a": 1},\n    {"a": 2}\n  ]\n}'
    """
    yield "{"
    sep = "\n"
    for key, value in parts:
        yield f"{sep}  {json.dumps(str(key), ensure_ascii=False)}: "
        sep = ",\n"
        if isinstance(value, Iterator):
            first = True
            while batch := list(itertools.islice(value, 4096)):  # fewer, larger writes
                yield ("[\n    " if first else ",\n    ") + ",\n    ".join(batch)
                first = False
            yield "[]" if first else "\n  ]"
        else:
            yield to_json(value).replace("\n", "\n  ")
    yield "\n}" if sep != "\n" else "}"


_ENTITY = re.compile(r"&(?=#?\w+;)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_text(value: Any) -> str:
    r"""Text that Markdown shows as written: ``<`` and ``>`` (and ``&`` before an entity name) as
    entities, so a name such as ``<script>`` is text, never HTML; pipes escaped for tables.

    >>> md_text("<script>alert(1)</script> | R&D")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\| R&D'
    """
    text = _ENTITY.sub("&amp;", str(value))
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def frame_to_markdown(df: pd.DataFrame, floatfmt: str = ",.2f") -> str:
    """A GitHub-flavoured Markdown table; text cells and headers through :func:`md_text`."""
    from tabulate import tabulate

    clean = df.reset_index() if df.index.name else df
    clean = clean.map(lambda v: md_text(v) if isinstance(v, str) else v)
    clean.columns = [md_text(c) for c in clean.columns]
    return tabulate(clean, headers="keys", tablefmt="github", showindex=False, floatfmt=floatfmt)


def cell_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'``; numbers, and text
    that is a plain number (``-5``), stay as they are.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers cannot run as formulas in a spreadsheet
    (CSV or XLSX): a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading
    ``'``, as OWASP advises for CSV injection; numeric cells are never touched.

    >>> spreadsheet_safe(pd.DataFrame({"use": ["=1+1", "-5", "lab"], "gfa_m2": [-5.0, 1, 2]}))
         use  gfa_m2
    0  '=1+1    -5.0
    1     -5     1.0
    2    lab     2.0
    """
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            try:  # vectorised: only the cells that start like a formula are looked at
                hit = out[col].str.startswith(_FORMULA_START, na=False).to_numpy(bool)
            except AttributeError:  # an object column without text
                continue
            if hit.any():
                cells = out[col].astype(object)
                cells[hit] = [cell_safe(v) for v in cells[hit]]
                out[col] = cells
    out.columns = [cell_safe(c) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(cell_safe)
    return out


def frame_to_csv(df: pd.DataFrame, index: bool | None = None) -> str:
    """CSV text of ``df`` made :func:`spreadsheet_safe` (``index``: default, when it is named)."""
    return spreadsheet_safe(df).to_csv(index=bool(df.index.name) if index is None else index)


def cell_text(v: Any) -> str:
    """A cell as people read it: blank for missing, thousands separators, 2 decimals."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        x = float(v)
        return f"{x:,.2f}" if abs(x) >= 100 or x != int(x) else f"{int(x):,}"
    return str(v)


def render(df: pd.DataFrame, fmt: str) -> str:
    """Render ``df`` as ``fmt`` (``json``, ``csv`` or ``markdown``) text."""
    return dispatch(
        cast(
            "Mapping[str, Callable[[pd.DataFrame], str]]",
            {
                "json": to_json,
                "csv": frame_to_csv,
                "markdown": frame_to_markdown,
            },
        ),
        fmt,
    )(df)


def dispatch(writers: Mapping[str, _T], fmt: str, *, what: str = "output") -> _T:
    """The writer registered for ``fmt``; an :class:`~gis.errors.InputError` naming the choices.

    >>> dispatch({"csv": 1, "json": 2}, "json")
    2
    """
    if fmt not in writers:
        raise InputError(f"unknown {what} format '{fmt}'; expected one of {', '.join(writers)}")
    return writers[fmt]


def format_for(path: str | os.PathLike[str], choices: Collection[str] | None = None) -> str:
    """The format a file name asks for, by its suffix (``.md`` -> ``markdown``, ...).

    >>> format_for("out/compare.xlsx")
    'xlsx'
    """
    suffix = Path(path).suffix.lower()
    known = {k: v for k, v in SUFFIX_FORMATS.items() if choices is None or v in choices}
    if suffix not in known:
        raise InputError(
            f"cannot tell the format from '{suffix or Path(path).name}'; "
            f"use one of {', '.join(sorted(known))}",
            source=str(path),
        )
    return known[suffix]


def output_format(
    fmt: str | None, out: str | os.PathLike[str] | None, choices: tuple[str, ...] | list[str]
) -> str:
    """The format a command writes: ``fmt`` when given, else the one ``out``'s suffix names.

    ``"table"`` is for people: on a terminal a table, in a file Markdown. A file is never
    written in a format its suffix does not name (``--out report.xlsx`` holding Markdown).

    Parameters
    ----------
    fmt
        The format asked for (``--format``), or None when the user gave none.
    out
        The output file, or None for standard output.
    choices
        The formats the command can write (``"table"`` for its terminal output).

    Returns
    -------
    str
        One of ``choices``.

    Raises
    ------
    InputError
        One line naming ``out``: a suffix the command cannot write, a suffix that contradicts
        ``fmt``, no known suffix and no ``fmt``, or a file-only format with no ``out``.

    Examples
    --------
    >>> output_format(None, "facts.json", ("table", "json", "csv", "markdown"))
    'json'
    >>> output_format(None, None, ("table", "json"))
    'table'
    """
    if out is None:
        if fmt in FILE_ONLY_FORMATS:
            raise InputError(f"--format {fmt} needs --out FILE.{fmt}")
        return fmt or "table"
    files = {"markdown" if c == "table" else c for c in choices}
    suffix = Path(out).suffix.lower()
    known = sorted(k for k, v in SUFFIX_FORMATS.items() if v in files)
    named = SUFFIX_FORMATS.get(suffix)
    if named is not None and named not in files:
        raise InputError(
            f"cannot write a {suffix} file; this command writes {', '.join(known)}", source=str(out)
        )
    if fmt is None:
        if named is None:
            raise InputError(
                f"cannot tell the format from '{suffix or Path(out).name}'; use "
                f"one of {', '.join(known)}, or --format",
                source=str(out),
            )
        return named
    written = "markdown" if fmt == "table" else fmt
    if named is not None and named != written:
        shown = fmt if fmt == written else f"{fmt} (markdown in a file)"
        raise InputError(
            f"a {suffix} file cannot hold --format {shown}; use a "
            f"{'/'.join(k for k, v in SUFFIX_FORMATS.items() if v == written)} "
            "file",
            source=str(out),
        )
    return fmt


__all__ = [
    "MACHINE_FORMATS",
    "SUFFIX_FORMATS",
    "FILE_ONLY_FORMATS",
    "output_format",
    "to_json",
    "json_records",
    "iter_json",
    "frame_to_markdown",
    "md_text",
    "spreadsheet_safe",
    "cell_safe",
    "frame_to_csv",
    "cell_text",
    "render",
    "dispatch",
    "format_for",
    "parse_use_value",
    "plural",
]


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


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and ``noun`` in the right number (``many``, default ``noun + "s"``, unless 1).

    >>> plural(1, "feature"), plural(2, "feature"), plural(1200, "label"), plural(0, "zone")
    ('1 feature', '2 features', '1,200 labels', '0 zones')
    """
    return f"{n:,} {noun if n == 1 else (many or noun + 's')}"
