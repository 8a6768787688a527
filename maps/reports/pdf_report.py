"""The validation report as a PDF for planners: title block, findings, capacity table and map.

Drawn with matplotlib (``PdfPages``) on A4 pages, text in the Noto Sans CJK face of
:mod:`maps.paper._fonts` embedded as a subset (``pdf.fonttype`` 42), so every word, Chinese too,
can be searched and copied. The file is deterministic: no clock time unless a date is given, and the
PDF's own date follows ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gis.config import output_date
from gis.fs import atomic_write
from gis.report import ValidationReport

from .._labels import pick
from ..paper._fonts import cjk_font_or_none
from ..paper._pdf_layout import A4_PT, MARGIN, Pages
from ._report_view import ReportView, Table, report_view

__all__ = ["write_report_pdf", "report_date", "new_pages", "save_pdf", "pdf_bytes", "image_block"]

SEVERITY_COLOURS = {"error": "#b00020", "warning": "#8a6d00", "info": "#0b5394"}
PROJECT = (
    "Lok Ma Chau Loop: Hong Kong-Shenzhen Innovation and Technology Park",
    "河套香港園區：港深創新及科技園",
)


def report_date(date: str | dt.date | None = None) -> str | None:
    """The date printed on a report: ``date`` as given, else ``SOURCE_DATE_EPOCH`` as a UTC
    date, else None (the report says it is not dated; it never reads the clock).
    """
    if date is not None:
        return date.isoformat() if isinstance(date, dt.date) else str(date)
    when = output_date()
    return when.date().isoformat() if when else None


def write_report_pdf(
    r: ValidationReport,
    path: str | os.PathLike[str],
    *,
    lang: str = "en",
    project: str | None = None,
    date: str | dt.date | None = None,
    title: str | None = None,
    layers: Mapping[str, Any] | None = None,
    include_map: bool = True,
    force: bool = True,
) -> Path:
    """Write the report as a PDF, atomically.

    Parameters
    ----------
    r
        The validation report.
    path
        The ``.pdf`` file to write.
    lang
        ``"en"``, ``"zh"`` or ``"both"``; with no CJK font at all, English after one warning.
    project, date, title
        Title block: project name (default: the Loop park), date (default:
        ``SOURCE_DATE_EPOCH`` if set, else none), title (default: "Validation report").
    layers
        Layers for the map page (default: the site, zones and height bands the report names).
    include_map
        Draw the map page.
    force
        Replace an existing file.

    Returns
    -------
    Path
        The file written.
    """
    pages, lang = new_pages(lang)
    view = report_view(r, lang, title)
    _title_block(pages, view, r, project, report_date(date))
    _tables(pages, view)
    if include_map:
        _map_page(pages, view, r, layers)
    subject = project or pick(PROJECT, view.lang, " / ")
    return save_pdf(pages, path, view.title, subject, force=force)


def new_pages(lang: str) -> tuple[Pages, str]:
    """Empty A4 pages drawn in the CJK font (also for Chinese in an English report's data), and
    the language to write in: ``lang``, or English when no CJK font exists.
    """
    from matplotlib.font_manager import FontProperties

    font = cjk_font_or_none()
    prop = FontProperties(family=[font.family, "DejaVu Sans"] if font else ["DejaVu Sans"])
    return Pages(_new_page, prop), lang if font is not None else "en"


def save_pdf(
    pages: Pages, path: str | os.PathLike[str], title: str, subject: str, *, force: bool
) -> Path:
    """Write :func:`pdf_bytes` of ``pages`` atomically."""
    return atomic_write(path, pdf_bytes(pages, title, subject), force=force)


def pdf_bytes(pages: Pages, title: str, subject: str) -> bytes:
    """``pages`` as one PDF: fonts embedded as subsets (``pdf.fonttype`` 42), no clock time in
    the file unless ``SOURCE_DATE_EPOCH`` is set (the same pages, the same bytes).
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    meta: dict[str, str | None]
    meta = {
        "Title": title,
        "Subject": subject,
        "Creator": "technopole",
        "Producer": "technopole (matplotlib)",
    }
    if output_date() is None:
        meta["CreationDate"] = None  # no clock time in the file (matplotlib reads the variable)
    buf = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}), PdfPages(buf, metadata=meta) as pdf:
        for fig in pages.figures:
            pdf.savefig(fig)
    return buf.getvalue()


def image_block(pages: Pages, image: Any, fig: Any | None = None) -> None:
    """Place an image array (``imread``) across the page's width below the text, on a new page
    when it does not fit in what is left of this one.
    """
    h, w = image.shape[:2]
    width = (A4_PT[0] - 2 * MARGIN) / A4_PT[0]
    height = width * (h / w) * (A4_PT[0] / A4_PT[1])
    if fig is None:
        pages.room(height * A4_PT[1] + 12)
        fig = pages.figures[-1]
    top = (pages.y - 6) / A4_PT[1]
    ax = fig.add_axes((MARGIN / A4_PT[0], top - height, width, height))
    ax.imshow(image)
    ax.set_axis_off()
    pages.y -= height * A4_PT[1] + 12


def _new_page() -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(A4_PT[0] / 72, A4_PT[1] / 72))
    FigureCanvasAgg(fig)
    return fig


def _title_block(
    pages: Pages, v: ReportView, r: ValidationReport, project: str | None, date: str | None
) -> None:
    pages.page()
    pages.text(MARGIN, v.title, size=18, weight="bold")
    pages.gap(4)
    rows = [
        (v.section("project"), project or pick(PROJECT, v.lang, " / ")),
        (v.headline[2][0], v.headline[2][1]),
        (v.section("date"), date or v.section("no_date")),
    ]
    for label, value in rows + v.headline[:2] + v.headline[3:]:
        pages.text(MARGIN, f"{label}: {value}", size=9.5)
    colour = "#1b6e20" if r.verdict == "PASS" else "#b00020"
    pages.gap(4)
    pages.text(MARGIN, v.count_line, size=11, weight="bold", colour=colour)
    pages.gap(8)
    pages.text(MARGIN, v.section("inputs"), size=12, weight="bold")
    for key, source, sha in v.inputs:
        pages.text(MARGIN + 8, f"{key}: {source}", size=7.5)
        pages.text(MARGIN + 16, f"SHA-256 {sha}", size=6.5, colour="#444444")
    pages.gap(10)


def _tables(pages: Pages, v: ReportView) -> None:
    for key in ("findings", "not_run", "zones", "uses"):
        t = v.not_run if key == "not_run" else v.table(key)
        if t is None:
            continue
        if key in ("zones", "uses"):  # names in the chosen language stand for the ids here
            t = dataclasses.replace(t, frame=t.frame.reset_index(drop=True))
        labels = ["use", "label_as_written", "matched_by"]
        if key == "uses" and set(labels) <= set(t.frame):  # too wide for a page: the labels
            rest = t.frame.drop(columns=labels[1:])  # as written get their own table
            _table(pages, v, dataclasses.replace(t, frame=rest))
            t = dataclasses.replace(t, frame=t.frame[labels], title=v.section("use_labels"))
        _table(pages, v, t)


def _table(pages: Pages, v: ReportView, t: Table) -> None:
    """One table of the report, its title and rows (coloured by severity for findings)."""
    pages.room(60)
    pages.text(MARGIN, t.title, size=12, weight="bold")
    rows = t.text_rows()
    if not rows:
        pages.text(MARGIN, v.section("none"), size=9)
    else:
        colours = [SEVERITY_COLOURS.get(s) for s in t.severities] if t.severities else None
        if t.severities:
            rows = [
                [
                    f"{'✖' if s == 'error' else '▲' if s == 'warning' else 'i'} {row[0]}",
                    *row[1:],
                ]
                for s, row in zip(t.severities, rows, strict=True)
            ]
        pages.table(t.headers(" / "), rows, [k != "text" for k in t.kinds()], colours)
    pages.gap(12)


def _map_layers(r: ValidationReport) -> dict[str, Any]:
    import gis
    from gis.errors import InputError

    layers = {}
    for key, name in (
        ("site", "site.outline"),
        ("bands", "site.height_bands"),
        ("zones", "site.zones"),
    ):
        source = (r.inputs.get(key) or {}).get("source")
        if source and Path(str(source)).is_file():
            try:
                layers[name] = gis.load_layer(str(source))
            except InputError:
                continue
    return layers


def _map_page(
    pages: Pages, v: ReportView, r: ValidationReport, layers: Mapping[str, Any] | None
) -> None:
    from matplotlib.image import imread

    from ..paper.static import static_map

    drawn = dict(layers) if layers is not None else _map_layers(r)
    if not drawn:
        return
    fig = pages.page()
    pages.text(MARGIN, v.section("map"), size=12, weight="bold")
    with tempfile.TemporaryDirectory() as folder:
        png = static_map(
            drawn,
            Path(folder) / "map.png",
            lang=v.lang,
            dpi=150,
            validation=r,
            problems=r.problems,
            figsize=(10, 8),
        )
        image = imread(png)
    image_block(pages, image, fig)
