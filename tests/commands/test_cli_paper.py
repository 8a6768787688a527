"""`--title`, `--reference`, `--author`, `--organisation`, `--date`, `--purpose` and `--header`:
the title block of a validation or comparison paper, from options and/or a header file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli


def run(*args: str) -> object:
    return CliRunner().invoke(cli.main, list(args))


def test_header_file_with_options_over_it(tmp_path: Path) -> None:
    head = tmp_path / "paper.yaml"
    head.write_text(
        "title: Loop Phase 1 check\nreference: TPC 1/2026\nauthor: A. Planner\n"
        "purpose: To check Table 3.1.\n",
        encoding="utf-8",
    )
    r = run("validate", "--header", str(head), "--reference", "TPC 2/2026", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# Loop Phase 1 check\n")
    assert "- **Reference**: TPC 2/2026" in r.stdout and "TPC 1/2026" not in r.stdout
    assert "- **Prepared by**: A. Planner" in r.stdout
    assert "- **Purpose**: To check Table 3.1." in r.stdout


def test_date_defaults_to_today_and_source_date_epoch_pins_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert f"- **Date**: {today}" in run("validate", "--format", "markdown").stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert "- **Date**: 2026-01-01" in run("validate", "--format", "markdown").stdout
    r = run("validate", "--format", "markdown", "--date", "2026-05-04", "--organisation", "PlanD")
    assert "- **Date**: 2026-05-04" in r.stdout and "- **Organisation**: PlanD" in r.stdout


def test_bad_date_and_unknown_header_key_are_one_line_exit_2(tmp_path: Path) -> None:
    r = run("validate", "--date", "04/05/2026")
    assert r.exit_code == 2
    assert r.output.strip() == (
        "technopole: error: --date: expected a date as YYYY-MM-DD, found '04/05/2026'"
    )
    head = tmp_path / "paper.yaml"
    head.write_text("title: T\nsubtitle: S\n", encoding="utf-8")
    r = run("validate", "--header", str(head))
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1
    assert "paper.yaml: key 'subtitle': unknown key; expected one of title," in r.output


def test_two_runs_give_the_same_pdf(tmp_path: Path) -> None:
    outs = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for out in outs:
        r = run("validate", "--title", "Paper", "--out", str(out), "--force")
        assert r.exit_code == 0, r.output
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_compare_takes_the_same_title_block(tmp_path: Path) -> None:
    out = tmp_path / "c.md"
    r = run(
        "compare", "table-3-1", "ai-30pct", "--title", "AI at 30 %", "--reference", "TPC 3/2026",
        "--date", "2026-04-01", "--out", str(out), "--force",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# AI at 30 %\n")
    assert "- **Reference**: TPC 3/2026" in text and "- **Date**: 2026-04-01" in text
    assert run("compare", "table-3-1", "--date", "tomorrow").exit_code == 2
