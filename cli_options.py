"""The command line's shared parts: parameter types, the options several commands share, the
``command`` decorator (format, ``--out``, output checks, examples in ``--help``) and the root
group that turns the library's exceptions into one line and an exit code. With ``cli.py``, the
CLI room: it imports only the public ``gis`` and ``maps`` APIs."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

import gis
from gis.config import check_range
from gis.errors import InputError, OutputError, one_line
from gis.formats import parse_use_value

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("table", "json", "csv", "markdown")
FILE, DIR = click.Path(dir_okay=False, path_type=Path), click.Path(file_okay=False, path_type=Path)
opt = click.option  # options show their defaults (context_settings below)
DEBUG_KEY = "technopole.debug"
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
lang_option = opt(
    "--lang",
    type=click.Choice(["en", "zh", "both"]),
    help="Language: English, Traditional Chinese or both [default: en for reports, both for maps].",
)


def format_option(
    choices: tuple[str, ...] = FORMATS,
    default: str | None = "table",
    help: str = "Output format: a table for people, or json/csv/markdown for machines.",
) -> Callable[[Any], Any]:
    return opt("--format", "fmt", type=click.Choice(choices), default=default, help=help)


def out_option(
    required: bool = False,
    help: str = "Write the output to this file (atomically) instead of the terminal.",
) -> Callable[[Any], Any]:
    """``--out/-o FILE`` and ``--force``, the same on every command that writes a file."""
    return lambda func: opt("--out", "-o", type=FILE, required=required, help=help)(
        force_option(func)
    )


def to_option(help: str) -> Callable[[Any], Any]:
    """A conversion's required output: ``--out/-o`` as elsewhere, ``--to`` its older name."""
    return opt("--out", "-o", "--to", "to", type=FILE, required=True, help=help)


#: The endings an output option accepts, checked as soon as the options are read (before a
#: long sweep or map): by option, or by (command, option). ``None``: the layer formats.
SUFFIXES: dict[Any, tuple[str, ...] | None] = {
    "samples_out": (".csv", ".parquet"),
    "frontier_out": (".csv", ".parquet"),
    "png": (".png",),
    "pdf": (".pdf",),
    ("map", "out"): (".html", ".htm", ".png", ".pdf"),
    ("rasterize", "to"): (".tif", ".tiff"),
    ("export", "to"): None,
    ("convert", "to"): None,
}


def _check_suffix(command: str, param: Any, value: Path | None) -> None:
    key = (command, param.name) if param is not None else None
    if value is None or (key not in SUFFIXES and param.name not in SUFFIXES):
        return
    ok = SUFFIXES.get(key, SUFFIXES.get(param.name)) or tuple(gis.SUPPORTED_SUFFIXES)
    if not any(value.name.lower().endswith(s) for s in ok):
        endings = f"{', '.join(ok[:-1])}{' or ' if ok[1:] else ''}{ok[-1]}"
        raise OutputError(f"{param.opts[0]} {value}: expected a {endings} file")


def _read_via(kw: dict[str, Any]) -> dict[str, list[Path]]:
    """Scenario files (``SCENARIO`` arguments, ``--against``) and the files each one names."""
    specs = [kw.get("scenario"), kw.get("against")]
    flat = [s for v in specs for s in (v if isinstance(v, tuple) else [v]) if s]
    return {str(s): gis.scenario_files(s) for s in flat}


#: The range of every numeric option, checked before any work with the option named as typed
#: (the library's own messages name its parameters): ``name -> (low, high, low_open)``.
#: ``total_range`` and ``ranges`` hold pairs (LOW <= HIGH); ``target``, ``min_share`` and
#: ``max_share`` hold ``(use, %)``.
RANGES: dict[str, tuple[float, float | None, bool]] = {
    "total_gfa_m2": (0, None, True),
    "max_plot_ratio": (0, None, True),
    "site_coverage": (0, 1, False),
    "floor_to_floor_m": (0, 100, True),
    "share_tol_pct": (0, 100, False),
    "gfa_tol_frac": (0, 1, False),
    "plausible_plot_ratio": (0, None, True),
    "min_total_gfa_m2": (0, None, False),
    "concentration": (0, None, True),
    "step_pct": (0, 100, True),
    "bin_pct": (0, 100, True),
    "total_range": (0, None, True),
    "seed": (0, None, False),
    "resolution": (0, None, True),
    "simplify_m": (0, None, False),
    "precision": (0, 9, False),
    "target": (0, 100, False),
    "min_share": (0, 100, False),
    "max_share": (0, 100, False),
    "ranges": (0, 100, False),
    "min_area_m2": (0, None, False),
}


def _check_ranges(params: dict[str, Any], kw: dict[str, Any]) -> None:
    for name, (low, high, low_open) in RANGES.items():
        value, flag = kw.get(name), params[name].opts[0] if name in params else ""
        if value is None or value == () or not flag:
            continue
        if name in ("target", "min_share", "max_share", "ranges"):
            for use, pct in value:
                for v in pct if isinstance(pct, tuple) else (pct,):
                    check_range(v, f"{flag} {use}", low=low, high=high, low_open=low_open)
                if isinstance(pct, tuple) and pct[0] > pct[1]:
                    raise InputError(f"{flag} {use}: LOW {pct[0]:g} is above HIGH {pct[1]:g}")
        elif name == "total_range":
            for v in value:
                check_range(v, f"{flag} LOW HIGH: each", low=low, high=high, low_open=low_open)
            if value[0] > value[1]:
                raise InputError(f"{flag}: LOW {value[0]:g} is above HIGH {value[1]:g}")
        else:
            check_range(value, flag, low=low, high=high, low_open=low_open)


#: The sweep options one method reads; given (on the command line) with another method they
#: would be ignored, so they are refused.
METHOD_OPTIONS = {
    "ranges": ("uniform", "grid"),
    "concentration": ("dirichlet",),
    "step_pct": ("grid",),
    "total_steps": ("grid",),
    "n": ("dirichlet", "uniform"),
    "others": ("uniform",),
}


def _check_method(ctx: click.Context, params: dict[str, Any], kw: dict[str, Any]) -> None:
    method = kw.get("method")
    for name, methods in METHOD_OPTIONS.items() if method else ():
        given = ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE
        if name in params and method not in methods and given:
            default = " (the default)" if method == params["method"].default else ""
            raise InputError(
                f"{params[name].opts[0]} applies to --method {' or '.join(methods)}, not "
                f"{method}{default}; it would be ignored"
            )


def checked(func: Any) -> Any:
    """Before any work: the format ``--out``'s suffix names (or a refusal), and every output
    checked (folder, ``--force``, never one of the command's inputs)."""

    @functools.wraps(func)
    def run(**kw: Any) -> Any:
        ctx = click.get_current_context()
        params = {p.name: p for p in ctx.command.params}
        _check_ranges(params, kw)
        _check_method(ctx, params, kw)
        if "fmt" in kw:
            given = ctx.get_parameter_source("fmt") is ParameterSource.COMMANDLINE
            kw["fmt"] = gis.output_format(
                kw["fmt"] if given else None, kw.get("out"), params["fmt"].type.choices
            )
        gis.check_outputs(
            [kw.get(k) for k in OUTS],
            folders=[kw.get(k) for k in DIRS],
            force=kw.get("force", False),
            inputs=[
                v
                for k, v in kw.items()
                if k not in OUTS + DIRS and params[k].type in (click.STRING, FILE)
            ],
            read_via=_read_via(kw),
            names=[params[k].opts[0] if k in params else None for k in OUTS],
        )
        for k in OUTS:
            _check_suffix(ctx.command.name or "", params.get(k), kw.get(k))
        return func(**kw)

    return run


def command(
    group: Any,
    name: str | None = None,
    formats: tuple[str, ...] | None = FORMATS,
    out: bool = True,
    lang: bool = False,
) -> Callable[[Any], Any]:
    """A command of ``group`` with ``--format`` (unless ``formats=None``), :func:`out_option`
    and ``--lang`` (``lang=True``); its outputs are :func:`checked` first; its ``--help`` ends
    with its :data:`EXAMPLES`."""

    def decorate(func: Any) -> Any:
        func = out_option()(checked(func)) if out else checked(func)
        func = lang_option(func) if lang else func
        cmd = name or func.__name__.replace("_", "-")
        full = cmd if isinstance(group, Technopole) else f"{group.name} {cmd}"
        lines = EXAMPLES.get(full, ())
        epilog = (
            "\b\nExamples:\n" + "\n".join(f"  technopole {e}" for e in lines) if lines else None
        )
        decorated = format_option(formats)(func) if formats else func
        return group.command(name, epilog=epilog)(decorated)

    return decorate


#: ``--help`` "Examples" per command, run as written from the root by test_cli_help.py.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "layers list": ("layers list", "layers list --format csv --out layers.csv --force"),
    "layers show": (
        "layers show loop.zones",
        "layers show tpb:S/YL-ST/8 --format json",
        "layers show santin.parcels --format csv --out parcels.csv --force",
    ),
    "layers export": ("layers export loop.zones --out zones.gpkg --to-crs EPSG:2326 --force",),
    "layers rasterize": (
        "layers rasterize loop.height_bands --field height_mpd --res 5 --out heights.tif --force",
    ),
    "facts": ("facts", "facts --format markdown --out facts.md --force", "facts --lang zh"),
    "validate": (
        "validate",
        "validate tests/data/tables/table_3_1_seed.tsv --total-gfa 1000000 --max-plot-ratio 2.5",
        "validate --site loop.phases/phase2 --max-plot-ratio 2.5 --lang zh --format markdown",
        "validate --lang both --out validation.pdf --force",
        "validate --engine dask --workers 1",
        "validate --plausible-plot-ratio 15 --strict",
    ),
    "map": (
        "map --out loop_map.html --png loop_map.png --force",
        "map --site santin --lang zh --out santin_map.html --force",
        "map --context tpb:S/KTN/4 --out loop_context.html --pdf loop_a3.pdf --paper A3 --force",
        "map --style docs/styles/print.yaml --out loop.html --pdf loop_a4.pdf --paper A4 --force",
        "map --add docs/examples/my_plots.geojson --out my_plots.pdf --force",
    ),
    "scenarios list": ("scenarios list --check",),
    "scenarios check": (
        "scenarios check table-3-1",
        "scenarios check ai-30pct --format json",
        "scenarios check table-3-1 --strict",
    ),
    "compare": (
        "compare baseline-540k table-3-1 ai-30pct",
        "compare table-3-1 ai-30pct --out compare.xlsx --force",
        "compare table-3-1 ai-30pct --lang zh --out compare.pdf --force",
        "compare table-3-1 baseline-540k --strict",
    ),
    "sweep": (
        "sweep table-3-1 -n 100000 --total-range 500000 1500000 --samples sweep.parquet --force",
        "sweep wetlab-heavy --method uniform --range wet_lab_mfg=40:70 -n 20000",
    ),
    "solve": (
        "solve",
        "solve --objective target --target wet_lab_mfg=44 --target dry_lab_office=30",
    ),
    "demo": ("demo --out-dir out --force",),
    # ozp info, ozp convert, zoning-check: in cli_ozp.py
}


class Technopole(click.Group):
    """The root group: the library's exceptions become one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            if ctx.meta.get(DEBUG_KEY) and isinstance(exc, Exception):
                raise
            message, code = one_line(exc)
        click.echo(f"technopole: error: {message}", err=True)
        sys.exit(code)


def options(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Several options as one decorator, listed in ``--help`` in the order given."""
    return lambda func: functools.reduce(lambda f, d: d(f), reversed(decorators), func)


crs_option = opt("--crs", help="CRS to assume for a file that declares none, e.g. EPSG:2326.")
repair_option = opt("--repair", is_flag=True, help="Repair invalid polygons (listed), not refuse.")
strict_plan_option = opt("--strict", is_flag=True, help="Refuse invalid rings; do not repair.")

#: Where the allocation goes: the site and its zones, bands and rules (validate).
site_options = options(
    opt("--site", help="Site: embedded layer, LAYER/ID, tpb:PLAN or file (default: Loop Phase 1)."),
    opt("--where", help="Keep the site's features where column == 'value' (and ...)."),
    opt("--zone", "zone", help="Keep the site's zones of this label or family (C, 'OU(R&D)')."),
    opt("--rules", "zone_rules", help="Zone rules CSV (default: the shipped loop.zone_rules)."),
    opt("--zones", help="Zones: embedded layer or file with zone_id and site_coverage."),
    opt("--bands", help="Height bands: embedded layer or file with height_mpd."),
    opt("--use-zones", type=FILE, help="CSV mapping use_id to zone_id (optional weight)."),
    crs_option,
)

#: Where the zones' geometry is checked (validate): in memory, or on Dask (docs/SCALING.md).
engine_options = options(
    opt(
        "--engine",
        type=click.Choice(["memory", "dask"]),
        default="memory",
        help="Check the zones' geometry in memory or on Dask (needs technopole[scale]).",
    ),
    opt("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 [default: local]."),
    opt(
        "--workers",
        type=click.IntRange(min=1),
        help="Worker processes of the local Dask cluster [default: CPU count].",
    ),
)

#: How the interactive page is built (map): tiles, offline assets, size of the geometry.
web_map_options = options(
    opt(
        "--basemap",
        type=click.Choice(["none", "osm", "positron"]),
        default="none",
        help="Background tiles (osm/positron need the network).",
    ),
    opt(
        "--offline/--online", default=True, help="Inline every script and style: no network needed."
    ),
    opt("--simplify", "simplify_m", type=float, help="Simplify by this many metres (large: 1)."),
    opt("--precision", type=int, help="Coordinate decimals in the page (default 6; large maps 5)."),
    opt(
        "--prefer-canvas/--prefer-svg",
        default=None,
        help="Canvas or SVG (default: canvas if large).",
    ),
)

#: Static maps written beside the interactive one (map).
static_map_options = options(
    opt("--png", type=FILE, help="Also write a static PNG map (legend, scale bar, north arrow)."),
    opt("--pdf", type=FILE, help="Also write a static PDF map."),
    opt(
        "--paper", type=click.Choice(["A4", "A3", "A2", "A1"]), help="Static maps: exact page size."
    ),
    opt("--orientation", type=click.Choice(["landscape", "portrait"]), default="landscape"),
    opt("--dpi", type=click.IntRange(min=50, max=1200), default=200, help="Static PNG resolution."),
)
