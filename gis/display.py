"""Notebook display of gis results, through a hook that the rendering layer fills.

``gis`` computes and ``maps`` draws, and ``gis`` never imports ``maps``. A result's
``_repr_html_`` asks :func:`html` for its HTML; :func:`html` calls the renderer that was set
with :func:`set_html_renderer`. The rendering package offers its renderer through the
``technopole.display`` entry point (``pyproject.toml``), loaded the first time a result is
shown; without one (a source tree that was never installed) the result shows as escaped text.
"""

from __future__ import annotations

import html as _html
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

__all__ = ["ENTRY_POINT_GROUP", "html", "set_html_renderer"]

#: The entry-point group a rendering package registers its HTML renderer in.
ENTRY_POINT_GROUP = "technopole.display"

_renderer: Callable[[Any], str] | None = None
_looked_up = False


def set_html_renderer(renderer: Callable[[Any], str] | None) -> None:
    """Set the function that draws a result as HTML (None: back to the entry point).

    Parameters
    ----------
    renderer
        ``renderer(result) -> str``: escaped HTML of a :class:`~gis.report.ValidationReport`,
        :class:`~gis.scenarios.Comparison`, :class:`~gis.allocation.SweepResult` or
        :class:`~gis.allocation.SolveResult`.
    """
    global _renderer, _looked_up
    _renderer, _looked_up = renderer, renderer is not None


def html(result: Any) -> str:
    """The HTML of ``result`` for a notebook.

    Parameters
    ----------
    result
        A result object of ``gis``.

    Returns
    -------
    str
        The renderer's HTML, or the escaped ``repr`` in a ``<pre>`` when no renderer is
        installed.

    Examples
    --------
    >>> set_html_renderer(lambda r: f"<b>{type(r).__name__}</b>")
    >>> html(3)
    '<b>int</b>'
    >>> set_html_renderer(None)
    """
    global _renderer, _looked_up
    if not _looked_up:
        _looked_up = True
        for point in entry_points(group=ENTRY_POINT_GROUP):
            _renderer = point.load()
            break
    if _renderer is None:
        return f"<pre>{_html.escape(repr(result))}</pre>"
    return _renderer(result)
