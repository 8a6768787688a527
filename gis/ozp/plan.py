"""Statutory plans: read any Outline Zoning Plan (OZP) of the Town Planning Board directly.

The Board publishes each plan's Digital Planning Data as up to four layers (data dictionary,
``layers/sources/tpb/docs/DataDictionary.pdf``): ``PLAN_SCHEME_AREA`` (the plan boundary, its
number, names and dates), ``ZONE`` (the zones), ``BHC`` (building height controls) and
``AMENDMENT_ITEM``; any of them may be missing. :func:`read_plan` reads them from a plan
folder, a zip or single files, in Esri JSON, GeoJSON (also wrapped under the layer's name),
Shapefile or GML; :func:`~gis.ozp.load_plan` reads a plan shipped with technopole by its number.

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
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from gis.errors import LayerError
from gis.ozp import build, labels
from gis.ozp.build import ACCURACY, SOURCE
from gis.ozp.labels import OZP_LAYERS as OZP_LAYERS  # public here too
from gis.ozp.read import LAYER_KINDS, read_raw

__all__ = [
    "ACCURACY",
    "ATTRIBUTION",
    "LAYER_KINDS",
    "SOURCE",
    "Plan",
    "info_frames",
    "plan_info",
    "read_plan",
    "render_info",
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
        >>> from gis.ozp import load_plan
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


def read_plan(path: str | os.PathLike[str], *, crs: Any = None) -> Plan:
    """Read an OZP from a plan folder, a zip, or one file, in any format the Board publishes.

    Parameters
    ----------
    path
        A folder or zip holding the plan's layers (``ZONE.json``, ``ZONE.shp`` ...), or a single
        file (Esri JSON, GeoJSON, wrapped GeoJSON holding several layers, Shapefile, GML).
    crs
        CRS to assign to a layer that declares none (e.g. ``"EPSG:2326"``); without it such a
        layer is refused.

    Returns
    -------
    Plan
        Its layers in EPSG:2326 with provenance; the files are not modified.

    Raises
    ------
    LayerError
        No recognisable layer, a file that is not a plan layer, a layer missing ``PLAN_NO`` or
        ``ZONE_LABEL``, no CRS, a Shapefile without its sidecars, several plans in one place.
    """
    from gis.io.crs import parse_crs

    src = Path(path)
    raw = read_raw(src, parse_crs(crs, src) if crs is not None else None)
    plan = Plan(**build.particulars(raw, src))
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
    if plan.zones is not None:
        unknown = plan.zones.loc[plan.zones["family"].isna(), "zone_code"]
        plan.unknown_labels = {str(k): int(v) for k, v in unknown.value_counts().items()}
    return plan


# ----------------------------------------------------------------------------- summaries


def plan_info(plan: Plan) -> dict[str, Any]:
    """The plan's particulars, zones by family and height controls, as plain data.

    Keys: the :meth:`Plan.provenance` items, ``read_from``, ``layers``, ``plan_area_ha``,
    ``zones`` (count), ``zones_by_family`` (records: family, names, SPUSE, zones, area_ha;
    areas in EPSG:2326), ``height_controls`` (None without a BHC layer) and
    ``unknown_labels`` (label -> zones).

    Parameters
    ----------
    plan
        A plan (:func:`~gis.ozp.open_plan`).

    Returns
    -------
    dict

    Examples
    --------
    >>> from gis.ozp import load_plan
    >>> info = plan_info(load_plan("S/LMCL/2"))
    >>> info["plan_area_ha"], info["zones"], info["zones_by_family"][0]["area_ha"]
    (104.12, 18, 38.57)
    """
    from gis.ozp.summary import plan_info as build

    return build(plan)


def render_info(info: dict[str, Any], fmt: str) -> str:
    """:func:`plan_info` as ``json``, ``csv`` (zones by family) or ``markdown`` text."""
    from gis.ozp.summary import render_info as render

    return render(info, fmt)


def info_frames(info: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """:func:`plan_info` as titled tables for the terminal (particulars, zones, heights)."""
    from gis.ozp.summary import header_frame

    frames = {
        f"Statutory plan {info['plan_no']}": header_frame(info),
        "Zones by family (areas in ha, EPSG:2326)": pd.DataFrame(info["zones_by_family"]),
    }
    if info["height_controls"] is not None:
        frames["Building height controls"] = pd.DataFrame(info["height_controls"])
    return frames
