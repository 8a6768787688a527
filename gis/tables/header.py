r"""Step 3 of the table reader: :class:`~gis.tables.cells.Cells` -> a grid and its :class:`Header`.

Each header cell is matched to a canonical column of :data:`COLUMNS` and the unit it names
(:func:`header_column`); the header row is the first naming two columns or more
(:func:`find_header`); the split of the text whose header names the most columns, and whose
lines below fit it best, is the one read (:func:`choose_split`); :func:`read_header` then says
which cell holds which column, and refuses a table without a use column or any value column.

Examples
--------
>>> grid = [(1, ["Share of GFA by use"]), (2, ["用途", "GFA (ha)", "Remarks"]), (3, ["Labs", "5"])]
>>> head = read_header(grid, "<text>")
>>> head.header_row, head.columns, head.units, head.extras
(2, {0: 'use', 1: 'gfa_m2'}, {'use': None, 'gfa_m2': 'ha'}, {2: 'Remarks'})
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from gis.errors import TableError
from gis.tables.cells import CellGrid, Cells, Split, cell_text, rsplit_below
from gis.tables.columns import check_named, named_at
from gis.tables.units import UNITS
from gis.tables.uses import normalise_name, traditional

#: Canonical columns and the headers that name them (matched after NFKC, case-fold, no punctuation).
COLUMNS: dict[str, tuple[str, ...]] = {
    "use": (
        "用途規劃",
        "用途",
        "土地用途",
        "規劃用途",
        "use",
        "uses",
        "land use",
        "use category",
        "proposed use",
        "category",
        "use type",
        "land use type",
    ),
    "share_pct": (
        "百分比",
        "比例",
        "佔比",
        "所佔百分比",
        "share",
        "percentage",
        "percent",
        "pct",
        "proportion",
        "share of gfa",
    ),
    "gfa_m2": (
        "總樓面面積",
        "樓面面積",
        "總建築面積",
        "建築面積",
        "gfa",
        "gross floor area",
        "floor area",
        "floor space",
        "floorspace",
        "gross floor space",
        "total floor area",
        "total gfa",
        "樓面空間",
    ),
    "zone": ("zone", "zoning", "分區", "區域", "地帶", "區"),
    "site": ("site", "site no", "plot", "用地", "地盤", "地段", "用地編號"),
    "site_area_m2": ("site area", "land area", "用地面積", "地盤面積", "佔地面積"),
    "plot_ratio": ("plot ratio", "地積比率", "容積率", "pr", "far"),
    "height_mpd": (
        "height",
        "building height",
        "max height",
        "高度",
        "建築物高度",
        "高度限制",
        "主水平基準以上米數",
    ),
}
_HEADER_ALIASES = {normalise_name(a): col for col, aliases in COLUMNS.items() for a in aliases}


def header_column(header: object) -> tuple[str | None, str | None]:
    """Map one header cell to a canonical column and the unit it names.

    Parameters
    ----------
    header
        The header cell as written (English or Chinese, with or without a unit).

    Returns
    -------
    tuple
        ``(column or None, unit or None)``: a column of :data:`COLUMNS` and ``"m2"``,
        ``"ha"``, ``"%"``, ``"mpd"`` or ``"m"``.

    Examples
    --------
    >>> header_column("總樓面面積（平方米）")
    ('gfa_m2', 'm2')
    >>> header_column("GFA (ha)")
    ('gfa_m2', 'ha')
    """
    text = traditional(unicodedata.normalize("NFKC", str(header or "")).casefold().strip())
    unit = None
    for inner in re.findall(r"[(\[]([^)\]]*)[)\]]", text):
        unit = unit or UNITS.get(re.sub(r"\s", "", inner))
    name = re.sub(r"[(\[][^)\]]*[)\]]", " ", text).strip()
    trailing = re.search(r"(?:(?<=\s)|^)(m2|sq\.?\s?m|sqm|sq\.?\s?ft|sqft|ha|mpd)$|%$", name)
    if unit is None and trailing:
        unit, name = UNITS.get(re.sub(r"\s", "", trailing.group(0))), name[: trailing.start()]
    key = normalise_name(name)
    if not key:
        return ("share_pct" if unit == "%" else None), unit
    if key in _HEADER_ALIASES:
        return _HEADER_ALIASES[key], unit
    hits = sorted(
        (len(a), col)
        for a, col in _HEADER_ALIASES.items()
        if len(a) >= (2 if not a.isascii() else 3) and a in key
    )
    if hits and (len(hits) == 1 or hits[-1][0] > hits[-2][0] or hits[-1][1] == hits[-2][1]):
        return hits[-1][1], unit
    return None, unit


def find_header(
    grid: CellGrid, named: Mapping[str, str] | None = None
) -> tuple[int, dict[int, tuple[str, str | None]]] | None:
    """The first row naming 2+ canonical columns, unless one just below names more.

    The look-ahead keeps a caption such as "Share of GFA by use" from passing as the header.

    Parameters
    ----------
    grid
        The rows of cells (only the first 30 are searched).
    named
        Columns the planner named (:func:`gis.tables.columns.named_columns`): they win over
        the cells the reader would take for them.

    Returns
    -------
    tuple or None
        ``(index in the grid, {cell position: (column, unit)})``, or None.

    Examples
    --------
    >>> find_header([(1, ["Share of GFA by use"]), (2, ["Use", "Share (%)", "GFA"])])[0]
    1
    """
    hits = []
    for idx, (_, cells) in enumerate(grid[:30]):
        cols = {i: header_column(c) for i, c in enumerate(cells) if isinstance(c, str)}
        mine = {i: col for i, c in enumerate(cells) if (col := named_at(c, named or {}))}
        cols = {
            i: (
                (mine[i], unit)
                if i in mine
                else (None, None)
                if col in mine.values()
                else (col, unit)
            )
            for i, (col, unit) in cols.items()
        }
        mapping = {i: (col, unit) for i, (col, unit) in cols.items() if col}
        if len({col for col, _ in mapping.values()}) >= 2:
            hits.append((idx, mapping))
    near = [h for h in hits if h[0] <= hits[0][0] + 5] if hits else []
    return max(near, key=lambda h: (len({c for c, _ in h[1].values()}), -h[0]), default=None)


def no_header(grid: CellGrid, source: str) -> TableError:
    """The error for a grid without a header, showing the cells of its first row.

    Parameters
    ----------
    grid
        The rows of cells.
    source
        The file, for the message.

    Returns
    -------
    TableError
        To raise.
    """
    found = [cell_text(c) for c in grid[0][1] if cell_text(c)][:8] if grid else []
    return TableError(
        f"no recognisable header: first row {found}; expected at least two of "
        "use (用途規劃 / Use), share_pct (百分比 / Share %), "
        "gfa_m2 (總樓面面積 / GFA)",
        source,
    )


def choose_split(cells: Cells, named: Mapping[str, str] | None = None) -> Split:
    r"""The split whose header names the most columns and whose lines below fit it best.

    Ties go to the earlier split. A single-space split counts only when every word of its
    header names a column; its lines below are then split to the header's width
    (:func:`gis.tables.cells.rsplit_below`).

    Parameters
    ----------
    cells
        The candidate splits (:func:`gis.tables.cells.split_cells`).
    named
        Columns the planner named (see :func:`find_header`).

    Returns
    -------
    Split

    Raises
    ------
    TableError
        No split gives a recognisable header.

    Examples
    --------
    >>> from gis.tables.cells import split_text
    >>> text = "Use,Share,GFA\nLabs,52%,520,000"
    >>> choose_split(Cells("<text>", split_text(text), text.splitlines())).delimiter
    ','
    """
    splits = [
        _fit_words(s, cells.lines, named) if s.delimiter == "space" else s for s in cells.splits
    ]
    scored = []
    for order, split in enumerate(splits):
        found = find_header(split.grid, named)
        if found is not None:
            idx, mapping = found
            width = len(split.grid[idx][1])
            body = split.grid[idx + 1 :]
            fit = sum(len(c) == width for _, c in body) / max(len(body), 1)
            scored.append(((len(mapping), fit, -order), split))
    if not scored:  # show the first line, split the way that gives it the most cells
        grids = (s.grid for s in splits if s.grid)
        raise no_header(max(grids, key=lambda g: len(g[0][1])), cells.source)
    return max(scored, key=lambda s: s[0])[1]


def _fit_words(split: Split, lines: list[str], named: Mapping[str, str] | None) -> Split:
    """A single-space split fitted to its header, or no cells when a header word names no
    column (then "Gross floor area" would split).
    """
    found = find_header(split.grid, named)
    if found is None or len(found[1]) < len(split.grid[found[0]][1]):
        return Split(split.delimiter, [])
    header_line, header = split.grid[found[0]]
    return Split(split.delimiter, rsplit_below(lines, split.grid, header_line, len(header)))


@dataclass(frozen=True)
class Header:
    """What the header row says: where it is and which cell holds which column."""

    header_at: int  # index of the header in the grid
    header_row: int  # its 1-based line or sheet row
    width: int
    columns: dict[int, str]  # cell position -> canonical column
    units: dict[str, str | None]  # canonical column -> unit named in the header
    extras: dict[int, str]  # cell position -> name of an unknown column
    shown: list[str]  # the header as written
    header_key: list[str]  # the header normalised, to spot it repeated

    @property
    def use_at(self) -> int:
        """Position of the use column."""
        return next(i for i, c in self.columns.items() if c == "use")


def read_header(grid: CellGrid, source: str, named: Mapping[str, str] | None = None) -> Header:
    """Find the header and map its cells to columns.

    Parameters
    ----------
    grid
        The rows of cells.
    source
        The file, for error messages.
    named
        Columns the planner named (see :func:`find_header`).

    Returns
    -------
    Header

    Raises
    ------
    TableError
        No header, no use column, or neither a share nor a GFA column.
    """
    found = find_header(grid, named)
    if found is None:
        raise no_header(grid, source)
    idx, mapping = found
    header_row, header = grid[idx]
    columns: dict[int, str] = {}
    units: dict[str, str | None] = {}
    extras: dict[int, str] = {}
    for i, cell in enumerate(header):
        col, unit = mapping.get(i, (None, None))
        if col and col not in units:
            columns[i], units[col] = col, unit
        else:
            name = cell_text(cell) or f"column_{i + 1}"
            extras[i] = name if name not in extras.values() else f"{name}_{i + 1}"
    shown = [cell_text(c) for c in header]
    check_named(named or {}, set(units), shown, source)
    if not {"share_pct", "gfa_m2"} & set(units):
        raise TableError(
            f"neither a share (百分比 / Share %) nor a GFA (總樓面面積 / GFA) column "
            f"in the header {shown}",
            source,
            f"line {header_row}",
        )
    if "use" not in units:
        raise TableError(
            f"no use column (用途規劃 / Use) in the header {shown}", source, f"line {header_row}"
        )
    return Header(
        idx,
        header_row,
        len(header),
        columns,
        units,
        extras,
        shown,
        [normalise_name(s) for s in shown],
    )
