"""Compact geometry encoding for the HTML maps (decoded in the browser by ``FeatureLayer``).

Plain GeoJSON spends about 23 bytes on each vertex (``[114.078123,22.514123],``); 10,000 parcels of
20 vertices are over 7 MB. Here each coordinate is an integer number of ``10**-precision`` degrees,
relative to the layer's south-west corner for a ring's first vertex and to the previous vertex after
that, in one flat list per ring: ``[dx0,dy0,dx1,dy1,...]``, typically 8 bytes a vertex. Polygon
rings drop their closing vertex (Leaflet closes rings itself) and repeated vertices are dropped.
Decoding divides back, so the coordinates drawn are the input rounded to ``precision`` decimals.

A layer is ``{"p": precision, "o": [x0, y0], "f": [[type, coords, ...feature extras], ...]}`` with
``type`` an index into :data:`TYPES`; a GeometryCollection is stored as plain GeoJSON (type 6).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely

TYPES: tuple[str, ...] = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
DEPTH: tuple[int, ...] = (0, 1, 1, 2, 2, 3, -1)
"""List levels above the flat rings (0: a Point is one flat vertex; -1: plain GeoJSON)."""


def origin(geoms: Any, precision: int) -> list[int]:
    """South-west corner of the geometries in integer units of ``10**-precision`` degrees."""
    arr = np.asarray(geoms)
    if arr.size == 0:  # an empty layer, e.g. no zone over capacity
        return [0, 0]
    minx, miny, _, _ = shapely.total_bounds(arr)
    if not np.isfinite(minx):
        return [0, 0]
    scale = 10.0**precision
    return [int(np.floor(minx * scale)), int(np.floor(miny * scale))]


def _ring(coords: Any, scale: float, o: np.ndarray, closed: bool) -> list[int]:
    q = np.rint(np.asarray(coords, dtype=float)[:, :2] * scale).astype(np.int64)
    if len(q) > 1:
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        q = q[keep]
    if closed and len(q) > 3 and (q[0] == q[-1]).all():
        q = q[:-1]
    d = np.diff(q - o, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return d.ravel().tolist()


def encode(geom: Any, o: list[int], precision: int) -> tuple[int, Any]:
    """(type index, encoded coordinates) of one shapely geometry."""
    kind = geom.geom_type
    code = TYPES.index(kind)
    if DEPTH[code] < 0:
        rounded = shapely.transform(geom, lambda c: np.round(c, precision))
        return code, shapely.geometry.mapping(rounded)
    scale, org = 10.0**precision, np.asarray(o, dtype=np.int64)
    closed = kind in ("Polygon", "MultiPolygon")
    coords = shapely.geometry.mapping(geom)["coordinates"]

    def walk(node: Any, depth: int) -> Any:
        if depth == 0:
            return _ring([node], scale, org, False)
        if depth == 1:
            return _ring(node, scale, org, closed)
        return [walk(child, depth - 1) for child in node]

    return code, walk(coords, DEPTH[code])


def encode_many(geoms: Any, o: list[int], precision: int) -> list[tuple[int, Any]]:
    """:func:`encode` of each geometry; a layer of only Polygons (or only MultiPolygons) at once.

    Same output as calling :func:`encode` on each (a test compares them), with NumPy over every
    vertex of the layer instead of Python over each ring: what makes a 100,000-parcel page quick
    to write.
    """
    arr = np.asarray(geoms, dtype=object)
    kinds = set(shapely.get_type_id(arr).tolist()) if arr.size else set()
    if arr.size == 0 or len(kinds) != 1 or kinds - {3, 6} or shapely.is_empty(arr).any():
        return [encode(g, o, precision) for g in arr]
    multi = kinds == {6}
    _, coords, offsets = shapely.to_ragged_array(arr)
    ring_off = offsets[0]
    q = np.rint(coords[:, :2] * 10.0**precision).astype(np.int64)
    lengths = np.diff(ring_off)
    starts = ring_off[:-1][lengths > 0]
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    keep[starts] = True  # a ring's first vertex is always kept
    ring_of = np.repeat(np.arange(len(lengths)), lengths)
    q, ring_of = q[keep], ring_of[keep]
    counts = np.bincount(ring_of, minlength=len(lengths))
    ends = np.cumsum(counts)
    firsts = ends - counts
    closing = np.zeros(len(counts), dtype=bool)
    has = counts > 0
    closing[has] = (counts[has] > 3) & np.all(q[firsts[has]] == q[ends[has] - 1], axis=1)
    drop = np.zeros(len(q), dtype=bool)
    drop[ends[closing] - 1] = True
    q, ring_of = q[~drop], ring_of[~drop]
    counts = np.bincount(ring_of, minlength=len(lengths))
    ends = np.cumsum(counts)
    firsts = ends - counts
    rel = q - np.asarray(o, dtype=np.int64)
    d = rel.copy()
    d[1:] -= rel[:-1]
    d[firsts[counts > 0]] = rel[firsts[counts > 0]]
    flat = d.ravel().tolist()
    rings = [flat[2 * a : 2 * b] for a, b in zip(firsts.tolist(), ends.tolist(), strict=True)]
    polys_off = offsets[1].tolist()
    polygons = [rings[a:b] for a, b in zip(polys_off[:-1], polys_off[1:], strict=True)]
    if not multi:
        return [(TYPES.index("Polygon"), p) for p in polygons]
    geom_off = offsets[2].tolist()
    return [
        (TYPES.index("MultiPolygon"), polygons[a:b])
        for a, b in zip(geom_off[:-1], geom_off[1:], strict=True)
    ]


def decode(layer: dict[str, Any]) -> list[dict[str, Any]]:
    """GeoJSON geometries of an encoded layer (the Python twin of the browser's decoder)."""
    scale, (ox, oy) = 10.0 ** layer["p"], layer["o"]

    def ring(flat: list[int], closed: bool) -> list[list[float]]:
        xs = ox + np.cumsum(flat[0::2])
        ys = oy + np.cumsum(flat[1::2])
        pts = [[x / scale, y / scale] for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
        return pts + pts[:1] if closed and pts else pts

    def walk(node: Any, depth: int, closed: bool) -> Any:
        if depth == 1:
            return ring(node, closed)
        return [walk(child, depth - 1, closed) for child in node]

    out = []
    for feature in layer["f"]:
        code, coords = feature[0], feature[1]
        kind, depth = TYPES[code], DEPTH[code]
        if depth < 0:
            out.append(coords)
        elif depth == 0:
            out.append({"type": kind, "coordinates": ring(coords, False)[0]})
        else:
            closed = kind in ("Polygon", "MultiPolygon")
            out.append({"type": kind, "coordinates": walk(coords, depth, closed)})
    return out


DECODER_JS = """
    var T = @TYPES@, DEPTH = @DEPTH@;
    var decode = function (D) {
        var k = Math.pow(10, D.p), ox = D.o[0], oy = D.o[1];
        var ring = function (a) {
            var out = [], x = ox, y = oy;
            for (var i = 0; i < a.length; i += 2) {
                x += a[i]; y += a[i + 1]; out.push([x / k, y / k]);
            }
            return out;
        };
        var walk = function (c, d) {
            return d <= 1 ? ring(c) : c.map(function (r) { return walk(r, d - 1); });
        };
        return D.f.map(function (r) {
            var d = DEPTH[r[0]];
            var g = d < 0 ? r[1] : {type: T[r[0]],
                                    coordinates: d === 0 ? ring(r[1])[0] : walk(r[1], d)};
            return {type: "Feature", geometry: g, properties: {s: r[2], t: r[3], n: r[4]}};
        });
    };
""".replace("@TYPES@", json.dumps(list(TYPES))).replace("@DEPTH@", json.dumps(list(DEPTH)))
"""The browser's decoder: ``decode(layer)`` gives GeoJSON features with properties s, t, n."""
