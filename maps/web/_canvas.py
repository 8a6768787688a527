"""Large layers: the size decisions in Python (the canvas layer that draws them: ``_canvas_js``).

A map with many features (:data:`LARGE_MAP` or more, over all layers) is drawn differently:

- coordinates keep 5 decimals (about 1 m) and geometry is simplified by 1 m, unless the caller
  chose ``precision`` / ``simplify_m``; Leaflet's own layers use a canvas unless told otherwise;
- each layer of :data:`CHUNKED_MIN` features or more becomes a
  :class:`maps.web._elements.ChunkedLayer`: its features are stored in chunks of about
  :data:`CHUNK_VERTICES` vertices, as JSON in ``<script type="application/json">`` elements (not
  executed, so not parsed all at once), and ``maps.web._canvas_js.CANVAS_JS`` decodes one chunk
  at a time and draws the features in view on one canvas in slices of :data:`SLICE_MS`
  milliseconds (never one long task).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

LARGE_MAP = 3000
"""Features (all layers together) from which a map is drawn as a large map."""
CHUNKED_MIN = 1000
"""Features from which a layer of a large map is drawn by the chunked canvas layer."""
CHUNK_VERTICES = 40_000
"""Vertices per chunk of a chunked layer (each chunk is decoded in one slice of work)."""
SLICE_MS = 25
"""Milliseconds of work the browser does at a time before letting the page respond."""
LARGE_PRECISION = 5
LARGE_SIMPLIFY_M = 1.0


@dataclass(frozen=True)
class SizePlan:
    """How a map is drawn, given its number of features and the caller's explicit options.

    Attributes
    ----------
    large
        The map has :data:`LARGE_MAP` features or more.
    precision, simplify_m, prefer_canvas
        The options used (the caller's where given, else chosen for the size).
    notes
        One line per option chosen automatically (empty for a small map).
    """

    large: bool
    precision: int
    simplify_m: float | None
    prefer_canvas: bool
    notes: tuple[str, ...] = field(default=())


def size_plan(
    features: int,
    *,
    precision: int | None = None,
    simplify_m: float | None = None,
    prefer_canvas: bool | None = None,
) -> SizePlan:
    """The drawing options of a map of ``features`` features; explicit options are kept.

    Parameters
    ----------
    features
        Features drawn, over all layers.
    precision, simplify_m, prefer_canvas
        The caller's options; ``None`` lets the size decide.

    Returns
    -------
    SizePlan
    """
    large = features >= LARGE_MAP
    if not large:
        return SizePlan(
            False, 6 if precision is None else precision, simplify_m, bool(prefer_canvas)
        )
    auto = []
    if precision is None:
        precision = LARGE_PRECISION
        auto.append(f"coordinates at {LARGE_PRECISION} decimals (about 1 m)")
    if simplify_m is None:
        simplify_m = LARGE_SIMPLIFY_M
        auto.append(f"simplified by {LARGE_SIMPLIFY_M:g} m (areas from the original geometry)")
    if prefer_canvas is None:
        prefer_canvas = True
        auto.append("drawn on a canvas")
    notes = (
        f"large map ({features:,} features): layers of {CHUNKED_MIN:,}+ features are loaded in "
        "chunks and drawn on a canvas, only what is in view",
        *([f"chose {'; '.join(auto)} (set --precision, --simplify, --prefer-canvas to override)"]),
    )
    return SizePlan(True, precision, simplify_m, prefer_canvas, notes if auto else notes[:1])


def chunk_bounds(
    vertices: Sequence[int] | np.ndarray, max_vertices: int = CHUNK_VERTICES
) -> list[int]:
    """Feature indices where chunks start (and the end), each chunk about ``max_vertices`` vertices.

    Features stay in order; a feature larger than ``max_vertices`` is a chunk of its own.

    Parameters
    ----------
    vertices
        Vertices of each feature, in drawing order.
    max_vertices
        Vertices a chunk holds at most (unless one feature alone has more).

    Returns
    -------
    list of int
        ``[0, ..., len(vertices)]``: chunk ``i`` is features ``bounds[i]:bounds[i + 1]``.
    """
    counts = np.asarray(vertices, dtype=np.int64)
    bounds, start = [0], 0
    cum = np.cumsum(counts)
    n = len(counts)
    while start < n:
        # The first feature whose running total passes the budget starts the next chunk.
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + max_vertices, side="right"))
        stop = max(stop, start + 1)
        bounds.append(stop)
        start = stop
    return bounds
