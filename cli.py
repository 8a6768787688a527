"""technopole: the command line.

Parses arguments, calls :mod:`gis` and :mod:`maps`, prints. Heavy imports stay inside the
command that needs them, so ``technopole validate`` never loads folium, rasterio or matplotlib.

Exit codes: 0 ok, 1 a check failed, 2 bad input or usage. Errors are one line on stderr;
``technopole --debug ...`` (or ``TECHNOPOLE_DEBUG=1``) shows the traceback instead.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("table", "json", "csv", "markdown")


class _State:
    debug: bool = bool(os.environ.get("TECHNOPOLE_DEBUG"))


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"technopole: error: {message}", err=True)
    sys.exit(code)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's exceptions into one line and an exit code (traceback with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gis.errors import InputError, OutputError

        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except (InputError, OutputError) as exc:
            if _State.debug:
                raise
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except Exception as exc:  # an internal error: still one line, traceback on request
            if _State.debug:
                raise
            first = str(exc).splitlines()[0] if str(exc) else ""
            _fail(f"internal error: {type(exc).__name__}: {first} (run with --debug for the "
                  "traceback, and please report it)")

    return wrapper


def format_option(default: str = "table", choices: tuple[str, ...] = FORMATS):
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format: a table for people, or json/csv/markdown for machines.",
    )


def out_option(func):
    func = click.option("--force", is_flag=True, help="Replace OUT if it exists.")(func)
    return click.option(
        "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
        help="Write the output to this file (atomically) instead of the terminal.",
    )(func)


def emit(text: str, out: Path | None, force: bool = True) -> None:
    """Print ``text`` or write it atomically to ``out``."""
    if out is None:
        click.echo(text)
        return
    from gis._fs import atomic_write

    atomic_write(out, text if text.endswith("\n") else text + "\n", force=force)
    click.echo(f"wrote {out}", err=True)


def emit_frame(df, fmt: str, out: Path | None = None, *, title: str | None = None,
               force: bool = True) -> None:
    """Print a DataFrame as a rich table, or write it as json/csv/markdown."""
    from gis import formats

    if fmt == "table" and out is None:
        from rich.console import Console

        # on a terminal rich fits the table to it; in a pipe or a log, keep cells whole
        console = Console() if sys.stdout.isatty() else Console(width=220)
        console.print(formats.rich_table(df, title=title))
        return
    emit(formats.render(df, "markdown" if fmt == "table" else fmt, title=title), out, force)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_name="technopole", prog_name="technopole")
def main(debug: bool) -> None:
    """technopole: land-use and site planning for the Lok Ma Chau Loop park (HSITP) and San
    Tin Technopole.

    The embedded default project is schematic: its geometry is placed where the places are and
    sized to the stated figures, but it is not an official boundary. See `technopole layers list`.
    """
    _State.debug = _State.debug or debug


# ----------------------------------------------------------------------------- layers
@main.group()
def layers() -> None:
    """List, inspect and export layers (embedded or your own files)."""


@layers.command("list")
@format_option()
@out_option
@handle_errors
def layers_list(fmt: str, out: Path | None, force: bool) -> None:
    """List every embedded layer with features, CRS, accuracy and measured vs stated area."""
    import gis

    df = gis.list_layers(measure=True)
    cols = ["features", "geometry", "crs", "accuracy", "area_ha", "stated_area_ha", "area_ok",
            "title_en", "title_zh", "source"]
    if fmt == "table":
        cols = ["features", "crs", "accuracy", "area_ha", "stated_area_ha", "area_ok", "title_en"]
    emit_frame(df[cols], fmt, out, title="Embedded layers (areas in EPSG:2326)", force=force)


@layers.command("show")
@click.argument("layer")
@click.option("--layer-name", "layer_name", help="Layer inside a multi-layer file (GeoPackage).")
@click.option("--crs", help="CRS to assume for a file that declares none, e.g. EPSG:2326.")
@format_option()
@handle_errors
def layers_show(layer: str, layer_name: str | None, crs: str | None, fmt: str) -> None:
    """Describe LAYER (an embedded name or a file): CRS, features, areas, attributes."""
    import gis
    from gis import formats
    from gis.io import area_m2, describe_layer

    gdf = gis.load_layer(layer, layer_name, crs=crs)
    desc = describe_layer(gdf)
    desc.update({k: gdf.attrs[k] for k in ("accuracy", "source_ref") if gdf.attrs.get(k)})
    feats = gdf.drop(columns="geometry").copy()
    feats["area_ha"] = (area_m2(gdf) / 10_000.0).round(3)
    if fmt == "json":
        desc["features_table"] = feats.to_dict(orient="records")
        click.echo(formats.to_json(desc))
        return
    if fmt in ("csv", "markdown"):
        click.echo(formats.render(feats, fmt))
        return
    for k, v in desc.items():
        click.echo(f"{k}: {v}")
    keep = [c for c in ("id", "zone_id", "name_en", "name_zh", "land_use", "height_mpd",
                        "storeys", "status", "area_ha", "accuracy") if c in feats]
    emit_frame(feats[keep] if keep else feats, "table")


@layers.command("export")
@click.argument("layer")
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; the format comes from its extension (.geojson .gpkg .shp .fgb "
                   ".parquet).")
@click.option("--crs", "out_crs", help="Reproject to this CRS (GeoJSON is always EPSG:4326).")
@click.option("--layer-name", "layer_name", help="Layer inside a multi-layer input file.")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
@handle_errors
def layers_export(layer: str, to: Path, out_crs: str | None, layer_name: str | None,
                  force: bool) -> None:
    """Export LAYER (an embedded name or a file) to another format or CRS."""
    import gis
    from gis.io import write_layer

    gdf = gis.load_layer(layer, layer_name)
    path = write_layer(gdf, to, crs=out_crs, force=force)
    click.echo(f"wrote {path} ({len(gdf)} features)")


# ----------------------------------------------------------------------------- facts
@main.command()
@format_option()
@out_option
@handle_errors
def facts(fmt: str, out: Path | None, force: bool) -> None:
    """Check every stated figure (87 ha, 1,000,000 m², 14-208 mPD, ...) on the embedded data.

    Exit code 1 when any fact does not hold within its tolerance.
    """
    import gis

    df = gis.check_facts()
    cols = ["description", "stated", "unit", "comparison", "tolerance", "measured", "passed",
            "source"]
    emit_frame(df[cols], fmt, out, title="Facts: stated vs measured", force=force)
    failed = int((~df.passed).sum())
    click.echo(f"{len(df) - failed} passed, {failed} failed", err=fmt != "table")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


# ----------------------------------------------------------------------------- demo
@main.command()
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the maps and reports.")
@handle_errors
def demo(out_dir: Path) -> None:
    """The main job on the embedded default project: layers, facts, validation, maps."""
    import gis

    out_dir.mkdir(parents=True, exist_ok=True)
    click.echo("== Layers of the embedded default project (schematic geometry)")
    df = gis.list_layers(measure=True)
    emit_frame(df[["features", "accuracy", "area_ha", "stated_area_ha", "area_ok"]], "table")
    click.echo("== Facts: stated figures measured on the layers")
    facts_df = gis.check_facts()
    failed = facts_df[~facts_df.passed]
    click.echo(f"{len(facts_df) - len(failed)} passed, {len(failed)} failed")
    if len(failed):
        emit_frame(failed[["description", "stated", "measured", "unit"]], "table")
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
