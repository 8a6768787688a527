"""README examples run verbatim: every `.venv/bin/technopole ...` line in a sh block."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if ".venv/bin/technopole" in line:
                cmds.append(line)
    return cmds


COMMANDS = _commands()


def test_readme_has_examples():
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_example_runs(command, tmp_path):
    exe = str(Path(sys.executable).with_name("technopole"))
    cmd = command.replace("/tmp/", f"{tmp_path}/").replace(".venv/bin/technopole", shlex.quote(exe))
    proc = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    # 0 = ok, 1 = a check failed (some examples show a failing table on purpose)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("code", _python_blocks())
def test_readme_python_example_runs(code, tmp_path):
    code = code.replace("/tmp/", f"{tmp_path}/")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
