"""A designer's style file applied to the maps (``technopole map --style``): per layer colour
(fixed, by category or on a ramp), opacity, outline, labels, legend title and entries,
visibility and drawing order. :func:`gis.read_style` checks the file's shape; colours are
checked here with matplotlib (``to_hex``) and layer names against the map's layers, each error
naming the file, line and key.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gis.io import StyleDocument, check_style, read_style

from . import _style as st
from ._escape import is_missing

Style = dict[str, Any]
Swatches = list[tuple[str, str]]  # (legend label, colour)
_DRAW_KEYS = ("colour", "fill_opacity", "line_colour", "line_width")


@dataclass
class StyleSheet:
    """The checked style of each layer (colours as ``#rrggbb``) and where it came from."""

    doc: StyleDocument

    def get(self, key: str) -> Style:
        """The style of layer ``key`` (empty when the file does not name it)."""
        return self.doc.layers.get(key, {})

    def check_layers(self, keys: Iterable[str]) -> None:
        """Refuse a layer the map does not draw, on the line it is named."""
        known = list(keys)
        for name in self.doc.layers:
            if name not in known:
                raise self.doc.error(
                    ("layers", name),
                    f"no layer '{name}' on this map; expected one of {', '.join(known)}",
                )


def load_style_sheet(style: Any) -> StyleSheet | None:
    """Read (a file) or check (a mapping) a style, and its colours; None without one."""
    if style is None:
        return None
    if isinstance(style, StyleDocument):
        doc = StyleDocument(copy.deepcopy(style.layers), style.source, style.lines)
    elif isinstance(style, Mapping):
        doc = check_style(copy.deepcopy(dict(style)))
    else:
        doc = read_style(style)
    for name, spec in doc.layers.items():
        _check_colours(doc, ("layers", name), spec)
    return StyleSheet(doc)


def _hex(doc: StyleDocument, path: tuple[str, ...], value: Any) -> str:
    from matplotlib.colors import to_hex

    try:
        return str(to_hex(value))
    except (ValueError, TypeError):
        raise doc.error(
            path, f"expected a colour (a name such as 'teal' or #rrggbb), found '{value}'"
        ) from None


def _check_colours(doc: StyleDocument, path: tuple[str, ...], spec: Style) -> None:
    """Colours of one layer, checked and replaced by their ``#rrggbb``."""
    if "line_colour" in spec:
        spec["line_colour"] = _hex(doc, (*path, "line_colour"), spec["line_colour"])
    colour = spec.get("colour")
    if isinstance(colour, str):
        spec["colour"] = _hex(doc, (*path, "colour"), colour)
    elif isinstance(colour, dict):
        at = (*path, "colour")
        if "values" not in colour and len(colour.get("ramp", ())) < 2:
            raise doc.error(at, "expected values: {value: colour} or a ramp of two colours or more")
        for k, c in list(colour.get("values", {}).items()):
            colour["values"][k] = _hex(doc, (*at, "values", str(k)), c)
        colour["ramp"] = [_hex(doc, (*at, "ramp"), c) for c in colour.get("ramp", [])]
        if "default" in colour:
            colour["default"] = _hex(doc, (*at, "default"), colour["default"])


def draws(spec: Style) -> bool:
    """Whether the style says how to draw the features (not only the legend or labels)."""
    return any(k in spec for k in _DRAW_KEYS)


def colour_of(spec: Style, value_range: tuple[float, float] | None) -> Any:
    """``record -> fill colour`` for the style's ``colour`` (None when it has none)."""
    colour = spec.get("colour")
    if colour is None or isinstance(colour, str):
        return lambda rec: colour
    field, default = colour["by"], colour.get("default", st.NEUTRAL)
    if "values" in colour:
        values = {str(k): c for k, c in colour["values"].items()}
        return lambda rec: values.get(_text(rec.get(field)), default)
    lo, hi = value_range or (0.0, 1.0)
    ramp = tuple(colour["ramp"])

    def on_ramp(rec: Mapping[str, Any]) -> str:
        x = pd.to_numeric(pd.Series([rec.get(field)]), errors="coerce").iloc[0]
        return default if x != x else st.ramp(ramp, (x - lo) / (hi - lo) if hi > lo else 1.0)

    return on_ramp


def value_range(spec: Style, gdf: Any) -> tuple[float, float] | None:
    """The ramp's ends: the style's ``min``/``max``, else the field's range in ``gdf``."""
    colour = spec.get("colour")
    if not isinstance(colour, dict) or "ramp" not in colour:
        return None
    x = pd.to_numeric(gdf.get(colour["by"], pd.Series(dtype=float)), errors="coerce").dropna()
    lo = float(colour.get("min", x.min() if len(x) else 0.0))
    hi = float(colour.get("max", x.max() if len(x) else 1.0))
    return lo, hi


def leaflet_style(spec: Style, base: Style, colour: str | None) -> Style:
    """``base`` (the role's style of a feature) with the style file's colour and line."""
    out = dict(base)
    if colour is not None:
        out.update(fillColor=colour, color=st.darken(colour), fill=True)
        out.setdefault("fillOpacity", 0.45)
    if "fill_opacity" in spec:
        out["fillOpacity"] = spec["fill_opacity"]
    if "line_colour" in spec:
        out["color"] = spec["line_colour"]
    if "line_width" in spec:
        out["weight"] = spec["line_width"]
    return out


def swatches(spec: Style, gdf: Any) -> Swatches:
    """Legend rows of a style that colours by category or ramp: renamed, hidden as it says."""
    colour = spec.get("colour")
    legend = spec.get("legend", {})
    names = {str(k): str(v) for k, v in legend.get("entries", {}).items()}
    hidden = {_text(v) for v in legend.get("hide", [])}
    if not isinstance(colour, dict):
        return []
    if "values" in colour:
        present = {_text(v) for v in gdf.get(colour["by"], [])}
        rows = [(str(k), c) for k, c in colour["values"].items() if str(k) in present]
    else:
        lo, hi = value_range(spec, gdf) or (0.0, 1.0)
        on_ramp = colour_of(spec, (lo, hi))
        rows = [(f"{v:g}", on_ramp({colour["by"]: v})) for v in (lo, (lo + hi) / 2, hi)]
    return [(names.get(k, k), c) for k, c in rows if k not in hidden]


def label_field(spec: Style, default: str | None, columns: Iterable[str] = ()) -> str | None:
    """The field to label features with: the style's ``label_field``; with ``labels: true``
    the layer's default, else its first name column; none when the style turns labels off.
    """
    if spec.get("labels") is False:
        return None
    if spec.get("labels") is True and default is None:
        default = next((c for c in ("name_en", "name", "name_zh", "id") if c in columns), None)
    return spec.get("label_field", default)


Item = tuple[str, str, Any]


def ordered(items: list[Item], sheet: StyleSheet | None, roles: tuple[str, ...]) -> list[Item]:
    """(key, role, layer) sorted by the style's ``order``, else by role (bottom to top)."""

    def rank(item: Item) -> int:
        spec = sheet.get(item[0]) if sheet else {}
        on_top = bool(getattr(item[2], "attrs", {}).get("on_top"))  # map --add
        return int(spec.get("order", roles.index(item[1]) + (len(roles) if on_top else 0)))

    return sorted(items, key=rank)


def _text(v: Any) -> str:
    if is_missing(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
