"""Every zone label of the Board's real plans has a zone family with bilingual names and a colour.

``tests/data/ozp/labels.csv`` lists every ZONE_LABEL of the 41 real plans of the shared data
(the six shipped ones and the 35 of ``tpb_more``) with the Board's descriptions; the committed
sample plans are read whole. A label unknown at run time is still counted and named.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from gis import ozp
from gis.ozp import labels

DATA = Path(__file__).resolve().parents[1] / "data" / "ozp"
BOARD_LABELS = pd.read_csv(DATA / "labels.csv", dtype=str, keep_default_na=False)
SAMPLES = sorted(DATA.glob("*.json"))


def _same(text: str) -> str:
    """Half-width, no spaces: the Board writes 商業 / 住宅 and （美化市容地帶) too."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_the_label_list_covers_the_41_real_plans():
    plans = {p for cell in BOARD_LABELS["plans"] for p in cell.split(";")}
    assert len(plans) == 41 and len(BOARD_LABELS) == 112
    assert BOARD_LABELS["zones"].astype(int).sum() == 2282 + 214  # tpb_more + the six shipped


@pytest.mark.parametrize("label", list(BOARD_LABELS["zone_label"]))
def test_every_label_of_the_real_plans_has_a_family(label):
    code, family, sub = labels.parse_label(label)
    assert family is not None, f"{label}: no zone family in layers/zone_families.csv"
    row = BOARD_LABELS.set_index("zone_label").loc[label]
    names = labels.zone_names(code, family, sub, None, None, row["desc_eng"], row["desc_cht"])
    if sub is None:  # the family's Chinese name is the Board's
        assert _same(str(names["name_zh"])) == _same(row["desc_cht"]), label
        assert _same(str(names["name_en"])).lower() == _same(row["desc_eng"]).lower(), label


def test_the_data_dictionarys_annotated_areas_are_families():
    table = labels.zone_families()
    for family in ("OU", "URA", "LDC", "WKCDA"):  # SPUSE: "Annotation for OU/URA/LDC/WKCDA"
        assert family in table.index


def test_labels_planners_meet_elsewhere_are_families_with_their_source():
    table = labels.zone_families()
    for family in ("ANFP", "RR", "RAIL", "DSP", "MP", "SEA", "URA", "LDC"):
        assert family in table.index, family
    assert table["source"].str.strip().ne("").all()
    assert table["source"].str.contains("not in the sample plans").sum() >= 5


def test_every_family_has_bilingual_names_a_category_and_a_colour():
    table = labels.zone_families()
    assert table.index.is_unique
    for family, row in table.iterrows():
        assert row["name_en"] and row["category"], family
        assert re.search(r"[\u4e00-\u9fff]", row["name_zh"]), family
        assert re.fullmatch(r"#[0-9A-F]{6}", row["colour"]), family


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_committed_sample_plan_has_no_unknown_label(path):
    plan = ozp.read_plan(path)
    assert plan.unknown_labels == {}
    assert plan.zones["family"].notna().all() and plan.zones["colour"].notna().all()


@pytest.mark.parametrize("name", ozp.plan_names())
def test_every_shipped_plan_has_no_unknown_label(name):
    assert ozp.load_plan(name).unknown_labels == {}


def test_a_development_scheme_area_keeps_its_annotation_in_both_languages():
    zones = ozp.read_plan(DATA / "H3_extract.json").zones.set_index("zone_label")
    ura = zones.loc["URA"]
    assert ura["family_name_zh"] == "市區重建局發展計劃圖範圍"
    assert "Development Scheme Plan" in ura["name_en"] and "發展計劃圖" in ura["name_zh"]
    assert zones.loc["RAIL", "category"] == "transport"
