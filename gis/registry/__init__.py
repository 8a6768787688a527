"""The registry of checks: every check a validation can report, declared once.

A check has an id (``table.shares_sum``), a severity, a scope, the inputs it needs, the source of
its rule, what it finds, the message codes of its findings (Chinese templates: ``maps._i18n``)
and the question it helps answer (:data:`QUESTIONS`). The checks ``listed`` are every report's
checklist: :func:`checklist` says which ran and which did not, and why. README's table of checks
is :func:`readme_table`. A leaf module (it imports :mod:`gis.report` only).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gis.registry._core import (
    CHECKS,
    CONTEXT,
    INPUTS,
    QUESTIONS,
    SRC_AREA,
    SRC_ARITHMETIC,
    SRC_FORMAT,
    SRC_USES,
    Check,
)
from gis.report import CheckRecord

# The declarations, in the order of every report's checklist (a new scope: a module here).
# isort: off
from gis.registry.table import *  # noqa: E402, F403
from gis.registry.geometry import *  # noqa: E402, F403
from gis.registry.site import *  # noqa: E402, F403
from gis.registry.zones import *  # noqa: E402, F403
from gis.registry.raster import *  # noqa: E402, F403
from gis.registry.provision import *  # noqa: E402, F403
# isort: on

__all__ = ["CHECKS", "INPUTS", "QUESTIONS", "Check", "checklist", "listed", "readme_table"]
_SOURCES = (SRC_AREA, SRC_ARITHMETIC, SRC_FORMAT, SRC_USES)


def listed() -> list[Check]:
    """The checks of every report's checklist (a list of :class:`Check`), in their order."""
    return [c for c in CHECKS.values() if c.listed]


def checklist(
    have: Mapping[str, bool],
    recorded: Iterable[CheckRecord] = (),
    *,
    context: Mapping[str, str] | None = None,
) -> list[CheckRecord]:
    """Which listed checks ran and which did not (and why), from the inputs a validation had.

    Parameters
    ----------
    have
        Each of :data:`INPUTS` the validation had (True) or not; a missing key is not had.
    recorded
        What the steps recorded of their checks, kept for a check whose inputs were all there.
    context
        Values the reasons name (``site``: the site's name).

    Returns
    -------
    list of CheckRecord
        One or more per applicable listed check, in order: without an input it needs, not run
        with the input's reason; a check whose step recorded nothing is never reported as run
        (a step recording a check not listed here raises ValueError).
    """
    ctx = {**CONTEXT, **(context or {})}
    by_id: dict[str, list[CheckRecord]] = {}
    for r in recorded:
        by_id.setdefault(r.check, []).append(r)
    unknown = set(by_id) - {c.id for c in listed()}
    if unknown:
        raise ValueError(f"checks recorded but not listed in the registry: {sorted(unknown)}")
    out: list[CheckRecord] = []
    for c in listed():
        if not all(have.get(n) for n in c.applies) or any(have.get(n) for n in c.unless):
            continue
        scope = c.scope
        missing = [n for n in c.needs if not have.get(n)]
        if missing:
            why = c.why_not or INPUTS[missing[0]].format(**ctx)
            out.append(CheckRecord(c.id, False, scope, why))
        elif c.id in by_id:
            out += by_id[c.id]
        elif c.done is not None:
            out.append(CheckRecord(c.id, True, scope, c.done, c.source or None))
        else:
            out.append(CheckRecord(c.id, False, scope, "its step recorded nothing"))
    return out


def readme_table() -> str:
    """README's table of checks (one row per check, in the registry's order), as Markdown."""
    rows = ["| id | severity | checklist | needs | what |", "|---|---|---|---|---|"]
    for c in CHECKS.values():
        yes, needs = "yes" if c.listed else "", ", ".join(c.needs + c.applies)
        rows.append(f"| `{c.id}` | {c.severity} | {yes} | {needs} | {c.what} |")
    return "\n".join(rows)
