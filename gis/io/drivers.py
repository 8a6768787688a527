"""File formats of :mod:`gis.io`: detection, layers, Shapefile sidecars, zips and writers.

Internal: :func:`gis.io.read_layer` and :func:`gis.io.write_layer` are the entry points.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS
from shapely.errors import GEOSException

from gis.errors import LayerError, OutputError
from gis.fs import FIXED_DATE, TMP_MARK, not_a_file, output_date
from gis.io.checks import first_line, listing, unreadable
from gis.io.crs import WGS84

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
"""Endings :func:`gis.io.read_layer` and :func:`gis.io.write_layer` understand (any case)."""

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
_LAYER_SEPARATOR = "::"


# ----------------------------------------------------------------------------- reading


def split_layer_suffix(path: Path, layer: str | None) -> tuple[Path, str | None]:
    """Split ``"plan.gpkg::zones"`` into the file and the layer name."""
    text = str(path)
    if _LAYER_SEPARATOR not in text or path.exists():
        return path, layer
    file_part, _, named = text.rpartition(_LAYER_SEPARATOR)
    if layer is not None and layer != named:
        raise LayerError(
            f"names layer '{named}' in the path but --layer-name (layer= in Python) is '{layer}'",
            source=file_part,
        )
    return Path(file_part), named


def format_of(path: Path) -> str | None:
    """The format a file name's ending names (case-insensitive), or None if unknown.

    Examples
    --------
    >>> format_of(Path("Parcels.SHP.ZIP")), format_of(Path("plan.gpkg")), format_of(Path("a.txt"))
    ('zipped Shapefile', 'GeoPackage', None)
    """
    name = path.name.lower()
    if name.endswith(".shp.zip"):
        return _FORMATS[".shp.zip"]
    return _FORMATS.get(path.suffix.lower())


def check_file(path: Path) -> str:
    """Return the file's format, or say why it cannot be read."""
    if not path.exists():
        raise LayerError("file not found", source=path)
    if path.is_dir():
        raise LayerError("is a folder, not a layer file (name the file itself)", source=path)
    if not path.is_file():  # a FIFO or a device would block the reader for ever
        raise LayerError(f"{not_a_file(path)}: save the layer to a file", source=path)
    fmt = format_of(path)
    if fmt is None:
        found = path.suffix or "no extension"
        raise LayerError(
            f"unknown file type ({found}); supported: {', '.join(SUPPORTED_SUFFIXES)}", source=path
        )
    return fmt


def read_frame(path: Path, fmt: str, layer: str | None, crs_given: bool) -> Any:
    """Read ``path`` as ``fmt`` (GDAL in place, or pyarrow for GeoParquet); refuse bad files."""
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
        with warnings.catch_warnings():  # GDAL's and shapely's warnings (an unclosed ring, a
            warnings.simplefilter("ignore", RuntimeWarning)  # NaN) would add lines to the error
            return pyogrio.read_dataframe(target, layer=layer)
    except (DataSourceError, DataLayerError, GEOSException) as exc:
        raise LayerError(unreadable(exc, path, fmt), source=path) from exc


def _read_parquet(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    """Read a GeoParquet file, which has no layers to name."""
    if layer is not None:
        raise LayerError(f"GeoParquet files have no layers; drop layer '{layer}'", source=path)
    try:
        return gpd.read_parquet(path)
    except (ValueError, OSError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise LayerError(f"is not valid GeoParquet ({first_line(exc, path)})", source=path) from exc


def _pick_layer(path: Path, fmt: str, target: str, layer: str | None) -> str | None:
    """Check the named layer exists, or choose the only spatial one."""
    try:
        listed = pyogrio.list_layers(target)
    except (DataSourceError, DataLayerError) as exc:
        raise LayerError(unreadable(exc, path, fmt), source=path) from exc
    names = [str(name) for name, _ in listed]
    if layer is not None:
        if layer not in names:
            raise LayerError(f"has no layer '{layer}'; layers: {listing(names)}", source=path)
        return layer
    spatial = [str(name) for name, geom in listed if geom is not None]
    if len(spatial) > 1:
        raise LayerError(
            f"has {len(spatial)} layers ({listing(spatial)}); name one with --layer-name "
            "(layer= in Python) "
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
            stems = listing([Path(m).stem for m in shps]) or "none"
            raise LayerError(f"zip holds no Shapefile '{layer}.shp'; Shapefiles: {stems}", path)
        shps = named
    if not shps:
        found = listing([Path(m).name for m in members]) or "nothing"
        raise LayerError(f"zip holds no Shapefile (.shp); found: {found}", source=path)
    if len(shps) > 1:
        names = [Path(m).stem for m in shps]
        raise LayerError(
            f"zip holds {len(shps)} Shapefiles ({listing(names)}); name one with --layer-name "
            "(layer= in Python)",
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
            problems[-1] += ", so it has no CRS; give it with --crs (crs= in Python) if you know it"
    if misnamed:
        problems.append(f"GDAL cannot find its sidecar {', '.join(misnamed)}")
    if problems:
        raise LayerError("; ".join(problems), source=shown or shp)


# ----------------------------------------------------------------------------- writing


def file_stem(target: Path) -> str:
    """The file name without its (possibly double) extension: ``parcels.shp.zip`` -> ``parcels``.

    Examples
    --------
    >>> file_stem(Path("parcels.shp.zip")), file_stem(Path("plan.GPKG"))
    ('parcels', 'plan')
    """
    name = target.name
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return target.stem


def prepare(
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
                f"{target}: GeoJSON is always {WGS84} (RFC 7946); --to-crs {crs} (crs= in Python) "
                "cannot be written "
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


def ogr_write(
    out: gpd.GeoDataFrame,
    tmp: Path,
    fmt: str,
    layer: str,
    target: Path,
    precision: int | None = None,
) -> None:
    """Write ``out`` to ``tmp`` with GDAL; a failure names ``target``, not ``tmp``."""
    options: dict[str, Any] = {}
    if fmt == "GeoJSON":
        # RFC 7946: EPSG:4326, counter-clockwise outer rings, no "crs" member.
        options = {"RFC7946": "YES", "COORDINATE_PRECISION": precision}
    elif fmt == "Shapefile":  # the .dbf header's date: the same on every run
        options = {"DBF_DATE_LAST_UPDATE": f"{output_date() or FIXED_DATE:%Y-%m-%d}"}
    elif fmt == "FlatGeobuf":
        # Its spatial index re-sorts the features; keep the planner's order ("feature 3").
        options = {"SPATIAL_INDEX": "NO"}
    when = output_date() or FIXED_DATE  # GeoPackage's last_change: no clock in the bytes
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{when:%Y-%m-%dT%H:%M:%S.000Z}"})
    try:
        pyogrio.write_dataframe(out, tmp, layer=layer, driver=_DRIVERS[fmt], **options)
    except (DataSourceError, DataLayerError) as exc:
        raise LayerError(
            f"cannot be written as {fmt} ({first_line(exc, tmp)})", source=target
        ) from exc


def write_shapefile(out: gpd.GeoDataFrame, target: Path, force: bool) -> None:
    """Write the Shapefile set in a temporary folder beside ``target``, then move it in."""
    stem = file_stem(target)
    olds = [target.with_name(stem + ext) for ext in (".shp", *_STALE_SIDECARS)]
    if not force and any(p.exists() for p in olds):
        raise OutputError(f"{target}: exists; pass --force to replace it")
    with temp_shapefile(out, target) as written:
        # Each file is replaced atomically; the .shp goes last so it never lacks its sidecars.
        for part in sorted(written, key=lambda p: p.suffix.lower() == ".shp"):
            is_shp = part.suffix.lower() == ".shp"
            os.replace(part, target if is_shp else target.with_name(stem + part.suffix))
    new = {p.suffix.lower() for p in written}
    for old in olds:
        if old.suffix.lower() not in new and old.exists():
            old.unlink()  # e.g. an old .qix spatial index would no longer match


@contextlib.contextmanager
def temp_shapefile(out: gpd.GeoDataFrame, target: Path) -> Iterator[list[Path]]:
    """Yield the Shapefile set written into a temporary folder beside ``target``."""
    if not target.parent.is_dir():
        raise OutputError(f"{target}: folder {target.parent} does not exist")
    _check_shapefile_fit(out, target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}{TMP_MARK}", dir=target.parent))
    try:
        shp = folder / (file_stem(target) + ".shp")
        ogr_write(out, shp, "Shapefile", shp.stem, target)
        yield sorted(folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_shapefile_fit(out: gpd.GeoDataFrame, target: Path) -> None:
    """Refuse what GDAL would silently change in a Shapefile: long names, mixed geometry."""
    long = [str(c) for c in out.columns if c != out.geometry.name and len(str(c).encode()) > 10]
    if long:
        raise LayerError(
            f"Shapefile attribute names are limited to 10 characters: {listing(long)}; "
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
