"""Structure of the generated maps: offline pages, escaping, legends, layers, size options.

Browser behaviour (requests, drawing, hovering) is in ``test_maps_browser.py``.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import folium
import pytest
from conftest import HOSTILE_IMG, HOSTILE_TEMPLATE, overlap_geometries

import maps
from gis.errors import InputError, LayerError, OutputError
from maps._escape import esc, script_json
from maps._offline import VENDOR_DIR, OfflineError, inline_assets
from maps._style import layer_role
from maps.web import _codec

# ---------------------------------------------------------------- helpers


def encoded_layers(html: str) -> list[dict[str, Any]]:
    """Every encoded layer ``decode({...})`` in a page, parsed."""
    decoder = json.JSONDecoder()
    return [
        decoder.raw_decode(html, m.end())[0]
        for m in re.finditer(r"decode\(", html)
        if html[m.end()] == "{"
    ]


def overlay_names(html: str) -> list[str]:
    """Layer names as the layer control receives them."""
    block = re.search(r"overlays :  \{(.*?)\},", html, re.S)
    assert block, "no layer control in the page"
    return [json.loads(k) for k in re.findall(r'^\s*("(?:[^"\\]|\\.)*") :', block[1], re.M)]


def tooltip_rows(html: str) -> list[str]:
    """All tooltip rows and names of all layers, decoded from the page."""
    rows = [json.loads(m[1]) for m in re.finditer(r"var R = (\[.*?\]);\n", html)]
    names = [
        part for layer in encoded_layers(html) for f in layer["f"] if len(f) > 4 for part in f[4]
    ]
    return [r for layer_rows in rows for r in layer_rows] + names


@pytest.fixture
def offline_html(map_layers: dict[str, Any], map_results: Any, tmp_path: Path) -> str:
    m = maps.zone_map(
        map_layers,
        validation=map_results,
        problems=overlap_geometries(),
        offline=True,
        title="Loop <test> ${1+1}",
    )
    return maps.save_map(m, tmp_path / "loop.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- offline pages


def test_offline_page_loads_no_script_or_stylesheet_from_anywhere(offline_html: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc=", offline_html)
    assert not re.search(r"<link[^>]*\bhref=", offline_html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", offline_html)
    assert "@import" not in offline_html
    assert "L.tileLayer" not in offline_html


def test_offline_page_inlines_leaflet_plugins_and_their_images(offline_html: str) -> None:
    assert "/* leaflet/leaflet.js */" in offline_html
    assert "/* leaflet.fullscreen/Control.FullScreen.js */" in offline_html
    assert "/* leaflet-measure/leaflet-measure.min.js */" in offline_html
    assert "url(images/layers.png)" not in offline_html
    assert 'url("data:image/png;base64,' in offline_html
    assert 'url("data:image/svg+xml;base64,' in offline_html  # the full-screen icon


def test_offline_page_leaves_out_jquery_and_icon_fonts_it_does_not_use(offline_html: str) -> None:
    assert "jquery" not in offline_html.lower()
    assert "bootstrap" not in offline_html.lower()
    assert "fontawesome" not in offline_html.lower()


def test_inlined_scripts_cannot_close_their_script_tag(offline_html: str) -> None:
    scripts = re.findall(r"<script>(.*?)</script>", offline_html, re.S)
    assert scripts and all("</script" not in s.lower() for s in scripts)


def test_offline_map_displays_offline_in_jupyter(map_layers: dict[str, Any]) -> None:
    m = maps.zone_map(map_layers, offline=True)
    shown = m._repr_html_()
    assert "cdn.jsdelivr" not in shown and "leaflet/leaflet.js" in shown
    assert isinstance(m, folium.Map)


def test_map_is_offline_by_default_so_a_notebook_shows_it_with_no_network(
    map_layers: dict[str, Any],
) -> None:
    shown = maps.zone_map(map_layers)._repr_html_()
    assert "cdn.jsdelivr" not in shown and "leaflet/leaflet.js" in shown


def test_online_map_uses_the_cdn_and_offline_save_still_inlines(
    map_layers: dict[str, Any], tmp_path: Path
) -> None:
    m = maps.zone_map(map_layers, offline=False)
    assert "cdn.jsdelivr.net/npm/leaflet" in m.get_root().render()
    html = maps.save_map(m, tmp_path / "x.html", offline=True).read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html


def test_network_basemap_is_refused_for_an_offline_map(map_layers: dict[str, Any]) -> None:
    for basemap in ("osm", "positron", "https://tile.example.org/{z}/{x}/{y}.png"):
        with pytest.raises(InputError, match="network"):
            maps.zone_map(map_layers, basemap=basemap, offline=True)


def test_online_basemap_carries_its_attribution(map_layers: dict[str, Any]) -> None:
    html = maps.zone_map(map_layers, basemap="osm").get_root().render()
    assert "tile.openstreetmap.org" in html and "OpenStreetMap" in html
    html = maps.zone_map(map_layers, basemap="positron", api_key="k123").get_root().render()
    assert "basemaps.cartocdn.com" in html and "key=k123" in html and "CARTO" in html


def test_positron_without_an_api_key_says_how_to_get_one(
    map_layers: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TECHNOPOLE_CARTO_KEY", raising=False)
    with pytest.raises(InputError, match="API key"):
        maps.zone_map(map_layers, basemap="positron")


def test_local_tiles_are_allowed_offline_with_escaped_attribution(
    map_layers: dict[str, Any], tmp_path: Path
) -> None:
    m = maps.zone_map(
        map_layers, basemap="tiles/{z}/{x}/{y}.png", attribution="<b>Lands Dept</b>", offline=True
    )
    html = maps.save_map(m, tmp_path / "t.html").read_text(encoding="utf-8")
    assert "tiles/{z}/{x}/{y}.png" in html
    assert "\\u0026lt;b\\u0026gt;Lands Dept" in html and "<b>Lands Dept" not in html


def test_unknown_remote_asset_or_icon_marker_is_refused_offline(map_layers: dict[str, Any]) -> None:
    page = '<html><head><script src="https://example.org/x.js"></script></head><body></body>'
    with pytest.raises(OfflineError, match="example.org"):
        inline_assets(page)
    m = maps.zone_map(map_layers, offline=True)
    folium.Marker([22.514, 114.078], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(OfflineError, match="Icon"):
        maps.offline_html(m)


def test_saving_an_online_osm_map_offline_is_refused(
    map_layers: dict[str, Any], tmp_path: Path
) -> None:
    m = maps.zone_map(map_layers, basemap="osm")
    with pytest.raises(OfflineError, match="network map tiles"):
        maps.save_map(m, tmp_path / "osm.html")
    assert not (tmp_path / "osm.html").exists()
    maps.save_map(m, tmp_path / "osm.html", offline=False)


def test_jquery_is_inlined_when_the_page_uses_it(map_layers: dict[str, Any]) -> None:
    m = maps.zone_map(map_layers, offline=True)
    folium.Marker([22.514, 114.078], popup=folium.Popup("a popup")).add_to(m)
    html = maps.offline_html(m)
    assert "/* jquery/jquery.min.js */" in html
    assert "L.Icon.Default.mergeOptions" in html  # the default marker icon is a data: URI


def test_import_maps_is_light_and_names_resolve_to_the_functions() -> None:
    import subprocess
    import sys

    code = (
        "import sys, maps; assert 'folium' not in sys.modules; "
        "maps.save_map; assert callable(maps.zone_map) and callable(maps.site_map); "
        "from maps import static_map; assert callable(static_map)"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_every_vendored_package_keeps_its_licence_and_is_documented() -> None:
    readme = (VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    for folder, version in (
        ("leaflet", "1.9.3"),
        ("leaflet.fullscreen", "3.0.0"),
        ("leaflet-measure", "2.1.7"),
        ("jquery", "3.7.1"),
    ):
        assert list((VENDOR_DIR / folder).glob("LICENSE*")), folder
        assert f"`{folder}/`" in readme and version in readme


def test_save_map_writes_atomically_and_respects_force(
    map_layers: dict[str, Any], tmp_path: Path
) -> None:
    m = maps.zone_map(map_layers)
    target = tmp_path / "map.html"
    maps.save_map(m, target)
    with pytest.raises(OutputError):
        maps.save_map(m, target, force=False)
    with pytest.raises(OutputError):
        maps.save_map(m, tmp_path / "missing" / "map.html")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


# ---------------------------------------------------------------- escaping


def test_escape_makes_markup_templates_and_jinja_inert() -> None:
    assert esc(HOSTILE_IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert esc("${x}`\\") == "&#36;&#123;x&#125;&#96;&#92;"
    assert esc(None) == "" and esc(float("nan")) == ""
    text = script_json({"a": "</script><!-- {{ x }} {% y %} {# z #}"})
    assert "</script" not in text and "<!--" not in text
    assert not re.search(r"\{[{%#]", text)
    assert json.loads(text) == {"a": "</script><!-- {{ x }} {% y %} {# z #}"}


def test_hostile_feature_names_reach_the_page_only_escaped(offline_html: str) -> None:
    assert HOSTILE_IMG not in offline_html
    assert "${alert(1)}" not in offline_html
    assert "{{ 7*7 }}" not in offline_html and "49" not in tooltip_rows(offline_html)
    names = tooltip_rows(offline_html)
    assert esc(HOSTILE_IMG) in names
    assert esc(HOSTILE_TEMPLATE) in names
    assert esc("Central `Avenue` \\ path") in names


def test_jinja_in_a_layer_name_or_title_is_not_evaluated(map_layers: dict[str, Any]) -> None:
    # folium/branca render each element's output again as a Jinja template: unescaped, this
    # payload would run Python (len("Element") -> "7") while the page is rendered.
    payload = "{{ this.__init__.__globals__.__builtins__.len(this.__class__.__name__) }}"
    html = (
        maps.zone_map({"loop.{{ 6*7 }}": map_layers["loop.zones"]}, title=payload, lang="en")
        .get_root()
        .render()
    )
    assert payload not in html and "{{ 6*7 }}" not in html
    assert overlay_names(html) == [esc("Loop: {{ 6*7 }}")]
    assert "<title>" + esc(payload) + "</title>" in html


def test_hostile_category_source_and_legend_labels_are_escaped(map_layers: dict[str, Any]) -> None:
    zones = map_layers["loop.zones"].copy()
    zones["kind"] = ["<script>k()</script>", "ok", "ok", "ok"]
    zones["source"] = "<i onmouseover=s()>src</i>"
    html = maps.zone_map({"loop.zones": zones}).get_root().render()
    assert "<script>k()" not in html and "<i onmouseover" not in html
    rows = tooltip_rows(html)
    assert any(esc("<i onmouseover=s()>src</i>") in r for r in rows)


def test_static_map_draws_dollar_signs_as_text_not_mathtext(map_layers: dict[str, Any]) -> None:
    from maps._text import plain  # one helper for the static maps and the charts

    assert plain("$x$ and $y$") == r"\$x\$ and \$y\$"


# ---------------------------------------------------------------- legend, layers, tooltips


def test_legend_labels_are_in_english_and_chinese(offline_html: str) -> None:
    legend = json.loads(re.search(r"var parts = (\[.*?\]);\n", offline_html)[1])
    text = " ".join(legend)
    for label in (
        "Life &amp; Health Technology",
        "生命健康科技區",
        "Talent Accommodation",
        "人才住宿區",
        "Height limit (mPD)",
        "高度限制",
        "Completed",
        "已落成",
        "Under construction",
        "興建中",
        "Loop: phases",
        "河套：發展階段",
        "Over-capacity zones",
        "超出容量的分區",
        "Overlaps and gaps",
        "重疊",
    ):
        assert label in text, label


def test_legend_says_schematic_layers_are_not_official(offline_html: str) -> None:
    assert "Schematic layers: not official boundaries / 示意圖層：非官方界線" in offline_html


@pytest.mark.parametrize(
    ("lang", "present", "absent"),
    [
        ("en", "Loop: zones", "河套：分區"),
        ("zh", "河套：分區", "Loop: zones"),
        ("both", "Loop: zones · 河套：分區", None),
    ],
)
def test_lang_chooses_the_labels(
    map_layers: dict[str, Any], lang: str, present: str, absent: str | None
) -> None:
    names = overlay_names(maps.zone_map(map_layers, lang=lang).get_root().render())
    assert present in names
    assert absent is None or all(absent not in n for n in names)


def test_unknown_lang_is_a_clear_input_error(map_layers: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="lang: expected one of en, zh, both, got 'fr'"):
        maps.zone_map(map_layers, lang="fr")


def test_layer_control_lists_every_layer(offline_html: str) -> None:
    assert overlay_names(offline_html) == [
        "Loop: height bands · 河套：建築高度分區",
        "Loop: zones · 河套：分區",
        "Loop: Batch 1 buildings · 河套：第一批次建築物",
        "Loop: phases · 河套：發展階段",
        "Capacity use by zone · 各分區容量使用率",
        "Over-capacity zones · 超出容量的分區",
        "Overlaps and gaps · 重疊及空隙",
    ]


def test_layers_with_the_same_title_stay_distinct_in_the_layer_control(
    map_layers: dict[str, Any],
) -> None:
    zones = map_layers["loop.zones"]
    names = overlay_names(
        maps.zone_map({"loop.zones": zones, "LOOP.zones": zones}, lang="en").get_root().render()
    )
    assert names == ["Loop: zones", "Loop: zones (2)"]


def test_tooltip_gives_area_in_hectares_from_hk1980(offline_html: str) -> None:
    rows = tooltip_rows(offline_html)
    assert any("Area 面積</span> 2.00 ha" in r for r in rows)  # 200 m x 100 m zones


def test_tooltip_gives_gfa_plot_ratio_capacity_and_height(offline_html: str) -> None:
    rows = " ".join(tooltip_rows(offline_html))
    assert "300,000 m²" in rows  # Z2's GFA
    assert "15.00" in rows  # its implied plot ratio
    assert "150%" in rows and "over capacity / 超出容量" in rows
    assert "208 mPD (about 40 storeys / 約40層)" in rows


def test_schematic_data_says_it_is_not_official_geometry(offline_html: str) -> None:
    rows = " ".join(tooltip_rows(offline_html))
    assert "schematic (not an official boundary) / 示意（非官方界線）" in rows


def test_over_capacity_zone_and_overlap_are_drawn_in_their_own_layers(offline_html: str) -> None:
    counts = [len(layer["f"]) for layer in encoded_layers(offline_html)]
    # bands 2, zones 4, buildings 2, phases 1, capacity use 4, over capacity 1 (Z2), overlap 1
    assert counts == [2, 4, 2, 1, 4, 1, 1]


def test_validation_report_is_accepted_like_its_zone_table(
    map_layers: dict[str, Any], map_results: Any
) -> None:
    from gis.report import ValidationReport

    report = ValidationReport(zones=map_results.reset_index())
    html = maps.zone_map(map_layers, validation=report).get_root().render()
    assert "Over-capacity zones · 超出容量的分區" in overlay_names(html)


def test_layer_roles_come_from_keys_and_columns() -> None:
    assert layer_role("loop.zones", []) == "zones"
    assert layer_role("loop.batch1_buildings", []) == "buildings"
    assert layer_role("loop.batches", []) == "outlines"
    assert layer_role("santin.parcels", []) == "parcels"
    assert layer_role("santin.wetland_park", []) == "wetland"
    assert layer_role("my_file", ["zone_id", "kind"]) == "zones"
    assert layer_role("my_file", ["land_use"]) == "parcels"
    assert layer_role("my_file", ["name_en"]) == "other"


def test_the_input_layers_are_not_modified(map_layers: dict[str, Any], map_results: Any) -> None:
    before = {k: g.copy() for k, g in map_layers.items()}
    maps.zone_map(map_layers, validation=map_results, simplify_m=5, precision=4)
    for key, gdf in map_layers.items():
        assert gdf.equals(before[key]) and gdf.crs == before[key].crs, key


def test_layer_without_crs_is_a_layer_error(map_layers: dict[str, Any]) -> None:
    zones = map_layers["loop.zones"].set_crs(None, allow_override=True)
    with pytest.raises(LayerError, match="loop.zones: no CRS"):
        maps.zone_map({"loop.zones": zones})


# ---------------------------------------------------------------- size options


def test_prefer_canvas_is_passed_to_leaflet(map_layers: dict[str, Any]) -> None:
    canvas = maps.zone_map(map_layers, prefer_canvas=True).get_root().render()
    assert '"preferCanvas": true' in canvas
    assert '"preferCanvas": false' in maps.zone_map(map_layers).get_root().render()


@pytest.mark.parametrize("precision", [3, 5, 7])
def test_coordinates_keep_the_requested_decimals(
    map_layers: dict[str, Any], precision: int
) -> None:
    html = maps.zone_map(map_layers, precision=precision).get_root().render()
    data = encoded_layers(html)
    assert {layer["p"] for layer in data} == {precision}
    decoded = [g for layer in data for g in _codec.decode(layer)]
    values = re.findall(r"-?\d+\.\d+", json.dumps([g["coordinates"] for g in decoded]))
    assert values and max(len(v.split(".")[1]) for v in values) <= precision


def test_decoded_coordinates_are_the_input_rounded(map_layers: dict[str, Any]) -> None:
    zones = map_layers["loop.zones"]
    data = encoded_layers(maps.zone_map({"loop.zones": zones}, precision=6).get_root().render())
    ring = _codec.decode(data[0])[0]["coordinates"][0]
    expected = [[round(x, 6), round(y, 6)] for x, y in zones.geometry.iloc[0].exterior.coords]
    flat = [v for point in sorted(map(tuple, ring)) for v in point]
    assert flat == pytest.approx([v for p in sorted(map(tuple, expected)) for v in p], abs=1e-9)


def test_simplify_drops_vertices_but_not_area(map_layers: dict[str, Any]) -> None:
    from shapely.geometry import Point

    zones = map_layers["loop.zones"].to_crs(2326)
    zones.geometry = [
        Point(p.centroid.x, p.centroid.y).buffer(50, quad_segs=32) for p in zones.geometry
    ]
    full = maps.zone_map({"loop.zones": zones}).get_root().render()
    thin = maps.zone_map({"loop.zones": zones}, simplify_m=2.0).get_root().render()

    def vertex_count(html: str) -> int:
        return sum(len(g["coordinates"][0]) for g in _codec.decode(encoded_layers(html)[0]))

    assert vertex_count(thin) < vertex_count(full) / 2
    area = f"{zones.geometry.iloc[0].area / 10_000:.2f} ha"  # from the original geometry
    assert any(area in r for r in tooltip_rows(thin))


def test_bad_size_options_are_input_errors(map_layers: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="precision"):
        maps.zone_map(map_layers, precision=12)
    with pytest.raises(InputError, match="simplify_m"):
        maps.zone_map(map_layers, simplify_m=-1)


def test_missing_geometries_are_reported_not_drawn(map_layers: dict[str, Any]) -> None:
    from gis.errors import TechnopoleWarning

    zones = map_layers["loop.zones"].copy()
    zones.loc[1, "geometry"] = None
    with pytest.warns(TechnopoleWarning, match="1 feature"):
        html = maps.zone_map({"loop.zones": zones}).get_root().render()
    assert len(encoded_layers(html)[0]["f"]) == 3


# ---------------------------------------------------------------- the two standard maps


def test_site_map_titles_the_san_tin_map_and_draws_the_loop_boundary(
    map_layers: dict[str, Any],
) -> None:
    parcels = map_layers["loop.zones"].assign(land_use=["i_and_t", "residential", "gic", "road"])
    boundary = map_layers["loop.phases"]
    m = maps.site_map("santin", {"santin.parcels": parcels, "loop.boundary": boundary})
    html = m.get_root().render()
    assert "<title>San Tin Technopole 新田科技城</title>" in html
    assert overlay_names(html) == ["San Tin: parcels · 新田：用地", "Loop: boundary · 河套：邊界"]
    with pytest.raises(InputError, match="site"):
        maps.site_map("kowloon", {})


def test_site_map_loads_the_site_layers_from_the_catalogue(
    map_layers: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gis.catalog

    catalogue = {
        **map_layers,
        "loop.boundary": map_layers["loop.phases"],
        "santin.parcels": map_layers["loop.zones"].assign(land_use="i_and_t"),
    }
    monkeypatch.setattr(gis.catalog, "layer_names", lambda: list(catalogue))
    monkeypatch.setattr(gis.catalog, "load_layer", lambda name: catalogue[name])
    loop = overlay_names(maps.site_map("loop", lang="en").get_root().render())
    assert loop == [
        "Loop: height bands",
        "Loop: zones",
        "Loop: Batch 1 buildings",
        "Loop: phases",
        "Loop: boundary",
    ]
    santin = overlay_names(maps.site_map("santin", lang="en").get_root().render())
    assert santin == ["San Tin: parcels", "Loop: boundary"]


# ---------------------------------------------------------------- static maps


@pytest.mark.fonts
@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_static_map_has_chinese_labels_in_a_font_that_has_them(
    map_layers: dict[str, Any], map_results: Any, cjk_font: Any, tmp_path: Path, suffix: str
) -> None:
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    out = tmp_path / f"loop{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph ... missing" warning fails the test
        maps.static_map(
            map_layers,
            out,
            title="河套香港園區 Lok Ma Chau Loop",
            validation=map_results,
            problems=overlap_geometries(),
            dpi=80,
        )
    head = out.read_bytes()[:8]
    assert head.startswith(b"\x89PNG" if suffix == ".png" else b"%PDF")
    found = font_manager.findfont(
        font_manager.FontProperties(family=cjk_font.family), fallback_to_default=False
    )
    assert cjk_font.family in ("Noto Sans CJK TC", "Noto Sans CJK HK") or "CJK" in cjk_font.family
    with TTFont(str(found), fontNumber=getattr(found, "face_index", 0), lazy=True) as font:
        cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "河套香港園區生命健康科技區人才住宿區第一批次建築物")


def test_static_map_needs_png_or_pdf(map_layers: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.png or \.pdf"):
        maps.static_map(map_layers, tmp_path / "map.svg")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- colours


def test_ramps_run_through_their_colours_and_clip() -> None:
    from maps import _style as st

    ramp = st.UTILISATION_RAMP
    assert st.ramp(ramp, 0.0) == ramp[0] and st.ramp(ramp, 1.0) == ramp[-1]
    assert st.ramp(ramp, -3.0) == ramp[0] and st.ramp(ramp, 7.0) == ramp[-1]
    assert st.ramp(ramp, float("nan")) == ramp[0]
    # halfway between the 3rd and 4th stops of six is the mix of the two, channel by channel
    mid = st.rgb(st.ramp(ramp, 0.5))
    a, b = st.rgb(ramp[2]), st.rgb(ramp[3])
    assert all(abs(m - (x + y) / 2) <= 1 for m, x, y in zip(mid, a, b, strict=True))


def test_darken_and_css_colours_share_one_parser() -> None:
    from maps import _style as st

    assert st.rgb("#4c9a4a") == (0x4C, 0x9A, 0x4A)
    assert st.darken("#ffffff", 0.5) == "#808080"
    assert st.rgba_css("#ff0000", 0.45) == "rgba(255,0,0,0.45)"


# ---------------------------------------------------------------- the official plans under the maps


def feature_layers(m: folium.Map) -> list[Any]:
    from maps.web._elements import FeatureLayer

    return [c for c in m._children.values() if isinstance(c, FeatureLayer)]


def layer_named(m: folium.Map, start: str) -> Any:
    found = [f for f in feature_layers(m) if f.layer_name.startswith(start)]
    assert len(found) == 1, [f.layer_name for f in feature_layers(m)]
    return found[0]


@pytest.fixture(scope="module")
def loop_site_map() -> folium.Map:
    """The standard Loop map on the embedded layers, with Kwu Tung North as context."""
    return maps.site_map("loop", offline=True, context=["tpb:S/KTN/4"])


def test_loop_map_draws_the_official_zones_first_in_their_family_colours(
    loop_site_map: folium.Map,
) -> None:
    import gis

    layers = feature_layers(loop_site_map)
    ozp = layer_named(loop_site_map, "Lok Ma Chau Loop OZP S/LMCL/2")
    # the context plan, then the official zones, at the bottom; the border line on top
    assert layers.index(ozp) == 1 and layers[0].layer_name.startswith("Kwu Tung North OZP")
    assert layers[-1].layer_name.startswith("Hong Kong–mainland boundary")
    colours = {s["fillColor"] for s in json.loads(ozp.styles_json)}
    expected = {c.lower() for c in gis.load_plan("S/LMCL/2").zones["colour"]}
    assert colours == expected and {"#d291bc", "#2d6a4f", "#8fd694"} <= colours
    labels = [text for *_, text in json.loads(ozp.labels_json)]
    assert len(labels) == 18 and {"OU", "CA", "O", "G/IC", "MRDJ", "C"} == set(labels)


def test_loop_legend_names_the_official_families_and_marks_the_schematic_layers(
    loop_site_map: folium.Map,
) -> None:
    html = loop_site_map.get_root().render()
    assert "CA — Conservation Area · 自然保育區" in html
    assert "OU — Other Specified Uses · 其他指定用途" in html
    assert "Loop: zones · 河套：分區 — schematic · 示意" in html
    assert "S/LMCL/2 — official · 官方" in html
    assert "© OpenStreetMap contributors" in html  # the border line's licence, in the legend


def test_tooltips_say_official_with_plan_and_date_or_schematic(loop_site_map: folium.Map) -> None:
    import html as html_lib

    ozp = layer_named(loop_site_map, "Lok Ma Chau Loop OZP S/LMCL/2")
    rows = [html_lib.unescape(r) for r in json.loads(ozp.rows_json)]
    assert any(
        "official — S/LMCL/2, gazetted 2018-02-09 / 官方 — S/LMCL/2，2018-02-09 刊憲" in r
        for r in rows
    )
    zones = layer_named(loop_site_map, "Loop: zones")
    rows = [html_lib.unescape(r) for r in json.loads(zones.rows_json)]
    assert any("schematic (not an official boundary) / 示意（非官方界線）" in r for r in rows)
    assert not any("official —" in r for r in rows)
    boundary = layer_named(loop_site_map, "Loop: boundary")
    assert any(
        "official (derived) — S/LMCL/2, gazetted 2018-02-09" in html_lib.unescape(r)
        for r in json.loads(boundary.rows_json)
    )


def test_the_border_is_a_distinct_line_above_everything(loop_site_map: folium.Map) -> None:
    border = layer_named(loop_site_map, "Hong Kong–mainland boundary")
    data = json.loads(border.data_json)
    assert {_codec.TYPES[f[0]] for f in data["f"]} <= {"LineString", "MultiLineString"}
    (style,) = json.loads(border.styles_json)
    others = {
        s.get("color")
        for f in feature_layers(loop_site_map)
        if f is not border
        for s in json.loads(f.styles_json)
    }
    assert style["color"] not in others and style["dashArray"]


def test_non_building_zones_are_muted(loop_site_map: folium.Map) -> None:
    import gis
    from maps import _style

    zones = gis.load_layer("loop.zones")
    layer = layer_named(loop_site_map, "Loop: zones")
    styles = json.loads(layer.styles_json)
    drawn = {f[4][0]: styles[f[2]] for f in json.loads(layer.data_json)["f"]}
    for en, kind in zip(zones["name_en"], zones["zone_type"], strict=True):
        muted = drawn[esc(en)]["fillColor"] == _style.MUTED
        assert muted == (kind == "non_building"), en
    assert (zones["zone_type"] == "non_building").sum() == 4


def test_context_plans_are_official_outlines_switched_off_at_start(
    loop_site_map: folium.Map,
) -> None:
    import html as html_lib

    ktn = layer_named(loop_site_map, "Kwu Tung North OZP S/KTN/4")
    assert not ktn.show and layer_named(loop_site_map, "Lok Ma Chau Loop OZP").show
    assert all(s["fillOpacity"] < 0.2 and s["dashArray"] for s in json.loads(ktn.styles_json))
    assert any(
        "official — S/KTN/4, gazetted 2023-09-29" in html_lib.unescape(r)
        for r in json.loads(ktn.rows_json)
    )
    # the map opens on the Loop, not on the border line or the neighbouring plan
    html = loop_site_map.get_root().render()
    fit = re.search(r"fitBounds\(\s*\[\[([\d.]+), ([\d.]+)\], \[([\d.]+), ([\d.]+)\]\]", html)
    south, west, north, east = map(float, fit.groups())
    assert 22.50 < south < 22.52 < north < 22.53 and 114.06 < west < 114.08 < east < 114.10


def test_a_layer_with_ozp_columns_is_drawn_as_official_zones() -> None:
    import geopandas as gpd
    from shapely.geometry import box

    assert layer_role("my_file", ["ZONE_LABEL", "PLAN_NO"]) == "ozp"
    assert layer_role("zones", ["zone_label"]) == "ozp"
    assert layer_role("x", ["family", "colour"]) == "ozp"
    assert layer_role("context.border", ["name_en"]) == "border"
    assert layer_role("loop.plan_area", []) == "outlines"
    plan = gpd.GeoDataFrame(
        {
            "ZONE_LABEL": ["R(A)3", "GB"],
            "accuracy": ["official", "official"],
            "plan_no": ["S/X/1", "S/X/1"],
            "pub_date": ["2020-01-02", "2020-01-02"],
        },
        geometry=[box(114.07, 22.51, 114.075, 22.515), box(114.075, 22.51, 114.08, 22.515)],
        crs=4326,
    )
    m = maps.zone_map({"my_plan": plan})
    (layer,) = feature_layers(m)
    assert {s["fillColor"] for s in json.loads(layer.styles_json)} == {"#a0522d", "#4f9d4f"}
    assert [t for *_, t in json.loads(layer.labels_json)] == ["R(A)3", "GB"]
    assert "official — S/X/1, gazetted 2020-01-02" in layer.rows_json
    assert "height" not in layer.styles_json
    # a colour the data carries wins over its family's customary one
    coloured = plan.assign(family=["R(A)", "GB"], colour=["#123456", "#ABCDEF"])
    (layer,) = feature_layers(maps.zone_map({"my_plan": coloured}))
    assert {s["fillColor"] for s in json.loads(layer.styles_json)} == {"#123456", "#abcdef"}


def test_schematic_san_tin_layers_lie_on_top_of_the_2006_plan() -> None:
    import gis

    keys = ("santin.wetland_park", "santin.parcels", "santin.ozp_2006", "santin.boundary")
    m = maps.zone_map({k: gis.load_layer(k) for k in keys})
    names = [f.layer_name for f in feature_layers(m)]
    assert names[0].startswith("San Tin OZP S/YL-ST/8") and len(names) == 4


def test_hostile_zone_label_name_and_plan_number_reach_the_page_only_escaped() -> None:
    import geopandas as gpd
    from shapely.geometry import box

    plan = gpd.GeoDataFrame(
        {
            "zone_label": [HOSTILE_IMG],
            "name_en": [HOSTILE_TEMPLATE],
            "name_zh": ["<b>區</b>"],
            "plan_no": ["<script>alert(1)</script>"],
            "plan_name_en": ["{{ 6*7 }}"],
            "pub_date": ["${x}"],
            "accuracy": ["official"],
        },
        geometry=[box(114.07, 22.51, 114.08, 22.52)],
        crs=4326,
    )
    html = maps.zone_map({"hostile": plan}, offline=True).get_root().render()
    for raw in (
        HOSTILE_IMG,
        "${alert(1)}",
        "{{ 7*7 }}",
        "<b>區</b>",
        "<script>alert(1)",
        "{{ 6*7 }}",
        "${x}",
    ):
        assert raw not in html
    assert "42" not in re.findall(r"OZP ([^<\"]*)", html)
    assert esc(HOSTILE_IMG) in html
    (layer,) = feature_layers(maps.zone_map({"hostile": plan}))
    assert [t for *_, t in json.loads(layer.labels_json)] == [esc(HOSTILE_IMG)]


def test_map_with_nothing_to_fit_opens_on_the_official_centre() -> None:
    m = maps.zone_map({})
    assert m.location == [22.5212, 114.0796]


def test_static_map_draws_the_official_families_the_border_and_the_schematic_layers(
    tmp_path: Path,
) -> None:
    from matplotlib.figure import Figure

    import gis
    from maps.paper._static_draw import draw_layer

    layers = {k: gis.load_layer(k) for k in ("loop.ozp", "loop.zones", "context.border")}
    ax = Figure().add_subplot()
    labels = []
    for key, gdf in layers.items():
        role = layer_role(key, gdf.columns)
        labels += [h.get_label() for h in draw_layer(ax, gdf.to_crs(2326), key, role, "both")]
    assert labels[0] == (
        "Lok Ma Chau Loop OZP S/LMCL/2 落馬洲河套地區分區計劃大綱圖 S/LMCL/2 — official · 官方"
    )
    for family in (
        "CA Conservation Area 自然保育區",
        "OU Other Specified Uses 其他指定用途",
        "O Open Space 休憩用地",
        "MRDJ Major Road and Junction 主要道路及路口",
    ):
        assert family in labels
    assert any(lbl.startswith("Loop: zones 河套：分區 — schematic") for lbl in labels)
    assert labels[-1].startswith("Hong Kong–mainland boundary")
    faces = {tuple(round(v, 3) for v in c[:3]) for c in ax.collections[0].get_facecolor()}
    assert (round(0x2D / 255, 3), round(0x6A / 255, 3), round(0x4F / 255, 3)) in faces  # CA
    out = maps.static_map(layers, tmp_path / "loop.png", lang="en", dpi=60)
    assert out.read_bytes()[:4] == b"\x89PNG"
