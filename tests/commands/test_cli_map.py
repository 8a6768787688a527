"""`technopole map` and `technopole demo`: offline maps from the command line."""

from __future__ import annotations

import re

import geopandas as gpd
from click.testing import CliRunner
from shapely.geometry import box

import cli


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_loop_map_is_one_offline_file_with_validation_layers(tmp_path):
    out = tmp_path / "loop.html"
    r = run("map", "--out", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=[\"']https?:", html)
    assert "Capacity use by zone" in html and "生命健康科技區" in html


def test_san_tin_map_and_static_png(tmp_path):
    out, png = tmp_path / "st.html", tmp_path / "st.png"
    r = run("map", "--site", "santin", "--out", str(out), "--png", str(png), "--lang", "zh")
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "新田" in out.read_text(encoding="utf-8")


def test_user_layer_with_a_hostile_name_is_escaped(tmp_path):
    f = tmp_path / "zones.geojson"
    gpd.GeoDataFrame(
        {"zone_id": ["x"], "name_en": ["<img src=x onerror=alert(1)>"], "name_zh": ["${alert(1)}"]},
        geometry=[box(114.07, 22.51, 114.08, 22.52)],
        crs=4326,
    ).to_file(f)
    out = tmp_path / "m.html"
    r = run("map", "--layer", str(f), "--out", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "<img src=x onerror" not in html
    assert "${alert(1)}" not in html


def test_network_basemap_cannot_be_offline(tmp_path):
    r = run("map", "--basemap", "osm", "--out", str(tmp_path / "m.html"))
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1


def test_map_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "m.html"
    out.write_text("keep me", encoding="utf-8")
    r = run("map", "--out", str(out))
    assert r.exit_code == 2 and "exists" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"


# A script, stylesheet, image or frame loaded from the network (also inside an escaped srcdoc).
REMOTE = re.compile(
    r"""(?:<|&lt;)(?:script|link|img|iframe)\b(?:[^<>&]|&quot;|&#3[49];)*?"""
    r"""\b(?:src|href)\s*=\s*"""
    r"""(?:["']|&quot;|&#34;)?(?:https?:)?//""",
    re.I,
)


def test_demo_writes_both_offline_maps_and_the_report(tmp_path):
    import json

    r = run("demo", "--out-dir", str(tmp_path))
    assert r.exit_code == 0, r.output
    pages = ("loop_map.html", "santin_map.html", "compare.html", "validation.html", "massing.html")
    for name in pages:
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert page.lstrip().lower().startswith("<!doctype html"), name
        assert not REMOTE.findall(page), (name, REMOTE.findall(page)[:3])
    assert "leaflet" in (tmp_path / "compare.html").read_text(encoding="utf-8").lower()
    assert '"name": "table-3-1"' in (tmp_path / "massing.html").read_text(encoding="utf-8")
    for name in ("loop_map.png", "santin_map.png"):
        assert (tmp_path / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), name
    report = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    assert report["status"].startswith("PASS") and not [
        i for i in report["issues"] if i["severity"] == "error"
    ]
    # the envelope as a raster: maximum storeys and height, a valid Cloud-Optimised GeoTIFF
    import rasterio

    from gis.rasters import cog_problems

    with rasterio.open(tmp_path / "envelope_storeys.tif") as src:
        assert src.descriptions == ("max_storeys", "max_height_mpd")
        assert src.read(1, masked=True).max() == 40 and src.read(2, masked=True).max() == 208
    assert cog_problems(tmp_path / "envelope_storeys.tif") == []
    assert run("demo", "--out-dir", str(tmp_path), "--force").exit_code == 0
    loop = (tmp_path / "loop_map.html").read_text(encoding="utf-8")
    # the Loop on its official plan, the border line, the schematic layers on top
    assert "Lok Ma Chau Loop OZP S/LMCL/2" in loop and "Hong Kong–mainland boundary" in loop
    assert loop.index("Lok Ma Chau Loop OZP S/LMCL/2") < loop.index("Loop: zones")
    assert "San Tin OZP S/YL-ST/8" in (tmp_path / "santin_map.html").read_text(encoding="utf-8")


def test_context_plans_are_drawn_by_name_and_a_wrong_name_is_one_line(tmp_path):
    out = tmp_path / "ctx.html"
    r = run(
        "map",
        "--no-validation",
        "--context",
        "tpb:S/KTN/4",
        "--context",
        "tpb:S/YL-MP/6",
        "--out",
        str(out),
    )
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "Kwu Tung North OZP S/KTN/4" in html and "OZP S/YL-MP/6" in html
    assert "official — S/KTN/4, gazetted 2023-09-29" in html
    r = run("map", "--context", "tpb:S/KTN/9", "--out", str(tmp_path / "bad.html"))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "S/KTN/9" in r.stderr and not (tmp_path / "bad.html").exists()


def test_compare_html_loads_nothing_from_the_network(tmp_path):
    out = tmp_path / "c.html"
    r = run("compare", "table-3-1", "ai-30pct", "--out", str(out), "--no-charts")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "srcdoc" in page and "L.map" in page  # the diff map is there, Leaflet inlined
    assert not REMOTE.findall(page), REMOTE.findall(page)[:3]


def test_map_functions_stay_callable_after_their_module_is_imported():
    import importlib

    import maps

    importlib.import_module("maps.web.interactive")
    assert callable(maps.zone_map) and callable(maps.site_map) and callable(maps.load_site_layers)


def test_map_from_several_user_layers(tmp_path):
    out = tmp_path / "h.html"
    r = run("map", "--layer", "loop.zones", "--layer", "loop.height_bands", "--out", str(out))
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "生命健康科技區" in page and "208 mPD" in page  # a zone and the highest band


def test_a_large_layer_map_says_what_it_chose_and_keeps_explicit_options(tmp_path, monkeypatch):
    from conftest import parcel_grid

    from maps.web import _canvas

    monkeypatch.setattr(_canvas, "LARGE_MAP", 300)
    monkeypatch.setattr(_canvas, "CHUNKED_MIN", 200)
    f = tmp_path / "parcels.parquet"
    parcel_grid(20).to_parquet(f)
    r = run("map", "--layer", str(f), "--out", str(tmp_path / "auto.html"))
    assert r.exit_code == 0, r.output
    assert "large map (400 features)" in r.output
    assert "chose coordinates at 5 decimals (about 1 m); simplified by 1 m" in r.output
    assert '"p":5' in (tmp_path / "auto.html").read_text(encoding="utf-8")
    r = run(
        "map",
        *("--layer", str(f), "--out", str(tmp_path / "mine.html")),
        *("--precision", "6", "--simplify", "0", "--prefer-svg"),
    )
    assert r.exit_code == 0, r.output
    assert "large map (400 features)" in r.output and "chose" not in r.output
    page = (tmp_path / "mine.html").read_text(encoding="utf-8")
    assert '"p":6' in page and '"p":5' not in page and '"preferCanvas": false' in page
