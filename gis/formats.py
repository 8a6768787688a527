"""Render tables for people and machines: terminal, JSON, CSV, Markdown, HTML.

One place decides how a :class:`pandas.DataFrame` of results looks in each output format, so
every command's ``--format`` behaves the same.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

import numpy as np
import pandas as pd

MACHINE_FORMATS = ("json", "csv", "markdown")
ALL_FORMATS = ("table", *MACHINE_FORMATS, "html")


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


def frame_to_html(df: pd.DataFrame, caption: str | None = None) -> str:
    """An HTML table; every cell and header is escaped."""
    clean = df.reset_index() if df.index.name else df
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in clean.columns)
    rows = []
    for rec in clean.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_fmt_cell(v))}</td>" for v in rec)
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fmt_cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (float, np.floating)):
        return f"{v:,.2f}" if abs(v) >= 100 or v != int(v) else f"{int(v):,}"
    return str(v)


def render(df: pd.DataFrame, fmt: str, *, title: str | None = None) -> str:
    """Render ``df`` as ``fmt`` (``json``, ``csv``, ``markdown`` or ``html``) text."""
    if fmt == "json":
        return to_json(df)
    if fmt == "csv":
        return df.to_csv(index=bool(df.index.name))
    if fmt == "markdown":
        return frame_to_markdown(df)
    if fmt == "html":
        return frame_to_html(df, caption=title)
    raise ValueError(f"unknown format {fmt!r}; expected one of {ALL_FORMATS}")


def rich_table(df: pd.DataFrame, title: str | None = None, styles: dict[str, str] | None = None):
    """A :class:`rich.table.Table` for the terminal (colours only where the terminal has them)."""
    from rich.table import Table
    from rich.text import Text

    clean = df.reset_index() if df.index.name else df
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in clean.columns:
        numeric = pd.api.types.is_numeric_dtype(clean[col]) and clean[col].dtype != bool
        table.add_column(str(col), justify="right" if numeric else "left",
                         style=(styles or {}).get(str(col)), overflow="fold")
    for rec in clean.itertuples(index=False):
        table.add_row(*[Text(_fmt_cell(v)) for v in rec])  # never markup
    return table
