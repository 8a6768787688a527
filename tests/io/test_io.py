"""Tests for gis.io: reading planners' files safely, measuring in HK1980, writing atomically.

Every fixture is made in ``tmp_path`` at test time; nothing binary is committed.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
import shapely.affinity
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import LineString, Point, Polygon, box

from gis.errors import LayerError, OutputError
from gis.fs import sha256_file
from gis.io.layers import (
    HK1980,
    SUPPORTED_SUFFIXES,
    WGS84,
    area_m2,
    describe_layer,
    read_layer,
    to_hk1980,
    write_layer,
)

# HK1980 Grid metres near the Lok Ma Chau Loop.
E0, N0 = 833_000.0, 842_000.0
BOWTIE = Polygon([(E0, N0), (E0 + 100, N0 + 100), (E0 + 100, N0), (E0, N0 + 100)])


def square(i: int, side: float = 100.0) -> Polygon:
    """The i-th of a row of touching squares, ``side`` metres wide."""
    return box(E0 + i * side, N0, E0 + (i + 1) * side, N0 + side)


@pytest.fixture
def parcels() -> gpd.GeoDataFrame:
    """Three touching 100 m x 100 m parcels in HK1980 Grid, bilingual names."""
    return gpd.GeoDataFrame(
        {
            "id": ["P1", "P2", "P3"],
            "name_en": ["Wet Labs", "Dry Labs", "Talent Apartments"],
            "name_zh": ["濕實驗室", "乾實驗室", "人才公寓"],
            "gfa_m2": [52_000.0, 22_000.0, 10_000.0],
        },
        geometry=[square(0), square(1), square(2)],
        crs=HK1980,
    )


def folder_state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder`` with its checksum and modification time."""
    return {
        str(p.relative_to(folder)): (sha256_file(p), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shapefile(gdf: gpd.GeoDataFrame, folder: Path, stem: str = "parcels") -> Path:
    """Write a Shapefile set with pyogrio directly (not through the code under test)."""
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}.shp"
    pyogrio.write_dataframe(gdf, path)
    return path


def zip_members(zip_path: Path, files: list[Path], folder: str = "") -> Path:
    with zipfile.ZipFile(zip_path, "w") as archive:
        for f in files:
            archive.write(f, folder + f.name)
    return zip_path


def refused(call, *fragments: str) -> str:
    """Run ``call``, expect a one-line LayerError containing every fragment; return it."""
    with pytest.raises(LayerError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# ----------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_each_format_reads_back_the_same_parcels(tmp_path, parcels, suffix):
    path = write_layer(parcels, tmp_path / f"parcels{suffix}")
    back = read_layer(path, geom_types=("Polygon",), required=["name_zh"], id_field="id")

    assert list(back["id"]) == ["P1", "P2", "P3"]
    assert list(back["name_zh"]) == ["濕實驗室", "乾實驗室", "人才公寓"]
    assert list(back["gfa_m2"]) == [52_000.0, 22_000.0, 10_000.0]
    assert back.crs.equals(WGS84 if suffix in (".geojson", ".json") else HK1980)
    # GeoJSON keeps 7 decimals of a degree, about 1 cm; the others keep every digit.
    tolerance = 0.02 if suffix in (".geojson", ".json") else 1e-6
    moved = shapely.hausdorff_distance(to_hk1980(back).geometry.values, parcels.geometry.values)
    assert np.all(moved < tolerance)


def test_geopackage_layer_is_read_by_its_name(tmp_path, parcels):
    plan = tmp_path / "plan.gpkg"
    write_layer(parcels, plan, layer="parcels")
    write_layer(parcels.iloc[:1], plan, layer="batch1")

    assert list(read_layer(plan, "batch1")["id"]) == ["P1"]
    assert list(read_layer(f"{plan}::parcels")["id"]) == ["P1", "P2", "P3"]


def test_geopackage_with_several_layers_and_no_name_lists_them(tmp_path, parcels):
    plan = tmp_path / "plan.gpkg"
    write_layer(parcels, plan, layer="parcels")
    write_layer(parcels, plan, layer="zones")

    refused(lambda: read_layer(plan), "plan.gpkg", "2 layers", "parcels", "zones", "layer=")


def test_geopackage_layer_that_is_not_there_is_refused_with_the_layers_it_has(tmp_path, parcels):
    plan = write_layer(parcels, tmp_path / "plan.gpkg", layer="parcels")

    refused(lambda: read_layer(plan, "roads"), "plan.gpkg", "no layer 'roads'", "parcels")


def test_zipped_shapefile_is_read_in_place_without_extracting(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set")
    sidecars = sorted(shp.parent.iterdir())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    zipped = zip_members(inbox / "parcels.zip", sidecars, folder="data/")
    before = folder_state(inbox)

    back = read_layer(zipped, id_field="id")

    assert list(back["name_zh"]) == list(parcels["name_zh"])
    assert back.crs.equals(HK1980)
    assert folder_state(inbox) == before


def test_zip_holding_two_shapefiles_needs_a_layer_name(tmp_path, parcels):
    a = sorted(shapefile(parcels, tmp_path / "a", "zones").parent.iterdir())
    b = sorted(shapefile(parcels.iloc[:1], tmp_path / "b", "roads").parent.iterdir())
    zipped = zip_members(tmp_path / "both.zip", a + b)

    refused(lambda: read_layer(zipped), "both.zip", "2 Shapefiles", "roads", "zones")
    assert len(read_layer(zipped, "roads")) == 1


def test_shapefile_sidecars_in_upper_case_are_found(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set", "PARCELS")
    for part in list(shp.parent.iterdir()):
        part.rename(part.with_suffix(part.suffix.upper()))

    back = read_layer(tmp_path / "set" / "PARCELS.SHP")

    assert list(back["name_en"]) == list(parcels["name_en"])


# ----------------------------------------------------------------------------- bad files


def test_missing_file_is_refused_with_its_name(tmp_path):
    refused(lambda: read_layer(tmp_path / "zones.geojson"), "zones.geojson", "file not found")


def test_folder_is_refused_as_not_a_layer_file(tmp_path):
    folder = tmp_path / "zones.gpkg"
    folder.mkdir()
    refused(lambda: read_layer(folder), "zones.gpkg", "is a folder")


def test_unknown_extension_is_refused_with_the_supported_ones(tmp_path):
    drawing = tmp_path / "zones.dwg"
    drawing.write_bytes(b"AC1032")
    refused(lambda: read_layer(drawing), "zones.dwg", "unknown file type (.dwg)", ".gpkg", ".shp")


def test_truncated_geojson_is_refused_as_not_valid_geojson(tmp_path, parcels):
    good = write_layer(parcels, tmp_path / "good.geojson")
    broken = tmp_path / "zones.geojson"
    broken.write_text(good.read_text(encoding="utf-8")[:300], encoding="utf-8")

    refused(lambda: read_layer(broken), "zones.geojson", "not valid GeoJSON")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zones.gpkg", "not valid GeoPackage"),
        ("zones.fgb", "not valid FlatGeobuf"),
        ("zones.parquet", "not valid GeoParquet"),
        ("zones.zip", "not a valid zip archive"),
    ],
)
def test_corrupt_file_is_refused_with_its_format(tmp_path, name, expected):
    corrupt = tmp_path / name
    corrupt.write_bytes(b"not a layer\n" * 50)
    refused(lambda: read_layer(corrupt), name, expected)


def test_plain_parquet_table_is_refused_as_not_geoparquet(tmp_path, parcels):
    table = tmp_path / "gfa.parquet"
    parcels.drop(columns="geometry").to_parquet(table)
    refused(lambda: read_layer(table), "gfa.parquet", "not valid GeoParquet")


@pytest.mark.parametrize(
    ("sidecar", "role"), [(".dbf", "attributes"), (".shx", "index"), (".prj", "coordinate system")]
)
def test_shapefile_without_a_sidecar_is_refused_with_its_name(tmp_path, parcels, sidecar, role):
    shp = shapefile(parcels, tmp_path / "set")
    shp.with_suffix(sidecar).unlink()
    before = folder_state(shp.parent)

    refused(lambda: read_layer(shp), "parcels.shp", f"missing parcels{sidecar} ({role})")

    # Nothing was "restored" next to the planner's data (GDAL's SHAPE_RESTORE_SHX would).
    assert folder_state(shp.parent) == before


def test_shapefile_without_dbf_and_prj_names_both(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set")
    shp.with_suffix(".dbf").unlink()
    shp.with_suffix(".prj").unlink()
    refused(lambda: read_layer(shp), "parcels.dbf (attributes) and parcels.prj")


def test_zipped_shapefile_without_dbf_is_refused_with_its_name(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set")
    kept = [p for p in sorted(shp.parent.iterdir()) if p.suffix != ".dbf"]
    zipped = zip_members(tmp_path / "parcels.shp.zip", kept)

    refused(lambda: read_layer(zipped), "parcels.shp.zip", "missing parcels.dbf (attributes)")


def test_shapefile_sidecar_spelled_in_mixed_case_is_named(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set")
    shp.with_suffix(".dbf").rename(shp.with_suffix(".Dbf"))
    refused(lambda: read_layer(shp), "parcels.shp", "parcels.Dbf", "rename it 'parcels.dbf'")


def test_shapefile_without_prj_is_read_when_the_crs_is_given(tmp_path, parcels):
    shp = shapefile(parcels, tmp_path / "set")
    shp.with_suffix(".prj").unlink()

    refused(lambda: read_layer(shp), "parcels.shp", "missing parcels.prj", "give it with --crs")
    assert read_layer(shp, crs=HK1980).crs.equals(HK1980)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_is_refused_unless_the_crs_is_given(tmp_path, parcels):
    unknown = tmp_path / "parcels.fgb"
    pyogrio.write_dataframe(parcels.set_crs(None, allow_override=True), unknown)

    refused(lambda: read_layer(unknown), "parcels.fgb", "no coordinate reference system")
    back = read_layer(unknown, crs="EPSG:2326")
    assert back.crs.equals(HK1980)
    assert area_m2(back).tolist() == pytest.approx([10_000.0] * 3)


def test_unknown_crs_argument_is_refused(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "parcels.gpkg")
    refused(lambda: read_layer(path, crs="EPSG:999999"), "parcels.gpkg", "not a known CRS")


def test_crs_given_that_contradicts_the_file_is_refused(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "parcels.gpkg")
    refused(lambda: read_layer(path, crs=WGS84), "parcels.gpkg", "declares EPSG:2326")


def test_hk1980_geojson_without_crs_member_is_refused_and_read_with_the_crs(tmp_path, parcels):
    legacy = tmp_path / "legacy.geojson"
    text = json.loads(parcels.to_json())
    text.pop("crs", None)  # metres, but GeoJSON without "crs" means longitude/latitude
    legacy.write_text(json.dumps(text), encoding="utf-8")

    refused(lambda: read_layer(legacy), "legacy.geojson", "cannot be longitude/latitude")
    assert area_m2(read_layer(legacy, crs=HK1980)).tolist() == pytest.approx([10_000.0] * 3)


def test_empty_layer_is_refused(tmp_path, parcels):
    empty = tmp_path / "empty.gpkg"
    pyogrio.write_dataframe(parcels.iloc[:0], empty)
    refused(lambda: read_layer(empty), "empty.gpkg", "no features")


def test_road_in_a_zone_layer_is_refused_with_its_feature_number_and_name(tmp_path, parcels):
    parcels.loc[1, "geometry"] = LineString([(E0, N0), (E0 + 300, N0)])
    path = write_layer(parcels, tmp_path / "zones.gpkg")

    refused(
        lambda: read_layer(path, geom_types=("Polygon", "MultiPolygon")),
        "zones.gpkg: feature 2 (id='P2', name_en='Dry Labs')",
        "geometry is LineString; expected Polygon or MultiPolygon",
    )


def test_invalid_geometry_is_refused_with_its_feature_number_and_reason(tmp_path, parcels):
    parcels.loc[2, "geometry"] = BOWTIE
    path = tmp_path / "zones.geojson"
    pyogrio.write_dataframe(parcels.to_crs(WGS84), path)

    refused(
        lambda: read_layer(path),
        "zones.geojson: feature 3 (id='P3', name_en='Talent Apartments')",
        "invalid geometry (Self-intersection",
    )


def test_many_invalid_geometries_name_the_first_few_and_count_them(tmp_path):
    many = gpd.GeoDataFrame({"name_en": [f"Z{i}" for i in range(1, 6)]}, geometry=[BOWTIE] * 5)
    path = tmp_path / "zones.fgb"
    pyogrio.write_dataframe(many.set_crs(HK1980), path)

    message = refused(lambda: read_layer(path), "zones.fgb", "5 features have invalid geometry")
    assert "feature 1 (name_en='Z1')" in message
    assert "feature 3 (name_en='Z3')" in message
    assert "and 2 more" in message
    assert "feature 4" not in message


def test_feature_without_geometry_is_refused_with_its_number(tmp_path, parcels):
    parcels.loc[0, "geometry"] = None
    path = tmp_path / "zones.gpkg"
    pyogrio.write_dataframe(parcels, path)
    refused(lambda: read_layer(path), "zones.gpkg: feature 1 (id='P1'", "has no geometry")


def test_missing_required_attributes_are_listed(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "zones.gpkg")
    refused(
        lambda: read_layer(path, required=["name_en", "height_mpd", "Name_ZH"]),
        "zones.gpkg",
        "missing required attributes 'height_mpd', 'Name_ZH'",
        "names are case-sensitive",
    )


def test_duplicate_ids_are_refused_with_their_feature_numbers(tmp_path, parcels):
    parcels.loc[2, "id"] = "P1"
    path = write_layer(parcels, tmp_path / "zones.gpkg")
    refused(
        lambda: read_layer(path, id_field="id"),
        "zones.gpkg",
        "duplicate 'id'",
        "'P1' (features 1, 3)",
    )


def test_missing_ids_are_refused_with_their_feature_numbers(tmp_path, parcels):
    parcels.loc[1, "id"] = None
    parcels.loc[2, "id"] = "  "
    path = write_layer(parcels, tmp_path / "zones.gpkg")
    message = refused(
        lambda: read_layer(path, id_field="id"), "zones.gpkg", "2 features have no 'id'"
    )
    assert "feature 2" in message
    assert "feature 3" in message


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".shp", ".fgb", ".parquet"])
def test_reading_never_changes_the_planners_files(tmp_path, parcels, suffix):
    folder = tmp_path / "data"
    folder.mkdir()
    path = write_layer(parcels, folder / f"parcels{suffix}")
    before = folder_state(folder)

    read_layer(path, id_field="id")

    assert folder_state(folder) == before


# ----------------------------------------------------------------------------- measuring


def test_100_m_square_keeps_its_area_through_geojson(tmp_path):
    plot = gpd.GeoDataFrame({"id": ["S"]}, geometry=[square(0)], crs=HK1980)

    fine = read_layer(write_layer(plot, tmp_path / "fine.geojson", precision=10))
    assert fine.crs.equals(WGS84)
    assert area_m2(fine).iloc[0] == pytest.approx(10_000.0, abs=0.01)

    # At the house 7 decimals (about 1 cm) each corner moves up to 5.6 mm: at most
    # 400 m of perimeter x 5.6 mm of area can come or go.
    default = read_layer(write_layer(plot, tmp_path / "plot.geojson"))
    assert area_m2(default).iloc[0] == pytest.approx(10_000.0, abs=400 * 0.0056)


def test_area_m2_is_a_named_series_on_the_same_index(parcels):
    parcels.index = ["a", "b", "c"]
    areas = area_m2(parcels)
    assert areas.name == "area_m2"
    assert list(areas.index) == ["a", "b", "c"]
    assert areas.tolist() == pytest.approx([10_000.0] * 3)


def test_area_is_measured_in_hk1980_whatever_the_layer_crs(parcels):
    in_degrees = parcels.to_crs(WGS84)
    assert area_m2(in_degrees).tolist() == pytest.approx([10_000.0] * 3, abs=1e-3)
    assert in_degrees.crs.equals(WGS84)  # the input is left as it was


def test_area_of_a_layer_without_crs_is_refused(parcels):
    refused(lambda: area_m2(parcels.set_crs(None, allow_override=True)), "no coordinate reference")


def test_hk1980_grid_origin_lands_where_pyproj_puts_it_with_the_datum_shift():
    origin = gpd.GeoSeries([Point(114.18101, 22.31060)], crs=WGS84)
    grid = to_hk1980(origin).iloc[0]
    assert grid.x == pytest.approx(836_694.05, abs=2)
    assert grid.y == pytest.approx(819_069.80, abs=2)


def test_describe_layer_gives_features_types_crs_area_and_bounds(parcels):
    summary = describe_layer(parcels)
    assert summary["features"] == 3
    assert summary["geometry_types"] == {"Polygon": 3}
    assert summary["crs"] == "EPSG:2326"
    assert summary["area_m2"] == pytest.approx(30_000.0)
    assert summary["area_ha"] == pytest.approx(3.0)
    west, south, east, north = summary["bounds_wgs84"]
    assert 114.0 < west < east < 114.3
    assert 22.4 < south < north < 22.6
    assert summary["columns"] == ["id", "name_en", "name_zh", "gfa_m2"]


# ----------------------------------------------------------------------------- writing


def test_geojson_output_is_wgs84_with_at_most_7_decimals(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "parcels.geojson")
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)

    coordinates = re.findall(r"-?\d+\.(\d+)", json.dumps(data["features"][0]["geometry"]))
    assert coordinates
    assert max(len(decimals) for decimals in coordinates) <= 7
    assert "crs" not in data  # RFC 7946: always longitude/latitude on WGS 84
    assert pyogrio.read_info(path)["crs"] == "EPSG:4326"
    assert json.loads(text)["features"][0]["properties"]["name_zh"] == "濕實驗室"


def test_rounding_keeps_neighbouring_parcels_touching_without_gap_or_overlap(tmp_path):
    # Corners far from any 7-decimal degree, so every one is actually rounded.
    odd = gpd.GeoDataFrame(
        geometry=[
            box(E0 + 0.123, N0 + 0.456, E0 + 77.777, N0 + 55.555),
            box(E0 + 77.777, N0 + 0.456, E0 + 133.321, N0 + 55.555),
        ],
        crs=HK1980,
    )
    back = read_layer(write_layer(odd, tmp_path / "odd.geojson"))
    west, east = back.geometry
    assert west.touches(east)
    assert west.intersection(east).area == 0


def test_coordinates_are_rounded_to_the_precision_asked(tmp_path):
    plot = gpd.GeoDataFrame(geometry=[box(E0 + 0.1234, N0 + 0.5678, E0 + 50.4321, N0 + 60)])
    path = write_layer(plot.set_crs(HK1980), tmp_path / "plot.gpkg", precision=2)
    xy = shapely.get_coordinates(read_layer(path).geometry.values)
    assert np.allclose(xy, np.round(xy, 2), rtol=0, atol=1e-9)
    assert np.isin(E0 + 0.12, xy[:, 0])


def test_parcel_broken_by_rounding_is_repaired_not_written_invalid(tmp_path):
    # The notch vertex (5, 0.4) rounds onto the bottom edge: the ring would touch itself.
    notched = Polygon([(0, 0), (10, 0), (10, 1), (5, 0.4), (0, 1)])
    notched = shapely.affinity.translate(notched, E0, N0)
    plot = gpd.GeoDataFrame({"id": ["N"]}, geometry=[notched], crs=HK1980)

    back = read_layer(write_layer(plot, tmp_path / "plot.gpkg", precision=0))

    assert back.geometry.iloc[0].is_valid
    assert back.geometry.iloc[0].area == pytest.approx(5.0)  # two 5 m² triangles


def test_geojson_cannot_be_written_in_hk1980(tmp_path, parcels):
    with pytest.raises(OutputError, match="RFC 7946"):
        write_layer(parcels, tmp_path / "parcels.geojson", crs=HK1980)


def test_write_reprojects_when_asked(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "parcels.gpkg", crs=WGS84)
    assert read_layer(path).crs.equals(WGS84)


def test_write_with_unknown_extension_is_refused(tmp_path, parcels):
    with pytest.raises(OutputError, match=r"parcels\.kml.*unknown file type.*\.gpkg"):
        write_layer(parcels, tmp_path / "parcels.kml")


def test_layer_without_crs_is_not_written(tmp_path, parcels):
    with pytest.raises(LayerError, match="no coordinate reference system"):
        write_layer(parcels.set_crs(None, allow_override=True), tmp_path / "parcels.gpkg")
    assert not (tmp_path / "parcels.gpkg").exists()


def test_existing_file_is_kept_without_force(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "parcels.fgb")
    before = folder_state(tmp_path)
    with pytest.raises(OutputError, match="exists"):
        write_layer(parcels.iloc[:1], path, force=False)
    assert folder_state(tmp_path) == before


def test_writing_a_second_layer_keeps_the_first_in_the_geopackage(tmp_path, parcels):
    plan = tmp_path / "plan.gpkg"
    write_layer(parcels, plan, layer="parcels")
    write_layer(parcels.iloc[:1], plan, layer="batch1")
    write_layer(parcels.iloc[:2], plan, layer="batch1")  # replaces that layer only

    layers = {str(name) for name, _ in pyogrio.list_layers(plan)}
    assert layers == {"parcels", "batch1"}
    assert len(read_layer(plan, "batch1")) == 2


def test_writing_leaves_the_planners_layer_untouched(tmp_path, parcels):
    original = parcels.copy()
    write_layer(parcels, tmp_path / "parcels.geojson")
    assert_geodataframe_equal(parcels, original)


def test_shapefile_with_long_attribute_names_is_refused_before_gdal_cuts_them(tmp_path, parcels):
    wide = parcels.assign(land_use_zone="R1")
    with pytest.raises(LayerError, match="land_use_zone"):
        write_layer(wide, tmp_path / "parcels.shp")
    assert list(tmp_path.iterdir()) == []


def test_shapefile_mixing_polygons_and_lines_is_refused(tmp_path, parcels):
    parcels.loc[0, "geometry"] = LineString([(E0, N0), (E0 + 10, N0)])
    with pytest.raises(LayerError, match="one kind of geometry"):
        write_layer(parcels, tmp_path / "parcels.shp")


def test_shapefile_written_under_an_upper_case_name_is_there_to_read(tmp_path, parcels):
    path = write_layer(parcels, tmp_path / "PARCELS.SHP")
    assert path.exists()
    assert len(read_layer(path)) == 3


def test_rewriting_a_shapefile_drops_its_stale_spatial_index(tmp_path, parcels):
    shp = write_layer(parcels, tmp_path / "parcels.shp")
    stale = shp.with_suffix(".qix")
    stale.write_bytes(b"old index")
    write_layer(parcels.iloc[:1], shp)
    assert not stale.exists()
    assert len(read_layer(shp)) == 1


def _failing_writer(*args, **kwargs):
    """Stand-in for pyogrio.write_dataframe: leaves half a file, then fails."""
    Path(args[1]).write_bytes(b"half written")
    raise RuntimeError("disk full")


@pytest.mark.parametrize("name", ["parcels.geojson", "parcels.gpkg", "parcels.fgb"])
def test_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path, parcels, monkeypatch, name
):
    target = write_layer(parcels, tmp_path / name)
    before = folder_state(tmp_path)
    monkeypatch.setattr(pyogrio, "write_dataframe", _failing_writer)

    with pytest.raises(RuntimeError, match="disk full"):
        write_layer(parcels.iloc[:1], target)

    assert folder_state(tmp_path) == before


def test_failed_shapefile_write_keeps_the_old_set(tmp_path, parcels, monkeypatch):
    write_layer(parcels, tmp_path / "parcels.shp")
    before = folder_state(tmp_path)
    monkeypatch.setattr(pyogrio, "write_dataframe", _failing_writer)

    with pytest.raises(RuntimeError, match="disk full"):
        write_layer(parcels.iloc[:1], tmp_path / "parcels.shp")

    assert folder_state(tmp_path) == before
    assert len(read_layer(tmp_path / "parcels.shp")) == 3


def test_failed_parquet_write_keeps_the_old_file(tmp_path, parcels, monkeypatch):
    target = write_layer(parcels, tmp_path / "parcels.parquet")
    before = folder_state(tmp_path)

    def fail(self, path, *args, **kwargs):
        Path(path).write_bytes(b"half written")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_parquet", fail)
    with pytest.raises(OSError, match="disk full"):
        write_layer(parcels.iloc[:1], target)

    assert folder_state(tmp_path) == before


def test_shapefile_writes_leave_only_the_set_beside_it(tmp_path, parcels):
    write_layer(parcels, tmp_path / "parcels.shp.zip")
    write_layer(parcels, tmp_path / "parcels.shp")

    names = sorted(p.name for p in tmp_path.iterdir())
    sidecars = [f"parcels.{ext}" for ext in ("cpg", "dbf", "prj", "shp", "shp.zip", "shx")]
    assert names == sidecars
    with zipfile.ZipFile(tmp_path / "parcels.shp.zip") as archive:
        assert {"parcels.shp", "parcels.shx", "parcels.dbf", "parcels.prj"} <= set(
            archive.namelist()
        )


def test_layer_bounds_in_wgs84_hold_every_reprojected_vertex(parcels):
    """The densified box reprojected, not every feature: it holds the features, tightly."""
    west, south, east, north = describe_layer(parcels)["bounds_wgs84"]
    exact = parcels.to_crs("EPSG:4326").total_bounds
    assert west <= exact[0] + 1e-7 and south <= exact[1] + 1e-7
    assert east >= exact[2] - 1e-7 and north >= exact[3] - 1e-7
    assert np.allclose([west, south, east, north], exact, atol=1e-4)  # about 10 m


def test_to_hk1980_copies_a_layer_already_in_hk1980(parcels):
    moved = to_hk1980(parcels)
    assert moved is not parcels and moved.crs == parcels.crs
    assert moved.geometry.geom_equals_exact(parcels.geometry, 0).all()
    moved.loc[moved.index[0], "geometry"] = None
    assert parcels.geometry.notna().all()  # the input is not modified


def test_spreadsheet_safe_marks_only_formula_cells_in_text_and_mixed_columns():
    import pandas as pd

    from gis.formats import spreadsheet_safe

    df = pd.DataFrame(
        {
            "mixed": ["=SUM(A1)", 3, None, "-2.5", "@x", "plain"],
            "text": pd.array(["+1+1", "a", None, "\tx", "-", "b"], dtype="string"),
            "nums": [-1.0, 2, 3, 4, 5, 6],
        }
    )
    out = spreadsheet_safe(df)
    assert out["mixed"].tolist()[:2] == ["'=SUM(A1)", 3] and out["mixed"][3] == "-2.5"
    assert out["mixed"][4] == "'@x" and out["mixed"][5] == "plain" and out["mixed"][2] is None
    assert out["text"].tolist()[:2] == ["'+1+1", "a"] and out["text"][3] == "'\tx"
    assert out["text"][4] == "'-"
    assert out["nums"].tolist() == df["nums"].tolist()
    assert df["mixed"][0] == "=SUM(A1)"  # the input is not modified


@pytest.mark.filterwarnings("ignore:'crs' was not provided")  # the files are made without one
def test_coordinates_must_fit_the_crs_they_are_given(tmp_path):
    """A Shapefile in HK1980 metres given --crs EPSG:4326 was believed: PASS, site 0.00 ha."""
    import gis

    phases = gis.load_layer("loop.phases").to_crs("EPSG:2326")
    phases.set_crs(None, allow_override=True).to_file(tmp_path / "metres.shp")
    with pytest.raises(LayerError, match=r"do not fit EPSG:4326.*--crs EPSG:2326"):
        read_layer(tmp_path / "metres.shp", crs="EPSG:4326")
    assert read_layer(tmp_path / "metres.shp", crs="EPSG:2326").crs.to_epsg() == 2326
    degrees = gis.load_layer("loop.phases")  # longitude/latitude said to be HK1980 metres
    degrees.set_crs(None, allow_override=True).to_file(tmp_path / "degrees.shp")
    with pytest.raises(LayerError, match=r"do not fit EPSG:2326.*--crs EPSG:4326"):
        read_layer(tmp_path / "degrees.shp", crs="EPSG:2326")
    declared = gis.load_layer("loop.phases").set_crs("EPSG:2326", allow_override=True)
    declared.to_file(tmp_path / "declared.gpkg")  # degrees in a file that declares metres
    with pytest.raises(LayerError, match=r"do not fit EPSG:2326"):
        read_layer(tmp_path / "declared.gpkg")
