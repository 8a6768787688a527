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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gis.errors import LayerError
from gis.planning import envelope_parts as parts
from gis.planning.capacity import (
    DEFAULT_FLOOR_TO_FLOOR_M,
    DEFAULT_GROUND_MPD,
    MPD_HIGH,
    MPD_LOW,
    STOREYS_HIGH,
    STOREYS_LOW,
    WEIGHT_RULE,
    capacity_m2,
    floor_area_m2,
    storeys_under,
    weight_problem,
)

if TYPE_CHECKING:
    import geopandas as gpd
    from numpy.typing import ArrayLike

__all__ = [
    "DEFAULT_FLOOR_TO_FLOOR_M",
    "DEFAULT_GROUND_MPD",
    "ENVELOPE_SOURCE",
    "MPD_HIGH",
    "MPD_LOW",
    "SLIVER_M2",
    "STOREYS_HIGH",
    "STOREYS_LOW",
    "WEIGHT_RULE",
    "Envelope",
    "EnvelopeOptions",
    "build_envelope",
    "capacity_m2",
    "floor_area_m2",
    "storeys_under",
    "weight_problem",
]

SLIVER_M2 = parts.SLIVER_M2
ENVELOPE_SOURCE = "004_281f81e4466a18af.txt §3.1.4 (14 mPD ≈ 2 storeys, 208 mPD ≈ 40 storeys)"


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
        """``(uses, zones)`` fraction of each use's GFA placed in each zone (rows sum to 1; 0
        for a use no zone is open to), in proportion to the weighted capacity.

        Returns
        -------
        numpy.ndarray
        """
        w = self.weights * self.capacity_m2[None, :]
        tot = w.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(tot > 0, w / tot, 0.0)

    def zone_load_m2(self, gfa_m2: np.ndarray) -> np.ndarray:
        """GFA placed in each zone.

        Parameters
        ----------
        gfa_m2
            GFA by use for one allocation ``(uses,)`` or many ``(n, uses)``.

        Returns
        -------
        numpy.ndarray
            ``(zones,)`` or ``(n, zones)``, m².
        """
        return np.asarray(gfa_m2, dtype=float) @ self.allocation()

    def utilisation(self, gfa_m2: np.ndarray) -> np.ndarray:
        """Zone load / zone capacity.

        Parameters
        ----------
        gfa_m2
            GFA by use, as :meth:`zone_load_m2`.

        Returns
        -------
        numpy.ndarray
            Above 1 over capacity; ``inf`` for load on a zone with no capacity.
        """
        load = self.zone_load_m2(gfa_m2)
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(
                self.capacity_m2 > 0, load / self.capacity_m2, np.where(load > 0, np.inf, 0.0)
            )
        return u

    def land_share_pct(self) -> np.ndarray:
        """Each use's weighted share of the zoned land.

        Returns
        -------
        numpy.ndarray
            ``(uses,)`` in %: ``Σ_z weight × area / Σ area``.
        """
        return 100.0 * (self.weights @ self.zone_area_m2) / self.zone_area_m2.sum()

    def zone_frame(self, gfa_m2: np.ndarray | None = None) -> pd.DataFrame:
        """Per-zone figures, indexed by ``zone_id``.

        Parameters
        ----------
        gfa_m2
            GFA by use; when given, also the load, utilisation, implied plot ratio and status.

        Returns
        -------
        pandas.DataFrame
            Names, area, coverage, storeys, capacity (and the load figures).

        Examples
        --------
        >>> from gis.catalog import default_envelope
        >>> row = default_envelope().zone_frame().loc["uir"]
        >>> row.name_zh, int(row.storeys_max)
        ('產學研區', 40)
        """
        df = pd.DataFrame(
            {
                "zone_id": self.zone_ids,
                "name_en": [self.zone_names.get(z, (z, ""))[0] for z in self.zone_ids],
                "name_zh": [self.zone_names.get(z, (z, ""))[1] for z in self.zone_ids],
                "area_ha": self.zone_area_m2 / 10_000.0,
            }
        )
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
                df["implied_plot_ratio"] = np.where(
                    self.zone_area_m2 > 0, load / self.zone_area_m2, np.nan
                )
            df["status"] = np.where(df.utilisation > 1.0 + 1e-9, "over_capacity", "ok")
        return df.set_index("zone_id")


@dataclass(frozen=True)
class EnvelopeOptions:
    """How :func:`build_envelope` turns zones and heights into capacities.

    Attributes
    ----------
    site_coverage
        Override the zones' site coverage: one value for all, or per zone id.
    floor_to_floor_m, ground_mpd
        Convert mPD to storeys; by default the bands' (or zones') own ``storeys`` are used, and
        the §3.1.4 pairing where there are none.
    zone_height_mpd, zone_storeys
        Cap the height of named zones (scenario overrides), in mPD or in storeys.
    use_ids
        Row order of the weight matrix (default: the order found in the mapping).
    zone_field
        The column holding the zone ids.
    """

    site_coverage: float | Mapping[str, float] | np.ndarray | None = None
    floor_to_floor_m: float | None = None
    ground_mpd: float = DEFAULT_GROUND_MPD
    zone_height_mpd: Mapping[str, float] | None = None
    zone_storeys: Mapping[str, int] | None = None
    use_ids: Sequence[str] | None = None
    zone_field: str = "zone_id"

    def storeys_at(self, height_mpd: ArrayLike) -> np.ndarray:
        """Whole storeys under ``height_mpd`` with these options (:func:`storeys_under`).

        Parameters
        ----------
        height_mpd
            Height limit(s), mPD.

        Returns
        -------
        numpy.ndarray
        """
        ftf = self.floor_to_floor_m or DEFAULT_FLOOR_TO_FLOOR_M
        return storeys_under(height_mpd, ftf, self.ground_mpd)

    def storeys_of(self, frame: pd.DataFrame) -> np.ndarray:
        """Storeys of each band or zone: its own ``storeys`` unless a floor-to-floor height is
        set here (or there is no such column), else the storeys under its ``height_mpd``.

        Parameters
        ----------
        frame
            Height bands or zones.

        Returns
        -------
        numpy.ndarray
            Storeys per row, as floats.
        """
        if "storeys" in frame and self.floor_to_floor_m is None:
            return frame["storeys"].to_numpy(float)
        return self.storeys_at(frame["height_mpd"]).astype(float)


def build_envelope(
    zones: gpd.GeoDataFrame,
    bands: gpd.GeoDataFrame | None = None,
    use_zones: pd.DataFrame | None = None,
    *,
    site: gpd.GeoDataFrame | None = None,
    options: EnvelopeOptions | None = None,
    **overrides: Any,
) -> Envelope:
    """Build the envelope of a set of zones under height bands.

    Parameters
    ----------
    zones
        Polygons with ``zone_id`` (or ``options.zone_field``), and ``site_coverage`` unless
        given in the options; ``height_mpd`` or ``storeys`` per zone when there are no bands.
    bands
        Height bands (``height_mpd``, optionally ``storeys``) overlaid on the zones.
    use_zones
        Columns ``use_id``, ``zone_id``, ``weight`` (default 1; see :func:`weight_problem`).
    site
        Polygons of the site for the gross plot ratio (default: the union of the zones).
    options
        :class:`EnvelopeOptions` (default: none of the overrides).
    **overrides
        Fields of :class:`EnvelopeOptions` given by name (``site_coverage=0.4``), replacing
        those of ``options``.

    Returns
    -------
    Envelope
        Zones, capacities and the use → zone weights as arrays.

    Raises
    ------
    LayerError
        Zones without their id column or site coverage, or with no height information.
    InputError
        An override or the mapping naming an unknown zone, or a weight outside ``0 < w <= 1``.

    Examples
    --------
    >>> from gis.catalog import layers as catalog
    >>> env = build_envelope(catalog.load_layer("loop.zones"),
    ...                      catalog.load_layer("loop.height_bands"), site_coverage=0.4)
    >>> dict(zip(env.zone_ids, env.site_coverage.tolist()))["life_health"]  # building land
    0.4
    >>> dict(zip(env.zone_ids, env.site_coverage.tolist()))["roads"]  # stays without floors
    0.0
    """
    from gis.io.layers import area_m2, to_hk1980

    opts = replace(options or EnvelopeOptions(), **overrides)
    if opts.zone_field not in zones:
        raise LayerError(
            f"zones have no '{opts.zone_field}' column", source=zones.attrs.get("source")
        )
    z = to_hk1980(zones).reset_index(drop=True)
    zone_ids = [str(v) for v in z[opts.zone_field].tolist()]
    area = area_m2(z).to_numpy()
    cov = parts.coverage(z, zone_ids, opts.site_coverage)
    pieces = (
        parts.band_pieces(z, to_hk1980(bands).reset_index(drop=True), opts.storeys_of)
        if bands is not None and len(bands)
        else parts.zone_pieces(z, area, opts.storeys_of)
    )
    pieces = parts.cap_pieces(
        pieces, zone_ids, opts.zone_height_mpd, opts.zone_storeys, opts.storeys_at
    )
    uids, weights = parts.weight_matrix(use_zones, opts.use_ids, zone_ids, weight_problem)
    n = len(zone_ids)
    return Envelope(
        zone_ids=zone_ids,
        use_ids=uids,
        zone_area_m2=area,
        capacity_m2=capacity_m2(pieces.zone, pieces.area_m2 * pieces.storeys, cov),
        weights=weights,
        site_area_m2=float(area_m2(site).sum()) if site is not None else float(area.sum()),
        zone_names=parts.zone_names(z, zone_ids),
        site_coverage=cov,
        storeys_min=parts.per_zone(pieces, pieces.storeys, n, np.minimum),
        storeys_max=parts.per_zone(pieces, pieces.storeys, n, np.maximum),
        height_mpd_max=parts.per_zone(
            pieces, np.nan_to_num(pieces.height_mpd, nan=-np.inf), n, np.maximum
        ),
    )
