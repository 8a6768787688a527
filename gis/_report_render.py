"""Render a :class:`~gis.report.ValidationReport` for the terminal, Markdown, HTML, CSV, JSON."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .formats import frame_to_html, frame_to_markdown, to_json
from .report import ValidationReport

ZONE_COLS = ["name_en", "name_zh", "area_ha", "storeys_min", "storeys_max", "height_mpd_max",
             "capacity_m2", "gfa_m2", "utilisation", "implied_plot_ratio", "status",
             "binding_limit"]
USE_COLS = ["gfa_m2", "share_pct", "capacity_m2", "utilisation", "land_share_pct"]


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
    for col in ("storeys_min", "storeys_max", "height_mpd_max"):
        if col in z:
            z[col] = z[col].round().astype("Int64")
    for col in ("capacity_m2", "gfa_m2"):
        if col in z:
            z[col] = z[col].round().astype("Int64")
    if "utilisation" in z:
        z["utilisation"] = (100 * z.utilisation).round(1).astype(str) + "%"
    return z.round(2)


def _issues(r: ValidationReport) -> pd.DataFrame:
    f = r.to_frame()
    return f[["severity", "check", "message", "source"]]


def _checks(r: ValidationReport) -> pd.DataFrame:
    """The checklist for display: check, ran (yes / NOT RUN), scope, detail, source."""
    f = r.checklist_frame()
    f["ran"] = f.ran.map({True: "yes", False: "NOT RUN"})
    f["source"] = f.source.fillna("")
    return f[["check", "ran", "scope", "detail", "source"]]


def to_markdown(r: ValidationReport, title: str = "Validation report") -> str:
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


def to_html(r: ValidationReport, title: str = "Validation report") -> str:
    e = html.escape
    head = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _headline(r))
    body = [f"<h1>{e(title)}</h1>", f"<table class='summary'>{head}</table>"]
    if len(r.zones):
        body += ["<h2>Zones: capacity use</h2>", frame_to_html(_zones(r))]
    if len(r.uses):
        body += ["<h2>Uses</h2>", frame_to_html(r.uses[USE_COLS].round(2))]
    body += ["<h2>Findings</h2>", frame_to_html(_issues(r)) if r.issues else "<p>None.</p>"]
    if r.checklist:
        body += ["<h2>Checks: run and not run</h2>", frame_to_html(_checks(r))]
    inputs = "".join(f"<li>{e(k)}: <code>{e(str(v.get('source')))}</code> sha256 "
                     f"<code>{e(str(v.get('sha256')))}</code></li>" for k, v in r.inputs.items())
    body += [f"<h2>Inputs</h2><ul>{inputs}</ul>", f"<p><b>{e(r.count_line())}</b></p>"]
    style = ("body{font-family:system-ui,'Noto Sans CJK TC',sans-serif;margin:2em}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
             "padding:4px 8px;text-align:left}")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}"
            f"</title><style>{style}</style></head><body>{''.join(body)}</body></html>")


def to_csv(r: ValidationReport) -> str:
    return r.to_long_frame().to_csv(index=False)


def render(r: ValidationReport, fmt: str) -> str:
    """The report as ``json``, ``markdown``, ``html`` or ``csv`` text."""
    if fmt == "json":
        return to_json(r.to_dict())
    if fmt == "markdown":
        return to_markdown(r)
    if fmt == "html":
        return to_html(r)
    if fmt == "csv":
        return to_csv(r)
    raise ValueError(f"unknown report format {fmt!r}")


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_terminal(r: ValidationReport, console: Any) -> None:
    """Print the report with rich (colours only when the console is a terminal)."""
    from rich.table import Table
    from rich.text import Text

    from .formats import rich_table

    for k, v in _headline(r):
        style = (("bold green" if r.status == "PASS" else "bold yellow") if r.ok else
                 "bold red") if k == "status" else None
        console.print(Text(f"{k}: ", style="bold") + Text(v, style=style))
    if len(r.zones):
        console.print(rich_table(_zones(r), title="Zones: capacity use"))
    if r.issues:
        t = Table(title="Findings", header_style="bold")
        for col in ("severity", "check", "message"):
            t.add_column(col, overflow="fold")
        for i in r.issues:
            t.add_row(Text(i.severity, style=_SEVERITY_STYLE[i.severity]), Text(i.check),
                      Text(i.message))
        console.print(t)
    missing = [c for c in r.checklist if not c.ran]
    if missing:
        t = Table(title="Checks not run", header_style="bold")
        for col in ("check", "scope", "why"):
            t.add_column(col, overflow="fold")
        for c in missing:
            t.add_row(Text(c.check), Text(c.scope), Text(c.detail))
        console.print(t)
    assumed = [c for c in r.checklist if c.assumption]
    for c in assumed:
        console.print(Text(f"assumption: {c.check} ({c.scope}) rests on {c.source}",
                           style="yellow"))
    console.print(Text(r.count_line(), style="bold red" if r.errors else "bold"))
