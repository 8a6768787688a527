"""Compact HTML for Jupyter: what a :class:`gis.ValidationReport`, ``Comparison``, ``SweepResult``
or ``SolveResult`` shows when it is the last line of a cell.

The ``_repr_html_`` methods of those classes import this module only when a notebook asks, so
``gis`` loads no rendering code. Every value is escaped by the template (``templates/card.html``);
the HTML has no script and loads nothing from the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from gis.formats import cell_text

from . import _html
from ._i18n import ICONS
from .reports._report_view import report_view

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["html_card", "MAX_ROWS"]

MAX_ROWS = 15
"""Rows shown per table; the rest are counted."""

STYLES = {
    "error": "color:#b00020",
    "warning": "color:#8a6d00",
    "pass": "color:#1b6e20",
    "fail": "color:#b00020;font-weight:bold",
}


def html_card(result: Any, lang: str = "en") -> str:
    """The compact HTML of a validation report, comparison, sweep or solve result.

    Parameters
    ----------
    result
        A :class:`gis.ValidationReport`, :class:`gis.Comparison`, :class:`gis.SweepResult` or
        :class:`gis.SolveResult`.
    lang
        ``"en"``, ``"zh"`` or ``"both"`` (validation reports).

    Returns
    -------
    str
        Escaped HTML with no script and no network reference.
    """
    kind = type(result).__name__
    build = cast(
        "Callable[..., tuple[str, list[tuple[str, str]], list[Any]]] | None",
        {
            "ValidationReport": _report,
            "Comparison": _comparison,
            "SweepResult": _sweep,
            "SolveResult": _solve,
        }.get(kind),
    )
    if build is None:
        raise TypeError(f"no notebook view for {kind}")
    title, lines, tables = build(result, lang) if kind == "ValidationReport" else build(result)
    shown, more = [], {}
    for caption, headers, rows, classes in tables:
        if len(rows) > MAX_ROWS:
            more[caption] = f"{len(rows) - MAX_ROWS} more rows"
        shown.append((caption, headers, rows[:MAX_ROWS], classes[:MAX_ROWS]))
    return _html.render(
        "card.html", title=title, lines=lines, tables=shown, more=more, styles=STYLES, icons=ICONS
    )


def _frame(caption: str, df: pd.DataFrame) -> tuple[str, list[str], list[list[str]], list[str]]:
    clean = df.reset_index() if df.index.name else df
    rows = [[cell_text(v) for v in rec] for rec in clean.itertuples(index=False)]
    return caption, [str(c) for c in clean.columns], rows, [""] * len(rows)


def _report(r: Any, lang: str) -> tuple[str, list[tuple[str, str]], list[Any]]:
    v = report_view(r, lang)
    lines = [
        (f"{k}: {val}", ("pass" if r.verdict == "PASS" else "fail") if i == 0 else "")
        for i, (k, val) in enumerate(v.headline)
    ]
    lines.append((v.count_line, "fail" if r.errors else ""))
    tables = []
    findings = v.table("findings")
    if findings is not None and findings.rows():
        tables.append(
            (
                findings.title,
                findings.headers()[:3],
                [row[:3] for row in findings.text_rows()],
                findings.severities,
            )
        )
    zones = v.table("zones")
    if zones is not None:
        keep = [
            i
            for i, c in enumerate(zones.codes)
            if c in ("zone", "gfa_m2", "capacity_m2", "utilisation", "status")
        ]
        rows = [[row[i] for i in keep] for row in zones.text_rows()]
        over = ["error" if "over" in str(s) else "" for s in zones.frame.get("status", [])]
        tables.append(
            (zones.title, [zones.headers()[i] for i in keep], rows, over or [""] * len(rows))
        )
    return v.title, lines, tables


def _comparison(c: Any) -> tuple[str, list[tuple[str, str]], list[Any]]:
    title = f"Comparison against {c.ref_label}"
    lines = [
        (
            f"{label}: {rep.verdict} ({rep.count_line()})",
            "" if rep.verdict == "PASS" else "fail",
        )
        for label, rep in zip(c.labels, c.reports, strict=True)
    ]
    tables = [
        _frame(name, c.section(name))
        for name in ("use", "site", "validation")
        if len(c.section(name))
    ]
    return title, lines, tables


def _sweep(s: Any) -> tuple[str, list[tuple[str, str]], list[Any]]:
    d = s.summary()
    lines = [
        (f"{d['n']:,} allocations, {d['n_feasible']:,} valid ({d['feasible_pct']:.1f}%)", ""),
        (f"binding most often: {d['binding_most_often_label'] or 'none'}", ""),
    ]
    return "Sweep", lines, [_frame("Constraints", s.constraints)]


def _solve(s: Any) -> tuple[str, list[tuple[str, str]], list[Any]]:
    lines = [(s.message, "pass" if s.ok else "fail")]
    tables = [_frame("Allocation", s.uses)]
    if not s.ok:
        tables.append(_frame("Conflicting constraints", s.constraints))
    return f"Solve: {s.objective}", lines, tables
