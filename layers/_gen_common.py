"""Shared pieces of the layer generator: reading the official plans, cutting, writing.

Everything is computed in HK1980 Grid (EPSG:2326) metres and written as EPSG:4326 GeoJSON with
7 decimals. Only ``layers/_generate.py`` and its sibling ``_gen_*.py`` modules use this.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon, box, mapping
from shapely.ops import polygonize, unary_union

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
GRID_M = 0.1
BIG = 20_000.0
SEED = "004_281f81e4466a18af.txt"
TPB_ATTRIBUTION = (
    "Statutory plan data © Town Planning Board, Hong Kong SAR. Source: Digital "
    "Planning Data of statutory plans"
)
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0"


# ----------------------------------------------------------------------------- official plans
@dataclass
class Plan:
    """One statutory plan read from its shipped Esri JSON files (EPSG:2326)."""

    folder: str
    plan_no: str
    name_en: str
    name_zh: str
    pub_date: str
    aprv_date: str
    zones: list[dict]
    area: Polygon

    def src(self, layer: str = "ZONE") -> str:
        return (
            f"Town Planning Board, {self.plan_no} {self.name_en} {self.name_zh} "
            f"(gazetted {self.pub_date}, approved {self.aprv_date}); "
            f"layers/sources/tpb/{self.folder}/{layer}.json"
        )

    def of(self, label: str, spuse: str = "") -> list[dict]:
        """Zones with this label whose special use starts with ``spuse`` (case-insensitive)."""
        return [
            z
            for z in self.zones
            if z["zone_label"] == label and z["spuse_en"].upper().startswith(spuse.upper())
        ]


def _clean(text) -> str:
    return " ".join(str(text or "").split())


def read_plan(folder: str) -> Plan:
    """Read a plan's ZONE and PLAN_SCHEME_AREA layers; zones snapped into a clean coverage."""
    import pyogrio

    base = SOURCES / "tpb" / folder
    z = pyogrio.read_dataframe(base / "ZONE.json")
    a = pyogrio.read_dataframe(base / "PLAN_SCHEME_AREA.json")
    pieces = coverage({i: g for i, g in enumerate(z.geometry)})
    zones = []
    for i, rec in z.iterrows():
        zones.append(
            {
                "fid": int(i),
                "zone_label": _clean(rec.ZONE_LABEL),
                "desc_en": _clean(rec.DESC_ENG),
                "desc_zh": _clean(rec.DESC_CHT),
                "spuse_en": _clean(rec.SPUSE_ENG),
                "spuse_zh": _clean(rec.SPUSE_CHT),
                "geometry": pieces[i],
            }
        )
    r = a.iloc[0]
    return Plan(
        folder,
        _clean(r.PLAN_NO),
        _clean(r.NAME_ENG),
        _clean(r.NAME_CHT),
        str(r.PUB_DATE)[:10],
        str(r.APRV_DATE)[:10],
        zones,
        unary_union([zz["geometry"] for zz in zones]),
    )


def read_border() -> LineString:
    """The OSM Hong Kong–mainland boundary line in EPSG:2326."""
    data = json.loads((SOURCES / "osm" / "hk_mainland_border.geojson").read_text("utf-8"))
    feat = data["features"][0] if "features" in data else data
    lon, lat = np.asarray(feat["geometry"]["coordinates"]).T
    x, y = _to_grid.transform(lon, lat)
    return LineString(np.column_stack([x, y]))


def mainland_side(border: LineString) -> Polygon:
    """The land north of the boundary line (Shenzhen), closed off north and west of its ends."""
    from shapely.geometry import Point
    from shapely.ops import split

    xy = np.asarray(border.coords)
    if xy[0][0] < xy[-1][0]:
        xy = xy[::-1]  # east to west
    east, west = xy[0], xy[-1]
    frame = box(west[0] - 5_000, 820_000, east[0] + 5_000, 870_000)
    cut = LineString([(east[0], 870_000), *map(tuple, xy), (west[0] - 5_000, west[1])])
    futian = Point(826_000, 846_000)
    return next(p for p in split(frame, cut).geoms if p.contains(futian))


# ----------------------------------------------------------------------------- the long axis
@dataclass
class Axis:
    """A frame along a site's long axis: ``u`` runs south-west to north-east, ``v`` north-west
    to south-east (metres, origin at ``origin``)."""

    origin: np.ndarray
    u_dir: np.ndarray
    v_dir: np.ndarray

    @classmethod
    def of(cls, poly) -> Axis:
        xy = shapely.get_coordinates(poly.segmentize(5.0))
        c = np.asarray(poly.centroid.coords[0])
        w, vecs = np.linalg.eigh(np.cov((xy - c).T))
        u = vecs[:, int(np.argmax(w))]
        if u[1] < 0:
            u = -u
        return cls(c, u, np.array([u[1], -u[0]]))

    def uv(self, geom) -> tuple[float, float]:
        d = np.asarray(geom.centroid.coords[0]) - self.origin
        return float(d @ self.u_dir), float(d @ self.v_dir)

    def half(self, pos: float, side: str) -> Polygon:
        """Half-plane ``u < pos`` ("sw"), ``u > pos`` ("ne"), ``v < pos`` ("nw"), ``v > pos``
        ("se")."""
        along, across = (
            (self.u_dir, self.v_dir) if side in ("sw", "ne") else (self.v_dir, self.u_dir)
        )
        lo, hi = (-BIG, pos) if side in ("sw", "nw") else (pos, BIG)
        o = self.origin
        pts = [
            o + a * along + b * across for a, b in ((lo, -BIG), (hi, -BIG), (hi, BIG), (lo, BIG))
        ]
        return Polygon(pts)

    def carve(self, region, target_m2: float, side: str):
        """Cut ``region`` across the axis so the piece on ``side`` has ``target_m2``.

        Returns ``(piece, rest, pos)``; bisection on the cut's position.
        """
        grows = side in ("sw", "nw")
        a, b = -BIG / 4, BIG / 4
        for _ in range(90):
            mid = (a + b) / 2
            too_big = region.intersection(self.half(mid, side)).area > target_m2
            if too_big == grows:
                b = mid
            else:
                a = mid
        pos = (a + b) / 2
        piece = region.intersection(self.half(pos, side))
        return piece, region.difference(piece), pos


# ----------------------------------------------------------------------------- geometry
def coverage(parts: dict, grid_m: float = GRID_M) -> dict:
    """Re-assemble pieces into a noded coverage: neighbours share every edge vertex.

    Pieces are first snapped to a 10 cm grid so no two vertices sit closer than rounding to
    7 decimal degrees (about 1 cm) could resolve; that rounding then cannot fold an edge.
    """
    parts = {k: shapely.set_precision(p, grid_m) for k, p in parts.items()}
    keys = [k for k, p in parts.items() if not p.is_empty]
    geoms = [parts[k] for k in keys]
    tree = shapely.STRtree(geoms)
    lines = unary_union([shapely.boundary(g) for g in geoms])
    out: dict = {k: [] for k in parts}
    for f in polygonize(lines):
        # each face goes to the piece it overlaps most: numerical slivers join their true owner
        share = {keys[i]: f.intersection(geoms[i]).area for i in tree.query(f)}
        owner = max(share, key=share.get) if share else None
        if owner is not None and share[owner] > 0:
            out[owner].append(f)
    return {k: unary_union(v) for k, v in out.items()}


def polygons(geom):
    """The polygonal part of ``geom`` (drops lines and points left by overlay)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts)


def fill_pinholes(geom, max_m2: float = 10.0):
    """Drop interior rings smaller than ``max_m2``: gaps the 10 cm snapping left between zones
    (real holes, such as a station inside a conservation area, are hectares)."""

    def fill(p: Polygon) -> Polygon:
        keep = [r for r in p.interiors if Polygon(r).area >= max_m2]
        return Polygon(p.exterior, keep)

    return unary_union([fill(p) for p in shapely.get_parts(polygons(geom))])


_to_wgs = Transformer.from_crs("EPSG:2326", "EPSG:4326", always_xy=True)
_to_grid = Transformer.from_crs("EPSG:4326", "EPSG:2326", always_xy=True)


def to_lonlat(geom):
    def f(xy: np.ndarray) -> np.ndarray:
        lon, lat = _to_wgs.transform(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lon, lat]), 7)

    g = shapely.transform(geom, f)
    if g.geom_type in ("LineString", "MultiLineString"):
        return g
    if not g.is_valid:
        g = shapely.make_valid(g)
    # rounding can leave zero-area leftovers: keep the polygonal parts only
    g = polygons(g)
    return g if g.geom_type != "MultiPolygon" or len(g.geoms) > 1 else g.geoms[0]


def write(name: str, features: list[dict], *, accuracy: str = "schematic") -> None:
    fc = {"type": "FeatureCollection", "name": name, "features": []}
    for ft in features:
        props = {k: v for k, v in ft.items() if k not in ("geometry", "lonlat_geometry")}
        props.setdefault("accuracy", accuracy)
        # a source already in longitude/latitude is copied, not sent through the grid and back
        geom = ft.get("lonlat_geometry") or mapping(to_lonlat(ft["geometry"]))
        fc["features"].append({"type": "Feature", "properties": props, "geometry": geom})
    text = json.dumps(fc, ensure_ascii=False, indent=None, separators=(",", ":"))
    # one feature a line keeps diffs readable
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    (HERE / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")


def bbox(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return box(x0, y0, x1, y1)
