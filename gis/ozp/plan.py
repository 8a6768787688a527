"""Statutory plans: read any Outline Zoning Plan (OZP) of the Town Planning Board directly.

The Board publishes each plan's Digital Planning Data as up to four layers (data dictionary,
``layers/sources/tpb/docs/DataDictionary.pdf``): ``PLAN_SCHEME_AREA`` (the plan boundary, its
number, names and dates), ``ZONE`` (the zones), ``BHC`` (building height controls) and
``AMENDMENT_ITEM``; any of them may be missing. :func:`read_plan` reads them from a plan
folder, a zip or single files, in Esri JSON, GeoJSON (also wrapped under the layer's name),
Shapefile or GML; :func:`load_plan` reads a plan shipped with technopole by its number.

Every layer comes back in HK1980 Grid (EPSG:2326) with the plan's provenance in columns
(``plan_no``, ``plan_name_en``, ``plan_name_zh``, ``pub_date``, ``aprv_date``, ``source``,
``accuracy``) and in ``attrs``. Zones gain ``family`` and bilingual names; height controls
become height bands like ``loop.height_bands``. The Board's data is for reference only: the
gazetted plans and their Notes prevail.

>>> import gis.ozp
>>> plan = gis.ozp.load_plan("S/LMCL/2")
>>> plan.plan_no, plan.name_zh, plan.pub_date, len(plan.zones)
('S/LMCL/2', '落馬洲河套地區', '2018-02-09', 18)
>>> sorted(plan.zones.family.unique())
['C', 'CA', 'G/IC', 'MRDJ', 'O', 'OU']
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from gis.errors import LayerError, did_you_mean
from gis.ozp import build, labels
from gis.ozp.build import ACCURACY, SOURCE
from gis.ozp.dates import supersession_attrs
from gis.ozp.labels import OZP_LAYERS as OZP_LAYERS  # public here too
from gis.ozp.read import LAYER_KINDS, RawLayer, read_raw

__all__ = [
    "ACCURACY",
    "ATTRIBUTION",
    "LAYER_KINDS",
    "SOURCE",
    "Plan",
    "load_plan",
    "open_plan",
    "plan_layer",
    "plan_names",
    "read_plan",
    "zone_families",
]


ATTRIBUTION = (
    "Statutory plan data © Town Planning Board, Hong Kong SAR. Source: Digital "
    "Planning Data of statutory plans. For reference only: the gazetted plans and "
    "their Notes prevail."
)
zone_families = labels.zone_families


@dataclass
class Plan:
    """An Outline Zoning Plan as read: its particulars and its layers (EPSG:2326).

    Attributes
    ----------
    plan_no, name_en, name_zh
        The plan number (``"S/LMCL/2"``) and the planning scheme area's names.
    pub_date, aprv_date, sect_no, plan_scale
        Gazette (publication) and approval dates (``YYYY-MM-DD``), the Town Planning Ordinance
        section it was exhibited under and the scale of the printed plan; None when the plan
        has no PLAN_SCHEME_AREA layer.
    source
        The folder, zip or file read.
    layers
        ``"ZONE"``, ``"PLAN_SCHEME_AREA"``, ``"BHC"``, ``"AMENDMENT_ITEM"`` -> layer, for those
        present.
    unknown_labels
        Zone labels that map to no zone family, with their number of zones (kept in ``zones``
        with ``family`` empty).
    repairs
        The features whose invalid rings were repaired on reading, one record each:
        ``layer``, ``feature`` (1-based), ``label``, ``reason``, ``area_before_m2``,
        ``area_after_m2``, ``area_change_m2`` (EPSG:2326; :mod:`gis.io.repair`).
    """

    plan_no: str
    name_en: str | None
    name_zh: str | None
    pub_date: str | None
    aprv_date: str | None
    sect_no: str | None
    plan_scale: int | None
    source: str
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    unknown_labels: dict[str, int] = field(default_factory=dict)
    repairs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def zones(self) -> gpd.GeoDataFrame | None:
        """The ZONE layer, or None."""
        return self.layers.get("ZONE")

    @property
    def boundary(self) -> gpd.GeoDataFrame | None:
        """The PLAN_SCHEME_AREA layer, or None."""
        return self.layers.get("PLAN_SCHEME_AREA")

    @property
    def height_bands(self) -> gpd.GeoDataFrame | None:
        """The BHC layer as height bands (``height_mpd``, ``storeys``), or None."""
        return self.layers.get("BHC")

    def layer(self, kind: str = "ZONE") -> gpd.GeoDataFrame:
        """A copy of one layer by kind (case-insensitive), or a one-line error naming those present.

        Parameters
        ----------
        kind
            ``ZONE``, ``BHC``, ``PLAN_SCHEME_AREA``, ... (any case).

        Returns
        -------
        geopandas.GeoDataFrame

        Raises
        ------
        LayerError
            An unknown kind, or one the plan does not have.

        Examples
        --------
        >>> load_plan("S/LMCL/2").layer("bhc")
        Traceback (most recent call last):
        ...
        gis.errors.LayerError: S/LMCL/2: has no BHC layer; layers: PLAN_SCHEME_AREA, ZONE
        """
        key = str(kind).strip().upper()
        if key not in LAYER_KINDS:
            raise LayerError(
                f"unknown layer {kind!r}; OZP layers: {', '.join(LAYER_KINDS)}", source=self.plan_no
            )
        if key not in self.layers:
            present = ", ".join(k for k in LAYER_KINDS if k in self.layers)
            raise LayerError(f"has no {key} layer; layers: {present}", source=self.plan_no)
        gdf = self.layers[key].copy()
        gdf.attrs = copy.deepcopy(self.layers[key].attrs)
        return gdf

    def provenance(self) -> dict[str, Any]:
        """Plan number, names, dates, source, accuracy and attribution.

        Returns
        -------
        dict
        """
        return {
            "plan_no": self.plan_no,
            "plan_name_en": self.name_en,
            "plan_name_zh": self.name_zh,
            "pub_date": self.pub_date,
            "aprv_date": self.aprv_date,
            "sect_no": self.sect_no,
            "plan_scale": self.plan_scale,
            "source": SOURCE,
            "accuracy": ACCURACY,
            "attribution": ATTRIBUTION,
        }


# ----------------------------------------------------------------------------- reading


def read_plan(path: str | os.PathLike[str], *, crs: Any = None, strict: bool = False) -> Plan:
    """Read an OZP from a plan folder, a zip, or one file, in any format the Board publishes.

    Parameters
    ----------
    path
        A folder or zip holding the plan's layers (``ZONE.json``, ``ZONE.shp`` ...), or a single
        file (Esri JSON, GeoJSON, wrapped GeoJSON holding several layers, Shapefile, GML).
    crs
        CRS to assign to a layer that declares none (e.g. ``"EPSG:2326"``); without it such a
        layer is refused.
    strict
        Refuse a plan with invalid rings (one line naming each feature) instead of repairing
        them; by default they are repaired and listed in :attr:`Plan.repairs`.

    Returns
    -------
    Plan
        Its layers in EPSG:2326 with provenance; the files are not modified.

    Raises
    ------
    LayerError
        No recognisable layer, a file that is not a plan layer, a layer missing ``PLAN_NO`` or
        ``ZONE_LABEL``, no CRS, a Shapefile without its sidecars, several plans in one place;
        with ``strict``, invalid geometry.
    """
    from gis.io.crs import parse_crs

    src = Path(path)
    return from_raw(read_raw(src, parse_crs(crs, src) if crs is not None else None), src, strict)


def from_raw(raw: dict[str, RawLayer], src: Path, strict: bool = False) -> Plan:
    """A :class:`Plan` from its raw layers (:func:`gis.ozp.read.read_raw`)."""
    repairs = [r for kind in LAYER_KINDS if kind in raw for r in raw[kind].repairs]
    if strict and repairs:
        raise LayerError(build.refusal(repairs), source=src)
    plan = Plan(**build.particulars(raw, src), repairs=repairs)
    builders = {
        "ZONE": build.zones,
        "PLAN_SCHEME_AREA": build.scheme_area,
        "BHC": build.bhc,
        "AMENDMENT_ITEM": build.amendments,
    }
    for kind in LAYER_KINDS:
        if kind in raw:
            gdf = builders[kind](raw[kind], plan)
            plan.layers[kind] = build.with_provenance(gdf, plan, kind, raw[kind].source)
            plan.layers[kind].attrs.update(supersession_attrs(plan.plan_no))
    if plan.zones is not None:
        unknown = plan.zones.loc[plan.zones["family"].isna(), "zone_code"]
        plan.unknown_labels = {str(k): int(v) for k, v in unknown.value_counts().items()}
    return plan


# ----------------------------------------------------------------------------- named plans


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
    out.repairs = [dict(r) for r in plan.repairs]
    return out


def open_plan(
    path_or_name: str | os.PathLike[str], *, crs: Any = None, strict: bool = False
) -> Plan:
    """:func:`read_plan` for an existing path, else :func:`load_plan` by number.

    Parameters
    ----------
    path_or_name
        A plan folder, zip or file, or a shipped plan's number.
    crs
        For a file that declares no CRS (:func:`read_plan`).
    strict
        Refuse invalid rings instead of repairing them (:func:`read_plan`).

    Returns
    -------
    Plan

    Raises
    ------
    LayerError
        A path that does not exist, an unknown plan, or a plan that cannot be read.
    """
    if Path(path_or_name).exists():
        return read_plan(path_or_name, crs=crs, strict=strict)
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
    strict: bool = False,
) -> tuple[Path, int, list[dict[str, Any]]]:
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
    strict
        Refuse invalid rings instead of repairing them (:func:`read_plan`).

    Returns
    -------
    tuple
        The written path, its number of features and the repairs of the plan's layers
        (:attr:`Plan.repairs`).
    """
    from gis.io.layers import write_layer

    plan = open_plan(path_or_name, crs=crs, strict=strict)
    gdf = plan.layer(layer)
    return write_layer(gdf, to, force=force), len(gdf), plan.repairs
