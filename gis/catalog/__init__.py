"""The embedded project: its layers and tables (``layers/manifest.yaml``), its stated facts,
a project folder, and choosing a site from a layer.
"""

from __future__ import annotations

from gis.catalog.bibliography import Document, cited_documents
from gis.catalog.embedded import as_zone_rules, default_envelope, load_zone_rules
from gis.catalog.facts import Fact, check_facts
from gis.catalog.layers import (
    is_embedded,
    layer_info,
    layer_names,
    list_layers,
    load_layer,
    load_table,
    manifest,
)
from gis.catalog.project import EMBEDDED, Project, load_project
from gis.catalog.site_select import select_site

FACTS: list[Fact]  # read from layers/facts.yaml on first use (gis.catalog.facts)


def __getattr__(name: str) -> list[Fact]:
    if name == "FACTS":
        from gis.catalog import facts

        return facts.FACTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Document",
    "EMBEDDED",
    "FACTS",
    "Fact",
    "Project",
    "as_zone_rules",
    "check_facts",
    "cited_documents",
    "default_envelope",
    "is_embedded",
    "layer_info",
    "layer_names",
    "list_layers",
    "load_layer",
    "load_project",
    "load_table",
    "load_zone_rules",
    "manifest",
    "select_site",
]
