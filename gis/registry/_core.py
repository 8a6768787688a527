"""The registry's parts: the questions, the inputs, :class:`Check` and :data:`CHECKS`.

The declarations live beside this module, one module per scope (table, geometry, site, zones);
:mod:`gis.registry` imports them in the order of every report's checklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from gis.report import Severity

#: The questions a verdict answers (:mod:`gis.questions`): a PASS says which it answered.
QUESTIONS = {
    "site": "does this GFA fit this site and its limits",
    "zones": "does each use fit the zones it is placed on",
}

#: What a reason of :data:`INPUTS` may name (``{site}``), when a validation does not say it.
CONTEXT: dict[str, str] = {"site": "the site"}

#: Each input a check can need, and the reason given when a validation did not have it.
INPUTS: dict[str, str] = {
    "table": "no allocation table",
    "site": "no site",
    "shares": "no share column",
    "gfa": "no GFA column",
    "total_gfa": "no stated total (total row or --total-gfa)",
    "allocated": "total GFA not established: no GFA and no total (total row or --total-gfa)",
    "stated_area": "no stated area for {site} (manifest or stated_area_ha)",
    "zones": "no zones given (--zones)",
    "bands": "no height bands given (--bands)",
    "embedded": "not the embedded project",
    "use_zones": "no use-to-zone mapping: no GFA reaches the zones",
}


@dataclass(frozen=True)
class Check:
    """One check, as declared in :data:`CHECKS`.

    Attributes
    ----------
    id, severity, scope, what, source
        Its id, its findings' worst severity, what it is applied to, finds and applies.
    needs, codes
        The :data:`INPUTS` it cannot run without; its findings' codes (``Issue.code``).
    listed
        In every report's checklist.
    applies, unless
        A listed check is left out of the checklist without all of ``applies`` or with any of
        ``unless`` (height bands are checked only when there are bands).
    why_not
        The reason it did not run, instead of its missing input's own.
    done
        The detail of a run its step does not record itself (None: the step records it).
    question, core
        The :data:`QUESTIONS` key its run helps answer; ``core``: the answer needs it (else it
        is a site limit: at least one must be known).
    """

    id: str
    severity: Severity
    scope: str
    what: str
    source: str = ""
    needs: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    listed: bool = False
    applies: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    why_not: str = ""
    done: str | None = None
    question: str = ""
    core: bool = False


CHECKS: dict[str, Check] = {}


def _check(
    id: str, severity: Severity, scope: str, what: str, *,
    codes: tuple[str, ...] | None = None, needs: tuple[str, ...] = (), **kw: object,
) -> str:  # fmt: skip
    """Declare a check (its codes default to its id) and return its id."""
    assert id not in CHECKS, id
    assert set(needs) <= set(INPUTS), needs
    c = (id,) if codes is None else codes
    CHECKS[id] = Check(id, severity, scope, what, codes=c, needs=needs, **kw)  # type: ignore[arg-type]
    return id


SRC_ARITHMETIC = "table arithmetic (§3.1.3 Table 3.1 layout)"
SRC_USES = "§3.1.3 Table 3.1 use categories"
SRC_FORMAT = "table format"
SRC_AREA = "stated area (manifest or stated_area_ha attribute) ± area_tol_frac"
