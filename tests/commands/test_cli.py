"""The command line: exit codes, formats and one-line errors (in-process, like rasterio's rio)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
import cli_options

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(cli.main, list(args), catch_exceptions=False)

    return _run


def test_layers_list_shows_every_layer_with_measured_areas(run):
    r = run("layers", "list", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert rows["loop.boundary"]["area_ha"] == pytest.approx(87, rel=0.01)
    assert rows["santin.boundary"]["area_ok"] is True
    assert rows["loop.zones"]["accuracy"] == "schematic"


@pytest.mark.parametrize("fmt", ["csv", "markdown", "table"])
def test_layers_list_in_each_format(run, fmt):
    r = run("layers", "list", "--format", fmt)
    assert r.exit_code == 0
    assert "loop.zones" in r.stdout


def test_facts_all_pass_and_exit_zero(run):
    r = run("facts", "--format", "json")
    assert r.exit_code == 0
    facts = json.loads(r.stdout)
    assert facts and all(f["passed"] for f in facts)


def test_facts_exit_one_when_a_fact_fails(run, tmp_path, monkeypatch):
    import shutil

    dst = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", dst)
    (dst / "loop_gfa_phase1.csv").write_text(
        (dst / "loop_gfa_phase1.csv").read_text(encoding="utf-8").replace("52,520000", "50,500000"),
        encoding="utf-8",
    )
    monkeypatch.setenv("TECHNOPOLE_LAYERS", str(dst))
    r = run("facts", "--format", "csv")
    assert r.exit_code == 1
    assert "failed" in r.stderr


def test_layers_show_embedded_and_user_file(run, tmp_path):
    r = run("layers", "show", "loop.zones")
    assert r.exit_code == 0 and "EPSG:4326" in r.stdout and "生命健康科技區" in r.stdout
    out = tmp_path / "zones.gpkg"
    r = run("layers", "export", "loop.zones", "--to", str(out))
    assert r.exit_code == 0 and out.exists()
    r = run("layers", "show", str(out), "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["features"] == 13  # 9 zones of §3.1.5 + 4 non-building zones


def test_export_refuses_to_overwrite_without_force(run, tmp_path):
    out = tmp_path / "b.geojson"
    assert run("layers", "export", "loop.boundary", "--to", str(out)).exit_code == 0
    out.write_text("mine", encoding="utf-8")
    r = run("layers", "export", "loop.boundary", "--to", str(out))
    assert r.exit_code == 2 and r.stderr.strip() == (
        f"technopole: error: {out}: exists; pass --force to replace it"
    )
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("layers", "export", "loop.boundary", "--to", str(out), "--force").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_export_reprojects_to_hk1980(run, tmp_path):
    import geopandas as gpd

    out = tmp_path / "zones_hk80.gpkg"
    r = run("layers", "export", "loop.zones", "--to", str(out), "--to-crs", "EPSG:2326")
    assert r.exit_code == 0, r.stderr
    assert gpd.read_file(out).crs.to_epsg() == 2326


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "missing.geojson", "not found"),
        (
            lambda d: (d / "bad.geojson").write_text('{"type": "FeatureColl') and d / "bad.geojson",
            "bad.geojson",
        ),
        (lambda d: d / "notalayer", "unknown layer"),
    ],
)
def test_bad_input_is_one_line_with_exit_two_and_no_traceback(run, tmp_path, make, needle):
    path = make(tmp_path)
    r = run("layers", "show", str(path))
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in r.output


def test_debug_shows_the_traceback(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "cli.py"),
            "--debug",
            "layers",
            "show",
            str(tmp_path / "missing.geojson"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "LayerError" in proc.stderr


def test_usage_error_exits_two(run):
    r = run("layers", "show")
    assert r.exit_code == 2 and "Missing argument 'LAYER'" in r.stderr


def test_python_cli_py_is_the_same_command():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "layers" in proc.stdout


def test_debug_does_not_leak_into_the_next_call_in_the_same_process(tmp_path):
    # the debug flag lives in the click context of one call (it used to be a global)
    runner = CliRunner()
    missing = str(tmp_path / "missing.geojson")
    first = runner.invoke(cli.main, ["--debug", "layers", "show", missing])
    assert type(first.exception).__name__ == "LayerError"  # raised: the traceback is shown
    second = runner.invoke(cli.main, ["layers", "show", missing])
    assert second.exit_code == 2 and type(second.exception).__name__ == "SystemExit"
    assert second.stderr.startswith("technopole: error: ") and len(second.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "param, text, expected",
    [
        (cli_options.UsePct(), "wet_lab_mfg=40", ("wet_lab_mfg", 40.0)),
        (cli_options.UseRange(), " ai =20:35.5", ("ai", (20.0, 35.5))),
    ],
)
def test_use_params_parse_use_and_numbers(param, text, expected):
    assert param.convert(text, None, None) == expected


@pytest.mark.parametrize(
    "param, text",
    [
        (cli_options.UsePct(), "wet_lab_mfg"),
        (cli_options.UsePct(), "=40"),
        (cli_options.UsePct(), "ai=20:30"),
        (cli_options.UseRange(), "ai=20"),
        (cli_options.UseRange(), "ai=a:b"),
    ],
)
def test_use_params_refuse_malformed_values_as_usage_errors(param, text):
    with pytest.raises(click.BadParameter, match="expected USE="):
        param.convert(text, None, None)


def test_out_has_a_short_form_and_every_writer_refuses_to_overwrite(run, tmp_path):
    out = tmp_path / "facts.csv"
    out.write_text("keep", encoding="utf-8")
    r = run("facts", "-o", str(out), "--format", "csv")
    assert r.exit_code == 2 and "exists" in r.stderr and out.read_text() == "keep"
    assert run("facts", "-o", str(out), "--format", "csv", "--force").exit_code == 0
    assert "description" in out.read_text(encoding="utf-8")


def test_a_large_layer_is_summarised_and_every_feature_goes_to_a_file(run, tmp_path, monkeypatch):
    """Beyond the row limit: counts, areas, one row per attribute, the first rows, a note."""
    import io

    import geopandas as gpd
    import pandas as pd
    from rich.console import Console

    import gis
    from gis.formats import to_json
    from maps.reports.results import _layer_tables, print_layer

    gdf = gis.load_layer("santin.parcels")
    buf = io.StringIO()
    print_layer(gdf, Console(file=buf, width=200), limit=10)
    text = buf.getvalue()
    ids = gdf["zone_id"].tolist() if "zone_id" in gdf else gdf["id"].tolist()
    assert all(str(i) in text for i in ids[:10])
    assert not any(f" {i} " in text for i in ids[10:])
    assert f"the first 10 of {len(gdf):,} shown" in text and "--format csv|json --out" in text
    assert "feature area_ha: min" in text and "distinct" in text
    buf = io.StringIO()
    print_layer(gdf, Console(file=buf, width=200), limit=len(gdf))  # small: every feature
    assert all(f" {i} " in buf.getvalue() for i in ids) and "shown" not in buf.getvalue()
    # every feature, to a file; the JSON is what the dict-per-row encoder gave
    for fmt in ("csv", "json"):
        out = tmp_path / f"all.{fmt}"
        r = run("layers", "show", "santin.parcels", "--out", str(out))
        assert r.exit_code == 0, r.output
        assert f"wrote {out}" in r.stderr
    assert len(pd.read_csv(tmp_path / "all.csv")) == len(gdf)
    desc, feats = _layer_tables(gdf)
    expect = json.loads(to_json({**desc, "features_table": feats.to_dict(orient="records")}))
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8")) == expect
    assert isinstance(gdf, gpd.GeoDataFrame)
    # the output may not be the layer it reads
    src = tmp_path / "p.geojson"
    gdf.to_file(src)
    r = run("layers", "show", str(src), "--format", "json", "--out", str(src), "--force")
    assert r.exit_code == 2
