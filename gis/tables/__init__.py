"""GFA allocation tables: bytes -> cells -> header -> typed rows -> :class:`AllocationTable`,
and the vocabulary of uses (names, synonyms, categories) they are matched against.
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
