"""folium elements of the zone map: a compact GeoJSON layer, the legend, the title, a fit button.

Their templates only ever receive :func:`maps._escape.script_json` output and folium variable names,
never a raw user string (see ``_escape.py`` for why that matters twice over with branca).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from .._escape import script_json
from ._canvas_js import CANVAS_JS
from ._codec import DECODER_JS

CSS = """
.leaflet-container { background: #f4f3ef; font-family: system-ui, -apple-system, "Segoe UI",
  "Noto Sans CJK TC", "Noto Sans CJK HK", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei",
  sans-serif; }
.tp-tooltip { white-space: normal; min-width: 230px; max-width: 360px; }
.tp-tip { font-size: 12px; line-height: 1.4; }
.tp-tip .tp-n { font-weight: 600; font-size: 13px; margin-bottom: 3px; }
.tp-tip .tp-k { color: #555; }
.tp-tip .tp-schematic { color: #9a5b00; }
.tp-tip .tp-over, .tp-legend .tp-over { color: #c0161b; font-weight: 600; }
.tp-legend { background: rgba(255,255,255,.94); padding: 6px 10px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); font-size: 12px; line-height: 1.35; max-width: 300px;
  max-height: 55vh; overflow-y: auto; }
.tp-legend summary { font-weight: 600; cursor: pointer; }
.tp-legend .tp-h { font-weight: 600; margin: 6px 0 2px; }
.tp-legend .tp-row { display: flex; align-items: center; margin: 2px 0; }
.tp-legend .tp-row i { flex: 0 0 18px; height: 12px; margin-right: 6px; border: 1.5px solid;
  box-sizing: border-box; }
.tp-legend .tp-row i.tp-line { height: 0; border-width: 3px 0 0 0; background: none; }
.tp-legend .tp-ramp { height: 10px; margin: 3px 0 1px; border: 1px solid #999; }
.tp-legend .tp-ticks { display: flex; justify-content: space-between; color: #333; }
.tp-legend .tp-note { color: #9a5b00; margin-top: 6px; }
.tp-title { background: rgba(255,255,255,.92); padding: 4px 12px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.3); font-size: 15px; font-weight: 600; text-align: right;
  max-width: min(640px, calc(100vw - 140px)); }
.tp-label span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap;
  font-size: 11px; font-weight: 700; color: #1d1d1d; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.tp-fit a { font-size: 16px; font-weight: 700; }
.leaflet-control-layers { font-size: 13px; }
"""
_KEYED_ROW = re.compile(r'<div><span class="tp-k">(.*?)</span> (.*)</div>', re.S)

TIP_JS = """
            var tip = function (layer) {
                var p = layer.feature.properties, t = p.t || [], h = "";
                if (p.n) {
                    h = '<div class="tp-n">' + p.n[0] + (p.n.length > 1 ?
                        '<br><span lang="zh-Hant">' + p.n[1] + "</span>" : "") + "</div>";
                }
                for (var i = 0; i < t.length; i++) { h += R[t[i]]; }
                return '<div class="tp-tip">' + h + "</div>";
            };
"""
"""Tooltip HTML from a feature's name parts ``n`` and row numbers ``t`` into the row table ``R``."""


class FeatureLayer(Layer):
    """A GeoJSON overlay with compact data, styles by number and tooltips from a row table.

    Parameters
    ----------
    data
        Encoded layer (``maps.web._codec``): features ``[type, coordinates, style number,
        [row numbers], [escaped name parts]]``.
    styles
        Leaflet path styles, indexed by ``s``.
    rows
        Escaped HTML tooltip rows, indexed by the numbers in ``t``.
    name
        Escaped layer name, as shown in the layer control.
    show, popup
        Start visible; also open the tooltip content as a popup on click.
    labels
        Permanent labels ``[latitude, longitude, escaped text]`` shown with the layer (the zone
        labels of an official plan).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            {{ this.decoder }}
            var S = {{ this.styles_json }};
            var R = {{ this.rows_json }};
            {{ this.tip }}
            var layer = L.geoJson(decode({{ this.data_json }}), {
                style: function (f) { return S[f.properties.s]; },
                pointToLayer: function (f, ll) { return L.circleMarker(ll, S[f.properties.s]); }
            });
            layer.bindTooltip(tip, {sticky: true, className: "tp-tooltip"});
            {%- if this.popup %}
            layer.bindPopup(tip, {maxWidth: 360});
            {%- endif %}
            layer.on("mouseover", function (e) {
                var s = S[e.layer.feature.properties.s];
                e.layer.setStyle({weight: (s.weight || 1) + 2,
                                  fillOpacity: Math.min(0.85, (s.fillOpacity || 0) + 0.2)});
            });
            layer.on("mouseout", function (e) { layer.resetStyle(e.layer); });
            {%- if this.labels_json %}
            var labels = L.layerGroup({{ this.labels_json }}.map(function (p) {
                return L.marker([p[0], p[1]], {interactive: false, keyboard: false,
                    icon: L.divIcon({className: "tp-label", html: "<span>" + p[2] + "</span>",
                                     iconSize: [0, 0]})});
            }));
            layer.on("add", function (e) { labels.addTo(e.target._map); });
            layer.on("remove", function () { labels.remove(); });
            {%- endif %}
            return layer;
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict[str, Any],
        styles: list[dict[str, Any]],
        rows: list[str],
        *,
        name: str,
        show: bool = True,
        popup: bool = True,
        labels: list[list[Any]] | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "FeatureLayer"
        self.feature_count = len(data["f"])
        self.popup = popup
        self.labels_json = script_json(labels) if labels else ""
        self.decoder = DECODER_JS
        self.tip = TIP_JS
        self.data_json = script_json(data)
        self.styles_json = script_json(styles)
        self.rows_json = script_json(rows)


class ChunkedLayer(Layer):
    """A large layer: features in JSON chunks, decoded and drawn on one canvas a slice at a time.

    Same data as :class:`FeatureLayer` (one encoded layer per chunk); see ``maps.web._canvas``. Each
    chunk carries the tooltip rows its features use (``"r"``), a row
    ``<div><span class="tp-k">KEY</span> VALUE</div>`` stored as ``[key number, VALUE]`` with the
    keys once per layer, so the page holds no big literal for the browser to parse in one go.
    The page's ``window.technopoleLayers`` lists these layers: ``ready`` once every chunk is
    decoded and drawn, ``total`` features, ``drawn`` features in view at the last complete drawing.

    Parameters
    ----------
    chunks
        Encoded layers (``maps.web._codec``) in drawing order; row numbers refer to ``rows``.
    styles, rows, name, show, popup
        As for :class:`FeatureLayer`.
    """

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        {%- for chunk in this.chunks_json %}
        <script type="application/json"
                id="{{ this.get_name() }}_{{ loop.index0 }}">{{ chunk }}</script>
        {%- endfor %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.runtime }}
        var {{ this.get_name() }} = (function () {
            var ids = [];
            for (var i = 0; i < {{ this.chunks_json | length }}; i++) {
                ids.push("{{ this.get_name() }}_" + i);
            }
            return new L.TpCanvasLayer(ids, {n: {{ this.feature_count }}},
                                       {{ this.styles_json }}, {{ this.keys_json }},
                                       {popup: {{ "true" if this.popup else "false" }}});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        chunks: Sequence[dict[str, Any]],
        styles: list[dict[str, Any]],
        rows: list[str],
        *,
        name: str,
        show: bool = True,
        popup: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "ChunkedLayer"
        self.feature_count = sum(len(c["f"]) for c in chunks)
        self.popup = popup
        self.runtime = CANVAS_JS
        keys: dict[str, int] = {}
        compact: dict[int, Any] = {}

        def row(i: int) -> Any:
            if i not in compact:
                m = _KEYED_ROW.fullmatch(rows[i])
                compact[i] = [keys.setdefault(m[1], len(keys)), m[2]] if m else rows[i]
            return compact[i]

        self.chunks = []
        for chunk in chunks:
            local: dict[int, int] = {}
            features = [
                [*f[:3], [local.setdefault(t, len(local)) for t in f[3]], *f[4:]]
                for f in chunk["f"]
            ]
            self.chunks.append({**chunk, "f": features, "r": [row(i) for i in local]})
        self.chunks_json = [script_json(c) for c in self.chunks]
        self.keys_json = script_json(list(keys))
        self.styles_json = script_json(styles)


class MapStyle(MacroElement):
    """The stylesheet of tooltips, legend and title (one per map)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.css = CSS


class Legend(MacroElement):
    """A legend control; each section shows only while its layer is on the map.

    ``sections`` is a list of (layer or None, escaped HTML); ``summary`` the escaped heading.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var layers = [
                {%- for lyr in this.layers %}{{ lyr.get_name() if lyr else "null" }}, {% endfor -%}
            ];
            var parts = {{ this.parts_json }};
            var ctl = L.control({position: "bottomright"});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "tp-legend");
                var html = "<details open><summary>" + {{ this.summary_json }} + "</summary>";
                for (var i = 0; i < parts.length; i++) {
                    html += '<div class="tp-sec" data-i="' + i + '">' + parts[i] + "</div>";
                }
                div.innerHTML = html + {{ this.note_json }} + "</details>";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            ctl.addTo(map);
            var sync = function () {
                var nodes = ctl.getContainer().querySelectorAll(".tp-sec");
                for (var j = 0; j < nodes.length; j++) {
                    var lyr = layers[+nodes[j].getAttribute("data-i")];
                    nodes[j].style.display = (!lyr || map.hasLayer(lyr)) ? "" : "none";
                }
            };
            map.on("overlayadd overlayremove", sync);
            sync();
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self, sections: Sequence[tuple[Layer | None, str]], summary: str, note: str = ""
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.layers = [layer for layer, _ in sections]
        self.parts_json = script_json([html for _, html in sections])
        self.summary_json = script_json(summary)
        self.note_json = script_json(f'<div class="tp-note">{note}</div>' if note else "")


class TitleBox(MacroElement):
    """The map's title, the first control of the top-right corner (kept in full-screen mode):
    Leaflet stacks the layer control under it, so no control ever covers it; ``html`` is escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var ctl = L.control({position: "topright"});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "tp-title");
                div.innerHTML = {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "TitleBox"
        self.html_json = script_json(html)


class FitButton(MacroElement):
    """A button under the zoom buttons that zooms back to all layers (``label``: plain text)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds_json }};
            var ctl = L.control({position: "topleft"});
            ctl.onAdd = function () {
                var div = L.DomUtil.create("div", "leaflet-bar tp-fit");
                var a = L.DomUtil.create("a", "", div);
                a.href = "#";
                a.setAttribute("role", "button");
                a.title = {{ this.label_json }};
                a.setAttribute("aria-label", a.title);
                a.innerHTML = "&#x2922;";
                L.DomEvent.on(a, "click", function (e) {
                    L.DomEvent.preventDefault(e);
                    map.fitBounds(bounds);
                });
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            ctl.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], label: str) -> None:
        super().__init__()
        self._name = "FitButton"
        self.bounds_json = script_json(bounds)
        self.label_json = script_json(label)


class ScaleBar(MacroElement):
    """A metric scale bar (folium's ``control_scale`` also shows miles and feet)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ScaleBar"
