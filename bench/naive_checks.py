"""The baseline: a straightforward GeoPandas script doing the checks technopole does.

Validity, area, containment in the site, pairwise overlaps (spatial join, then intersections),
the gap left by the union of the parcels, and the envelope capacity of each parcel
(site coverage × area × storeys under its height). Prints one line of counts; run as::

    python bench/naive_checks.py PARCELS SITE
"""

from __future__ import annotations

import sys

import geopandas as gpd
import numpy as np


def main(parcels_path: str, site_path: str) -> None:
    parcels = (
        gpd.read_file(parcels_path)
        if not parcels_path.endswith(".parquet")
        else gpd.read_parquet(parcels_path)
    )
    site = gpd.read_parquet(site_path).to_crs(2326)
    parcels = parcels.to_crs(2326)
    invalid = int((~parcels.is_valid).sum())
    area = parcels.area
    outside = int((parcels.difference(site.union_all()).area > 1.0).sum())
    pairs = gpd.sjoin(parcels, parcels, predicate="intersects")
    pairs = pairs[pairs.index < pairs["index_right"]]
    left = parcels.geometry.loc[pairs.index].reset_index(drop=True)
    right = parcels.geometry.loc[pairs["index_right"]].reset_index(drop=True)
    overlaps = int((left.intersection(right).area > 1.0).sum())
    gap_m2 = float(site.union_all().difference(parcels.union_all()).area)
    storeys = np.maximum(np.floor((parcels.height_mpd - 3.79) / 5.105), 0)
    capacity = float((parcels.site_coverage * area * storeys).sum())
    print(
        f"invalid {invalid} outside {outside} overlaps {overlaps} gap {gap_m2 / 1e4:.2f} ha "
        f"capacity {capacity:,.0f} m²"
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
