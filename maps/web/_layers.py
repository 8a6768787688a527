"""Turn one prepared GeoDataFrame into a :class:`FeatureLayer` plus its legend section, by role."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from .. import _style as st
from .. import _style_sheet as ss
from .._escape import esc, is_missing
from .._labels import (
    EXTRA_LAYERS,
    KINDS,
    LAND_USES,
    PROBLEMS,
    STATUSES,
    Lang,
    accuracy_mark,
    lookup,
    pick,
)
from .._prepare import AREA_COL
from .._tips import RowTable, _field, category_pairs, feature_rows, name_parts
from . import _canvas
from . import _legend as lg
from . import _role_styles as rs
from ._codec import TYPES, encode_many, origin
from ._elements import ChunkedLayer, FeatureLayer
from ._role_styles import Style, StyleFor


@dataclass
class Built:
    """A layer ready to add to the map and the HTML of its legend section."""

    layer: FeatureLayer | ChunkedLayer
    legend: str


class _Styles:
    """Distinct styles of one layer; ``ref`` returns a style's number."""

    def __init__(self) -> None:
        self.styles: list[Style] = []
        self._index: dict[str, int] = {}

    def ref(self, style: Style) -> int:
        key = json.dumps(style, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.styles)
            self.styles.append(style)
        return self._index[key]


def build_layer(
    gdf: gpd.GeoDataFrame,
    *,
    key: str,
    role: str,
    title: tuple[str, str],
    lang: Lang,
    precision: int = 6,
    show: bool = True,
    popup: bool = True,
    validation: pd.DataFrame | None = None,
    large: bool = False,
    spec: Style | None = None,
) -> Built:
    """The layer of ``gdf`` (prepared by ``_prepare.prepare_layer``) styled for its ``role``,
    then as the style file's ``spec`` says (``maps._style_sheet``).

    On a ``large`` map a layer of ``maps.web._canvas.CHUNKED_MIN`` features or more is a
    :class:`ChunkedLayer` (no permanent zone labels: thousands of them would hide the map).
    """
    spec = spec or {}
    name = spec.get("legend", {}).get("title") or pick(title, lang, " · ")
    heading = name + accuracy_mark(gdf, lang)
    kind_labels: dict[Any, tuple[str, str]] = {}
    if role in ("ozp", "context"):
        style_for, legend = rs.official_zones(gdf, heading, lang, context=role == "context")
    elif role == "border":
        style_for, legend = (
            (lambda rec: st.BORDER),
            lg.line(
                heading, st.BORDER["color"], weight=st.BORDER["weight"], dash=st.BORDER["dashArray"]
            ),
        )
    elif role == "zones":
        style_for, legend, kind_labels = rs.zones(gdf, heading, lang)
    elif role == "height_bands":
        style_for, legend = rs.height_bands(gdf, heading, lang)
    elif role == "categories":
        style_for, legend = rs.by_column(gdf, name, accuracy_mark(gdf, lang))
    elif role == "buildings":
        style_for, legend = rs.categories(gdf, heading, lang, "status", STATUSES, rs.building_style)
    elif role == "parcels":
        colours = st.categorical(gdf["land_use"]) if "land_use" in gdf else {}
        style_for, legend = rs.categories(
            gdf,
            heading,
            lang,
            "land_use",
            LAND_USES,
            lambda v: st.fill(st.land_use_colour(v, colours), opacity=0.5),
        )
    elif role == "outlines":
        style = st.outline(key)
        style_for, legend = (
            (lambda rec: style),
            lg.line(heading, style["color"], weight=style["weight"], dash=style.get("dashArray")),
        )
    else:
        plain = st.fill(st.WETLAND, opacity=0.35) if role == "wetland" else st.neutral_outline()
        style_for, legend = (
            (lambda rec: plain),
            lg.swatch(heading, plain["fillColor"], plain["color"], opacity=plain["fillOpacity"]),
        )
    if ss.draws(spec):
        style_for, legend = rs.restyled(gdf, style_for, legend, spec, heading)
    if spec.get("legend", {}).get("show") is False:
        legend = ""
    default = _label_column(gdf) if role in ("ozp", "context") else None
    field = ss.label_field(spec, default, gdf.columns)
    labels = zone_labels(gdf, precision, field) if field else None
    results = _validation_by_zone(validation) if role == "zones" else {}
    layer = _feature_layer(
        gdf,
        style_for,
        lambda rec: feature_rows(rec, lang, kind_labels, results.get(str(rec.get("zone_id")))),
        name=name,
        lang=lang,
        precision=precision,
        show=spec.get("visible", show),
        popup=popup,
        labels=labels,
        large=large,
    )
    return Built(layer, legend)


def _label_column(gdf: gpd.GeoDataFrame) -> str | None:
    return next((c for c in ("zone_label", "ZONE_LABEL", "family") if c in gdf.columns), None)


def zone_labels(gdf: gpd.GeoDataFrame, precision: int, col: str | None = None) -> list[list[Any]]:
    """[lat, lon, escaped label] at a point inside each feature: ``col``, else the zone label."""
    col = col or _label_column(gdf)
    if col is None or col not in gdf.columns or gdf.empty:
        return []
    points = gdf.geometry.representative_point()
    return [
        [round(p.y, precision), round(p.x, precision), esc(v)]
        for v, p in zip(gdf[col], points, strict=True)
        if not is_missing(v)
    ]


def _feature_layer(
    gdf: gpd.GeoDataFrame,
    style_for: StyleFor,
    rows_for: Callable[[Mapping[str, Any]], list[str]],
    *,
    name: str,
    lang: Lang,
    precision: int,
    show: bool,
    popup: bool,
    named: bool = True,
    labels: list[list[Any]] | None = None,
    large: bool = False,
) -> FeatureLayer | ChunkedLayer:
    """Encode the features: [geometry type, coordinates, style, tooltip rows, name parts].

    On a ``large`` map, a layer of ``_canvas.CHUNKED_MIN`` features or more (and no geometry
    collection) is split into chunks of about ``maps.web._canvas.CHUNK_VERTICES`` vertices.
    """
    styles, rows = _Styles(), RowTable()
    records = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).to_dict("records")
    geoms = gdf.geometry.to_numpy()
    o = origin(geoms, precision)
    features = []
    for rec, (code, coords) in zip(records, encode_many(geoms, o, precision), strict=True):
        feature = [code, coords, styles.ref(style_for(rec)), [rows.ref(r) for r in rows_for(rec)]]
        parts = name_parts(rec, lang) if named else None
        if parts:
            feature.append(parts)
        features.append(feature)
    if (
        large
        and len(features) >= _canvas.CHUNKED_MIN
        and TYPES.index("GeometryCollection") not in {f[0] for f in features}
    ):
        bounds = _canvas.chunk_bounds(shapely.get_num_coordinates(geoms), _canvas.CHUNK_VERTICES)
        chunks = [
            {"p": precision, "o": o, "f": features[a:b]}
            for a, b in zip(bounds[:-1], bounds[1:], strict=True)
        ]
        return ChunkedLayer(
            chunks, styles.styles, rows.rows, name=esc(name), show=show, popup=popup
        )
    data = {"p": precision, "o": o, "f": features}
    return FeatureLayer(
        data, styles.styles, rows.rows, name=esc(name), show=show, popup=popup, labels=labels
    )


def _validation_by_zone(validation: pd.DataFrame | None) -> dict[str, dict[str, Any]]:
    if validation is None:
        return {}
    return {str(k): v for k, v in validation.to_dict("index").items()}


def validation_layers(
    zones: gpd.GeoDataFrame,
    validation: pd.DataFrame,
    *,
    lang: Lang,
    precision: int = 6,
    popup: bool = True,
    large: bool = False,
) -> list[Built]:
    """Capacity use by zone (graduated), and the over-capacity zones outlined in red."""
    results = _validation_by_zone(validation)
    zones = zones[zones["zone_id"].map(str).isin(results)] if "zone_id" in zones else zones.iloc[:0]
    labels = category_pairs(zones, "kind", KINDS) if "kind" in zones else {}

    def result(rec: Mapping[str, Any]) -> dict[str, Any]:
        return results.get(str(rec.get("zone_id")), {})

    def over(rec: Mapping[str, Any]) -> bool:
        return str(result(rec).get("status", "")).lower() == "over_capacity"

    def use_style(rec: Mapping[str, Any]) -> Style:
        u: Any = result(rec).get("utilisation")
        colour = st.NEUTRAL if is_missing(u) else st.utilisation_colour(float(u))
        return st.fill(
            colour,
            opacity=0.65,
            line=st.OVER_CAPACITY if over(rec) else None,
            weight=3 if over(rec) else 1,
        )

    def rows(rec: Mapping[str, Any]) -> list[str]:
        return feature_rows(rec, lang, labels, result(rec))

    use_name = pick(EXTRA_LAYERS["validation"], lang, " · ")
    built = [
        Built(
            _feature_layer(
                zones,
                use_style,
                rows,
                name=use_name,
                lang=lang,
                precision=precision,
                show=False,
                popup=popup,
                large=large,
            ),
            lg.heading(use_name)
            + lg.ramp(st.UTILISATION_RAMP, ["0%", "55%", "110%+"], opacity=0.65),
        )
    ]
    flags = [over(r) for r in pd.DataFrame(zones).to_dict("records")]
    over_zones = zones[pd.Series(flags, index=zones.index, dtype=bool)]  # [] picks columns
    over_name = pick(EXTRA_LAYERS["over_capacity"], lang, " · ")
    style = st.fill(st.OVER_CAPACITY, opacity=0.25, line=st.OVER_CAPACITY, weight=3.5)
    built.append(
        Built(
            _feature_layer(
                over_zones,
                lambda rec: style,
                rows,
                name=over_name,
                lang=lang,
                precision=precision,
                show=True,
                popup=popup,
                large=large,
            ),
            lg.swatch(over_name, st.OVER_CAPACITY, st.OVER_CAPACITY, opacity=0.25),
        )
    )
    return built


def problems_layer(
    problems: gpd.GeoDataFrame,
    *,
    lang: Lang,
    precision: int = 6,
    popup: bool = True,
    large: bool = False,
) -> Built:
    """Overlap and gap geometries from the checks, hatched in magenta above everything else."""
    name = pick(EXTRA_LAYERS["problems"], lang, " · ")
    style = st.fill(st.PROBLEM, opacity=0.55, line=st.PROBLEM, weight=2, dash="4 3")

    def rows(rec: Mapping[str, Any]) -> list[str]:
        out = [_field("problem", esc(pick(lookup(PROBLEMS, rec.get("kind")), lang, " / ")), lang)]
        if not is_missing(rec.get("message")):
            out.append(f"<div>{esc(rec['message'])}</div>")
        area: Any = rec.get(AREA_COL)
        if not is_missing(area):
            out.append(_field("area", f"{float(area) * 10_000:,.0f} m²", lang))
        return out

    layer = _feature_layer(
        problems,
        lambda rec: style,
        rows,
        name=name,
        lang=lang,
        precision=precision,
        show=True,
        popup=popup,
        named=False,
        large=large,
    )
    kinds = [pick(lookup(PROBLEMS, k), lang, " / ") for k in pd.unique(problems["kind"].dropna())]
    label = name + (f" ({', '.join(kinds)})" if kinds else "")
    return Built(layer, lg.swatch(label, st.PROBLEM, st.PROBLEM, opacity=0.55, dash=True))
