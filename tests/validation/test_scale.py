"""Territory scale: the synthetic tiling, the benchmark entry points at a tiny size, and the
coverage checks on planted problems. No timing is asserted here (speed belongs in bench/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import tiling  # noqa: E402


def test_a_tiling_without_planted_problems_is_a_valid_coverage():
    nx, ny = tiling.grid_shape(600)
    rings = tiling._rings(nx, ny, np.random.default_rng(1))
    geoms = shapely.polygons(rings)
    assert len(geoms) == 600 and shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)
    assert shapely.get_num_coordinates(geoms[0]) == 19  # 18 vertices and the closing one
    assert shapely.area(geoms).sum() == pytest.approx(tiling.EXTENT_HA * 10_000)


def test_the_planted_problems_are_there():
    parcels, planted = tiling.make_parcels(4000, seed=3, invalid=True)
    assert len(parcels) == 4000 - len(planted.dropped)
    assert parcels.crs.to_epsg() == 2326
    invalid = ~shapely.is_valid(parcels.geometry.values)
    ids = {f"P{i:07d}" for i in planted.invalid}
    assert set(parcels.zone_id[invalid]) == ids and ids


def test_the_same_seed_gives_the_same_parcels():
    a, _ = tiling.make_parcels(500, seed=7)
    b, _ = tiling.make_parcels(500, seed=7)
    assert a.geometry.equals(b.geometry) and (a.site_coverage == b.site_coverage).all()


def test_ozp_zones_follow_the_boards_schema():
    z = tiling.make_ozp_zones(1200)
    assert {"PLAN_NO", "ZONE_LABEL", "DESC_ENG", "DESC_CHT", "SPUSE_ENG", "SPUSE_CHT"} <= set(z)
    assert z.PLAN_NO.nunique() == 3 and shapely.coverage_is_valid(z.geometry.values)


def test_every_benchmark_entry_point_runs_at_a_tiny_size(tmp_path):
    import bench_scale

    rows = bench_scale.main(
        [
            "--sizes",
            "400",
            "--repeat",
            "1",
            "--data",
            str(tmp_path),
            "--json",
            str(tmp_path / "r.json"),
            "--plot",
            str(tmp_path / "scale.png"),
            "--targets",
            str(tmp_path / "targets.json"),
        ]
    )
    written = json.loads((tmp_path / "targets.json").read_text())
    assert [t["target"] for t in written] == [bench_scale.TARGET_1M, bench_scale.TARGET_5X]
    assert [t["met"] for t in written] == [None, None]  # 400 parcels measure neither target
    assert {r["command"] for r in rows} == set(
        bench_scale.commands(tiling.write_inputs(400, tmp_path), tmp_path / "x.json")
    )
    assert all(r["seconds"] > 0 and r["peak_mib"] > 0 for r in rows)
    assert (tmp_path / "scale.png").stat().st_size > 0


def _brute_overlaps(geoms, tol_m2):
    out = {}
    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if shapely.intersects(geoms[i], geoms[j]):
                a = shapely.area(shapely.intersection(geoms[i], geoms[j]))
                if a > tol_m2:
                    out[(i, j)] = a
    return out


def test_overlaps_measured_once_are_every_overlap_a_full_comparison_finds():
    from gis.validation.coverage import measure_coverage, suspect_features

    parcels, planted = tiling.make_parcels(900, seed=5)
    geoms = np.asarray(parcels.geometry.values)
    cov = measure_coverage(parcels, tol_m2=1.0)
    pairs = zip(cov.left.tolist(), cov.right.tolist(), strict=True)
    found = dict(zip(pairs, cov.area_m2, strict=True))
    expected = _brute_overlaps(geoms, 1.0)
    assert found.keys() == expected.keys() and len(found) >= len(planted.grown)
    assert np.allclose([found[k] for k in expected], list(expected.values()))
    assert suspect_features(geoms).sum() < len(geoms) / 2  # most parcels are never intersected
    assert cov.union.area == pytest.approx(shapely.union_all(geoms).area, rel=1e-9)


def test_validate_reports_each_planted_overlap_once_and_the_gap(tmp_path):
    import gis

    parcels, planted = tiling.make_parcels(2000, seed=2)
    parcels.attrs["name"] = "parcels"
    site = tiling.make_site()
    r = gis.validate(site=site, zones=parcels, rules=gis.Rules(gap_tol_frac=0.0001))
    overlaps = [i for i in r.issues if i.check == "geometry.overlap"]
    expected = _brute_overlaps(np.asarray(parcels.geometry.values), 1.0)
    assert len(overlaps) == len(expected) > 0
    assert len(r.problems[r.problems.kind == "overlap"]) == len(expected)
    gap = site.union_all().difference(parcels.union_all()).area
    (g,) = [i for i in r.issues if i.check == "geometry.gap"]
    assert g.value == pytest.approx(gap / site.area.sum())
    assert not [i for i in r.issues if i.check == "geometry.outside_site"]


def test_many_zones_are_named_in_a_check_scope_only_up_to_a_limit():
    from gis.validation.zone_limits import ZONES_NAMED, _zones

    text = _zones([f"P{i}" for i in range(ZONES_NAMED + 7)])
    assert text.endswith("and 7 more") and "P0, P1" in text
    assert _zones(["a", "b"]) == "zones a, b"


def _large_report(n_zones: int, n_overlaps: int):
    import pandas as pd

    from gis.report import Issue, ValidationReport

    util = np.linspace(0.0, 1.2, n_zones)
    zones = pd.DataFrame(
        {
            "name_en": [f"Parcel {i}" for i in range(n_zones)],
            "capacity_m2": 1000.0,
            "gfa_m2": 1000.0 * util,
            "utilisation": util,
            "status": np.where(util > 1, "over_capacity", "ok"),
        },
        index=pd.Index([f"P{i}" for i in range(n_zones)], name="zone_id"),
    )
    issues = [
        Issue("geometry.overlap", "error", f"zone P{i} and P{i + 1} overlap by 5 m²")
        for i in range(n_overlaps)
    ] + [Issue("geometry.gap", "warning", "a gap")]
    return ValidationReport(issues=issues, zones=zones, summary={"total_gfa_m2": 1.0})


def test_a_terminal_report_of_many_zones_shows_the_busiest_and_says_how_many_more():
    from maps.reports.report import summarise_report

    r = _large_report(5000, 300)
    shown, notes = summarise_report(r, limit=25)
    assert len(shown.zones) == 25 and shown.zones.index[0] == "P4999"
    assert list(shown.zones.utilisation) == sorted(r.zones.utilisation, reverse=True)[:25]
    assert [i.check for i in shown.issues].count("geometry.overlap") == 25
    assert any(i.check == "geometry.gap" for i in shown.issues)
    assert "25 busiest of 5,000" in notes[0] and "geometry.overlap 300" in notes[1]
    assert len(r.zones) == 5000 and len(r.issues) == 301  # the report itself is untouched


def test_printing_a_large_report_keeps_the_true_count_line():
    import io

    from rich.console import Console

    from maps.reports.report import ROWS_SHOWN, print_report

    buf = io.StringIO()
    print_report(_large_report(3000, 500), console=Console(file=buf, width=200))
    text = buf.getvalue()
    assert "500 errors, 1 warning" in text
    assert text.count("overlap by 5 m²") == ROWS_SHOWN
    assert "Parcel 2999" in text and "Parcel 10 " not in text


@pytest.mark.parametrize(
    "script, args",
    [
        ("bench_validate.py", ["--runs", "1", "--warm", "1"]),
        (
            "bench_sweep.py",
            ["--n", "2000", "--repeat", "1", "--grid-step", "20", "--cli-n", "2000"]
            + ["--results", "{tmp}"],
        ),
        ("bench_startup.py", ["--runs", "1", "--results", "{tmp}"]),
        ("bench_layers.py", ["--parcels", "300", "--data", "{tmp}", "--results", "{tmp}"]),
        (
            "bench_map_size.py",
            ["--parcels", "60", "--large", "120", "--data", "{tmp}", "--results", "{tmp}"],
        ),
        ("bench_yaml_keys.py", ["--sizes-mb", "0.01", "--repeat", "1"]),
        ("tiling.py", ["300", "--out", "{tmp}"]),
        ("bench_dask.py", ["--size", "600", "--workers", "1", "--data", "{tmp}"]),
        (
            "bench_ozp_many.py",
            ["--plans", "3", "--zones", "40", "--sample", "{tmp}/none", "--results", "{tmp}"],
        ),
    ],
)
def test_every_other_bench_script_runs_at_a_tiny_size(script, args, tmp_path):
    import subprocess

    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip()


def test_bench_scripts_write_their_targets_where_asked_and_run_py_tabulates_them(tmp_path):
    """The contract: targets_<stem>.json lists {target, measured, met}; run.py makes the rows."""
    import json
    import subprocess

    import run

    for script, args in (
        ("bench_startup.py", ["--runs", "1"]),
        ("bench_sweep.py", ["--n", "1000", "--repeat", "1", "--grid-step", "25", "--cli-n", "500"]),
    ):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "bench" / script), *args, "--results", str(tmp_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
    startup = json.loads((tmp_path / "targets_bench_startup.json").read_text())
    sweep = json.loads((tmp_path / "targets_bench_sweep.json").read_text())
    assert [r["target"] for r in sweep] == ["sweeps >= 10 M scenarios/s from the CLI"]
    assert sweep[0]["met"] is False  # 500 scenarios cannot reach 10 M/s with the start-up
    assert "import geopandas" in startup[0]["target"] and startup[0]["met"] in (True, False)
    (tmp_path / "targets_a_other.json").write_text(
        json.dumps([{"target": "x | y", "measured": "not yet", "met": None}])
    )
    doc = tmp_path / "PERF.md"
    doc.write_text(f"# Title\n\nbefore\n{run.START}\nold table\n{run.END}\nafter\n")
    assert run.main(["--no-run", "--results", str(tmp_path), "--doc", str(doc)]) == 0
    text = doc.read_text()
    assert text.startswith("# Title\n\nbefore\n") and text.endswith(f"{run.END}\nafter\n")
    assert "old table" not in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1] == "| x \\| y | not yet | not measured |"  # files sorted by name
    assert rows[2].startswith("| technopole validate") and rows[3].startswith("| sweeps >= 10 M")
    assert rows[3].endswith("| no |") and "cores (nproc)" in text and "load average" in text
    (tmp_path / "targets_bad.json").write_text(json.dumps([{"target": "t"}]))
    with pytest.raises(ValueError, match="targets_bad.json"):
        run.collect(tmp_path)
    doc.write_text("no markers")
    (tmp_path / "targets_bad.json").unlink()
    with pytest.raises(ValueError, match="one <!-- bench:targets:start -->"):
        run.main(["--no-run", "--results", str(tmp_path), "--doc", str(doc)])


def test_targets_say_met_only_from_figures_measured_in_the_run():
    import bench_scale

    def row(n, command, sec, mib=100.0):
        return {"parcels": n, "command": command, "seconds": sec, "peak_mib": mib}

    naive, ours = bench_scale.NAIVE, bench_scale.JSON_CMD
    fast = [row(100_000, naive, 100), row(100_000, ours, 10)]
    fast += [row(1_000_000, naive, 600), row(1_000_000, ours, 50, 3000)]
    first, second = bench_scale.targets(fast, "1.0 1.0 1.0")
    assert first["met"] is True and second["met"] is True
    assert "50.0 s" in first["measured"] and "10.0x" in second["measured"]
    assert "load average 1.0 1.0 1.0" in first["measured"]
    slow_1m = [*fast[:2], row(1_000_000, naive, 600), row(1_000_000, ours, 200, 5000)]
    first, second = bench_scale.targets(slow_1m)
    assert first["met"] is False and second["met"] is False  # 3x at 1M
    heavy = [*fast[:2], row(1_000_000, naive, 600), row(1_000_000, ours, 50, 4096)]
    assert bench_scale.targets(heavy)[0]["met"] is False  # 4 GiB is not under 4 GiB
    only_100k = bench_scale.targets(fast[:2])
    assert only_100k[0]["met"] is None and only_100k[1]["met"] is None
    assert bench_scale.targets(slow_1m[2:])[1]["met"] is False  # short at 1M: missed anyway
