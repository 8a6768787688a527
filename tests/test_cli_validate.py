"""`technopole validate` on the whole table corpus: each file gives its documented check and exit.

The expectations are read from tests/data/tables/README.md, the corpus's own documentation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli

DATA = Path(__file__).resolve().parent / "data" / "tables"


def _corpus() -> list[tuple[str, set[str], int]]:
    rows = []
    for line in (DATA / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*`([^`]+)`\s*\|.*\|\s*(.+?)\s*\|\s*(\d)\s*\|\s*$", line)
        if m:
            ids = set(re.findall(r"`(table\.[a-z_]+)`", m.group(2)))
            rows.append((m.group(1), ids, int(m.group(3))))
    return rows


CORPUS = _corpus()


def test_the_corpus_has_at_least_fifteen_broken_tables():
    assert len([c for c in CORPUS if c[2] != 0]) >= 15
    assert all((DATA / name).exists() for name, _, _ in CORPUS)


@pytest.mark.parametrize(("name", "checks", "code"), CORPUS, ids=[c[0] for c in CORPUS])
def test_validate_each_corpus_table(name, checks, code):
    r = CliRunner().invoke(cli.main, ["validate", str(DATA / name), "--format", "json"])
    assert r.exit_code == code, r.output
    if code == 2:
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in r.output
        return
    report = json.loads(r.stdout)
    found = {i["check"] for i in report["issues"]}
    assert checks <= found, (checks, found)
    assert r.stderr.strip().splitlines()[-1].endswith(("errors, 0 warnings", "warnings", "warning"))


def test_default_run_passes_and_prints_plot_ratio_and_zone_capacity():
    r = CliRunner().invoke(cli.main, ["validate"])
    assert r.exit_code == 0, r.output
    assert "gross plot ratio: 2.34" in r.stdout  # 1,000,000 m² on the 42.70 ha Phase 1
    # no source states a plot ratio for Phase 1: the status says the check did not run
    assert "status: PASS (partial:" in r.stdout and "site.max_plot_ratio" in r.stdout
    assert "Life & Health" in r.stdout and "%" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings"


def test_seed_table_pasted_on_stdin():
    text = (DATA / "table_3_1_seed.tsv").read_text(encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", "-", "--total-gfa", "1000000"], input=text)
    assert r.exit_code == 0, r.output


def test_report_formats_and_atomic_out(tmp_path):
    for fmt in ("json", "markdown", "html", "csv"):
        out = tmp_path / f"report.{fmt}"
        r = CliRunner().invoke(cli.main, ["validate", "--format", fmt, "--out", str(out)])
        assert r.exit_code == 0 and out.stat().st_size > 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<table" in html and "Life &amp; Health Technology" in html
    r = CliRunner().invoke(cli.main, ["validate", "--format", "json", "--out",
                                      str(tmp_path / "report.json")])
    assert r.exit_code == 2 and "exists" in r.stderr


def test_hostile_use_names_are_escaped_in_html(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("Use,Share (%),GFA (m²)\n<script>alert(1)</script>,100,1000000\n",
                     encoding="utf-8")
    out = tmp_path / "r.html"
    CliRunner().invoke(cli.main, ["validate", str(table), "--format", "html", "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_inputs_are_never_modified(tmp_path):
    import hashlib

    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.iterdir()}
    for name, _, _ in CORPUS:
        CliRunner().invoke(cli.main, ["validate", str(DATA / name), "--format", "json"])
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA.iterdir()}
    assert before == after


def test_over_capacity_exits_one_naming_the_zone(tmp_path):
    table = tmp_path / "ai.csv"
    table.write_text(
        "Use,Share (%),GFA (m²)\nWet labs & advanced manufacturing,34,340000\n"
        "Dry labs & offices,40,400000\nUniversity-industry-research base,5,50000\n"
        "Talent apartments & visitor accommodation,10,100000\n"
        "Commercial & mixed use,11,110000\nTotal,100,1000000\n", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", str(table)])
    assert r.exit_code == 1
    assert "site.zone_over_capacity" in r.stdout and "ai_data" in r.stdout


def test_a_bad_weight_in_the_use_zone_mapping_is_one_line(tmp_path):
    mapping = tmp_path / "map.csv"
    mapping.write_text("use_id,zone_id,weight\nuir,uir,lots\n", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", "--use-zones", str(mapping)])
    assert r.exit_code == 2
    line = r.stderr.strip()
    assert "map.csv: row 2: weight must be a number above 0 and at most 1" in line
    assert "internal error" not in line and len(line.splitlines()) == 1


def test_scenario_check_markdown_ends_with_the_count_line_once():
    r = CliRunner().invoke(cli.main, ["scenarios", "check", "table-3-1", "--format", "markdown"])
    assert r.exit_code == 0
    assert r.output.count("0 errors, 0 warnings") == 1
