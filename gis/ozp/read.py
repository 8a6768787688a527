"""Find and read the layers of an Outline Zoning Plan in a folder, a zip or single files.

Internal: :func:`gis.ozp.read_plan` is the entry point. The Board publishes each plan's layers
(PLAN_SCHEME_AREA, ZONE, BHC, AMENDMENT_ITEM) as Esri JSON, GeoJSON (also wrapped under a
top-level key named after the layer), Shapefile and GML. A layer is recognised by its fields
(``ZONE_LABEL``, ``BHC_TYPE``, ``AMEND_ITEM``, ``NAME_ENG``), else by its name; field names are
compared case-insensitively and returned upper-case. Files are read in place, never changed.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS

from gis.errors import LayerError
from gis.fs import not_a_file
from gis.io.checks import check_features, listing, unreadable
from gis.io.crs import HK1980, settle_crs
from gis.io.repair import repair_polygons

LAYER_KINDS = ("PLAN_SCHEME_AREA", "ZONE", "BHC", "AMENDMENT_ITEM")
REQUIRED = {
    "PLAN_SCHEME_AREA": ("PLAN_NO",),
    "ZONE": ("PLAN_NO", "ZONE_LABEL"),
    "BHC": ("PLAN_NO", "BHC_TYPE"),
    "AMENDMENT_ITEM": ("PLAN_NO", "AMEND_ITEM"),
}
# A field that only this layer of the data dictionary has.
_SIGNATURES = (
    ("ZONE", "ZONE_LABEL"),
    ("BHC", "BHC_TYPE"),
    ("AMENDMENT_ITEM", "AMEND_ITEM"),
    ("PLAN_SCHEME_AREA", "NAME_ENG"),
    ("PLAN_SCHEME_AREA", "APRV_DATE"),
)
# The field that names a feature of each layer in a repair record.
_LABELS = {"ZONE": "ZONE_LABEL", "BHC": "BHC_TYPE", "AMENDMENT_ITEM": "AMEND_ITEM"}
_SUFFIXES = (".json", ".geojson", ".shp", ".gml", ".gpkg")
_SKIPPED_DIRS = ("__MACOSX",)


@dataclass
class RawLayer:
    """One layer as read: upper-case fields, EPSG:2326, where it came from, what was repaired."""

    kind: str
    frame: gpd.GeoDataFrame
    source: str
    repairs: list[dict[str, object]] = field(default_factory=list)


Candidate = tuple[Path | str, str]  # (what GDAL opens, what messages show)


def candidates(path: Path) -> list[Candidate]:
    """The GIS files at ``path`` (a folder's, a zip's members, or the file itself)."""
    if not path.exists():
        raise LayerError("file or folder not found", source=path)
    if not (path.is_file() or path.is_dir()):  # a pipe or device would block the reader
        raise LayerError(f"{not_a_file(path)}: save the plan to a file", source=path)
    if path.is_dir():
        return [
            (p, str(p))
            for p in sorted(path.rglob("*"))
            if p.is_file() and _wanted(p.relative_to(path).as_posix())
        ]
    if path.suffix.lower() == ".zip":
        return _zip_members(path)
    return [(path, str(path))]


def plan_groups(path: Path) -> list[list[Candidate]]:
    """The files at ``path`` grouped by plan: a file named after a layer (``ZONE.json``,
    ``S_KTN_4_BHC.shp``) belongs with its folder's; any other file is a plan of its own
    (``H11.json``, a wrapped GeoJSON). One group: ``path`` is one plan.
    """
    groups: dict[str, list[Candidate]] = {}
    for target, shown in candidates(path):
        compact = re.sub(r"[^A-Z]", "", Path(shown).stem.upper())
        by_name = any(compact.endswith(k.replace("_", "")) for k in LAYER_KINDS)
        groups.setdefault(shown.rsplit("/", 1)[0] + "/" if by_name else shown, []).append(
            (target, shown)
        )
    return list(groups.values())


def read_raw(
    path: Path, crs: CRS | None = None, group: list[Candidate] | None = None
) -> dict[str, RawLayer]:
    """Read every OZP layer at ``path`` (folder, zip or file), keyed by layer kind.

    ``crs`` is assigned to a layer that declares none (else such a layer is refused); ``group``
    reads only those files of ``path`` (one plan of a collection, :func:`plan_groups`).
    """
    single = group is None and path.is_file() and path.suffix.lower() != ".zip"
    found_in = candidates(path) if group is None else group
    found: dict[str, RawLayer] = {}
    seen: list[str] = []
    for target, shown in found_in:
        for name, frame in _read_candidate(path, target, shown, crs):
            seen.append(Path(shown).name + ("" if name == Path(shown).stem else f"::{name}"))
            kind = identify(frame, name, shown, strict=single)
            if kind is None:
                continue  # not read further: its CRS and geometry are not our business
            earlier = list(frame.attrs.get("repairs", []))  # a Shapefile's, by read_layer
            frame = _settle(frame, shown, _format_name(shown), crs)
            frame, repairs = repair_polygons(frame, label_field=_LABELS.get(kind, "PLAN_NO"))
            repairs = _labelled(earlier, frame, _LABELS.get(kind, "PLAN_NO")) + repairs
            if kind in found:
                raise LayerError(
                    f"holds two {kind} layers ({found[kind].source} and {shown}); "
                    "keep one per plan",
                    source=path,
                )
            found[kind] = RawLayer(kind, frame, shown, [{"layer": kind, **r} for r in repairs])
    if not found:
        what = listing(seen) if seen else "no GIS files"
        raise LayerError(
            f"holds no statutory plan layer ({', '.join(LAYER_KINDS)}); found: {what}", source=path
        )
    return found


def _labelled(
    records: list[dict[str, object]], frame: gpd.GeoDataFrame, column: str
) -> list[dict[str, object]]:
    """Repair records with the feature's label from ``column``."""
    out = []
    for rec in records:
        pos = int(str(rec["feature"])) - 1
        label = frame[column].iloc[pos] if column in frame.columns else None
        out.append({**rec, "label": None if label is None else " ".join(str(label).split())})
    return out


def _wanted(relative: str) -> bool:
    parts = relative.split("/")
    return (
        not any(p in _SKIPPED_DIRS or p.startswith(".") for p in parts)
        and Path(relative).suffix.lower() in _SUFFIXES
    )


def _zip_members(path: Path) -> list[tuple[Path | str, str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if not n.endswith("/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise LayerError(f"is not a valid zip archive ({exc})", source=path) from exc
    base = f"/vsizip/{path.resolve().as_posix()}/"
    return [(base + m, f"{path}/{m}") for m in sorted(members) if _wanted(m)]


def _read_candidate(
    root: Path, target: Path | str, shown: str, crs: CRS | None
) -> list[tuple[str, gpd.GeoDataFrame]]:
    """Each spatial layer of one file as (layer name, frame); empty layers are left out."""
    if str(target).lower().endswith(".shp"):
        return _read_shapefile(root, target, shown, crs)
    fmt = _format_name(shown)
    if fmt == "GML":
        return _read_gml(target, shown)
    try:
        listed = pyogrio.list_layers(str(target))
    except (DataSourceError, DataLayerError) as exc:
        unwrapped = _unwrap(_bytes(root, target)) if "JSON" in fmt else None
        if unwrapped is None:
            raise LayerError(unreadable(exc, Path(shown), fmt), source=shown) from exc
        return [(name, _upper(frame)) for name, frame in unwrapped if len(frame)]
    out = []
    for name, geom in listed:
        if geom is None:
            continue
        try:
            frame = pyogrio.read_dataframe(str(target), layer=str(name))
        except (DataSourceError, DataLayerError) as exc:
            raise LayerError(unreadable(exc, Path(shown), fmt), source=shown) from exc
        if len(frame):
            out.append((str(name), _upper(frame)))
    return out


def _read_gml(target: Path | str, shown: str) -> list[tuple[str, gpd.GeoDataFrame]]:
    """A GML file's (first) layer; GDAL is told not to write its .gfs schema beside the input."""
    try:
        frame = pyogrio.read_dataframe(str(target), WRITE_GFS="NO")
    except (DataSourceError, DataLayerError) as exc:
        raise LayerError(unreadable(exc, Path(shown), "GML"), source=shown) from exc
    return [(Path(shown).stem, _upper(frame))] if len(frame) else []


def _settle(frame: gpd.GeoDataFrame, shown: str, fmt: str, crs: CRS | None) -> gpd.GeoDataFrame:
    as_json = "GeoJSON" if "JSON" in fmt else fmt  # legacy HK1980 GeoJSON: crs= applies
    frame = settle_crs(frame, Path(shown), as_json, crs)
    check_features(frame, Path(shown), None, (), None, valid=False)  # repaired, not refused
    return frame.to_crs(HK1980).reset_index(drop=True)


def _bytes(root: Path, target: Path | str) -> bytes:
    if isinstance(target, Path):
        return target.read_bytes()
    member = target[len(f"/vsizip/{root.resolve().as_posix()}/") :]
    with zipfile.ZipFile(root) as archive:
        return archive.read(member)


def _unwrap(data: bytes) -> list[tuple[str, gpd.GeoDataFrame]] | None:
    """The layers of the Board's wrapped GeoJSON, ``{"ZONE": {FeatureCollection}, ...}``.

    GDAL 3.12 reads this form itself; this is for a GDAL that does not. None if not that form.
    """
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(obj, dict) or not obj or "type" in obj:
        return None
    if not all(isinstance(v, dict) and v.get("type") == "FeatureCollection" for v in obj.values()):
        return None
    try:
        return [
            (str(name), pyogrio.read_dataframe(json.dumps(fc).encode("utf-8")))
            for name, fc in obj.items()
            if fc.get("features")
        ]
    except (DataSourceError, DataLayerError):
        return None


def _read_shapefile(
    root: Path, target: Path | str, shown: str, crs: CRS | None
) -> list[tuple[str, gpd.GeoDataFrame]]:
    """A Shapefile through :func:`gis.io.read_layer`, which checks its sidecars (and, already,
    its CRS and geometry).
    """
    from gis.io.layers import read_layer

    stem = Path(str(target)).stem
    try:
        if isinstance(target, Path):
            frame = read_layer(target, crs=crs, repair=True)
        else:
            frame = read_layer(root, layer=stem, crs=crs, repair=True)
    except LayerError as exc:
        if exc.problem.startswith("layer has no features"):
            return []
        raise
    out = _upper(frame)
    out.attrs["repairs"] = frame.attrs.get("repairs", [])
    return [(stem, out)]


def _format_name(shown: str) -> str:
    suffix = Path(shown).suffix.lower()
    return {".gml": "GML", ".gpkg": "GeoPackage", ".shp": "Shapefile"}.get(
        suffix, "GeoJSON or Esri JSON"
    )


def _upper(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Upper-case field names (the first of two that differ only in case wins)."""
    geom = frame.geometry.name
    keep: list[Hashable] = []
    names: dict[Hashable, str] = {}
    for col in frame.columns:
        if col == geom:
            continue
        upper = str(col).strip().upper()
        if upper not in names.values():
            keep.append(col)
            names[col] = upper
    return frame[[*keep, geom]].rename(columns=names)


def identify(frame: gpd.GeoDataFrame, name: str, shown: str, *, strict: bool) -> str | None:
    """The layer kind by fields, else by name; refuse one that lacks a required field."""
    columns = set(frame.columns)
    kind = next((k for k, field in _SIGNATURES if field in columns), None)
    if kind is None:
        compact = re.sub(r"[^A-Z]", "", name.upper())
        kind = next((k for k in LAYER_KINDS if compact.endswith(k.replace("_", ""))), None)
    if kind is None:
        if strict:
            fields = listing(sorted(str(c) for c in columns if c != frame.geometry.name))
            raise LayerError(
                "is not a statutory plan layer: no ZONE_LABEL, BHC_TYPE, AMEND_ITEM or NAME_ENG "
                f"field and not named like one of {', '.join(LAYER_KINDS)} (fields: {fields})",
                source=shown,
            )
        return None
    missing = [f for f in REQUIRED[kind] if f not in columns]
    if missing:
        fields = listing(sorted(str(c) for c in columns if c != frame.geometry.name))
        raise LayerError(
            f"{kind} layer has no {' or '.join(missing)} field (fields: {fields})", source=shown
        )
    return kind
