"""technopole's library: the embedded Loop / San Tin project, readers, checks and models.

``gis`` analyses and returns data (frames, dataclasses, reports); rendering (maps, charts, HTML)
is :mod:`maps`' job, and ``gis`` never imports it. One folder per job, each with its public
API in its ``__init__``:

- :mod:`gis.io` files in and out (layers, rasters, YAML, style files)
- :mod:`gis.catalog` the embedded project: layers, tables, facts, defaults, site selection
- :mod:`gis.ozp` the Town Planning Board's statutory plans
- :mod:`gis.tables` GFA allocation tables
- :mod:`gis.planning` zone rules, height envelope, capacity
- :mod:`gis.validation` the checks and :func:`validate`
- :mod:`gis.people` residents, workers and HKPSG provision
- :mod:`gis.scenarios` scenario files and comparisons
- :mod:`gis.allocation` sweeps and the solver
- :mod:`gis.rasters` raster surfaces (Cloud-Optimised GeoTIFFs) and zonal statistics

beside the shared leaves :mod:`gis.errors`, :mod:`gis.config`, :mod:`gis.fs`,
:mod:`gis.formats`, :mod:`gis.report` and :mod:`gis.display`. The names below are
re-exported from those folders. They load on first use so that ``import gis`` stays fast and
never loads folium, rasterio or matplotlib; the ``TYPE_CHECKING`` imports mirror the table for
type checkers and IDEs (``tests/project/test_architecture.py`` checks that the two agree).
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
    from .allocation import (
        Constraints,
        Dirichlet,
        Grid,
        SolveResult,
        SweepResult,
        Uniform,
        solve,
        sweep,
        sweep_method,
    )
    from .catalog import (
        FACTS,
        Fact,
        check_facts,
        default_envelope,
        layer_info,
        list_layers,
        load_layer,
        load_table,
        load_zone_rules,
        manifest,
        select_site,
    )
    from .config import Limits
    from .errors import (
        InputError,
        LayerError,
        OutputError,
        ScenarioError,
        TableError,
        TechnopoleError,
        did_you_mean,
    )
    from .formats import output_format
    from .fs import check_outputs
    from .io import (
        SUPPORTED_SUFFIXES,
        StyleDocument,
        area_m2,
        check_style,
        rasterize_layer,
        read_geotiff,
        read_layer,
        read_style,
        to_hk1980,
        write_geotiff,
        write_layer,
    )
    from .ozp import (
        OZP_LAYERS,
        Plan,
        ZoningCheck,
        convert_plan,
        load_plan,
        open_plan,
        plan_info,
        plan_names,
        read_plan,
        zoning_check,
    )
    from .people import People, Provision, check_provision, load_provision, people_of
    from .planning import (
        Envelope,
        EnvelopeOptions,
        ZoneRule,
        ZoneRules,
        build_envelope,
        capacity_m2,
        floor_area_m2,
        read_zone_rules,
        storeys_under,
    )
    from .report import CheckRecord, Issue, ValidationReport
    from .scenarios import (
        Comparison,
        Scenario,
        compare,
        comparison,
        list_scenarios,
        load_scenario,
        scenario_files,
    )
    from .tables import AllocationTable, read_allocation_table
    from .validation import Rules, validate

_EXPORTS: dict[str, str] = {
    # gis.io
    "area_m2": "io",
    "check_style": "io",
    "rasterize_layer": "io",
    "read_geotiff": "io",
    "read_layer": "io",
    "read_style": "io",
    "StyleDocument": "io",
    "SUPPORTED_SUFFIXES": "io",
    "to_hk1980": "io",
    "write_geotiff": "io",
    "write_layer": "io",
    # gis.catalog
    "check_facts": "catalog",
    "default_envelope": "catalog",
    "Fact": "catalog",
    "FACTS": "catalog",
    "layer_info": "catalog",
    "list_layers": "catalog",
    "load_layer": "catalog",
    "load_table": "catalog",
    "load_zone_rules": "catalog",
    "manifest": "catalog",
    "select_site": "catalog",
    # gis.ozp
    "convert_plan": "ozp",
    "load_plan": "ozp",
    "open_plan": "ozp",
    "OZP_LAYERS": "ozp",
    "Plan": "ozp",
    "plan_info": "ozp",
    "plan_names": "ozp",
    "read_plan": "ozp",
    "ZoningCheck": "ozp",
    "zoning_check": "ozp",
    # gis.tables
    "AllocationTable": "tables",
    "read_allocation_table": "tables",
    # gis.planning
    "build_envelope": "planning",
    "capacity_m2": "planning",
    "Envelope": "planning",
    "EnvelopeOptions": "planning",
    "floor_area_m2": "planning",
    "read_zone_rules": "planning",
    "storeys_under": "planning",
    "ZoneRule": "planning",
    "ZoneRules": "planning",
    # gis.validation
    "Rules": "validation",
    "validate": "validation",
    # gis.people
    "People": "people",
    "Provision": "people",
    "check_provision": "people",
    "load_provision": "people",
    "people_of": "people",
    # gis.scenarios
    "compare": "scenarios",
    "Comparison": "scenarios",
    "comparison": "scenarios",
    "list_scenarios": "scenarios",
    "load_scenario": "scenarios",
    "Scenario": "scenarios",
    "scenario_files": "scenarios",
    # gis.allocation
    "Constraints": "allocation",
    "Dirichlet": "allocation",
    "Grid": "allocation",
    "solve": "allocation",
    "SolveResult": "allocation",
    "sweep": "allocation",
    "sweep_method": "allocation",
    "SweepResult": "allocation",
    "Uniform": "allocation",
    # gis.errors
    "did_you_mean": "errors",
    "InputError": "errors",
    "LayerError": "errors",
    "OutputError": "errors",
    "ScenarioError": "errors",
    "TableError": "errors",
    "TechnopoleError": "errors",
    # gis.config
    "Limits": "config",
    # gis.fs
    "check_outputs": "fs",
    # gis.formats
    "output_format": "formats",
    # gis.report
    "CheckRecord": "report",
    "Issue": "report",
    "ValidationReport": "report",
}

__all__ = [
    "AllocationTable",
    "area_m2",
    "build_envelope",
    "capacity_m2",
    "check_facts",
    "check_outputs",
    "check_style",
    "CheckRecord",
    "compare",
    "Comparison",
    "comparison",
    "Constraints",
    "convert_plan",
    "default_envelope",
    "did_you_mean",
    "Dirichlet",
    "Envelope",
    "EnvelopeOptions",
    "Fact",
    "FACTS",
    "floor_area_m2",
    "Grid",
    "InputError",
    "Issue",
    "layer_info",
    "LayerError",
    "Limits",
    "list_layers",
    "list_scenarios",
    "load_layer",
    "load_plan",
    "load_scenario",
    "load_table",
    "load_zone_rules",
    "manifest",
    "open_plan",
    "output_format",
    "OutputError",
    "OZP_LAYERS",
    "Plan",
    "plan_info",
    "plan_names",
    "rasterize_layer",
    "read_allocation_table",
    "read_geotiff",
    "read_layer",
    "read_plan",
    "read_style",
    "read_zone_rules",
    "Rules",
    "Scenario",
    "scenario_files",
    "ScenarioError",
    "select_site",
    "solve",
    "SolveResult",
    "storeys_under",
    "StyleDocument",
    "SUPPORTED_SUFFIXES",
    "sweep",
    "sweep_method",
    "SweepResult",
    "TableError",
    "TechnopoleError",
    "to_hk1980",
    "Uniform",
    "validate",
    "People",
    "Provision",
    "check_provision",
    "load_provision",
    "people_of",
    "ValidationReport",
    "write_geotiff",
    "write_layer",
    "ZoneRule",
    "ZoneRules",
    "ZoningCheck",
    "zoning_check",
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
