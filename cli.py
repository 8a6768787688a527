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


def console():
    """A rich console: fitted to a terminal; wide in a pipe or a log so cells stay whole."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=220)


def emit_report(report, fmt: str, out: Path | None, force: bool) -> None:
    """Print or write a ValidationReport, end with ``N errors, M warnings``, exit 0 or 1."""
    from gis import _report_render

    if fmt == "table" and out is None:
        _report_render.print_terminal(report, console())
    else:
        fmt = "markdown" if fmt == "table" else fmt
        emit(_report_render.render(report, fmt), out, force)
        if fmt != "markdown" or out is not None:  # markdown on stdout ends with the line itself
            click.echo(report.count_line(), err=True)
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


def emit_frame(df, fmt: str, out: Path | None = None, *, title: str | None = None,
               force: bool = True) -> None:
    """Print a DataFrame as a rich table, or write it as json/csv/markdown."""
    from gis import formats

    if fmt == "table" and out is None:
        console().print(formats.rich_table(df, title=title))
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


@layers.command("rasterize")
@click.argument("layer")
@click.option("--field", required=True, help="Numeric attribute to burn, e.g. height_mpd.")
@click.option("--res", "resolution", type=float, default=5.0, show_default=True,
              help="Cell size in metres (the grid is EPSG:2326).")
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output GeoTIFF (.tif).")
@click.option("--all-touched", is_flag=True, help="Burn every cell a polygon touches.")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
@handle_errors
def layers_rasterize(layer: str, field: str, resolution: float, to: Path, all_touched: bool,
                     force: bool) -> None:
    """Burn a LAYER attribute into a GeoTIFF, e.g. the height envelope in mPD."""
    import gis
    from gis.raster import rasterize_layer, write_geotiff

    grid = rasterize_layer(gis.load_layer(layer), field, resolution, all_touched=all_touched)
    write_geotiff(grid, to, force=force)
    rows, cols = grid.values.shape
    click.echo(f"wrote {to} ({cols} x {rows} cells of {resolution:g} m, EPSG:2326, "
               f"{grid.covered_area_m2() / 10_000:,.2f} ha with data)")


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


# ----------------------------------------------------------------------------- validate
@main.command()
@click.argument("table", required=False)
@click.option("--sheet", help="XLSX sheet name or 0-based index (default: the first).")
@click.option("--encoding", help="Text encoding (default: UTF-8, UTF-8 with BOM, then Big5-HKSCS).")
@click.option("--site", help="Site: embedded layer, LAYER/ID for one feature, or file "
              "(default: Loop Phase 1).")
@click.option("--where", help="Keep the site's features where column == 'value' (and ...).")
@click.option("--zone", "zone_filter", help="Keep the site's zones of this label or family (OU).")
@click.option("--rules", "zone_rules", help="Zone rules CSV (default: shipped loop.zone_rules).")
@click.option("--zones", help="Zones: embedded layer or file with zone_id and site_coverage.")
@click.option("--bands", help="Height bands: embedded layer or file with height_mpd.")
@click.option("--use-zones", "use_zones", type=click.Path(dir_okay=False),
              help="CSV mapping use_id to zone_id (optional weight).")
@click.option("--total-gfa", type=float, help="Expected total GFA in m² (default: the table's "
              "total row).")
@click.option("--max-plot-ratio", type=float, help="Maximum gross plot ratio of the site.")
@click.option("--site-coverage", type=float, help="Site coverage for every zone (0-1).")
@click.option("--floor-to-floor", "floor_to_floor", type=float,
              help="Floor-to-floor height in m (default ≈5.1 m from §3.1.4: 14 mPD ≈ 2 storeys, "
                   "208 mPD ≈ 40 storeys).")
@click.option("--share-tol", type=float, default=0.5, show_default=True,
              help="Tolerance on the sum of shares, in percentage points.")
@click.option("--gfa-tol", type=float, default=0.005, show_default=True,
              help="Tolerance on GFA sums and rows, as a fraction of the total.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "html", "csv"]),
              default="table", show_default=True, help="Report format.")
@out_option
@handle_errors
def validate(table: str | None, sheet: str | None, encoding: str | None, site: str | None,
             where: str | None, zone_filter: str | None, zone_rules: str | None,
             zones: str | None, bands: str | None, use_zones: str | None,
             total_gfa: float | None, max_plot_ratio: float | None,
             site_coverage: float | None, floor_to_floor: float | None, share_tol: float,
             gfa_tol: float, fmt: str, out: Path | None, force: bool) -> None:
    """Check a GFA allocation TABLE against a site, its zones and height envelope.

    TABLE is a CSV, TSV, XLSX, Markdown or text file (Chinese or English headers), or - to
    read pasted text from standard input. Without TABLE: Table 3.1 of the Loop park outline on
    Loop Phase 1, its zones and height bands. Exit code 0 when no check finds an error, 1 when
    one does, 2 for unreadable input.
    """
    from gis.tables import read_allocation_table
    from gis.validation import Rules
    from gis.validation import validate as run_validate

    tbl = None
    if table == "-":
        tbl = read_allocation_table(sys.stdin.read())
    elif table is not None:
        sheet_arg: str | int | None = int(sheet) if sheet and sheet.isdigit() else sheet
        tbl = read_allocation_table(Path(table), sheet=sheet_arg, encoding=encoding)
    rules = Rules(share_tol_pct=share_tol, gfa_tol_frac=gfa_tol, total_gfa_m2=total_gfa,
                  max_plot_ratio=max_plot_ratio, site_coverage=site_coverage,
                  floor_to_floor_m=floor_to_floor)
    report = run_validate(tbl, site=site, zones=zones, bands=bands, use_zones=use_zones,
                          rules=rules, zone_rules=zone_rules, where=where, zone=zone_filter)
    emit_report(report, fmt, out, force)


# ----------------------------------------------------------------------------- map
@main.command("map")
@click.option("--site", type=click.Choice(["loop", "santin"]), default="loop", show_default=True,
              help="Which embedded site to draw (ignored when --layer is given).")
@click.option("--layer", "layer_args", multiple=True,
              help="Draw this layer instead (embedded name or file); repeat for several.")
@click.option("--table", help="Allocation table to validate and show per zone (default: Table "
              "3.1 on the Loop).")
@click.option("--no-validation", is_flag=True, help="Do not show GFA and capacity use per zone.")
@click.option("--lang", type=click.Choice(["en", "zh", "both"]), default="both",
              show_default=True, help="Language of names, tooltips and legend.")
@click.option("--basemap", type=click.Choice(["none", "osm", "positron"]), default="none",
              show_default=True, help="Background tiles (osm/positron need the network).")
@click.option("--offline/--online", default=True, show_default=True,
              help="--offline inlines every script and style: one file, no network request.")
@click.option("--simplify", "simplify_m", type=float, help="Simplify geometry by this many "
              "metres (EPSG:2326) to shrink large maps.")
@click.option("--precision", type=int, default=6, show_default=True,
              help="Coordinate decimals (degrees) in the page.")
@click.option("--prefer-canvas", is_flag=True, help="Draw on a canvas (faster for large layers).")
@click.option("--title", help="Map title.")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a static PNG map (legend, scale bar, north arrow).")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a static PDF map.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--force", is_flag=True, help="Replace outputs that exist.")
@handle_errors
def map_cmd(site: str, layer_args: tuple[str, ...], table: str | None, no_validation: bool,
            lang: str, basemap: str, offline: bool, simplify_m: float | None, precision: int,
            prefer_canvas: bool, title: str | None, png: Path | None, pdf: Path | None,
            out: Path, force: bool) -> None:
    """Draw an interactive, bilingual zone map (HTML), and optionally static PNG/PDF maps."""
    import gis
    import maps
    from gis.errors import OutputError
    from maps import load_site_layers

    for target in (out, png, pdf):
        if target is not None and target.exists() and not force:
            raise OutputError(f"{target}: exists; pass --force to replace it")
    if layer_args:
        layers = {Path(a).stem if Path(a).suffix else a: gis.load_layer(a) for a in layer_args}
    else:
        layers = load_site_layers(site)
    report = None
    if not no_validation and (site == "loop" or table) and not layer_args:
        report = gis.validate(table)
    kwargs = dict(validation=report, problems=getattr(report, "problems", None), lang=lang,
                  basemap=basemap, offline=offline, simplify_m=simplify_m, precision=precision,
                  prefer_canvas=prefer_canvas)
    if title:
        kwargs["title"] = title
    m = maps.zone_map(layers, **kwargs) if layer_args else maps.site_map(site, layers, **kwargs)
    maps.save_map(m, out, offline=offline, force=True)
    click.echo(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, "
               f"{'offline: no network needed' if offline else 'online assets'})")
    for static in (png, pdf):
        if static is not None:
            maps.static_map(layers, static, lang=lang, title=title, validation=report,
                            problems=getattr(report, "problems", None))
            click.echo(f"wrote {static}")


# ----------------------------------------------------------------------------- scenarios
COMPARE_FORMATS = ("table", "markdown", "csv", "json", "html", "xlsx")


def _pairs(values: tuple[str, ...], option: str) -> dict[str, float]:
    """``("wet_lab_mfg=40", ...)`` -> ``{"wet_lab_mfg": 40.0}`` (a usage error otherwise)."""
    out: dict[str, float] = {}
    for v in values:
        key, sep, num = v.partition("=")
        try:
            if not sep or not key.strip():
                raise ValueError
            out[key.strip()] = float(num)
        except ValueError:
            raise click.BadParameter(f"expected USE=NUMBER, found {v!r}",
                                     param_hint=option) from None
    return out


def _ranges(values: tuple[str, ...]) -> dict[str, tuple[float, float]] | None:
    """``("wet_lab_mfg=40:70", ...)`` -> ``{"wet_lab_mfg": (40.0, 70.0)}``."""
    out: dict[str, tuple[float, float]] = {}
    for v in values:
        key, _, rng = v.partition("=")
        lo, colon, hi = rng.partition(":")
        try:
            if not colon or not key.strip():
                raise ValueError
            out[key.strip()] = (float(lo), float(hi))
        except ValueError:
            raise click.BadParameter(f"expected USE=LOW:HIGH (in %), found {v!r}",
                                     param_hint="--range") from None
    return out or None


def _offline_filter():
    """maps' inliner, so the diff maps in reports are self-contained (gis never imports maps)."""
    from maps._offline import inline_assets

    return inline_assets


@main.group()
def scenarios() -> None:
    """Planning scenarios: built-ins in layers/scenarios/, or your own YAML files."""


@scenarios.command("list")
@click.option("--check", is_flag=True, help="Also evaluate each scenario (status, errors).")
@format_option()
@out_option
@handle_errors
def scenarios_list(check: bool, fmt: str, out: Path | None, force: bool) -> None:
    """List the built-in scenarios (name, description, total GFA, file, SHA-256)."""
    from gis.scenarios import list_scenarios, load_scenario

    df = list_scenarios()
    if check:
        reports = [load_scenario(name).evaluate() for name in df.index]
        df["status"] = ["valid" if r.ok else "invalid" for r in reports]
        df["errors"] = [len(r.errors) for r in reports]
    if fmt == "table":
        df = df.drop(columns=["file", "sha256"])
    emit_frame(df, fmt, out, title="Built-in scenarios (layers/scenarios/)", force=force)


@scenarios.command("check")
@click.argument("scenario")
@format_option()
@out_option
@handle_errors
def scenarios_check(scenario: str, fmt: str, out: Path | None, force: bool) -> None:
    """Read SCENARIO (a built-in name or a YAML file) and validate its allocation.

    Exit code 0 when valid, 1 when a check finds an error, 2 for a bad scenario file.
    """
    from gis.scenarios import load_scenario

    emit_report(load_scenario(scenario).evaluate(), fmt, out, force)


@main.command()
@click.argument("scenario", nargs=-1, required=True)
@click.option("--against", help="Reference scenario for the deltas (default: the first).")
@click.option("--format", "fmt", type=click.Choice(COMPARE_FORMATS), default=None,
              help="table (terminal), markdown, csv, json, html (one self-contained file with "
                   "charts and diff maps) or xlsx. Default: from --out's suffix, else table.")
@out_option
@click.option("--no-charts", is_flag=True, help="HTML: leave out the PNG charts.")
@click.option("--no-maps", is_flag=True, help="HTML: leave out the diff maps.")
@click.option("--maps-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write one diff map per scenario (vs the reference) in this folder.")
@handle_errors
def compare(scenario: tuple[str, ...], against: str | None, fmt: str | None, out: Path | None,
            force: bool, no_charts: bool, no_maps: bool, maps_dir: Path | None) -> None:
    """Compare SCENARIO... side by side (built-in names or YAML files), with deltas.

    GFA and share by use, gross plot ratio, capacity use per zone, validation status and
    indicators (jobs, talent flats: assumptions, stated in the notes). Every report carries
    the SHA-256 of each input file.
    """
    from gis._compare_report import format_for, render_comparison, write_comparison
    from gis.scenarios import comparison

    comp = comparison(list(scenario), against)
    fmt = fmt or (format_for(out) if out is not None else "table")
    page_filter = _offline_filter()
    if fmt == "table" and out is None:
        from gis._compare import SECTION_TITLES, SECTIONS

        for name in SECTIONS:
            emit_frame(comp.section(name), "table", title=SECTION_TITLES[name])
        for note in comp.notes():
            click.echo(f"note: {note}")
    elif out is not None:
        write_comparison(comp, out, "markdown" if fmt == "table" else fmt, force=force,
                         charts=not no_charts, maps=not no_maps, page_filter=page_filter)
        click.echo(f"wrote {out}", err=True)
    elif fmt == "xlsx":
        raise click.UsageError("--format xlsx needs --out FILE.xlsx")
    else:
        click.echo(render_comparison(comp, fmt, charts=not no_charts, maps=not no_maps,
                                     page_filter=page_filter), nl=False)
    if maps_dir is not None:
        from gis._diffmap import diff_map_html
        from gis._fs import atomic_write

        maps_dir.mkdir(parents=True, exist_ok=True)
        for i in comp.others():
            name = f"diff_{comp.labels[i]}_vs_{comp.ref_label}.html"
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
            atomic_write(maps_dir / safe, diff_map_html(comp, i, page_filter), force=force)
            click.echo(f"wrote {maps_dir / safe}", err=True)


@main.command()
@click.argument("scenario", required=False)
@click.option("-n", "n", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Allocations to draw (grid: set by the grid).")
@click.option("--method", type=click.Choice(("dirichlet", "uniform", "grid")),
              default="dirichlet", show_default=True,
              help="Around the scenario's split, uniform within --range, or a grid.")
@click.option("--concentration", type=click.FloatRange(min=0, min_open=True), default=50.0,
              show_default=True, help="Dirichlet: larger keeps draws closer to the split.")
@click.option("--range", "ranges", multiple=True, metavar="USE=LOW:HIGH",
              help="Share range of a use in % (uniform, grid); repeatable.")
@click.option("--step", type=float, default=5.0, show_default=True, help="Grid step in %.")
@click.option("--total-range", nargs=2, type=float, metavar="LOW HIGH",
              help="Draw the total GFA (m²) in this range (default: the scenario's total).")
@click.option("--total-steps", type=click.IntRange(min=1), default=5, show_default=True,
              help="Grid: totals across --total-range.")
@click.option("--frontier-use", help="Use whose share bins the frontier (default: the first).")
@click.option("--bin", "bin_pct", type=float, default=2.5, show_default=True,
              help="Frontier bin width in points.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--samples", "samples_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every allocation to this .csv or .parquet file.")
@click.option("--frontier-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the frontier to this .csv or .parquet file.")
@format_option()
@out_option
@handle_errors
def sweep(scenario: str | None, n: int, method: str, concentration: float,
          ranges: tuple[str, ...], step: float, total_range: tuple[float, float] | None,
          total_steps: int, frontier_use: str | None, bin_pct: float, seed: int,
          samples_out: Path | None, frontier_out: Path | None, fmt: str, out: Path | None,
          force: bool) -> None:
    """Evaluate many allocations of SCENARIO (default table-3-1): feasible share, what binds,
    and the frontier (largest valid total GFA by share of one use)."""
    from rich.progress import Progress

    from gis import formats
    from gis.sweeping import sweep as run_sweep

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("sweeping", total=None)
        result = run_sweep(
            scenario, n, method=method, concentration=concentration,
            share_range_pct=_ranges(ranges), step_pct=step,
            total_range_m2=tuple(total_range) if total_range else None, total_steps=total_steps,
            frontier_use=frontier_use, bin_pct=bin_pct, seed=seed,
            keep=samples_out is not None,
            progress=lambda done, total: bar.update(task, completed=done, total=total))
    for path, what in ((samples_out, "samples"), (frontier_out, "frontier")):
        if path is not None:
            result.write(path, what, force=force)
            click.echo(f"wrote {path}", err=True)
    summary = result.summary()
    if fmt == "json":
        emit(formats.to_json({"summary": summary, "inputs": result.inputs,
                              "constraints": result.constraints.reset_index().to_dict("records"),
                              "frontier": result.frontier.to_dict("records")}), out, force)
        return
    if fmt == "table" and out is None:
        click.echo(f"{summary['n']:,} allocations, {summary['n_feasible']:,} valid "
                   f"({summary['feasible_pct']:.1f}%)")
        click.echo(f"binding most often: {summary['binding_most_often_label'] or 'none'}")
        click.echo(f"tightest among the valid: {summary['tightest_feasible_label'] or 'none'}")
    emit_frame(result.constraints, fmt, out, title="Constraints", force=force)
    if fmt == "table" and out is None:
        cols = [c for c in result.frontier.columns if not c.startswith("share_")]
        emit_frame(result.frontier[cols], "table",
                   title=f"Frontier by share of {result.frontier_use}")


@main.command()
@click.argument("scenario", required=False)
@click.option("--objective", type=click.Choice(("max-total", "target")), default="max-total",
              show_default=True, help="Largest total GFA, or the split closest to a target.")
@click.option("--target", "target", multiple=True, metavar="USE=PCT",
              help="Target share of a use in % (objective target; default: the scenario's).")
@click.option("--total", "total", type=float, help="Total GFA in m² (objective target).")
@click.option("--min-total", type=float, help="Require at least this total GFA in m².")
@click.option("--max-plot-ratio", type=float, help="Cap on the gross plot ratio.")
@click.option("--min-share", multiple=True, metavar="USE=PCT", help="Minimum share of a use.")
@click.option("--max-share", multiple=True, metavar="USE=PCT", help="Maximum share of a use.")
@format_option()
@out_option
@handle_errors
def solve(scenario: str | None, objective: str, target: tuple[str, ...], total: float | None,
          min_total: float | None, max_plot_ratio: float | None, min_share: tuple[str, ...],
          max_share: tuple[str, ...], fmt: str, out: Path | None, force: bool) -> None:
    """Optimise the allocation of SCENARIO (default table-3-1) with linear programming.

    Exit code 0 with an optimum, 1 when no allocation meets the constraints (the conflicting
    ones are named).
    """
    from gis import formats
    from gis.solver import solve as run_solve

    result = run_solve(
        scenario, objective=objective.replace("-", "_"), target_pct=_pairs(target, "--target")
        or None, total_gfa_m2=total, min_total_gfa_m2=min_total, max_plot_ratio=max_plot_ratio,
        min_share_pct=_pairs(min_share, "--min-share"),
        max_share_pct=_pairs(max_share, "--max-share"))
    if fmt == "json":
        emit(formats.to_json({"status": result.status, "message": result.message,
                              "total_gfa_m2": result.total_gfa_m2,
                              "distance_pct": result.distance_pct, "params": result.params,
                              "uses": result.uses.reset_index().to_dict("records"),
                              "constraints": result.constraints.reset_index().to_dict("records"),
                              "conflicts": result.conflicts}), out, force)
    else:
        if fmt == "table" and out is None:
            click.echo(result.message)
        emit_frame(result.uses, fmt, out, title="Allocation", force=force)
        if fmt == "table" and out is None:
            emit_frame(result.constraints if not result.ok else result.binding, "table",
                       title="Conflicting constraints" if not result.ok else
                       "Binding constraints (shadow price: objective gain per unit relaxed)")
        else:
            click.echo(result.message, err=True)
    sys.exit(EXIT_OK if result.ok else EXIT_FAILED)


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
    click.echo("== Validation: Table 3.1 on Loop Phase 1, its zones and height bands")

    from gis import _report_render
    from gis.validation import validate as run_validate

    report = run_validate()
    _report_render.print_terminal(report, console())
    from gis._fs import atomic_write

    atomic_write(out_dir / "validation.html", _report_render.render(report, "html"))
    atomic_write(out_dir / "validation.json", _report_render.render(report, "json"))
    click.echo(f"wrote {out_dir / 'validation.html'} and {out_dir / 'validation.json'}")
    click.echo("== Maps: offline HTML (no network needed) and static PNG")
    import maps
    from maps import load_site_layers

    for site in ("loop", "santin"):
        layers = load_site_layers(site)
        rep = report if site == "loop" else None
        m = maps.site_map(site, layers, validation=rep, offline=True,
                          problems=getattr(rep, "problems", None))
        html_path = maps.save_map(m, out_dir / f"{site}_map.html", offline=True)
        png_path = maps.static_map(layers, out_dir / f"{site}_map.png", validation=rep)
        click.echo(f"wrote {html_path} ({html_path.stat().st_size / 1e6:.2f} MB) and {png_path}")
    click.echo("== Scenarios: the original ~540,000 m² Phase 1 against Table 3.1's 1,000,000 m²")
    from gis._compare_report import write_comparison
    from gis.scenarios import comparison

    comp = comparison(["baseline-540k", "table-3-1"], None)
    write_comparison(comp, out_dir / "compare.html", "html", force=True,
                     page_filter=_offline_filter())
    click.echo(f"wrote {out_dir / 'compare.html'} (tables, charts, diff map)")
    if not report.ok:
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
