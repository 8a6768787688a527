"""``--crs`` on every command that reads a layer file: a file that declares no CRS (a FlatGeobuf
written without one, as old exports are) is refused in one line, and read with ``--crs``."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

import cli
import gis


def no_crs_file(tmp_path: Path, name: str, stem: str | None = None) -> Path:
    """The embedded layer ``name`` in HK1980 Grid metres, written with no CRS at all."""
    gdf = gis.load_layer(name).to_crs("EPSG:2326")
    path = tmp_path / f"{stem or name.replace('.', '_')}.fgb"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyogrio: "'crs' was not provided"
        pyogrio.write_dataframe(gdf.set_crs(None, allow_override=True), path)
    assert pyogrio.read_info(path)["crs"] is None
    return path


def run(*args: object) -> object:
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def commands(tmp_path: Path) -> dict[str, list[object]]:
    zones = no_crs_file(tmp_path, "loop.zones")
    bands = no_crs_file(tmp_path, "loop.height_bands")
    site = no_crs_file(tmp_path, "loop.boundary")
    return {
        "validate": ["validate", "--site", site, "--zones", zones, "--bands", bands],
        "map": ["map", "--layer", zones, "--layer", bands, "--out", tmp_path / "m.html", "--force"],
        "layers export": ["layers", "export", zones, "--to", tmp_path / "z.gpkg", "--force"],
        "layers rasterize": [
            *("layers", "rasterize", bands, "--field", "height_mpd", "--res", "20"),
            *("--to", tmp_path / "h.tif", "--force"),
        ],
        "layers show": ["layers", "show", zones],
    }


@pytest.mark.parametrize(
    "command", ["validate", "map", "layers export", "layers rasterize", "layers show"]
)
def test_a_file_without_crs_is_refused_then_read_with_crs(tmp_path: Path, command: str) -> None:
    args = commands(tmp_path)[command]
    refused = run(*args)
    assert refused.exit_code == 2, refused.output
    assert "no coordinate reference system" in refused.stderr
    assert "crs=" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    read = run(*args, "--crs", "EPSG:2326")
    assert read.exit_code in (0, 1), read.output  # 1: validate found a planning error
    assert "no coordinate reference system" not in read.output


def test_validate_with_crs_measures_the_same_as_the_embedded_layers(tmp_path: Path) -> None:
    args = commands(tmp_path)["validate"]
    own = run(*args, "--crs", "EPSG:2326", "--format", "json")
    embedded = run(
        *("validate", "--site", "loop.boundary", "--zones", "loop.zones"),
        *("--bands", "loop.height_bands", "--format", "json"),
    )
    a, b = json.loads(own.stdout), json.loads(embedded.stdout)
    assert a["summary"]["site_area_m2"] == pytest.approx(b["summary"]["site_area_m2"], rel=1e-6)
    assert own.exit_code == embedded.exit_code


def test_exported_file_keeps_the_crs_given(tmp_path: Path) -> None:
    zones = no_crs_file(tmp_path, "loop.zones")
    out = tmp_path / "z.gpkg"
    r = run("layers", "export", zones, "--to", out, "--crs", "EPSG:2326", "--to-crs", "EPSG:4326")
    assert r.exit_code == 0, r.output
    assert pyogrio.read_info(out)["crs"] == "EPSG:4326"


def test_crs_on_an_embedded_layer_is_refused_not_ignored(tmp_path: Path) -> None:
    r = run("layers", "export", "loop.zones", "--to", tmp_path / "z.gpkg", "--crs", "EPSG:2326")
    assert r.exit_code == 2
    assert "embedded layer" in r.stderr and "loop.zones" in r.stderr
    assert not (tmp_path / "z.gpkg").exists()


def test_crs_messages_name_the_command_line_flags(tmp_path: Path) -> None:
    # not "crs='EPSG:2326' only supplies ... reproject with to_hk1980": the flags a user types
    embedded = run("layers", "show", "loop.zones", "--crs", "EPSG:2326")
    assert embedded.exit_code == 2
    assert "--crs EPSG:2326" in embedded.stderr and "--to-crs" in embedded.stderr
    assert "crs='" not in embedded.stderr
    unknown = run("layers", "show", "loop.zones", "--crs", "EPSG:999999")
    assert "crs='" not in unknown.stderr, unknown.stderr
    plan = tmp_path / "plan.gpkg"
    zones = gis.load_layer("loop.zones")
    gis.write_layer(zones, plan, layer="a")
    gis.write_layer(zones, plan, layer="b")
    many = run("layers", "show", str(plan))
    assert many.exit_code == 2 and "--layer-name" in many.stderr, many.stderr
    geojson = run("layers", "export", "loop.zones", "--to", str(tmp_path / "z.geojson"))
    assert geojson.exit_code == 0
    refused = run(
        "layers", "export", "loop.zones", "--to", str(tmp_path / "y.geojson"), "--to-crs", "2326"
    )
    assert refused.exit_code == 2 and "--to-crs 2326" in refused.stderr, refused.stderr


def test_an_undecodable_table_names_the_encoding_flag(tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_bytes(b"use,gfa_m2\n\xff\xfe\x81,1\n")
    r = run("validate", str(bad), "--encoding", "ascii")
    assert r.exit_code == 2 and "--encoding" in r.stderr and "pass encoding" not in r.stderr
