"""Interactive maps of the Loop and San Tin layers (folium), online or fully offline.

>>> import maps
>>> m = maps.site_map("loop", validation=report, offline=True)   # doctest: +SKIP
>>> maps.save_map(m, "out/loop.html")                           # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from folium import plugins

from gis.fs import atomic_write

from .. import _style as st
from .._escape import esc
from .._labels import Lang, check_lang, layer_name, pick
from .._offline import OfflineFigure, StableFigure, offline_html, online_html
from .._prepare import (
    check_size_options,
    prepare_layer,
    problems_frame,
    total_bounds,
    validation_table,
)
from .._style_sheet import StyleSheet, load_style_sheet, ordered
from ._canvas import size_plan
from ._elements import ChunkedLayer, FeatureLayer, FitButton, Legend, MapStyle, ScaleBar, TitleBox
from ._layers import Built, build_layer, problems_layer, validation_layers
from ._sites import SITES, context_layers, load_site_layers, ordered_layers, site_spec
from ._tiles import BASEMAPS, network_basemap, tile_layer

__all__ = ["zone_map", "site_map", "save_map", "load_site_layers", "BASEMAPS", "SITES"]

# Embedded layers that start switched off (a user's own layers are all shown), and context plans
DEFAULT_HIDDEN = frozenset({"loop.height_bands", "context", "loop.plan_area"})
_CENTRE = (22.5212, 114.0796)  # the Loop park's centroid (loop.boundary, from S/LMCL/2)
_SCHEMATIC_NOTE = ("Schematic layers: not official boundaries", "示意圖層：非官方界線")
_FIT_LABEL = ("Zoom to all layers", "顯示全部圖層")


def zone_map(
    layers: Mapping[str, gpd.GeoDataFrame] | gpd.GeoDataFrame | None = None,
    *,
    validation: Any = None,
    problems: Any = None,
    lang: str = "both",
    basemap: str = "none",
    attribution: str | None = None,
    api_key: str | None = None,
    offline: bool | None = None,
    simplify_m: float | None = None,
    precision: int | None = None,
    prefer_canvas: bool | None = None,
    title: str | None = None,
    hidden: Collection[str] | None = None,
    popups: bool = True,
    context: Sequence[str] | Mapping[str, gpd.GeoDataFrame] | None = None,
    say: Callable[[str], Any] | None = None,
    style: str | os.PathLike[str] | Mapping[str, Any] | None = None,
) -> folium.Map:
    """Interactive map of planning layers, each drawn by its role (zones, height bands, ...).

    Parameters
    ----------
    layers
        Layer key -> GeoDataFrame (any CRS; drawn in EPSG:4326), e.g. ``{"loop.zones": gdf}``. The
        key's last part and the columns decide the role (see ``maps._style``). ``None`` loads the
        embedded Loop layers (``gis.load_layer``). A single GeoDataFrame is drawn as one layer.
    validation
        Per-zone results (DataFrame indexed by ``zone_id`` with ``gfa_m2``, ``capacity_m2``,
        ``utilisation``, ``implied_plot_ratio``, ``status``) or a ``ValidationReport``: shown in
        zone tooltips, as a capacity-use layer, and over-capacity zones outlined in red.
    problems
        Overlap/gap geometries to highlight: GeoDataFrame/GeoSeries (optional ``kind`` and
        ``message`` columns) or a list of shapely geometries (EPSG:4326, or EPSG:2326 when the
        coordinates are not longitude/latitude).
    lang
        Labels in ``"en"``, ``"zh"`` (Traditional Chinese) or ``"both"``.
    basemap
        ``"none"`` (default), ``"osm"`` or ``"positron"`` (both need the network), or a local tile
        URL template such as ``"tiles/{z}/{x}/{y}.png"`` (relative to the saved page).
    attribution
        Attribution of a local tile template (shown as text).
    api_key
        Key for a provider that needs one: CARTO's ``"positron"`` does (xyzservices 2026);
        ``$TECHNOPOLE_CARTO_KEY`` is used when not given.
    offline
        Make the map self-contained: scripts and styles inlined (``Map.save``, Jupyter and
        :func:`save_map` all give the offline page). A network basemap raises :class:`InputError`.
        Default: offline unless ``basemap`` loads tiles from the network, so a notebook on a
        machine with no network still shows the map.
    simplify_m
        Simplify drawn geometry by this many metres (EPSG:2326, topology preserved; 0: never).
        Areas in the tooltips always come from the original geometry. Default: 1 m on a large
        map (``maps.web._canvas.LARGE_MAP`` features or more), else none.
    precision
        Decimals kept in coordinates (6 is about 0.1 m; 5 about 1 m). Default: 5 on a large
        map, else 6.
    prefer_canvas
        Draw Leaflet's layers on one canvas instead of SVG paths (faster with many thousands of
        features). Default: on a large map only. On a large map, each layer of
        ``maps.web._canvas.CHUNKED_MIN`` features or more is loaded in chunks and drawn on a canvas
        of its own, a slice at a time, whatever this says.
    title
        Shown at the top of the map and as the page title.
    hidden
        Layer keys or roles that start switched off (default: the embedded height bands and
        plan area, and the context plans; a user's own layers are all shown).
    popups
        Also open the tooltip's content as a popup on click.
    context
        Neighbouring statutory plans drawn as official context (outlined zones in their family
        colours, labelled, switched off at start): layer names such as ``"tpb:S/KTN/4"``
        (``gis.load_layer``) or a mapping of name -> zones.
    say
        Called with one line per choice made for a large map (the CLI prints them).
    style
        A style file (YAML, see the README's "Map styles") or the same as a mapping
        (``{"layers": {"loop.zones": {"fill_opacity": 0.3}}}``): per layer colour, opacity,
        outline, labels, legend, visibility and drawing order.

    Returns
    -------
    folium.Map
        Displays in Jupyter; save with :func:`save_map`.
    """
    lang = check_lang(lang)
    check_size_options(simplify_m, 6 if precision is None else precision)
    if offline is None:
        offline = not network_basemap(basemap)
    tiles = tile_layer(basemap, attribution, offline=offline, api_key=api_key)
    if layers is None:
        layers = load_site_layers("loop")
    elif isinstance(layers, gpd.GeoDataFrame):
        layers = {"layer": layers}
    hidden = DEFAULT_HIDDEN if hidden is None else frozenset(hidden)

    sheet = load_style_sheet(style)
    items = ordered_layers(layers, context_layers(context))
    if sheet is not None:
        sheet.check_layers(key for key, _, _ in items)
        items = ordered(items, sheet, st.ROLES)
    plan = size_plan(
        sum(len(gdf) for *_, gdf in items),
        precision=precision,
        simplify_m=simplify_m,
        prefer_canvas=prefer_canvas,
    )
    for note in plan.notes:
        if say is not None:
            say(note)
    prepared = [
        (key, role, prepare_layer(gdf, key, simplify_m=plan.simplify_m)) for key, role, gdf in items
    ]
    # Outlines are drawn as lines, so only the line (not the inside) answers the mouse on canvas.
    prepared = [(k, r, _as_lines(g) if r == "outlines" else g) for k, r, g in prepared]
    m = folium.Map(
        location=_CENTRE,
        zoom_start=15,
        tiles=None,
        max_zoom=20,
        prefer_canvas=plan.prefer_canvas,
        control_scale=False,
    )
    figure = (
        OfflineFigure(title=esc(title or "Technopole map"))
        if offline
        else StableFigure(title=esc(title or "Technopole map"))
    )
    figure.add_child(m)
    if tiles is not None:
        tiles.add_to(m)

    built = _build_layers(
        prepared,
        validation_table(validation),
        problems,
        hidden=hidden,
        lang=lang,
        precision=plan.precision,
        popups=popups,
        large=plan.large,
        sheet=sheet,
    )
    zones = next((gdf for _, role, gdf in prepared if role == "zones"), None)
    if zones is not None and hasattr(validation, "provision"):  # a report made with --people
        from .._provision import provision_layers

        built += provision_layers(
            zones, validation, lang=lang, precision=plan.precision, popup=popups, large=plan.large
        )
    for b in built:
        b.layer.add_to(m)

    # Fit to the site, not to the whole border line or the neighbouring plans.
    drawn = [gdf for _, role, gdf in prepared if role not in ("context", "border")] or [
        gdf for *_, gdf in prepared
    ]
    bounds = total_bounds(drawn) or [list(_CENTRE), list(_CENTRE)]
    _add_controls(
        m,
        built,
        bounds,
        lang=lang,
        title=title,
        schematic=any(_is_schematic(gdf) for _, _, gdf in prepared),
        attributions=_attributions(gdf for _, _, gdf in prepared),
    )
    if len(prepared):
        m.fit_bounds(bounds)
    return m


def _build_layers(
    prepared: list[tuple[str, str, gpd.GeoDataFrame]],
    table: Any,
    problems: Any,
    *,
    hidden: Collection[str],
    lang: Lang,
    precision: int,
    popups: bool,
    large: bool = False,
    sheet: StyleSheet | None = None,
) -> list[Built]:
    """The drawn layers in order: each input layer, then capacity use, then problems."""
    built: list[Built] = []
    titles: set[str] = set()
    for key, role, gdf in prepared:
        built.append(
            build_layer(
                gdf,
                key=key,
                role=role,
                title=_unique(layer_name(key, role, gdf), titles),
                lang=lang,
                precision=precision,
                show=key not in hidden and role not in hidden,
                popup=popups,
                validation=table if role == "zones" else None,
                large=large,
                spec=sheet.get(key) if sheet else None,
            )
        )
    zones = next((gdf for _, role, gdf in prepared if role == "zones"), None)
    if table is not None and zones is not None:
        built.extend(
            validation_layers(
                zones, table, lang=lang, precision=precision, popup=popups, large=large
            )
        )
    bad = problems_frame(problems)
    if bad is not None and len(bad):
        bad = prepare_layer(bad, "problems")
        built.append(problems_layer(bad, lang=lang, precision=precision, popup=popups, large=large))
    return built


def site_map(
    site: str = "loop", layers: Mapping[str, gpd.GeoDataFrame] | None = None, **kwargs: Any
) -> folium.Map:
    """The standard map of ``"loop"`` (loop.* layers) or ``"santin"`` (santin.* + loop.boundary).

    ``layers`` defaults to the embedded layers of the site (``gis.load_layer``); other keyword
    arguments go to :func:`zone_map`, with the site's bilingual title unless ``title`` is given.

    Parameters
    ----------
    site
        ``"loop"`` or ``"santin"``.
    layers
        Layer key -> layer, drawn in order (default: the embedded layers of the site).
    **kwargs
        Keyword arguments of :func:`zone_map`.

    Returns
    -------
    folium.Map
    """
    spec = site_spec(site)
    lang = check_lang(kwargs.get("lang", "both"))
    kwargs.setdefault("title", pick(spec["title"], lang, " "))
    return zone_map(load_site_layers(site) if layers is None else layers, **kwargs)


def save_map(
    m: folium.Map, path: str | os.PathLike[str], *, offline: bool = True, force: bool = True
) -> Path:
    """Write the map's HTML page atomically; ``offline`` (default) inlines every asset.

    Parameters
    ----------
    m
        The map.
    path
        The ``.html`` file.
    offline
        Inline every asset (no network needed to open the page).
    force
        Replace an existing file.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    maps.OfflineError
        ``offline`` and the map uses network tiles or assets with no vendored copy.
    gis.errors.OutputError
        The file exists and ``force`` is False, or its folder is missing.
    """
    html = offline_html(m) if offline else online_html(m)
    return atomic_write(path, html, force=force)


def _attributions(frames: Any) -> list[str]:
    """The distinct ``attribution`` texts of the drawn layers (the data's licences ask for them)."""
    seen: dict[str, None] = {}
    for gdf in frames:
        if "attribution" in gdf.columns:
            seen.update(dict.fromkeys(str(a) for a in gdf["attribution"].dropna()))
    return list(seen)


def _unique(pair: tuple[str, str], seen: set[str]) -> tuple[str, str]:
    """The layer control keys layers by name: make repeated names distinct."""
    en, zh = pair
    n = 2
    while en in seen:
        en, zh = f"{pair[0]} ({n})", f"{pair[1]}（{n}）" if pair[1] else ""
        n += 1
    seen.add(en)
    return en, zh


def _as_lines(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    polygonal = gdf.geom_type.isin(["Polygon", "MultiPolygon"])
    if not polygonal.any():
        return gdf
    out = gdf.copy()
    out.loc[polygonal, out.geometry.name] = gdf.geometry[polygonal].boundary
    return out


def _is_schematic(gdf: gpd.GeoDataFrame) -> bool:
    return "accuracy" in gdf.columns and bool((gdf["accuracy"].astype(str) == "schematic").any())


def _add_controls(
    m: folium.Map,
    built: list[Built],
    bounds: list[list[float]],
    *,
    lang: Lang,
    title: str | None,
    schematic: bool,
    attributions: Sequence[str] = (),
) -> None:
    MapStyle().add_to(m)
    if title:
        TitleBox(esc(title)).add_to(m)
    ScaleBar().add_to(m)
    plugins.Fullscreen(
        position="topleft",
        title=pick(("Full screen", "全螢幕"), lang, " / "),
        title_cancel=pick(("Exit full screen", "退出全螢幕"), lang, " / "),
    ).add_to(m)
    FitButton(bounds, pick(_FIT_LABEL, lang, " / ")).add_to(m)
    plugins.MeasureControl(
        position="topleft",
        primary_length_unit="meters",
        secondary_length_unit="kilometers",
        primary_area_unit="hectares",
        secondary_area_unit="sqmeters",
    ).add_to(m)
    sections: list[tuple[FeatureLayer | ChunkedLayer | None, str]] = [
        (b.layer, b.legend) for b in built
    ]
    notes = ([pick(_SCHEMATIC_NOTE, lang, " / ")] if schematic else []) + list(attributions)
    note = "<br>".join(esc(n) for n in notes)
    Legend(sections, esc(pick(("Legend", "圖例"), lang, " ")), note).add_to(m)
    folium.LayerControl(position="topright", collapsed=False).add_to(m)
