"""Exceptions and warnings raised by technopole.

Every error a user can cause derives from :class:`InputError` (exit code 2 at the
command line) and carries a one-line message naming the file, the row or feature,
and the problem, e.g.
``"zones.geojson: feature 3 (name_en='AI'): invalid geometry (Self-intersection)"``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

#: Exit codes of the command line: a check failed, bad input or usage, a bug, Ctrl-C, SIGTERM;
#: and not enough to judge (a validation's verdict INCOMPLETE: no question answered).
EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED = 1, 2, 3, 130, 143
EXIT_OK, EXIT_INCOMPLETE = 0, 4
#: The exit code of each verdict (:attr:`gis.report.ValidationReport.verdict`).
VERDICT_EXIT = {"PASS": EXIT_OK, "FAIL": EXIT_FAILED, "INCOMPLETE": EXIT_INCOMPLETE}


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


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (:func:`gis.fs.unwind_on_sigterm`): unwinds like Ctrl-C, so every
    temporary file is removed on the way; the command line exits 143.
    """


class OutputError(TechnopoleError, OSError):
    """An output cannot be written (exists and no ``--force``, or the folder is missing)."""


def closest(word: object, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word`` (:func:`difflib.get_close_matches`), or None.

    Parameters
    ----------
    word
        What the user wrote (turned into text).
    choices
        The names that exist.
    cutoff
        Similarity from 0 to 1 below which nothing is suggested.

    Returns
    -------
    str or None
        The closest choice, or None when none is at least ``cutoff`` similar.

    Examples
    --------
    >>> closest("loop.zonez", ["loop.zones", "loop.phases"])
    'loop.zones'
    """
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(
    word: object,
    choices: Iterable[str],
    *,
    cutoff: float = 0.6,
    show: Callable[[str], str] | None = None,
) -> str:
    """The hint every "unknown name" message ends with: ``" (did you mean 'x'?)"`` or ``""``.

    Parameters
    ----------
    word
        What the user wrote.
    choices
        The names that exist.
    cutoff
        Similarity from 0 to 1 below which nothing is suggested (see :func:`closest`).
    show
        How to write the closest choice (default: in quotes, ``'x'``).

    Returns
    -------
    str
        ``" (did you mean 'x'?)"`` with the closest choice, or an empty string.

    Examples
    --------
    >>> "unknown key 'sharez'" + did_you_mean("sharez", ["name", "shares"])
    "unknown key 'sharez' (did you mean 'shares'?)"
    >>> did_you_mean("xyz", ["name", "shares"])
    ''
    """
    best = closest(word, choices, cutoff=cutoff)
    if best is None:
        return ""
    shown = show(best) if show is not None else f"'{best}'"
    return f" (did you mean {shown}?)"


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


def one_line(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit code the command line shows for ``exc``.

    Bad input or an unwritable output (:class:`InputError`, :class:`OutputError`) is the
    message itself with exit code 2; Ctrl-C is ``interrupted`` (130), SIGTERM ``terminated``
    (143, see :func:`gis.fs.unwind_on_sigterm`); anything else is an internal error, named as
    such, still on one line, with exit code 3 (:data:`EXIT_INTERNAL`), so a script can tell a
    bug from bad input.

    Examples
    --------
    >>> one_line(InputError("expected a number, found 'x'", source="t.csv", where="row 3"))
    ("t.csv: row 3: expected a number, found 'x'", 2)
    >>> one_line(KeyError("boom"))[0].split(" (")[0], one_line(KeyError("boom"))[1]
    ("internal error: KeyError: 'boom'", 3)
    """
    if isinstance(exc, KeyboardInterrupt):
        if isinstance(exc, Terminated):
            return "terminated", EXIT_TERMINATED
        return "interrupted", EXIT_INTERRUPTED
    message = str(exc)
    if isinstance(exc, InputError | OutputError):
        return message, EXIT_BAD_INPUT
    first = message.splitlines()[0] if message else ""
    return (
        f"internal error: {type(exc).__name__}: {first} (run with --debug for the "
        "traceback, and please report it)",
        EXIT_INTERNAL,
    )
