"""Render a :class:`gis.ValidationReport`: terminal (rich), Markdown, HTML, CSV, JSON, and (in
:mod:`maps.reports.pdf_report`, :mod:`maps.reports.xlsx_report`) PDF and XLSX; for people in
English, Traditional Chinese or both (``lang``), laid out once by
:mod:`maps.reports._report_view`.

HTML goes through jinja2 with autoescape (``templates/validation.html``); JSON and CSV are the
report's own data (:meth:`~gis.report.ValidationReport.to_dict`, ``to_frame``).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from pathlib import Path
from typing import Any

from gis.formats import dispatch, format_for, frame_to_csv
from gis.fs import atomic_write
from gis.report import ValidationReport

from .. import _html
from .. import _i18n as i18n
from .._i18n import ICONS
from .._labels import check_lang
from ._paper import paper
from ._paper_text import report_json, report_markdown

__all__ = [
    "REPORT_FORMATS",
    "render_report",
    "write_report",
    "print_report",
    "show_report",
    "report_html",
    "report_markdown",
]

REPORT_FORMATS = ("json", "markdown", "html", "csv", "pdf", "xlsx")
BINARY_FORMATS = ("pdf", "xlsx")


def report_html(
    r: ValidationReport,
    title: str | None = None,
    lang: str = "en",
    header: Any = None,
    map_png: bytes | None = None,
) -> str:
    """The report as one HTML page in ``lang``: the sections of the paper, every value escaped
    by the template, each finding coloured and marked by severity; ``map_png`` (the site map,
    :func:`maps.reports.pdf_report.site_map_png`) is embedded as the figure when given.
    """
    p = paper(r, lang, header, title)
    return _html.render(
        "validation.html",
        paper=p,
        map_uri=_html.png_data_uri(map_png) if map_png else None,
        icons=ICONS,
        title=p.title,
        html_lang={"en": "en", "zh": "zh-Hant-HK", "both": "en"}[p.lang],
    )


def render_report(r: ValidationReport, fmt: str, lang: str = "en", header: Any = None) -> str:
    """The report as ``json``, ``markdown``, ``html`` or ``csv`` text.

    Parameters
    ----------
    r
        The validation report.
    fmt
        ``json``, ``markdown``, ``html`` or ``csv``.
    lang
        ``"en"``, ``"zh"`` or ``"both"`` for Markdown and HTML; JSON and CSV are data, with
        their codes.
    header
        The paper's title block: a :class:`maps.PaperHeader` or a header file (YAML).

    Returns
    -------
    str
    """
    return dispatch(
        {
            "json": lambda rep: "".join(report_json(rep, lang, header)),
            "markdown": lambda rep: report_markdown(rep, lang=lang, header=header),
            "html": lambda rep: report_html(rep, lang=lang, header=header),
            "csv": lambda rep: frame_to_csv(rep.to_long_frame(), index=False),
        },
        fmt,
        what="report",
    )(r)


def write_report(
    r: ValidationReport,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    force: bool = True,
    lang: str = "en",
    header: Any = None,
    **options: Any,
) -> Path:
    """Write the report atomically as a paper; ``fmt`` defaults to the suffix of ``path``.

    Parameters
    ----------
    r
        The validation report.
    path
        The file to write.
    fmt
        ``json``, ``markdown``, ``html``, ``csv``, ``pdf`` or ``xlsx`` (default: by the suffix).
    force
        Replace an existing file.
    lang
        ``"en"``, ``"zh"`` or ``"both"``.
    header
        The title block: a :class:`maps.PaperHeader` or a header file (YAML) (default: the
        report's title and today's date).
    **options
        For ``pdf`` and ``xlsx`` (:func:`maps.write_report_pdf`, :func:`maps.write_report_xlsx`),
        e.g. ``project`` and ``date``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    fmt = fmt or format_for(path, REPORT_FORMATS)
    if fmt == "pdf":
        from .pdf_report import write_report_pdf

        return write_report_pdf(r, path, lang=lang, force=force, header=header, **options)
    if fmt == "xlsx":
        from .xlsx_report import write_report_xlsx

        return write_report_xlsx(r, path, lang=lang, force=force, header=header)
    if fmt == "json":  # streamed: a million zone rows are never one string
        return atomic_write(path, itertools.chain(report_json(r, lang, header), "\n"), force=force)
    if fmt == "html":  # a file: the paper with its site map
        from .pdf_report import site_map_png

        png = site_map_png(r, check_lang(lang)) if options.get("include_map", True) else None
        html = report_html(r, lang=lang, header=header, map_png=png)
        return atomic_write(path, html + "\n", force=force)
    text = render_report(r, fmt, lang, header)
    return atomic_write(path, text if text.endswith("\n") else text + "\n", force=force)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_report(
    r: ValidationReport, console: Any = None, lang: str = "en", header: Any = None
) -> None:
    """Print the report as a paper with rich in ``lang`` (colours only when the console is a
    terminal): the sections of :func:`maps.reports._paper.paper`, each finding marked by an icon
    and coloured by severity.

    Parameters
    ----------
    r
        The validation report (a large one is summarised: the busiest zones, some findings).
    console
        A rich console (default: :func:`maps.console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``.
    header
        The title block (:class:`maps.PaperHeader` or a header file).
    """
    from rich.text import Text

    from .terminal import console as default_console

    console = console or default_console()
    shown, notes = summarise_report(r)  # a large report: the busiest zones, some findings
    p = paper(shown, lang, header)
    partial = r.verdict == "INCOMPLETE" or r.partial or r.uses_assumptions
    status_style = "bold red" if r.verdict == "FAIL" else "bold yellow" if partial else "bold green"
    verdict = Text(f"{p.word('verdict')}: ", style="bold") + Text(p.verdict, style=status_style)
    console.print(verdict)  # first: what a terminal user wants to know, and scripts grep
    console.print()
    console.print(Text(p.title, style="bold underline"))
    for k, val in p.header:
        console.print(Text(f"{k}: ", style="bold") + Text(val))
    for what, rec in r.inputs.items():  # a dated plan says so where it is used
        if rec.get("superseded_by"):
            console.print(Text(f"{what}: {rec['superseded_by']}", style="bold yellow"))

    def heading(key: str) -> None:
        console.print()
        console.print(Text(p.section(key), style="bold"))

    heading("summary")
    console.print(verdict)
    for k, val in p.figures:  # the count line closes the report
        console.print(Text(f"{k}: ", style="bold") + Text(val))
    heading("map")
    console.print(Text(f"{p.caption} (--out report.pdf or .html draws it)", style="italic"))
    for key, t in p.tables():
        heading(key)
        console.print(_rich(dataclasses.replace(t, title="")))  # the heading is its title
    heading("findings")
    for (sev, *_), line in zip(p.findings, p.finding_lines(), strict=True):
        console.print(Text(line, style=_SEVERITY_STYLE[sev]))
    if not p.findings:
        console.print(p.word("none"))
    for key, lines, style in (
        ("not_run", p.not_run_lines(), ""),
        ("assumptions", p.assumptions, "yellow"),
        ("sources", p.source_lines(), ""),
    ):
        heading(key)
        for line in lines or [p.word("none")]:
            console.print(Text(line, style=style))
    for src in p.sources:
        console.print(Text(f"[{src.number}] {p.word('footnote')} {src.footnote}", style="dim"))
    heading("appendix")
    for key, source, sha in p.appendix:
        console.print(Text(f"{key}: {source}  sha256 {sha}", style="dim"))
    console.print()
    for note in notes:
        console.print(Text(note, style="italic"))
    count = i18n.count_text(len(r.errors), len(r.warnings), check_lang(lang))  # all, not shown
    console.print(Text(count, style="bold red" if r.errors else "bold"))


ROWS_SHOWN = 40  # zones, and findings of one check, printed in a terminal before summarising


def summarise_report(
    r: ValidationReport, limit: int = ROWS_SHOWN
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
        key = (
            np.zeros(len(zones))
            if key is None
            else np.nan_to_num(key.to_numpy(float), nan=-np.inf, posinf=np.finfo(float).max)
        )
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
        notes.append(
            f"findings: {len(issues):,} of {len(r.issues):,} shown, at most {limit} "
            f"per check ({cut}); write them all with --format csv --out FILE"
        )
    return dataclasses.replace(r, zones=zones, issues=issues), notes


def _rich(t: Any, codes: list[str] | None = None) -> Any:
    """A rich table of a report table (only the columns ``codes``, if given)."""
    from rich.text import Text

    from ._fit import FittedTable

    keep = [i for i, c in enumerate(t.codes) if codes is None or c in codes]
    rows = []
    for n, row in enumerate(t.text_rows()):
        cells = [Text(row[i]) for i in keep]
        if t.severities:
            sev = t.severities[n]
            cells[0] = Text(f"{ICONS[sev]} {row[keep[0]]}", style=_SEVERITY_STYLE[sev])
        rows.append(cells)
    headers, kinds = t.headers("\n"), t.kinds()
    numeric = [kinds[i] != "text" for i in keep]
    return FittedTable(t.title, [headers[i] for i in keep], rows, numeric)


def show_report(
    r: ValidationReport,
    fmt: str,
    out: str | os.PathLike[str] | None = None,
    *,
    force: bool = True,
    lang: str = "en",
    header: Any = None,
) -> None:
    """:func:`maps.show` for a report in ``lang``, then ``N errors, M warnings`` on standard
    error wherever the output does not already end with that line (the terminal and Markdown
    on stdout do). An ``out`` ending in ``.pdf`` or ``.xlsx`` gets that format.

    Parameters
    ----------
    r
        The validation report.
    fmt
        ``table``, ``json``, ``markdown``, ``html`` or ``csv`` (or by the suffix of ``out``).
    out
        The file to write (default: standard output).
    force
        Replace an existing ``out``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``.
    header
        The paper's title block (:class:`maps.PaperHeader` or a header file).
    """
    import sys

    from .terminal import show

    binary = out is not None and Path(out).suffix.lower().lstrip(".") in BINARY_FORMATS
    if binary or (fmt in ("json", "html") and out is not None):
        assert out is not None  # binary is only True for a given out
        written = write_report(
            r, out, None if binary else fmt, force=force, lang=lang, header=header
        )
        print(f"wrote {written}", file=sys.stderr)
    else:
        show(
            fmt,
            out,
            lambda: print_report(r, lang=lang, header=header),
            lambda f: render_report(r, f, lang, header),
            force=force,
        )
    if fmt not in ("table", "markdown") or out is not None:
        print(r.count_line(), file=sys.stderr)
