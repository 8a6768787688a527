"""Rebuild the allocation-table corpus in this folder (run once; the files are committed).

    python tests/data/tables/make_fixtures.py

Every file is written from the literals below, so the corpus is reproducible byte for byte
(XLSX entries get a fixed timestamp). README.md says what each file is and what it must give.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Table 3.1 of seed 004_281f81e4466a18af.txt, lines 284-289, verbatim (tab-separated).
SEED = (
    "用途規劃\t百分比\t總樓面面積（平方米）\n"
    "濕實驗室及先進製造\t52%\t520,000\n"
    "乾實驗室及辦公室\t22%\t220,000\n"
    "產學研基地\t5%\t50,000\n"
    "人才公寓及訪客住所\t10%\t100,000\n"
    "商業及其它支援設施、混合用途\t11%\t110,000\n"
)
ZH = [
    "濕實驗室及先進製造",
    "乾實驗室及辦公室",
    "產學研基地",
    "人才公寓及訪客住所",
    "商業及其它支援設施、混合用途",
]
EN = [
    "Wet labs & advanced manufacturing",
    "Dry labs & offices",
    "University-industry-research base",
    "Talent apartments & visitor accommodation",
    "Commercial, other supporting facilities & mixed use",
]
SHARES = [52, 22, 5, 10, 11]
GFA = [520_000, 220_000, 50_000, 100_000, 110_000]


def csv_en(
    rows: list[tuple[str, str, str]],
    total: tuple[str, str] | None = None,
    header: str = "Use,Share (%),GFA (m²)",
) -> str:
    """English comma CSV, every cell quoted as a spreadsheet would export it."""
    lines = [header] + [",".join(f'"{c}"' for c in row) for row in rows]
    if total:
        lines.append(f'"Total","{total[0]}","{total[1]}"')
    return "\n".join(lines) + "\n"


def en_rows(
    shares: list[str] | None = None, gfa: list[str] | None = None, names: list[str] | None = None
) -> list[tuple[str, str, str]]:
    shares = shares or [f"{s}%" for s in SHARES]
    gfa = gfa or [f"{g:,}" for g in GFA]
    return list(zip(names or EN, shares, gfa, strict=True))


def fullwidth(text: str) -> str:
    """ASCII digits, % and , to their full-width forms (５２％, ５２０，０００)."""
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789%,"})


TEXT: dict[str, str] = {
    "table_3_1_seed.tsv": SEED,
    "table_3_1_en.csv": csv_en(en_rows(), ("100%", "1,000,000")),
    "table_3_1.md": "表 3.1：第一期初步建築面積分佈\n\n"
    "| 用途規劃 | 百分比 | 總樓面面積（平方米） |\n|---|---:|---:|\n"
    + "".join(f"| {n} | {s}% | {g:,} |\n" for n, s, g in zip(ZH, SHARES, GFA, strict=True))
    + "| **合計** | **100%** | **1,000,000** |\n",
    "table_3_1_fullwidth.txt": "用途規劃\t百分比\t總樓面面積（平方米）\n"
    + fullwidth("".join(f"{n}\t{s}%\t{g:,}\n" for n, s, g in zip(ZH, SHARES, GFA, strict=True))),
    "table_3_1_spaces.txt": "Table 3.1  Phase 1 GFA split\n\n"
    + f"{'Use':<55}{'Share':>8}    {'GFA (m2)':>12}\n"
    + "".join(f"{n:<55}{s:>7}%    {g:>12,}\n" for n, s, g in zip(EN, SHARES, GFA, strict=True)),
    "table_3_1_semicolon.csv": "Use;Share;GFA (sq m)\n"
    + "".join(f"{n};{s} %;{g:,} m²\n" for n, s, g in zip(EN, SHARES, GFA, strict=True)),
    "table_3_1_unquoted.csv": "Use,Share,GFA\n"
    + "".join(
        f"{u},{s}%,{g:,}\n"
        for u, s, g in zip(
            ["Wet labs", "Offices", "UIR", "Talent apartments", "Mixed use"],
            SHARES,
            GFA,
            strict=True,
        )
    ),
    "gfa_in_ha.csv": csv_en(
        en_rows(gfa=["52", "22", "5", "10", "11"]), ("100%", "100"), header="Use,Share (%),GFA (ha)"
    ),
    "share_only.csv": "用途,百分比\n"
    + "".join(f"{n},{s}%\n" for n, s in zip(ZH, SHARES, strict=True)),
    "gfa_only.csv": csv_en(
        [(n, f"{g:,}", "") for n, g in zip(EN, GFA, strict=True)],
        ("1,000,000", ""),
        header="Use,GFA (m²),Notes",
    ),
    "extra_columns.csv": "Zone,Use,Share (%),GFA (m²),Site area (ha),Plot ratio,"
    "Height (mPD),Remarks\n"
    "West,Wet labs,52,520000,10.4,5,60,batch 1\nCentre,Offices,22,220000,3.7,6,208,\n"
    "Centre,UIR,5,50000,1.0,5,90,\nEast,Talent apartments,10,100000,2.5,4,14,\n"
    "East,Mixed use,11,110000,2.2,5,50,\n",
    "unknown_use.csv": csv_en(
        en_rows(names=[*EN[:3], "Talent apartmnts & visitor lodging", EN[4]])
    ),
    "use_guessed.csv": csv_en(en_rows(names=[EN[0], "AI / data science & offices", *EN[2:]])),
    "ha_whole_column.csv": csv_en(en_rows(gfa=["52", "22", "5", "10", "11"])),
    "fractions_pct_header.csv": csv_en(en_rows(shares=["0.52", "0.22", "0.05", "0.10", "0.11"])),
    # --- broken: a check fails (exit 1) ---
    "shares_99.tsv": SEED.replace("\t52%\t", "\t51%\t"),
    "fractions_mixed.csv": csv_en(en_rows(shares=["0.52", "22%", "5%", "0.1", "11%"])),
    "gfa_share_mismatch.csv": csv_en(
        en_rows(gfa=["520,000", "220,000", "100,000", "50,000", "110,000"]), ("100%", "1,000,000")
    ),
    "wrong_total_row.csv": csv_en(en_rows(), ("100%", "1,100,000")),
    "total_share_99.md": "| Use | Share | GFA (m²) |\n|:--|--:|--:|\n"
    + "".join(f"| {n} | {s}% | {g:,} |\n" for n, s, g in zip(EN, SHARES, GFA, strict=True))
    + "| Total | 99% | 1,000,000 |\n",
    "negative_gfa.csv": csv_en(
        en_rows(gfa=["520,000", "220,000", "-50,000", "100,000", "110,000"]), ("100%", "1,000,000")
    ),
    "duplicate_use.csv": csv_en(
        [
            *en_rows()[:1],
            ("Dry labs", "11%", "110,000"),
            ("Offices", "11%", "110,000"),
            *en_rows()[2:],
        ],
        ("100%", "1,000,000"),
    ),
    "text_in_number.csv": csv_en(
        en_rows(gfa=["520,000", "220,000", "TBC", "100,000", "110,000"]), ("100%", "1,000,000")
    ),
    "missing_value.tsv": SEED.replace("\t5%\t", "\t\t"),
    "ha_one_row.csv": csv_en(
        en_rows(gfa=["520,000", "220,000", "50,000", "10", "110,000"]), ("100%", "1,000,000")
    ),
    "ragged_row.csv": "Use,Share,GFA\nWet labs,52%,520000\nOffices,22%,220000,see note 3\n"
    "UIR,5%,50000\nTalent apartments,10%,100000\nMixed use,11%,110000\n",
    # --- unreadable (TableError, exit 2) ---
    "empty.csv": "",
    "header_only.csv": "用途規劃,百分比,總樓面面積（平方米）\n",
    "no_value_columns.csv": "Use,Zone\nWet labs,West\nOffices,Centre\n",
    "no_use_column.csv": "Share (%),GFA (m²)\n52,520000\n22,220000\n",
    "no_header.csv": "Item,Value,Amount\nA,1,2\nB,3,4\n",
}

BYTES: dict[str, bytes] = {
    "table_3_1_bom.csv": b"\xef\xbb\xbf"
    + (
        "用途規劃,百分比,總樓面面積（平方米）\n"
        + "".join(f'{n},{s}%,"{g:,}"\n' for n, s, g in zip(ZH, SHARES, GFA, strict=True))
    ).encode(),
    "table_3_1_big5.csv": (
        "用途規劃,百分比,總樓面面積（平方米）\n"
        + "".join(f'{n},{s}%,"{g:,}"\n' for n, s, g in zip(ZH, SHARES, GFA, strict=True))
        + '合計,100%,"1,000,000"\n'
    ).encode("big5"),
    "undecodable.csv": b"Use,Share,GFA\n\xff\xfe\xff\x80,52%,520000\n",
    "unsupported.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(56),
    "corrupt.xlsx": b"this is not a zip archive\n",
}


def xlsx(rows: list[list[object]], percent_cols: tuple[int, ...] = ()) -> bytes:
    """A one-sheet workbook; ``percent_cols`` get Excel's 0% format (values stored as 0.52)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 3.1"
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if c - 1 in percent_cols and isinstance(value, float):
                cell.number_format = "0%"
    wb.properties.created = dt.datetime(2024, 1, 1)
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()  # rewrite the zip with fixed entry times so reruns give the same bytes
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now()
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data
                )
            dst.writestr(
                zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def xlsx_fixtures() -> dict[str, bytes]:
    header = ["用途規劃", "百分比", "總樓面面積（平方米）"]
    plain = [[n, s / 100, g] for n, s, g in zip(ZH, SHARES, GFA, strict=True)]
    texts = [[n, f"{s}%", f"{g:,}"] for n, s, g in zip(EN, SHARES, GFA, strict=True)]
    texts[2][2] = "about 50,000"
    return {
        "table_3_1.xlsx": xlsx([header, *plain], percent_cols=(1,)),
        "table_3_1_title_row.xlsx": xlsx(
            [["表 3.1：第一期初步建築面積分佈"], [], header, *plain, ["合計", 1.0, 1_000_000]],
            percent_cols=(1,),
        ),
        "xlsx_text_in_number.xlsx": xlsx([["Use", "Share", "GFA (m²)"], *texts]),
    }


def main() -> None:
    for name, text in TEXT.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
    for name, data in {**BYTES, **xlsx_fixtures()}.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(TEXT) + len(BYTES) + 3} files to {HERE}")


if __name__ == "__main__":
    main()
