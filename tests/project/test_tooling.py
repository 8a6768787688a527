"""The house tooling: ruff (lint with docstring and annotation rules, format) and mypy run in
`make test` before the suite, and a failing step fails the target."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_ruff_selects_numpydoc_docstring_and_annotation_rules():
    lint = PYPROJECT["tool"]["ruff"]["lint"]
    assert {"D", "ANN"} <= set(lint["select"])
    assert lint["pydocstyle"]["convention"] == "numpy"
    ignored = set(lint.get("ignore", []))
    assert not {"D1", "D100", "D103", "ANN001", "ANN201"} & ignored
    per_file = lint.get("per-file-ignores", {})
    for pattern in ("gis/*.py", "maps/*.py", "gis/**", "maps/**", "*.py", "**"):
        assert pattern not in per_file, f"{pattern} switches rules off for the public API"


def test_ruff_format_matches_the_code():
    assert PYPROJECT["tool"]["ruff"]["line-length"] == 100
    assert PYPROJECT["tool"]["ruff"]["format"]["quote-style"] == "double"


def test_mypy_checks_gis_and_maps_without_pandas_stubs():
    mypy = PYPROJECT["tool"]["mypy"]
    assert set(mypy["files"]) == {"gis", "maps"}
    assert mypy["check_untyped_defs"] is True
    assert mypy["warn_unused_ignores"] is True
    extra = " ".join(PYPROJECT["project"]["optional-dependencies"]["test"]).lower()
    assert "mypy" in extra
    assert "pandas-stubs" not in extra


@pytest.fixture
def fake_tools(tmp_path):
    """A bin folder whose ruff, mypy and python log their arguments; FAIL=<tool> makes one fail."""
    log = tmp_path / "calls.log"
    for tool in ("ruff", "mypy", "python"):
        script = tmp_path / tool
        script.write_text(
            f'#!/bin/sh\necho "{tool} $*" >> "{log}"\n[ "$FAIL" = "{tool} $1" ] && exit 3\nexit 0\n'
        )
        script.chmod(0o755)
    stamp = tmp_path / "stamp"
    stamp.touch()
    os.utime(stamp, (2**33, 2**33))  # newer than pyproject.toml and the lock: no install
    return tmp_path, log, stamp


def _make(target: str, fake_tools, fail: str = "") -> tuple[int, list[str]]:
    bin_dir, log, stamp = fake_tools
    if shutil.which("make") is None:
        pytest.fail("make is needed: `make test` is the documented way to run the checks")
    proc = subprocess.run(
        ["make", "-s", target, f"BIN={bin_dir}", f"TEST_STAMP={stamp}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "FAIL": fail},
    )
    calls = [c.strip() for c in log.read_text().splitlines()] if log.exists() else []
    return proc.returncode, calls


def test_make_test_runs_ruff_check_format_mypy_then_pytest(fake_tools):
    code, calls = _make("test", fake_tools)
    assert code == 0
    assert calls == ["ruff check .", "ruff format --check .", "mypy", "python -m pytest"]


@pytest.mark.parametrize("failing", ["ruff check", "ruff format", "mypy "])
def test_a_failing_check_fails_make_test_before_the_suite(fake_tools, failing):
    code, calls = _make("test", fake_tools, fail=failing)
    assert code != 0
    assert "python -m pytest" not in calls


def test_make_lint_runs_the_checks_and_make_format_formats(fake_tools):
    assert _make("lint", fake_tools)[1] == ["ruff check .", "ruff format --check .", "mypy"]
    fake_tools[1].unlink()
    assert _make("format", fake_tools)[1] == ["ruff format ."]


def _public_callables():
    """Every public function of gis and maps, and every public method of their public classes."""
    import inspect

    import gis
    import maps

    for pkg in (gis, maps):
        for name in pkg.__all__:
            obj = getattr(pkg, name)
            if inspect.isfunction(obj):
                yield f"{pkg.__name__}.{name}", inspect.unwrap(obj)
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if isinstance(member, classmethod | staticmethod):
                        member = member.__func__
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{pkg.__name__}.{name}.{attr}", member


def _missing_sections(fn) -> list[str]:
    import inspect

    doc = inspect.getdoc(fn) or ""
    sig = inspect.signature(fn)
    missing = []
    if [
        p for p in sig.parameters if p not in ("self", "cls")
    ] and "Parameters\n----------" not in doc:
        missing.append("Parameters")
    returns = sig.return_annotation
    if returns not in ("None", None, inspect.Signature.empty) and not (
        "Returns\n-------" in doc or "Yields\n------" in doc
    ):
        missing.append("Returns")
    return missing


def test_every_public_function_has_numpydoc_parameters_and_returns():
    missing = {name: gaps for name, fn in _public_callables() if (gaps := _missing_sections(fn))}
    assert not missing, f"docstrings without numpydoc sections: {missing}"


def test_the_section_check_sees_a_missing_section():
    def documented(x: int) -> int:
        """Twice ``x``.

        Parameters
        ----------
        x
            A number.

        Returns
        -------
        int
        """
        return 2 * x

    def undocumented(x: int) -> int:
        """Twice ``x``."""
        return 2 * x

    assert _missing_sections(documented) == []
    assert _missing_sections(undocumented) == ["Parameters", "Returns"]
