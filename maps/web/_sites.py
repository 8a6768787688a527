"""What a map draws: the standard sites' embedded layers, context plans, and the drawing order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd

from gis.errors import InputError

from .. import _style as st

__all__ = ["SITES", "context_layers", "load_site_layers", "ordered_layers", "site_spec"]

SITES: dict[str, dict[str, Any]] = {
    "loop": {
        "prefixes": ("loop.",),
        "extra": ("context.border",),
        "title": ("Lok Ma Chau Loop: Hong Kong-Shenzhen I&T Park", "河套香港園區"),
    },
    "santin": {
        "prefixes": ("santin.",),
        "extra": ("loop.boundary", "context.border"),
        "title": ("San Tin Technopole", "新田科技城"),
    },
}
"""The two standard maps: which embedded layers they draw and their titles."""


def load_site_layers(site: str) -> dict[str, gpd.GeoDataFrame]:
    """The embedded layers of a site (by name from the catalogue, none measured beforehand).

    Parameters
    ----------
    site
        ``"loop"`` or ``"santin"``.

    Returns
    -------
    dict
        Layer name -> layer, in drawing order.
    """
    spec = site_spec(site)
    from gis.catalog import layer_names, load_layer

    names = layer_names()
    wanted = [n for n in names if n.startswith(spec["prefixes"])]
    wanted += [n for n in spec["extra"] if n in names and n not in wanted]
    return {name: load_layer(name) for name in wanted}


def site_spec(site: str) -> dict[str, Any]:
    """The entry of :data:`SITES` for ``site`` (case, spaces and underscores ignored)."""
    key = site.lower().replace(" ", "").replace("_", "")
    if key not in SITES:
        raise InputError(f"expected one of {', '.join(SITES)}, got {site!r}", where="site")
    return SITES[key]


def context_layers(
    context: Sequence[str] | Mapping[str, gpd.GeoDataFrame] | None,
) -> dict[str, gpd.GeoDataFrame]:
    """Context plans by name: ``"tpb:S/KTN/4"`` -> its zones (``gis.load_layer``)."""
    if not context:
        return {}
    if isinstance(context, Mapping):
        return {str(k): v for k, v in context.items()}
    if isinstance(context, str):
        context = [context]
    from gis import load_layer

    return {str(name): load_layer(str(name)) for name in dict.fromkeys(context)}


def ordered_layers(
    layers: Mapping[str, gpd.GeoDataFrame], context: Mapping[str, gpd.GeoDataFrame] | None = None
) -> list[tuple[str, str, gpd.GeoDataFrame]]:
    """(key, role, gdf) in drawing order: context plans and official zones at the bottom, then
    fills, outlines and the border line on top; input order within a role.
    """
    items = [
        (str(k), st.layer_role(str(k), getattr(g, "columns", ()), g), g) for k, g in layers.items()
    ]
    items += [(str(k), "context", g) for k, g in (context or {}).items() if str(k) not in layers]
    return sorted(items, key=lambda item: st.draw_rank(item[1], item[2]))
