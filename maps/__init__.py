"""Rendering of technopole: interactive and static maps, charts, diff maps and reports.

``gis`` analyses and returns data; ``maps`` turns it into pages and pictures. Public API::

    zone_map(layers, *, validation=None, problems=None, lang="both", basemap="none",
             offline=False, simplify_m=None, precision=None, prefer_canvas=None, title=None,
             context=None, ...)             # context: neighbouring plans, ["tpb:S/KTN/4"]
    site_map(site="loop" | "santin", layers=None, **zone_map_options)
    save_map(m, path, *, offline=True, force=True)
    offline_html(m)                        # the self-contained page as a string
    static_map(layers, path, *, lang="both", title=None, dpi=200)   # PNG or PDF
    render_report(report, fmt, lang) / write_report(report, path, lang=) / print_report(report)
    write_report_pdf(report, path, lang=, project=, date=) / write_report_xlsx(report, path, lang=)
    PaperHeader(title=, reference=, author=, organisation=, date=, purpose=) / read_header(path)
    paper_header(header_or_file, **options)  # the title block of a report or comparison paper
    render_comparison(comp, fmt) / write_comparison(scenarios, path, maps_dir=None)
    diff_map(comp, other) / diff_map_html(comp, other) / write_diff_maps(comp, folder)
    gfa_by_use_png(comp) / zone_use_png(comp)
    write_map(out, site=..., png=..., ...) / write_demo(out_dir) -> DemoResult / print_demo(result)
    show(fmt, out, printer, render) / show_frame / show_report / emit     # terminal or file
    massing(scenarios, out=None, *, title=, colour_by=, view=, terrain=)   # offline 3D page
    print_layer / render_layer, print_sweep / render_sweep, print_solve / render_solve
    show_plan_info(info, fmt, out)          # a statutory plan's particulars (gis.plan_info)
    show_zoning_check(result, fmt, out)     # a layer against the plans' zones (gis.zoning_check)

Names load on first use (folium and matplotlib stay unimported until a map or chart is drawn);
the ``TYPE_CHECKING`` imports below mirror the table so type checkers and IDEs see every name.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._offline import OfflineError, offline_html
    from ._paper_header import PaperHeader, paper_header, read_header
    from .comparison.charts import gfa_by_use_png, grouped_bars, zone_use_png
    from .comparison.compare import (
        COMPARE_FORMATS,
        comparison_html,
        print_comparison,
        render_comparison,
        write_comparison,
    )
    from .comparison.diffmap import diff_map, diff_map_html, write_diff_maps
    from .jobs import DemoResult, print_demo, write_demo, write_map
    from .massing3d import massing, massing_html, write_massing
    from .notebook import html_card
    from .paper.static import static_map
    from .raster_overlay import add_raster_overlays, raster_image
    from .reports.pdf_report import write_report_pdf
    from .reports.report import (
        REPORT_FORMATS,
        print_report,
        render_report,
        show_report,
        write_report,
    )
    from .reports.results import (
        print_layer,
        print_solve,
        print_sweep,
        render_layer,
        render_solve,
        render_sweep,
        show_plan_info,
    )
    from .reports.terminal import console, emit, print_frame, progress, rich_table, show, show_frame
    from .reports.xlsx_report import write_report_xlsx
    from .reports.zoning import show_zoning_check
    from .web.interactive import BASEMAPS, SITES, load_site_layers, save_map, site_map, zone_map

_WHERE = {
    "zone_map": "web.interactive",
    "site_map": "web.interactive",
    "save_map": "web.interactive",
    "load_site_layers": "web.interactive",
    "BASEMAPS": "web.interactive",
    "SITES": "web.interactive",
    "offline_html": "_offline",
    "OfflineError": "_offline",
    "static_map": "paper.static",
    "grouped_bars": "comparison.charts",
    "gfa_by_use_png": "comparison.charts",
    "zone_use_png": "comparison.charts",
    "diff_map": "comparison.diffmap",
    "diff_map_html": "comparison.diffmap",
    "write_diff_maps": "comparison.diffmap",
    "render_report": "reports.report",
    "write_report": "reports.report",
    "print_report": "reports.report",
    "show_report": "reports.report",
    "REPORT_FORMATS": "reports.report",
    "write_report_pdf": "reports.pdf_report",
    "PaperHeader": "_paper_header",
    "paper_header": "_paper_header",
    "read_header": "_paper_header",
    "html_card": "notebook",
    "write_report_xlsx": "reports.xlsx_report",
    "render_comparison": "comparison.compare",
    "write_comparison": "comparison.compare",
    "comparison_html": "comparison.compare",
    "print_comparison": "comparison.compare",
    "COMPARE_FORMATS": "comparison.compare",
    "write_demo": "jobs",
    "write_map": "jobs",
    "DemoResult": "jobs",
    "console": "reports.terminal",
    "rich_table": "reports.terminal",
    "print_frame": "reports.terminal",
    "emit": "reports.terminal",
    "show": "reports.terminal",
    "show_frame": "reports.terminal",
    "progress": "reports.terminal",
    "render_sweep": "reports.results",
    "print_sweep": "reports.results",
    "render_solve": "reports.results",
    "print_solve": "reports.results",
    "render_layer": "reports.results",
    "print_layer": "reports.results",
    "show_plan_info": "reports.results",
    "show_zoning_check": "reports.zoning",
    "print_demo": "jobs",
    "massing": "massing3d",
    "massing_html": "massing3d",
    "write_massing": "massing3d",
    "add_raster_overlays": "raster_overlay",
    "raster_image": "raster_overlay",
}

__all__ = [
    "BASEMAPS",
    "COMPARE_FORMATS",
    "DemoResult",
    "OfflineError",
    "PaperHeader",
    "REPORT_FORMATS",
    "SITES",
    "add_raster_overlays",
    "comparison_html",
    "console",
    "diff_map",
    "diff_map_html",
    "emit",
    "gfa_by_use_png",
    "grouped_bars",
    "html_card",
    "load_site_layers",
    "offline_html",
    "paper_header",
    "print_comparison",
    "print_demo",
    "print_frame",
    "print_layer",
    "print_report",
    "print_solve",
    "read_header",
    "print_sweep",
    "progress",
    "raster_image",
    "render_comparison",
    "render_layer",
    "render_report",
    "render_solve",
    "render_sweep",
    "rich_table",
    "save_map",
    "show",
    "show_frame",
    "show_plan_info",
    "show_report",
    "show_zoning_check",
    "massing",
    "massing_html",
    "site_map",
    "static_map",
    "write_comparison",
    "write_demo",
    "write_diff_maps",
    "write_map",
    "write_massing",
    "write_report",
    "write_report_pdf",
    "write_report_xlsx",
    "zone_map",
    "zone_use_png",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    where = _WHERE[name]
    module = import_module(f".{where}", __name__)
    # bind every name of the module at once, on first use
    for other, home in _WHERE.items():
        if home == where:
            globals()[other] = getattr(module, other)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
