"""The development envelope: how much floor area each zone can hold, and how uses fill it.

A zone's **capacity** is the floor area its height envelope allows::

    capacity_m2 = site_coverage × Σ_bands area(zone ∩ band) × storeys(band)

with storeys the whole storeys that fit under the band's limit::

    storeys = floor((height_mpd - ground_mpd) / floor_to_floor_m)

The defaults come from §3.1.4 of the Loop park outline, which pairs 14 mPD with about 2 storeys
and 208 mPD with about 40: ``floor_to_floor_m = (208 - 14) / (40 - 2) ≈ 5.105 m`` and
``ground_mpd = 14 - 2 × 5.105 ≈ 3.79 mPD``.

Uses reach zones through a **use → zone mapping** with weights (``layers/loop_use_zones.csv``):
use *u* may take ``weight[u, z]`` of zone *z*'s capacity. A use's GFA is spread over its zones in
proportion to that weighted capacity, so the load on zone *z* is linear in the GFA::

    load[z] = Σ_u gfa[u] × weight[u, z] × capacity[z] / Σ_z' weight[u, z'] × capacity[z']

This one rule is shared by ``validate``, ``sweep`` and ``solve``: they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError, LayerError

STOREYS_LOW, STOREYS_HIGH = 2, 40
MPD_LOW, MPD_HIGH = 14.0, 208.0
DEFAULT_FLOOR_TO_FLOOR_M = (MPD_HIGH - MPD_LOW) / (STOREYS_HIGH - STOREYS_LOW)
DEFAULT_GROUND_MPD = MPD_LOW - STOREYS_LOW * DEFAULT_FLOOR_TO_FLOOR_M
SLIVER_M2 = 1.0
ENVELOPE_SOURCE = "004_281f81e4466a18af.txt §3.1.4 (14 mPD ≈ 2 storeys, 208 mPD ≈ 40 storeys)"


def storeys_under(height_mpd, floor_to_floor_m: float = DEFAULT_FLOOR_TO_FLOOR_M,
                  ground_mpd: float = DEFAULT_GROUND_MPD) -> np.ndarray:
    """Whole storeys that fit under a height limit in mPD (vectorised).

    >>> storeys_under([14, 208]).tolist()
    [2, 40]
    """
    h = np.asarray(height_mpd, dtype=float)
    return np.maximum(np.floor((h - ground_mpd) / floor_to_floor_m + 1e-6), 0).astype(int)


@dataclass
class Envelope:
    """Zones, their capacities and the use → zone weights, as arrays.

    Attributes
    ----------
    zone_ids, use_ids
        Labels of the columns and rows below.
    zone_area_m2
        Land area of each zone (EPSG:2326).
    capacity_m2
        Floor-area capacity of each zone.
    weights
        ``(uses, zones)`` share of each zone's capacity each use may take.
    site_area_m2
        The site the gross plot ratio is measured on.
    zone_names
        ``zone_id -> (name_en, name_zh)``.
    """

    zone_ids: list[str]
    use_ids: list[str]
    zone_area_m2: np.ndarray
    capacity_m2: np.ndarray
    weights: np.ndarray
    site_area_m2: float
    zone_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    site_coverage: np.ndarray | None = None
    storeys_min: np.ndarray | None = None
    storeys_max: np.ndarray | None = None
    height_mpd_max: np.ndarray | None = None

    @property
    def use_capacity_m2(self) -> np.ndarray:
        """Capacity open to each use: ``Σ_z weight[u, z] × capacity[z]``."""
        return self.weights @ self.capacity_m2

    def allocation(self) -> np.ndarray:
        """``(uses, zones)`` fraction of each use's GFA placed in each zone (rows sum to 1)."""
        w = self.weights * self.capacity_m2[None, :]
        tot = w.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(tot > 0, w / tot, 0.0)

    def zone_load_m2(self, gfa_m2: np.ndarray) -> np.ndarray:
        """GFA placed in each zone for one allocation ``(uses,)`` or many ``(n, uses)``."""
        return np.asarray(gfa_m2, dtype=float) @ self.allocation()

    def utilisation(self, gfa_m2: np.ndarray) -> np.ndarray:
        """Zone load / zone capacity (``inf`` for load on a zone with no capacity)."""
        load = self.zone_load_m2(gfa_m2)
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(self.capacity_m2 > 0, load / self.capacity_m2,
                         np.where(load > 0, np.inf, 0.0))
        return u

    def land_share_pct(self) -> np.ndarray:
        """Each use's weighted share of the zoned land, in % (``Σ_z weight × area / Σ area``)."""
        return 100.0 * (self.weights @ self.zone_area_m2) / self.zone_area_m2.sum()

    def zone_frame(self, gfa_m2: np.ndarray | None = None) -> pd.DataFrame:
        """Per-zone figures; with ``gfa_m2`` also the load, utilisation and implied plot ratio."""
        df = pd.DataFrame({
            "zone_id": self.zone_ids,
            "name_en": [self.zone_names.get(z, (z, ""))[0] for z in self.zone_ids],
            "name_zh": [self.zone_names.get(z, (z, ""))[1] for z in self.zone_ids],
            "area_ha": self.zone_area_m2 / 10_000.0,
        })
        if self.site_coverage is not None:
            df["site_coverage"] = self.site_coverage
        if self.storeys_max is not None:
            df["storeys_min"] = self.storeys_min
            df["storeys_max"] = self.storeys_max
            df["height_mpd_max"] = self.height_mpd_max
        df["capacity_m2"] = self.capacity_m2
        if gfa_m2 is not None:
            load = self.zone_load_m2(gfa_m2)
            df["gfa_m2"] = load
            df["utilisation"] = self.utilisation(gfa_m2)
            with np.errstate(divide="ignore", invalid="ignore"):
                df["implied_plot_ratio"] = np.where(self.zone_area_m2 > 0,
                                                    load / self.zone_area_m2, np.nan)
            df["status"] = np.where(df.utilisation > 1.0 + 1e-9, "over_capacity", "ok")
        return df.set_index("zone_id")


def _height_columns(zones) -> tuple[np.ndarray | None, np.ndarray | None]:
    h = zones["height_mpd"].to_numpy(float) if "height_mpd" in zones else None
    s = zones["storeys"].to_numpy(float) if "storeys" in zones else None
    return h, s


def build_envelope(
    zones,
    bands=None,
    use_zones: pd.DataFrame | None = None,
    *,
    site=None,
    site_coverage: float | dict[str, float] | None = None,
    floor_to_floor_m: float | None = None,
    ground_mpd: float = DEFAULT_GROUND_MPD,
    zone_height_mpd: dict[str, float] | None = None,
    zone_storeys: dict[str, int] | None = None,
    use_ids: list[str] | None = None,
    zone_field: str = "zone_id",
) -> Envelope:
    """Build the envelope of a set of zones under height bands.

    Parameters
    ----------
    zones
        Polygons with ``zone_id`` (or ``zone_field``), and ``site_coverage`` unless given here;
        ``height_mpd`` or ``storeys`` per zone when there are no ``bands``.
    bands
        Height bands (``height_mpd``, optionally ``storeys``) overlaid on the zones.
    use_zones
        Columns ``use_id``, ``zone_id``, ``weight`` (default 1).
    site
        Polygons of the site for the gross plot ratio (default: the union of the zones).
    site_coverage
        Override the zones' site coverage: one value for all, or per zone id.
    floor_to_floor_m, ground_mpd
        Convert mPD to storeys; by default the bands' own ``storeys`` are used, and the §3.1.4
        pairing where a band has none.
    zone_height_mpd, zone_storeys
        Cap the height of named zones (scenario overrides), in mPD or in storeys.
    use_ids
        Row order of the weight matrix (default: the order found in ``use_zones``).
    """
    import geopandas as gpd

    from .io import HK1980, area_m2

    if zone_field not in zones:
        raise LayerError(f"zones have no '{zone_field}' column", source=zones.attrs.get("source"))
    z = zones.to_crs(HK1980).reset_index(drop=True)
    zone_ids = [str(v) for v in z[zone_field]]
    area = area_m2(z).to_numpy()
    names = {
        zid: (str(r.get("name_en", zid)), str(r.get("name_zh", "")))
        for zid, (_, r) in zip(zone_ids, z.iterrows(), strict=True)
    }
    cov = _coverage(z, zone_ids, site_coverage)
    ftf = floor_to_floor_m or DEFAULT_FLOOR_TO_FLOOR_M

    if bands is not None and len(bands):
        b = bands.to_crs(HK1980).reset_index(drop=True)
        if "height_mpd" not in b and "storeys" not in b:
            raise LayerError("height bands have neither 'height_mpd' nor 'storeys'",
                             source=bands.attrs.get("source"))
        if floor_to_floor_m is None and "storeys" in b:
            st = b["storeys"].to_numpy(float)
        else:
            st = storeys_under(b["height_mpd"], ftf, ground_mpd).astype(float)
        h = b["height_mpd"].to_numpy(float) if "height_mpd" in b else np.full(len(b), np.nan)
        # zone x band intersection areas through the spatial index
        zi, bi = b.sindex.query(z.geometry, predicate="intersects")
        inter = gpd.GeoSeries(z.geometry.values[zi]).intersection(
            gpd.GeoSeries(b.geometry.values[bi]), align=False).area.to_numpy()
        keep = inter > SLIVER_M2  # shared edges digitised twice leave slivers, not floor area
        zi, bi, inter = zi[keep], bi[keep], inter[keep]
        st_pair, h_pair = st[bi].copy(), h[bi].copy()
    else:
        h_col, s_col = _height_columns(z)
        if h_col is None and s_col is None:
            raise LayerError("zones need height bands or a 'height_mpd' or 'storeys' attribute",
                             source=zones.attrs.get("source"))
        zi = np.arange(len(z))
        inter = area.copy()
        if s_col is not None and floor_to_floor_m is None:
            st_pair = s_col.copy()
        else:
            st_pair = storeys_under(h_col, ftf, ground_mpd).astype(float)
        h_pair = h_col.copy() if h_col is not None else np.full(len(z), np.nan)

    zone_pos = {zid: i for i, zid in enumerate(zone_ids)}
    for zid, mpd in (zone_height_mpd or {}).items():
        _known_zone(zid, zone_pos)
        sel = zi == zone_pos[zid]
        st_pair[sel] = np.minimum(st_pair[sel], storeys_under(mpd, ftf, ground_mpd))
        h_pair[sel] = np.minimum(np.nan_to_num(h_pair[sel], nan=mpd), mpd)
    for zid, n in (zone_storeys or {}).items():
        _known_zone(zid, zone_pos)
        sel = zi == zone_pos[zid]
        st_pair[sel] = np.minimum(st_pair[sel], n)

    floor_area = np.bincount(zi, weights=inter * st_pair, minlength=len(z))
    capacity = cov * floor_area
    smin = _group(zi, st_pair, len(z), np.minimum, np.inf)
    smax = _group(zi, st_pair, len(z), np.maximum, -np.inf)
    hmax = _group(zi, np.nan_to_num(h_pair, nan=-np.inf), len(z), np.maximum, -np.inf)

    if use_zones is None:
        use_zones = pd.DataFrame(columns=["use_id", "zone_id", "weight"])
    uz = use_zones.copy()
    if "weight" not in uz:
        uz["weight"] = 1.0
    uids = list(use_ids) if use_ids is not None else list(dict.fromkeys(uz["use_id"]))
    weights = np.zeros((len(uids), len(zone_ids)))
    upos = {u: i for i, u in enumerate(uids)}
    for rec in uz.itertuples(index=False):
        if rec.use_id not in upos:
            continue
        _known_zone(str(rec.zone_id), zone_pos, "use-to-zone mapping")
        weights[upos[rec.use_id], zone_pos[str(rec.zone_id)]] = float(rec.weight)

    site_area = float(area_m2(site).sum()) if site is not None else float(area.sum())
    return Envelope(
        zone_ids=zone_ids, use_ids=uids, zone_area_m2=area, capacity_m2=capacity,
        weights=weights, site_area_m2=site_area, zone_names=names, site_coverage=cov,
        storeys_min=np.where(np.isfinite(smin), smin, np.nan),
        storeys_max=np.where(np.isfinite(smax), smax, np.nan),
        height_mpd_max=np.where(np.isfinite(hmax), hmax, np.nan),
    )


def _known_zone(zid: str, zone_pos: dict[str, int], what: str = "scenario") -> None:
    if zid not in zone_pos:
        raise InputError(f"{what} names zone '{zid}', which is not among the zones "
                         f"({', '.join(zone_pos)})")


def _group(idx: np.ndarray, values: np.ndarray, n: int, op, init: float) -> np.ndarray:
    out = np.full(n, init, dtype=float)
    op.at(out, idx, values)
    return out


def _coverage(z, zone_ids: list[str], site_coverage) -> np.ndarray:
    if isinstance(site_coverage, (int, float)):
        cov = np.full(len(z), float(site_coverage))
    else:
        if "site_coverage" in z:
            cov = z["site_coverage"].to_numpy(float)
        elif isinstance(site_coverage, dict) and set(site_coverage) >= set(zone_ids):
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


def default_envelope(**overrides) -> Envelope:
    """The envelope of the embedded Loop Phase 1: zones, height bands, Table 3.1's uses.

    >>> env = default_envelope()
    >>> round(float(env.site_area_m2 / 10_000))
    48
    """
    from . import catalog

    phases = catalog.load_layer("loop.phases")
    return build_envelope(
        catalog.load_layer("loop.zones"),
        catalog.load_layer("loop.height_bands"),
        catalog.load_table("loop.use_zones"),
        site=phases[phases.phase == 1],
        use_ids=list(catalog.load_table("loop.gfa_phase1").use_id),
        **overrides,
    )
