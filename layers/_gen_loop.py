"""The Loop: official zones of S/LMCL/2 and the schematic park layout drawn inside them.

Official: the 18 zones and the planning scheme area of the Lok Ma Chau Loop OZP S/LMCL/2; the
park is the plan area less the conservation area (CA) along the old river meander.

Schematic (no official geometry exists for them): phases, batches, the functional zones of §3.1.5,
height bands and the Batch 1 buildings. They are drawn inside the real plan:

* Phase 1 is the south-western half, towards the Lok Ma Chau Spur Line control point. Its edge
  with Phase 2 follows the real north-eastern edge of the central open space (O) between the two
  development blocks, continued straight across the riverside strip and the ecological area.
* Building zones lie on the "OU (Research and Development, ...)" land only; Central Avenue is the
  central open space; the rest of Phase 1 (roads, open space, the ecological area, G/IC) is
  carried as non-building zones on their own official zones, so the zones still tile Phase 1.
* Heights rise along the long axis (south-west to north-east) from 14 to 208 mPD, and are lower
  within reach of the Shenzhen River (the OSM boundary line) and of the southern green belt (CA).
"""

from __future__ import annotations

import numpy as np
from _gen_common import Axis, coverage, fill_pinholes, polygons
from shapely.geometry import LineString
from shapely.ops import split, unary_union

# Phase 1 programme layout: target areas in m² (schematic, see the manifest)
B1_FROM_OU3_M2 = 20_000.0  # Batch 1 development: the small OU tip plus the south-west of OU3
NE_STRIP_M2 = 24_000.0  # the north-east end of OU3 along Central Avenue: SUL and AI
SUL_M2 = 10_000.0  # Small Urban Living & Leisure: its river-side (north-west) part
CTI_M2 = 4_000.0  # clinical trial institute: the north-east end of Life & Health
UIR_M2 = 9_000.0  # University-Industry-Research: the green-belt strip by Central Avenue
BATCH_M2 = (150_000.0, 160_000.0)  # Batch 1 and 2 (Batch 3 is the rest of Phase 1)

RD = "RESEARCH AND DEVELOPMENT"


def build_loop(plan, border) -> dict:
    """Derive the park and draw the schematic layers on S/LMCL/2 (EPSG:2326)."""
    ca = unary_union([z["geometry"] for z in plan.of("CA")])
    park_zones = [z for z in plan.zones if z["zone_label"] != "CA"]
    park = fill_pinholes(unary_union([z["geometry"] for z in park_zones]))
    axis = Axis.of(plan.area)
    central = min(plan.of("O"), key=lambda z: z["geometry"].centroid.distance(plan.area.centroid))
    phase1 = _phase1(park, central["geometry"], axis)
    phase2 = polygons(park.difference(phase1))
    phases = coverage({"phase1": phase1, "phase2": phase2})
    p1 = phases["phase1"]
    b1, rest, _ = axis.carve(p1, BATCH_M2[0], "sw")
    b2, b3, _ = axis.carve(rest, BATCH_M2[1], "sw")
    batches = coverage({"batch1": b1, "batch2": b2, "batch3": b3})
    zones, bands = _zones_and_bands(plan, park_zones, p1, central, axis, border, ca)
    # snapping to the grid may move a cut vertex a few centimetres past the park's edge
    phases = {k: polygons(g.intersection(park)) for k, g in phases.items()}
    batches = {k: polygons(g.intersection(park)) for k, g in batches.items()}
    for b in bands:
        b["geometry"] = polygons(b["geometry"].intersection(park))
    return {
        "plan": plan,
        "park": park,
        "ca": ca,
        "axis": axis,
        "phases": phases,
        "batches": batches,
        "zones": zones,
        "bands": bands,
    }


def _phase1(park, central, axis: Axis):
    """The park south-west of the central open space's north-eastern edge (a real zone edge),
    that edge continued straight across the riverside strip and the ecological area."""
    ring = np.asarray(central.exterior.coords)[:-1]
    d = ring - axis.origin
    u, v = d @ axis.u_dir, d @ axis.v_dir
    start, end = int(np.argmax(u - v)), int(np.argmax(u + v))  # north-west / south-east ends
    n = len(ring)
    fwd = [ring[(start + k) % n] for k in range((end - start) % n + 1)]
    back = [ring[(start - k) % n] for k in range((start - end) % n + 1)]
    chain = max(
        (fwd, back), key=lambda c: float(np.mean((np.asarray(c) - axis.origin) @ axis.u_dir))
    )
    far = 2_000.0
    line = LineString([chain[0] - far * axis.v_dir, *chain, chain[-1] + far * axis.v_dir])
    pieces = [p for p in split(park, line).geoms]
    sw = [
        p
        for p in pieces
        if axis.uv(p)[0] < axis.uv(central)[0] + 1.0 or p.intersection(central).area > 1.0
    ]
    return unary_union(sw)


def _zones_and_bands(plan, park_zones, p1, central, axis: Axis, border, ca):
    """Zones and height bands noded together, so no band edge cuts a zone by a sliver."""
    zones = _zones(plan, park_zones, p1, central, axis)
    pieces, heights = band_pieces(p1, axis, border, ca, zones["talent_accommodation"])
    atoms = {}
    for zid, zg in zones.items():
        for key, bg in pieces.items():
            a = polygons(zg.intersection(bg))
            if a.area > 0.01:
                atoms[(zid, key)] = a
    faces = coverage(atoms, grid_m=0.01)  # finer: new cut vertices stay on the zone edges
    zones = {zid: unary_union([g for (z, _), g in faces.items() if z == zid]) for zid in zones}
    # snapping may push a cut vertex a few centimetres off its official zone: clip to it
    land = {
        zid: unary_union(
            [
                z["geometry"]
                for z in park_zones
                if z["zone_label"] == lab and z["spuse_en"].startswith(sp)
            ]
        )
        for zid, lab, sp in [*NON_BUILDING_LAND, ("central_avenue", "O", "")]
    }
    rd_land = unary_union([z["geometry"] for z in plan.of("OU", RD)])
    zones = {zid: polygons(g.intersection(land.get(zid, rd_land))) for zid, g in zones.items()}
    band_parts = {
        key: unary_union([g for (_, k), g in faces.items() if k == key]) for key in pieces
    }
    return zones, merge_bands(band_parts, heights)


def _zones(plan, park_zones, p1, central, axis: Axis) -> dict:
    rd = sorted(
        [
            z["geometry"].intersection(p1)
            for z in plan.of("OU", RD)
            if z["geometry"].intersection(p1).area > 100.0
        ],
        key=lambda g: g.area,
    )
    tip, strip, block = rd  # 0.4 ha south-west tip, 4.3 ha green-belt strip, 12.9 ha block
    b1_part, block_rest, _ = axis.carve(block, B1_FROM_OU3_M2, "sw")
    ne_strip, middle, _ = axis.carve(block_rest, NE_STRIP_M2, "ne")
    sul, ai, _ = axis.carve(ne_strip, SUL_M2, "nw")
    lh, ntam, _ = axis.carve(middle, middle.area / 2, "nw")  # the river side is north-west
    cti, lh, _ = axis.carve(lh, CTI_M2, "ne")
    uir, ta, _ = axis.carve(strip, UIR_M2, "ne")
    parts = {
        "batch1_dev": unary_union([tip, b1_part]),
        "life_health": lh,
        "clinical_trial": cti,
        "new_tech_mfg": ntam,
        "central_avenue": central["geometry"].intersection(p1),
        "talent_accommodation": ta,
        "uir": uir,
        "small_urban_living": sul,
        "ai_data": ai,
    }
    taken = unary_union([tip, strip, block, parts["central_avenue"]])
    for zid, label, spuse in NON_BUILDING_LAND:
        land = unary_union(
            [
                z["geometry"]
                for z in park_zones
                if z["zone_label"] == label and z["spuse_en"].startswith(spuse)
            ]
        )
        parts[zid] = polygons(land.intersection(p1).difference(taken))
    return coverage(parts)


# zone_id, official label, special use: Phase 1 land that carries none of the park's GFA
NON_BUILDING_LAND = [
    ("open_space", "O", ""),
    ("ecological_area", "OU", "ECOLOGICAL AREA"),
    ("roads", "MRDJ", ""),
    ("gic_sites", "G/IC", ""),
]


# Core heights rising south-west to north-east across Phase 1 (§3.1.4): 14 mPD (~2 storeys) to
# 208 mPD (~40); strip widths are fractions of Phase 1's length along the long axis.
CORE_LEVELS_MPD = [14, 35, 55, 85, 120, 160, 208]
STRIP_FRACTIONS = [0.12, 0.10, 0.115, 0.115, 0.115, 0.19, 0.245]
RIVER_REACH_M = 240.0  # land this close to the Shenzhen River (boundary line) is kept lower
GREEN_REACH_M = 160.0  # and this close to the southern green belt (CA)
LOW_RISE_CAP_MPD = 35  # talent accommodation: low-rise buildings and stepped terraces (§3.1.5)


def band_pieces(p1, axis: Axis, border, ca, ta) -> tuple[dict, dict]:
    """Strips across the long axis; in each, a core and a lower edge by the river / green belt.

    Returns the pieces (``"s3_edge"`` ...) and their heights in mPD.
    """
    d = np.asarray([c for c in p1.exterior.coords]) - axis.origin
    u = d @ axis.u_dir
    cuts = u.min() + np.cumsum([0, *STRIP_FRACTIONS]) * (u.max() - u.min())
    cuts[0], cuts[-1] = cuts[0] - 10.0, cuts[-1] + 10.0
    edges = border.buffer(RIVER_REACH_M).union(ca.buffer(GREEN_REACH_M)).intersection(p1)
    parts, heights = {}, {}
    for i, level in enumerate(CORE_LEVELS_MPD):
        strip = p1.intersection(axis.half(cuts[i + 1], "sw")).intersection(axis.half(cuts[i], "ne"))
        edge_level = CORE_LEVELS_MPD[max(i - 1, 0)]
        pieces = {
            "edge": (strip.intersection(edges).difference(ta), edge_level),
            "lowedge": (
                strip.intersection(edges).intersection(ta),
                min(edge_level, LOW_RISE_CAP_MPD),
            ),
            "low": (strip.difference(edges).intersection(ta), min(level, LOW_RISE_CAP_MPD)),
            "core": (strip.difference(edges).difference(ta), level),
        }
        for kind, (geom, h) in pieces.items():
            geom = polygons(geom)
            if geom.area > 1.0:
                key = f"s{i + 1}_{kind}"
                parts[key], heights[key] = geom, h
    return parts, heights


def merge_bands(faces: dict, heights: dict) -> list[dict]:
    """Pieces of one strip that share a height become one band (edge and low-rise, say)."""
    merged: dict[tuple[int, int], list] = {}
    for key, geom in faces.items():
        strip_no = int(key[1 : key.index("_")])
        merged.setdefault((strip_no, heights[key]), []).append((key, geom))
    out = []
    for (strip_no, h), items in sorted(merged.items()):
        out.append(
            {
                "strip": strip_no,
                "kinds": sorted(k.split("_")[1] for k, _ in items),
                "height_mpd": h,
                "geometry": unary_union([g for _, g in items]),
            }
        )
    return out
