"""A zoning check (:func:`gis.zoning_check`) for people: its summary line and two tables on the
terminal, or JSON, CSV or Markdown text, names and reasons in English, Chinese or both.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gis.formats import to_json

from .terminal import console, print_frame, render_frame, show

__all__ = ["show_zoning_check", "zoning_frames"]

_FLAGS = {"question": ("question", "質疑"), "check": ("check", "待核"), "": ("", "")}


def _word(en: str, zh: str, lang: str) -> str:
    if lang == "zh":
        return zh or en
    if lang == "en" or not zh or en == zh:
        return en or zh
    return f"{en} / {zh}" if en else zh


def _pick(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``x_en``/``x_zh`` column pairs as one ``x`` column in ``lang`` (``both``: "en / zh"),
    and the flags in ``lang``.
    """
    cols: dict[str, Any] = {}
    for col in df.columns:
        if col.endswith("_zh") and col[:-3] + "_en" in df.columns:
            continue
        if col.endswith("_en") and col[:-3] + "_zh" in df.columns:
            pairs = zip(df[col].fillna(""), df[col[:-3] + "_zh"].fillna(""), strict=True)
            cols[col[:-3]] = [_word(en, zh, lang) for en, zh in pairs]
        elif col == "flag":
            cols[col] = [_word(*_FLAGS[f], lang) for f in df[col]]
        else:
            cols[col] = df[col].to_numpy()
    return pd.DataFrame(cols, index=df.index)


def zoning_frames(result: Any, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Titled tables of a zoning check in ``lang``: the polygons, then the zones under them.

    Parameters
    ----------
    result
        A :class:`gis.ZoningCheck`.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: the names, reasons and flags.

    Returns
    -------
    dict
        Title -> table.
    """
    return {
        "Zoning check: polygons (areas in m², EPSG:2326)": _pick(result.polygons, lang),
        "Official zones under each polygon (m², EPSG:2326)": _pick(result.pieces, lang),
    }


def show_zoning_check(
    result: Any, fmt: str, out: Any = None, *, force: bool = True, lang: str | None = None
) -> None:
    """A zoning check: its summary line and two tables on the terminal, or json, csv (one row
    per polygon and zone) or markdown text, printed or written to ``out``.

    Parameters
    ----------
    result
        A :class:`gis.ZoningCheck`.
    fmt
        ``table``, ``json``, ``csv`` or ``markdown``.
    out
        The file to write (default: standard output).
    force
        Replace an existing ``out``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: names, reasons and readable headers; None: English
        names and reasons under the column codes. JSON keeps both languages.
    """
    frames = zoning_frames(result, lang or "en")

    def printer() -> None:
        console().print(result.summary(lang or "en"), markup=False, highlight=False)
        for title, frame in frames.items():
            print_frame(frame, title=title, lang=lang)

    def render(fmt: str) -> str:
        if fmt == "json":
            return to_json(result.to_dict())
        if fmt == "csv":
            return render_frame(list(frames.values())[1], "csv", lang)
        parts = [f"# {result.summary(lang or 'en')}", ""]
        for title, frame in frames.items():
            parts += [f"## {title}", "", render_frame(frame, "markdown", lang), ""]
        return "\n".join(parts)

    show(fmt, out, printer, render, force=force)
