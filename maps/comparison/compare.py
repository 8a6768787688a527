"""Render a scenario comparison: markdown, html (one self-contained file), csv, json or xlsx.

Every report carries the SHA-256 of each input file (scenario files and the layers and tables of
their base project), so a result traces to its files. Outputs are written atomically. The HTML
page (jinja2, autoescaped) embeds the PNG charts of :mod:`maps.comparison.charts` and, as ``<iframe
srcdoc>``, the offline diff maps of :mod:`maps.comparison.diffmap`: it needs no network.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from gis.formats import (
    dispatch,
    format_for,
    frame_to_csv,
    frame_to_markdown,
    to_json,
)
from gis.fs import atomic_write
from gis.scenarios import Comparison

from .. import _html
from .._labels import check_lang, pick
from ._compare_files import map_caption, pdf_bytes, xlsx_bytes
from ._compare_view import comparison_view, not_run, stamp

__all__ = [
    "COMPARE_FORMATS",
    "render_comparison",
    "write_comparison",
    "comparison_html",
    "print_comparison",
]

COMPARE_FORMATS = ("markdown", "html", "csv", "json", "xlsx", "pdf")


def _title(comp: Comparison, lang: str = "en") -> str:
    from ._compare_view import title

    return title(comp, check_lang(lang))


def _long_csv(comp: Comparison, lang: str = "en") -> str:
    frame = comp.frame.copy()
    extra = []
    for lab, sc in zip(comp.labels, comp.scenarios, strict=True):
        for key, v in sc.inputs().items():
            row = {"section": "input", "item": f"{key}: {v['source']}", "measure": "sha256"}
            row.update({c: (v["sha256"] if c == lab else None) for c in frame.columns[3:]})
            extra.append(row)
    for labs, check, scope, why in not_run(comp):  # a check not run: its reason per scenario
        row = {"section": "not_run", "item": f"{check} ({scope})", "measure": "reason"}
        row.update({c: (why if c in labs else None) for c in frame.columns[3:]})
        extra.append(row)
    out = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
    if check_lang(lang) != "en":  # readable headers; the cells stay data (codes and numbers)
        from ._compare_view import HEADERS

        out.columns = [
            pick(HEADERS[c], check_lang(lang), " / ") if c in HEADERS else c for c in out.columns
        ]
    return frame_to_csv(out, index=False)


def _markdown(comp: Comparison, lang: str = "en", header: Any = None) -> str:
    v = comparison_view(comp, lang, header)
    out = [f"# {_md(v.title)}", ""] + [f"- **{_md(k)}**: {_md(val)}" for k, val in v.header]
    out += ["", f"_{_md(stamp())}_", ""]
    for t in v.tables[:-1]:
        if t.key == "use":  # where the PDF and HTML papers draw the site map
            title, caption = map_caption(comp, v)
            out += [f"## {_md(title)}", "", f"*{_md(v.word('map_note'))}: {_md(caption)}*", ""]
        out += [f"## {_md(t.title)}", ""]
        out += [frame_to_markdown(t.display()) if t.rows else v.word("none"), ""]
    out += [f"## {v.word('notes')}", ""] + [f"- {_md(n)}" for n in v.notes] + [""]
    out += [f"## {v.word('sources')}", ""] + [f"{_md(text)}  " for text, _ in v.sources]
    out += [f"{v.word('footnote')} `{file}`  " for _, file in v.sources] + [""]
    inputs = v.tables[-1]  # the appendix: every file read, once
    out += [f"## {_md(inputs.title)}", "", frame_to_markdown(inputs.display())]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Markdown-inert text: no HTML, links or emphasis from a user's names."""
    return html.escape(str(text)).replace("[", "\\[").replace("*", "\\*").replace("_", "\\_")


def _json(comp: Comparison) -> str:
    return to_json(
        {
            "title": _title(comp),
            "generated": stamp(),
            "scenarios": comp.labels,
            "reference": comp.ref_label,
            "tables": {k: v.to_dict(orient="records") for k, v in comp.tables().items()},
            "not_run": [
                {"scenarios": labs, "check": check, "scope": scope, "reason": why}
                for labs, check, scope, why in not_run(comp)
            ],
            "notes": comp.notes(),
        }
    )


def comparison_html(
    comp: Comparison,
    *,
    charts: bool = True,
    maps: bool = True,
    lang: str = "en",
    header: Any = None,
) -> str:
    """The comparison as one self-contained HTML page (charts and offline diff maps embedded).

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    charts
        Embed the site map of the first scenario compared and the GFA and capacity-use charts.
    maps
        Embed one offline diff map per scenario.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: titles, headers, use and zone names, findings.
    header
        The paper's title block (:class:`maps.PaperHeader` or a header file).

    Returns
    -------
    str
    """
    v = comparison_view(comp, lang, header)
    images: list[tuple[str, str]] = []
    site_map: tuple[str, str, str] | None = None
    if charts:
        from ..reports.pdf_report import site_map_png
        from ._compare_files import map_report
        from .charts import gfa_by_use_png, zone_use_png

        png = site_map_png(map_report(comp), v.lang)
        if png is not None:
            site_map = (*map_caption(comp, v), _html.png_data_uri(png))

        images = [
            ("GFA by use", _html.png_data_uri(gfa_by_use_png(comp, v.lang))),
            ("Capacity use by zone", _html.png_data_uri(zone_use_png(comp, v.lang))),
        ]
    diff_maps: list[tuple[str, str, str]] = []
    if maps:
        from .diffmap import diff_map_html

        diff_maps = [
            (f"{comp.labels[i]} vs {comp.ref_label}", comp.labels[i], diff_map_html(comp, i))
            for i in comp.others()
        ]
    tables = [(t.title, t.display()) for t in v.tables[:-1]]
    return (
        _html.render(
            "comparison.html",
            title=v.title,
            header=v.header,
            sources=v.sources,
            site_map=site_map,
            appendix=(v.tables[-1].title, v.tables[-1].display()),
            stamp=stamp(),
            charts=images,
            tables=tables,
            diff_maps=diff_maps,
            notes=v.notes,
            words={k: v.word(k) for k in ("charts", "notes", "none", "sources", "footnote")},
            html_lang={"en": "en", "zh": "zh-Hant-HK", "both": "en"}[v.lang],
        )
        + "\n"
    )


def render_comparison(
    comp: Comparison,
    fmt: str,
    *,
    charts: bool = True,
    maps: bool = True,
    lang: str = "en",
    project: str | None = None,
    date: str | None = None,
    header: Any = None,
) -> str | bytes:
    """The report as text (``markdown``, ``html``, ``csv``, ``json``) or bytes (``xlsx``,
    ``pdf``).

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    fmt
        ``markdown``, ``html``, ``csv``, ``json``, ``xlsx`` or ``pdf``.
    charts, maps
        For ``html``: embed the site map and charts, the diff maps; for ``pdf``: the site map
        and charts.
    lang
        ``"en"``, ``"zh"`` or ``"both"`` for people's formats (Markdown, HTML, XLSX, PDF) and
        the CSV headers; JSON and CSV cells are data, with their codes.
    project, date
        PDF title block: the project (default: the Loop park) and the date (default: the
        header's, else today, or ``SOURCE_DATE_EPOCH``).
    header
        The paper's title block (:class:`maps.PaperHeader` or a header file) for Markdown,
        HTML, XLSX and PDF.

    Returns
    -------
    str or bytes
    """
    writers: dict[str, Callable[[Comparison], str | bytes]] = {
        "markdown": lambda c: _markdown(c, lang, header),
        "html": lambda c: comparison_html(c, charts=charts, maps=maps, lang=lang, header=header),
        "csv": lambda c: _long_csv(c, lang),
        "json": _json,
        "xlsx": lambda c: xlsx_bytes(c, lang, header),
        "pdf": lambda c: pdf_bytes(
            c, lang, charts=charts, project=project, date=date, header=header
        ),
    }
    return dispatch(writers, fmt, what="report")(comp)


def write_comparison(
    scenarios: Comparison | Iterable[Any],
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    against: Any = None,
    force: bool = True,
    charts: bool = True,
    maps: bool = True,
    maps_dir: str | os.PathLike[str] | None = None,
    lang: str = "en",
    header: Any = None,
) -> Path:
    """Compare scenarios and write the report atomically.

    Parameters
    ----------
    scenarios
        A :class:`gis.Comparison`, or what :func:`gis.compare` takes (names, files, scenarios).
    path
        The report file; ``fmt`` defaults to its suffix (.md .html .csv .json .xlsx .pdf).
    fmt
        ``markdown``, ``html``, ``csv``, ``json``, ``xlsx`` or ``pdf``.
    against
        The reference scenario (see :func:`gis.compare`).
    force
        Replace an existing file (else :class:`~gis.errors.OutputError`).
    charts, maps
        HTML only: embed the PNG charts and the offline diff maps (as ``iframe srcdoc``).
    maps_dir
        Also write each diff map as ``diff_<scenario>_vs_<reference>.html`` in this folder
        (:func:`maps.write_diff_maps`).
    lang
        ``"en"``, ``"zh"`` or ``"both"`` (see :func:`render_comparison`).
    header
        The paper's title block (:class:`maps.PaperHeader` or a header file).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    from gis.scenarios import comparison

    comp = scenarios if isinstance(scenarios, Comparison) else comparison(scenarios, against)
    fmt = fmt or format_for(path, COMPARE_FORMATS)
    atomic_write(
        path,
        render_comparison(comp, fmt, charts=charts, maps=maps, lang=lang, header=header),
        force=force,
    )
    if maps_dir is not None:
        from .diffmap import write_diff_maps

        write_diff_maps(comp, maps_dir, force=force)
    return Path(path)


def print_comparison(
    comp: Comparison, console: Any = None, lang: str = "en", header: Any = None
) -> None:
    """Print every table as a rich table in ``lang`` (failures in red), then the notes
    (assumptions) as ``note:`` lines.

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    console
        A rich console (default: :func:`maps.console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``.
    header
        The paper's title block (:class:`maps.PaperHeader` or a header file).
    """
    from rich.text import Text

    from .._i18n import ICONS
    from ..reports._fit import FittedTable
    from ..reports.terminal import console as default_console

    console = console or default_console()
    v = comparison_view(comp, lang, header)
    console.print(Text(v.title, style="bold underline"))
    for k, val in v.header:
        console.print(Text(f"{k}: ", style="bold") + Text(val))
    for t in v.tables:
        if t.key in ("issues", "inputs"):
            continue
        if t.key == "use":  # the site map is a figure of the PDF and HTML papers
            title, caption = map_caption(comp, v)
            console.print(
                Text(f"{title}. ", style="bold") + Text(f"{v.word('map_note')}: {caption}")
            )
        rows = [
            [
                Text(f"{ICONS['error']} {c}" if f else c, style="bold red" if f else "")
                for c, f in zip(row, bad, strict=True)
            ]
            for row, bad in zip(t.text_rows(), t.failed, strict=True)
        ]
        console.print(FittedTable(t.title, t.headers, rows, t.numeric))
    for note in v.notes:
        console.print(
            f"{v.word('notes')}: {note}" if v.lang != "en" else f"note: {note}",
            markup=False,
            highlight=False,
        )
    for text, file in v.sources:
        console.print(Text(f"{text} ({v.word('footnote')} {file})"))
