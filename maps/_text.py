"""Text for matplotlib: drawn as written."""

from __future__ import annotations

from typing import Any


def plain(text: Any) -> str:
    """``text`` as matplotlib draws it literally: a ``$`` would otherwise start mathtext."""
    return str(text).replace("$", r"\$")
