"""technopole's library: the embedded Loop / San Tin project, readers, checks and models.

The public API is re-exported here; modules whose names start with ``_`` are internal.
Imports are lazy so that ``import gis`` stays fast and never loads folium, rasterio or
matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # catalog and data
    "list_layers": "catalog",
    "load_layer": "catalog",
    "load_table": "catalog",
    "layer_info": "catalog",
    "manifest": "catalog",
    # files
    "read_layer": "io",
    "write_layer": "io",
    "to_hk1980": "io",
    "area_m2": "io",
    # rasters
    "rasterize_layer": "raster",
    "write_geotiff": "raster",
    "read_geotiff": "raster",
    # validation
    "validate": "validation",
    "Rules": "validation",
    "read_allocation_table": "tables",
    "AllocationTable": "tables",
    "Envelope": "envelope",
    "build_envelope": "envelope",
    "default_envelope": "envelope",
    "ZoneRule": "rules",
    "ZoneRules": "rules",
    "read_zone_rules": "rules",
    "load_zone_rules": "rules",
    "select_site": "_site_select",
    # scenarios
    "Scenario": "scenarios",
    "list_scenarios": "scenarios",
    "load_scenario": "scenarios",
    "compare": "scenarios",
    "comparison": "scenarios",
    "write_comparison": "scenarios",
    "sweep": "sweeping",
    "SweepResult": "sweeping",
    "solve": "solver",
    "SolveResult": "solver",
    # facts
    "Fact": "facts",
    "FACTS": "facts",
    "check_facts": "facts",
    # errors and reports
    "TechnopoleError": "errors",
    "InputError": "errors",
    "LayerError": "errors",
    "TableError": "errors",
    "ScenarioError": "errors",
    "Issue": "report",
    "ValidationReport": "report",
    "CheckRecord": "report",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
