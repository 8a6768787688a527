"""technopole's library: the embedded Loop / San Tin project, readers, checks and models.

``gis`` analyses and returns data (frames, dataclasses, reports); rendering (maps, charts, HTML)
is :mod:`maps`' job. The public API is re-exported here; modules whose names start with ``_``
are internal. Names load on first use so that ``import gis`` stays fast and never loads
folium, rasterio or matplotlib; the ``TYPE_CHECKING`` imports mirror the table for type
checkers and IDEs (``tests/test_architecture.py`` checks that the two agree).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("technopole")  # the one version string is in pyproject.toml
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from ._constraints import Constraints
    from ._ozp_labels import OZP_LAYERS
    from ._site_select import select_site
    from .catalog import layer_info, list_layers, load_layer, load_table, manifest
    from .comparing import Comparison
    from .envelope import (
        Envelope,
        EnvelopeOptions,
        build_envelope,
        capacity_m2,
        default_envelope,
        floor_area_m2,
        storeys_under,
    )
    from .errors import (
        InputError,
        LayerError,
        OutputError,
        ScenarioError,
        TableError,
        TechnopoleError,
        did_you_mean,
    )
    from .facts import FACTS, Fact, check_facts
    from .formats import output_format
    from .fs import check_outputs
    from .io import SUPPORTED_SUFFIXES, area_m2, read_layer, to_hk1980, write_layer
    from .limits import Limits
    from .ozp import (
        Plan,
        convert_plan,
        load_plan,
        open_plan,
        plan_info,
        plan_names,
        read_plan,
    )
    from .raster import rasterize_layer, read_geotiff, write_geotiff
    from .report import CheckRecord, Issue, ValidationReport
    from .rules import ZoneRule, ZoneRules, load_zone_rules, read_zone_rules
    from .scenarios import (
        Scenario,
        compare,
        comparison,
        list_scenarios,
        load_scenario,
        scenario_files,
    )
    from .solver import SolveResult, solve
    from .styles import StyleDocument, check_style, read_style
    from .sweeping import Dirichlet, Grid, SweepResult, Uniform, sweep, sweep_method
    from .tables import AllocationTable, read_allocation_table
    from .validation import Rules, validate

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
    "SUPPORTED_SUFFIXES": "io",
    "to_hk1980": "io",
    "area_m2": "io",
    "check_outputs": "fs",
    "output_format": "formats",
    # statutory plans (OZP)
    "Plan": "ozp",
    "OZP_LAYERS": "_ozp_labels",
    "read_plan": "ozp",
    "load_plan": "ozp",
    "open_plan": "ozp",
    "plan_names": "ozp",
    "plan_info": "ozp",
    "convert_plan": "ozp",
    # rasters
    "rasterize_layer": "raster",
    "write_geotiff": "raster",
    "read_geotiff": "raster",
    # input limits
    "Limits": "limits",
    # validation
    "validate": "validation",
    "Rules": "validation",
    "read_allocation_table": "tables",
    "AllocationTable": "tables",
    "Envelope": "envelope",
    "build_envelope": "envelope",
    "default_envelope": "envelope",
    "EnvelopeOptions": "envelope",
    "floor_area_m2": "envelope",
    "capacity_m2": "envelope",
    "storeys_under": "envelope",
    "ZoneRule": "rules",
    "ZoneRules": "rules",
    "read_zone_rules": "rules",
    "load_zone_rules": "rules",
    "select_site": "_site_select",
    # scenarios
    "Scenario": "scenarios",
    "list_scenarios": "scenarios",
    "load_scenario": "scenarios",
    "scenario_files": "scenarios",
    "compare": "scenarios",
    "comparison": "scenarios",
    "Comparison": "comparing",
    "sweep": "sweeping",
    "SweepResult": "sweeping",
    "sweep_method": "sweeping",
    "Dirichlet": "sweeping",
    "Uniform": "sweeping",
    "Grid": "sweeping",
    "solve": "solver",
    "SolveResult": "solver",
    "Constraints": "_constraints",
    # facts
    "Fact": "facts",
    "FACTS": "facts",
    "check_facts": "facts",
    # errors and reports
    "TechnopoleError": "errors",
    "did_you_mean": "errors",
    "InputError": "errors",
    "LayerError": "errors",
    "TableError": "errors",
    "ScenarioError": "errors",
    "Issue": "report",
    "ValidationReport": "report",
    "OutputError": "errors",
    "CheckRecord": "report",
    # map style files (the maps apply them)
    "StyleDocument": "styles",
    "check_style": "styles",
    "read_style": "styles",
}

__all__ = [
    "StyleDocument",
    "check_style",
    "read_style",
    "AllocationTable",
    "CheckRecord",
    "Comparison",
    "Constraints",
    "Dirichlet",
    "Envelope",
    "EnvelopeOptions",
    "FACTS",
    "Fact",
    "Grid",
    "InputError",
    "Issue",
    "LayerError",
    "OZP_LAYERS",
    "Limits",
    "OutputError",
    "Plan",
    "Rules",
    "Scenario",
    "ScenarioError",
    "SolveResult",
    "SweepResult",
    "TableError",
    "TechnopoleError",
    "Uniform",
    "ValidationReport",
    "ZoneRule",
    "ZoneRules",
    "area_m2",
    "build_envelope",
    "capacity_m2",
    "check_facts",
    "compare",
    "comparison",
    "convert_plan",
    "default_envelope",
    "did_you_mean",
    "floor_area_m2",
    "layer_info",
    "list_layers",
    "list_scenarios",
    "load_layer",
    "load_plan",
    "load_scenario",
    "scenario_files",
    "load_table",
    "load_zone_rules",
    "manifest",
    "open_plan",
    "plan_info",
    "plan_names",
    "rasterize_layer",
    "read_allocation_table",
    "read_geotiff",
    "read_layer",
    "read_plan",
    "read_zone_rules",
    "select_site",
    "solve",
    "storeys_under",
    "sweep",
    "sweep_method",
    "to_hk1980",
    "validate",
    "write_geotiff",
    "write_layer",
    "SUPPORTED_SUFFIXES",
    "check_outputs",
    "output_format",  # output planning: checked before anything is written
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
