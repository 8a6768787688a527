"""A validation report as a committee paper: one content model (maps.reports._paper) that every
format renders, the title block, sources by title and the inputs once, as the user gave them."""

from __future__ import annotations

import dataclasses
import html as html_lib
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

import gis
import maps
from maps.reports._paper import paper

HEADER = maps.PaperHeader(
    title="Loop Phase 1: GFA allocation check",
    reference="TPC 12/2026",
    author="A. Planner",
    organisation="Planning Department (example)",
    date="2026-03-01",
    purpose="To check Table 3.1 against the site, its zones and height envelope.",
)


@pytest.fixture(scope="module")
def report() -> gis.ValidationReport:
    r = gis.validate()
    bad = gis.Issue("site.zone_over_capacity", "error", "zone ai_data: 300,000 m² > 250,589 m²")
    return dataclasses.replace(r, issues=[*r.issues, bad])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _squash(text: str) -> str:
    """Text without whitespace: PDF lines wrap anywhere, terminals fold."""
    return "".join(text.split())


def _formats(r: gis.ValidationReport, tmp_path: Path, lang: str) -> dict[str, str]:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    html = _Text()
    html.feed(maps.render_report(r, "html", lang, header=HEADER))
    pdf = maps.write_report_pdf(r, tmp_path / "r.pdf", lang=lang, header=HEADER)
    xlsx = load_workbook(maps.write_report(r, tmp_path / "r.xlsx", lang=lang, header=HEADER))
    buf = io.StringIO()
    maps.print_report(r, Console(file=buf, width=400), lang=lang, header=HEADER)
    data = json.loads(maps.render_report(r, "json", lang, header=HEADER))["paper"]
    return {
        "markdown": html_lib.unescape(maps.render_report(r, "markdown", lang, header=HEADER)),
        "html": "".join(html.parts),
        "pdf": "\n".join(p.extract_text() for p in PdfReader(pdf).pages),
        "xlsx": "\n".join(
            str(c.value) for ws in xlsx.worksheets for row in ws.iter_rows() for c in row if c.value
        ),
        "terminal": buf.getvalue(),
        "json": json.dumps(data, ensure_ascii=False),
    }


@pytest.mark.parametrize("lang", ["en", "both"])
def test_every_format_holds_the_same_paper(
    report: gis.ValidationReport, tmp_path: Path, lang: str
) -> None:
    p = paper(report, lang, HEADER)
    texts = p.texts()
    assert texts["title"][0] == HEADER.title and "TPC 12/2026" in texts["title"]
    assert p.not_run and p.assumptions and p.sources and p.findings  # something to compare
    for fmt, text in _formats(report, tmp_path, lang).items():
        body = _squash(text)
        for section, strings in texts.items():
            missing = [s for s in strings if _squash(s) not in body]
            assert not missing, f"{fmt} lacks {section}: {missing}"


def test_sources_are_cited_by_title_and_inputs_once_as_given(
    report: gis.ValidationReport,
) -> None:
    md = maps.render_report(report, "markdown", "en", header=HEADER)
    assert "Hong Kong Park Development Outline" in md
    assert "Lok Ma Chau Loop Outline Zoning Plan No. S/LMCL/2" in md
    # the seed's file name only as a footnote, never as the citation in the text
    assert md.count("004_281f81e4466a18af.txt") == 1
    assert "[^1]: Cited as `004_281f81e4466a18af.txt`" in md
    for sha in (v["sha256"] for v in report.inputs.values()):
        assert md.count(sha) == 1
    assert str(gis.config.layers_dir()) not in md
    assert "layers/loop_zones.geojson (embedded)" in md


def test_title_block_and_date_default_to_today(
    report: gis.ValidationReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: the day pinned
    md = maps.render_report(report, "markdown", "en")
    assert "- **Date**: 2026-01-01" in md
    md = maps.render_report(report, "markdown", "zh", header=HEADER)
    assert "- **檔號**: TPC 12/2026" in md and "- **日期**: 2026-03-01" in md
    assert md.startswith("# Loop Phase 1: GFA allocation check")


@pytest.mark.parametrize("suffix", ["pdf", "xlsx", "html", "md", "json"])
def test_two_runs_give_the_same_bytes(
    report: gis.ValidationReport, tmp_path: Path, suffix: str
) -> None:
    a = maps.write_report(report, tmp_path / f"a.{suffix}", header=HEADER, include_map=False)
    b = maps.write_report(report, tmp_path / f"b.{suffix}", header=HEADER, include_map=False)
    assert a.read_bytes() == b.read_bytes()


def test_header_file_unknown_key_and_bad_date_are_one_line_errors(tmp_path: Path) -> None:
    good = tmp_path / "paper.yaml"
    good.write_text("title: Paper\nreference: R1\ndate: 2026-02-03\n", encoding="utf-8")
    assert maps.paper_header(good, reference="R2") == maps.PaperHeader(
        title="Paper", reference="R2", date="2026-02-03"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Paper\nsubject: x\n", encoding="utf-8")
    with pytest.raises(gis.InputError, match="bad.yaml: key 'subject': unknown key"):
        maps.read_header(bad)
    with pytest.raises(gis.InputError, match="--date: expected a date as YYYY-MM-DD"):
        maps.PaperHeader(date="2026-02-30")


def test_comparison_paper_has_the_title_block_sources_and_each_input_once(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    comp = gis.comparison(["table-3-1", "ai-30pct"])
    pdf = maps.render_comparison(comp, "pdf", header=HEADER, charts=False)
    (tmp_path / "c.xlsx").write_bytes(maps.render_comparison(comp, "xlsx", header=HEADER))
    xlsx = load_workbook(tmp_path / "c.xlsx")
    texts = {
        "markdown": html_lib.unescape(str(maps.render_comparison(comp, "markdown", header=HEADER))),
        "html": str(maps.render_comparison(comp, "html", header=HEADER, maps=False)),
        "pdf": "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
        "xlsx": "\n".join(
            str(c.value) for ws in xlsx.worksheets for row in ws.iter_rows() for c in row if c.value
        ),
    }
    shas = set(comp.inputs_frame()["sha256"])
    assert len(shas) < len(comp.inputs_frame())  # both scenarios read the same layers
    for fmt, text in texts.items():
        body = _squash(text)
        for s in [HEADER.title, "TPC 12/2026", "A. Planner", "2026-03-01", HEADER.purpose]:
            assert _squash(str(s)) in body, (fmt, s)
        assert _squash("Hong Kong Park Development Outline") in body, fmt
        assert all(body.count(sha) == 1 for sha in shas), f"{fmt}: a hash twice"
        assert str(gis.config.layers_dir()) not in text, fmt


@pytest.mark.parametrize("name", ["validation_paper", "comparison_paper"])
def test_the_example_papers_are_there_with_their_title_blocks(name: str) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    folder = Path(__file__).resolve().parents[2] / "docs" / "examples"
    head = maps.read_header(folder / f"{name}.yaml")
    first = _squash(PdfReader(folder / f"{name}.pdf").pages[0].extract_text())
    assert _squash(str(head.title)) in first and str(head.date) in first
    assert str(head.reference) in (folder / f"{name}.html").read_text(encoding="utf-8")
    cells = [c.value for ws in load_workbook(folder / f"{name}.xlsx") for r in ws for c in r]
    assert any(str(head.reference) in str(v) for v in cells)
    assert (folder / f"{name}_p1.png").stat().st_size > 10_000


def test_comparison_paper_shows_the_compared_scenario_on_the_site_map() -> None:
    from pypdf import PdfReader

    comp = gis.comparison(["table-3-1", "ai-30pct"])
    reader = PdfReader(io.BytesIO(maps.render_comparison(comp, "pdf", header=HEADER)))
    first = reader.pages[0].extract_text()
    assert "Site map: ai-30pct" in first and reader.pages[0].images  # after the verdicts
    assert _squash("Inset: the district and the Shenzhen River border.") in _squash(first)


def test_the_site_map_carries_the_locator_with_the_border(report: gis.ValidationReport) -> None:
    """The HTML and PDF map: the Shenzhen River border (context.border, drawn #1f5fbf) in the
    inset at the upper left, where the site map itself draws nothing blue."""
    import numpy as np
    from matplotlib.image import imread

    from maps.reports.pdf_report import site_map_png

    png = site_map_png(report, "en")
    assert png is not None
    image = imread(io.BytesIO(png), format="png")[..., :3]
    h, w = image.shape[:2]
    corner = image[: int(h * 0.4), : int(w * 0.35)]
    blue = np.abs(corner - np.array([0x1F, 0x5F, 0xBF]) / 255).max(axis=-1) < 0.08
    assert blue.sum() > 50


def test_a_report_on_a_superseded_plan_says_what_replaced_it() -> None:
    r = gis.validate(site="santin.ozp_2006")
    md = maps.render_report(r, "markdown", "en")
    assert "superseded by the San Tin Technopole OZP (approved 2024-09-20)" in md
    assert "San Tin Outline Zoning Plan No. S/YL-ST/8" in md  # the bibliography, by title
