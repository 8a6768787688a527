"""The built-in scenarios (``layers/scenarios/*.yaml``) and finding a scenario by name or path.

:func:`load_scenario` and :func:`list_scenarios` are re-exported by :mod:`gis.scenarios`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from gis.errors import ScenarioError, did_you_mean
from gis.scenarios.scenario import Scenario


def scenarios_dir() -> Path:
    """The folder of the built-in scenarios.

    Returns
    -------
    pathlib.Path
        ``layers/scenarios`` of the installed package.
    """
    from gis.config import layers_dir

    return layers_dir() / "scenarios"


def builtin_names() -> list[str]:
    """The names of the built-in scenarios, sorted.

    Returns
    -------
    list of str
    """
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def list_scenarios(check: bool = False) -> pd.DataFrame:
    """The built-in scenarios.

    Parameters
    ----------
    check
        Also evaluate each one: ``status`` (the verdict: PASS, FAIL, INCOMPLETE) and
        ``errors`` columns.

    Returns
    -------
    pandas.DataFrame
        Indexed by name: description, base, total GFA, file and SHA-256.
    """
    rows = []
    for name in builtin_names():
        sc = Scenario.from_yaml(scenarios_dir() / f"{name}.yaml")
        rows.append(
            {
                "name": name,
                "description": sc.description,
                "base": sc.base,
                "total_gfa_m2": sc.total(),
                "file": str(sc.path),
                "sha256": sc.sha256,
            }
        )
    cols = ["name", "description", "base", "total_gfa_m2", "file", "sha256"]
    df = pd.DataFrame(rows, columns=cols).set_index("name")
    if check:
        reports = [load_scenario(name).evaluate() for name in df.index]
        df["status"] = [r.verdict for r in reports]
        df["errors"] = [len(r.errors) for r in reports]
    return df


def load_scenario(spec: Scenario | str | os.PathLike[str]) -> Scenario:
    """A scenario from what a user names.

    Parameters
    ----------
    spec
        A :class:`Scenario`, a built-in name (``"table-3-1"``) or the path of a scenario file.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        An unknown name (with the closest built-in) or a bad file.

    Examples
    --------
    >>> load_scenario("table-3-1").total()
    1000000.0
    """
    if isinstance(spec, Scenario):
        return spec
    p = Path(spec)  # not a Scenario (returned above)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        return Scenario.from_yaml(p)
    names = builtin_names()
    if str(spec) in names:
        return Scenario.from_yaml(scenarios_dir() / f"{spec}.yaml")
    raise ScenarioError(
        f"unknown scenario '{spec}'{did_you_mean(spec, names)}; built-ins: "
        f"{', '.join(names)}; or give the path of a .yaml scenario file"
    )


def scenario_files(spec: str | os.PathLike[str]) -> list[Path]:
    """The files a scenario reads: its YAML file and every file of its base project (the
    manifest, layers and tables), found without loading them.

    Commands check their outputs against these before any work, so that ``--out`` never
    replaces a file a scenario names. What cannot be read here (an unknown name, a bad file)
    is left out: loading the scenario reports it.

    Parameters
    ----------
    spec
        A built-in name or the path of a scenario file.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> [p.name for p in scenario_files("table-3-1")][:2]
    ['table-3-1.yaml', 'manifest.yaml']
    """
    from gis.catalog.layers import _manifest, layers_dir
    from gis.errors import InputError
    from gis.scenarios import schema

    p = Path(spec)
    if not (p.suffix.lower() in (".yaml", ".yml") or p.exists()):
        if str(spec) not in builtin_names():
            return []
        p = scenarios_dir() / f"{spec}.yaml"
    if not p.is_file():
        return []
    try:
        data = schema.read_document(p).data
        base = data.get("base") if isinstance(data, dict) else None
        folder = layers_dir() if base == "embedded" else p.parent / str(base)
        man = _manifest(folder) if base is not None else {}
    except (InputError, OSError):
        return [p]
    named = [
        folder / str(entry["file"])
        for part in ("layers", "tables")
        for entry in (man.get(part) or {}).values()
        if isinstance(entry, dict) and "file" in entry
    ]
    return [p, folder / "manifest.yaml", *named]
