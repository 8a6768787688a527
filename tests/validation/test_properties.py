"""Properties of the readers and checks, over generated inputs (hypothesis): whatever a planner
pastes, the answer is a table or one InputError, never a traceback; a consistent table always
passes; a stated limit is never reported as met when it is not.

Sizes are bounded and ``deadline=None``: speed is measured in bench/, not here.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import gis
from gis.errors import InputError, TableError
from gis.io.yaml_lines import load_with_lines
from gis.tables.table import parse_number, read_allocation_table
from gis.tables.uses import USES
from gis.validation.table_checks import check_table

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = {
    "m2": "GFA (m²)",
    "ha": "GFA (ha)",
    "wan_m2": "總樓面面積（萬平方米）",
    "sqft": "GFA (sq ft)",
    "k_m2": "GFA ('000 m²)",
    "wan_sqft": "總樓面面積（萬平方呎）",
    "acre": "GFA (acres)",
    "km2": "GFA (km²)",
}
#: Square metres in one of each unit, written out here (not taken from the reader's own table,
#: which a test built from it could never catch wrong): 1 sq ft = 0.3048² m² exactly,
#: 1 acre = 43,560 sq ft, 萬 = 10,000.
M2_PER_UNIT = {
    "m2": 1.0,
    "ha": 10_000.0,
    "wan_m2": 10_000.0,
    "k_m2": 1_000.0,
    "km2": 1_000_000.0,
    "sqft": 0.09290304,
    "wan_sqft": 929.0304,
    "acre": 4_046.8564224,
}


@st.composite
def consistent_tables(draw):
    """A table whose shares sum to 100 and whose GFA is share × total, in some unit and layout."""
    k = draw(st.integers(2, len(USES)))
    uses = draw(st.permutations(USES))[:k]
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=k - 1, max_size=k - 1, unique=True)))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    total = draw(st.integers(100, 5_000)) * 1_000.0
    unit = draw(st.sampled_from(sorted(HEADERS)))
    delimiter = draw(st.sampled_from(["\t", ";", "|"]))
    names = [draw(st.sampled_from([u.name_en, u.name_zh])) for u in uses]
    lines = [["Use", "Share (%)", HEADERS[unit]]]
    for name, share in zip(names, shares, strict=True):
        lines.append([name, f"{share}%", f"{share / 100 * total / M2_PER_UNIT[unit]:.10f}"])
    text = "\n".join(delimiter.join(cells) for cells in lines)
    if delimiter == "|":
        text = "\n".join(f"| {line} |" for line in text.splitlines())
    return text, [u.id for u in uses], [s / 100 * total for s in shares], total


@FAST
@given(consistent_tables())
def test_a_consistent_table_in_any_unit_reads_back_in_m2_and_passes(case):
    text, use_ids, gfa_m2, total = case
    table = read_allocation_table(text)
    assert table.rows["use_id"].tolist() == use_ids
    assert table.rows["gfa_m2"].tolist() == pytest.approx(gfa_m2, rel=1e-6)
    errors = [i for i in check_table(table, total_gfa_m2=total) if i.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("unit", sorted(M2_PER_UNIT))
def test_one_of_each_area_unit_is_its_square_metres(unit):
    text = f"Use\t{HEADERS[unit]}\nDry labs and offices\t1\nTalent accommodation\t2.5\n"
    table = read_allocation_table(text)
    assert table.rows["gfa_m2"].tolist() == pytest.approx(
        [M2_PER_UNIT[unit], 2.5 * M2_PER_UNIT[unit]], rel=1e-12
    )


@pytest.mark.parametrize(
    ("cell", "m2"),
    [
        ("1 萬平方呎", 929.0304),
        ("1 sq ft", 0.09290304),
        ("1 acre", 4_046.8564224),
        ("1 ha", 10_000.0),
        ("1 萬平方米", 10_000.0),
        ("1 km²", 1_000_000.0),
    ],
)
def test_a_unit_written_in_the_cell_converts_by_its_square_metres(cell, m2):
    text = f"Use\tGFA\nDry labs and offices\t{cell}\nTalent accommodation\t{cell}\n"
    assert read_allocation_table(text).rows["gfa_m2"].tolist() == pytest.approx([m2, m2])


@FAST
@given(st.text(max_size=400))
@example("\r0")  # a stray carriage return once ended in csv.Error
def test_any_pasted_text_is_a_table_or_one_table_error(text):
    try:
        read_allocation_table(text + "\n")
    except TableError as err:
        assert "\n" not in str(err)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_are_a_table_or_one_table_error(data):
    try:
        read_allocation_table(data)
    except TableError as err:
        assert "\n" not in str(err)


@FAST
@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=True), st.integers()))
def test_any_cell_parses_to_a_value_and_a_verdict(raw):
    value, _, ok = parse_number(raw)
    assert isinstance(value, float) and (ok or math.isnan(value))


@FAST
@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "max_plot_ratio",
            "floor_to_floor_m",
            "share_tol_pct",
            "gfa_tol_frac",
            "total_gfa_m2",
            "site_coverage",
        ]
    ),
)
def test_rules_hold_only_finite_values_in_range(value, name):
    try:
        rules = gis.Rules(**{name: value})
    except InputError as err:
        assert name in str(err) and "\n" not in str(err)
    else:
        held = getattr(rules, name)
        assert math.isfinite(held) and held >= 0


@FAST
@given(st.text(alphabet="ab:-[]{}&*!, \n'\"#|>", max_size=300))
def test_any_yaml_text_loads_or_gives_one_error(text):
    def fail(problem, line, path):
        return InputError(problem, "s.yaml", f"line {line}" if line else None)

    try:
        load_with_lines(text, "s.yaml", fail)
    except InputError as err:
        assert "\n" not in str(err)


@SLOW
@given(st.floats(0.5, 4.0), st.integers(500, 1_500))
def test_a_plot_ratio_cap_is_never_reported_met_when_it_is_not(cap, total_k):
    total = total_k * 1_000.0
    table_3_1 = gis.load_table("loop.gfa_phase1")
    text = "Use\tShare\tGFA\n" + "\n".join(
        f"{use_id}\t{s}%\t{s / 100 * total}"
        for use_id, s in zip(table_3_1.use_id, table_3_1.share_pct.astype(float), strict=True)
    )
    report = gis.validate(text, rules=gis.Rules(max_plot_ratio=cap))
    exceeded = any(i.check == "site.plot_ratio_exceeded" for i in report.issues)
    assert exceeded == (report.summary["gross_plot_ratio"] > cap + 1e-9)
    if exceeded:
        assert not report.ok
