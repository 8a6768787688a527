"""`technopole massing`: the offline 3D massing page from the command line."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

import cli


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="tp-data">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_massing_writes_one_offline_page_of_table_3_1(tmp_path):
    out = tmp_path / "m.html"
    r = run("massing", "--out", str(out))
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    data = _data(html)
    assert [s["name"] for s in data["scenarios"]] == ["table-3-1"]
    assert data["view"] == "allocation" and data["colour_by"] == "capacity"


def test_two_scenarios_are_drawn_side_by_side(tmp_path):
    out = tmp_path / "m.html"
    r = run("massing", "baseline-540k", "table-3-1", "--out", str(out), "--view", "envelope")
    assert r.exit_code == 0, r.output
    data = _data(out.read_text(encoding="utf-8"))
    assert [s["name"] for s in data["scenarios"]] == ["baseline-540k", "table-3-1"]
    assert data["view"] == "envelope"


def test_three_scenarios_are_refused_in_one_line(tmp_path):
    r = run("massing", "table-3-1", "table-3-1", "table-3-1", "--out", str(tmp_path / "m.html"))
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and "one or two scenarios" in r.stderr


def test_a_corrupt_terrain_is_one_line_naming_the_file(tmp_path):
    dem = tmp_path / "dem.tif"
    dem.write_bytes(b"II*\x00" + b"\x00" * 200)
    r = run("massing", "--terrain", str(dem), "--out", str(tmp_path / "m.html"))
    assert r.exit_code == 2, r.output
    line = r.stderr.strip()
    assert "\n" not in line and "dem.tif" in line and "Traceback" not in r.output
    assert not (tmp_path / "m.html").exists()


def test_massing_needs_an_html_out_and_force_to_replace(tmp_path):
    r = run("massing", "--out", str(tmp_path / "m.png"))
    assert r.exit_code == 2
    out = tmp_path / "m.html"
    out.write_text("keep me", encoding="utf-8")
    r = run("massing", "--out", str(out))
    assert r.exit_code == 2
    assert out.read_text(encoding="utf-8") == "keep me"
