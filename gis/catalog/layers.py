"""The layer catalog: the embedded default project, described by ``layers/manifest.yaml``.

>>> import gis
>>> zones = gis.load_layer("loop.zones")
>>> sorted(zones.zone_id)[:3]
['ai_data', 'batch1_dev', 'central_avenue']
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.catalog.fact_file import stated_fact
from gis.config import layers_dir
from gis.errors import LayerError, did_you_mean

if TYPE_CHECKING:
    import geopandas as gpd

POLYGONAL = ("Polygon", "MultiPolygon")
TPB_PREFIX = "tpb:"


@functools.cache
def _manifest(folder: Path) -> dict[str, Any]:
    import yaml

    path = folder / "manifest.yaml"
    try:
        with open(path, encoding="utf-8") as f:
            # libyaml's loader when PyYAML has it: the manifest parses about 10x faster
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise LayerError("the embedded manifest is missing", source=path) from None
    except yaml.YAMLError as exc:
        raise LayerError(f"not valid YAML ({str(exc).splitlines()[0]})", source=path) from None
    if not isinstance(data, dict) or "layers" not in data:
        raise LayerError("has no 'layers' section", source=path)
    return data


def manifest() -> dict[str, Any]:
    """The parsed ``layers/manifest.yaml`` (a copy: edit freely).

    Returns
    -------
    dict
    """
    return copy.deepcopy(_manifest(layers_dir()))


def layer_names() -> list[str]:
    """Names of the embedded layers, in manifest order."""
    return list(_manifest(layers_dir())["layers"])


def layer_info(name: str) -> dict[str, Any]:
    """The manifest record of an embedded layer, with ``name`` and the resolved ``path``.

    Parameters
    ----------
    name
        An embedded layer (``"loop.zones"``).

    Returns
    -------
    dict

    Raises
    ------
    LayerError
        Unknown layer (with the closest name).
    """
    layers = _manifest(layers_dir())["layers"]
    if name not in layers:
        raise LayerError(_unknown(name))
    info = dict(layers[name])
    info["name"] = name
    info["path"] = layers_dir() / info["file"]
    if "stated_area" in info:  # the fact of layers/facts.yaml that states the area
        info["stated_area_ha"] = stated_fact(info["stated_area"], layers_dir()).value
    return info


def table_attrs(info: dict[str, Any], name: str, folder: Path) -> dict[str, Any]:
    """The ``attrs`` of a loaded table: its manifest record less ``file``, with each figure of
    its ``stated`` mapping (attr -> fact id) read from ``folder/facts.yaml``.

    Parameters
    ----------
    info
        The table's manifest record.
    name
        The table's name.
    folder
        The folder of the manifest (and of its ``facts.yaml``).

    Returns
    -------
    dict
    """
    attrs = {k: v for k, v in info.items() if k not in ("file", "stated")}
    for key, fact_id in (info.get("stated") or {}).items():
        attrs[key] = stated_fact(str(fact_id), folder).value
    return {**attrs, "name": name}


def _unknown(name: str) -> str:
    names = layer_names()
    return (
        f"unknown layer '{name}'{did_you_mean(name, names)}. Embedded layers: {', '.join(names)}; "
        "a shipped statutory plan as tpb:PLAN_NO (e.g. tpb:S/KTN/4); "
        "or give the path to a GeoJSON, GeoPackage, Shapefile, FlatGeobuf or GeoParquet file"
    )


def is_embedded(name_or_path: str | os.PathLike[str]) -> bool:
    """True when ``name_or_path`` names an embedded layer rather than a file."""
    return isinstance(name_or_path, str) and name_or_path in _manifest(layers_dir())["layers"]


@functools.cache
def _load_embedded(folder: Path, name: str) -> gpd.GeoDataFrame:
    from gis.io.layers import read_layer

    info = _manifest(folder)["layers"][name]
    geom = info.get("geometry", "Polygon")
    geom_types = POLYGONAL if geom in POLYGONAL else (geom, f"Multi{geom}")
    gdf = read_layer(
        folder / info["file"],
        geom_types=geom_types,
        required=info.get("required", ()),
        id_field=info.get("id_field"),
    )
    gdf.attrs.update(
        name=name,
        accuracy=info.get("accuracy"),
        source_ref=info.get("source"),
        title_en=info.get("title_en"),
        title_zh=info.get("title_zh"),
    )
    if info.get("superseded_by"):
        from gis.ozp.dates import supersession_attrs

        gdf.attrs.update(supersession_attrs(info.get("plan_no")))
    return gdf


def load_layer(
    name_or_path: str | os.PathLike[str],
    layer: str | None = None,
    *,
    crs: Any = None,
    geom_types: tuple[str, ...] | None = None,
    required: tuple[str, ...] = (),
    repair: bool = False,
) -> gpd.GeoDataFrame:
    """Load an embedded layer by name, or a user's file through the same checks.

    Parameters
    ----------
    name_or_path
        An embedded layer (``"loop.zones"``; see :func:`list_layers`), a layer of a shipped
        statutory plan (``"tpb:S/KTN/4"`` for its zones, ``"tpb:S/LMCL/2/PLAN_SCHEME_AREA"``;
        see :mod:`gis.ozp`) or the path of a GeoJSON, GeoPackage, Shapefile (also zipped),
        FlatGeobuf or GeoParquet file.
    layer
        Layer inside a multi-layer file (GeoPackage).
    crs
        CRS to assume for a file that declares none; such a file is refused without it. An
        embedded layer (EPSG:4326) refuses any other CRS.
    geom_types, required
        Extra checks for a user's file: allowed geometry types and required attributes.
    repair
        Repair a user's invalid polygons instead of refusing them (:func:`gis.io.read_layer`);
        the repairs are in ``attrs["repairs"]``. A statutory plan's are always repaired.

    Returns
    -------
    geopandas.GeoDataFrame
        In the file's CRS (EPSG:4326 for the embedded layers); ``attrs`` carry the provenance.

    Raises
    ------
    LayerError
        Unknown layer name, or a file that fails to read or check (one line naming the problem).
    """
    if is_embedded(name_or_path):
        gdf = _load_embedded(layers_dir(), str(name_or_path)).copy()
        if crs is not None and not gdf.crs.equals(crs, ignore_axis_order=True):
            raise LayerError(
                f"is an embedded layer in {gdf.crs.to_string()}; --crs {crs} (crs= in Python) "
                "only supplies a CRS a file lacks (to reproject: layers export --to-crs, "
                "or write_layer(crs=) in Python)",
                source=str(name_or_path),
            )
        return gdf
    if isinstance(name_or_path, str) and name_or_path.lower().startswith(TPB_PREFIX):
        from gis.ozp.plan import plan_layer

        return plan_layer(name_or_path[len(TPB_PREFIX) :])
    from gis.io.layers import SUPPORTED_SUFFIXES, read_layer

    path = Path(str(name_or_path).split("::")[0])
    looks_like_file = path.exists() or "".join(path.suffixes[-2:]).lower() in SUPPORTED_SUFFIXES
    if not looks_like_file and path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LayerError(_unknown(str(name_or_path)))
    path = Path(name_or_path)

    return read_layer(path, layer, crs=crs, geom_types=geom_types, required=required, repair=repair)


def load_table(name: str) -> pd.DataFrame:
    """Load an embedded table (``"loop.gfa_phase1"``, ``"loop.use_zones"``) as a DataFrame.

    ``attrs`` carry the manifest record (source) and the stated totals it names
    (``stated_total_gfa_m2``, read from ``layers/facts.yaml``).

    Parameters
    ----------
    name
        The table's name in the manifest.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    LayerError
        Unknown table (the embedded tables are listed).
    """
    tables = _manifest(layers_dir()).get("tables", {})
    if name not in tables:
        raise LayerError(f"unknown table '{name}'; embedded tables: {', '.join(tables)}")
    info = tables[name]
    df = pd.read_csv(layers_dir() / info["file"], encoding="utf-8")
    df.attrs.update(table_attrs(info, name, layers_dir()))
    return df


def list_layers(measure: bool = True) -> pd.DataFrame:
    """The embedded layers: name, titles, geometry, accuracy, source and (measured) areas.

    Parameters
    ----------
    measure
        Also load each layer and measure it in EPSG:2326: ``features``, ``crs``,
        ``area_ha`` and, where the sources state one, ``stated_area_ha`` and ``area_ok`` (the
        layer's ``stated_area`` fact of ``layers/facts.yaml``, within its tolerance).

    Returns
    -------
    pandas.DataFrame
        One row per layer, indexed by name; ``status`` names what superseded a dated plan's
        layer (``layers/manifest.yaml``), empty for the others.
    """
    from gis.ozp.dates import superseded_text

    rows = []
    for name in layer_names():
        info = layer_info(name)
        row = {
            "name": name,
            "title_en": info.get("title_en"),
            "title_zh": info.get("title_zh"),
            "file": info["file"],
            "geometry": info.get("geometry"),
            "accuracy": info.get("accuracy"),
            "stated_area_ha": info.get("stated_area_ha"),
            "source": info.get("source"),
            "status": superseded_text(info.get("superseded_by")) or "",  # a dated plan says so
        }
        if measure:
            from gis.io.layers import area_m2

            gdf = load_layer(name)
            row["features"] = len(gdf)
            row["crs"] = gdf.crs.to_string() if gdf.crs else None
            row["area_ha"] = float(area_m2(gdf).sum()) / 10_000.0
            if "stated_area" in info:
                row["area_ok"] = stated_fact(info["stated_area"], layers_dir()).holds(
                    row["area_ha"]
                )
        rows.append(row)
    return pd.DataFrame(rows).set_index("name")
