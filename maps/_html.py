"""HTML pages through jinja2 with autoescape: every value a template prints is escaped.

Templates live in ``maps/templates``. Each page extends ``page.html`` (head, style, body) and
prints frames with the ``frame`` macro of ``macros.html``. Nothing is marked safe: even a whole
diff-map page goes into ``<iframe srcdoc="...">`` as an escaped string, as ``srcdoc`` wants.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from gis.formats import cell_text

from ._fonts import embed_cjk_font

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Any:
    """The jinja2 environment of the report pages (autoescape on for every template)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = cell_text
    env.globals["rows_of"] = rows_of
    return env


def rows_of(df: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of a frame (a named index becomes the first column)."""
    clean = df.reset_index() if df.index.name else df
    return [str(c) for c in clean.columns], [list(rec) for rec in clean.itertuples(index=False)]


def render(template: str, **context: Any) -> str:
    """Render ``template`` (a file in ``maps/templates``) with ``context``, autoescaped; a whole
    page (validation, comparison) gets the CJK font subset of its text (``maps._fonts``).
    """
    page = environment().get_template(template).render(**context)
    return embed_cjk_font(page) if "</head>" in page else page


def png_data_uri(png: bytes) -> str:
    """A ``data:`` URI of PNG bytes, for ``<img src>`` in a self-contained page."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
