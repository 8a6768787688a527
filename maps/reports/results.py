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
        return render_frame(as_planners_write(result.constraints), fmt, lang)
    return to_json(
        {
            "summary": result.summary(),
            "inputs": result.inputs,
            "constraints": result.constraints.reset_index().to_dict("records"),
            "frontier": result.frontier.to_dict("records"),
        }
    )


_SWEEP_LABELS = ("binding_most_often_label", "tightest_feasible_label")


def as_planners_write(df: Any) -> Any:
    """``df`` with its figures rounded as planners write them, for CSV and Markdown (JSON keeps
    full precision): m² to the unit, shares to 0.1%, hectares and ratios to 0.01, the solver's
    per-row figures to the unit from 100 up (else 0.01).

    >>> import pandas as pd
    >>> as_planners_write(pd.DataFrame({"gfa_m2": [890234.877], "share_pct": [57.6357]}))
         gfa_m2  share_pct
    0  890235.0       57.6
    """
    import numpy as np
    import pandas as pd

    from .._i18n import column_kind

    out = df.copy()
    places = {"m2": 0, "int": 0, "percent": 1, "ha": 2, "ratio": 2}
    for col in out.columns:
        if not pd.api.types.is_float_dtype(out[col]):
            continue
        k = column_kind(str(col))
        if k == "quantity":
            v = out[col]
            out[col] = np.where(v.abs() >= 100, v.round(0), v.round(2))
        elif k in places:
            out[col] = out[col].round(places[k])
    return out


_OTHERS_ZH = {
    "the uses without a range keep the base split's proportions": (
        "未設範圍的用途保持基準分配的比例"
    ),
    "the uses without a range are drawn too, each anywhere from 0 to 100%": (
        "未設範圍的用途亦隨機抽取，各介乎 0 至 100%"
    ),
}


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
    from .._labels import check_lang, pick
    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    s = result.summary()
    say = check_lang(lang or "en")
    counts = (s["n"], s["n_feasible"], s["feasible_pct"])
    binding, tightest = (s[k] or pick(("none", "無"), say) for k in _SWEEP_LABELS)
    for en, zh in (
        (
            "{:,} allocations, {:,} valid ({:.1f}%)".format(*counts),
            "{:,} 個分配，{:,} 個有效（{:.1f}%）".format(*counts),
        ),
        (f"binding most often: {binding}", f"最常約束：{binding}"),
        (f"tightest among the valid: {tightest}", f"有效分配中最緊：{tightest}"),
        *(
            [(f"method: {s['others']}", f"方法：{_OTHERS_ZH[s['others']]}")]
            if s.get("others")
            else []
        ),
    ):
        console.print(pick((en, zh), say, " / "), markup=False, highlight=False)
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
        return render_frame(as_planners_write(result.uses), fmt, lang)
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


LAYER_ROWS_SHOWN = 40  # features a terminal lists before summarising the layer
_MAIN_COLUMNS = (
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


def _layer_tables(gdf: Any) -> tuple[dict[str, Any], Any]:
    from gis.io import area_m2, describe_layer

    desc = describe_layer(gdf)
    keys = ("accuracy", "source_ref", "superseded_by", "superseded_source")
    desc.update({k: gdf.attrs[k] for k in keys if gdf.attrs.get(k)})
    feats = gdf.drop(columns="geometry")
    feats["area_ha"] = (area_m2(gdf) / 10_000.0).round(3)
    return desc, feats


def features_json(desc: dict[str, Any], feats: Any) -> str:
    """The JSON of ``layers show``: the description's keys, then ``features_table``.

    The rows are encoded by pandas' C encoder (NaN and infinities as null), not one Python
    dict per feature, so a million features take seconds.

    Parameters
    ----------
    desc
        The description (:func:`gis.io.describe_layer`).
    feats
        One row per feature.

    Returns
    -------
    str

    Examples
    --------
    >>> import json
    >>> import pandas as pd
    >>> text = features_json({"features": 1}, pd.DataFrame({"plan": ["S/LMCL/2"], "ha": [1.5]}))
    >>> json.loads(text)
    {'features': 1, 'features_table': [{'plan': 'S/LMCL/2', 'ha': 1.5}]}
    """
    head = to_json(desc)
    rows = feats.to_json(
        orient="records", force_ascii=False, double_precision=15, date_format="iso"
    )
    # ujson writes "/" as "\/"; a raw "/" never follows an escaped backslash, so this is exact
    rows = rows.replace("\\/", "/")
    return head[: head.rindex("}")].rstrip() + ',\n  "features_table": ' + rows + "\n}"


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
        return features_json(desc, feats)
    return render_frame(feats, fmt, lang)


def attribute_summary(feats: Any) -> Any:
    """One row per attribute: type, values present, distinct values, smallest and largest.

    Parameters
    ----------
    feats
        One row per feature.

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    rows = []
    for c in feats.columns:
        col = feats[c]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        rows.append(
            {
                "attribute": str(c),
                "type": str(col.dtype),
                "present": int(col.notna().sum()),
                "distinct": int(col.nunique(dropna=True)),
                "min": col.min() if numeric and col.notna().any() else None,
                "max": col.max() if numeric and col.notna().any() else None,
            }
        )
    return pd.DataFrame(rows)


def print_layer(
    gdf: Any, console: Any = None, limit: int = LAYER_ROWS_SHOWN, lang: str | None = None
) -> None:
    """``key: value`` lines of the description, then the main attributes of each feature.

    A layer of more than ``limit`` features is summarised instead of listed: feature areas
    (smallest, median, largest), one row per attribute, the first ``limit`` features, and a
    line saying how to write every feature (``--format csv|json --out FILE``).

    Parameters
    ----------
    gdf
        The layer (as :func:`gis.load_layer` returns it).
    console
        A rich console (default: :func:`maps.console`).
    limit
        Features listed in full before the layer is summarised.
    lang
        ``"en"``, ``"zh"`` or ``"both"``: readable headers and titles; None keeps the codes.
    """
    import numpy as np

    from .terminal import console as default_console
    from .terminal import rich_table

    console = console or default_console()
    desc, feats = _layer_tables(gdf)
    for k, v in desc.items():
        console.print(f"{k}: {v}", markup=False, highlight=False)
    keep = [c for c in _MAIN_COLUMNS if c in feats]
    main = feats[keep] if keep else feats
    if len(feats) <= limit:
        console.print(rich_table(main, lang=lang))
        return
    ha = feats["area_ha"].to_numpy(float)
    if np.isfinite(ha).any():
        lo, mid, hi = np.nanmin(ha), np.nanmedian(ha), np.nanmax(ha)
        console.print(
            f"feature area_ha: min {lo:,.3f}, median {mid:,.3f}, max {hi:,.3f}",
            markup=False,
            highlight=False,
        )
    console.print(rich_table(attribute_summary(feats.drop(columns="area_ha")), lang=lang))
    console.print(rich_table(main.head(limit), lang=lang))
    console.print(
        f"features: the first {limit} of {len(feats):,} shown; every feature: "
        "--format csv|json --out FILE",
        markup=False,
        highlight=False,
    )


def show_plan_info(info: dict[str, Any], fmt: str, out: Any = None, *, force: bool = True) -> None:
    """A statutory plan's particulars (:func:`gis.plan_info`), or many plans'
    (:func:`gis.ozp.plans_info`): titled terminal tables, or json/csv/markdown text printed or
    written to ``out``.

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
    from gis.ozp import info_frames, plans_frames, render_info, render_plans

    from .terminal import print_frame, show

    many = "plans" in info  # a folder or zip of plans (gis.ozp.plans_info)
    frames, render = (plans_frames, render_plans) if many else (info_frames, render_info)

    def printer() -> None:
        for title, frame in frames(info).items():
            print_frame(frame, title=title)

    show(fmt, out, printer, lambda f: render(info, f), force=force)
