"""`technopole ozp info` and `technopole ozp convert`, in-process: exit codes and content."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from _ozp_fixtures import LMCL, build
from click.testing import CliRunner

import cli
import gis

R_AND_D = "Research and Development, Education, and Cultural and Creative Industries"


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("ozp_cli"))


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args: str):
        return runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)

    return _run


def test_info_json_gives_dates_and_zones_by_family_in_hectares(run):
    r = run("ozp", "info", "S/LMCL/2", "--format", "json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert (info["plan_no"], info["pub_date"], info["aprv_date"]) == (
        "S/LMCL/2",
        "2018-02-09",
        "2018-01-30",
    )
    assert info["plan_area_ha"] == pytest.approx(104.1, abs=0.05) and info["zones"] == 18
    rows = {(r["family"], r["spuse_en"]): r for r in info["zones_by_family"]}
    assert rows[("OU", R_AND_D)]["zones"] == 5
    assert rows[("OU", R_AND_D)]["area_ha"] == pytest.approx(38.6, abs=0.05)
    assert rows[("CA", "")]["family_name_zh"] == "自然保育區"
    assert info["height_controls"] is None and info["unknown_labels"] == {}
    assert info["accuracy"] == "official" and "Town Planning Board" in info["attribution"]


def test_info_csv_is_one_row_per_family_and_annotation(run):
    r = run("ozp", "info", "S_KTN_4", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {row["plan_no"] for row in rows} == {"S/KTN/4"}
    assert sum(int(row["zones"]) for row in rows) == 105
    total = sum(float(row["area_ha"]) for row in rows)
    assert total == pytest.approx(447.3, abs=1.0)  # the zones cover the plan area


def test_info_markdown_and_table_show_heights_of_a_plan_with_a_bhc_layer(run, fixtures):
    r = run("ozp", "info", fixtures["with_bhc"], "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "## Building height controls" in r.stdout
    assert "Maximum building height 100 mPD" in r.stdout and "Non-building area" in r.stdout
    assert "- gazetted (PUB_DATE): 2018-02-09" in r.stdout
    r = run("ozp", "info", fixtures["with_bhc"])
    assert r.exit_code == 0, r.output
    assert "Building height controls" in r.stdout and "落馬洲河套地區" in r.stdout


def test_info_names_unknown_labels_with_counts(run, tmp_path):
    data = json.loads((LMCL / "ZONE.json").read_text(encoding="utf-8"))
    for feature in data["features"][:3]:
        feature["attributes"]["ZONE_LABEL"] = "ZZ(1)"
    (tmp_path / "ZONE.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("ozp", "info", tmp_path, "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "- unknown labels: ZZ(1) (3)" in r.stdout


def test_info_writes_to_a_file_atomically(run, tmp_path):
    out = tmp_path / "info.json"
    r = run("ozp", "info", "S/YL-ST/8", "--format", "json", "--out", out)
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text(encoding="utf-8"))["zones"] == 18


@pytest.mark.parametrize(
    "args, message",
    [
        (["S/KTN/5"], "did you mean 'S/KTN/4'?"),
        (["/no/such/plan.zip"], "file or folder not found"),
        (
            [str(Path(__file__).resolve().parents[2] / "layers" / "loop_zones.geojson")],
            "is not a statutory plan layer",
        ),
    ],
)
def test_info_bad_input_is_exit_two_with_one_line(run, args, message):
    r = run("ozp", "info", *args)
    assert r.exit_code == 2
    assert message in r.stderr and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_convert_writes_zones_with_provenance(run, tmp_path):
    out = tmp_path / "lmcl_zones.geojson"
    r = run("ozp", "convert", "S/LMCL/2", "--to", out)
    assert r.exit_code == 0, r.output
    assert "18 features" in r.stdout
    back = gis.read_layer(out)
    assert len(back) == 18 and back.crs.to_epsg() == 4326
    assert set(back.plan_no) == {"S/LMCL/2"}
    assert {str(d)[:10] for d in back.pub_date} == {"2018-02-09"}  # GDAL reads dates as dates
    assert set(back.accuracy) == {"official"} and "其他指定用途（污水處理廠）" in set(back.name_zh)
    original = gis.load_layer("tpb:S/LMCL/2")
    assert abs(gis.area_m2(back).sum() - gis.area_m2(original).sum()) < 1.0


def test_convert_other_layers_and_formats(run, tmp_path, fixtures):
    out = tmp_path / "area.gpkg"
    r = run("ozp", "convert", LMCL, "--layer", "plan_scheme_area", "--to", out)
    assert r.exit_code == 0, r.output
    area = gis.read_layer(out)
    assert len(area) == 1 and area.name_zh.iloc[0] == "落馬洲河套地區"
    bands = tmp_path / "bhc.geojson"
    r = run("ozp", "convert", fixtures["with_bhc"], "--layer", "BHC", "--to", bands)
    assert r.exit_code == 0, r.output
    assert sorted(gis.read_layer(bands).bhc_type) == ["BHCB", "BHCB", "BHCN", "BHCS", "NBA"]


def test_convert_refuses_to_replace_without_force_and_a_missing_layer(run, tmp_path):
    out = tmp_path / "zones.geojson"
    out.write_text("keep me", encoding="utf-8")
    r = run("ozp", "convert", "S/LMCL/2", "--to", out)
    assert r.exit_code == 2 and "exists; pass --force" in r.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    r = run("ozp", "convert", "S/LMCL/2", "--to", out, "--force")
    assert r.exit_code == 0 and len(gis.read_layer(out)) == 18
    r = run("ozp", "convert", "S/LMCL/2", "--layer", "BHC", "--to", tmp_path / "b.geojson")
    assert r.exit_code == 2 and "S/LMCL/2: has no BHC layer" in r.stderr
    assert not (tmp_path / "b.geojson").exists()


def test_info_names_a_blank_label(run, tmp_path):
    data = json.loads((LMCL / "ZONE.json").read_text(encoding="utf-8"))
    data["features"][0]["attributes"]["ZONE_LABEL"] = " "
    (tmp_path / "ZONE.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("ozp", "info", tmp_path / "ZONE.json", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "- unknown labels: (blank) (1)" in r.stdout and "- zones: 18" in r.stdout
