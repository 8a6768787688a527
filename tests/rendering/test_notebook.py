"""What a notebook shows for a report, comparison, sweep or solve result: compact, escaped,
offline HTML."""

from __future__ import annotations

import dataclasses
import re

import pytest

import gis
import maps

HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}"


def offline_and_safe(html: str) -> None:
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html)


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    return gis.validate()


def test_validation_report_shows_status_failures_and_zones(report: gis.ValidationReport) -> None:
    bad = gis.Issue("site.zone_over_capacity", "error", HOSTILE)
    html = dataclasses.replace(report, issues=[*report.issues, bad])._repr_html_()
    offline_and_safe(html)
    assert "&lt;img src=x onerror=alert(1)&gt;{{ 7*7 }}" in html
    assert "FAIL" in html and "✖" in html and "color:#b00020" in html
    assert "Life &amp; Health Technology" in html and "1 error, 2 warnings" in html  # 2 implausible


def test_comparison_shows_each_scenario_and_the_use_table() -> None:
    html = gis.comparison(["baseline-540k", "table-3-1"])._repr_html_()
    offline_and_safe(html)
    assert "Comparison against baseline-540k" in html and "table-3-1" in html
    assert "<table" in html


def test_sweep_and_solve_results_show_their_tables() -> None:
    sweep = gis.sweep(None, 200)._repr_html_()
    offline_and_safe(sweep)
    assert "200 allocations" in sweep and "Constraints" in sweep
    solve = gis.solve(None)._repr_html_()
    offline_and_safe(solve)
    assert "Allocation" in solve and "<table" in solve


def test_long_tables_are_cut_and_counted(report: gis.ValidationReport) -> None:
    many = [gis.Issue("table.cells", "warning", f"cell {n}") for n in range(20)]
    html = maps.html_card(dataclasses.replace(report, issues=[*report.issues, *many]))
    shown = len(report.issues) + 20 - maps.notebook.MAX_ROWS
    assert f"{shown} more rows" in html and "cell 19" not in html
