"""The facts registry: every stated figure the embedded data encodes, and how to measure it.

Each :class:`Fact` carries the stated value, its unit and tolerance, and its source; its
``measure`` function reads the embedded layers and tables and returns the value found there
(areas in EPSG:2326). :func:`check_facts` measures them all; ``technopole facts`` prints them.

>>> import gis
>>> table = gis.check_facts()
>>> bool(table.passed.all())
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

import numpy as np
import pandas as pd

from gis.catalog import fact_measures as M
from gis.catalog import layers as catalog

Comparison = Literal["about", "at_most", "at_least"]
SEED = "004_281f81e4466a18af.txt"


@dataclass(frozen=True)
class Fact:
    """A stated figure and the way to measure it on the embedded data.

    Attributes
    ----------
    id
        Stable identifier, e.g. ``"loop.area_ha"``.
    description
        What the figure is, in English.
    value, unit
        The stated figure.
    tolerance
        Allowed difference: a fraction of ``value`` when ``relative`` else absolute, in ``unit``.
    source
        Where the figure is stated (seed file and section, or public source).
    comparison
        ``"about"``: ``|measured - value| <= tol``; ``"at_most"`` / ``"at_least"``: a bound.
    """

    id: str
    description: str
    value: float
    unit: str
    source: str
    measure: Callable[[], float] = field(repr=False, compare=False)
    tolerance: float = 0.0
    relative: bool = False
    comparison: Comparison = "about"

    def allowed(self) -> float:
        """The tolerance in the fact's unit.

        Returns
        -------
        float
        """
        return abs(self.value) * self.tolerance if self.relative else self.tolerance

    def holds(self, measured: float) -> bool:
        """Whether ``measured`` agrees with the stated figure.

        Parameters
        ----------
        measured
            The value measured on the data (None or NaN never holds).

        Returns
        -------
        bool
        """
        if measured is None or not np.isfinite(measured):
            return False
        if self.comparison == "at_most":
            return measured <= self.value + self.allowed()
        if self.comparison == "at_least":
            return measured >= self.value - self.allowed()
        return abs(measured - self.value) <= self.allowed() + 1e-9


# ----------------------------------------------------------------------------- the registry
def _loop_facts(s: str) -> list[Fact]:
    lmcl = "Town Planning Board, S/LMCL/2 (2018-02-09)"
    return [
        Fact(
            "loop.plan_area_ha",
            "Lok Ma Chau Loop OZP planning scheme area",
            104.1,
            "ha",
            lmcl,
            lambda: M.ha("loop.plan_area"),
            0.001,
            True,
        ),
        Fact(
            "loop.area_ha",
            "Loop park site area (plan area less the CA)",
            87,
            "ha",
            f"{s} §2.1.4, §3.1.1",
            lambda: M.ha("loop.boundary"),
            0.01,
            True,
        ),
        Fact(
            "loop.park_is_plan_less_ca",
            "park vs S/LMCL/2 zones other than CA (mismatch)",
            0,
            "fraction",
            f"{lmcl}; {s} §3.1.1",
            M.park_vs_plan_less_ca,
            0.0005,
        ),
        Fact(
            "loop.centre_offset_m",
            "Loop park centre from 22.5212 N 114.0796 E",
            0,
            "m",
            "S/LMCL/2 plan area centroid (layers/sources/tpb/S_LMCL_2)",
            M.centre_offset_m,
            50,
        ),
        Fact(
            "loop.phases",
            "phases of the Loop park",
            2,
            "count",
            f"{s} §3.1.1",
            lambda: M.count("loop.phases"),
        ),
        Fact(
            "loop.phase1_is_west",
            "Phase 1 lies south-west of Phase 2 on the long axis (1 = yes)",
            1,
            "bool",
            f"{s} §3.1.1",
            M.phase1_south_west,
        ),
        Fact(
            "loop.phases_cover_boundary",
            "phases together are the boundary (mismatch)",
            0,
            "fraction",
            f"{s} §3.1.1",
            lambda: M.partition_gap("loop.phases", "loop.boundary"),
            0.001,
        ),
        Fact(
            "loop.batches",
            "batches of Phase 1",
            3,
            "count",
            f"{s} §3.1.1",
            lambda: M.count("loop.batches"),
        ),
        Fact(
            "loop.batches_cover_phase1",
            "batches together are Phase 1 (mismatch)",
            0,
            "fraction",
            f"{s} §3.1.1",
            lambda: M.partition_gap("loop.batches", "loop.phases", "phase1"),
            0.001,
        ),
        Fact(
            "loop.zones_cover_phase1",
            "zones tile Phase 1 (gap or excess)",
            0,
            "fraction",
            f"{s} §3.1.5",
            lambda: M.partition_gap("loop.zones", "loop.phases", "phase1"),
            0.005,
        ),
        Fact(
            "loop.building_zones_off_ou_rd_m2",
            "building zones lying off the OU (R&D, Education, C&CI) land",
            0,
            "m²",
            f"{lmcl} (OU zones)",
            M.outside_ou_rd_m2,
            1.0,
            comparison="at_most",
        ),
        Fact(
            "loop.batch1_buildings",
            "Batch 1 buildings",
            8,
            "count",
            f"{s} §2.1.10, ch. 8",
            lambda: M.count("loop.batch1_buildings"),
        ),
        Fact(
            "loop.batch1_completed",
            "Batch 1 buildings completed",
            3,
            "count",
            "003_bc40a09fda35a888.txt",
            lambda: M.count("loop.batch1_buildings", "status == 'completed'"),
        ),
        Fact(
            "loop.phase1_gfa_m2",
            "Phase 1 total GFA",
            1_000_000,
            "m²",
            f"{s} §3.1.1; {s} §3.1.3 Table 3.1",
            lambda: float(catalog.load_table("loop.gfa_phase1").gfa_m2.sum()),
        ),
        Fact(
            "loop.phase1_gfa_original_m2",
            "Phase 1 GFA in the original design",
            540_000,
            "m²",
            f"{s} §3.1.1",
            lambda: float(catalog.load_table("loop.gfa_phase1").attrs["original_total_gfa_m2"]),
        ),
    ]


def _height_facts(s: str) -> list[Fact]:
    bands = "loop.height_bands"
    return [
        Fact(
            "loop.height_min_mpd",
            "lowest height limit",
            14,
            "mPD",
            f"{s} §3.1.4",
            lambda: float(M.m(bands).height_mpd.min()),
        ),
        Fact(
            "loop.height_max_mpd",
            "highest height limit",
            208,
            "mPD",
            f"{s} §3.1.4",
            lambda: float(M.m(bands).height_mpd.max()),
        ),
        Fact(
            "loop.storeys_min",
            "storeys at the lowest limit",
            2,
            "storeys",
            f"{s} §3.1.4",
            lambda: float(M.m(bands).sort_values("height_mpd").storeys.iloc[0]),
        ),
        Fact(
            "loop.storeys_max",
            "storeys at the highest limit",
            40,
            "storeys",
            f"{s} §3.1.4",
            lambda: float(M.m(bands).sort_values("height_mpd").storeys.iloc[-1]),
        ),
        Fact(
            "loop.heights_rise_west_to_east",
            "core bands lower than one south-west of them on the long axis",
            0,
            "count",
            f"{s} §3.1.4",
            M.height_order_violations,
        ),
        Fact(
            "loop.lower_by_river_and_green_belt",
            "strips whose river / green-belt edge is not lower than the core",
            0,
            "count",
            f"{s} §3.1.4",
            M.edge_not_lower,
        ),
        Fact(
            "loop.lh_ntam_land_share_pct",
            "Life & Health + New Tech & Advanced Manufacturing share of Phase 1 building land "
            "(its OU (R&D) land)",
            50,
            "%",
            f"{s} §4.4.3 (about half)",
            lambda: M.zone_land_share("life_health", "new_tech_mfg"),
            5,
        ),
        Fact(
            "loop.lh_along_river_m",
            f"Life & Health outline within {M.RIVER_REACH_M:.0f} m of the Shenzhen River",
            200,
            "m",
            f"{s} §3.1.5 legend (next to the waterfront)",
            lambda: M.river_frontage_m("life_health"),
            comparison="at_least",
        ),
        Fact(
            "loop.talent_low_rise_storeys",
            "Talent Accommodation: most storeys allowed",
            6,
            "storeys",
            f"{s} §3.1.5 legend (low-rise)",
            lambda: M.max_storeys_over("talent_accommodation"),
            comparison="at_most",
        ),
    ]


def _santin_facts(s: str) -> list[Fact]:
    it = "land_use == 'i_and_t'"
    return [
        Fact(
            "santin.area_ha",
            "San Tin Technopole area incl. the Loop",
            627,
            "ha",
            "000_4f493ffd11b5c411.txt; public: Northern Metropolis, LegCo 2023",
            lambda: M.ha("santin.boundary"),
            0.01,
            True,
        ),
        Fact(
            "santin.contains_loop",
            "share of the Loop inside the technopole",
            1,
            "fraction",
            "000_4f493ffd11b5c411.txt (627 ha including the Loop)",
            M.loop_inside_santin,
            0.001,
        ),
        Fact(
            "santin.it_land_ha",
            "I&T land in San Tin",
            210,
            "ha",
            "003_bc40a09fda35a888.txt; public: San Tin Technopole OZP, Sep 2024",
            lambda: M.ha("santin.parcels", it),
            0.01,
            True,
        ),
        Fact(
            "santin.it_land_with_loop_ha",
            "I&T land of San Tin plus the Loop",
            300,
            "ha",
            f"{s} §3.1.8 (about 300 ha)",
            lambda: M.ha("santin.parcels", it) + M.ha("loop.boundary"),
            0.02,
            True,
        ),
        Fact(
            "santin.it_north_of_highway",
            "share of I&T land north of San Tin Highway (on S/YL-ST/8, off its MRDJ zone)",
            1,
            "fraction",
            "public: Northern Metropolis; TPB Feb 2024",
            lambda: M.share_north_of_highway("i_and_t"),
            0.001,
        ),
        Fact(
            "santin.town_centre_south_of_highway",
            "share of residential land north of San Tin Highway",
            0,
            "fraction",
            "public: Northern Metropolis; TPB Feb 2024",
            lambda: M.share_north_of_highway("residential"),
            0.001,
        ),
        Fact(
            "santin.wetland_park_ha",
            "Sam Po Shue Wetland Conservation Park",
            338,
            "ha",
            "public: EIA report notice and TPB, 2024",
            lambda: M.ha("santin.wetland_park"),
            0.01,
            True,
        ),
        Fact(
            "santin.wetland_outside_technopole_ha",
            "wetland park inside the technopole",
            0,
            "ha",
            "public: EIA report notice (adjoining)",
            M.wetland_overlap_ha,
            0.01,
        ),
        Fact(
            "santin.wetland_west_of_it",
            "wetland park lies west of the I&T land (1 = yes)",
            1,
            "bool",
            "public: EIA report notice (adjoining to the north-west)",
            M.wetland_west_of_it,
        ),
        Fact(
            "context.nothing_north_of_border_m2",
            "schematic Hong Kong land north of the boundary line",
            0,
            "m²",
            "OpenStreetMap relation 913110 (ODbL)",
            M.hong_kong_land_north_of_border_m2,
            1.0,
            comparison="at_most",
        ),
    ]


def _facts() -> list[Fact]:
    s = SEED
    t31 = f"{s} §3.1.3 Table 3.1"
    facts = _loop_facts(s)
    for use_id, share, gfa, label in [
        ("wet_lab_mfg", 52, 520_000, "wet labs & advanced manufacturing"),
        ("dry_lab_office", 22, 220_000, "dry labs & offices"),
        ("uir", 5, 50_000, "university-industry-research base"),
        ("talent_housing", 10, 100_000, "talent apartments & visitor accommodation"),
        ("commercial_mixed", 11, 110_000, "commercial, supporting facilities & mixed use"),
    ]:
        facts.append(
            Fact(
                f"table31.{use_id}.share_pct",
                f"Table 3.1 share: {label}",
                share,
                "%",
                t31,
                partial(M.table, use_id, "share_pct"),
            )
        )
        facts.append(
            Fact(
                f"table31.{use_id}.gfa_m2",
                f"Table 3.1 GFA: {label}",
                gfa,
                "m²",
                t31,
                partial(M.table, use_id, "gfa_m2"),
            )
        )
    return facts + _height_facts(s) + _santin_facts(s)


FACTS: list[Fact] = _facts()


def check_facts(facts: list[Fact] | None = None) -> pd.DataFrame:
    """Measure every fact on the embedded data.

    Parameters
    ----------
    facts
        The facts to measure (default: every registered fact, :data:`FACTS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by fact id: description, stated, unit, comparison, tolerance (in the unit),
        measured, passed, source.
    """
    rows = []
    for f in facts or FACTS:
        measured = f.measure()
        rows.append(
            {
                "id": f.id,
                "description": f.description,
                "stated": f.value,
                "unit": f.unit,
                "comparison": f.comparison,
                "tolerance": f.allowed(),
                "measured": measured,
                "passed": f.holds(measured),
                "source": f.source,
            }
        )
    return pd.DataFrame(rows).set_index("id")
