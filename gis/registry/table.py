"""The checks of an allocation table: its arithmetic, cells and uses."""

from __future__ import annotations

from gis.registry._core import SRC_ARITHMETIC, SRC_FORMAT, SRC_USES, _check

# --------------------------------------------------------------------------- the table
TABLE_CELLS = _check(
    "table.cells", "error", "table", "every cell read: the findings below", codes=(), listed=True,
    needs=("table",), source=SRC_FORMAT, done="",
)  # fmt: skip
SHARES_SUM = _check(
    "table.shares_sum", "error", "table", "shares sum to 100% (± 0.5 points, `--share-tol`)",
    codes=("table.shares_sum", "table.shares_total_row"), needs=("shares",), listed=True,
    source=SRC_ARITHMETIC, done="",
)  # fmt: skip
GFA_SUM = _check(
    "table.gfa_sum", "error", "table",
    "GFA column sums to the stated total (± 0.5% of the total, `--gfa-tol`)",
    codes=("table.gfa_sum", "table.gfa_total_row"), needs=("gfa", "total_gfa"), listed=True,
    source=SRC_ARITHMETIC, done="",
)  # fmt: skip
ROW_GFA_SHARE = _check(
    "table.row_gfa_share", "error", "table", "each row's GFA = share × total",
    needs=("shares", "gfa"), listed=True, source=SRC_ARITHMETIC, done="",
    why_not="GFA and shares are not both given: one is derived from the other",
)  # fmt: skip
MISSING_VALUE = _check(
    "table.missing_value", "error", "table", "a use name, share or GFA cell is empty",
    codes=("table.missing_value", "table.missing_use"), source=SRC_FORMAT,
)  # fmt: skip
NEGATIVE_VALUE = _check(
    "table.negative_value", "error", "table",
    "a share, GFA, site area or plot ratio is below zero", source=SRC_FORMAT,
)  # fmt: skip
NOT_A_NUMBER = _check(
    "table.not_a_number", "error", "table",
    "a number cell holds text, or a unit that does not fit", source=SRC_FORMAT,
)  # fmt: skip
RAGGED_ROW = _check(
    "table.ragged_row", "error", "table", "a row has more cells than the header", source=SRC_FORMAT
)  # fmt: skip
DUPLICATE_USE = _check(
    "table.duplicate_use", "error", "table",
    "two rows are one use (same canonical id, or same name)", source=SRC_USES,
)  # fmt: skip
UNKNOWN_USE = _check(
    "table.unknown_use", "warning", "table",
    "a use name matches no canonical use (the closest is suggested)", source=SRC_USES,
)  # fmt: skip
USE_GUESSED = _check(
    "table.use_guessed", "warning", "table",
    "a use label matched by a guess (it contains one use's name), not by a name or synonym",
    source=SRC_USES,
)  # fmt: skip
SHARE_FRACTIONS = _check(
    "table.share_fractions", "warning", "table",
    "shares all at most 1 and summing to 1 read as fractions (a warning under a % header)",
    codes=("table.share_fractions", "table.share_fractions_pct_header"), source=SRC_FORMAT,
)  # fmt: skip
SHARE_MIX = _check(
    "table.share_mix", "error", "table",
    "shares that look like fractions (0.52) beside percentages (22%): one error naming them",
    source=SRC_FORMAT,
)  # fmt: skip
HA_SUSPECT = _check(
    "table.ha_suspect", "warning", "table", "GFA values that look like hectares in an m² column",
    codes=("table.ha_suspect", "table.ha_suspect_row"), needs=("gfa",), source=SRC_ARITHMETIC,
)  # fmt: skip
UNIT_CONVERTED = _check(
    "table.unit_converted", "info", "table",
    "GFA or site area read in ha, 萬平方米, sq ft ... and converted to m²", source=SRC_FORMAT,
)  # fmt: skip
READ_NOTE = _check(
    "table.read_note", "info", "table",
    "how a cell or line was read: a decimal comma, a subtotal row left out", source=SRC_FORMAT,
    codes=("table.note_rejoined", "table.note_subtotal", "table.note_decimal_comma",
    "table.note_dot_thousands"),
)  # fmt: skip
SHARE_ONLY = _check(
    "table.share_only", "warning", "table", "no GFA: share × a total (`--total-gfa`, total row)",
    source=SRC_FORMAT,
)  # fmt: skip
EMBEDDED_TABLE = _check("table.embedded_elsewhere", "warning", "table", "no table given for a site "
    "other than Loop Phase 1: Table 3.1 is checked on it", source=SRC_USES)  # fmt: skip
UNUSED_COLUMN = _check("table.unused_column", "warning", "table", "a column the reader did not use",
    source=SRC_FORMAT)  # fmt: skip
GFA_ONLY = _check(
    "table.gfa_only", "info", "table", "no share column: shares derived from GFA and the total",
    source=SRC_FORMAT,
)  # fmt: skip
