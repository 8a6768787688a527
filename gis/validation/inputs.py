"""The layers a validation reads: the site (selected and filtered), its zones and height bands,
with the embedded defaults, each read once with the CRS the user names for a file without one.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pandas as pd

from gis.catalog import layers as catalog

if TYPE_CHECKING:
    import geopandas as gpd


def _layer(value: Any, default: str | None, crs: Any = None) -> gpd.GeoDataFrame | None:
    """A GeoDataFrame from a GeoDataFrame, an embedded name, a path (read with ``crs`` when it
    declares none), or the default name.
    """
    from gis.catalog.layers import load_layer  # it may load official plans too (tpb:)

    if value is None:
        return None if default is None else load_layer(default)
    if hasattr(value, "geometry"):
        return value
    return load_layer(value, crs=None if catalog.is_embedded(value) else crs)


def read_from_file(value: Any) -> bool:
    """True when :func:`_layer` reads ``value`` with :func:`gis.read_layer`, which refuses
    invalid geometry (a path; not a frame, an embedded layer or a statutory plan).
    """
    if not isinstance(value, (str, os.PathLike)):
        return False
    text = str(value)
    return not catalog.is_embedded(text) and not text.lower().startswith(catalog.TPB_PREFIX)


def _default_site() -> gpd.GeoDataFrame:
    phases = catalog.load_layer("loop.phases")
    site = phases[phases.phase == 1].copy()
    site.attrs.update(phases.attrs)
    site.attrs["name"] = "loop.phases/phase1"
    return site


def _zones_of_site(site_gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """A site cut from zones (``zone_id``) or a zoning plan (``zone_label``/``family``) is its
    own set of zones.
    """
    if not {"zone_id", "zone_label", "ZONE_LABEL", "family"} & set(site_gdf.columns):
        return None
    z = site_gdf.reset_index(drop=True)
    if "zone_id" not in z or not z["zone_id"].is_unique:
        ids = z["id"].astype(str) if "id" in z else pd.Series([""] * len(z))
        if not ids.is_unique or (ids == "").any():
            label = z.get("zone_label", z.get("ZONE_LABEL", pd.Series(["zone"] * len(z))))
            ids = pd.Series([f"{lab}-{i + 1}" for i, lab in enumerate(label.astype(str))])
        z = z.assign(zone_id=ids.to_numpy())
    z.attrs.update(site_gdf.attrs)
    return z


def layer_inputs(
    site: Any, zones: Any, bands: Any, where: str | None, zone: str | None, crs: Any = None
) -> tuple[Any, Any, Any]:
    """The site (selected, filtered), its zones and its height bands, with the defaults."""
    from gis.catalog.site_select import select_site

    default_project = site is None and zones is None
    site_gdf = _default_site() if site is None else site
    if where or zone or not hasattr(site_gdf, "geometry"):
        site_gdf = select_site(site_gdf if site is None else site, where=where, zone=zone, crs=crs)
    zones_gdf = _layer(zones, "loop.zones" if default_project else None, crs)
    if zones_gdf is None and site is not None:
        zones_gdf = _zones_of_site(site_gdf)
    if zones_gdf is not None and "zone_id" not in zones_gdf and "id" in zones_gdf:
        attrs = dict(zones_gdf.attrs)
        zones_gdf = zones_gdf.assign(zone_id=zones_gdf["id"].astype(str))  # e.g. santin.parcels
        zones_gdf.attrs.update(attrs)
    bands_gdf = _layer(bands, "loop.height_bands" if default_project else None, crs)
    return site_gdf, _plain_strings(zones_gdf), bands_gdf


def _plain_strings(gdf: Any) -> Any:
    """``gdf`` with its text columns as Python strings in NumPy object arrays, converted once:
    the checks read ids, names and labels zone by zone, which is slow from Arrow strings.
    """
    if gdf is None:
        return None
    text = [c for c in gdf.columns if isinstance(gdf[c].dtype, pd.StringDtype)]
    if not text:
        return gdf
    attrs = dict(gdf.attrs)
    out = gdf.assign(**{str(c): gdf[c].astype(object) for c in text})
    out.attrs.update(attrs)
    return out
