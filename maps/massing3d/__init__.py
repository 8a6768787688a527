"""The offline 3D massing view: the Loop's envelope and a scenario's allocation, extruded.

One self-contained HTML page (``technopole massing``): MapLibre GL JS (vendored, pinned, in
``maps/_vendor/maplibre-gl``) and every layer (GeoJSON, EPSG:4326) are inlined; the style is
empty (a background layer only), so the page opens from ``file://`` and makes no request. Layers:
the official zones (flat, coloured by family), the envelope (each building zone cut by the height
bands, extruded to its limit in mPD minus the assumed ground level, translucent), the allocation
(each building zone extruded to the storeys its GFA needs, coloured by capacity use or by use,
over-capacity zones outlined red), the Batch 1 buildings (footprints: their heights are not
stated), the border, an optional hillshade of a user terrain model. Camera presets (from the
Shenzhen River, from the south, plan), an envelope/allocation toggle and, for two scenarios,
two maps side by side with one camera. Without WebGL the page says so.

Every user string (titles, scenario and zone names) is escaped by jinja2 or reaches the page as
JSON read with ``textContent``; the page's own script never writes HTML.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from gis import planning
from gis.errors import InputError

from .._style import UTILISATION_RAMP, family_names, ramp
from . import _data
from ._terrain import hillshade

__all__ = ["VENDOR_FILES", "massing", "massing_html", "write_massing"]

_VENDOR = Path(__file__).parent.parent / "_vendor" / "maplibre-gl"
VENDOR_FILES = (_VENDOR / "maplibre-gl.js", _VENDOR / "maplibre-gl.css", _VENDOR / "LICENSE.txt")
COLOUR_BY = ("capacity", "use")
VIEWS = ("allocation", "envelope")

_LABELS = {
    "zone": "zone 分區",
    "use": "main use 主要用途",
    "gfa": "GFA 樓面面積",
    "storeys": "storeys 層數",
    "height": "height 高度",
    "above": "above ground 高於地面",
    "ground": "ground level 地面水平",
    "capacity": "capacity use 容量使用",
    "over": "Over capacity · 超出容量",
    "official": "official (Town Planning Board) · 官方（城市規劃委員會）",
    "schematic": "schematic (not an official boundary) · 示意（非官方界線）",
    "envelope_title": "Envelope: height limits · 發展上限：高度限制",
    "allocation_title": "Allocation: storeys the GFA needs · 樓面分配：所需層數",
    "envelope_item": "Building zone at its height limit · 建築區達高度上限",
    "buildings": "Batch 1 buildings (footprints; heights not stated) · 第一批次大樓（僅示佔地）",
    "border": "Hong Kong–Shenzhen boundary (OSM) · 港深邊界",
    "zones_title": "Official zones S/LMCL/2 · 法定分區",
    "no_webgl": (
        "This 3D massing view needs WebGL, which this browser does not offer (switched off or "
        "not supported): open the file in a current Chrome, Edge, Firefox or Safari with "
        "hardware acceleration or WebGL enabled. · 此立體體量圖需要 WebGL，但此瀏覽器未有提供"
        "（已關閉或不支援）：請以已啟用硬件加速或 WebGL 的新版瀏覽器開啟。"
    ),
}


@cache
def _asset(name: str) -> str:
    text = (_VENDOR / name).read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def _page_js() -> str:
    return (Path(__file__).parent / "massing.js").read_text(encoding="utf-8")


def _scenario(item: Any, colour_by: str) -> _data.ScenarioLayers:
    """Layers of one scenario: a name or path, a :class:`gis.Scenario`, or a report."""
    import gis

    if isinstance(item, gis.ValidationReport):
        name = str((item.summary or {}).get("scenario", {}).get("name", "validation"))
        return _data.scenario_layers(name, item, colour_by=colour_by)
    scenario = gis.load_scenario(item) if isinstance(item, str | os.PathLike) else item
    return _data.scenario_layers(
        scenario.name,
        scenario.evaluate(),
        floor_to_floor_m=scenario.floor_to_floor_m,
        colour_by=colour_by,
    )


def _allocation_legend(colour_by: str) -> list[list[str]]:
    if colour_by == "use":
        names = _data._use_names()
        return [[c, f"{names[u][0]} · {names[u][1]}"] for u, c in _data.USE_COLOURS.items()]
    steps = (0.25, 0.5, 0.75, 1.0)
    out = [
        [ramp(UTILISATION_RAMP, s / 1.1), f"≤ {s:.0%} of capacity · 不超過容量的 {s:.0%}"]
        for s in steps
    ]
    return out


def massing_html(
    scenarios: Sequence[Any] = ("table-3-1",),
    *,
    title: str | None = None,
    colour_by: str = "capacity",
    view: str = "allocation",
    terrain: str | os.PathLike[str] | None = None,
    terrain_crs: str | None = None,
    reproject_terrain: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> str:
    """The massing page of one or two scenarios, as a self-contained HTML string.

    Parameters
    ----------
    scenarios
        One or two scenarios: names (``table-3-1``), scenario files, :class:`gis.Scenario`
        objects or :class:`gis.ValidationReport` objects. Two are drawn side by side.
    title
        Page title (default: the scenarios' names).
    colour_by
        ``"capacity"`` (capacity use of each zone) or ``"use"`` (its main use).
    view
        What the page opens on: ``"allocation"`` or ``"envelope"``.
    terrain, terrain_crs, reproject_terrain
        A terrain model to shade under the layers, the CRS to assume when it declares none,
        and whether a terrain not in EPSG:2326 may be reprojected.
    progress
        Called as ``progress(done, total)`` after each step (a terminal progress bar).

    Returns
    -------
    str
        The page (about 1.1 MB: the library is inlined).
    """
    from .._html import render

    if not 1 <= len(scenarios) <= 2:
        raise InputError(f"give one or two scenarios, not {len(scenarios)}", where="SCENARIO")
    if colour_by not in COLOUR_BY:
        raise InputError(f"--colour-by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    if view not in VIEWS:
        raise InputError(f"--view must be one of {', '.join(VIEWS)}, not {view!r}")
    total = len(scenarios) + 3
    tick = progress or (lambda done, total: None)
    layers = []
    for item in scenarios:
        layers.append(_scenario(item, colour_by))
        tick(len(layers), total)
    site = _data.site_layers()
    tick(len(layers) + 1, total)
    bounds = _bounds(layers[0].allocation, layers[0].envelope)
    shade = None
    if terrain is not None:
        shade = hillshade(
            terrain, _data.bounds_2326(), crs=terrain_crs, reproject=reproject_terrain
        )
    tick(len(layers) + 2, total)
    name = title or " | ".join(s.name for s in layers)
    data = {
        "title": name,
        "view": view,
        "colour_by": colour_by,
        "bounds": bounds,
        "floor_to_floor_m": [round(s.floor_to_floor_m, 3) for s in layers],
        "site": {k: site[k] for k in ("ozp", "buildings", "border")},
        "scenarios": [
            {
                "name": s.name,
                "envelope": s.envelope,
                "allocation": s.allocation,
                "over_capacity": s.over_capacity,
            }
            for s in layers
        ],
        "colours": {
            "envelope": _data.ENVELOPE_COLOUR,
            "building": _data.BUILDING_COLOUR,
            "over": _data.OVER_CAPACITY,
        },
        "legend": {
            "allocation": _allocation_legend(colour_by),
            "families": _families(site["ozp"]),
            "notes": _notes(shade, layers),
        },
        "labels": _LABELS,
        "hillshade": None
        if shade is None
        else {"url": shade.data_uri(), "coordinates": shade.coordinates, "source": shade.source},
    }
    tick(total, total)
    return render(
        "massing.html",
        title=f"{name} · 3D massing 立體體量",
        data=data,
        maplibre_js=Markup(_asset("maplibre-gl.js")),
        maplibre_css=Markup(_asset("maplibre-gl.css")),
        page_js=Markup(_page_js().replace("</script", "<\\/script")),
    )


def _bounds(*collections: dict[str, Any]) -> list[list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    for fc in collections:
        for f in fc["features"]:
            _walk(f["geometry"]["coordinates"], xs, ys)
    return [[min(xs), min(ys)], [max(xs), max(ys)]]


def _walk(coords: Any, xs: list[float], ys: list[float]) -> None:
    if coords and isinstance(coords[0], int | float):
        xs.append(float(coords[0]))
        ys.append(float(coords[1]))
        return
    for c in coords:
        _walk(c, xs, ys)


def _families(ozp: dict[str, Any]) -> list[list[str]]:
    seen: dict[str, list[str]] = {}
    for f in ozp["features"]:
        fam = f["properties"].get("family") or ""
        if fam and fam not in seen:
            en, zh = family_names(fam)
            seen[fam] = [f["properties"]["colour"], f"{fam} {en} · {zh}"]
    return list(seen.values())


def _notes(shade: Any, layers: list[_data.ScenarioLayers]) -> list[str]:
    notes = [
        f"Ground level {planning.DEFAULT_GROUND_MPD:.2f} mPD for every zone · 地面水平: "
        + _data.GROUND_SOURCE,
        "Storey height (as validation) · 層高: "
        + ", ".join(f"{s.name} {s.floor_to_floor_m:.3f} m" for s in layers),
        "Zones, height bands and buildings are schematic · 分區、高度帶及大樓為示意",
    ]
    if shade is not None:
        notes.append(f"Hillshade of {shade.source} · 地形暈渲")
    return notes


def massing(
    scenarios: Sequence[Any] = ("table-3-1",),
    out: str | os.PathLike[str] | None = None,
    *,
    force: bool = True,
    **options: Any,
) -> str | Path:
    """Draw the massing view; write it to ``out`` (atomically) or return the HTML string.

    Parameters
    ----------
    scenarios
        One or two scenarios, as :func:`massing_html` takes them.
    out
        The HTML file to write; None returns the page as a string.
    force
        Replace ``out`` if it exists.
    **options
        The options of :func:`massing_html` (title, colour_by, view, terrain ...).

    Returns
    -------
    str or Path
        The page, or the path written.
    """
    if out is None:
        return massing_html(scenarios, **options)
    return write_massing(out, scenarios, force=force, **options)


def write_massing(
    out: str | os.PathLike[str],
    scenarios: Sequence[Any] = ("table-3-1",),
    *,
    force: bool = True,
    **options: Any,
) -> Path:
    """Write the massing page to ``out`` atomically (:func:`gis.fs.atomic_write`).

    Parameters
    ----------
    out
        The HTML file to write.
    scenarios
        One or two scenarios, as :func:`massing_html` takes them.
    force
        Replace ``out`` if it exists.
    **options
        The options of :func:`massing_html`.

    Returns
    -------
    Path
        The path written.
    """
    from gis.fs import atomic_write, check_outputs

    check_outputs([Path(out)], force=force)
    return atomic_write(out, massing_html(scenarios, **options), force=force)
