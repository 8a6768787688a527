"""A validation report as a committee paper: ONE content model that every format renders
(terminal, Markdown, HTML, PDF, XLSX, JSON), so no format says more or less than another.

The sections, in order: title block; verdict and key figures; the site map (a figure in PDF and
HTML, its caption everywhere); the table as submitted and as read; zones; findings; checks not
run and why; assumptions; sources as a bibliography (documents by title, publisher and date, the
seed file name as a footnote); an appendix of the inputs with their SHA-256, once, with paths as
the user gave them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gis.report import ValidationReport

from .. import _i18n as i18n
from .._labels import Lang, pick
from .._paper_header import LABELS, PaperHeader, paper_header
from ._report_view import ReportView, Table, report_view

__all__ = ["Paper", "Source", "paper", "PAPER_SECTIONS", "shown_path"]

PAPER_SECTIONS: dict[str, tuple[str, str]] = {
    "summary": ("1. Verdict and key figures", "1. 結論及主要數字"),
    "map": ("2. Site map", "2. 用地圖"),
    "table": ("3. The table as submitted and as read", "3. 所提交及所讀取的分配表"),
    "zones": ("4. Zones: capacity use", "4. 各分區容量使用"),
    "provision": (
        "4a. People and provision (HKPSG)",
        "4a. 人口及設施供應（香港規劃標準與準則）",
    ),
    "findings": ("5. Findings", "5. 檢查結果"),
    "not_run": ("6. Checks not run, and why", "6. 未執行的檢查及原因"),
    "assumptions": ("7. Assumptions", "7. 假設"),
    "sources": ("8. Sources", "8. 資料來源"),
    "appendix": ("Appendix: inputs and their SHA-256", "附錄：輸入檔案及其 SHA-256"),
}
"""Section titles of a paper, in the order every format prints them."""

WORDS: dict[str, tuple[str, str]] = {
    "verdict": ("Verdict", "結論"),
    "caption": (
        "The site, its zones and height bands; zones coloured by capacity use. Inset: where the "
        "site lies in the district, with the Shenzhen River border.",
        "用地、其分區及高度帶；分區按容量使用率著色。插圖：用地在區內的位置及深圳河邊界。",
    ),
    "as_written": ("Label as written", "原文標籤"),
    "read_as": ("Read as", "讀作"),
    "matched_by": ("Matched by", "配對方式"),
    "file": ("file", "檔案"),
    "none": ("None.", "無。"),
    "footnote": ("Cited as", "引用為"),
}

_SEED = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography: its number, the text printed, and the file cited."""

    number: int
    text: str
    footnote: str


@dataclass
class Paper:
    """What every format of a validation paper shows, in order (:data:`PAPER_SECTIONS`)."""

    lang: Lang
    title: str
    header: list[tuple[str, str]]
    verdict: str
    ok: bool
    figures: list[tuple[str, str]]
    caption: str
    table: Table | None
    zones: Table | None
    findings: list[tuple[str, str, str, str]]  # severity code, check, message, source
    not_run: list[tuple[str, str, str]]  # check, scope, reason
    assumptions: list[str]
    sources: list[Source]
    appendix: list[tuple[str, str, str]]  # key, path as given, SHA-256
    count_line: str
    view: ReportView = field(repr=False)
    provision: Table | None = None  # with --people or --provision

    def tables(self) -> list[tuple[str, Table]]:
        """The paper's tables, ``(section key, table)``, in order (those it has)."""
        found = (("table", self.table), ("zones", self.zones), ("provision", self.provision))
        return [(k, t) for k, t in found if t is not None]

    def section(self, key: str) -> str:
        """A section's title in the paper's language."""
        return pick(PAPER_SECTIONS[key], self.lang, " / ")

    def word(self, key: str) -> str:
        """A word of the paper (:data:`WORDS`) in its language."""
        return pick(WORDS[key], self.lang, " / ")

    def finding_lines(self) -> list[str]:
        """Each finding as one line: severity, check, message, source."""
        return [
            f"{i18n.ICONS[sev]} {i18n.word(i18n.SEVERITIES, sev, self.lang)} · {check}: {msg}"
            + (f" ({src})" if src else "")
            for sev, check, msg, src in self.findings
        ]

    def not_run_lines(self) -> list[str]:
        """Each check not run: its id, scope and reason."""
        return [f"{check} ({scope}): {why}" for check, scope, why in self.not_run]

    def source_lines(self) -> list[str]:
        """The bibliography, numbered, with the cited file as a footnote."""
        return [f"[{s.number}] {s.text}" for s in self.sources]

    def texts(self) -> dict[str, list[str]]:
        """Every string each format must contain, by section (what the format test compares)."""
        return {
            "title": [self.title, *(v for _, v in self.header)],
            "summary": [
                self.section("summary"),
                self.verdict,
                *(v for _, v in self.figures),
                self.count_line,
            ],
            "map": [self.section("map"), self.caption],
            "table": [self.section("table")] if self.table is not None else [],
            "findings": [self.section("findings"), *(m for _, _, m, _ in self.findings)],
            "not_run": [self.section("not_run"), *(c for c, _, _ in self.not_run)],
            "assumptions": [self.section("assumptions"), *self.assumptions],
            "sources": [self.section("sources"), *(s.text for s in self.sources)],
            "appendix": [self.section("appendix"), *(sha for _, _, sha in self.appendix)],
        }

    def to_dict(self) -> dict[str, Any]:
        """The paper as JSON-ready data (the ``paper`` part of the JSON report)."""
        return {
            "title": self.title,
            "sections": {k: self.section(k) for k in PAPER_SECTIONS},
            "header": dict(self.header),
            "verdict": self.verdict,
            "figures": dict(self.figures),
            "count": self.count_line,
            "map_caption": self.caption,
            "findings": self.finding_lines(),
            "not_run": self.not_run_lines(),
            "assumptions": self.assumptions,
            "sources": [
                {"number": s.number, "text": s.text, "file": s.footnote} for s in self.sources
            ],
            "appendix": [{"input": k, "path": p, "sha256": h} for k, p, h in self.appendix],
        }


def paper(
    r: ValidationReport,
    lang: str = "en",
    header: PaperHeader | str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> Paper:
    """Lay out ``r`` as a paper in ``lang`` under ``header`` (a :class:`PaperHeader` or a header
    file; ``title`` over its title).
    """
    head = paper_header(header, title=title)
    v = report_view(r, lang, head.title)
    sources, cite = _bibliography(r, v.lang)
    return Paper(
        lang=v.lang,
        title=v.title,
        header=[(pick(LABELS[k], v.lang, " / "), str(val)) for k, val in head.lines()],
        verdict=v.status,
        ok=r.ok,
        figures=list(v.headline[1:]),
        caption=pick(WORDS["caption"], v.lang, " / "),
        table=_as_read(r, v),
        zones=v.table("zones"),
        findings=[
            (i.severity, i.check, i18n.finding(i, v.lang), cite(i.source or "")) for i in r.issues
        ],
        not_run=[(c.check, c.scope, cite(c.detail)) for c in r.checklist if not c.ran],
        assumptions=_assumptions(r, cite),
        sources=sources,
        appendix=[
            (str(k), shown_path(str(val.get("source"))), str(val.get("sha256")))
            for k, val in r.inputs.items()
        ],
        count_line=v.count_line,
        view=v,
        provision=v.table("provision"),
    )


def shown_path(path: str) -> str:
    """A path as the user would write it: relative to the working folder when inside it, an
    embedded file as ``layers/NAME (embedded)``; never a long absolute path to a temporary folder
    when a shorter one names the same file.
    """
    from gis.config import layers_dir

    p = Path(path)
    if not p.is_absolute():
        return path
    for base, fmt in ((layers_dir(), "layers/{} (embedded)"), (Path.cwd(), "{}")):
        try:
            return fmt.format(p.resolve().relative_to(base.resolve()).as_posix())
        except ValueError:
            continue
    return path


def _as_read(r: ValidationReport, v: ReportView) -> Table | None:
    """The table as submitted (the label as written) and as read (the use it matched)."""
    if not len(r.uses):
        return None
    from ._report_view import _use_name

    u = r.uses
    read_as = [_use_name(str(i), v.lang) for i in u.index]
    col = next((c for c in ("label_as_written", "label") if c in u), None)
    written = [str(x) for x in u[col]] if col else read_as
    frame = pd.DataFrame({"as_written": written, "read_as": read_as})
    if "matched_by" in u:
        frame["matched_by"] = [str(x) for x in u["matched_by"]]
    for col in ("gfa_m2", "share_pct"):
        if col in u:
            frame[col] = u[col].to_numpy()
    frame = frame.rename(columns={k: pick(WORDS[k], v.lang, " / ") for k in WORDS if k in frame})
    return Table("table", pick(PAPER_SECTIONS["table"], v.lang, " / "), frame, v.lang)


def _assumptions(r: ValidationReport, cite: Any) -> list[str]:
    """Every assumption the report rests on, once: of the checks, of the findings, each
    schematic layer it read, and each superseded plan it read (what replaced it).
    """
    out: list[str] = []
    for c in r.checklist:
        for part in (c.source or "").split("; "):
            if part.startswith("assumption") and f"{c.check}: {part}" not in out:
                out.append(cite(f"{c.check}: {part}"))
    for i in r.issues:
        src = i.source or ""
        if src.startswith("assumption") and cite(f"{i.check}: {src}") not in out:
            out.append(cite(f"{i.check}: {src}"))
    for layer in _input_layers(r):
        later = layer.get("superseded_by")
        if later:  # a dated plan: say what replaced it wherever the report is read
            out.append(
                f"{layer.get('title_en')}: a dated plan, superseded by the "
                f"{later.get('plan_en')} (approved {later.get('approved')}), which is not "
                "available as data"
            )
        if layer.get("accuracy") == "schematic":
            out.append(
                f"{layer.get('title_en')}: accuracy schematic, drawn on "
                f"{', '.join(layer.get('drawn_on') or [])} (not an official boundary)"
            )
    return list(dict.fromkeys(out))


def _input_layers(r: ValidationReport) -> list[dict[str, Any]]:
    """The manifest entries of the embedded layers the report read."""
    from gis.catalog import manifest
    from gis.config import layers_dir

    files = {
        Path(str(val.get("source"))).resolve()
        for val in r.inputs.values()
        if val.get("source") is not None
    }
    base = layers_dir().resolve()
    return [
        entry
        for entry in manifest().get("layers", {}).values()
        if (base / str(entry.get("file"))).resolve() in files
    ]


def _bibliography(r: ValidationReport, lang: Lang) -> tuple[list[Source], Any]:
    """The documents the report cites (checks, findings, layers read), numbered, and a function
    that writes a source string with ``[n]`` for each seed file name.
    """
    from gis.catalog import cited_documents

    texts = [c.source or "" for c in r.checklist] + [c.detail for c in r.checklist]
    texts += [i.source or "" for i in r.issues]
    from gis.catalog import manifest

    every = manifest().get("layers", {})
    for layer in _input_layers(r):
        for entry in [layer, *(every.get(name, {}) for name in layer.get("drawn_on") or [])]:
            texts += [str(entry.get("source") or ""), str(entry.get("plan_no") or "")]
    docs = cited_documents(texts)
    number = {d.key: n for n, d in enumerate(docs, 1)}
    sources = [
        Source(
            n,
            f"{pick((d.title_en, d.title_zh), lang, ' / ')}. {d.publisher}; {d.date}."
            + (f" (Title identified {d.identified}.)" if d.identified else ""),
            d.key,
        )
        for n, d in enumerate(docs, 1)
    ]

    def cite(text: str) -> str:
        return _SEED.sub(lambda m: f"[{number[m.group(0)]}]" if m.group(0) in number else "", text)

    return sources, cite
