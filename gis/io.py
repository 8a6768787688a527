"""Read and write vector layers, and measure them in HK1980 Grid.

Every reader failure is a :class:`~gis.errors.LayerError` whose one-line message names the
file, the feature when one is to blame, and the problem::

    zones.geojson: feature 3 (name_en='AI'): invalid geometry (Self-intersection[833050 842050])

Areas and distances are always computed in HK1980 Grid (EPSG:2326), whatever the layer's own
coordinate reference system (CRS); GeoJSON is always written in EPSG:4326 (RFC 7946).

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> plot = gpd.GeoDataFrame({"id": ["P1"]}, geometry=[box(833000, 842000, 833100, 842100)],
...                         crs=HK1980)
>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = write_layer(plot, pathlib.Path(folder) / "plot.geojson")  # EPSG:4326, 7 decimals
...     back = read_layer(path, geom_types=("Polygon", "MultiPolygon"), id_field="id")
>>> round(float(area_m2(back).iloc[0]) / 10_000, 3)  # hectares, measured in HK1980
1.0
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException

from ._fs import atomic_path
from .errors import LayerError, OutputError

__all__ = [
    "HK1980",
    "SUPPORTED_SUFFIXES",
    "WGS84",
    "area_m2",
    "describe_layer",
    "read_layer",
    "to_hk1980",
    "write_layer",
]

HK1980 = "EPSG:2326"
"""Hong Kong 1980 Grid System (metres): the frame of every area and distance."""
WGS84 = "EPSG:4326"
"""WGS 84 longitude/latitude: the frame of every GeoJSON file (RFC 7946)."""

_FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".shp": "Shapefile",
    ".shp.zip": "zipped Shapefile",
    ".zip": "zipped Shapefile",
    ".fgb": "FlatGeobuf",
    ".parquet": "GeoParquet",
    ".geoparquet": "GeoParquet",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)
"""File name endings :func:`read_layer` and :func:`write_layer` understand (case-insensitive)."""

_DRIVERS = {
    "GeoJSON": "GeoJSON",
    "GeoPackage": "GPKG",
    "Shapefile": "ESRI Shapefile",
    "FlatGeobuf": "FlatGeobuf",
}
# Sidecars a Shapefile cannot do without, and what is lost without each one.
_SIDECARS = {".shx": "index", ".dbf": "attributes", ".prj": "coordinate system"}
# Sidecars of an old Shapefile that would be wrong next to a newly written one.
_STALE_SIDECARS = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")
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
_LAYER_SEPARATOR = "::"
_Geo = TypeVar("_Geo", gpd.GeoDataFrame, gpd.GeoSeries)
_SHOW = 3  # features named in a message before "and N more"


# ----------------------------------------------------------------------------- reading


def read_layer(
    path: str | os.PathLike[str],
    layer: str | None = None,
    *,
    crs: Any = None,
    geom_types: Sequence[str] | None = None,
    required: Sequence[str] = (),
    id_field: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a vector layer and check it is fit to plan with.

    Parameters
    ----------
    path
        A GeoJSON (``.geojson``, ``.json``), GeoPackage (``.gpkg``), Shapefile (``.shp``, with its
        ``.shx``, ``.dbf`` and ``.prj`` beside it), zipped Shapefile (``.zip``, ``.shp.zip``; read
        in place, never extracted), FlatGeobuf (``.fgb``) or GeoParquet (``.parquet``,
        ``.geoparquet``) file. ``"plan.gpkg::zones"`` names the layer ``zones`` like ``layer=``.
    layer
        The layer to read from a multi-layer file (a GeoPackage, or the Shapefile's name without
        ``.shp`` in a zip holding several). Needed when the file has more than one spatial layer.
    crs
        The CRS to assign when the file declares none (anything :class:`pyproj.CRS` accepts, e.g.
        ``"EPSG:2326"``). Without it a file with no CRS (e.g. a Shapefile without its ``.prj``)
        is refused. The data are not reprojected. It must agree with a CRS the file declares,
        except for GeoJSON, which always reads as EPSG:4326: there ``crs=`` is assigned only when
        the coordinates cannot be longitude/latitude (legacy HK1980 GeoJSON without a ``crs``).
    geom_types
        Allowed geometry types, e.g. ``("Polygon", "MultiPolygon")``.
    required
        Attribute columns that must be present (names are case-sensitive).
    id_field
        Column that identifies features: it must be present, non-empty and unique.

    Returns
    -------
    geopandas.GeoDataFrame
        The features in file order on a fresh index, in the file's CRS (or ``crs``).
        ``attrs["source"]`` and ``attrs["layer"]`` record where they came from.

    Raises
    ------
    LayerError
        If the file is missing, unreadable, of an unknown type, a Shapefile without a sidecar,
        without CRS, empty, or has a feature of the wrong type, with invalid or no geometry,
        missing attributes, or a missing or duplicate id. The file is never modified.
    """
    src, layer = _split_layer_suffix(Path(path), layer)
    fmt = _check_file(src)
    crs_given = _parse_crs(crs, src) if crs is not None else None
    gdf = _read(src, fmt, layer, crs_given is not None)
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise LayerError("has no geometry column: it is a table, not a layer", source=src)
    gdf = _settle_crs(gdf, src, fmt, crs_given)
    gdf = gdf.reset_index(drop=True)
    gdf.attrs.update(source=str(src), layer=layer)
    _check_features(gdf, src, geom_types, required, id_field)
    return gdf


def _parse_crs(crs: Any, path: Path) -> CRS:
    try:
        return CRS.from_user_input(crs)
    except CRSError as exc:
        raise LayerError(f"crs={crs!r} is not a known CRS (e.g. '{HK1980}')", source=path) from exc


def _split_layer_suffix(path: Path, layer: str | None) -> tuple[Path, str | None]:
    """Split ``"plan.gpkg::zones"`` into the file and the layer name."""
    text = str(path)
    if _LAYER_SEPARATOR not in text or path.exists():
        return path, layer
    file_part, _, named = text.rpartition(_LAYER_SEPARATOR)
    if layer is not None and layer != named:
        raise LayerError(f"names layer '{named}' in the path but layer='{layer}'", source=file_part)
    return Path(file_part), named


def _format_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".shp.zip"):
        return _FORMATS[".shp.zip"]
    return _FORMATS.get(path.suffix.lower())


def _check_file(path: Path) -> str:
    """Return the file's format, or say why it cannot be read."""
    if not path.exists():
        raise LayerError("file not found", source=path)
    if path.is_dir():
        raise LayerError("is a folder, not a layer file (name the file itself)", source=path)
    fmt = _format_of(path)
    if fmt is None:
        found = path.suffix or "no extension"
        raise LayerError(
            f"unknown file type ({found}); supported: {', '.join(SUPPORTED_SUFFIXES)}", source=path
        )
    return fmt


def _read(path: Path, fmt: str, layer: str | None, crs_given: bool) -> Any:
    if fmt == "GeoParquet":
        return _read_parquet(path, layer)
    if fmt == "zipped Shapefile":
        target, layer = _zipped_shapefile(path, layer, crs_given)
    else:
        if fmt == "Shapefile":
            _require_sidecars(path, path.parent, os.listdir(path.parent), crs_given)
        target = str(path)
        layer = _pick_layer(path, fmt, target, layer)
    try:
        return pyogrio.read_dataframe(target, layer=layer)
    except (DataSourceError, DataLayerError, GEOSException) as exc:
        raise LayerError(_unreadable(exc, path, fmt), source=path) from exc


def _read_parquet(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    if layer is not None:
        raise LayerError(f"GeoParquet files have no layers; drop layer '{layer}'", source=path)
    try:
        return gpd.read_parquet(path)
    except (ValueError, OSError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise LayerError(
            f"is not valid GeoParquet ({_first_line(exc, path)})", source=path
        ) from exc


def _pick_layer(path: Path, fmt: str, target: str, layer: str | None) -> str | None:
    """Check the named layer exists, or choose the only spatial one."""
    try:
        listed = pyogrio.list_layers(target)
    except (DataSourceError, DataLayerError) as exc:
        raise LayerError(_unreadable(exc, path, fmt), source=path) from exc
    names = [str(name) for name, _ in listed]
    if layer is not None:
        if layer not in names:
            raise LayerError(f"has no layer '{layer}'; layers: {_listing(names)}", source=path)
        return layer
    spatial = [str(name) for name, geom in listed if geom is not None]
    if len(spatial) > 1:
        raise LayerError(
            f"has {len(spatial)} layers ({_listing(spatial)}); name one with layer= "
            f"or '{path.name}{_LAYER_SEPARATOR}{spatial[0]}'",
            source=path,
        )
    if not spatial:
        raise LayerError("has no spatial layer (only tables without geometry)", source=path)
    return spatial[0]


def _zipped_shapefile(path: Path, layer: str | None, crs_given: bool) -> tuple[str, None]:
    """Return the GDAL path of the Shapefile inside a zip, its sidecars checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise LayerError(f"is not a valid zip archive ({exc})", source=path) from exc
    shps = [m for m in members if m.lower().endswith(".shp")]
    if layer is not None:
        named = [m for m in shps if Path(m).stem == layer]
        if not named:
            stems = _listing([Path(m).stem for m in shps]) or "none"
            raise LayerError(f"zip holds no Shapefile '{layer}.shp'; Shapefiles: {stems}", path)
        shps = named
    if not shps:
        found = _listing([Path(m).name for m in members]) or "nothing"
        raise LayerError(f"zip holds no Shapefile (.shp); found: {found}", source=path)
    if len(shps) > 1:
        stems = [Path(m).stem for m in shps]
        raise LayerError(
            f"zip holds {len(shps)} Shapefiles ({_listing(stems)}); name one with layer=",
            source=path,
        )
    member = shps[0]
    folder = member.rpartition("/")[0]
    siblings = [m.rpartition("/")[2] for m in members if m.rpartition("/")[0] == folder]
    _require_sidecars(path / member, None, siblings, crs_given, shown=f"{path.name}/{member}")
    # GDAL reads the member in place through its virtual file system: nothing is extracted.
    return f"/vsizip/{path.resolve().as_posix()}/{member}", None


def _require_sidecars(
    shp: Path,
    folder: Path | None,
    names: Collection[str],
    crs_given: bool,
    *,
    shown: str | None = None,
) -> None:
    """Refuse a Shapefile whose .shx, .dbf or .prj is missing (GDAL would read on silently).

    GDAL looks for ``<stem>.dbf`` then ``<stem>.DBF``; a sidecar spelled otherwise (``.Dbf``) is
    reported by name rather than silently missed. Without a .prj the file has no CRS, which
    ``crs=`` may supply.
    """
    present = set(names)
    folded = {n.casefold(): n for n in names}
    missing, misnamed = [], []
    for ext, role in _SIDECARS.items():
        if ext == ".prj" and crs_given:
            continue
        exact = (shp.stem + ext, shp.stem + ext.upper())
        if any(n in present or (folder is not None and (folder / n).exists()) for n in exact):
            continue
        other = folded.get(exact[0].casefold())
        if other is not None:
            misnamed.append(f"'{other}' (rename it '{exact[0]}')")
        else:
            missing.append((ext, f"{exact[0]} ({role})"))
    problems = []
    if missing:
        problems.append(f"Shapefile is missing {' and '.join(text for _, text in missing)}")
        if [ext for ext, _ in missing] == [".prj"]:
            problems[-1] += ", so it has no CRS; pass crs= if you know it"
    if misnamed:
        problems.append(f"GDAL cannot find its sidecar {', '.join(misnamed)}")
    if problems:
        raise LayerError("; ".join(problems), source=shown or shp)


def _first_line(exc: BaseException, path: Path) -> str:
    """GDAL's reason, first line only, with the full path shortened to the file name."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.split("; It might help to specify")[0]
    for long in (str(path.resolve()), str(path)):
        text = text.replace(long, path.name)
    return text.rstrip(".")


def _unreadable(exc: BaseException, path: Path, fmt: str) -> str:
    reason = _first_line(exc, path)
    if "not recognized as being in a supported file format" in reason:
        reason = "GDAL does not recognise its contents"
    return f"is not valid {fmt} ({reason})"


def _settle_crs(gdf: gpd.GeoDataFrame, path: Path, fmt: str, crs: CRS | None) -> gpd.GeoDataFrame:
    """Assign ``crs`` to a layer without one; refuse a missing, conflicting or impossible CRS."""
    lonlat_impossible = _outside_lonlat(gdf)
    if gdf.crs is None:
        if crs is None:
            raise LayerError(
                "has no coordinate reference system (CRS); pass crs= if you know it "
                f"(e.g. crs='{HK1980}' for HK1980 Grid metres)",
                source=path,
            )
        return gdf.set_crs(crs)
    if crs is not None and not gdf.crs.equals(crs, ignore_axis_order=True):
        if fmt == "GeoJSON" and lonlat_impossible:
            return gdf.set_crs(crs, allow_override=True)
        raise LayerError(
            f"declares {_crs_label(gdf.crs)} but crs='{_crs_label(crs)}' was given; crs= only "
            "supplies a CRS the file lacks (reproject with to_hk1980 instead)",
            source=path,
        )
    if lonlat_impossible:
        x0, y0, x1, y1 = gdf.total_bounds
        raise LayerError(
            f"coordinates ({x0:.0f}..{x1:.0f}, {y0:.0f}..{y1:.0f}) cannot be longitude/latitude "
            f"as its CRS {_crs_label(gdf.crs)} says; the CRS is wrong or missing "
            f"(HK1980 Grid metres? then pass crs='{HK1980}')",
            source=path,
        )
    return gdf


def _outside_lonlat(gdf: gpd.GeoDataFrame) -> bool:
    if gdf.crs is not None and not gdf.crs.is_geographic:
        return False
    x0, y0, x1, y1 = gdf.total_bounds
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return False
    return x0 < -180 or x1 > 360 or y0 < -90 or y1 > 90


def _check_features(
    gdf: gpd.GeoDataFrame,
    path: Path,
    geom_types: Sequence[str] | None,
    required: Sequence[str],
    id_field: str | None,
) -> None:
    """Refuse an empty layer, missing attributes, bad ids, and wrong or broken geometry."""
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
    reasons = shapely.is_valid_reason(geoms)
    invalid = ~shapely.is_valid(geoms)
    single, plural = "invalid geometry ({})", "have invalid geometry"
    _refuse(path, invalid, label, single=single, plural=plural, detail=reasons)


def _check_attributes(gdf: gpd.GeoDataFrame, path: Path, needed: Sequence[str]) -> None:
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
    found = _listing([str(c) for c in columns]) or "none"
    raise LayerError(
        f"missing required attribute{'s' if len(missing) > 1 else ''} {', '.join(named)}; "
        f"found: {found}",
        source=path,
    )


def _check_unique(gdf: gpd.GeoDataFrame, path: Path, id_field: str) -> None:
    ids = gdf[id_field]
    repeated = np.flatnonzero(ids.duplicated(keep=False).to_numpy())
    if not len(repeated):
        return
    groups: dict[Any, list[str]] = {}
    for pos in repeated:
        groups.setdefault(ids.iloc[pos], []).append(str(pos + 1))
    shown = [f"{value!r} (features {_listing(numbers, 5)})" for value, numbers in groups.items()]
    raise LayerError(f"duplicate '{id_field}' values: {_listing(shown, _SHOW)}", source=path)


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
    raise LayerError(f"{len(positions)} features {plural}: {'; '.join(shown)}{more}", source=path)


def _listing(items: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _crs_label(crs: CRS | None) -> str | None:
    if crs is None:
        return None
    authority = crs.to_authority()
    return f"{authority[0]}:{authority[1]}" if authority else crs.name


# ----------------------------------------------------------------------------- measuring


def to_hk1980(gdf: _Geo) -> _Geo:
    """Reproject to HK1980 Grid (EPSG:2326), the frame of every area and distance.

    Parameters
    ----------
    gdf
        Features with a CRS. The input is not modified.

    Returns
    -------
    geopandas.GeoDataFrame or geopandas.GeoSeries
        A reprojected copy (pyproj, with the HK1980-to-WGS 84 datum shift).

    Raises
    ------
    LayerError
        If ``gdf`` has no CRS: guessing one would misplace it by hundreds of metres.
    """
    if gdf.crs is None:
        raise LayerError(
            f"has no coordinate reference system (CRS), so it cannot be put in HK1980 Grid "
            f"({HK1980}); set one with set_crs()",
            source=gdf.attrs.get("source", "<layer>"),
        )
    return gdf.to_crs(HK1980)


def area_m2(gdf: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each feature in square metres, measured in HK1980 Grid (EPSG:2326).

    Parameters
    ----------
    gdf
        Features in any CRS (not modified); lines and points measure 0.

    Returns
    -------
    pandas.Series
        Named ``"area_m2"``, on the same index as ``gdf``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> plot = gpd.GeoDataFrame(geometry=[box(833000, 842000, 833100, 842100)], crs=HK1980)
    >>> area_m2(plot.to_crs(WGS84)).round(3).tolist()
    [10000.0]
    """
    geoms = to_hk1980(gdf)
    area = geoms.geometry.area if isinstance(geoms, gpd.GeoDataFrame) else geoms.area
    return pd.Series(area.to_numpy(), index=gdf.index, name="area_m2")


def describe_layer(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """Summarise a layer for ``technopole layers show``.

    Returns
    -------
    dict
        ``features``; ``columns`` (attributes); ``geometry_types`` (type -> count); ``crs``
        (e.g. ``"EPSG:2326"``, None if absent); ``area_m2`` and ``area_ha`` (total, measured in
        HK1980 Grid); ``bounds_wgs84`` (min lon, min lat, max lon, max lat). Figures that need a
        CRS or features are None without them.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> plot = gpd.GeoDataFrame(geometry=[box(833000, 842000, 833100, 842100)], crs=HK1980)
    >>> info = describe_layer(plot)
    >>> info["features"], info["crs"], info["area_ha"], info["geometry_types"]
    (1, 'EPSG:2326', 1.0, {'Polygon': 1})
    """
    types = gdf.geometry.geom_type.value_counts(dropna=True)
    info: dict[str, Any] = {
        "features": len(gdf),
        "columns": [str(c) for c in gdf.columns if c != gdf.geometry.name],
        "geometry_types": {str(t): int(n) for t, n in sorted(types.items())},
        "crs": _crs_label(gdf.crs),
        "area_m2": None,
        "area_ha": None,
        "bounds_wgs84": None,
    }
    if gdf.crs is None or len(gdf) == 0:
        return info
    total = float(area_m2(gdf).sum())
    info.update(area_m2=total, area_ha=total / 10_000)
    bounds = gdf.geometry.to_crs(WGS84).total_bounds
    if all(math.isfinite(v) for v in bounds):
        info["bounds_wgs84"] = tuple(round(float(v), 7) for v in bounds)
    return info


# ----------------------------------------------------------------------------- writing


def write_layer(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    layer: str | None = None,
    crs: Any = None,
    force: bool = True,
    precision: int | None = None,
) -> Path:
    """Write a layer atomically, in the format its extension names.

    Parameters
    ----------
    gdf
        The features (not modified). They must have a CRS.
    path
        Target file; same extensions as :func:`read_layer`. ``.shp`` writes the Shapefile set
        (``.shp``, ``.shx``, ``.dbf``, ``.prj``, ``.cpg``); ``.zip`` / ``.shp.zip`` a zip of it.
    layer
        Layer name inside the file (default: the file name without extension). Writing to an
        existing GeoPackage replaces that layer and keeps the others, as GeoPandas does.
    crs
        Reproject to this CRS first. GeoJSON is always EPSG:4326 (RFC 7946).
    force
        When False, refuse to replace an existing file.
    precision
        Decimals kept in coordinates (default 7 for GeoJSON, about 1 cm; none elsewhere).
        Coordinates are rounded one by one, so edges shared by neighbours stay shared; a
        geometry made invalid by rounding is repaired.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    OutputError
        Unknown extension, a GeoJSON CRS other than EPSG:4326, an existing target with
        ``force=False``, or a missing folder. A failed write leaves the old file as it was and
        no temporary file behind. A Shapefile set is written completely in a temporary folder,
        then each file is moved in.
    LayerError
        If ``gdf`` has no CRS, or the format cannot hold it (GDAL's reason).
    """
    target = Path(path)
    fmt = _format_of(target)
    if fmt is None:
        raise OutputError(
            f"{target}: unknown file type ({target.suffix or 'no extension'}); "
            f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    if fmt == "GeoParquet" and layer is not None:
        raise OutputError(f"{target}: GeoParquet files have no layers; drop layer '{layer}'")
    if fmt == "GeoJSON" and precision is None:
        precision = 7
    out = _prepare(gdf, target, fmt, crs, precision)
    name = layer or _stem(target)
    if fmt == "Shapefile":
        _write_shapefile(out, target, force)
    elif fmt == "zipped Shapefile":
        with (
            atomic_path(target, force=force) as tmp,
            _temp_shapefile(out, target) as written,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for part in written:
                archive.write(part, part.name)
    else:
        with atomic_path(target, force=force) as tmp:
            if fmt == "GeoParquet":
                out.to_parquet(tmp)
            else:
                if fmt == "GeoPackage" and target.exists():
                    shutil.copy2(target, tmp)  # keep its other layers
                _ogr_write(out, tmp, fmt, name, target, precision)
    return target


def _stem(target: Path) -> str:
    """The file name without its (possibly double) extension: ``parcels.shp.zip`` -> ``parcels``."""
    name = target.name
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return target.stem


def _prepare(
    gdf: gpd.GeoDataFrame, target: Path, fmt: str, crs: Any, precision: int | None
) -> gpd.GeoDataFrame:
    """Reproject and round a copy of ``gdf`` for writing."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise TypeError(f"write_layer expects a GeoDataFrame, got {type(gdf).__name__}")
    if gdf.crs is None:
        raise LayerError(
            "cannot write a layer with no coordinate reference system (CRS); "
            "set one with set_crs()",
            source=target,
        )
    if fmt == "GeoJSON":
        if crs is not None and not CRS.from_user_input(crs).equals(CRS(WGS84)):
            raise OutputError(
                f"{target}: GeoJSON is always {WGS84} (RFC 7946); crs={crs!r} cannot be written "
                "to it (choose .gpkg, .fgb or .parquet)"
            )
        crs = WGS84
    out = gdf.to_crs(crs) if crs is not None else gdf.copy()
    if precision is not None:
        out = out.set_geometry(_round_coordinates(out.geometry.to_numpy(), precision))
    return out


def _round_coordinates(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """Round every coordinate to ``decimals``; repair only what rounding made invalid.

    Rounding each coordinate (unlike :func:`shapely.set_precision`, which snaps and may drop
    vertices) sends a vertex shared by two neighbours to the same point, so no gap or overlap
    opens between parcels. A repair may add a vertex off the grid (where rings now cross).
    """
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, decimals), include_z=None)
    broken = shapely.is_valid(geoms) & ~shapely.is_valid(rounded)
    if broken.any():
        polygonal = broken & np.isin(shapely.get_type_id(rounded), (3, 6))
        rounded[polygonal] = shapely.make_valid(
            rounded[polygonal], method="structure", keep_collapsed=False
        )
        others = broken & ~polygonal
        rounded[others] = shapely.make_valid(rounded[others])
    return rounded


def _ogr_write(
    out: gpd.GeoDataFrame,
    tmp: Path,
    fmt: str,
    layer: str,
    target: Path,
    precision: int | None = None,
) -> None:
    options: dict[str, Any] = {}
    if fmt == "GeoJSON":
        # RFC 7946: EPSG:4326, counter-clockwise outer rings, no "crs" member.
        options = {"RFC7946": "YES", "COORDINATE_PRECISION": precision}
    elif fmt == "FlatGeobuf":
        # Its spatial index re-sorts the features; keep the planner's order ("feature 3").
        options = {"SPATIAL_INDEX": "NO"}
    try:
        pyogrio.write_dataframe(out, tmp, layer=layer, driver=_DRIVERS[fmt], **options)
    except (DataSourceError, DataLayerError) as exc:
        raise LayerError(
            f"cannot be written as {fmt} ({_first_line(exc, tmp)})", source=target
        ) from exc


def _write_shapefile(out: gpd.GeoDataFrame, target: Path, force: bool) -> None:
    """Write the Shapefile set in a temporary folder beside ``target``, then move it in."""
    stem = _stem(target)
    olds = [target.with_name(stem + ext) for ext in (".shp", *_STALE_SIDECARS)]
    if not force and any(p.exists() for p in olds):
        raise OutputError(f"{target}: exists; pass --force to replace it")
    with _temp_shapefile(out, target) as written:
        # Each file is replaced atomically; the .shp goes last so it never lacks its sidecars.
        for part in sorted(written, key=lambda p: p.suffix.lower() == ".shp"):
            is_shp = part.suffix.lower() == ".shp"
            os.replace(part, target if is_shp else target.with_name(stem + part.suffix))
    new = {p.suffix.lower() for p in written}
    for old in olds:
        if old.suffix.lower() not in new and old.exists():
            old.unlink()  # e.g. an old .qix spatial index would no longer match


@contextlib.contextmanager
def _temp_shapefile(out: gpd.GeoDataFrame, target: Path) -> Iterator[list[Path]]:
    """Yield the Shapefile set written into a temporary folder beside ``target``."""
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    _check_shapefile_fit(out, target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        shp = folder / (_stem(target) + ".shp")
        _ogr_write(out, shp, "Shapefile", shp.stem, target)
        yield sorted(folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_shapefile_fit(out: gpd.GeoDataFrame, target: Path) -> None:
    """Refuse what GDAL would silently change in a Shapefile: long names, mixed geometry."""
    long = [str(c) for c in out.columns if c != out.geometry.name and len(str(c).encode()) > 10]
    if long:
        raise LayerError(
            f"Shapefile attribute names are limited to 10 characters: {_listing(long)}; "
            "rename them or write a GeoPackage (.gpkg)",
            source=target,
        )
    # GDAL writes every feature as the first one's kind: polygons after a line become lines.
    kinds = out.geometry.dropna().geom_type.str.removeprefix("Multi").value_counts()
    if len(kinds) > 1 or "GeometryCollection" in kinds:
        found = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        raise LayerError(
            f"a Shapefile holds one kind of geometry, found {found}; "
            "write a GeoPackage (.gpkg) or split the layer",
            source=target,
        )
