"""The facts registry: every stated figure the embedded data encodes, and how to measure it.

Each :class:`Fact` carries the stated value, its unit and tolerance, and its source; its
``measure`` function reads the embedded layers and tables and returns the value found there
(areas in EPSG:2326). :func:`check_facts` measures them all; ``technopole facts`` prints them.

>>> import gis
>>> table = gis.check_facts()
>>> bool(table.passed.all())
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from . import catalog
from .io import HK1980, area_m2

Comparison = Literal["about", "at_most", "at_least"]
SEED = "004_281f81e4466a18af.txt"


@dataclass(frozen=True)
class Fact:
    """A stated figure and the way to measure it on the embedded data.

    Attributes
    ----------
    id
        Stable identifier, e.g. ``"loop.area_ha"``.
    description
        What the figure is, in English.
    value, unit
        The stated figure.
    tolerance
        Allowed difference: a fraction of ``value`` when ``relative`` else absolute, in ``unit``.
    source
        Where the figure is stated (seed file and section, or public source).
    comparison
        ``"about"``: ``|measured - value| <= tol``; ``"at_most"`` / ``"at_least"``: a bound.
    """

    id: str
    description: str
    value: float
    unit: str
    source: str
    measure: Callable[[], float] = field(repr=False, compare=False)
    tolerance: float = 0.0
    relative: bool = False
    comparison: Comparison = "about"

    def allowed(self) -> float:
        """The tolerance in the fact's unit."""
        return abs(self.value) * self.tolerance if self.relative else self.tolerance

    def holds(self, measured: float) -> bool:
        """Whether ``measured`` agrees with the stated figure."""
        if measured is None or not np.isfinite(measured):
            return False
        if self.comparison == "at_most":
            return measured <= self.value + self.allowed()
        if self.comparison == "at_least":
            return measured >= self.value - self.allowed()
        return abs(measured - self.value) <= self.allowed() + 1e-9


# ----------------------------------------------------------------------------- measures
def _m(name: str):
    return catalog.load_layer(name).to_crs(HK1980)


def _ha(name: str, query: str | None = None) -> float:
    gdf = _m(name)
    if query:
        gdf = gdf.query(query)
    return float(area_m2(gdf).sum()) / 10_000.0


def _table(use_id: str, column: str) -> float:
    t = catalog.load_table("loop.gfa_phase1").set_index("use_id")
    return float(t.loc[use_id, column])


def _centre_offset_m() -> float:
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.078, 22.514)
    c = _m("loop.boundary").union_all().centroid
    return float(np.hypot(c.x - x, c.y - y))


def _extent_ew_km() -> float:
    xmin, _, xmax, _ = _m("loop.boundary").total_bounds
    return float(xmax - xmin) / 1000.0


def _partition_gap(child: str, parent: str, parent_id: str | None = None) -> float:
    """Symmetric difference between the union of ``child`` and ``parent``, as a fraction."""
    p = _m(parent)
    if parent_id:
        p = p[p["id"] == parent_id]
    pg = p.union_all()
    cg = _m(child).union_all()
    return float(pg.symmetric_difference(cg).area / pg.area)


def _phase1_is_west() -> float:
    ph = _m("loop.phases").set_index("phase")
    return float(ph.geometry[1].centroid.x < ph.geometry[2].centroid.x)


def _zone_land_share(*zone_ids: str) -> float:
    z = _m("loop.zones")
    a = area_m2(z)
    return float(100.0 * a[z.zone_id.isin(zone_ids)].sum() / a.sum())


def _river_edge_length_m(zone_id: str) -> float:
    """Length of the zone's outline that runs along the river-side (northern) edge of the Loop."""
    from shapely.geometry import box

    loop = _m("loop.boundary").union_all()
    cy = loop.centroid.y
    river = loop.exterior.intersection(box(-1e9, cy, 1e9, 1e9))
    zone = _m("loop.zones").set_index("zone_id").geometry[zone_id]
    return float(zone.boundary.intersection(river.buffer(0.5)).length)


def _max_storeys_over(zone_id: str) -> float:
    import geopandas as gpd

    z = _m("loop.zones")
    z = z[z.zone_id == zone_id][["zone_id", "geometry"]]
    bands = _m("loop.height_bands")[["storeys", "geometry"]]
    ov = gpd.overlay(z, bands, how="intersection", keep_geom_type=True)
    ov = ov[ov.area > 1.0]
    return float(ov.storeys.max())


def _height_order_violations() -> float:
    """Core bands whose height is lower than a core band further west (§3.1.4)."""
    b = _m("loop.height_bands")
    core = b[b.kinds.str.contains("core")].copy()
    core["x"] = core.geometry.centroid.x
    h = core.sort_values("x").height_mpd.to_numpy()
    return float((np.diff(h) < 0).sum())


def _edge_not_lower() -> float:
    """Strips whose river/green-belt edge is taller than their core (§3.1.4: lower there)."""
    b = _m("loop.height_bands")
    bad = 0
    for _, g in b.groupby("strip"):
        core = g[g.kinds.str.contains("core")].height_mpd
        edge = g[g.kinds.str.contains("edge")].height_mpd
        if len(core) and len(edge) and edge.max() > core.min():
            bad += 1
    return float(bad)


def _loop_inside_santin() -> float:
    loop = _m("loop.boundary").union_all()
    st = _m("santin.boundary").union_all()
    return float(loop.intersection(st).area / loop.area)


def _share_north_of_highway(land_use: str) -> float:
    p = _m("santin.parcels")
    p = p[p.land_use == land_use]
    a = area_m2(p)
    return float(a[p.north_of_highway.astype(bool)].sum() / a.sum())


def _wetland_overlap_ha() -> float:
    w = _m("santin.wetland_park").union_all()
    st = _m("santin.boundary").union_all()
    return float(w.intersection(st).area / 10_000.0)


def _wetland_west_of_it() -> float:
    w = _m("santin.wetland_park").union_all()
    p = _m("santin.parcels")
    it = p[p.land_use == "i_and_t"].union_all()
    return float(w.centroid.x < it.bounds[0])


def _count(name: str, query: str | None = None) -> float:
    gdf = catalog.load_layer(name)
    return float(len(gdf.query(query)) if query else len(gdf))


# ----------------------------------------------------------------------------- the registry
def _facts() -> list[Fact]:
    s = SEED
    t31 = f"{s} §3.1.3 Table 3.1"
    facts = [
        Fact("loop.area_ha", "Loop park site area", 87, "ha", f"{s} §2.1.4, §3.1.1",
             lambda: _ha("loop.boundary"), 0.01, True),
        Fact("loop.extent_ew_km", "Loop park east-west extent", 1.7, "km",
             "FACTS.md approximate positions", _extent_ew_km, 0.10, True),
        Fact("loop.centre_offset_m", "Loop park centre from 22.514 N 114.078 E", 0, "m",
             "FACTS.md approximate positions", _centre_offset_m, 300),
        Fact("loop.phases", "phases of the Loop park", 2, "count", f"{s} §3.1.1",
             lambda: _count("loop.phases")),
        Fact("loop.phase1_is_west", "Phase 1 lies west of Phase 2 (1 = yes)", 1, "bool",
             f"{s} §3.1.1", _phase1_is_west),
        Fact("loop.phases_cover_boundary", "phases together are the boundary (mismatch)", 0,
             "fraction", f"{s} §3.1.1", lambda: _partition_gap("loop.phases", "loop.boundary"),
             0.001),
        Fact("loop.batches", "batches of Phase 1", 3, "count", f"{s} §3.1.1",
             lambda: _count("loop.batches")),
        Fact("loop.batches_cover_phase1", "batches together are Phase 1 (mismatch)", 0,
             "fraction", f"{s} §3.1.1",
             lambda: _partition_gap("loop.batches", "loop.phases", "phase1"), 0.001),
        Fact("loop.zones_cover_phase1", "zones tile Phase 1 (gap or excess)", 0, "fraction",
             f"{s} §3.1.5", lambda: _partition_gap("loop.zones", "loop.phases", "phase1"),
             0.005),
        Fact("loop.batch1_buildings", "Batch 1 buildings", 8, "count", f"{s} §2.1.10, ch. 8",
             lambda: _count("loop.batch1_buildings")),
        Fact("loop.batch1_completed", "Batch 1 buildings completed", 3, "count",
             "003_bc40a09fda35a888.txt",
             lambda: _count("loop.batch1_buildings", "status == 'completed'")),
        Fact("loop.phase1_gfa_m2", "Phase 1 total GFA", 1_000_000, "m²", f"{s} §3.1.1; {t31}",
             lambda: float(catalog.load_table("loop.gfa_phase1").gfa_m2.sum())),
        Fact("loop.phase1_gfa_original_m2", "Phase 1 GFA in the original design", 540_000, "m²",
             f"{s} §3.1.1",
             lambda: float(catalog.load_table("loop.gfa_phase1").attrs["original_total_gfa_m2"])),
    ]
    for use_id, share, gfa, label in [
        ("wet_lab_mfg", 52, 520_000, "wet labs & advanced manufacturing"),
        ("dry_lab_office", 22, 220_000, "dry labs & offices"),
        ("uir", 5, 50_000, "university-industry-research base"),
        ("talent_housing", 10, 100_000, "talent apartments & visitor accommodation"),
        ("commercial_mixed", 11, 110_000, "commercial, supporting facilities & mixed use"),
    ]:
        facts.append(Fact(f"table31.{use_id}.share_pct", f"Table 3.1 share: {label}", share, "%",
                          t31, lambda u=use_id: _table(u, "share_pct")))
        facts.append(Fact(f"table31.{use_id}.gfa_m2", f"Table 3.1 GFA: {label}", gfa, "m²",
                          t31, lambda u=use_id: _table(u, "gfa_m2")))
    bands = "loop.height_bands"
    facts += [
        Fact("loop.height_min_mpd", "lowest height limit", 14, "mPD", f"{s} §3.1.4",
             lambda: float(_m(bands).height_mpd.min())),
        Fact("loop.height_max_mpd", "highest height limit", 208, "mPD", f"{s} §3.1.4",
             lambda: float(_m(bands).height_mpd.max())),
        Fact("loop.storeys_min", "storeys at the lowest limit", 2, "storeys", f"{s} §3.1.4",
             lambda: float(_m(bands).sort_values("height_mpd").storeys.iloc[0])),
        Fact("loop.storeys_max", "storeys at the highest limit", 40, "storeys", f"{s} §3.1.4",
             lambda: float(_m(bands).sort_values("height_mpd").storeys.iloc[-1])),
        Fact("loop.heights_rise_west_to_east", "core bands lower than one to their west", 0,
             "count", f"{s} §3.1.4", _height_order_violations),
        Fact("loop.lower_by_river_and_green_belt", "strips whose edge is taller than the core",
             0, "count", f"{s} §3.1.4", _edge_not_lower),
        Fact("loop.lh_ntam_land_share_pct",
             "Life & Health + New Tech & Advanced Manufacturing share of Phase 1 land", 50, "%",
             f"{s} §4.4.3 (about half)",
             lambda: _zone_land_share("life_health", "new_tech_mfg"), 5),
        Fact("loop.lh_along_river_m", "Life & Health zone frontage on the river side", 200, "m",
             f"{s} §3.1.5 legend (next to the waterfront)",
             lambda: _river_edge_length_m("life_health"), comparison="at_least"),
        Fact("loop.talent_low_rise_storeys", "Talent Accommodation: most storeys allowed", 6,
             "storeys", f"{s} §3.1.5 legend (low-rise)",
             lambda: _max_storeys_over("talent_accommodation"), comparison="at_most"),
        Fact("santin.area_ha", "San Tin Technopole area incl. the Loop", 627, "ha",
             "000_4f493ffd11b5c411.txt; public: Northern Metropolis, LegCo 2023",
             lambda: _ha("santin.boundary"), 0.01, True),
        Fact("santin.contains_loop", "share of the Loop inside the technopole", 1, "fraction",
             "000_4f493ffd11b5c411.txt (627 ha including the Loop)", _loop_inside_santin, 0.001),
        Fact("santin.it_land_ha", "I&T land in San Tin", 210, "ha",
             "003_bc40a09fda35a888.txt; public: San Tin Technopole OZP, Sep 2024",
             lambda: _ha("santin.parcels", "land_use == 'i_and_t'"), 0.01, True),
        Fact("santin.it_land_with_loop_ha", "I&T land of San Tin plus the Loop", 300, "ha",
             f"{s} §3.1.8 (about 300 ha)",
             lambda: _ha("santin.parcels", "land_use == 'i_and_t'") + _ha("loop.boundary"),
             0.02, True),
        Fact("santin.it_north_of_highway", "share of I&T land north of San Tin Highway", 1,
             "fraction", "public: Northern Metropolis; TPB Feb 2024",
             lambda: _share_north_of_highway("i_and_t"), 0.001),
        Fact("santin.town_centre_south_of_highway",
             "share of residential land north of San Tin Highway", 0, "fraction",
             "public: Northern Metropolis; TPB Feb 2024",
             lambda: _share_north_of_highway("residential"), 0.001),
        Fact("santin.wetland_park_ha", "Sam Po Shue Wetland Conservation Park", 338, "ha",
             "public: EIA report notice and TPB, 2024", lambda: _ha("santin.wetland_park"),
             0.01, True),
        Fact("santin.wetland_outside_technopole_ha", "wetland park inside the technopole", 0,
             "ha", "public: EIA report notice (adjoining)", _wetland_overlap_ha, 0.01),
        Fact("santin.wetland_west_of_it", "wetland park lies west of the I&T land (1 = yes)",
             1, "bool", "FACTS.md approximate positions", _wetland_west_of_it),
    ]
    return facts


FACTS: list[Fact] = _facts()


def check_facts(facts: list[Fact] | None = None) -> pd.DataFrame:
    """Measure every fact on the embedded data.

    Returns
    -------
    pandas.DataFrame
        Indexed by fact id: description, stated, unit, comparison, tolerance (in the unit),
        measured, passed, source.
    """
    rows = []
    for f in facts or FACTS:
        measured = f.measure()
        rows.append({
            "id": f.id, "description": f.description, "stated": f.value, "unit": f.unit,
            "comparison": f.comparison, "tolerance": f.allowed(), "measured": measured,
            "passed": f.holds(measured), "source": f.source,
        })
    return pd.DataFrame(rows).set_index("id")
