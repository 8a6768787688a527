"""``cli_rules``: --plausible-plot-ratio on validate, --strict on scenarios check and compare
(issue 17 leftovers)."""

from __future__ import annotations

import json

from click.testing import CliRunner

import cli


def _warned(args: list[str]) -> list[str]:
    r = CliRunner().invoke(cli.main, ["validate", *args, "--format", "json"])
    assert r.exit_code == 0, r.output[-2000:]
    report = json.loads(r.stdout)
    return [i["message"] for i in report["issues"] if i["check"] == "zone.implausible_plot_ratio"]


def test_plausible_plot_ratio_is_a_flag_of_validate():
    # Table 3.1 on Loop Phase 1: small_urban_living 11.0 and ai_data 14.1 are above 10
    assert len(_warned([])) == 2
    assert [m.split("'")[1] for m in _warned(["--plausible-plot-ratio", "12"])] == ["ai_data"]
    assert _warned(["--plausible-plot-ratio", "15"]) == []


def test_plausible_plot_ratio_must_be_above_zero():
    r = CliRunner().invoke(cli.main, ["validate", "--plausible-plot-ratio", "0"])
    assert r.exit_code == 2 and "--plausible-plot-ratio must be a finite number > 0" in r.stderr


def test_scenarios_check_strict_fails_a_partial_pass():
    r = CliRunner().invoke(cli.main, ["scenarios", "check", "table-3-1"])
    assert r.exit_code == 0 and "Verdict: PASS (site and zones; partial" in r.stdout
    r = CliRunner().invoke(cli.main, ["scenarios", "check", "table-3-1", "--strict"])
    assert r.exit_code == 1 and "Verdict: FAIL (strict: partial result" in r.stdout


def test_compare_strict_exits_one_when_a_scenario_is_partial():
    args = ["compare", "table-3-1", "baseline-540k", "--format", "csv"]
    assert CliRunner().invoke(cli.main, args).exit_code == 0
    r = CliRunner().invoke(cli.main, [*args, "--strict"])
    assert r.exit_code == 1 and "FAIL" in r.stdout
