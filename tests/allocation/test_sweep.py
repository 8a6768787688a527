"""Sweeps: the vectorised rule agrees with gis.validate, draws are what they claim, results write.

The agreement test calls the full ``gis.validate`` on 1,000 allocations (about 0.03 s each,
~30 s in all: under the 60 s budget, so no smaller sample through the fast path was needed).
"""

from __future__ import annotations

import json
import re
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.allocation import Dirichlet, Grid, Uniform, sweep
from gis.allocation import draws as _draws
from gis.allocation import samplers as _samplers
from gis.allocation.constraints import Constraints
from gis.errors import InputError, OutputError
from gis.scenarios import Scenario, load_scenario
from gis.validation import validate

CHECK_SCENARIO = """name: sweep-check
base: embedded
total_gfa_m2: 1000000
max_plot_ratio: 2.6
min_share_pct: {wet_lab_mfg: 45}
max_share_pct: {commercial_mixed: 12}
"""


@pytest.fixture(scope="module")
def ruled(tmp_path_factory) -> Scenario:
    p = Path(tmp_path_factory.mktemp("sc")) / "sweep-check.yaml"
    p.write_text(CHECK_SCENARIO, encoding="utf-8")
    return Scenario.from_yaml(p)


def _validate_errors(sc: Scenario, shares: np.ndarray, total: float) -> tuple[bool, set[str]]:
    """Run the full validator on one allocation; map its errors to constraint names."""
    uses = sc.project.use_ids
    table = pd.DataFrame({"use_id": uses, "share_pct": shares, "gfa_m2": shares / 100.0 * total})
    report = validate(table, rules=sc.to_rules(total_gfa_m2=total), **sc.validate_kwargs())
    found = set()
    for i in report.errors:
        if i.check == "site.zone_over_capacity":
            found.add(f"capacity:{i.feature}")
        elif i.check == "site.plot_ratio_exceeded":
            found.add("plot_ratio")
        elif i.check in ("site.share_below_min", "site.share_above_max"):
            use = re.match(r"use '([^']+)'", i.message).group(1)
            found.add(("min_share:" if i.check.endswith("min") else "max_share:") + use)
        else:  # any other error would break the agreement
            found.add(i.check)
    return report.ok, found


def test_sweep_agrees_with_validate_on_1000_random_allocations(ruled):
    result = sweep(
        ruled, n=20_000, method=Dirichlet(concentration=25), total_range_m2=(7e5, 1.45e6), seed=7
    )
    rng = np.random.default_rng(11)
    pick = rng.choice(result.n, size=1000, replace=False)
    sample = result.samples.iloc[pick]
    share_cols = [f"share_{u}_pct" for u in ruled.project.use_ids]
    con = Constraints.from_scenario(ruled)
    names = np.array(con.names())
    _, viol = con.evaluate(sample[share_cols].to_numpy(), sample.total_gfa_m2.to_numpy())
    seen: set[str] = set()
    for j, (_, row) in enumerate(sample.iterrows()):
        ok, errors = _validate_errors(ruled, row[share_cols].to_numpy(float), row.total_gfa_m2)
        assert ok == bool(row.feasible), (row.to_dict(), errors)
        assert errors == set(names[viol[j]]), row.to_dict()
        seen |= errors
    # the sample exercised every kind of rule, and both verdicts
    assert 100 < sample.feasible.sum() < 900
    assert {"plot_ratio", "min_share:wet_lab_mfg", "max_share:commercial_mixed"} <= seen
    assert any(s.startswith("capacity:") for s in seen)


@settings(max_examples=40, deadline=None)
@given(
    weights=st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5).filter(lambda w: sum(w) > 0.05),
    total=st.floats(3e5, 1.8e6),
)
def test_property_the_fast_rule_is_validates_verdict(ruled, weights, total):
    shares = 100.0 * np.array(weights) / sum(weights)
    con = Constraints.from_scenario(ruled)
    _, viol = con.evaluate(shares[None, :], np.array([total]))
    ok, errors = _validate_errors(ruled, shares, total)
    assert ok == (not viol.any())
    assert errors == set(np.array(con.names())[viol[0]])


def test_sweep_counts_match_a_direct_count_on_the_samples():
    r = sweep("ai-30pct", n=50_000, method=Dirichlet(200), seed=2)
    s = r.samples
    env = load_scenario("ai-30pct").envelope()
    alloc, cap = env.allocation(), env.capacity_m2
    gfa = (
        s[[f"share_{u}_pct" for u in env.use_ids]].to_numpy()
        / 100
        * s.total_gfa_m2.to_numpy()[:, None]
    )
    ai = env.zone_ids.index("ai_data")
    over_ai = (gfa @ alloc[:, ai]) / cap[ai] > 1 + 1e-9
    assert r.constraints.violated["capacity:ai_data"] == over_ai.sum()
    assert r.binding_most_often == "capacity:ai_data"  # AI & data science at 30 % overflows
    held = cap > 0  # roads, open space and the like hold nothing and get nothing
    assert (gfa @ alloc[:, ~held] == 0).all()
    assert (
        r.n_feasible
        == s.feasible.sum()
        == r.n - (gfa @ alloc[:, held] / cap[held] > 1 + 1e-9).any(axis=1).sum()
    )
    assert r.feasible_share == pytest.approx(r.n_feasible / r.n)


def test_the_same_seed_gives_the_same_sweep_whatever_the_chunk_size():
    a = sweep("table-3-1", n=9_000, seed=5, chunk_size=1_000, total_range_m2=(8e5, 1.2e6))
    b = sweep("table-3-1", n=9_000, seed=5, chunk_size=4_000, total_range_m2=(8e5, 1.2e6))
    c = sweep("table-3-1", n=9_000, seed=6, total_range_m2=(8e5, 1.2e6))
    pd.testing.assert_frame_equal(a.samples, b.samples)
    pd.testing.assert_frame_equal(a.frontier, b.frontier)
    assert not a.samples.equals(c.samples)


@pytest.mark.parametrize(
    ("scenario", "kw"),
    [
        ("table-3-1", {"total_range_m2": (8e5, 1.3e6)}),
        ("ruled", {"method": "uniform"}),
        ("table-3-1", {"method": Grid(step_pct=10), "total_range_m2": (8e5, 1.3e6)}),
    ],
)
def test_counts_and_frontier_equal_a_brute_force_count_of_the_samples(ruled, scenario, kw):
    """Per-bin maxima without a sort, merged across chunks and threads, equal a groupby."""
    sc = ruled if scenario == "ruled" else scenario
    r = sweep(sc, n=30_000, seed=3, chunk_size=1_500, bin_pct=5, threads=3, **kw)
    s = r.samples
    fu = f"share_{r.frontier_use}_pct"
    b = np.minimum((s[fu] / 5).astype(int), 19)
    key = s.max_total_gfa_m2.fillna(-np.inf)
    f = r.frontier.set_index(f"{r.frontier_use}_share_from_pct")
    groups = s.assign(b=b, key=key).groupby("b")
    assert (f.n.to_numpy() == groups.size().to_numpy()).all()
    assert (f.n_feasible.to_numpy() == groups.feasible.sum().to_numpy()).all()
    feas_max = s[s.feasible].assign(b=b).groupby("b").total_gfa_m2.max()
    np.testing.assert_array_equal(f.max_feasible_total_gfa_m2.dropna(), feas_max.to_numpy())
    best = groups.key.idxmax()  # the first row with the bin's largest total
    top = key[best].to_numpy()
    np.testing.assert_array_equal(
        f.max_total_gfa_m2.to_numpy(), np.where(top > -np.inf, top, np.nan)
    )
    for u in r.use_ids:
        got = f[f"share_{u}_pct"].to_numpy()[top > -np.inf]
        np.testing.assert_array_equal(got, s[f"share_{u}_pct"].to_numpy()[best][top > -np.inf])
    # constraint counts: every break, and the binding constraint among valid / invalid draws
    con = Constraints.from_scenario(load_scenario(sc) if isinstance(sc, str) else sc)
    share_cols = [f"share_{u}_pct" for u in r.use_ids]
    ratios, viol = con.evaluate(s[share_cols].to_numpy(), s.total_gfa_m2.to_numpy())
    assert (r.constraints.violated.to_numpy() == viol.sum(axis=0)).all()
    assert (s.feasible.to_numpy() == ~viol.any(axis=1)).all()
    arg = ratios.argmax(axis=1)
    assert (s.binding.cat.codes.to_numpy() == arg).all()
    names = con.names()
    worst = np.bincount(arg[~s.feasible.to_numpy()], minlength=len(names))
    assert (r.constraints.worst.to_numpy() == worst).all()


def test_every_chunk_of_a_uniform_sweep_draws_new_splits(ruled):
    r = sweep(ruled, n=6_000, method="uniform", seed=2, chunk_size=1_000)
    shares = r.samples.filter(like="share_")
    assert not shares.duplicated().any()
    again = sweep(ruled, n=6_000, method="uniform", seed=2, chunk_size=1_000, threads=1)
    pd.testing.assert_frame_equal(r.samples, again.samples)


def test_threads_do_not_change_the_results():
    one = sweep("table-3-1", n=200_000, seed=8, chunk_size=30_000, threads=1)
    two = sweep("table-3-1", n=200_000, seed=8, chunk_size=50_000, threads=2)
    pd.testing.assert_frame_equal(one.samples, two.samples)
    pd.testing.assert_frame_equal(one.frontier, two.frontier)
    pd.testing.assert_frame_equal(one.constraints, two.constraints)


def test_each_block_of_draws_has_its_own_stream():
    """Blocks of 65,536 draws come from streams keyed by the seed and the block number."""
    n = _draws.BLOCK + 100
    r = sweep("table-3-1", n=n, seed=9, total_range_m2=(8e5, 1.2e6))
    s = r.samples.filter(like="share_").to_numpy()
    base = load_scenario("table-3-1").table().share_pct.to_numpy(float)
    seq = np.random.SeedSequence(9)
    for block, rows in ((0, slice(0, _draws.BLOCK)), (1, slice(_draws.BLOCK, n))):
        size = rows.stop - rows.start
        rng = np.random.default_rng(np.random.SeedSequence(seq.entropy, spawn_key=(0, block)))
        expect = _samplers.dirichlet(rng, base, 50.0, size)
        np.testing.assert_array_equal(s[rows], expect.T)
        rng_t = np.random.default_rng(np.random.SeedSequence(seq.entropy, spawn_key=(1, block)))
        np.testing.assert_array_equal(r.samples.total_gfa_m2[rows], rng_t.uniform(8e5, 1.2e6, size))


@pytest.mark.parametrize("shape", [(1, 7), (3, 50), (8, 1000)])
def test_argmax_rows_is_numpys_argmax_with_ties_and_nans(shape):
    from gis.allocation.sweep_counts import argmax_rows

    rng = np.random.default_rng(0)
    a = rng.integers(0, 4, shape).astype(float)  # many ties
    a[rng.random(shape) < 0.05] = np.nan
    a[rng.random(shape) < 0.05] = np.inf
    assert (argmax_rows(a) == np.argmax(a, axis=0)).all()


def test_dirichlet_draws_centre_on_the_base_split():
    r = sweep("table-3-1", n=40_000, method=Dirichlet(100), seed=1)
    shares = r.samples.filter(like="share_").to_numpy()
    assert shares.sum(axis=1) == pytest.approx(np.full(len(shares), 100.0))
    assert shares.mean(axis=0) == pytest.approx([52, 22, 5, 10, 11], abs=0.15)
    # sd of a Dirichlet component: sqrt(p (1 - p) / (concentration + 1))
    assert shares[:, 0].std() == pytest.approx(100 * np.sqrt(0.52 * 0.48 / 101), rel=0.03)


def test_uniform_draws_stay_within_the_ranges_and_default_to_the_scenario_bounds(ruled):
    ranges = {"wet_lab_mfg": (40, 70), "uir": (2, 8)}
    r = sweep("table-3-1", n=5_000, method=Uniform(ranges), seed=1)
    s = r.samples
    assert s.share_wet_lab_mfg_pct.between(40, 70).all() and s.share_uir_pct.between(2, 8).all()
    assert s.filter(like="share_").sum(axis=1).to_numpy() == pytest.approx(np.full(5_000, 100.0))
    d = sweep(ruled, n=5_000, method="uniform", seed=1).samples
    assert (d.share_wet_lab_mfg_pct >= 45).all() and (d.share_commercial_mixed_pct <= 12).all()
    with pytest.raises(InputError, match="admit no split"):
        sweep("table-3-1", n=10, method=Uniform({"wet_lab_mfg": (60, 70), "uir": (50, 60)}))


def test_grid_has_every_split_once():
    assert len(_samplers.compositions(5, 20)) == comb(24, 4)
    r = sweep("table-3-1", method=Grid(step_pct=5, total_steps=3), total_range_m2=(9e5, 1.1e6))
    assert r.n == comb(24, 4) * 3
    s = r.samples
    assert not s.duplicated().any()
    assert set(s.total_gfa_m2.round()) == {900_000, 1_000_000, 1_100_000}
    narrowed = sweep("table-3-1", method=Grid(10, {"wet_lab_mfg": (50, 60)}))
    assert set(narrowed.samples.share_wet_lab_mfg_pct) == {50, 60}
    with pytest.raises(InputError, match="must divide 100"):
        sweep("table-3-1", method=Grid(step_pct=7))


def test_frontier_never_beats_the_linear_programme_and_its_splits_hold_their_total():
    from gis.allocation import solve

    r = sweep(
        "table-3-1", n=100_000, method=Dirichlet(30), seed=4, bin_pct=5, frontier_use="wet_lab_mfg"
    )
    f = r.frontier[r.frontier.n >= 2_000]
    assert len(f) >= 3
    for _, row in f.iterrows():
        lo, hi = row.wet_lab_mfg_share_from_pct, row.wet_lab_mfg_share_to_pct
        lp = solve(
            "table-3-1", min_share_pct={"wet_lab_mfg": lo}, max_share_pct={"wet_lab_mfg": hi}
        )
        assert row.max_total_gfa_m2 <= lp.total_gfa_m2 * (1 + 1e-6)
        assert row.max_total_gfa_m2 >= 0.9 * lp.total_gfa_m2  # the sweep gets close
        shares = row[[f"share_{u}_pct" for u in r.use_ids]].to_numpy(float)
        sc = load_scenario("table-3-1")
        assert _validate_errors(sc, shares, row.max_total_gfa_m2 * (1 - 1e-7))[0]
        assert not _validate_errors(sc, shares, row.max_total_gfa_m2 * (1 + 1e-4))[0]


def test_results_write_atomically_to_csv_and_parquet(tmp_path):
    import pyarrow.parquet as pq

    r = sweep("table-3-1", n=2_000, seed=1)
    r.write(tmp_path / "s.csv")
    back = pd.read_csv(tmp_path / "s.csv")
    assert len(back) == 2_000 and back.feasible.sum() == r.n_feasible
    r.write(tmp_path / "f.parquet", "frontier")
    meta = json.loads(pq.read_schema(tmp_path / "f.parquet").metadata[b"technopole.sweep"])
    assert meta["params"]["seed"] == 1 and "loop.zones" in meta["inputs"]
    with pytest.raises(OutputError):
        r.write(tmp_path / "s.csv", force=False)
    with pytest.raises(InputError, match="keep=False"):
        sweep("table-3-1", n=10, keep=False).write(tmp_path / "x.csv")
    with pytest.raises(InputError, match=".csv or .parquet"):
        r.write(tmp_path / "s.xlsx")


def test_progress_is_reported_per_chunk():
    seen = []
    sweep(
        "table-3-1",
        n=2_500,
        chunk_size=1_000,
        keep=False,
        progress=lambda done, n: seen.append((done, n)),
    )
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]


def test_bad_arguments_are_input_errors():
    with pytest.raises(InputError, match="unknown sweep method"):
        sweep("table-3-1", n=10, method="sobol")
    with pytest.raises(InputError, match="unknown use 'wet'"):
        sweep("table-3-1", n=10, method=Uniform({"wet": (0, 10)}))
    with pytest.raises(InputError, match="frontier use"):
        sweep("table-3-1", n=10, frontier_use="nope")


def test_cli_sweep(tmp_path):
    from cli import main

    runner = CliRunner()
    r = runner.invoke(
        main,
        [
            "sweep",
            "ai-30pct",
            "-n",
            "20000",
            "--samples",
            str(tmp_path / "s.parquet"),
            "--frontier-out",
            str(tmp_path / "f.csv"),
        ],
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.output
    assert "binding most often: capacity of zone ai_data" in r.stdout
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == 20_000
    assert (tmp_path / "f.csv").exists()
    r = runner.invoke(main, ["sweep", "-n", "1000", "--format", "json"])
    data = json.loads(r.stdout)
    assert data["summary"]["n"] == 1000 and data["constraints"]
    r = runner.invoke(main, ["sweep", "--method", "uniform", "--range", "wet_lab_mfg=40"])
    assert r.exit_code == 2 and "USE=LOW:HIGH" in r.output


def test_each_method_carries_its_own_options_and_names_work_with_the_defaults():
    by_name = sweep("table-3-1", n=3_000, method="dirichlet", seed=9)
    by_object = sweep("table-3-1", n=3_000, method=Dirichlet(), seed=9)
    pd.testing.assert_frame_equal(by_name.samples, by_object.samples)
    assert by_object.params["concentration"] == 50 and by_object.params["step_pct"] is None
    wide = sweep("table-3-1", n=3_000, method=Dirichlet(concentration=5), seed=9)
    spread = wide.samples.filter(like="share_").std().mean()
    assert spread > 2 * by_object.samples.filter(like="share_").std().mean()
    g = sweep("table-3-1", method=Grid(step_pct=20, total_steps=2), total_range_m2=(9e5, 1e6))
    assert g.n == comb(9, 4) * 2 and g.params["step_pct"] == 20
    assert g.params["method"] == "grid" and g.params["concentration"] is None
    u = sweep("table-3-1", n=500, method=Uniform({"uir": (1, 3)}), seed=1)
    assert u.params["share_range_pct"] == {"uir": [1, 3]}
    assert u.samples.share_uir_pct.between(1, 3).all()


def test_cli_sweep_builds_the_method_from_its_options(tmp_path):
    from cli import main

    runner = CliRunner()
    r = runner.invoke(
        main,
        [
            "sweep",
            "--method",
            "grid",
            "--step",
            "20",
            "--total-range",
            "900000",
            "1000000",
            "--total-steps",
            "2",
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)["summary"]
    assert summary["n"] == comb(9, 4) * 2 and summary["step_pct"] == 20
    r = runner.invoke(
        main,
        [
            "sweep",
            "-n",
            "400",
            "--method",
            "uniform",
            "--range",
            "uir=1:3",
            "--samples",
            str(tmp_path / "s.csv"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert pd.read_csv(tmp_path / "s.csv").share_uir_pct.between(1, 3).all()
    r = runner.invoke(main, ["sweep", "-n", "400", "--concentration", "5", "--format", "json"])
    assert json.loads(r.stdout)["summary"]["concentration"] == 5


@pytest.mark.parametrize(
    "make",
    [
        lambda: Dirichlet(0),
        lambda: Dirichlet(-3),
        lambda: Dirichlet(float("nan")),
        lambda: Grid(total_steps=0),
    ],
)
def test_a_method_with_options_out_of_range_is_refused_when_built(make):
    with pytest.raises(InputError, match="must be"):
        make()


def test_a_ranged_uniform_sweep_keeps_the_other_uses_in_proportion():
    # `sweep --method uniform --range dry_lab_office=20:40`: the other four uses keep Table
    # 3.1's proportions (52 : 5 : 10 : 11), scaled to fill what dry labs leave
    res = sweep(None, 3000, method=Uniform({"dry_lab_office": (20, 40)}), keep=True)
    s = res.samples
    dry = s["share_dry_lab_office_pct"]
    assert dry.between(20, 40).all() and dry.std() > 4  # spread over the range
    rest = 100 - dry
    for use, base in (("wet_lab_mfg", 52), ("uir", 5), ("talent_housing", 10)):
        assert np.allclose(s[f"share_{use}_pct"], rest * base / 78)
    assert "proportions" in res.params["others"]
    free = sweep(None, 3000, method=Uniform({"dry_lab_office": (20, 40)}, others="free"), keep=True)
    assert free.samples["share_uir_pct"].max() > 3 * s["share_uir_pct"].max()  # anywhere
    assert "0 to 100%" in free.params["others"]


def test_cli_sweep_says_what_the_other_uses_do():
    from cli import main

    r = CliRunner().invoke(
        main, ["sweep", "--method", "uniform", "--range", "dry_lab_office=20:40", "-n", "500"]
    )
    assert r.exit_code == 0, r.output
    assert "method: the uses without a range keep the base split's proportions" in r.stdout
