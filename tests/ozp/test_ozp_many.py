"""Many plans at once: `ozp info DIR|ZIP` (one row per plan, totals by family, overlaps) and
`ozp convert DIR --out territory.parquet|.gpkg` (every zone with its plan number and dates).

The collection is made of committed real plans (``tests/data/ozp``: S/I-SHW/2 whole, extracts of
S/NE-TKL/14, S/H3/34 and S/H15/33), the shipped S/LMCL/2 as a folder of layer files, one
synthetic plan that overlaps S/LMCL/2 by 100 m² and carries an unknown label, and a file that is
not a plan.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely.geometry import box

import cli
from gis import ozp

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "ozp"
LMCL = ROOT / "layers" / "sources" / "tpb" / "S_LMCL_2"


def _synthetic_plan(path: Path) -> Path:
    """S/XX/1: a 10 m square inside an S/LMCL/2 zone (100 m² of overlap), label XYZ (unknown)."""
    zones = pyogrio.read_dataframe(LMCL / "ZONE.json")
    inside = zones.geometry.iloc[0].representative_point()
    square = box(inside.x - 5, inside.y - 5, inside.x + 5, inside.y + 5)
    assert zones.geometry.iloc[0].contains(square)
    far = box(800_000, 800_000, 800_100, 800_100)  # a zone overlapping nothing
    gdf = gpd.GeoDataFrame(
        {"PLAN_NO": ["S/XX/1", "S/XX/1"], "ZONE_LABEL": ["XYZ", "GB"], "DESC_ENG": ["?", "GB"]},
        geometry=[square, far],
        crs="EPSG:2326",
    )
    pyogrio.write_dataframe(gdf, path, driver="GeoJSON")
    return path


@pytest.fixture(scope="module")
def collection(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plans") / "plans"
    root.mkdir()
    for name in ("I-SHW.json", "NE-TKL_extract.json", "H3_extract.json", "H15_extract.json"):
        shutil.copy(DATA / name, root / name)
    shutil.copytree(LMCL, root / "S_LMCL_2")
    _synthetic_plan(root / "XX.geojson")
    (root / "readme.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"note": "not a plan"},
                        "geometry": {"type": "Point", "coordinates": [114.0, 22.5]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def zipped(collection) -> Path:
    target = collection.parent / "plans.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(collection.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(collection.parent).as_posix())
    return target


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


EXPECTED = {  # plan -> zones
    "S/H15/33": 2,
    "S/H3/34": 6,
    "S/I-SHW/2": 17,
    "S/LMCL/2": 18,
    "S/NE-TKL/14": 4,
    "S/XX/1": 2,
}


def _check(info: dict) -> None:
    rows = {r["plan_no"]: r for r in info["plans"]}
    assert {k: r["zones"] for k, r in rows.items()} == EXPECTED
    lmcl = rows["S/LMCL/2"]
    assert (lmcl["pub_date"], lmcl["aprv_date"], lmcl["area_ha"]) == (
        "2018-02-09",
        "2018-01-30",
        104.12,
    )
    assert rows["S/I-SHW/2"]["repaired"] == 1 and rows["S/NE-TKL/14"]["repaired"] == 1
    assert rows["S/XX/1"]["unknown_labels"] == "XYZ (1)"
    totals = info["totals"]
    assert (totals["plans"], totals["zones"], totals["repaired"]) == (6, 49, 2)
    assert totals["unknown_labels"] == {"XYZ": 1}
    families = {f["family"]: f for f in info["zones_by_family"]}
    assert sum(f["zones"] for f in families.values()) == 49
    assert families["XYZ"]["known"] is False and families["URA"]["known"] is True
    assert families["GB"]["plans"] == 3  # S/I-SHW/2, S/NE-TKL/14, S/XX/1
    assert info["overlaps"]["zone_pairs"] == 1
    assert info["overlaps"]["area_m2"] == pytest.approx(100.0, abs=0.1)
    assert info["overlaps"]["by_plans"][0]["plan_a"] == "S/LMCL/2"
    assert [r["plan_no"] for r in info["repairs"]] == ["S/I-SHW/2", "S/NE-TKL/14"]
    assert len(info["skipped"]) == 1 and info["skipped"][0].startswith("readme.geojson: ")


def test_a_folder_of_plans_gives_one_row_per_plan_and_totals(collection):
    _check(ozp.describe(collection))


def test_a_zip_of_plans_reads_the_same(zipped):
    _check(ozp.describe(zipped))


def test_ozp_info_over_a_folder_and_a_zip(run, collection, zipped):
    for source in (collection, zipped):
        r = run("ozp", "info", source, "--format", "json")
        assert r.exit_code == 0, r.output
        _check(json.loads(r.stdout))
    r = run("ozp", "info", collection)
    assert r.exit_code == 0 and "Statutory plans (6)" in r.output and "S/NE-TKL/14" in r.output
    r = run("ozp", "info", collection, "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("plan_no,name_en,name_zh,pub_date,aprv_date,zones")
    r = run("ozp", "info", collection, "--strict")
    assert r.exit_code == 2 and "ZONE feature 8 (MRDJ)" in r.output


@pytest.mark.parametrize("suffix", [".parquet", ".gpkg"])
def test_ozp_convert_writes_one_territory_layer(run, collection, tmp_path, suffix):
    out = tmp_path / f"territory{suffix}"
    r = run("ozp", "convert", collection, "--out", out)
    assert r.exit_code == 0, r.output
    assert "wrote" in r.output and "(49 features" in r.output
    assert "zones of different plans overlap: 1 pairs, 100.0 m²" in r.output
    assert "S/I-SHW/2: repaired 1 feature" in r.output
    terr = gpd.read_parquet(out) if suffix == ".parquet" else pyogrio.read_dataframe(out)
    assert terr.groupby("plan_no").size().to_dict() == EXPECTED
    assert terr["id"].is_unique and terr["repaired"].sum() == 2
    dates = terr.loc[terr["plan_no"] == "S/LMCL/2", "pub_date"].unique()
    assert list(dates) == ["2018-02-09"]
    assert terr.geometry.is_valid.all()


def test_a_collection_refuses_another_layer_and_a_plan_twice(run, collection, tmp_path):
    r = run("ozp", "convert", collection, "--out", tmp_path / "bhc.gpkg", "--layer", "BHC")
    assert r.exit_code == 2 and "--layer ZONE" in r.output
    twice = tmp_path / "twice"
    twice.mkdir()
    shutil.copy(DATA / "I-SHW.json", twice / "a.json")
    shutil.copy(DATA / "I-SHW.json", twice / "b.json")
    r = run("ozp", "info", twice)
    assert r.exit_code == 2 and "holds plan S/I-SHW/2 twice" in r.output


def test_a_single_plan_folder_is_still_one_plan(run):
    r = run("ozp", "info", LMCL, "--format", "json")
    info = json.loads(r.stdout)
    assert info["plan_no"] == "S/LMCL/2" and "plans" not in info
