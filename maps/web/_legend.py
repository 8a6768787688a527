"""Legend HTML fragments (escaped labels, colours from ``_style``), shared by all layer roles."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._escape import esc
from .._style import rgba_css


def heading(title: str) -> str:
    """A section heading; ``title`` is escaped here."""
    return f'<div class="tp-h">{esc(title)}</div>'


def swatch(label: str, fill: str, line: str, *, opacity: float = 0.45, dash: bool = False) -> str:
    """A filled-box legend row; ``label`` is escaped here."""
    style = f"background:{rgba_css(fill, opacity)};border-color:{line}"
    if dash:
        style += ";border-style:dashed"
    return f'<div class="tp-row"><i style="{style}"></i>{esc(label)}</div>'


def line(label: str, colour: str, *, weight: float = 2, dash: str | None = None) -> str:
    """A line legend row for outline layers; ``label`` is escaped here."""
    style = f"border-top:{max(2, round(weight))}px {'dashed' if dash else 'solid'} {colour}"
    return f'<div class="tp-row"><i class="tp-line" style="{style}"></i>{esc(label)}</div>'


def ramp(colours: Sequence[str], ticks: Iterable[str], *, opacity: float = 0.6) -> str:
    """A graduated colour bar with tick labels underneath (each escaped)."""
    stops = ",".join(rgba_css(c, opacity) for c in colours)
    labels = "".join(f"<span>{esc(t)}</span>" for t in ticks)
    return (
        f'<div class="tp-ramp" style="background:linear-gradient(to right,{stops})"></div>'
        f'<div class="tp-ticks">{labels}</div>'
    )


def even_ticks(values: Iterable[float], most: int = 5) -> list[float]:
    """Evenly spaced tick values from min to max (the bar's labels sit evenly spaced too)."""
    distinct = sorted({float(v) for v in values})
    if len(distinct) <= 1:
        return distinct
    n = max(2, min(most, len(distinct)))
    lo, hi = distinct[0], distinct[-1]
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]
