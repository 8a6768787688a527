"""The project a scenario starts from: the embedded Loop Phase 1, or a folder of one's own.

A project folder is laid out like ``layers/``: a ``manifest.yaml`` naming the layers and tables
below (copy ``layers/`` and edit it). It needs

* ``loop.zones`` (zones with ``zone_id`` and ``site_coverage``),
* tables ``loop.gfa_phase1`` (``use_id, share_pct, gfa_m2``; ``stated_total_gfa_m2`` optional,
  a number or, under ``stated:``, a fact of the folder's ``facts.yaml``) and
  ``loop.use_zones`` (``use_id, zone_id, weight``),

and may have ``loop.height_bands`` (else the zones need ``height_mpd`` or ``storeys``) and
``loop.phases`` (the site is phase 1; else the union of the zones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.catalog import layers as catalog
from gis.catalog.fact_file import FACTS_FILE
from gis.errors import LayerError
from gis.fs import sha256_file

if TYPE_CHECKING:
    import geopandas as gpd

EMBEDDED = "embedded"
ZONES, BANDS, PHASES = "loop.zones", "loop.height_bands", "loop.phases"
GFA_TABLE, USE_ZONES = "loop.gfa_phase1", "loop.use_zones"


@dataclass
class Project:
    """Layers and tables of a base project (read-only; every scenario on it shares them).

    Attributes
    ----------
    folder
        The project folder, or None for the embedded project.
    zones, bands, site
        GeoDataFrames (``bands`` may be None).
    use_zones
        The use → zone mapping (``use_id, zone_id, weight``).
    table
        The base allocation: ``use_id, name_en, name_zh, share_pct, gfa_m2``.
    total_gfa_m2
        The stated total of the base allocation (else the sum of its GFA).
    files
        Label → path of every file read, for the SHA-256 trail.
    """

    folder: Path | None
    zones: Any
    bands: Any
    site: Any
    use_zones: pd.DataFrame
    table: pd.DataFrame
    total_gfa_m2: float
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``"embedded"``, or the project folder's path."""
        return EMBEDDED if self.folder is None else str(self.folder)

    @property
    def use_ids(self) -> list[str]:
        """The use ids of the project's table, in its order."""
        return [str(u) for u in self.table.use_id]

    @property
    def zone_ids(self) -> list[str]:
        """The ids of the project's zones."""
        return [str(z) for z in self.zones.zone_id]

    def use_names(self) -> dict[str, str]:
        """``use_id -> English name`` from the project's table."""
        return dict(zip(self.use_ids, self.table.name_en.astype(str), strict=True))

    def hashes(self) -> dict[str, dict[str, str]]:
        """``label -> {"source": path, "sha256": hex}`` of every file of the project."""
        return {k: {"source": str(p), "sha256": _sha(p)} for k, p in self.files.items()}


def _sha(path: Path) -> str:
    return sha256_file(path)


def _phase1(phases: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    site = phases[phases.phase == 1].copy() if "phase" in phases else phases.copy()
    site.attrs.update(phases.attrs)
    site.attrs["name"] = f"{phases.attrs.get('name', 'phases')}/phase1"
    return site


def _table(df: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    t = df.copy()
    for col in ("name_en", "name_zh"):
        if col not in t:
            t[col] = t["use_id"] if col == "name_en" else ""
    if "gfa_m2" not in t and "share_pct" not in t:
        raise LayerError(
            "the base GFA table needs 'gfa_m2' or 'share_pct'", source=df.attrs.get("name")
        )
    stated = df.attrs.get("stated_total_gfa_m2")
    total = float(stated) if stated else float(t["gfa_m2"].sum())
    if "gfa_m2" not in t:
        t["gfa_m2"] = t["share_pct"] / 100.0 * total
    if "share_pct" not in t:
        t["share_pct"] = 100.0 * t["gfa_m2"] / total
    t["use_id"] = t["use_id"].astype(str)
    cols = ["use_id", "name_en", "name_zh", "share_pct", "gfa_m2"]
    return t[cols].astype({"share_pct": float, "gfa_m2": float}), total


def embedded_project() -> Project:
    """The embedded Loop Phase 1 project (read from ``layers/`` on every call)."""
    info = catalog.manifest()
    folder = catalog.layers_dir()
    table, total = _table(catalog.load_table(GFA_TABLE))
    files = {name: catalog.layer_info(name)["path"] for name in (ZONES, BANDS, PHASES)}
    files.update({name: folder / info["tables"][name]["file"] for name in (GFA_TABLE, USE_ZONES)})
    return Project(
        folder=None,
        zones=catalog.load_layer(ZONES),
        bands=catalog.load_layer(BANDS),
        site=_phase1(catalog.load_layer(PHASES)),
        use_zones=catalog.load_table(USE_ZONES),
        table=table,
        total_gfa_m2=total,
        files=files,
    )


def folder_project(folder: Path) -> Project:
    """A project folder with its own ``manifest.yaml`` (see the module docstring).

    Raises
    ------
    LayerError
        A missing manifest, layer or table, or a layer that fails its checks.
    """
    folder = Path(folder)
    manifest_path = folder / "manifest.yaml"
    if not manifest_path.is_file():
        raise LayerError("no manifest.yaml in the project folder", source=folder)
    man = catalog._manifest(folder)
    layers, tables = man.get("layers", {}), man.get("tables") or {}
    for name, where in ((ZONES, layers), (GFA_TABLE, tables), (USE_ZONES, tables)):
        if name not in where:
            raise LayerError(f"the project manifest names no '{name}'", source=manifest_path)

    def layer(name: str) -> gpd.GeoDataFrame | None:
        if name not in layers:
            return None
        return catalog._load_embedded(folder, name).copy()

    def table(name: str) -> pd.DataFrame:
        path = folder / tables[name]["file"]
        try:
            df = pd.read_csv(path, encoding="utf-8-sig")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            raise LayerError(
                f"cannot read table ({str(exc).splitlines()[0]})", source=path
            ) from None
        df.attrs.update(catalog.table_attrs(tables[name], name, folder))
        return df

    zones, bands, phases = layer(ZONES), layer(BANDS), layer(PHASES)
    site = _phase1(phases) if phases is not None else None
    gfa, total = _table(table(GFA_TABLE))
    files = {
        name: folder / layers[name]["file"] for name in (ZONES, BANDS, PHASES) if name in layers
    }
    files.update({name: folder / tables[name]["file"] for name in (GFA_TABLE, USE_ZONES)})
    files["manifest"] = manifest_path
    if tables[GFA_TABLE].get("stated"):  # its totals are read from the folder's facts
        files["facts"] = folder / FACTS_FILE
    assert zones is not None  # a required layer (checked above)
    if site is None:
        site = zones.dissolve()[["geometry"]]
        site.attrs.update(zones.attrs, name=f"{ZONES} (union)")
    return Project(
        folder=folder,
        zones=zones,
        bands=bands,
        site=site,
        use_zones=table(USE_ZONES),
        table=gfa,
        total_gfa_m2=total,
        files=files,
    )


def load_project(base: str | Path) -> Project:
    """``"embedded"`` or a project folder (already resolved against the scenario's folder)."""
    if str(base) == EMBEDDED:
        return embedded_project()
    return folder_project(Path(base))
