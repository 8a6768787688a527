"""The bad-input corpus (tests/corpus/cases.yaml): does every bad input get its exit code and
its one clear line, and is no input ever modified?

Each case runs the command line in-process (click's CliRunner). Large, binary, pipe and
workbook inputs are generated in a temporary folder at test time, never committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

import cli

CORPUS = Path(__file__).parents[1] / "corpus"
LAYERS = Path(__file__).parents[2] / "layers"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
ROW = "Use,Share,GFA\nWet labs,52%,520000\nOffices,48%,480000\n"


# --- generated inputs ------------------------------------------------------------------------


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)


def _rewrite_sheet(path: Path, change) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"].decode())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _stale(path: Path) -> None:
    """A workbook whose <dimension ref> says A1:C6 but which holds a 7th row."""
    _xlsx(
        path,
        [
            ["Use", "Share", "GFA"],
            ["Wet labs", 52, 520000],
            ["Offices", 22, 220000],
            ["UIR", 5, 50000],
            ["Talent apartments", 10, 100000],
            ["Commercial", 11, 110000],
            ["Extra", 50, 500000],
        ],
    )
    _rewrite_sheet(
        path, lambda x: re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:C6"/>', x).encode()
    )


def _corrupt_sheet(path: Path) -> None:
    """A workbook that opens but whose sheet XML breaks off in its third row."""
    _xlsx(path, [["Use", "Share", "GFA"], ["Wet labs", 52, 520000], ["Offices", 48, 480000]])
    _rewrite_sheet(path, lambda x: x[: x.index('<row r="3"') + 30].encode())


def _far(path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["XFD1048576"] = "x"
    wb.save(path)


def _bomb(path: Path) -> None:
    """Nine levels of aliases, under keys a scenario knows (an unknown one is refused first)."""
    keys = ["description", "source", "notes", "shares", "use_zones", "zone_height", "indicators"]
    keys += ["zone_rules", "min_share_pct"]
    text = f"name: x\nbase: embedded\n{keys[0]}: &a0 [" + ", ".join(["lol"] * 9) + "]\n"
    for i, key in enumerate(keys[1:], 1):
        text += f"{key}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    path.write_text(text)


def _dup_zones(path: Path) -> None:
    doc = json.loads((LAYERS / "loop_zones.geojson").read_text(encoding="utf-8"))
    doc["features"][1]["properties"]["zone_id"] = doc["features"][0]["properties"]["zone_id"]
    path.write_text(json.dumps(doc))


MAKERS = {
    "binary.csv": lambda p: p.write_bytes(bytes(range(256)) * 8),
    "pipe.csv": os.mkfifo,
    "pipe.geojson": os.mkfifo,
    "pipe.yaml": os.mkfifo,
    "folder.csv": lambda p: p.mkdir(),
    "big_cell.csv": lambda p: p.write_text("Use,Share,GFA\nWet labs," + "9" * 10_000_000 + ",5\n"),
    "long.csv": lambda p: p.write_text(ROW + "Offices,0%,0\n" * 100_001),
    "far.xlsx": _far,
    "stale.xlsx": _stale,
    "corrupt_sheet.xlsx": _corrupt_sheet,
    "bomb.yaml": _bomb,
    # past libyaml's own maximum (1,000 levels: its scanner refuses first) and past ours only
    "deep.yaml": lambda p: p.write_text("name: x\nshares: " + "[" * 5000 + "]" * 5000 + "\n"),
    "deep60.yaml": lambda p: p.write_text("name: x\nshares: " + "[" * 60 + "]" * 60 + "\n"),
    "keys.yaml": lambda p: p.write_text(
        "name: x\n" + "".join(f"k{i}: {i}\n" for i in range(300_000))
    ),
    "dup_zones.geojson": _dup_zones,
    "unknown_keys.yaml": lambda p: p.write_text(
        "name: x\nbase: embedded\n" + "".join(f"k{i}: {i}\n" for i in range(40_000))
    ),
}
STDIN = {"binary": bytes(range(128, 256)) * 4}


# --- running a case --------------------------------------------------------------------------


def _hashes(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def _inputs(args: list[str]) -> list[Path]:
    """Every argument that names a regular file (pipes are never opened to hash them)."""
    return [Path(a) for a in args if Path(a).is_file()]


def test_the_corpus_is_large_and_every_case_is_complete():
    assert len(CASES) >= 60
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert {"id", "args", "exit", "fragment"} <= set(case), case
        assert set(case.get("make", [])) <= set(MAKERS), case["id"]
    kinds = {c["args"][0] for c in CASES}
    assert {"validate", "layers", "scenarios", "solve", "sweep", "ozp"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_gets_its_exit_code_and_one_clear_line(case, tmp_path, monkeypatch):
    for name in case.get("make", []):
        MAKERS[name](tmp_path / name)
    for var, value in case.get("env", {}).items():
        monkeypatch.setenv(var, value)
    args = [a.replace("{c}", str(CORPUS)).replace("{t}", str(tmp_path)) for a in case["args"]]
    stdin = STDIN[case["input_make"]] if "input_make" in case else case.get("input")
    before = _hashes(_inputs(args))
    result = CliRunner().invoke(cli.main, args, input=stdin)
    output = result.stdout + result.stderr
    assert result.exit_code == case["exit"], output[-2000:]
    assert case["fragment"] in output, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    if case["exit"] == 2:  # one line; click's usage errors keep their usage lines
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 or (
            lines[0].startswith("Usage:") and sum(ln.startswith("Error:") for ln in lines) == 1
        ), lines
    assert _hashes(list(before)) == before  # no input was modified


@pytest.mark.parametrize("name", ["nan_coordinate.geojson", "unclosed_ring.geojson"])
def test_a_broken_layer_is_one_line_in_a_real_process(name):
    """GDAL's and shapely's warnings reach a real stderr (pytest would capture them in-process)."""
    run = subprocess.run(
        [sys.executable, "-m", "cli", "validate", "--site", str(CORPUS / "layers" / name)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1 and name in run.stderr, run.stderr
