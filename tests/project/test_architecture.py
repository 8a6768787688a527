"""The rooms hold: layers -> gis -> maps -> cli.py, each doing one job (CONTRIBUTING.md).

gis analyses and returns data (no folium, branca, matplotlib or jinja2) and never imports maps
or the command line; no module takes part in an import circle; other rooms use a gis folder
through its ``__init__`` only; folders and modules stay small; the public names of gis and
maps resolve, are visible to type checkers and are the ones users have always had; cli.py
stays a thin layer.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDERING = ("folium", "branca", "matplotlib", "jinja2")
CLI = tuple(sorted(p.stem for p in ROOT.glob("cli*.py")))  # cli.py and its helpers
PACKAGES = ("gis", "maps", *CLI)


def modules(*packages: str) -> list[tuple[str, Path]]:
    """``(dotted name, path)`` of every module of ``packages`` (``cli`` is cli.py and every
    cli_*.py beside it)."""
    out = []
    for pkg in packages:
        if pkg == "cli":
            out += [(n, ROOT / f"{n}.py") for n in CLI]
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


def runtime_imports(name: str, path: Path) -> list[tuple[int, str]]:
    """:func:`imported` less the imports under ``if TYPE_CHECKING:`` (never executed: they
    only name types for annotations)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = {
        (node.lineno, node.col_offset)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for node in ast.walk(stmt)
        if isinstance(node, ast.Import | ast.ImportFrom)
    }
    keep = {
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and (node.lineno, node.col_offset) not in skipped
    }
    return [(line, mod) for line, mod in imported(name, path) if line in keep]


def import_graph(*packages: str) -> dict[str, set[str]]:
    """Module -> the modules of ``packages`` that importing or running it imports.

    Importing ``a.b.c`` runs the packages ``a`` and ``a.b`` first: those count too, except the
    packages the importing module itself lives in (they are always running already).
    """
    mods = dict(modules(*packages))
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        edges = set()
        for _, mod in runtime_imports(name, path):
            parts = mod.split(".")
            for k in range(1, len(parts) + 1):
                target = ".".join(parts[:k])
                if target in mods and target != name and not name.startswith(target + "."):
                    edges.add(target)
        graph[name] = edges
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
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


# --- the import graph ---------------------------------------------------------------------


def test_no_module_takes_part_in_an_import_circle():
    assert circles(import_graph("gis", "maps", "cli")) == []


def test_the_circle_check_finds_one(tmp_path, monkeypatch):
    pkg = tmp_path / "gis"
    (pkg / "inner").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "inner" / "__init__.py").write_text("from gis.inner.a import f\n")
    (pkg / "inner" / "a.py").write_text("def f():\n    from gis.b import g\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import gis.c\n"
        "def g():\n    from gis.inner import f\n"
    )
    (pkg / "c.py").write_text("import gis.b\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    # b -> gis.inner (the package runs a) -> a -> b; c -> b only under TYPE_CHECKING
    assert circles(import_graph("gis")) == [["gis.b", "gis.inner", "gis.inner.a"]]


def test_gis_never_imports_maps_or_the_command_line():
    graph = import_graph("gis", "maps", "cli")
    for name, path in modules("gis"):
        upward = [
            mod
            for _, mod in imported(name, path)  # type-only imports included
            if mod.split(".")[0] in ("maps", *CLI)
        ]
        assert upward == [], f"{name} imports {upward}"
        assert not {t for t in graph[name] if not t.startswith("gis")}, name


def test_other_rooms_use_a_gis_folder_through_its_init():
    folders = {p.name for p in (ROOT / "gis").iterdir() if (p / "__init__.py").is_file()}
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {mod}"
        for name, path in modules("maps", "cli")
        for line, mod in imported(name, path)
        if mod.startswith("gis.")
        and mod.split(".")[1] in folders
        and len(mod.split(".")) > 3  # gis.<folder>.<module>.<name>
    ]
    assert bad == []


# --- sizes --------------------------------------------------------------------------------

#: Modules that are data tables or message templates (allowed past 400 lines).
TEMPLATES = {"maps/_i18n.py"}


def test_no_module_is_over_400_lines():
    long = [
        f"{path.relative_to(ROOT)} ({n})"
        for _, path in modules("gis", "maps", "cli")
        if str(path.relative_to(ROOT)) not in TEMPLATES
        and "_vendor" not in path.parts
        and (n := path.read_text(encoding="utf-8").count("\n")) > 400
    ]
    assert long == []


def test_no_folder_holds_more_than_ten_modules():
    for pkg in ("gis", "maps"):
        for folder in [ROOT / pkg, *(p for p in (ROOT / pkg).iterdir() if p.is_dir())]:
            mods = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if folder.name in ("_vendor", "templates", "__pycache__"):
                continue
            if folder == ROOT / "maps":
                continue  # maps keeps its shared modules and entry points on top (CONTRIBUTING.md)
            assert len(mods) <= 10, f"{folder.relative_to(ROOT)} has {len(mods)} modules"


# --- the public API -----------------------------------------------------------------------

#: ``gis.__all__`` as users have it (commit c3c96af, before the folders): none may go away.
PUBLIC_GIS = [
    "AllocationTable",
    "CheckRecord",
    "Comparison",
    "Constraints",
    "Dirichlet",
    "Envelope",
    "EnvelopeOptions",
    "FACTS",
    "Fact",
    "Grid",
    "InputError",
    "Issue",
    "LayerError",
    "Limits",
    "OZP_LAYERS",
    "OutputError",
    "Plan",
    "Rules",
    "SUPPORTED_SUFFIXES",
    "Scenario",
    "ScenarioError",
    "SolveResult",
    "StyleDocument",
    "SweepResult",
    "TableError",
    "TechnopoleError",
    "Uniform",
    "ValidationReport",
    "ZoneRule",
    "ZoneRules",
    "area_m2",
    "build_envelope",
    "capacity_m2",
    "check_facts",
    "check_outputs",
    "check_style",
    "compare",
    "comparison",
    "convert_plan",
    "default_envelope",
    "did_you_mean",
    "floor_area_m2",
    "layer_info",
    "list_layers",
    "list_scenarios",
    "load_layer",
    "load_plan",
    "load_scenario",
    "load_table",
    "load_zone_rules",
    "manifest",
    "open_plan",
    "output_format",
    "plan_info",
    "plan_names",
    "rasterize_layer",
    "read_allocation_table",
    "read_geotiff",
    "read_layer",
    "read_plan",
    "read_style",
    "read_zone_rules",
    "scenario_files",
    "select_site",
    "solve",
    "storeys_under",
    "sweep",
    "sweep_method",
    "to_hk1980",
    "validate",
    "write_geotiff",
    "write_layer",
]


def test_the_public_names_of_gis_are_all_still_there():
    import gis

    assert len(PUBLIC_GIS) == 72
    assert set(PUBLIC_GIS) <= set(gis.__all__)
    for name in PUBLIC_GIS:
        assert getattr(gis, name) is not None, name


def test_each_gis_folder_exports_what_it_lists():
    import gis

    for folder in sorted(p for p in (ROOT / "gis").iterdir() if (p / "__init__.py").is_file()):
        module = importlib.import_module(f"gis.{folder.name}")
        assert module.__all__, folder.name
        missing = [n for n in module.__all__ if not hasattr(module, n)]
        assert missing == [], folder.name
    # what gis re-exports from a folder is the folder's own object
    assert gis.validate is importlib.import_module("gis.validation").validate


def test_the_tests_mirror_the_rooms():
    folders = {p.name for p in (ROOT / "gis").iterdir() if (p / "__init__.py").is_file()}
    tested = {p.parent.name for p in (ROOT / "tests").glob("*/test_*.py")}
    # maps/ and cli.py are tested in tests/rendering and tests/commands: a tests/maps or tests/cli
    # folder would shadow the real package in a subprocess that puts tests/ on sys.path
    assert folders | {"rendering", "commands", "project"} <= tested
    assert not {"maps", "cli", "gis"} & {p.name for p in (ROOT / "tests").iterdir()}
    assert list((ROOT / "tests").glob("test_*.py")) == []  # every test file lives in its room


def test_only_gis_config_reads_the_environment():
    """Every environment variable technopole reads is read in gis/config.py (one parser of
    SOURCE_DATE_EPOCH, one of each limit)."""
    readers = [
        f"{path.relative_to(ROOT)}:{n}"
        for _, path in modules("gis", "maps", "cli")
        if path != ROOT / "gis" / "config.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"os\.environ|os\.getenv|getenv\(", line)
    ]
    assert readers == []
