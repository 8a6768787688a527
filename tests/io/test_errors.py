"""Errors: one-line messages and the one "did you mean" every unknown name ends with."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gis.errors import InputError, ScenarioError, closest, did_you_mean

ROOT = Path(__file__).resolve().parents[2]


def test_did_you_mean_names_the_closest_choice_or_says_nothing():
    assert did_you_mean("sharez", ["name", "shares", "base"]) == " (did you mean 'shares'?)"
    assert did_you_mean("qqqq", ["name", "shares"]) == ""
    assert did_you_mean("anything", []) == ""


def test_the_cutoff_decides_how_close_a_suggestion_must_be():
    # "ai-data" and "ai_data_science" are about 0.55 alike
    assert closest("ai-data", ["ai_data_science"], cutoff=0.5) == "ai_data_science"
    assert closest("ai-data", ["ai_data_science"], cutoff=0.9) is None


def test_a_number_is_matched_as_text():
    assert did_you_mean(2024, ["2025", "name"]) == " (did you mean '2025'?)"


def _code_strings_and_imports(path: Path) -> list[str]:
    """The string literals (docstrings left out) and imported module names of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    out = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]
    out += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    out += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    return out


def test_every_unknown_name_hint_comes_from_the_one_helper():
    """No module but gis/errors.py computes close matches or writes the hint itself."""
    others = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "gis").glob("*.py"))
        if p.name != "errors.py"
        and any(re.search(r"\bdifflib\b|did you mean", s) for s in _code_strings_and_imports(p))
    ]
    assert others == []


def test_an_input_error_is_one_line_with_file_where_and_problem():
    err = ScenarioError("unknown key", source="s.yaml", where="line 3, key 'x'")
    assert str(err) == "s.yaml: line 3, key 'x': unknown key"
    assert isinstance(err, InputError) and isinstance(err, ValueError)


@pytest.mark.parametrize(
    "call",
    [
        lambda: __import__("gis.catalog", fromlist=["x"]).layer_info("loop.zonez"),
        lambda: __import__("gis.scenarios", fromlist=["x"]).load_scenario("table-31"),
    ],
)
def test_catalog_and_scenario_names_use_the_same_hint(call):
    with pytest.raises(InputError, match=r" \(did you mean '[^']+'\?\)"):
        call()
