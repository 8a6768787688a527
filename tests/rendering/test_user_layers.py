"""A planner's own layers on the maps: shown from the start, and styled by what they are (zones
by family, height bands on the height ramp, anything else as a neutral outline)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely.geometry import box

import cli
import gis
import maps
from maps._style import layer_role
from maps.web._elements import FeatureLayer

X0, Y0 = 833_000.0, 842_000.0  # HK1980 Grid metres, near the Loop


def frame(**columns: list[Any]) -> gpd.GeoDataFrame:
    n = len(next(iter(columns.values())))
    cells = [box(X0 + 120 * i, Y0, X0 + 120 * i + 100, Y0 + 100) for i in range(n)]
    return gpd.GeoDataFrame(columns, geometry=cells, crs="EPSG:2326").to_crs("EPSG:4326")


def styles_of(m: Any) -> list[tuple[bool, list[dict[str, Any]]]]:
    """(shown at start, styles) of each feature layer drawn from the input."""
    layers = [c for c in m._children.values() if isinstance(c, FeatureLayer)]
    return [(f.show, json.loads(f.styles_json)) for f in layers]


def test_zones_with_only_a_family_column_take_the_family_colours() -> None:
    zones = frame(family=["OU", "R(A)", "G/IC"], name_en=["a", "b", "c"])
    assert layer_role("my_plots", zones.columns) == "ozp"
    [(shown, styles)] = styles_of(maps.zone_map({"my_plots": zones}))
    families = gis.ozp.zone_families().set_index("family")["colour"].str.lower()
    assert shown
    assert {s["fillColor"] for s in styles} == {families[f] for f in ("OU", "R(A)", "G/IC")}


def test_height_bands_of_a_user_file_are_shown_on_the_height_ramp() -> None:
    bands = frame(height_mpd=[20.0, 90.0, 200.0])
    assert layer_role("my_bands", bands.columns) == "height_bands"
    [(shown, styles)] = styles_of(maps.zone_map({"my_bands": bands}))
    assert shown, "a user's height bands start switched off"
    assert len({s["fillColor"] for s in styles}) == 3


def test_other_polygons_are_a_neutral_outline() -> None:
    plots = frame(name_en=["lot 1", "lot 2"])
    assert layer_role("lots", plots.columns) == "other"
    [(shown, [style])] = styles_of(maps.zone_map({"lots": plots}))
    assert shown and style["fillOpacity"] < 0.1 and style["weight"] >= 1
    r, g, b = maps._style.rgb(style["color"])
    assert r == g == b, "neutral: a grey outline"


def test_embedded_height_bands_still_start_switched_off() -> None:
    children = maps.site_map("loop")._children.values()
    shown = {f.layer_name: f.show for f in children if isinstance(f, FeatureLayer)}
    assert [v for k, v in shown.items() if "height" in k.lower()] == [False]


@pytest.mark.parametrize("stem", ["my_bands", "plots", "zoning"])
def test_every_user_layer_given_to_map_is_visible_in_the_page(tmp_path: Path, stem: str) -> None:
    layer = {
        "my_bands": frame(height_mpd=[20.0, 200.0]),
        "plots": frame(name_en=["a", "b"]),
        "zoning": frame(zone_label=["OU(1)", "R(A)3"]),
    }[stem]
    path = tmp_path / f"{stem}.geojson"
    layer.to_file(path)
    out = tmp_path / "m.html"
    r = CliRunner().invoke(cli.main, ["map", "--layer", str(path), "--out", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    drawn = re.findall(r"var (feature_layer_\w+) =", html)
    assert drawn and all(f"{name}.addTo(" in html for name in drawn)


def test_a_user_layer_is_coloured_by_its_first_categorical_column() -> None:
    plots = frame(
        plot_ratio=[2.0, 3.0, 2.0, 5.0],
        use=["R&D", "housing", "R&D", "open space"],
        name_en=["a", "b", "c", "d"],
    )
    assert maps._style.category_column(plots) == "use"
    assert layer_role("my_zones", plots.columns, plots) == "categories"
    m = maps.zone_map({"my_zones": plots})
    [(shown, styles)] = styles_of(m)
    fills = [s["fillColor"] for s in styles]
    assert shown and len(set(fills)) == 3, "one colour per use"
    page = m.get_root().render()
    assert "my_zones — use" in page and "open space" in page


def test_numbers_names_and_ids_are_never_categories() -> None:
    assert (
        maps._style.category_column(frame(height=[1.0, 2.0, 1.0], zone_id=["a", "b", "a"])) is None
    )
    assert maps._style.category_column(frame(name_en=["x", "x", "y"])) is None
    assert maps._style.category_column(frame(note=["x", "y", "z"])) is None, "no repeats"
    assert maps._style.category_column(frame(colour_group=["n", "s", "n"])) == "colour_group"


def test_static_height_bands_are_outlines_and_their_legend_says_so() -> None:
    from matplotlib.lines import Line2D

    from maps.paper._static_draw import draw_layer
    from maps.paper.static import static_figure

    bands = frame(height_mpd=[20.0, 90.0, 200.0]).to_crs("EPSG:2326")
    fig = static_figure({"my_bands": frame(height_mpd=[20.0, 90.0])})
    ax = fig.axes[0]
    handles = draw_layer(ax, bands, "my_bands", "height_bands", "en")
    assert [h for h in handles if isinstance(h, Line2D)], "lines in the legend, as drawn"
    for coll in ax.collections:
        faces = coll.get_facecolor()
        assert len(faces) == 0 or all(f[3] == 0 for f in faces), "no height band is filled"
