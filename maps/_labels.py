"""Bilingual words the maps use: field labels, categories, layer names.

English and Traditional Chinese. Everything here is plain text; callers escape it with
:func:`maps._escape.esc` like any other string, so an edited table cannot inject markup either.
"""

from __future__ import annotations

from typing import Any, Literal

from gis.errors import InputError

Lang = Literal["en", "zh", "both"]
LANGS: tuple[str, ...] = ("en", "zh", "both")

SCHEMATIC = ("schematic (not an official boundary)", "示意（非官方界線）")
OFFICIAL = ("official", "官方")
OSM = (
    "OpenStreetMap (© OpenStreetMap contributors, ODbL)",
    "OpenStreetMap（© OpenStreetMap 貢獻者，ODbL）",
)
LEGEND_MARKS: dict[str, tuple[str, str]] = {
    "official": ("official", "官方"),
    "schematic": ("schematic", "示意"),
    "osm": ("OpenStreetMap", "OpenStreetMap"),
}
"""What a legend heading says about its layer's accuracy."""

FIELDS: dict[str, tuple[str, str]] = {
    "zone_id": ("Zone", "分區"),
    "kind": ("Kind", "類別"),
    "land_use": ("Land use", "土地用途"),
    "use": ("Use", "用途"),
    "status": ("Status", "狀態"),
    "area": ("Area", "面積"),
    "gfa": ("GFA", "總樓面面積"),
    "capacity": ("Capacity", "容量"),
    "utilisation": ("Capacity use", "容量使用率"),
    "plot_ratio": ("Plot ratio", "地積比率"),
    "height": ("Height limit", "高度限制"),
    "site_coverage": ("Site coverage", "上蓋面積"),
    "source": ("Source", "資料來源"),
    "accuracy": ("Accuracy", "準確度"),
    "zone_label": ("OZP zone", "分區計劃大綱圖分區"),
    "attribution": ("Attribution", "版權"),
    "plan_status": ("Plan status", "圖則狀況"),
    "problem": ("Problem", "問題"),
}

LAND_USES: dict[str, tuple[str, str]] = {
    "i_and_t": ("Innovation & technology", "創新科技"),
    "residential": ("Residential", "住宅"),
    "gic": ("Government, institution or community", "政府、機構或社區"),
    "open_space": ("Open space", "休憩用地"),
    "road": ("Road", "道路"),
    "commercial": ("Commercial", "商業"),
    "mixed_use": ("Mixed use", "混合用途"),
    "utility": ("Utilities", "公用設施"),
    "wetland": ("Wetland", "濕地"),
    "village": ("Village", "鄉村式發展"),
    "transport": ("Transport", "交通"),
}

STATUSES: dict[str, tuple[str, str]] = {
    "completed": ("Completed", "已落成"),
    "under construction": ("Under construction", "興建中"),
    "under_construction": ("Under construction", "興建中"),
    "planned": ("Planned", "規劃中"),
}

# Zone kinds the schematic layers may use; anything else is labelled from the zones themselves.
KINDS: dict[str, tuple[str, str]] = {
    "life_health": ("Life & Health Technology", "生命健康科技區"),
    "ai_data": ("AI & Data Science", "人工智能與數據科學區"),
    "new_tech_manufacturing": ("New Technology & Advanced Manufacturing", "新科技與先進製造區"),
    "university_industry_research": ("University-Industry-Research", "產學研區"),
    "talent_accommodation": ("Talent Accommodation", "人才住宿區"),
    "urban_living": ("Small Urban Living & Leisure", "小型都市生活及休閒區"),
    "central_avenue": ("Central Avenue", "中央大道"),
    "batch1": ("Batch 1 development", "第一批次發展"),
    "clinical_trial": ("Clinical trial institute", "臨床試驗研究所"),
    **LAND_USES,
}

SITES: dict[str, tuple[str, str]] = {
    "loop": ("Loop", "河套"),
    "santin": ("San Tin", "新田"),
    "san_tin": ("San Tin", "新田"),
}

LAYERS: dict[str, tuple[str, str]] = {
    "zones": ("zones", "分區"),
    "height_bands": ("height bands", "建築高度分區"),
    "batch1_buildings": ("Batch 1 buildings", "第一批次建築物"),
    "buildings": ("buildings", "建築物"),
    "phases": ("phases", "發展階段"),
    "batches": ("batches", "批次"),
    "boundary": ("boundary", "邊界"),
    "parcels": ("parcels", "用地"),
    "wetland_park": ("wetland park", "濕地公園"),
    "wetland": ("wetland", "濕地"),
    "ozp": ("OZP zones", "分區計劃大綱圖分區"),
    "ozp_2006": ("OZP zones, 2006", "分區計劃大綱圖分區（2006 年）"),
    "plan_area": ("plan area", "規劃區範圍"),
    "border": ("Hong Kong–mainland boundary", "香港與內地分界線"),
}

# Layers the maps add themselves.
EXTRA_LAYERS: dict[str, tuple[str, str]] = {
    "validation": ("Capacity use by zone", "各分區容量使用率"),
    "over_capacity": ("Over-capacity zones", "超出容量的分區"),
    "problems": ("Overlaps and gaps", "重疊及空隙"),
}

PROBLEMS: dict[str, tuple[str, str]] = {
    "overlap": ("overlap", "重疊"),
    "gap": ("gap", "空隙"),
}

LEGEND_TITLES: dict[str, tuple[str, str]] = {
    "height": ("Height limit (mPD)", "高度限制（主水平基準上米）"),
    "utilisation": ("Capacity use", "容量使用率"),
    "over_capacity": ("Over capacity", "超出容量"),
}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``"en"``, ``"zh"`` or ``"both"``, else raise InputError."""
    if lang not in LANGS:
        raise InputError(f"expected one of {', '.join(LANGS)}, got {lang!r}", where="lang")
    return lang  # type: ignore[return-value]


def pick(pair: tuple[str, str], lang: Lang, sep: str = " ") -> str:
    """One label of an (English, Chinese) pair, or both joined by ``sep`` (once if equal)."""
    en, zh = pair
    if lang == "en":
        return en or zh
    if lang == "zh":
        return zh or en
    if not en or not zh or en == zh:
        return en or zh
    return f"{en}{sep}{zh}"


def humanize(code: str) -> str:
    """``"height_bands"`` -> ``"Height bands"`` for codes with no entry in the tables."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def lookup(table: dict[str, tuple[str, str]], code: object) -> tuple[str, str]:
    """The pair for ``code`` in ``table`` (case-insensitive), else the code itself in both slots."""
    key = str(code).strip()
    pair = table.get(key) or table.get(key.lower())
    return pair if pair else (humanize(key), "")


def layer_title(key: str) -> tuple[str, str]:
    """Bilingual name of a layer key: ``"loop.zones"`` -> ("Loop: zones", "河套：分區")."""
    site, _, name = key.rpartition(".")
    en, zh = LAYERS.get(name, (humanize(name), ""))
    if site and site.lower() != "context":
        s_en, s_zh = SITES.get(site.lower(), (humanize(site), ""))
        en = f"{s_en}: {en}"
        zh = f"{s_zh}：{zh}" if zh and s_zh else zh
    return en[:1].upper() + en[1:], zh


def plan_title(plan_no: str, name_en: str = "", name_zh: str = "") -> tuple[str, str]:
    """Bilingual name of a plan's zone layer.

    >>> plan_title("S/KTN/4", "Kwu Tung North", "古洞北")
    ('Kwu Tung North OZP S/KTN/4', '古洞北分區計劃大綱圖 S/KTN/4')
    """
    en = f"{name_en} OZP {plan_no}" if name_en else f"OZP {plan_no}"
    zh = f"{name_zh or ''}分區計劃大綱圖 {plan_no}"
    return en, zh


def plan_date(value: object) -> str:
    """``YYYY-MM-DD`` of a date, a timestamp or a text starting with one ("" when missing)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    iso = getattr(value, "isoformat", None)
    text = str(iso() if callable(iso) else value).strip()
    return text[:10] if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-" else text


def accuracy_pair(
    value: object, plan_no: object = None, pub_date: object = None, derived: bool = False
) -> tuple[str, str]:
    """Bilingual accuracy note: official data names its plan and gazette date, schematic data
    says it is not an official boundary, OpenStreetMap data names its licence.

    >>> accuracy_pair("official", "S/LMCL/2", "2018-02-09")[0]
    'official — S/LMCL/2, gazetted 2018-02-09'
    """
    text = str(value).strip().lower()
    if text == "schematic":
        return SCHEMATIC
    if text == "osm":
        return OSM
    if text != "official":
        return (str(value), "")
    en, zh = ("official (derived)", "官方（衍生）") if derived else OFFICIAL
    plan = "" if plan_no is None or plan_no != plan_no else str(plan_no).strip()
    date = plan_date(pub_date)
    if plan and date:
        return f"{en} — {plan}, gazetted {date}", f"{zh} — {plan}，{date} 刊憲"
    if plan:
        return f"{en} — {plan}", f"{zh} — {plan}"
    return en, zh


def layer_name(key: str, role: str, gdf: Any) -> tuple[str, str]:
    """A plan's zones are named after the plan (:func:`plan_title`), other layers after their key
    (:func:`layer_title`).
    """
    if role in ("ozp", "context") and "plan_no" in gdf.columns and gdf["plan_no"].notna().any():
        first = gdf.iloc[0]
        names = (str(first.get(c) or "") for c in ("plan_name_en", "plan_name_zh"))
        return plan_title(str(gdf["plan_no"].dropna().iloc[0]), *names)
    if role == "categories" or getattr(gdf, "attrs", {}).get("on_top"):
        return key, key  # a user's own layer (map --add) goes by its file's name
    return layer_title(key)


def accuracy_mark(gdf: Any, lang: Lang) -> str:
    """``" — schematic · 示意"`` for a legend heading: the accuracy all features share, if any;
    a superseded plan's layer adds ``" — superseded · 已被取代"``.
    """
    old = (
        " — " + pick(("superseded", "已被取代"), lang, " · ")
        if gdf.attrs.get("superseded_by")
        else ""
    )
    if "accuracy" not in gdf.columns:
        return old
    values = {str(v).strip().lower() for v in gdf["accuracy"].dropna()}
    if len(values) != 1 or (value := values.pop()) not in LEGEND_MARKS:
        return old
    return " — " + pick(LEGEND_MARKS[value], lang, " · ") + old
