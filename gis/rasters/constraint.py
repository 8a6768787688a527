"""User rasters as site constraints: "no building GFA where the flood depth exceeds 0.5 m".

A constraint is a raster and the highest value building land may have (``flood.tif:max=0.5``),
optionally with the share of a zone allowed above it (``flood.tif:max=0.5,share=5`` allows 5 %).
Each zone holding allocated GFA is measured with :func:`gis.rasters.zonal_stats` (cells weighted
by the fraction the zone covers); a zone above the allowed share is an error finding.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError
from gis.registry.raster import RASTER_CONSTRAINT
from gis.report import CheckRecord, Issue

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["RasterConstraint", "constraint_checks"]

SPEC = "FILE:max=VALUE[,share=PCT]"


@dataclass(frozen=True)
class RasterConstraint:
    """A raster and the highest value allowed on building land.

    Attributes
    ----------
    path
        The raster (any CRS; the zones are reprojected to it).
    max_value
        The highest value allowed (in the raster's units).
    max_share_pct
        The share of a zone's area allowed above ``max_value`` (default 0: none).
    band
        The band to read.
    """

    path: Path
    max_value: float
    max_share_pct: float = 0.0
    band: int = 1

    @classmethod
    def parse(cls, spec: str | os.PathLike[str] | RasterConstraint) -> RasterConstraint:
        """Read ``FILE:max=VALUE[,share=PCT][,band=N]`` (``--constraint``).

        Parameters
        ----------
        spec
            The text, or a constraint (returned as is).

        Returns
        -------
        RasterConstraint

        Raises
        ------
        InputError
            One line naming ``--constraint`` and what is wrong.

        Examples
        --------
        >>> RasterConstraint.parse("flood.tif:max=0.5,share=5").max_share_pct
        5.0
        """
        if isinstance(spec, RasterConstraint):
            return spec
        text = str(spec)
        path, sep, terms = text.rpartition(":")
        values: dict[str, float] = {}
        for term in terms.split(",") if sep else []:
            key, eq, value = term.partition("=")
            try:
                values[key.strip()] = float(value) if eq else float("nan")
            except ValueError:
                values[key.strip()] = float("nan")
        bad = [k for k, v in values.items() if k not in ("max", "share", "band") or np.isnan(v)]
        if not path or "max" not in values or bad:
            raise InputError(f"--constraint {text}: expected {SPEC}, e.g. flood.tif:max=0.5")
        share = values.get("share", 0.0)
        if not 0 <= share < 100:
            raise InputError(f"--constraint {text}: share must be a percentage from 0 to 100")
        return cls(Path(path), values["max"], share, int(values.get("band", 1)))

    def __str__(self) -> str:
        share = f",share={self.max_share_pct:g}" if self.max_share_pct else ""
        return f"{self.path.name}:max={self.max_value:g}{share}"


def constraint_checks(
    constraints: Sequence[str | os.PathLike[str] | RasterConstraint],
    zones: gpd.GeoDataFrame,
) -> tuple[list[Issue], list[CheckRecord]]:
    """The findings of each constraint on the zones holding GFA.

    Parameters
    ----------
    constraints
        ``--constraint`` texts or :class:`RasterConstraint`.
    zones
        The report's zones (``ValidationReport.zones``: geometry, ``gfa_m2``, ``site_coverage``,
        names), indexed by zone id.

    Returns
    -------
    issues, records
        One error per zone and constraint over the allowed share; one record per constraint.

    Raises
    ------
    InputError
        A constraint that cannot be read, or a raster that does not overlap the zones.
    """
    from gis.rasters.zonal import zonal_stats

    issues: list[Issue] = []
    records: list[CheckRecord] = []
    keep = zones["gfa_m2"].fillna(0.0) > 0 if "gfa_m2" in zones else zones.index.isna()
    if "site_coverage" in zones:  # roads and open space hold no building GFA
        keep &= zones["site_coverage"].fillna(1.0) > 0
    building = zones[keep]
    for spec in constraints:
        c = RasterConstraint.parse(spec)
        if building.empty:
            records.append(CheckRecord(RASTER_CONSTRAINT, False, "zones", "no zone holds GFA"))
            continue
        stats = zonal_stats(
            c.path,
            building.reset_index(),
            threshold=c.max_value,
            band=c.band,
            id_field=building.index.name or "zone_id",
            reproject=True,
        )
        for zid, row in stats.iterrows():
            pct = 100.0 * float(row.share_above) if np.isfinite(row.share_above) else 0.0
            if pct <= c.max_share_pct + 1e-9:
                continue
            r = building.loc[zid]
            allowed = f" (allowed: {c.max_share_pct:g}%)" if c.max_share_pct else ""
            issues.append(
                Issue(
                    RASTER_CONSTRAINT,
                    "error",
                    f"zone '{zid}' ({r.get('name_en', zid)}) holds {float(r.gfa_m2):,.0f} m² "
                    f"GFA but {c.path.name} exceeds {c.max_value:g} over {pct:.1f}% of it"
                    f"{allowed}; highest value {row['max']:g}",
                    feature=str(zid),
                    source=str(c.path),
                    value=pct,
                    expected=c.max_share_pct,
                    params={
                        "zone": str(zid),
                        "name_en": r.get("name_en"),
                        "name_zh": r.get("name_zh"),
                        "gfa": float(r.gfa_m2),
                        "raster": c.path.name,
                        "max": c.max_value,
                        "pct": pct,
                        "allowed": c.max_share_pct,
                        "highest": float(row["max"]),
                    },
                )
            )
        names = ", ".join(str(z) for z in building.index)
        records.append(
            CheckRecord(
                RASTER_CONSTRAINT,
                True,
                f"zones {names}",
                f"{c}: the share of each zone holding GFA above {c.max_value:g}",
                str(c.path),
            )
        )
    return issues, records
