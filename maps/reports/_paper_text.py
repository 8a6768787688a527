"""The paper (:mod:`maps.reports._paper`) as text: Markdown, and the JSON report with the
paper's sections under ``"paper"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gis.formats import frame_to_markdown, md_text
from gis.report import ValidationReport

from ._paper import paper

__all__ = ["report_markdown", "report_json"]


def report_markdown(
    r: ValidationReport, title: str | None = None, lang: str = "en", header: Any = None
) -> str:
    """The report as a Markdown paper in ``lang`` (``"en"``, ``"zh"`` or ``"both"``): the
    sections of :func:`maps.reports._paper.paper`, in its order.
    """
    p = paper(r, lang, header, title)
    parts = [f"# {md_text(p.title)}", ""]
    parts += [f"- **{md_text(k)}**: {md_text(val)}" for k, val in p.header]
    parts += [
        "",
        f"## {p.section('summary')}",
        "",
        f"**{p.word('verdict')}: {md_text(p.verdict)}**",
        "",
    ]
    parts += [f"- **{md_text(k)}**: {md_text(val)}" for k, val in p.figures]
    parts += ["", f"## {p.section('map')}", "", f"*{md_text(p.caption)}*"]
    for key, t in p.tables():
        parts += ["", f"## {p.section(key)}", "", frame_to_markdown(t.display())]
    for key, lines in (
        ("findings", p.finding_lines()),
        ("not_run", p.not_run_lines()),
        ("assumptions", p.assumptions),
    ):
        parts += ["", f"## {p.section(key)}", ""]
        parts += [f"- {md_text(line)}" for line in lines] or [p.word("none")]
    parts += ["", f"## {p.section('sources')}", ""]
    parts += [
        f"{md_text(line)}[^{s.number}]  "
        for line, s in zip(p.source_lines(), p.sources, strict=True)
    ]
    parts += [""] + [f"[^{s.number}]: {p.word('footnote')} `{s.footnote}`" for s in p.sources]
    parts += ["", f"## {p.section('appendix')}", ""]
    parts += [f"- {md_text(k)}: `{md_text(src)}` sha256 `{sha}`" for k, src, sha in p.appendix]
    parts += ["", p.count_line, ""]
    return "\n".join(parts)


def report_json(r: ValidationReport, lang: str = "en", header: Any = None) -> Iterator[str]:
    """The JSON report (:meth:`~gis.report.ValidationReport.iter_json`) with the paper's
    sections under ``"paper"`` (title block, verdict, sources by title, inputs as given).
    """
    from gis.formats import to_json

    pieces = r.iter_json()  # streamed: a million zone rows are never one string
    last = next(pieces)
    for piece in pieces:
        yield last
        last = piece
    body = to_json(paper(r, lang, header).to_dict()).replace("\n", "\n  ")
    yield last.removesuffix("}").rstrip() + f',\n  "paper": {body}\n}}'
