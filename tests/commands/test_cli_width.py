"""Terminal output at 80, 100 and 120 columns: every number of the wide output appears whole
in the narrow one (no "157,2 / 53"), no line is wider than the terminal, and a table that had to
be split says so."""

from __future__ import annotations

import functools
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

import cli

COMMANDS = {
    "validate": ["validate"],
    "compare": ["compare", "table-3-1", "baseline-540k"],
    "facts": ["facts"],
    "layers list": ["layers", "list"],
    "layers show": ["layers", "show", "santin.ozp_2006"],
    "ozp info": ["ozp", "info", "S/YL-ST/8"],
    "scenarios list": ["scenarios", "list", "--check"],
    "scenarios check": ["scenarios", "check", "ai-30pct"],
    "sweep": ["sweep", "-n", "300"],
    "solve": ["solve"],
}
# a number standing alone between spaces or table rules: 1,000,000  -10.0  64.7%  -1.5 pp
NUMBER = re.compile(r"(?<![^\s│┃(])[-+−]?\d[\d,]*(?:\.\d+)?%?(?=[\s│┃),;]|$)")


@functools.cache
def output(name: str, columns: int) -> tuple[int, str]:
    r = CliRunner().invoke(cli.main, COMMANDS[name], env={"COLUMNS": str(columns)})
    return r.exit_code, r.stdout


@pytest.mark.parametrize("columns", [80, 100, 120])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_terminal_output_fits_and_keeps_numbers_whole(name, columns):
    code, text = output(name, columns)
    wide_code, wide = output(name, 400)
    assert code == wide_code
    too_wide = [ln for ln in text.splitlines() if cell_len(ln) > columns]
    assert not too_wide, too_wide[:3]
    missing = set(NUMBER.findall(wide)) - set(NUMBER.findall(text))
    assert not missing, f"numbers split or lost at {columns} columns: {sorted(missing)[:10]}"
    if "(part 1 of" in text:
        assert f"split to fit {columns} columns" in text


def test_a_table_too_wide_is_split_and_says_so():
    _, text = output("validate", 80)
    assert re.search(r"Zones: capacity use\s*\n\s*\(part 1 of", text), text
    assert "split to fit 80 columns; the first column repeats" in text


@pytest.mark.parametrize(
    ("layer", "said"), [("loop.boundary", "(1 feature)"), ("loop.phases", "(2 features)")]
)
def test_counts_take_the_right_plural(tmp_path, layer, said):
    r = CliRunner().invoke(cli.main, ["layers", "export", layer, "--to", str(tmp_path / "x.gpkg")])
    assert r.exit_code == 0 and said in r.stdout, r.output
