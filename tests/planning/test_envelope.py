"""The envelope as small pure functions: storeys, floor area, capacity, and the weight rule."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from shapely.geometry import box

from gis.errors import InputError, ScenarioError
from gis.planning.envelope import (
    EnvelopeOptions,
    build_envelope,
    capacity_m2,
    floor_area_m2,
    storeys_under,
    weight_problem,
)
from gis.scenarios import Scenario

HK1980 = "EPSG:2326"


def two_zones(**columns) -> gpd.GeoDataFrame:
    data = {"zone_id": ["a", "b"], "site_coverage": [0.5, 0.4], **columns}
    return gpd.GeoDataFrame(data, geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)], crs=HK1980)


def test_floor_area_is_land_times_the_storeys_under_the_limit():
    # 14 mPD holds 2 storeys and 208 mPD 40 (§3.1.4)
    assert floor_area_m2([1_000, 1_000], [14, 208]).tolist() == [2_000, 40_000]
    assert floor_area_m2(500, 35, floor_to_floor_m=4.0, ground_mpd=3.0) == 500 * 8
    assert floor_area_m2(500, 35, 4.0, 3.0) == 500 * storeys_under(35, 4.0, 3.0)


def test_capacity_sums_the_pieces_of_each_zone_times_its_coverage():
    got = capacity_m2([0, 1, 0], [1_000, 2_000, 3_000], [0.5, 0.25])
    assert got.tolist() == [0.5 * 4_000, 0.25 * 2_000]
    assert capacity_m2([1], [100], [0.5, 0.5]).tolist() == [0, 50]  # a zone with no piece


def test_options_and_keyword_overrides_build_the_same_envelope():
    zones = two_zones(height_mpd=[60.0, 100.0])
    by_options = build_envelope(
        zones, options=EnvelopeOptions(floor_to_floor_m=4.0, zone_storeys={"b": 5})
    )
    by_keywords = build_envelope(zones, floor_to_floor_m=4.0, zone_storeys={"b": 5})
    expected = [0.5 * 10_000 * storeys_under(60, 4.0)[()], 0.4 * 10_000 * 5]
    assert by_options.capacity_m2.tolist() == pytest.approx(expected)
    assert by_keywords.capacity_m2.tolist() == by_options.capacity_m2.tolist()
    # a keyword replaces the field of the options it is given with
    mixed = build_envelope(
        zones, options=EnvelopeOptions(floor_to_floor_m=4.0), floor_to_floor_m=8.0
    )
    assert mixed.storeys_max.tolist() == storeys_under([60, 100], 8.0).tolist()


@pytest.mark.parametrize("good", [1, 1.0, 0.4, "0.25", 1e-6])
def test_a_weight_above_0_and_at_most_1_is_valid(good):
    assert weight_problem(good) is None


@pytest.mark.parametrize(
    "bad", [0, 0.0, -0.5, 1.2, "lots", "", None, True, float("nan"), float("inf"), "1e999", 3]
)
def test_a_weight_outside_0_to_1_names_the_rule_and_the_value(bad):
    problem = weight_problem(bad)
    assert problem.startswith("weight must be a number above 0 and at most 1")
    assert problem.endswith(f"found {bad!r}")


def test_the_mapping_csv_refuses_a_weight_of_0_on_its_row(tmp_path):
    import cli

    mapping = tmp_path / "map.csv"
    mapping.write_text("use_id,zone_id,weight\nuir,uir,1\nuir,ai_data,0\n", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", "--use-zones", str(mapping)])
    assert r.exit_code == 2
    assert "map.csv: row 3: weight must be a number above 0 and at most 1" in r.stderr
    assert "found 0" in r.stderr


@pytest.mark.parametrize("weight", ["0", "1.5", "-1"])
def test_the_scenario_schema_refuses_the_same_weights_on_their_line(tmp_path, weight):
    p = tmp_path / "s.yaml"
    p.write_text(
        f"name: x\nbase: embedded\nuse_zones:\n  uir: {{uir: 1, ai_data: {weight}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        Scenario.from_yaml(p)
    msg = str(info.value)
    assert (
        "line 4, key 'use_zones.uir.ai_data': weight must be a number above 0 and at most 1" in msg
    )


def test_an_integer_beyond_any_float_is_refused_not_a_crash():
    assert weight_problem(10**400).endswith("found 1000000000000000000000000000000000000...")


def test_a_mapping_given_in_code_meets_the_same_rule():
    mapping = pd.DataFrame({"use_id": ["x"], "zone_id": ["a"], "weight": [2.0]})
    with pytest.raises(InputError, match=r"use 'x', zone 'a': weight must be a number above 0"):
        build_envelope(two_zones(storeys=[3, 3]), use_zones=mapping)
    ok = build_envelope(two_zones(storeys=[3, 3]), use_zones=mapping.assign(weight=0.5))
    assert np.array_equal(ok.weights, [[0.5, 0.0]])


def test_a_storeys_cap_lowers_a_zone_and_never_raises_it():
    # a, b: 1 ha at 10 storeys; coverage 0.5 and 0.4
    zones = two_zones(storeys=[10, 10])
    base = [0.5 * 10_000 * 10, 0.4 * 10_000 * 10]
    assert build_envelope(zones).capacity_m2.tolist() == pytest.approx(base)
    raised = build_envelope(zones, zone_storeys={"a": 100})
    assert raised.capacity_m2.tolist() == pytest.approx(base)
    lowered = build_envelope(zones, zone_storeys={"a": 4})
    assert lowered.capacity_m2.tolist() == pytest.approx([0.5 * 10_000 * 4, base[1]])


def test_a_height_cap_lowers_a_zone_and_never_raises_it():
    zones = two_zones(height_mpd=[60.0, 100.0])
    base = build_envelope(zones)
    high = build_envelope(zones, zone_height_mpd={"a": 500.0})
    assert high.storeys_max.tolist() == base.storeys_max.tolist()
    assert high.capacity_m2.tolist() == pytest.approx(base.capacity_m2.tolist())
    low = build_envelope(zones, zone_height_mpd={"a": 30.0})
    assert low.storeys_max.tolist() == [storeys_under(30.0)[()], base.storeys_max[1]]


@pytest.mark.parametrize("percent", [40, 1.5, -0.1])
def test_a_site_coverage_written_as_a_percent_is_refused_not_multiplied(percent):
    # 1 ha at 10 storeys with coverage 40 would hold 4,000,000 m²; 0.4 holds 40,000 m²
    zones = gpd.GeoDataFrame(
        {"zone_id": ["a"], "site_coverage": [percent], "storeys": [10]},
        geometry=[box(0, 0, 100, 100)],
        crs=HK1980,
    )
    with pytest.raises(InputError, match=r"zone 'a': site_coverage must be between 0 and 1"):
        build_envelope(zones)
    fine = build_envelope(zones.assign(site_coverage=0.4))
    assert fine.capacity_m2.tolist() == pytest.approx([40_000])


def test_a_height_below_ground_holds_no_storey_not_a_negative_one():
    assert storeys_under([0.0, -10.0, 3.0]).tolist() == [0, 0, 0]
    assert floor_area_m2(1_000, -10.0).tolist() == 0
