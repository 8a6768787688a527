"""Rebuild the OZP fixtures of this folder from the Board's data in ``/work/shared/data``.

Not run by the tests (they read the committed files). ``I-SHW.json`` is copied byte for byte;
the ``*_extract.json`` files keep a few features of a plan, each feature's JSON as the Board
wrote it (same header, fields and spatial reference); ``labels.csv`` lists every zone label of
the 41 real plans (tpb/ and tpb_more/) with the Board's descriptions and how many zones carry it.

    python tests/data/ozp/make_ozp_fixtures.py [/work/shared/data]
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# plan file -> the features (0-based, as in the file) kept in its extract, and why
EXTRACTS = {
    "NE-TKL.json": ([0, 1, 2, 11], "feature 12 (OS) has a self-intersecting ring"),
    "H3.json": (None, "one zone of each of URA, LDC, NPPS, RAIL, OU and R(A)"),
    "H15.json": (None, "the NULL (nullah) and TYSH (typhoon shelter) zones"),
}
_WANTED = {
    "H3.json": ("URA", "LDC", "NPPS", "RAIL", "OU", "R(A)"),
    "H15.json": ("NULL", "TYSH"),
}


def _keep(name: str, features: list[dict]) -> list[dict]:
    positions, _ = EXTRACTS[name]
    if positions is not None:
        return [features[i] for i in positions]
    seen: set[str] = set()
    out = []
    for feature in features:
        label = feature["attributes"]["ZONE_LABEL"]
        if label in _WANTED[name] and label not in seen:
            seen.add(label)
            out.append(feature)
    return out


def main(shared: Path) -> None:
    more = shared / "tpb_more"
    shutil.copyfile(more / "I-SHW.json", HERE / "I-SHW.json")
    for name in EXTRACTS:
        doc = json.loads((more / name).read_text(encoding="utf-8"))
        doc["features"] = _keep(name, doc["features"])
        target = HERE / name.replace(".json", "_extract.json")
        target.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "utf-8")
    counts: Counter[tuple[str, str, str]] = Counter()
    plans: dict[tuple[str, str, str], set[str]] = {}
    files = sorted(more.glob("*.json")) + sorted((shared / "tpb").glob("*/ZONE.json"))
    for path in files:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            a = {k.upper(): v for k, v in feature["attributes"].items()}
            key = (a["ZONE_LABEL"], " ".join(a["DESC_ENG"].split()), a["DESC_CHT"].strip())
            counts[key] += 1
            plans.setdefault(key, set()).add(a["PLAN_NO"])
    with open(HERE / "labels.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["zone_label", "desc_eng", "desc_cht", "zones", "plans"])
        for key in sorted(counts):
            writer.writerow([*key, counts[key], ";".join(sorted(plans[key]))])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data"))
