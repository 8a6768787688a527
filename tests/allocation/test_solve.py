"""The linear programme: optimum against brute force, validity, shadow prices, conflicts, CLI."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner

from gis.allocation import solve, sweep
from gis.allocation.constraints import Constraints
from gis.errors import InputError
from gis.scenarios import Scenario, load_scenario
from gis.validation import validate

# a small envelope built by hand: three uses, three zones
ALLOC = np.array(
    [
        [0.6, 0.4, 0.0],  # use a: 60 % in z1, 40 % in z2
        [0.0, 0.5, 0.5],  # use b
        [0.0, 0.0, 1.0],
    ]
)  # use c
CAP = np.array([300.0, 400.0, 250.0])
SITE, MAX_PR, MIN_A, MAX_C = 100.0, 8.0, 30.0, 20.0


def small(**kw) -> Constraints:
    c = Constraints(
        use_ids=["a", "b", "c"],
        zone_ids=["z1", "z2", "z3"],
        allocation=ALLOC,
        capacity_m2=CAP,
        site_area_m2=SITE,
        max_plot_ratio=MAX_PR,
        min_pct=np.array([MIN_A, np.nan, np.nan]),
        max_pct=np.array([np.nan, np.nan, MAX_C]),
        zone_names={},
        use_names={},
    )
    return replace(c, **kw)


def brute_force_grid(step: float) -> np.ndarray:
    """Every GFA triple on a grid that meets the rules, checked here with plain numpy."""
    v = np.arange(0, 800 + step, step)
    g = np.stack(np.meshgrid(v, v, v, indexing="ij"), axis=-1).reshape(-1, 3)
    total = g.sum(axis=1)
    ok = ((g @ ALLOC) <= CAP + 1e-9).all(axis=1)
    ok &= total <= MAX_PR * SITE
    ok &= g[:, 0] >= MIN_A / 100 * total - 1e-9
    ok &= g[:, 2] <= MAX_C / 100 * total + 1e-9
    return g[ok]


def test_max_total_matches_a_brute_force_grid():
    step = 5.0
    feasible = brute_force_grid(step)
    best = feasible.sum(axis=1).max()
    r = solve(constraints=small())
    assert r.status == "optimal"
    assert best <= r.total_gfa_m2 + 1e-6  # the LP is never beaten by the grid
    assert r.total_gfa_m2 - best <= 3 * step  # and the grid gets within a cell of it
    g = r.uses.gfa_m2.to_numpy()
    assert (g @ ALLOC <= CAP * (1 + 1e-9)).all() and g[0] >= MIN_A / 100 * g.sum() - 1e-6


def test_target_matches_a_brute_force_grid():
    total, target = 600.0, np.array([20.0, 30.0, 50.0])  # c 50 % breaks max share 20 %
    v = np.arange(0, total + 1, 2.0)
    a, b = np.meshgrid(v, v, indexing="ij")
    g = np.stack([a.ravel(), b.ravel(), total - a.ravel() - b.ravel()], axis=1)
    g = g[g[:, 2] >= 0]
    ok = (
        ((g @ ALLOC) <= CAP + 1e-9).all(axis=1)
        & (g[:, 0] >= 0.3 * total - 1e-9)
        & (g[:, 2] <= 0.2 * total + 1e-9)
    )
    best = np.abs(g[ok] - target / 100 * total).sum(axis=1).min()
    r = solve(
        constraints=small(),
        objective="target",
        target_pct=dict(zip("abc", target, strict=True)),
        total_gfa_m2=total,
    )
    assert r.status == "optimal"
    dist_m2 = np.abs(r.uses.gfa_m2.to_numpy() - target / 100 * total).sum()
    assert dist_m2 <= best + 1e-6 and best - dist_m2 <= 3 * 2.0
    assert r.distance_pct == pytest.approx(100 * dist_m2 / total)
    assert r.total_gfa_m2 == pytest.approx(total)


def test_a_reachable_target_is_met_exactly():
    r = solve("table-3-1", objective="target")  # Table 3.1 itself fits the envelope
    assert r.distance_pct == pytest.approx(0, abs=1e-6)
    assert r.uses.gfa_m2["wet_lab_mfg"] == pytest.approx(520_000)


def test_the_optimum_is_valid_for_validate_and_beats_every_sampled_allocation():
    sc = load_scenario("table-3-1")
    r = solve(sc, max_plot_ratio=3.0, min_share_pct={"wet_lab_mfg": 50})
    assert r.status == "optimal"
    rules = sc.to_rules(total_gfa_m2=None, max_plot_ratio=3.0, min_share_pct={"wet_lab_mfg": 50})
    report = validate(r.table(), rules=rules)
    assert report.ok, [i.message for i in report.errors]
    ruled = Scenario.from_dict(
        {
            "name": "x",
            "base": "embedded",
            "max_plot_ratio": 3.0,
            "min_share_pct": {"wet_lab_mfg": 50},
        }
    )
    s = sweep(ruled, n=50_000, total_range_m2=(5e5, 1.6e6), seed=3).samples
    assert s[s.feasible].total_gfa_m2.max() <= r.total_gfa_m2


def test_shadow_prices_predict_the_gain_from_relaxing_a_constraint():
    con = small(max_plot_ratio=None, min_pct=np.array([70.0, np.nan, np.nan]))
    r = solve(constraints=con)
    prices = r.constraints.shadow_price
    assert prices["capacity:z1"] > 0 and prices["min_share:a"] > 0
    cap = CAP.copy()
    cap[0] += 1.0  # one more m² of capacity in z1
    gain = solve(constraints=replace(con, capacity_m2=cap)).total_gfa_m2 - r.total_gfa_m2
    assert gain == pytest.approx(prices["capacity:z1"], rel=1e-6)
    lowered = solve(constraints=replace(con, min_pct=np.array([69.99, np.nan, np.nan])))
    assert lowered.total_gfa_m2 - r.total_gfa_m2 == pytest.approx(
        0.01 * prices["min_share:a"], rel=1e-3
    )
    assert prices["capacity:z2"] == 0  # not binding: no gain
    # the plot ratio binds in the default small case: 100 m² of site per 1.0 of plot ratio
    r = solve(constraints=small())
    assert r.constraints.shadow_price["plot_ratio"] == pytest.approx(SITE)
    assert solve(constraints=small(max_plot_ratio=MAX_PR + 0.01)).total_gfa_m2 == pytest.approx(
        r.total_gfa_m2 + 0.01 * SITE
    )


def test_infeasible_names_the_conflicting_constraints():
    r = solve("table-3-1", min_share_pct={"wet_lab_mfg": 80}, min_total_gfa_m2=1_200_000)
    assert r.status == "infeasible" and not r.ok
    assert r.message.startswith("infeasible: min share of wet_lab_mfg")
    assert "conflicts with" in r.message and "total GFA >= 1,200,000 m²" in r.message
    assert "capacity of zones" in r.message and "life_health" in r.message
    assert set(r.conflicts) >= {"min_share:wet_lab_mfg", "total:total GFA >= 1,200,000 m²"}
    # without either of the user's two rules, an allocation exists
    assert solve("table-3-1", min_total_gfa_m2=1_200_000).ok
    assert solve("table-3-1", min_share_pct={"wet_lab_mfg": 80}).ok
    # and with more room in the wet-lab zones as well
    ruled = Scenario.from_dict(
        {"name": "x", "base": "embedded", "min_share_pct": {"wet_lab_mfg": 80}}
    )
    con = Constraints.from_scenario(ruled)
    cap = con.capacity_m2.copy()
    for z in ("life_health", "new_tech_mfg", "clinical_trial", "batch1_dev"):
        cap[con.zone_ids.index(z)] *= 3
    assert solve(constraints=replace(con, capacity_m2=cap), min_total_gfa_m2=1_200_000).ok


def test_min_shares_over_100_percent_allow_no_allocation():
    r = solve("table-3-1", min_share_pct={"wet_lab_mfg": 80, "uir": 30})
    assert r.status == "infeasible"
    assert set(r.conflicts) == {
        "min_share:wet_lab_mfg",
        "min_share:uir",
        "total:a positive total GFA",
    }


def test_a_target_total_beyond_the_envelope_is_infeasible():
    r = solve("table-3-1", objective="target", total_gfa_m2=2_000_000)
    assert r.status == "infeasible" and "total GFA = 2,000,000 m²" in r.message


def test_bad_arguments():
    with pytest.raises(InputError, match="unknown objective"):
        solve("table-3-1", objective="min_cost")
    with pytest.raises(InputError, match="sums to 100"):
        solve("table-3-1", objective="target", target_pct={"wet_lab_mfg": 90})
    with pytest.raises(InputError, match="unknown use 'wet'"):
        solve("table-3-1", min_share_pct={"wet": 10})


def test_cli_solve():
    from cli import main

    runner = CliRunner()
    r = runner.invoke(main, ["solve"], catch_exceptions=False)
    assert r.exit_code == 0 and "largest valid total GFA" in r.stdout
    r = runner.invoke(
        main,
        ["solve", "--min-share", "wet_lab_mfg=80", "--min-total", "1200000"],
        catch_exceptions=False,
    )
    assert r.exit_code == 1 and "conflicts with" in r.stdout
    r = runner.invoke(
        main,
        [
            "solve",
            "--objective",
            "target",
            "--target",
            "wet_lab_mfg=44",
            "--target",
            "dry_lab_office=30",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    data = json.loads(r.stdout)
    assert data["status"] == "optimal" and data["distance_pct"] > 0
    r = runner.invoke(main, ["solve", "--min-share", "wet_lab_mfg"])
    assert r.exit_code == 2 and "USE=NUMBER" in r.output


# ------------------------------------------------------------ shadow prices that hold (item 8)
def test_life_and_health_capacity_is_priced_at_what_raising_its_coverage_gains():
    """Raising Life & Health's coverage 0.45 -> 0.46 adds capacity; the envelope spreads wet
    labs over their zones in proportion to capacity, so the optimum rises by exactly as much:
    1.00 m² per m², not the 2.67 HiGHS's degenerate marginal once said."""
    sc = load_scenario("table-3-1")
    env = sc.envelope()
    con = Constraints.from_envelope(env, sc.to_rules(), sc.project.use_names())
    r = solve(constraints=con)
    z = env.zone_ids.index("life_health")
    assert env.site_coverage[z] == pytest.approx(0.45)
    cap = env.capacity_m2.copy()
    cap[z] *= 0.46 / 0.45  # coverage 0.45 -> 0.46
    added = cap[z] - env.capacity_m2[z]
    assert added == pytest.approx(7_407, abs=1)
    raised = Constraints.from_envelope(replace(env, capacity_m2=cap), sc.to_rules())
    gain = solve(constraints=raised).total_gfa_m2 - r.total_gfa_m2
    row = r.constraints.loc["capacity:life_health"]
    assert gain == pytest.approx(added, rel=1e-6)  # exactly 1.00 m² per m²
    assert row.shadow_price == pytest.approx(gain / added, rel=1e-6)
    assert row.holds_from <= row.rhs and row.rhs + added <= row.holds_to  # within its range


def test_every_price_reported_holds_when_the_limit_is_moved_within_its_range():
    sc = load_scenario("table-3-1")
    env = sc.envelope()
    con = Constraints.from_envelope(env, sc.to_rules(), sc.project.use_names())
    r = solve(constraints=con)
    for name, row in r.binding.iterrows():
        if not np.isfinite(row.shadow_price):
            continue
        z = env.zone_ids.index(name.split(":", 1)[1])
        for new in (row.holds_from, (row.rhs + row.holds_to) / 2):
            cap = env.capacity_m2.copy()
            cap[z] = new
            moved = Constraints.from_envelope(replace(env, capacity_m2=cap), sc.to_rules())
            moved = solve(constraints=moved)
            change = moved.total_gfa_m2 - r.total_gfa_m2
            assert change == pytest.approx(row.shadow_price * (new - row.rhs), rel=2e-3), name


def test_a_price_that_does_not_hold_both_ways_is_not_reported():
    """One use split half and half over two zones of 100 m² each (fixed, not by capacity):
    both bind; raising one alone gains nothing, lowering it loses 2 m² per m². HiGHS gives
    one of many valid marginals; no single price holds, so none is shown."""
    con = Constraints(
        use_ids=["a"],
        zone_ids=["z1", "z2"],
        allocation=np.array([[0.5, 0.5]]),
        capacity_m2=np.array([100.0, 100.0]),
        site_area_m2=100.0,
        max_plot_ratio=None,
        min_pct=np.array([np.nan]),
        max_pct=np.array([np.nan]),
        zone_names={},
        use_names={},
    )
    r = solve(constraints=con)
    assert r.total_gfa_m2 == pytest.approx(200)
    for z in ("z1", "z2"):
        row = r.constraints.loc[f"capacity:{z}"]
        assert np.isnan(row.shadow_price) and np.isnan(row.holds_from)
        assert row.gain_if_relaxed == pytest.approx(0.0, abs=1e-9)  # raising one alone: nothing
    raised = solve(constraints=replace(con, capacity_m2=np.array([110.0, 100.0])))
    assert raised.total_gfa_m2 == pytest.approx(200)


def test_solve_is_written_as_planners_write_it_and_json_keeps_full_precision():
    from cli import main

    run = CliRunner()
    table = run.invoke(main, ["solve", "--lang", "en"], env={"COLUMNS": "200"}).stdout
    rows = [r for r in table.splitlines() if r.startswith("│ wet_lab_mfg")]
    cells = [c.strip() for c in rows[0].strip("│ ").split("│")]
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", cells[2]), cells  # m² to the unit
    assert re.fullmatch(r"\d+\.\d%", cells[3]), cells  # one way of writing a share: 57.6%
    csv = run.invoke(main, ["solve", "--format", "csv", "--lang", "en"]).stdout.splitlines()
    assert csv[0] == "Use id,Name (English),GFA (m²),Share"
    gfa, share = csv[1].split(",")[-2:]
    assert float(gfa).is_integer() and len(share.split(".")[1]) == 1
    full = json.loads(run.invoke(main, ["solve", "--format", "json"]).stdout)
    assert not float(full["uses"][0]["gfa_m2"]).is_integer()


def test_sweep_frontier_headers_are_words_with_units():
    from cli import main

    out = CliRunner().invoke(main, ["sweep", "-n", "300", "--lang", "en"], env={"COLUMNS": "250"})
    assert "Largest total GFA the split can hold (m²)" in out.stdout
    assert "Share of wet_lab_mfg from (%)" in out.stdout
    assert "gfa m2" not in out.stdout.lower() and "Max total" not in out.stdout
    assert not re.search(r"\d,\d{3}\.\d\d\b", out.stdout)  # no m² to 0.01
