"""Scenarios: files, built-ins, evaluation, comparison, and the CLI commands (the rendered
comparison reports and diff maps are tested in tests/rendering/test_maps_compare.py)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from gis.errors import ScenarioError
from gis.scenarios import (
    DEFAULT_GFA_PER_JOB_M2,
    Scenario,
    compare,
    list_scenarios,
    load_scenario,
    scenarios_dir,
)

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "scenarios"
LAYERS = ROOT / "layers"
BUILTINS = {"baseline-540k", "table-3-1", "ai-30pct", "wetlab-heavy", "low-rise-waterfront"}


def value(df: pd.DataFrame, item: str, measure: str, column: str):
    row = df[(df["item"] == item) & (df["measure"] == measure)]
    assert len(row) == 1, (item, measure)
    return row[column].iloc[0]


def phase1_area_m2() -> float:
    """Phase 1 measured here, independently of gis: geopandas in HK1980 Grid."""
    phases = gpd.read_file(LAYERS / "loop_phases.geojson").to_crs(2326)
    return float(phases[phases["phase"] == 1].area.sum())


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ----------------------------------------------------------------------------- built-ins
def test_the_built_in_scenarios_are_listed_with_their_hashes():
    df = list_scenarios()
    assert set(df.index) >= BUILTINS
    for name, row in df.iterrows():
        data = (scenarios_dir() / f"{name}.yaml").read_bytes()
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        assert row.description


def test_baseline_540k_splits_the_original_total_like_table_3_1():
    df = compare(["baseline-540k", "table-3-1"])
    # wet labs: 52 % of the original ~540,000 m² (§3.1.1), and the change to Table 3.1's 520,000
    assert value(df, "wet_lab_mfg", "gfa_m2", "baseline-540k") == pytest.approx(0.52 * 540_000)
    assert value(df, "wet_lab_mfg", "gfa_m2", "baseline-540k") == pytest.approx(280_800)
    assert value(df, "wet_lab_mfg", "gfa_m2", "Δ table-3-1") == pytest.approx(239_200)
    assert value(df, "talent_housing", "gfa_m2", "baseline-540k") == pytest.approx(54_000)
    assert value(df, "total", "gfa_m2", "Δ table-3-1") == pytest.approx(460_000)
    area = phase1_area_m2()
    assert value(df, "total", "gross_plot_ratio", "baseline-540k") == pytest.approx(
        540_000 / area, rel=1e-6
    )
    assert value(df, "total", "gross_plot_ratio", "table-3-1") == pytest.approx(
        1_000_000 / area, rel=1e-6
    )
    assert value(df, "status", "", "baseline-540k") == "PASS"


def test_table_3_1_scenario_is_the_seed_table():
    t = load_scenario("table-3-1").table().set_index("use_id")
    seed = pd.read_csv(LAYERS / "loop_gfa_phase1.csv").set_index("use_id")
    assert t.gfa_m2.to_dict() == pytest.approx(seed.gfa_m2.astype(float).to_dict())
    assert t.share_pct.sum() == pytest.approx(100)


def test_ai_30pct_overflows_the_ai_zone_by_the_allocation_rule():
    sc = load_scenario("ai-30pct")
    report = sc.evaluate()
    z = report.zones
    # dry labs & offices go to ai_data (weight 1) and batch1_dev (weight 0.4), in proportion to
    # the capacity each offers: the share of their GFA that lands in ai_data is
    ai_part = z.capacity_m2["ai_data"] / (
        z.capacity_m2["ai_data"] + 0.4 * z.capacity_m2["batch1_dev"]
    )
    load = 0.30 * 1_000_000 * ai_part
    assert load > z.capacity_m2["ai_data"]  # 30 % does not fit
    assert z.gfa_m2["ai_data"] == pytest.approx(load)
    assert not report.ok
    assert {i.feature for i in report.errors if i.check == "site.zone_over_capacity"} == {"ai_data"}


def test_every_built_in_but_ai_30pct_is_valid():
    for name in BUILTINS - {"ai-30pct"}:
        assert load_scenario(name).evaluate().ok, name


def test_the_scenario_envelope_is_the_one_validate_checks():
    sc = load_scenario("low-rise-waterfront")
    report = sc.evaluate()
    env = sc.envelope()
    assert env.capacity_m2 == pytest.approx(report.zones.capacity_m2.to_numpy())
    # the 40 mPD cap lowers the Life & Health zone below its table-3-1 capacity
    base = load_scenario("table-3-1").evaluate().zones.capacity_m2
    assert report.zones.capacity_m2["life_health"] < base["life_health"]
    assert report.zones.storeys_max["life_health"] <= 7


def test_indicators_are_the_stated_assumptions():
    sc = load_scenario("table-3-1")
    ind = sc.indicator_values()
    jobs = 520_000 / 50 + 220_000 / 30 + 50_000 / 40 + 110_000 / 40  # housing counts no jobs
    assert ind["jobs"] == pytest.approx(jobs)
    assert ind["talent_flats"] == pytest.approx(100_000 / 50)
    assert "assumption" in ind["notes"]["jobs"] and "165,000" in ind["notes"]["jobs"]
    assert DEFAULT_GFA_PER_JOB_M2["talent_housing"] is None


def test_a_scenario_can_override_the_indicator_assumptions(tmp_path):
    p = write(
        tmp_path,
        "name: x\nbase: embedded\nindicators:\n  gfa_per_job_m2:\n"
        "    dry_lab_office: 20\n  talent_flat_m2: 40\n",
    )
    ind = Scenario.from_yaml(p).indicator_values()
    assert ind["jobs"] == pytest.approx(520_000 / 50 + 220_000 / 20 + 50_000 / 40 + 110_000 / 40)
    assert ind["talent_flats"] == pytest.approx(100_000 / 40)


# ----------------------------------------------------------------------------- the model
def test_shares_given_in_m2_and_unnamed_uses_keeping_their_base_share(tmp_path):
    p = write(
        tmp_path,
        "name: x\nbase: embedded\ntotal_gfa_m2: 800000\nshares:\n"
        "  uir: {gfa_m2: 80000}\n  wet_lab_mfg: 52\n",
    )
    t = Scenario.from_yaml(p).table().set_index("use_id")
    assert t.gfa_m2["uir"] == 80_000 and t.share_pct["uir"] == pytest.approx(10)
    assert t.gfa_m2["wet_lab_mfg"] == pytest.approx(0.52 * 800_000)
    assert t.share_pct["dry_lab_office"] == 22  # the base share
    assert t.share_pct.sum() == pytest.approx(105)  # uir doubled, nothing taken: 105 %
    report = Scenario.from_yaml(p).evaluate()
    assert "table.shares_sum" in {i.check for i in report.errors}


def test_to_rules_carries_every_override(tmp_path):
    p = write(
        tmp_path,
        """name: rules
base: embedded
total_gfa_m2: 900000
zone_height: {ai_data: {mpd: 100}, uir: {storeys: 12}}
max_plot_ratio: 2.2
site_coverage: {ai_data: 0.5}
floor_to_floor_m: 4.5
min_share_pct: {wet_lab_mfg: 40}
max_share_pct: {commercial_mixed: 12}
""",
    )
    r = Scenario.from_yaml(p).to_rules()
    assert (r.total_gfa_m2, r.max_plot_ratio, r.floor_to_floor_m) == (900_000, 2.2, 4.5)
    assert r.zone_height_mpd == {"ai_data": 100} and r.zone_storeys == {"uir": 12}
    assert r.site_coverage == {"ai_data": 0.5}
    assert r.min_share_pct == {"wet_lab_mfg": 40} and r.max_share_pct == {"commercial_mixed": 12}


def test_use_zones_override_replaces_that_uses_rows_only(tmp_path):
    p = write(
        tmp_path,
        "name: x\nbase: embedded\nuse_zones:\n  dry_lab_office: [ai_data]\n"
        "  uir: {uir: 1, small_urban_living: 0.5}\n",
    )
    m = Scenario.from_yaml(p).mapping()
    assert set(m[m.use_id == "dry_lab_office"].zone_id) == {"ai_data"}
    assert dict(m[m.use_id == "uir"].set_index("zone_id").weight) == {
        "uir": 1.0,
        "small_urban_living": 0.5,
    }
    base = pd.read_csv(LAYERS / "loop_use_zones.csv")
    assert len(m[m.use_id == "wet_lab_mfg"]) == len(base[base.use_id == "wet_lab_mfg"])
    # all dry-lab GFA now lands in ai_data: 220,000 m² there
    report = Scenario.from_yaml(p).evaluate()
    assert report.zones.gfa_m2["ai_data"] == pytest.approx(220_000)


def test_sha256_is_of_the_file_bytes_and_reports_carry_every_input(tmp_path):
    p = write(tmp_path, "name: x\nbase: embedded\n")
    sc = Scenario.from_yaml(p)
    assert sc.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    inputs = sc.evaluate().inputs
    assert inputs["scenario"]["sha256"] == sc.sha256
    zones = LAYERS / "loop_zones.geojson"
    assert inputs["loop.zones"]["sha256"] == hashlib.sha256(zones.read_bytes()).hexdigest()
    assert {"loop.gfa_phase1", "loop.use_zones", "loop.height_bands"} <= set(inputs)


def test_a_scenario_built_in_code_has_a_stable_hash():
    a = Scenario.from_dict({"name": "a", "base": "embedded", "total_gfa_m2": 900_000})
    b = Scenario.from_dict({"name": "a", "base": "embedded", "total_gfa_m2": 900_000})
    c = Scenario.from_dict({"name": "a", "base": "embedded", "total_gfa_m2": 900_001})
    assert a.sha256 == b.sha256 != c.sha256


def test_a_project_folder_base_relative_to_the_scenario_file(tmp_path):
    shutil.copytree(LAYERS, tmp_path / "proj", ignore=shutil.ignore_patterns("scenarios"))
    zones = json.loads((tmp_path / "proj" / "loop_zones.geojson").read_text(encoding="utf-8"))
    for f in zones["features"]:  # a denser version of the project
        f["properties"]["site_coverage"] = min(1.0, 1.5 * f["properties"]["site_coverage"])
    (tmp_path / "proj" / "loop_zones.geojson").write_text(json.dumps(zones), encoding="utf-8")
    (tmp_path / "s").mkdir()
    p = write(tmp_path / "s", "name: dense\nbase: ../proj\ntotal_gfa_m2: 1000000\n")
    sc = Scenario.from_yaml(p)
    report = sc.evaluate()
    base = load_scenario("table-3-1").evaluate()
    old = base.zones.site_coverage
    cov = np.where(old > 0, np.minimum(1.0, 1.5 * old) / old.where(old > 0, 1.0), 1.0)
    assert report.zones.capacity_m2.to_numpy() == pytest.approx(
        base.zones.capacity_m2.to_numpy() * cov
    )
    assert report.zones.capacity_m2.sum() > base.zones.capacity_m2.sum() * 1.3
    assert report.inputs["loop.zones"]["source"].startswith(str(tmp_path / "proj"))


# ----------------------------------------------------------------------------- bad files
@pytest.mark.parametrize(
    ("name", "line", "key", "words"),
    [
        ("unknown_key.yaml", 4, "sharez", "did you mean 'shares'"),
        ("wrong_type.yaml", 3, "total_gfa_m2", "expected a number, found text 'one million'"),
        ("missing_base.yaml", 1, "base", "missing required key"),
        (
            "python_tag.yaml",
            4,
            "shares.wet_lab_mfg",
            "tag '!!python/object/apply:os.system': a Python tag is not allowed",
        ),
        ("unknown_use.yaml", 5, "shares.data_centre", "unknown use 'data_centre'"),
        ("negative_share.yaml", 6, "shares.dry_lab_office", "must not be negative, found -10"),
        ("bad_base.yaml", 2, "base", "is not a folder"),
        ("duplicate_key.yaml", 5, "shares.uir", "key written twice (first on line 4)"),
        ("unknown_zone.yaml", 4, "use_zones.dry_lab_office.1", "did you mean 'ai_data'"),
    ],
)
def test_a_bad_scenario_file_gives_one_line_naming_file_line_and_key(name, line, key, words):
    with pytest.raises(ScenarioError) as info:
        Scenario.from_yaml(BAD / name)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"{BAD / name}: line {line}, key '{key}': ") or msg.startswith(
        f"tests/data/scenarios/{name}: line {line}, key '{key}': "
    ), msg
    assert words in msg


def test_invalid_yaml_names_the_line():
    with pytest.raises(ScenarioError, match=r"bad_yaml\.yaml: line 4: not valid YAML"):
        Scenario.from_yaml(BAD / "bad_yaml.yaml")


def test_the_python_tag_is_never_run(tmp_path, monkeypatch):
    import os

    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    with pytest.raises(ScenarioError):
        Scenario.from_yaml(BAD / "python_tag.yaml")
    assert calls == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name: x\nbase: embedded\nsite_coverage: 1.5\n", "key 'site_coverage': must be at most 1"),
        ("name: x\nbase: embedded\nzone_height: {ai_data: {mdp: 3}}\n", "did you mean 'mpd'"),
        ("name: x\nbase: embedded\nzone_height: {ai_data: {storeys: 2.5}}\n", "whole number"),
        ("name: x\nbase: embedded\nshares: {uir: 120}\n", "must be at most 100"),
        ("name: x\nbase: embedded\nshares: {uir: true}\n", "found true (true/false)"),
        ("name: x\nbase: embedded\nshares: [1, 2]\n", "expected a mapping"),
        ("name: x\nbase: embedded\nmax_plot_ratio: 0\n", "must be greater than 0"),
        (
            "name: x\nbase: embedded\nmin_share_pct: {uir: 9}\nmax_share_pct: {uir: 8}\n",
            "minimum 9% is above the maximum 8%",
        ),
        ("name: x\nbase: embedded\nindicators: {jobs_per_m2: 3}\n", "unknown key 'jobs_per_m2'"),
        ("- just\n- a list\n", "a scenario file is a mapping"),
        ("name: ''\nbase: embedded\n", "expected text, found empty text"),
    ],
)
def test_schema_errors(tmp_path, text, words):
    with pytest.raises(ScenarioError, match=re.escape(words)):
        Scenario.from_yaml(write(tmp_path, text))


def test_unknown_scenario_name_suggests_the_closest():
    with pytest.raises(ScenarioError, match="did you mean 'table-3-1'"):
        load_scenario("table-31")


# ----------------------------------------------------------------------------- compare
def test_compare_shows_deltas_against_a_chosen_reference():
    df = compare(["baseline-540k", "table-3-1", "ai-30pct"], against="table-3-1")
    assert list(df.columns[3:]) == [
        "baseline-540k",
        "table-3-1",
        "ai-30pct",
        "Δ baseline-540k",
        "Δ ai-30pct",
    ]
    assert value(df, "dry_lab_office", "share_pct", "Δ ai-30pct") == pytest.approx(8)
    assert value(df, "wet_lab_mfg", "gfa_m2", "Δ baseline-540k") == pytest.approx(-239_200)
    assert value(df, "status", "", "Δ ai-30pct") == "PASS → FAIL"
    assert value(df, "errors", "count", "ai-30pct") >= 1
    assert value(df, "ai_data", "utilisation", "ai-30pct") > 1
    jobs = value(df, "jobs", "count (assumption)", "Δ ai-30pct")
    assert jobs == pytest.approx(80_000 / 30 - 80_000 / 50)  # 8 points from wet labs to offices
    assert df.attrs["reference"] == "table-3-1"
    assert set(df.attrs["inputs"]["ai-30pct"]) >= {"scenario", "loop.zones"}


def test_a_reference_outside_the_list_is_shown_first(tmp_path):
    df = compare(["ai-30pct"], against="table-3-1")
    assert list(df.columns[3:]) == ["table-3-1", "ai-30pct", "Δ ai-30pct"]


def test_repeated_names_are_made_unique(tmp_path):
    p = write(tmp_path, "name: table-3-1\nbase: embedded\ntotal_gfa_m2: 900000\n")
    df = compare(["table-3-1", p])
    assert "table-3-1#2" in df.columns and "Δ table-3-1#2" in df.columns


# ----------------------------------------------------------------------------- CLI
@pytest.fixture
def run():
    from cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_cli_scenarios_list(run):
    r = run("scenarios", "list", "--format", "json", "--check")
    assert r.exit_code == 0, r.output
    rows = {row["name"]: row for row in json.loads(r.stdout)}
    assert set(rows) >= BUILTINS
    assert rows["ai-30pct"]["status"] == "FAIL" and rows["table-3-1"]["status"] == "PASS"


def test_cli_scenarios_check_exit_codes(run):
    assert run("scenarios", "check", "table-3-1").exit_code == 0
    assert run("scenarios", "check", "ai-30pct").exit_code == 1
    r = run("scenarios", "check", str(BAD / "python_tag.yaml"))
    assert r.exit_code == 2
    assert "line 4, key 'shares.wet_lab_mfg'" in r.stderr and "Traceback" not in r.stderr


def test_cli_compare_in_the_terminal_and_to_files(run, tmp_path):
    r = run("compare", "baseline-540k", "table-3-1")
    assert r.exit_code == 0, r.output
    assert "239,200" in r.stdout and "assumption" in r.stdout
    r = run(
        "compare",
        "table-3-1",
        "ai-30pct",
        "--out",
        str(tmp_path / "c.html"),
        "--maps-dir",
        str(tmp_path / "maps"),
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "maps" / "diff_ai-30pct_vs_table-3-1.html").exists()
    r = run("compare", "table-3-1", "ai-30pct", "--format", "csv")
    assert pd.read_csv(__import__("io").StringIO(r.stdout)).shape[0] > 30
    r = run("compare", "table-3-1", "--out", str(tmp_path / "c.html"))
    assert r.exit_code == 2 and "exists" in r.stderr
    assert run("compare", "table-3-1", "--format", "xlsx").exit_code == 2
    r = run("compare", "nope-scenario")
    assert r.exit_code == 2 and "unknown scenario 'nope-scenario'" in r.stderr


# ----------------------------------------------------------------------------- the schema
def test_the_schema_is_a_json_schema_every_built_in_meets():
    import jsonschema
    import yaml

    from gis.scenarios.schema import SCHEMA

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for path in sorted(scenarios_dir().glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "base": "embedded", "sharez": {}}, SCHEMA)


def test_of_several_problems_the_one_on_the_earliest_line_is_reported(tmp_path):
    p = write(
        tmp_path, "name: x\nbase: embedded\nsite_coverage: 2\nsharez: {}\ntotal_gfa_m2: nothing\n"
    )
    with pytest.raises(
        ScenarioError,
        match=r"line 3, key 'site_coverage': must be at most 1, "
        r"found 2$",
    ):
        Scenario.from_yaml(p)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name: x\nbase: embedded\nshares: {uir: .nan}\n", "expected a finite number, found nan"),
        ("name: x\nbase: embedded\nshares: {uir: .inf}\n", "expected a finite number, found inf"),
        (
            "name: x\nbase: embedded\ntotal_gfa_m2: 1" + "0" * 400 + "\n",
            "key 'total_gfa_m2': expected a finite number, found 100000000000...",
        ),
        (
            "name: x\nbase: embedded\nuse_zones:\n  uir:\n    - uir\n    - uir\n",
            "line 6, key 'use_zones.uir.1': zone 'uir' listed twice",
        ),
        (
            "name: x\nbase: embedded\nuse_zones: {uir: []}\n",
            "expected at least one zone, found an empty list",
        ),
        (
            "name: x\nbase: embedded\nzone_height: {uir: {mpd: 50, storeys: 3}}\n",
            "expected exactly one of {mpd: number} or {storeys: whole number}",
        ),
        (
            "name: x\nbase: embedded\nshares: {uir: {gfa: 3}}\n",
            "key 'shares.uir.gfa': unknown key 'gfa' (did you mean 'gfa_m2'?)",
        ),
        (
            "name: x\nbase: embedded\nindicators: {gfa_per_job_m2: {uir: -3}}\n",
            "key 'indicators.gfa_per_job_m2.uir': must be greater than 0, found -3",
        ),
        ("name: x\nbase: embedded\nnotes: '  '\n", "key 'notes': expected text, found text '  '"),
    ],
)
def test_more_schema_errors_state_what_was_expected_and_found(tmp_path, text, words):
    with pytest.raises(ScenarioError, match=re.escape(words)):
        Scenario.from_yaml(write(tmp_path, text))


def test_a_scenario_in_code_meets_the_same_schema_without_lines():
    with pytest.raises(
        ScenarioError,
        match=r"^<scenario>: key 'shares.uir': must be at most "
        r"100, found 120$",
    ):
        Scenario.from_dict({"name": "x", "base": "embedded", "shares": {"uir": 120}})
    sc = Scenario.from_dict(
        {
            "name": " x ",
            "base": "embedded",
            "notes": None,
            "use_zones": {"uir": ["uir"]},
            "shares": {"uir": 5},
        }
    )
    assert (sc.name, sc.notes, sc.use_zones, sc.shares) == (
        "x",
        "",
        {"uir": {"uir": 1.0}},
        {"uir": 5.0},
    )


def test_a_file_of_many_unknown_keys_fails_at_the_first_as_it_is_read(tmp_path):
    """The key check runs while the file is parsed: the unknown key on line 3 is reported
    even though the file breaks off later (it would otherwise be read, and fail, whole)."""
    import gc

    keys = "".join(f"k_{i}: {i}\n" for i in range(5000))
    (p := tmp_path / "keys.yaml").write_text(f"name: x\nbase: embedded\n{keys}broken: [\n")
    with pytest.raises(ScenarioError, match=r"line 3, key 'k_0': unknown key 'k_0'; expected"):
        load_scenario(p)
    assert gc.isenabled()  # the cycle collector paused while reading is running again


def test_a_yaml_merge_at_the_top_is_not_an_unknown_key(tmp_path):
    p = tmp_path / "merge.yaml"
    p.write_text("base_keys: &b {name: x, base: embedded}\n<<: *b\n")
    with pytest.raises(ScenarioError, match="unknown key 'base_keys'"):
        load_scenario(p)
    p.write_text("<<: {name: x, base: embedded}\nshares: {uir: 5}\n")
    assert load_scenario(p).name == "x"


# --- issue 17 item 6: scenario shares written as fractions --------------------------------
FRACTIONS = (
    "name: f\nbase: embedded\ntotal_gfa_m2: 1000000\nshares:\n  wet_lab_mfg: 0.44\n"
    "  dry_lab_office: 0.30\n  uir: 0.05\n  talent_housing: 0.10\n  commercial_mixed: 0.11\n"
)


def test_scenario_shares_written_as_fractions_are_read_as_fractions_and_said(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(FRACTIONS, encoding="utf-8")
    sc = Scenario.from_yaml(path)
    assert sc.table().set_index("use_id").gfa_m2["dry_lab_office"] == pytest.approx(300_000)
    report = sc.evaluate()
    assert report.summary["total_gfa_m2"] == pytest.approx(1_000_000)
    said = [i for i in report.issues if i.check == "table.share_fractions"]
    assert said and "scenario shares read as fractions" in said[0].message


def test_a_scenario_share_written_as_a_fraction_beside_percentages_is_one_error(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        FRACTIONS.replace("0.44", "44")
        .replace("0.30", "30")
        .replace("0.10", "10")
        .replace("0.11", "11"),
        encoding="utf-8",
    )
    with pytest.raises(
        ScenarioError, match=r"line 7, key 'shares.uir': 0.05 looks like a fraction"
    ):
        Scenario.from_yaml(path)


def test_a_scenario_share_below_one_percent_beside_others_that_add_up_is_kept(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: s\nbase: embedded\nshares:\n  wet_lab_mfg: 51.5\n  uir: 5.5\n"
        "  commercial_mixed: 0.5\n  talent_housing: 20.5\n",
        encoding="utf-8",
    )
    assert Scenario.from_yaml(path).shares["commercial_mixed"] == 0.5


def test_a_key_written_as_a_python_tag_is_named_as_one():
    # not "unknown key ''": the key is a tag, refused before any key is checked
    with pytest.raises(ScenarioError) as info:
        Scenario.from_yaml(BAD / "python_tag_key.yaml")
    msg = str(info.value)
    assert "\n" not in msg and "unknown key" not in msg
    assert "python_tag_key.yaml: line 3: tag '!!python/name:os.system': a Python tag is" in msg
