"""Every example that ``--help`` shows runs as written, and every command shows some."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
import cli_options

ROOT = Path(__file__).resolve().parents[1]


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
def test_the_example_runs(example, tmp_path, monkeypatch):
    """Run from a folder that sees the repository's data as the README's root does, so the
    outputs the examples name land in ``tmp_path``."""
    for name in ("tests", "layers", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, shlex.split(example))
    # 1 is a finding (ai-30pct over capacity), never a usage or input error (2) or a crash (3)
    assert result.exit_code in (0, 1), result.output
    assert "error:" not in result.output
    words = shlex.split(example)
    outputs = [words[i + 1] for i, w in enumerate(words) if w in OUTPUT_FLAGS]
    for name in outputs:  # every file an example names as an output is written
        assert (tmp_path / name).stat().st_size > 0, name


OUTPUT_FLAGS = ("--out", "--to", "--png", "--pdf", "--samples", "--frontier-out", "--out-dir")
