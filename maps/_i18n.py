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
    "standard": (("Standard", "標準"), "text"),
    "need": (("Needed", "需求"), "ratio"),
    "provided": (("Provided", "供應"), "ratio"),
    "balance": (("Surplus (+) / shortfall (−)", "盈餘（+）／短缺（−）"), "ratio"),
    "figure_status": (("Figure", "數字性質"), "text"),
    "status": (("Status", "狀態"), "text"),
    "binding_limit": (("Binding limit", "限制因素"), "text"),
    "share_pct": (("Share", "佔比"), "percent"),
    "label_as_written": (("Label as written", "原文標籤"), "text"),
    "matched_by": (("Matched by", "配對方式"), "text"),
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
    # facts, layers, scenarios, sweep and solve tables
    "id": (("Id", "編號"), "text"),
    "name": (("Name", "名稱"), "text"),
    "name_en": (("Name (English)", "英文名稱"), "text"),
    "name_zh": (("Name (Chinese)", "中文名稱"), "text"),
    "title_en": (("Title (English)", "英文標題"), "text"),
    "title_zh": (("Title (Chinese)", "中文標題"), "text"),
    "description": (("Description", "說明"), "text"),
    "stated": (("Stated", "列明數值"), "text"),
    "unit": (("Unit", "單位"), "text"),
    "comparison": (("Comparison", "比較方式"), "text"),
    "tolerance": (("Tolerance", "容許誤差"), "text"),
    "measured": (("Measured", "量度數值"), "text"),
    "passed": (("Passed", "通過"), "text"),
    "features": (("Features", "要素數目"), "int"),
    "geometry": (("Geometry", "幾何類型"), "text"),
    "crs": (("CRS", "坐標參考系統"), "text"),
    "accuracy": (("Accuracy", "準確度"), "text"),
    "area_m2": (("Area (m²)", "面積（平方米）"), "m2"),
    "stated_area_ha": (("Stated area (ha)", "列明面積（公頃）"), "ha"),
    "area_ok": (("Area matches", "面積相符"), "text"),
    "base": (("Base", "基礎項目"), "text"),
    "total_gfa_m2": (("Total GFA (m²)", "總樓面面積（平方米）"), "m2"),
    "errors": (("Errors", "錯誤"), "int"),
    "zone_type": (("Zone type", "分區類型"), "text"),
    "land_use": (("Land use", "土地用途"), "text"),
    "height_mpd": (("Height (mPD)", "高度（主水平基準上米）"), "int"),
    "storeys": (("Storeys", "層數"), "int"),
    "constraint": (("Constraint", "限制條件"), "text"),
    "label": (("Label", "說明"), "text"),
    "kind": (("Kind", "類別"), "text"),
    "violated": (("Violated", "違反次數"), "int"),
    "violated_pct": (("Violated (share of draws)", "違反比例"), "percent"),
    "worst": (("Worst", "最差值"), "text"),
    "tightest_feasible": (("Tightest among the valid", "有效分配中最緊"), "text"),
    "lhs": (("Value", "數值"), "text"),
    "rhs": (("Limit", "限值"), "text"),
    "slack": (("Slack", "餘量"), "text"),
    "binding": (("Binding", "受限"), "text"),
    "shadow_price": (("Shadow price", "影子價格"), "text"),
    "shadow_unit": (("Shadow price unit", "影子價格單位"), "text"),
    # zoning check (gis.zoning_check)
    "polygon": (("Polygon", "多邊形"), "text"),
    "plans": (("Plans", "圖則"), "text"),
    "plan_no": (("Plan", "圖則編號"), "text"),
    "zones": (("Official zones (share)", "法定分區（佔比）"), "text"),
    "zone_label": (("OZP zone", "分區計劃大綱圖分區"), "text"),
    "family": (("Zone family", "地帶類別"), "text"),
    "outside_m2": (("Outside every plan (m²)", "圖則範圍外（平方米）"), "m2"),
    "building_use": (("Building use", "建築用途"), "text"),
    "flag": (("Flag", "標記"), "text"),
    "reasons": (("Why", "原因"), "text"),
    "holds_from": (("Price holds from", "價格適用下限"), "text"),
    "holds_to": (("Price holds to", "價格適用上限"), "text"),
    "gain_if_relaxed": (("Gain per unit relaxed", "每單位放寬的增益"), "text"),
    "relaxed_to": (("Gain seen up to", "增益適用至"), "text"),
    "n": (("Allocations", "分配數目"), "int"),
    "n_feasible": (("Valid", "有效"), "int"),
    "max_feasible_total_gfa_m2": (
        ("Largest valid total GFA drawn (m²)", "抽樣中最大有效總樓面面積（平方米）"),
        "m2",
    ),
    "max_total_gfa_m2": (
        ("Largest total GFA the split can hold (m²)", "該分配可容納的最大總樓面面積（平方米）"),
        "m2",
    ),
}

#: Columns of the solver's constraints whose unit depends on the row (m², %, a ratio): written
#: as planners write each (:func:`number`, kind ``quantity``).
QUANTITIES = ("lhs", "rhs", "slack", "holds_from", "holds_to", "relaxed_to", "worst")
_SHARE_BOUND = re.compile(r"(?P<use>.+)_share_(?P<end>from|to)_pct")
_UNITS = {"_m2": ("m²", "平方米", "m2"), "_pct": ("%", "%", "percent"), "_ha": ("ha", "公頃", "ha")}

NUMBER_KINDS = {
    "m2": "#,##0",
    "ha": "#,##0.00",
    "int": "#,##0",
    "ratio": "0.00",
    "fraction": "0.0%",
    "percent": "0.0%",
    "points": '0.0" pp"',
    "fraction_points": '0.0" pp"',
    "quantity": "#,##0.00",
    "text": "@",
}
"""Excel number format of each kind (``percent`` values are divided by 100 first,
``fraction_points`` multiplied by 100): a difference of two shares is in percentage points."""

SECTIONS: dict[str, tuple[str, str]] = {
    "title": ("Validation report", "驗證報告"),
    "summary": ("Summary", "摘要"),
    "zones": ("Zones: capacity use", "各分區容量使用"),
    "uses": ("Uses", "用途"),
    "use_labels": ("Uses: labels as written, how matched", "用途：原文標籤及配對方式"),
    "findings": ("Findings", "檢查結果"),
    "checks": ("Checks: run and not run", "已執行及未執行的檢查"),
    "not_run": ("Checks not run", "未執行的檢查"),
    "provision": ("People and provision (HKPSG)", "人口及設施供應（香港規劃標準與準則）"),
    "inputs": ("Inputs", "輸入檔案"),
    "map": ("Map", "地圖"),
    "none": ("None.", "無。"),
    "project": ("Project", "項目"),
    "date": ("Date", "日期"),
    "no_date": ("not dated", "未註明日期"),
    "assumption": ("assumption", "假設"),
    "rests_on": ("rests on", "依據"),
}

HEADLINE: dict[str, tuple[str, str]] = {
    "status": ("status", "狀態"),
    "total_gfa": ("total GFA", "總樓面面積"),
    "site": ("site", "用地"),
    "gross_plot_ratio": ("gross plot ratio", "總地積比率"),
    "capacity": ("envelope capacity", "發展容量"),
    "questions": ("questions", "問題"),
    "people": (
        "residents (range); workers, from assumed figures",
        "居民（範圍）；就業人口，按假設數字推算",
    ),
    "people_notes": ("figures used (status, source)", "所用數字（性質、來源）"),
}

SEVERITIES: dict[str, tuple[str, str]] = {
    "error": ("error", "錯誤"),
    "warning": ("warning", "警告"),
    "info": ("info", "資訊"),
}

VALUES: dict[str, tuple[str, str]] = {
    "ok": ("ok", "符合"),
    "exact": ("exact", "名稱相符"),
    "synonym": ("synonym", "同義詞"),
    "guess": ("guess", "推測"),
    "none": ("none", "未配對"),
    "over_capacity": ("over capacity", "超出容量"),
    "implausible": ("implausible plot ratio", "地積比率不合理"),
    "unknown": ("unknown", "未知"),
    "envelope": ("envelope", "建築體積上限"),
    "plot_ratio": ("plot ratio", "地積比率"),
    "yes": ("yes", "是"),
    "NOT RUN": ("NOT RUN", "未執行"),
    "PASS": ("PASS", "通過"),
    "FAIL": ("FAIL", "不通過"),
    "INCOMPLETE": ("INCOMPLETE", "未能判定"),
}

ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}  # noqa: RUF001
"""A mark before each severity, so a failure reads without colour too."""


FRAME_TITLES: dict[str, str] = {
    "Embedded layers (areas in EPSG:2326)": "內置圖層（面積以 EPSG:2326 計算）",
    "Facts: stated vs measured": "事實核對：列明數值與量度數值",
    "Built-in scenarios (layers/scenarios/)": "內置方案（layers/scenarios/）",
    "Allocation": "分配",
    "Binding constraints (shadow price: objective gain per unit relaxed)": (
        "受限條件（影子價格：每放寬一單位的目標增益）"
    ),
    "Conflicting constraints": "互相衝突的條件",
    "Constraints": "限制條件",
    "Frontier by share of": "按佔比劃分的前沿：",
    "Zoning check: polygons (areas in m², EPSG:2326)": (
        "分區核對：多邊形（面積：平方米，EPSG:2326）"
    ),
    "Official zones under each polygon (m², EPSG:2326)": "各多邊形下的法定分區（EPSG:2326）",
}
"""Chinese titles of the tables that the terminal prints (by their English title)."""


def frame_title(title: str | None, lang: Lang | None) -> str | None:
    """A table's title in ``lang`` (None: as given; a title not in :data:`FRAME_TITLES` too)."""
    if title is None or lang in (None, "en"):
        return title
    head, sep, rest = title.partition(" of ") if title.startswith("Frontier") else (title, "", "")
    zh = FRAME_TITLES.get(head + (" of" if sep else ""))
    if zh is None:
        return title
    zh += rest
    return zh if lang == "zh" else f"{title} / {zh}"


def localise(df: Any, lang: Lang | None) -> Any:
    """``df`` with readable headers in ``lang`` (:func:`header`); None leaves the codes."""
    if lang is None:
        return df
    clean = df.reset_index() if df.index.name else df
    return clean.rename(columns={c: header(str(c), lang) for c in clean.columns})


def word(table: dict[str, tuple[str, str]], code: Any, lang: Lang, sep: str = " / ") -> str:
    """``code`` translated from ``table``; unknown codes are shown as they are."""
    pair = table.get(str(code))
    return pick(pair, lang, sep) if pair else str(code)


def header(code: str, lang: Lang, sep: str = " / ") -> str:
    """Readable header of a column code, with its unit (an unknown code ending in ``_m2``,
    ``_pct`` or ``_ha`` gets it in brackets).

    >>> header("wet_lab_mfg_share_from_pct", "en"), header("stated_gfa_m2", "en")
    ('Share of wet_lab_mfg from (%)', 'Stated GFA (m²)')
    """
    if code in COLUMNS:
        return pick(COLUMNS[code][0], lang, sep)
    bound = _SHARE_BOUND.fullmatch(code)
    if bound:
        end = bound["end"]
        zh = f"{bound['use']} 佔比{'下限' if end == 'from' else '上限'}（%）"
        return pick((f"Share of {bound['use']} {end} (%)", zh), lang, sep)
    suffix = next((s for s in _UNITS if code.endswith(s)), "")
    words = code[: len(code) - len(suffix)].replace("_", " ").replace("gfa", "GFA")
    words = words[:1].upper() + words[1:]
    if suffix:
        en_unit, zh_unit, _ = _UNITS[suffix]
        return pick((f"{words} ({en_unit})", f"{words}（{zh_unit}）"), lang, sep)
    return pick((words, ""), lang, sep)


def column_kind(code: str) -> str:
    """Kind of number in a column for people (terminal, Markdown, CSV of sweeps and solutions):
    :func:`kind`, else from the code's unit suffix (``_m2``, ``_pct``, ``_ha``), ``quantity``
    for the solver's per-row figures (:data:`QUANTITIES`).

    >>> column_kind("max_total_gfa_m2"), column_kind("x_share_to_pct"), column_kind("rhs")
    ('m2', 'percent', 'quantity')
    """
    if code in QUANTITIES:
        return "quantity"
    known = kind(code)
    if known != "text" or code in COLUMNS:
        return known
    return next((k for s, (_, _, k) in _UNITS.items() if code.endswith(s)), "text")


def kind(code: str) -> str:
    """Kind of number in a column (``m2``, ``ha``, ``fraction``, ...; ``text`` if unknown)."""
    return COLUMNS.get(code, (("", ""), "text"))[1]


def number(value: Any, kind_: str) -> str:
    """One number format everywhere: thousands separators, fixed decimals, percentages, and
    percentage points (``pp``) for a difference of two shares.

    >>> number(-10, "points"), number(-0.298, "fraction_points"), number(52, "percent")
    ('-10.0 pp', '-29.8 pp', '52.0%')
    >>> number(890234.88, "m2"), number(107019.17, "quantity"), number(2.345, "quantity")
    ('890,235', '107,019', '2.35')
    """
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
        "points": f"{v:,.1f} pp",
        "fraction_points": f"{100 * v:,.1f} pp",
        "quantity": f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}",
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
            notes.append(_note_zh(note))
    word_zh = VALUES.get(head, ("", head))[1]
    return f"{word_zh}（{'；'.join(notes)}）" if notes else word_zh


QUESTIONS_ZH = {"site": "用地", "zones": "分區", "provision": "設施供應"}
WHY_NOT_ZH = {
    "no total GFA established (a GFA column, a total row or --total-gfa)": (
        "未能確定總樓面面積（樓面面積欄、總計行或 --total-gfa）"
    ),
    "no site area measured": "未能量度用地面積",
    "no limit known (capacity of every zone, --max-plot-ratio, or a maximum plot ratio, GFA "
    "or height in --rules)": (
        "沒有已知限制（分區容量、--max-plot-ratio，或 --rules 中的最高地積比率、總樓面面積或高度）"
    ),
    "no zones given (--zones)": "未提供分區（--zones）",
    "no use-to-zone mapping (--use-zones or a zone column)": (
        "沒有用途與分區對應（--use-zones 或「zone」欄）"
    ),
    "strict: partial result": "嚴格模式：結果不完整",
}


def _note_zh(note: str) -> str:
    """A note of the status line in Chinese: questions answered, or why one was not."""
    names = note.split(" and ")
    if all(n in QUESTIONS_ZH for n in names):
        return "已回答：" + "及".join(QUESTIONS_ZH[n] for n in names)
    head, sep, why = note.partition(": ")
    if sep and head in QUESTIONS_ZH:
        reasons = "；".join(WHY_NOT_ZH.get(w, w) for w in why.split("; "))
        return f"{QUESTIONS_ZH[head]}：{reasons}"
    return WHY_NOT_ZH.get(note, note)


def questions_text(questions: dict[str, Any], lang: Lang) -> str:
    """Each question (``site``, ``zones``) answered or not and why, in the chosen language."""
    en, zh = [], []
    for name, q in questions.items():
        why = list(q.why_not)
        en.append(f"{name}: " + ("answered" if q.answered else f"not answered ({'; '.join(why)})"))
        why_zh = "；".join(WHY_NOT_ZH.get(w, w) for w in why)
        done = "已回答" if q.answered else f"未回答（{why_zh}）"
        zh.append(f"{QUESTIONS_ZH.get(name, name)}：{done}")
    return pick(("; ".join(en), "；".join(zh)), lang, " / ")


def count_text(errors: int, warnings: int, lang: Lang) -> str:
    """``"N errors, M warnings"`` in the chosen language."""
    e, w = "" if errors == 1 else "s", "" if warnings == 1 else "s"
    en = f"{errors} error{e}, {warnings} warning{w}"
    zh = f"{errors} 個錯誤，{warnings} 個警告"
    return pick((en, zh), lang, " / ")


UNITS_ZH = {
    "m2": "平方米",
    "ha": "公頃",
    "wan_m2": "萬平方米",
    "k_m2": "千平方米",
    "km2": "平方公里",
    "sqft": "平方呎",
    "wan_sqft": "萬平方呎",
    "acre": "英畝",
}
WHAT_ZH = {"zone": "分區", "site": "用地", "height band": "高度分區"}
BINDING_ZH = {
    "envelope": "上蓋面積比率 × 建築高度上限",
    "max_plot_ratio": "最高地積比率 × 分區面積",
    "max_gfa_m2": "最高總樓面面積",
}


def _where(p: Any) -> str:
    """A table row as :meth:`gis.validation.table_cells.TableContext.where` names it, in Chinese."""
    if not isinstance(p, dict):
        return str(p)
    n = p.get("source_row")
    line = f"工作表第 {n} 列" if p.get("line") == "sheet row" else f"第 {n} 行"
    if p.get("row") is None:
        return f"總計行（{line}）" if n is not None else "總計行"
    use = f"「{p['use']}」，" if p.get("use") else ""
    return f"第 {p['row']} 列（{use}{line}）"


def _use(use_id: Any) -> str:
    from gis.tables import use_category

    try:
        return f"「{use_category(str(use_id)).name_zh}」"
    except KeyError:
        return f"「{use_id}」"


def _zone(p: dict[str, Any]) -> str:
    name = p.get("name_zh") or p.get("name_en")
    return f"分區「{p['zone']}」（{name}）" if name else f"分區「{p['zone']}」"


def _allowed(p: dict[str, Any]) -> str:
    return f"（容許 {p['allowed']:g}%）" if p.get("allowed") else ""


def _dot_ambiguity(raw: str) -> str:
    """「520.000」: 520 or 520,000? (a dot before three digits)."""
    m = re.search(r"(\d+)\.(\d{3})(?!\d)", raw)
    if m is None:
        return "有歧義（點後三位數字）"
    whole, frac = m.groups()
    small, big = f"{float(m.group(0)):g}", f"{int(whole + frac):,}"
    return (
        f"有歧義：{small} 還是 {big}？（點後三位數字在香港是小數點，在其他地方是千位分隔符）"
        f"請寫 {int(whole + frac)} 或 {whole}.{frac.rstrip('0') or '0'}"
    )


def _col(code: Any) -> str:
    return header(str(code), "zh") if str(code) in COLUMNS else str(code)


def _binding(p: dict[str, Any]) -> str:
    b = p.get("binding")
    return "" if b in (None, "envelope") else f"（按{BINDING_ZH.get(b, b)}）"


def _converted(p: dict[str, Any]) -> str:
    if p.get("from") == "fraction":
        return "佔比以小數讀入（0.52 = 52%）並換算為百分比"
    what = "總樓面面積" if p.get("column") == "gfa_m2" else "用地面積"
    unit = UNITS_ZH.get(str(p.get("from")), str(p.get("from")))
    rows = p.get("rows")
    where = f"（第 {'、'.join(str(r or '總計') for r in rows)} 列）" if rows else ""
    return f"{what}以{unit}讀入並換算為平方米（1 {unit} = {p.get('factor', 0):,.8g} 平方米）{where}"


def _gfa_sum(p: dict[str, Any]) -> str:
    origin = "total_gfa_m2" if p.get("origin") is None else _where(p["origin"])
    return (
        f"總樓面面積欄：合計 {p['total']:,.0f} 平方米，但{origin}為 {p['expected']:,.0f} 平方米"
        f"（± {p['tol_m2']:,.0f} 平方米）；本報告採用各列合計 {p['total']:,.0f} 平方米"
    )


_BASIS_ZH = {
    "total_gfa_m2": "total_gfa_m2",
    "stated total": "表列總計",
    "implied by the rows": "各列推算",
}

FINDINGS: dict[str, Any] = {
    "table.unit_converted": _converted,
    "table.embedded_elsewhere": lambda p: (
        f"未提供分配表：以河套園區大綱表 3.1（1,000,000 平方米）檢查 {p.get('site')}；"
        "請提供該用地的分配表"
    ),
    "table.share_only": lambda p: (
        (
            ("總樓面面積只列於總計行：" if p.get("total_row_only") else "沒有總樓面面積欄：")
            + f"總樓面面積 = 佔比 × 總計 {p['total']:,.0f} 平方米（"
            + ("--total-gfa" if p.get("origin") == "--total-gfa" else "表列總計行")
            + "）"
        )
        if p.get("total") is not None
        else "沒有總樓面面積欄：佔比混合了小數與百分比，不據此推算總樓面面積"
        if p.get("mixed")
        else "沒有總樓面面積欄，亦沒有總計（總計行或 --total-gfa）："
        "總樓面面積無法確定，沒有可檢查的分配"
    ),
    "table.share_fractions": lambda p: (
        f"佔比以小數讀入：每項佔比均不大於 1，合計為 {p.get('sum', 1):g}（0.52 = 52%）"
    ),
    "table.share_fractions_pct_header": lambda p: (
        f"佔比以小數讀入，雖然標題註明 %：每項佔比均不大於 1，合計為 {p.get('sum', 1):g}"
        "（0.52 = 52%）；在 % 標題下請寫 52% 或 52"
    ),
    "table.share_mix": lambda p: (
        f"第 {'、'.join(str(r) for r in p['rows'])} 列（第 "
        f"{'、'.join(str(r) for r in p['source_rows'])} 行），佔比欄："
        f"{'、'.join(f'{v:g}' for v in p['values'])} 與其他百分比並列，看似小數"
        f"（照寫合計 {p['sum']:g}%，視作小數則為 {p['as_fractions']:g}%）："
        f"請寫 {p['values'][0] * 100:g}% 或 {p['values'][0] * 100:g}；"
        "在此之前不按佔比檢查各列總樓面面積"
    ),
    "table.unused_column": lambda p: (
        f"「{p['column']}」欄未被採用：不是用途、佔比、總樓面面積、分區、用地、用地面積、"
        "地積比率或高度欄；如屬其一，請以 --gfa-column、--share-column 或 --use-column 指明"
    ),
    "table.gfa_only": lambda p: (
        "沒有佔比欄："
        + (
            "佔比 = 總樓面面積 / "
            + ("表列總計" if "stated" in str(p["derived"]) else "總樓面面積合計")
            + " × 100"
            if p.get("derived")
            else "無法推算佔比（沒有總樓面面積）"
        )
    ),
    "table.note_rejoined": lambda p: f"第 {p['line']} 行：已重新接合未加引號的千位分隔符",
    "table.note_subtotal": lambda p: f"第 {p['line']} 行：小計行「{p['use']}」不計作用途",
    "table.note_decimal_comma": lambda p: (
        f"第 {p['line']} 行，{_col(p['column'])}欄：「{p['raw']}」以小數逗號讀入"
    ),
    "table.note_dot_thousands": lambda p: (
        f"第 {p['line']} 行，{_col(p['column'])}欄：「{p['raw']}」以點作千位分隔符讀入"
    ),
    "table.not_a_number": lambda p: (
        f"{_where(p['where'])}，{_col(p['column'])}欄：「{p['raw']}」"
        + (
            _dot_ambiguity(str(p["raw"]))
            if p.get("ambiguous")
            else "不是數字"
            if p.get("unit") is None
            else f"的單位（{p['unit']}）不適用於{_col(p['column'])}"
        )
    ),
    "table.ragged_row": lambda p: (
        f"{_where(p['where'])}：有 {p['cells']} 個儲存格，但標題列只有 {p['expected']} 個；"
        "含分隔符的儲存格請加引號"
    ),
    "table.missing_use": lambda p: f"{_where(p['where'])}，用途欄：用途名稱空白",
    "table.missing_value": lambda p: f"{_where(p['where'])}，{_col(p['column'])}欄：數值空白",
    "table.negative_value": lambda p: (
        f"{_where(p['where'])}，{_col(p['column'])}欄：{p['value']:,.6g} 為負數"
    ),
    "table.unknown_use": lambda p: (
        f"{_where(p['where'])}，用途欄：「{p['use']}」不是已知的用途類別"
        + (f"（是否指 {p['hint']} {_use(p['hint'])}？）" if p.get("hint") else "")
    ),
    "zone.ids_from_column": lambda p: (
        f"分區沒有 zone_id 欄：分區編號取自「{p['column']}」欄（每個分區均有且不重複）；"
        "如要自行指定，請加入 zone_id 欄"
    ),
    "table.use_guessed": lambda p: (
        f"{_where(p['where'])}，用途欄：「{p['use']}」以推測配對為 {p['use_id']} "
        f"{_use(p['use_id'])}（因其包含「{p.get('part')}」）；如屬此用途，請寫明 "
        f"{_use(p['use_id'])} 或 {p['use_id']}，否則請寫明實際用途"
    ),
    "table.duplicate_use": lambda p: (
        f"{_where(p['where'])}與{_where(p['where2'])}同屬"
        + (_use(p["use_id"]) if p.get("use_id") else "同一名稱")
        + "；請合併為一列"
    ),
    "table.shares_sum": lambda p: (
        f"佔比欄：佔比合計 {p['total']:g}%，應為 100% ± {p['tol']:g} 個百分點"
    ),
    "table.shares_total_row": lambda p: (
        f"{_where(p['where'])}，佔比欄：列明 {p['stated']:g}%，應為 100%"
    ),
    "table.gfa_sum": _gfa_sum,
    "table.gfa_total_row": lambda p: (
        f"{_where(p['where'])}，總樓面面積欄：列明 {p['stated']:,.0f} 平方米，"
        f"應為 {p['expected']:,.0f} 平方米"
    ),
    "table.ha_suspect": lambda p: (
        f"總樓面面積欄：所有數值均低於 {p['below']:,.0f} 平方米（最大 {p['largest']:,.6g}），"
        f"但預期總計為 {p['low']:,.0f}-{p['high']:,.0f} 平方米：是否以公頃填寫？"
        "請把欄名標為「GFA (ha)」"
    ),
    "table.ha_suspect_row": lambda p: (
        f"{_where(p['where'])}，總樓面面積欄：{p['gfa']:,.6g} 比 {p['want']:,.0f} 平方米"
        "小 10,000 倍：是否以公頃填寫？"
    ),
    "table.row_gfa_share": lambda p: (
        f"{_where(p['where'])}，總樓面面積欄：總樓面面積 {p['gfa']:,.0f} 平方米，但佔比 "
        f"{p['share']:g}% × {p['total']:,.0f} 平方米（{_BASIS_ZH.get(p['basis'], p['basis'])}）"
        f"應為 {p['want']:,.0f} 平方米（± {p['tol_m2']:,.0f} 平方米）"
    ),
    "site.unknown_zone": lambda p: (
        f"分區欄：{p['names']} 不是所給分區的名稱；此欄不予採用，改用預設的用途與分區對應"
    ),
    "site.unknown_zone_row": lambda p: f"第 {p['row']} 列，分區欄：分區「{p['zone']}」不在分區之中",
    "geometry.invalid": lambda p: (
        f"{WHAT_ZH.get(p['what'], p['what'])} {p['label']}：幾何無效（{p['reason']}）"
    ),
    "geometry.area_vs_stated": lambda p: (
        f"{WHAT_ZH.get(p['what'], p['what'])} {p['label']}：量度面積 {p['ha']:,.2f} 公頃，"
        f"列明 {p['stated']:,.2f} 公頃（相差 {p['off_pct']:+.1f}%，容許 ±{p['tol_pct']:g}%）"
    ),
    "geometry.outside_site": lambda p: (
        f"{WHAT_ZH.get(p['what'], p['what'])} {p['label']}：{p['m2']:,.0f} 平方米"
        f"（{p['pct']:.1f}%）位於用地以外"
    ),
    "geometry.overlap": lambda p: (
        f"{WHAT_ZH.get(p['what'], p['what'])} {p['a']} 與 {p['b']} 重疊 {p['m2']:,.0f} 平方米"
    ),
    "geometry.gap": lambda p: (
        f"分區未覆蓋用地的 {p['ha']:,.2f} 公頃（{p['pct']:.1f}%）（容許 {p['tol_pct']:g}%）"
    ),
    "geometry.partition": lambda p: (
        f"{p['child']} 未能完整分割 {p['target']}：相差其面積的 {p['pct']:.2f}%"
    ),
    "site.over_capacity": lambda p: (
        f"總樓面面積 {p['total']:,.0f} 平方米超出用地容量 {p['cap']:,.0f} 平方米"
        f"（其 {p['n']} 個分區最嚴格限制之和）"
    ),
    "site.row_plot_ratio": lambda p: (
        f"第 {p['row']} 列（「{p['use']}」）：{p['gfa']:,.0f} 平方米總樓面面積建於 "
        f"{p['ha']:,.2f} 公頃，地積比率 {p['pr']:.2f}，高於該列的地積比率 {p['limit']:g}"
    ),
    "site.row_height_above_envelope": lambda p: (
        f"第 {p['row']} 列（「{p['use']}」）：{p['h']:g} 米（主水平基準上）高於其分區的最高限制"
        f"（{p['names']}：{p['limit']:g} 米）"
    ),
    "site.gross_plot_ratio": lambda p: (
        f"總地積比率 {p['pr']:.2f} = {p['gfa']:,.0f} 平方米總樓面面積 / {p['ha']:.2f} 公頃用地"
    ),
    "site.plot_ratio_exceeded": lambda p: f"總地積比率 {p['pr']:.2f} 超出上限 {p['cap']:g}",
    "site.gfa_exceeded": lambda p: (
        f"總樓面面積 {p['total']:,.0f} 平方米超出用地上限 {p['max']:,.0f} 平方米"
    ),
    "site.height_above_limit": lambda p: (
        f"{p['what']}：{p['h']:g} 米（主水平基準上）高於用地上限 {p['max']:g} 米"
    ),
    "site.share_below_min": lambda p: (
        f"用途{_use(p['use'])}：佔總樓面面積 {p['share']:.1f}%，低於下限 {p['limit']:g}%"
    ),
    "site.share_above_max": lambda p: (
        f"用途{_use(p['use'])}：佔總樓面面積 {p['share']:.1f}%，高於上限 {p['limit']:g}%"
    ),
    "site.use_unplaced": lambda p: (
        f"用途「{p['use']}」（{p['gfa']:,.0f} 平方米）不是已知的用途類別，沒有分區可容納："
        "請使用已知用途名稱，或把它對應到分區（--use-zones 含 use_id、zone_id，或「zone」欄）"
    ),
    "site.use_capacity_unknown": lambda p: (
        f"用途{_use(p['use'])}（{p['gfa']:,.0f} 平方米）所屬分區的容量未知"
        f"（{p['names']}：沒有已知限制）：未檢查其容量"
    ),
    "site.use_without_zone": lambda p: (
        f"用途{_use(p['use'])}有 {p['gfa']:,.0f} 平方米總樓面面積，但用途與分區對應中沒有分區可容納"
    ),
    "site.raster_constraint": lambda p: (
        f"{_zone(p)}：分配了 {p['gfa']:,.0f} 平方米總樓面面積，但 {p['raster']} 在其 "
        f"{p['pct']:.1f}% 面積上超過 {p['max']:g}{_allowed(p)}；最高值 {p['highest']:g}"
    ),
    "site.zone_over_capacity": lambda p: (
        f"{_zone(p)}：{p['gfa']:,.0f} 平方米總樓面面積超出其容量 {p['cap']:,.0f} 平方米"
        f"{_binding(p)}（已使用 {p['pct']:.0f}%）"
    ),
    "site.zone_near_capacity": lambda p: f"{_zone(p)}：已使用容量的 {p['pct']:.0f}%{_binding(p)}",
    "zone.implausible_plot_ratio": lambda p: (
        f"{_zone(p)}：推算地積比率 {p['pr']:.1f}（{p['gfa']:,.0f} 平方米 / {p['ha']:.2f} 公頃）"
        f"高於 {p['max']:g}，即假設的合理上限（屬假設，並非訂明的限制）"
    ),
    "site.use_land_share": lambda p: (
        f"用途{_use(p['use'])}：佔總樓面面積 {p['share']:.0f}%，佔建築用地 {p['land']:.0f}%"
        f"（相差超過 {p['tol']:g} 個百分點）"
    ),
    "rules.unknown_zone": lambda p: (
        (f"第 {p['line']} 行：" if p.get("line") else "")
        + f"分區「{p['zone']}」的規則 {p['limit']} {p['value']:g} 不符合用地任何分區：不予採用"
    ),
    "site.no_use_zone_mapping": lambda p: (
        "沒有用途與分區對應（請提供 --use-zones 或「zone」欄）：略過分區容量檢查"
    ),
}
"""Chinese message of each finding code (:attr:`gis.report.Issue.code`, else its check), made
from the finding's ``params``."""


def _provision(p: dict[str, Any]) -> str:
    """A provision finding: the need, what the zones provide and the shortfall or surplus."""
    unit = {
        "ha": "公頃",
        "m²": "平方米",
        "facilities": "項設施",
        "classrooms": "個課室",
        "places": "個學額",
    }
    u = unit.get(str(p["unit"]), str(p["unit"]))
    word = "短缺" if p["balance"] < 0 else "盈餘"
    return (
        f"{p['name_zh']}：{p['residents']:,.0f} 名居民需要 {p['need']:,.2f} {u}，"
        f"分區提供 {p['provided']:,.2f} {u}：{word} {abs(p['balance']):,.2f} {u}"
    )


for _sid in (
    "open_space_district",
    "open_space_local",
    "open_space_total",
    "childrens_playground",
    "sports_ground",
    "swimming_pool",
    "kindergarten_places",
    "primary_classrooms",
    "secondary_classrooms",
):
    FINDINGS[f"provision.{_sid}"] = _provision


def finding(issue: Any, lang: Lang) -> str:
    """A finding's message in ``lang``: English as the check wrote it, Chinese from
    :data:`FINDINGS`, or both (``"English / 中文"``). A finding with no Chinese template, or
    without the ``params`` its template names (made by hand), keeps its English message.
    """
    if lang == "en":
        return str(issue.message)
    template = FINDINGS.get(issue.code or issue.check)
    try:
        zh = template(dict(issue.params or {})) if template else None
    except (KeyError, TypeError, ValueError):
        zh = None  # a finding made elsewhere, without the values its template names
    if zh is None:
        return str(issue.message)
    return zh if lang == "zh" else f"{issue.message} / {zh}"
