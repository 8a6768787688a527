"""The validation report as a committee paper (PDF): the sections of
:func:`maps.reports._paper.paper` on A4 portrait pages numbered "n / N", the site map with its
locator inset sized to the frame left on its page.

Drawn with matplotlib (``PdfPages``), text in the Noto Sans CJK face of :mod:`maps.paper._fonts`
embedded as a subset (``pdf.fonttype`` 42), so every word, Chinese too, can be searched and
copied. The paper's date is the header's, else today (``SOURCE_DATE_EPOCH`` pins it); the PDF's
own creation date is written only when ``SOURCE_DATE_EPOCH`` is set: the same inputs on the same
day give the same bytes.
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
from ._paper import Paper, paper

__all__ = [
    "write_report_pdf",
    "report_date",
    "new_pages",
    "save_pdf",
    "pdf_bytes",
    "image_block",
    "number_pages",
    "site_map_png",
    "map_figure",
]

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
    header: Any = None,
    layers: Mapping[str, Any] | None = None,
    include_map: bool = True,
    force: bool = True,
) -> Path:
    """Write the report as a committee paper (PDF, A4 portrait), atomically: title block,
    verdict and key figures, the site map with a locator inset, then the sections of
    :func:`maps.reports._paper.paper`; page numbers "n / N".

    Parameters
    ----------
    r
        The validation report.
    path
        The ``.pdf`` file to write.
    lang
        ``"en"``, ``"zh"`` or ``"both"``; with no CJK font at all, English after one warning.
    project, date, title, header
        Title block: project name (default: the Loop park), the header (a
        :class:`maps.PaperHeader` or a header file), with ``date`` and ``title`` over it (the
        date defaults to today, or ``SOURCE_DATE_EPOCH``).
    layers
        Layers for the map (default: the site, zones and height bands the report names).
    include_map
        Draw the map.
    force
        Replace an existing file.

    Returns
    -------
    Path
        The file written.
    """
    from .._paper_header import paper_header

    pages, lang = new_pages(lang)
    head = paper_header(header, title=title, date=report_date(date) if date else None)
    p = paper(r, lang, head)
    _title_block(pages, p, project)
    if include_map:
        map_figure(pages, p.section("map"), p.caption, r, p.lang, layers)
    _sections(pages, p)
    subject = project or pick(PROJECT, p.lang, " / ")
    number_pages(pages)
    return save_pdf(pages, path, p.title, subject, force=force)


def number_pages(pages: Pages) -> None:
    """Write "n / N" at the foot of every page."""
    total = len(pages.figures)
    for n, fig in enumerate(pages.figures, 1):
        fig.text(0.5, 22 / A4_PT[1], f"{n} / {total}", ha="center", va="bottom", fontsize=8)


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


def _title_block(pages: Pages, p: Paper, project: str | None) -> None:
    """The paper's title, its header lines, the project, then the verdict and key figures."""
    pages.page()
    pages.text(MARGIN, p.title, size=18, weight="bold")
    pages.gap(4)
    rows = [(pick(("Project", "項目"), p.lang, " / "), project or pick(PROJECT, p.lang, " / "))]
    for label, value in rows + p.header:
        pages.text(MARGIN, f"{label}: {value}", size=9.5)
    pages.gap(4)
    pages.rule()
    pages.gap(8)
    pages.text(MARGIN, p.section("summary"), size=12, weight="bold")
    colour = "#1b6e20" if p.view.verdict == "PASS" else "#b00020"
    pages.text(MARGIN, f"{p.word('verdict')}: {p.verdict}", size=10.5, weight="bold", colour=colour)
    for label, value in p.figures:
        pages.text(MARGIN + 8, f"{label}: {value}", size=9)
    pages.text(MARGIN + 8, p.count_line, size=9, weight="bold", colour=colour)
    pages.gap(10)


def _sections(pages: Pages, p: Paper) -> None:
    """Tables (headers repeated on each page they run over), then the sections as paragraphs."""
    for key, t in p.tables():
        t = dataclasses.replace(t, frame=t.frame.reset_index(drop=True))  # names, not ids
        pages.room(60)
        pages.text(MARGIN, p.section(key), size=12, weight="bold")
        pages.table(t.headers(" / "), t.text_rows(), [k != "text" for k in t.kinds()])
        pages.gap(12)
    colours = [SEVERITY_COLOURS.get(f[0], "black") for f in p.findings]
    for key, lines, tints in (
        ("findings", p.finding_lines(), colours),
        ("not_run", p.not_run_lines(), None),
        ("assumptions", p.assumptions, None),
        ("sources", p.source_lines(), None),
    ):
        pages.room(40)
        pages.text(MARGIN, p.section(key), size=12, weight="bold")
        for n, line in enumerate(lines or [p.word("none")]):
            pages.text(MARGIN + 8, line, size=8.5, colour=tints[n] if tints and lines else "black")
            pages.gap(2)
        if key == "sources":
            for src in p.sources:
                pages.text(
                    MARGIN + 8, f"[{src.number}] {p.word('footnote')} {src.footnote}", size=6.5
                )
        pages.gap(10)
    pages.room(40)
    pages.text(MARGIN, p.section("appendix"), size=12, weight="bold")
    for key, source, sha in p.appendix:
        pages.text(MARGIN + 8, f"{key}: {source}", size=7.5)
        pages.text(MARGIN + 16, f"SHA-256 {sha}", size=6.5, colour="#444444")


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


def site_map_png(
    r: ValidationReport, lang: str, layers: Mapping[str, Any] | None = None, dpi: int = 150
) -> bytes | None:
    """The report's site map as PNG bytes, shaped for an A4 portrait frame, with the locator
    inset in its upper-left corner (None: no layers).
    """
    from ..paper.static import static_map

    drawn = dict(layers) if layers is not None else _map_layers(r)
    if not drawn:
        return None
    with tempfile.TemporaryDirectory() as folder:
        png = static_map(
            drawn,
            Path(folder) / "map.png",
            lang=lang,
            dpi=dpi,
            validation=r,
            problems=r.problems,
            figsize=MAP_INCHES,
        )
        return _with_locator(Path(png).read_bytes(), r, dpi)


def _with_locator(png: bytes, r: ValidationReport, dpi: int) -> bytes:
    """``png`` with the locator inset drawn over its upper-left corner, as PNG bytes."""
    from matplotlib.image import imread

    image = imread(io.BytesIO(png), format="png")
    h, w = image.shape[:2]
    fig = _new_page()
    fig.set_size_inches(w / dpi, h / dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.imshow(image)
    ax.set_axis_off()
    pages, _ = new_pages("both")
    _locator(fig, r, (w / dpi * 72, h / dpi * 72), pages.font)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


MAP_INCHES = (7.6, 6.4)
"""The site map's size: the width of the text on A4, a little less high than wide."""


def map_figure(
    pages: Pages,
    title: str,
    caption: str,
    r: ValidationReport,
    lang: str,
    layers: Mapping[str, Any] | None = None,
) -> None:
    """The site map of ``r`` under ``title``, sized to its frame (on this page if it fits, else
    the next), with its locator inset, and ``caption`` below it.
    """
    from matplotlib.image import imread

    png = site_map_png(r, lang, layers)
    pages.room(60)
    pages.text(MARGIN, title, size=12, weight="bold")
    if png is not None:
        image = imread(io.BytesIO(png), format="png")
        h, w = image.shape[:2]
        width = A4_PT[0] - 2 * MARGIN
        height = width * h / w
        room = pages.y - MARGIN - 40
        if height > room:  # shrink to the frame left on this page, or start a new one
            if room > 0.6 * height:
                width, height = width * room / height, room
            else:
                pages.page()
        fig = pages.figures[-1]
        box = (MARGIN / A4_PT[0], (pages.y - 4 - height) / A4_PT[1])
        ax = fig.add_axes((*box, width / A4_PT[0], height / A4_PT[1]))
        ax.imshow(image)
        ax.set_axis_off()
        pages.y -= height + 8
    pages.text(MARGIN, caption, size=8, colour="#333333")
    pages.gap(10)


def _locator(fig: Any, r: ValidationReport, frame: tuple[float, float], font: Any) -> None:
    """A small map in the upper-left corner of ``fig`` (the map, ``frame`` points wide and
    high): the district (the Loop and San Tin), the Shenzhen River border (``context.border``)
    and the site outlined in red.
    """
    import gis
    from gis.errors import InputError

    width, height = frame
    try:
        border = gis.load_layer("context.border").to_crs(2326)
        district = [gis.load_layer(n).to_crs(2326) for n in ("santin.boundary", "loop.boundary")]
        source = (r.inputs.get("site") or {}).get("source")
        site = gis.load_layer(str(source)).to_crs(2326) if source else None
    except (InputError, OSError):
        return
    size = 0.26 * width
    ax = fig.add_axes((6 / width, 1 - (size + 14) / height, size / width, size / height))
    for d in district:
        d.plot(ax=ax, facecolor="#eeeeee", edgecolor="#777777", linewidth=0.4)
    border.plot(ax=ax, color="#1f5fbf", linewidth=0.8)
    if site is not None:
        site.plot(ax=ax, facecolor="none", edgecolor="#c00000", linewidth=1.0)
    x0, y0, x1, y1 = district[0].total_bounds
    pad = 1500
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_facecolor("white")
    prop = font.copy()
    prop.set_size(7)
    ax.set_title("Locator / 位置圖", fontproperties=prop, pad=2)
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
