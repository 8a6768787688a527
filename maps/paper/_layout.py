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
LEADER_GID = "zone-label-leader"


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


LABEL_SIZES = (6.5, 5.5, 5.0)
"""Font sizes (points) a zone label may shrink to before it is moved out with a leader line."""


def declutter(fig: Any, texts: Iterable[Any]) -> int:
    """Place each label (in the given order of priority) inside its own zone (the label's
    ``zone`` geometry, in data units): at the first of five places, then at a smaller size
    (:data:`LABEL_SIZES`), where it collides with no label already placed and its box lies in
    the zone. When it fits nowhere inside, it goes just above or below the zone with a thin
    leader line to its point inside (``leader`` on the text); when that too collides it is
    dropped. Returns how many were dropped.
    """
    texts = list(texts)
    for ax in {id(t.axes): t.axes for t in texts}.values():
        ax.apply_aspect()  # measure where the labels will be drawn: in the equal-aspect box
    renderer = fig.canvas.get_renderer()
    placed: list[Any] = []
    dropped = 0
    for text in texts:
        zone = getattr(text, "zone", None)
        if _place_inside(text, renderer, placed, zone) or _place_outside(
            text, renderer, placed, zone
        ):
            continue
        text.remove()
        dropped += 1
    return dropped


def _fits(box: Any, to_data: Any, zone: Any) -> bool:
    if zone is None:
        return True
    from shapely.geometry import box as rectangle

    (x0, y0), (x1, y1) = to_data.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
    return bool(zone.buffer(1e-6).contains(rectangle(x0, y0, x1, y1)))


def _place_inside(text: Any, renderer: Any, placed: list[Any], zone: Any) -> bool:
    to_data = text.axes.transData
    px, py = to_data.transform(text.get_position())
    sizes = LABEL_SIZES if zone is not None else LABEL_SIZES[:1]
    for size in sizes:
        text.set_fontsize(size)
        text.set_position(to_data.inverted().transform((px, py)))
        box = text.get_window_extent(renderer)
        w, h = box.width, box.height
        for dx, dy in ((0, 0), (0, h), (0, -h), (w * 0.6, 0), (-w * 0.6, 0)):
            candidate = box.translated(dx, dy)
            if any(_overlaps(candidate, other) for other in placed):
                continue
            if not _fits(candidate, to_data, zone):
                continue
            text.set_position(to_data.inverted().transform((px + dx, py + dy)))
            placed.append(candidate)
            return True
    text.set_fontsize(LABEL_SIZES[0])
    text.set_position(to_data.inverted().transform((px, py)))
    return False


def _place_outside(text: Any, renderer: Any, placed: list[Any], zone: Any) -> bool:
    if zone is None:
        return False
    ax, to_data = text.axes, text.axes.transData
    x, y = text.get_position()
    px, py = to_data.transform((x, y))
    box = text.get_window_extent(renderer)
    h = box.height
    for dy in (h * 1.4, -h * 1.4, h * 2.4, -h * 2.4, h * 3.4, -h * 3.4):
        candidate = box.translated(0, dy)
        if any(_overlaps(candidate, other) for other in placed):
            continue
        text.set_position(to_data.inverted().transform((px, py + dy)))
        near = py + dy - h / 2 if dy > 0 else py + dy + h / 2  # the text's edge on the anchor side
        end = to_data.inverted().transform((px, near))
        (line,) = ax.plot([x, end[0]], [y, end[1]], color="#444444", linewidth=0.5, zorder=4)
        line.set_gid(LEADER_GID)
        text.leader = (x, y)
        placed.append(candidate)
        return True
    return False


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
