"""Floor area and capacity as small pure functions, and the rule for a use → zone weight.

Each takes plain numbers or arrays and returns arrays, so it composes with any frame:
:func:`storeys_under` a height limit, the :func:`floor_area_m2` of land built to it, and the
:func:`capacity_m2` of zones from their pieces and site coverage. :func:`gis.build_envelope`
is made of them. The defaults pair 14 mPD with about 2 storeys and 208 mPD with about 40
(§3.1.4 of the Loop park outline).

>>> float(floor_area_m2(10_000, 208)) / 10_000
40.0
"""

from __future__ import annotations

import contextlib
import math
from typing import TYPE_CHECKING, SupportsFloat, cast

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "DEFAULT_FLOOR_TO_FLOOR_M",
    "DEFAULT_GROUND_MPD",
    "WEIGHT_RULE",
    "capacity_m2",
    "floor_area_m2",
    "storeys_needed",
    "storeys_under",
    "weight_problem",
]

STOREYS_LOW, STOREYS_HIGH = 2, 40
MPD_LOW, MPD_HIGH = 14.0, 208.0
DEFAULT_FLOOR_TO_FLOOR_M = (MPD_HIGH - MPD_LOW) / (STOREYS_HIGH - STOREYS_LOW)
DEFAULT_GROUND_MPD = MPD_LOW - STOREYS_LOW * DEFAULT_FLOOR_TO_FLOOR_M


def storeys_under(
    height_mpd: ArrayLike,
    floor_to_floor_m: float = DEFAULT_FLOOR_TO_FLOOR_M,
    ground_mpd: float = DEFAULT_GROUND_MPD,
) -> np.ndarray:
    """Whole storeys that fit under a height limit in mPD (vectorised).

    Parameters
    ----------
    height_mpd
        Height limit(s) in mPD.
    floor_to_floor_m, ground_mpd
        Storey height and ground level (default: the §3.1.4 pairing).

    Returns
    -------
    numpy.ndarray
        Whole storeys (int, never negative).

    Examples
    --------
    >>> storeys_under([14, 208]).tolist()
    [2, 40]
    """
    h = np.asarray(height_mpd, dtype=float)
    return np.maximum(np.floor((h - ground_mpd) / floor_to_floor_m + 1e-6), 0).astype(int)


def floor_area_m2(
    area_m2: ArrayLike,
    height_mpd: ArrayLike,
    floor_to_floor_m: float = DEFAULT_FLOOR_TO_FLOOR_M,
    ground_mpd: float = DEFAULT_GROUND_MPD,
) -> np.ndarray:
    """Floor area of land built up to a height limit: area × whole storeys under it (vectorised).

    Parameters
    ----------
    area_m2
        Land area (m², measured in EPSG:2326).
    height_mpd
        Height limit in mPD, one per area or one for all.
    floor_to_floor_m, ground_mpd
        Storey height and ground level (default: the §3.1.4 pairing).

    Returns
    -------
    numpy.ndarray
        Floor area in m², before site coverage.

    Examples
    --------
    >>> floor_area_m2([10_000, 10_000], [14, 208]).tolist()
    [20000.0, 400000.0]
    """
    area = np.asarray(area_m2, dtype=float)
    return area * storeys_under(height_mpd, floor_to_floor_m, ground_mpd)


def storeys_needed(gfa_m2: ArrayLike, area_m2: ArrayLike, site_coverage: ArrayLike) -> np.ndarray:
    """Whole storeys a zone needs to hold its GFA on the land its site coverage lets it build.

    ``ceil(gfa_m2 / (area_m2 × site_coverage))`` (vectorised); 0 where nothing is allocated or
    nothing may be built. The massing view draws each zone this many storeys high.

    Parameters
    ----------
    gfa_m2
        Allocated floor area of each zone, m².
    area_m2
        Land area of each zone (m², measured in EPSG:2326).
    site_coverage
        Site coverage of each zone (0-1).

    Returns
    -------
    numpy.ndarray
        Whole storeys (int).

    Examples
    --------
    >>> storeys_needed([50_000, 0, 10], [10_000, 10_000, 10_000], [0.5, 0.5, 0.0]).tolist()
    [10, 0, 0]
    """
    gfa = np.asarray(gfa_m2, dtype=float)
    footprint = np.asarray(area_m2, dtype=float) * np.asarray(site_coverage, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        storeys = np.where((footprint > 0) & (gfa > 0), np.ceil(gfa / footprint - 1e-9), 0)
    return storeys.astype(int)


def capacity_m2(
    zone_index: ArrayLike, floor_area_m2: ArrayLike, site_coverage: ArrayLike
) -> np.ndarray:
    """Capacity of each zone: its site coverage × the floor area of its pieces.

    Parameters
    ----------
    zone_index
        For each piece (part of a zone under one height), the position of its zone.
    floor_area_m2
        Floor area of each piece (:func:`floor_area_m2`).
    site_coverage
        Site coverage of each zone (0-1); its length is the number of zones.

    Returns
    -------
    numpy.ndarray
        Floor-area capacity of each zone, m².

    Examples
    --------
    >>> capacity_m2([0, 0, 1], [20_000, 40_000, 10_000], [0.5, 0.4]).tolist()
    [30000.0, 4000.0]
    """
    cov = np.asarray(site_coverage, dtype=float)
    per_zone = np.bincount(
        np.asarray(zone_index, dtype=np.int64),
        weights=np.asarray(floor_area_m2, dtype=float),
        minlength=len(cov),
    )
    return cov * per_zone


#: The range a use → zone weight must be in, for messages.
WEIGHT_RULE = (
    "a number above 0 and at most 1 (the share of the zone's capacity the use may "
    "take; leave out a zone the use may not take)"
)


def weight_problem(weight: object) -> str | None:
    """What is wrong with one use → zone weight, or None: the one rule for every mapping.

    A weight is the share of a zone's floor-area capacity that a use may take, so
    ``0 < weight <= 1``: 1 opens the whole zone to the use, and a zone the use may not take is
    left out of the mapping rather than given 0. The CSV mapping reader, the scenario schema and
    :func:`gis.planning.build_envelope` all check weights with this function.

    Parameters
    ----------
    weight
        The value as read: a number, or text holding one (a CSV cell).

    Returns
    -------
    str or None
        The problem, stating what was expected and what was found, or None when it is valid.

    Examples
    --------
    >>> weight_problem(0.4) is None, weight_problem("1") is None
    (True, True)
    >>> weight_problem(0)
    "weight must be a number above 0 and at most 1 (the share of the zone's capacity the use \
may take; leave out a zone the use may not take), found 0"
    """
    value = math.nan
    number = isinstance(weight, int | float | np.number) and not isinstance(weight, bool | np.bool_)
    if number or isinstance(weight, str):
        with contextlib.suppress(ValueError, OverflowError):  # text, or an int beyond floats
            value = float(cast(SupportsFloat | str, weight))  # a number or text (above)
    if math.isfinite(value) and 0 < value <= 1:
        return None
    shown = repr(weight) if len(repr(weight)) <= 40 else repr(weight)[:37] + "..."
    return f"weight must be {WEIGHT_RULE}, found {shown}"
