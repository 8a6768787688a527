"""Basemaps of the interactive maps: named providers or a local tile template, online or not."""

from __future__ import annotations

import re

import folium

from gis.config import basemap_key
from gis.errors import InputError

from .._escape import esc

__all__ = ["BASEMAPS", "network_basemap", "tile_layer"]

BASEMAPS: dict[str, str | None] = {
    "none": None,
    "osm": "OpenStreetMap.Mapnik",
    "positron": "CartoDB.Positron",
}
"""Basemap names -> xyzservices providers (URL and attribution); ``"none"`` draws no tiles."""

_JINJA = re.compile(r"\{[{%#]")  # branca renders tile URLs a second time as a Jinja template


def network_basemap(basemap: str) -> bool:
    """Whether ``basemap`` loads tiles from the network (a map is offline by default if not)."""
    name = str(basemap).lower()
    return name != "none" and name.startswith(
        ("http:", "https:", "//", "osm", "positron", "openstreetmap", "cartodb")
    )


def tile_layer(
    basemap: str, attribution: str | None, *, offline: bool, api_key: str | None
) -> folium.TileLayer | None:
    """The tile layer of ``basemap`` (``None`` for ``"none"``).

    Raises
    ------
    InputError
        An unknown basemap, a tile template without ``{z}``, ``{x}`` and ``{y}``, a network
        basemap on an offline map, or a provider that needs a key and has none.
    """
    if basemap in BASEMAPS:
        provider_name = BASEMAPS[basemap]
        if provider_name is None:
            return None
        if offline:
            raise InputError(
                f"basemap {basemap!r} loads tiles from the network; an offline map takes "
                "basemap='none' or a local tile template such as 'tiles/{z}/{x}/{y}.png'",
                where="basemap",
            )
        import xyzservices.providers as xyz

        provider = xyz.query_name(provider_name)
        if provider.requires_token():
            key = api_key or basemap_key()
            if not key:
                raise InputError(
                    f"basemap {basemap!r} needs an API key from its provider "
                    "(https://carto.com/basemaps/apikey/): pass api_key= or set "
                    "TECHNOPOLE_CARTO_KEY, or use basemap='osm'",
                    where="basemap",
                )
            provider = provider(apikey=key)
        return folium.TileLayer(provider, control=False)
    if not all(part in basemap for part in ("{z}", "{x}", "{y}")) or _JINJA.search(basemap):
        raise InputError(
            f"expected one of {', '.join(BASEMAPS)} or a tile template with "
            f"{{z}}, {{x}} and {{y}}, got {basemap!r}",
            where="basemap",
        )
    if offline and basemap.lower().startswith(("http:", "https:", "//")):
        raise InputError(
            f"tiles {basemap!r} come from the network; an offline map needs local "
            "tiles or basemap='none'",
            where="basemap",
        )
    return folium.TileLayer(
        basemap, attr=esc(attribution or "local tiles"), name="tiles", control=False, max_zoom=20
    )
