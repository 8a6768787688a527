"""The project's set-up: pyproject and environment.yml agree; README starts with two commands."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
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


# The lock: requirements/demo.txt (core) and requirements/test.txt (core + test + scale), written
# by `make lock`, installed by `make demo` and `make test` (see the Makefile's header).
LOCKS = {"demo": ROOT / "requirements" / "demo.txt", "test": ROOT / "requirements" / "test.txt"}
_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?:\s*;[^\\]*)?\s*\\?")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock(which: str) -> dict[str, str]:
    """Name -> version of every pin; a top-level line that is not an exact pin fails."""
    pins: dict[str, str] = {}
    for line in LOCKS[which].read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", " ")):  # comments, hashes, "# via"
            continue
        m = _PIN.fullmatch(line)
        assert m, f"{LOCKS[which].name}: not an exact == pin: {line!r}"
        pins[_canonical(m.group(1))] = m.group(2)
    return pins


def _requirements(py: dict, extra: str | None = None) -> list[str]:
    """The requirement strings of the core (extra=None) or of an extra, technopole[x] expanded."""
    if extra is None:
        return list(py["project"]["dependencies"])
    out: list[str] = []
    for spec in py["project"]["optional-dependencies"][extra]:
        inner = re.fullmatch(r"technopole\[(\w+)\]", spec.strip())
        out += _requirements(py, inner.group(1)) if inner else [spec]
    return out


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_dependency_is_pinned_exactly_in_the_lock_files():
    py = _pyproject()
    core = {_name_and_bound(s)[0] for s in _requirements(py)}
    test = {_name_and_bound(s)[0] for s in _requirements(py, "test")}
    assert {"dask", "dask-geopandas", "pytest", "ruff"} <= test  # the scale extra is expanded
    demo_lock, test_lock = _lock("demo"), _lock("test")
    assert core - set(demo_lock) == set(), "core dependencies missing from requirements/demo.txt"
    assert (core | test) - set(test_lock) == set(), "missing from requirements/test.txt"


def test_every_pin_carries_a_hash():
    """pip then installs in hash-checking mode: a changed file on the index fails the install."""
    for path in LOCKS.values():
        text = path.read_text(encoding="utf-8")
        pins = re.findall(r"^[A-Za-z0-9].*$", text, flags=re.M)
        blocks = re.split(r"^(?=[A-Za-z0-9])", text, flags=re.M)[1:]
        assert len(blocks) == len(pins) > 0
        no_hash = [b.split()[0] for b in blocks if "--hash=sha256:" not in b]
        assert no_hash == [], f"{path.name}: pins without a hash: {no_hash}"


def test_the_demo_lock_has_no_test_tool():
    py = _pyproject()
    core = {_name_and_bound(s)[0] for s in _requirements(py)}
    test_only = {_name_and_bound(s)[0] for s in _requirements(py, "test")} - core
    assert {"pytest", "ruff", "mypy", "playwright", "dask", "ipykernel"} <= test_only
    assert test_only & set(_lock("demo")) == set()
    assert "distributed" not in _lock("demo")


def test_the_demo_lock_pins_the_same_versions_as_the_test_lock():
    """`make demo` then `make test` in one .venv only adds packages, it never changes one."""
    demo_lock, test_lock = _lock("demo"), _lock("test")
    differ = {n: (v, test_lock.get(n)) for n, v in demo_lock.items() if test_lock.get(n) != v}
    assert differ == {}


def test_the_locked_versions_satisfy_pyproject_ranges():
    from packaging.requirements import Requirement
    from packaging.version import Version

    py = _pyproject()
    for which, specs in (
        ("demo", _requirements(py)),
        ("test", _requirements(py) + _requirements(py, "test")),
    ):
        pins = _lock(which)
        outside = {}
        for spec in specs:
            req = Requirement(spec)
            version = Version(pins[_canonical(req.name)])
            if not req.specifier.contains(version, prereleases=True):
                outside[req.name] = f"{version} not in {req.specifier}"
        assert outside == {}, f"requirements/{which}.txt outside pyproject's ranges: {outside}"


def _make_dry(*args: str, check: bool = True) -> list[str]:
    """The commands make would run (make -n), without running them."""
    proc = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=check
    )
    return proc.stdout.splitlines()


def _installs(lines: list[str]) -> list[str]:
    """What each `pip install` line installs, options other than --no-deps dropped."""
    out = []
    for line in lines:
        if " pip install " in line:
            words = line.split(" pip install ", 1)[1].split()
            out.append(" ".join(w for w in words if w in ("--no-deps", "-r", "-e") or w[0] != "-"))
    return out


@pytest.mark.parametrize("target", ["demo", "test"])
def test_make_demo_and_make_test_install_the_lock_then_technopole_without_deps(tmp_path, target):
    lines = _make_dry(target, f"VENV={tmp_path / 'venv'}")
    installs = _installs(lines)
    assert installs[0].startswith("pip==")  # pip itself, pinned
    assert installs[1:] == [f"-r requirements/{target}.txt", "--no-deps -e ."]
    assert not [ln for ln in lines if ".venv-latest" in ln or "[test]" in ln]


def test_make_test_after_make_demo_keeps_the_venv_and_adds_the_test_set(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    (venv / ".demo-stamp").touch()
    lines = _make_dry("test", f"VENV={venv}")
    assert not [ln for ln in lines if "-m venv" in ln]
    assert _installs(lines) == ["-r requirements/test.txt", "--no-deps -e ."]
    assert _installs(_make_dry("demo", f"VENV={venv}")) == []  # its stamp is there


def test_the_stamps_follow_the_lock_files_and_pyproject(tmp_path):
    venv = tmp_path / "venv"
    # make's database (-p): each rule with its prerequisites, variables expanded
    database = "\n".join(_make_dry("-p", "-q", f"VENV={venv}", check=False))
    for which in ("demo", "test"):
        rule = re.search(rf"^{re.escape(str(venv))}/\.{which}-stamp:(.*)$", database, flags=re.M)
        assert rule, f"no rule for the {which} stamp"
        prerequisites = rule.group(1).split("|")[0].split()
        assert set(prerequisites) == {f"requirements/{which}.txt", "pyproject.toml"}


def test_make_lock_writes_both_lock_files_with_a_pinned_uv():
    lines = _make_dry("-B", "lock")
    assert any(re.search(r"pip install .*uv==\d+\.\d+\.\d+", ln) for ln in lines)
    compiles = [ln for ln in lines if "uv pip compile pyproject.toml" in ln]
    assert len(compiles) == 2
    assert all("--universal" in ln and "--python-version 3.11" in ln for ln in compiles)
    assert "--extra test" in compiles[0] and "-o requirements/test.txt" in compiles[0]
    assert "-c requirements/test.txt -o requirements/demo.txt" in compiles[1]
    for path in LOCKS.values():
        assert "make lock" in path.read_text(encoding="utf-8").splitlines()[1]


def test_make_test_latest_uses_its_own_venv_and_is_not_part_of_ci():
    lines = "\n".join(_make_dry("test-latest"))
    assert ".venv-latest/bin/python -m pip install" in lines
    assert "--upgrade" in lines and "-e '.[test]'" in lines
    assert "requirements/test.txt" not in _installs(lines.splitlines())
    assert "test-latest" not in (ROOT / ".ci" / "run").read_text()
    cleaned = " ".join(_make_dry("clean"))
    ignored = (ROOT / ".gitignore").read_text().split()
    for folder in (".venv-latest", ".venv-lock"):
        assert folder in cleaned.split()
        assert f"{folder}/" in ignored


def test_the_latest_report_names_what_differs_from_the_lock(tmp_path):
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "pytest==0.0.1 \\\n    --hash=sha256:00\n"
        "gone-from-this-venv==1.0\n"
        "windows-only-xyz==1.0 ; sys_platform == 'win32'\n"
    )
    script = ROOT / "requirements" / "diff_latest.py"
    proc = subprocess.run(
        [sys.executable, str(script), str(lock)], capture_output=True, text=True, check=True
    )
    rows = {ln.split()[0]: ln.split()[1:] for ln in proc.stdout.splitlines()[1:]}
    assert rows["pytest"] == ["0.0.1", pytest.__version__]
    assert rows["gone-from-this-venv"] == ["1.0", "(no", "longer", "installed)"]
    assert rows["iniconfig"][0] == "(not"  # installed with pytest, not in this lock
    assert "windows-only-xyz" not in rows or sys.platform == "win32"
