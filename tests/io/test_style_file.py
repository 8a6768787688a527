"""A designer's style file (``technopole map --style``): colours, opacity, outline, labels,
legend, visibility and order per layer, on the HTML page and the static map alike; a bad file
is one line naming the file, the line and the key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
import pytest
from click.testing import CliRunner
from matplotlib.colors import to_hex

import cli
import gis
import maps
from maps.paper.static import static_figure
from maps.web._elements import FeatureLayer

ROOT = Path(__file__).resolve().parents[2]
ZONES_BY_TYPE = {
    "layers": {
        "loop.zones": {
            "colour": {"by": "zone_type", "values": {"functional": "teal", "spine": "#ff0000"}},
            "fill_opacity": 0.7,
            "line_colour": "black",
            "legend": {
                "title": "Zones by type",
                "entries": {"functional": "Functional zones"},
                "hide": ["spine"],
            },
        }
    }
}


def layers(m: folium.Map) -> list[Any]:
    return [c for c in m._children.values() if isinstance(c, FeatureLayer)]


def named(m: folium.Map, start: str) -> Any:
    [found] = [f for f in layers(m) if f.layer_name.startswith(start)]
    return found


def legend_html(m: folium.Map) -> str:
    return m.get_root().render()


def run(*args: object) -> Any:
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "style.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ bad files, one line each
@pytest.mark.parametrize(
    ("text", "line", "key", "needle"),
    [
        ("layers:\n  loop.zones:\n    color: red\n", 3, "layers.loop.zones.color", "'colour'"),
        ("layers:\n  loop.zones:\n    colour: reddish\n", 3, "layers.loop.zones.colour", "colour"),
        (
            "layers:\n  loop.zones:\n    colour:\n      by: kind\n      values: {a: '#12345'}\n",
            5,
            "layers.loop.zones.colour.values.a",
            "#12345",
        ),
        ("layers:\n  loop.zones:\n    fill_opacity: 1.5\n", 3, "layers.loop.zones", "at most 1"),
        ("layers:\n  loop.zonez:\n    visible: false\n", 2, "layers.loop.zonez", "no layer"),
    ],
)
def test_a_bad_style_is_one_line_naming_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, needle: str
) -> None:
    style = write(tmp_path, text)
    r = run("map", "--style", style, "--out", tmp_path / "m.html")
    assert r.exit_code == 2, r.output
    [message] = r.stderr.strip().splitlines()
    assert "style.yaml" in message and f"line {line}" in message
    assert f"key '{key}" in message and needle in message
    assert not (tmp_path / "m.html").exists()


def test_an_unknown_layer_names_the_layers_of_the_map() -> None:
    with pytest.raises(gis.InputError, match="expected one of .*loop.zones"):
        maps.site_map("loop", style={"layers": {"zones": {"visible": False}}})


# ------------------------------------------------------------------ the page
def test_colour_by_category_with_renamed_and_hidden_legend_entries() -> None:
    m = maps.site_map("loop", style=ZONES_BY_TYPE)
    zones = named(m, "Zones by type")
    fills = {s["fillColor"] for s in json.loads(zones.styles_json)}
    assert {to_hex("teal"), "#ff0000"} <= fills
    assert all(
        s["fillOpacity"] == 0.7 and s["color"] == "#000000" for s in json.loads(zones.styles_json)
    )
    html = legend_html(m)
    assert "Functional zones" in html and "Zones by type" in html
    assert "spine" not in html.split("Zones by type", 1)[1].split("tp-h", 1)[0]


def test_colour_on_a_ramp_follows_the_field() -> None:
    style = {
        "layers": {
            "loop.height_bands": {"colour": {"by": "height_mpd", "ramp": ["white", "black"]}}
        }
    }
    m = maps.site_map("loop", style=style)
    bands = named(m, "Loop: height bands")
    data = json.loads(bands.data_json)
    styles = json.loads(bands.styles_json)
    heights = gis.load_layer("loop.height_bands")["height_mpd"].tolist()
    darkness = [sum(maps._style.rgb(styles[f[2]]["fillColor"])) for f in data["f"]]
    lowest, highest = heights.index(min(heights)), heights.index(max(heights))
    assert darkness[lowest] > darkness[highest]  # white at the lowest band, black at the highest


def test_visibility_order_and_legend_title() -> None:
    style = {
        "layers": {
            "loop.height_bands": {"visible": True, "order": 99, "legend": {"title": "Heights"}},
            "loop.zones": {"visible": False},
        }
    }
    m = maps.site_map("loop", style=style)
    names = [f.layer_name for f in layers(m)]
    assert named(m, "Heights").show and not named(m, "Loop: zones").show
    border = next(i for i, n in enumerate(names) if n.startswith("Hong Kong"))
    assert names.index("Heights") > border  # above the border line, drawn last of all inputs


def test_labels_off_and_label_field() -> None:
    plain = named(maps.site_map("loop"), "Lok Ma Chau Loop OZP")
    assert plain.labels_json
    off = maps.site_map("loop", style={"layers": {"loop.ozp": {"labels": False}}})
    assert not named(off, "Lok Ma Chau Loop OZP").labels_json
    by_name = maps.site_map("loop", style={"layers": {"loop.zones": {"label_field": "name_en"}}})
    assert "Central Avenue" in named(by_name, "Loop: zones").labels_json
    on = maps.site_map("loop", style={"layers": {"loop.batch1_buildings": {"labels": True}}})
    names = gis.load_layer("loop.batch1_buildings")["name_en"]
    assert all(n in named(on, "Loop: Batch 1").labels_json for n in names)


# ------------------------------------------------------------------ the static map
def test_static_map_takes_the_same_style() -> None:
    fig = static_figure(maps.load_site_layers("loop"), lang="en", dpi=50, style=ZONES_BY_TYPE)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Functional zones" in texts and not any("spine" in t for t in texts)
    assert any(t.startswith("Zones by type") for t in texts)
    faces = {
        to_hex(c, keep_alpha=True) for coll in fig.axes[0].collections for c in coll.get_facecolor()
    }
    assert (
        to_hex((*__import__("matplotlib.colors").colors.to_rgb("teal"), 0.7), keep_alpha=True)
        in faces
    )


def test_static_map_leaves_out_an_invisible_layer_and_its_labels() -> None:
    layers_ = maps.load_site_layers("loop")
    fig = static_figure(
        layers_, lang="en", dpi=50, style={"layers": {"loop.zones": {"visible": False}}}
    )
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert not any("zones" in t.lower() and "Loop" in t for t in texts)
    assert not any("Central Avenue" in t.get_text() for t in fig.axes[0].texts)


def test_the_shipped_print_style_is_valid_and_draws(tmp_path: Path) -> None:
    style = ROOT / "docs" / "styles" / "print.yaml"
    r = run(
        "map",
        "--style",
        style,
        "--out",
        tmp_path / "m.html",
        "--png",
        tmp_path / "m.png",
        "--dpi",
        "50",
    )
    assert r.exit_code == 0, r.output
    assert "docs/styles/print.yaml" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_write_map_takes_a_style_mapping_for_page_and_png(tmp_path: Path) -> None:
    style = {"layers": {"loop.zones": {"colour": "teal", "legend": {"title": "Teal zones"}}}}
    page, png = maps.write_map(tmp_path / "m.html", png=tmp_path / "m.png", dpi=50, style=style)
    assert "Teal zones" in page.read_text(encoding="utf-8")
    assert png.stat().st_size > 0
    assert style == {
        "layers": {"loop.zones": {"colour": "teal", "legend": {"title": "Teal zones"}}}
    }
