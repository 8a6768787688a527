"""Write the binary inputs of the everyday corpus (run once; the files are committed).

``table_3_1_title.xlsx``: Table 3.1 as a planner's workbook has it: a title merged across the
columns above the header, a note row, the five uses, a total row, and a remarks column.

Run: ``python tests/everyday/files/make_files.py``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
ROWS = [
    ("Wet labs and advanced manufacturing", 0.52, 520_000, "incl. pilot production"),
    ("Dry labs and offices", 0.22, 220_000, None),
    ("University-industry-research base", 0.05, 50_000, None),
    ("Talent accommodation and visitor lodging", 0.10, 100_000, "about 1,800 flats"),
    ("Commercial and other supporting facilities", 0.11, 110_000, None),
]


def table_3_1_title(path: Path) -> None:
    """Title merged over A1:D1, a blank row, the header on row 3, rows, a total row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Table 3.1"
    ws["A1"] = "Table 3.1  Proposed GFA allocation, Loop Phase 1 (HSITP outline)"
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["Use", "Share", "GFA (m²)", "Remarks"])
    for use, share, gfa, note in ROWS:
        ws.append([use, share, gfa, note])
        ws.cell(ws.max_row, 2).number_format = "0%"
        ws.cell(ws.max_row, 3).number_format = "#,##0"
    ws.append(["Total", 1.0, 1_000_000, None])
    ws.cell(ws.max_row, 2).number_format = "0%"
    ws.cell(ws.max_row, 3).number_format = "#,##0"
    wb.properties.creator = "technopole tests"
    wb.save(path)


if __name__ == "__main__":
    table_3_1_title(HERE / "table_3_1_title.xlsx")
