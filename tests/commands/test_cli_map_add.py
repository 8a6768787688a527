"""`technopole map --add FILE` (a user's layers on top of the site's map) and `map --out` by
suffix (.html the interactive page, .png/.pdf a static map)."""

from __future__ import annotations

import html as htmllib
from pathlib import Path

import geopandas as gpd
from click.testing import CliRunner
from shapely.geometry import box

import cli

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "my_plots.geojson"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_add_keeps_the_site_layers_and_names_the_users_layer_by_its_file(tmp_path):
    out = tmp_path / "m.html"
    r = run("map", "--add", str(EXAMPLE), "--out", str(out))
    assert r.exit_code == 0, r.output
    page = htmllib.unescape(out.read_text(encoding="utf-8"))
    for site_layer in ("Loop: zones", "Loop: boundary", "Hong Kong–mainland boundary"):
        assert site_layer in page, f"--add dropped {site_layer}"
    assert "my_plots — use" in page, "legend: the layer's name and the column it is coloured by"
    for use in ("R&D", "Talent accommodation", "Open space"):
        assert use in page
    assert "My plots · My plots" not in page and "My plots / My plots" not in page


def test_add_is_repeatable_and_layer_still_means_instead(tmp_path):
    second = tmp_path / "roads.geojson"
    gpd.GeoDataFrame(
        {"class": ["trunk", "local", "local"]},
        geometry=[box(114.075 + i / 1000, 22.517, 114.0755 + i / 1000, 22.518) for i in range(3)],
        crs="EPSG:4326",
    ).to_file(second)
    out = tmp_path / "m.html"
    r = run("map", "--add", str(EXAMPLE), "--add", str(second), "--out", str(out))
    assert r.exit_code == 0, r.output
    page = htmllib.unescape(out.read_text(encoding="utf-8"))
    assert "my_plots — use" in page and "roads — class" in page and "Loop: zones" in page
    only = tmp_path / "only.html"
    r = run("map", "--layer", str(EXAMPLE), "--out", str(only))
    assert r.exit_code == 0, r.output
    assert "Loop: zones" not in htmllib.unescape(only.read_text(encoding="utf-8"))


def test_out_png_and_pdf_write_a_static_map(tmp_path):
    png, pdf = tmp_path / "m.png", tmp_path / "m.pdf"
    r = run("map", "--add", str(EXAMPLE), "--out", str(png))
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert r.output.strip().endswith(f"wrote {png}")
    r = run("map", "--out", str(pdf), "--no-validation")
    assert r.exit_code == 0, r.output
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert not list(tmp_path.glob("*.html"))


def test_out_with_another_suffix_is_one_line_listing_the_suffixes(tmp_path):
    r = run("map", "--out", str(tmp_path / "m.svg"))
    assert r.exit_code == 2
    [line] = [x for x in r.output.splitlines() if x.strip()]
    assert "m.svg" in line and ".html" in line and ".png" in line and ".pdf" in line
    assert not (tmp_path / "m.svg").exists()


def test_an_added_layer_of_any_kind_is_drawn_above_the_site_and_named_by_its_file(tmp_path):
    parcels = tmp_path / "my_parcels.geojson"
    gpd.GeoDataFrame(
        {"land_use": ["R&D", "residential"]},
        geometry=[box(114.076, 22.517, 114.077, 22.518), box(114.078, 22.517, 114.079, 22.518)],
        crs="EPSG:4326",
    ).to_file(parcels)
    out, png = tmp_path / "m.html", tmp_path / "m.png"
    r = run("map", "--add", str(parcels), "--out", str(out), "--png", str(png))
    assert r.exit_code == 0, r.output
    page = htmllib.unescape(out.read_text(encoding="utf-8"))
    # the layer control comes last in the page and lists the layers in drawing order
    last = {name: page.rfind(name) for name in ("Loop: zones", "mainland boundary", "my_parcels")}
    assert -1 not in last.values(), last
    assert last["my_parcels"] > last["mainland boundary"] > last["Loop: zones"], last
    assert "My parcels" not in page
