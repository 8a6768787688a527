"""Renderings of results for the terminal (rich) or as JSON, CSV or Markdown text: a layer's
description, a sweep (:class:`gis.SweepResult`) and a solve (:class:`gis.SolveResult`).
"""

from __future__ import annotations

from typing import Any

from gis.formats import to_json

from .terminal import render_frame

__all__ = [
    "render_sweep",
    "print_sweep",
    "render_solve",
    "print_solve",
    "render_layer",
    "print_layer",
]


def render_sweep(result: Any, fmt: str, lang: str | None = None) -> str:
    """JSON (summary, inputs, constraints, frontier), or the constraints as csv/markdown.

    Parameters
    ----------
    result
        A :class:`gis.SweepResult`.
    fmt
        ``json``, ``csv`` or ``markdown``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers (not JSON); None keeps the codes.

    Returns
    -------
    str
    """
    if fmt != "json":
        return render_frame(result.constraints, fmt, lang)
    return to_json(
        {
            "summary": result.summary(),
            "inputs": result.inputs,
            "constraints": result.constraints.reset_index().to_dict("records"),
            "frontier": result.frontier.to_dict("records"),
        }
    )


def print_sweep(result: Any, console: Any = None, lang: str | None = None) -> None:
    """Feasible share and what binds, then the constraints and frontier tables.

    Parameters
    ----------
    result
        A :class:`gis.SweepResult`.
    console
        A rich console (default: :func:`maps.console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and titles; None keeps the codes.
    """
    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    s = result.summary()
    for line in (
        f"{s['n']:,} allocations, {s['n_feasible']:,} valid ({s['feasible_pct']:.1f}%)",
        f"binding most often: {s['binding_most_often_label'] or 'none'}",
        f"tightest among the valid: {s['tightest_feasible_label'] or 'none'}",
    ):
        console.print(line, markup=False, highlight=False)
    console.print(rich_table(result.constraints, title="Constraints", lang=lang))
    cols = [c for c in result.frontier.columns if not c.startswith("share_")]
    console.print(
        rich_table(
            result.frontier[cols], title=f"Frontier by share of {result.frontier_use}", lang=lang
        )
    )


def render_solve(result: Any, fmt: str, lang: str | None = None) -> str:
    """JSON (status, message, totals, uses, constraints, conflicts), or the uses as csv/markdown.

    Parameters
    ----------
    result
        A :class:`gis.SolveResult`.
    fmt
        ``json``, ``csv`` or ``markdown``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers (not JSON); None keeps the codes.

    Returns
    -------
    str
    """
    if fmt != "json":
        return render_frame(result.uses, fmt, lang)
    return to_json(
        {
            "status": result.status,
            "message": result.message,
            "total_gfa_m2": result.total_gfa_m2,
            "distance_pct": result.distance_pct,
            "params": result.params,
            "uses": result.uses.reset_index().to_dict("records"),
            "constraints": result.constraints.reset_index().to_dict("records"),
            "conflicts": result.conflicts,
        }
    )


def print_solve(result: Any, console: Any = None, lang: str | None = None) -> None:
    """The message, the allocation, and the binding (or conflicting) constraints.

    Parameters
    ----------
    result
        A :class:`gis.SolveResult`.
    console
        A rich console (default: :func:`maps.console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and titles; None keeps the codes.
    """
    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    console.print(result.message, markup=False, highlight=False)
    console.print(rich_table(result.uses, title="Allocation", lang=lang))
    if result.ok:
        console.print(
            rich_table(
                result.binding,
                title="Binding constraints (shadow price: objective gain per unit relaxed)",
                lang=lang,
            )
        )
    else:
        console.print(rich_table(result.constraints, title="Conflicting constraints", lang=lang))


def _layer_tables(gdf: Any) -> tuple[dict[str, Any], Any]:
    from gis.io import area_m2, describe_layer

    desc = describe_layer(gdf)
    desc.update({k: gdf.attrs[k] for k in ("accuracy", "source_ref") if gdf.attrs.get(k)})
    feats = gdf.drop(columns="geometry").copy()
    feats["area_ha"] = (area_m2(gdf) / 10_000.0).round(3)
    return desc, feats


def render_layer(gdf: Any, fmt: str, lang: str | None = None) -> str:
    """A layer's description and features: JSON (with ``features_table``), or csv/markdown.

    Parameters
    ----------
    gdf
        The layer (as :func:`gis.load_layer` returns it).
    fmt
        ``json``, ``csv`` or ``markdown``.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers (not JSON); None keeps the codes.

    Returns
    -------
    str
    """
    desc, feats = _layer_tables(gdf)
    if fmt == "json":
        return to_json({**desc, "features_table": feats.to_dict(orient="records")})
    return render_frame(feats, fmt, lang)


def print_layer(gdf: Any, console: Any = None, lang: str | None = None) -> None:
    """``key: value`` lines of the description, then the main attributes of each feature.

    Parameters
    ----------
    gdf
        The layer (as :func:`gis.load_layer` returns it).
    console
        A rich console (default: :func:`maps.console`).
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and titles; None keeps the codes.
    """
    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    desc, feats = _layer_tables(gdf)
    for k, v in desc.items():
        console.print(f"{k}: {v}", markup=False, highlight=False, soft_wrap=True)
    keep = [
        c
        for c in (
            "id",
            "zone_id",
            "name_en",
            "name_zh",
            "land_use",
            "height_mpd",
            "storeys",
            "status",
            "area_ha",
            "accuracy",
        )
        if c in feats
    ]
    console.print(rich_table(feats[keep] if keep else feats, lang=lang))


def show_plan_info(info: dict[str, Any], fmt: str, out: Any = None, *, force: bool = True) -> None:
    """A statutory plan's particulars (:func:`gis.plan_info`): titled terminal tables, or
    json/csv/markdown text printed or written to ``out``.

    Parameters
    ----------
    info
        As :func:`gis.plan_info` returns it.
    fmt
        ``table``, ``json``, ``csv`` or ``markdown``.
    out
        The file to write (default: standard output).
    force
        Replace an existing ``out``.
    """
    from gis.ozp import info_frames, render_info

    from .terminal import print_frame, show

    def printer() -> None:
        for title, frame in info_frames(info).items():
            print_frame(frame, title=title)

    show(fmt, out, printer, lambda f: render_info(info, f), force=force)
