"""Turn one prepared GeoDataFrame into a :class:`FeatureLayer` plus its legend section, by role."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from . import _canvas
from . import _legend as lg
from . import _style as st
from . import _style_sheet as ss
from ._codec import TYPES, encode_many, origin
from ._elements import ChunkedLayer, FeatureLayer
from ._escape import esc, is_missing
from ._labels import (
    EXTRA_LAYERS,
    KINDS,
    LAND_USES,
    LEGEND_TITLES,
    PROBLEMS,
    STATUSES,
    Lang,
    accuracy_mark,
    lookup,
    pick,
)
from ._prepare import AREA_COL
from ._tips import RowTable, _field, category_pairs, feature_rows, name_parts

Style = dict[str, Any]
StyleFor = Callable[[Mapping[str, Any]], Style]


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

    On a ``large`` map a layer of ``maps._canvas.CHUNKED_MIN`` features or more is a
    :class:`ChunkedLayer` (no permanent zone labels: thousands of them would hide the map).
    """
    spec = spec or {}
    name = spec.get("legend", {}).get("title") or pick(title, lang, " · ")
    heading = name + accuracy_mark(gdf, lang)
    kind_labels: dict[Any, tuple[str, str]] = {}
    if role in ("ozp", "context"):
        style_for, legend = _official_zones(gdf, heading, lang, context=role == "context")
    elif role == "border":
        style_for, legend = (
            (lambda rec: st.BORDER),
            lg.line(
                heading, st.BORDER["color"], weight=st.BORDER["weight"], dash=st.BORDER["dashArray"]
            ),
        )
    elif role == "zones":
        style_for, legend, kind_labels = _zones(gdf, heading, lang)
    elif role == "height_bands":
        style_for, legend = _height_bands(gdf, heading, lang)
    elif role == "buildings":
        style_for, legend = _categories(gdf, heading, lang, "status", STATUSES, _building_style)
    elif role == "parcels":
        colours = st.categorical(gdf["land_use"]) if "land_use" in gdf else {}
        style_for, legend = _categories(
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
        style_for, legend = _restyled(gdf, style_for, legend, spec, heading)
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


def _restyled(
    gdf: gpd.GeoDataFrame, style_for: StyleFor, legend: str, spec: Style, heading: str
) -> tuple[StyleFor, str]:
    """The role's styling with the style file's colour, opacity and line; its legend rows."""
    colour = ss.colour_of(spec, ss.value_range(spec, gdf))

    def style(rec: Mapping[str, Any]) -> Style:
        return ss.leaflet_style(spec, style_for(rec), colour(rec))

    sample = style(gdf.iloc[0].to_dict()) if len(gdf) else ss.leaflet_style(spec, {}, None)
    opacity, line = sample.get("fillOpacity", 0.45), sample.get("color", st.NEUTRAL)
    rows = ss.swatches(spec, gdf)
    if rows:
        legend = lg.heading(heading) + "".join(
            lg.swatch(label, c, spec.get("line_colour", st.darken(c)), opacity=opacity)
            for label, c in rows
        )
    elif isinstance(spec.get("colour"), str):
        legend = lg.swatch(heading, spec["colour"], line, opacity=opacity)
    return style, legend


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


def _official_zones(
    gdf: gpd.GeoDataFrame, heading: str, lang: Lang, *, context: bool
) -> tuple[StyleFor, str]:
    """Zones of a statutory plan in their family's customary colour; one legend row a family."""
    records = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).to_dict("records")
    families = {st.zone_family(r): st.zone_colour(r) for r in records}
    legend = lg.heading(heading)
    for family, colour in sorted(families.items(), key=lambda fc: str(fc[0])):
        style = st.ozp_fill(colour, context=context)
        label = f"{family or '?'} — {pick(st.family_names(family), lang, ' · ')}"
        legend += lg.swatch(
            label, colour, style["color"], opacity=max(style["fillOpacity"], 0.3), dash=context
        )
    return (lambda rec: st.ozp_fill(st.zone_colour(rec), context=context)), legend


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
    collection) is split into chunks of about ``maps._canvas.CHUNK_VERTICES`` vertices.
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


def _zones(
    gdf: gpd.GeoDataFrame, name: str, lang: Lang
) -> tuple[StyleFor, str, dict[Any, tuple[str, str]]]:
    col = next((c for c in ("kind", "zone_id", "name_en") if c in gdf.columns), None)
    if col is None:
        colour = st.CATEGORICAL[0]
        fixed = st.fill(colour)
        return (lambda rec: fixed), lg.swatch(name, colour, st.darken(colour)), {}
    muted = set(gdf.loc[[st.is_non_building(r) for r in gdf.to_dict("records")], col])
    colours = st.categorical(v for v in gdf[col] if not is_missing(v) and v not in muted)
    labels = category_pairs(gdf, col, KINDS)
    quiet = st.muted()
    legend = lg.heading(name) + "".join(
        lg.swatch(pick(labels[v], lang, " · "), c, st.darken(c)) for v, c in colours.items()
    )
    legend += "".join(
        lg.swatch(
            pick(labels[v], lang, " · "),
            st.MUTED,
            quiet["color"],
            opacity=quiet["fillOpacity"],
            dash=True,
        )
        for v in dict.fromkeys(gdf[col])
        if v in muted
    )

    def style(rec: Mapping[str, Any]) -> Style:
        return quiet if st.is_non_building(rec) else st.fill(colours.get(rec.get(col), st.NEUTRAL))

    return style, legend, (labels if col == "kind" else {})


def _height_bands(gdf: gpd.GeoDataFrame, name: str, lang: Lang) -> tuple[StyleFor, str]:
    values = pd.to_numeric(gdf.get("height_mpd", pd.Series(dtype=float)), errors="coerce").dropna()
    if values.empty:
        style = st.fill(st.NEUTRAL, opacity=0.3)
        return (lambda rec: style), lg.swatch(name, st.NEUTRAL, st.darken(st.NEUTRAL))
    lo, hi = float(values.min()), float(values.max())

    def colour(v: Any) -> str:
        try:
            x = float(v)
        except (TypeError, ValueError):
            return st.NEUTRAL
        if x != x:
            return st.NEUTRAL
        return st.ramp(st.HEIGHT_RAMP, (x - lo) / (hi - lo) if hi > lo else 1.0)

    ticks = [f"{t:,.0f}" for t in lg.even_ticks(values)]
    legend = (
        lg.heading(name)
        + f"<div>{esc(pick(LEGEND_TITLES['height'], lang, ' · '))}</div>"
        + lg.ramp(st.HEIGHT_RAMP, ticks, opacity=0.6)
    )
    return (lambda rec: st.fill(colour(rec.get("height_mpd")), opacity=0.6)), legend


def _building_style(status: Any) -> Style:
    building = str(status).lower().replace("_", " ") != "completed"
    colour = st.status_colour(status)
    return st.fill(
        colour, opacity=0.35 if building else 0.7, weight=1.5, dash="4 3" if building else None
    )


def _categories(
    gdf: gpd.GeoDataFrame,
    name: str,
    lang: Lang,
    col: str,
    table: dict[str, tuple[str, str]],
    style_of: Callable[[Any], Style],
) -> tuple[StyleFor, str]:
    """Style by a category column, one legend row per value present."""
    if col not in gdf.columns:
        style = style_of(None)
        return (lambda rec: style), lg.swatch(name, style["fillColor"], style["color"])
    legend = lg.heading(name)
    for value in pd.unique(gdf[col].dropna()):
        s = style_of(value)
        legend += lg.swatch(
            pick(lookup(table, value), lang, " · "),
            s["fillColor"],
            s["color"],
            opacity=s["fillOpacity"],
            dash="dashArray" in s,
        )
    return (lambda rec: style_of(rec.get(col))), legend


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
    over_zones = zones[[over(r) for r in pd.DataFrame(zones).to_dict("records")]]
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
