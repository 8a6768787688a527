"""Rebuild this project's zones and use-to-zone table from ``layers/santin_parcels.geojson``.

Run from the repository root: ``python layers/projects/santin/_generate.py``. The parcels are
schematic; the site coverage and heights set here are ASSUMPTIONS (no source gives them): see
``manifest.yaml``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd

HERE = Path(__file__).resolve().parent
PARCELS = HERE.parents[1] / "santin_parcels.geojson"
# land_use -> (site_coverage, height_mpd): assumptions; every other land use carries no GFA.
ENVELOPE = {"i_and_t": (0.5, 100.0), "residential": (0.4, 140.0)}
USE_OF = {"i_and_t": "i_and_t", "residential": "residential"}  # land_use -> use_id of the table
SOURCE = "layers/santin_parcels.geojson (schematic); site_coverage and height_mpd: assumption"


def main() -> None:
    parcels = gpd.read_file(PARCELS)
    zones = parcels[["id", "land_use", "name_en", "name_zh", "geometry"]].copy()
    zones["zone_id"] = zones["id"]
    zones["zone_type"] = zones["land_use"]
    zones["site_coverage"] = [ENVELOPE.get(u, (0.0, 0.0))[0] for u in zones.land_use]
    zones["height_mpd"] = [ENVELOPE.get(u, (0.0, 0.0))[1] for u in zones.land_use]
    zones["source"] = SOURCE
    zones["accuracy"] = "schematic"
    cols = ["id", "zone_id", "name_en", "name_zh", "land_use", "zone_type", "site_coverage"]
    cols += ["height_mpd", "source", "accuracy", "geometry"]
    zones[cols].to_file(HERE / "santin_zones.geojson", driver="GeoJSON", COORDINATE_PRECISION=7)
    with open(HERE / "santin_use_zones.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["use_id", "zone_id", "weight", "source"])
        for zone_id, land_use in zip(zones.zone_id, zones.land_use, strict=True):
            if land_use in USE_OF:
                source = f"santin.parcels land_use {land_use}"
                out.writerow([USE_OF[land_use], zone_id, 1.0, source])


if __name__ == "__main__":
    main()
