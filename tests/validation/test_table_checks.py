"""Checking GFA allocation tables (gis.validation.table_checks): does every broken table say
what is wrong?"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gis.errors import TableError
from gis.report import Issue, ValidationReport
from gis.tables.table import read_allocation_table
from gis.tables.uses import USES
from gis.validation.table_checks import CHECKS, check_table

CORPUS = Path(__file__).parents[1] / "data" / "tables"
FIXTURE_FILES = sorted(
    p.name
    for p in CORPUS.iterdir()
    if p.name not in ("README.md", "make_fixtures.py") and not p.name.startswith(".")
)


def documented() -> dict[str, tuple[str, int]]:
    """file -> (expected, exit) from the tables of the corpus README."""
    rows = {}
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([^`]+)` \|.*\| (.+?) \| (\d) \|$", line)
        if m:
            rows[m.group(1)] = (m.group(2), int(m.group(3)))
    return rows


DOCUMENTED = documented()


def outcome(path: Path, **kwargs: object) -> tuple[list[Issue] | TableError, int]:
    """What the CLI would see: the issues (or the TableError) and the exit code."""
    try:
        table = read_allocation_table(path)
    except TableError as err:
        return err, 2
    issues = check_table(table, **kwargs)
    if any(i.severity == "error" for i in issues):
        return issues, 1
    no_gfa = table.total_gfa_m2() is None and table.rows.gfa_m2.isna().all()
    return issues, 4 if no_gfa else 0  # no GFA at all: nothing can be judged (INCOMPLETE)


# --- the corpus ------------------------------------------------------------------------------


def test_every_corpus_file_is_documented_and_every_documented_file_exists():
    assert sorted(DOCUMENTED) == FIXTURE_FILES
    assert len(DOCUMENTED) >= 30


def test_corpus_has_at_least_15_broken_tables():
    assert sum(code > 0 for _, code in DOCUMENTED.values()) >= 15


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_corpus_file_gives_its_documented_result(name):
    expected, exit_code = DOCUMENTED[name]
    result, code = outcome(CORPUS / name)
    assert code == exit_code
    if expected.startswith("TableError"):
        fragment = re.search(r'"(.+)"', expected).group(1)
        assert isinstance(result, TableError) and fragment in str(result)
        assert name in str(result) and "\n" not in str(result)
    else:
        ids = set(re.findall(r"table\.[a-z_]+", expected))
        assert ids <= set(CHECKS), ids - set(CHECKS)
        assert {i.check for i in result} == ids, [i.message for i in result]


def test_table_3_1_seed_passes_with_no_issue_even_against_the_phase_1_total():
    table = read_allocation_table(CORPUS / "table_3_1_seed.tsv")
    assert check_table(table) == []
    assert check_table(table, total_gfa_m2=1_000_000) == []


def test_table_3_1_against_the_original_540_000_m2_design_fails_once_not_per_row():
    issues = check_table(read_allocation_table(CORPUS / "table_3_1_seed.tsv"), total_gfa_m2=540_000)
    assert [i.check for i in issues] == ["table.gfa_sum"]
    assert "1,000,000" in issues[0].message and "540,000" in issues[0].message


def test_a_gfa_that_disagrees_with_its_share_names_row_use_expected_and_found():
    issues = check_table(read_allocation_table(CORPUS / "gfa_share_mismatch.csv"))
    uir = next(i for i in issues if i.row == 3)
    assert uir.check == "table.row_gfa_share" and uir.column == "gfa_m2"
    assert "University-industry-research base" in uir.message and "line 4" in uir.message
    assert "100,000" in uir.message and "50,000" in uir.message
    assert (uir.value, uir.expected) == (100_000, 50_000)


def test_duplicate_use_names_both_rows():
    [issue] = check_table(read_allocation_table(CORPUS / "duplicate_use.csv"))
    assert "row 2 ('Dry labs'" in issue.message and "row 3 ('Offices'" in issue.message
    assert issue.row == 3


def test_duplicates_of_unknown_uses_are_found_by_name():
    table = read_allocation_table("Use\tShare\nData centre\t50%\ndata  centre\t50%\n")
    checks = {i.check for i in check_table(table)}
    assert checks == {"table.unknown_use", "table.duplicate_use", "table.share_only"}


def test_all_problems_are_collected_not_only_the_first():
    text = (
        "Use\tShare\tGFA\nWet labs\t52%\tTBC\nOffices\t-22%\t220,000\nOffices\t\t50,000\n"
        "Data centre\t10%\t100,000\nMixed use\t11%\t110,000\n"
    )
    checks = [i.check for i in check_table(read_allocation_table(text))]
    for check in (
        "table.not_a_number",
        "table.negative_value",
        "table.missing_value",
        "table.duplicate_use",
        "table.unknown_use",
    ):
        assert check in checks


def test_every_issue_has_a_known_id_its_severity_and_a_rule_source():
    for name in DOCUMENTED:
        result, _ = outcome(CORPUS / name)
        for issue in [] if isinstance(result, TableError) else result:
            assert issue.severity == CHECKS[issue.check][0]
            assert issue.source and issue.message


def test_a_share_only_table_says_how_gfa_is_derived_when_a_total_is_given():
    table = read_allocation_table(CORPUS / "share_only.csv")
    [issue] = check_table(table, total_gfa_m2=1_000_000)
    assert issue.check == "table.share_only" and "1,000,000" in issue.message


def test_a_wrong_total_row_against_a_given_total_is_reported():
    table = read_allocation_table(CORPUS / "wrong_total_row.csv")
    issues = check_table(table, total_gfa_m2=1_000_000)
    assert [i.check for i in issues] == ["table.gfa_sum"]
    assert "1,100,000" in issues[0].message


def test_tolerances_are_the_callers():
    table = read_allocation_table(CORPUS / "shares_99.tsv")
    assert check_table(table, share_tol_pct=1.0, gfa_tol_frac=0.011) == []


def test_checking_does_not_modify_the_table():
    table = read_allocation_table(CORPUS / "ha_one_row.csv")
    before = table.rows.copy()
    check_table(table, total_gfa_m2=1_000_000)
    assert table.rows.equals(before)


def test_issues_feed_a_validation_report():
    report = ValidationReport(
        issues=check_table(read_allocation_table(CORPUS / "negative_gfa.csv"))
    )
    assert not report.ok and report.checks() == {"table.negative_value", "table.gfa_sum"}


def test_every_check_is_documented_in_the_corpus_readme():
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert {c for c in CHECKS if c not in readme} == set()


# --- properties ------------------------------------------------------------------------------

NAMES = [[u.name_en, u.name_zh, u.aliases[0]] for u in USES]
EXTRA = ["Data centre", "Fire station", "Sports hall"]  # unknown uses: warnings, never errors
FULLWIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789%,."}


@st.composite
def consistent_tables(draw: st.DrawFn) -> dict:
    """2-8 uses whose shares sum to 100 and whose GFA is share × total."""
    n = draw(st.integers(2, 8))
    tenths = draw(st.booleans())
    scale = 1000 if tenths else 100
    cuts = sorted(draw(st.sets(st.integers(1, scale - 1), min_size=n - 1, max_size=n - 1)))
    shares = [(b - a) * 100 / scale for a, b in zip([0, *cuts], [*cuts, scale], strict=True)]
    total = draw(st.integers(100, 10_000)) * 1_000
    names = [draw(st.sampled_from(v)) for v in NAMES] + EXTRA
    order = draw(st.permutations(range(len(names))))
    return {
        "names": [names[i] for i in order[:n]],
        "shares": shares,
        "gfa": [round(s * total / 100) for s in shares],
        "total": total,
    }


formats = st.fixed_dictionaries(
    {
        "layout": st.sampled_from(["tsv", "csv", "semicolon", "markdown", "spaces"]),
        "sep": st.sampled_from([",", " ", ""]),
        "fullwidth": st.booleans(),
        "pct": st.booleans(),
        "zh_header": st.booleans(),
        "total_row": st.sampled_from([None, "Total", "合計", "總計"]),
        "as_bytes": st.booleans(),
    }
)


def render(table: dict, fmt: dict) -> str | bytes:
    """Write a table the way a planner might paste it."""

    def num(x: float, pct: bool = False) -> str:
        text = f"{x:,.1f}" if x != int(x) else f"{int(x):,}"
        text = text.replace(",", fmt["sep"]) + ("%" if pct and fmt["pct"] else "")
        return text.translate(FULLWIDTH) if fmt["fullwidth"] else text

    header = (
        ["用途規劃", "百分比", "總樓面面積（平方米）"]
        if fmt["zh_header"]
        else ["Use", "Share (%)", "GFA (m²)"]
    )
    rows = [
        [n, num(s, True), num(g)]
        for n, s, g in zip(table["names"], table["shares"], table["gfa"], strict=True)
    ]
    if fmt["total_row"]:
        rows.append([fmt["total_row"], num(100, True), num(table["total"])])
    layout = fmt["layout"]
    if layout == "markdown":
        text = "".join(f"| {' | '.join(r)} |\n" for r in [header, ["---", "--:", "--:"], *rows])
    elif layout == "spaces":
        text = "".join("   ".join(r) + "\n" for r in [header, *rows])
    else:
        buf = io.StringIO()
        delimiter = {"tsv": "\t", "csv": ",", "semicolon": ";"}[layout]
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
        text = buf.getvalue()
    return text.encode("utf-8-sig") if fmt["as_bytes"] else text


def errors(issues: list[Issue]) -> set[str]:
    return {i.check for i in issues if i.severity == "error"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), formats)
def test_consistent_tables_in_any_format_parse_and_pass(table, fmt):
    t = read_allocation_table(render(table, fmt))
    assert t.rows["share_pct"].tolist() == pytest.approx(table["shares"])
    assert t.rows["gfa_m2"].tolist() == pytest.approx(table["gfa"])
    assert errors(check_table(t)) == set()
    assert errors(check_table(t, total_gfa_m2=table["total"])) == set()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), formats, st.data())
def test_one_share_off_beyond_tolerance_is_caught(table, fmt, data):
    i = data.draw(st.integers(0, len(table["names"]) - 1))
    delta = data.draw(st.floats(0.6, 30).map(lambda d: round(d, 1)))
    shares = list(table["shares"])
    shares[i] += delta if shares[i] < delta or data.draw(st.booleans()) else -delta
    t = read_allocation_table(render({**table, "shares": shares}, fmt))
    assert "table.shares_sum" in errors(check_table(t))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), formats, st.data())
def test_one_gfa_off_beyond_tolerance_is_caught(table, fmt, data):
    i = data.draw(st.integers(0, len(table["names"]) - 1))
    delta = round(data.draw(st.floats(0.0051, 0.5)) * table["total"]) + 1
    gfa = list(table["gfa"])
    gfa[i] += delta if gfa[i] < delta or data.draw(st.booleans()) else -delta
    t = read_allocation_table(render({**table, "gfa": gfa}, fmt))
    given_total = None if fmt["total_row"] else table["total"]
    found = errors(check_table(t, total_gfa_m2=given_total))
    assert "table.gfa_sum" in found
    assert found <= {"table.gfa_sum", "table.row_gfa_share"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_tables(), formats, st.data())
def test_a_dropped_row_is_caught(table, fmt, data):
    big = [j for j, s in enumerate(table["shares"]) if s > 0.5]  # beyond both tolerances
    i = data.draw(st.sampled_from(big))
    dropped = {k: [v for j, v in enumerate(table[k]) if j != i] for k in ("names", "shares", "gfa")}
    t = read_allocation_table(render({**table, **dropped}, fmt))
    found = errors(check_table(t, total_gfa_m2=table["total"]))
    assert {"table.shares_sum", "table.gfa_sum"} <= found


def test_a_misspelt_use_is_warned_with_the_closest_use_in_both_languages():
    t = read_allocation_table("Use\tShare (%)\nTalent apartmnts\t60\nWet labs\t40\n")
    warning = next(i for i in check_table(t) if i.check == "table.unknown_use")
    assert warning.message.endswith(
        "'Talent apartmnts' is not a known use category (did you mean talent_housing "
        "(Talent apartments & visitor accommodation / 人才公寓及訪客住所)?)"
    )
    far = read_allocation_table("Use\tShare (%)\nQuantum foam\t60\nWet labs\t40\n")
    warning = next(i for i in check_table(far) if i.check == "table.unknown_use")
    assert "did you mean" not in warning.message and "; expected one of Wet labs" in warning.message
