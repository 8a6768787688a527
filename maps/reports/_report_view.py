"""A validation report laid out for people, once, for every renderer (terminal, Markdown, HTML,
PDF, XLSX): translated titles and headers, names in the chosen language, numbers kept as numbers
with the kind of format each column wants (:mod:`maps._i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gis.report import ValidationReport

from .. import _i18n as i18n
from .._labels import Lang, check_lang, pick

ZONE_COLS = [
    "zone",
    "area_ha",
    "storeys_min",
    "storeys_max",
    "height_mpd_max",
    "capacity_m2",
    "gfa_m2",
    "utilisation",
    "implied_plot_ratio",
    "status",
    "binding_limit",
]
USE_COLS = [
    "use",
    "label_as_written",
    "matched_by",
    "gfa_m2",
    "share_pct",
    "capacity_m2",
    "utilisation",
    "land_share_pct",
]


@dataclass
class Table:
    """One table of the report: raw values (numbers stay numbers) under column codes."""

    key: str
    title: str
    frame: pd.DataFrame
    lang: Lang
    severities: list[str] = field(default_factory=list)  # the findings table: one per row

    @property
    def codes(self) -> list[str]:
        clean = self.frame.reset_index() if self.frame.index.name else self.frame
        return [str(c) for c in clean.columns]

    def headers(self, sep: str = " / ") -> list[str]:
        return [i18n.header(c, self.lang, sep) for c in self.codes]

    def kinds(self) -> list[str]:
        return [i18n.kind(c) for c in self.codes]

    def rows(self) -> list[list[Any]]:
        clean = self.frame.reset_index() if self.frame.index.name else self.frame
        return [list(rec) for rec in clean.itertuples(index=False)]

    def text_rows(self) -> list[list[str]]:
        """Rows as text in the one number format."""
        kinds = self.kinds()
        return [[i18n.number(v, k) for v, k in zip(row, kinds, strict=True)] for row in self.rows()]

    def display(self, sep: str = " / ") -> pd.DataFrame:
        """Text cells under readable headers (for Markdown and the terminal)."""
        return pd.DataFrame(self.text_rows(), columns=self.headers(sep))


@dataclass
class ReportView:
    """What every rendering of a :class:`~gis.report.ValidationReport` shows."""

    lang: Lang
    title: str
    ok: bool
    verdict: str
    status: str
    count_line: str
    headline: list[tuple[str, str]]
    tables: list[Table]
    inputs: list[tuple[str, str, str]]
    not_run: Table | None = None

    def section(self, key: str) -> str:
        return pick(i18n.SECTIONS[key], self.lang, " / ")

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def report_view(r: ValidationReport, lang: str = "en", title: str | None = None) -> ReportView:
    """Lay out ``r`` in ``lang`` (``"en"``, ``"zh"`` or ``"both"``)."""
    lang_ = check_lang(lang)
    tables = [
        t
        for t in (
            _zones(r, lang_),
            _uses(r, lang_),
            _provision(r, lang_),
            _issues(r, lang_),
            _checks(r, lang_),
        )
        if t is not None
    ]
    inputs = [(str(k), str(v.get("source")), str(v.get("sha256"))) for k, v in r.inputs.items()]
    return ReportView(
        lang=lang_,
        title=title or pick(i18n.SECTIONS["title"], lang_, " / "),
        ok=r.ok,
        verdict=r.verdict,
        status=i18n.status_text(r.status, lang_),
        count_line=i18n.count_text(len(r.errors), len(r.warnings), lang_),
        headline=_headline(r, lang_),
        tables=tables,
        inputs=inputs,
        not_run=_not_run(r, lang_),
    )


def _headline(r: ValidationReport, lang: Lang) -> list[tuple[str, str]]:
    s = r.summary
    nan = float("nan")

    def label(key: str) -> str:
        return i18n.word(i18n.HEADLINE, key, lang)

    rows = [
        (label("status"), i18n.status_text(r.status, lang)),
        (label("total_gfa"), f"{i18n.number(s.get('total_gfa_m2', nan), 'm2')} m²"),
        (label("site"), f"{s.get('site')} — {i18n.number(s.get('site_area_ha', nan), 'ha')} ha"),
        (label("gross_plot_ratio"), i18n.number(s.get("gross_plot_ratio", nan), "ratio")),
    ]
    if r.questions:
        rows.append((label("questions"), i18n.questions_text(r.questions, lang)))
    if "residents_low" in s:  # a validation with --people
        rng = f"{i18n.number(s['residents_low'], 'm2')}-{i18n.number(s['residents_high'], 'm2')}"
        people = f"{i18n.number(s['residents'], 'm2')} ({rng}); {i18n.number(s['workers'], 'm2')}"
        rows.append((label("people"), people))
        rows.append((label("people_notes"), "; ".join(s.get("people_notes") or [])))
    if "capacity_m2" in s:
        used = pick(("used; busiest zone", "已使用；最繁忙分區"), lang, " / ")
        rows.append(
            (
                label("capacity"),
                f"{i18n.number(s['capacity_m2'], 'm2')} m² "
                f"({i18n.number(s['utilisation'], 'fraction')} {used} "
                f"{i18n.number(s['max_zone_utilisation'], 'fraction')})",
            )
        )
    return rows


def _name(rec: Any, lang: Lang) -> str:
    en = "" if pd.isna(rec.get("name_en")) else str(rec.get("name_en"))
    zh = "" if pd.isna(rec.get("name_zh")) else str(rec.get("name_zh"))
    return pick((en, zh), lang, " / ")


def _zones(r: ValidationReport, lang: Lang) -> Table | None:
    if not len(r.zones):
        return None
    z = r.zones.copy()
    z["zone"] = [_name(rec, lang) for rec in z.to_dict("records")]
    for col in ("status", "binding_limit"):
        if col in z:
            z[col] = [i18n.word(i18n.VALUES, v, lang) if isinstance(v, str) else v for v in z[col]]
    z = z[[c for c in ZONE_COLS if c in z]]
    return Table("zones", pick(i18n.SECTIONS["zones"], lang, " / "), z, lang)


def _use_name(use_id: str, lang: Lang) -> str:
    from gis.tables import use_category

    try:
        use = use_category(use_id)
    except KeyError:
        return use_id
    return pick((use.name_en, use.name_zh), lang, " / ")


def _uses(r: ValidationReport, lang: Lang) -> Table | None:
    if not len(r.uses):
        return None
    u = r.uses.copy()
    u["use"] = [_use_name(str(i), lang) for i in u.index]
    if "matched_by" in u:
        u["matched_by"] = [i18n.word(i18n.VALUES, v, lang) for v in u["matched_by"]]
    u = u[[c for c in USE_COLS if c in u]]
    return Table("uses", pick(i18n.SECTIONS["uses"], lang, " / "), u, lang)


_UNITS_ZH = {"ha": "公頃", "m²": "平方米", "facilities": "項設施", "classrooms": "個課室"}
_UNITS_ZH["places"] = "個學額"
_STATUS_ZH = {"standard": "標準", "illustrative": "示例數字", "assumption": "假設"}


def _provision(r: ValidationReport, lang: Lang) -> Table | None:
    """One row per HKPSG standard: need, provided, surplus or shortfall, unit, source."""
    if not len(r.provision):
        return None
    p = r.provision.copy()
    p["standard"] = [_name(rec, lang) for rec in p.to_dict("records")]
    p["unit"] = [pick((str(u), _UNITS_ZH.get(str(u), str(u))), lang, " / ") for u in p.unit]
    p["figure_status"] = [
        pick((str(x), _STATUS_ZH.get(str(x), str(x))), lang, " / ") for x in p.status
    ]
    p["ran"] = [i18n.word(i18n.VALUES, "yes" if x else "NOT RUN", lang) for x in p.ran]
    cols = ["standard", "need", "provided", "balance", "unit", "figure_status", "ran", "source"]
    return Table("provision", pick(i18n.SECTIONS["provision"], lang, " / "), p[cols], lang)


def _issues(r: ValidationReport, lang: Lang) -> Table | None:
    f = r.to_frame()[["severity", "check", "message", "source"]].copy()
    f["message"] = [finding_text(i, lang) for i in r.issues]
    severities = list(f["severity"])
    f["severity"] = [i18n.word(i18n.SEVERITIES, s, lang) for s in severities]
    f["source"] = f["source"].fillna("")
    return Table("findings", pick(i18n.SECTIONS["findings"], lang, " / "), f, lang, severities)


def _checks(r: ValidationReport, lang: Lang) -> Table | None:
    if not r.checklist:
        return None
    f = r.checklist_frame()
    f["ran"] = [i18n.word(i18n.VALUES, "yes" if ran else "NOT RUN", lang) for ran in f.ran]
    f["source"] = f.source.fillna("")
    f = f[["check", "ran", "scope", "detail", "source"]]
    return Table("checks", pick(i18n.SECTIONS["checks"], lang, " / "), f, lang)


def _not_run(r: ValidationReport, lang: Lang) -> Table | None:
    """The checks that did not run (on all or part of their scope), each with its reason: the
    records :func:`gis.registry.checklist` made from the inputs the validation had.
    """
    f = r.checklist_frame()
    f = f[~f.ran.astype(bool)][["check", "scope", "detail"]].reset_index(drop=True)
    if not len(f):
        return None
    return Table("not_run", pick(i18n.SECTIONS["not_run"], lang, " / "), f, lang)


def finding_text(issue: Any, lang: Lang) -> str:
    """A finding's message in ``lang``: the check's English sentence, or its Chinese template
    (:data:`maps._i18n.FINDINGS`, filled from the finding's ``code`` and ``params``).
    """
    return i18n.finding(issue, lang)
