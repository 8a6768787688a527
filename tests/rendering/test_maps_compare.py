"""Rendered scenario comparisons (maps.comparison: compare, diffmap, charts) and validation
reports (maps.reports.report): one self-contained, escaped page; every format carries the input
hashes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import gis
import maps
from cli import main
from gis.errors import OutputError


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def value(df: pd.DataFrame, item: str, measure: str, column: str):
    row = df[(df["item"] == item) & (df["measure"] == measure)]
    assert len(row) == 1, (item, measure)
    return row[column].iloc[0]


@pytest.fixture(scope="module")
def comp():
    return gis.comparison(["table-3-1", "ai-30pct"])


@pytest.fixture
def nasty(tmp_path):
    return write(
        tmp_path,
        'name: "<img src=x onerror=alert(1)> ${x} {{7*7}}"\nbase: embedded\n'
        'notes: "<script>alert(2)</script>"\ntotal_gfa_m2: 900000\n',
    )


def test_comparison_is_a_public_type(comp):
    assert isinstance(comp, gis.Comparison)
    assert gis.comparison.__annotations__["return"] in ("Comparison", gis.Comparison)


def test_html_report_is_one_self_contained_escaped_file(tmp_path, nasty):
    out = maps.write_comparison(["table-3-1", nasty], tmp_path / "r.html")
    page = out.read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(
        r"<(script|link|img)[^>]+(src|href)=\"https?://", page.split("<iframe")[0]
    )  # the tables and charts part loads nothing
    pngs = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(pngs) == 3  # the site map and two charts
    assert all(base64.b64decode(p)[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert "<iframe" in page and "srcdoc=" in page
    assert hashlib.sha256(nasty.read_bytes()).hexdigest() in page


def test_html_report_diff_maps_work_offline_without_any_callback(tmp_path, comp):
    # the diff maps live beside the offline inliner now: no page_filter to pass, no CDN
    page = maps.write_comparison(comp, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page
    assert "leaflet" in page.lower() and "srcdoc=" in page


def test_html_report_leaves_out_charts_and_maps_on_request(comp):
    page = maps.render_comparison(comp, "html", charts=False, maps=False)
    assert "data:image/png" not in page and "<iframe" not in page and "<table>" in page


@pytest.mark.parametrize("suffix", [".md", ".csv", ".json", ".xlsx"])
def test_each_report_format_carries_the_input_hashes(tmp_path, comp, suffix):
    out = maps.write_comparison(comp, tmp_path / f"r{suffix}")
    sha = comp.scenarios[1].sha256
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames == [
            "Validation",
            "Uses",
            "Site",
            "Zones",
            "Indicators",
            "Errors and warnings",
            "Checks not run, and why",
            "Inputs",
            "Notes",
        ]
        assert sha in [c.value for row in wb["Inputs"].iter_rows() for c in row]
        return
    text = out.read_text(encoding="utf-8")
    assert sha in text
    if suffix == ".json":
        data = json.loads(text)
        assert data["reference"] == "table-3-1" and "zone" in data["tables"]
    if suffix == ".csv":
        df = pd.read_csv(out)
        assert float(value(df, "dry_lab_office", "share_pct", "Δ ai-30pct")) == pytest.approx(8)


def test_reports_are_not_replaced_without_force(tmp_path, comp):
    target = tmp_path / "r.md"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError):
        maps.write_comparison(comp, target, force=False)
    assert target.read_text(encoding="utf-8") == "keep"


def test_an_unknown_report_suffix_is_a_one_line_input_error(tmp_path, comp):
    with pytest.raises(gis.InputError, match=r"cannot tell the format from '\.txt'"):
        maps.write_comparison(comp, tmp_path / "r.txt")


def test_diff_map_colours_the_zone_that_fills_up_red_and_escapes_names(nasty):
    from maps.comparison.diffmap import MISSING, NEGATIVE, NEUTRAL, POSITIVE, diverging_colour

    assert diverging_colour(10, 10) == POSITIVE and diverging_colour(-10, 10) == NEGATIVE
    assert diverging_colour(0, 10) == NEUTRAL and diverging_colour(float("nan"), 10) == MISSING
    assert diverging_colour(50, 10) == POSITIVE  # saturates
    c = gis.comparison(["table-3-1", nasty])
    page = maps.diff_map(c, 1).get_root().render()
    assert "<img src=x" not in page and "&#36;&#123;x&#125;" in page
    assert "{{7*7}}" not in page and "49" not in re.findall(r"&#123;&#123;(\d+)", page)


def test_diff_maps_folder_is_created_and_named_the_same_from_library_and_cli(tmp_path, comp):
    # before, the library's maps_dir needed an existing folder while the CLI created it
    lib = tmp_path / "lib" / "nested"
    maps.write_comparison(comp, tmp_path / "r.md", maps_dir=lib)
    r = CliRunner().invoke(
        main, ["compare", "table-3-1", "ai-30pct", "--maps-dir", str(tmp_path / "cli" / "nested")]
    )
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in lib.iterdir())
    assert names == ["diff_ai-30pct_vs_table-3-1.html"]
    assert names == sorted(p.name for p in (tmp_path / "cli" / "nested").iterdir())
    page = (lib / names[0]).read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_charts_are_png_bytes(comp):
    for png in (maps.gfa_by_use_png(comp), maps.zone_use_png(comp)):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


# ----------------------------------------------------------------------------- validation report
@pytest.fixture(scope="module")
def report():
    return gis.validate()


def test_validation_report_html_escapes_every_user_string(report):
    import dataclasses

    bad = "<script>alert(1)</script>{{ 7*7 }}"
    tampered = dataclasses.replace(report, issues=[gis.Issue("x.y", "warning", bad, source=bad)])
    page = maps.render_report(tampered, "html")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("{{ 7*7 }}") == 2  # printed as text, never evaluated
    assert page.startswith("<!DOCTYPE html>") and "Zones: capacity use" in page


def test_validation_report_writes_by_suffix(tmp_path, report):
    out = maps.write_report(report, tmp_path / "v.json")
    assert json.loads(out.read_text(encoding="utf-8"))["ok"] is True
    with pytest.raises(gis.InputError, match="cannot tell the format"):
        maps.write_report(report, tmp_path / "v.docx")
    with pytest.raises(gis.InputError, match="unknown report format 'pdf'"):
        maps.render_report(report, "pdf")
