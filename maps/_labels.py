"""Bilingual words the maps use: field labels, categories, layer names.

English and Traditional Chinese. Everything here is plain text; callers escape it with
:func:`maps._escape.esc` like any other string, so an edited table cannot inject markup either.
"""

from __future__ import annotations

from typing import Literal

from gis.errors import InputError

Lang = Literal["en", "zh", "both"]
LANGS: tuple[str, ...] = ("en", "zh", "both")

SCHEMATIC = ("schematic (not official geometry)", "示意（非官方圖則）")
OFFICIAL = ("official", "官方")

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
    if site:
        s_en, s_zh = SITES.get(site.lower(), (humanize(site), ""))
        en = f"{s_en}: {en}"
        zh = f"{s_zh}：{zh}" if zh and s_zh else zh
    return en[:1].upper() + en[1:], zh


def accuracy_pair(value: object) -> tuple[str, str]:
    """Bilingual accuracy note; schematic data says it is not official geometry."""
    text = str(value).strip().lower()
    if text == "schematic":
        return SCHEMATIC
    if text == "official":
        return OFFICIAL
    return (str(value), "")
