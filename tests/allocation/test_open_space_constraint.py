"""The provision constraint in sweep and solve: open space per resident on the zones.

Hand figures: the open space of loop.zones (the schematic open_space zone) is S m²; with the
shipped illustrative figures a m² of talent housing houses 3.0 / 55 residents, so at k m² per
resident talent housing may hold at most S × 55 / (3.0 × k) m².
"""

from __future__ import annotations

import numpy as np
import pytest

import gis
from gis.allocation import Constraints
from gis.scenarios import load_scenario


@pytest.fixture(scope="module")
def table31():
    return load_scenario("table-3-1")


def _open_space_m2(sc) -> float:
    zones = sc.project.zones
    return float(gis.io.area_m2(zones[zones.zone_id == "open_space"]).sum())


def test_solve_with_10_m2_per_resident_caps_talent_housing_at_what_the_open_space_allows(table31):
    s = _open_space_m2(table31)
    r = gis.solve("table-3-1", min_open_space_per_person_m2=10.0)
    assert r.ok and "open_space" in r.message
    assert r.uses.loc["talent_housing", "gfa_m2"] == pytest.approx(s * 55 / (3.0 * 10), rel=1e-6)
    assert r.constraints.loc["open_space", "binding"]


def test_the_2_m2_standard_does_not_bind_table_3_1(table31):
    r = gis.solve("table-3-1", min_open_space_per_person_m2=2.0)
    assert not r.constraints.loc["open_space", "binding"]
    assert r.total_gfa_m2 == pytest.approx(gis.solve("table-3-1").total_gfa_m2)


def test_the_sweep_counts_allocations_short_of_open_space(table31):
    con = Constraints.from_scenario(table31).with_open_space(10.0, table31.project.zones)
    shares = np.array([[50.0, 20.0, 5.0, 20.0, 5.0], [50.0, 20.0, 5.0, 2.0, 23.0]])
    ratios, viol = con.evaluate(shares, np.array([1_000_000.0, 1_000_000.0]))
    col = con.names().index("open_space")
    # 200,000 m² × 3/55 residents × 10 m² = 109,091 m² needed > S; 20,000 m²: 10,909 m² < S
    need = np.array([200_000.0, 20_000.0]) * 3.0 / 55.0 * 10.0
    assert ratios[:, col] == pytest.approx(need / _open_space_m2(table31))
    assert list(viol[:, col]) == [True, False]
    result = gis.sweep("table-3-1", 500, min_open_space_per_person_m2=50.0)
    assert result.constraints.loc["open_space", "violated"] > 0
