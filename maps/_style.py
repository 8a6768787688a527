"""How each kind of layer looks: roles, palettes and Leaflet path styles (shared by the static map).

A layer's *role* decides its styling and legend. It comes from the layer key (``"loop.zones"``) and,
for a user's own file, from its columns:

=============  ==========================================================
role           recognised by
=============  ==========================================================
context        a neighbouring plan's zones (``zone_map(context=...)``)
ozp            official zones: a ``zone_label`` (or ``ZONE_LABEL``) or ``family``
               column (the family colours of ``layers/zone_families.csv``), or
               key ``*ozp*``
border         key ``*border*`` (the Hong Kong-mainland boundary line)
zones          key ``*zones*`` or columns ``zone_id`` + ``kind``
height_bands   key ``*height*`` or a ``height_mpd`` column without zone_id
buildings      key ``*building*`` or a ``status`` column
parcels        key ``*parcel*`` or a ``land_use`` column
wetland        key ``*wetland*``
outlines       key ``*phase*``, ``*batch*``, ``*boundary*``, ``*outline*``,
               ``*plan_area*``
categories     a user's layer that is neither of the above by its columns (no
               ``zone_id``/``kind``) but has a categorical column (:func:`category_column`):
               one colour per value, legend titled "layer — column"
other          anything else, e.g. a user's parcels (neutral outline)
=============  ==========================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ._categories import category_column

ROLES: tuple[str, ...] = (
    "context",
    "ozp",
    "wetland",
    "parcels",
    "height_bands",
    "zones",
    "other",
    "categories",
    "buildings",
    "outlines",
    "border",
)
"""Drawing order, bottom to top (the map's own validation and problem layers go above these)."""

# Tableau 10: distinct at 45 % fill opacity on white.
CATEGORICAL = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
# ColorBrewer Dark2: a user's own categories, apart from the zones' Tableau colours.
USER_CATEGORICAL = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)
# Height bands on the static map: outlines from light to dark grey (no fill, so they never mix
# with the zones' colours underneath or on top).
HEIGHT_LINES = ("#b0b0b0", "#202020")
LAND_USE_COLOURS = {
    "i_and_t": "#7b4fa0",
    "residential": "#e6a817",
    "gic": "#d9578e",
    "open_space": "#4c9a4a",
    "road": "#9a9a9a",
    "commercial": "#d1495b",
    "mixed_use": "#c97b3a",
    "utility": "#6b7b8c",
    "wetland": "#3aa6b9",
    "village": "#e0b07a",
    "transport": "#7f8c9a",
}
STATUS_COLOURS = {"completed": "#1f4e8c", "under construction": "#f28e2b"}
HEIGHT_RAMP = (
    "#ffffcc",
    "#ffeda0",
    "#fed976",
    "#feb24c",
    "#fd8d3c",
    "#fc4e2a",
    "#e31a1c",
    "#bd0026",
    "#800026",
)
UTILISATION_RAMP = ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027")
OVER_CAPACITY = "#d7191c"
PROBLEM = "#c51b7d"
NEUTRAL = "#8c8c8c"
WETLAND = "#3aa6b9"
MUTED = "#c8c8c8"  # non-building zones (zone_type non_building): roads, open space, ...
OZP_OPACITY = 0.6
BORDER: dict[str, Any] = {
    "color": "#a50f15",
    "weight": 3.5,
    "opacity": 0.95,
    "dashArray": "14 5 3 5",
}
"""The Hong Kong-mainland boundary: a dark red dash-dot line, above every other layer."""

OUTLINE_STYLES: dict[str, dict[str, Any]] = {
    "boundary": {"color": "#222222", "weight": 3, "dashArray": None},
    "phase": {"color": "#1f3a93", "weight": 2.5, "dashArray": "8 4"},
    "batch": {"color": "#7b2d8b", "weight": 2, "dashArray": "3 4"},
    "plan_area": {"color": "#555555", "weight": 1.5, "dashArray": "2 4"},
    "other": {"color": "#333333", "weight": 2, "dashArray": "6 3"},
}


def draw_rank(role: str, frame: Any = None) -> tuple[bool, int]:
    """Drawing order of a layer, bottom to top: by role (:data:`ROLES`), except that a layer
    added on top of a site's map (``frame.attrs["on_top"]``, ``map --add``) comes after all.
    """
    return bool(getattr(frame, "attrs", {}).get("on_top")), ROLES.index(role)


def layer_role(key: str, columns: Iterable[str], frame: Any = None) -> str:
    """The role of a layer from its key and column names (see the module docstring); with the
    ``frame`` itself, a layer of unknown kind (or named "zones" without ``zone_id``/``kind``)
    that has a categorical column is ``"categories"``.
    """
    role = _role(key, columns)
    if (
        role in ("zones", "other")
        and frame is not None
        and not {"zone_id", "kind"} & set(columns)
        and category_column(frame) is not None
    ):
        return "categories"
    return role


def _role(key: str, columns: Iterable[str]) -> str:
    name = key.lower().rpartition(".")[2]
    cols = set(columns)
    if cols & {"zone_label", "ZONE_LABEL", "family"} or "ozp" in name:
        return "ozp"
    if "border" in name:
        return "border"
    if "wetland" in name:
        return "wetland"
    if "zone" in name:
        return "zones"
    if "height" in name:
        return "height_bands"
    if "building" in name:
        return "buildings"
    if "parcel" in name:
        return "parcels"
    if any(word in name for word in ("phase", "batch", "boundary", "outline", "plan_area")):
        return "outlines"
    if {"zone_id", "kind"} <= cols:
        return "zones"
    if "height_mpd" in cols and "zone_id" not in cols:
        return "height_bands"
    if "status" in cols:
        return "buildings"
    if "land_use" in cols:
        return "parcels"
    return "other"


def outline_kind(key: str) -> str:
    """Which outline style a key gets: boundary, phase, batch, plan_area or other."""
    name = key.lower().rpartition(".")[2]
    for kind in ("boundary", "phase", "batch", "plan_area"):
        if kind in name:
            return kind
    return "other"


def fill(
    colour: str,
    *,
    opacity: float = 0.45,
    line: str | None = None,
    weight: float = 1.0,
    dash: str | None = None,
) -> dict[str, Any]:
    """A Leaflet path style for a filled polygon."""
    style: dict[str, Any] = {
        "color": line or darken(colour),
        "weight": weight,
        "opacity": 0.9,
        "fillColor": colour,
        "fillOpacity": opacity,
    }
    if dash:
        style["dashArray"] = dash
    return style


def neutral_outline() -> dict[str, Any]:
    """A layer of unknown kind (a user's parcels): grey outline, a trace of fill to click on."""
    return fill(NEUTRAL, opacity=0.06, line=darken(NEUTRAL, 0.7), weight=1.2)


def outline(key: str) -> dict[str, Any]:
    """A Leaflet path style for an outline layer (no fill)."""
    spec = OUTLINE_STYLES[outline_kind(key)]
    style: dict[str, Any] = {
        "color": spec["color"],
        "weight": spec["weight"],
        "opacity": 0.95,
        "fill": False,
    }
    if spec["dashArray"]:
        style["dashArray"] = spec["dashArray"]
    return style


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` as integers 0-255 (the one colour parser of the maps)."""
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def rgba_css(colour: str, alpha: float) -> str:
    """``"#rrggbb"`` with opacity as a CSS ``rgba(...)``."""
    r, g, b = rgb(colour)
    return f"rgba({r},{g},{b},{alpha:g})"


def darken(colour: str, factor: float = 0.65) -> str:
    """The same hue, darker (for outlines of filled shapes)."""
    return "#" + "".join(f"{max(0, min(255, round(v * factor))):02x}" for v in rgb(colour))


@cache
def colormap(colours: tuple[str, ...], vmin: float = 0.0, vmax: float = 1.0) -> Any:
    """A branca linear colormap through ``colours`` from ``vmin`` to ``vmax``."""
    from branca.colormap import LinearColormap

    return LinearColormap(list(colours), vmin=vmin, vmax=vmax)


def ramp(colours: tuple[str, ...], t: float) -> str:
    """Colour at ``t`` in [0, 1] along ``colours`` (linear in RGB); clipped, NaN -> start."""
    t = 0.0 if t != t else max(0.0, min(1.0, t))
    return colormap(colours).rgb_hex_str(t)


def categorical(values: Iterable[Any], palette: tuple[str, ...] = CATEGORICAL) -> dict[Any, str]:
    """A colour for each distinct value, in order of first appearance."""
    out: dict[Any, str] = {}
    for v in values:
        if v not in out:
            out[v] = palette[len(out) % len(palette)]
    return out


def land_use_colour(value: Any, fallback: dict[Any, str]) -> str:
    """Planning colour of a land use, or a categorical one for codes not in the table."""
    return LAND_USE_COLOURS.get(str(value).lower(), fallback.get(value, NEUTRAL))


def status_colour(value: Any) -> str:
    return STATUS_COLOURS.get(str(value).lower().replace("_", " "), NEUTRAL)


def utilisation_colour(u: float) -> str:
    """Green (low) to red (at or above 100 %) for capacity use, a fraction."""
    return ramp(UTILISATION_RAMP, u / 1.1)


def muted() -> dict[str, Any]:
    """A non-building zone (roads, open space, ecological area): pale grey, dashed outline."""
    return fill(MUTED, opacity=0.25, line=NEUTRAL, weight=1, dash="3 3")


def is_non_building(rec: Mapping[str, Any]) -> bool:
    return str(rec.get("zone_type", "")).strip().lower() in ("non_building", "non-building")


# ---------------------------------------------------------------- official (OZP) zones


@cache
def _families() -> dict[str, tuple[str, str, str]]:
    """Zone family -> (colour, name_en, name_zh), from ``gis.ozp.zone_families``."""
    from gis.ozp import zone_families

    table = zone_families()
    return {
        str(f): (str(c), str(en), str(zh))
        for f, c, en, zh in zip(
            table["family"], table["colour"], table["name_en"], table["name_zh"], strict=True
        )
    }


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_SUB = re.compile(r"^(?:\d+|\(\d+\))$")


def zone_family(rec: Mapping[str, Any]) -> str | None:
    """A zone's family: its ``family`` column, else read from its label (``R(A)3`` -> ``R(A)``)."""
    family = rec.get("family")
    if isinstance(family, str) and family.strip():
        return family.strip()
    label = rec.get("zone_label", rec.get("ZONE_LABEL"))
    if not isinstance(label, str):
        return None
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", label)).upper()
    for fam in sorted(_families(), key=len, reverse=True):
        if code == fam or (code.startswith(fam) and _SUB.match(code[len(fam) :])):
            return fam
    return None


def zone_colour(rec: Mapping[str, Any]) -> str:
    """The zone's customary OZP colour: its ``colour`` column, else its family's, else grey."""
    colour = rec.get("colour")
    if isinstance(colour, str) and _HEX.match(colour.strip()):
        return colour.strip().lower()
    fam = zone_family(rec)
    return _families()[fam][0].lower() if fam in _families() else NEUTRAL


def family_names(family: str | None) -> tuple[str, str]:
    """Bilingual name of a zone family (``("Open Space", "休憩用地")``); the code if unknown."""
    if family in _families():
        return _families()[family][1], _families()[family][2]
    return (family or "unknown zone", "")


def ozp_fill(colour: str, *, context: bool = False) -> dict[str, Any]:
    """An official zone: its family colour, or for a context plan a coloured outline."""
    if context:
        return {
            "color": darken(colour, 0.75),
            "weight": 1.5,
            "opacity": 0.9,
            "fillColor": colour,
            "fillOpacity": 0.12,
            "dashArray": "5 3",
        }
    return fill(colour, opacity=OZP_OPACITY, line=darken(colour, 0.55), weight=0.8)
