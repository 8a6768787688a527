"""The tolerances, caps and overrides a validation applies (:class:`Rules`, public as
``gis.Rules``); a leaf module, so every check can name its rules without importing
:func:`gis.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gis.config import check_range

__all__ = ["Rules"]


@dataclass
class Rules:
    """Tolerances, caps and overrides a validation applies.

    Attributes
    ----------
    share_tol_pct, gfa_tol_frac
        Table arithmetic: shares sum to 100 ± ``share_tol_pct`` points; GFA sums and each row
        within ``gfa_tol_frac`` of the total.
    total_gfa_m2
        The expected total GFA (default: the table's total row, if any).
    max_plot_ratio
        Cap on the gross plot ratio (total GFA / site area); none by default.
    site_coverage, floor_to_floor_m, zone_height_mpd, zone_storeys
        Envelope overrides (see :func:`gis.envelope.build_envelope`).
    min_share_pct, max_share_pct
        Per-use bounds on the share of GFA, in %.
    area_tol_frac
        Measured vs stated areas (±1 % by default).
    gap_tol_frac, overlap_tol_m2, containment_tol_frac
        Zones may leave at most this fraction of the site uncovered, overlap by at most this
        many m², and stick out of the site by at most this fraction of their own area
        (numerical slivers where two layers digitise one edge).
    land_share_tol_pct
        A use's share of GFA may differ from the land share of its zones by this many points
        before a warning.
    near_capacity
        Utilisation above which a zone gets a warning (errors start above 1).
    """

    share_tol_pct: float = 0.5
    gfa_tol_frac: float = 0.005
    total_gfa_m2: float | None = None
    max_plot_ratio: float | None = None
    site_coverage: float | dict[str, float] | None = None
    floor_to_floor_m: float | None = None
    zone_height_mpd: dict[str, float] | None = None
    zone_storeys: dict[str, int] | None = None
    min_share_pct: dict[str, float] | None = None
    max_share_pct: dict[str, float] | None = None
    area_tol_frac: float = 0.01
    gap_tol_frac: float = 0.005
    overlap_tol_m2: float = 1.0
    containment_tol_frac: float = 0.001
    land_share_tol_pct: float = 15.0
    near_capacity: float = 0.95
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse a NaN, infinite or out-of-range value with one line naming it."""
        for name, low, low_open, high in _RULE_RANGES:
            check_range(getattr(self, name), name, low=low, low_open=low_open, high=high)
        coverage = self.site_coverage
        for key, value in coverage.items() if isinstance(coverage, dict) else [("", coverage)]:
            check_range(value, f"site_coverage{f'[{key}]' if key else ''}", low=0, high=1)
        for name, low, high in (
            ("min_share_pct", 0, 100),
            ("max_share_pct", 0, 100),
            ("zone_height_mpd", None, None),
            ("zone_storeys", 0, None),
        ):
            for key, value in (getattr(self, name) or {}).items():
                check_range(value, f"{name}[{key}]", low=low, high=high, optional=False)


# name, low, low_open, high: the range of each numeric rule (None: unbounded)
_RULE_RANGES: tuple[tuple[str, float | None, bool, float | None], ...] = (
    ("share_tol_pct", 0, False, 100),
    ("gfa_tol_frac", 0, False, 1),
    ("total_gfa_m2", 0, True, None),
    ("max_plot_ratio", 0, True, None),
    ("floor_to_floor_m", 0, True, 100),
    ("area_tol_frac", 0, False, None),
    ("gap_tol_frac", 0, False, 1),
    ("overlap_tol_m2", 0, False, None),
    ("containment_tol_frac", 0, False, 1),
    ("land_share_tol_pct", 0, False, 100),
    ("near_capacity", 0, True, None),
)
