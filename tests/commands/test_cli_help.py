"""Every example that ``--help`` shows runs as written, and every command shows some."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
import cli_options

ROOT = Path(__file__).resolve().parents[2]


def commands(group: click.Group, prefix: str = "") -> list[str]:
    """The full names of every leaf command under ``group`` ("layers show", "facts", ...)."""
    names = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        names += commands(cmd, f"{full} ") if isinstance(cmd, click.Group) else [full]
    return names


def test_every_command_has_examples_and_every_example_a_command():
    assert sorted(commands(cli.main)) == sorted(cli_options.EXAMPLES)


@pytest.mark.parametrize("name", sorted(cli_options.EXAMPLES))
def test_help_ends_with_the_examples(name):
    result = CliRunner().invoke(cli.main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    shown = result.output.split("Examples:")[1].splitlines()
    assert [line.strip() for line in shown if line.strip()] == [
        f"technopole {e}" for e in cli_options.EXAMPLES[name]
    ]


EXAMPLES = [e for name in sorted(cli_options.EXAMPLES) for e in cli_options.EXAMPLES[name]]


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_example_runs_and_writes_the_same_bytes_twice(example, tmp_path, monkeypatch):
    """Run from folders that see the repository's data as the README's root does, so the
    outputs the examples name land in ``tmp_path``; two runs write byte-identical files and
    print the same text."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    words = shlex.split(example)
    outputs = [words[i + 1] for i, w in enumerate(words) if w in OUTPUT_FLAGS]
    written = []
    for run in ("a", "b"):
        (folder := tmp_path / run).mkdir()
        for name in ("tests", "layers", "docs"):
            (folder / name).symlink_to(ROOT / name)
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(cli.main, words)
        # 1 is a finding (ai-30pct over capacity), never a usage or input error (2) or a crash
        assert result.exit_code in (0, 1), result.output
        assert "error:" not in result.output
        files = [
            p for name in outputs for p in sorted((folder / name).rglob("*")) or [folder / name]
        ]
        assert all(p.stat().st_size > 0 for p in files if p.is_file()), outputs
        written.append({str(p.relative_to(folder)): p.read_bytes() for p in files if p.is_file()})
        written[-1]["(terminal)"] = result.output.encode()
    assert len(written[0]) == len(outputs) + 1 or "--out-dir" in words
    assert written[0] == written[1]


OUTPUT_FLAGS = ("--out", "-o", "--to", "--png", "--pdf", "--samples", "--frontier-out", "--out-dir")
