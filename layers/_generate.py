"""Rebuild the layers of the embedded default project from the shipped official sources.

Run ``python layers/_generate.py`` from the repository root. The output is deterministic;
``tests/catalog/test_catalog.py`` checks that the committed files equal what this script writes.

Official layers are copied from the Town Planning Board's statutory plans shipped byte for byte in
``layers/sources/tpb/`` (S/LMCL/2, S/YL-ST/8), and the border from OpenStreetMap
(``layers/sources/osm/``, ODbL). The park boundary is derived from S/LMCL/2: its planning scheme
area less the conservation area. Everything with no official geometry (phases, batches, the
functional zones of §3.1.5, height bands, Batch 1 buildings, the San Tin technopole layout and the
wetland park) is **schematic** and drawn on the official zones: see ``_gen_loop.py`` and
``_gen_santin.py`` for the rules, and ``manifest.yaml`` for the decisions.

Geometry is computed in HK1980 Grid (EPSG:2326), assembled into clean coverages on a 10 cm grid and
written as EPSG:4326 GeoJSON with 7 decimals.
"""

from __future__ import annotations

import json

import numpy as np
from _gen_common import (
    HERE,
    OSM_ATTRIBUTION,
    SEED,
    TPB_ATTRIBUTION,
    read_border,
    read_plan,
    write,
)
from _gen_loop import build_loop
from _gen_santin import build_santin, build_wetland
from shapely.geometry import Polygon

# mPD -> storeys: the seed pairs 14 mPD with about 2 storeys and 208 mPD with about 40 (§3.1.4).
FLOOR_TO_FLOOR_M = (208 - 14) / (40 - 2)
GROUND_MPD = 14 - 2 * FLOOR_TO_FLOOR_M
OFFICIAL = "official"


def storeys(height_mpd: float) -> int:
    """Whole storeys that fit under the height limit (gis.envelope uses the same rule)."""
    return int(np.floor((height_mpd - GROUND_MPD) / FLOOR_TO_FLOOR_M + 1e-6))


def src(section: str) -> str:
    return f"{SEED} {section}"


OU_RD = "OU (Research and Development, Education, and Cultural and Creative Industries)"
ZONES = {
    # zone_id: (name_en, name_zh, zone_type, site_coverage, source, character, official zone)
    "batch1_dev": (
        "Batch 1 development",
        "第一批次發展",
        "development",
        0.45,
        "§3.1.5 map legend",
        "offices/dry labs, wet labs, talent apartments",
        OU_RD,
    ),
    "life_health": (
        "Life & Health Technology",
        "生命健康科技區",
        "functional",
        0.45,
        "§3.1.5; legend",
        "next to the waterfront and nature, timber and greenery",
        OU_RD,
    ),
    "clinical_trial": (
        "GBA International Clinical Trial Institute",
        "粵港澳大灣區國際臨床試驗所",
        "institution",
        0.45,
        "§3.1.5; §4.7.1",
        "set up in the park in Q4 2024",
        OU_RD,
    ),
    "new_tech_mfg": (
        "New Technology & Advanced Manufacturing",
        "新科技與先進製造區",
        "functional",
        0.45,
        "§3.1.5; legend",
        "flexible large-scale structures, low-carbon materials",
        OU_RD,
    ),
    "central_avenue": (
        "Central Avenue",
        "中央大道",
        "spine",
        0.0,
        "§3.1.5; §3.1.7; legend",
        "pedestrian spine with sports, greenery, dining (on the central open "
        "space: no building GFA)",
        "O",
    ),
    "talent_accommodation": (
        "Talent Accommodation",
        "人才住宿區",
        "functional",
        0.55,
        "§3.1.5; legend",
        "low-rise buildings, stepped terraces, courtyards",
        OU_RD,
    ),
    "uir": (
        "University-Industry-Research",
        "產學研區",
        "functional",
        0.40,
        "§3.1.5; legend",
        "landmark buildings with green terraces, a central urban 'forest'",
        OU_RD,
    ),
    "small_urban_living": (
        "Small Urban Living & Leisure",
        "小型都市生活及休閒區",
        "functional",
        0.50,
        "§3.1.5 (legend: 小型都市生活區)",
        "green mid- to high-rise towers joined by green podiums",
        OU_RD,
    ),
    "ai_data": (
        "AI & Data Science",
        "人工智能與數據科學區",
        "functional",
        0.50,
        "§3.1.5; legend",
        "high-end, fully digital commercial towers",
        OU_RD,
    ),
    "open_space": (
        "Open space (riverside and south-west tip)",
        "休憩用地（河畔及西南端）",
        "non_building",
        0.0,
        "S/LMCL/2 O zones",
        "no park GFA",
        "O",
    ),
    "ecological_area": (
        "Ecological area",
        "生態區",
        "non_building",
        0.0,
        "S/LMCL/2 OU (Ecological Area)",
        "no park GFA",
        "OU (Ecological Area)",
    ),
    "roads": (
        "Major roads and junctions",
        "主要道路及路口",
        "non_building",
        0.0,
        "S/LMCL/2 MRDJ",
        "no park GFA",
        "MRDJ",
    ),
    "gic_sites": (
        "Government, institution or community sites",
        "政府、機構或社區用地",
        "non_building",
        0.0,
        "S/LMCL/2 G/IC",
        "government facilities, not park GFA",
        "G/IC",
    ),
}

BUILDINGS = [
    # (name_en, name_zh, use, status) — eight Batch 1 buildings (§2.1.10, ch. 8; seed 002, 003)
    ("Batch 1 Building 1 (wet labs)", "第一批次大樓 1（濕實驗室）", "wet_labs", "completed"),
    ("Batch 1 Building 2 (wet labs)", "第一批次大樓 2（濕實驗室）", "wet_labs", "completed"),
    (
        "Batch 1 Building 3 (offices / dry labs)",
        "第一批次大樓 3（寫字樓／乾實驗室）",
        "offices_dry_labs",
        "completed",
    ),
    (
        "Batch 1 Building 4 (offices / dry labs)",
        "第一批次大樓 4（寫字樓／乾實驗室）",
        "offices_dry_labs",
        "under construction",
    ),
    (
        "Batch 1 Building 5 (offices / dry labs)",
        "第一批次大樓 5（寫字樓／乾實驗室）",
        "offices_dry_labs",
        "under construction",
    ),
    (
        "Batch 1 Building 6 (wet labs)",
        "第一批次大樓 6（濕實驗室）",
        "wet_labs",
        "under construction",
    ),
    (
        "Batch 1 Building 7 (talent apartments)",
        "第一批次大樓 7（人才公寓）",
        "talent_apartments",
        "under construction",
    ),
    (
        "Batch 1 Building 8 (talent apartments)",
        "第一批次大樓 8（人才公寓）",
        "talent_apartments",
        "under construction",
    ),
]

LAND_USE_NAMES = {
    "i_and_t": ("Innovation and technology", "創新科技"),
    "residential": ("Residential (San Tin Town Centre)", "住宅（新田市中心）"),
    "gic": ("Government, institution or community", "政府、機構或社區"),
    "open_space": ("Open space", "休憩用地"),
    "road": ("Road", "道路"),
    "village": ("Existing village", "現有鄉村"),
    "transport": ("Railway", "鐵路"),
}


# ----------------------------------------------------------------------------- official layers
def plan_props(plan) -> dict:
    return {
        "plan_no": plan.plan_no,
        "plan_name_en": plan.name_en,
        "plan_name_zh": plan.name_zh,
        "pub_date": plan.pub_date,
        "aprv_date": plan.aprv_date,
        "attribution": TPB_ATTRIBUTION,
    }


def ozp_features(plan, prefix: str) -> list[dict]:
    """One feature per official zone, with the Board's fields and the plan's number and dates."""
    out = []
    for z in plan.zones:
        en, zh = z["desc_en"], z["desc_zh"]
        if z["spuse_en"]:
            en = f"{en}: {z['spuse_en'].capitalize()}"
            zh = f"{zh}（{z['spuse_zh']}）"
        out.append(
            {
                "id": f"{prefix}_{z['fid']:02d}",
                "zone_label": z["zone_label"],
                "name_en": f"{z['zone_label']} {en}",
                "name_zh": f"{z['zone_label']} {zh}",
                "desc_en": z["desc_en"],
                "desc_zh": z["desc_zh"],
                "spuse_en": z["spuse_en"],
                "spuse_zh": z["spuse_zh"],
                **plan_props(plan),
                "source": plan.src(),
                "geometry": z["geometry"],
            }
        )
    return out


def write_official(L: dict, st_plan) -> None:
    plan = L["plan"]
    write("loop_ozp", ozp_features(plan, "lmcl"), accuracy=OFFICIAL)
    write(
        "loop_plan_area",
        [
            {
                "id": "s_lmcl_2",
                "name_en": f"{plan.name_en} OZP {plan.plan_no}: planning scheme area",
                "name_zh": f"{plan.name_zh}分區計劃大綱圖 {plan.plan_no} 規劃區範圍",
                "stated_area_ha": 104.1,
                **plan_props(plan),
                "source": plan.src("PLAN_SCHEME_AREA"),
                "geometry": plan.area,
            }
        ],
        accuracy=OFFICIAL,
    )
    write(
        "loop_boundary",
        [
            {
                "id": "loop",
                "name_en": "Hong Kong-Shenzhen Innovation and Technology Park (Loop)",
                "name_zh": "河套香港園區",
                "stated_area_ha": 87.0,
                **plan_props(plan),
                "derived_from": f"{plan.plan_no} ZONE: every zone except the "
                "conservation area (CA)",
                "method": "planning scheme area less the CA along the old river meander",
                "park_zones": "OU (R&D...), O, OU (Ecological Area), MRDJ, G/IC, "
                "OU (Sewage Treatment Works), C",
                "source": f"{plan.src()}; area: {src('§2.1.4, §3.1.1')}",
                "geometry": L["park"],
            }
        ],
        accuracy=OFFICIAL,
    )
    write("santin_ozp_2006", ozp_features(st_plan, "st"), accuracy=OFFICIAL)
    data = json.loads((HERE / "sources" / "osm" / "hk_mainland_border.geojson").read_text("utf-8"))
    feat = data["features"][0] if "features" in data else data
    line = feat["geometry"]
    write(
        "context_border",
        [
            {
                "id": "hk_mainland_border",
                "name_en": "Hong Kong-mainland boundary (Shenzhen River)",
                "name_zh": "香港與內地分界線（深圳河）",
                "licence": "ODbL-1.0",
                "attribution": OSM_ATTRIBUTION,
                "source": (
                    "OpenStreetMap relation 913110, retrieved 2026-10-07, simplified at 0.00008°; "
                    "layers/sources/osm/hk_mainland_border.geojson"
                ),
                "lonlat_geometry": {
                    "type": "LineString",
                    "coordinates": np.round(line["coordinates"], 7).tolist(),
                },
            }
        ],
        accuracy="osm",
    )


# ----------------------------------------------------------------------------- schematic layers
def write_loop(L: dict) -> None:
    plan_no = L["plan"].plan_no
    on = f"drawn on {plan_no}"
    write(
        "loop_phases",
        [
            {
                "id": "phase1",
                "phase": 1,
                "name_en": "Phase 1 (south-west)",
                "name_zh": "第一期（西南）",
                "source": src(f"§3.1.1; {on}, edge: NE edge of the central O zone"),
                "geometry": L["phases"]["phase1"],
            },
            {
                "id": "phase2",
                "phase": 2,
                "name_en": "Phase 2 (north-east)",
                "name_zh": "第二期（東北）",
                "source": src(f"§3.1.1, §3.1.2; {on}"),
                "geometry": L["phases"]["phase2"],
            },
        ],
    )
    zh_num = {1: "一", 2: "二", 3: "三"}
    write(
        "loop_batches",
        [
            {
                "id": f"batch{i}",
                "batch": i,
                "phase": 1,
                "name_en": f"Phase 1 Batch {i}",
                "name_zh": f"第一期第{zh_num[i]}批次",
                "source": src(f"§3.1.1; {on}"),
                "geometry": L["batches"][f"batch{i}"],
            }
            for i in (1, 2, 3)
        ],
    )
    write(
        "loop_zones",
        [
            {
                "id": zid,
                "zone_id": zid,
                "name_en": v[0],
                "name_zh": v[1],
                "zone_type": v[2],
                "site_coverage": v[3],
                "on_official_zone": v[6],
                "source": src(v[4]) + f"; {on}",
                "character": v[5],
                "geometry": L["zones"][zid],
            }
            for zid, v in ZONES.items()
        ],
    )
    bands = []
    for i, b in enumerate(L["bands"], 1):
        h = b["height_mpd"]
        bands.append(
            {
                "id": f"band{i:02d}",
                "strip": b["strip"],
                "kinds": "+".join(b["kinds"]),
                "height_mpd": h,
                "storeys": storeys(h),
                "name_en": f"Height band {i}: up to {h} mPD (~{storeys(h)} storeys)",
                "name_zh": f"高度帶 {i}：不高於主水平基準以上 {h} 米（約 {storeys(h)} 層）",
                "source": src(f"§3.1.4; {on}"),
                "geometry": b["geometry"],
            }
        )
    write("loop_height_bands", bands)
    write("loop_batch1_buildings", building_features(L["zones"]["batch1_dev"], L["axis"]))


def write_santin(S: dict, wetland, st_plan) -> None:
    write(
        "santin_boundary",
        [
            {
                "id": "santin",
                "name_en": "San Tin Technopole (incl. the Loop park)",
                "name_zh": "新田科技城（包括河套香港園區）",
                "source": (
                    "seed 000_4f493ffd11b5c411.txt; public: Northern Metropolis / LegCo papers "
                    f"2023; drawn on {st_plan.plan_no}, S/YL-NTM/12 and S/LMCL/2"
                ),
                "stated_area_ha": 627.0,
                "geometry": S["technopole"],
            }
        ],
    )
    feats = []
    for pid, geom in S["parcels"].items():
        meta = S["meta"][pid]
        en, zh = LAND_USE_NAMES[meta["land_use"]]
        is_it = meta["land_use"] == "i_and_t"
        feats.append(
            {
                "id": pid,
                "land_use": meta["land_use"],
                "name_en": meta["label"],
                "name_zh": f"{zh}（{pid}）",
                "land_use_en": en,
                "land_use_zh": zh,
                "north_of_highway": meta["north"],
                "source": (
                    "seed 003_bc40a09fda35a888.txt (about 210 ha I&T); public: approved San "
                    "Tin Technopole OZP, Sep 2024"
                    if is_it
                    else "public: Town Planning Board, Feb 2024 (layout); split schematic"
                )
                + f"; drawn on {st_plan.plan_no}"
                + ("" if meta["north"] else " / S/YL-NTM/12"),
                "geometry": geom,
            }
        )
    write("santin_parcels", feats)
    write(
        "santin_wetland_park",
        [
            {
                "id": "sam_po_shue",
                "name_en": "Sam Po Shue Wetland Conservation Park",
                "name_zh": "三寶樹濕地保育公園",
                "source": (
                    "public: EIA report notice and Town Planning Board, 2024; drawn on the CA "
                    "zones of S/YL-ST/8 and S/YL-MP/6"
                ),
                "stated_area_ha": 338.0,
                "geometry": wetland,
            }
        ],
    )


def building_features(b1_zone, axis) -> list[dict]:
    """Eight footprints on a grid along the park's long axis, inside the Batch 1 zone."""
    inner = b1_zone.buffer(-5)
    d = np.asarray(inner.envelope.exterior.coords) - axis.origin
    u0, v0 = (d @ axis.u_dir).min() - 50, (d @ axis.v_dir).min() - 50
    u1, v1 = (d @ axis.u_dir).max() + 50, (d @ axis.v_dir).max() + 50

    def cell(u: float, v: float) -> Polygon:
        return Polygon(
            [
                axis.origin + a * axis.u_dir + b * axis.v_dir
                for a, b in ((u, v), (u + 30, v), (u + 30, v + 22), (u, v + 22))
            ]
        )

    cells = [cell(u, v) for u in np.arange(u0, u1, 36) for v in np.arange(v0, v1, 30)]
    cells = [fp for fp in cells if inner.contains(fp)]
    c = b1_zone.centroid
    cells.sort(key=lambda fp: (round(fp.centroid.distance(c), 3), fp.centroid.x, fp.centroid.y))
    if len(cells) < len(BUILDINGS):
        raise SystemExit("the Batch 1 zone holds fewer than eight footprints; adjust the grid")
    chosen = sorted(cells[: len(BUILDINGS)], key=lambda fp: axis.uv(fp))
    return [
        {
            "id": f"b1_{k + 1}",
            "name_en": en,
            "name_zh": zh,
            "use": use,
            "status": status,
            "source": "seed 003_bc40a09fda35a888.txt (status); " + src("§2.1.10, ch. 8"),
            "geometry": chosen[k],
        }
        for k, (en, zh, use, status) in enumerate(BUILDINGS)
    ]


def main() -> None:
    border = read_border()
    loop_plan, st_plan = read_plan("S_LMCL_2"), read_plan("S_YL-ST_8")
    L = build_loop(loop_plan, border)
    write_official(L, st_plan)
    write_loop(L)
    S = build_santin(st_plan, read_plan("S_YL-NTM_12"), L["park"])
    write_santin(S, build_wetland(st_plan, read_plan("S_YL-MP_6"), border), st_plan)


if __name__ == "__main__":
    main()
