"""The words of the validation reports in English and Traditional Chinese, and one number format.

Column codes become readable headers with their units ("GFA (m²)" / "總樓面面積（平方米）"); section
titles, severities, zone statuses, the status line and the count line are translated. Check
messages stay as the checks wrote them (English sentences naming rows and features).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ._labels import Lang, pick

# column code -> (English, Chinese), kind of number (see NUMBER_KINDS)
COLUMNS: dict[str, tuple[tuple[str, str], str]] = {
    "zone_id": (("Zone id", "分區編號"), "text"),
    "zone": (("Zone", "分區"), "text"),
    "use_id": (("Use id", "用途編號"), "text"),
    "use": (("Use", "用途"), "text"),
    "area_ha": (("Area (ha)", "面積（公頃）"), "ha"),
    "site_coverage": (("Site coverage", "上蓋面積比率"), "fraction"),
    "storeys_min": (("Storeys (min)", "最少層數"), "int"),
    "storeys_max": (("Storeys (max)", "最多層數"), "int"),
    "height_mpd_max": (("Height limit (mPD)", "高度限制（主水平基準上米）"), "int"),
    "capacity_m2": (("Capacity (m²)", "容量（平方米）"), "m2"),
    "gfa_m2": (("GFA (m²)", "總樓面面積（平方米）"), "m2"),
    "utilisation": (("Capacity use", "容量使用率"), "fraction"),
    "implied_plot_ratio": (("Plot ratio", "地積比率"), "ratio"),
    "status": (("Status", "狀態"), "text"),
    "binding_limit": (("Binding limit", "限制因素"), "text"),
    "share_pct": (("Share", "佔比"), "percent"),
    "land_share_pct": (("Land share", "土地佔比"), "percent"),
    "severity": (("Severity", "嚴重程度"), "text"),
    "check": (("Check", "檢查項目"), "text"),
    "message": (("Finding", "結果"), "text"),
    "source": (("Source", "資料來源"), "text"),
    "ran": (("Ran", "已執行"), "text"),
    "scope": (("Scope", "範圍"), "text"),
    "detail": (("Detail", "詳情"), "text"),
    "input": (("Input", "輸入"), "text"),
    "file": (("File", "檔案"), "text"),
    "sha256": (("SHA-256", "SHA-256"), "text"),
}

NUMBER_KINDS = {
    "m2": "#,##0",
    "ha": "#,##0.00",
    "int": "#,##0",
    "ratio": "0.00",
    "fraction": "0.0%",
    "percent": "0.0%",
    "text": "@",
}
"""Excel number format of each kind (``percent`` values are divided by 100 first)."""

SECTIONS: dict[str, tuple[str, str]] = {
    "title": ("Validation report", "驗證報告"),
    "summary": ("Summary", "摘要"),
    "zones": ("Zones: capacity use", "各分區容量使用"),
    "uses": ("Uses", "用途"),
    "findings": ("Findings", "檢查結果"),
    "checks": ("Checks: run and not run", "已執行及未執行的檢查"),
    "not_run": ("Checks not run", "未執行的檢查"),
    "inputs": ("Inputs", "輸入檔案"),
    "map": ("Map", "地圖"),
    "none": ("None.", "無。"),
    "project": ("Project", "項目"),
    "date": ("Date", "日期"),
    "no_date": ("not dated", "未註明日期"),
    "assumption": ("assumption", "假設"),
}

HEADLINE: dict[str, tuple[str, str]] = {
    "status": ("status", "狀態"),
    "total_gfa": ("total GFA", "總樓面面積"),
    "site": ("site", "用地"),
    "gross_plot_ratio": ("gross plot ratio", "總地積比率"),
    "capacity": ("envelope capacity", "發展容量"),
}

SEVERITIES: dict[str, tuple[str, str]] = {
    "error": ("error", "錯誤"),
    "warning": ("warning", "警告"),
    "info": ("info", "資訊"),
}

VALUES: dict[str, tuple[str, str]] = {
    "ok": ("ok", "符合"),
    "over_capacity": ("over capacity", "超出容量"),
    "unknown": ("unknown", "未知"),
    "envelope": ("envelope", "建築體積上限"),
    "plot_ratio": ("plot ratio", "地積比率"),
    "yes": ("yes", "是"),
    "NOT RUN": ("NOT RUN", "未執行"),
    "PASS": ("PASS", "通過"),
    "FAIL": ("FAIL", "不通過"),
}

ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}  # noqa: RUF001
"""A mark before each severity, so a failure reads without colour too."""


def word(table: dict[str, tuple[str, str]], code: Any, lang: Lang, sep: str = " / ") -> str:
    """``code`` translated from ``table``; unknown codes are shown as they are."""
    pair = table.get(str(code))
    return pick(pair, lang, sep) if pair else str(code)


def header(code: str, lang: Lang, sep: str = " / ") -> str:
    """Readable header of a column code, with its unit."""
    pair = COLUMNS.get(code, ((code.replace("_", " ").capitalize(), ""), "text"))[0]
    return pick(pair, lang, sep)


def kind(code: str) -> str:
    """Kind of number in a column (``m2``, ``ha``, ``fraction``, ...; ``text`` if unknown)."""
    return COLUMNS.get(code, (("", ""), "text"))[1]


def number(value: Any, kind_: str) -> str:
    """One number format everywhere: thousands separators, fixed decimals, percentages."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind_ == "text" or isinstance(value, str | bool):
        return str(value)
    v = float(value)
    return {
        "m2": f"{v:,.0f}",
        "ha": f"{v:,.2f}",
        "int": f"{v:,.0f}",
        "ratio": f"{v:,.2f}",
        "fraction": f"{100 * v:,.1f}%",
        "percent": f"{v:,.1f}%",
    }.get(kind_, f"{v:,.2f}")


_PARTIAL = re.compile(
    r"partial: (\d+) of (\d+) checks (not run|run in part)"
    r"(?:, (\d+) run in part)?"
)


def status_text(status: str, lang: Lang) -> str:
    """The report's status line (``PASS (partial: 3 of 12 checks not run; uses assumptions)``)
    in the chosen language.
    """
    if lang == "en":
        return status
    zh = _status_zh(status)
    return zh if lang == "zh" else f"{status} / {zh}"


def _status_zh(status: str) -> str:
    head, _, rest = status.partition(" (")
    notes = []
    for note in rest.rstrip(")").split("; ") if rest else []:
        m = _PARTIAL.fullmatch(note)
        if m:
            n, total, what, part = m.groups()
            text = f"部分：{total} 項檢查中 {n} 項{'未執行' if what == 'not run' else '部分執行'}"
            notes.append(text + (f"，{part} 項部分執行" if part else ""))
        elif note == "uses assumptions":
            notes.append("採用假設")
        else:
            notes.append(note)
    word_zh = VALUES.get(head, ("", head))[1]
    return f"{word_zh}（{'；'.join(notes)}）" if notes else word_zh


def count_text(errors: int, warnings: int, lang: Lang) -> str:
    """``"N errors, M warnings"`` in the chosen language."""
    e, w = "" if errors == 1 else "s", "" if warnings == 1 else "s"
    en = f"{errors} error{e}, {warnings} warning{w}"
    zh = f"{errors} 個錯誤，{warnings} 個警告"
    return pick((en, zh), lang, " / ")


def finding(issue: Any, lang: Lang) -> str:
    """A finding's message in ``lang`` (English as the check wrote it)."""
    return str(issue.message)
