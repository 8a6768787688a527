"""Plans by number or path: the plans shipped with technopole (:func:`plan_names`,
:func:`load_plan`), :func:`open_plan` for a path or a number, a shipped plan's layer
(``tpb:`` layer names) and :func:`convert_plan` to the toolkit's layer formats.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import Any

import geopandas as gpd

from gis.errors import LayerError, did_you_mean
from gis.ozp import labels
from gis.ozp.plan import Plan, read_plan
from gis.ozp.read import LAYER_KINDS


def _plans_dir() -> Path:
    """The shipped plans: ``layers/sources/tpb`` of the embedded data (else of the package)."""
    from gis.config import layers_dir

    folder = layers_dir() / "sources" / "tpb"
    return folder if folder.is_dir() else labels.FAMILIES_FILE.parent / "sources" / "tpb"


def plan_names() -> list[str]:
    """Numbers of the plans shipped with technopole.

    Returns
    -------
    list of str

    Examples
    --------
    >>> plan_names()[:2]
    ['S/KTN/4', 'S/LMCL/2']
    """
    folders = [p for p in sorted(_plans_dir().iterdir()) if (p / "ZONE.json").is_file()]
    return [p.name.replace("_", "/") for p in folders]


@functools.cache
def _load_shipped(folder: Path) -> Plan:
    return read_plan(folder)


def load_plan(name: str) -> Plan:
    """A plan shipped with technopole, by number: ``"S/KTN/4"`` or ``"S_KTN_4"`` (any case).

    Parameters
    ----------
    name
        The plan number.

    Returns
    -------
    Plan
        A copy: changing it changes no other caller's plan.

    Raises
    ------
    LayerError
        Unknown plan (with the closest shipped one and the list).
    """
    wanted = str(name).strip().upper().replace("_", "/")
    names = plan_names()
    if wanted not in names:
        raise LayerError(
            f"unknown plan '{name}'{did_you_mean(wanted, names)}; shipped plans: "
            f"{', '.join(names)}; or give the path of a plan folder, zip or file"
        )
    plan = _load_shipped(_plans_dir() / wanted.replace("/", "_"))
    out = copy.copy(plan)
    out.layers = {k: plan.layer(k) for k in plan.layers}
    out.unknown_labels = dict(plan.unknown_labels)
    return out


def open_plan(path_or_name: str | os.PathLike[str], *, crs: Any = None) -> Plan:
    """:func:`read_plan` for an existing path, else :func:`load_plan` by number.

    Parameters
    ----------
    path_or_name
        A plan folder, zip or file, or a shipped plan's number.
    crs
        For a file that declares no CRS (:func:`read_plan`).

    Returns
    -------
    Plan

    Raises
    ------
    LayerError
        A path that does not exist, an unknown plan, or a plan that cannot be read.
    """
    if Path(path_or_name).exists():
        return read_plan(path_or_name, crs=crs)
    if isinstance(path_or_name, os.PathLike) or Path(str(path_or_name)).suffix:
        raise LayerError("file or folder not found", source=str(path_or_name))
    return load_plan(str(path_or_name))


def plan_layer(spec: str) -> gpd.GeoDataFrame:
    """A layer of a shipped plan: ``"S/KTN/4"`` (its zones) or ``"S/KTN/4/BHC"``.

    This is what ``gis.load_layer("tpb:S/KTN/4/ZONE")`` returns.
    """
    text = str(spec).strip()
    for kind in LAYER_KINDS:
        if text.upper().endswith("/" + kind):
            return load_plan(text[: -len(kind) - 1]).layer(kind)
    return load_plan(str(spec)).layer("ZONE")


def convert_plan(
    path_or_name: str | os.PathLike[str],
    to: str | os.PathLike[str],
    *,
    layer: str = "ZONE",
    force: bool = False,
    crs: Any = None,
) -> tuple[Path, int]:
    """Write one layer of a plan in the toolkit's layer format (:func:`gis.io.write_layer`).

    Parameters
    ----------
    path_or_name
        A plan folder, zip or file, or a shipped plan's number.
    to
        Output file; its extension names the format (``.geojson`` is EPSG:4326).
    layer
        ``ZONE``, ``PLAN_SCHEME_AREA``, ``BHC`` or ``AMENDMENT_ITEM``.
    force
        Replace ``to`` if it exists.
    crs
        CRS to assume for an input layer that declares none.

    Returns
    -------
    tuple
        The written path and its number of features.
    """
    from gis.io.layers import write_layer

    gdf = open_plan(path_or_name, crs=crs).layer(layer)
    return write_layer(gdf, to, force=force), len(gdf)


convert = convert_plan  # the module-level name used as ``gis.ozp.convert``
