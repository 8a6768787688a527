"""Rendering of technopole layers: interactive folium maps (online or offline) and static maps.

Public API::

    zone_map(layers, *, validation=None, problems=None, lang="both", basemap="none",
             offline=False, simplify_m=None, precision=6, prefer_canvas=False, title=None, ...)
    site_map(site="loop" | "santin", layers=None, **zone_map_options)
    save_map(m, path, *, offline=True, force=True)
    offline_html(m)                        # the self-contained page as a string
    static_map(layers, path, *, lang="both", title=None, dpi=200)   # PNG or PDF

folium and matplotlib are imported on first use of these names, so ``import maps`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "zone_map",
    "site_map",
    "load_site_layers",
    "save_map",
    "offline_html",
    "static_map",
    "OfflineError",
    "BASEMAPS",
    "SITES",
]

_WHERE = {
    "zone_map": "interactive",
    "site_map": "interactive",
    "save_map": "interactive",
    "load_site_layers": "interactive",
    "BASEMAPS": "interactive",
    "SITES": "interactive",
    "offline_html": "_offline",
    "OfflineError": "_offline",
    "static_map": "static",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    where = _WHERE[name]
    module = import_module(f".{where}", __name__)
    # bind every name of the module at once, on first use
    for other, home in _WHERE.items():
        if home == where:
            globals()[other] = getattr(module, other)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
