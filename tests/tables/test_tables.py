"""Reading GFA allocation tables (gis.tables, gis.uses): can a planner paste Table 3.1 any way?"""

from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import gis
from gis.errors import TableError
from gis.tables.table import AllocationTable, header_column, parse_number, read_allocation_table
from gis.tables.uses import (
    USE_IDS,
    USES,
    match_use,
    normalise_name,
    suggest_use,
)

CORPUS = Path(__file__).parents[1] / "data" / "tables"
SEED_NAME = "004_281f81e4466a18af.txt"
# the shared folder sits beside the repository (../shared/seeds, as in CI and the brief)
SEED = next(
    (
        p
        for p in (
            Path(__file__).resolve().parents[3] / "shared" / "seeds" / SEED_NAME,
            Path("/work/shared/seeds") / SEED_NAME,
        )
        if p.exists()
    ),
    Path(__file__).resolve().parents[3] / "shared" / "seeds" / SEED_NAME,
)
# Table 3.1 is written once, in layers/loop_gfa_phase1.csv
TABLE_3_1 = gis.load_table("loop.gfa_phase1")
TABLE_3_1_TOTAL_GFA_M2 = TABLE_3_1.attrs["stated_total_gfa_m2"]
SEED_IDS = TABLE_3_1.use_id.tolist()
SEED_SHARES = TABLE_3_1.share_pct.astype(float).tolist()
SEED_GFA = TABLE_3_1.gfa_m2.astype(float).tolist()
FIVE_USE_FILES = [
    "table_3_1_seed.tsv",
    "table_3_1_en.csv",
    "table_3_1.md",
    "table_3_1_fullwidth.txt",
    "table_3_1.xlsx",
    "table_3_1_title_row.xlsx",
    "table_3_1_bom.csv",
    "table_3_1_big5.csv",
    "table_3_1_spaces.txt",
    "table_3_1_semicolon.csv",
    "table_3_1_unquoted.csv",
    "extra_columns.csv",
    "gfa_in_ha.csv",
]


# --- the seed --------------------------------------------------------------------------------


def test_repo_copy_of_table_3_1_equals_seed_lines_284_to_289():
    if not SEED.exists():  # the seeds sit beside the repository in CI, not in every checkout
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{SEED} is missing: CI must check the corpus against the seed")
        pytest.skip(f"{SEED} is not here: the corpus was not compared with the seed")
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()[283:289]
    repo_lines = (CORPUS / "table_3_1_seed.tsv").read_text(encoding="utf-8").splitlines()
    assert repo_lines == seed_lines
    assert seed_lines[0] == "用途規劃\t百分比\t總樓面面積（平方米）"


def test_table_3_1_seed_reads_five_uses_summing_to_100_pct_and_1_000_000_m2():
    t = read_allocation_table(CORPUS / "table_3_1_seed.tsv")
    assert isinstance(t, AllocationTable)
    assert t.rows["use_id"].tolist() == SEED_IDS
    assert t.rows["use"].tolist() == [u.name_zh for u in USES]
    assert t.rows["share_pct"].sum() == pytest.approx(100)
    assert t.rows["gfa_m2"].tolist() == SEED_GFA
    assert t.total_gfa_m2() == TABLE_3_1_TOTAL_GFA_M2
    assert t.stated_total_gfa_m2 is None  # the seed has no total row
    assert t.meta["encoding"] == "utf-8" and t.meta["delimiter"] == "\t"
    assert t.meta["columns"] == {
        "用途規劃": "use",
        "百分比": "share_pct",
        "總樓面面積（平方米）": "gfa_m2",
    }
    assert t.rows["row"].tolist() == [1, 2, 3, 4, 5]
    assert t.rows["source_row"].tolist() == [2, 3, 4, 5, 6]


def test_table_3_1_as_data_matches_the_seed_numbers():
    assert SEED_SHARES == [52, 22, 5, 10, 11]
    assert sum(SEED_SHARES) == 100
    assert sum(SEED_GFA) == TABLE_3_1_TOTAL_GFA_M2 == 1_000_000
    for share, gfa in zip(SEED_SHARES, SEED_GFA, strict=True):
        assert gfa == share / 100 * TABLE_3_1_TOTAL_GFA_M2


def test_pasted_seed_text_with_its_caption_reads_like_the_file():
    text = "表 3.1：第一期初步建築面積分佈\n\n" + (CORPUS / "table_3_1_seed.tsv").read_text("utf-8")
    t = read_allocation_table(text)
    assert t.source == "<text>" and t.meta["encoding"] == "str"
    assert t.meta["header_row"] == 3
    assert t.rows["use_id"].tolist() == SEED_IDS
    assert t.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", FIVE_USE_FILES)
def test_every_variant_of_table_3_1_reads_the_same_five_uses(name):
    t = read_allocation_table(CORPUS / name)
    assert t.rows["use_id"].tolist() == SEED_IDS
    assert t.rows["share_pct"].tolist() == pytest.approx(SEED_SHARES)
    assert t.rows["gfa_m2"].tolist() == pytest.approx(SEED_GFA)
    assert t.total_gfa_m2() == pytest.approx(1_000_000)
    assert t.rows["share_pct"].dtype == float and t.rows["gfa_m2"].dtype == float
    assert t.sha256 == hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()


# --- encodings and formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("table_3_1_seed.tsv", "utf-8"),
        ("table_3_1_bom.csv", "utf-8-sig"),
        ("table_3_1_big5.csv", "big5hkscs"),
        ("table_3_1.xlsx", None),
    ],
)
def test_the_encoding_used_is_recorded(name, encoding):
    assert read_allocation_table(CORPUS / name).meta["encoding"] == encoding


def test_bom_does_not_leak_into_the_first_header():
    t = read_allocation_table(CORPUS / "table_3_1_bom.csv")
    assert "用途規劃" in t.meta["columns"]


def test_big5_reads_with_a_forced_cp950_and_fails_when_forced_to_utf8():
    t = read_allocation_table(CORPUS / "table_3_1_big5.csv", encoding="cp950")
    assert t.meta["encoding"] == "cp950" and t.stated_total_gfa_m2 == 1_000_000
    with pytest.raises(TableError, match="undecodable bytes"):
        read_allocation_table(CORPUS / "table_3_1_big5.csv", encoding="utf-8")


def test_xlsx_title_row_is_skipped_and_the_sheet_row_is_kept():
    t = read_allocation_table(CORPUS / "table_3_1_title_row.xlsx")
    assert t.meta["format"] == "xlsx" and t.meta["sheet"] == "Table 3.1"
    assert t.meta["header_row"] == 3
    assert t.rows["source_row"].tolist() == [4, 5, 6, 7, 8]
    assert t.stated_total_gfa_m2 == 1_000_000 and t.stated_total_share_pct == 100


def test_xlsx_sheet_by_name_or_index_and_a_missing_sheet_names_the_sheets():
    path = CORPUS / "table_3_1.xlsx"
    assert read_allocation_table(path, sheet="Table 3.1").meta["sheet"] == "Table 3.1"
    assert read_allocation_table(path, sheet=0).rows["use_id"].tolist() == SEED_IDS
    with pytest.raises(TableError, match=r"no sheet 'Phase 2'.*Table 3.1"):
        read_allocation_table(path, sheet="Phase 2")


def test_markdown_rule_line_and_bold_total_row():
    t = read_allocation_table(CORPUS / "table_3_1.md")
    assert t.meta["format"] == "markdown" and len(t.rows) == 5
    assert t.stated_total_gfa_m2 == 1_000_000 and t.stated_total_share_pct == 100


def test_unquoted_thousands_in_comma_csv_are_rejoined_and_noted():
    t = read_allocation_table(CORPUS / "table_3_1_unquoted.csv")
    assert t.rows["gfa_m2"].tolist() == SEED_GFA
    assert len(t.meta["notes"]) == 5 and not t.meta["ragged_rows"]


@pytest.mark.parametrize(
    "text",
    [
        "表 3.1：第一期初步建築面積分佈\n用途規劃 百分比 總樓面面積（平方米）\n"
        "濕實驗室及先進製造 52% 520,000\n乾實驗室及辦公室 48% 480,000\n",
        "Use Share (%) GFA (m²)\nWet labs & advanced manufacturing 52% 520,000\n"
        "Dry labs & offices 48% 480,000\n",
    ],
)
def test_pdf_text_with_single_spaces_keeps_the_use_name_whole(text):
    t = read_allocation_table(text)
    assert t.meta["delimiter"] == "space"
    assert t.rows["use_id"].tolist() == ["wet_lab_mfg", "dry_lab_office"]
    assert t.rows["gfa_m2"].tolist() == [520_000, 480_000]


def test_markdown_without_outer_pipes():
    t = read_allocation_table(
        "Use | Share | GFA\n--- | --- | ---\nWet labs | 52% | 520,000\nOffices | 48% | 480,000\n"
    )
    assert t.meta["format"] == "markdown" and t.rows["share_pct"].tolist() == [52, 48]


def test_windows_line_endings_keep_line_numbers():
    t = read_allocation_table('Use,Share,GFA\r\nWet labs,52%,"520,000"\r\nOffices,48%,480000\r\n')
    assert t.rows["source_row"].tolist() == [2, 3] and t.rows["gfa_m2"].tolist() == [
        520_000,
        480_000,
    ]


def test_a_caption_that_names_two_columns_does_not_hide_the_real_header():
    t = read_allocation_table(
        "Table 3.1, share of GFA by use\nUse,Share,GFA\n"
        'Wet labs,52%,"520,000"\nOffices,48%,"480,000"\n'
    )
    assert t.meta["header_row"] == 2 and len(t.rows) == 2


def test_a_unit_that_does_not_fit_its_column_is_a_bad_cell():
    t = read_allocation_table("Use\tShare\tGFA\nWet labs\t52 m²\t52%\nOffices\t48%\t480,000\n")
    assert [(b["column"], b["reason"]) for b in t.meta["bad_cells"]] == [
        ("share_pct", "has a unit (m2) unfit for share_pct"),
        ("gfa_m2", "has a unit (%) unfit for gfa_m2"),
    ]


def test_a_string_without_newline_or_tab_is_a_path():
    with pytest.raises(TableError, match="file not found") as err:
        read_allocation_table("no_such_table.csv")
    assert "no_such_table.csv" in str(err.value) and "\n" not in str(err.value)


def test_bytes_are_decoded_like_a_file():
    data = (CORPUS / "table_3_1_big5.csv").read_bytes()
    t = read_allocation_table(data)
    assert t.meta["encoding"] == "big5hkscs" and t.rows["use_id"].tolist() == SEED_IDS


# --- columns, units and cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("用途規劃", ("use", None)),
        ("Land use", ("use", None)),
        ("Use category", ("use", None)),
        ("百分比", ("share_pct", None)),
        ("佔比 (%)", ("share_pct", "%")),
        ("%", ("share_pct", "%")),
        ("Share %", ("share_pct", "%")),
        ("Percentage", ("share_pct", None)),
        ("總樓面面積（平方米）", ("gfa_m2", "m2")),
        ("GFA (m²)", ("gfa_m2", "m2")),
        ("Gross floor area (ha)", ("gfa_m2", "ha")),
        ("GFA m2", ("gfa_m2", "m2")),
        ("樓面面積(平方公尺)", ("gfa_m2", "m2")),
        ("Site area (ha)", ("site_area_m2", "ha")),
        ("地積比率", ("plot_ratio", None)),
        ("Height (mPD)", ("height_mpd", "mpd")),
        ("高度（主水平基準以上米）", ("height_mpd", "mpd")),
        ("Zone", ("zone", None)),
        ("Remarks", (None, None)),
        ("Item", (None, None)),
    ],
)
def test_headers_map_to_canonical_columns_with_their_units(header, expected):
    assert header_column(header) == expected


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("520,000", 520_000, None),
        ("５２０，０００", 520_000, None),
        ("５２％", 52, "%"),
        ("520 000", 520_000, None),
        ("520,000 m²", 520_000, "m2"),
        ("520000平方米", 520_000, "m2"),
        ("52 ha", 52, "ha"),
        ("52公頃", 52, "ha"),
        ("12.5 hectares", 12.5, "ha"),
        ("1,000,000 sq m", 1_000_000, "m2"),
        ("-50,000", -50_000, None),
        ("−5", -5, None),
        ("(50,000)", -50_000, None),
        ("0.52", 0.52, None),
        (52.0, 52, None),
        ("208mPD", 208, "mpd"),
    ],
)
def test_number_cells_in_any_notation(raw, value, unit):
    got, got_unit, ok = parse_number(raw)
    assert ok and got == pytest.approx(value) and got_unit == unit


@pytest.mark.parametrize("raw", ["TBC", "about 50,000", "52,5,1", "1,00,000", "5 2 0", "N.A."])
def test_text_that_is_not_a_number_is_flagged_not_raised(raw):
    value, _, ok = parse_number(raw)
    assert not ok and math.isnan(value)


@pytest.mark.parametrize("raw", ["", "-", "—", "n/a", None])
def test_blank_number_cells_are_missing_not_bad(raw):
    value, _, ok = parse_number(raw)
    assert ok and math.isnan(value)


def test_bad_cells_are_recorded_with_row_column_and_raw_text():
    t = read_allocation_table(CORPUS / "text_in_number.csv")
    assert t.meta["bad_cells"] == [
        {
            "row": 3,
            "source_row": 4,
            "column": "gfa_m2",
            "raw": "TBC",
            "reason": "is not a number",
            "unit": None,  # the unit a number cell carried, when that unit was the problem
            "ambiguous": False,  # True for '520.000': 520 or 520,000?
        }
    ]
    assert math.isnan(t.rows.loc[2, "gfa_m2"])


def test_gfa_in_hectares_is_converted_and_noted():
    t = read_allocation_table(CORPUS / "gfa_in_ha.csv")
    assert t.rows["gfa_m2"].tolist() == SEED_GFA
    assert t.stated_total_gfa_m2 == 1_000_000
    [conv] = t.meta["unit_conversions"]
    assert conv["column"] == "gfa_m2" and "GFA read in ha" in conv["message"]


def test_a_gfa_cell_in_hectares_is_converted_in_an_m2_column():
    t = read_allocation_table("Use\tShare\tGFA (m²)\nWet labs\t52%\t52 ha\nOffices\t48%\t480,000")
    assert t.rows["gfa_m2"].tolist() == [520_000, 480_000]
    assert t.meta["unit_conversions"][0]["rows"] == [1]


def test_optional_and_unknown_columns_are_kept():
    t = read_allocation_table(CORPUS / "extra_columns.csv")
    assert t.rows["zone"].tolist() == ["West", "Centre", "Centre", "East", "East"]
    assert t.rows["site_area_m2"].tolist() == pytest.approx(
        [104_000, 37_000, 10_000, 25_000, 22_000]
    )
    assert t.rows["plot_ratio"].tolist() == [5, 6, 5, 4, 5]
    assert t.rows["height_mpd"].max() == 208
    assert t.meta["unknown_columns"] == ["Remarks"]
    assert t.rows["Remarks"].tolist()[:2] == ["batch 1", None]


def test_shares_written_as_fractions_are_read_as_percent():
    t = read_allocation_table("Use,Share,GFA\nWet labs,0.52,520000\nOffices,0.48,480000\n")
    assert t.rows["share_pct"].tolist() == pytest.approx([52, 48])
    assert t.meta["unit_conversions"][0]["from"] == "fraction"


def test_total_row_is_the_stated_total_not_a_use():
    t = read_allocation_table(CORPUS / "table_3_1_en.csv")
    assert len(t.rows) == 5 and "Total" not in t.rows["use"].tolist()
    assert t.stated_total_gfa_m2 == 1_000_000 and t.stated_total_share_pct == 100
    assert t.meta["total_row"] == 7


@pytest.mark.parametrize("label", ["合計", "總計", "總數", "共計", "Total", "TOTAL (Phase 1)"])
def test_total_row_labels_in_chinese_and_english(label):
    t = read_allocation_table(
        f"Use\tShare\tGFA\nWet labs\t52%\t520\nOffices\t48%\t480\n{label}\t100%\t1,000\n"
    )
    assert len(t.rows) == 2 and t.stated_total_gfa_m2 == 1_000


def test_total_gfa_is_what_the_rows_allocate_else_the_stated_total_else_none():
    t = read_allocation_table(
        "Use\tShare\tGFA\nWet labs\t50%\t500\nOffices\t50%\t400\nTotal\t100%\t1,000\n"
    )
    assert t.total_gfa_m2() == 900  # the rows; the total row's 1,000 is a finding
    assert read_allocation_table(CORPUS / "table_3_1_seed.tsv").total_gfa_m2() == 1_000_000
    assert read_allocation_table(CORPUS / "share_only.csv").total_gfa_m2() is None


def test_share_only_and_gfa_only_tables_derive_what_they_can():
    gfa_only = read_allocation_table(CORPUS / "gfa_only.csv")
    assert gfa_only.meta["missing_columns"] == ["share_pct"]
    assert gfa_only.rows["share_pct"].tolist() == pytest.approx(SEED_SHARES)
    share_only = read_allocation_table(CORPUS / "share_only.csv")
    assert share_only.meta["missing_columns"] == ["gfa_m2"]
    assert share_only.rows["gfa_m2"].isna().all()


def test_repeated_headers_and_footnotes_are_not_uses():
    text = (
        "用途規劃\t百分比\t總樓面面積（平方米）\n濕實驗室及先進製造\t52%\t520,000\n"
        "用途規劃\t百分比\t總樓面面積（平方米）\n乾實驗室及辦公室\t48%\t480,000\n"
        "合計\t100%\t1,000,000\n資料來源：發展綱要 §3.1.3\n"
    )
    t = read_allocation_table(text)
    assert t.rows["use_id"].tolist() == ["wet_lab_mfg", "dry_lab_office"]
    assert t.meta["ignored_rows"] == [3, 6]


def test_rows_frame_keeps_unknown_uses_as_none():
    t = read_allocation_table("Use\tShare\nData centre\t40%\nOffices\t60%\n")
    assert t.rows["use_id"].tolist() == [None, "dry_lab_office"]
    assert isinstance(t.rows, pd.DataFrame)


def test_reading_does_not_modify_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes((CORPUS / "table_3_1_en.csv").read_bytes())
    before = path.read_bytes()
    read_allocation_table(path)
    assert path.read_bytes() == before


# --- unreadable tables -----------------------------------------------------------------------


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(TableError, match="missing.csv: file not found"):
        read_allocation_table(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Use\tShare\tGFA\n", "no data rows"),
        ("Item\tValue\nA\t1\n", "no recognisable header: first row ['Item', 'Value']"),
        ("Use\tZone\nWet labs\tWest\n", "neither a share"),
        ("Share\tGFA\n52\t520\n", "no use column"),
        (" \n\t\n", "file is empty"),
    ],
)
def test_unreadable_pasted_text_raises_one_line_table_error(text, fragment):
    with pytest.raises(TableError) as err:
        read_allocation_table(text)
    assert fragment in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith("<text>")


def test_no_header_error_says_what_was_expected():
    with pytest.raises(TableError, match=r"expected at least two of use \(用途規劃 / Use\)"):
        read_allocation_table(CORPUS / "no_header.csv")


# --- use categories --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "use_id"),
    [
        ("濕實驗室及先進製造", "wet_lab_mfg"),
        ("Wet labs and advanced manufacturing", "wet_lab_mfg"),
        ("wet lab", "wet_lab_mfg"),
        ("濕實驗室", "wet_lab_mfg"),
        ("WET LABS & ADV. MANUFACTURING", "wet_lab_mfg"),
        ("Offices", "dry_lab_office"),
        ("乾實驗室和辦公室", "dry_lab_office"),
        ("產學研", "uir"),
        ("University-Industry-Research", "uir"),
        ("UIR", "uir"),
        ("Talent apartments", "talent_housing"),
        ("人才公寓", "talent_housing"),
        ("Commercial", "commercial_mixed"),
        ("Mixed use", "commercial_mixed"),
        ("商業及其它支援設施、混合用途", "commercial_mixed"),
        ("Ｃｏｍｍｅｒｃｉａｌ", "commercial_mixed"),
    ],
)
def test_use_names_in_english_and_chinese_match_their_category(name, use_id):
    assert match_use(name) == use_id


@pytest.mark.parametrize(
    "name", ["Data centre", "Offices and retail", "requirement", "", None, "lab"]
)
def test_unknown_or_ambiguous_use_names_match_nothing(name):
    assert match_use(name) is None


def test_every_category_is_complete_and_its_names_match_itself():
    assert USE_IDS == ("wet_lab_mfg", "dry_lab_office", "uir", "talent_housing", "commercial_mixed")
    for use in USES:
        assert use.source == "§3.1.3 Table 3.1" and use.name_en and use.name_zh
        for alias in (use.name_en, use.name_zh, *use.aliases):
            assert match_use(alias) == use.id, alias


def test_and_ampersand_and_ji_are_the_same():
    assert normalise_name("A & B") == normalise_name("a and b") == normalise_name("A及B")


def test_a_misspelt_use_gets_the_closest_suggestion():
    assert suggest_use("Talent apartmnts") == "talent_housing"
    assert suggest_use("zzzz") is None


def test_the_validate_path_reads_tables_without_heavy_imports():
    code = (
        "import sys, gis.tables, gis.validation.table_checks, gis.tables.uses; "
        "print(sorted(m for m in ('openpyxl', 'folium', 'rasterio', 'matplotlib') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"


# --- units, Simplified Chinese, decimal commas and subtotals (never silently misread) ---------

SEED_TEN_THOUSANDS = [52, 22, 5, 10, 11]  # 萬平方米, as the source documents write GFA
ZH_USES = [
    "濕實驗室及先進製造",
    "乾實驗室及辦公室",
    "產學研基地",
    "人才公寓及訪客住所",
    "商業及其它支援設施、混合用途",
]


def _tsv(header: str, values: list[str], uses: list[str] = ZH_USES) -> str:
    lines = [header] + [f"{u}\t{v}" for u, v in zip(uses, values, strict=True)]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "header", ["總樓面面積（萬平方米）", "总楼面面积（万平方米）", "GFA (萬m2)"]
)
def test_gfa_in_ten_thousand_square_metres_is_converted_and_said(header):
    t = read_allocation_table(_tsv(f"用途規劃\t{header}", [str(v) for v in SEED_TEN_THOUSANDS]))
    assert t.rows["gfa_m2"].tolist() == SEED_GFA
    assert [c["from"] for c in t.meta["unit_conversions"]] == ["wan_m2"]


@pytest.mark.parametrize(
    "header", ["GFA (sq ft)", "樓面面積（平方呎）", "樓面面積（平方尺）", "GFA sqft"]
)
def test_gfa_in_square_feet_is_converted_at_the_exact_factor_and_said(header):
    sqft = [round(g / 0.09290304) for g in SEED_GFA]
    t = read_allocation_table(_tsv(f"Use\t{header}", [str(v) for v in sqft]))
    assert t.rows["gfa_m2"].tolist() == pytest.approx(SEED_GFA, abs=0.1)
    conv = t.meta["unit_conversions"]
    assert [c["from"] for c in conv] == ["sqft"] and "0.09290304" in conv[0]["message"]


def test_gfa_cells_in_square_feet_under_an_m2_header_are_converted_row_by_row():
    t = read_allocation_table("Use\tGFA (m²)\nWet labs\t1,000,000 sq ft\nOffices\t100 m²")
    assert t.rows["gfa_m2"].tolist() == pytest.approx([92_903.04, 100.0])
    assert t.meta["unit_conversions"][0]["rows"] == [1]


def test_simplified_chinese_headers_and_uses_are_recognised():
    uses = [
        "湿实验室及先进制造",
        "干实验室及办公室",
        "产学研基地",
        "人才公寓及访客住所",
        "商业及其它支援设施、混合用途",
    ]
    t = read_allocation_table(
        _tsv(
            "用途规划\t百分比\t总楼面面积（平方米）",
            [f"{s}%\t{g}" for s, g in zip(SEED_SHARES, SEED_GFA, strict=True)],
            uses,
        )
    )
    assert t.rows["use_id"].tolist() == SEED_IDS
    assert t.rows["gfa_m2"].tolist() == SEED_GFA


def test_a_decimal_comma_is_read_as_a_decimal_and_noted():
    t = read_allocation_table("Use;Share;GFA\nWet labs;52,5%;525000\nOffices;47,5%;475000")
    assert t.rows["share_pct"].tolist() == [52.5, 47.5]
    assert any("decimal comma" in n for n in t.meta["notes"])


@pytest.mark.parametrize("label", ["小計", "小计", "Subtotal", "Sub-total"])
def test_a_subtotal_row_is_not_counted_as_a_use(label):
    t = read_allocation_table(
        f"Use\tShare\tGFA\nWet labs\t52%\t520000\n{label}\t52%\t520000\nOffices\t48%\t480000"
    )
    assert t.rows["use"].tolist() == ["Wet labs", "Offices"]
    assert t.total_gfa_m2() == 1_000_000
    assert any("subtotal" in n for n in t.meta["notes"])


# --- the reader's steps, each alone: source -> cells -> header -> rows -> table ----------------

TABLES = Path(__file__).resolve().parents[2] / "gis" / "tables"
#: The reader's steps in pipeline order, and the vocabulary leaves any step may use.
STEPS = ("source", "cells", "header", "rows", "derive", "table")
LEAVES = ("uses", "units", "columns")


def test_step_source_decodes_bytes_and_keeps_them_for_the_hash():
    from gis.tables.source import read_source

    data = "\ufeff用途\t總樓面面積\n實驗室\t520,000".encode()
    src = read_source(data)
    assert (src.name, src.encoding, src.data) == ("<text>", "utf-8-sig", data)
    assert src.text == "用途\t總樓面面積\n實驗室\t520,000" and src.sheet_rows is None
    assert read_source(b"Use\tGFA").encoding == "utf-8"  # no BOM
    assert read_source("用途\tGFA\n實驗室\t5".encode("big5hkscs")).encoding == "big5hkscs"
    with pytest.raises(TableError, match="file is empty"):
        read_source(b"\n\r\n")


def test_step_source_reads_one_sheet_of_a_workbook(tmp_path):
    import openpyxl

    from gis.tables.source import read_source

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 3.1"
    ws.append(["Use", "Share"])
    ws.append([None, None])
    ws.append(["Wet labs", 0.52])
    ws["B3"].number_format = "0%"
    wb.save(tmp_path / "t.xlsx")
    src = read_source(tmp_path / "t.xlsx", sheet="0")
    assert (src.sheet, src.text, src.encoding) == ("Table 3.1", None, None)
    assert src.sheet_rows == [(1, ["Use", "Share"]), (3, ["Wet labs", 52.0])]


def test_step_cells_splits_a_text_every_way_with_the_line_of_each_row():
    from gis.tables.cells import split_cells
    from gis.tables.source import Source

    cells = split_cells(Source("<text>", b"", text='Use,GFA\n\n"Labs, wet",520,000'))
    by_way = {s.delimiter: s.grid for s in cells.splits}
    assert list(by_way) == [";", ",", "spaces", "space"]
    assert by_way[","] == [(1, ["Use", "GFA"]), (3, ["Labs, wet", "520", "000"])]
    assert cells.lines == ["Use,GFA", "", '"Labs, wet",520,000']


def test_step_header_chooses_the_split_naming_most_columns_then_fitting_best():
    from gis.tables.cells import Cells, Split
    from gis.tables.header import choose_split

    head = (1, ["Use", "GFA"])
    ragged = Split("a", [head, (2, ["Labs", "5", "x"])])
    fitting = Split("b", [head, (2, ["Labs", "5"])])
    assert choose_split(Cells("<text>", [ragged, fitting], [])) is fitting
    also = Split("c", [head, (2, ["Offices", "7"])])
    assert choose_split(Cells("<text>", [fitting, also], [])) is fitting  # a tie: the first
    more = Split("d", [(1, ["Use", "GFA", "Share"]), (2, ["Labs"])])
    assert choose_split(Cells("<text>", [ragged, fitting, more], [])) is more
    with pytest.raises(TableError, match=r"no recognisable header: first row \['a', 'b'\]"):
        choose_split(Cells("<text>", [Split("x", [(1, ["a", "b"])]), Split("y", [])], []))


def test_step_header_reads_which_cell_holds_which_column():
    from gis.tables.cells import Cells, split_text
    from gis.tables.header import choose_split, read_header

    text = "Share of GFA by use\nUse\tGFA (ha)\tRemarks\tGFA\tRemarks\nWet labs\t52\tnew\t1\t"
    split = choose_split(Cells("<text>", split_text(text), text.splitlines()))
    assert split.delimiter == "\t"
    head = read_header(split.grid, "<text>")
    assert (head.header_at, head.header_row, head.width, head.use_at) == (1, 2, 5, 0)
    assert head.columns == {0: "use", 1: "gfa_m2"}
    assert head.units == {"use": None, "gfa_m2": "ha"}
    assert head.extras == {2: "Remarks", 3: "GFA", 4: "Remarks_5"}
    with pytest.raises(TableError, match="no use column"):
        read_header([(1, ["Share", "GFA"]), (2, ["52%", "520000"])], "<text>")


def test_step_rows_types_the_lines_below_the_header():
    from gis.tables.header import read_header
    from gis.tables.rows import read_rows

    grid = [
        (1, ["Use", "Share", "GFA (ha)"]),
        (2, ["Wet labs", "52%", "52"]),
        (3, ["Subtotal", "52%", "52"]),
        (4, ["Offices", "48%", "TBC"]),
        (5, ["Total", "100%", "100"]),
    ]
    rows = read_rows(grid, read_header(grid, "<text>"), None)
    assert [(r["use_id"], r["share_pct"], r["gfa_m2"]) for r in rows.records[:1]] == [
        ("wet_lab_mfg", 52.0, 520_000.0)
    ]
    assert math.isnan(rows.records[1]["gfa_m2"]) and rows.records[1]["source_row"] == 4
    assert rows.totals == {"share_pct": 100.0, "gfa_m2": 1_000_000.0, "row": 5}
    assert rows.ignored == [3] and rows.percent_seen
    assert rows.notes == ["line 3: subtotal row 'Subtotal' not counted as a use"]
    assert [(b["row"], b["column"], b["raw"]) for b in rows.bad] == [(2, "gfa_m2", "TBC")]


def test_step_table_builds_the_allocation_table_from_the_steps_results():
    from gis.tables.cells import Split
    from gis.tables.header import read_header
    from gis.tables.rows import read_rows
    from gis.tables.source import Source
    from gis.tables.table import build_table

    grid = [(1, ["Use", "Share"]), (2, ["Wet labs", "0.6"]), (3, ["Offices", "0.4"])]
    head = read_header(grid, "<text>")
    src = Source("<text>", b"x", text="(not read again)", encoding="str")
    t = build_table(src, Split(";", grid), head, read_rows(grid, head, ";"))
    assert t.rows["share_pct"].tolist() == [60.0, 40.0]  # fractions become %
    assert math.isnan(t.rows.loc[0, "gfa_m2"]) and t.meta["missing_columns"] == ["gfa_m2"]
    assert (t.meta["format"], t.meta["delimiter"], t.meta["encoding"]) == ("text", ";", "str")
    assert t.sha256 == hashlib.sha256(b"x").hexdigest()


def test_read_allocation_table_is_the_composition_of_the_steps():
    from gis.tables.cells import split_cells
    from gis.tables.header import choose_split, read_header
    from gis.tables.rows import read_rows
    from gis.tables.source import read_source
    from gis.tables.table import build_table

    path = CORPUS / "table_3_1_unquoted.csv"
    src = read_source(path)
    split = choose_split(split_cells(src))
    head = read_header(split.grid, src.name)
    stepwise = build_table(src, split, head, read_rows(split.grid, head, split.delimiter))
    whole = read_allocation_table(path)
    pd.testing.assert_frame_equal(stepwise.rows, whole.rows)
    assert (stepwise.meta, stepwise.sha256) == (whole.meta, whole.sha256)


def _backward_imports(folder: Path) -> list[str]:
    """Imports of a gis.tables module by a step before it, or of a step by a vocabulary leaf."""
    import ast

    order = {name: i for i, name in enumerate(STEPS)}
    wrong = []
    for path in sorted(folder.glob("*.py")):
        if path.stem == "__init__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module == "gis.tables":
                targets |= {f"gis.tables.{a.name}" for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets.add(node.module)
        used = {t.split(".")[2] for t in targets if t.startswith("gis.tables.")} - {path.stem}
        for other in sorted(used):
            if path.stem in LEAVES:
                ok = other in LEAVES and LEAVES.index(other) < LEAVES.index(path.stem)
            else:
                ok = other in LEAVES or order.get(other, len(STEPS)) < order[path.stem]
            if not ok:
                wrong.append(f"{path.stem} imports {other}")
    return wrong


def test_the_table_reader_flows_one_way_source_cells_header_rows_table():
    assert sorted(p.stem for p in TABLES.glob("*.py")) == sorted(["__init__", *STEPS, *LEAVES])
    assert _backward_imports(TABLES) == []


def test_the_one_way_check_catches_a_step_calling_back(tmp_path):
    for name in (*STEPS, *LEAVES):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
    (tmp_path / "cells.py").write_text("from gis.tables import header\n", encoding="utf-8")
    (tmp_path / "uses.py").write_text("import gis.tables.units\n", encoding="utf-8")
    (tmp_path / "rows.py").write_text("from gis.tables.table import X\n", encoding="utf-8")
    assert _backward_imports(tmp_path) == [
        "cells imports header",
        "rows imports table",
        "uses imports units",
    ]


# --- headers nobody foresaw -------------------------------------------------------------------

ODD_HEADER = (
    "Land use type,Proportion,{gfa}\nWet labs and advanced manufacturing,52%,520000\n"
    "Dry labs and offices,22%,220000\nUniversity-industry-research base,5%,50000\n"
    "Talent apartments,10%,100000\nCommercial,11%,110000\n"
)


def test_floor_space_is_a_gfa_header():
    """'Land use type,Proportion,Floor space' once read as a 0 m² table that passed."""
    t = read_allocation_table(ODD_HEADER.format(gfa="Floor space"))
    assert t.rows["gfa_m2"].sum() == 1_000_000


def test_a_column_of_numbers_nobody_reads_is_refused_with_did_you_mean():
    with pytest.raises(TableError, match=r"'Area allocated' holds numbers.*did you mean GFA"):
        read_allocation_table(ODD_HEADER.format(gfa="Area allocated"))


def test_the_user_can_name_the_columns():
    t = read_allocation_table(ODD_HEADER.format(gfa="Area allocated"), gfa_column="Area allocated")
    assert t.rows["gfa_m2"].sum() == 1_000_000
    t = read_allocation_table(
        "Item,Split,Area allocated\nWet labs,60%,600000\nOffices,40%,400000\n",
        use_column="Item",
        share_column="Split",
        gfa_column="Area allocated",
    )
    assert t.rows["share_pct"].tolist() == [60, 40] and t.total_gfa_m2() == 1_000_000


def test_validate_names_the_gfa_column_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    import cli

    path = tmp_path / "t.csv"
    path.write_text(ODD_HEADER.format(gfa="Area allocated"), encoding="utf-8")
    refused = CliRunner().invoke(cli.main, ["validate", str(path)])
    assert refused.exit_code == 2 and "--gfa-column 'Area allocated'" in refused.stderr
    named = CliRunner().invoke(
        cli.main, ["validate", str(path), "--gfa-column", "Area allocated", "--format", "json"]
    )
    assert named.exit_code == 0, named.stderr
    assert '"total_gfa_m2": 1000000' in named.stdout


SHARES_44 = "Wet labs,44%\nDry labs,30%\nUIR,5%\nTalent apartments,10%\nCommercial,11%\n"


def test_a_gfa_given_only_on_the_total_row_is_share_times_that_total():
    t = read_allocation_table(
        "Use,Share,GFA\n" + SHARES_44.replace("%\n", "%,\n") + "Total,100%,1000000\n"
    )
    assert t.rows["gfa_m2"].tolist() == pytest.approx([440_000, 300_000, 50_000, 100_000, 110_000])
    assert t.meta["gfa_from"]["total_row_only"] and t.total_gfa_m2() == pytest.approx(1_000_000)


def test_a_total_row_stating_an_area_in_the_share_column_is_the_total_gfa():
    t = read_allocation_table("Use,Share\n" + SHARES_44 + 'Total,"1,000,000 m2"\n')
    assert not t.meta["bad_cells"] and t.stated_total_gfa_m2 == 1_000_000
    assert t.rows["gfa_m2"].sum() == pytest.approx(1_000_000)


def test_a_share_only_table_takes_its_gfa_from_a_total_given_apart():
    t = read_allocation_table("Use,Share\n" + SHARES_44)
    assert t.total_gfa_m2() is None
    given = t.with_total_gfa(1_000_000, "--total-gfa")
    assert given.rows["gfa_m2"].tolist() == pytest.approx(
        [440_000, 300_000, 50_000, 100_000, 110_000]
    )
    assert given.meta["gfa_from"] == {"total": 1_000_000, "origin": "--total-gfa"}
    assert t.rows["gfa_m2"].isna().all()  # the table read is not modified


def test_shares_derived_from_gfa_are_of_the_rows_not_of_a_total_row_that_disagrees():
    t = read_allocation_table("Use,GFA\nWet labs,600000\nOffices,400000\nTotal,1100000\n")
    assert t.rows["share_pct"].tolist() == pytest.approx([60, 40])


@pytest.mark.parametrize(
    "header",
    ["Floor space", "Floor area", "GFA (sq m)", "建築面積", "總樓面面積", "Gross floor space"],
)
def test_the_common_names_of_a_gfa_column_are_recognised(header):
    assert header_column(header)[0] == "gfa_m2"


ODD = "Land use type,Proportion,Flr spc\nWet labs,52%,520000\nOffices,48%,480000\n"


def test_a_column_of_numbers_the_reader_does_not_know_is_refused_with_a_hint():
    with pytest.raises(TableError) as err:
        read_allocation_table(ODD)
    message = str(err.value)
    assert "'Flr spc'" in message and "did you mean GFA" in message and "--gfa-column" in message
    assert "\n" not in message


def test_a_planner_names_the_columns_the_reader_cannot_guess():
    t = read_allocation_table(ODD, gfa_column="Flr spc")
    assert t.total_gfa_m2() == 1_000_000 and t.meta["columns"]["Flr spc"] == "gfa_m2"
    with pytest.raises(TableError, match=r"no column 'Flr spac' \(--gfa-column\).*'Flr spc'"):
        read_allocation_table(ODD, gfa_column="Flr spac")


# --- issue 17 item 6: fractions and percentages -----------------------------------------------
def test_fractions_under_a_percent_header_are_read_as_fractions_with_a_warning():
    from gis.validation.table_checks import check_table

    t = read_allocation_table("Use,Share (%)\nWet labs,0.52\nOffices,0.48\n")
    assert t.rows["share_pct"].tolist() == [52.0, 48.0]
    (found,) = [i for i in check_table(t) if i.check == "table.share_fractions"]
    assert found.severity == "warning" and found.code == "table.share_fractions_pct_header"
    assert "although the header says %" in found.message


def test_fractions_without_a_percent_sign_are_an_info_finding_not_a_unit_conversion():
    from gis.validation.table_checks import check_table

    t = read_allocation_table("Use,Share,GFA\nWet labs,0.52,520000\nOffices,0.48,480000\n")
    issues = check_table(t)
    assert [(i.check, i.severity) for i in issues] == [("table.share_fractions", "info")]


def test_fractions_beside_percentages_are_one_error_naming_the_rows_and_no_cascade():
    from gis.validation.table_checks import check_table

    t = read_allocation_table(
        "Use,Share,GFA (m2)\nWet labs,0.52,520000\nDry labs,22%,220000\nUIR,5%,50000\n"
        "Talent apartments,0.1,100000\nCommercial,11%,110000\n"
    )
    assert t.rows["share_pct"].tolist() == [0.52, 22.0, 5.0, 0.1, 11.0]  # left as written
    issues = check_table(t, total_gfa_m2=1_000_000)
    assert [(i.check, i.severity) for i in issues] == [("table.share_mix", "error")]
    assert issues[0].message.startswith("rows 1, 4 (lines 2, 5), column share_pct: 0.52 and 0.1")
    assert "write 52% or 52" in issues[0].message


def test_a_share_only_mix_derives_no_gfa_from_the_total():
    t = read_allocation_table("Use,Share\nWet labs,0.52\nDry labs,22%\nUIR,5%\nOther,0.21\n")
    assert t.meta["share_mix"]["rows"] == [1, 4]
    assert t.with_total_gfa(1_000_000, "--total-gfa").total_gfa_m2() is None


def test_a_small_share_written_as_percent_beside_others_is_no_mix():
    t = read_allocation_table("Use,Share\nWet labs,52\nDry labs,22.5\nUIR,0.5\nOther,25\n")
    assert t.meta["share_mix"] is None and t.rows["share_pct"].tolist() == [52, 22.5, 0.5, 25]


def test_fractions_beside_percentages_that_do_not_add_up_either_keep_the_sum_error():
    from gis.validation.table_checks import check_table

    t = read_allocation_table("Use,Share\nWet labs,0.52\nDry labs,22%\nUIR,5%\n")
    assert {i.check for i in check_table(t)} >= {"table.share_mix", "table.shares_sum"}
