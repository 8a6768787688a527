"""The steps :func:`gis.planning.build_envelope` is made of, each a small pure function.

A zone's floor area is summed over *pieces*: the parts of the zone under one height band (or
the whole zone when there are no bands), each with its land area, storeys and height limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from gis.errors import InputError, LayerError
from gis.formats import plural

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
    return {
        zid: (str(a), str(b)) for zid, a, b in zip(zone_ids, en.tolist(), zh.tolist(), strict=True)
    }


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
        raise LayerError(
            "height bands have neither 'height_mpd' nor 'storeys'", source=b.attrs.get("source")
        )
    storeys = storeys_of(b)
    height = b["height_mpd"].to_numpy(float) if "height_mpd" in b else np.full(len(b), np.nan)
    zi, bi = b.sindex.query(z.geometry, predicate="intersects")
    area = (
        gpd.GeoSeries(z.geometry.values[zi])
        .intersection(gpd.GeoSeries(b.geometry.values[bi]), align=False)
        .area.to_numpy()
    )
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
        raise LayerError(
            "zones need height bands or a 'height_mpd' or 'storeys' attribute",
            source=z.attrs.get("source"),
        )
    height = z["height_mpd"].to_numpy(float) if "height_mpd" in z else np.full(len(z), np.nan)
    return Pieces(
        np.arange(len(z)), np.asarray(area_m2, float).copy(), storeys_of(z).astype(float), height
    )


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
        raise InputError(
            f"{what} names zone '{zid}', which is not among the zones ({', '.join(zone_ids)})"
        )
    return list(zone_ids).index(zid)


def zone_positions(
    zids: Sequence[str], zone_ids: Sequence[str], what: str = "scenario"
) -> np.ndarray:
    """The positions of many zones among the zones, in one pass (:func:`known_zone` for each).

    Raises
    ------
    InputError
        The first unknown zone, as :func:`known_zone` says it.
    """
    index = pd.Index(list(zone_ids))
    pos = (
        index.get_indexer(list(zids))
        if index.is_unique
        else np.array([known_zone(z, zone_ids, what) for z in zids], dtype=np.int64)
    )
    if (pos < 0).any():
        known_zone(str(np.asarray(list(zids), dtype=object)[pos < 0][0]), zone_ids, what)
    return np.asarray(pos, dtype=np.int64)


def cap_pieces(
    p: Pieces,
    zone_ids: Sequence[str],
    height_mpd: Mapping[str, float] | None,
    storeys: Mapping[str, int] | None,
    storeys_under: Any,
) -> Pieces:
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
    n = len(zone_ids)
    if height_mpd:
        cap = np.full(n, np.nan)
        cap[zone_positions(list(height_mpd), zone_ids)] = np.asarray(
            list(height_mpd.values()), dtype=float
        )
        c = cap[p.zone]
        sel = np.isfinite(c)
        st[sel] = np.minimum(st[sel], storeys_under(c[sel]))
        h[sel] = np.minimum(np.where(np.isnan(h[sel]), c[sel], h[sel]), c[sel])
    if storeys:
        cap = np.full(n, np.inf)
        cap[zone_positions(list(storeys), zone_ids)] = np.asarray(
            list(storeys.values()), dtype=float
        )
        st = np.minimum(st, cap[p.zone])
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
        None, one value for the building land, ``zone_id -> value``, or an array of one value
        per zone in the order of ``zone_ids``. One value applies to building land only: zones
        whose own ``site_coverage`` is 0 (roads, open space, the ecological area, Central
        Avenue: land that carries no floor space) stay at 0; zones without the attribute all
        take it.

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
        if "site_coverage" in z:
            own = pd.to_numeric(z["site_coverage"], errors="coerce").to_numpy(float)
            cov[own == 0] = 0.0  # not building land: no coverage makes it carry floor space
    elif isinstance(site_coverage, np.ndarray):
        cov = np.array(site_coverage, dtype=float)
        if cov.shape != (len(zone_ids),):
            raise InputError(
                f"site coverage for {plural(cov.size, 'zone')} given; "
                f"there are {plural(len(zone_ids), 'zone')}"
            )
    else:
        if "site_coverage" in z:
            cov = z["site_coverage"].to_numpy(float, copy=True)  # written below
        elif isinstance(site_coverage, Mapping) and set(site_coverage) >= set(zone_ids):
            cov = np.zeros(len(z))
        else:
            raise LayerError(
                "zones have no 'site_coverage' attribute; give one (e.g. --site-coverage 0.4)",
                source=z.attrs.get("source"),
            )
        given = dict(site_coverage or {})
        pos = pd.Index(zone_ids).get_indexer(list(given)) if given else np.array([], int)
        if (pos < 0).any():
            unknown = list(given)[int(np.flatnonzero(pos < 0)[0])]
            raise InputError(f"site coverage given for unknown zone '{unknown}'")
        if given and pd.Index(zone_ids).is_unique:
            cov[pos] = np.asarray(list(given.values()), dtype=float)
        else:
            for zid, v in given.items():
                cov[zone_ids.index(zid)] = float(v)
    bad = ~np.isfinite(cov) | (cov < 0) | (cov > 1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise LayerError(
            f"zone '{zone_ids[i]}': site_coverage must be between 0 and 1, found {cov[i]}",
            source=z.attrs.get("source"),
        )
    return cov


def weight_matrix(
    use_zones: pd.DataFrame | None,
    use_ids: Sequence[str] | None,
    zone_ids: list[str],
    weight_problem: Any,
) -> tuple[list[str], np.ndarray]:
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
        The weight rule (:func:`gis.planning.capacity.weight_problem`).

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
    if pd.Index(uids).is_unique:  # one lookup for the whole column
        rows = pd.Index(uids).get_indexer(uz["use_id"]).astype(np.int64)
    else:
        rows = np.array([upos.get(u, -1) for u in uz["use_id"]], dtype=np.int64)
    mine = rows >= 0
    zones = np.asarray(uz["zone_id"], dtype=object)[mine]
    if pd.api.types.infer_dtype(zones, skipna=False) != "string":  # else they are str already
        zones = np.array([str(z) for z in zones], dtype=object)
    cols = zone_positions(zones, zone_ids, "use-to-zone mapping")
    if isinstance(weight.dtype, np.dtype) and weight.dtype.kind in "iuf":  # plain numbers
        w = weight.to_numpy()[mine]
        numeric = w.astype(float)
        simple = np.ones(len(w), dtype=bool)
    else:
        w = np.asarray(weight, dtype=object)[mine]
        numeric = pd.to_numeric(pd.Series(w), errors="coerce").to_numpy(float)
        simple = np.array(
            [isinstance(v, int | float | np.number) and not isinstance(v, bool) for v in w],
            dtype=bool,
        )
    fine = simple & (numeric > 0) & (numeric <= 1)
    for k in np.flatnonzero(~fine):  # the weight rule says what is wrong, in order
        problem = weight_problem(w[k].item() if isinstance(w[k], np.generic) else w[k])
        if problem:
            use = np.asarray(uz["use_id"], dtype=object)[mine][k]
            raise InputError(f"use-to-zone mapping, use '{use}', zone '{zones[k]}': {problem}")
    out[rows[mine], cols] = numeric
    return uids, out
