"""One registry of checks (gis/registry.py): every check id gis uses is declared there, once;
each message code has its Chinese template; README's table of checks is the registry's; the
checklist (run / not run, and why) is computed from it and shown by every report format."""

from __future__ import annotations

import ast
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import gis
from gis import registry
from gis.report import CheckRecord
from maps import _i18n as i18n

ROOT = Path(__file__).resolve().parents[2]
ID = re.compile(r"^(table|site|zone|geometry|rules)\.[a-z_0-9]+$")
CODES = {code for c in registry.CHECKS.values() for code in c.codes}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def id_literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module that looks like a check id or a message code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and ID.match(n.value)
    ]


def first_args(path: Path) -> list[tuple[int, str]]:
    """``Issue(...)`` and ``CheckRecord(...)`` calls whose check is a string literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (n.lineno, n.args[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "id", getattr(n.func, "attr", "")) in ("Issue", "CheckRecord")
        and n.args
        and isinstance(n.args[0], ast.Constant)
    ]


GIS = [p for p in sorted((ROOT / "gis").rglob("*.py")) if p.name != "registry.py"]


def test_every_check_id_or_code_written_in_gis_is_in_the_registry():
    known = set(registry.CHECKS) | CODES
    unknown = [
        f"{p.relative_to(ROOT)}:{line} {value}"
        for p in GIS
        for line, value in id_literals(p)
        if value not in known
    ]
    assert unknown == []


def test_findings_and_records_name_their_check_through_the_registry():
    literal = [f"{p.relative_to(ROOT)}:{line} {v}" for p in GIS for line, v in first_args(p)]
    assert literal == []


def test_the_id_checks_would_catch_a_stray_id(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('Issue("site.made_up", "error", "x")\nCheckRecord("table.cells", True)\n')
    assert [v for _, v in id_literals(bad)] == ["site.made_up", "table.cells"]
    assert [v for _, v in first_args(bad)] == ["site.made_up", "table.cells"]


def test_every_message_code_has_a_chinese_template_and_no_template_is_orphaned():
    assert len(registry.CHECKS) > 45 and len(CODES) > 35
    assert sorted(CODES - set(i18n.FINDINGS)) == []
    assert sorted(set(i18n.FINDINGS) - CODES) == []


def test_each_check_is_declared_once_and_names_known_inputs():
    assert all(c.id == k for k, c in registry.CHECKS.items())
    codes = [code for c in registry.CHECKS.values() for code in c.codes]
    assert len(codes) == len(set(codes))  # a code belongs to one check
    for c in registry.CHECKS.values():
        assert set(c.needs + c.applies + c.unless) <= set(registry.INPUTS), c.id
        assert c.what and c.scope and c.severity in SEVERITY_RANK, c.id
        assert c.listed or c.codes, f"{c.id} is neither listed nor makes findings"


def readme_checks_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| id | severity | checklist |")
    end = text.index("\n\n", start)
    return text[start:end]


def test_readmes_table_of_checks_is_the_registrys():
    assert readme_checks_table() == registry.readme_table()


def test_readmes_list_of_checklist_ids_is_the_registrys():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("The checklist ids")
    paragraph = text[start : text.index("\n\n", start)]
    named = re.findall(r"`((?:table|site|zone|geometry|rules|provision)\.[a-z_0-9]+)`", paragraph)
    assert named == [c.id for c in registry.listed()]


# ----------------------------------------------------------------------------- the checklist
def test_a_check_without_an_input_it_needs_is_not_run_with_that_inputs_reason():
    have = {"table": True, "site": True, "shares": True, "gfa": True}
    recs = {r.check: r for r in registry.checklist(have, context={"site": "plot s"})}
    assert recs[registry.SHARES_SUM].ran
    assert not recs[registry.GFA_SUM].ran
    assert recs[registry.GFA_SUM].detail == registry.INPUTS["total_gfa"]
    assert recs[registry.AREA_VS_STATED].detail.startswith("no stated area for plot s")
    assert recs[registry.ZONE_CAPACITY].detail == registry.INPUTS["zones"]
    # not applicable: no bands, not the embedded project, no zones for the per-zone limits
    assert registry.GEOMETRY_BANDS not in recs and registry.ZONE_GFA not in recs
    assert registry.SITE_CAPACITY not in recs


def test_a_check_its_step_did_not_record_is_never_reported_as_run():
    have = dict.fromkeys(registry.INPUTS, True)
    recs = registry.checklist(have)
    site_pr = [r for r in recs if r.check == registry.MAX_PLOT_RATIO]
    assert [r.ran for r in site_pr] == [False]
    recorded = [CheckRecord(registry.MAX_PLOT_RATIO, True, "site", "maximum 3", "Notes")]
    assert recorded[0] in registry.checklist(have, recorded)


def test_a_step_cannot_record_a_check_the_registry_does_not_list():
    with pytest.raises(ValueError, match="site.made_up"):
        registry.checklist({}, [CheckRecord("site.made_up", True)])


def reports() -> dict[str, gis.ValidationReport]:
    table = gis.read_allocation_table(ROOT / "tests" / "data" / "tables" / "share_only.csv")
    return {
        "default": gis.validate(),
        "site alone": gis.validate(site="loop.phases/phase2"),
        "share only": gis.validate(table, rules=gis.Rules(total_gfa_m2=1_000_000)),
        "limits": gis.validate(rules=gis.Rules(max_plot_ratio=1.0, total_gfa_m2=900_000)),
    }


@pytest.fixture(scope="module")
def validations() -> dict[str, gis.ValidationReport]:
    return reports()


def test_the_checklist_of_a_validation_follows_the_registry(validations):
    order = [c.id for c in registry.listed()]
    for name, r in validations.items():
        ids = [c.check for c in r.checklist]
        assert set(ids) <= set(order), name
        assert ids == sorted(ids, key=order.index), name  # the registry's order
        for c in r.checklist:
            assert c.ran or c.detail, (name, c.check)


def test_findings_carry_a_registered_id_code_and_severity(validations):
    for name, r in validations.items():
        for i in r.issues:
            check = registry.CHECKS[i.check]
            assert (i.code or i.check) in check.codes, (name, i.check, i.code)
            assert SEVERITY_RANK[i.severity] <= SEVERITY_RANK[check.severity], (name, i.check)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_every_report_format_lists_the_checks_not_run_with_their_reasons(validations, tmp_path):
    from openpyxl import load_workbook
    from rich.console import Console

    import maps
    from maps.reports.pdf_report import write_report_pdf
    from maps.reports.xlsx_report import write_report_xlsx

    r = validations["site alone"]
    why = r.not_run_reasons()
    assert registry.ZONE_CAPACITY in why and registry.GEOMETRY_ZONES in why
    texts = {fmt: maps.render_report(r, fmt) for fmt in ("markdown", "html", "csv")}
    buf = io.StringIO()
    maps.print_report(r, Console(file=buf, width=400))
    texts["terminal"] = buf.getvalue()
    texts["pdf"] = pdf_text(write_report_pdf(r, tmp_path / "r.pdf", include_map=False))
    book = load_workbook(write_report_xlsx(r, tmp_path / "r.xlsx"))
    texts["xlsx"] = " ".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    )
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        for check, reasons in why.items():
            assert check in flat, (fmt, check)
            for reason in reasons:
                assert " ".join(reason.split()) in flat, (fmt, check, reason)
    d = json.loads(maps.render_report(r, "json"))
    assert d["checks_not_run_reasons"] == why
    assert set(d["checks_not_run"]) == set(r.not_run())
    csv = pd.read_csv(io.StringIO(texts["csv"]))
    assert set(csv[(csv.record == "check") & (csv.ran == False)].check) == set(why)  # noqa: E712


def test_each_question_names_its_core_checks_and_its_limits_in_the_registry():
    assert set(registry.QUESTIONS) == {"site", "zones", "provision"}
    by = {
        (q, core): {c.id for c in registry.CHECKS.values() if c.question == q and c.core == core}
        for q in registry.QUESTIONS
        for core in (True, False)
    }
    assert by["site", True] == {"geometry.site"}  # the site's area, measured
    assert by["site", False] == {  # its limits: at least one must be known
        "site.max_plot_ratio",
        "site.max_gfa_m2",
        "site.max_height_mpd",
        "site.capacity",
    }
    assert by["zones", True] == {"geometry.zones", "site.zone_capacity"}
    assert all(c.listed for c in registry.CHECKS.values() if c.question)  # so a report shows it
