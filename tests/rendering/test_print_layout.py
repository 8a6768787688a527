"""Static maps as planners print them: exact paper sizes, labels that do not collide, the
accuracy line."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import cli
import maps
from maps.paper.static import static_figure


def page_points(pdf: Path) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(pdf).pages[0].mediabox
    return float(box.width), float(box.height)


@pytest.mark.parametrize(
    ("paper", "orientation", "size"),
    [
        ("A3", "landscape", (1191, 842)),
        ("A4", "portrait", (595, 842)),
        ("A1", "landscape", (2384, 1684)),
    ],
)
def test_paper_size_gives_that_page(
    map_layers: dict[str, Any], tmp_path: Path, paper: str, orientation: str, size: tuple[int, int]
) -> None:
    out = maps.static_map(
        map_layers, tmp_path / "m.pdf", paper=paper, orientation=orientation, dpi=50
    )
    w, h = page_points(out)
    assert (round(w), round(h)) == size


def test_cli_map_paper_a3(tmp_path: Path) -> None:
    pdf = tmp_path / "loop.pdf"
    r = CliRunner().invoke(
        cli.main,
        [
            "map",
            "--out",
            str(tmp_path / "m.html"),
            "--pdf",
            str(pdf),
            "--paper",
            "A3",
            "--orientation",
            "landscape",
            "--dpi",
            "100",
        ],
    )
    assert r.exit_code == 0, r.output
    assert tuple(round(v) for v in page_points(pdf)) == (1191, 842)


def crowded_layers(map_layers: dict[str, Any]) -> dict[str, Any]:
    """The test zones squeezed together so their labels would sit on one another."""
    from shapely.affinity import scale

    zones = map_layers["loop.zones"].to_crs(2326)
    zones["geometry"] = [
        scale(g, 0.2, 0.2, origin=(zones.total_bounds[0], zones.total_bounds[1]))
        for g in zones.geometry
    ]
    return {"loop.zones": zones.to_crs(4326), "loop.phases": map_layers["loop.phases"]}


def test_zone_labels_do_not_overlap(map_layers: dict[str, Any]) -> None:
    from maps.paper._layout import label_boxes

    fig = static_figure(crowded_layers(map_layers), lang="both", paper="A4", dpi=72)
    boxes = label_boxes(fig)
    assert boxes
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    notes = [re.search(r"(\d+) (labels?) left out", t.get_text()) for t in fig.axes[0].texts]
    left = next((m for m in notes if m), None)
    if left:  # "1 label left out", "2 labels left out"
        assert (left[2] == "label") == (left[1] == "1"), left[0]
    assert len(boxes) + (int(left[1]) if left else 0) == len(map_layers["loop.zones"])


def test_schematic_note_and_grid_on_the_map(map_layers: dict[str, Any]) -> None:
    fig = static_figure(map_layers, lang="both", paper="A3", dpi=50)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "Schematic: not official geometry" in texts and "示意圖" in texts
    assert "EPSG:2326" in texts


def test_unknown_paper_is_an_input_error(map_layers: dict[str, Any], tmp_path: Path) -> None:
    from gis.errors import InputError

    with pytest.raises(InputError, match="paper size"):
        maps.static_map(map_layers, tmp_path / "m.png", paper="B5")
    assert not (tmp_path / "m.png").exists()


@pytest.fixture(scope="module")
def loop_layers() -> dict[str, Any]:
    """The embedded Loop map: its official plan's 18 zones make the longest legend."""
    from maps.web.interactive import load_site_layers

    return load_site_layers("loop")


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("paper", ["A4", "A3", "A1"])
def test_legend_title_and_source_line_stay_on_the_page_and_off_the_map(
    loop_layers: dict[str, Any], paper: str, orientation: str, lang: str
) -> None:
    title = "Lok Ma Chau Loop: Hong Kong-Shenzhen I&T Park 河套香港園區"
    fig = static_figure(
        loop_layers, lang=lang, paper=paper, orientation=orientation, dpi=50, title=title
    )
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    page, drawn = fig.bbox, ax.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    source = next(t for t in ax.texts if "EPSG:2326" in t.get_text()).get_window_extent(renderer)
    heading = ax.title.get_window_extent(renderer)
    for what, box in (("legend", legend), ("source line", source), ("title", heading)):
        inside = page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0
        assert inside and box.y1 <= page.y1, f"{what} {box.extents} leaves the page {page.extents}"
    assert not legend.overlaps(drawn), "the legend covers the map"
    assert not legend.overlaps(source), "the legend covers the source line"
    assert not heading.overlaps(drawn)


def test_pdf_text_is_real_text_that_can_be_searched(
    map_layers: dict[str, Any], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = maps.static_map(
        map_layers, tmp_path / "m.pdf", paper="A4", lang="en", dpi=50, title="Loop print check"
    )
    text = PdfReader(out).pages[0].extract_text()
    assert "Loop print check" in text and "EPSG:2326" in text
