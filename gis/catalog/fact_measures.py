"""How each registered fact is measured on the embedded layers and tables (all in EPSG:2326).

``layers/facts.yaml`` names a measure of :data:`MEASURES` (the functions marked with
:func:`measure`) and its keyword arguments for every fact; :mod:`gis.catalog.facts` calls it.
"West to east" follows the Loop's long axis (south-west to north-east), found as the principal
axis of the official plan area S/LMCL/2, not plain longitude.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from gis.catalog import layers as catalog
from gis.io.layers import HK1980, area_m2

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    import pandas as pd
    from shapely.geometry.base import BaseGeometry

OFFICIAL_CENTRE_LONLAT = (114.0796, 22.5212)  # S/LMCL/2 plan area centroid, measured
SLIVER_M2 = 1.0
RD = "RESEARCH AND DEVELOPMENT"

Measure = Callable[..., float]
#: The measures ``layers/facts.yaml`` may name, by function name.
MEASURES: dict[str, Measure] = {}


def measure(fn: Measure) -> Measure:
    """Register ``fn`` as a measure that ``layers/facts.yaml`` may name."""
    MEASURES[fn.__name__] = fn
    return fn


def m(name: str) -> gpd.GeoDataFrame:
    """An embedded layer in HK1980 Grid."""
    return catalog.load_layer(name).to_crs(HK1980)


@measure
def ha(name: str, query: str | None = None) -> float:
    """Area in ha of an embedded layer (its features matching ``query``)."""
    gdf = m(name)
    if query:
        gdf = gdf.query(query)
    return float(area_m2(gdf).sum()) / 10_000.0


@measure
def ha_sum(layers: Mapping[str, str | None]) -> float:
    """Total area in ha of several layers (``{layer: query or None}``)."""
    return sum(ha(name, query) for name, query in layers.items())


@measure
def column_min(name: str, column: str) -> float:
    """The smallest value of a layer's column."""
    return float(m(name)[column].min())


@measure
def column_max(name: str, column: str) -> float:
    """The largest value of a layer's column."""
    return float(m(name)[column].max())


@measure
def at_lowest(name: str, column: str, by: str) -> float:
    """``column`` of the feature with the lowest ``by``."""
    return float(m(name).sort_values(by)[column].iloc[0])


@measure
def at_highest(name: str, column: str, by: str) -> float:
    """``column`` of the feature with the highest ``by``."""
    return float(m(name).sort_values(by)[column].iloc[-1])


# ----------------------------------------------------------------------------- tables
@measure
def table_sum(table: str, column: str) -> float:
    """The sum of a column of an embedded table."""
    return float(catalog.load_table(table)[column].sum())


@measure
def table_attr(table: str, key: str) -> float:
    """A figure the manifest records for an embedded table (``attrs[key]``)."""
    return float(catalog.load_table(table).attrs[key])


def _row(table: str, row: str) -> pd.Series:
    t = catalog.load_table(table)
    return t.set_index(t.columns[0]).loc[row]


@measure
def share_from_gfa(table: str, row: str, total_m2: float) -> float:
    """A row's share in % of ``total_m2``, from its ``gfa_m2`` (checks its ``share_pct``)."""
    return float(100.0 * _row(table, row)["gfa_m2"] / total_m2)


@measure
def gfa_from_share(table: str, row: str, total_m2: float) -> float:
    """A row's GFA in m² from its ``share_pct`` of ``total_m2`` (checks its ``gfa_m2``)."""
    return float(_row(table, row)["share_pct"] * total_m2 / 100.0)


# ----------------------------------------------------------------------------- layers
@measure
def count(name: str, query: str | None = None) -> float:
    """How many features of an embedded layer (matching ``query``)."""
    gdf = catalog.load_layer(name)
    return float(len(gdf.query(query)) if query else len(gdf))


# ----------------------------------------------------------------------------- the Loop
def long_axis() -> tuple[np.ndarray, np.ndarray]:
    """Origin and unit vector of the Loop's long axis, pointing north-east."""
    import shapely

    plan = m("loop.plan_area").union_all()
    xy = shapely.get_coordinates(plan.segmentize(5.0))
    c = np.asarray(plan.centroid.coords[0])
    w, vecs = np.linalg.eigh(np.cov((xy - c).T))
    u = vecs[:, int(np.argmax(w))]
    return c, (u if u[1] >= 0 else -u)


def along_axis_m(geoms: Iterable[BaseGeometry]) -> np.ndarray:
    """Position of each geometry's centroid along the long axis (m, south-west negative)."""
    c, u = long_axis()
    xy = np.array([g.centroid.coords[0] for g in geoms])
    return (xy - c) @ u


@measure
def centre_offset_m() -> float:
    """Distance in m from the park's centroid to the Central Avenue axis."""
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 2326, always_xy=True).transform(*OFFICIAL_CENTRE_LONLAT)
    c = m("loop.boundary").union_all().centroid
    return float(np.hypot(c.x - x, c.y - y))


def mismatch(a: BaseGeometry, b: BaseGeometry) -> float:
    """Symmetric difference of two geometries as a fraction of the first."""
    return float(a.symmetric_difference(b).area / a.area)


@measure
def park_vs_plan_less_ca() -> float:
    """Area mismatch (fraction) between the park boundary and the plan less its CA zone."""
    z = m("loop.ozp")
    return mismatch(z[z.zone_label != "CA"].union_all(), m("loop.boundary").union_all())


@measure
def partition_gap(child: str, parent: str, parent_id: str | None = None) -> float:
    """Symmetric difference between the union of ``child`` and ``parent``, as a fraction."""
    p = m(parent)
    if parent_id:
        p = p[p["id"] == parent_id]
    return mismatch(p.union_all(), m(child).union_all())


@measure
def phase1_south_west() -> float:
    """Share of Phase 1's area south-west of the park's centroid."""
    ph = m("loop.phases").sort_values("phase")
    u1, u2 = along_axis_m(ph.geometry)
    return float(u1 < u2)


def building_zones() -> gpd.GeoDataFrame:
    """The schematic zones that carry building GFA."""
    z = m("loop.zones")
    return z[z.site_coverage > 0]


@measure
def zone_land_share(zone_ids: Sequence[str]) -> float:
    """Share of the building land (zones with site coverage > 0: the OU (R&D) land) in %."""
    z = building_zones()
    a = area_m2(z)
    return float(100.0 * a[z.zone_id.isin(zone_ids)].sum() / a.sum())


@measure
def outside_ou_rd_m2() -> float:
    """Area in m² of building zones lying off the OU (Research and Development, ...) land."""
    ozp = m("loop.ozp")
    rd = ozp[ozp.spuse_en.str.upper().str.startswith(RD)].union_all()
    return float(building_zones().union_all().difference(rd).area)


@measure
def river_frontage_m(zone_id: str, reach_m: float) -> float:
    """Length of the zone's outline within ``reach_m`` of the Shenzhen River (the boundary
    line): how much of it lies "along the river".
    """
    border = m("context.border").union_all()
    zone = m("loop.zones").set_index("zone_id").geometry[zone_id]
    return float(zone.boundary.intersection(border.buffer(reach_m)).length)


@measure
def max_storeys_over(zone_id: str) -> float:
    """Storeys allowed in a zone by the highest height band over it."""
    import geopandas as gpd

    z = m("loop.zones")
    z = z[z.zone_id == zone_id][["zone_id", "geometry"]]
    bands = m("loop.height_bands")[["storeys", "geometry"]]
    ov = gpd.overlay(z, bands, how="intersection", keep_geom_type=True)
    ov = ov[ov.area > SLIVER_M2]
    return float(ov.storeys.max())


@measure
def height_order_violations() -> float:
    """Core bands lower than a core band further south-west along the long axis (§3.1.4)."""
    b = m("loop.height_bands")
    core = b[b.kinds.str.contains("core")].copy()
    core["u"] = along_axis_m(core.geometry)
    h = core.sort_values("u").height_mpd.to_numpy()
    return float((np.diff(h) < 0).sum())


@measure
def edge_not_lower() -> float:
    """Strips whose river / green-belt edge is taller than their core (§3.1.4: lower there)."""
    b = m("loop.height_bands")
    bad = 0
    for _, g in b.groupby("strip"):
        core = g[g.kinds.str.contains("core")].height_mpd
        edge = g[g.kinds.str.contains("edge")].height_mpd
        if len(core) and len(edge) and edge.max() >= core.min():
            bad += 1
    return float(bad)


# ----------------------------------------------------------------------------- San Tin
@measure
def loop_inside_santin() -> float:
    """Fraction of the Loop's area outside the San Tin boundary (0: inside)."""
    loop = m("loop.boundary").union_all()
    return float(loop.intersection(m("santin.boundary").union_all()).area / loop.area)


@measure
def share_north_of_highway(land_use: str) -> float:
    """Share of a land use lying north of San Tin Highway, i.e. on S/YL-ST/8, whose
    south-eastern edge the highway (its MRDJ zone) forms.
    """
    ozp = m("santin.ozp_2006")
    north = ozp[ozp.zone_label != "MRDJ"].union_all()
    p = m("santin.parcels")
    g = p[p.land_use == land_use].union_all()
    return float(g.intersection(north).area / g.area)


@measure
def wetland_overlap_ha() -> float:
    """Overlap in ha of the wetland park and the San Tin parcels."""
    w = m("santin.wetland_park").union_all()
    return float(w.intersection(m("santin.boundary").union_all()).area / 10_000.0)


@measure
def wetland_west_of_it() -> float:
    """1.0 when the wetland park's centroid lies west of all I&T parcels, else 0.0."""
    w = m("santin.wetland_park").union_all()
    p = m("santin.parcels")
    return float(w.centroid.x < p[p.land_use == "i_and_t"].total_bounds[0])


def shenzhen_side() -> BaseGeometry:
    """The land north of the OSM boundary line (the mainland side), as a polygon."""
    from shapely.geometry import LineString, Point, box
    from shapely.ops import split

    xy = np.asarray(m("context.border").union_all().coords)
    if xy[0][0] < xy[-1][0]:
        xy = xy[::-1]  # east to west
    east, west = xy[0], xy[-1]
    frame = box(west[0] - 5_000, 820_000, east[0] + 5_000, 870_000)
    # the line, closed off straight north at its east end and straight west at its west end
    cut = LineString([(east[0], 870_000), *map(tuple, xy), (west[0] - 5_000, west[1])])
    futian = Point(826_000, 846_000)
    return next(p for p in split(frame, cut).geoms if p.contains(futian))


@measure
def hong_kong_land_north_of_border_m2() -> float:
    """Area of the project's Hong Kong land (schematic layers) on the mainland side."""
    north = shenzhen_side()
    total = 0.0
    for name in catalog.layer_names():
        info = catalog.layer_info(name)
        if info["accuracy"] == "schematic" and info.get("geometry", "Polygon") != "LineString":
            total += float(m(name).union_all().intersection(north).area)
    return total
