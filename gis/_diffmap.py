"""A folium map of how each zone's capacity use changes between two scenarios.

Zones are coloured on a diverging scale by ``utilisation(other) - utilisation(reference)`` in
percentage points (blue: less used, red: more used, dark outline: over capacity in ``other``);
the tooltip gives both values. No tiles are drawn (the geometry is schematic).

``gis`` never imports ``maps``: pass ``page_filter=maps._offline.inline_assets`` (the CLI does)
to inline Leaflet so the page works offline; without it the page loads Leaflet from its CDN.
Every user string goes through :func:`gis._escape.esc` (as the maps do): HTML, and
the characters that are live in JavaScript template literals and in branca's Jinja pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ._escape import esc

NEGATIVE, NEUTRAL, POSITIVE = "#2166ac", "#f7f7f7", "#b2182b"


def _mix(c1: str, c2: str, t: float) -> str:
    a = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(c2[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def diverging_colour(delta: float, scale: float) -> str:
    """Blue for negative, white at 0, red for positive; saturates at ``±scale``; grey for NaN."""
    if delta is None or not math.isfinite(delta):
        return "#bdbdbd"
    t = max(-1.0, min(1.0, delta / scale)) if scale > 0 else 0.0
    return _mix(NEUTRAL, POSITIVE, t) if t >= 0 else _mix(NEUTRAL, NEGATIVE, -t)


def diff_map(comp: Any, other: int | str, *, reference: int | str | None = None):
    """The diff map of scenario ``other`` against the reference (index or label).

    Parameters
    ----------
    comp
        A :class:`gis._compare.Comparison`.
    other, reference
        Scenarios by column index or label; ``reference`` defaults to the comparison's.

    Returns
    -------
    folium.Map
    """
    import folium
    from shapely.geometry import mapping

    i = comp.labels.index(other) if isinstance(other, str) else int(other)
    r = comp.reference if reference is None else (
        comp.labels.index(reference) if isinstance(reference, str) else int(reference))
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
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=15, tiles=None,
                   control_scale=True)
    folium.GeoJson(mapping(site.union_all()), name="site",
                   style_function=lambda _: {"color": "#333333", "weight": 1.5,
                                             "fillOpacity": 0.0, "dashArray": "4 4"}).add_to(m)
    for (_, z), a, b, d in zip(zones.iterrows(), ua, ub, deltas, strict=True):
        over = math.isfinite(b) and b > 1.0 + 1e-9
        style = {"fillColor": diverging_colour(d, scale), "fillOpacity": 0.85,
                 "color": "#000000" if over else "#555555", "weight": 3 if over else 1}
        tip = "<br>".join([
            f"<b>{esc(z.get('name_en', z.zone_id))}</b> {esc(z.get('name_zh', ''))}",
            f"zone: {esc(z.zone_id)}",
            f"{esc(a_lab)}: {_pct(a)} of capacity",
            f"{esc(b_lab)}: {_pct(b)} of capacity{' (over capacity)' if over else ''}",
            f"change: {_pp(d)}",
        ])
        folium.GeoJson(mapping(z.geometry), style_function=lambda _, s=style: s,
                       tooltip=folium.Tooltip(tip)).add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    title = (f"Capacity use: {esc(b_lab)} vs {esc(a_lab)} (percentage points; blue less, red "
             f"more, ±{scale:.0f} pp saturates; thick outline: over capacity). Schematic zones.")
    m.get_root().html.add_child(folium.Element(
        f'<div style="position:fixed;top:8px;left:50px;z-index:9999;background:white;'
        f'padding:4px 8px;font:13px sans-serif;border:1px solid #999">{title}</div>'))
    return m


def _pct(v: float) -> str:
    return f"{100 * v:.0f}%" if math.isfinite(v) else "n/a"


def _pp(v: float) -> str:
    return f"{v:+.1f} pp" if math.isfinite(v) else "n/a"


def diff_map_html(comp: Any, other: int | str,
                  page_filter: Callable[[str], str] | None = None) -> str:
    """The rendered page of :func:`diff_map`, passed through ``page_filter`` (e.g. inlining)."""
    page = diff_map(comp, other).get_root().render()
    return page_filter(page) if page_filter else page
