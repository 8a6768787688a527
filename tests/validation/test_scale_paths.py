"""The column-at-a-time paths the territory-scale validation takes: they give what the
zone-by-zone paths give (no timing here; speed is measured in bench/)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gis.catalog import layers as catalog
from gis.errors import InputError
from gis.io.layers import HK1980, to_hk1980
from gis.planning.capacity import weight_problem
from gis.planning.envelope import build_envelope
from gis.planning.envelope_parts import weight_matrix
from gis.validation.zone_limits import _split


@pytest.fixture(scope="module")
def zones():
    return catalog.load_layer("loop.zones")


def test_site_coverage_as_one_array_equals_the_same_values_by_zone(zones) -> None:
    bands = catalog.load_layer("loop.height_bands")
    ids = [str(z) for z in zones["zone_id"]]
    values = np.linspace(0.3, 0.6, len(ids))
    by_zone = build_envelope(zones, bands, site_coverage=dict(zip(ids, values, strict=True)))
    as_array = build_envelope(zones, bands, site_coverage=values)
    np.testing.assert_array_equal(as_array.site_coverage, by_zone.site_coverage)
    np.testing.assert_array_equal(as_array.capacity_m2, by_zone.capacity_m2)
    with pytest.raises(InputError, match="site coverage for 2 zones given"):
        build_envelope(zones, bands, site_coverage=np.array([0.4, 0.5]))


@pytest.mark.parametrize("dtype", [float, object])
def test_weight_matrix_reads_a_numeric_column_as_an_object_one(dtype) -> None:
    uz = pd.DataFrame({"use_id": ["a", "b", "a", "c"], "zone_id": ["z1", "z2", "z2", "z1"]}).assign(
        weight=pd.Series([1.0, 0.5, 0.25, 1.0], dtype=dtype)
    )
    uids, w = weight_matrix(uz, ["a", "b"], ["z1", "z2"], weight_problem)
    assert uids == ["a", "b"]
    np.testing.assert_array_equal(w, [[1.0, 0.25], [0.0, 0.5]])  # use c is not in the table
    bad = uz.assign(weight=pd.Series([1.0, 0.0, 0.25, 1.0], dtype=dtype))
    with pytest.raises(InputError, match=r"use 'b', zone 'z2': weight must be .* found 0"):
        weight_matrix(bad, ["a", "b"], ["z1", "z2"], weight_problem)


def test_split_groups_zones_by_source_and_reason_in_first_seen_order() -> None:
    src = pd.Series(["s2", None, "s1", "s2", None], index=list("abcde"))
    gaps = pd.Series([None, "line 3: unknown", None, None, None], index=src.index)
    recs = _split("zone.max_gfa_m2", src, "no rule", gaps=gaps)
    got = [(r.ran, r.scope, r.source if r.ran else r.detail) for r in recs]
    assert got == [
        (True, "zones a, d", "s2"),
        (True, "zone c", "s1"),
        (False, "zone b", "line 3: unknown"),
        (False, "zone e", "no rule"),
    ]


def test_to_hk1980_of_a_layer_already_there_is_a_copy_with_the_same_coordinates(zones) -> None:
    hk = to_hk1980(zones)
    again = to_hk1980(hk)
    assert again is not hk and again.crs.equals(HK1980)
    assert again.geometry.geom_equals_exact(hk.geometry, tolerance=0).all()
    again["zone_id"] = "changed"
    assert (hk["zone_id"] != "changed").all()  # the input is not modified
