"""Exceptions and warnings raised by technopole.

Every error a user can cause derives from :class:`InputError` (exit code 2 at the
command line) and carries a one-line message naming the file, the row or feature,
and the problem, e.g.
``"zones.geojson: feature 3 (name_en='AI'): invalid geometry (Self-intersection)"``.
"""

from __future__ import annotations

import os
from pathlib import Path


class TechnopoleError(Exception):
    """Root of every exception technopole raises on purpose."""


class TechnopoleWarning(UserWarning):
    """Root of every warning technopole emits."""


class InputError(TechnopoleError, ValueError):
    """Bad input from the user: a file, a table, a scenario or an argument.

    Parameters
    ----------
    problem
        What is wrong, stating what was expected and what was found.
    source
        The file (or ``"<text>"``, a layer name, ...) the problem is in.
    where
        The row, column, feature or key inside ``source``, e.g. ``"row 3, column 'gfa_m2'"``.
    """

    def __init__(
        self,
        problem: str,
        source: str | os.PathLike[str] | None = None,
        where: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = str(source) if source is not None else None
        self.where = where
        super().__init__(self._line())

    def _line(self) -> str:
        parts = [p for p in (_short(self.source), self.where) if p]
        parts.append(self.problem)
        return ": ".join(parts)


class LayerError(InputError):
    """A layer (embedded or a user's file) cannot be read or fails its checks."""


class TableError(InputError):
    """An allocation table cannot be read."""


class ScenarioError(InputError):
    """A scenario file cannot be read or does not follow the schema."""


class OutputError(TechnopoleError, OSError):
    """An output cannot be written (exists and no ``--force``, or the folder is missing)."""


def _short(source: str | None) -> str | None:
    """Show a path relative to the working directory when it is below it."""
    if source is None:
        return None
    try:
        p = Path(source)
        if p.is_absolute():
            return str(p.relative_to(Path.cwd()))
    except ValueError:
        pass
    return source
