"""technopole's statutory-plan commands: ``ozp info``, ``ozp convert`` and ``zoning-check``
(a designer's layer against the zones of the plans). With ``cli.py`` and ``cli_options.py``, the
CLI room: it imports only the public ``gis`` and ``maps`` APIs; ``cli.py`` adds :data:`ozp`
and the commands of :data:`TOP` to the root group."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import cli_options as o
import gis
import maps
from cli_options import command, opt
from gis.formats import plural

__all__ = ["TOP", "ozp"]

o.EXAMPLES.update(
    {
        "ozp info": ("ozp info S/LMCL/2", "ozp info tests/data/ozp --format markdown"),
        "ozp convert": (
            "ozp convert S/LMCL/2 -o lmcl_zones.geojson --force",
            "ozp convert tests/data/ozp -o territory.gpkg --force",
        ),
        "zoning-check": (
            "zoning-check tests/data/zoning/bio_med_on_mrdj.geojson",
            "zoning-check santin.parcels --plan S/YL-ST/8 --lang both",
            "zoning-check tests/data/zoning/bio_med_on_mrdj.geojson --format csv -o check.csv "
            "--force",
        ),
    }
)

TOP = o.Technopole(name="technopole")
"""A holder for this module's top-level commands (``zoning-check``), added to the root group."""


@click.group()
def ozp() -> None:
    """Statutory plans (OZP): a plan folder, zip or file (Esri JSON, GeoJSON, Shapefile, GML), or
    a shipped plan number (S/LMCL/2, ...). For reference only: the gazetted plans prevail."""


@command(ozp, "info")
@click.argument("plan")
@o.crs_option
@o.strict_plan_option
def ozp_info(plan: str, crs: str | None, strict: bool, fmt: str, **kw: Any) -> None:
    """Plan, dates, zones by family (ha, EPSG:2326), height controls, unknown labels, repaired
    features (--strict refuses them), what superseded the plan; for a folder or zip of plans,
    one row per plan and which plan supersedes which."""
    info = gis.ozp.describe(plan, crs=crs, strict=strict)
    maps.show_plan_info(info, fmt, kw["out"], force=kw["force"])


@command(ozp, "convert", formats=None, out=False)
@click.argument("plan")
@o.to_option("Output file; the format comes from its extension.")
@opt("--layer", type=click.Choice(gis.OZP_LAYERS, case_sensitive=False), default="ZONE")
@o.crs_option
@o.strict_plan_option
@o.force_option
def ozp_convert(plan: str, to: Path, layer: str, crs: str | None, **how: Any) -> None:
    """Write one layer of PLAN as a toolkit layer with its provenance columns, or every zone of a
    folder or zip of plans as one territory layer; repairs are listed (--strict refuses)."""
    path, count, notes = gis.ozp.convert(plan, to, layer=layer, crs=crs, **how)
    click.echo(f"wrote {path} ({plural(count, 'feature')}, layer {layer.upper()})")
    click.echo("\n".join(notes), err=True) if notes else None


@command(TOP, "zoning-check", lang=True)
@click.argument("layer")
@opt(
    "--plan",
    default="S/LMCL/2",
    help="Plan number, tpb:PLAN, a plan folder, zip or file, or a folder or zip of plans.",
)
@opt("--min-area", "min_area_m2", default=1.0, help="Leave out pieces under this many m².")
@o.crs_option
@o.repair_option
def zoning_check(layer: str, plan: str, fmt: str, lang: str | None, **kw: Any) -> None:
    """The official zones under each polygon of LAYER (an embedded name or a file), with areas
    (m², EPSG:2326) and shares; flags a building use (or no use given: check) on MRDJ, O, CA, GB,
    CPA or SSSI land, a polygon crossing a plan boundary and land outside every plan. The use is
    read from a use, land_use or zone column. Exit code 1 when a polygon is flagged, else 0."""
    gdf = gis.load_layer(layer, crs=kw["crs"], repair=kw["repair"])
    result = gis.zoning_check(gdf, plan, min_area_m2=kw["min_area_m2"], crs=kw["crs"])
    maps.show_zoning_check(result, fmt, kw["out"], force=kw["force"], lang=lang)
    if fmt != "table" or kw["out"] is not None:
        click.echo(result.summary(lang or "en"), err=True)
    sys.exit(o.EXIT_FAILED if result.flagged else o.EXIT_OK)
