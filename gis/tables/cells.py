r"""Step 2 of the table reader: a :class:`~gis.tables.source.Source` -> :class:`Cells`.

A text is split every way a planner's table may be written: tabs, Markdown pipes, ``;``, ``,``,
runs of 2+ spaces and single spaces; each way is a :class:`Split`, a :data:`CellGrid` of the
non-blank lines with the line each came from. Which way is right is for the header to say
(:func:`gis.tables.header.choose_split`). A sheet is already split: one :class:`Split`.
:func:`cell_text`, a cell as text, is shared by the later steps.

Examples
--------
>>> split = split_text("| Use | GFA (m2) |\n|---|---|\n| Wet lab | 520,000 |")[0]
>>> split.delimiter, split.grid
('|', [(1, ['Use', 'GFA (m2)']), (3, ['Wet lab', '520,000'])])
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from gis.tables.source import Source

#: Rows of cells with the 1-based line or sheet row each came from; rows may be ragged and
#: cells are text (or numbers and None from a sheet).
CellGrid = list[tuple[int, list[Any]]]

_RULE_RE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Split:
    r"""One way of splitting the input into cells.

    Attributes
    ----------
    delimiter
        ``"\\t"``, ``"|"`` (Markdown), ``";"``, ``","``, ``"spaces"`` (2+), ``"space"`` (one:
        only the header row and above are final, see :func:`rsplit_below`), or None for a sheet.
    grid
        The cells.
    """

    delimiter: str | None
    grid: CellGrid


@dataclass(frozen=True)
class Cells:
    """The ways of splitting one input, in order of preference when they fit equally well.

    Attributes
    ----------
    source
        The file or ``"<text>"``, for error messages.
    splits
        The candidate splits (one for a sheet).
    lines
        The text's lines (empty for a sheet), for :func:`rsplit_below`.
    """

    source: str
    splits: list[Split]
    lines: list[str]


def split_cells(src: Source) -> Cells:
    r"""Split a text every way it may be written, or take a sheet's rows as they are.

    Parameters
    ----------
    src
        The input as read (:func:`gis.tables.source.read_source`).

    Returns
    -------
    Cells

    Examples
    --------
    >>> cells = split_cells(Source("<text>", b"", text="Use,GFA\nLabs,5"))
    >>> [s.delimiter for s in cells.splits]
    [';', ',', 'spaces', 'space']
    >>> split_cells(Source("x.xlsx", b"", sheet_rows=[(2, ["Use", 5.0])])).splits
    [Split(delimiter=None, grid=[(2, ['Use', 5.0])])]
    """
    if src.text is None:
        return Cells(src.name, [Split(None, list(src.sheet_rows or []))], [])
    return Cells(src.name, split_text(src.text), src.text.splitlines())


def split_text(text: str) -> list[Split]:
    """Every way of splitting a text into cells that may fit it, in order of preference.

    Tabs and Markdown pipes are tried only when the text holds them.

    Parameters
    ----------
    text
        The decoded text.

    Returns
    -------
    list[Split]
    """
    lines = text.splitlines()
    splits: list[Split] = []
    if any("\t" in line for line in lines):
        splits.append(Split("\t", _csv_grid(text, "\t")))
    if sum("|" in line for line in lines) >= 2:
        splits.append(Split("|", _markdown_grid(lines)))
    splits += [
        Split(";", _csv_grid(text, ";")),
        Split(",", _csv_grid(text, ",")),
        Split(
            "spaces",
            [
                (i, re.split(r"\s{2,}|\t", ln.strip()))
                for i, ln in enumerate(lines, 1)
                if ln.strip()
            ],
        ),
        Split("space", _words_grid(lines)),
    ]
    return splits


def _csv_grid(text: str, delimiter: str) -> CellGrid:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=delimiter != "\t"
    )
    try:
        return [
            (reader.line_num, [c.strip() for c in cells])
            for cells in reader
            if any(c.strip() for c in cells)
        ]
    except csv.Error:  # e.g. a stray carriage return: this way of splitting does not fit
        return []


def _markdown_grid(lines: list[str]) -> CellGrid:
    grid: CellGrid = []
    for number, line in enumerate(lines, 1):
        s = line.strip()
        if not s or _RULE_RE.match(s):
            continue
        if "|" in s:
            s = s[1:] if s.startswith("|") else s
            s = s[:-1] if s.endswith("|") else s
            cells = next(csv.reader([s], delimiter="|", quoting=csv.QUOTE_NONE))
            grid.append((number, [c.strip().strip("*_`").strip() for c in cells]))  # **bold**
        else:
            grid.append((number, [s]))
    return grid


def _words_grid(lines: list[str]) -> CellGrid:
    """Single spaces, as PDF text often pastes: every word a cell, until the header is known."""
    return [
        (i, re.split(r"\s+(?![(\[])", unicodedata.normalize("NFKC", ln).strip()))
        for i, ln in enumerate(lines, 1)
        if ln.strip()
    ]


def rsplit_below(lines: list[str], grid: CellGrid, header_line: int, width: int) -> CellGrid:
    r"""A single-space split whose lines below the header are split from the right to its width.

    The words before the numbers then form the use: ``Wet labs 52% 520000`` is three cells.

    Parameters
    ----------
    lines
        The text's lines.
    grid
        The split on single spaces (the ``"space"`` :class:`Split`).
    header_line
        The header's 1-based line.
    width
        The header's number of cells.

    Returns
    -------
    CellGrid

    Examples
    --------
    >>> lines = ["Use Share GFA", "Wet labs 52% 520000"]
    >>> rsplit_below(lines, split_text("\n".join(lines))[-1].grid, 1, 3)[1]
    (2, ['Wet labs', '52%', '520000'])
    """
    return [
        (i, cells if i <= header_line else lines[i - 1].strip().rsplit(None, width - 1))
        for i, cells in grid
    ]


def cell_text(value: Any) -> str:
    """A cell as stripped text.

    Parameters
    ----------
    value
        A cell: text, a number, None or NaN.

    Returns
    -------
    str
        ``""`` for None or NaN, ``"3"`` for ``3.0``, else the text stripped.

    Examples
    --------
    >>> cell_text(3.0), cell_text(None), cell_text(" 52% ")
    ('3', '', '52%')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
