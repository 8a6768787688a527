"""Validation findings and the report that collects them.

A check never stops at the first problem: every finding becomes an :class:`Issue`
and :class:`ValidationReport` gathers them all, OSMnx-style, so a planner sees the
whole picture in one run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

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

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
        Per-zone figures (area, capacity, allocated GFA, utilisation), may be empty.
    uses
        Per-use figures (GFA, share, capacity open to the use, utilisation, land share).
    inputs
        What was validated: paths and their SHA-256 hashes, so a result can be traced.
    problems
        Overlap and gap geometries (GeoDataFrame in EPSG:2326, ``kind``, ``message``) for maps.
    """

    issues: list[Issue] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    zones: pd.DataFrame = field(default_factory=pd.DataFrame)
    uses: pd.DataFrame = field(default_factory=pd.DataFrame)
    inputs: dict[str, Any] = field(default_factory=dict)
    problems: Any = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no check found an error."""
        return not self.errors

    def checks(self) -> set[str]:
        """The ids of every check that reported something."""
        return {i.check for i in self.issues}

    def count_line(self) -> str:
        """The closing line of every report: ``"N errors, M warnings"``."""
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"

    def to_frame(self) -> pd.DataFrame:
        """One row per issue, columns as in :class:`Issue`."""
        cols = list(Issue.__dataclass_fields__)
        return pd.DataFrame([i.to_dict() for i in self.issues], columns=cols)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: ok, counts, summary, zones, issues, inputs."""
        zones = self.zones.reset_index().to_dict(orient="records") if len(self.zones) else []
        uses = self.uses.reset_index().to_dict(orient="records") if len(self.uses) else []
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "summary": self.summary,
            "zones": zones,
            "uses": uses,
            "issues": [i.to_dict() for i in self.issues],
            "inputs": self.inputs,
        }
