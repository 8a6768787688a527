"""The title block of a committee paper: title, reference, author, organisation, date and
purpose, from options and/or a small YAML header file (``--header paper.yaml``).

The date defaults to today (UTC), or to ``SOURCE_DATE_EPOCH`` when it is set, so two runs on
the same inputs on the same day give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gis.config import output_date
from gis.errors import InputError

__all__ = ["PaperHeader", "read_header", "paper_header", "HEADER_KEYS"]

HEADER_KEYS = ("title", "reference", "author", "organisation", "date", "purpose")
"""The keys a header file may hold (and the options ``--title`` ... ``--purpose``)."""

LABELS: dict[str, tuple[str, str]] = {
    "reference": ("Reference", "檔號"),
    "author": ("Prepared by", "擬備人"),
    "organisation": ("Organisation", "機構"),
    "date": ("Date", "日期"),
    "purpose": ("Purpose", "目的"),
}
"""Labels of the title block's lines, in English and Chinese."""


@dataclass(frozen=True)
class PaperHeader:
    """What a paper's title block says.

    Parameters
    ----------
    title
        The paper's title (None: the report's own, "Validation report").
    reference
        The paper's reference number, e.g. ``"TPC 12/2026"``.
    author, organisation
        Who prepared it, and for which body.
    date
        ISO date ``YYYY-MM-DD`` (None: :func:`today`).
    purpose
        One or two sentences: what the paper is for.
    """

    title: str | None = None
    reference: str | None = None
    author: str | None = None
    organisation: str | None = None
    date: str | None = None
    purpose: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None:
            object.__setattr__(self, "date", check_date(self.date, "--date"))

    @property
    def day(self) -> str:
        """The date printed: :attr:`date`, else today (:func:`today`)."""
        return self.date or today()

    def lines(self) -> list[tuple[str, str | None]]:
        """The title block's lines after the title, as (key, value); the date always.

        Returns
        -------
        list of (str, str or None)
            Each given field of :data:`HEADER_KEYS` after the title, and the date.
        """
        return [
            (k, self.day if k == "date" else getattr(self, k))
            for k in HEADER_KEYS[1:]
            if k == "date" or getattr(self, k)
        ]

    def merged(self, **options: Any) -> PaperHeader:
        """The header with the options that are not None put over it.

        Parameters
        ----------
        **options
            Fields of :data:`HEADER_KEYS` (others are ignored); None leaves a field as it is.

        Returns
        -------
        PaperHeader
            A new header.
        """
        given = {k: v for k, v in options.items() if k in HEADER_KEYS and v is not None}
        return dataclasses.replace(self, **given)


def today() -> str:
    """Today's date (UTC) as ``YYYY-MM-DD``, or ``SOURCE_DATE_EPOCH``'s when it is set."""
    when = output_date() or dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def check_date(value: Any, where: str, source: str | None = None) -> str:
    """``value`` as an ISO date ``YYYY-MM-DD``, or a one-line :class:`~gis.errors.InputError`."""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InputError(
            f"expected a date as YYYY-MM-DD, found {str(value)!r}", source=source, where=where
        ) from None


def read_header(path: str | os.PathLike[str]) -> PaperHeader:
    """Read a header file: a YAML mapping of :data:`HEADER_KEYS` to text.

    Parameters
    ----------
    path
        The header file (YAML).

    Returns
    -------
    PaperHeader
        The title block it holds (its date checked as ``YYYY-MM-DD``).

    Raises
    ------
    InputError
        The file cannot be read, is not a mapping, or holds an unknown key or a non-text value.
    """
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        problem = getattr(e, "problem", None) or getattr(e, "strerror", None) or str(e)
        raise InputError(f"cannot read the header file: {problem}", source=path) from None
    if data is None:
        return PaperHeader()
    if not isinstance(data, dict):
        raise InputError(
            f"expected a mapping of {', '.join(HEADER_KEYS)}, found {type(data).__name__}",
            source=path,
        )
    for key, value in data.items():
        if key not in HEADER_KEYS:
            raise InputError(
                f"unknown key; expected one of {', '.join(HEADER_KEYS)}",
                source=path,
                where=f"key {str(key)!r}",
            )
        if key == "date":
            data[key] = check_date(value, "key 'date'", str(path))
        elif value is not None and not isinstance(value, str | int | float):
            raise InputError("expected text", source=path, where=f"key {key!r}")
    return PaperHeader(**{k: None if v is None else str(v) for k, v in data.items()})


def paper_header(
    header: PaperHeader | str | os.PathLike[str] | None = None, **options: Any
) -> PaperHeader:
    """A header from a :class:`PaperHeader` or a header file, with ``options`` put over it.

    Parameters
    ----------
    header
        A header, a header file, or None (an empty header dated today).
    **options
        Fields put over it (``title``, ``reference``, ``author``, ...); None leaves a field.

    Returns
    -------
    PaperHeader
        The header.
    """
    base = (
        header
        if isinstance(header, PaperHeader)
        else PaperHeader()
        if header is None
        else read_header(header)
    )
    return base.merged(**options)
