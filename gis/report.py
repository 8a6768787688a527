"""Validation findings and the report that collects them.

A check never stops at the first problem: every finding becomes an :class:`Issue`
and :class:`ValidationReport` gathers them all, OSMnx-style, so a planner sees the
whole picture in one run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

if TYPE_CHECKING:
    from gis.questions import Question

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One finding of a check.

    Attributes
    ----------
    check
        Stable identifier, e.g. ``"table.shares_sum"``; documented in README.
    severity
        ``"error"`` fails the validation; ``"warning"`` and ``"info"`` do not.
    message
        One sentence naming the row/column/feature, what was expected and what was found.
    row, column, feature
        Where the problem is (1-based data row of the table; column name; feature id).
    source
        The rule's source, e.g. ``"§3.1.3 Table 3.1"`` or ``"user rule"``.
    value, expected
        Measured and expected values, when the check is numeric.
    code, params
        The message's template (default: ``check``) and the values it names, so a renderer can
        write the same finding in another language (``maps`` holds the Chinese templates).
    """

    check: str
    severity: Severity
    message: str
    row: int | None = None
    column: str | None = None
    feature: str | None = None
    source: str | None = None
    value: float | None = None
    expected: float | None = None
    code: str | None = field(default=None, compare=False)
    params: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready mapping of its fields.

        Returns
        -------
        dict
        """
        return asdict(self)


@dataclass(frozen=True)
class CheckRecord:
    """Whether a check ran, on what, and if not, why (so no PASS hides a check that never ran).

    Attributes
    ----------
    check
        The check's id, e.g. ``"site.zone_capacity"`` or ``"zone.max_plot_ratio"``.
    ran
        True when the check was applied to ``scope``.
    scope
        What it was applied to (or not): ``"site"``, ``"table"``, or zones (``"zones a, b"``).
    detail
        For a check that ran, what it covered; for one that did not, why not.
    source
        The source of the limit it applied; ``"assumption ..."`` when the limit is an assumption.
    """

    check: str
    ran: bool
    scope: str = ""
    detail: str = ""
    source: str | None = None

    @property
    def assumption(self) -> bool:
        """True when the limit this check applied is an assumption, not a stated figure."""
        return self.ran and (self.source or "").strip().lower().startswith("assumption")

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready mapping, with ``assumption``.

        Returns
        -------
        dict
        """
        return {**asdict(self), "assumption": self.assumption}


@dataclass
class ValidationReport:
    """Everything a validation found, plus the measured figures.

    Attributes
    ----------
    issues
        All findings, in the order the checks ran.
    summary
        Headline figures (``total_gfa_m2``, ``site_area_m2``, ``gross_plot_ratio``, ...).
    zones
        Per-zone figures (area, capacity, allocated GFA, utilisation), indexed by ``zone_id``;
        may be empty. When zones were reached, a GeoDataFrame in EPSG:2326 (HK1980 Grid, the
        frame of every area) with each zone's outline, to ``.plot()`` or ``.to_file()``; the
        JSON, Markdown and terminal reports hold the figures only.
    uses
        Per-use figures (GFA, share, capacity open to the use, utilisation, land share).
    inputs
        What was validated: paths and their SHA-256 hashes, so a result can be traced.
    problems
        Overlap and gap geometries (GeoDataFrame in EPSG:2326, ``kind``, ``message``) for maps.
    checklist
        Every check the validation considered: ran or not, on what, why not (:class:`CheckRecord`).
    questions
        The questions the verdict answers, by name (:class:`Question`); none: INCOMPLETE.
    strict
        A partial result (a check not run, a question not answered) is a FAIL.
    provision
        With ``--people``/``--provision``: one row per HKPSG standard (need, provided,
        balance, source; :class:`gis.people.ProvisionResult`); else empty.
    """

    issues: list[Issue] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    zones: pd.DataFrame = field(default_factory=pd.DataFrame)
    uses: pd.DataFrame = field(default_factory=pd.DataFrame)
    inputs: dict[str, Any] = field(default_factory=dict)
    problems: Any = None
    checklist: list[CheckRecord] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    strict: bool = False
    provision: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def errors(self) -> list[Issue]:
        """The findings of severity ``error``."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        """The findings of severity ``warning``."""
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no check found an error (the :attr:`verdict` may still not be PASS)."""
        return not self.errors

    @property
    def answered(self) -> list[str]:
        """The names of the questions answered (``site``, ``zones``)."""
        return [k for k, q in self.questions.items() if q.answered]

    @property
    def partial(self) -> bool:
        """True when a check did not run (on all or part of its scope) or a question was not
        answered.
        """
        unanswered = len(self.answered) < len(self.questions)
        return bool(self.not_run() or self.run_in_part() or unanswered)

    @property
    def verdict(self) -> str:
        """``FAIL`` (an error; with :attr:`strict`, also a partial result), ``INCOMPLETE`` (no
        question answered: nothing could be judged) or ``PASS`` (one answered or more).
        """
        if self.errors or (self.strict and self.partial):
            return "FAIL"
        return "PASS" if self.answered else "INCOMPLETE"

    def as_strict(self) -> ValidationReport:
        """A copy with :attr:`strict` set: any partial result makes it FAIL.

        Returns
        -------
        ValidationReport
        """
        from dataclasses import replace

        return replace(self, strict=True)

    def not_run(self) -> list[str]:
        """Ids of the checks that did not run at all (every record says ``ran=False``).

        Returns
        -------
        list of str
        """
        return [c for c in self._check_ids() if not any(r.ran for r in self._records(c))]

    def not_run_reasons(self) -> dict[str, list[str]]:
        """Each check that did not run, on all or part of its scope, and why (its reasons, in
        order, each once).

        Returns
        -------
        dict of str to list of str
        """
        out: dict[str, list[str]] = {}
        for r in self.checklist:
            if not r.ran and r.detail not in out.setdefault(r.check, []):
                out[r.check].append(r.detail)
        return out

    def run_in_part(self) -> list[str]:
        """Ids of the checks that ran on some zones or parts and not on others.

        Returns
        -------
        list of str
        """
        out = []
        for c in self._check_ids():
            ran = [r.ran for r in self._records(c)]
            if any(ran) and not all(ran):
                out.append(c)
        return out

    def _check_ids(self) -> list[str]:
        return list(dict.fromkeys(r.check for r in self.checklist))

    def _records(self, check: str) -> list[CheckRecord]:
        return [r for r in self.checklist if r.check == check]

    @property
    def uses_assumptions(self) -> bool:
        """True when a check that ran applied a limit whose source is an assumption."""
        return any(r.assumption for r in self.checklist)

    @property
    def status(self) -> str:
        """The :attr:`verdict`, then which questions were answered and what was partial.

        For example ``"PASS (site and zones; partial: 3 of 12 checks not run, 1 run in part;
        uses assumptions)"``, ``"INCOMPLETE (site: no total GFA established; zones: no zones
        given)"``, ``"FAIL (strict: partial result; site; ...)"``.
        """
        notes = [" and ".join(self.answered)] if self.answered else []
        every = not self.answered or self.verdict == "FAIL"
        notes += [
            f"{k}: {'; '.join(q.why_not)}"
            for k, q in self.questions.items()
            if not q.answered and (every or q.on_request)
        ]
        missing, part = len(self.not_run()), len(self.run_in_part())
        n = len(self._check_ids())
        if missing and part:
            notes.append(f"partial: {missing} of {n} checks not run, {part} run in part")
        elif missing or part:
            notes.append(
                f"partial: {missing or part} of {n} checks "
                f"{'not run' if missing else 'run in part'}"
            )
        if self.uses_assumptions:
            notes.append("uses assumptions")
        if self.strict and self.partial and not self.errors:
            notes.insert(0, "strict: partial result")
        return f"{self.verdict} ({'; '.join(notes)})" if notes else self.verdict

    def checklist_frame(self) -> pd.DataFrame:
        """One row per :class:`CheckRecord`: check, ran, scope, detail, source, assumption.

        Returns
        -------
        pandas.DataFrame
        """
        cols = [*CheckRecord.__dataclass_fields__, "assumption"]
        return pd.DataFrame([r.to_dict() for r in self.checklist], columns=cols)

    def checks(self) -> set[str]:
        """The ids of every check that reported something.

        Returns
        -------
        set of str
        """
        return {i.check for i in self.issues}

    def count_line(self) -> str:
        """The closing line of every report: ``"N errors, M warnings"``.

        Returns
        -------
        str
        """
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"

    def to_frame(self) -> pd.DataFrame:
        """One row per issue, columns as in :class:`Issue`.

        Returns
        -------
        pandas.DataFrame
        """
        cols = [c for c in Issue.__dataclass_fields__ if c not in ("code", "params")]
        return pd.DataFrame([i.to_dict() for i in self.issues], columns=cols)

    def to_long_frame(self) -> pd.DataFrame:
        """Status, issues and checklist in one table (the CSV report), told apart by ``record``.

        The first row (``record="status"``) carries :attr:`status` in ``message``; then one
        ``"issue"`` row per :class:`Issue`; then one ``"check"`` row per :class:`CheckRecord`
        (``ran``, ``scope``, ``message`` = detail or reason, ``source``, ``assumption``).

        Returns
        -------
        pandas.DataFrame
        """
        status = pd.DataFrame([{"record": "status", "message": self.status}])
        issues = self.to_frame().assign(record="issue")
        checks = self.checklist_frame().rename(columns={"detail": "message"}).assign(record="check")
        cols = ["record", *Issue.__dataclass_fields__, "ran", "scope", "assumption"]
        parts = [f for f in (status, issues, checks) if len(f)]
        return pd.concat(parts, ignore_index=True).reindex(columns=cols)

    def _repr_html_(self) -> str:
        """Compact HTML for Jupyter (drawn by the renderer :mod:`gis.display` finds)."""
        from gis.display import html

        return html(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: ok, status, verdict, questions, counts, summary, zones, issues,
        checks (each ``core`` when the verdict rests on it), inputs.

        Returns
        -------
        dict
        """
        zones = self._zone_figures().reset_index().to_dict(orient="records")
        return {**self._json_parts(), "zones": zones if len(self.zones) else []}

    def iter_json(self) -> Iterator[str]:
        """The JSON report (the values of :meth:`to_dict`) as pieces of text to write one after
        the other: the zone rows, one per line, are encoded column by column and never held
        as dictionaries or as one string, so a report of a million zones streams to a file.

        Returns
        -------
        iterator of str
        """
        from gis.formats import iter_json, json_records

        figures = self._zone_figures()
        zones = json_records(figures.reset_index()) if len(figures) else iter(())
        parts = self._json_parts()
        return iter_json((k, zones if k == "zones" else v) for k, v in parts.items())

    def _zone_figures(self) -> pd.DataFrame:
        """:attr:`zones` without its outlines: the figures the JSON report holds."""
        geometry = getattr(self.zones, "_geometry_column_name", None)
        if geometry is None or geometry not in self.zones:
            return self.zones
        return pd.DataFrame(self.zones.drop(columns=[geometry]))

    def _json_parts(self) -> dict[str, Any]:
        """:meth:`to_dict` in its order, with ``zones`` left to the caller (None here)."""
        uses = self.uses.reset_index().to_dict(orient="records") if len(self.uses) else []
        core = {c for q in self.questions.values() if q.answered for c in q.checks}
        return {
            "ok": self.ok,
            "status": self.status,
            "verdict": self.verdict,
            "questions": {k: q.to_dict() for k, q in self.questions.items()},
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "summary": self.summary,
            "zones": None,
            "uses": uses,
            "issues": [i.to_dict() for i in self.issues],
            "checks": [{**r.to_dict(), "core": r.ran and r.check in core} for r in self.checklist],
            "checks_not_run": self.not_run(),
            "checks_not_run_reasons": self.not_run_reasons(),
            "inputs": self.inputs,
            **({"provision": self.provision.to_dict("records")} if len(self.provision) else {}),
        }
