// technopole massing view: MapLibre GL JS on an empty style (no tiles, glyphs or sprites).
// Every user string reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tp-data").textContent);
  var state = { state: "loading", maps: [], view: data.view, camera: "river", data: data };
  window.tpMassing = state;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function hasWebGL() {
    try {
      var c = document.createElement("canvas");
      return !!(window.WebGLRenderingContext && (c.getContext("webgl2") || c.getContext("webgl")));
    } catch (err) {
      return false;
    }
  }

  if (!hasWebGL() || typeof maplibregl === "undefined") {
    document.body.appendChild(el("div", "tp-nowebgl", data.labels.no_webgl));
    state.state = "no-webgl";
    return;
  }

  var CAMERAS = {
    river: { bearing: 135, pitch: 60 },  // from the north-west (the Shenzhen River), looking south-east
    south: { bearing: 0, pitch: 60 },    // from the south, looking north
    plan: { bearing: 0, pitch: 0 }
  };

  function style(scenario) {
    var sources = {
      ozp: { type: "geojson", data: data.site.ozp },
      border: { type: "geojson", data: data.site.border },
      buildings: { type: "geojson", data: data.site.buildings },
      envelope: { type: "geojson", data: scenario.envelope },
      allocation: { type: "geojson", data: scenario.allocation }
    };
    var layers = [{ id: "background", type: "background", paint: { "background-color": "#f4f1ea" } }];
    if (data.hillshade) {
      sources.hillshade = { type: "image", url: data.hillshade.url, coordinates: data.hillshade.coordinates };
      layers.push({ id: "hillshade", type: "raster", source: "hillshade", paint: { "raster-opacity": 0.7 } });
    }
    layers.push(
      { id: "ozp", type: "fill", source: "ozp", paint: { "fill-color": ["get", "colour"], "fill-opacity": 0.5 } },
      { id: "ozp-line", type: "line", source: "ozp", paint: { "line-color": "#555555", "line-width": 0.6 } },
      { id: "border", type: "line", source: "border",
        paint: { "line-color": "#c0392b", "line-width": 2.5, "line-dasharray": [3, 2] } },
      { id: "buildings", type: "fill", source: "buildings", paint: { "fill-color": data.colours.building } },
      { id: "over", type: "line", source: "allocation", filter: ["==", ["get", "over"], true],
        paint: { "line-color": data.colours.over, "line-width": 4 } },
      { id: "envelope", type: "fill-extrusion", source: "envelope",
        layout: { visibility: data.view === "envelope" ? "visible" : "none" },
        paint: { "fill-extrusion-color": data.colours.envelope, "fill-extrusion-height": ["get", "height_m"],
                 "fill-extrusion-opacity": 0.55 } },
      { id: "allocation", type: "fill-extrusion", source: "allocation",
        layout: { visibility: data.view === "allocation" ? "visible" : "none" },
        paint: { "fill-extrusion-color": ["get", "colour"], "fill-extrusion-height": ["get", "height_m"],
                 "fill-extrusion-opacity": 0.92 } }
    );
    return { version: 8, sources: sources, layers: layers };
  }

  function tipLines(p) {
    var L = data.labels, lines = [];
    lines.push(p.name_en + " · " + p.name_zh);
    if (p.kind) { lines.push(p.kind + (p.zone_label ? " " + p.zone_label : "")); }
    if (p.zone_id) { lines.push(L.zone + ": " + p.zone_id); }
    if (p.use_en) { lines.push(L.use + ": " + p.use_en + " · " + p.use_zh); }
    if (p.gfa_m2 !== undefined && p.gfa_m2 !== null) {
      lines.push(L.gfa + ": " + Number(p.gfa_m2).toLocaleString("en") + " m²");
    }
    if (p.storeys !== undefined) { lines.push(L.storeys + ": " + p.storeys); }
    if (p.height_mpd !== undefined) {
      lines.push(L.height + ": " + p.height_mpd + " mPD (" + p.height_m + " m " + L.above + " " + p.ground_mpd + " mPD)");
      lines.push(L.ground + ": " + p.ground_source);
    }
    if (p.capacity_pct !== undefined) { lines.push(L.capacity + ": " + p.capacity_pct + " %"); }
    if (p.over === true) { lines.push(L.over); }
    if (p.accuracy) { lines.push(p.accuracy === "official" ? L.official : L.schematic); }
    return lines.join("\n");
  }

  var tip = document.getElementById("tp-tip");
  var syncing = false;

  function allIdle() {
    return state.maps.every(function (m) { return m.loaded() && !m.isMoving() && m.areTilesLoaded(); });
  }

  function addMap(scenario, index, holder) {
    var box = el("div", "tp-map");
    box.id = "tp-map-" + index;
    holder.appendChild(box);
    box.appendChild(el("div", "tp-scenario", scenario.name));
    var north = el("div", "tp-north");
    north.title = "north · 北";
    north.appendChild(el("span", "", "▲"));
    north.appendChild(el("span", "", "N 北"));
    box.appendChild(north);
    var map = new maplibregl.Map({
      container: box, style: style(scenario), bounds: data.bounds, attributionControl: false,
      fitBoundsOptions: { padding: 30 }, maxPitch: 75, canvasContextAttributes: { preserveDrawingBuffer: true }
    });
    map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    map.on("rotate", function () { north.style.transform = "rotate(" + (-map.getBearing()) + "deg)"; });
    map.on("move", function () {
      if (syncing) { return; }
      syncing = true;
      state.maps.forEach(function (other) {
        if (other !== map) {
          other.jumpTo({ center: map.getCenter(), zoom: map.getZoom(), bearing: map.getBearing(), pitch: map.getPitch() });
        }
      });
      syncing = false;
    });
    map.on("mousemove", function (e) {
      var ids = ["allocation", "envelope", "buildings", "ozp"].filter(function (id) {
        return map.getLayoutProperty(id, "visibility") !== "none";
      });
      var hits = map.queryRenderedFeatures(e.point, { layers: ids });
      if (!hits.length) { tip.style.display = "none"; return; }
      tip.textContent = tipLines(hits[0].properties);
      var r = box.getBoundingClientRect();
      tip.style.left = (r.left + e.point.x + 14) + "px";
      tip.style.top = (r.top + e.point.y + 14) + "px";
      tip.style.display = "block";
    });
    map.on("mouseout", function () { tip.style.display = "none"; });
    map.on("idle", function () { if (allIdle()) { state.state = "ready"; state.rendered += 1; } });
    state.maps.push(map);
    return map;
  }

  function setCamera(name) {
    state.camera = name;
    state.state = "moving";
    var c = CAMERAS[name], m = state.maps[0];
    var cam = m.cameraForBounds(data.bounds, { padding: 30, bearing: c.bearing });
    m.jumpTo({ center: cam.center, zoom: cam.zoom - (c.pitch ? 0.4 : 0) - (state.maps.length > 1 ? 0.5 : 0), bearing: c.bearing, pitch: c.pitch });
    state.maps.forEach(function (map) { map.triggerRepaint(); });
    mark("data-camera", name);
  }

  function setView(view) {
    state.view = view;
    state.state = "moving";
    state.maps.forEach(function (m) {
      m.setLayoutProperty("envelope", "visibility", view === "envelope" ? "visible" : "none");
      m.setLayoutProperty("allocation", "visibility", view === "allocation" ? "visible" : "none");
    });
    mark("data-view", view);
    legend();
  }

  function mark(attr, value) {
    document.querySelectorAll("button[" + attr + "]").forEach(function (b) {
      b.classList.toggle("on", b.getAttribute(attr) === value);
    });
  }

  function swatch(row, colour, text) {
    var d = el("div");
    var i = el("i");
    i.style.background = colour;
    d.appendChild(i);
    d.appendChild(document.createTextNode(text));
    row.appendChild(d);
  }

  function legend() {
    var box = document.getElementById("tp-legend"), L = data.labels;
    box.textContent = "";
    box.appendChild(el("b", "", state.view === "envelope" ? L.envelope_title : L.allocation_title));
    if (state.view === "envelope") {
      swatch(box, data.colours.envelope, L.envelope_item);
    } else {
      data.legend.allocation.forEach(function (r) { swatch(box, r[0], r[1]); });
    }
    swatch(box, data.colours.over, L.over);
    swatch(box, data.colours.building, L.buildings);
    swatch(box, "#c0392b", L.border);
    box.appendChild(el("b", "", L.zones_title));
    data.legend.families.forEach(function (r) { swatch(box, r[0], r[1]); });
    data.legend.notes.forEach(function (n) { box.appendChild(el("div", "tp-note", n)); });
  }

  state.rendered = 0;
  state.setCamera = setCamera;
  state.setView = setView;
  var holder = document.getElementById("tp-maps");
  data.scenarios.forEach(function (s, i) { addMap(s, i, holder); });
  document.querySelectorAll("button[data-camera]").forEach(function (b) {
    b.addEventListener("click", function () { setCamera(b.getAttribute("data-camera")); });
  });
  document.querySelectorAll("button[data-view]").forEach(function (b) {
    b.addEventListener("click", function () { setView(b.getAttribute("data-view")); });
  });
  document.getElementById("tp-legend-toggle").addEventListener("click", function () {
    var box = document.getElementById("tp-legend");
    box.style.display = box.style.display === "none" ? "" : "none";
    this.classList.toggle("on", box.style.display !== "none");
  });
  state.maps[0].once("load", function () { setCamera("river"); });
  mark("data-view", data.view);
  legend();
})();
