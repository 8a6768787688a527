"""A scenario comparison laid out for people, once, for every renderer (terminal, Markdown, HTML,
PDF, XLSX): readable headers, use and zone names instead of ids, measures with their units, the
number kind of every cell (:mod:`maps._i18n`), and which cells show a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gis.fs import output_date
from gis.scenarios import DELTA, SECTIONS, Comparison

from .. import _i18n as i18n
from .._labels import Lang, check_lang, pick
from ..reports._report_view import _use_name

TITLES: dict[str, tuple[str, str]] = {
    "use": ("GFA and share by use", "各用途的總樓面面積及佔比"),
    "site": ("Site: total GFA, gross plot ratio, capacity", "用地：總樓面面積、總地積比率、容量"),
    "zone": (
        "Capacity use by zone (GFA / capacity; above 100% is over capacity)",
        "各分區容量使用（總樓面面積 / 容量；超過 100% 即超出容量）",
    ),
    "validation": ("Validation", "驗證"),
    "indicator": ("Indicators (assumptions: see notes)", "指標（屬假設：見附註）"),
    "issues": ("Errors and warnings", "錯誤及警告"),
    "inputs": (
        "Appendix: inputs and their SHA-256 (each file once)",
        "附錄：輸入檔案及其 SHA-256（每個檔案一次）",
    ),
    "not_run": ("Checks not run, and why", "未執行的檢查及原因"),
    "all": ("all scenarios", "所有方案"),
    "map_note": ("Site map (in the PDF and HTML papers)", "用地圖（載於 PDF 及 HTML 文件）"),
    "notes": ("Assumptions and notes", "假設及附註"),
    "sources": ("Sources", "資料來源"),
    "footnote": ("Cited as", "引用為"),
    "charts": ("Charts", "圖表"),
    "scenarios": ("Scenarios", "方案"),
    "reference": ("Deltas against", "差額基準"),
    "none": ("(none)", "（無）"),
}
"""Section and table titles of a comparison report."""

HEADERS: dict[str, tuple[str, str]] = {
    "section": ("Section", "部分"),
    "item": ("Item", "名稱"),
    "measure": ("Measure", "量度"),
    "scenario": ("Scenario", "方案"),
    "input": ("Input", "輸入"),
    "reason": ("Why", "原因"),
}

ITEMS: dict[str, tuple[str, str]] = {
    "total": ("Total", "總計"),
    "site": ("Site", "用地"),
    "envelope": ("Building envelope", "建築體積上限"),
    "status": ("Status", "狀態"),
    "errors": ("Errors", "錯誤"),
    "warnings": ("Warnings", "警告"),
    "failed checks": ("Failed checks", "未通過的檢查"),
    "jobs": ("Jobs", "職位"),
    "talent_flats": ("Talent flats", "人才公寓"),
    "residents": ("Residents", "居民"),
    "open_space_need": ("Open space needed (HKPSG)", "所需休憩用地（香港規劃標準與準則）"),
    "open_space_provided": ("Open space on the zones", "分區提供的休憩用地"),
    "open_space_shortfall": ("Open space shortfall", "休憩用地短缺"),
}

MEASURES: dict[str, tuple[tuple[str, str], str]] = {
    "gfa_m2": (("GFA (m²)", "總樓面面積（平方米）"), "m2"),
    "share_pct": (("Share", "佔比"), "percent"),
    "area_m2": (("Area (m²)", "面積（平方米）"), "m2"),
    "gross_plot_ratio": (("Gross plot ratio", "總地積比率"), "ratio"),
    "capacity_m2": (("Capacity (m²)", "容量（平方米）"), "m2"),
    "utilisation": (("Capacity use", "容量使用率"), "fraction"),
    "count": (("Count", "數目"), "int"),
    "count (assumption)": (("Count (assumption)", "數目（假設）"), "int"),
    "": (("", ""), "text"),
}
"""Measure code -> (English, Chinese) label and kind of number."""

WORDS: dict[str, tuple[str, str]] = {
    "PASS": ("PASS", "通過"),
    "FAIL": ("FAIL", "不通過"),
    "INCOMPLETE": ("INCOMPLETE", "未能判定"),
    "(none)": ("(none)", "（無）"),
}


@dataclass
class Grid:
    """One table of a comparison: raw values, the number kind and failure flag of every cell."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    kinds: list[list[str]]
    numeric: list[bool]
    failed: list[list[bool]] = field(default_factory=list)
    severities: list[str] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        """Rows as text in the one number format of :func:`maps._i18n.number`."""
        return [
            [i18n.number(v, k) for v, k in zip(row, kinds, strict=True)]
            for row, kinds in zip(self.rows, self.kinds, strict=True)
        ]

    def display(self) -> pd.DataFrame:
        """Text cells under readable headers (Markdown, HTML, terminal)."""
        return pd.DataFrame(self.text_rows(), columns=self.headers)

    def row_failed(self, n: int) -> bool:
        """True when any cell of row ``n`` shows a failure (or the row is an error)."""
        return any(self.failed[n]) if self.failed else False


@dataclass
class ComparisonView:
    """What every rendering of a :class:`~gis.scenarios.side_by_side.Comparison` shows."""

    lang: Lang
    title: str
    labels: list[str]
    reference: str
    tables: list[Grid]
    notes: list[str]
    header: list[tuple[str, str]] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # "[n] title...", file cited

    def word(self, key: str) -> str:
        return pick(TITLES[key], self.lang, " / ")

    def table(self, key: str) -> Grid | None:
        return next((t for t in self.tables if t.key == key), None)


def title(comp: Comparison, lang: Lang) -> str:
    """The report's title naming the scenarios and the reference, in ``lang``."""
    en = f"Scenario comparison: {', '.join(comp.labels)} (deltas against {comp.ref_label})"
    zh = f"方案比較：{'、'.join(comp.labels)}（差額以 {comp.ref_label} 為基準）"
    return pick((en, zh), lang, " / ")


def zone_names(comp: Comparison, lang: Lang) -> dict[str, str]:
    """Zone id -> its name in ``lang`` (from the scenarios' validation reports; else the id)."""
    out: dict[str, str] = {}
    for rep in comp.reports:
        z = rep.zones
        if not len(z) or "name_en" not in z:
            continue
        for zid, rec in z.iterrows():
            en = rec.get("name_en")
            zh = rec.get("name_zh")
            en = str(zid) if pd.isna(en) or not str(en) else str(en)
            zh = en if pd.isna(zh) or not str(zh) else str(zh)
            out.setdefault(str(zid), pick((en, zh), lang, " / "))
    return out


def use_names(comp: Comparison, lang: Lang) -> dict[str, str]:
    """Use id -> its name in ``lang`` (the use categories; else the id)."""
    use = comp.section("use")
    return {str(u): _use_name(str(u), lang) for u in dict.fromkeys(use["item"])}


def comparison_view(comp: Comparison, lang: str = "en", header: Any = None) -> ComparisonView:
    """Lay out ``comp`` in ``lang`` (``"en"``, ``"zh"`` or ``"both"``) as a paper under
    ``header`` (:class:`maps.PaperHeader` or a header file): the verdicts first (validation),
    the figures, the findings, then the inputs once each, as an appendix.
    """
    from .._paper_header import LABELS, paper_header

    lang_ = check_lang(lang)
    head = paper_header(header)
    names = {"use": use_names(comp, lang_), "zone": zone_names(comp, lang_)}
    order = sorted(SECTIONS, key=lambda s: s != "validation")  # the verdicts first
    tables = [_section(comp, s, names.get(s, {}), lang_) for s in order]
    sources, cite = _sources(comp, lang_)
    tables += [_issues(comp, lang_), _not_run(comp, lang_, cite), _inputs(comp, lang_)]
    return ComparisonView(
        lang=lang_,
        title=head.title or title(comp, lang_),
        labels=list(comp.labels),
        reference=comp.ref_label,
        tables=tables,
        notes=comp.notes(),
        header=[(pick(LABELS[k], lang_, " / "), str(val)) for k, val in head.lines()],
        sources=sources,
    )


def _sources(comp: Comparison, lang: Lang) -> tuple[list[tuple[str, str]], Callable[[str], str]]:
    """The documents the scenarios' checks and findings cite, by title, with the file cited;
    and a function writing a seed's file name in a text as its number (``[1] §3.1.1``).
    """
    from gis.catalog import cited_documents

    from ..reports._paper import _SEED

    texts = [c.source or "" for r in comp.reports for c in r.checklist]
    texts += [c.detail for r in comp.reports for c in r.checklist]
    texts += [i.source or "" for r in comp.reports for i in r.issues]
    docs = cited_documents(texts)
    number = {d.key: n for n, d in enumerate(docs, 1)}

    def cite(text: str) -> str:
        return _SEED.sub(lambda m: f"[{number[m[0]]}]" if m[0] in number else m[0], text)

    sources = [
        (
            f"[{n}] {pick((d.title_en, d.title_zh), lang, ' / ')}. {d.publisher}; {d.date}.",
            d.key,
        )
        for n, d in enumerate(docs, 1)
    ]
    return sources, cite


def _head(code: str, lang: Lang) -> str:
    return pick(HEADERS[code], lang, " / ") if code in HEADERS else code


def _value(v: Any, lang: Lang) -> Any:
    if isinstance(v, str) and v:
        parts = v.split(" → ")
        return " → ".join(pick(WORDS[p], lang, " / ") if p in WORDS else p for p in parts)
    return v


def _failed(section: str, item: str, measure: str, v: Any) -> bool:
    """A cell that shows a failure: a zone over capacity, an invalid scenario, an error."""
    if isinstance(v, str):
        return section == "validation" and v == "FAIL"
    if v is None or pd.isna(v):
        return False
    if measure == "utilisation":
        return float(v) > 1.0
    return section == "validation" and item == "errors" and float(v) > 0


def _delta_kind(kind: str, column: str) -> str:
    """A difference of two shares (a delta column of a share or a capacity use) is in
    percentage points, not per cent.
    """
    if not str(column).startswith(DELTA):
        return kind
    return {"percent": "points", "fraction": "fraction_points"}.get(kind, kind)


def _section(comp: Comparison, name: str, names: dict[str, str], lang: Lang) -> Grid:
    df = comp.section(name)
    values = [c for c in df.columns if c not in ("item", "measure")]
    headers = [_head("item", lang), _head("measure", lang), *values]
    rows, kinds, failed = [], [], []
    for rec in df.itertuples(index=False):
        item, measure = str(rec[0]), str(rec[1])
        label_pair, kind = MEASURES.get(measure, ((measure, measure), "text"))
        shown = names.get(item) or (pick(ITEMS[item], lang, " / ") if item in ITEMS else item)
        cells = list(rec[2:])
        rows.append([shown, pick(label_pair, lang, " / "), *(_value(v, lang) for v in cells)])
        kinds.append(["text", "text", *(_delta_kind(kind, col) for col in values)])
        failed.append(
            [
                False,
                False,
                *(
                    not str(col).startswith(DELTA) and _failed(name, item, measure, v)
                    for col, v in zip(values, cells, strict=True)
                ),
            ]
        )
    numeric = [False, False, *(True for _ in values)]
    return Grid(name, pick(TITLES[name], lang, " / "), headers, rows, kinds, numeric, failed)


def _issues(comp: Comparison, lang: Lang) -> Grid:
    from ..reports._report_view import finding_text

    rows, severities = [], []
    for lab, rep in zip(comp.labels, comp.reports, strict=True):
        for issue in rep.issues:
            if issue.severity == "info":
                continue
            severities.append(issue.severity)
            rows.append(
                [
                    lab,
                    i18n.word(i18n.SEVERITIES, issue.severity, lang),
                    issue.check,
                    finding_text(issue, lang),
                ]
            )
    codes = ("scenario", "severity", "check", "message")
    headers = [_head(c, lang) if c in HEADERS else i18n.header(c, lang) for c in codes]
    return Grid(
        "issues",
        pick(TITLES["issues"], lang, " / "),
        headers,
        rows,
        [["text"] * 4 for _ in rows],
        [False] * 4,
        [[s == "error"] * 4 for s in severities],
        severities,
    )


def not_run(comp: Comparison) -> list[tuple[list[str], str, str, str]]:
    """Each check not run (check, scope, reason) once, with the scenarios where it did not run;
    the scenarios are all of them when every scenario skipped it for the same reason.
    """
    seen: dict[tuple[str, str, str], list[str]] = {}
    for lab, rep in zip(comp.labels, comp.reports, strict=True):
        for c in rep.checklist:
            if not c.ran:
                seen.setdefault((c.check, c.scope, c.detail), []).append(lab)
    return [(labs, *key) for key, labs in seen.items()]


def _not_run(comp: Comparison, lang: Lang, cite: Callable[[str], str]) -> Grid:
    """The checks of the scenarios' checklists that did not run, and why ("all scenarios" for
    a check no scenario ran for the same reason; a seed's file name as its source number).
    """
    every = len(comp.labels) > 1
    rows = [
        [
            pick(TITLES["all"], lang, " / ")
            if every and len(labs) == len(comp.labels)
            else ", ".join(labs),
            check,
            scope,
            cite(why),
        ]
        for labs, check, scope, why in not_run(comp)
    ]
    codes = ("scenario", "check", "scope", "reason")
    headers = [_head(c, lang) if c in HEADERS else i18n.header(c, lang) for c in codes]
    return Grid(
        "not_run",
        pick(TITLES["not_run"], lang, " / "),
        headers,
        rows,
        [["text"] * 4 for _ in rows],
        [False] * 4,
        [[False] * 4 for _ in rows],
    )


def _inputs(comp: Comparison, lang: Lang) -> Grid:
    """Every file read, once (the scenarios that read it joined), paths as the user gave them."""
    from ..reports._paper import shown_path

    f = comp.inputs_frame().fillna("")
    f["source"] = [shown_path(str(v)) for v in f["source"]]
    keys = [c for c in f.columns if c != "scenario"]
    f = (
        f.groupby(keys, sort=False)["scenario"]
        .agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))
        .reset_index()[["scenario", *keys]]
    )
    rows = [[str(v) for v in rec] for rec in f.itertuples(index=False)]
    headers = [_head(c, lang) if c in HEADERS else i18n.header(c, lang) for c in f.columns]
    return Grid(
        "inputs",
        pick(TITLES["inputs"], lang, " / "),
        headers,
        rows,
        [["text"] * len(headers) for _ in rows],
        [False] * len(headers),
    )


def stamp() -> str:
    """The program and version; the time only when asked for (``SOURCE_DATE_EPOCH``), so the
    same scenarios give the same bytes.
    """
    import gis

    when = output_date()
    return f"technopole {gis.__version__}" + (f", {when:%Y-%m-%d %H:%M UTC}" if when else "")
