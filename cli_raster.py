"""technopole's raster commands: ``raster rasterize``, ``raster envelope`` and ``raster zonal``,
and the raster options of ``validate`` (``--constraint``) and ``map`` (``--raster``). With
``cli.py`` and ``cli_options.py``, the CLI room: it imports only the public ``gis`` and ``maps``
APIs; ``cli.py`` adds :data:`raster` to the root group and the options to its commands."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import click

import cli_options as o
import gis
import gis.rasters
import maps
from cli_options import command, opt

__all__ = ["constraint_option", "layers_rasterize", "map_raster_options", "raster"]

#: A schematic flood-depth surface over the Loop (tests/data/rasters/README.md).
FLOOD = "tests/data/rasters/flood_depth_schematic.tif"

o.EXAMPLES.update(
    {
        "raster rasterize": (
            "raster rasterize loop.height_bands --field height_mpd --out heights.tif --force",
            "raster rasterize loop.zones --field zone_id --res 2 --out zones.tif --force",
            "raster rasterize loop.zones --with-validation --field utilisation -o use.tif --force",
        ),
        "raster envelope": (
            "raster envelope --out envelope.tif --force",
            "raster envelope --floor-to-floor 4.5 --res 2 --out envelope_4_5m.tif --force",
            "raster envelope --scenario low-rise-waterfront --out low_rise.tif --force",
        ),
        "raster zonal": (
            f"raster zonal {FLOOD} loop.zones --threshold 0.5",
            f"raster zonal {FLOOD} loop.zones --format csv --out flood.csv --force",
            f"raster zonal {FLOOD} loop.zones --zones-out zones_flood.gpkg --force",
        ),
    }
)
o.EXAMPLES["validate"] += (f"validate --constraint {FLOOD}:max=0.5",)
o.SUFFIXES[("rasterize", "to")] = (".tif", ".tiff")
o.SUFFIXES[("envelope", "to")] = (".tif", ".tiff")

#: ``validate --constraint``: a raster building GFA must stay under.
constraint_option = opt(
    "--constraint",
    "constraints",
    multiple=True,
    metavar="FILE:max=V",
    help="A raster building GFA must stay under, e.g. flood.tif:max=0.5 (share=5 allows 5% of "
    "a zone above); repeatable.",
)
#: ``map --raster``: rasters drawn over the page.
map_raster_options = o.options(
    opt("--raster", "rasters", multiple=True, type=o.FILE, help="Draw this raster; repeatable."),
    opt("--raster-crs", help="CRS to assume for a raster that declares none."),
)
_res_option = opt("--res", "resolution", default=5.0, help="Cell size in metres (EPSG:2326).")


@click.group()
def raster() -> None:
    """Raster surfaces as Cloud-Optimised GeoTIFFs (EPSG:2326) and zonal statistics of any
    raster (terrain, flood depth, noise) over zones or parcels."""


def _wrote(res: Any) -> None:
    g = res.grid
    click.echo(
        f"wrote {res.path} ({g.width} x {g.height} cells of {g.resolution_m:g} m, EPSG:2326, "
        f"Cloud-Optimised GeoTIFF, bands {', '.join(res.bands)}; "
        f"{res.area_with_data_ha:,.2f} ha with data)"
    )


@command(raster, "rasterize", formats=None, out=False)
@click.argument("layer")
@opt("--field", required=True, help="Attribute to burn: numeric, or text (coded, colour table).")
@_res_option
@o.to_option("Output GeoTIFF (.tif).")
@opt("--all-touched", is_flag=True, help="Burn every cell a polygon touches.")
@opt(
    "--with-validation",
    is_flag=True,
    help="Join validate's figures per zone_id first (gfa_m2, utilisation, implied_plot_ratio, "
    "capacity_m2, storeys_max, height_mpd_max).",
)
@opt("--table", help="With --with-validation: the allocation table (default: Table 3.1).")
@o.crs_option
@o.force_option
def raster_rasterize(layer: str, field: str, resolution: float, to: Path, **how: Any) -> None:
    """Burn an attribute of LAYER (embedded name or file) into a Cloud-Optimised GeoTIFF, block
    by block: a number keeps the highest value where polygons overlap; text becomes codes 1..n
    with a colour table and the code -> label table in the metadata. --with-validation adds the
    GFA, capacity use and GFA density (implied plot ratio) of each zone validate finds."""
    gdf = gis.load_layer(layer, crs=how["crs"])
    if how["with_validation"]:
        gdf = gis.rasters.with_zone_figures(gdf, gis.validate(how["table"]).zones)
    with maps.progress("rasterising") as tick:
        res = gis.rasters.rasterize_attribute(
            gdf,
            field,
            to,
            resolution,
            all_touched=how["all_touched"],
            force=how["force"],
            progress=tick,
        )
    _wrote(res)


#: ``layers rasterize``, the older name: the same command with its own ``--help`` examples.
layers_rasterize = copy.copy(raster_rasterize)
layers_rasterize.epilog = "\b\nExamples:\n" + "\n".join(
    f"  technopole {e}" for e in o.EXAMPLES["layers rasterize"]
)


@command(raster, "envelope", formats=None, out=False)
@opt("--zones", default="loop.zones", help="Zones (embedded layer or file with zone_id).")
@opt("--bands", default="loop.height_bands", help="Height bands (height_mpd and/or storeys).")
@opt("--floor-to-floor", "floor_to_floor_m", type=float, help="Storey height, m (as validate).")
@opt("--scenario", help="Apply a scenario's height caps and floor-to-floor height (name or file).")
@_res_option
@o.to_option("Output GeoTIFF (.tif): band 1 maximum storeys, band 2 maximum height (mPD).")
@o.crs_option
@o.force_option
def raster_envelope(zones: str, bands: str, resolution: float, to: Path, **how: Any) -> None:
    """Write the height envelope as two bands of one Cloud-Optimised GeoTIFF: the maximum storeys
    and the maximum height (mPD) of every cell of the zones, with the storeys rule of validate
    (the bands' storeys, or the storeys under each limit at --floor-to-floor); --scenario caps
    the zones it names, as validate does for that scenario."""
    z, b = gis.load_layer(zones, crs=how["crs"]), gis.load_layer(bands, crs=how["crs"])
    opts = gis.EnvelopeOptions(floor_to_floor_m=how["floor_to_floor_m"])
    if how["scenario"]:
        rules = gis.load_scenario(how["scenario"]).to_rules()
        opts = gis.EnvelopeOptions(
            floor_to_floor_m=how["floor_to_floor_m"] or rules.floor_to_floor_m,
            zone_height_mpd=rules.zone_height_mpd,
            zone_storeys=rules.zone_storeys,
        )
    with maps.progress("rasterising the envelope") as tick:
        res = gis.rasters.envelope_surface(
            z, b, to, resolution, options=opts, force=how["force"], progress=tick
        )
    _wrote(res)


@command(raster, "zonal", formats=("table", "csv", "json", "markdown"))
@click.argument("raster_file", metavar="RASTER")
@click.argument("zones")
@opt("--threshold", type=float, help="Also the share of each zone above this value.")
@opt("--band", default=1, type=click.IntRange(min=1), help="The raster band.")
@opt("--id-field", help="The column naming the zones (default: zone_id, else the row).")
@opt("--raster-crs", help="CRS to assume for a raster that declares none.")
@opt("--reproject", is_flag=True, help="Allow a raster in another CRS than EPSG:2326.")
@opt("--zones-out", type=o.FILE, help="Also write ZONES with the statistics as columns.")
@o.crs_option
def raster_zonal(raster_file: str, zones: str, fmt: str, **kw: Any) -> None:
    """Count, min, mean, max, sum (and the share above --threshold) of RASTER over each zone or
    parcel of ZONES, cells weighted by the fraction each polygon covers (exactextract); nodata
    cells left out; the zones are reprojected to the raster's CRS."""
    gdf = gis.load_layer(zones, crs=kw["crs"])
    if kw["zones_out"] is not None:
        gis.check_outputs([kw["zones_out"]], inputs=[raster_file, zones], force=kw["force"])
    stats = gis.rasters.zonal_stats(
        raster_file,
        gdf,
        threshold=kw["threshold"],
        band=kw["band"],
        id_field=kw["id_field"],
        raster_crs=kw["raster_crs"],
        reproject=kw["reproject"],
    )
    if kw["zones_out"] is not None:
        joined = gdf.reset_index(drop=True).join(stats.reset_index(drop=True).add_prefix("raster_"))
        gis.write_layer(joined, kw["zones_out"], force=kw["force"])
        click.echo(f"wrote {kw['zones_out']} ({len(joined)} features)", err=True)
    title = f"{Path(raster_file).name} over {zones} (cells weighted by the fraction covered)"
    maps.show_frame(stats.reset_index(), fmt, kw["out"], title=title, force=kw["force"])
