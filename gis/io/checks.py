"""Checks of the features :func:`gis.io.read_layer` reads, and the messages that refuse them.

Every refusal is one :class:`~gis.errors.LayerError` line naming the file, the first few
offending features (1-based, with their id and ``name_en``) and how many there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.errors import LayerError

_GEOM_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "LinearRing",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
_SHOW = 3  # features named in a message before "and N more"


# ----------------------------------------------------------------------------- messages


def first_line(exc: BaseException, path: Path) -> str:
    """GDAL's reason, first line only, with the full path shortened to the file name."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.split("; It might help to specify")[0]
    for long in (str(path.resolve()), str(path)):
        text = text.replace(long, path.name)
    return text.rstrip(".")


def unreadable(exc: BaseException, path: Path, fmt: str) -> str:
    """Say in one line why ``path`` could not be read as ``fmt``."""
    reason = first_line(exc, path)
    if "not recognized as being in a supported file format" in reason:
        reason = "GDAL does not recognise its contents"
    return f"is not valid {fmt} ({reason})"


def listing(items: Sequence[str], limit: int = 10) -> str:
    """Join ``items`` with commas, naming at most ``limit`` of them.

    Examples
    --------
    >>> listing(["zones", "plots", "roads"], limit=2)
    'zones, plots and 1 more'
    """
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# ----------------------------------------------------------------------------- features


def check_features(
    gdf: gpd.GeoDataFrame,
    path: Path,
    geom_types: Sequence[str] | None,
    required: Sequence[str],
    id_field: str | None,
    *,
    valid: bool = True,
) -> None:
    """Refuse an empty layer, missing attributes, bad ids, and wrong or broken geometry.

    ``valid=False`` leaves geometry validity alone (official data is repaired instead:
    :mod:`gis.io.repair`).
    """
    if len(gdf) == 0:
        raise LayerError("layer has no features (0 features)", source=path)
    _check_attributes(gdf, path, [*required, *([id_field] if id_field else [])])
    label = _labeller(gdf, id_field)
    if id_field:
        ids = gdf[id_field]
        blank = (ids.isna() | (ids.astype(str).str.strip() == "")).to_numpy()
        about = f"no '{id_field}' (null or blank)"
        _refuse(path, blank, label, single=f"has {about}", plural=f"have {about}")
        _check_unique(gdf, path, id_field)
    geoms = gdf.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    about = "no geometry (null or empty)"
    _refuse(path, missing, label, single=f"has {about}", plural=f"have {about}")
    if geom_types is not None:
        unknown = set(geom_types) - _GEOM_TYPES
        if unknown:
            raise ValueError(f"unknown geometry types {sorted(unknown)}; use {sorted(_GEOM_TYPES)}")
        types = gdf.geometry.geom_type.to_numpy()
        expected = " or ".join(geom_types)
        wrong = ~np.isin(types, list(geom_types))
        single = f"geometry is {{}}; expected {expected}"
        _refuse(path, wrong, label, single=single, plural=f"are not {expected}", detail=types)
    if not valid:
        return
    invalid = ~_is_valid(geoms)
    reasons = np.full(len(invalid), "", dtype=object)  # the reason only where it is invalid
    reasons[invalid] = shapely.is_valid_reason(geoms[invalid])
    single, plural = "invalid geometry ({})", "have invalid geometry"
    _refuse(path, invalid, label, single=single, plural=plural, detail=reasons)


def _is_valid(geoms: np.ndarray, per_thread: int = 100_000) -> np.ndarray:
    """``shapely.is_valid`` split across the usable cores (GEOS runs without the GIL)."""
    import os

    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    workers = min(workers, len(geoms) // per_thread)
    if workers < 2:
        return shapely.is_valid(geoms)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        return np.concatenate(list(pool.map(shapely.is_valid, np.array_split(geoms, workers))))


def _check_attributes(gdf: gpd.GeoDataFrame, path: Path, needed: Sequence[str]) -> None:
    """Refuse missing attribute columns, pointing out names that differ only in case."""
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    missing = [c for c in dict.fromkeys(needed) if c not in columns]
    if not missing:
        return
    folded = {str(c).casefold(): c for c in columns}
    named = [
        f"'{c}'"
        + (
            f" (found '{folded[c.casefold()]}': names are case-sensitive)"
            if c.casefold() in folded
            else ""
        )
        for c in missing
    ]
    found = listing([str(c) for c in columns]) or "none"
    raise LayerError(
        f"missing required attribute{'s' if len(missing) > 1 else ''} {', '.join(named)}; "
        f"found: {found}",
        source=path,
    )


def _check_unique(gdf: gpd.GeoDataFrame, path: Path, id_field: str) -> None:
    """Refuse repeated ``id_field`` values, naming the features that share each one."""
    ids = gdf[id_field]
    repeated = np.flatnonzero(ids.duplicated(keep=False).to_numpy())
    if not len(repeated):
        return
    groups: dict[Any, list[str]] = {}
    for pos in repeated:
        groups.setdefault(ids.iloc[pos], []).append(str(pos + 1))
    shown = [f"{value!r} (features {listing(numbers, 5)})" for value, numbers in groups.items()]
    raise LayerError(f"duplicate '{id_field}' values: {listing(shown, _SHOW)}", source=path)


def _labeller(gdf: gpd.GeoDataFrame, id_field: str | None) -> Callable[[int], str]:
    """Return ``position -> "feature 3 (id='Z3', name_en='AI')"`` (1-based, as planners count)."""
    fields = [f for f in dict.fromkeys([id_field or "id", "name_en"]) if f in gdf.columns]

    def label(pos: int) -> str:
        shown = []
        for field in fields:
            text = _short_value(gdf[field].iloc[pos])
            if text is not None:
                shown.append(f"{field}={text!r}")
        return f"feature {pos + 1}" + (f" ({', '.join(shown)})" if shown else "")

    return label


def _short_value(value: Any) -> str | None:
    """A value fit for a one-line message, or None when it is missing."""
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # list-like values
        pass
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _refuse(
    path: Path,
    bad: np.ndarray,
    label: Callable[[int], str],
    *,
    single: str,
    plural: str,
    detail: np.ndarray | None = None,
) -> None:
    """Raise one error naming the first few offending features and how many there are.

    ``single`` is the problem of one feature (``{}`` stands for its ``detail``); ``plural``
    follows "N features" when there are several.
    """
    positions = [int(p) for p in np.flatnonzero(bad)]
    if not positions:
        return
    if len(positions) == 1:
        first = positions[0]
        problem = single.replace("{}", str(detail[first]) if detail is not None else "")
        raise LayerError(problem, source=path, where=label(first))
    shown = [label(p) + (f": {detail[p]}" if detail is not None else "") for p in positions[:_SHOW]]
    more = f"; and {len(positions) - _SHOW} more" if len(positions) > _SHOW else ""
    head = f"{len(positions):,} features {plural}"  # never one: a single one is named above
    raise LayerError(f"{head}: {'; '.join(shown)}{more}", source=path)
