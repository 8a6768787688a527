"""Print layout of static maps: paper sizes, the source and accuracy line, labels that do not
collide.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gis.errors import InputError

from .._labels import Lang, pick

MM_PER_INCH = 25.4
PAPERS_MM: dict[str, tuple[float, float]] = {
    "A4": (297.0, 210.0),
    "A3": (420.0, 297.0),
    "A2": (594.0, 420.0),
    "A1": (841.0, 594.0),
}
"""ISO 216 sizes, landscape (width, height) in millimetres."""

ORIENTATIONS = ("landscape", "portrait")

# Figure-fraction boxes (left, bottom, width, height) of the map; the legend's panel is beside
# it in landscape, below it in portrait (``_print_fit.LEGEND_PANEL``)
MAP_BOX = {"landscape": (0.03, 0.08, 0.66, 0.82), "portrait": (0.05, 0.40, 0.90, 0.54)}
LABEL_GID = "zone-label"


def paper_inches(paper: str, orientation: str = "landscape") -> tuple[float, float]:
    """Figure size in inches of an ISO paper size: ``paper_inches("A3")`` -> (16.54, 11.69)."""
    key = str(paper).upper()
    if key not in PAPERS_MM:
        raise InputError(
            f"expected a paper size {', '.join(PAPERS_MM)}, got {paper!r}", where="paper"
        )
    if orientation not in ORIENTATIONS:
        raise InputError(
            f"expected {' or '.join(ORIENTATIONS)}, got {orientation!r}", where="orientation"
        )
    w, h = PAPERS_MM[key]
    if orientation == "portrait":
        w, h = h, w
    return w / MM_PER_INCH, h / MM_PER_INCH


def accuracy_line(layers: Mapping[str, Any], lang: Lang) -> str:
    """What the map's geometry is: "schematic" when any layer is, else the plans and dates of
    official layers (``plan_no``, ``pub_date``).
    """
    plans: list[str] = []
    schematic = False
    for gdf in layers.values():
        acc = {str(a).strip().lower() for a in gdf.get("accuracy", [])}
        schematic |= "schematic" in acc
        if "plan_no" in gdf:
            for plan, date in gdf.reindex(columns=["plan_no", "pub_date"]).drop_duplicates().values:
                day = str(date)[:10] if date is not None and str(date) != "NaT" else ""
                plans.append(f"{plan} ({day})" if day else str(plan))
    parts = []
    if schematic:
        parts.append(pick(("Schematic: not official geometry", "示意圖：非官方圖則"), lang, " / "))
    if plans:
        parts.append(pick(("Plans", "圖則"), lang, " / ") + ": " + ", ".join(dict.fromkeys(plans)))
    parts.append("HK1980 Grid (EPSG:2326)")
    return " · ".join(parts)


def _overlaps(a: Any, b: Any, pad: float = 1.0) -> bool:
    return not (
        a.x1 + pad <= b.x0 or b.x1 + pad <= a.x0 or a.y1 + pad <= b.y0 or b.y1 + pad <= a.y0
    )


def declutter(fig: Any, texts: Iterable[Any]) -> int:
    """Move each label (in the given order of priority) to the first of five places where it
    collides with no label already placed; drop it when none is free. Returns how many were
    dropped.
    """
    texts = list(texts)
    for ax in {id(t.axes): t.axes for t in texts}.values():
        ax.apply_aspect()  # measure where the labels will be drawn: in the equal-aspect box
    renderer = fig.canvas.get_renderer()
    placed: list[Any] = []
    dropped = 0
    for text in texts:
        box = text.get_window_extent(renderer)
        w, h = box.width, box.height
        x, y = text.get_position()
        to_data = text.axes.transData
        px, py = to_data.transform((x, y))
        for dx, dy in ((0, 0), (0, h), (0, -h), (w * 0.6, 0), (-w * 0.6, 0)):
            candidate = box.translated(dx, dy)
            if not any(_overlaps(candidate, other) for other in placed):
                text.set_position(to_data.inverted().transform((px + dx, py + dy)))
                placed.append(candidate)
                break
        else:
            text.remove()
            dropped += 1
    return dropped


def label_boxes(fig: Any) -> list[Any]:
    """Window extents of the zone labels on ``fig`` as drawn (for checks and tests)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [
        t.get_window_extent(renderer)
        for ax in fig.axes
        for t in ax.texts
        if t.get_gid() == LABEL_GID
    ]
