"""Statutory plans that cannot be read: one line naming the file and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyogrio
import pytest
from _ozp_fixtures import LMCL, board_layer, build

import gis
from gis import ozp
from gis.errors import InputError, LayerError


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("ozp_errors"))


# ----------------------------------------------------------------------------- errors


def _one_line(exc: pytest.ExceptionInfo, *parts: str) -> None:
    text = str(exc.value)
    assert isinstance(exc.value, InputError) and "\n" not in text
    for part in parts:
        assert part in text, text


def test_a_folder_with_no_plan_layer_is_refused(tmp_path):
    shutil.copy(gis.layer_info("loop.zones")["path"], tmp_path / "loop_zones.geojson")
    (tmp_path / "notes.txt").write_text("not a layer", encoding="utf-8")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path)
    _one_line(err, str(tmp_path.name), "holds no statutory plan layer", "loop_zones.geojson")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path / "missing")
    _one_line(err, "missing", "file or folder not found")


def test_a_file_that_is_not_a_plan_is_refused():
    with pytest.raises(LayerError) as err:
        ozp.read_plan(gis.layer_info("loop.zones")["path"])
    _one_line(err, "loop_zones.geojson", "is not a statutory plan layer", "fields: ")


@pytest.mark.parametrize(
    "drop, message",
    [
        ("PLAN_NO", "ZONE layer has no PLAN_NO field"),
        ("ZONE_LABEL", "ZONE layer has no ZONE_LABEL field"),
    ],
)
def test_a_zone_layer_missing_a_required_field_is_refused(drop, message, tmp_path):
    pyogrio.write_dataframe(
        board_layer("ZONE").drop(columns=[drop]), tmp_path / "ZONE.geojson", driver="GeoJSON"
    )
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path)
    _one_line(err, "ZONE.geojson", message)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_layer_without_crs_is_refused_unless_one_is_given(tmp_path):
    gml = tmp_path / "ZONE.gml"
    pyogrio.write_dataframe(
        board_layer("ZONE").set_crs(None, allow_override=True), gml, driver="GML"
    )
    with pytest.raises(LayerError) as err:
        ozp.read_plan(gml)
    _one_line(err, "ZONE.gml", "has no coordinate reference system")
    assert len(ozp.read_plan(gml, crs="EPSG:2326").zones) == 18


@pytest.mark.parametrize("sidecar", [".dbf", ".prj"])
def test_a_shapefile_missing_a_sidecar_is_refused(sidecar, fixtures, tmp_path):
    folder = tmp_path / "shp"
    shutil.copytree(fixtures["shapefile"], folder)
    (folder / f"ZONE{sidecar}").unlink()
    with pytest.raises(LayerError) as err:
        ozp.read_plan(folder)
    _one_line(err, "ZONE.shp", f"Shapefile is missing ZONE{sidecar}")


def test_two_plans_in_one_folder_are_refused(tmp_path):
    shutil.copy(LMCL / "ZONE.json", tmp_path / "ZONE.json")
    ktn = LMCL.parent / "S_KTN_4" / "PLAN_SCHEME_AREA.json"
    shutil.copy(ktn, tmp_path / "PLAN_SCHEME_AREA.json")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path)
    _one_line(err, "holds more than one plan (", "S/LMCL/2", "S/KTN/4")


def test_a_corrupt_layer_or_zip_is_one_line(tmp_path):
    (tmp_path / "ZONE.json").write_text('{"features": [', encoding="utf-8")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path / "ZONE.json")
    _one_line(err, "ZONE.json", "is not valid")
    bad_zip = tmp_path / "plan.zip"
    bad_zip.write_bytes(b"PK not really a zip")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(bad_zip)
    _one_line(err, "plan.zip", "is not a valid zip archive")


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_an_unrelated_file_beside_the_plan_is_left_alone(tmp_path):
    for kind in ("ZONE", "PLAN_SCHEME_AREA"):
        shutil.copy(LMCL / f"{kind}.json", tmp_path / f"{kind}.json")
    sketch = board_layer("ZONE").head(2)[["geometry"]].set_crs(None, allow_override=True)
    pyogrio.write_dataframe(sketch, tmp_path / "my_sketch.geojson", driver="GeoJSON")
    plan = ozp.read_plan(tmp_path)  # the sketch has no CRS, but it is not a plan layer
    assert list(plan.layers) == ["PLAN_SCHEME_AREA", "ZONE"] and len(plan.zones) == 18


def test_the_same_layer_twice_is_refused(fixtures, tmp_path):
    shutil.copy(LMCL / "ZONE.json", tmp_path / "ZONE.json")
    shutil.copy(fixtures["geojson"] / "ZONE.geojson", tmp_path / "ZONE.geojson")
    with pytest.raises(LayerError) as err:
        ozp.read_plan(tmp_path)
    _one_line(err, "holds two ZONE layers", "ZONE.geojson", "ZONE.json", "keep one per plan")
