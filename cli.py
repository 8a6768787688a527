"""technopole: the command line. It parses options, calls one public function of :mod:`gis` or
:mod:`maps` per command, and prints or writes (``technopole validate`` loads no folium, rasterio
or matplotlib). Exit codes in :func:`gis.errors.one_line`; ``--debug`` shows tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import cli_allocation
import cli_massing
import cli_options as o
import cli_ozp
import cli_paper
import cli_pipe
import cli_raster
import cli_rules
import gis
import maps
from cli_options import command, opt
from cli_people import people_options
from gis.config import debug_requested
from gis.errors import VERDICT_EXIT
from gis.formats import plural
from gis.fs import unwind_on_sigterm

__all__ = ["main"]


@click.group(
    cls=o.Technopole,
    context_settings={
        "help_option_names": ["-h", "--help"],
        "max_content_width": 100,
        "show_default": True,
    },
)
@opt("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_name="technopole", prog_name="technopole")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """technopole: land-use and site planning for the Lok Ma Chau Loop park (HSITP) and San
    Tin Technopole, on official and schematic layers (see `technopole layers list`). Exit codes:
    0 PASS, 1 FAIL, 2 bad input, 3 internal error, 4 INCOMPLETE (nothing could be judged)."""
    ctx.meta[o.DEBUG_KEY] = debug or debug_requested()
    ctx.with_resource(cli_pipe.quiet_pipe())
    unwind_on_sigterm()


@main.group()
def layers() -> None:
    """List, inspect and export layers (embedded or your own files)."""


@command(layers, "list", lang=True)
def layers_list(fmt: str, out: Path | None, force: bool, lang: str | None) -> None:
    """List every embedded layer with features, CRS, accuracy and measured vs stated area."""
    cols = ["features", "crs", "accuracy", "area_ha", "stated_area_ha", "area_ok", "title_en"]
    cols += ["status"]  # a superseded plan's layer says so
    cols = cols if fmt == "table" else [*cols[:1], "geometry", *cols[1:], "title_zh", "source"]
    maps.show_frame(
        gis.list_layers(measure=True)[cols],
        fmt,
        out,
        force=force,
        title="Embedded layers (areas in EPSG:2326)",
        lang=lang,
    )


@command(layers, "show", lang=True)
@click.argument("layer")
@opt("--layer-name", "layer_name", help="Layer inside a multi-layer file (GeoPackage).")
@o.crs_option
def layers_show(layer: str, layer_name: str | None, crs: str | None, fmt: str, **kw: Any) -> None:
    """Describe LAYER (an embedded name or a file): CRS, features, areas, attributes; a large
    layer is summarised on the terminal (--format csv|json --out FILE writes every feature)."""
    gdf, lang = gis.load_layer(layer, layer_name, crs=crs), kw["lang"]
    show = (lambda: maps.print_layer(gdf, lang=lang), lambda f: maps.render_layer(gdf, f, lang))
    maps.show(fmt, kw["out"], *show, force=kw["force"])


@command(layers, "export", formats=None, out=False)
@click.argument("layer")
@o.to_option("Output: .geojson .gpkg .shp .fgb or .parquet.")
@opt("--to-crs", "out_crs", help="Reproject to this CRS (GeoJSON is always EPSG:4326).")
@opt("--layer-name", "layer_name", help="Layer inside a multi-layer input file.")
@o.crs_option
@o.repair_option
@o.force_option
def layers_export(layer: str, to: Path, out_crs: str | None, force: bool, **how: Any) -> None:
    """Export LAYER (an embedded name or a file) to another format or CRS."""
    gdf = gis.load_layer(layer, how["layer_name"], crs=how["crs"], repair=how["repair"])
    wrote = gis.write_layer(gdf, to, crs=out_crs, force=force)
    click.echo(f"wrote {wrote} ({plural(len(gdf), 'feature')})")
    if gdf.attrs.get("repairs"):
        click.echo(gis.io.repairs_note(gdf.attrs["repairs"]), err=True)


layers.add_command(cli_raster.layers_rasterize, "rasterize")  # raster rasterize, older name


@command(main, lang=True)
def facts(fmt: str, out: Path | None, force: bool, lang: str | None) -> None:
    """Check every stated figure of layers/facts.yaml (87 ha, 1,000,000 m², 14-208 mPD, ...) on
    the embedded data; exit code 1 when any fact does not hold within its tolerance."""
    df = gis.check_facts()
    maps.show_frame(df, fmt, out, title="Facts: stated vs measured", force=force, lang=lang)
    failed = int((~df.passed).sum())
    click.echo(f"{len(df) - failed} passed, {failed} failed", err=fmt != "table")
    sys.exit(o.EXIT_FAILED if failed else o.EXIT_OK)


@command(main, formats=("table", "json", "markdown", "html", "csv", "pdf", "xlsx"))
@click.argument("table", required=False)
@opt("--sheet", help="XLSX sheet name or 0-based index (default: the first).")
@opt("--encoding", help="Text encoding (default: UTF-8, UTF-8 with BOM, then Big5-HKSCS).")
@opt("--gfa-column", metavar="NAME", help="The GFA column's header, if not guessed.")
@opt("--share-column", metavar="NAME", help="The share column's header, if not guessed.")
@opt("--use-column", metavar="NAME", help="The use column's header, if not guessed.")
@o.site_options
@cli_rules.rule_options
@o.engine_options
@cli_rules.strict_option
@cli_raster.constraint_option
@people_options
@o.lang_option
@cli_paper.paper_options
def validate(table: str | None, lang: str, **kw: Any) -> None:
    """Check a GFA allocation TABLE against a site, its zones and height envelope.

    TABLE is a CSV, TSV, XLSX, Markdown or text file (Chinese or English headers), or - to
    read pasted text from standard input. Without TABLE: Table 3.1 of the Loop park outline on
    Loop Phase 1, its zones and height bands; --out report.pdf or .xlsx writes a PDF or workbook.
    Exit code 0 PASS (a question answered, no error), 1 FAIL, 2 unreadable input, 4 INCOMPLETE
    (nothing could be judged)."""
    header = cli_paper.header(kw)  # the title block; a bad --date or --header stops here
    src = sys.stdin.buffer.read() if table == "-" else Path(table) if table else None
    read = {k: kw.pop(k) for k in ("sheet", "encoding", "gfa_column", "share_column", "use_column")}
    tbl = src if src is None else gis.read_allocation_table(src, **read)
    rules = gis.Rules(**{name: kw.pop(name) for name in cli_rules.RULE_NAMES})
    fmt, out, force = kw.pop("fmt"), kw.pop("out"), kw.pop("force")
    report = gis.validate(tbl, rules=rules, **kw)  # and the o.site_options
    maps.show_report(report, fmt, out, force=force, lang=lang or "en", header=header)
    sys.exit(VERDICT_EXIT[report.verdict])


@command(main, "map", formats=None, out=False)
@opt("--site", type=click.Choice(["loop", "santin"]), default="loop", help="Site (or --layer).")
@opt("--layer", "layers", multiple=True, help="Draw this layer instead (name or file); repeatable.")
@opt("--add", "adds", multiple=True, help="Draw this layer file on top of the map; repeatable.")
@opt("--table", help="Allocation table to show per zone (default: Table 3.1 on the Loop).")
@opt("--context", multiple=True, help="Also draw a neighbouring plan (tpb:S/KTN/4); repeatable.")
@opt("--no-validation", is_flag=True, help="Do not show GFA and capacity use per zone.")
@o.lang_option
@o.web_map_options
@opt("--title", help="Map title.")
@opt("--style", type=o.FILE, help="Style file (YAML): colours, labels, legend per layer.")
@o.crs_option
@o.static_map_options
@cli_raster.map_raster_options
@o.out_option(required=True, help="The map to write: .html (interactive), .png or .pdf (static).")
@people_options
def map_cmd(out: Path, no_validation: bool, **options: Any) -> None:
    """Draw an interactive, bilingual zone map (HTML) or a static PNG/PDF map (by --out's suffix),
    and optionally more static maps."""
    page, *static = maps.write_map(out, validation=not no_validation, say=click.echo, **options)
    web = page.suffix.lower() in (".html", ".htm")
    click.echo(
        f"wrote {page} ({page.stat().st_size / 1e6:.2f} MB, "
        f"{'offline: no network needed' if options['offline'] else 'online assets'})"
        if web
        else f"wrote {page}"
    )
    click.echo("".join(f"wrote {path}\n" for path in static), nl=False)


@main.group()
def scenarios() -> None:
    """Planning scenarios: built-ins in layers/scenarios/, or your own YAML files."""


@command(scenarios, "list", lang=True)
@opt("--check", is_flag=True, help="Also evaluate each scenario (status, errors).")
def scenarios_list(check: bool, fmt: str, out: Path | None, force: bool, lang: Any) -> None:
    """List the built-in scenarios (name, description, total GFA, file, SHA-256)."""
    df = gis.list_scenarios(check=check)
    if fmt == "table":
        df = df.drop(columns=["file", "sha256"])
    title = "Built-in scenarios (layers/scenarios/)"
    maps.show_frame(df, fmt, out, title=title, force=force, lang=lang)


@command(scenarios, "check", lang=True)
@click.argument("scenario")
@cli_rules.strict_option
def scenarios_check(scenario: str, strict: bool, fmt: str, out: Path | None, **kw: Any) -> None:
    """Read SCENARIO (a built-in name or a YAML file) and validate its allocation. Exit code 0
    PASS, 1 FAIL (with --strict, also a partial result), 2 for a bad scenario file, 4
    INCOMPLETE (nothing could be judged)."""
    force, lang = kw["force"], kw["lang"]
    report = gis.load_scenario(scenario).evaluate(strict=strict)
    maps.show_report(report, fmt, out, force=force, lang=lang or "en")
    sys.exit(VERDICT_EXIT[report.verdict])


@command(main, formats=None, lang=True)
@click.argument("scenario", nargs=-1, required=True)
@opt("--against", help="Reference scenario for the deltas (default: the first).")
@o.format_option(
    ("table", "markdown", "csv", "json", "html", "xlsx", "pdf"),
    None,
    "Default: by --out's "
    "suffix, else table; html is one self-contained page with charts and diff maps.",
)
@opt("--no-charts", is_flag=True, help="HTML and PDF: leave out the PNG charts and site map.")
@opt("--no-maps", is_flag=True, help="HTML: leave out the diff maps.")
@opt("--maps-dir", type=o.DIR, help="Also write a diff map per scenario (vs the reference) here.")
@cli_rules.strict_option
@people_options
@cli_paper.paper_options
def compare(
    scenario: tuple[str, ...],
    strict: bool,
    against: str | None,
    fmt: str | None,
    out: Path | None,
    force: bool,
    no_charts: bool,
    no_maps: bool,
    maps_dir: Path | None,
    lang: str | None,
    provision: Any,
    **paper: Any,
) -> None:
    """Compare SCENARIO... (built-in names or YAML files) side by side, with deltas: GFA, plot
    ratio, capacity use, validation, indicators; every report has its inputs' SHA-256. With
    --strict, a partial result is a FAIL and any FAIL exits 1."""
    header = cli_paper.header(paper)  # the title block; a bad --date or --header stops here
    comp = gis.comparison(list(scenario), against, strict=strict, provision=provision)
    for path in maps.write_diff_maps(comp, maps_dir, force=force) if maps_dir else ():
        click.echo(f"wrote {path}", err=True)  # first: an existing map stops before any table
    maps.show(
        fmt,
        out,
        lambda: maps.print_comparison(comp, lang=lang or "en", header=header),
        lambda f: maps.render_comparison(
            comp, f, charts=not no_charts, maps=not no_maps, lang=lang or "en", header=header
        ),
        force=force,
    )
    sys.exit(o.EXIT_FAILED if strict and any(r.verdict == "FAIL" for r in comp.reports) else 0)


@command(main, formats=None, out=False)
@opt("--out-dir", type=o.DIR, default=Path("out"), help="Folder for the maps and reports.")
@o.force_option
def demo(out_dir: Path, force: bool) -> None:
    """The main job on the embedded default project: layers, facts, validation, maps."""
    maps.print_demo(result := maps.write_demo(out_dir, force=force))
    sys.exit(o.EXIT_OK if result.ok else o.EXIT_FAILED)


main.add_command(cli_ozp.ozp)
main.add_command(cli_raster.raster)
for _command in [
    *cli_allocation.TOP.commands.values(),
    *cli_ozp.TOP.commands.values(),
    *cli_massing.TOP.commands.values(),
]:
    main.add_command(_command)


if __name__ == "__main__":
    main()
