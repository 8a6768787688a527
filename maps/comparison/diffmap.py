"""A folium map of how each zone's capacity use changes between two scenarios.

Zones are coloured on a diverging scale by ``utilisation(other) - utilisation(reference)`` in
percentage points (blue: less used, red: more used, dark outline: over capacity in ``other``);
the tooltip gives both values. No tiles are drawn (the geometry is schematic).

The page is offline by default: Leaflet is inlined from ``maps/_vendor`` like every map of this
package (:func:`maps.offline_html`). Every user string goes through :func:`maps._escape.esc`:
HTML, and the characters that are live in JavaScript template literals and in branca's Jinja
pass.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from gis.fs import atomic_write, check_outputs
from gis.scenarios import Comparison

from .._escape import esc
from .._style import colormap

if TYPE_CHECKING:
    from branca.element import Figure

__all__ = ["diff_map", "diff_map_html", "diff_map_name", "write_diff_maps", "diverging_colour"]

NEGATIVE, NEUTRAL, POSITIVE, MISSING = "#2166ac", "#f7f7f7", "#b2182b", "#bdbdbd"


def diverging_colour(delta: float, scale: float) -> str:
    """Blue for negative, white at 0, red for positive; saturates at ``±scale``; grey for NaN."""
    if delta is None or not math.isfinite(delta):
        return MISSING
    t = max(-1.0, min(1.0, delta / scale)) if scale > 0 else 0.0
    return colormap((NEGATIVE, NEUTRAL, POSITIVE), -1.0, 1.0).rgb_hex_str(t)


def diff_map(comp: Comparison, other: int | str, *, reference: int | str | None = None) -> Any:
    """The diff map of scenario ``other`` against the reference (index or label).

    Parameters
    ----------
    comp
        A :class:`gis.Comparison` (from :func:`gis.comparison`).
    other, reference
        Scenarios by column index or label; ``reference`` defaults to the comparison's.

    Returns
    -------
    folium.Map
    """
    import folium
    from shapely.geometry import mapping

    i = comp.labels.index(other) if isinstance(other, str) else int(other)
    r = (
        comp.reference
        if reference is None
        else (comp.labels.index(reference) if isinstance(reference, str) else int(reference))
    )
    a_lab, b_lab = comp.labels[r], comp.labels[i]
    util = comp.zone_utilisation()
    zones = comp.scenarios[i].project.zones.to_crs(4326)
    site = comp.scenarios[i].project.site.to_crs(4326)
    ua = util[a_lab].reindex([str(z) for z in zones.zone_id]).to_numpy()
    ub = util[b_lab].reindex([str(z) for z in zones.zone_id]).to_numpy()
    deltas = 100.0 * (ub - ua)
    finite = [abs(d) for d in deltas if math.isfinite(d)]
    scale = max(max(finite, default=0.0), 1.0)

    minx, miny, maxx, maxy = zones.total_bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=15,
        tiles=None,
        control_scale=True,
    )
    folium.GeoJson(
        mapping(site.union_all()),
        name="site",
        style_function=lambda _: {
            "color": "#333333",
            "weight": 1.5,
            "fillOpacity": 0.0,
            "dashArray": "4 4",
        },
    ).add_to(m)
    for (_, z), a, b, d in zip(zones.iterrows(), ua, ub, deltas, strict=True):
        over = math.isfinite(b) and b > 1.0 + 1e-9
        style = {
            "fillColor": diverging_colour(d, scale),
            "fillOpacity": 0.85,
            "color": "#000000" if over else "#555555",
            "weight": 3 if over else 1,
        }
        tip = "<br>".join(
            [
                f"<b>{esc(z.get('name_en', z.zone_id))}</b> {esc(z.get('name_zh', ''))}",
                f"zone: {esc(z.zone_id)}",
                f"{esc(a_lab)}: {_pct(a)} of capacity",
                f"{esc(b_lab)}: {_pct(b)} of capacity{' (over capacity)' if over else ''}",
                f"change: {_pp(d)}",
            ]
        )
        folium.GeoJson(
            mapping(z.geometry), style_function=lambda _, s=style: s, tooltip=folium.Tooltip(tip)
        ).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    title = (
        f"Capacity use: {esc(b_lab)} vs {esc(a_lab)} (percentage points; blue less, red "
        f"more, ±{scale:.0f} pp saturates; thick outline: over capacity). Schematic zones."
    )
    cast("Figure", m.get_root()).html.add_child(
        folium.Element(  # a map's root is a Figure
            f'<div style="position:fixed;top:8px;left:50px;z-index:9999;background:white;'
            f'padding:4px 8px;font:13px sans-serif;border:1px solid #999">{title}</div>'
        )
    )
    return m


def _pct(v: float) -> str:
    return f"{100 * v:.0f}%" if math.isfinite(v) else "n/a"


def _pp(v: float) -> str:
    return f"{v:+.1f} pp" if math.isfinite(v) else "n/a"


def diff_map_html(comp: Comparison, other: int | str, *, offline: bool = True) -> str:
    """The page of :func:`diff_map`; ``offline`` (default) inlines Leaflet: no network needed.

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    other
        The scenario drawn against the reference (index or label).
    offline
        Inline Leaflet and every asset.

    Returns
    -------
    str
    """
    from .._offline import offline_html

    m = diff_map(comp, other)
    return offline_html(m) if offline else m.get_root().render()


def diff_map_name(comp: Comparison, other: int) -> str:
    """``diff_<scenario>_vs_<reference>.html``, with characters unsafe in file names as ``_``."""
    name = f"diff_{comp.labels[other]}_vs_{comp.ref_label}"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) + ".html"


def write_diff_maps(
    comp: Comparison, folder: str | os.PathLike[str], *, offline: bool = True, force: bool = True
) -> list[Path]:
    """Write one diff map per scenario against the reference into ``folder`` (created if needed).

    Parameters
    ----------
    comp
        The comparison (:func:`gis.comparison`).
    folder
        Where the pages go (created if needed).
    offline
        Inline Leaflet and every asset.
    force
        Replace existing pages.

    Returns
    -------
    list of pathlib.Path
        The files written, named by :func:`diff_map_name`.
    """
    folder = Path(folder)
    check_outputs(folders=[folder], force=force)
    if folder.is_dir():  # every map checked before the first is written
        check_outputs([folder / diff_map_name(comp, i) for i in comp.others()], force=force)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        atomic_write(
            folder / diff_map_name(comp, i), diff_map_html(comp, i, offline=offline), force=force
        )
        for i in comp.others()
    ]
