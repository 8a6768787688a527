"""Write a scenario comparison: markdown, html (one self-contained file), csv, json or xlsx.

Every report carries the SHA-256 of each input file (scenario files and the layers and tables of
their base project), so a result traces to its files. Outputs are written atomically.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ._compare import SECTION_TITLES, Comparison
from ._fs import atomic_path, atomic_write
from .errors import InputError

REPORT_FORMATS = ("markdown", "html", "csv", "json", "xlsx")
_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
           ".csv": "csv", ".json": "json", ".xlsx": "xlsx"}
TABLE_TITLES = {**SECTION_TITLES, "issues": "Errors and warnings",
                "inputs": "Inputs (SHA-256 of every file read)"}


def format_for(path: str | os.PathLike[str]) -> str:
    """The report format a file name asks for (by its suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIX:
        raise InputError(f"cannot tell the report format from '{suffix or Path(path).name}'; "
                         f"use one of {', '.join(sorted(_SUFFIX))}", source=str(path))
    return _SUFFIX[suffix]


def _title(comp: Comparison) -> str:
    return f"Scenario comparison: {', '.join(comp.labels)} (deltas against {comp.ref_label})"


def _stamp() -> str:
    import gis

    return (f"technopole {gis.__version__}, "
            f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}")


def _long_csv(comp: Comparison) -> str:
    frame = comp.frame.copy()
    extra = []
    for lab, sc in zip(comp.labels, comp.scenarios, strict=True):
        for key, v in sc.inputs().items():
            row = {"section": "input", "item": f"{key}: {v['source']}", "measure": "sha256"}
            row.update({c: (v["sha256"] if c == lab else None) for c in frame.columns[3:]})
            extra.append(row)
    return pd.concat([frame, pd.DataFrame(extra)], ignore_index=True).to_csv(index=False)


def _markdown(comp: Comparison) -> str:
    from .formats import frame_to_markdown

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
    from .formats import to_json

    return to_json({
        "title": _title(comp), "generated": _stamp(), "scenarios": comp.labels,
        "reference": comp.ref_label,
        "tables": {k: v.to_dict(orient="records") for k, v in comp.tables().items()},
        "notes": comp.notes(),
    })


def _xlsx(comp: Comparison, target: Path) -> None:
    with pd.ExcelWriter(target, engine="openpyxl") as xl:
        for name, df in comp.tables().items():
            df.to_excel(xl, sheet_name=name[:31], index=False)
        pd.DataFrame({"note": [_title(comp), _stamp(), *comp.notes()]}).to_excel(
            xl, sheet_name="notes", index=False)


def _img(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _html(comp: Comparison, *, charts: bool, maps: bool,
          page_filter: Callable[[str], str] | None) -> str:
    from .formats import frame_to_html

    e = html.escape
    parts = [f"<h1>{e(_title(comp))}</h1>", f"<p class=meta>{e(_stamp())}</p>"]
    if charts:
        from ._charts import gfa_by_use_png, zone_use_png

        parts += ["<h2>Charts</h2>", _img(gfa_by_use_png(comp), "GFA by use"),
                  _img(zone_use_png(comp), "Capacity use by zone")]
    for name, df in comp.tables().items():
        parts += [f"<h2>{e(TABLE_TITLES[name])}</h2>",
                  frame_to_html(df) if len(df) else "<p>(none)</p>"]
    if maps and comp.others():
        from ._diffmap import diff_map_html

        parts.append("<h2>Diff maps: change in capacity use by zone</h2>")
        if page_filter is None:
            parts.append("<p class=note>These maps load Leaflet from its CDN (no offline "
                         "inlining was available): they need the network to show.</p>")
        for i in comp.others():
            page = diff_map_html(comp, i, page_filter)
            parts += [f"<h3>{e(comp.labels[i])} vs {e(comp.ref_label)}</h3>",
                      f'<iframe title="{e(comp.labels[i])}" srcdoc="{e(page, quote=True)}">'
                      "</iframe>"]
    parts += ["<h2>Notes</h2>", "<ul>"] + [f"<li>{e(n)}</li>" for n in comp.notes()] + ["</ul>"]
    style = ("body{font:14px sans-serif;margin:2em;max-width:1400px}table{border-collapse:"
             "collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;"
             "text-align:right}td:first-child,th:first-child{text-align:left}img{max-width:100%;"
             "display:block;margin:1em 0}iframe{width:100%;height:520px;border:1px solid #999}"
             ".meta,.note{color:#555}")
    return ("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
            f"<title>{e(_title(comp))}</title><style>{style}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def render_comparison(comp: Comparison, fmt: str, *, charts: bool = True, maps: bool = True,
                      page_filter: Callable[[str], str] | None = None) -> str | bytes:
    """The report as text (``markdown``, ``html``, ``csv``, ``json``) or bytes (``xlsx``)."""
    if fmt == "markdown":
        return _markdown(comp)
    if fmt == "csv":
        return _long_csv(comp)
    if fmt == "json":
        return _json(comp)
    if fmt == "html":
        return _html(comp, charts=charts, maps=maps, page_filter=page_filter)
    if fmt == "xlsx":
        buf = io.BytesIO()
        _xlsx(comp, buf)  # type: ignore[arg-type]
        return buf.getvalue()
    raise InputError(f"unknown report format '{fmt}'; expected one of {', '.join(REPORT_FORMATS)}")


def write_comparison(scenarios: Comparison | Iterable[Any], path: str | os.PathLike[str],
                     fmt: str | None = None, *, against: Any = None, force: bool = True,
                     charts: bool = True, maps: bool = True,
                     page_filter: Callable[[str], str] | None = None,
                     maps_dir: str | os.PathLike[str] | None = None) -> Path:
    """Compare scenarios and write the report atomically.

    Parameters
    ----------
    scenarios
        A :class:`~gis._compare.Comparison`, or what :func:`gis.compare` takes.
    path
        The report file; ``fmt`` defaults to its suffix (.md .html .csv .json .xlsx).
    against
        The reference scenario (see :func:`gis.compare`).
    force
        Replace an existing file (else :class:`~gis.errors.OutputError`).
    charts, maps
        HTML only: embed the PNG charts and the diff maps (as ``iframe srcdoc``).
    page_filter
        Applied to each rendered map page, e.g. ``maps._offline.inline_assets`` for pages that
        work offline.
    maps_dir
        Also write each diff map as ``diff_<scenario>_vs_<reference>.html`` in this folder.
    """
    from .scenarios import comparison

    comp = scenarios if isinstance(scenarios, Comparison) else comparison(scenarios, against)
    fmt = fmt or format_for(path)
    if fmt == "xlsx":
        with atomic_path(path, force=force) as tmp:
            _xlsx(comp, tmp)
    else:
        data = render_comparison(comp, fmt, charts=charts, maps=maps, page_filter=page_filter)
        atomic_write(path, data, force=force)
    if maps_dir is not None:
        from ._diffmap import diff_map_html

        for i in comp.others():
            name = _safe_name(f"diff_{comp.labels[i]}_vs_{comp.ref_label}") + ".html"
            atomic_write(Path(maps_dir) / name, diff_map_html(comp, i, page_filter), force=force)
    return Path(path)


def _safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
