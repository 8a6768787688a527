"""San Tin: the schematic technopole, its parcels and the wetland park, on the official plans.

The 2024 San Tin Technopole OZP is not available as data. What stands in for it is drawn on the
plans that are: San Tin S/YL-ST/8 (2006), Mai Po & Fairview Park S/YL-MP/6 (2005) and Ngau Tam Mei
S/YL-NTM/12 (2006).

* North of San Tin Highway (the major road zone, MRDJ, that forms the south-eastern edge of
  S/YL-ST/8): the technopole takes S/YL-ST/8 less its conservation areas and the green-belt hill
  of Lok Ma Chau, on the plan's own zone edges. Its I&T parcels (210 ha) are cut from the
  development zones (OU comprehensive development, U, R(D), OU service stations); existing
  villages, G/IC sites and transport keep their official outlines.
* South of the highway: San Tin Town Centre, a band of S/YL-NTM/12 along the highway, sized so
  the technopole with the Loop park is 627 ha.
* Sam Po Shue Wetland Conservation Park (338 ha): the San Tin fishpond conservation area (CA of
  S/YL-ST/8) and the adjoining eastern part of the Mai Po fishpond conservation area (CA of
  S/YL-MP/6), north-west of the I&T land.
"""

from __future__ import annotations

import numpy as np
from _gen_common import Axis, coverage, fill_pinholes, mainland_side, polygons
from shapely.ops import unary_union

TECHNOPOLE_M2 = 6_270_000.0  # seed 000: about 627 ha including the Loop park
WETLAND_M2 = 3_380_000.0  # about 338 ha
IT_HA = [210]  # I&T land in San Tin (seed 003; OZP 2024)
BIG_ZONE_SPLIT = [0.38, 0.33, 0.29]  # the I&T cut from the large zone, in three parcels
TOWN_CENTRE = [  # (id, fraction of the town centre land, land use, label); the rest is open space
    ("res1", 0.17, "residential", "Town Centre residential 1"),
    ("gic_s1", 0.07, "gic", "GIC / station area"),
    ("res2", 0.16, "residential", "Town Centre residential 2"),
    ("open_s1", 0.10, "open_space", "Town park"),
    ("res3", 0.15, "residential", "Town Centre residential 3"),
    ("gic_s2", 0.06, "gic", "GIC south"),
    ("res4", 0.13, "residential", "Town Centre residential 4"),
]
ROAD_M = 20.0
# "ne" = east, "nw" = north
EAST = Axis(np.array([825_000.0, 840_000.0]), np.array([1.0, 0.0]), np.array([0.0, -1.0]))

# S/YL-ST/8 zones north of the highway, by what the schematic makes of them
DEVELOPMENT = [
    ("OU", "COMPREHENSIVE DEVELOPMENT AND"),
    ("OU", "COMPREHENSIVE DEVELOPMENT TO"),
    ("U", ""),
    ("R(D)", ""),
    ("OU", "SERVICE"),
]
KEPT = [
    ("V", "", "village", "Existing village"),
    ("G/IC", "", "gic", "Government site"),
    ("OU", "RAILWAY", "transport", "Railway and Lok Ma Chau station"),
    ("GB", "", "open_space", "Green belt"),
]


def _area(z: dict) -> float:
    return z["geometry"].area


def build_wetland(st_plan, mp_plan, border):
    """San Tin fishpond CA plus the eastern part of the Mai Po fishpond CA, 338 ha.

    Where the plan's edge runs past the OSM boundary line (0.1 ha along the river, the line being
    simplified at about 8 m), the park stops at the line: nothing of it lies in Shenzhen.
    """
    shenzhen = mainland_side(border).buffer(0.1)  # clear of 7-decimal rounding
    st_ca = polygons(max(st_plan.of("CA"), key=_area)["geometry"].difference(shenzhen))
    mp_ca = polygons(max(mp_plan.of("CA"), key=_area)["geometry"].difference(shenzhen))
    mp_part, _, _ = EAST.carve(mp_ca, WETLAND_M2 - st_ca.area, "ne")
    return unary_union([st_ca, mp_part])


def build_santin(st_plan, ntm_plan, park) -> dict:
    """Parcels of the technopole's San Tin part; ``north_of_highway`` says on which side."""
    highway = unary_union([z["geometry"] for z in st_plan.of("MRDJ")])
    hill = max(st_plan.of("GB"), key=_area)
    parts: dict[str, object] = {"road_highway": highway}
    meta: dict[str, dict] = {
        "road_highway": {
            "land_use": "road",
            "label": "San Tin Highway",
            "north": False,
            "ozp": "MRDJ",
        }
    }
    core = unary_union(
        [highway, *(z["geometry"] for lab, sp in DEVELOPMENT for z in st_plan.of(lab, sp))]
    )
    for lab, sp, use, label in KEPT:
        for z in st_plan.of(lab, sp):
            if z is hill or z["geometry"].distance(core) > 1.0:
                continue  # the hill, and islands in it or in the fishpond CA, stay out
            pid = f"{use}_{z['fid']:02d}"
            parts[pid] = z["geometry"]
            meta[pid] = {
                "land_use": use,
                "label": f"{label} ({st_plan.plan_no} {lab})",
                "north": True,
                "ozp": lab,
            }
    # I&T: the smaller development zones whole, on their official outlines, then the rest cut
    # off the east of the large wetland-enhancement zone; its west end stays a wetland buffer
    dev = sorted([z for lab, sp in DEVELOPMENT for z in st_plan.of(lab, sp)], key=_area)
    whole, big = dev[:-1], dev[-1]
    for i, z in enumerate(whole, 1):
        parts[f"it{i}"] = z["geometry"]
        meta[f"it{i}"] = {
            "land_use": "i_and_t",
            "label": f"I&T parcel {i} ({st_plan.plan_no} {z['zone_label']})",
            "north": True,
            "ozp": z["zone_label"],
        }
    left_m2 = sum(IT_HA) * 10_000.0 - sum(_area(z) for z in whole)
    rest = big["geometry"]
    for k, frac in enumerate(BIG_ZONE_SPLIT, len(whole) + 1):
        rest = _take(
            parts,
            meta,
            rest,
            f"it{k}",
            frac * left_m2,
            {"land_use": "i_and_t", "label": f"I&T parcel {k}", "north": True},
        )
    parts["open_n"] = rest
    meta["open_n"] = {
        "land_use": "open_space",
        "label": "Wetland buffer and riverside open space",
        "north": True,
    }
    north_m2 = sum(g.area for g in parts.values())
    town = _town_land(ntm_plan, highway, TECHNOPOLE_M2 - park.area - north_m2)
    rest = town
    total = town.area
    for pid, frac, use, label in TOWN_CENTRE:
        rest = _take(
            parts, meta, rest, pid, frac * total, {"land_use": use, "label": label, "north": False}
        )
    parts["open_s2"] = rest
    meta["open_s2"] = {"land_use": "open_space", "label": "Western open space", "north": False}
    parcels = coverage(parts)
    # snapping may move a cut vertex a few centimetres off its plan: clip to the plan's land
    north_land = unary_union([z["geometry"] for z in st_plan.zones])
    parcels = {
        k: polygons(g.intersection(north_land if meta[k]["north"] or k == "road_highway" else town))
        for k, g in parcels.items()
    }
    technopole = fill_pinholes(unary_union([*parcels.values(), park]))
    return {"parcels": parcels, "meta": meta, "technopole": technopole, "highway": highway}


def _take(parts: dict, meta: dict, region, pid: str, target_m2: float, info: dict):
    """Cut a parcel off the east of ``region`` and a local road west of it; return the rest."""
    piece, rest, pos = EAST.carve(region, target_m2, "ne")
    road = polygons(rest.intersection(EAST.half(pos - ROAD_M, "ne")))
    parts[pid], meta[pid] = piece, info
    if road.area > 1.0:
        parts[f"road_{pid}"] = road
        meta[f"road_{pid}"] = {"land_use": "road", "label": "Local road", "north": info["north"]}
    return polygons(rest.difference(road))


def _town_land(ntm_plan, highway, target_m2: float):
    """A band of S/YL-NTM/12 (less its conservation areas) along the highway, ``target_m2``."""
    land = unary_union([z["geometry"] for z in ntm_plan.zones if z["zone_label"] != "CA"])
    a, b = 0.0, 3_000.0
    for _ in range(60):
        mid = (a + b) / 2
        if land.intersection(highway.buffer(mid, quad_segs=4)).area > target_m2:
            b = mid
        else:
            a = mid
    return polygons(land.intersection(highway.buffer((a + b) / 2, quad_segs=4)))
