"""The project's set-up: pyproject and environment.yml agree; README starts with two commands."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _name_and_bound(spec: str) -> tuple[str, str]:
    """Name and bound of a requirement; pip extras (``dask[distributed]``) are left out."""
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _extra(py: dict, name: str) -> dict[str, str]:
    """The requirements of an extra, with ``technopole[other]`` expanded."""
    out: dict[str, str] = {}
    for spec in py["project"]["optional-dependencies"][name]:
        inner = re.fullmatch(r"technopole\[(\w+)\]", spec.strip())
        out.update(_extra(py, inner.group(1)) if inner else [_name_and_bound(spec)])
    return out


def test_the_test_extra_installs_the_scale_extra():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "technopole[scale]" in py["project"]["optional-dependencies"]["test"]
    assert {"dask", "dask-geopandas"} <= set(_extra(py, "scale"))


def test_environment_yml_mirrors_pyproject_dependencies():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = dict(_name_and_bound(s) for s in py["project"]["dependencies"])
    wanted.update(_extra(py, "test"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    got = dict(_name_and_bound(s) for s in env["dependencies"] if isinstance(s, str))
    pip = next((d["pip"] for d in env["dependencies"] if isinstance(d, dict)), [])
    got.update(_name_and_bound(s) for s in pip if not s.startswith("-"))
    got.pop("python", None)
    got.pop("pip", None)
    assert got == wanted


def test_design_card_packages_are_core_dependencies():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = {_name_and_bound(s)[0] for s in py["project"]["dependencies"]}
    assert {"geopandas", "shapely", "rasterio", "folium", "pyproj", "pyogrio"} <= names


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no code block"
    first = [ln.strip() for ln in blocks[0].splitlines() if ln.strip() and not ln.startswith("#")]
    assert first[:2] == ["make demo", "make test"]


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_import_gis_is_light():
    """`import gis` and the facts/layers path load no rendering or raster stack."""
    code = (
        "import sys, gis; gis.check_facts(); "
        "bad = [m for m in ('folium', 'rasterio', 'matplotlib') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
