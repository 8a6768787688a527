"""The rooms hold: layers -> gis -> maps -> cli.py, each doing one job (CONTRIBUTING.md).

gis analyses and returns data (no folium, branca, matplotlib or jinja2); no package imports
another's private modules; the public names of gis and maps resolve and are visible to type
checkers; cli.py stays a thin layer.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RENDERING = ("folium", "branca", "matplotlib", "jinja2")
PACKAGES = ("gis", "maps", "cli", "cli_options")


def modules(*packages: str) -> list[tuple[str, Path]]:
    """``(dotted name, path)`` of every module of ``packages`` (``cli`` is cli.py and its
    cli_options.py)."""
    out = []
    for pkg in packages:
        if pkg == "cli":
            out += [("cli", ROOT / "cli.py"), ("cli_options", ROOT / "cli_options.py")]
            continue
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out.append((".".join(p for p in parts if p != "__init__"), path))
    return out


def imported(name: str, path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (functions too), as absolute names;
    ``from x import y`` gives ``x.y`` (y may be a module or a name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return found


def rendering_imports(pkg: str) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line} imports {mod}"
        for name, path in modules(pkg)
        for line, mod in imported(name, path)
        if mod.split(".")[0] in RENDERING
    ]


def private_imports(*packages: str) -> list[str]:
    bad = []
    for name, path in modules(*packages):
        home = name.split(".")[0]
        for line, mod in imported(name, path):
            parts = mod.split(".")
            if (
                parts[0] in PACKAGES
                and parts[0] != home
                and any(p.startswith("_") for p in parts[1:])
            ):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {mod}")
    return bad


def test_gis_imports_no_rendering_library():
    assert rendering_imports("gis") == []


def test_the_rendering_check_sees_an_import_inside_a_function():
    # the check itself can fail: maps renders, so it must find folium there
    assert any("folium" in hit for hit in rendering_imports("maps"))


def test_no_package_imports_another_packages_private_module():
    assert private_imports("gis", "maps", "cli") == []


def test_the_private_import_check_would_catch_one(tmp_path, monkeypatch):
    fake = tmp_path / "maps"
    fake.mkdir()
    (fake / "bad.py").write_text("def f():\n    from gis import _fs\n    import gis._io_crs\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert len(private_imports("maps")) == 2


@pytest.mark.parametrize("pkg", ["gis", "maps"])
def test_every_public_name_resolves(pkg):
    module = importlib.import_module(pkg)
    assert module.__all__ and len(set(module.__all__)) == len(module.__all__)
    missing = [n for n in module.__all__ if getattr(module, n, None) is None]
    assert missing == []


@pytest.mark.parametrize("pkg, table", [("gis", "_EXPORTS"), ("maps", "_WHERE")])
def test_type_checkers_see_what_the_lazy_table_exports(pkg, table):
    """The ``if TYPE_CHECKING:`` imports name exactly the lazily loaded names, from the same
    modules, and ``__all__`` lists them."""
    module = importlib.import_module(pkg)
    tree = ast.parse((ROOT / pkg / "__init__.py").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.level == 1
                seen.update({a.asname or a.name: imp.module for a in imp.names})
    assert seen == getattr(module, table)
    assert sorted(module.__all__) == sorted(seen)


def test_version_comes_from_the_installed_metadata():
    import gis

    assert gis.__version__ == importlib.metadata.version("technopole")
    hard_coded = [
        str(p.relative_to(ROOT))
        for _, p in modules("gis", "maps", "cli")
        if re.search(r"__version__ = [\"']\d+\.\d", p.read_text(encoding="utf-8"))
    ]
    assert hard_coded == []


def test_cli_py_stays_under_400_lines():
    lines = (ROOT / "cli.py").read_text(encoding="utf-8").count("\n")
    assert lines < 400, f"cli.py has {lines} lines"
