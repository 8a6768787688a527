"""Nothing on the terminal but the command's own words: no library warnings (matplotlib's
"findfont ... bold" for the CJK font that ships only a regular face), and a pipe closed early
(`technopole ... | head -1`) ends quietly with the command's own exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def technopole(*args: str, popen: bool = False, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "PYTHONWARNINGS")}
    env["PYTHONPATH"] = str(ROOT)
    cmd = [sys.executable, str(ROOT / "cli.py"), *args]
    return subprocess.Popen(cmd, env=env, **kw) if popen else subprocess.run(cmd, env=env, **kw)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--out", "{tmp}/report.pdf"),
        ("map", "--out", "{tmp}/map.html", "--png", "{tmp}/map.png", "--lang", "both"),
    ],
    ids=["validate-pdf", "map-png"],
)
def test_pdf_and_png_runs_print_no_library_warnings(tmp_path, args):
    proc = technopole(*(a.format(tmp=tmp_path) for a in args), capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert "findfont" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    assert all(line.startswith(("wrote ", "0 errors")) for line in proc.stderr.splitlines()), (
        proc.stderr
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [(("layers", "list"), 0), (("validate",), 0), (("facts", "--format", "csv"), 0)]
    + [(("validate", "--total-gfa", "1"), 1), (("validate", "--format", "json"), 0)],
)
def test_a_pipe_closed_early_ends_quietly_with_the_commands_exit_code(args, code):
    # like `technopole validate | head -1`, with the reader gone before the first write (the
    # command takes a second to start), so every write meets a closed pipe
    r, w = os.pipe()
    proc = technopole(*args, stdout=w, stderr=subprocess.PIPE, popen=True)
    os.close(w)
    os.close(r)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == code, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
