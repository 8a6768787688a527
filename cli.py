"""technopole: the command line. It parses options, calls one public function of :mod:`gis` or
:mod:`maps` per command, and prints or writes (``technopole validate`` loads no folium, rasterio
or matplotlib). Exit codes in :func:`gis.errors.one_line`; ``--debug`` shows tracebacks."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

import gis
import maps
from gis.errors import one_line
from gis.formats import parse_use_value
from gis.fs import unwind_on_sigterm

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("table", "json", "csv", "markdown")
FILE, DIR = click.Path(dir_okay=False, path_type=Path), click.Path(file_okay=False, path_type=Path)
opt = click.option  # options show their defaults (context_settings below)
_DEBUG = "technopole.debug"
OUTS, DIRS = ("out", "to", "png", "pdf", "samples_out", "frontier_out"), ("maps_dir", "out_dir")


class UsePct(click.ParamType):
    """``USE=PCT``, e.g. ``wet_lab_mfg=40`` (and ``USE=LOW:HIGH`` in % for :class:`UseRange`)."""

    name, pair = "USE=PCT", False

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return value if isinstance(value, tuple) else parse_use_value(value, pair=self.pair)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class UseRange(UsePct):
    name, pair = "USE=LOW:HIGH", True


force_option = opt("--force", is_flag=True, help="Replace outputs that exist.")
lang_option = opt("--lang", type=click.Choice(["en", "zh", "both"]), help="Language: English, "
                  "Traditional Chinese or both [default: en for reports, both for maps].")


def format_option(choices: tuple[str, ...] = FORMATS, default: str | None = "table",
                  help: str = "Output format: a table for people, or json/csv/markdown for "
                              "machines.") -> Callable[[Any], Any]:
    return opt("--format", "fmt", type=click.Choice(choices), default=default, help=help)


def out_option(required: bool = False, help: str = "Write the output to this file "
               "(atomically) instead of the terminal.") -> Callable[[Any], Any]:
    """``--out/-o FILE`` and ``--force``, the same on every command that writes a file."""
    return lambda func: opt("--out", "-o", type=FILE, required=required, help=help)(
        force_option(func))


def checked(func: Any) -> Any:
    """Before any work: the format ``--out``'s suffix names (or a refusal), and every output
    checked (folder, ``--force``, never one of the command's inputs)."""

    @functools.wraps(func)
    def run(**kw: Any) -> Any:
        ctx = click.get_current_context()
        params = {p.name: p for p in ctx.command.params}
        if "fmt" in kw:
            given = ctx.get_parameter_source("fmt") is ParameterSource.COMMANDLINE
            kw["fmt"] = gis.output_format(kw["fmt"] if given else None, kw.get("out"),
                                          params["fmt"].type.choices)
        gis.check_outputs([kw.get(k) for k in OUTS], folders=[kw.get(k) for k in DIRS],
                          force=kw.get("force", False), inputs=[v for k, v in kw.items() if k not in
                          OUTS + DIRS and params[k].type in (click.STRING, FILE)])
        return func(**kw)

    return run


def command(group: Any, name: str | None = None, formats: tuple[str, ...] | None = FORMATS,
            out: bool = True) -> Callable[[Any], Any]:
    """A command of ``group`` with ``--format`` (unless ``formats=None``) and :func:`out_option`;
    its outputs are :func:`checked` first."""

    def decorate(func: Any) -> Any:
        func = out_option()(checked(func)) if out else checked(func)
        return group.command(name)(format_option(formats)(func) if formats else func)

    return decorate


class Technopole(click.Group):
    """The root group: the library's exceptions become one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if ctx.meta.get(_DEBUG) and isinstance(exc, Exception):
                raise
            message, code = one_line(exc)
        click.echo(f"technopole: error: {message}", err=True)
        sys.exit(code)


@click.group(cls=Technopole, context_settings={"help_option_names": ["-h", "--help"],
                                               "max_content_width": 100, "show_default": True})
@opt("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(package_name="technopole", prog_name="technopole")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """technopole: land-use and site planning for the Lok Ma Chau Loop park (HSITP) and San
    Tin Technopole, on official and schematic layers (see `technopole layers list`)."""
    ctx.meta[_DEBUG] = debug or bool(os.environ.get("TECHNOPOLE_DEBUG"))
    unwind_on_sigterm()


@main.group()
def layers() -> None:
    """List, inspect and export layers (embedded or your own files)."""


@command(layers, "list")
def layers_list(fmt: str, out: Path | None, force: bool) -> None:
    """List every embedded layer with features, CRS, accuracy and measured vs stated area."""
    cols = ["features", "crs", "accuracy", "area_ha", "stated_area_ha", "area_ok", "title_en"]
    cols = cols if fmt == "table" else [*cols[:1], "geometry", *cols[1:], "title_zh", "source"]
    maps.show_frame(gis.list_layers(measure=True)[cols], fmt, out, force=force,
                    title="Embedded layers (areas in EPSG:2326)")


@command(layers, "show", out=False)
@click.argument("layer")
@opt("--layer-name", "layer_name", help="Layer inside a multi-layer file (GeoPackage).")
@opt("--crs", help="CRS to assume for a file that declares none, e.g. EPSG:2326.")
def layers_show(layer: str, layer_name: str | None, crs: str | None, fmt: str) -> None:
    """Describe LAYER (an embedded name or a file): CRS, features, areas, attributes."""
    gdf = gis.load_layer(layer, layer_name, crs=crs)
    maps.show(fmt, None, lambda: maps.print_layer(gdf), lambda f: maps.render_layer(gdf, f))


@command(layers, "export", formats=None, out=False)
@click.argument("layer")
@opt("--to", type=FILE, required=True, help="Output: .geojson .gpkg .shp .fgb or .parquet.")
@opt("--crs", "out_crs", help="Reproject to this CRS (GeoJSON is always EPSG:4326).")
@opt("--layer-name", "layer_name", help="Layer inside a multi-layer input file.")
@force_option
def layers_export(layer: str, to: Path, out_crs: str | None, layer_name: str | None,
                  force: bool) -> None:
    """Export LAYER (an embedded name or a file) to another format or CRS."""
    gdf = gis.load_layer(layer, layer_name)
    click.echo(f"wrote {gis.write_layer(gdf, to, crs=out_crs, force=force)} ({len(gdf)} features)")


@command(layers, "rasterize", formats=None, out=False)
@click.argument("layer")
@opt("--field", required=True, help="Numeric attribute to burn, e.g. height_mpd.")
@opt("--res", "resolution", default=5.0, help="Cell size in metres (the grid is EPSG:2326).")
@opt("--to", type=FILE, required=True, help="Output GeoTIFF (.tif).")
@opt("--all-touched", is_flag=True, help="Burn every cell a polygon touches.")
@force_option
def layers_rasterize(layer: str, field: str, resolution: float, to: Path, all_touched: bool,
                     force: bool) -> None:
    """Burn a LAYER attribute into a GeoTIFF, e.g. the height envelope in mPD."""
    grid = gis.rasterize_layer(gis.load_layer(layer), field, resolution, all_touched=all_touched)
    gis.write_geotiff(grid, to, force=force)
    rows, cols = grid.values.shape
    click.echo(f"wrote {to} ({cols} x {rows} cells of {resolution:g} m, EPSG:2326, "
               f"{grid.covered_area_m2() / 10_000:,.2f} ha with data)")


@command(main)
def facts(fmt: str, out: Path | None, force: bool) -> None:
    """Check every stated figure (87 ha, 1,000,000 m², 14-208 mPD, ...) on the embedded data;
    exit code 1 when any fact does not hold within its tolerance."""
    df = gis.check_facts()
    maps.show_frame(df, fmt, out, title="Facts: stated vs measured", force=force)
    failed = int((~df.passed).sum())
    click.echo(f"{len(df) - failed} passed, {failed} failed", err=fmt != "table")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@command(main, formats=("table", "json", "markdown", "html", "csv", "pdf", "xlsx"))
@click.argument("table", required=False)
@opt("--sheet", help="XLSX sheet name or 0-based index (default: the first).")
@opt("--encoding", help="Text encoding (default: UTF-8, UTF-8 with BOM, then Big5-HKSCS).")
@opt("--site", help="Site: embedded layer, LAYER/ID, tpb:PLAN or file (default: Loop Phase 1).")
@opt("--where", help="Keep the site's features where column == 'value' (and ...).")
@opt("--zone", "zone", help="Keep the site's zones of this label or family, e.g. OU.")
@opt("--rules", "zone_rules", help="Zone rules CSV (default: the shipped loop.zone_rules).")
@opt("--zones", help="Zones: embedded layer or file with zone_id and site_coverage.")
@opt("--bands", help="Height bands: embedded layer or file with height_mpd.")
@opt("--use-zones", type=FILE, help="CSV mapping use_id to zone_id (optional weight).")
@opt("--total-gfa", "total_gfa_m2", type=float, help="Expected total GFA in m² (or total row).")
@opt("--max-plot-ratio", type=float, help="Maximum gross plot ratio of the site.")
@opt("--site-coverage", type=float, help="Site coverage for every zone (0-1).")
@opt("--floor-to-floor", "floor_to_floor_m", type=float, help="Storey height, m (≈5.1, §3.1.4).")
@opt("--share-tol", "share_tol_pct", default=0.5, help="Tolerance on the sum of shares, % points.")
@opt("--gfa-tol", "gfa_tol_frac", default=0.005, help="Tolerance on GFA sums and rows (of total).")
@lang_option
def validate(table: str | None, sheet: str | None, encoding: str | None, fmt: str,
             out: Path | None, force: bool, site: str | None, where: str | None,
             zone: str | None, zone_rules: str | None, zones: str | None, bands: str | None,
             use_zones: str | None, lang: str, **rules: Any) -> None:
    """Check a GFA allocation TABLE against a site, its zones and height envelope.

    TABLE is a CSV, TSV, XLSX, Markdown or text file (Chinese or English headers), or - to
    read pasted text from standard input. Without TABLE: Table 3.1 of the Loop park outline on
    Loop Phase 1, its zones and height bands; --out report.pdf or .xlsx writes a PDF or workbook.
    Exit code 0 when no check finds an error, 1 when one does, 2 for unreadable input."""
    src = sys.stdin.buffer.read() if table == "-" else Path(table) if table else None
    tbl = src if src is None else gis.read_allocation_table(src, sheet=sheet, encoding=encoding)
    report = gis.validate(tbl, site=site, zones=zones, bands=bands, use_zones=use_zones,
                          rules=gis.Rules(**rules), zone_rules=zone_rules, where=where, zone=zone)
    maps.show_report(report, fmt, out, force=force, lang=lang or "en")
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@command(main, "map", formats=None, out=False)
@opt("--site", type=click.Choice(["loop", "santin"]), default="loop", help="Site (or --layer).")
@opt("--layer", "layers", multiple=True, help="Draw this layer instead (name or file); repeatable.")
@opt("--table", help="Allocation table to show per zone (default: Table 3.1 on the Loop).")
@opt("--context", multiple=True, help="Also draw a neighbouring plan (tpb:S/KTN/4); repeatable.")
@opt("--no-validation", is_flag=True, help="Do not show GFA and capacity use per zone.")
@lang_option
@opt("--basemap", type=click.Choice(["none", "osm", "positron"]), default="none",
     help="Background tiles (osm/positron need the network).")
@opt("--offline/--online", default=True, help="Inline every script and style: no network needed.")
@opt("--simplify", "simplify_m", type=float, help="Simplify geometry by this many metres.")
@opt("--precision", default=6, help="Coordinate decimals (degrees) in the page.")
@opt("--prefer-canvas", is_flag=True, help="Draw on a canvas (faster for large layers).")
@opt("--title", help="Map title.")
@opt("--png", type=FILE, help="Also write a static PNG map (legend, scale bar, north arrow).")
@opt("--pdf", type=FILE, help="Also write a static PDF map.")
@opt("--paper", type=click.Choice(["A4", "A3", "A2", "A1"]), help="Static maps: exact page size.")
@opt("--orientation", type=click.Choice(["landscape", "portrait"]), default="landscape")
@opt("--dpi", type=click.IntRange(min=50, max=1200), default=200, help="Static PNG resolution.")
@out_option(required=True, help="The HTML file to write.")
def map_cmd(out: Path, no_validation: bool, **options: Any) -> None:
    """Draw an interactive, bilingual zone map (HTML), and optionally static PNG/PDF maps."""
    page, *static = maps.write_map(out, validation=not no_validation, **options)
    click.echo(f"wrote {page} ({page.stat().st_size / 1e6:.2f} MB, "
               f"{'offline: no network needed' if options['offline'] else 'online assets'})")
    click.echo("".join(f"wrote {path}\n" for path in static), nl=False)


@main.group()
def scenarios() -> None:
    """Planning scenarios: built-ins in layers/scenarios/, or your own YAML files."""


@command(scenarios, "list")
@opt("--check", is_flag=True, help="Also evaluate each scenario (status, errors).")
def scenarios_list(check: bool, fmt: str, out: Path | None, force: bool) -> None:
    """List the built-in scenarios (name, description, total GFA, file, SHA-256)."""
    df = gis.list_scenarios(check=check)
    if fmt == "table":
        df = df.drop(columns=["file", "sha256"])
    maps.show_frame(df, fmt, out, title="Built-in scenarios (layers/scenarios/)", force=force)


@command(scenarios, "check")
@click.argument("scenario")
def scenarios_check(scenario: str, fmt: str, out: Path | None, force: bool) -> None:
    """Read SCENARIO (a built-in name or a YAML file) and validate its allocation. Exit code 0
    when valid, 1 when a check finds an error, 2 for a bad scenario file."""
    maps.show_report(report := gis.load_scenario(scenario).evaluate(), fmt, out, force=force)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@command(main, formats=None)
@click.argument("scenario", nargs=-1, required=True)
@opt("--against", help="Reference scenario for the deltas (default: the first).")
@format_option(("table", "markdown", "csv", "json", "html", "xlsx"), None, "Default: by --out's "
               "suffix, else table; html is one self-contained page with charts and diff maps.")
@opt("--no-charts", is_flag=True, help="HTML: leave out the PNG charts.")
@opt("--no-maps", is_flag=True, help="HTML: leave out the diff maps.")
@opt("--maps-dir", type=DIR, help="Also write a diff map per scenario (vs the reference) here.")
def compare(scenario: tuple[str, ...], against: str | None, fmt: str | None, out: Path | None,
            force: bool, no_charts: bool, no_maps: bool, maps_dir: Path | None) -> None:
    """Compare SCENARIO... (built-in names or YAML files) side by side, with deltas: GFA, plot
    ratio, capacity use, validation, indicators; every report has its inputs' SHA-256."""
    comp = gis.comparison(list(scenario), against)
    for path in maps.write_diff_maps(comp, maps_dir, force=force) if maps_dir else ():
        click.echo(f"wrote {path}", err=True)  # first: an existing map stops before any table
    maps.show(fmt, out, lambda: maps.print_comparison(comp), lambda f: maps.render_comparison(
        comp, f, charts=not no_charts, maps=not no_maps), force=force)


@command(main)
@click.argument("scenario", required=False)
@opt("-n", "n", type=click.IntRange(min=1), default=100_000, help="Allocations to draw (not grid).")
@opt("--method", type=click.Choice(("dirichlet", "uniform", "grid")), default="dirichlet",
     help="Around the scenario's split, uniform within --range, or a grid.")
@opt("--concentration", type=click.FloatRange(min=0, min_open=True), default=50.0,
     help="Dirichlet: larger keeps draws closer to the split.")
@opt("--range", "ranges", multiple=True, type=UseRange(), help="Share range of a use in %.")
@opt("--step", "step_pct", default=5.0, help="Grid step in %.")
@opt("--total-range", nargs=2, type=float, metavar="LOW HIGH", help="Total GFA range, m².")
@opt("--total-steps", type=click.IntRange(min=1), default=5, help="Grid: totals in the range.")
@opt("--frontier-use", help="Use whose share bins the frontier (default: the first).")
@opt("--bin", "bin_pct", default=2.5, help="Frontier bin width in points.")
@opt("--seed", default=0, help="Random seed.")
@opt("--samples", "samples_out", type=FILE, help="Write every allocation (.csv, .parquet).")
@opt("--frontier-out", type=FILE, help="Write the frontier (.csv, .parquet).")
def sweep(scenario: str | None, n: int, method: str, ranges: tuple[Any, ...], total_range: Any,
          samples_out: Path | None, frontier_out: Path | None, fmt: str, out: Path | None,
          force: bool, concentration: float, step_pct: float, total_steps: int,
          **options: Any) -> None:
    """Evaluate many allocations of SCENARIO (default table-3-1): feasible share, what binds,
    and the frontier (largest valid total GFA by share of one use)."""
    how = gis.sweep_method(method, concentration=concentration, share_range_pct=dict(ranges)
                           or None, step_pct=step_pct, total_steps=total_steps)
    with maps.progress("sweeping") as tick:
        result = gis.sweep(scenario, n, method=how, keep=samples_out is not None, progress=tick,
                           total_range_m2=tuple(total_range) if total_range else None, **options)
    for path, what in ((samples_out, "samples"), (frontier_out, "frontier")):
        if path is not None:
            click.echo(f"wrote {result.write(path, what, force=force)}", err=True)
    maps.show(fmt, out, lambda: maps.print_sweep(result), lambda f: maps.render_sweep(result, f),
              force=force)


@command(main)
@click.argument("scenario", required=False)
@opt("--objective", type=click.Choice(("max-total", "target")), help="Largest total GFA "
     "(max-total, the default), or the split closest to a target (the default with --target).")
@opt("--target", multiple=True, type=UsePct(), help="Target share of a use in % (implies target).")
@opt("--total", "total_gfa_m2", type=float, help="Total GFA in m² (objective target).")
@opt("--min-total", "min_total_gfa_m2", type=float, help="Require at least this total GFA, m².")
@opt("--max-plot-ratio", type=float, help="Cap on the gross plot ratio.")
@opt("--min-share", multiple=True, type=UsePct(), help="Minimum share of a use.")
@opt("--max-share", multiple=True, type=UsePct(), help="Maximum share of a use.")
def solve(scenario: str | None, objective: str | None, target: tuple[Any, ...],
          min_share: tuple[Any, ...], max_share: tuple[Any, ...], fmt: str, out: Path | None,
          force: bool, **options: Any) -> None:
    """Optimise the allocation of SCENARIO (default table-3-1) with linear programming. Exit code
    0 with an optimum, 1 when no allocation meets the constraints (the conflicting ones named)."""
    objective = objective or ("target" if target else "max-total")  # --target implies target
    result = gis.solve(scenario, objective=objective.replace("-", "_"),
                       target_pct=dict(target) or None, min_share_pct=dict(min_share),
                       max_share_pct=dict(max_share), **options)
    maps.show(fmt, out, lambda: maps.print_solve(result), lambda f: maps.render_solve(result, f),
              force=force)
    if fmt != "json" and (fmt != "table" or out is not None):
        click.echo(result.message, err=True)
    sys.exit(EXIT_OK if result.ok else EXIT_FAILED)


@command(main, formats=None, out=False)
@opt("--out-dir", type=DIR, default=Path("out"), help="Folder for the maps and reports.")
@force_option
def demo(out_dir: Path, force: bool) -> None:
    """The main job on the embedded default project: layers, facts, validation, maps."""
    maps.print_demo(result := maps.write_demo(out_dir, force=force))
    sys.exit(EXIT_OK if result.ok else EXIT_FAILED)


@main.group()
def ozp() -> None:
    """Statutory plans (OZP): a plan folder, zip or file (Esri JSON, GeoJSON, Shapefile, GML), or
    a shipped plan number (S/LMCL/2, ...). For reference only: the gazetted plans prevail."""


@command(ozp, "info")
@click.argument("plan")
@opt("--crs", help="CRS to assume for a layer that declares none, e.g. EPSG:2326.")
def ozp_info(plan: str, crs: str | None, fmt: str, out: Path | None, force: bool) -> None:
    """Plan, dates, zones by family (ha, EPSG:2326), height controls, unknown labels."""
    maps.show_plan_info(gis.plan_info(gis.open_plan(plan, crs=crs)), fmt, out, force=force)


@command(ozp, "convert", formats=None, out=False)
@click.argument("plan")
@opt("--to", type=FILE, required=True, help="Output file; the format comes from its extension.")
@opt("--layer", type=click.Choice(gis.OZP_LAYERS, case_sensitive=False), default="ZONE")
@opt("--crs", help="CRS to assume for a layer that declares none, e.g. EPSG:2326.")
@force_option
def ozp_convert(plan: str, to: Path, layer: str, crs: str | None, force: bool) -> None:
    """Write one layer of PLAN as a toolkit layer, with the plan's provenance columns."""
    path, count = gis.convert_plan(plan, to, layer=layer, force=force, crs=crs)
    click.echo(f"wrote {path} ({count} features, layer {layer.upper()})")


if __name__ == "__main__":
    main()
