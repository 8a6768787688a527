"""technopole's 3D command: ``massing`` (an offline massing view of one or two scenarios). With
``cli.py`` and ``cli_options.py``, the CLI room: it imports only the public ``gis`` and ``maps``
APIs; ``cli.py`` adds the commands of :data:`TOP` to the root group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import cli_options as o
import maps
from cli_options import command, opt

__all__ = ["TOP"]

o.EXAMPLES.update(
    {
        "massing": (
            "massing --out massing.html --force",
            "massing baseline-540k table-3-1 --out compare_3d.html --force",
            "massing table-3-1 --colour-by use --view envelope --out envelope_3d.html --force",
        ),
    }
)
o.SUFFIXES[("massing", "out")] = (".html", ".htm")

TOP = o.Technopole(name="technopole")
"""A holder for this module's top-level commands (``massing``), added to the root group."""


@command(TOP, "massing", formats=None, out=False)
@click.argument("scenarios", nargs=-1, metavar="[SCENARIO [SCENARIO]]")
@o.out_option(required=True, help="The HTML page to write (self-contained, opens offline).")
@opt("--title", help="Page title [default: the scenarios' names].")
@opt(
    "--colour-by",
    type=click.Choice(["capacity", "use"]),
    default="capacity",
    show_default=True,
    help="Colour the allocation by capacity use of each zone or by its main use.",
)
@opt(
    "--view",
    type=click.Choice(["allocation", "envelope"]),
    default="allocation",
    show_default=True,
    help="What the page opens on (a button switches).",
)
@opt("--terrain", type=o.FILE, help="A terrain model (GeoTIFF, metres) shaded under the layers.")
@opt("--terrain-crs", help="CRS to assume for a terrain that declares none, e.g. EPSG:2326.")
@opt(
    "--reproject-terrain",
    is_flag=True,
    help="Accept a terrain in a CRS other than EPSG:2326 and reproject it.",
)
def massing(scenarios: tuple[str, ...], out: Path, force: bool, **kw: Any) -> None:
    """Draw the envelope and the allocation of SCENARIO (default table-3-1) in 3D: one HTML file
    that opens from file:// with no network (MapLibre GL JS inlined; WebGL needed). Two
    scenarios are drawn side by side with one camera. Storeys are those validate counts; the
    ground level is an assumption, stated in the page."""
    with maps.progress("drawing the massing view") as tick:
        path = maps.write_massing(
            out, scenarios or ("table-3-1",), force=force, progress=tick, **kw
        )
    click.echo(f"wrote {path}")
