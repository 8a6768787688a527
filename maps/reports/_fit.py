"""Tables that fit the terminal: numbers are never split, long text folds, and a table wider
than the terminal is split into parts that repeat its first column (each part says so).

rich shrinks every column of a table that is too wide, numbers included ("157,2 / 53"); here
the widths are chosen before rich sees them: a number keeps its whole width, a word up to
:data:`WORD` characters keeps its own, and only the rest of a text cell folds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["FittedTable", "is_number"]

#: A word of text up to this many cells wide is never folded (longer words are, e.g. hashes).
WORD = 14
#: The narrowest a text column is made (unless its widest cell is narrower).
TEXT_MIN = 8
_NUMBER = re.compile(r"[-+−(]?[\d.,]*\d[\d.,]*(%|pp)?\)?[,;:]?")


def is_number(token: str) -> bool:
    """True when ``token`` (one word of a cell) is a number: digits, separators, a sign, ``%``.

    >>> is_number("1,000,000"), is_number("-10.0%"), is_number("S/LMCL/2")
    (True, True, False)
    """
    return bool(_NUMBER.fullmatch(token))


def _lines(text: str) -> list[str]:
    return text.split("\n") or [""]


class FittedTable:
    """A rich renderable: one table when it fits the console, else parts that do.

    Parameters
    ----------
    title
        Shown above the table (each part adds "part k of n").
    headers
        The column headers (may hold line breaks).
    rows
        The cells, :class:`rich.text.Text` or str.
    numeric
        Per column: True for a column of numbers (right-aligned, never folded).
    styles
        Per column: a rich style, or None.
    """

    def __init__(
        self,
        title: str | None,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        numeric: Sequence[bool],
        styles: Sequence[str | None] | None = None,
    ) -> None:
        from rich.text import Text

        self.title, self.headers, self.numeric = title, list(headers), list(numeric)
        self.rows = [[c if isinstance(c, Text) else Text(str(c)) for c in r] for r in rows]
        self.styles = list(styles) if styles else [None] * len(self.headers)

    def widths(self) -> tuple[list[int], list[int]]:
        """Per column: its natural width (widest line) and the least it needs (its widest number
        and its widest word up to :data:`WORD`, at least :data:`TEXT_MIN` for text).

        Returns
        -------
        tuple of list of int
            ``(natural, need)``, in cells.
        """
        from rich.cells import cell_len

        natural, need = [], []
        for i, header in enumerate(self.headers):
            texts = [r[i].plain for r in self.rows]
            lines = [ln for t in [header, *texts] for ln in _lines(t)]
            widest = max((cell_len(ln) for ln in lines), default=1)
            words = [w for ln in lines for w in ln.split()]
            numbers = [cell_len(w) for w in words if is_number(w)]
            longest = min(max((cell_len(w) for w in words), default=1), WORD)
            if self.numeric[i]:  # the whole cell of a number column, however it is spaced
                numbers += [cell_len(ln) for t in texts for ln in _lines(t)]
            least = longest if self.numeric[i] else max(TEXT_MIN, longest)
            low = max(min(widest, least), max(numbers, default=0))
            natural.append(widest)
            need.append(max(low, 1))
        return natural, need

    def parts(self, width: int) -> list[tuple[list[int], list[int] | None]]:
        """The columns of each part that fits ``width`` cells, and their widths (None: natural).

        Parameters
        ----------
        width
            The console width.

        Returns
        -------
        list of (column indices, widths or None)
        """
        natural, need = self.widths()
        n = len(self.headers)

        def room(cols: list[int]) -> int:
            return width - 3 * len(cols) - 1

        if sum(natural) <= room(list(range(n))):
            return [(list(range(n)), None)]
        groups: list[list[int]] = [[0]]
        for i in range(1, n):
            if len(groups[-1]) > 1 and sum(need[c] for c in [*groups[-1], i]) > room(
                [*groups[-1], i]
            ):
                groups.append([0])
            groups[-1].append(i)
        out: list[tuple[list[int], list[int] | None]] = []
        for cols in groups:
            if sum(natural[c] for c in cols) <= room(cols):
                out.append((cols, None))
                continue
            widths = [need[c] for c in cols]
            spare = room(cols) - sum(widths)
            # water-filling: the columns short by least get their whole width first (an id,
            # a date), the widest (a message) share what is left and fold
            order = sorted(range(len(cols)), key=lambda j: natural[cols[j]] - need[cols[j]])
            for left, j in enumerate(order):
                grow = min(natural[cols[j]] - need[cols[j]], max(spare, 0) // (len(order) - left))
                widths[j] += grow
                spare -= grow
            out.append((cols, widths))
        return out

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.table import Table

        parts = self.parts(options.max_width)
        for k, (cols, widths) in enumerate(parts, start=1):
            title = self.title
            caption = None
            if len(parts) > 1:
                title = f"{self.title or ''} (part {k} of {len(parts)})".strip()
                caption = (
                    f"split to fit {options.max_width} columns; the first column repeats"
                    if k == 1
                    else None
                )
            table = Table(title=title, caption=caption, header_style="bold")
            for j, c in enumerate(cols):
                table.add_column(
                    self.headers[c],
                    justify="right" if self.numeric[c] else "left",
                    style=self.styles[c],
                    overflow="fold",
                    width=None if widths is None else widths[j],
                )
            for row in self.rows:
                table.add_row(*(row[c] for c in cols))
            yield table
