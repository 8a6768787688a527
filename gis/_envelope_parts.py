"""The steps :func:`gis.envelope.build_envelope` is made of, each a small pure function.

A zone's floor area is summed over *pieces*: the parts of the zone under one height band (or
the whole zone when there are no bands), each with its land area, storeys and height limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, LayerError

SLIVER_M2 = 1.0  # shared edges digitised twice leave slivers, not floor area


@dataclass(frozen=True)
class Pieces:
    """Parts of zones under one height each: ``zone`` (index of the zone), ``area_m2``,
    ``storeys`` and ``height_mpd`` (NaN when only storeys are known), all of one length.
    """

    zone: np.ndarray
    area_m2: np.ndarray
    storeys: np.ndarray
    height_mpd: np.ndarray


def zone_names(z: Any, zone_ids: list[str]) -> dict[str, tuple[str, str]]:
    """The bilingual names of the zones.

    Parameters
    ----------
    z
        The zones frame.
    zone_ids
        Their ids, in frame order.

    Returns
    -------
    dict
        ``zone_id -> (name_en, name_zh)`` (the id stands in for a missing English name).
    """
    en = z["name_en"] if "name_en" in z else pd.Series(zone_ids, index=z.index)
    zh = z["name_zh"] if "name_zh" in z else pd.Series([""] * len(z), index=z.index)
    return {zid: (str(a), str(b)) for zid, a, b in zip(zone_ids, en, zh, strict=True)}


def band_pieces(z: Any, b: Any, storeys_of: Any) -> Pieces:
    """Zone × band overlay through the spatial index (both frames in EPSG:2326).

    Parameters
    ----------
    z, b
        Zones and height bands.
    storeys_of
        ``storeys_of(frame)`` gives each band's storeys.

    Returns
    -------
    Pieces
        One per zone and band that overlap by more than ``SLIVER_M2``.

    Raises
    ------
    LayerError
        Bands with neither ``height_mpd`` nor ``storeys``.
    """
    import geopandas as gpd

    if "height_mpd" not in b and "storeys" not in b:
        raise LayerError("height bands have neither 'height_mpd' nor 'storeys'",
                         source=b.attrs.get("source"))
    storeys = storeys_of(b)
    height = b["height_mpd"].to_numpy(float) if "height_mpd" in b else np.full(len(b), np.nan)
    zi, bi = b.sindex.query(z.geometry, predicate="intersects")
    area = gpd.GeoSeries(z.geometry.values[zi]).intersection(
        gpd.GeoSeries(b.geometry.values[bi]), align=False).area.to_numpy()
    keep = area > SLIVER_M2
    zi, bi = zi[keep], bi[keep]
    return Pieces(zi, area[keep], storeys[bi].astype(float), height[bi].astype(float))


def zone_pieces(z: Any, area_m2: np.ndarray, storeys_of: Any) -> Pieces:
    """Each zone whole, at its own ``height_mpd`` or ``storeys`` (no height bands).

    Parameters
    ----------
    z
        The zones frame.
    area_m2
        Their land areas.
    storeys_of
        ``storeys_of(frame)`` gives each zone's storeys.

    Returns
    -------
    Pieces
        One per zone.

    Raises
    ------
    LayerError
        Zones with neither ``height_mpd`` nor ``storeys``.
    """
    if "height_mpd" not in z and "storeys" not in z:
        raise LayerError("zones need height bands or a 'height_mpd' or 'storeys' attribute",
                         source=z.attrs.get("source"))
    height = z["height_mpd"].to_numpy(float) if "height_mpd" in z else np.full(len(z), np.nan)
    return Pieces(np.arange(len(z)), np.asarray(area_m2, float).copy(),
                  storeys_of(z).astype(float), height)


def known_zone(zid: str, zone_ids: Sequence[str], what: str = "scenario") -> int:
    """The position of a zone among the zones.

    Parameters
    ----------
    zid
        A zone id named by a scenario or a mapping.
    zone_ids
        The zones.
    what
        Who names it, for the message.

    Returns
    -------
    int

    Raises
    ------
    InputError
        An unknown zone, listing the zones.
    """
    if zid not in zone_ids:
        raise InputError(f"{what} names zone '{zid}', which is not among the zones "
                         f"({', '.join(zone_ids)})")
    return list(zone_ids).index(zid)


def cap_pieces(p: Pieces, zone_ids: Sequence[str], height_mpd: Mapping[str, float] | None,
               storeys: Mapping[str, int] | None, storeys_under: Any) -> Pieces:
    """Pieces with the named zones capped at a height (mPD) or a number of storeys.

    Parameters
    ----------
    p
        The pieces.
    zone_ids
        The zones, for the pieces' zone positions.
    height_mpd, storeys
        ``zone_id -> cap``.
    storeys_under
        ``storeys_under(mpd)`` converts a height cap to storeys.

    Returns
    -------
    Pieces
        New pieces (``p`` is not modified).
    """
    st, h = p.storeys.copy(), p.height_mpd.copy()
    for zid, mpd in (height_mpd or {}).items():
        sel = p.zone == known_zone(zid, zone_ids)
        st[sel] = np.minimum(st[sel], storeys_under(mpd))
        h[sel] = np.minimum(np.nan_to_num(h[sel], nan=mpd), mpd)
    for zid, n in (storeys or {}).items():
        sel = p.zone == known_zone(zid, zone_ids)
        st[sel] = np.minimum(st[sel], n)
    return replace(p, storeys=st, height_mpd=h)


def per_zone(p: Pieces, values: np.ndarray, n: int, op: Any) -> np.ndarray:
    """The minimum or maximum of a value over each zone's pieces.

    Parameters
    ----------
    p
        The pieces.
    values
        One value per piece.
    n
        The number of zones.
    op
        ``np.minimum`` or ``np.maximum``.

    Returns
    -------
    numpy.ndarray
        ``(n,)``; NaN for a zone with no piece (or a NaN value).
    """
    out = np.full(n, np.inf if op is np.minimum else -np.inf, dtype=float)
    op.at(out, p.zone, values)
    return np.where(np.isfinite(out), out, np.nan)


def coverage(z: Any, zone_ids: list[str], site_coverage: Any) -> np.ndarray:
    """Site coverage of each zone: the zones' ``site_coverage`` with ``site_coverage`` given
    here overriding it.

    Parameters
    ----------
    z
        The zones frame.
    zone_ids
        Their ids.
    site_coverage
        None, one value for all zones, or ``zone_id -> value``.

    Returns
    -------
    numpy.ndarray
        One value per zone, each from 0 to 1.

    Raises
    ------
    LayerError
        No coverage anywhere, or a value outside 0-1.
    InputError
        A coverage given for an unknown zone.
    """
    if isinstance(site_coverage, int | float):
        cov = np.full(len(z), float(site_coverage))
    else:
        if "site_coverage" in z:
            cov = z["site_coverage"].to_numpy(float)
        elif isinstance(site_coverage, Mapping) and set(site_coverage) >= set(zone_ids):
            cov = np.zeros(len(z))
        else:
            raise LayerError("zones have no 'site_coverage' attribute; give one (e.g. "
                             "--site-coverage 0.4)", source=z.attrs.get("source"))
        for zid, v in (site_coverage or {}).items():
            if zid not in zone_ids:
                raise InputError(f"site coverage given for unknown zone '{zid}'")
            cov[zone_ids.index(zid)] = float(v)
    bad = ~np.isfinite(cov) | (cov < 0) | (cov > 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise LayerError(f"zone '{zone_ids[i]}': site_coverage must be between 0 and 1, "
                         f"found {cov[i]}", source=z.attrs.get("source"))
    return cov


def weight_matrix(use_zones: pd.DataFrame | None, use_ids: Sequence[str] | None,
                  zone_ids: list[str], weight_problem: Any) -> tuple[list[str], np.ndarray]:
    """``(use ids, (uses, zones) weights)`` of a use → zone mapping (weight 1 by default).

    Parameters
    ----------
    use_zones
        ``use_id, zone_id[, weight]`` (None: no mapping).
    use_ids
        Row order (default: the order of the mapping); rows of other uses are ignored.
    zone_ids
        Column order.
    weight_problem
        The weight rule (:func:`gis.capacity.weight_problem`).

    Returns
    -------
    tuple
        The use ids and the ``(uses, zones)`` weights.

    Raises
    ------
    InputError
        A row naming an unknown zone, or a weight the rule refuses.
    """
    uz = pd.DataFrame(columns=["use_id", "zone_id"]) if use_zones is None else use_zones
    weight = uz["weight"] if "weight" in uz else pd.Series(1.0, index=uz.index)
    uids = list(use_ids) if use_ids is not None else list(dict.fromkeys(uz["use_id"]))
    upos = {u: i for i, u in enumerate(uids)}
    out = np.zeros((len(uids), len(zone_ids)))
    for use, zone, w in zip(uz["use_id"], uz["zone_id"], weight, strict=True):
        if use not in upos:
            continue
        col = known_zone(str(zone), zone_ids, "use-to-zone mapping")
        problem = weight_problem(w)
        if problem:
            raise InputError(f"use-to-zone mapping, use '{use}', zone '{zone}': {problem}")
        out[upos[use], col] = float(w)
    return uids, out
