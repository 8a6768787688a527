"""Outputs never eat a file and never lie: every output is checked before any work, no option
replaces an input, the suffix names the format, exit codes tell bad input from bugs, text a
spreadsheet or Markdown would run stays text, and two identical runs write the same bytes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import gis
from gis import fs

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def run(*args: str, cwd: Path | None = None):
    """Run the CLI in-process (from ``cwd``); returns click's result."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(cli.main, list(args))
    finally:
        os.chdir(old)


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "internal error" not in lines[0]
    return lines[0]


@pytest.fixture
def inputs(tmp_path):
    """A table, a layer and a scenario of the user's, and their bytes."""
    (tmp_path / "t.csv").write_bytes((DATA / "tables" / "table_3_1_bom.csv").read_bytes())
    (tmp_path / "z.geojson").write_bytes((DATA / "my_zones.geojson").read_bytes())
    (tmp_path / "s.yaml").write_bytes((ROOT / "layers/scenarios/table-3-1.yaml").read_bytes())
    return {p.name: p.read_bytes() for p in tmp_path.iterdir()}


# --- no option ever replaces a file the command reads ----------------------------------------

OVERWRITES = [
    ("validate", "t.csv", "--format", "csv", "--out", "t.csv", "--force"),
    ("layers", "export", "z.geojson", "--to", "z.geojson", "--force"),
    ("layers", "export", "z.geojson::z", "--to", "./z.geojson", "--force"),
    ("map", "--layer", "z.geojson", "--out", "z.geojson", "--force"),
    ("compare", "s.yaml", "baseline-540k", "--format", "csv", "--out", "s.yaml", "--force"),
    ("scenarios", "check", "s.yaml", "--format", "json", "--out", "s.yaml", "--force"),
    ("validate", "--site", "z.geojson", "--format", "json", "--out", "z.geojson", "--force"),
]


@pytest.mark.parametrize("args", OVERWRITES, ids=[" ".join(a[:2]) for a in OVERWRITES])
def test_force_never_replaces_an_input_of_the_same_command(tmp_path, inputs, args):
    r = run(*args, cwd=tmp_path)
    assert r.exit_code == 2, r.output
    assert "is also an input of this command" in one_error_line(r)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == inputs


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_an_output_linked_to_the_input_is_refused(tmp_path, inputs, link):
    alias = tmp_path / "alias.csv"
    (os.symlink if link == "symlink" else os.link)(tmp_path / "t.csv", alias)
    r = run("validate", "t.csv", "--format", "csv", "--out", "alias.csv", "--force", cwd=tmp_path)
    assert r.exit_code == 2 and "is also an input" in one_error_line(r)
    assert (tmp_path / "t.csv").read_bytes() == inputs["t.csv"]


# --- every output is checked before anything is written or printed ---------------------------


@pytest.mark.parametrize("extra", [("--png", "z.geojson", "--force"), ("--pdf", "nope/m.pdf")])
def test_a_map_with_a_bad_second_output_writes_nothing(tmp_path, inputs, extra):
    r = run("map", "--out", "m.html", *extra, cwd=tmp_path)
    assert r.exit_code == 2, r.output
    line = one_error_line(r)
    assert ("expected a .png file" in line) if "--png" in extra else ("folder nope" in line)
    assert not (tmp_path / "m.html").exists()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == inputs


@pytest.mark.parametrize(
    "args",
    [
        ("facts", "--format", "json", "--out", "/proc/technopole-x.json"),
        ("compare", "table-3-1", "ai-30pct", "--maps-dir", "/proc/technopole-x"),
        ("layers", "export", "loop.zones", "--to", "/proc/technopole-x.gpkg"),
        ("map", "--out", "/proc/technopole-x.html"),
    ],
)
def test_an_unwritable_target_is_one_line_naming_it_before_any_work(args):
    r = run(*args)
    assert r.exit_code == 2, r.output
    line = one_error_line(r)
    assert "/proc/technopole-x" in line and "cannot write" in line and TMP_NAME not in line
    assert r.stdout == ""  # compare printed no table first


TMP_NAME = fs.TMP_MARK


def test_demo_refuses_to_replace_its_outputs_without_force(tmp_path):
    old = tmp_path / "validation.html"
    old.write_text("mine", encoding="utf-8")
    r = run("demo", "--out-dir", str(tmp_path))
    assert r.exit_code == 2
    assert "validation.html: exists; pass --force" in one_error_line(r)
    assert old.read_text(encoding="utf-8") == "mine" and r.stdout == ""


def test_demo_exits_one_when_its_validation_fails(monkeypatch):
    import maps
    from maps.jobs import DemoResult

    failing = gis.validate(gis.read_allocation_table(DATA / "tables" / "gfa_share_mismatch.csv"))
    assert not failing.ok
    result = DemoResult(layers=gis.list_layers(), facts=gis.check_facts(), report=failing)
    monkeypatch.setattr(maps, "write_demo", lambda out_dir, force=False: result)
    monkeypatch.setattr(maps, "print_demo", lambda result: None)
    assert run("demo", "--out-dir", "unused").exit_code == 1


# --- the suffix names the format, or the command refuses --------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        # validate writes real .pdf and .xlsx reports (tests/rendering/test_report_files.py);
        # facts and sweep do not, and nothing writes .docx
        ("validate", "--out", "r.docx"),
        ("facts", "--out", "f.xlsx"),
        ("facts", "--out", "f.html"),
        ("sweep", "-n", "10", "--out", "s.xlsx"),
        ("facts", "--out", "f.txt"),
        ("facts", "--format", "csv", "--out", "f.json"),
        ("validate", "--format", "json", "--out", "r.md"),
    ],
)
def test_a_file_is_never_written_in_a_format_its_suffix_does_not_name(tmp_path, args):
    r = run(*args, cwd=tmp_path)
    assert r.exit_code == 2, r.output
    assert Path(args[-1]).name in one_error_line(r)
    assert list(tmp_path.iterdir()) == []


def test_the_suffix_picks_the_format(tmp_path):
    assert run("validate", "--out", "r.html", cwd=tmp_path).exit_code == 0
    assert (
        (tmp_path / "r.html")
        .read_text(encoding="utf-8")
        .lstrip()
        .lower()
        .startswith("<!doctype html")
    )
    assert run("facts", "--out", "f.json", cwd=tmp_path).exit_code == 0
    assert all(f["passed"] for f in json.loads((tmp_path / "f.json").read_text("utf-8")))


def test_solve_target_implies_the_target_objective():
    args = (
        "solve",
        "--target",
        "wet_lab_mfg=44",
        "--target",
        "dry_lab_office=30",
        "--target",
        "uir=5",
        "--target",
        "talent_housing=10",
        "--target",
        "commercial_mixed=11",
        "--format",
        "json",
    )
    implied, explicit = run(*args), run(*args, "--objective", "target")
    assert implied.exit_code == 0, implied.output
    assert json.loads(implied.stdout) == json.loads(explicit.stdout)
    assert json.loads(implied.stdout) != json.loads(run("solve", "--format", "json").stdout)
    r = run(*args, "--objective", "max-total")
    assert r.exit_code == 2 and "needs the objective 'target'" in one_error_line(r)


# --- exit codes --------------------------------------------------------------------------------


def test_an_internal_error_exits_three_and_bad_input_two(monkeypatch):
    def boom(*a, **k):
        raise KeyError("boom")

    monkeypatch.setattr(gis, "check_facts", boom)
    r = run("facts")
    assert r.exit_code == 3
    assert r.stderr.startswith("technopole: error: internal error: KeyError")
    assert run("layers", "show", "loop.zonez").exit_code == 2


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    code = textwrap.dedent(f"""
        import os, signal
        from gis import fs
        fs.unwind_on_sigterm()
        with fs.atomic_path({str(tmp_path / "m.html")!r}) as tmp:
            tmp.write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)
            tmp.write_text("never")
        """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0 and "Terminated" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_cli_turns_sigterm_into_one_line_and_exit_143():
    code = textwrap.dedent("""
        import os, signal, gis, cli
        gis.check_facts = lambda: os.kill(os.getpid(), signal.SIGTERM)
        cli.main(["facts"])
        """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 143
    assert proc.stderr.strip() == "technopole: error: terminated"


def test_stale_temporary_files_of_a_killed_run_are_removed_on_the_next(tmp_path):
    stale = tmp_path / f".m.html{fs.TMP_MARK}abc123.html"
    other = tmp_path / f".other.html{fs.TMP_MARK}abc123.html"
    stale.write_text("half", encoding="utf-8")
    other.write_text("half", encoding="utf-8")
    fs.atomic_write(tmp_path / "m.html", "whole")
    assert not stale.exists() and other.exists()
    assert (tmp_path / "m.html").read_text(encoding="utf-8") == "whole"


# --- text that a spreadsheet, a Markdown viewer or an offline check would run ----------------

EVIL_NAME = '=HYPERLINK("http://x")|<script>alert(1)</script> url(https://e.example/a.png) @import'


@pytest.fixture
def evil_layer(tmp_path):
    gdf = gis.load_layer("loop.zones").head(2).copy()
    gdf["name_en"] = [EVIL_NAME, "-2+3"]
    gdf["note"] = ["@SUM(A1)", "-5"]
    path = tmp_path / "evil_zones.geojson"
    gis.write_layer(gdf, path)
    return path


def test_csv_cells_that_would_run_as_formulas_are_neutralised(evil_layer):
    import csv
    import io

    r = run("layers", "show", str(evil_layer), "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["name_en"] for row in rows] == ["'" + EVIL_NAME, "'-2+3"]
    assert [row["note"] for row in rows] == ["'@SUM(A1)", "-5"]  # a plain number stays one


def test_xlsx_cells_are_text_not_formulas(tmp_path):
    import openpyxl

    scenario = tmp_path / "evil.yaml"
    scenario.write_text("name: '=1+1'\nbase: embedded\n", encoding="utf-8")
    r = run("compare", str(scenario), "baseline-540k", "--out", str(tmp_path / "c.xlsx"))
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert any(c.value == "'=1+1" for c in cells)
    assert any(isinstance(c.value, float | int) and c.value < 0 for c in cells)


def test_markdown_shows_html_from_user_data_as_text(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "use,share_pct,gfa_m2\n<script>alert(1)</script>,100,1000000\n", encoding="utf-8"
    )
    r = run("validate", str(table), "--format", "markdown")
    assert r.exit_code in (0, 1), r.output
    assert "<script>" not in r.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.stdout


def test_an_offline_map_of_a_name_that_mentions_a_url_is_written(tmp_path, evil_layer):
    r = run("map", "--layer", str(evil_layer), "--out", str(tmp_path / "m.html"))
    assert r.exit_code == 0, r.output
    assert "e.example" in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_map_draws_two_layers_whose_names_share_a_prefix(tmp_path):
    from maps.jobs import write_map

    page = write_map(
        tmp_path / "m.html", layers=["loop.zones", "loop.height_bands"], validation=False
    )[0].read_text(encoding="utf-8")
    zones, bands = gis.load_layer("loop.zones"), gis.load_layer("loop.height_bands")
    assert str(zones.name_en.iloc[0]) in page
    assert f"{int(bands.height_mpd.max())} mPD" in page


# --- same inputs, same bytes --------------------------------------------------------------------

DETERMINISTIC = [
    ("map", "--out", "{d}/m.html", "--pdf", "{d}/m.pdf", "--png", "{d}/m.png"),
    ("map", "--online", "--out", "{d}/m.html"),
    ("map", "--online", "--basemap", "osm", "--site", "santin", "--out", "{d}/m.html"),
    ("layers", "export", "loop.zones", "--to", "{d}/z.gpkg"),
    ("compare", "baseline-540k", "table-3-1", "--out", "{d}/c.xlsx"),
    ("compare", "baseline-540k", "table-3-1", "--out", "{d}/c.html", "--no-charts"),
    ("validate", "--out", "{d}/v.html"),
    ("facts", "--out", "{d}/f.json"),
]


@pytest.mark.parametrize("args", DETERMINISTIC, ids=[" ".join(a[:3]) for a in DETERMINISTIC])
def test_two_identical_runs_write_the_same_bytes(tmp_path, args, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outputs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        r = run(*[a.format(d=tmp_path / name) for a in args])
        assert r.exit_code == 0, r.output
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1] and outputs[0]


def test_source_date_epoch_sets_the_date_a_workbook_carries(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("compare", "table-3-1", "--out", str(tmp_path / "c.xlsx")).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").properties.created.year == 2023


def test_shapefile_and_zip_dates_come_from_source_date_epoch_not_the_clock(tmp_path, monkeypatch):
    import sqlite3
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    zones = gis.load_layer("loop.zones")[["zone_id", "geometry"]]
    gis.write_layer(zones, tmp_path / "z.shp")
    gis.write_layer(zones, tmp_path / "z.zip")
    gis.write_layer(zones, tmp_path / "z.gpkg")
    assert tuple((tmp_path / "z.dbf").read_bytes()[1:4]) == (123, 11, 14)  # YY-1900, MM, DD
    with zipfile.ZipFile(tmp_path / "z.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    with sqlite3.connect(tmp_path / "z.gpkg") as db:
        assert (
            db.execute("select last_change from gpkg_contents")
            .fetchone()[0]
            .startswith("2023-11-14T22:13:20")
        )


def test_compare_stops_before_any_table_when_a_diff_map_exists(tmp_path):
    args = ("compare", "table-3-1", "ai-30pct", "wetlab-heavy", "--maps-dir", str(tmp_path))
    assert run(*args).exit_code == 0
    sorted(tmp_path.iterdir())[0].unlink()  # the first map is gone, the second is the user's:
    # writing the first and then stopping at the second would be a partial output
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run(*args)
    assert r.exit_code == 2 and "exists; pass --force" in one_error_line(r)
    assert r.stdout == "" and {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- an output's ending is checked as the options are read, before any work ------------------

SUFFIXES = [
    ("sweep", "-n", "10", "--samples", "s.txt"),
    ("sweep", "-n", "10", "--frontier-out", "f.xlsx"),
    ("map", "--out", "m.svg"),  # .html, .png and .pdf are maps
    ("map", "--out", "m.html", "--png", "m.jpg"),
    ("layers", "export", "loop.zones", "--out", "z.kml"),
    ("layers", "rasterize", "loop.height_bands", "--field", "height_mpd", "--out", "h.png"),
    ("ozp", "convert", "S/LMCL/2", "--out", "z.txt"),
]


@pytest.mark.parametrize("args", SUFFIXES, ids=[" ".join(a[:2]) for a in SUFFIXES])
def test_an_output_with_the_wrong_ending_is_refused_before_any_work(tmp_path, args, monkeypatch):
    def no_work(*a, **k):
        raise AssertionError("work started before the outputs were checked")

    for name in ("sweep", "load_layer", "convert_plan"):
        monkeypatch.setattr(gis, name, no_work)
    monkeypatch.setattr(cli.maps, "write_map", no_work)
    r = run(*args, cwd=tmp_path)
    assert r.exit_code == 2, r.output
    line = one_error_line(r)
    assert f"{args[-2]} {args[-1]}: expected a ." in line
    assert list(tmp_path.iterdir()) == []


# --- nor a file read through a scenario ------------------------------------------------------


@pytest.fixture
def project(tmp_path):
    """A project folder (a copy of layers/) and a scenario on it, with their bytes."""
    shutil.copytree(ROOT / "layers", tmp_path / "proj", ignore=shutil.ignore_patterns("scen*"))
    (tmp_path / "s.yaml").write_text("name: mine\nbase: proj\ntotal_gfa_m2: 1000000\n")
    return {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}


READ_VIA = [
    ("compare", "s.yaml", "--out", "proj/loop_gfa_phase1.csv"),
    (
        "compare",
        "table-3-1",
        "--against",
        "s.yaml",
        "--format",
        "csv",
        "--out",
        "proj/manifest.yaml",
    ),
    ("scenarios", "check", "s.yaml", "--out", "proj/loop_use_zones.csv"),
    ("sweep", "s.yaml", "-n", "10", "--samples", "proj/loop_gfa_phase1.csv"),
    ("sweep", "s.yaml", "-n", "10", "--frontier-out", "proj/zone_rules.csv"),
    ("solve", "s.yaml", "--format", "json", "--out", "proj/loop_zones.geojson"),
]


@pytest.mark.parametrize("args", READ_VIA, ids=[" ".join(a[:2]) for a in READ_VIA])
def test_force_never_replaces_a_file_a_scenario_reads(tmp_path, project, args):
    r = run(*args, "--force", cwd=tmp_path)
    assert r.exit_code == 2, r.output
    option, target = args[-2:]
    assert one_error_line(r).startswith(
        f"technopole: error: {option} {target} is an input of s.yaml;"
    )
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == project


def test_what_a_path_is_when_it_is_no_regular_file(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "table.csv").write_text("x\n")
    assert fs.not_a_file(tmp_path / "pipe") == "is a named pipe (FIFO), not a regular file"
    assert fs.not_a_file(tmp_path) == "is a folder, not a regular file"
    assert fs.not_a_file("/dev/null") == "is a device, not a regular file"
    assert fs.not_a_file(tmp_path / "table.csv") is None
    assert fs.not_a_file(tmp_path / "missing.csv") is None
