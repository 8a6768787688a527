"""Rebuild the schematic layers of the embedded default project.

Run ``python layers/_generate.py`` from the repository root. The output is deterministic;
``tests/test_layers.py`` checks that the committed files equal what this script writes.

Nothing here is official geometry. No official boundary file is reachable from where this was
written, so every polygon is **schematic**: placed where the places are (FACTS.md, "Approximate
positions") and sized so that every stated area holds within 1 %. The layout follows the text of
the Loop park outline (seed ``004_281f81e4466a18af.txt``): two phases west to east (§3.1.1), three
batches in Phase 1 (§3.1.1), heights rising west to east from 14 mPD to 208 mPD and lower next to
the river and the southern green belt (§3.1.4), Life & Health along the waterfront (§3.1.5 legend),
Life & Health plus New Technology & Advanced Manufacturing on about half the Phase 1 land (§4.4.3),
low-rise talent housing (§3.1.5 legend).

Everything is drawn in a local metric frame centred on the Loop (EPSG:2326 offsets), assembled
into a clean coverage (shared edges share vertices) and then written as EPSG:4326 GeoJSON with
7 decimals.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon, box
from shapely.ops import polygonize, unary_union

HERE = Path(__file__).resolve().parent
# Loop centre, about 22.514 N 114.078 E (FACTS.md), in HK1980 Grid metres.
E0, N0 = 826095.0, 841597.0
BIG = 20_000.0
GRID_M = 0.1
SEED = "004_281f81e4466a18af.txt"
SCHEMATIC = "schematic"

# mPD -> storeys: the seed pairs 14 mPD with about 2 storeys and 208 mPD with about 40 (§3.1.4).
FLOOR_TO_FLOOR_M = (208 - 14) / (40 - 2)
GROUND_MPD = 14 - 2 * FLOOR_TO_FLOOR_M


def storeys(height_mpd: float) -> int:
    """Whole storeys that fit under the height limit (gis.envelope uses the same rule)."""
    return int(np.floor((height_mpd - GROUND_MPD) / FLOOR_TO_FLOOR_M + 1e-6))


# ----------------------------------------------------------------------------- helpers
def carve(region, target_m2: float, side: str, lo: float, hi: float):
    """Cut ``region`` by a straight line so the piece on ``side`` has ``target_m2``.

    Returns (piece, rest, position of the cut). Bisection on the cut's position.
    """

    def piece(pos: float):
        if side == "west":
            return region.intersection(box(-BIG, -BIG, pos, BIG))
        if side == "east":
            return region.intersection(box(pos, -BIG, BIG, BIG))
        if side == "north":
            return region.intersection(box(-BIG, pos, BIG, BIG))
        return region.intersection(box(-BIG, -BIG, BIG, pos))

    grows = side in ("west", "south")
    a, b = lo, hi
    for _ in range(80):
        mid = (a + b) / 2
        too_big = piece(mid).area > target_m2
        if too_big == grows:
            b = mid
        else:
            a = mid
    pos = (a + b) / 2
    p = piece(pos)
    return p, region.difference(p), pos


def lens(width: float, north_b: float, south_b: float, n: int = 96) -> Polygon:
    """A lens: flatter on the north (the straightened river), fuller on the south (old meander)."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x = width / 2 * np.cos(t)
    s = np.sin(t)
    y = np.where(s >= 0, north_b * s, south_b * s) * (1 - 0.12 * np.cos(t) ** 2)
    return Polygon(np.column_stack([x, y]))


def scale_to(poly: Polygon, target_m2: float) -> Polygon:
    f = (target_m2 / poly.area) ** 0.5
    return shapely.affinity.scale(poly, f, f, origin=(0, 0))


def coverage(parts: dict[str, object]) -> dict[str, object]:
    """Re-assemble pieces into a noded coverage: neighbours share every edge vertex.

    Pieces are first snapped to a 10 cm grid so no two vertices sit closer than rounding to
    7 decimal degrees (about 1 cm) could resolve; that rounding then cannot fold an edge.
    """
    parts = {k: shapely.set_precision(p, GRID_M) for k, p in parts.items()}
    lines = unary_union([shapely.boundary(p) for p in parts.values()])
    faces = list(polygonize(lines))
    out: dict[str, list] = {k: [] for k in parts}
    for f in faces:
        # each face goes to the piece it overlaps most: numerical slivers join their true owner
        share = {k: f.intersection(p).area for k, p in parts.items()}
        owner = max(share, key=share.get)
        if share[owner] > 0:
            out[owner].append(f)
    return {k: unary_union(v) for k, v in out.items()}


_to_wgs = Transformer.from_crs("EPSG:2326", "EPSG:4326", always_xy=True)


def to_lonlat(geom):
    def f(xy: np.ndarray) -> np.ndarray:
        lon, lat = _to_wgs.transform(xy[:, 0] + E0, xy[:, 1] + N0)
        return np.round(np.column_stack([lon, lat]), 7)

    g = shapely.transform(geom, f)
    if not g.is_valid:
        g = shapely.make_valid(g)
    # rounding can leave zero-area leftovers: keep the polygonal parts only
    polys = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    g = unary_union(polys)
    return g if g.geom_type != "MultiPolygon" or len(g.geoms) > 1 else g.geoms[0]


def write(name: str, features: list[dict], *, accuracy: str = SCHEMATIC) -> None:
    fc = {"type": "FeatureCollection", "name": name, "features": []}
    for ft in features:
        props = {k: v for k, v in ft.items() if k != "geometry"}
        props.setdefault("accuracy", accuracy)
        geom = to_lonlat(ft["geometry"])
        fc["features"].append(
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
        )
    text = json.dumps(fc, ensure_ascii=False, indent=None, separators=(",", ":"))
    # one feature a line keeps diffs readable
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    (HERE / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")


def north_arc(boundary: Polygon) -> LineString:
    """The river-side (northern) half of the Loop outline."""
    ring = boundary.exterior
    return ring.intersection(box(-BIG, boundary.centroid.y, BIG, BIG))


# ----------------------------------------------------------------------------- the Loop
def build_loop() -> dict[str, object]:
    loop = scale_to(lens(1700, 260, 380), 870_000.0)  # 87 ha, §3.1.1
    xmin, _, xmax, _ = loop.bounds
    p1, p2, x_phase = carve(loop, 480_000.0, "west", xmin, xmax)  # Phase 1 (west), schematic
    b1, rest, _ = carve(p1, 140_000.0, "west", xmin, x_phase)
    b2, b3, _ = carve(rest, 170_000.0, "west", xmin, x_phase)

    # Zones of Phase 1 (§3.1.5 and its legend). Batch 1 development takes the west tip.
    z_b1, east, x_b1 = carve(p1, 70_000.0, "west", xmin, x_phase)
    # Central Avenue: a 30 m spine placed so that the land north of it, Life & Health + New Tech &
    # Advanced Manufacturing (+ the small clinical trial institute), is about half of Phase 1
    # (§4.4.3).
    half = 0.5 * p1.area + 10_000.0
    north, south_all, y_n = carve(east, half, "north", -400, 400)
    avenue = south_all.intersection(box(-BIG, y_n - 30, BIG, y_n))
    south = south_all.difference(avenue)
    lh, rest_n, _ = carve(north, 125_000.0, "west", x_b1, x_phase)
    # the clinical trial institute: a small block on the avenue, east of Life & Health
    by_avenue = rest_n.intersection(box(-BIG, -BIG, BIG, y_n + 110))
    cti, _, _ = carve(by_avenue, 10_000.0, "west", x_b1, x_phase)
    ntam = rest_n.difference(cti)
    ta, rest_s, _ = carve(south, 50_000.0, "west", x_b1, x_phase)
    uir, rest_s, _ = carve(rest_s, 30_000.0, "west", x_b1, x_phase)
    sul, ai, _ = carve(rest_s, 25_000.0, "west", x_b1, x_phase)
    zones = coverage(
        {
            "batch1_dev": z_b1,
            "life_health": lh,
            "clinical_trial": cti,
            "new_tech_mfg": ntam,
            "central_avenue": avenue,
            "talent_accommodation": ta,
            "uir": uir,
            "small_urban_living": sul,
            "ai_data": ai,
        }
    )
    phases = coverage({"phase1": p1, "phase2": p2})
    batches = coverage({"batch1": b1, "batch2": b2, "batch3": b3})
    bands = build_height_bands(p1, loop, zones["talent_accommodation"], xmin, x_phase)
    return {
        "loop": loop,
        "phases": phases,
        "batches": batches,
        "zones": zones,
        "bands": bands,
        "x_phase": x_phase,
    }


# Core heights rising west to east across Phase 1 (§3.1.4): 14 mPD (~2 storeys) .. 208 mPD (~40).
CORE_LEVELS_MPD = [14, 35, 55, 85, 120, 160, 208]
STRIP_FRACTIONS = [0.07, 0.17, 0.16, 0.15, 0.15, 0.15, 0.15]
EDGE_M = 60.0  # next to the Shenzhen River and the southern green belt buildings are lower
LOW_RISE_CAP_MPD = 35  # talent accommodation: low-rise buildings and stepped terraces (§3.1.5)


def build_height_bands(p1, loop, ta, xmin: float, xmax: float) -> list[dict]:
    edges = loop.exterior.buffer(EDGE_M).intersection(p1)
    cuts = xmin + np.cumsum([0, *STRIP_FRACTIONS]) * (xmax - xmin)
    parts: dict[str, object] = {}
    heights: dict[str, int] = {}
    for i, level in enumerate(CORE_LEVELS_MPD):
        strip = p1.intersection(box(cuts[i], -BIG, cuts[i + 1], BIG))
        edge_level = CORE_LEVELS_MPD[max(i - 2, 0)]
        low_edge = min(edge_level, LOW_RISE_CAP_MPD)
        pieces = {
            "edge": (strip.intersection(edges).difference(ta), edge_level),
            "lowedge": (strip.intersection(edges).intersection(ta), low_edge),
            "low": (strip.difference(edges).intersection(ta), min(level, LOW_RISE_CAP_MPD)),
            "core": (strip.difference(edges).difference(ta), level),
        }
        for kind, (geom, h) in pieces.items():
            if geom.area > 1.0:
                key = f"s{i + 1}_{kind}"
                parts[key], heights[key] = geom, h
    faces = coverage(parts)
    # merge pieces of one strip that share a height (edge and low-rise of strip 1, say)
    merged: dict[tuple[int, int], list] = {}
    for key, geom in faces.items():
        strip_no = int(key[1 : key.index("_")])
        merged.setdefault((strip_no, heights[key]), []).append((key, geom))
    out = []
    for (strip_no, h), items in sorted(merged.items()):
        kinds = sorted(k.split("_")[1] for k, _ in items)
        out.append(
            {
                "strip": strip_no,
                "kinds": kinds,
                "height_mpd": h,
                "geometry": unary_union([g for _, g in items]),
            }
        )
    return out


# ----------------------------------------------------------------------------- San Tin
IT_PARCELS_HA = [40, 36, 32, 30, 28, 24, 20]  # sum 210 ha (seed 003; OZP 2024), sizes schematic
ROAD_M = 20.0
HIGHWAY_M = 60.0


def build_santin(loop: Polygon) -> dict[str, object]:
    xmin, _, xmax, _ = loop.bounds
    tip_w = (xmin, 0.0)
    # the Loop's southern arc, from its west tip to its east tip
    south_arc = loop.exterior.intersection(box(-BIG, -BIG, BIG, 0.0))
    arc = np.asarray(shapely.line_merge(south_arc).coords)
    if arc[0][0] > arc[-1][0]:
        arc = arc[::-1]
    west_x = -2600.0
    east_x = xmax + 120.0

    def region(y_s: float) -> Polygon:
        pts = [(west_x, 0.0), tip_w, *map(tuple, arc[1:]), (east_x, -150.0), (east_x, y_s),
               (west_x, y_s)]
        return shapely.make_valid(Polygon(pts)).difference(loop)

    # San Tin part = 627 - 87 = 540 ha (seed 000; FACTS.md), solve for its southern edge.
    a, b = -6000.0, -500.0
    for _ in range(80):
        mid = (a + b) / 2
        if region(mid).area > 5_400_000.0:
            a = mid
        else:
            b = mid
    santin = region((a + b) / 2)
    y_s = (a + b) / 2
    # San Tin Highway: placed so the land north of it holds the I&T parcels, their roads, a GIC
    # site and a riverside open space (about 250 ha); the Town Centre lies south of it.
    _, _, y_hw = carve(santin, 2_500_000.0, "north", y_s, 0.0)
    y_hw -= HIGHWAY_M / 2

    highway = santin.intersection(box(-BIG, y_hw - HIGHWAY_M / 2, BIG, y_hw + HIGHWAY_M / 2))
    north = santin.intersection(box(-BIG, y_hw + HIGHWAY_M / 2, BIG, BIG))
    south = santin.intersection(box(-BIG, -BIG, BIG, y_hw - HIGHWAY_M / 2))

    parts: dict[str, object] = {"road_highway": highway}
    parcels_meta: dict[str, dict] = {
        "road_highway": {"land_use": "road", "label": "San Tin Highway"}}

    def take(region, name: str, ha: float, side: str, meta: dict, road: bool = True):
        lo, hi = (-BIG / 2, BIG / 2)
        piece, rest, pos = carve(region, ha * 10_000.0, side, lo, hi)
        parts[name] = piece
        parcels_meta[name] = meta
        if road:
            if side == "east":
                strip = rest.intersection(box(pos - ROAD_M, -BIG, pos, BIG))
            else:
                strip = rest.intersection(box(pos, -BIG, pos + ROAD_M, BIG))
            rest = rest.difference(strip)
            parts[f"road_{name}"] = strip
            parcels_meta[f"road_{name}"] = {"land_use": "road", "label": "Local road"}
        return rest

    rest = north
    for i, ha in enumerate(IT_PARCELS_HA, 1):
        rest = take(rest, f"it{i}", ha, "east", {"land_use": "i_and_t", "label": f"I&T parcel {i}"})
    rest = take(rest, "gic_n", 12, "east", {"land_use": "gic", "label": "GIC north"})
    parts["open_n"] = rest
    parcels_meta["open_n"] = {"land_use": "open_space", "label": "Riverside open space"}

    rest = south
    spec = [
        ("res1", 38, "residential", "Town Centre residential 1"),
        ("gic_s1", 14, "gic", "GIC / station area"),
        ("res2", 34, "residential", "Town Centre residential 2"),
        ("open_s1", 22, "open_space", "Town park"),
        ("res3", 30, "residential", "Town Centre residential 3"),
        ("gic_s2", 12, "gic", "GIC south"),
        ("res4", 26, "residential", "Town Centre residential 4"),
    ]
    for name, ha, use, label in spec:
        rest = take(rest, name, ha, "east", {"land_use": use, "label": label})
    parts["open_s2"] = rest
    parcels_meta["open_s2"] = {"land_use": "open_space", "label": "Western open space"}

    parcels = coverage(parts)
    technopole = unary_union([*parcels.values(), shapely.set_precision(loop, GRID_M)])
    # Sam Po Shue Wetland Conservation Park, about 338 ha, north-west of the I&T land, towards
    # Mai Po.
    wx1 = west_x - 40.0
    height = 1900.0
    wet = box(wx1 - 3_380_000.0 / height, y_hw - 900.0, wx1, y_hw - 900.0 + height)
    return {
        "santin": santin,
        "technopole": technopole,
        "parcels": parcels,
        "parcels_meta": parcels_meta,
        "wetland": wet,
        "y_hw": y_hw,
    }


# ----------------------------------------------------------------------------- attributes
ZONES = {
    # zone_id: (name_en, name_zh, zone_type, site_coverage, source, note)
    "batch1_dev": ("Batch 1 development", "第一批次發展", "development", 0.3,
                   "§3.1.5 map legend", "offices/dry labs, wet labs, talent apartments"),
    "life_health": ("Life & Health Technology", "生命健康科技區", "functional", 0.22,
                    "§3.1.5; legend", "next to the waterfront and nature, timber and greenery"),
    "clinical_trial": ("GBA International Clinical Trial Institute", "粵港澳大灣區國際臨床試驗所",
                       "institution", 0.25, "§3.1.5; §4.7.1", "set up in the park in Q4 2024"),
    "new_tech_mfg": ("New Technology & Advanced Manufacturing", "新科技與先進製造區", "functional",
                     0.10, "§3.1.5; legend",
                     "flexible large-scale structures, low-carbon materials"),
    "central_avenue": ("Central Avenue", "中央大道", "spine", 0.05, "§3.1.5; §3.1.7; legend",
                       "pedestrian spine with sports, greenery, dining"),
    "talent_accommodation": ("Talent Accommodation", "人才住宿區", "functional", 0.45,
                             "§3.1.5; legend", "low-rise buildings, stepped terraces, courtyards"),
    "uir": ("University-Industry-Research", "產學研區", "functional", 0.15, "§3.1.5; legend",
            "landmark buildings with green terraces, a central urban 'forest'"),
    "small_urban_living": ("Small Urban Living & Leisure", "小型都市生活及休閒區", "functional",
                           0.20, "§3.1.5 (legend: 小型都市生活區)",
                           "green mid- to high-rise towers joined by green podiums"),
    "ai_data": ("AI & Data Science", "人工智能與數據科學區", "functional", 0.2, "§3.1.5; legend",
                "high-end, fully digital commercial towers"),
}

BUILDINGS = [
    # (name_en, name_zh, use, status) — eight Batch 1 buildings (§2.1.10, ch. 8; seed 002, 003)
    ("Batch 1 Building 1 (wet labs)", "第一批次大樓 1（濕實驗室）", "wet_labs", "completed"),
    ("Batch 1 Building 2 (wet labs)", "第一批次大樓 2（濕實驗室）", "wet_labs", "completed"),
    ("Batch 1 Building 3 (offices / dry labs)", "第一批次大樓 3（寫字樓／乾實驗室）",
     "offices_dry_labs", "completed"),
    ("Batch 1 Building 4 (offices / dry labs)", "第一批次大樓 4（寫字樓／乾實驗室）",
     "offices_dry_labs", "under construction"),
    ("Batch 1 Building 5 (offices / dry labs)", "第一批次大樓 5（寫字樓／乾實驗室）",
     "offices_dry_labs", "under construction"),
    ("Batch 1 Building 6 (wet labs)", "第一批次大樓 6（濕實驗室）", "wet_labs",
     "under construction"),
    ("Batch 1 Building 7 (talent apartments)", "第一批次大樓 7（人才公寓）", "talent_apartments",
     "under construction"),
    ("Batch 1 Building 8 (talent apartments)", "第一批次大樓 8（人才公寓）", "talent_apartments",
     "under construction"),
]

LAND_USE_NAMES = {
    "i_and_t": ("Innovation and technology", "創新科技"),
    "residential": ("Residential (San Tin Town Centre)", "住宅（新田市中心）"),
    "gic": ("Government, institution or community", "政府、機構或社區"),
    "open_space": ("Open space", "休憩用地"),
    "road": ("Road", "道路"),
}


def src(section: str) -> str:
    return f"{SEED} {section}"


def main() -> None:
    L = build_loop()
    loop = L["loop"]
    write("loop_boundary", [{
        "id": "loop", "name_en": "Hong Kong-Shenzhen Innovation and Technology Park (Loop)",
        "name_zh": "河套香港園區", "source": src("§3.1.1; FACTS.md approximate positions"),
        "stated_area_ha": 87.0, "geometry": loop}])
    write("loop_phases", [
        {"id": "phase1", "phase": 1, "name_en": "Phase 1 (west)", "name_zh": "第一期（西）",
         "source": src("§3.1.1"), "geometry": L["phases"]["phase1"]},
        {"id": "phase2", "phase": 2, "name_en": "Phase 2 (east)", "name_zh": "第二期（東）",
         "source": src("§3.1.1, §3.1.2"), "geometry": L["phases"]["phase2"]},
    ])
    zh_num = {1: "一", 2: "二", 3: "三"}
    write("loop_batches", [
        {"id": f"batch{i}", "batch": i, "phase": 1, "name_en": f"Phase 1 Batch {i}",
         "name_zh": f"第一期第{zh_num[i]}批次", "source": src("§3.1.1"),
         "geometry": L["batches"][f"batch{i}"]}
        for i in (1, 2, 3)
    ])
    write("loop_zones", [
        {"id": zid, "zone_id": zid, "name_en": v[0], "name_zh": v[1], "zone_type": v[2],
         "site_coverage": v[3], "source": src(v[4]), "character": v[5],
         "geometry": L["zones"][zid]}
        for zid, v in ZONES.items()
    ])
    bands = []
    for i, b in enumerate(L["bands"], 1):
        kinds = "+".join(b["kinds"])
        h = b["height_mpd"]
        bands.append({
            "id": f"band{i:02d}", "strip": b["strip"], "kinds": kinds, "height_mpd": h,
            "storeys": storeys(h),
            "name_en": f"Height band {i}: up to {h} mPD (~{storeys(h)} storeys)",
            "name_zh": f"高度帶 {i}：不高於主水平基準以上 {h} 米（約 {storeys(h)} 層）",
            "source": src("§3.1.4"), "geometry": b["geometry"]})
    write("loop_height_bands", bands)
    write("loop_batch1_buildings", building_features(L["zones"]["batch1_dev"]))

    S = build_santin(loop)
    write("santin_boundary", [{
        "id": "santin", "name_en": "San Tin Technopole (incl. the Loop park)",
        "name_zh": "新田科技城（包括河套香港園區）",
        "source": "seed 000_4f493ffd11b5c411.txt; public: Northern Metropolis / LegCo papers 2023",
        "stated_area_ha": 627.0, "geometry": S["technopole"]}])
    feats = []
    for pid, geom in S["parcels"].items():
        meta = S["parcels_meta"][pid]
        en, zh = LAND_USE_NAMES[meta["land_use"]]
        feats.append({
            "id": pid, "land_use": meta["land_use"], "name_en": f"{meta['label']}",
            "name_zh": f"{zh}（{pid}）", "land_use_en": en, "land_use_zh": zh,
            "north_of_highway": bool(geom.centroid.y > S["y_hw"]),
            "source": ("seed 003_bc40a09fda35a888.txt (about 210 ha I&T); public: approved San Tin "
                       "Technopole OZP, Sep 2024" if meta["land_use"] == "i_and_t" else
                       "public: Town Planning Board, Feb 2024 (layout); split schematic"),
            "geometry": geom})
    write("santin_parcels", feats)
    write("santin_wetland_park", [{
        "id": "sam_po_shue", "name_en": "Sam Po Shue Wetland Conservation Park",
        "name_zh": "三寶樹濕地保育公園",
        "source": "public: EIA report notice and Town Planning Board, 2024",
        "stated_area_ha": 338.0, "geometry": S["wetland"]}])


def building_features(b1_zone) -> list[dict]:
    """Eight footprints laid out on a grid inside the Batch 1 development zone (schematic)."""
    inner = b1_zone.buffer(-8)
    x0, y0, x1, y1 = inner.bounds
    cells = [box(x, y, x + 40, y + 30)
             for x in np.arange(x0, x1 - 40, 55) for y in np.arange(y0, y1 - 30, 45)]
    cells = [fp for fp in cells if inner.contains(fp)]
    c = b1_zone.centroid
    cells.sort(key=lambda fp: (fp.centroid.distance(c), fp.centroid.x, fp.centroid.y))
    if len(cells) < len(BUILDINGS):
        raise SystemExit("the Batch 1 zone holds fewer than eight footprints; adjust the grid")
    chosen = sorted(cells[: len(BUILDINGS)], key=lambda fp: (fp.centroid.x, fp.centroid.y))
    feats = []
    for k, (en, zh, use, status) in enumerate(BUILDINGS):
        fp = chosen[k]
        feats.append({"id": f"b1_{k + 1}", "name_en": en, "name_zh": zh, "use": use,
                      "status": status, "source": ("seed 003_bc40a09fda35a888.txt (status); "
                                                   + src("§2.1.10, ch. 8")),
                      "geometry": fp})
    return feats


if __name__ == "__main__":
    main()
