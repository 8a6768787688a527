r"""Turn a table file or pasted text into a grid of cells, and find the header row in it.

The helpers behind :func:`gis.tables.read_allocation_table`: decoding bytes (UTF-8, Big5-HKSCS,
CP950), splitting text as TSV, CSV (``;`` or ``,``), Markdown or space-aligned columns (whichever
finds the best header), reading an XLSX sheet (openpyxl is imported only then), and mapping header
cells to canonical columns.

Examples
--------
>>> grid, how = text_grid("| Use | GFA (m2) |\n|---|---|\n| Wet lab | 520,000 |", "<text>")
>>> grid, how["format"]
([(1, ['Use', 'GFA (m2)']), (3, ['Wet lab', '520,000'])], 'markdown')
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from typing import Any

from gis.config import current, refuse
from gis.errors import TableError
from gis.tables.uses import normalise_name, traditional

ENCODINGS = ("utf-8-sig", "big5hkscs", "cp950")

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
        "total gfa",
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
UNITS = {
    "%": "%",
    "m2": "m2",
    "m^2": "m2",
    "sqm": "m2",
    "sq.m": "m2",
    "sq.m.": "m2",
    "sqm.": "m2",
    "squaremetres": "m2",
    "squaremeters": "m2",
    "平方米": "m2",
    "平方公尺": "m2",
    "ha": "ha",
    "hectare": "ha",
    "hectares": "ha",
    "公頃": "ha",
    "mpd": "mpd",
    "m": "m",
    "米": "m",
    "主水平基準以上米": "mpd",
    "米(主水平基準以上)": "mpd",
    "萬平方米": "wan_m2",
    "萬m2": "wan_m2",
    "萬平方公尺": "wan_m2",
    "萬sqm": "wan_m2",
    "'000m2": "k_m2",
    "000m2": "k_m2",
    "'000sqm": "k_m2",
    "000sqm": "k_m2",
    "千平方米": "k_m2",
    "km2": "km2",
    "平方公里": "km2",
    "sqkm": "km2",
    "sqft": "sqft",
    "sq.ft": "sqft",
    "sq.ft.": "sqft",
    "ft2": "sqft",
    "ft^2": "sqft",
    "sf": "sqft",
    "squarefeet": "sqft",
    "squarefoot": "sqft",
    "平方呎": "sqft",
    "平方尺": "sqft",
    "呎": "sqft",
    "萬平方呎": "wan_sqft",
    "萬平方尺": "wan_sqft",
    "萬sqft": "wan_sqft",
    "acre": "acre",
    "acres": "acre",
    "英畝": "acre",
}
#: Square metres in one unit of each area unit the reader converts (1 sq ft = 0.09290304 m²).
AREA_TO_M2 = {
    "m2": 1.0,
    "ha": 10_000.0,
    "wan_m2": 10_000.0,
    "k_m2": 1_000.0,
    "km2": 1_000_000.0,
    "sqft": 0.09290304,
    "wan_sqft": 929.0304,
    "acre": 4046.8564224,
}
#: How each area unit is named in messages.
UNIT_NAMES = {
    "m2": "m²",
    "ha": "ha",
    "wan_m2": "萬平方米",
    "k_m2": "'000 m²",
    "km2": "km²",
    "sqft": "sq ft",
    "wan_sqft": "萬平方呎",
    "acre": "acre",
}
_RULE_RE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


# --- decoding and splitting ------------------------------------------------------------------

Grid = list[tuple[int, list[Any]]]  # (1-based source row, cells)


def decode(data: bytes, encoding: str | None, source: str, meta: dict[str, Any]) -> str:
    """Decode file bytes with `encoding`, else the first of :data:`ENCODINGS` that fits.

    Parameters
    ----------
    data
        The bytes as read.
    encoding
        A forced encoding, or None to try :data:`ENCODINGS` in turn.
    source
        The file, for error messages.
    meta
        Updated in place: ``meta["encoding"]`` is the encoding used (``utf-8`` when no BOM).

    Returns
    -------
    str
        The text, without a leading BOM.

    Raises
    ------
    TableError
        The bytes are blank, the encoding is unknown or no encoding decodes them.
    """
    if not data.strip():
        raise TableError("file is empty", source)
    for enc in (encoding,) if encoding else ENCODINGS:
        try:
            text = data.decode(enc)
        except LookupError:
            raise TableError(f"unknown encoding {enc!r}", source) from None
        except UnicodeDecodeError:
            continue
        bom = enc == "utf-8-sig" and data.startswith(codecs.BOM_UTF8)
        meta["encoding"] = "utf-8" if enc == "utf-8-sig" and not bom else enc
        return text.lstrip("\ufeff")
    tried = encoding or ", ".join(ENCODINGS)
    raise TableError(f"undecodable bytes: not valid {tried} text (pass encoding=...)", source)


def text_grid(text: str, source: str) -> tuple[Grid, dict[str, Any]]:
    """Split text into the grid whose header names the most columns and whose rows fit it best.

    Tabs, Markdown pipes, ``;``, ``,``, runs of 2+ spaces and single spaces are tried.

    Parameters
    ----------
    text
        The decoded text.
    source
        The file (or ``"<text>"``), for error messages.

    Returns
    -------
    tuple[Grid, dict[str, Any]]
        The grid, and ``{"format": "text" | "markdown", "delimiter": ...}``.

    Raises
    ------
    TableError
        The text is blank or no way of splitting it gives a recognisable header.
    """
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise TableError("file is empty", source)
    _check_lines(lines, source)
    candidates: list[tuple[str, Grid]] = []
    if any("\t" in line for line in lines):
        candidates.append(("\t", _csv_grid(text, "\t")))
    if sum("|" in line for line in lines) >= 2:
        candidates.append(("|", _markdown_grid(lines)))
    candidates += [
        (";", _csv_grid(text, ";")),
        (",", _csv_grid(text, ",")),
        (
            "spaces",
            [
                (i, re.split(r"\s{2,}|\t", ln.strip()))
                for i, ln in enumerate(lines, 1)
                if ln.strip()
            ],
        ),
        ("space", _space_grid(lines)),
    ]
    scored = []
    for order, (name, grid) in enumerate(candidates):
        found = find_header(grid)
        if found is not None:
            idx, mapping = found
            width = len(grid[idx][1])
            body = grid[idx + 1 :]
            fit = sum(len(c) == width for _, c in body) / max(len(body), 1)
            scored.append(((len(mapping), fit, -order), name, grid))
    if not scored:  # show the first line, split the way that gives it the most cells
        raise no_header(max((g for _, g in candidates if g), key=lambda g: len(g[0][1])), source)
    _, name, grid = max(scored, key=lambda s: s[0])
    return grid, {"format": "markdown" if name == "|" else "text", "delimiter": name}


def _check_lines(lines: list[str], source: str) -> None:
    """Refuse a text past the row or line-length limits before splitting it."""
    lim = current()
    if len(lines) > lim.max_table_rows:
        raise refuse(
            "table has more lines than", len(lines), "max_table_rows", source, kind=TableError
        )
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    if len(lines[longest]) > lim.max_cell_chars:
        raise refuse(
            "line is longer than",
            len(lines[longest]),
            "max_cell_chars",
            source,
            f"line {longest + 1}",
            TableError,
        )


def _csv_grid(text: str, delimiter: str) -> Grid:
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


def _markdown_grid(lines: list[str]) -> Grid:
    grid: Grid = []
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


def _space_grid(lines: list[str]) -> Grid:
    """Single spaces, as PDF text often pastes: words up to the header's width form the use."""
    grid = [
        (i, re.split(r"\s+(?![(\[])", unicodedata.normalize("NFKC", ln).strip()))
        for i, ln in enumerate(lines, 1)
        if ln.strip()
    ]
    found = find_header(grid)
    if found is None or len(found[1]) < len(grid[found[0]][1]):
        return []  # only when every header word names a column: "Gross floor area" would split
    width = len(grid[found[0]][1])
    head_line = grid[found[0]][0]
    return [
        (i, cells if i <= head_line else lines[i - 1].strip().rsplit(None, width - 1))
        for i, cells in grid
    ]


def xlsx_grid(data: bytes, sheet: str | int | None, source: str) -> tuple[Grid, str]:
    """Read one sheet of an XLSX workbook (values, not formulas) into a grid.

    Percent-formatted numbers become percentages (0.52 -> 52.0); blank rows are dropped.

    Parameters
    ----------
    data
        The workbook's bytes.
    sheet
        Sheet name or 0-based index (default: the first).
    source
        The file, for error messages.

    Returns
    -------
    tuple[Grid, str]
        The grid and the name of the sheet read.

    Raises
    ------
    TableError
        The workbook is unreadable, the sheet does not exist or has no cells.
    """
    import openpyxl  # only the XLSX path needs it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile / openpyxl raise many kinds
        raise TableError(f"not a readable XLSX workbook ({type(exc).__name__})", source) from None
    try:
        names = wb.sheetnames
        if sheet is None:
            name = names[0]
        elif isinstance(sheet, int) and 0 <= sheet < len(names):
            name = names[sheet]
        elif isinstance(sheet, str) and sheet in names:
            name = sheet
        else:
            raise TableError(f"no sheet {sheet!r}; the workbook has {names}", source)
        grid = _sheet_grid(wb[name], source)
    finally:
        wb.close()
    if not grid:
        raise TableError(f"file is empty (sheet {name!r} has no cells)", source)
    return grid, name


def _sheet_grid(ws: Any, source: str) -> Grid:
    """The non-blank rows of a sheet, every row read whatever its ``<dimension>`` declares,
    refused past the row, column and cell limits; an unreadable sheet is one line.
    """
    lim = current()
    ws.reset_dimensions()  # a stale <dimension ref> would hide the rows past it
    grid: Grid = []
    try:
        for number, row in enumerate(ws.iter_rows(), 1):
            if number > lim.max_table_rows:
                raise refuse(
                    "sheet has more rows than",
                    number,
                    "max_table_rows",
                    source,
                    f"sheet row {number:,}",
                    TableError,
                )
            if len(row) > lim.max_table_columns:
                raise refuse(
                    "sheet row has more columns than",
                    len(row),
                    "max_table_columns",
                    source,
                    f"sheet row {number:,}",
                    TableError,
                )
            cells = [_xlsx_value(c) for c in row]
            for c in cells:
                if isinstance(c, str) and len(c) > lim.max_cell_chars:
                    raise refuse(
                        "cell is longer than",
                        len(c),
                        "max_cell_chars",
                        source,
                        f"sheet row {number:,}",
                        TableError,
                    )
            if any(c not in (None, "") for c in cells):
                grid.append((number, cells))
    except TableError:
        raise
    except Exception as exc:  # a corrupt sheet: XML, zip or openpyxl errors of many kinds
        raise TableError(
            f"sheet is not readable ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})",
            source,
        ) from None
    return grid


def _xlsx_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value)
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", "") or ""
        return round(float(value) * 100, 10) if "%" in fmt else float(value)
    return str(value).strip()


# --- header --------------------------------------------------------------------------------

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


def find_header(grid: Grid) -> tuple[int, dict[int, tuple[str, str | None]]] | None:
    """The first row naming 2+ canonical columns, unless one just below names more.

    The look-ahead keeps a caption such as "Share of GFA by use" from passing as the header.

    Parameters
    ----------
    grid
        The rows of cells (only the first 30 are searched).

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
        mapping = {i: (col, unit) for i, (col, unit) in cols.items() if col}
        if len({col for col, _ in mapping.values()}) >= 2:
            hits.append((idx, mapping))
    near = [h for h in hits if h[0] <= hits[0][0] + 5] if hits else []
    return max(near, key=lambda h: (len({c for c, _ in h[1].values()}), -h[0]), default=None)


def no_header(grid: Grid, source: str) -> TableError:
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
