"""Render a :class:`gis.ValidationReport`: terminal (rich), Markdown, HTML, CSV and JSON.

HTML goes through jinja2 with autoescape (``templates/validation.html``); JSON and CSV are the
report's own data (:meth:`~gis.report.ValidationReport.to_dict`, ``to_frame``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from gis.formats import dispatch, format_for, frame_to_markdown, to_json
from gis.fs import atomic_write
from gis.report import ValidationReport

from . import _html

__all__ = ["REPORT_FORMATS", "render_report", "write_report", "print_report", "show_report",
           "report_html", "report_markdown"]

ZONE_COLS = ["name_en", "name_zh", "area_ha", "storeys_min", "storeys_max", "height_mpd_max",
             "capacity_m2", "gfa_m2", "utilisation", "implied_plot_ratio", "status",
             "binding_limit"]
USE_COLS = ["gfa_m2", "share_pct", "capacity_m2", "utilisation", "land_share_pct"]
REPORT_FORMATS = ("json", "markdown", "html", "csv")


def _headline(r: ValidationReport) -> list[tuple[str, str]]:
    s = r.summary
    rows = [("status", r.status),
            ("total GFA", f"{s.get('total_gfa_m2', float('nan')):,.0f} m²"),
            ("site", f"{s.get('site')} — {s.get('site_area_ha', float('nan')):,.2f} ha"),
            ("gross plot ratio", f"{s.get('gross_plot_ratio', float('nan')):.2f}")]
    if "capacity_m2" in s:
        rows += [("envelope capacity", f"{s['capacity_m2']:,.0f} m² "
                  f"({100 * s['utilisation']:.0f}% used; busiest zone "
                  f"{100 * s['max_zone_utilisation']:.0f}%)")]
    return rows


def _zones(r: ValidationReport) -> pd.DataFrame:
    z = r.zones[[c for c in ZONE_COLS if c in r.zones]].copy()
    for col in ("storeys_min", "storeys_max", "height_mpd_max", "capacity_m2", "gfa_m2"):
        if col in z:
            z[col] = z[col].round().astype("Int64")
    if "utilisation" in z:
        z["utilisation"] = (100 * z.utilisation).round(1).astype(str) + "%"
    return z.round(2)


def _issues(r: ValidationReport) -> pd.DataFrame:
    return r.to_frame()[["severity", "check", "message", "source"]]


def _checks(r: ValidationReport) -> pd.DataFrame:
    """The checklist for display: check, ran (yes / NOT RUN), scope, detail, source."""
    f = r.checklist_frame()
    f["ran"] = f.ran.map({True: "yes", False: "NOT RUN"})
    f["source"] = f.source.fillna("")
    return f[["check", "ran", "scope", "detail", "source"]]


def report_markdown(r: ValidationReport, title: str = "Validation report") -> str:
    """The report as Markdown: headline, zones, uses, findings, inputs, count line."""
    parts = [f"# {title}", ""]
    parts += [f"- **{k}**: {v}" for k, v in _headline(r)]
    if len(r.zones):
        parts += ["", "## Zones: capacity use", "", frame_to_markdown(_zones(r))]
    if len(r.uses):
        parts += ["", "## Uses", "", frame_to_markdown(r.uses[USE_COLS].round(2))]
    parts += ["", "## Findings", "", frame_to_markdown(_issues(r)) if r.issues else "None."]
    if r.checklist:
        parts += ["", "## Checks: run and not run", "", frame_to_markdown(_checks(r))]
    parts += ["", "## Inputs", ""]
    parts += [f"- {k}: `{v.get('source')}` sha256 `{v.get('sha256')}`" for k, v in
              r.inputs.items()]
    parts += ["", r.count_line(), ""]
    return "\n".join(parts)


def report_html(r: ValidationReport, title: str = "Validation report") -> str:
    """The report as one HTML page; every value is escaped by the template."""
    inputs = [(k, {"source": str(v.get("source")), "sha256": str(v.get("sha256"))})
              for k, v in r.inputs.items()]
    return _html.render(
        "validation.html", title=title, headline=_headline(r),
        zones=_zones(r) if len(r.zones) else None,
        uses=r.uses[USE_COLS].round(2) if len(r.uses) else None,
        issues=_issues(r) if r.issues else None, inputs=inputs, count_line=r.count_line(),
        checks=_checks(r) if r.checklist else None)


def render_report(r: ValidationReport, fmt: str) -> str:
    """The report as ``json``, ``markdown``, ``html`` or ``csv`` text."""
    return dispatch({
        "json": lambda rep: to_json(rep.to_dict()),
        "markdown": report_markdown,
        "html": report_html,
        "csv": lambda rep: rep.to_long_frame().to_csv(index=False),
    }, fmt, what="report")(r)


def write_report(r: ValidationReport, path: str | os.PathLike[str], fmt: str | None = None, *,
                 force: bool = True) -> Path:
    """Write the report atomically; ``fmt`` defaults to the suffix of ``path``."""
    text = render_report(r, fmt or format_for(path, REPORT_FORMATS))
    return atomic_write(path, text if text.endswith("\n") else text + "\n", force=force)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_report(r: ValidationReport, console: Any = None) -> None:
    """Print the report with rich (colours only when the console is a terminal)."""
    from rich.table import Table
    from rich.text import Text

    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    shown, notes = summarise_report(r)
    for k, v in _headline(r):
        style = (("bold green" if r.status == "PASS" else "bold yellow") if r.ok else
                 "bold red") if k == "status" else None
        console.print(Text(f"{k}: ", style="bold") + Text(v, style=style))
    if len(shown.zones):
        console.print(rich_table(_zones(shown), title="Zones: capacity use"))
    if shown.issues:
        t = Table(title="Findings", header_style="bold")
        for col in ("severity", "check", "message"):
            t.add_column(col, overflow="fold")
        for i in shown.issues:
            t.add_row(Text(i.severity, style=_SEVERITY_STYLE[i.severity]), Text(i.check),
                      Text(i.message))
        console.print(t)
    for note in notes:
        console.print(Text(note, style="italic"))
    _print_checks_not_run(r, console)
    console.print(Text(r.count_line(), style="bold red" if r.errors else "bold"))


ROWS_SHOWN = 40  # zones, and findings of one check, printed in a terminal before summarising


def summarise_report(r: ValidationReport, limit: int = ROWS_SHOWN
                     ) -> tuple[ValidationReport, list[str]]:
    """The part of a large report a terminal shows, and notes saying what was left out.

    Zones beyond ``limit``: the ``limit`` busiest (highest utilisation, partial selection, not
    a full sort). Findings: at most ``limit`` of each check, in order. The counts stay those of
    ``r``; ``--format csv|json --out FILE`` writes everything.

    Parameters
    ----------
    r
        The report (not modified).
    limit
        Rows shown per table (zones) and per check (findings).

    Returns
    -------
    tuple
        A shallow copy of ``r`` cut down, and one note per table that was cut.
    """
    import dataclasses

    import numpy as np

    zones, notes = r.zones, []
    if len(zones) > limit:
        key = zones["utilisation"] if "utilisation" in zones else zones.get("capacity_m2")
        key = (np.zeros(len(zones)) if key is None else
               np.nan_to_num(key.to_numpy(float), nan=-np.inf, posinf=np.finfo(float).max))
        top = np.argpartition(-key, limit - 1)[:limit]
        zones = zones.iloc[top[np.argsort(-key[top], kind="stable")]]
        notes.append(f"zones: the {limit} busiest of {len(r.zones):,} shown")
    seen: dict[str, int] = {}
    issues = []
    for i in r.issues:
        seen[i.check] = seen.get(i.check, 0) + 1
        if seen[i.check] <= limit:
            issues.append(i)
    if len(issues) < len(r.issues):
        cut = ", ".join(f"{c} {n:,}" for c, n in seen.items() if n > limit)
        notes.append(f"findings: {len(issues):,} of {len(r.issues):,} shown, at most {limit} "
                     f"per check ({cut}); write them all with --format csv --out FILE")
    return dataclasses.replace(r, zones=zones, issues=issues), notes


def _print_checks_not_run(r: ValidationReport, console: Any) -> None:
    """The checks that could not run (and why), then each finding that rests on an assumption."""
    from rich.table import Table
    from rich.text import Text

    missing = [c for c in r.checklist if not c.ran]
    if missing:
        t = Table(title="Checks not run", header_style="bold")
        for col in ("check", "scope", "why"):
            t.add_column(col, overflow="fold")
        for c in missing:
            t.add_row(Text(c.check), Text(c.scope), Text(c.detail))
        console.print(t)
    for c in r.checklist:
        if c.assumption:
            console.print(Text(f"assumption: {c.check} ({c.scope}) rests on {c.source}",
                               style="yellow"))


def show_report(r: ValidationReport, fmt: str, out: str | os.PathLike[str] | None = None, *,
                force: bool = True) -> None:
    """:func:`maps.show` for a report, then ``N errors, M warnings`` on standard error wherever
    the output does not already end with that line (the terminal and Markdown on stdout do)."""
    import sys

    from .terminal import show

    show(fmt, out, lambda: print_report(r), lambda f: render_report(r, f), force=force)
    if fmt not in ("table", "markdown") or out is not None:
        print(r.count_line(), file=sys.stderr)
