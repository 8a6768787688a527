"""Scenarios: YAML files of an allocation and its options, the built-in ones, their
indicators and the side-by-side comparison of several.

Modules:

- ``scenario``: :class:`Scenario`, a base project plus overrides
- ``schema``: the scenario file format (JSON Schema) and reading a file with its lines
- ``fields``: a checked file's values normalised, and the uses and zones it names checked
- ``evaluation``: a scenario's zone rules, envelope and validation report
- ``indicators``: jobs and talent flats (assumptions)
- ``builtins``: the built-in scenarios and :func:`load_scenario`
- ``side_by_side``: :func:`compare`, :func:`comparison` and :class:`Comparison`
"""

from __future__ import annotations

from gis.scenarios.builtins import (
    builtin_names,
    list_scenarios,
    load_scenario,
    scenario_files,
    scenarios_dir,
)
from gis.scenarios.indicators import DEFAULT_GFA_PER_JOB_M2, DEFAULT_TALENT_FLAT_M2, INDICATOR_NOTES
from gis.scenarios.scenario import Scenario
from gis.scenarios.side_by_side import (
    DELTA,
    SECTION_TITLES,
    SECTIONS,
    Comparison,
    compare,
    comparison,
)

__all__ = [
    "Comparison",
    "DEFAULT_GFA_PER_JOB_M2",
    "DEFAULT_TALENT_FLAT_M2",
    "INDICATOR_NOTES",
    "DELTA",
    "SECTIONS",
    "SECTION_TITLES",
    "Scenario",
    "builtin_names",
    "compare",
    "comparison",
    "list_scenarios",
    "load_scenario",
    "scenario_files",
    "scenarios_dir",
]
