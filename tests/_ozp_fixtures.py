"""Statutory plan fixtures for the OZP tests, written with GDAL from the shipped S/LMCL/2.

The Board publishes each plan as Esri JSON (shipped in ``layers/sources/tpb``), GeoJSON (also
wrapped under the layer's name), Shapefile and GML. Only Esri JSON is shipped, so the other
formats are made here, from the same features, in a temporary folder: the repository stays small.

The BHC and AMENDMENT_ITEM layers of ``with_bhc`` are SYNTHETIC TEST FIXTURES drawn on the real
S/LMCL/2 zones (the Board published no such layers for this plan): they are not Board data.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
from shapely.geometry import box

ROOT = Path(__file__).resolve().parents[1]
LMCL = ROOT / "layers" / "sources" / "tpb" / "S_LMCL_2"
KINDS = ("ZONE", "PLAN_SCHEME_AREA")
FIXTURE_NOTE = "synthetic test fixture on the S/LMCL/2 zones, not Town Planning Board data"


def board_layer(kind: str, folder: Path = LMCL) -> gpd.GeoDataFrame:
    """A shipped layer as GDAL reads it (the Board's field names, EPSG:2326)."""
    return pyogrio.read_dataframe(folder / f"{kind}.json")


def _write_each(folder: Path, suffix: str, driver: str) -> Path:
    folder.mkdir()
    for kind in KINDS:
        pyogrio.write_dataframe(board_layer(kind), folder / f"{kind}{suffix}", driver=driver)
    return folder


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, f"{folder.name}/{part.name}")
    return target


def wrapped_geojson(folder: Path, target: Path) -> Path:
    """One file holding every layer under its name: ``{"ZONE": {FeatureCollection}, ...}``."""
    wrapped = {
        kind: json.loads((folder / f"{kind}.geojson").read_text(encoding="utf-8")) for kind in KINDS
    }
    target.write_text(json.dumps(wrapped, ensure_ascii=False), encoding="utf-8")
    return target


def synthetic_bhc(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Height controls drawn on real zones: two BHCB, one BHCS, one BHCN, one NBA.

    Field names are lower- and mixed-case on purpose (they are matched case-insensitively).
    """
    ou = zones[zones.SPUSE_ENG.str.startswith("RESEARCH")].index
    gic = zones[zones.ZONE_LABEL == "G/IC"].index
    comm = zones[zones.ZONE_LABEL == "C"].index
    open_space = zones.geometry[zones[zones.ZONE_LABEL == "O"].index[0]]
    x, y = open_space.representative_point().coords[0]
    rows = [
        ("BHCB", "35", zones.geometry[ou[0]]),
        ("BHCB", "100mPD", zones.geometry[ou[1]]),
        ("BHCS", "3", zones.geometry[gic[0]]),
        ("BHCN", " ", zones.geometry[comm[0]]),
        ("NBA", None, open_space.intersection(box(x - 10, y - 10, x + 10, y + 10))),
    ]
    return gpd.GeoDataFrame(
        {
            "plan_no": "S/LMCL/2",
            "Bhc_Type": [r[0] for r in rows],
            "bhc_value": [r[1] for r in rows],
            "NOTE": FIXTURE_NOTE,
        },
        geometry=[r[2] for r in rows],
        crs=zones.crs,
    )


def build(root: Path) -> dict[str, Path]:
    """Write every fixture under ``root``; return name -> path."""
    out: dict[str, Path] = {"esri": LMCL}
    out["geojson"] = _write_each(root / "geojson", ".geojson", "GeoJSON")
    out["wrapped"] = wrapped_geojson(out["geojson"], root / "S_LMCL_2_wrapped.geojson")
    out["shapefile"] = _write_each(root / "shapefile", ".shp", "ESRI Shapefile")
    out["shapefile_zip"] = _zip(out["shapefile"], root / "S_LMCL_2_shp.zip")
    out["gml"] = _write_each(root / "gml", ".gml", "GML")
    for xsd in out["gml"].glob("*.xsd"):  # GDAL then reads the types itself (dates as dates)
        xsd.unlink()
    esri = root / "esri_copy"
    shutil.copytree(LMCL, esri)
    out["esri_zip"] = _zip(esri, root / "S_LMCL_2_json.zip")
    bhc = root / "with_bhc"
    shutil.copytree(LMCL, bhc)
    zones = board_layer("ZONE")
    pyogrio.write_dataframe(synthetic_bhc(zones), bhc / "BHC.geojson", driver="GeoJSON")
    comm = zones[zones.ZONE_LABEL == "C"].index[0]
    amend = gpd.GeoDataFrame(
        {"PLAN_NO": ["S/LMCL/2"], "AMEND_ITEM": ["A1"], "NOTE": [FIXTURE_NOTE]},
        geometry=[zones.geometry[comm]],
        crs=zones.crs,
    )
    pyogrio.write_dataframe(amend, bhc / "AMENDMENT_ITEM.geojson", driver="GeoJSON")
    out["with_bhc"] = bhc
    return out
