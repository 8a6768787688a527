"""Pages of text and tables for the PDF report, drawn with matplotlib in points (A4 portrait).

Widths are estimated per character (Latin about half an em, CJK a full em), cells are wrapped
to their column and a table that does not fit continues on the next page under its header.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

A4_PT = (595.0, 842.0)
MARGIN = 40.0
PAD = 8.0


def text_width(text: str, size: float) -> float:
    """Estimated width in points of ``text`` at ``size`` points."""
    return sum(size * (1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6) for c in text)


def wrap(text: str, width_pt: float, size: float) -> list[str]:
    """``text`` cut into lines no wider than ``width_pt`` (at spaces when it can, else anywhere,
    as CJK text is written).
    """
    lines: list[str] = []
    for para in str(text).split("\n"):
        line = ""
        for token in _tokens(para):
            if line and text_width(line + token, size) > width_pt:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
            while text_width(line, size) > width_pt and len(line) > 1:
                cut = max(1, _fit(line, width_pt, size))
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    out, word = [], ""
    for ch in text:
        if ch == " " or unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append(word)
            out.append(ch)
            word = ""
        else:
            word += ch
    return [*out, word] if word else out


def _fit(text: str, width_pt: float, size: float) -> int:
    total = 0.0
    for i, ch in enumerate(text):
        total += text_width(ch, size)
        if total > width_pt:
            return i
    return len(text)


@dataclass
class Pages:
    """A run of A4 pages: text flows down and a new page starts when one is full."""

    new_figure: Callable[[], Any]
    font: Any
    figures: list[Any] = field(default_factory=list)
    y: float = 0.0

    def page(self) -> Any:
        self.figures.append(self.new_figure())
        self.y = A4_PT[1] - MARGIN
        return self.figures[-1]

    def room(self, height: float) -> None:
        if not self.figures or self.y - height < MARGIN:
            self.page()

    def text(
        self,
        x: float,
        text: str,
        size: float = 9,
        weight: str = "normal",
        colour: str = "black",
        width: float | None = None,
    ) -> None:
        """Write ``text`` at ``x`` points from the left, wrapped to ``width``, then move down."""
        lines = wrap(text, width or (A4_PT[0] - MARGIN - x), size)
        for line in lines:
            self.room(size * 1.35)
            self.draw(x, line, size, weight, colour)
            self.y -= size * 1.35

    def draw(
        self,
        x: float,
        text: str,
        size: float,
        weight: str = "normal",
        colour: str = "black",
        ha: str = "left",
    ) -> None:
        prop = self.font.copy()
        prop.set_size(size)
        prop.set_weight(weight)
        self.figures[-1].text(
            x / A4_PT[0],
            self.y / A4_PT[1],
            text,
            fontproperties=prop,
            color=colour,
            ha=ha,
            va="top",
        )

    def gap(self, points: float) -> None:
        self.y -= points

    def rule(self) -> None:
        """A thin line across the text width."""
        fig = self.figures[-1]
        y = self.y / A4_PT[1]
        fig.add_artist(_line(fig, MARGIN / A4_PT[0], (A4_PT[0] - MARGIN) / A4_PT[0], y, 0.8))

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        numeric: list[bool],
        colours: list[str | None] | None = None,
        size: float = 6.5,
    ) -> None:
        """A table across the page; ``colours`` gives each row's text colour."""
        widths = _widths(headers, rows, size)
        head = [wrap(h, w - PAD, size) for h, w in zip(headers, widths, strict=True)]
        self._row(head, widths, numeric, size, "bold", "black", rule=True)
        for n, row in enumerate(rows):
            cells = [wrap(c, w - PAD, size) for c, w in zip(row, widths, strict=True)]
            height = max(len(c) for c in cells) * size * 1.3 + 3
            if self.y - height < MARGIN:
                self.page()
                self._row(head, widths, numeric, size, "bold", "black", rule=True)
            self._row(
                cells, widths, numeric, size, "normal", (colours[n] if colours else None) or "black"
            )

    def _row(
        self,
        cells: list[list[str]],
        widths: list[float],
        numeric: list[bool],
        size: float,
        weight: str,
        colour: str,
        rule: bool = False,
    ) -> None:
        height = max(len(c) for c in cells) * size * 1.3 + 3
        self.room(height)
        top, x = self.y, MARGIN
        for lines, w, num in zip(cells, widths, numeric, strict=True):
            self.y = top
            for line in lines:
                self.draw(
                    x + w - PAD / 2 if num else x + PAD / 2,
                    line,
                    size,
                    weight,
                    colour,
                    "right" if num else "left",
                )
                self.y -= size * 1.3
            x += w
        self.y = top - height
        fig = self.figures[-1]
        y = (self.y + 1) / A4_PT[1]
        fig.add_artist(
            _line(fig, MARGIN / A4_PT[0], (A4_PT[0] - MARGIN) / A4_PT[0], y, 0.8 if rule else 0.3)
        )


def _line(fig: Any, x0: float, x1: float, y: float, width: float) -> Any:
    from matplotlib.lines import Line2D

    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color="#888888", linewidth=width)


def _widths(headers: list[str], rows: list[list[str]], size: float) -> list[float]:
    """Column widths in points: each column's widest cell (capped at 40% of the page) and at
    least its longest word; columns wider than that give up room first to fit the page.
    """
    usable = A4_PT[0] - 2 * MARGIN
    natural, least = [], []
    for i, h in enumerate(headers):
        cells = [r[i] for r in rows]
        widest = max([text_width(c, size) for c in cells] + [text_width(h, size) * 0.5])
        words = [w for c in [*cells, h] for w in _tokens(c) if w != " "]
        longest = max([text_width(w, size) for w in words] + [size])
        least.append(longest + PAD)
        natural.append(max(min(widest + PAD, usable * 0.4), least[-1]))
    spare = sum(natural) - usable
    if spare > 0:
        give = [n - m for n, m in zip(natural, least, strict=True)]
        total = sum(give) or 1.0
        natural = [n - spare * g / total for n, g in zip(natural, give, strict=True)]
    scale = usable / sum(natural)
    return [w * scale for w in natural]
