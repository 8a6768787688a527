"""Which column of a user's layer names its categories (use, land_use, zone, ...)."""

from __future__ import annotations

from typing import Any

__all__ = ["CATEGORY_COLUMNS", "MAX_CATEGORIES", "category_column"]

CATEGORY_COLUMNS: tuple[str, ...] = (
    "use",
    "land_use",
    "landuse",
    "zone",
    "zone_code",
    "zone_type",
    "category",
    "type",
    "class",
    "kind",
    "status",
)
"""Columns that name a category, tried in this order (case-insensitive) by
:func:`category_column`."""

_NOT_CATEGORIES = frozenset(
    {"name", "name_en", "name_zh", "label", "id", "accuracy", "source", "plan_no", "plan_date"}
)
MAX_CATEGORIES = 12
"""A text column with more distinct values than this is not read as a category."""


def category_column(frame: Any) -> str | None:
    """The first categorical column of a layer: a known name (:data:`CATEGORY_COLUMNS`), else any
    text column whose values repeat and number at most :data:`MAX_CATEGORIES`. Numeric columns
    and names, ids and metadata (``name_en``, ``zone_id``, ``accuracy``...) never count.
    """
    import pandas as pd

    geometry = getattr(frame, "_geometry_column_name", None)
    columns = [c for c in getattr(frame, "columns", ()) if c != geometry]

    def text(col: Any) -> bool:
        if pd.api.types.is_numeric_dtype(frame[col]):
            return False
        values = frame[col].dropna()
        return len(values) > 0 and all(isinstance(v, str) for v in values)

    lower = {str(c).lower(): c for c in columns}
    for name in CATEGORY_COLUMNS:
        if name in lower and text(lower[name]):
            return str(lower[name])
    for col in columns:
        name = str(col).lower()
        if name in _NOT_CATEGORIES or name.endswith("_id") or not text(col):
            continue
        distinct = frame[col].dropna().nunique()
        if 1 <= distinct <= MAX_CATEGORIES and distinct < frame[col].notna().sum():
            return str(col)
    return None
