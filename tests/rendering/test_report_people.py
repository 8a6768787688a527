"""Residents, workers and the provision table in every format of a validation report."""

from __future__ import annotations

import json

import pytest

import gis
import maps


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    return gis.validate(provision=True)


def test_markdown_and_html_show_the_provision_table_with_need_provided_and_source(report):
    for fmt in ("markdown", "html"):
        text = maps.render_report(report, fmt)
        assert "People and provision (HKPSG)" in text, fmt
        assert "District open space" in text and "HKPSG Chapter 4" in text, fmt
        assert "5,455 (4,667-7,000); 21,733" in text, fmt  # residents (range); workers


def test_json_carries_residents_workers_and_one_provision_row_per_standard(report):
    d = json.loads(maps.render_report(report, "json"))
    assert round(d["summary"]["residents"]) == 5455 and round(d["summary"]["workers"]) == 21733
    rows = {r["standard"]: r for r in d["provision"]}
    assert len(rows) == len(gis.people.STANDARD_IDS)
    assert rows["open_space_total"]["ran"] and not rows["childrens_playground"]["ran"]


def test_the_chinese_report_names_the_residents_and_the_standards_in_chinese(report):
    text = maps.render_report(report, "markdown", lang="zh")
    assert "人口及設施供應" in text and "地區休憩用地" in text and "居民" in text
    assert "| 公頃 " in text and "| 標準 " in text  # unit and status in Chinese


def test_a_report_without_people_has_no_provision_section():
    text = maps.render_report(gis.validate(), "markdown")
    assert "People and provision" not in text
    assert "provision" not in json.loads(maps.render_report(gis.validate(), "json"))
