r"""GFA allocation tables, read in one direction; the vocabulary of uses they are matched against.

:func:`read_allocation_table` is a pipeline of steps, each a function of its own module that
only uses earlier steps (and the vocabulary leaves :mod:`~gis.tables.uses` and
:mod:`~gis.tables.units`):

1. :mod:`gis.tables.source`: a path, bytes or pasted text -> a ``Source``: the decoded text or
   one XLSX sheet's values, after the size, encoding and limit checks (``read_source``).
2. :mod:`gis.tables.cells`: the source -> ``Cells``: every way of splitting a text into a grid
   of cells (tabs, Markdown, ``;``, ``,``, spaces), each cell with its line (``split_cells``).
3. :mod:`gis.tables.header`: the split whose header names the most columns
   (``choose_split``), and its header: which cell holds the use, share, GFA, ... and in which
   unit (``read_header``).
4. :mod:`gis.tables.rows`: the grid below the header -> typed ``Rows``: numbers parsed, units
   converted to m² and %, total, subtotal and note lines told apart (``read_rows``).
5. :mod:`gis.tables.table`: the rows -> an :class:`AllocationTable` with how it was read
   (``build_table``; its arithmetic, units converted and columns derived, in
   :mod:`gis.tables.derive`).

Columns a planner names (``gfa_column=`` ...) and columns of numbers left unused are the leaf
:mod:`gis.tables.columns`.

Examples
--------
>>> t = read_allocation_table("用途規劃\t百分比\n濕實驗室及先進製造\t52%\n辦公室\t48%")
>>> t.rows["use_id"].tolist(), t.meta["delimiter"]
(['wet_lab_mfg', 'dry_lab_office'], '\t')
"""

from __future__ import annotations

from gis.tables.table import AllocationTable, read_allocation_table
from gis.tables.uses import USE_IDS, use_category

__all__ = [
    "AllocationTable",
    "USE_IDS",
    "read_allocation_table",
    "use_category",
]
