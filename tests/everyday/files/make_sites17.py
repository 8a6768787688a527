"""Write the site and zone files of ``cases_sites17.yaml`` (run once; the files are committed).

- ``phase1_hk1980_noprj.shp`` (+ ``.shx``, ``.dbf``): Loop Phase 1 in HK1980 Grid metres, its
  ``.prj`` left out, as a Shapefile sent without one arrives.
- ``phase1_hk1980.geojson``: Loop Phase 1 in HK1980 Grid metres with a ``crs`` member, as GDAL
  writes it: the default site under another name.
- ``zones_by_name.geojson``: ``loop.zones`` without ``zone_id``, named by ``name_en`` only.

Run: ``PYTHONPATH=. python tests/everyday/files/make_sites17.py``.
"""

from __future__ import annotations

from pathlib import Path

import gis

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Write the three inputs beside this script."""
    phases = gis.load_layer("loop.phases")
    site = gis.to_hk1980(phases[phases.phase == 1][["id", "name_en", "geometry"]])
    site.to_file(HERE / "phase1_hk1980_noprj.shp")
    (HERE / "phase1_hk1980_noprj.prj").unlink()
    (HERE / "phase1_hk1980_noprj.cpg").unlink(missing_ok=True)
    site.to_file(HERE / "phase1_hk1980.geojson", driver="GeoJSON")
    zones = gis.load_layer("loop.zones")[["name_en", "site_coverage", "geometry"]]
    gis.write_layer(zones, HERE / "zones_by_name.geojson")


if __name__ == "__main__":
    main()
