"""Render a scenario comparison: markdown, html (one self-contained file), csv, json or xlsx.

Every report carries the SHA-256 of each input file (scenario files and the layers and tables of
their base project), so a result traces to its files. Outputs are written atomically. The HTML
page (jinja2, autoescaped) embeds the PNG charts of :mod:`maps.charts` and, as ``<iframe
srcdoc>``, the offline diff maps of :mod:`maps.diffmap`: it needs no network.
"""

from __future__ import annotations

import html
import io
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from gis.comparing import SECTION_TITLES, SECTIONS, Comparison
from gis.formats import (
    dispatch,
    format_for,
    frame_to_csv,
    frame_to_markdown,
    spreadsheet_safe,
    to_json,
)
from gis.fs import atomic_write, output_date, stable_zip

from . import _html

__all__ = [
    "COMPARE_FORMATS",
    "render_comparison",
    "write_comparison",
    "comparison_html",
    "print_comparison",
]

COMPARE_FORMATS = ("markdown", "html", "csv", "json", "xlsx")
TABLE_TITLES = {
    **SECTION_TITLES,
    "issues": "Errors and warnings",
    "inputs": "Inputs (SHA-256 of every file read)",
}


def _title(comp: Comparison) -> str:
    return f"Scenario comparison: {', '.join(comp.labels)} (deltas against {comp.ref_label})"


def _stamp() -> str:
    """The program and version; the time only when asked for (``SOURCE_DATE_EPOCH``), so the
    same scenarios give the same bytes.
    """
    import gis

    when = output_date()
    return f"technopole {gis.__version__}" + (f", {when:%Y-%m-%d %H:%M UTC}" if when else "")


def _long_csv(comp: Comparison) -> str:
    frame = comp.frame.copy()
    extra = []
    for lab, sc in zip(comp.labels, comp.scenarios, strict=True):
        for key, v in sc.inputs().items():
            row = {"section": "input", "item": f"{key}: {v['source']}", "measure": "sha256"}
            row.update({c: (v["sha256"] if c == lab else None) for c in frame.columns[3:]})
            extra.append(row)
    return frame_to_csv(pd.concat([frame, pd.DataFrame(extra)], ignore_index=True), index=False)


def _markdown(comp: Comparison) -> str:
    out = [f"# {_md(_title(comp))}", "", f"_{_md(_stamp())}_", ""]
    for name, df in comp.tables().items():
        out += [f"## {_md(TABLE_TITLES[name])}", ""]
        out += [frame_to_markdown(df) if len(df) else "(none)", ""]
    out += ["## Notes", ""] + [f"- {_md(n)}" for n in comp.notes()]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Markdown-inert text: no HTML, links or emphasis from a user's names."""
    return html.escape(str(text)).replace("[", "\\[").replace("*", "\\*").replace("_", "\\_")


def _json(comp: Comparison) -> str:
    return to_json(
        {
            "title": _title(comp),
            "generated": _stamp(),
            "scenarios": comp.labels,
            "reference": comp.ref_label,
            "tables": {k: v.to_dict(orient="records") for k, v in comp.tables().items()},
            "notes": comp.notes(),
        }
    )


def _xlsx(comp: Comparison, target: Any) -> None:
    with pd.ExcelWriter(target, engine="openpyxl") as xl:
        for name, df in comp.tables().items():
            spreadsheet_safe(df).to_excel(xl, sheet_name=name[:31], index=False)
        notes = pd.DataFrame({"note": [_title(comp), _stamp(), *comp.notes()]})
        spreadsheet_safe(notes).to_excel(xl, sheet_name="notes", index=False)


def _xlsx_bytes(comp: Comparison) -> bytes:
    buf = io.BytesIO()
    _xlsx(comp, buf)
    return stable_zip(buf.getvalue())


def comparison_html(comp: Comparison, *, charts: bool = True, maps: bool = True) -> str:
    """The comparison as one self-contained HTML page (charts and offline diff maps embedded).

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    charts
        Embed the GFA and capacity-use charts.
    maps
        Embed one offline diff map per scenario.

    Returns
    -------
    str
    """
    images: list[tuple[str, str]] = []
    if charts:
        from .charts import gfa_by_use_png, zone_use_png

        images = [
            ("GFA by use", _html.png_data_uri(gfa_by_use_png(comp))),
            ("Capacity use by zone", _html.png_data_uri(zone_use_png(comp))),
        ]
    diff_maps: list[tuple[str, str, str]] = []
    if maps:
        from .diffmap import diff_map_html

        diff_maps = [
            (f"{comp.labels[i]} vs {comp.ref_label}", comp.labels[i], diff_map_html(comp, i))
            for i in comp.others()
        ]
    tables = [(TABLE_TITLES[name], df) for name, df in comp.tables().items()]
    return (
        _html.render(
            "comparison.html",
            title=_title(comp),
            stamp=_stamp(),
            charts=images,
            tables=tables,
            diff_maps=diff_maps,
            notes=comp.notes(),
        )
        + "\n"
    )


def render_comparison(
    comp: Comparison, fmt: str, *, charts: bool = True, maps: bool = True
) -> str | bytes:
    """The report as text (``markdown``, ``html``, ``csv``, ``json``) or bytes (``xlsx``).

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    fmt
        ``markdown``, ``html``, ``csv``, ``json`` or ``xlsx``.
    charts, maps
        For ``html``: embed the charts, the diff maps.

    Returns
    -------
    str or bytes
    """
    writers: dict[str, Callable[[Comparison], str | bytes]] = {
        "markdown": _markdown,
        "html": lambda c: comparison_html(c, charts=charts, maps=maps),
        "csv": _long_csv,
        "json": _json,
        "xlsx": _xlsx_bytes,
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
) -> Path:
    """Compare scenarios and write the report atomically.

    Parameters
    ----------
    scenarios
        A :class:`gis.Comparison`, or what :func:`gis.compare` takes (names, files, scenarios).
    path
        The report file; ``fmt`` defaults to its suffix (.md .html .csv .json .xlsx).
    fmt
        ``markdown``, ``html``, ``csv``, ``json`` or ``xlsx``.
    against
        The reference scenario (see :func:`gis.compare`).
    force
        Replace an existing file (else :class:`~gis.errors.OutputError`).
    charts, maps
        HTML only: embed the PNG charts and the offline diff maps (as ``iframe srcdoc``).
    maps_dir
        Also write each diff map as ``diff_<scenario>_vs_<reference>.html`` in this folder
        (:func:`maps.write_diff_maps`).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    from gis.scenarios import comparison

    comp = scenarios if isinstance(scenarios, Comparison) else comparison(scenarios, against)
    fmt = fmt or format_for(path, COMPARE_FORMATS)
    atomic_write(path, render_comparison(comp, fmt, charts=charts, maps=maps), force=force)
    if maps_dir is not None:
        from .diffmap import write_diff_maps

        write_diff_maps(comp, maps_dir, force=force)
    return Path(path)


def print_comparison(comp: Comparison, console: Any = None) -> None:
    """Print every section as a rich table, then the notes (assumptions) as ``note:`` lines.

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    console
        A rich console (default: :func:`maps.console`).
    """
    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    for name in SECTIONS:
        console.print(rich_table(comp.section(name), title=SECTION_TITLES[name]))
    for note in comp.notes():
        console.print(f"note: {note}", markup=False, highlight=False)
