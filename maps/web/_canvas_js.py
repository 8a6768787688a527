"""The browser side of the large layers: the canvas layer that ``_elements.ChunkedLayer`` runs.

:data:`CANVAS_JS` decodes one chunk at a time between animation frames, then draws the features
in view on one canvas in slices of :data:`maps.web._canvas.SLICE_MS` milliseconds (never one long
task). Sub-pixel detail is dropped when drawing (vertices closer than a pixel, features smaller
than a pixel drawn as one), which is the simplification by zoom. Hover and click find the feature
under the mouse (bounding box, then point in polygon or distance to a line) and show the same
bilingual, escaped tooltip as the small layers. The size decisions are in ``maps.web._canvas``.
"""

from __future__ import annotations

import json

from ._canvas import SLICE_MS
from ._codec import DEPTH

__all__ = ["CANVAS_JS"]

CANVAS_JS = r"""
if (!L.TpCanvasLayer) {
L.TpCanvasLayer = L.Layer.extend({
    options: {popup: true, budget: @SLICE_MS@},
    initialize: function (ids, meta, styles, keys, options) {
        L.setOptions(this, options);
        this._ids = ids; this._meta = meta; this._K = keys;
        this._S = styles.map(function (s) {
            var w = s.weight == null ? 3 : s.weight;
            return {w: w, c: s.color || "#3388ff", o: s.opacity == null ? 1 : s.opacity,
                    f: s.fill !== false, fc: s.fillColor || s.color || "#3388ff",
                    fo: s.fillOpacity == null ? 0.2 : s.fillOpacity, st: s.stroke !== false,
                    d: s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : [],
                    r: s.radius == null ? 10 : s.radius};
        });
        this._chunks = []; this._next = 0; this._job = null; this._view = null;
        this.total = meta.n; this.drawn = 0; this.ready = false; this.draws = 0;
        (window.technopoleLayers = window.technopoleLayers || []).push(this);
    },
    getEvents: function () {
        var ev = {moveend: this._redraw, resize: this._redraw, viewreset: this._redraw,
                  zoom: this._place, mousemove: this._move, mouseout: this._out,
                  click: this._click, zoomstart: this._out, movestart: this._out};
        if (this._map && this._map._zoomAnimated) { ev.zoomanim = this._anim; }
        return ev;
    },
    onAdd: function (map) {
        this._canvas = L.DomUtil.create("canvas", "tp-canvas leaflet-zoom-animated");
        this._hl = L.DomUtil.create("canvas", "tp-canvas-hl");
        [this._canvas, this._hl].forEach(function (c) {
            c.style.pointerEvents = "none"; c.style.position = "absolute";
        });
        this.getPane().appendChild(this._canvas);
        this.getPane().appendChild(this._hl);
        this._redraw();
    },
    onRemove: function () {
        this._out();
        L.DomUtil.remove(this._canvas); L.DomUtil.remove(this._hl);
        this._job = null; this._view = null;
    },
    busy: function () {
        // Drawing, or about to: a zoom or pan animation ends with a redraw.
        var map = this._map;
        return !!(this._timer || this._want || (this._job && this._job.back) ||
                  (map && (map._animatingZoom || (map._panAnim && map._panAnim._inProgress))));
    },
    _redraw: function () { if (this._map) { this._want = true; this._pump(); } },
    _pump: function () {
        if (!this._timer) { this._timer = setTimeout(L.bind(this._work, this), 0); }
    },
    _work: function () {
        this._timer = null;
        if (!this._map) { return; }
        var t0 = performance.now(), job;
        while (performance.now() - t0 < this.options.budget) {
            if (this._want) { this._want = false; this._start(); }
            job = this._job;
            if (job.c < this._chunks.length) { this._drawSome(job, t0); continue; }
            if (job.back) { this._swap(job); continue; }
            if (this._next < this._ids.length) { this._decode(this._next++); continue; }
            if (!this.ready) {
                this.ready = true; this.drawn = job.drawn; this.fire("tpready");
            }
            return;
        }
        this._pump();
    },
    _start: function () {
        var map = this._map, size = map.getSize(), z = map.getZoom(), k = Math.pow(2, z);
        var tl = map.containerPointToLayerPoint([0, 0]), po = map.getPixelOrigin();
        var ox = tl.x + po.x, oy = tl.y + po.y, pad = 8 / k, r = window.devicePixelRatio || 1;
        var back = document.createElement("canvas");
        back.width = Math.round(size.x * r); back.height = Math.round(size.y * r);
        var ctx = back.getContext("2d");
        ctx.scale(r, r);
        this._job = {c: 0, i: 0, back: back, ctx: ctx, drawn: 0, st: -1,
                     v: {k: k, ox: ox, oy: oy, x0: ox / k - pad, y0: oy / k - pad,
                         x1: (ox + size.x) / k + pad, y1: (oy + size.y) / k + pad,
                         w: size.x, h: size.y, r: r, z: z,
                         nw: map.containerPointToLatLng([0, 0])}};
    },
    _swap: function (job) {
        var c = this._canvas, v = job.v;
        c.width = job.back.width; c.height = job.back.height;
        c.style.width = v.w + "px"; c.style.height = v.h + "px";
        var ctx = c.getContext("2d");
        ctx.drawImage(job.back, 0, 0);
        ctx.setTransform(v.r, 0, 0, v.r, 0, 0);
        job.back = null; job.ctx = ctx; job.st = -1;
        this._view = v; this._place();
        this.drawn = job.drawn; this.draws += 1;
        this.fire("tpdrawn");
    },
    _place: function () {
        var v = this._view, map = this._map;
        if (!v || !map) { return; }
        L.DomUtil.setTransform(this._canvas, map.latLngToLayerPoint(v.nw),
                               map.getZoomScale(map.getZoom(), v.z));
    },
    _anim: function (e) {
        var v = this._view, map = this._map;
        if (!v || !map) { return; }
        var pos = map._latLngToNewLayerPoint(v.nw, e.zoom, e.center);
        L.DomUtil.setTransform(this._canvas, pos, map.getZoomScale(e.zoom, v.z));
    },
    _decode: function (index) {
        // Chunk: {"p": precision, "o": origin, "f": [[type, coords, style, rows, name], ...]}.
        var el = document.getElementById(this._ids[index]);
        var D = JSON.parse(el.textContent);
        el.textContent = "";
        var f = D.f, n = f.length, scale = Math.pow(10, D.p), ox = D.o[0], oy = D.o[1];
        var nr = 0, nv = 0, i, j, flat = [];
        var rings = function (c, d) {
            if (d <= 1) { flat.push(c); return; }
            for (var q = 0; q < c.length; q++) { rings(c[q], d - 1); }
        };
        var fr = new Int32Array(n + 1), typ = new Uint8Array(n), sty = new Int32Array(n);
        for (i = 0; i < n; i++) {
            fr[i] = flat.length; typ[i] = f[i][0]; sty[i] = f[i][2];
            rings(f[i][1], Math.max(@DEPTH@[f[i][0]], 1));
        }
        fr[n] = flat.length; nr = flat.length;
        for (i = 0; i < nr; i++) { nv += flat[i].length / 2; }
        var X = new Float64Array(nv), Y = new Float64Array(nv), ro = new Int32Array(nr + 1);
        var bb = new Float64Array(4 * n), v = 0, deg = Math.PI / 180, lim = 85.0511287798;
        for (i = 0; i < n; i++) {
            var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
            for (var r = fr[i]; r < fr[i + 1]; r++) {
                var a = flat[r], lon = ox, lat = oy;
                ro[r] = v;
                for (j = 0; j < a.length; j += 2) {
                    lon += a[j]; lat += a[j + 1];
                    // Web Mercator pixels at zoom 0 (what map.project gives, divided by 2^zoom).
                    var la = Math.max(-lim, Math.min(lim, lat / scale)) * deg;
                    var x = 256 * (0.5 + lon / scale / 360);
                    var y = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / (2 * Math.PI));
                    X[v] = x; Y[v] = y; v++;
                    if (x < x0) { x0 = x; } if (x > x1) { x1 = x; }
                    if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
                }
            }
            bb[4 * i] = x0; bb[4 * i + 1] = y0; bb[4 * i + 2] = x1; bb[4 * i + 3] = y1;
            f[i][1] = null;
        }
        ro[nr] = v;
        this._chunks.push({n: n, f: f, r: D.r, fr: fr, ro: ro, typ: typ, sty: sty, X: X, Y: Y,
                           bb: bb});
    },
    _drawSome: function (job, t0) {
        var ch = this._chunks[job.c], v = job.v, bb = ch.bb, budget = this.options.budget;
        while (job.i < ch.n) {
            if ((job.i & 127) === 0 && performance.now() - t0 > budget) { return; }
            var i = job.i++;
            if (bb[4 * i] > v.x1 || bb[4 * i + 2] < v.x0 || bb[4 * i + 1] > v.y1 ||
                bb[4 * i + 3] < v.y0) { continue; }
            if (job.st !== ch.sty[i]) {
                job.st = ch.sty[i];
                this._style(job.ctx, this._S[job.st], 0);
            }
            this._feature(job.ctx, ch, i, v, this._S[job.st], 0);
            job.drawn++;
        }
        job.c++; job.i = 0;
    },
    _style: function (ctx, s, hover) {
        // Colours, width and dashes change only between features of different styles.
        ctx.fillStyle = s.fc; ctx.strokeStyle = s.c; ctx.lineWidth = s.w + (hover ? 2 : 0);
        ctx.lineJoin = "round"; ctx.lineCap = "round"; ctx.setLineDash(s.d);
    },
    _feature: function (ctx, ch, i, v, s, hover) {
        var k = v.k, ox = v.ox, oy = v.oy, X = ch.X, Y = ch.Y, t = ch.typ[i];
        var bb = ch.bb, line = t === 2 || t === 3, point = t <= 1, r, j;
        var fo = Math.min(hover ? 0.85 : 1, s.fo + (hover ? 0.2 : 0));
        ctx.beginPath();
        if (point) {
            for (r = ch.fr[i]; r < ch.fr[i + 1]; r++) {
                for (j = ch.ro[r]; j < ch.ro[r + 1]; j++) {
                    var px = X[j] * k - ox, py = Y[j] * k - oy;
                    ctx.moveTo(px + s.r, py); ctx.arc(px, py, s.r, 0, 2 * Math.PI);
                }
            }
        } else if (!line && (bb[4 * i + 2] - bb[4 * i]) * k < 1.5 &&
                   (bb[4 * i + 3] - bb[4 * i + 1]) * k < 1.5) {
            // Smaller than a pixel or two at this zoom: one small square.
            ctx.globalAlpha = Math.max(fo, s.o * 0.5);
            ctx.fillRect(bb[4 * i] * k - ox, bb[4 * i + 1] * k - oy, 1.5, 1.5);
            return;
        } else {
            for (r = ch.fr[i]; r < ch.fr[i + 1]; r++) {
                var a = ch.ro[r], b = ch.ro[r + 1];
                var lx = X[a] * k - ox, ly = Y[a] * k - oy;
                ctx.moveTo(lx, ly);
                for (j = a + 1; j < b; j++) {
                    var x = X[j] * k - ox, y = Y[j] * k - oy;
                    // Vertices closer than a pixel to the last one drawn are skipped.
                    if (j === b - 1 || Math.abs(x - lx) + Math.abs(y - ly) > 0.8) {
                        ctx.lineTo(x, y); lx = x; ly = y;
                    }
                }
                if (!line) { ctx.closePath(); }
            }
        }
        if (!line && s.f) { ctx.globalAlpha = fo; ctx.fill("evenodd"); }
        if (s.st && s.w + hover > 0) { ctx.globalAlpha = s.o; ctx.stroke(); }
    },
    _hit: function (latlng) {
        var k = Math.pow(2, this._map.getZoom()), deg = Math.PI / 180;
        var la = Math.max(-85.0511287798, Math.min(85.0511287798, latlng.lat)) * deg;
        var px = 256 * (0.5 + latlng.lng / 360);
        var py = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + la / 2)) / (2 * Math.PI));
        for (var c = this._chunks.length - 1; c >= 0; c--) {
            var ch = this._chunks[c], bb = ch.bb;
            for (var i = ch.n - 1; i >= 0; i--) {
                var s = this._S[ch.sty[i]], t = ch.typ[i], tol = (s.w / 2 + 3) / k;
                if (t <= 1) { tol += s.r / k; }
                if (px < bb[4 * i] - tol || px > bb[4 * i + 2] + tol ||
                    py < bb[4 * i + 1] - tol || py > bb[4 * i + 3] + tol) { continue; }
                if (this._inside(ch, i, px, py, t, tol)) { return {c: c, i: i}; }
            }
        }
        return null;
    },
    _inside: function (ch, i, px, py, t, tol) {
        var X = ch.X, Y = ch.Y, inside = false, r, j, q;
        for (r = ch.fr[i]; r < ch.fr[i + 1]; r++) {
            var a = ch.ro[r], b = ch.ro[r + 1];
            if (t <= 1) {  // points: within the circle
                for (j = a; j < b; j++) {
                    var qx = X[j] - px, qy = Y[j] - py;
                    if (qx * qx + qy * qy <= tol * tol) { return true; }
                }
            } else if (t <= 3) {  // lines: close to a segment
                for (j = a + 1; j < b; j++) {
                    var dx = X[j] - X[j - 1], dy = Y[j] - Y[j - 1], l2 = dx * dx + dy * dy;
                    var u = l2 ? ((px - X[j - 1]) * dx + (py - Y[j - 1]) * dy) / l2 : 0;
                    u = Math.max(0, Math.min(1, u));
                    var ex = X[j - 1] + u * dx - px, ey = Y[j - 1] + u * dy - py;
                    if (ex * ex + ey * ey <= tol * tol) { return true; }
                }
            } else {  // polygons: even-odd crossings over every ring
                for (j = a, q = b - 1; j < b; q = j++) {
                    if ((Y[j] > py) !== (Y[q] > py) &&
                        px < (X[q] - X[j]) * (py - Y[j]) / (Y[q] - Y[j]) + X[j]) {
                        inside = !inside;
                    }
                }
            }
        }
        return inside;
    },
    _html: function (h) {
        // The same tooltip as the small layers: the name (Chinese on a second line), then rows.
        var ch = this._chunks[h.c], f = ch.f[h.i], n = f[4], t = f[3] || [], out = "";
        if (n) {
            out = '<div class="tp-n">' + n[0] + (n.length > 1 ?
                '<br><span lang="zh-Hant">' + n[1] + "</span>" : "") + "</div>";
        }
        for (var i = 0; i < t.length; i++) {
            var row = ch.r[t[i]];
            out += typeof row === "string" ? row : '<div><span class="tp-k">' + this._K[row[0]] +
                "</span> " + row[1] + "</div>";
        }
        return '<div class="tp-tip">' + out + "</div>";
    },
    _move: function (e) {
        var map = this._map, tgt = e.originalEvent && e.originalEvent.target;
        if (!this._chunks.length || (map.dragging && map.dragging.moving())) { return; }
        if ((tgt && tgt.tagName === "path") || (map._renderer && map._renderer._hoveredLayer)) {
            this._out(); return;
        }
        var h = this._hit(e.latlng);
        if (!h) { this._out(); return; }
        if (!this._tt) {
            this._tt = L.tooltip({sticky: true, className: "tp-tooltip", direction: "auto"});
        }
        if (!this._hover || this._hover.c !== h.c || this._hover.i !== h.i) {
            this._hover = h;
            this._tt.setContent(this._html(h));
            this._highlight(h);
        }
        this._tt.setLatLng(e.latlng);
        if (!map.hasLayer(this._tt)) { map.openTooltip(this._tt); }
        L.DomUtil.addClass(map.getContainer(), "leaflet-interactive");
    },
    _highlight: function (h) {
        var map = this._map, size = map.getSize(), c = this._hl, ch = this._chunks[h.c];
        var tl = map.containerPointToLayerPoint([0, 0]), po = map.getPixelOrigin();
        var k = Math.pow(2, map.getZoom());
        c.width = size.x; c.height = size.y;
        L.DomUtil.setPosition(c, tl);
        var ctx = c.getContext("2d"), s = this._S[ch.sty[h.i]];
        this._style(ctx, s, 1);
        this._feature(ctx, ch, h.i, {k: k, ox: tl.x + po.x, oy: tl.y + po.y}, s, 1);
    },
    _out: function () {
        var map = this._map;
        this._hover = null;
        if (this._hl) { this._hl.width = 0; }
        if (map && this._tt && map.hasLayer(this._tt)) { map.closeTooltip(this._tt); }
        if (map) { L.DomUtil.removeClass(map.getContainer(), "leaflet-interactive"); }
    },
    _click: function (e) {
        if (!this.options.popup || !this._chunks.length) { return; }
        var h = this._hit(e.latlng);
        if (h) {
            L.popup({maxWidth: 360}).setLatLng(e.latlng).setContent(this._html(h))
                .openOn(this._map);
        }
    }
});
}
""".replace("@SLICE_MS@", str(SLICE_MS)).replace("@DEPTH@", json.dumps(list(DEPTH)))
"""The browser side of :class:`maps.web._elements.ChunkedLayer` (defined once per page)."""
