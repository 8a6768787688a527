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
import difflib
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from . import _ozp_labels as labels
from ._ozp_bhc import bhc_to_bands
from ._ozp_read import LAYER_KINDS, RawLayer, read_raw
from .errors import LayerError

__all__ = [
    "ACCURACY",
    "ATTRIBUTION",
    "LAYER_KINDS",
    "SOURCE",
    "Plan",
    "convert",
    "load_plan",
    "open_plan",
    "info_frames",
    "plan_info",
    "plan_layer",
    "plan_names",
    "read_plan",
    "render_info",
    "zone_families",
]

SOURCE = "Town Planning Board, Digital Planning Data of statutory plans"
ATTRIBUTION = ("Statutory plan data © Town Planning Board, Hong Kong SAR. Source: Digital "
               "Planning Data of statutory plans. For reference only: the gazetted plans and "
               "their Notes prevail.")
ACCURACY = "official"
_TITLES = {
    "ZONE": ("Zones", "用途地帶"),
    "PLAN_SCHEME_AREA": ("Planning scheme area", "規劃區"),
    "BHC": ("Building height controls", "建築物高度管制"),
    "AMENDMENT_ITEM": ("Amendment items", "修訂項目"),
}
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

        >>> load_plan("S/LMCL/2").layer("bhc")
        Traceback (most recent call last):
        ...
        gis.errors.LayerError: S/LMCL/2: has no BHC layer; layers: PLAN_SCHEME_AREA, ZONE
        """
        key = str(kind).strip().upper()
        if key not in LAYER_KINDS:
            raise LayerError(f"unknown layer {kind!r}; OZP layers: {', '.join(LAYER_KINDS)}",
                             source=self.plan_no)
        if key not in self.layers:
            present = ", ".join(k for k in LAYER_KINDS if k in self.layers)
            raise LayerError(f"has no {key} layer; layers: {present}", source=self.plan_no)
        gdf = self.layers[key].copy()
        gdf.attrs = copy.deepcopy(self.layers[key].attrs)
        return gdf

    def provenance(self) -> dict[str, Any]:
        """Plan number, names, dates, source, accuracy and attribution."""
        return {"plan_no": self.plan_no, "plan_name_en": self.name_en,
                "plan_name_zh": self.name_zh, "pub_date": self.pub_date,
                "aprv_date": self.aprv_date, "sect_no": self.sect_no,
                "plan_scale": self.plan_scale, "source": SOURCE, "accuracy": ACCURACY,
                "attribution": ATTRIBUTION}


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
    from ._io_crs import parse_crs

    src = Path(path)
    raw = read_raw(src, parse_crs(crs, src) if crs is not None else None)
    plan = _particulars(raw, src)
    build = {"ZONE": _zones, "PLAN_SCHEME_AREA": _scheme_area, "BHC": _bhc,
             "AMENDMENT_ITEM": _amendments}
    for kind in LAYER_KINDS:
        if kind in raw:
            gdf = build[kind](raw[kind], plan)
            plan.layers[kind] = _with_provenance(gdf, plan, kind, raw[kind].source)
    if plan.zones is not None:
        unknown = plan.zones.loc[plan.zones["family"].isna(), "zone_code"]
        plan.unknown_labels = {str(k): int(v) for k, v in unknown.value_counts().items()}
    return plan


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a string, a date or a timestamp (GML reads dates as timestamps)."""
    if hasattr(value, "strftime") and value is not pd.NaT:
        return value.strftime("%Y-%m-%d")
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:[ T].*)?", text or "")
    return "-".join(match.groups()) if match else text


def _particulars(raw: dict[str, RawLayer], src: Path) -> Plan:
    """The plan number (one across all layers) and, from PLAN_SCHEME_AREA, names and dates."""
    numbers: dict[str, str] = {}
    for layer in raw.values():
        for value in layer.frame["PLAN_NO"]:
            if _text(value):
                numbers.setdefault(_text(value), layer.source)
    if not numbers:
        raise LayerError("PLAN_NO is empty in every feature: no plan number", source=src)
    if len(numbers) > 1:
        raise LayerError(f"holds more than one plan ({', '.join(numbers)}); read one plan at "
                         "a time", source=src)
    row = raw["PLAN_SCHEME_AREA"].frame.iloc[0] if "PLAN_SCHEME_AREA" in raw else {}
    scale = row.get("PLAN_SCALE") if len(row) else None
    return Plan(
        plan_no=next(iter(numbers)), name_en=_text(row.get("NAME_ENG")) if len(row) else None,
        name_zh=_text(row.get("NAME_CHT")) if len(row) else None,
        pub_date=_date(row.get("PUB_DATE")) if len(row) else None,
        aprv_date=_date(row.get("APRV_DATE")) if len(row) else None,
        sect_no=_text(row.get("SECT_NO")) if len(row) else None,
        plan_scale=int(float(scale)) if _text(scale) else None, source=str(src))


def _zones(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    """Zones with their label, sub-number and annotation kept and family names added."""
    f = raw.frame
    rows = []
    for pos in range(len(f)):
        get = (lambda col, p=pos: f[col].iloc[p] if col in f else None)  # noqa: E731
        code, family, sub = labels.parse_label(get("ZONE_LABEL"))
        spuse_en, spuse_zh = labels.clean_en(get("SPUSE_ENG")), labels.clean_zh(get("SPUSE_CHT"))
        desc_en, desc_zh = _text(get("DESC_ENG")), labels.clean_zh(get("DESC_CHT"))
        row = {"id": f"z{pos + 1:03d}", "zone_label": _text(get("ZONE_LABEL")) or "",
               "zone_code": code, "family": family, "sub_no": sub, "spuse_en": spuse_en,
               "spuse_zh": spuse_zh, "desc_en": desc_en, "desc_zh": desc_zh}
        row.update(labels.zone_names(code, family, sub, spuse_en, spuse_zh, desc_en, desc_zh))
        row["colour"] = labels.family_colour(family)
        rows.append(row)
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def _scheme_area(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    f = raw.frame
    rows = [{"id": f"psa{pos + 1:02d}", "name_en": _text(f["NAME_ENG"].iloc[pos])
             if "NAME_ENG" in f else plan.plan_no,
             "name_zh": _text(f["NAME_CHT"].iloc[pos]) if "NAME_CHT" in f else None,
             "sect_no": plan.sect_no, "plan_scale": plan.plan_scale} for pos in range(len(f))]
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def _bhc(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    return bhc_to_bands(raw.frame, raw.source).drop(columns="plan_no")


def _amendments(raw: RawLayer, plan: Plan) -> gpd.GeoDataFrame:
    f = raw.frame
    items = [_text(v) or "" for v in f["AMEND_ITEM"]]
    rows = [{"id": f"am{pos + 1:03d}", "amend_item": item,
             "name_en": f"Amendment Item {item}", "name_zh": f"修訂項目{item}"}
            for pos, item in enumerate(items)]
    return gpd.GeoDataFrame(rows, geometry=f.geometry.to_numpy(), crs=f.crs)


def _with_provenance(gdf: gpd.GeoDataFrame, plan: Plan, kind: str,
                     source: str) -> gpd.GeoDataFrame:
    """Add the plan's provenance as columns (before the geometry) and as ``attrs``."""
    dated = f"{plan.plan_no}" + (f", gazetted {plan.pub_date}" if plan.pub_date else "")
    columns = {"plan_no": plan.plan_no, "plan_name_en": plan.name_en,
               "plan_name_zh": plan.name_zh, "pub_date": plan.pub_date,
               "aprv_date": plan.aprv_date, "source": f"{SOURCE} ({dated})",
               "accuracy": ACCURACY}
    geom = gdf.geometry.name
    out = gdf.drop(columns=geom)
    for col, value in columns.items():
        out[col] = value
    out = gpd.GeoDataFrame(out, geometry=gdf.geometry.to_numpy(), crs=gdf.crs)
    title_en, title_zh = _TITLES[kind]
    out.attrs.update(plan.provenance(), name=f"tpb:{plan.plan_no}/{kind}", layer=kind,
                     source=source, source_ref=f"{SOURCE} ({dated})",
                     title_en=f"{plan.plan_no} {title_en}", title_zh=f"{plan.plan_no} {title_zh}")
    return out


# ----------------------------------------------------------------------------- named plans


def _plans_dir() -> Path:
    """The shipped plans: ``layers/sources/tpb`` of the embedded data (else of the package)."""
    from .catalog import layers_dir

    folder = layers_dir() / "sources" / "tpb"
    return folder if folder.is_dir() else labels.FAMILIES_FILE.parent / "sources" / "tpb"


def plan_names() -> list[str]:
    """Numbers of the plans shipped with technopole.

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

    Raises
    ------
    LayerError
        Unknown plan (with the closest shipped one and the list).
    """
    wanted = str(name).strip().upper().replace("_", "/")
    names = plan_names()
    if wanted not in names:
        close = difflib.get_close_matches(wanted, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise LayerError(f"unknown plan '{name}'{hint}; shipped plans: {', '.join(names)}; or "
                         "give the path of a plan folder, zip or file")
    plan = _load_shipped(_plans_dir() / wanted.replace("/", "_"))
    out = copy.copy(plan)
    out.layers = {k: plan.layer(k) for k in plan.layers}
    out.unknown_labels = dict(plan.unknown_labels)
    return out


def open_plan(path_or_name: str | os.PathLike[str], *, crs: Any = None) -> Plan:
    """:func:`read_plan` for an existing path, else :func:`load_plan` by number."""
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


def convert(path_or_name: str | os.PathLike[str], to: str | os.PathLike[str], *,
            layer: str = "ZONE", force: bool = False, crs: Any = None) -> tuple[Path, int]:
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
    from .io import write_layer

    gdf = open_plan(path_or_name, crs=crs).layer(layer)
    return write_layer(gdf, to, force=force), len(gdf)


def plan_info(plan: Plan) -> dict[str, Any]:
    """The plan's particulars, zones by family and height controls, as plain data.

    Keys: the :meth:`Plan.provenance` items, ``read_from``, ``layers``, ``plan_area_ha``,
    ``zones`` (count), ``zones_by_family`` (records: family, names, SPUSE, zones, area_ha;
    areas in EPSG:2326), ``height_controls`` (None without a BHC layer) and
    ``unknown_labels`` (label -> zones).

    >>> info = plan_info(load_plan("S/LMCL/2"))
    >>> info["plan_area_ha"], info["zones"], info["zones_by_family"][0]["area_ha"]
    (104.12, 18, 38.57)
    """
    from ._ozp_report import plan_info as build

    return build(plan)


def render_info(info: dict[str, Any], fmt: str) -> str:
    """:func:`plan_info` as ``json``, ``csv`` (zones by family) or ``markdown`` text."""
    from ._ozp_report import render_info as render

    return render(info, fmt)


def info_frames(info: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """:func:`plan_info` as titled tables for the terminal (particulars, zones, heights)."""
    from ._ozp_report import header_frame

    frames = {f"Statutory plan {info['plan_no']}": header_frame(info),
              "Zones by family (areas in ha, EPSG:2326)": pd.DataFrame(info["zones_by_family"])}
    if info["height_controls"] is not None:
        frames["Building height controls"] = pd.DataFrame(info["height_controls"])
    return frames
