"""Whole jobs as one call each: :func:`write_map` (``technopole map``) and :func:`write_demo`.

:func:`write_demo` measures layers and facts first; when every stated figure holds, Table 3.1 is
validated on Loop Phase 1 and the outputs are written: the validation report (HTML, JSON),
offline HTML and static PNG maps of both sites, the comparison of the ~540,000 m² original
Phase 1 against Table 3.1's 1,000,000 m², the 3D massing view of Table 3.1, and the envelope of
the Loop's zones as a raster (maximum storeys and height, a Cloud-Optimised GeoTIFF of 5 m cells
in EPSG:2326).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DEMO_FILES", "DemoResult", "write_demo", "write_map"]

#: The files :func:`write_demo` writes, in order (all checked before the first is written).
DEMO_FILES = (
    "validation.html",
    "validation.json",
    "loop_map.html",
    "loop_map.png",
    "santin_map.html",
    "santin_map.png",
    "compare.html",
    "massing.html",
    "envelope_storeys.tif",
)


@dataclass
class DemoResult:
    """What :func:`write_demo` measured and wrote.

    Attributes
    ----------
    layers
        :func:`gis.list_layers` with measured areas.
    facts
        :func:`gis.check_facts`.
    report
        The validation report of Table 3.1 (None when a fact failed and nothing was written).
    written
        Every file written, in order.
    """

    layers: pd.DataFrame
    facts: pd.DataFrame
    report: Any = None
    written: list[Path] = field(default_factory=list)

    @property
    def facts_ok(self) -> bool:
        """Every registered fact holds on the embedded data."""
        return bool(self.facts.passed.all())

    @property
    def ok(self) -> bool:
        """Every fact holds and the validation's verdict is PASS."""
        return self.facts_ok and self.report is not None and self.report.verdict == "PASS"


def write_demo(out_dir: str | os.PathLike[str], *, force: bool = True) -> DemoResult:
    """Measure the embedded project and write its reports and maps into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder for the outputs (created if needed).
    force
        Replace existing files; without it nothing is written when any of :data:`DEMO_FILES`
        exists in ``out_dir``.

    Returns
    -------
    DemoResult
        Tables, the report, and the files written (none when a stated fact does not hold).
    """
    import gis

    out = Path(out_dir)
    gis.check_outputs(folders=[out], force=force)
    if out.is_dir():
        gis.check_outputs([out / name for name in DEMO_FILES], force=force)
    result = DemoResult(layers=gis.list_layers(measure=True), facts=gis.check_facts())
    if not result.facts_ok:
        return result
    out.mkdir(parents=True, exist_ok=True)
    result.report = gis.validate()
    result.written += _write_outputs(out, result.report, force)
    return result


def _write_outputs(out: Path, report: Any, force: bool) -> list[Path]:
    from .comparison.compare import write_comparison
    from .massing3d import write_massing
    from .paper import static
    from .reports.report import write_report
    from .web import interactive

    written = [
        write_report(report, out / DEMO_FILES[0], force=force),
        write_report(report, out / DEMO_FILES[1], force=force),
    ]
    for site in ("loop", "santin"):
        layers = interactive.load_site_layers(site)
        rep = report if site == "loop" else None
        problems = getattr(rep, "problems", None)
        m = interactive.site_map(site, layers, validation=rep, offline=True, problems=problems)
        written.append(interactive.save_map(m, out / f"{site}_map.html", force=force))
        written.append(
            static.static_map(layers, out / f"{site}_map.png", validation=rep, force=force)
        )
    written.append(
        write_comparison(["baseline-540k", "table-3-1"], out / "compare.html", force=force)
    )
    written.append(write_massing(out / "massing.html", ["table-3-1"], force=force))
    import gis.rasters

    zones, bands = gis.load_layer("loop.zones"), gis.load_layer("loop.height_bands")
    surface = gis.rasters.envelope_surface(zones, bands, out / DEMO_FILES[-1], force=force)
    written.append(surface.path)
    return written


MAP_SUFFIXES = (".html", ".htm", ".png", ".pdf")
"""What ``map --out`` writes, by suffix: the interactive page or a static map."""


def write_map(
    out: str | os.PathLike[str],
    *,
    site: str = "loop",
    layers: Sequence[str] = (),
    adds: Sequence[str] = (),
    table: str | None = None,
    validation: bool = True,
    png: Any = None,
    pdf: Any = None,
    force: bool = False,
    context: Sequence[str] = (),
    crs: str | None = None,
    style: Any = None,
    rasters: Sequence[str | os.PathLike[str]] = (),
    raster_crs: str | None = None,
    provision: Any = None,
    **options: Any,
) -> list[Path]:
    """Draw a site (or the given layers) as an HTML map, and optionally static PNG/PDF maps.

    Parameters
    ----------
    out
        The map to write, its format by suffix: ``.html`` (or ``.htm``) the interactive page
        (offline unless ``options`` say ``offline=False``), ``.png`` or ``.pdf`` a static map.
    site
        ``"loop"`` or ``"santin"``: its embedded layers (ignored when ``layers`` are given).
    layers
        Embedded layer names or files to draw instead of a site (see :func:`_layer_keys`).
    adds
        Layer files (or embedded names) drawn on top of the site's map (or of ``layers``), each
        named by its file stem and styled by its role or its first categorical column.
    table
        Allocation table to validate and show per zone (default: Table 3.1 on the Loop).
    validation
        Show GFA and capacity use per zone (for the Loop, or when ``table`` is given).
    png, pdf
        Also write static maps to these files.
    force
        Replace files that exist; without it nothing is written when any target exists. Every
        target is checked before anything is written (suffix, folder, not an input).
    context
        Neighbouring statutory plans to draw as official context (``"tpb:S/KTN/4"``): switched
        off at start on the HTML page, outlined on the static maps.
    crs
        CRS to assume for a layer file that declares none (``gis.load_layer``).
    style
        A style file (YAML) or mapping for both the page and the static maps (see
        :func:`maps.zone_map`); checked before anything is drawn.
    rasters, raster_crs
        Raster files drawn over the page as image overlays with a legend and an opacity slider
        (:func:`maps.raster_overlay.add_raster_overlays`), and the CRS to assume for one that
        declares none.
    provision
        Planning parameters (``gis.load_provision``): the validation adds residents and
        provision, drawn as the provision and shortfall layers.
    **options
        Passed to :func:`maps.zone_map` (``lang``, ``basemap``, ``offline``, ``title``, ...);
        ``lang`` and ``title`` also to :func:`maps.static_map`; ``paper``, ``orientation`` and
        ``dpi`` only to it.

    Returns
    -------
    list of pathlib.Path
        The files written: the page, then the static maps.
    """
    import gis
    from gis.errors import InputError

    from .paper import static
    from .web import _sites, interactive

    for target, suffix in ((png, ".png"), (pdf, ".pdf")):
        if target is not None and Path(target).suffix.lower() != suffix:
            raise InputError(
                f"expected a {suffix} file, got {Path(target).name!r}", source=str(target)
            )
    kind = Path(out).suffix.lower()
    if kind not in MAP_SUFFIXES:
        raise InputError(
            f"expected a {', '.join(MAP_SUFFIXES[:-1])} or {MAP_SUFFIXES[-1]} file, got "
            f"{Path(out).name!r}",
            source=str(out),
        )
    html = out if kind in (".html", ".htm") else None
    statics = [t for t in (out if html is None else None, png, pdf) if t is not None]
    style_file = None if style is None or isinstance(style, Mapping) else style
    if rasters and html is None:
        raise InputError(
            "--raster draws on the interactive map: give --out a .html file", source=str(out)
        )
    inputs = [*layers, *adds, table, style_file, *rasters]
    gis.check_outputs([out, png, pdf], inputs=inputs, force=force)
    if style_file is not None:
        style = gis.read_style(style_file)  # read once, checked before any layer is loaded
    if layers:
        drawn = {key: _load(a, crs) for key, a in _layer_keys(layers).items()}
    else:
        drawn = interactive.load_site_layers(site)
    drawn = dict(drawn)
    for key, a in _layer_keys(adds).items():
        drawn[key] = _load(a, crs).copy()  # a copy: an embedded layer may be cached
        drawn[key].attrs["on_top"] = True  # above the site's layers, whatever their role
    around = _sites.context_layers(context)
    report = None
    if validation and (site == "loop" or table) and not layers:
        report = gis.validate(table, provision=provision)
    options = {k: v for k, v in options.items() if v is not None}
    page = {k: options.pop(k) for k in ("paper", "orientation", "dpi") if k in options}
    shown = dict(
        options,
        validation=report,
        problems=getattr(report, "problems", None),
        context=around,
        style=style,
    )
    written = []
    if html is not None:
        m = (
            interactive.zone_map(drawn, **shown)
            if layers
            else interactive.site_map(site, drawn, **shown)
        )
        if rasters:
            from .raster_overlay import add_raster_overlays

            frames = [g.to_crs(4326).total_bounds for g in drawn.values() if len(g)]
            within = [min(b[0] for b in frames), min(b[1] for b in frames)]
            within += [max(b[2] for b in frames), max(b[3] for b in frames)]
            add_raster_overlays(m, rasters, crs=raster_crs, within=within)
        written.append(
            interactive.save_map(m, html, offline=options.get("offline", False), force=True)
        )
    for target in statics:
        written.append(
            static.static_map(
                drawn,
                target,
                lang=options.get("lang", "both"),
                title=options.get("title"),
                validation=report,
                problems=shown["problems"],
                context=around,
                style=style,
                **page,
            )
        )
    return written


def _load(name: str, crs: str | None) -> Any:
    """A layer to draw; ``crs`` is for files (an embedded layer has its own)."""
    from gis import load_layer
    from gis.catalog import is_embedded

    return load_layer(name, crs=None if is_embedded(name) else crs)


def _layer_keys(layers: Sequence[str]) -> dict[str, str]:
    """Key -> argument for each layer to draw: an embedded name as given (``loop.zones``), a file
    by its stem (``my_zones``, which names its role); a stem given twice keeps its whole path.
    """
    stems = [Path(a.split("::")[0]).stem if Path(a.split("::")[0]).is_file() else a for a in layers]
    return {
        (stem if stems.count(stem) == 1 else a): a for stem, a in zip(stems, layers, strict=True)
    }


def print_demo(result: DemoResult, console: Any = None) -> None:
    """Print what :func:`write_demo` measured and wrote, section by section.

    Parameters
    ----------
    result
        What :func:`write_demo` returned.
    console
        A rich console (default: :func:`maps.console`).
    """
    from .reports.report import print_report
    from .reports.terminal import console as default_console
    from .reports.terminal import rich_table

    console = console or default_console()

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    say("== Layers of the embedded default project (official, schematic and OpenStreetMap)")
    console.print(
        rich_table(result.layers[["features", "accuracy", "area_ha", "stated_area_ha", "area_ok"]])
    )
    say("== Facts: stated figures measured on the layers")
    failed = result.facts[~result.facts.passed]
    say(f"{len(result.facts) - len(failed)} passed, {len(failed)} failed")
    if len(failed):
        console.print(rich_table(failed[["description", "stated", "measured", "unit"]]))
        return
    say("== Validation: Table 3.1 on Loop Phase 1, its zones and height bands")
    print_report(result.report, console)
    say(
        "== Outputs: validation report, offline HTML and static PNG maps of both sites, the "
        "comparison of the original ~540,000 m² Phase 1 against Table 3.1's 1,000,000 m², the "
        "3D massing view of Table 3.1, and the envelope as a raster (maximum storeys and "
        "height, Cloud-Optimised GeoTIFF)"
    )
    for path in result.written:
        say(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
