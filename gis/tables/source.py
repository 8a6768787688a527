r"""Step 1 of the table reader: a path, bytes or pasted text -> :class:`Source` (text or sheet).

Everything about the input as a whole is settled here, before any cell is seen: which kind of
file it is, its size, its encoding (UTF-8 with or without BOM, Big5-HKSCS, CP950), the limits on
lines and cells (:mod:`gis.config`), and, for XLSX, the values of one sheet (openpyxl is
imported only then). :mod:`gis.tables.cells` splits the result into cells.

Examples
--------
>>> src = read_source("用途\tGFA\n實驗室\t520,000".encode("big5hkscs"))
>>> src.name, src.encoding, src.text.splitlines()[1]
('<text>', 'big5hkscs', '實驗室\t520,000')
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gis.config import current, refuse
from gis.errors import TableError
from gis.fs import not_a_file

ENCODINGS = ("utf-8-sig", "big5hkscs", "cp950")
TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt", ".md", ".markdown")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")

SheetRows = list[tuple[int, list[Any]]]  # (1-based sheet row, values), blank rows left out


@dataclass(frozen=True)
class Source:
    """One input as read: its text, or the rows of one sheet.

    Attributes
    ----------
    name
        The file path, or ``"<text>"`` for pasted text and bytes.
    data
        The bytes read (a file) or the text as UTF-8; their SHA-256 identifies the table.
    text
        The decoded text without BOM (text formats), else None.
    sheet_rows
        The non-blank rows of the sheet read (XLSX), else None.
    sheet
        The name of that sheet (XLSX), else None.
    encoding
        The encoding used (``"utf-8"`` when no BOM, ``"str"`` for text given as a string), or
        None for XLSX.
    """

    name: str
    data: bytes
    text: str | None = None
    sheet_rows: SheetRows | None = None
    sheet: str | None = None
    encoding: str | None = None


def read_source(
    path_or_text: str | os.PathLike[str] | bytes,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> Source:
    r"""Read a file, bytes or pasted text into text or sheet rows, refusing what cannot be a table.

    Parameters
    ----------
    path_or_text
        A path (.csv, .tsv, .txt, .md, .xlsx), bytes, or pasted text: a string holding a newline
        or a tab is read as text, any other string as a path.
    sheet
        XLSX sheet name or 0-based index (default: the first sheet); a string of digits, as a
        command line gives it, is an index.
    encoding
        Force a text encoding; by default the first of :data:`ENCODINGS` that decodes.

    Returns
    -------
    Source

    Raises
    ------
    TableError
        The file is missing, empty, too large, undecodable or of an unsupported type, or the
        text or sheet is past the limits of :mod:`gis.config`.

    Examples
    --------
    >>> read_source("Use\tGFA\nLabs\t5").encoding
    'str'
    """
    if isinstance(path_or_text, bytes):
        name, data = "<text>", bytes(path_or_text)
        return _text_source(name, data, *decode(data, encoding, name))
    if isinstance(path_or_text, str) and _is_text(path_or_text):
        name, data = "<text>", path_or_text.encode("utf-8", "surrogateescape")
        if not path_or_text.strip():
            raise TableError("file is empty (the text holds no table)", name)
        if any("\ud800" <= ch <= "\udfff" for ch in path_or_text):  # undecodable stdin bytes
            return _text_source(name, data, *decode(data, encoding, name))
        return _text_source(name, data, path_or_text.lstrip("\ufeff"), "str")
    path = Path(path_or_text)
    name, ext = str(path), path.suffix.lower()
    if not_a_file(path):  # before the extension: a folder named x.csv is still no table
        raise TableError(str(not_a_file(path)), name)
    if ext not in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
        raise TableError(
            f"unsupported extension {ext or '(none)'!r}; expected one of "
            f"{', '.join(TEXT_EXTENSIONS + XLSX_EXTENSIONS)}",
            name,
        )
    if not path.is_file():
        raise TableError("file not found", name)
    if path.stat().st_size > current().max_file_bytes:
        raise refuse(
            "file is larger than", path.stat().st_size, "max_file_bytes", name, kind=TableError
        )
    data = path.read_bytes()
    if ext in XLSX_EXTENSIONS:
        if isinstance(sheet, str) and sheet.isdigit():
            sheet = int(sheet)  # "0" from a command line is the first sheet
        rows, sheet_name = read_sheet(data, sheet, name)
        return Source(name, data, sheet_rows=rows, sheet=sheet_name)
    return _text_source(name, data, *decode(data, encoding, name))


def _is_text(value: str) -> bool:
    """Pasted text rather than a path: it holds a newline or a tab, or nothing at all."""
    return "\n" in value or "\t" in value or not value.strip()


def _text_source(name: str, data: bytes, text: str, encoding: str) -> Source:
    """A text source, once its lines are known not to be blank nor past the limits."""
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise TableError("file is empty", name)
    _check_lines(lines, name)
    return Source(name, data, text=text, encoding=encoding)


def decode(data: bytes, encoding: str | None, source: str) -> tuple[str, str]:
    r"""Decode file bytes with `encoding`, else the first of :data:`ENCODINGS` that fits.

    Parameters
    ----------
    data
        The bytes as read.
    encoding
        A forced encoding, or None to try :data:`ENCODINGS` in turn.
    source
        The file, for error messages.

    Returns
    -------
    tuple[str, str]
        The text without a leading BOM, and the encoding used (``utf-8`` when no BOM).

    Raises
    ------
    TableError
        The bytes are blank, the encoding is unknown or no encoding decodes them.

    Examples
    --------
    >>> decode(b"\xef\xbb\xbfUse", None, "<text>"), decode(b"Use", None, "<text>")
    (('Use', 'utf-8-sig'), ('Use', 'utf-8'))
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
        return text.lstrip("\ufeff"), "utf-8" if enc == "utf-8-sig" and not bom else enc
    tried = encoding or ", ".join(ENCODINGS)
    raise TableError(
        f"undecodable bytes: not valid {tried} text (give it with --encoding, encoding= in Python)",
        source,
    )


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


def read_sheet(data: bytes, sheet: str | int | None, source: str) -> tuple[SheetRows, str]:
    """Read one sheet of an XLSX workbook (values, not formulas).

    Percent-formatted numbers become percentages (0.52 -> 52.0); blank rows are left out.

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
    tuple[SheetRows, str]
        The non-blank rows with their 1-based sheet row, and the name of the sheet read.

    Raises
    ------
    TableError
        The workbook is unreadable, the sheet does not exist, has no cells or is past the
        limits on rows, columns and cell length.
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
        rows = _sheet_rows(wb[name], source)
    finally:
        wb.close()
    if not rows:
        raise TableError(f"file is empty (sheet {name!r} has no cells)", source)
    return rows, name


def _sheet_rows(ws: Any, source: str) -> SheetRows:
    """The non-blank rows of a sheet, every row read whatever its ``<dimension>`` declares,
    refused past the row, column and cell limits; an unreadable sheet is one line.
    """
    lim = current()
    ws.reset_dimensions()  # a stale <dimension ref> would hide the rows past it
    rows: SheetRows = []
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
            values = [_xlsx_value(c) for c in row]
            for v in values:
                if isinstance(v, str) and len(v) > lim.max_cell_chars:
                    raise refuse(
                        "cell is longer than",
                        len(v),
                        "max_cell_chars",
                        source,
                        f"sheet row {number:,}",
                        TableError,
                    )
            if any(v not in (None, "") for v in values):
                rows.append((number, values))
    except TableError:
        raise
    except Exception as exc:  # a corrupt sheet: XML, zip or openpyxl errors of many kinds
        raise TableError(
            f"sheet is not readable ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})",
            source,
        ) from None
    return rows


def _xlsx_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value)
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", "") or ""
        return round(float(value) * 100, 10) if "%" in fmt else float(value)
    return str(value).strip()
