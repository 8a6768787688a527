"""README examples run verbatim: every `.venv/bin/technopole ...` line in a sh block, with the
exit code the README states for it (``# exit N`` after the command; none stated means 0), and
every `$ .venv/bin/technopole ...` line of a console block, whose output must start as shown."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_EXIT = re.compile(r"^\s*exit (\d+)\b")


def _split(line: str) -> tuple[str, int]:
    """A README command line and the exit code it states (0 when it states none)."""
    command, _, comment = line.partition("  #")
    stated = _EXIT.match(comment)
    return command.strip(), int(stated[1]) if stated else 0


def _commands() -> list[tuple[str, int]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if ".venv/bin/technopole" in line:
                cmds.append(_split(line))
    return cmds


def _console() -> list[tuple[str, int, str]]:
    """(command, stated exit code, first output line less a trailing ``...``) per console block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines[:-1]):
            if line.startswith("$ .venv/bin/technopole"):
                command, code = _split(line[2:])
                found.append((command, code, lines[i + 1].removesuffix("...").rstrip()))
    return found


COMMANDS = _commands()
CONSOLE = _console()


def _run(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).with_name("technopole"))
    cmd = command.replace("/tmp/", f"{tmp_path}/").replace(".venv/bin/technopole", shlex.quote(exe))
    return subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_readme_has_examples():
    assert len(COMMANDS) >= 5 and len(CONSOLE) >= 3
    assert any(code == 1 for _, code in COMMANDS)  # the README states failing examples


def test_stated_exit_codes_are_read():
    assert _split("technopole x  # exit 1: zone over capacity") == ("technopole x", 1)
    assert _split("technopole x --out y  # a comment") == ("technopole x --out y", 0)


@pytest.mark.parametrize(("command", "code"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_readme_example_runs(command, code, tmp_path):
    proc = _run(command, tmp_path)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("command", "code", "shown"), CONSOLE, ids=[c for c, _, _ in CONSOLE])
def test_readme_console_example_shows_what_it_says(command, code, shown, tmp_path):
    proc = _run(command, tmp_path)
    assert proc.returncode == code, proc.stderr
    said = " ".join((proc.stdout + proc.stderr).split())  # a terminal may wrap long lines
    assert said.startswith(" ".join(shown.split())), said


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("code", _python_blocks())
def test_readme_python_example_runs(code, tmp_path):
    code = code.replace("/tmp/", f"{tmp_path}/")
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr


def test_readme_shows_each_verdict_with_its_exit_code():
    """PASS, FAIL, INCOMPLETE, bad input and --strict: one runnable example of each."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### What the verdict means: PASS, FAIL, INCOMPLETE" in text
    shown = {(code, out.split(" (")[0]) for cmd, code, out in CONSOLE if " validate" in cmd}
    assert {(0, "Verdict: PASS"), (1, "Verdict: FAIL"), (4, "Verdict: INCOMPLETE")} <= shown
    assert any(code == 2 and out.startswith("technopole: error:") for _, code, out in CONSOLE)
    assert any("--strict" in cmd and code == 1 for cmd, code, _ in CONSOLE)
