"""Output for people: rich tables fitted to the terminal (wide in a pipe), and :func:`show` /
:func:`emit`, which print a table or write a text format to standard output or a file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from gis.formats import cell_text
from gis.fs import atomic_write

__all__ = ["console", "rich_table", "print_frame", "emit", "show", "show_frame", "progress"]


def console() -> Any:
    """A rich console: ``COLUMNS`` wide when set, else fitted to a terminal; wide in a pipe or a
    log so cells stay whole.

    Returns
    -------
    rich.console.Console
    """
    from rich.console import Console

    from gis.config import terminal_columns

    width = terminal_columns() or (None if sys.stdout.isatty() else 220)
    return Console(width=width)


def rich_table(
    df: pd.DataFrame,
    title: str | None = None,
    styles: dict[str, str] | None = None,
    lang: str | None = None,
) -> Any:
    """A :class:`rich.table.Table` of ``df`` (cells are text, never rich markup).

    Parameters
    ----------
    df
        The frame; a named index becomes the first column.
    title
        Shown above the table.
    styles
        Column name -> rich style.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and title; None keeps the codes.

    Returns
    -------
    maps.reports._fit.FittedTable
        A rich renderable: one table, or parts that fit the console (numbers never split).
    """
    from rich.text import Text

    from .._i18n import column_kind, frame_title, localise, number
    from .._labels import check_lang
    from ._fit import FittedTable

    lang_ = None if lang is None else check_lang(lang)
    if lang_ is not None:
        styles = {i18n_header(k, lang_): v for k, v in (styles or {}).items()}
    codes = [str(c) for c in (df.reset_index() if df.index.name else df).columns]
    df, title = localise(df, lang_), frame_title(title, lang_)
    clean = df.reset_index() if df.index.name else df
    numeric = [
        pd.api.types.is_numeric_dtype(clean[col]) and clean[col].dtype != bool
        for col in clean.columns
    ]
    # one way of writing each column: its kind's format (m² to the unit, shares to 0.1%)
    kinds = [column_kind(c) if num else "text" for c, num in zip(codes, numeric, strict=True)]
    rows = [
        [
            Text(cell_text(v) if k == "text" else number(v, k))
            for v, k in zip(rec, kinds, strict=True)
        ]
        for rec in clean.itertuples(index=False)
    ]
    headers = [str(col) for col in clean.columns]
    return FittedTable(title, headers, rows, numeric, [(styles or {}).get(h) for h in headers])


def i18n_header(code: str, lang: Any) -> str:
    from .._i18n import header

    return header(code, lang)


def print_frame(
    df: pd.DataFrame, title: str | None = None, out: Any = None, lang: str | None = None
) -> None:
    """Print ``df`` as a rich table on ``out`` (default: :func:`console`).

    Parameters
    ----------
    df
        The frame (a named index becomes the first column).
    title
        Shown above the table.
    out
        A rich console (default: :func:`console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and title; None keeps the codes.
    """
    (out or console()).print(rich_table(df, title=title, lang=lang))


def emit(
    text: str | bytes, out: str | os.PathLike[str] | None = None, *, force: bool = True
) -> None:
    """Print ``text`` on standard output, or write it atomically to ``out`` (then say so on
    standard error). Text always ends with a newline.

    Parameters
    ----------
    text
        What to print or write; a text without a final newline gets one.
    out
        The file to write (default: print on standard output).
    force
        Replace an existing ``out``; False refuses to.
    """
    if isinstance(text, str) and not text.endswith("\n"):
        text += "\n"
    if out is None:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    atomic_write(out, text, force=force)
    print(f"wrote {out}", file=sys.stderr)


def show(
    fmt: str,
    out: str | os.PathLike[str] | None,
    printer: Callable[[], Any],
    render: Callable[[str], str | bytes],
    *,
    force: bool = True,
) -> None:
    """``printer()`` for ``fmt="table"`` on the terminal; else ``render(fmt)`` (Markdown for a
    table written to a file) printed or written to ``out`` by :func:`emit`.

    Parameters
    ----------
    fmt
        ``table`` or a text format (``json``, ``csv``, ``markdown``, ...).
    out
        The file to write (default: standard output).
    printer
        Prints the terminal table.
    render
        The text of a format.
    force
        Replace an existing ``out``.
    """
    if fmt == "table" and out is None:
        return printer()
    emit(render("markdown" if fmt == "table" else fmt), out, force=force)


def show_frame(
    df: pd.DataFrame,
    fmt: str,
    out: str | os.PathLike[str] | None = None,
    *,
    title: str | None = None,
    force: bool = True,
    lang: str | None = None,
) -> None:
    """:func:`show` for a frame: a rich table, or json/csv/markdown text.

    Parameters
    ----------
    df
        The frame.
    fmt
        ``table``, ``json``, ``csv`` or ``markdown``.
    out
        The file to write (default: standard output).
    title
        Shown above the terminal table.
    force
        Replace an existing ``out``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers (terminal, Markdown, CSV) and title;
        None keeps the column codes. JSON always keeps them.
    """
    show(
        fmt,
        out,
        lambda: print_frame(df, title=title, lang=lang),
        lambda f: render_frame(df, f, lang),
        force=force,
    )


def render_frame(df: pd.DataFrame, fmt: str, lang: str | None = None) -> str:
    """``df`` as ``json``, ``csv`` or ``markdown`` text, headers readable in ``lang`` (not JSON).

    Parameters
    ----------
    df
        The frame.
    fmt
        ``json``, ``csv`` or ``markdown``.
    lang
        ``"en"``, ``"zh"``, ``"both"`` or None (the column codes).

    Returns
    -------
    str
    """
    from gis.formats import render

    from .._i18n import localise
    from .._labels import check_lang

    if lang is None or fmt == "json":
        return render(df, fmt)
    return render(localise(df, check_lang(lang)), fmt)


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on a terminal's stderr (silent in a pipe or a log); yields the
    ``progress(done, total)`` callback that long library calls accept.

    Parameters
    ----------
    label
        Shown beside the bar.

    Yields
    ------
    callable
        ``progress(done, total)``; ``total`` None while unknown.
    """
    from rich.progress import Progress

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
