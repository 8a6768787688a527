"""Scale-out on Dask: `gis.validate(engine="dask")` finds what the in-memory engine finds.

The large comparisons run on one in-process cluster (threads: no process start-up); one test
runs the command line on a local cluster of worker processes at a small size. No timing here.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from click.testing import CliRunner

import cli
import gis
from gis.errors import InputError
from gis.validation import dask_engine as _dask
from gis.validation.coverage import measure_coverage

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import tiling  # noqa: E402


@pytest.fixture(scope="module")
def client():
    import distributed  # the test extra installs technopole[scale]

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def _same_reports(a, b):
    """Same findings in the same order; numbers equal up to floating-point noise."""
    key = [(i.check, i.severity, i.message, i.feature, i.source) for i in a.issues]
    assert key == [(i.check, i.severity, i.message, i.feature, i.source) for i in b.issues]
    # the Chinese text is written from code and params: the engines must give the same ones
    coded = [(i.code, sorted(i.params or {})) for i in a.issues]
    assert coded == [(i.code, sorted(i.params or {})) for i in b.issues]
    for x, y in zip(a.issues, b.issues, strict=True):
        assert (x.value is None) == (y.value is None)
        if x.value is not None:
            assert math.isclose(x.value, y.value, rel_tol=1e-9, abs_tol=1e-9), x.message
    assert a.ok == b.ok and a.summary == b.summary
    assert a.zones.equals(b.zones)
    assert a.problems.kind.tolist() == b.problems.kind.tolist()
    overlap = (a.problems.kind == "overlap").to_numpy()
    ga, gb = a.problems.geometry.values, b.problems.geometry.values
    assert shapely.equals_exact(ga[overlap], gb[overlap], tolerance=0).all()
    # the gap is the site minus a union merged in another order: same area up to noise
    np.testing.assert_allclose(shapely.area(ga[~overlap]), shapely.area(gb[~overlap]), rtol=1e-9)


def test_the_dask_engine_reports_what_memory_reports_on_100k_parcels(client):
    parcels, planted = tiling.make_parcels(100_000)
    site = tiling.make_site()
    rules = gis.Rules(gap_tol_frac=0.0)  # report the gap of the dropped and shrunk parcels
    memory = gis.validate(site=site, zones=parcels, rules=rules)
    dask = gis.validate(site=site, zones=parcels, rules=rules, engine="dask", scheduler=client)
    _same_reports(memory, dask)
    overlaps = [i for i in dask.issues if i.check == "geometry.overlap"]
    assert len(overlaps) >= len(planted.grown)  # each grown parcel overlaps its neighbours
    assert [i.check for i in dask.issues].count("geometry.gap") == 1


def _partition_of(parcels, k):
    """The partition of each parcel when ``k`` Hilbert partitions are cut as the engine does."""
    order = np.argsort(parcels.geometry.hilbert_distance().to_numpy(), kind="stable")
    part = np.empty(len(parcels), dtype=int)
    cuts = np.linspace(0, len(parcels), k + 1).astype(int)
    for i, (a, b) in enumerate(zip(cuts[:-1], cuts[1:], strict=True)):
        part[order[a:b]] = i
    return part


def test_overlaps_across_partition_edges_are_found(client):
    parcels, _ = tiling.make_parcels(8000, seed=5)
    site = shapely.box(*parcels.total_bounds)
    k = 40  # small partitions: many overlapping pairs straddle two of them
    got = _dask.measure_zones(parcels, site, 1.0, client, npartitions=k).coverage
    want = measure_coverage(parcels, 1.0)
    assert got.left.tolist() == want.left.tolist() and got.right.tolist() == want.right.tolist()
    assert shapely.equals_exact(got.geoms, want.geoms, tolerance=0).all()
    np.testing.assert_array_equal(got.area_m2, want.area_m2)
    part = _partition_of(parcels, k)
    assert (part[got.left] != part[got.right]).any()  # the case the halo is there for
    assert math.isclose(got.union.area, want.union.area, rel_tol=1e-9)


def test_an_invalid_parcel_is_measured_as_in_memory(client):
    import geopandas as gpd
    import pandas as pd

    parcels, _ = tiling.make_parcels(3000, seed=2)
    x0, y0, x1, y1 = parcels.total_bounds
    bowtie = shapely.Polygon(
        [(x1 + 100, y0), (x1 + 300, y0 + 200), (x1 + 300, y0), (x1 + 100, y0 + 200)]
    )
    extra = gpd.GeoDataFrame({"zone_id": ["BOWTIE"]}, geometry=[bowtie], crs=parcels.crs)
    zones = pd.concat([parcels, extra], ignore_index=True)
    site = shapely.box(x0, y0, x1 + 500, y1)
    # gis.validate stops at the union of invalid zones (GEOS TopologyException) in both
    # engines; the readers refuse such files first. What the workers measure is compared here.
    got = _dask.measure_zones(zones, site, 1.0, client, union=False, npartitions=6)
    g = zones.geometry.values
    assert got.bad.tolist() == [len(zones) - 1]
    assert got.reasons == shapely.is_valid_reason(g[got.bad]).tolist()
    want = measure_coverage(zones, 1.0, union=False)  # every feature a suspect
    assert got.coverage.left.tolist() == want.left.tolist()
    assert got.coverage.right.tolist() == want.right.tolist()
    np.testing.assert_array_equal(got.area, shapely.area(g))


def test_parcels_outside_the_site_and_stated_areas_as_in_memory(client):
    parcels, _ = tiling.make_parcels(3000, seed=4)
    parcels["stated_area_ha"] = np.round(parcels.area.to_numpy() / 10_000, 1)
    parcels.loc[::7, "stated_area_ha"] *= 1.5  # stated areas that are wrong
    x0, y0, x1, y1 = parcels.total_bounds
    site = tiling.make_site().set_geometry([shapely.box(x0, y0, x1 - 800, y1)], crs=2326)
    memory = gis.validate(site=site, zones=parcels.to_crs(4326))
    dask = gis.validate(site=site, zones=parcels.to_crs(4326), engine="dask", scheduler=client)
    _same_reports(memory, dask)
    checks = {i.check for i in dask.issues}
    assert {"geometry.outside_site", "geometry.area_vs_stated"} <= checks


def test_validate_on_worker_processes_gives_the_memory_report(tmp_path):
    paths = tiling.write_inputs(2000, tmp_path, fgb=False)
    base = [sys.executable, str(ROOT / "cli.py"), "validate", "--site", str(paths["site"])]
    base += ["--zones", str(paths["parcels"]), "--format", "json"]
    out = {}
    for engine in ("memory", "dask"):
        extra = ["--engine", "dask", "--workers", "2"] if engine == "dask" else []
        proc = subprocess.run(
            [*base, *extra, "--out", str(tmp_path / f"{engine}.json")],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert proc.returncode == 1, proc.stderr  # the planted overlaps are errors
        out[engine] = json.loads((tmp_path / f"{engine}.json").read_text())
    assert out["memory"]["issues"] == out["dask"]["issues"]
    assert out["memory"]["zones"] == out["dask"]["zones"]


def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch):
    monkeypatch.setattr(_dask, "SCHEDULER_TIMEOUT", "1s")
    r = CliRunner().invoke(
        cli.main,
        ["validate", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"],
    )
    assert r.exit_code == 2
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:9" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("missing", ["dask_geopandas", "distributed"])
def test_the_dask_engine_without_dask_says_what_to_install(monkeypatch, missing):
    monkeypatch.setitem(sys.modules, missing, None)  # as if not installed
    r = CliRunner().invoke(cli.main, ["validate", "--engine", "dask"])
    assert r.exit_code == 2
    assert "install technopole[scale]" in r.output and missing in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_an_unknown_engine_or_a_scheduler_without_dask_is_refused():
    with pytest.raises(InputError, match="unknown engine 'spark'"):
        gis.validate(engine="spark")
    with pytest.raises(InputError, match="need the dask engine"):
        gis.validate(scheduler="tcp://127.0.0.1:9")
    r = CliRunner().invoke(cli.main, ["validate", "--workers", "2"])
    assert r.exit_code == 2 and "--engine dask" in r.output


def test_validate_without_the_dask_engine_imports_no_dask(tmp_path):
    code = (
        "import sys, cli\n"
        "try:\n"
        "    cli.main(['validate'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "bad = [m for m in ('dask', 'dask_geopandas', 'distributed') if m in sys.modules]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-500:] + proc.stderr[-2000:]
