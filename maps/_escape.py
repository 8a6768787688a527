"""Escaping of user strings for folium/Leaflet HTML output.

Every string that comes from a user's data (property values, names, legend labels, layer names,
titles, attributions) passes through :func:`esc` before it reaches folium. Three sinks make this
necessary (see the tests in tests/rendering/test_maps.py):

* Leaflet puts tooltip/popup content, layer-control labels and attributions into ``innerHTML``:
  ``<img src=x onerror=...>`` would run. HTML-escaping makes it text.
* folium emits ``folium.Tooltip`` / ``folium.Popup`` text inside JavaScript template literals:
  ``${...}`` runs on page load. ``$``, backtick and backslash become HTML entities, which mean
  nothing to JavaScript and show as the same characters in the browser.
* branca renders every element's output a *second* time as a Jinja2 template
  (``Element(rendered)``), so a user string containing ``{{ ... }}`` is evaluated as a Jinja
  expression in Python while the map is rendered (attribute traversal reaches ``__builtins__``).
  ``{`` and ``}`` become entities too.

Data embedded in a ``<script>`` goes through :func:`script_json`, which escapes ``<``, ``>``,
the JavaScript line separators and any Jinja opener (``{{``, ``{%``, ``{#``).
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

import pandas as pd

__all__ = ["esc", "script_json", "is_missing"]

# Characters that are harmless in HTML text but dangerous in the other sinks listed above.
_EXTRA = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"})
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA (things a tooltip leaves out)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def esc(value: Any) -> str:
    """Return ``value`` as HTML text that is also inert in JS template literals and Jinja.

    Parameters
    ----------
    value
        Anything; ``None`` and NaN give ``""``, other values go through ``str``.

    Returns
    -------
    str
        ``&``, ``<``, ``>``, ``"`` and ``'`` HTML-escaped; ``$``, backtick, backslash, ``{`` and
        ``}`` as numeric entities. Shows in a browser exactly as the original characters.

    Examples
    --------
    >>> esc("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> esc("${alert(1)}")
    '&#36;&#123;alert(1)&#125;'
    """
    if is_missing(value):
        return ""
    return html.escape(str(value), quote=True).translate(_EXTRA)


def script_json(obj: Any) -> str:
    r"""Serialise ``obj`` as compact JSON that is safe inside an inline ``<script>``.

    UTF-8 is kept (Chinese costs 3 bytes a character instead of 6 for ``\uXXXX``); ``<``
    and ``>`` are written as ``\u003c`` / ``\u003e`` so no ``</script>`` or ``<!--`` can
    appear; U+2028/9 are escaped; a ``{`` followed by ``{``, ``%`` or ``#`` (only possible
    inside a string in compact JSON) becomes ``\u007b`` so branca's second Jinja pass sees
    no template syntax.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _JINJA_OPENER.sub(r"\\u007b", text)
